// Ported from Kafka's SchemaBuilderTest (connect/api/src/test/java/org/apache/kafka/connect/data).
import { describe, expect, it } from 'vitest'
import {
  type Schema,
  SchemaBuilder,
  SchemaBuilderException,
  Schemas,
  schemasEqual,
} from '../../../layers/runtime/data/schema.js'
import { Struct } from '../../../layers/runtime/data/struct.js'
import { Type, type Type as TypeT, valuesEqual } from '../../../layers/runtime/data/values.js'

const NAME = 'name'
const VERSION = 2
const DOC = 'doc'

function expectTypeAndDefault(schema: Schema, type: TypeT, optional: boolean, defaultValue: unknown): void {
  expect(schema.type).toBe(type)
  expect(schema.optional).toBe(optional)
  expect(valuesEqual(schema.defaultValue, defaultValue)).toBe(true)
}

function expectMetadata(
  schema: Schema,
  name: string | null,
  version: number | null,
  doc: string | null,
  parameters: Record<string, string> | null,
): void {
  expect(schema.name).toBe(name)
  expect(schema.version).toBe(version)
  expect(schema.doc).toBe(doc)
  expect(schema.parameters).toEqual(parameters)
}

const PRIMITIVES: ReadonlyArray<readonly [string, () => SchemaBuilder, TypeT, unknown, unknown]> = [
  ['int8', SchemaBuilder.int8, Type.INT8, 12, 'invalid'],
  ['int16', SchemaBuilder.int16, Type.INT16, 12, 'invalid'],
  ['int32', SchemaBuilder.int32, Type.INT32, 12, 'invalid'],
  ['int64', SchemaBuilder.int64, Type.INT64, 12n, 'invalid'],
  ['float32', SchemaBuilder.float32, Type.FLOAT32, 12, 'invalid'],
  ['float64', SchemaBuilder.float64, Type.FLOAT64, 12, 'invalid'],
  ['boolean', SchemaBuilder.bool, Type.BOOLEAN, true, 'invalid'],
  ['string', SchemaBuilder.string, Type.STRING, 'a default string', true],
  ['bytes', SchemaBuilder.bytes, Type.BYTES, Buffer.from('a default byte array'), 'a string, not bytes'],
]

