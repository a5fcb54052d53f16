// Ported from Kafka's MaskFieldTest. Java values keep their class here as our wrappers (Int32 for an
// Integer, Int8 for a Byte, …) when schemaless, and are plain values under a schema.
import { describe, expect, it } from 'vitest'
import { ConnectDate, ConnectTime, ConnectTimestamp, Decimal } from '../../../layers/runtime/data/logical.js'
import { type Schema, SchemaBuilder, Schemas } from '../../../layers/runtime/data/schema.js'
import { Struct } from '../../../layers/runtime/data/struct.js'
import { BigDecimal, BigInteger, Float32, Int8, Int16, Int32 } from '../../../layers/runtime/data/values.js'
import { ConfigException, DataException } from '../../../layers/runtime/errors.js'
import { MaskFieldValue } from '../../../layers/transforms/mask-field.js'
import { map, sinkRecord } from './records.js'

const SCHEMA = SchemaBuilder.struct()
  .field('magic', Schemas.INT32)
  .field('bool', Schemas.BOOLEAN)
  .field('byte', Schemas.INT8)
  .field('short', Schemas.INT16)
  .field('int', Schemas.INT32)
  .field('long', Schemas.INT64)
  .field('float', Schemas.FLOAT32)
  .field('double', Schemas.FLOAT64)
  .field('string', Schemas.STRING)
  .field('date', ConnectDate.schema())
  .field('time', ConnectTime.schema())
  .field('timestamp', ConnectTimestamp.schema())
  .field('decimal', Decimal.schema(0))
  .field('array', SchemaBuilder.array(Schemas.INT32).build())
  .field('map', SchemaBuilder.map(Schemas.STRING, Schemas.STRING).build())
  .field('withDefault', SchemaBuilder.string().optional().defaultValue('default').build())
  .build()

function values(): Map<string, unknown> {
  return map({
    magic: new Int32(42),
    bool: true,
    byte: new Int8(42),
    short: new Int16(42),
    int: new Int32(42),
    long: 42n,
    float: new Float32(42),
    double: 42,
    string: '55.121.20.20',
    date: new Date(),
    bigint: new BigInteger(42n),
    bigdec: BigDecimal.parse('42.0'),
    list: [new Int32(42)],
    map: map({ key: 'value' }),
  })
}

function valuesWithSchema(): Struct {
  return new Struct(SCHEMA)
    .put('magic', 42)
    .put('bool', true)
    .put('byte', 42)
    .put('short', 42)
    .put('int', 42)
    .put('long', 42n)
    .put('float', 42)
    .put('double', 42)
    .put('string', 'hmm')
    .put('date', new Date(Date.UTC(2024, 0, 2)))
    .put('time', new Date(3_600_000))
    .put('timestamp', new Date())
    .put('decimal', new BigDecimal(42n, 0))
    .put('array', [1, 2, 3])
    .put('map', new Map([['what', 'what']]))
    .put('withDefault', null)
}

function transform(fields: string[], replacement: string | null) {
  const xform = new MaskFieldValue()
  xform.configure({ fields: fields.join(','), replacement, 'replace.null.with.default': 'false' })
  return xform
}

function record(schema: Schema | null, value: unknown) {
  return sinkRecord('', 0, null, null, schema, value, 0)
}

function checkReplacementWithSchema(maskField: string, replacement: string, expected: unknown): void {
  const updated = transform([maskField], replacement).apply(record(SCHEMA, valuesWithSchema())).value as Struct
  expect(updated.get(maskField), `Invalid replacement for ${maskField} value`).toEqual(expected)
}

function checkReplacementSchemaless(maskFields: string[], replacement: string, expected: unknown): void {
  const updated = transform(maskFields, replacement).apply(record(null, values())).value as Map<string, unknown>
  for (const f of maskFields) expect(updated.get(f), `Invalid replacement for ${f} value`).toEqual(expected)
}

