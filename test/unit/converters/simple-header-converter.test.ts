// Ports Kafka's SimpleHeaderConverterTest (connect/api/src/test/java/org/apache/kafka/connect/storage).
import { beforeEach, describe, expect, it } from 'vitest'
import { SimpleHeaderConverter } from '../../../layers/runtime/converters/simple-header-converter.js'
import { toSchemaless } from '../../../layers/runtime/data/java-objects.js'
import { ConnectDate, ConnectTimestamp } from '../../../layers/runtime/data/logical.js'
import { type Schema, SchemaBuilder, Schemas, schemasEqual } from '../../../layers/runtime/data/schema.js'
import { Struct } from '../../../layers/runtime/data/struct.js'
import { Int16, Type } from '../../../layers/runtime/data/values.js'

const TOPIC = 'topic'
const HEADER = 'header'

const STRING_MAP = new Map([
  ['foo', '123'],
  ['bar', 'baz'],
])
const STRING_MAP_SCHEMA = SchemaBuilder.map(Schemas.STRING, Schemas.STRING).build()
const STRING_SHORT_MAP = new Map([
  ['foo', 12345],
  ['bar', 0],
  ['baz', -4321],
])
const STRING_SHORT_MAP_SCHEMA = SchemaBuilder.map(Schemas.STRING, Schemas.INT16).build()
const STRING_INT_MAP = new Map([
  ['foo', 1234567890],
  ['bar', 0],
  ['baz', -987654321],
])
const STRING_INT_MAP_SCHEMA = SchemaBuilder.map(Schemas.STRING, Schemas.INT32).build()
const INT_LIST = [1234567890, -987654321]
const INT_LIST_SCHEMA = SchemaBuilder.array(Schemas.INT32).build()
const STRING_LIST = ['foo', 'bar']
const STRING_LIST_SCHEMA = SchemaBuilder.array(Schemas.STRING).build()

function expectSchema(actual: Schema | null | undefined, expected: Schema | null): void {
  expect(schemasEqual(actual ?? null, expected), `${String(actual)} is not ${String(expected)}`).toBe(true)
}

const text = (bytes: Uint8Array | null) => (bytes === null ? null : Buffer.from(bytes).toString('utf8'))

describe('SimpleHeaderConverter', () => {
  let converter: SimpleHeaderConverter
  beforeEach(() => {
    converter = new SimpleHeaderConverter()
  })

  const roundTrip = (schema: Schema | null, input: unknown) => {
    const serialized = converter.fromConnectHeader(TOPIC, HEADER, schema, input) as Uint8Array | null
    return converter.toConnectHeader(TOPIC, HEADER, serialized) as { schema: Schema | null; value: unknown }
  }

  const assertRoundTrip = (schema: Schema, value: unknown) => {
    const serialized = converter.fromConnectHeader(TOPIC, HEADER, schema, value) as Uint8Array | null
    const result = converter.toConnectHeader(TOPIC, HEADER, serialized) as { schema: Schema | null; value: unknown }
    if (value === null) {
      expect(serialized).toBeNull()
      expect(result).toEqual({ schema: null, value: null })
      return
    }
    expect(serialized).not.toBeNull()
    expect(result.value).toStrictEqual(value)
    expectSchema(result.schema, schema)

    const serialized2 = converter.fromConnectHeader(TOPIC, HEADER, result.schema, result.value) as Uint8Array
    const result2 = converter.toConnectHeader(TOPIC, HEADER, serialized2) as { schema: Schema | null; value: unknown }
    expect(serialized2).not.toBeNull()
    expectSchema(result2.schema, schema)
    expect(result2.value).toStrictEqual(value)
    expect(text(serialized2)).toBe(text(serialized))
  }

  it('converts null', () => {
    assertRoundTrip(Schemas.STRING, null)
    assertRoundTrip(Schemas.OPTIONAL_STRING, null)
  })

  it('converts a simple string and the empty string', () => {
    assertRoundTrip(Schemas.STRING, 'simple')
    assertRoundTrip(Schemas.STRING, '')
  })

  it('converts strings with quotes and other delimiter characters', () => {
    assertRoundTrip(Schemas.STRING, 'three"blind\\"mice')
    assertRoundTrip(Schemas.STRING, "string with delimiters: <>?,./\\=+-!@#$%^&*(){}[]|;':")
  })

  it('converts maps with string keys and string, short or integer values', () => {
    assertRoundTrip(STRING_MAP_SCHEMA, STRING_MAP)
    assertRoundTrip(STRING_SHORT_MAP_SCHEMA, STRING_SHORT_MAP)
    assertRoundTrip(STRING_INT_MAP_SCHEMA, STRING_INT_MAP)
  })

  it('reads strings of maps, with or without whitespace, as maps', () => {
    const cases: [Schema, Map<string, unknown>, string[]][] = [
      [STRING_MAP_SCHEMA, STRING_MAP, ['{"foo":"123","bar":"baz"}', '{ "foo" : "123", \n"bar" : "baz" } ']],
      [
        STRING_SHORT_MAP_SCHEMA,
        STRING_SHORT_MAP,
        ['{"foo":12345,"bar":0,"baz":-4321}', ' { "foo" :  12345 , "bar" : 0,  "baz" : -4321 }  '],
      ],
      [
        STRING_INT_MAP_SCHEMA,
        STRING_INT_MAP,
        ['{"foo":1234567890,"bar":0,"baz":-987654321}', ' { "foo" :  1234567890 , "bar" : 0,  "baz" : -987654321 }  '],
      ],
    ]
    for (const [schema, map, texts] of cases) {
      for (const t of texts) {
        const result = roundTrip(Schemas.STRING, t)
        expectSchema(result.schema, schema)
        expect(result.value).toStrictEqual(map)
      }
    }
  })

  it('converts lists of strings and of integers', () => {
    assertRoundTrip(STRING_LIST_SCHEMA, STRING_LIST)
    assertRoundTrip(INT_LIST_SCHEMA, INT_LIST)
  })

  it('converts a map of mixed values to a map with no value schema', () => {
    const map = new Map<string, unknown>([
      ['foo', 'bar'],
      ['baz', new Int16(3456)],
    ])
    const result = roundTrip(null, map)
    expect(result.schema?.type).toBe(Type.MAP)
    expect(result.schema?.keySchema?.type).toBe(Type.STRING)
    expect(result.schema?.valueSchema).toBeNull()
    expect(result.value).toStrictEqual(map)
  })

  it('converts a list of mixed values to a list with no element schema', () => {
    const list = ['foo', new Int16(13344)]
    const result = roundTrip(null, list)
    expect(result.schema?.type).toBe(Type.ARRAY)
    expect(result.schema?.valueSchema).toBeNull()
    expect(result.value).toStrictEqual(list)
  })

  it('converts the empty map and the empty list', () => {
    const map = roundTrip(null, new Map())
    expect(map.schema?.type).toBe(Type.MAP)
    expect(map.schema?.keySchema).toBeNull()
    expect(map.schema?.valueSchema).toBeNull()
    expect(map.value).toEqual(new Map())
    const list = roundTrip(null, [])
    expect(list.schema?.type).toBe(Type.ARRAY)
    expect(list.schema?.valueSchema).toBeNull()
    expect(list.value).toEqual([])
  })
})

