// Ports the conversion cases of Kafka's ValuesTest (connect/api/src/test/java/org/apache/kafka/connect/data),
// plus results and messages checked against Kafka 4.4's Values on a JVM in UTC.
import { describe, expect, it } from 'vitest'
import { toSchemaless } from '../../../layers/runtime/data/java-objects.js'
import { ConnectDate, ConnectTime, ConnectTimestamp, Decimal } from '../../../layers/runtime/data/logical.js'
import { type Schema, SchemaBuilder, Schemas, schemasEqual } from '../../../layers/runtime/data/schema.js'
import { Struct } from '../../../layers/runtime/data/struct.js'
import { BigDecimal, Float32, Int8, Int16, Int32, Type } from '../../../layers/runtime/data/values.js'
import {
  convertTo,
  convertToBoolean,
  convertToByte,
  convertToDate,
  convertToDecimal,
  convertToDouble,
  convertToFloat,
  convertToInteger,
  convertToList,
  convertToLong,
  convertToMap,
  convertToShort,
  convertToString,
  convertToStruct,
  convertToTime,
  convertToTimestamp,
  escapeString,
  inferSchema,
} from '../../../layers/runtime/data/values-conversion.js'
import { DataException } from '../../../layers/runtime/errors.js'

const MILLIS_PER_DAY = 86_400_000

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

interface SchemaAndValue {
  readonly schema: Schema | null
  readonly value: unknown
}

function expectSchema(actual: Schema | null | undefined, expected: Schema | null): void {
  expect(schemasEqual(actual ?? null, expected), `${String(actual)} is not ${String(expected)}`).toBe(true)
}

/** A plain schema of the type, to read a conversion's result by (the result is of that type). */
function typeSchema(type: Type): Schema | null {
  return type === Type.ARRAY || type === Type.MAP ? null : SchemaBuilder.type(type).build()
}

/** ValuesTest.convertTo: convert with the method for the desired type, then infer the schema of the result. */
function convertWith(desired: Schema, value: unknown): SchemaAndValue {
  let converted: unknown
  switch (desired.type) {
    case Type.STRING:
      converted = convertToString(Schemas.STRING, value)
      break
    case Type.INT8:
      converted = convertToByte(Schemas.STRING, value)
      break
    case Type.INT16:
      converted = convertToShort(Schemas.STRING, value)
      break
    case Type.INT32:
      converted = convertToInteger(Schemas.STRING, value)
      break
    case Type.INT64:
      converted = convertToLong(Schemas.STRING, value)
      break
    case Type.FLOAT32:
      converted = convertToFloat(Schemas.STRING, value)
      break
    case Type.FLOAT64:
      converted = convertToDouble(Schemas.STRING, value)
      break
    case Type.BOOLEAN:
      converted = convertToBoolean(Schemas.STRING, value)
      break
    case Type.ARRAY:
      converted = convertToList(Schemas.STRING, value)
      break
    case Type.MAP:
      converted = convertToMap(Schemas.STRING, value)
      break
    default:
      throw new Error('unexpected schema type')
  }
  // as Java holds it: the number's class travels with it
  const java = toSchemaless(typeSchema(desired.type), converted)
  return { schema: inferSchema(java), value: java }
}

function roundTrip(desired: Schema, input: SchemaAndValue): SchemaAndValue {
  const serialized = convertToString(input.schema, input.value)
  if (input.value !== null) expect(serialized).not.toBeNull()
  return convertWith(desired, serialized)
}

function assertRoundTrip(schema: Schema, currentSchema: Schema, value: unknown): void {
  const result = roundTrip(schema, { schema: currentSchema, value })
  if (value === null) {
    expect(result).toEqual({ schema: null, value: null })
    return
  }
  const expected = toSchemaless(currentSchema, value)
  expect(result.value).toStrictEqual(expected)
  expectSchema(result.schema, schema)
  const again = roundTrip(result.schema as Schema, result)
  expectSchema(again.schema, schema)
  expect(again.value).toStrictEqual(expected)
}

function assertShortCircuit(schema: Schema, value: unknown): void {
  const result = convertWith(schema, value)
  expect(result.value).toStrictEqual(toSchemaless(schema, value))
  expectSchema(result.schema, schema)
}