describe('MaskField', () => {
  it('masks schemaless values by their Java class', () => {
    const maskFields = [...values().keys()].filter((k) => k !== 'magic')
    const updated = transform(maskFields, null).apply(record(null, values())).value as Map<string, unknown>
    expect(updated.get('magic')).toEqual(new Int32(42))
    expect(updated.get('bool')).toBe(false)
    expect(updated.get('byte')).toEqual(new Int8(0))
    expect(updated.get('short')).toEqual(new Int16(0))
    expect(updated.get('int')).toEqual(new Int32(0))
    expect(updated.get('long')).toBe(0n)
    expect(updated.get('float')).toEqual(new Float32(0))
    expect(updated.get('double')).toBe(0)
    expect(updated.get('string')).toBe('')
    expect(updated.get('date')).toEqual(new Date(0))
    expect(updated.get('bigint')).toEqual(new BigInteger(0n))
    expect(updated.get('bigdec')).toEqual(new BigDecimal(0n, 0))
    expect(updated.get('list')).toEqual([])
    expect(updated.get('map')).toEqual(new Map())
  })

  it('masks struct fields by the Java class of their values', () => {
    const maskFields = SCHEMA.fields.map((f) => f.name).filter((n) => n !== 'magic')
    const updated = transform(maskFields, null).apply(record(SCHEMA, valuesWithSchema())).value as Struct
    expect(updated.get('magic')).toBe(42)
    expect(updated.get('bool')).toBe(false)
    expect(updated.get('byte')).toBe(0)
    expect(updated.get('short')).toBe(0)
    expect(updated.get('int')).toBe(0)
    expect(updated.get('long')).toBe(0n)
    expect(updated.get('float')).toBe(0)
    expect(updated.get('double')).toBe(0)
    expect(updated.get('string')).toBe('')
    expect(updated.get('date')).toEqual(new Date(0))
    expect(updated.get('time')).toEqual(new Date(0))
    expect(updated.get('timestamp')).toEqual(new Date(0))
    expect(updated.get('decimal')).toEqual(new BigDecimal(0n, 0))
    expect(updated.get('array')).toEqual([])
    expect(updated.get('map')).toEqual(new Map())
    expect(updated.getWithoutDefault('withDefault')).toBeNull()
    expect(updated.schema).toBe(SCHEMA)
  })

  it('converts a replacement to the class of each schemaless value', () => {
    checkReplacementSchemaless(['short'], '123', new Int16(123))
    checkReplacementSchemaless(['byte'], '123', new Int8(123))
    checkReplacementSchemaless(['int'], '123', new Int32(123))
    checkReplacementSchemaless(['long'], '123', 123n)
    checkReplacementSchemaless(['float'], '123.0', new Float32(123))
    checkReplacementSchemaless(['double'], '123.0', 123)
    checkReplacementSchemaless(['string'], '123', '123')
    checkReplacementSchemaless(['bigint'], '123', new BigInteger(123n))
    checkReplacementSchemaless(['bigdec'], '123.0', new BigDecimal(1230n, 1))
  })

  it('refuses a replacement for schemaless values that are not numbers or strings', () => {
    for (const [fields, replacement] of [
      [['date'], String(new Date())],
      [['int', 'date'], String(new Date())],
      [['bool'], 'false'],
      [['list'], '[123]'],
      [['map'], '{123=321}'],
    ] as const) {
      expect(() => checkReplacementSchemaless([...fields], replacement, null)).toThrow(DataException)
    }
    expect(() => checkReplacementSchemaless(['date'], String(new Date()), null)).toThrow(
      'Cannot mask value of type class java.util.Date with custom replacement.',
    )
    expect(() => checkReplacementSchemaless(['bool'], 'false', null)).toThrow(
      'Cannot mask value of type class java.lang.Boolean with custom replacement.',
    )
  })

  it('converts a replacement to the class of each struct field value', () => {
    checkReplacementWithSchema('short', '123', 123)
    checkReplacementWithSchema('byte', '123', 123)
    checkReplacementWithSchema('int', '123', 123)
    checkReplacementWithSchema('long', '123', 123n)
    checkReplacementWithSchema('float', '123.0', 123)
    checkReplacementWithSchema('double', '123.0', 123)
    checkReplacementWithSchema('string', '123', '123')
    // a decimal replacement keeps its own scale, even in a scale-0 Decimal field
    checkReplacementWithSchema('decimal', '123.0', new BigDecimal(1230n, 1))
  })

  it('refuses a replacement for struct fields that are not numbers or strings', () => {
    for (const [f, replacement] of [
      ['time', String(new Date())],
      ['timestamp', String(new Date())],
      ['array', '[123]'],
    ] as const) {
      expect(() => checkReplacementWithSchema(f, replacement, null)).toThrow(DataException)
      expect(() => checkReplacementWithSchema(f, replacement, null)).toThrow('Cannot mask value of type')
    }
  })

  it('fails on a replacement that does not convert to the value class', () => {
    for (const f of ['byte', 'short', 'int', 'long', 'float', 'double', 'bigint', 'bigdec']) {
      expect(() => checkReplacementSchemaless([f], 'foo', null)).toThrow(DataException)
    }
    expect(() => checkReplacementSchemaless(['int'], String(new Date()), null)).toThrow(DataException)
    expect(() => checkReplacementSchemaless(['int'], 'java.lang.Object@1b6d3586', null)).toThrow(DataException)
    expect(() => checkReplacementSchemaless(['string', 'int'], 'foo', null)).toThrow(DataException)
    expect(() => checkReplacementSchemaless(['bigdec'], 'foo', null)).toThrow(
      'Unable to convert foo (class java.lang.String) to number',
    )
  })

  it('rejects an empty replacement', () => {
    expect(() => checkReplacementSchemaless(['short'], '', null)).toThrow(ConfigException)
    expect(() => checkReplacementSchemaless(['short'], '', null)).toThrow('String must be non-empty')
  })

  it('masks lists and maps with new, mutable instances', () => {
    const xform = transform(['array', 'map'], null)
    const updated = xform.apply(record(SCHEMA, valuesWithSchema())).value as Struct
    const list = updated.get('array') as number[]
    expect(list).toEqual([])
    list.push(0)
    expect(list).toEqual([0])
    const m = updated.get('map') as Map<string, string>
    m.set('k', 'v')
    expect(m).toEqual(new Map([['k', 'v']]))
    const again = xform.apply(record(SCHEMA, valuesWithSchema())).value as Struct
    expect(again.get('array')).toEqual([])
    expect(again.get('map')).toEqual(new Map())
  })

  // Beyond Kafka's test class.
  it('masks a null field that has a default when replace.null.with.default is true', () => {
    const xform = new MaskFieldValue()
    xform.configure({ fields: 'withDefault' })
    const updated = xform.apply(record(SCHEMA, valuesWithSchema())).value as Struct
    expect(updated.getWithoutDefault('withDefault')).toBe('')
  })

  it('rejects a tombstone, schemaless or not', () => {
    const xform = transform(['int'], null)
    expect(() => xform.apply(record(null, null))).toThrow(
      'Only Map objects supported in absence of schema for [mask fields], found: null',
    )
    expect(() => xform.apply(record(SCHEMA, null))).toThrow(
      'Only Struct objects supported for [mask fields], found: null',
    )
  })

  it('writes a listed field that a schemaless map lacks as an explicit null', () => {
    const updated = transform(['absent'], null).apply(record(null, map({ a: 1 }))).value as Map<string, unknown>
    expect(updated.has('absent')).toBe(true)
    expect(updated.get('absent')).toBeNull()
  })

  it('refuses to mask bytes and structs', () => {
    const schema = SchemaBuilder.struct().field('b', Schemas.BYTES).build()
    expect(() =>
      transform(['b'], null).apply(record(schema, new Struct(schema).put('b', new Uint8Array([1])))),
    ).toThrow('Cannot mask value of type: class [B')
  })

  it('rejects duplicate fields, as Kafka 4 does', () => {
    expect(() => transform(['a', 'a'], null)).toThrow("Configuration 'fields' values must not be duplicated.")
  })
})
