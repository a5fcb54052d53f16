// Ports Kafka's NumberConverterTest and its Short/Integer/Long/Float/DoubleConverterTest subclasses
// (connect/runtime/src/test/java/org/apache/kafka/connect/converters).
import { describe, expect, it } from 'vitest'
import type { Converter, HeaderConverter } from '../../../layers/runtime/converters/converter.js'
import {
  DoubleConverter,
  FloatConverter,
  IntegerConverter,
  LongConverter,
  SerializationException,
  ShortConverter,
} from '../../../layers/runtime/converters/number-converters.js'
import { type Schema, Schemas } from '../../../layers/runtime/data/schema.js'
import { Float32, Int16, Int32 } from '../../../layers/runtime/data/values.js'
import { ConfigException, DataException } from '../../../layers/runtime/errors.js'

const TOPIC = 'topic'
const HEADER_NAME = 'header'

interface Case<T> {
  readonly name: string
  readonly create: () => Converter & HeaderConverter
  readonly schema: Schema
  readonly samples: readonly T[]
  /** Kafka's serializer, written with Buffer's big-endian writers. */
  readonly serialize: (value: T) => number[]
  readonly typeName: string
  readonly deserializer: string
  readonly width: number
}

function serializeWith(width: number, write: (buf: Buffer) => void): number[] {
  const buf = Buffer.alloc(width)
  write(buf)
  return [...buf]
}

const CASES: Case<number | bigint>[] = [
  {
    name: 'ShortConverter',
    create: () => new ShortConverter(),
    schema: Schemas.OPTIONAL_INT16,
    samples: [-32768, 123, 32767],
    serialize: (v) => serializeWith(2, (b) => b.writeInt16BE(v as number)),
    typeName: 'short',
    deserializer: 'ShortDeserializer',
    width: 2,
  },
  {
    name: 'IntegerConverter',
    create: () => new IntegerConverter(),
    schema: Schemas.OPTIONAL_INT32,
    samples: [-2147483648, 1234, 2147483647],
    serialize: (v) => serializeWith(4, (b) => b.writeInt32BE(v as number)),
    typeName: 'integer',
    deserializer: 'IntegerDeserializer',
    width: 4,
  },
  {
    name: 'LongConverter',
    create: () => new LongConverter(),
    schema: Schemas.OPTIONAL_INT64,
    samples: [-9223372036854775808n, 1234n, 9223372036854775807n],
    serialize: (v) => serializeWith(8, (b) => b.writeBigInt64BE(v as bigint)),
    typeName: 'long',
    deserializer: 'LongDeserializer',
    width: 8,
  },
  {
    name: 'FloatConverter',
    create: () => new FloatConverter(),
    schema: Schemas.OPTIONAL_FLOAT32,
    samples: [1.401298464324817e-45, Math.fround(1234.31), 3.4028234663852886e38],
    serialize: (v) => serializeWith(4, (b) => b.writeFloatBE(v as number)),
    typeName: 'float',
    deserializer: 'Deserializer',
    width: 4,
  },
  {
    name: 'DoubleConverter',
    create: () => new DoubleConverter(),
    schema: Schemas.OPTIONAL_FLOAT64,
    samples: [Number.MIN_VALUE, 1234.31, Number.MAX_VALUE],
    serialize: (v) => serializeWith(8, (b) => b.writeDoubleBE(v as number)),
    typeName: 'double',
    deserializer: 'Deserializer',
    width: 8,
  },
]