describe('Values round trips through convertToString', () => {
  it('converts null to null for every type', () => {
    for (const schema of [
      Schemas.INT8,
      Schemas.OPTIONAL_INT8,
      Schemas.INT16,
      Schemas.OPTIONAL_INT16,
      Schemas.INT32,
      Schemas.OPTIONAL_INT32,
      Schemas.INT64,
      Schemas.OPTIONAL_INT64,
      Schemas.FLOAT32,
      Schemas.OPTIONAL_FLOAT32,
      Schemas.FLOAT64,
      Schemas.OPTIONAL_FLOAT64,
      Schemas.BOOLEAN,
      Schemas.OPTIONAL_BOOLEAN,
      Schemas.STRING,
      Schemas.OPTIONAL_STRING,
    ]) {
      assertRoundTrip(schema, Schemas.STRING, null)
    }
  })

  it('converts booleans, and 0 and 1 to them', () => {
    assertRoundTrip(Schemas.BOOLEAN, Schemas.BOOLEAN, false)
    assertShortCircuit(Schemas.BOOLEAN, false)
    expect(roundTrip(Schemas.BOOLEAN, { schema: Schemas.STRING, value: 'false' })).toEqual({
      schema: Schemas.BOOLEAN,
      value: false,
    })
    expect(roundTrip(Schemas.BOOLEAN, { schema: Schemas.STRING, value: '0' })).toEqual({
      schema: Schemas.BOOLEAN,
      value: false,
    })
    assertRoundTrip(Schemas.BOOLEAN, Schemas.BOOLEAN, true)
    assertShortCircuit(Schemas.BOOLEAN, true)
    expect(roundTrip(Schemas.BOOLEAN, { schema: Schemas.STRING, value: 'true' }).value).toBe(true)
    expect(roundTrip(Schemas.BOOLEAN, { schema: Schemas.STRING, value: '1' }).value).toBe(true)
  })

  it('fails to read a quoted word as a boolean', () => {
    expect(() => convertToBoolean(Schemas.STRING, '"green"')).toThrow(
      new DataException('Unable to convert "green" (class java.lang.String) to Schema{STRING}'),
    )
  })

  it('converts int8, int64, float32 and float64', () => {
    assertRoundTrip(Schemas.INT8, Schemas.INT8, 0)
    assertRoundTrip(Schemas.INT8, Schemas.INT8, 1)
    assertRoundTrip(Schemas.INT64, Schemas.INT64, 1n)
    assertShortCircuit(Schemas.INT64, 1n)
    assertRoundTrip(Schemas.FLOAT32, Schemas.FLOAT32, 1)
    assertShortCircuit(Schemas.FLOAT32, 1)
    assertRoundTrip(Schemas.FLOAT64, Schemas.FLOAT64, 1)
    assertShortCircuit(Schemas.FLOAT64, 1)
  })

  it('converts strings, the empty string, the string null, and strings full of delimiters', () => {
    assertRoundTrip(Schemas.STRING, Schemas.STRING, 'simple')
    assertRoundTrip(Schemas.STRING, Schemas.STRING, '')
    assertRoundTrip(Schemas.STRING, Schemas.STRING, 'null')
    assertRoundTrip(Schemas.STRING, Schemas.STRING, 'three"blind\\"mice')
    assertRoundTrip(Schemas.STRING, Schemas.STRING, "string with delimiters: <>?,./\\=+-!@#$%^&*(){}[]|;':")
  })

  it('converts maps with string keys and string, short or integer values', () => {
    assertRoundTrip(STRING_MAP_SCHEMA, STRING_MAP_SCHEMA, STRING_MAP)
    assertRoundTrip(STRING_SHORT_MAP_SCHEMA, STRING_SHORT_MAP_SCHEMA, STRING_SHORT_MAP)
    assertRoundTrip(STRING_INT_MAP_SCHEMA, STRING_INT_MAP_SCHEMA, STRING_INT_MAP)
  })

  it('reads maps written with or without whitespace', () => {
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
      for (const text of texts) {
        const result = roundTrip(schema, { schema: Schemas.STRING, value: text })
        expectSchema(result.schema, schema)
        expect(result.value).toStrictEqual(toSchemaless(schema, map))
      }
    }
  })

  it('converts lists of strings and of integers', () => {
    assertRoundTrip(STRING_LIST_SCHEMA, STRING_LIST_SCHEMA, STRING_LIST)
    assertRoundTrip(INT_LIST_SCHEMA, INT_LIST_SCHEMA, INT_LIST)
  })
})

