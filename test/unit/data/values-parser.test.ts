// Ports the parseString cases of Kafka's ValuesTest (connect/api/src/test/java/org/apache/kafka/connect/data),
// plus cases checked against Kafka 4.4's Values on a JVM in UTC.
import { describe, expect, it } from 'vitest'
import { toSchemaless } from '../../../layers/runtime/data/java-objects.js'
import { ConnectDate, ConnectTime, ConnectTimestamp, Decimal } from '../../../layers/runtime/data/logical.js'
import { type Schema, SchemaBuilder, Schemas, schemasEqual } from '../../../layers/runtime/data/schema.js'
import { BigDecimal, Float32, Int8, Int16, Type } from '../../../layers/runtime/data/values.js'
import { parseString } from '../../../layers/runtime/data/values-parser.js'

const WHITESPACE = '\n \t \t\n'

function parsed(text: string | null): { schema: Schema | null; value: unknown } {
  const result = parseString(text)
  if (result === null) throw new Error(`${text} parsed to null`)
  return result
}

function expectSchema(actual: Schema | null | undefined, expected: Schema | null): void {
  expect(schemasEqual(actual ?? null, expected), `${String(actual)} is not ${String(expected)}`).toBe(true)
}

/** The value as Java holds it: numbers with their class (`Int8`, `Int16`, …). */
function javaValue(result: { schema: Schema | null; value: unknown }): unknown {
  return toSchemaless(result.schema, result.value)
}

function expectString(text: string): void {
  const result = parsed(text)
  expectSchema(result.schema, Schemas.STRING)
  expect(result.value).toBe(text)
}

const utc = (iso: string) => new Date(iso)

describe('Values.parseString: literals and strings', () => {
  it('gives a null schema and value for a null input', () => {
    expect(parseString(null)).toEqual({ schema: null, value: null })
  })

  it('reads the empty string as a string', () => {
    expectString('')
  })

  it('reads the text null as no value at all', () => {
    expect(parseString('null')).toBeNull()
  })

  it('does not loop forever on the character Java uses as the end of text (KAFKA-10574)', () => {
    expectString(Buffer.from([0xef, 0xbf, 0xbf]).toString('utf8'))
  })

  it('reads text that starts like a literal but goes on as a string', () => {
    expectString('null=')
    expectString('true}')
    expectString('false]')
  })

  it('reads true and false surrounded by whitespace as booleans, and null as null', () => {
    expect(parsed(`${WHITESPACE}true${WHITESPACE}`)).toEqual({ schema: Schemas.BOOLEAN, value: true })
    expect(parsed(`${WHITESPACE}false${WHITESPACE}`)).toEqual({ schema: Schemas.BOOLEAN, value: false })
    expect(parseString(`${WHITESPACE}null${WHITESPACE}`)).toBeNull()
  })

  it('keeps a top-level string whole, quotes and surrounding whitespace included', () => {
    expectString('"quoted"')
    expectString('simple string')
    expectString('  ')
  })

  it('reads an integer followed by more tokens as the integer, as Connect does', () => {
    expect(parsed('42,43')).toEqual({ schema: Schemas.INT8, value: 42 })
    expect(parsed('1:2')).toEqual({ schema: Schemas.INT8, value: 1 })
  })
})

