// Ported from Kafka's ValueToKeyTest, plus Kafka 4's field.syntax.version on ValueToKey.
import { afterEach, describe, expect, it } from 'vitest'
import { SchemaBuilder, Schemas } from '../../../layers/runtime/data/schema.js'
import { Struct } from '../../../layers/runtime/data/struct.js'
import { Int32 } from '../../../layers/runtime/data/values.js'
import { DataException } from '../../../layers/runtime/errors.js'
import { ValueToKey } from '../../../layers/transforms/value-to-key.js'
import { map, sinkRecord } from './records.js'

describe('ValueToKey', () => {
  const xform = new ValueToKey()
  afterEach(() => xform.close())

  it('makes a schemaless key of the listed value fields', () => {
    xform.configure({ fields: 'a,b' })
    const value = map({ a: new Int32(1), b: new Int32(2), c: new Int32(3) })
    const transformed = xform.apply(sinkRecord('', 0, null, null, null, value, 0))
    expect(transformed.keySchema).toBeNull()
    expect(transformed.key).toEqual(map({ a: new Int32(1), b: new Int32(2) }))
  })

  it('makes a struct key with a schema of the listed value fields', () => {
    xform.configure({ fields: 'a,b' })
    const valueSchema = SchemaBuilder.struct()
      .field('a', Schemas.INT32)
      .field('b', Schemas.INT32)
      .field('c', Schemas.INT32)
      .build()
    const value = new Struct(valueSchema).put('a', 1).put('b', 2).put('c', 3)
    const transformed = xform.apply(sinkRecord('', 0, null, null, valueSchema, value, 0))
    const expectedKeySchema = SchemaBuilder.struct().field('a', Schemas.INT32).field('b', Schemas.INT32).build()
    expect(transformed.keySchema).toEqual(expectedKeySchema)
    expect((transformed.key as Struct).equals(new Struct(expectedKeySchema).put('a', 1).put('b', 2))).toBe(true)
  })

  it('fails for a field the value schema lacks', () => {
    xform.configure({ fields: 'not_exist' })
    const valueSchema = SchemaBuilder.struct().field('a', Schemas.INT32).build()
    const record = sinkRecord('', 0, null, null, valueSchema, new Struct(valueSchema).put('a', 1), 0)
    expect(() => xform.apply(record)).toThrow(DataException)
    expect(() => xform.apply(record)).toThrow('Field does not exist: not_exist')
  })

  for (const [replaceNullWithDefault, expected] of [
    [false, null],
    [true, 42],
  ] as const) {
    it(`copies an unset optional field as ${expected} with replace.null.with.default=${replaceNullWithDefault}`, () => {
      xform.configure({ fields: 'optional_with_default', 'replace.null.with.default': String(replaceNullWithDefault) })
      const valueSchema = SchemaBuilder.struct()
        .field('optional_with_default', SchemaBuilder.int32().optional().defaultValue(42).build())
        .build()
      const value = new Struct(valueSchema).put('optional_with_default', null)
      const key = xform.apply(sinkRecord('', 0, null, null, valueSchema, value, 0)).key as Struct
      expect(key.getWithoutDefault('optional_with_default')).toBe(expected)
    })
  }

  // Kafka 4.x: field.syntax.version on ValueToKey (KIP-821).
  it('copies nested fields with syntax V2, naming the key field by the path', () => {
    xform.configure({ fields: 'a.b,c', 'field.syntax.version': 'V2' })
    const inner = SchemaBuilder.struct().field('b', Schemas.STRING).build()
    const valueSchema = SchemaBuilder.struct().field('a', inner).field('c', Schemas.INT32).build()
    const value = new Struct(valueSchema).put('a', new Struct(inner).put('b', 'x')).put('c', 7)
    const transformed = xform.apply(sinkRecord('', 0, null, null, valueSchema, value, 0))
    expect(transformed.keySchema!.fields.map((f) => [f.name, f.schema])).toEqual([
      ['a.b', Schemas.STRING],
      ['c', Schemas.INT32],
    ])
    expect((transformed.key as Struct).get('a.b')).toBe('x')
    const schemaless = xform.apply(sinkRecord('', 0, null, null, null, map({ a: map({ b: 'y' }) }), 0))
    expect(schemaless.key).toEqual(map({ 'a.b': 'y', c: null }))
  })

  // Beyond Kafka's test class.
  it('rejects a tombstone', () => {
    xform.configure({ fields: 'a' })
    expect(() => xform.apply(sinkRecord('', 0, null, null, null, null, 0))).toThrow(
      'Only Map objects supported in absence of schema for [copying fields from value to key], found: null',
    )
  })

  it('rejects an empty or duplicated field list, as Kafka 4 does', () => {
    expect(() => xform.configure({ fields: '' })).toThrow(
      "Configuration 'fields' must not be empty. Valid values include: any non-empty value",
    )
    expect(() => xform.configure({ fields: 'a,a' })).toThrow("Configuration 'fields' values must not be duplicated.")
  })

  it('caches the key schema per value schema', () => {
    xform.configure({ fields: 'a' })
    const valueSchema = SchemaBuilder.struct().field('a', Schemas.INT32).build()
    const first = xform.apply(sinkRecord('', 0, null, null, valueSchema, new Struct(valueSchema).put('a', 1), 0))
    const second = xform.apply(sinkRecord('', 0, null, null, valueSchema, new Struct(valueSchema).put('a', 2), 0))
    expect(second.keySchema).toBe(first.keySchema)
  })
})
