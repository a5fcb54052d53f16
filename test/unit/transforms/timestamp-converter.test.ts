// Ported from Kafka's TimestampConverterTest, case for case, plus the errors and edge cases of
// Kafka's code (type inference, messages, precision saturation, leniency).
import { afterEach, describe, expect, it } from 'vitest'
import { ConnectDate, ConnectTime, ConnectTimestamp } from '../../../layers/runtime/data/logical.js'
import { type Schema, SchemaBuilder, Schemas, schemasEqual } from '../../../layers/runtime/data/schema.js'
import { Struct } from '../../../layers/runtime/data/struct.js'
import { Int32 } from '../../../layers/runtime/data/values.js'
import { ConfigException, ConnectException, DataException } from '../../../layers/runtime/errors.js'
import { TimestampConverterKey, TimestampConverterValue } from '../../../layers/transforms/timestamp-converter.js'
import { map, sourceRecord } from './records.js'

const EPOCH = new Date(0)
const TIME = new Date(1234)
const DATE = new Date(86_400_000)
const DATE_PLUS_TIME = new Date(86_401_234)
const DATE_PLUS_TIME_UNIX = 86_401_234n
const DATE_PLUS_TIME_UNIX_MICROS = DATE_PLUS_TIME_UNIX * 1000n + 123n
const DATE_PLUS_TIME_UNIX_NANOS = DATE_PLUS_TIME_UNIX_MICROS * 1000n + 456n
const DATE_PLUS_TIME_UNIX_SECONDS = 86_401n
const STRING_DATE_FMT = 'yyyy MM dd HH mm ss SSS z'
const DATE_PLUS_TIME_STRING = '1970 01 02 00 00 01 234 UTC'

const OPTIONAL_DATE = ConnectDate.builder().optional().build()
const OPTIONAL_TIME = ConnectTime.builder().optional().build()
const OPTIONAL_TIMESTAMP = ConnectTimestamp.builder().optional().build()

const withSchema = (schema: Schema | null, value: unknown) => sourceRecord('topic', 0, null, null, schema, value)
const schemaless = (value: unknown) => withSchema(null, value)

function expectSchema(actual: Schema | null, expected: Schema): void {
  expect(schemasEqual(actual, expected), `${String(actual)} should equal ${String(expected)}`).toBe(true)
}

