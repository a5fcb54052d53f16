// Ports Kafka's ByteArrayConverterTest (connect/runtime/src/test/java/org/apache/kafka/connect/converters).
import { beforeEach, describe, expect, it } from 'vitest'
import { ByteArrayConverter } from '../../../layers/runtime/converters/bytearray-converter.js'
import { Schemas } from '../../../layers/runtime/data/schema.js'
import { DataException } from '../../../layers/runtime/errors.js'

const TOPIC = 'topic'
const SAMPLE_BYTES = new Uint8Array(Buffer.from('sample string', 'utf8'))

describe('ByteArrayConverter', () => {
  let converter: ByteArrayConverter
  beforeEach(() => {
    converter = new ByteArrayConverter()
    converter.configure({}, false)
  })

  it('passes bytes with a bytes schema through', () => {
    expect(converter.fromConnectData(TOPIC, null, Schemas.BYTES, SAMPLE_BYTES)).toEqual(SAMPLE_BYTES)
  })

  it('passes bytes without a schema through', () => {
    expect(converter.fromConnectData(TOPIC, null, null, SAMPLE_BYTES)).toEqual(SAMPLE_BYTES)
  })

  it('refuses a schema other than bytes', () => {
    expect(() => converter.fromConnectData(TOPIC, null, Schemas.INT32, SAMPLE_BYTES)).toThrow(
      new DataException('Invalid schema type for ByteArrayConverter: INT32'),
    )
  })

  it('refuses a value that is not bytes', () => {
    expect(() => converter.fromConnectData(TOPIC, null, Schemas.BYTES, 12)).toThrow(
      new DataException('ByteArrayConverter is not compatible with objects of type class java.lang.Double'),
    )
  })

  it('writes null as null', () => {
    expect(converter.fromConnectData(TOPIC, null, Schemas.BYTES, null)).toBeNull()
  })

  it('takes the bytes of a ByteBuffer’s equivalents: an ArrayBuffer, a DataView, another typed array', () => {
    const copy = SAMPLE_BYTES.slice()
    expect(converter.fromConnectData(TOPIC, null, Schemas.BYTES, copy.buffer)).toEqual(SAMPLE_BYTES)
    expect(converter.fromConnectData(TOPIC, null, Schemas.BYTES, new DataView(copy.buffer, 1, 3))).toEqual(
      SAMPLE_BYTES.subarray(1, 4),
    )
    expect(converter.fromConnectData(TOPIC, null, Schemas.BYTES, Int16Array.of(1))).toEqual(Uint8Array.of(1, 0))
    expect(converter.fromConnectData(TOPIC, null, Schemas.BYTES, new ArrayBuffer(0))).toEqual(new Uint8Array(0))
  })

  it('reads bytes as optional bytes', () => {
    const data = converter.toConnectData(TOPIC, null, SAMPLE_BYTES)
    expect(data.schema).toBe(Schemas.OPTIONAL_BYTES)
    expect(data.value).toEqual(SAMPLE_BYTES)
  })

  it('reads null as null optional bytes', () => {
    expect(converter.toConnectData(TOPIC, null, null)).toEqual({ schema: Schemas.OPTIONAL_BYTES, value: null })
  })

  it('converts header values the same way', () => {
    expect(converter.fromConnectHeader(TOPIC, 'h', null, SAMPLE_BYTES)).toEqual(SAMPLE_BYTES)
    expect(converter.toConnectHeader(TOPIC, 'h', SAMPLE_BYTES)).toEqual({
      schema: Schemas.OPTIONAL_BYTES,
      value: SAMPLE_BYTES,
    })
  })
})