describe('Values.parseString: numbers', () => {
  it.each([
    ['127', Schemas.INT8, 127],
    ['-128', Schemas.INT8, -128],
    ['32767', Schemas.INT16, 32767],
    ['-32768', Schemas.INT16, -32768],
    ['2147483647', Schemas.INT32, 2147483647],
    ['-2147483648', Schemas.INT32, -2147483648],
  ])('reads %s in the smallest integer type that holds it', (text, schema, value) => {
    const result = parsed(text)
    expectSchema(result.schema, schema)
    expect(result.value).toBe(value)
  })

  it('reads the long range as int64, as a bigint', () => {
    expect(parsed('9223372036854775807').value).toBe(9223372036854775807n)
    expect(parsed('-9223372036854775808').value).toBe(-9223372036854775808n)
    expectSchema(parsed('9223372036854775807').schema, Schemas.INT64)
  })

  it('reads integers beyond the long range as a Decimal of scale 0', () => {
    for (const n of [2n ** 63n, -(2n ** 63n) - 1n]) {
      const result = parsed(String(n))
      expectSchema(result.schema, Decimal.schema(0))
      expect(result.value).toStrictEqual(new BigDecimal(n, 0))
    }
  })

  it('reads Float.MAX_VALUE as a float32 and Double.MAX_VALUE as a float64', () => {
    expect(parsed('3.4028235E38')).toEqual({ schema: Schemas.FLOAT32, value: Math.fround(3.4028235e38) })
    expect(parsed('-3.4028235E38')).toEqual({ schema: Schemas.FLOAT32, value: -Math.fround(3.4028235e38) })
    expect(parsed('1.7976931348623157E308')).toEqual({ schema: Schemas.FLOAT64, value: Number.MAX_VALUE })
    expect(parsed('-1.7976931348623157E308')).toEqual({ schema: Schemas.FLOAT64, value: -Number.MAX_VALUE })
  })

  it('reads numbers without a fractional part as integers, and others as float32', () => {
    expect(parsed('1.0')).toEqual({ schema: Schemas.INT8, value: 1 })
    expect(parsed('1.1')).toEqual({ schema: Schemas.FLOAT32, value: Math.fround(1.1) })
    expect(parsed('300.0')).toEqual({ schema: Schemas.INT16, value: 300 })
    expect(parsed('300.01')).toEqual({ schema: Schemas.FLOAT32, value: Math.fround(300.01) })
    expect(parsed('66000.0')).toEqual({ schema: Schemas.INT32, value: 66000 })
    expect(parsed('66000.0008')).toEqual({ schema: Schemas.FLOAT32, value: Math.fround(66000.0008) })
  })

  it('reads an integral number with an exponent past the long range as a float32', () => {
    expect(parsed('1e20')).toEqual({ schema: Schemas.FLOAT32, value: Math.fround(1e20) })
  })

  it('reads a number past the double range as a Decimal of its own scale', () => {
    const result = parsed('1e400')
    expectSchema(result.schema, Decimal.schema(-400))
    expect(result.value).toStrictEqual(new BigDecimal(1n, -400))
  })

  it('rounds to float32 from the exact decimal, not through a double', () => {
    // the nearest double is exactly halfway between two floats; the decimal is just above it
    expect(parsed('1.0000000596046447753906251').value).toBe(1.0000001192092896)
    expect(parsed('1.000000059604644775390625').value).toBe(1)
  })

  it('accepts a sign, and decimal digits of other scripts, as Java does', () => {
    expect(parsed('+7')).toEqual({ schema: Schemas.INT8, value: 7 })
    expect(parsed('١٢')).toEqual({ schema: Schemas.INT8, value: 12 })
    expect(parsed(' 42 ')).toEqual({ schema: Schemas.INT8, value: 42 })
  })

  it('reads what Java cannot read as a number as a string', () => {
    for (const text of ['0x10', '1_000', '1.2.3', '-', 'NaN', 'Infinity', '5 6']) expectString(text)
  })
})

describe('Values.parseString: dates and times', () => {
  it('reads an ISO-8601 timestamp as a Timestamp in UTC', () => {
    const result = parsed('2019-08-23T14:34:54.346Z')
    expectSchema(result.schema, ConnectTimestamp.schema())
    expect(result.value).toEqual(utc('2019-08-23T14:34:54.346Z'))
  })

  it('reads an ISO-8601 date as a Date', () => {
    const result = parsed('2019-08-23')
    expectSchema(result.schema, ConnectDate.schema())
    expect(result.value).toEqual(utc('2019-08-23T00:00:00Z'))
  })

  it('reads an ISO-8601 time as a Time', () => {
    const result = parsed('14:34:54.346Z')
    expectSchema(result.schema, ConnectTime.schema())
    expect(result.value).toEqual(utc('1970-01-01T14:34:54.346Z'))
  })

  it('reads timestamps and times whose colons are escaped', () => {
    expect(parsed('2019-08-23T14\\:34\\:54.346Z').value).toEqual(utc('2019-08-23T14:34:54.346Z'))
    const time = parsed('14\\:34\\:54.346Z')
    expectSchema(time.schema, ConnectTime.schema())
    expect(time.value).toEqual(utc('1970-01-01T14:34:54.346Z'))
  })

  it('reads dates, times and timestamps inside an array', () => {
    const date = parsed('[2019-08-23]')
    expectSchema(date.schema, SchemaBuilder.array(ConnectDate.schema()).build())
    expect(date.value).toEqual([utc('2019-08-23T00:00:00Z')])

    const time = parsed('[14:34:54.346Z]')
    expectSchema(time.schema, SchemaBuilder.array(ConnectTime.schema()).build())
    expect(time.value).toEqual([utc('1970-01-01T14:34:54.346Z')])

    const ts = parsed('[2019-08-23T14:34:54.346Z,2019-01-23T15:12:34.567Z,   2019-04-23T19:12:34.567Z]')
    expectSchema(ts.schema, SchemaBuilder.array(ConnectTimestamp.schema()).build())
    expect(ts.value).toEqual([
      utc('2019-08-23T14:34:54.346Z'),
      utc('2019-01-23T15:12:34.567Z'),
      utc('2019-04-23T19:12:34.567Z'),
    ])
  })

  it('reads a time in a map, quoted or not', () => {
    for (const text of ['{"k1":"14:34:54.346Z"}', '{"k1":14:34:54.346Z}']) {
      const result = parsed(text)
      expectSchema(result.schema, SchemaBuilder.map(Schemas.STRING, ConnectTime.schema()).build())
      expect(result.value).toEqual(new Map([['k1', utc('1970-01-01T14:34:54.346Z')]]))
    }
  })

  it('parses as leniently as SimpleDateFormat: fields roll over, spaces before numbers are skipped', () => {
    expect(parsed('2019-13-45').value).toEqual(utc('2020-02-14T00:00:00Z'))
    expect(parsed('24:00:00.000Z').value).toEqual(new Date(86_400_000))
    expect(parsed('2019- 8-23').value).toEqual(utc('2019-08-23T00:00:00Z'))
    expect(parsed('2019-08--1').value).toEqual(utc('2019-07-30T00:00:00Z'))
    // the pattern matched, what follows is ignored
    expect(parsed('2019-08-2x').value).toEqual(utc('2019-08-02T00:00:00Z'))
  })

  it('reads dates before 1582-10-15 in the Julian calendar, as Java does', () => {
    expect((parsed('1000-01-01').value as Date).getTime()).toBe(-30609792000000)
    expect((parsed('1582-10-10').value as Date).getTime()).toBe(-12218860800000)
  })

  it('reads text of a date’s length that is not one as a string or a number', () => {
    expectString('2019-08-+1')
    expect(parsed('1234567890')).toEqual({ schema: Schemas.INT32, value: 1234567890 })
  })
})

