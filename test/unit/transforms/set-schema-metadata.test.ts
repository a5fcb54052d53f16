// Ported from Kafka's SetSchemaMetadataTest.
import { afterEach, describe, expect, it } from 'vitest'
import { type Schema, SchemaBuilder, Schemas } from '../../../layers/runtime/data/schema.js'
import { Struct } from '../../../layers/runtime/data/struct.js'
import { ConfigException, DataException } from '../../../layers/runtime/errors.js'
import { SetSchemaMetadataKey, SetSchemaMetadataValue } from '../../../layers/transforms/set-schema-metadata.js'
import { sinkRecord } from './records.js'

function assertMatchingSchema(value: Struct, schema: Schema): void {
  expect(value.schema).toBe(schema)
  expect(value.schema.name).toBe(schema.name)
  for (const f of schema.fields) {
    expect(value.schema.field(f.name)!.name).toBe(f.name)
    expect(value.schema.field(f.name)!.index).toBe(f.index)
    expect(value.schema.field(f.name)!.schema).toBe(f.schema)
  }
}

describe('SetSchemaMetadata', () => {
  const xform = new SetSchemaMetadataValue()
  afterEach(() => xform.close())

  it('sets the schema name', () => {
    xform.configure({ 'schema.name': 'foo' })
    const updated = xform.apply(sinkRecord('', 0, null, null, SchemaBuilder.struct().build(), null, 0))
    expect(updated.valueSchema!.name).toBe('foo')
  })

  it('sets the schema version', () => {
    xform.configure({ 'schema.version': '42' })
    const updated = xform.apply(sinkRecord('', 0, null, null, SchemaBuilder.struct().build(), null, 0))
    expect(updated.valueSchema!.version).toBe(42)
  })

  it('sets the schema name and version', () => {
    xform.configure({ 'schema.name': 'foo', 'schema.version': '42' })
    const updated = xform.apply(sinkRecord('', 0, null, null, SchemaBuilder.struct().build(), null, 0))
    expect(updated.valueSchema!.name).toBe('foo')
    expect(updated.valueSchema!.version).toBe(42)
  })

  it('copies a struct value into the renamed schema', () => {
    const schema = SchemaBuilder.struct()
      .name('my.orig.SchemaDefn')
      .field('f1', Schemas.STRING)
      .field('f2', Schemas.INT32)
      .build()
    const value = new Struct(schema).put('f1', 'value1').put('f2', 1)
    xform.configure({ 'schema.name': 'foo', 'schema.version': '42' })
    const updated = xform.apply(sinkRecord('', 0, null, null, schema, value, 0))
    expect(updated.valueSchema!.name).toBe('foo')
    expect(updated.valueSchema!.version).toBe(42)
    assertMatchingSchema(updated.value as Struct, updated.valueSchema!)
  })

  for (const [replaceNullWithDefault, expected] of [
    [false, null],
    [true, 'default'],
  ] as const) {
    it(`copies a null field as ${expected} with replace.null.with.default=${replaceNullWithDefault}`, () => {
      const schema = SchemaBuilder.struct()
        .name('my.orig.SchemaDefn')
        .field('f1', SchemaBuilder.string().defaultValue('default').optional().build())
        .field('f2', Schemas.INT32)
        .build()
      const value = new Struct(schema).put('f1', null).put('f2', 1)
      xform.configure({
        'schema.name': 'foo',
        'schema.version': '42',
        'replace.null.with.default': String(replaceNullWithDefault),
      })
      const updated = xform.apply(sinkRecord('', 0, null, null, schema, value, 0))
      expect(updated.valueSchema!.name).toBe('foo')
      expect(updated.valueSchema!.version).toBe(42)
      assertMatchingSchema(updated.value as Struct, updated.valueSchema!)
      expect((updated.value as Struct).getWithoutDefault('f1')).toBe(expected)
    })
  }

  it('requires a schema for a value', () => {
    xform.configure({ 'schema.name': 'foo' })
    expect(() => xform.apply(sinkRecord('', 0, null, null, null, 42, 0))).toThrow(
      new DataException('Schema required for [updating schema metadata]'),
    )
  })

  it('passes a record with neither value nor schema through', () => {
    xform.configure({ 'schema.name': 'foo' })
    const updated = xform.apply(sinkRecord('', 0, null, null, null, null, 0))
    expect(updated.key).toBeNull()
    expect(updated.keySchema).toBeNull()
    expect(updated.value).toBeNull()
    expect(updated.valueSchema).toBeNull()
  })

  it('copies a struct into a new schema', () => {
    const schema = SchemaBuilder.struct()
      .name('my.orig.SchemaDefn')
      .field('f1', Schemas.STRING)
      .field('f2', Schemas.INT32)
      .build()
    const value = new Struct(schema).put('f1', 'value1').put('f2', 1)
    const newSchema = SchemaBuilder.struct()
      .name('my.updated.SchemaDefn')
      .field('f1', Schemas.STRING)
      .field('f2', Schemas.INT32)
      .build()
    assertMatchingSchema(xform.updateSchemaIn(value, newSchema) as Struct, newSchema)
  })

  it('leaves a value that is not a struct as it is', () => {
    expect(xform.updateSchemaIn(1, Schemas.INT32)).toBe(1)
  })

  it('leaves null as null', () => {
    expect(xform.updateSchemaIn(null, Schemas.INT32)).toBeNull()
  })

  // Beyond Kafka's test class.
  it('requires a name or a version', () => {
    expect(() => new SetSchemaMetadataValue().configure({})).toThrow(
      new ConfigException('Neither schema name nor version configured'),
    )
  })

  it('fails on a schema that is not a struct, as Connect does', () => {
    xform.configure({ 'schema.name': 'foo' })
    expect(() => xform.apply(sinkRecord('', 0, null, null, Schemas.STRING, 'x', 0))).toThrow(
      'Cannot list fields on non-struct type',
    )
  })

  it('keeps optionality, default, doc and parameters of the key schema', () => {
    const key = new SetSchemaMetadataKey()
    key.configure({ 'schema.version': '7' })
    const schema = SchemaBuilder.struct()
      .name('n')
      .doc('d')
      .parameter('p', 'v')
      .optional()
      .field('a', Schemas.INT32)
      .build()
    const updated = key.apply(sinkRecord('', 0, schema, new Struct(schema).put('a', 1), null, null, 0)).keySchema!
    expect(updated).toMatchObject({ name: 'n', version: 7, doc: 'd', parameters: { p: 'v' }, optional: true })
  })
})
