// Ported from Kafka's ExtractFieldTest.
import { describe, expect, it } from 'vitest'
import { SchemaBuilder, Schemas } from '../../../layers/runtime/data/schema.js'
import { Struct } from '../../../layers/runtime/data/struct.js'
import { Int32 } from '../../../layers/runtime/data/values.js'
import { ConfigException, DataException } from '../../../layers/runtime/errors.js'
import { ExtractFieldKey, ExtractFieldValue } from '../../../layers/transforms/extract-field.js'
import { IllegalArgumentException } from '../../../layers/transforms/util/java-exceptions.js'
import { map, sinkRecord } from './records.js'

const V2 = { 'field.syntax.version': 'V2' }

describe('ExtractField', () => {
  const xformKey = new ExtractFieldKey()
  const xformValue = new ExtractFieldValue()

  it('extracts a field of a schemaless map', () => {
    xformKey.configure({ field: 'magic' })
    const transformed = xformKey.apply(sinkRecord('test', 0, null, map({ magic: new Int32(42) }), null, null, 0))
    expect(transformed.keySchema).toBeNull()
    expect(transformed.key).toEqual(new Int32(42))
  })

  it('extracts a nested field of a schemaless map with syntax V2', () => {
    xformKey.configure({ ...V2, field: 'magic.foo' })
    const key = map({ magic: map({ foo: new Int32(42) }) })
    const transformed = xformKey.apply(sinkRecord('test', 0, null, key, null, null, 0))
    expect(transformed.keySchema).toBeNull()
    expect(transformed.key).toEqual(new Int32(42))
  })

  it('passes a null schemaless key through as null', () => {
    xformKey.configure({ field: 'magic' })
    const transformed = xformKey.apply(sinkRecord('test', 0, null, null, null, null, 0))
    expect(transformed.keySchema).toBeNull()
    expect(transformed.key).toBeNull()
  })

  it('extracts a field of a struct, with its schema', () => {
    xformKey.configure({ field: 'magic' })
    const keySchema = SchemaBuilder.struct().field('magic', Schemas.INT32).build()
    const transformed = xformKey.apply(
      sinkRecord('test', 0, keySchema, new Struct(keySchema).put('magic', 42), null, null, 0),
    )
    expect(transformed.keySchema).toBe(Schemas.INT32)
    expect(transformed.key).toBe(42)
  })

  it('extracts a nested field of a struct with syntax V2', () => {
    xformKey.configure({ ...V2, field: 'magic.foo' })
    const fooSchema = SchemaBuilder.struct().field('foo', Schemas.INT32).build()
    const keySchema = SchemaBuilder.struct().field('magic', fooSchema).build()
    const key = new Struct(keySchema).put('magic', new Struct(fooSchema).put('foo', 42))
    const transformed = xformKey.apply(sinkRecord('test', 0, keySchema, key, null, null, 0))
    expect(transformed.keySchema).toBe(Schemas.INT32)
    expect(transformed.key).toBe(42)
  })

  it('gives the field schema and a null value for a null struct', () => {
    xformKey.configure({ field: 'magic' })
    const keySchema = SchemaBuilder.struct().field('magic', Schemas.INT32).optional().build()
    const transformed = xformKey.apply(sinkRecord('test', 0, keySchema, null, null, null, 0))
    expect(transformed.keySchema).toBe(Schemas.INT32)
    expect(transformed.key).toBeNull()
  })

  it('gives null for a field a schemaless map lacks', () => {
    xformKey.configure({ field: 'nonexistent' })
    const transformed = xformKey.apply(sinkRecord('test', 0, null, map({ magic: new Int32(42) }), null, null, 0))
    expect(transformed.keySchema).toBeNull()
    expect(transformed.key).toBeNull()
  })

  it('gives null for a nested field a schemaless map lacks', () => {
    xformKey.configure({ ...V2, field: 'magic.nonexistent' })
    const key = map({ magic: map({ foo: new Int32(42) }) })
    const transformed = xformKey.apply(sinkRecord('test', 0, null, key, null, null, 0))
    expect(transformed.keySchema).toBeNull()
    expect(transformed.key).toBeNull()
  })

  it('fails with IllegalArgumentException for a field the schema lacks', () => {
    xformKey.configure({ field: 'nonexistent' })
    const keySchema = SchemaBuilder.struct().field('magic', Schemas.INT32).build()
    const record = sinkRecord('test', 0, keySchema, new Struct(keySchema).put('magic', 42), null, null, 0)
    expect(() => xformKey.apply(record)).toThrow(IllegalArgumentException)
    expect(() => xformKey.apply(record)).toThrow('Unknown field: nonexistent')
  })

  it('fails with IllegalArgumentException for a nested field the schema lacks', () => {
    xformKey.configure({ ...V2, field: 'magic.nonexistent' })
    const fooSchema = SchemaBuilder.struct().field('foo', Schemas.INT32).build()
    const keySchema = SchemaBuilder.struct().field('magic', fooSchema).build()
    const key = new Struct(keySchema).put('magic', new Struct(fooSchema).put('foo', 42))
    expect(() => xformKey.apply(sinkRecord('test', 0, keySchema, key, null, null, 0))).toThrow(
      new IllegalArgumentException('Unknown field: magic.nonexistent'),
    )
  })

  for (const [replaceNullWithDefault, expected] of [
    [false, null],
    [true, 42],
  ] as const) {
    const schema = SchemaBuilder.struct()
      .field('optional_with_default', SchemaBuilder.int32().optional().defaultValue(42).build())
      .build()
    const props = { field: 'optional_with_default', 'replace.null.with.default': String(replaceNullWithDefault) }

    it(`extracts an unset optional key field as ${expected} with replace.null.with.default=${replaceNullWithDefault}`, () => {
      xformKey.configure(props)
      const key = new Struct(schema).put('optional_with_default', null)
      expect(xformKey.apply(sinkRecord('test', 0, schema, key, null, null, 0)).key).toBe(expected)
    })

    it(`extracts an unset optional value field as ${expected} with replace.null.with.default=${replaceNullWithDefault}`, () => {
      xformValue.configure(props)
      const value = new Struct(schema).put('optional_with_default', null)
      expect(xformValue.apply(sinkRecord('test', 0, null, null, schema, value, 0)).value).toBe(expected)
    })
  }

  // Beyond Kafka's test class.
  it('reads a dotted field name as one top-level name with syntax V1', () => {
    xformValue.configure({ field: 'a.b' })
    expect(xformValue.apply(sinkRecord('t', 0, null, null, null, map({ 'a.b': 'x' }), 0)).value).toBe('x')
  })

  it('reads backtick-quoted steps with syntax V2, in any case of the version', () => {
    xformValue.configure({ 'field.syntax.version': 'v2', field: '`a.b`.c' })
    expect(xformValue.apply(sinkRecord('t', 0, null, null, null, map({ 'a.b': map({ c: 'x' }) }), 0)).value).toBe('x')
  })

  it('rejects an unknown syntax version and an unclosed backtick', () => {
    expect(() => xformValue.configure({ 'field.syntax.version': 'V3', field: 'a' })).toThrow(
      'Invalid value V3 for configuration field.syntax.version: String must be one of (case insensitive): V1, V2',
    )
    expect(() => xformValue.configure({ ...V2, field: '`a.b' })).toThrow(ConfigException)
  })

  it('rejects data that is not a map or struct', () => {
    xformValue.configure({ field: 'a' })
    expect(() => xformValue.apply(sinkRecord('t', 0, null, null, null, 'text', 0))).toThrow(
      'Only Map objects supported in absence of schema for [field extraction], found: java.lang.String',
    )
    expect(() => xformValue.apply(sinkRecord('t', 0, null, null, Schemas.INT32, 42, 0))).toThrow(DataException)
  })
})