describe('Values.parseString: arrays', () => {
  it('reads booleans in an array', () => {
    const result = parsed('[true, false]')
    expectSchema(result.schema, SchemaBuilder.array(Schemas.BOOLEAN).build())
    expect(result.value).toEqual([true, false])
  })

  it('reads the empty array, and nested arrays and maps', () => {
    const empty = parsed('[]')
    expect(empty.schema?.type).toBe(Type.ARRAY)
    expect(empty.value).toEqual([])
    expect(parsed('[[]]').schema?.valueSchema?.type).toBe(Type.ARRAY)
    expect(parsed('[{}]').schema?.valueSchema?.type).toBe(Type.MAP)
  })

  it('reads null elements', () => {
    const result = parsed('[null]')
    expect(result.schema?.type).toBe(Type.ARRAY)
    expect(result.schema?.valueSchema).toBeNull()
    expect(result.value).toEqual([null])
  })

  it('widens numbers to their common type', () => {
    const result = parsed(`[1, 2, ${32767 + 1}]`)
    expectSchema(result.schema, SchemaBuilder.array(Schemas.INT32).build())
    expect(result.value).toEqual([1, 2, 32768])
  })

  it('has no element schema for elements of different types, whatever their order', () => {
    const cases: [unknown[], string][] = [
      [[new Int8(1), new Int8(2), new Int16(300), 'four'], '[1, 2, 300, "four"]'],
      [[new Int8(2), new Int16(300), 'four', new Int8(1)], '[2, 300, "four", 1]'],
      [[new Int16(300), 'four', new Int8(1), new Int8(2)], '[300, "four", 1, 2]'],
      [['four', new Int8(1), new Int8(2), new Int16(300)], '["four", 1, 2, 300]'],
    ]
    for (const [expected, text] of cases) {
      const result = parsed(text)
      expect(result.schema?.type).toBe(Type.ARRAY)
      expect(result.schema?.valueSchema).toBeNull()
      expect(result.value).toStrictEqual(expected)
    }
  })

  it('keeps the class of elements in a nested array whose schema the common one does not describe', () => {
    const result = parsed('[[7, 300], ["s", 7]]')
    expect(result.schema?.valueSchema?.type).toBe(Type.ARRAY)
    expect(result.value).toStrictEqual([
      [new Int16(7), new Int16(300)],
      ['s', new Int8(7)],
    ])
  })

  it('does not turn quoted numbers into numbers, nor numbers into decimals', () => {
    // Java's List.toString of ["\"1.0\"", Long.MAX + 1, Long.MIN - 1, (byte) 1, (byte) 1]
    const result = parsed('["1.0", 9223372036854775808, -9223372036854775809, 1, 1]')
    expect(result.schema?.type).toBe(Type.ARRAY)
    expect(result.schema?.valueSchema).toBeNull()
    expect(result.value).toStrictEqual([
      '1.0',
      new BigDecimal(2n ** 63n, 0),
      new BigDecimal(-(2n ** 63n) - 1n, 0),
      new Int8(1),
      new Int8(1),
    ])
  })

  it('reads an array of only decimals with a Decimal element schema', () => {
    const result = parsed('[9223372036854775808, -9223372036854775809]')
    expectSchema(result.schema, SchemaBuilder.array(Decimal.schema(0)).build())
    expect(result.value).toStrictEqual([new BigDecimal(2n ** 63n, 0), new BigDecimal(-(2n ** 63n) - 1n, 0)])
  })

  it('reads malformed arrays as strings', () => {
    for (const text of ['[foo]', '[0 1 2]', '[1, 2, 3,,,]', '[1, null]', '[null, 1]', '[1,', '[1']) expectString(text)
  })

  it('keeps backslash escapes in quoted strings, as Connect does', () => {
    expect(parsed('["a\\"b"]').value).toEqual(['a\\"b'])
  })
})

