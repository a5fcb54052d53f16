import { describe, expect, it } from 'vitest'
import { javaClassName, javaToString, toSchemaless } from '../../../layers/runtime/data/java-objects.js'
import { SchemaBuilder, Schemas } from '../../../layers/runtime/data/schema.js'
import { Struct } from '../../../layers/runtime/data/struct.js'
import { BigDecimal, Float32, Int8, Int16, Int32 } from '../../../layers/runtime/data/values.js'

describe('our values as Java objects', () => {
  it('reads a plain number by its schema: a Byte, Short, Integer, Float, or a Double without one', () => {
    expect(javaClassName(Schemas.INT8, 1)).toBe('java.lang.Byte')
    expect(javaClassName(Schemas.INT32, 1)).toBe('java.lang.Integer')
    expect(javaClassName(Schemas.FLOAT32, 1)).toBe('java.lang.Float')
    expect(javaClassName(null, 1)).toBe('java.lang.Double')
    expect(javaClassName(Schemas.STRING, new Int16(1))).toBe('java.lang.Short')
    expect(javaClassName(null, 1n)).toBe('java.lang.Long')
    expect(javaClassName(null, Uint8Array.of(1))).toBe('[B')
  })

  it('prints values as Java’s toString does', () => {
    expect(javaToString(Schemas.INT32, 5)).toBe('5')
    expect(javaToString(null, 5)).toBe('5.0')
    expect(javaToString(Schemas.FLOAT32, Math.fround(0.1))).toBe('0.1')
    expect(javaToString(null, new Float32(0.1))).toBe('0.1')
    expect(javaToString(null, 12n)).toBe('12')
    expect(javaToString(null, new BigDecimal(123n, 5))).toBe('0.00123')
    expect(javaToString(null, null)).toBe('null')
    expect(javaToString(null, new Date(0))).toBe('Thu Jan 01 00:00:00 UTC 1970')
  })

  it('prints lists as [a, b] and maps as {k=v}, reading elements by the container’s schema', () => {
    expect(javaToString(SchemaBuilder.array(Schemas.INT16).build(), [1, 2])).toBe('[1, 2]')
    expect(javaToString(null, [1, null, 'x'])).toBe('[1.0, null, x]')
    const map = new Map<unknown, unknown>([
      ['a', 1],
      ['b', [true]],
    ])
    expect(javaToString(SchemaBuilder.map(Schemas.STRING, Schemas.INT8).build(), new Map([['a', 1]]))).toBe('{a=1}')
    expect(javaToString(null, map)).toBe('{a=1.0, b=[true]}')
  })

  it('prints a struct as Struct{…}, leaving null fields out and reading fields by their schemas', () => {
    const schema = SchemaBuilder.struct()
      .field('a', Schemas.INT32)
      .field('b', Schemas.OPTIONAL_STRING)
      .field('c', Schemas.FLOAT64)
      .build()
    expect(javaToString(schema, new Struct(schema).put('a', 1).put('c', 2))).toBe('Struct{a=1,c=2.0}')
  })

  it('prints a byte array as [B@ and a hash of its content, stable from run to run', () => {
    expect(javaToString(null, Uint8Array.of(1, 2))).toBe('[B@3e2')
    expect(javaToString(null, new Uint8Array(0))).toBe('[B@1')
  })

  it('wraps schema-typed numbers in containers so they keep their class without the schema', () => {
    const schema = SchemaBuilder.map(Schemas.STRING, SchemaBuilder.array(Schemas.INT8).build()).build()
    expect(toSchemaless(schema, new Map([['a', [1, 2]]]))).toStrictEqual(new Map([['a', [new Int8(1), new Int8(2)]]]))
    expect(toSchemaless(Schemas.INT32, 7)).toStrictEqual(new Int32(7))
    expect(toSchemaless(Schemas.FLOAT64, 7)).toBe(7)
    const list = ['a']
    expect(toSchemaless(SchemaBuilder.array(Schemas.STRING).build(), list)).toBe(list)
  })
})