describe('Values.convertToList and convertToMap', () => {
  it('gives the elements of a parsed list the largest numeric type among them', () => {
    expect(convertToList(Schemas.STRING, `[1, 2, ${32767 + 1}]`)).toStrictEqual([
      new Int32(1),
      new Int32(2),
      new Int32(32768),
    ])
    expect(convertToList(Schemas.STRING, '[1, 2, 3.4028235E38]')).toStrictEqual([
      new Float32(1),
      new Float32(2),
      new Float32(3.4028235e38),
    ])
    expect(convertToList(Schemas.STRING, '[1, 2, 1.7976931348623157E308]')).toStrictEqual([1, 2, Number.MAX_VALUE])
  })

  it('fails on a list with blank elements, with or without a common type', () => {
    expect(() => convertToList(Schemas.STRING, '[1, 2, 3,,,]')).toThrow(DataException)
    expect(() => convertToList(Schemas.STRING, '[1, 2, 3, "four",,,]')).toThrow(DataException)
  })

  it('fails on maps with blank or malformed entries', () => {
    for (const text of [
      ' { "foo" :  1234567890 ,, "bar" : 0,  "baz" : -987654321 }  ',
      ' { "foo" :  1234567890 , "a", "bar" : 0,  "baz" : -987654321 }  ',
      ' { ,,  , , }  ',
      ' { "foo" :  "1234567890" ,, "bar" : "0",  "baz" : "boz" }  ',
    ]) {
      expect(() => convertToMap(Schemas.STRING, text)).toThrow(DataException)
    }
  })

  it('returns a list or map as it is, and refuses null and other values', () => {
    const list = [1, 2]
    expect(convertToList(null, list)).toBe(list)
    const map = new Map([[1, 2]])
    expect(convertToMap(null, map)).toBe(map)
    expect(() => convertToList(null, null)).toThrow(
      new DataException('Unable to convert a null value to a schema that requires a value'),
    )
    expect(() => convertToList(Schemas.INT8, 1)).toThrow(
      new DataException('Unable to convert 1 (class java.lang.Byte) to Schema{ARRAY}'),
    )
    expect(() => convertToMap(Schemas.STRING, '[1]')).toThrow(
      new DataException('Unable to convert [1] (class java.util.ArrayList) to Schema{MAP}'),
    )
  })

  it('converts only a struct to a struct', () => {
    const struct = new Struct(SchemaBuilder.struct().build())
    expect(() => convertToStruct(struct.schema, null)).toThrow(DataException)
    expect(() => convertToStruct(struct.schema, '')).toThrow(
      new DataException('Unable to convert  (class java.lang.String) to Schema{STRUCT}'),
    )
    expect(convertToStruct(struct.schema, struct)).toBe(struct)
  })
})

describe('Values conversions to numbers', () => {
  it('narrows as Java casts do: the low bits of the long', () => {
    expect(convertToByte(null, new Int32(300))).toBe(44)
    expect(convertToShort(null, 70000n)).toBe(4464)
    expect(convertToInteger(null, 5000000000n)).toBe(705032704)
    expect(convertToByte(Schemas.STRING, '-129')).toBe(127)
  })

  it('truncates fractions and saturates doubles at the long range before narrowing', () => {
    expect(convertToInteger(null, -2.9)).toBe(-2)
    expect(convertToLong(null, 1e19)).toBe(9223372036854775807n)
    expect(convertToLong(null, Number.NEGATIVE_INFINITY)).toBe(-9223372036854775808n)
    expect(convertToInteger(null, 1e19)).toBe(-1)
    expect(convertToLong(null, Number.NaN)).toBe(0n)
    expect(convertToLong(Schemas.STRING, '1.9')).toBe(1n)
  })

  it('reads decimal strings as Java’s BigDecimal reads them, and nothing else', () => {
    expect(convertToLong(Schemas.STRING, '1e3')).toBe(1000n)
    expect(convertToDouble(Schemas.STRING, '.5')).toBe(0.5)
    expect(() => convertToLong(Schemas.STRING, ' 5')).toThrow(
      new DataException('Unable to convert  5 (class java.lang.String) to Schema{STRING}'),
    )
    expect(() => convertToDouble(null, 'NaN')).toThrow(
      new DataException('Unable to convert NaN (class java.lang.String) to a number'),
    )
  })

  it('rounds to float32', () => {
    expect(convertToFloat(null, 0.1)).toBe(Math.fround(0.1))
    expect(convertToFloat(Schemas.STRING, '0.1')).toBe(Math.fround(0.1))
    expect(convertToDouble(null, new Float32(0.1))).toBe(Math.fround(0.1))
  })

  it('reads a logical date, time or timestamp as its number', () => {
    expect(convertToInteger(ConnectDate.schema(), new Date(2 * MILLIS_PER_DAY))).toBe(2)
    expect(convertToLong(ConnectTime.schema(), new Date(5000))).toBe(5000n)
    expect(convertToLong(ConnectTimestamp.schema(), new Date(1566570894346))).toBe(1566570894346n)
    expect(() => convertToLong(null, new Date(0))).toThrow(
      new DataException('Unable to convert Thu Jan 01 00:00:00 UTC 1970 (class java.util.Date) to a number'),
    )
  })

  it('treats a non-zero number as true', () => {
    expect(convertToBoolean(null, 0.5)).toBe(false)
    expect(convertToBoolean(null, new Int8(-1))).toBe(true)
    expect(convertToBoolean(null, null)).toBeNull()
  })
})