describe.each(CASES)('$name', (c) => {
  it('converts the samples to bytes and back, as data and as headers', () => {
    const converter = c.create()
    for (const sample of c.samples) {
      const expected = c.serialize(sample)
      expect([...(converter.fromConnectData(TOPIC, null, c.schema, sample) as Uint8Array)]).toEqual(expected)
      expect(converter.toConnectData(TOPIC, null, Uint8Array.from(expected))).toEqual({
        schema: c.schema,
        value: sample,
      })
      expect([...(converter.fromConnectHeader(TOPIC, HEADER_NAME, c.schema, sample) as Uint8Array)]).toEqual(expected)
      expect(converter.toConnectHeader(TOPIC, HEADER_NAME, Uint8Array.from(expected))).toEqual({
        schema: c.schema,
        value: sample,
      })
    }
  })

  it('refuses data or a header of the wrong size, saying why in the cause', () => {
    const converter = c.create()
    for (const read of [
      () => converter.toConnectData(TOPIC, null, new Uint8Array(10)),
      () => converter.toConnectHeader(TOPIC, HEADER_NAME, new Uint8Array(10)),
    ]) {
      try {
        read()
        expect.unreachable()
      } catch (e) {
        expect(e).toEqual(new DataException(`Failed to deserialize ${c.typeName}: `))
        expect((e as Error).cause).toBeInstanceOf(SerializationException)
        expect(((e as Error).cause as Error).message).toBe(
          `Size of data received by ${c.deserializer} is not ${c.width}`,
        )
      }
    }
  })

  it('refuses a value that is not its number, as data or as a header', () => {
    const converter = c.create()
    const message = `Failed to serialize to ${c.typeName} (was class java.lang.String): `
    expect(() => converter.fromConnectData(TOPIC, null, c.schema, 'not a valid number')).toThrow(
      new DataException(message),
    )
    expect(() => converter.fromConnectHeader(TOPIC, HEADER_NAME, c.schema, 'not a valid number')).toThrow(
      new DataException(message),
    )
  })

  it('writes null as null, and reads null as a null of its schema', () => {
    const converter = c.create()
    expect(converter.fromConnectData(TOPIC, null, c.schema, null)).toBeNull()
    expect(converter.toConnectData(TOPIC, null, null)).toEqual({ schema: c.schema, value: null })
  })

  it('is configured as a key, a value or a header converter', () => {
    const converter = c.create()
    expect(() => converter.configure({}, true)).not.toThrow()
    expect(() => (converter as HeaderConverter).configure({ 'converter.type': 'header' })).not.toThrow()
    expect(() => (converter as HeaderConverter).configure({ 'converter.type': 'sideways' })).toThrow(ConfigException)
  })
})

describe('number converters read the Java class of a value', () => {
  it('take schemaless wrappers of their class', () => {
    expect([...(new ShortConverter().fromConnectData(TOPIC, null, null, new Int16(123)) as Uint8Array)]).toEqual([
      0, 123,
    ])
    expect([...(new IntegerConverter().fromConnectData(TOPIC, null, null, new Int32(1)) as Uint8Array)]).toEqual([
      0, 0, 0, 1,
    ])
    expect([...(new FloatConverter().fromConnectData(TOPIC, null, null, new Float32(1)) as Uint8Array)]).toEqual([
      0x3f, 0x80, 0, 0,
    ])
    expect([...(new DoubleConverter().fromConnectData(TOPIC, null, null, 1) as Uint8Array)]).toEqual([
      0x3f, 0xf0, 0, 0, 0, 0, 0, 0,
    ])
  })

  it('refuse a number of another class, as Java’s cast does', () => {
    expect(() => new ShortConverter().fromConnectData(TOPIC, null, Schemas.INT32, 5)).toThrow(
      new DataException('Failed to serialize to short (was class java.lang.Integer): '),
    )
    expect(() => new IntegerConverter().fromConnectData(TOPIC, null, null, 5)).toThrow(
      new DataException('Failed to serialize to integer (was class java.lang.Double): '),
    )
    expect(() => new LongConverter().fromConnectData(TOPIC, null, Schemas.INT32, 5)).toThrow(
      new DataException('Failed to serialize to long (was class java.lang.Integer): '),
    )
    expect(() => new DoubleConverter().fromConnectData(TOPIC, null, Schemas.FLOAT32, 5)).toThrow(
      new DataException('Failed to serialize to double (was class java.lang.Float): '),
    )
  })

  it('read a value from a view into a larger buffer', () => {
    const buf = Uint8Array.of(9, 0, 0, 0, 7, 9).subarray(1, 5)
    expect(new IntegerConverter().toConnectData(TOPIC, null, buf).value).toBe(7)
  })
})