describe('Values.parseString: maps', () => {
  it('reads booleans in a map', () => {
    const result = parsed('{true: false, false: true}')
    expectSchema(result.schema, SchemaBuilder.map(Schemas.BOOLEAN, Schemas.BOOLEAN).build())
    expect(result.value).toEqual(
      new Map([
        [true, false],
        [false, true],
      ]),
    )
  })

  it('reads the empty map', () => {
    const result = parsed('{}')
    expect(result.schema?.type).toBe(Type.MAP)
    expect(result.value).toEqual(new Map())
  })

  it('reads nested maps and arrays in maps', () => {
    expect(parsed('{"a":{}}').schema?.valueSchema?.type).toBe(Type.MAP)
    expect(parsed('{"a":[]}').schema?.valueSchema?.type).toBe(Type.ARRAY)
  })

  it('reads null values, with a key schema and no value schema', () => {
    const result = parsed('{3: null}')
    expect(result.schema?.type).toBe(Type.MAP)
    expectSchema(result.schema?.keySchema, Schemas.INT8)
    expect(result.schema?.valueSchema).toBeNull()
    expect(result.value).toEqual(new Map([[3, null]]))
  })

  it('has no common schema for keys of different types, whatever their order', () => {
    const expected = new Map<unknown, unknown>([
      [new Int8(1), new Int8(1)],
      [new Int8(2), new Int8(1)],
      [new Int16(300), new Int16(300)],
      ['four', new Int8(1)],
    ])
    for (const text of [
      '{1:1, 2:1, 300:300, "four":1}',
      '{2:1, 300:300, "four":1, 1:1}',
      '{300:300, "four":1, 1:1, 2:1}',
      '{"four":1, 1:1, 2:1, 300:300}',
    ]) {
      const result = parsed(text)
      expect(result.schema?.type).toBe(Type.MAP)
      expect(result.schema?.valueSchema).toBeNull()
      expect(javaValue(result)).toStrictEqual(expected)
    }
  })

  it('may have a common key schema and no value schema, whatever the order', () => {
    const expected = new Map<unknown, unknown>([
      [new Int16(1), new Int8(1)],
      [new Int16(2), new Int8(1)],
      [new Int16(300), new Int16(300)],
      [new Int16(4), 'four'],
    ])
    for (const text of [
      '{1:1, 2:1, 300:300, 4:"four"}',
      '{2:1, 300:300, 4:"four", 1:1}',
      '{300:300, 4:"four", 1:1, 2:1}',
      '{4:"four", 1:1, 2:1, 300:300}',
    ]) {
      const result = parsed(text)
      expect(result.schema?.type).toBe(Type.MAP)
      expect(result.schema?.valueSchema).toBeNull()
      expect(javaValue(result)).toStrictEqual(expected)
    }
  })

  it('keeps the first place of a repeated key and its last value, as a LinkedHashMap does', () => {
    expect(parsed('{1:1, 2:2, 1:3}').value).toEqual(
      new Map([
        [1, 3],
        [2, 2],
      ]),
    )
  })

  it('reads malformed maps as strings', () => {
    for (const text of ['{foo: 3}', '{3: foo}', '{6:9 4:20}', '{null: 3}', '{1:', '{1 2}']) expectString(text)
  })

  it('reads floats keyed by floats as float32', () => {
    expect(javaValue(parsed('{1.5: 2.5}'))).toStrictEqual(new Map([[new Float32(1.5), new Float32(2.5)]]))
  })
})