describe('Values conversions to dates, times and timestamps', () => {
  // a fixed instant, 2019-08-23T14:34:54.346Z
  const current = new Date(1566570894346)
  const currentMillis = current.getTime() % MILLIS_PER_DAY
  const days = Math.floor(current.getTime() / MILLIS_PER_DAY)
  const currentDate = new Date(current.getTime() - currentMillis)

  it('converts to a time: a date as it is, a timestamp’s time of day, millis as a string or a number', () => {
    expect(convertToTime(ConnectTime.schema(), current)).toEqual(current)
    expect(convertToTime(ConnectTimestamp.schema(), current)).toEqual(new Date(currentMillis))
    expect(convertToTime(ConnectTime.schema(), String(currentMillis)).getTime()).toBe(currentMillis)
    expect(convertToTime(ConnectTime.schema(), BigInt(currentMillis)).getTime()).toBe(currentMillis)
  })

  it('converts to a date: a date as it is, a timestamp’s day, days as a string or a number', () => {
    expect(convertToDate(ConnectDate.schema(), current)).toEqual(current)
    expect(convertToDate(ConnectTimestamp.schema(), currentDate)).toEqual(currentDate)
    expect(convertToDate(ConnectDate.schema(), String(days))).toEqual(currentDate)
    expect(convertToDate(ConnectDate.schema(), BigInt(days))).toEqual(currentDate)
  })

  it('converts to a timestamp: from a timestamp, a date, a time, millis as a string or a number', () => {
    expect(convertToTimestamp(ConnectTimestamp.schema(), current)).toEqual(current)
    expect(convertToTimestamp(ConnectDate.schema(), currentDate)).toEqual(currentDate)
    expect(convertToTimestamp(ConnectTime.schema(), BigInt(currentMillis))).toEqual(new Date(currentMillis))
    expect(convertToTimestamp(ConnectTimestamp.schema(), String(current.getTime()))).toEqual(current)
    expect(convertToTimestamp(ConnectTimestamp.schema(), BigInt(current.getTime()))).toEqual(current)
  })

  it('parses ISO-8601 text when no schema is given', () => {
    expect(convertToTimestamp(null, '2019-08-23T14:34:54.346Z')).toEqual(current)
    expect(convertToDate(null, '2019-08-23')).toEqual(currentDate)
  })

  it('truncates a timestamp before 1970 toward zero when taking its day, as Java does', () => {
    expect(convertToDate(ConnectTimestamp.schema(), new Date(-1))).toEqual(new Date(0))
  })

  it('fails on null', () => {
    expect(() => convertToTime(null, null)).toThrow(DataException)
    expect(() => convertToDate(null, null)).toThrow(DataException)
    expect(() => convertToTimestamp(null, null)).toThrow(DataException)
  })

  it('fails where the instant is past what a JavaScript Date holds', () => {
    expect(() => convertToTimestamp(null, 9223372036854775807n)).toThrow(/outside the range of a JavaScript Date/)
  })
})

describe('Values.convertToDecimal', () => {
  it('reads a float, its text, a decimal, and the unscaled bytes as the same decimal', () => {
    const value = new BigDecimal(10n, 1) // 1.0
    const bytes = Decimal.fromLogical(Decimal.schema(1), value)
    expect(convertToDecimal(null, new Float32(1), 1)).toStrictEqual(value)
    expect(convertToDecimal(null, '1.0', 1)).toStrictEqual(value)
    expect(convertToDecimal(null, value, 1)).toBe(value)
    expect(convertToDecimal(null, bytes, 1)).toStrictEqual(value)
    expect(
      convertToDecimal(null, bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.length), 1),
    ).toStrictEqual(value)
  })

  it('fails on null', () => {
    expect(() => convertToDecimal(null, null, 1)).toThrow(DataException)
  })
})