describe('TimestampConverter', () => {
  const xformKey = new TimestampConverterKey()
  const xformValue = new TimestampConverterValue()
  afterEach(() => {
    xformKey.close()
    xformValue.close()
  })

  describe('configuration', () => {
    it('requires target.type', () => {
      expect(() => xformValue.configure({})).toThrow(ConfigException)
    })

    it('rejects an unknown target.type, naming the valid ones', () => {
      expect(() => xformValue.configure({ 'target.type': 'invalid' })).toThrow(
        'Invalid value invalid for configuration target.type: String must be one of: string, unix, Date, Time, Timestamp',
      )
    })

    it('treats target.type case-sensitively', () => {
      expect(() => xformValue.configure({ 'target.type': 'timestamp' })).toThrow(ConfigException)
    })

    it('rejects an unknown unix.precision', () => {
      expect(() => xformValue.configure({ 'target.type': 'unix', 'unix.precision': 'invalid' })).toThrow(
        'String must be one of: nanoseconds, microseconds, milliseconds, seconds',
      )
    })

    it('accepts a valid unix.precision', () => {
      expect(() => xformValue.configure({ 'target.type': 'unix', 'unix.precision': 'seconds' })).not.toThrow()
    })

    it('requires a format for string targets', () => {
      expect(() => xformValue.configure({ 'target.type': 'string' })).toThrow(
        'TimestampConverter requires format option to be specified when using string timestamps',
      )
      expect(() => xformValue.configure({ 'target.type': 'string', format: '   ' })).toThrow(ConfigException)
    })

    it('rejects a pattern SimpleDateFormat rejects', () => {
      expect(() => xformValue.configure({ 'target.type': 'string', format: 'bad-format' })).toThrow(
        'TimestampConverter requires a SimpleDateFormat-compatible pattern for string timestamps: bad-format',
      )
    })
  })

  describe('schemaless, from Timestamp', () => {
    it.each([
      ['Timestamp', DATE_PLUS_TIME],
      ['Date', DATE],
      ['Time', TIME],
      ['unix', DATE_PLUS_TIME_UNIX],
    ])('converts to %s', (target, expected) => {
      xformValue.configure({ 'target.type': target })
      const transformed = xformValue.apply(schemaless(DATE_PLUS_TIME))
      expect(transformed.valueSchema).toBeNull()
      expect(transformed.value).toEqual(expected)
    })

    it('converts to a string with the format, in UTC', () => {
      xformValue.configure({ 'target.type': 'string', format: STRING_DATE_FMT })
      const transformed = xformValue.apply(schemaless(DATE_PLUS_TIME))
      expect(transformed.valueSchema).toBeNull()
      expect(transformed.value).toBe(DATE_PLUS_TIME_STRING)
    })
  })

  describe('schemaless, to Timestamp', () => {
    it('keeps a Date as it is', () => {
      xformValue.configure({ 'target.type': 'Timestamp' })
      expect(xformValue.apply(schemaless(DATE)).value).toEqual(DATE)
    })

    it('keeps a Time as it is', () => {
      xformValue.configure({ 'target.type': 'Timestamp' })
      expect(xformValue.apply(schemaless(TIME)).value).toEqual(TIME)
    })

    it('reads a Long as Unix milliseconds', () => {
      xformValue.configure({ 'target.type': 'Timestamp' })
      const transformed = xformValue.apply(schemaless(DATE_PLUS_TIME_UNIX))
      expect(transformed.valueSchema).toBeNull()
      expect(transformed.value).toEqual(DATE_PLUS_TIME)
    })

    it('parses a String with the format', () => {
      xformValue.configure({ 'target.type': 'Timestamp', format: STRING_DATE_FMT })
      const transformed = xformValue.apply(schemaless(DATE_PLUS_TIME_STRING))
      expect(transformed.valueSchema).toBeNull()
      expect(transformed.value).toEqual(DATE_PLUS_TIME)
    })
  })

  describe('with a schema, from Timestamp', () => {
    it.each([
      ['Timestamp', ConnectTimestamp.schema(), DATE_PLUS_TIME],
      ['Date', ConnectDate.schema(), DATE],
      ['Time', ConnectTime.schema(), TIME],
      ['unix', Schemas.INT64, DATE_PLUS_TIME_UNIX],
    ])('converts to %s', (target, schema, expected) => {
      xformValue.configure({ 'target.type': target })
      const transformed = xformValue.apply(withSchema(ConnectTimestamp.schema(), DATE_PLUS_TIME))
      expectSchema(transformed.valueSchema, schema)
      expect(transformed.value).toEqual(expected)
    })

    it('converts to a string', () => {
      xformValue.configure({ 'target.type': 'string', format: STRING_DATE_FMT })
      const transformed = xformValue.apply(withSchema(ConnectTimestamp.schema(), DATE_PLUS_TIME))
      expect(transformed.valueSchema).toBe(Schemas.STRING)
      expect(transformed.value).toBe(DATE_PLUS_TIME_STRING)
    })
  })

  describe('schemaless nulls', () => {
    it.each(['string', 'Date', 'Timestamp', 'unix', 'Time'])(
      'converts a null value and a null field to %s as null',
      (target) => {
        xformValue.configure({ 'target.type': target, format: STRING_DATE_FMT })
        let transformed = xformValue.apply(schemaless(null))
        expect(transformed.valueSchema).toBeNull()
        expect(transformed.value).toBeNull()
        xformValue.configure({ 'target.type': target, format: STRING_DATE_FMT, field: 'ts' })
        transformed = xformValue.apply(schemaless(null))
        expect(transformed.valueSchema).toBeNull()
        expect(transformed.value).toBeNull()
      },
    )
  })

  describe('with a schema, to Timestamp', () => {
    it('keeps a Date', () => {
      xformValue.configure({ 'target.type': 'Timestamp' })
      const transformed = xformValue.apply(withSchema(ConnectDate.schema(), DATE))
      expectSchema(transformed.valueSchema, ConnectTimestamp.schema())
      expect(transformed.value).toEqual(DATE)
    })

    it('keeps a Time', () => {
      xformValue.configure({ 'target.type': 'Timestamp' })
      const transformed = xformValue.apply(withSchema(ConnectTime.schema(), TIME))
      expectSchema(transformed.valueSchema, ConnectTimestamp.schema())
      expect(transformed.value).toEqual(TIME)
    })

    it('reads an int64 as Unix milliseconds', () => {
      xformValue.configure({ 'target.type': 'Timestamp' })
      const transformed = xformValue.apply(withSchema(Schemas.INT64, DATE_PLUS_TIME_UNIX))
      expectSchema(transformed.valueSchema, ConnectTimestamp.schema())
      expect(transformed.value).toEqual(DATE_PLUS_TIME)
    })

    it('parses a string', () => {
      xformValue.configure({ 'target.type': 'Timestamp', format: STRING_DATE_FMT })
      const transformed = xformValue.apply(withSchema(Schemas.STRING, DATE_PLUS_TIME_STRING))
      expectSchema(transformed.valueSchema, ConnectTimestamp.schema())
      expect(transformed.value).toEqual(DATE_PLUS_TIME)
    })
  })

  describe('nulls with a schema', () => {
    const sources = [Schemas.OPTIONAL_INT64, OPTIONAL_TIME, OPTIONAL_DATE, Schemas.OPTIONAL_STRING, OPTIONAL_TIMESTAMP]
    const targets: [string, Schema][] = [
      ['Timestamp', OPTIONAL_TIMESTAMP],
      ['unix', Schemas.OPTIONAL_INT64],
      ['Time', OPTIONAL_TIME],
      ['Date', OPTIONAL_DATE],
      ['string', Schemas.OPTIONAL_STRING],
    ]

    it.each(targets)('converts a null value to %s, converting the schema', (target, expected) => {
      for (const source of sources) {
        xformValue.configure({ 'target.type': target, format: STRING_DATE_FMT })
        const transformed = xformValue.apply(withSchema(source, null))
        expectSchema(transformed.valueSchema, expected)
        expect(transformed.value).toBeNull()
      }
    })

    it.each(targets)('converts a null field and a null struct to %s, converting the schema', (target, expected) => {
      for (const source of sources) {
        xformValue.configure({ 'target.type': target, format: STRING_DATE_FMT, field: 'ts' })
        const structSchema = () => SchemaBuilder.struct().field('ts', source).field('other', Schemas.STRING)
        const expectedStruct = () => SchemaBuilder.struct().field('ts', expected).field('other', Schemas.STRING)
        const schema = structSchema().build()
        const original = new Struct(schema).put('ts', null).put('other', 'test')
        let transformed = xformValue.apply(withSchema(schema, original))
        expectSchema(transformed.valueSchema, expectedStruct().build())
        expect((transformed.value as Struct).get('ts')).toBeNull()
        transformed = xformValue.apply(withSchema(structSchema().optional().build(), null))
        expectSchema(transformed.valueSchema, expectedStruct().optional().build())
        expect(transformed.value).toBeNull()
      }
    })
  })

  describe('field conversion', () => {
    it('converts a field of a schemaless map', () => {
      xformValue.configure({ 'target.type': 'Date', field: 'ts' })
      const transformed = xformValue.apply(schemaless(map({ ts: DATE_PLUS_TIME })))
      expect(transformed.valueSchema).toBeNull()
      expect(transformed.value).toEqual(map({ ts: DATE }))
    })

    it('converts a field of a struct, rebuilding the schema', () => {
      xformValue.configure({ 'target.type': 'Timestamp', field: 'ts' })
      const schema = SchemaBuilder.struct().field('ts', Schemas.INT64).field('other', Schemas.STRING).build()
      const original = new Struct(schema).put('ts', DATE_PLUS_TIME_UNIX).put('other', 'test')
      const transformed = xformValue.apply(withSchema(schema, original))
      expectSchema(
        transformed.valueSchema,
        SchemaBuilder.struct().field('ts', ConnectTimestamp.schema()).field('other', Schemas.STRING).build(),
      )
      expect((transformed.value as Struct).get('ts')).toEqual(DATE_PLUS_TIME)
      expect((transformed.value as Struct).get('other')).toBe('test')
    })

    it.each([
      [false, null],
      [true, EPOCH],
    ])('reads a null field with a default as %s when replace.null.with.default=%s', (replace, expected) => {
      xformValue.configure({ 'target.type': 'Timestamp', field: 'ts', 'replace.null.with.default': String(replace) })
      const schema = SchemaBuilder.struct()
        .field('ts', SchemaBuilder.int64().optional().defaultValue(0n).build())
        .field('other', Schemas.STRING)
        .build()
      const original = new Struct(schema).put('ts', null).put('other', 'test')
      const transformed = xformValue.apply(withSchema(schema, original))
      expectSchema(
        transformed.valueSchema,
        SchemaBuilder.struct().field('ts', OPTIONAL_TIMESTAMP).field('other', Schemas.STRING).build(),
      )
      expect((transformed.value as Struct).get('ts')).toEqual(expected)
      expect((transformed.value as Struct).get('other')).toBe('test')
    })

    it.each([
      ['microseconds', DATE_PLUS_TIME_UNIX_MICROS, DATE_PLUS_TIME],
      ['nanoseconds', DATE_PLUS_TIME_UNIX_NANOS, DATE_PLUS_TIME],
      ['seconds', DATE_PLUS_TIME_UNIX_SECONDS, new Date(86_401_000)],
    ])('reads Unix %s', (precision, unix, expected) => {
      xformValue.configure({ 'target.type': 'Timestamp', field: 'ts', 'unix.precision': precision })
      const schema = SchemaBuilder.struct().field('ts', Schemas.INT64).build()
      const transformed = xformValue.apply(withSchema(schema, new Struct(schema).put('ts', unix)))
      expectSchema(transformed.valueSchema, SchemaBuilder.struct().field('ts', ConnectTimestamp.schema()).build())
      expect((transformed.value as Struct).get('ts')).toEqual(expected)
    })
  })

  describe('string to Unix', () => {
    it.each([
      ['microseconds', 86_401_234_000n],
      ['nanoseconds', 86_401_234_000_000n],
      ['seconds', DATE_PLUS_TIME_UNIX_SECONDS],
    ])('writes Unix %s, losing nothing finer than milliseconds', (precision, expected) => {
      xformValue.configure({ 'target.type': 'unix', 'unix.precision': precision, format: STRING_DATE_FMT })
      const transformed = xformValue.apply(schemaless(DATE_PLUS_TIME_STRING))
      expect(transformed.valueSchema).toBeNull()
      expect(transformed.value).toBe(expected)
    })
  })

  it('converts a key too', () => {
    xformKey.configure({ 'target.type': 'Timestamp' })
    const transformed = xformKey.apply(sourceRecord('topic', 0, null, DATE_PLUS_TIME, null, null))
    expect(transformed.keySchema).toBeNull()
    expect(transformed.key).toEqual(DATE_PLUS_TIME)
  })

  describe('beyond Kafka’s tests', () => {
    it('infers a schemaless Integer as unsupported', () => {
      xformValue.configure({ 'target.type': 'Timestamp' })
      expect(() => xformValue.apply(schemaless(new Int32(5)))).toThrow(
        new DataException('TimestampConverter does not support class java.lang.Integer objects as timestamps'),
      )
    })

    it('rejects a schema that is not a timestamp type, even for a null value', () => {
      xformValue.configure({ 'target.type': 'Timestamp' })
      expect(() => xformValue.apply(withSchema(Schemas.OPTIONAL_INT32, null))).toThrow(
        new ConnectException('Schema Schema{INT32} does not correspond to a known timestamp type format'),
      )
    })

    it('names the value and the pattern when a string does not parse', () => {
      xformValue.configure({ 'target.type': 'Timestamp', format: 'yyyy-MM-dd' })
      expect(() => xformValue.apply(withSchema(Schemas.STRING, 'not a date'))).toThrow(
        new DataException('Could not parse timestamp: value (not a date) does not match pattern (yyyy-MM-dd)'),
      )
    })

    it('parses leniently, as Kafka never turns leniency off: month 13 is January next year', () => {
      xformValue.configure({ 'target.type': 'unix', format: 'yyyy-MM-dd' })
      expect(xformValue.apply(schemaless('2023-13-01 trailing text')).value).toBe(BigInt(Date.UTC(2024, 0, 1)))
    })

    it('truncates sub-millisecond Unix values toward zero', () => {
      xformValue.configure({ 'target.type': 'unix', 'unix.precision': 'microseconds' })
      const transformed = xformValue.apply(withSchema(Schemas.INT64, -1500n))
      expect(transformed.value).toBe(-1000n)
    })

    it('saturates Unix nanoseconds at the long range, as TimeUnit does', () => {
      xformValue.configure({ 'target.type': 'unix', 'unix.precision': 'nanoseconds' })
      expect(xformValue.apply(schemaless(new Date(8.64e15))).value).toBe(2n ** 63n - 1n)
    })

    it('truncates a date before 1970 to its UTC midnight, and keeps its UTC time of day', () => {
      xformValue.configure({ 'target.type': 'Date' })
      expect(xformValue.apply(schemaless(new Date(-1))).value).toEqual(new Date(-86_400_000))
      xformValue.configure({ 'target.type': 'Time' })
      expect(xformValue.apply(schemaless(new Date(-1))).value).toEqual(new Date(86_399_999))
    })

    it('drops the name and default of the old schema in whole-value mode', () => {
      xformValue.configure({ 'target.type': 'unix' })
      const schema = ConnectTimestamp.builder().doc('when').optional().build()
      const transformed = xformValue.apply(withSchema(schema, new Date(5)))
      expect(transformed.valueSchema).toBe(Schemas.OPTIONAL_INT64)
    })

    it('converts the default of a struct schema in field mode', () => {
      xformValue.configure({ 'target.type': 'string', field: 'ts', format: 'yyyy' })
      const builder = SchemaBuilder.struct().field('ts', ConnectTimestamp.schema())
      const schema = builder.defaultValue(new Struct(builder.build()).put('ts', new Date(0))).build()
      const transformed = xformValue.apply(withSchema(schema, new Struct(schema).put('ts', new Date(0))))
      expect((transformed.valueSchema!.defaultValue as Struct).get('ts')).toBe('1970')
    })

    it('puts a missing schemaless field back as null', () => {
      xformValue.configure({ 'target.type': 'unix', field: 'ts' })
      const transformed = xformValue.apply(schemaless(map({ other: 'x' })))
      expect([...(transformed.value as Map<string, unknown>).entries()]).toEqual([
        ['other', 'x'],
        ['ts', null],
      ])
    })

    it("fails a string source without a format with Kafka's NullPointerException", () => {
      xformValue.configure({ 'target.type': 'unix', field: 'ts' })
      const schema = SchemaBuilder.struct().field('ts', Schemas.STRING).build()
      expect(() => xformValue.apply(withSchema(schema, new Struct(schema).put('ts', 'x')))).toThrow(
        'Cannot invoke "java.text.SimpleDateFormat.parse(String)" because "config.format" is null',
      )
    })

    it('rejects a Unix value that is not a Long', () => {
      xformValue.configure({ 'target.type': 'Timestamp' })
      expect(() => xformValue.apply(withSchema(Schemas.INT64, 'x'))).toThrow(
        new DataException('Expected Unix timestamp to be a Long, but found class java.lang.String'),
      )
    })
  })
})