describe('SchemaBuilder', () => {
  it.each(PRIMITIVES)('builds a plain %s schema and one with every attribute set', (_n, of, type, def) => {
    const plain = of().build()
    expectTypeAndDefault(plain, type, false, null)
    expectMetadata(plain, null, null, null, null)

    const full = of().name(NAME).optional().defaultValue(def).version(VERSION).doc(DOC).build()
    expectTypeAndDefault(full, type, true, def)
    expectMetadata(full, NAME, VERSION, DOC, null)
  })

  it.each(PRIMITIVES)('rejects a default of the wrong type for %s', (_n, of, _t, _d, invalid) => {
    expect(() => of().defaultValue(invalid)).toThrow(SchemaBuilderException)
  })

  it('rejects an int64 default given as a number, and an int8 default out of range', () => {
    expect(() => SchemaBuilder.int64().defaultValue(12)).toThrow(SchemaBuilderException)
    expect(() => SchemaBuilder.int8().defaultValue(300)).toThrow(SchemaBuilderException)
  })

  it('collects parameters one by one or as a map', () => {
    const expected = { foo: 'val', bar: 'baz' }
    const one = SchemaBuilder.string().parameter('foo', 'val').parameter('bar', 'baz').build()
    expectTypeAndDefault(one, Type.STRING, false, null)
    expectMetadata(one, null, null, null, expected)

    const all = SchemaBuilder.string().parameters(expected).build()
    expectMetadata(all, null, null, null, expected)
  })

  it('adds no parameters for an empty map, so the schema has none (null)', () => {
    const schema = SchemaBuilder.string().parameters({}).build()
    expect(schema.parameters).toBeNull()
    expect(schemasEqual(schema, Schemas.STRING)).toBe(true)
  })

  it('builds a struct schema with its fields in order', () => {
    const schema = SchemaBuilder.struct().field('field1', Schemas.INT8).field('field2', Schemas.INT8).build()
    expectTypeAndDefault(schema, Type.STRUCT, false, null)
    expect(schema.fields.map((f) => [f.name, f.index])).toEqual([
      ['field1', 0],
      ['field2', 1],
    ])
    expect(schema.fields[0]!.schema).toBe(Schemas.INT8)
    expect(schema.fields[1]!.schema).toBe(Schemas.INT8)
    expectMetadata(schema, null, null, null, null)
  })

  it('refuses fields on a non-struct type', () => {
    expect(() => SchemaBuilder.int8().field('field', SchemaBuilder.int8().build())).toThrow(
      new SchemaBuilderException('Cannot create fields on type INT8'),
    )
  })

  it('builds an array schema, with a default', () => {
    const schema = SchemaBuilder.array(Schemas.INT8).build()
    expectTypeAndDefault(schema, Type.ARRAY, false, null)
    expect(schema.valueSchema).toBe(Schemas.INT8)
    expectMetadata(schema, null, null, null, null)

    const withDefault = SchemaBuilder.array(Schemas.INT8).defaultValue([1, 2]).build()
    expectTypeAndDefault(withDefault, Type.ARRAY, false, [1, 2])
    expect(withDefault.valueSchema).toBe(Schemas.INT8)
  })

  it('rejects an array default with elements of the wrong type', () => {
    expect(() => SchemaBuilder.array(Schemas.INT8).defaultValue(['string'])).toThrow(SchemaBuilderException)
  })

  it('builds a map schema, with a default', () => {
    const schema = SchemaBuilder.map(Schemas.INT8, Schemas.INT8).build()
    expectTypeAndDefault(schema, Type.MAP, false, null)
    expect(schema.keySchema).toBe(Schemas.INT8)
    expect(schema.valueSchema).toBe(Schemas.INT8)
    expectMetadata(schema, null, null, null, null)

    const defMap = new Map([[5, 10]])
    const withDefault = SchemaBuilder.map(Schemas.INT8, Schemas.INT8).defaultValue(defMap).build()
    expectTypeAndDefault(withDefault, Type.MAP, false, defMap)
  })

  it('rejects a map default with values of the wrong type', () => {
    expect(() => SchemaBuilder.map(Schemas.INT8, Schemas.INT8).defaultValue(new Map([[5, 'foo']]))).toThrow(
      SchemaBuilderException,
    )
  })

  it('builds an empty struct, and a struct from it', () => {
    const builder = SchemaBuilder.struct()
    expect(builder.fields()).toHaveLength(0)
    const schema = builder.build()
    expect(schema.fields).toHaveLength(0)
    expect(() => new Struct(schema)).not.toThrow()
  })

  it('rejects a duplicate field name', () => {
    const b = SchemaBuilder.struct().name('testing').field('id', SchemaBuilder.string().doc('').build())
    expect(() => b.field('id', SchemaBuilder.string().doc('').build())).toThrow(
      new SchemaBuilderException('Cannot create field because of field name duplication id'),
    )
  })

  it('accepts setting name and version again to the same value', () => {
    const builder = SchemaBuilder.string().name('testing').version(123)
    builder.name('testing')
    builder.version(123)
    expect(builder.build().name).toBe('testing')
  })

  it('refuses setting version again to another value', () => {
    const builder = SchemaBuilder.string().name('testing').version(123)
    builder.name('testing')
    expect(() => builder.version(456)).toThrow(
      new SchemaBuilderException('Invalid SchemaBuilder call: version has already been set.'),
    )
  })

  it('refuses required() after optional() and the reverse, as Connect does, but not a repeat', () => {
    expect(() => SchemaBuilder.int8().optional().required()).toThrow(
      new SchemaBuilderException('Invalid SchemaBuilder call: optional has already been set.'),
    )
    expect(() => SchemaBuilder.int8().required().optional()).toThrow(SchemaBuilderException)
    expect(SchemaBuilder.int8().optional().optional().build().optional).toBe(true)
  })

  it('rejects a null or empty field name and a null field schema', () => {
    expect(() => SchemaBuilder.struct().field(null as unknown as string, Schemas.STRING)).toThrow(
      new SchemaBuilderException('fieldName cannot be null.'),
    )
    expect(() => SchemaBuilder.struct().field('', Schemas.STRING)).toThrow(SchemaBuilderException)
    expect(() => SchemaBuilder.struct().field('fieldName', null as unknown as Schema)).toThrow(
      new SchemaBuilderException('fieldSchema for field fieldName cannot be null.'),
    )
  })

  it('rejects null element, key and value schemas for arrays and maps', () => {
    expect(() => SchemaBuilder.array(null as unknown as Schema)).toThrow(
      new SchemaBuilderException('valueSchema cannot be null.'),
    )
    expect(() => SchemaBuilder.map(null as unknown as Schema, Schemas.STRING)).toThrow(
      new SchemaBuilderException('keySchema cannot be null.'),
    )
    expect(() => SchemaBuilder.map(Schemas.STRING, null as unknown as Schema)).toThrow(
      new SchemaBuilderException('valueSchema cannot be null.'),
    )
  })

  it('rejects a null type', () => {
    expect(() => SchemaBuilder.type(null as unknown as TypeT)).toThrow(
      new SchemaBuilderException('type cannot be null'),
    )
  })

  it('rejects a null default for a required schema, and accepts one for an optional schema', () => {
    expect(() => SchemaBuilder.int32().defaultValue(null)).toThrow(SchemaBuilderException)
    expect(SchemaBuilder.int32().optional().defaultValue(null).build().defaultValue).toBeNull()
  })
})