describe('Values.convertToString', () => {
  it('prints numbers as their Java class does', () => {
    expect(convertToString(Schemas.INT32, 5)).toBe('5')
    expect(convertToString(null, 5)).toBe('5.0')
    expect(convertToString(Schemas.FLOAT32, Math.fround(1.1))).toBe('1.1')
    expect(convertToString(null, 1e21)).toBe('1.0E21')
    expect(convertToString(null, 5n)).toBe('5')
    expect(convertToString(null, new BigDecimal(1n, -400))).toBe('1E+400')
  })

  it('prints dates in ISO-8601 UTC: a time before 1970-01-02, a date at midnight, a timestamp otherwise', () => {
    expect(convertToString(null, new Date(52494346))).toBe('14:34:54.346Z')
    expect(convertToString(null, new Date(-1000))).toBe('23:59:59.000Z')
    expect(convertToString(null, new Date(1566518400000))).toBe('2019-08-23')
    expect(convertToString(null, new Date(1566570894346))).toBe('2019-08-23T14:34:54.346Z')
  })

  it('writes bytes in base64, quoted inside a container', () => {
    expect(convertToString(null, Uint8Array.of(1, 2))).toBe('AQI=')
    expect(convertToString(null, [Uint8Array.of(1, 2)])).toBe('["AQI="]')
  })

  it('quotes and escapes strings inside containers, and prints structs as maps', () => {
    const schema = SchemaBuilder.struct()
      .field('a', Schemas.INT32)
      .field('b', SchemaBuilder.string().optional().defaultValue('x').build())
      .build()
    const struct = new Struct(schema).put('a', 1)
    expect(convertToString(schema, struct)).toBe('{"a":1,"b":"x"}')
    expect(convertToString(SchemaBuilder.map(Schemas.STRING, Schemas.INT16).build(), STRING_SHORT_MAP)).toBe(
      '{"foo":12345,"bar":0,"baz":-4321}',
    )
    expect(convertToString(null, ['say "hi"', null, true])).toBe('["say \\"hi\\"",null,true]')
  })

  it('escapes backslashes and quotes as Values.escape does', () => {
    expect(escapeString('three"blind\\"mice')).toBe('three\\"blind\\\\\\"mice')
  })

  it('refuses a value of no Connect type', () => {
    expect(() => convertToString(null, Symbol('x'))).toThrow(DataException)
    expect(() => convertToString(null, { a: 1 })).toThrow(
      new DataException('Failed to serialize unexpected value type java.lang.Object: [object Object]'),
    )
  })
})

describe('Values.convertTo', () => {
  it('converts to a logical type named by the target schema', () => {
    expect(convertTo(ConnectTimestamp.schema(), null, 1000n)).toEqual(new Date(1000))
    expect(convertTo(Decimal.schema(2), null, '1.25')).toStrictEqual(new BigDecimal(125n, 2))
    const bytes = Uint8Array.of(1)
    expect(convertTo(Schemas.BYTES, null, bytes)).toBe(bytes)
    // a decimal needs the scale of a Decimal schema to become bytes
    expect(() => convertTo(Schemas.BYTES, null, new BigDecimal(5n, 0))).toThrow(DataException)
  })

  it('keeps null for an optional target and refuses it for a required one', () => {
    expect(convertTo(Schemas.OPTIONAL_INT32, null, null)).toBeNull()
    expect(() => convertTo(Schemas.INT32, null, null)).toThrow(
      new DataException('Unable to convert a null value to a schema that requires a value'),
    )
  })
})

describe('Values.inferSchema', () => {
  it('infers bytes for a byte array and its ByteBuffer equivalents', () => {
    expectSchema(inferSchema(new Uint8Array(1)), Schemas.BYTES)
    expectSchema(inferSchema(new ArrayBuffer(1)), Schemas.BYTES)
    expectSchema(inferSchema(new DataView(new ArrayBuffer(1))), Schemas.BYTES)
  })

  it('infers a struct’s own schema', () => {
    const struct = new Struct(SchemaBuilder.struct().build())
    expect(inferSchema(struct)).toBe(struct.schema)
  })

  it('infers nothing for an empty list or map, or for elements of no Connect type', () => {
    expect(inferSchema([])).toBeNull()
    expect(inferSchema([{}])).toBeNull()
    expect(inferSchema(new Map())).toBeNull()
    expect(inferSchema(new Map([[{}, {}]]))).toBeNull()
  })

  it('infers schemaless classes: a number is a Double, the wrappers their type', () => {
    expectSchema(inferSchema(1), Schemas.FLOAT64)
    expectSchema(inferSchema(new Int16(1)), Schemas.INT16)
    expectSchema(inferSchema([new Int8(1), null]), SchemaBuilder.array(Schemas.OPTIONAL_INT8).build())
    expect(inferSchema(new Date())).toBeNull()
    expect(inferSchema(new BigDecimal(1n, 0))).toBeNull()
  })
})
