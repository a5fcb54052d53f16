// Ported from Kafka's HoistFieldTest.
import { afterEach, describe, expect, it } from 'vitest'
import { Schemas, Type } from '../../../layers/runtime/data/schema.js'
import type { Struct } from '../../../layers/runtime/data/struct.js'
import { Int32 } from '../../../layers/runtime/data/values.js'
import { DataException } from '../../../layers/runtime/errors.js'
import { HoistFieldKey, HoistFieldValue } from '../../../layers/transforms/hoist-field.js'
import { map, sinkRecord } from './records.js'

describe('HoistField', () => {
  const xform = new HoistFieldKey()
  afterEach(() => xform.close())

  it('wraps a schemaless key in a map', () => {
    xform.configure({ field: 'magic' })
    const transformed = xform.apply(sinkRecord('test', 0, null, new Int32(42), null, null, 0))
    expect(transformed.keySchema).toBeNull()
    expect(transformed.key).toEqual(map({ magic: new Int32(42) }))
  })

  it('wraps a key with a schema in a struct of one field', () => {
    xform.configure({ field: 'magic' })
    const record = sinkRecord('test', 0, Schemas.INT32, 42, null, null, 0)
    const transformed = xform.apply(record)
    expect(transformed.keySchema!.type).toBe(Type.STRUCT)
    expect(transformed.keySchema!.field('magic')!.schema).toBe(record.keySchema)
    expect((transformed.key as Struct).get('magic')).toBe(42)
  })

  it('gives a mutable map for a schemaless key', () => {
    xform.configure({ field: 'magic' })
    const key = xform.apply(sinkRecord('test', 0, null, new Int32(420), null, null, 0)).key as Map<string, unknown>
    key.set('k', 'v')
    expect(key).toEqual(map({ magic: new Int32(420), k: 'v' }))
  })

  // Beyond Kafka's test class.
  it('wraps a schemaless null, and fails on a null in a required schema', () => {
    const value = new HoistFieldValue()
    value.configure({ field: 'f' })
    expect(value.apply(sinkRecord('t', 0, null, null, null, null, 0)).value).toEqual(map({ f: null }))
    expect(() => value.apply(sinkRecord('t', 0, null, null, Schemas.STRING, null, 0))).toThrow(DataException)
    const optional = value.apply(sinkRecord('t', 0, null, null, Schemas.OPTIONAL_STRING, null, 0))
    expect((optional.value as Struct).get('f')).toBeNull()
  })

  it('gives an unnamed required struct schema and caches it', () => {
    xform.configure({ field: 'magic' })
    const first = xform.apply(sinkRecord('t', 0, Schemas.INT32, 1, null, null, 0)).keySchema!
    expect(first.name).toBeNull()
    expect(first.optional).toBe(false)
    expect(xform.apply(sinkRecord('t', 0, Schemas.INT32, 2, null, null, 0)).keySchema).toBe(first)
  })
})
