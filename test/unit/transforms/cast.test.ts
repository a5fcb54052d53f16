// Ported from Kafka's CastTest, case for case, plus the edge cases Kafka's code decides (messages,
// Java narrowing, string parsing, logical types).
import { afterEach, describe, expect, it } from 'vitest'
import { ConnectDate, ConnectTime, ConnectTimestamp, Decimal } from '../../../layers/runtime/data/logical.js'
import { SchemaBuilder, Schemas } from '../../../layers/runtime/data/schema.js'
import { Struct } from '../../../layers/runtime/data/struct.js'
import { BigDecimal, Float32, Int8, Int16, Int32, Type } from '../../../layers/runtime/data/values.js'
import { formatDate } from '../../../layers/runtime/data/values-conversion.js'
import { ConfigException, DataException } from '../../../layers/runtime/errors.js'
import { CastKey, CastValue } from '../../../layers/transforms/cast.js'
import { map, sourceRecord } from './records.js'

const MILLIS_PER_HOUR = 3_600_000
const MILLIS_PER_DAY = 86_400_000

describe('Cast', () => {
  const xformKey = new CastKey()
  const xformValue = new CastValue()
  afterEach(() => {
    xformKey.close()
    xformValue.close()
  })

  describe('configuration', () => {
    it('rejects an empty spec', () => {
      expect(() => xformKey.configure({ spec: '' })).toThrow(ConfigException)
      expect(() => xformKey.configure({ spec: '' })).toThrow('Must specify at least one field to cast.')
    })

    it('rejects an unknown type', () => {
      expect(() => xformKey.configure({ spec: 'foo:faketype' })).toThrow('Invalid type found in casting spec: faketype')
    })

    it('rejects a target type that is not primitive, for a field or the whole value', () => {
      expect(() => xformKey.configure({ spec: 'foo:array' })).toThrow(
        'Cast transformation does not support casting to ARRAY; supported types are [INT8, INT16, INT32, INT64, FLOAT32, FLOAT64, BOOLEAN, STRING]',
      )
      expect(() => xformKey.configure({ spec: 'array' })).toThrow(ConfigException)
    })

    it('rejects bytes as a target type', () => {
      expect(() => xformKey.configure({ spec: 'foo:bytes' })).toThrow(
        'Cast transformation does not support casting to BYTES',
      )
    })

    it("rejects an item of three parts, with Kafka's message naming ReplaceField's key", () => {
      expect(() => xformKey.configure({ spec: 'foo:int8:extra' })).toThrow(
        'Invalid value [foo:int8:extra] for configuration renames: Invalid rename mapping: foo:int8:extra',
      )
    })

    it('rejects a whole-value type mixed with field casts', () => {
      expect(() => xformKey.configure({ spec: 'foo:int8,int32' })).toThrow(
        'Cast transformations that specify a type to cast the entire value to may only specify a single cast in their spec',
      )
    })

    it('requires the spec', () => {
      expect(() => xformKey.configure({})).toThrow('Missing required configuration "spec" which has no default value.')
    })

    it('reads type names in any case and trims field names and types', () => {
      xformValue.configure({ spec: ' a : INT8 , b:Float64 ' })
      const schema = SchemaBuilder.struct().field('a', Schemas.INT32).field('b', Schemas.INT32).build()
      const transformed = xformValue.apply(
        sourceRecord('topic', 0, null, null, schema, new Struct(schema).put('a', 1).put('b', 2)),
      )
      expect(transformed.valueSchema?.field('a')?.schema.type).toBe(Type.INT8)
      expect(transformed.valueSchema?.field('b')?.schema.type).toBe(Type.FLOAT64)
    })
  })

  it('returns a record with a null value and a schema unchanged', () => {
    xformValue.configure({ spec: 'foo:int64' })
    const original = sourceRecord('topic', 0, Schemas.STRING, 'key', Schemas.STRING, null)
    expect(xformValue.apply(original)).toBe(original)
  })

  it.each([
    [false, null],
    [true, '10'],
  ])('casts a null field with a default (replace.null.with.default=%s) to %s', (replace, expected) => {
    xformValue.configure({ spec: 'magic:string', 'replace.null.with.default': String(replace) })
    const structSchema = SchemaBuilder.struct()
      .field('magic', SchemaBuilder.int32().optional().defaultValue(10).build())
      .build()
    const original = sourceRecord(
      'topic',
      0,
      Schemas.STRING,
      'key',
      structSchema,
      new Struct(structSchema).put('magic', null),
    )
    const transformed = xformValue.apply(original)
    expect(transformed.valueSchema?.field('magic')?.schema.type).toBe(Type.STRING)
    expect((transformed.value as Struct).getWithoutDefault('magic')).toBe(expected)
  })

  it('returns a record with a null schemaless value unchanged', () => {
    xformValue.configure({ spec: 'foo:int64' })
    const original = sourceRecord('topic', 0, Schemas.STRING, 'key', null, null)
    expect(xformValue.apply(original)).toBe(original)
  })

  it('returns a record with a null key and a schema unchanged', () => {
    xformKey.configure({ spec: 'foo:int64' })
    const original = sourceRecord('topic', 0, Schemas.STRING, null, Schemas.STRING, 'value')
    expect(xformKey.apply(original)).toBe(original)
  })

  it('returns a record with a null schemaless key unchanged', () => {
    xformKey.configure({ spec: 'foo:int64' })
    const original = sourceRecord('topic', 0, null, null, Schemas.STRING, 'value')
    expect(xformKey.apply(original)).toBe(original)
  })

  it('casts a whole key with a schema', () => {
    xformKey.configure({ spec: 'int8' })
    const transformed = xformKey.apply(sourceRecord('topic', 0, Schemas.INT32, 42, Schemas.STRING, 'bogus'))
    expect(transformed.keySchema?.type).toBe(Type.INT8)
    expect(transformed.key).toBe(42)
  })

  it.each([
    ['int8', Type.INT8, 42],
    ['int16', Type.INT16, 42],
    ['int32', Type.INT32, 42],
    ['int64', Type.INT64, 42n],
    ['float32', Type.FLOAT32, 42],
    ['float64', Type.FLOAT64, 42],
    ['boolean', Type.BOOLEAN, true],
    ['string', Type.STRING, '42'],
  ])('casts a whole int32 value with a schema to %s', (spec, type, expected) => {
    xformValue.configure({ spec })
    const transformed = xformValue.apply(sourceRecord('topic', 0, null, null, Schemas.INT32, 42))
    expect(transformed.valueSchema?.type).toBe(type)
    expect(transformed.value).toEqual(expected)
  })

  it('casts a whole int32 zero to false', () => {
    xformValue.configure({ spec: 'boolean' })
    const transformed = xformValue.apply(sourceRecord('topic', 0, null, null, Schemas.INT32, 0))
    expect(transformed.valueSchema?.type).toBe(Type.BOOLEAN)
    expect(transformed.value).toBe(false)
  })

  it('casts a whole Decimal value to its BigDecimal text, keeping the Decimal name and scale', () => {
    xformValue.configure({ spec: 'string' })
    const transformed = xformValue.apply(
      sourceRecord('topic', 0, null, null, Decimal.schema(0), new BigDecimal(42n, 0)),
    )
    expect(transformed.valueSchema?.type).toBe(Type.STRING)
    expect(transformed.value).toBe('42')
    expect(transformed.valueSchema?.name).toBe(Decimal.LOGICAL_NAME)
    expect(transformed.valueSchema?.parameters).toEqual({ scale: '0' })
  })

  it('casts a whole Timestamp value to an ISO-8601 UTC string', () => {
    const timestamp = new Date(MILLIS_PER_DAY + 1)
    xformValue.configure({ spec: 'string' })
    const transformed = xformValue.apply(sourceRecord('topic', 0, null, null, ConnectTimestamp.schema(), timestamp))
    expect(transformed.valueSchema?.type).toBe(Type.STRING)
    expect(transformed.value).toBe(formatDate(timestamp))
    expect(transformed.value).toBe('1970-01-02T00:00:00.001Z')
  })

  it("casts the schema's default with the value", () => {
    xformValue.configure({ spec: 'int32' })
    const schema = SchemaBuilder.float32().defaultValue(-42.125).build()
    const transformed = xformValue.apply(sourceRecord('topic', 0, null, null, schema, 42.125))
    expect(transformed.valueSchema?.type).toBe(Type.INT32)
    expect(transformed.value).toBe(42)
    expect(transformed.valueSchema?.defaultValue).toBe(-42)
  })

  it('casts a whole schemaless key', () => {
    xformKey.configure({ spec: 'int8' })
    const transformed = xformKey.apply(sourceRecord('topic', 0, null, new Int32(42), Schemas.STRING, 'bogus'))
    expect(transformed.keySchema).toBeNull()
    expect(transformed.key).toEqual(new Int8(42))
  })

  it.each([
    ['int8', new Int8(42)],
    ['int16', new Int16(42)],
    ['int32', new Int32(42)],
    ['int64', 42n],
    ['float32', new Float32(42)],
    ['float64', 42],
    ['boolean', true],
    ['string', '42'],
  ])('casts a whole schemaless Integer to %s, as a Java object of that class', (spec, expected) => {
    xformValue.configure({ spec })
    const transformed = xformValue.apply(sourceRecord('topic', 0, null, null, null, new Int32(42)))
    expect(transformed.valueSchema).toBeNull()
    expect(transformed.value).toEqual(expected)
  })

  it('casts a whole schemaless Integer zero to false', () => {
    xformValue.configure({ spec: 'boolean' })
    const transformed = xformValue.apply(sourceRecord('topic', 0, null, null, null, new Int32(0)))
    expect(transformed.value).toBe(false)
  })

  it('rejects a whole schemaless list', () => {
    xformValue.configure({ spec: 'int8' })
    expect(() => xformValue.apply(sourceRecord('topic', 0, null, null, null, ['foo']))).toThrow(
      new DataException(
        'Cast transformation does not support casting from ARRAY; supported types are [INT8, INT16, INT32, INT64, FLOAT32, FLOAT64, BOOLEAN, STRING, BYTES]',
      ),
    )
  })

  it('casts logical types to primitives through their internal representation', () => {
    xformValue.configure({
      spec: [
        'date_to_int32:int32',
        'timestamp_to_int64:int64',
        'time_to_int64:int64',
        'decimal_to_int32:int32',
        'timestamp_to_float64:float64',
        'null_timestamp_to_int32:int32',
      ].join(','),
    })
    const schema = SchemaBuilder.struct()
      .field('date_to_int32', ConnectDate.schema())
      .field('timestamp_to_int64', ConnectTimestamp.schema())
      .field('time_to_int64', ConnectTime.schema())
      .field('decimal_to_int32', Decimal.schema(0))
      .field('timestamp_to_float64', ConnectTimestamp.schema())
      .field('null_timestamp_to_int32', ConnectTimestamp.builder().optional().build())
      .build()
    const value = new Struct(schema)
      .put('date_to_int32', new Date(MILLIS_PER_DAY))
      .put('timestamp_to_int64', new Date(0))
      .put('time_to_int64', new Date(1))
      .put('decimal_to_int32', new BigDecimal(2_147_483_648n, 0))
      // Kafka's test uses Long.MAX_VALUE, beyond what a JavaScript Date holds
      .put('timestamp_to_float64', new Date(8.64e15))
      .put('null_timestamp_to_int32', null)
    const transformed = xformValue.apply(sourceRecord('topic', 0, null, null, schema, value)).value as Struct
    expect(transformed.get('date_to_int32')).toBe(1)
    expect(transformed.get('timestamp_to_int64')).toBe(0n)
    expect(transformed.get('time_to_int64')).toBe(1n)
    expect(transformed.get('decimal_to_int32')).toBe(-2_147_483_648)
    expect(transformed.get('timestamp_to_float64')).toBe(8.64e15)
    expect(transformed.get('null_timestamp_to_int32')).toBeNull()
    const types = Object.fromEntries(transformed.schema.fields.map((f) => [f.name, f.schema.type]))
    expect(types).toEqual({
      date_to_int32: Type.INT32,
      timestamp_to_int64: Type.INT64,
      time_to_int64: Type.INT64,
      decimal_to_int32: Type.INT32,
      timestamp_to_float64: Type.FLOAT64,
      null_timestamp_to_int32: Type.INT32,
    })
  })

  it('casts logical types to strings: dates in ISO-8601 UTC, decimals as BigDecimal text', () => {
    const date = new Date(MILLIS_PER_DAY)
    const time = new Date(MILLIS_PER_HOUR)
    const timestamp = new Date(1_700_000_000_123)
    xformValue.configure({ spec: 'date:string,decimal:string,time:string,timestamp:string' })
    const schema = SchemaBuilder.struct()
      .field('date', ConnectDate.schema())
      .field('decimal', Decimal.schema(0))
      .field('time', ConnectTime.schema())
      .field('timestamp', ConnectTimestamp.schema())
      .build()
    const value = new Struct(schema)
      .put('date', date)
      .put('decimal', new BigDecimal(1982n, 0))
      .put('time', time)
      .put('timestamp', timestamp)
    const transformed = xformValue.apply(sourceRecord('topic', 0, null, null, schema, value)).value as Struct
    expect(transformed.get('date')).toBe('1970-01-02')
    expect(transformed.get('decimal')).toBe('1982')
    expect(transformed.get('time')).toBe('01:00:00.000Z')
    expect(transformed.get('timestamp')).toBe('2023-11-14T22:13:20.123Z')
    for (const f of transformed.schema.fields) expect(f.schema.type).toBe(Type.STRING)
  })

  it('casts every kind of field with a schema, converting defaults and keeping optionality', () => {
    const day = new Date(MILLIS_PER_DAY)
    const bytes = Uint8Array.from([0xfe, 0xdc, 0xba, 0x98, 0x76, 0x54, 0x32, 0x10])
    xformValue.configure({
      spec: 'int8:int16,int16:int32,int32:int64,int64:boolean,float32:float64,float64:boolean,boolean:int8,string:int32,bigdecimal:string,date:string,optional:int32,bytes:string,byteArray:string',
    })
    const schema = SchemaBuilder.struct()
      .field('int8', Schemas.INT8)
      .field('int16', Schemas.OPTIONAL_INT16)
      .field('int32', SchemaBuilder.int32().defaultValue(2).build())
      .field('int64', Schemas.INT64)
      .field('float32', Schemas.FLOAT32)
      .field('float64', SchemaBuilder.float64().defaultValue(-1.125).build())
      .field('boolean', Schemas.BOOLEAN)
      .field('string', Schemas.STRING)
      .field('bigdecimal', Decimal.schema(0))
      .field('date', ConnectDate.schema())
      .field('optional', Schemas.OPTIONAL_FLOAT32)
      .field('timestamp', ConnectTimestamp.schema())
      .field('bytes', Schemas.BYTES)
      .field('byteArray', Schemas.BYTES)
      .build()
    const value = new Struct(schema)
      .put('int8', 8)
      .put('int16', 16)
      .put('int32', 32)
      .put('int64', 64n)
      .put('float32', 32)
      .put('float64', -64)
      .put('boolean', true)
      .put('bigdecimal', new BigDecimal(42n, 0))
      .put('date', day)
      .put('string', '42')
      .put('timestamp', new Date(0))
      .put('bytes', bytes)
      .put('byteArray', bytes.slice())
    const transformed = xformValue.apply(sourceRecord('topic', 0, null, null, schema, value)).value as Struct
    expect(transformed.get('int8')).toBe(8)
    expect(transformed.schema.field('int16')?.schema.optional).toBe(true)
    expect(transformed.get('int16')).toBe(16)
    expect(transformed.get('int32')).toBe(32n)
    expect(transformed.schema.field('int32')?.schema.defaultValue).toBe(2n)
    expect(transformed.get('int64')).toBe(true)
    expect(transformed.get('float32')).toBe(32)
    expect(transformed.get('float64')).toBe(true)
    expect(transformed.schema.field('float64')?.schema.defaultValue).toBe(true)
    expect(transformed.get('boolean')).toBe(1)
    expect(transformed.get('string')).toBe(42)
    expect(transformed.get('bigdecimal')).toBe('42')
    expect(transformed.get('date')).toBe(formatDate(day))
    expect(transformed.get('timestamp')).toEqual(new Date(0))
    expect(transformed.get('bytes')).toBe('/ty6mHZUMhA=')
    expect(transformed.get('byteArray')).toBe('/ty6mHZUMhA=')
    expect(transformed.get('optional')).toBeNull()
    const types = Object.fromEntries(transformed.schema.fields.map((f) => [f.name, f.schema.type]))
    expect(types).toEqual({
      int8: Type.INT16,
      int16: Type.INT32,
      int32: Type.INT64,
      int64: Type.BOOLEAN,
      float32: Type.FLOAT64,
      float64: Type.BOOLEAN,
      boolean: Type.INT8,
      string: Type.INT32,
      bigdecimal: Type.STRING,
      date: Type.STRING,
      optional: Type.INT32,
      timestamp: Type.INT64,
      bytes: Type.STRING,
      byteArray: Type.STRING,
    })
    expect(transformed.schema.field('timestamp')?.schema).toBe(schema.field('timestamp')?.schema)
  })

  it('casts schemaless fields, leaving Java objects of the target classes', () => {
    xformValue.configure({
      spec: 'int8:int16,int16:int32,int32:int64,int64:boolean,float32:float64,float64:boolean,boolean:int8,string:int32',
    })
    const value = map({
      int8: new Int8(8),
      int16: new Int16(16),
      int32: new Int32(32),
      int64: 64n,
      float32: new Float32(32),
      float64: -64,
      boolean: true,
      string: '42',
    })
    const transformed = xformValue.apply(sourceRecord('topic', 0, null, null, null, value))
    expect(transformed.valueSchema).toBeNull()
    const result = transformed.value as Map<string, unknown>
    expect(result.get('int8')).toEqual(new Int16(8))
    expect(result.get('int16')).toEqual(new Int32(16))
    expect(result.get('int32')).toBe(32n)
    expect(result.get('int64')).toBe(true)
    expect(result.get('float32')).toBe(32)
    expect(result.get('float64')).toBe(true)
    expect(result.get('boolean')).toEqual(new Int8(1))
    expect(result.get('string')).toEqual(new Int32(42))
  })

  describe('Java conversion rules', () => {
    const castWhole = (spec: string, schema: Parameters<typeof sourceRecord>[4], value: unknown) => {
      xformValue.configure({ spec })
      return xformValue.apply(sourceRecord('topic', 0, null, null, schema, value)).value
    }

    it('narrows integers to their low bits, as Java casts do', () => {
      expect(castWhole('int8', Schemas.INT32, 300)).toBe(44)
      expect(castWhole('int16', Schemas.INT64, 70_000n)).toBe(4464)
      expect(castWhole('int32', Schemas.INT64, 2n ** 32n + 5n)).toBe(5)
    })

    it('truncates floating point toward zero through int, saturating', () => {
      expect(castWhole('int32', Schemas.FLOAT64, -3.9)).toBe(-3)
      expect(castWhole('int32', Schemas.FLOAT64, 1e20)).toBe(2_147_483_647)
      expect(castWhole('int8', Schemas.FLOAT64, 3e9)).toBe(-1)
      expect(castWhole('int64', Schemas.FLOAT64, Number.NaN)).toBe(0n)
      expect(castWhole('int64', Schemas.FLOAT64, -1e30)).toBe(-(2n ** 63n))
    })

    it('rounds a long to float32 once', () => {
      expect(castWhole('float32', Schemas.INT64, 16_777_217n)).toBe(16_777_216)
    })

    it('reads a number as a boolean by its long value', () => {
      expect(castWhole('boolean', Schemas.FLOAT64, 0.5)).toBe(false)
      expect(castWhole('boolean', Schemas.FLOAT64, -1.125)).toBe(true)
    })

    it('writes numbers as Java prints them', () => {
      expect(castWhole('string', Schemas.FLOAT64, 1e20)).toBe('1.0E20')
      expect(castWhole('string', Schemas.FLOAT64, 1)).toBe('1.0')
      expect(castWhole('string', Schemas.FLOAT32, Math.fround(1.1))).toBe('1.1')
      expect(castWhole('string', Schemas.BOOLEAN, true)).toBe('true')
    })

    it('parses strings with the Java parser of the target type', () => {
      expect(castWhole('int32', Schemas.STRING, '-42')).toBe(-42)
      expect(castWhole('int32', Schemas.STRING, '+7')).toBe(7)
      expect(castWhole('int64', Schemas.STRING, '9223372036854775807')).toBe(2n ** 63n - 1n)
      expect(castWhole('float64', Schemas.STRING, ' 1e3 ')).toBe(1000)
      expect(castWhole('float64', Schemas.STRING, '-Infinity')).toBe(Number.NEGATIVE_INFINITY)
      expect(castWhole('float32', Schemas.STRING, '1.5f')).toBe(1.5)
      expect(castWhole('boolean', Schemas.STRING, 'TRUE')).toBe(true)
      expect(castWhole('boolean', Schemas.STRING, 'yes')).toBe(false)
    })

    it('fails a string that does not parse, or is out of range, with a DataException', () => {
      expect(() => castWhole('int8', Schemas.STRING, '128')).toThrow(
        new DataException('Value (128) was out of range for requested data type'),
      )
      expect(() => castWhole('int32', Schemas.STRING, '1.5')).toThrow(
        'Value (1.5) was out of range for requested data type',
      )
      expect(() => castWhole('int32', Schemas.STRING, ' 1')).toThrow(DataException)
      expect(() => castWhole('float64', Schemas.STRING, 'abc')).toThrow(DataException)
    })

    it('casts bytes only to a string', () => {
      expect(castWhole('string', Schemas.BYTES, Uint8Array.from([1, 2, 3]))).toBe('AQID')
      expect(() => castWhole('int32', Schemas.BYTES, Uint8Array.from([1]))).toThrow(
        new DataException('Unexpected type in Cast transformation: class [B'),
      )
    })

    it('casts a Time to int8 from its millis of day, keeping the low bits', () => {
      expect(castWhole('int8', ConnectTime.schema(), new Date(1000))).toBe(-24)
    })

    it('keeps the Timestamp name on a whole value cast to int64, as Kafka does', () => {
      xformValue.configure({ spec: 'int64' })
      const transformed = xformValue.apply(sourceRecord('topic', 0, null, null, ConnectTimestamp.schema(), new Date(5)))
      expect(transformed.valueSchema?.name).toBe(ConnectTimestamp.LOGICAL_NAME)
      expect(transformed.value).toBe(5n)
    })

    it('rejects a schemaless BigDecimal or Date: they have no Connect type without a schema', () => {
      expect(() => castWhole('string', null, new BigDecimal(1n, 0))).toThrow(
        new DataException(
          "Cast transformation was passed a value of type class java.math.BigDecimal which is not supported by Connect's data API",
        ),
      )
      expect(() => castWhole('int64', null, new Date(0))).toThrow('class java.util.Date')
    })

    it('puts a spec field missing from a schemaless map back as null', () => {
      const result = castWhole('a:int8,missing:string', null, map({ a: new Int32(1), b: 'x' })) as Map<string, unknown>
      expect([...result.entries()]).toEqual([
        ['a', new Int8(1)],
        ['b', 'x'],
        ['missing', null],
      ])
    })

    it('fails to build a schema whose struct default would have to be cast', () => {
      const inner = SchemaBuilder.struct().field('a', Schemas.INT32)
      const defaultValue = new Struct(inner.build()).put('a', 1)
      const schema = inner.defaultValue(defaultValue).build()
      xformValue.configure({ spec: 'a:int64' })
      expect(() =>
        xformValue.apply(sourceRecord('topic', 0, null, null, schema, new Struct(schema).put('a', 2))),
      ).toThrow('Cast transformation does not support casting from STRUCT')
    })

    it('requires a struct for field casts with a schema', () => {
      xformValue.configure({ spec: 'a:int64' })
      expect(() => xformValue.apply(sourceRecord('topic', 0, null, null, Schemas.INT32, 1))).toThrow(
        'Cannot list fields on non-struct type',
      )
    })

    it('fails a null required field as a Struct put does', () => {
      xformValue.configure({ spec: 'a:int64' })
      const schema = SchemaBuilder.struct().field('a', Schemas.INT32).build()
      const value = new Struct(schema).putWithoutValidation('a', null)
      expect(() => xformValue.apply(sourceRecord('topic', 0, null, null, schema, value))).toThrow(
        'Invalid value: null used for required field: "a", schema type: INT64',
      )
    })

    it('gives equal input schemas the same output schema object', () => {
      xformValue.configure({ spec: 'a:int64' })
      const make = () => SchemaBuilder.struct().field('a', Schemas.INT32).build()
      const s1 = make()
      const s2 = make()
      const r1 = xformValue.apply(sourceRecord('topic', 0, null, null, s1, new Struct(s1).put('a', 1)))
      const r2 = xformValue.apply(sourceRecord('topic', 0, null, null, s2, new Struct(s2).put('a', 2)))
      expect(r2.valueSchema).toBe(r1.valueSchema)
    })
  })
})