describe('SimpleHeaderConverter on the wire', () => {
  const converter = new SimpleHeaderConverter()
  const read = (s: string) => converter.toConnectHeader(TOPIC, HEADER, new Uint8Array(Buffer.from(s, 'utf8')))
  const write = (schema: Schema | null, value: unknown) =>
    text(converter.fromConnectHeader(TOPIC, HEADER, schema, value) as Uint8Array)

  it('infers the smallest type for numbers and reads true and false as booleans', () => {
    expect(read('1')).toEqual({ schema: Schemas.INT8, value: 1 })
    expect(read('1.0')).toEqual({ schema: Schemas.INT8, value: 1 })
    expect(read('70000')).toEqual({ schema: Schemas.INT32, value: 70000 })
    expect(read('true')).toEqual({ schema: Schemas.BOOLEAN, value: true })
  })

  it('reads the text null as no value', () => {
    expect(read('null')).toEqual({ schema: null, value: null })
  })

  it('reads ISO-8601 dates and timestamps in UTC', () => {
    const date = read('2019-08-23')
    expectSchema(date.schema as Schema, ConnectDate.schema())
    expect(date.value).toEqual(new Date('2019-08-23T00:00:00Z'))
    const ts = read('2019-08-23T14:34:54.346Z')
    expectSchema(ts.schema as Schema, ConnectTimestamp.schema())
    expect(ts.value).toEqual(new Date('2019-08-23T14:34:54.346Z'))
  })

  it('reads invalid UTF-8 with replacement characters, as a string', () => {
    expect(converter.toConnectHeader(TOPIC, HEADER, Uint8Array.of(0x61, 0xff))).toEqual({
      schema: Schemas.STRING,
      value: 'a\ufffd',
    })
  })

  it('writes values as Values.convertToString does, in UTF-8', () => {
    expect(write(Schemas.INT32, 42)).toBe('42')
    expect(write(null, 42)).toBe('42.0')
    expect(write(null, new Date(1566570894346))).toBe('2019-08-23T14:34:54.346Z')
    expect(write(null, Uint8Array.of(1, 2))).toBe('AQI=')
    expect(write(null, 'é')).toBe('é')
    const schema = SchemaBuilder.struct().field('a', Schemas.INT8).build()
    expect(write(schema, new Struct(schema).put('a', 1))).toBe('{"a":1}')
  })

  it('writes null as null', () => {
    expect(converter.fromConnectHeader(TOPIC, HEADER, Schemas.OPTIONAL_STRING, null)).toBeNull()
  })

  it('keeps a schemaless nested value’s classes through a round trip', () => {
    const value = toSchemaless(SchemaBuilder.array(Schemas.INT16).build(), [1, 300])
    const back = read(write(null, value) as string)
    expectSchema(back.schema as Schema, SchemaBuilder.array(Schemas.INT16).build())
    expect(back.value).toEqual([1, 300])
  })
})

describe('SimpleHeaderConverter on text it cannot read', () => {
  it('keeps the bytes, with a bytes schema, as Connect does when parsing fails', () => {
    const depth = 200_000
    const bytes = new Uint8Array(Buffer.from(`${'['.repeat(depth)}${']'.repeat(depth)}`, 'utf8'))
    const result = new SimpleHeaderConverter().toConnectHeader(TOPIC, HEADER, bytes)
    expect(result.schema).toBe(Schemas.BYTES)
    expect(result.value).toBe(bytes)
  })
})
