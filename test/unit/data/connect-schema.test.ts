// Ported from Kafka's ConnectSchemaTest (connect/api/src/test/java/org/apache/kafka/connect/data).
import { describe, expect, it } from 'vitest'
import { ConnectDate, ConnectTime, ConnectTimestamp, Decimal } from '../../../layers/runtime/data/logical.js'
import {
  ConnectSchema,
  type Schema,
  SchemaBuilder,
  Schemas,
  schemasEqual,
  validateValue,
} from '../../../layers/runtime/data/schema.js'
import { Struct } from '../../../layers/runtime/data/struct.js'
import { BigDecimal, BigInteger, Type } from '../../../layers/runtime/data/values.js'
import { DataException } from '../../../layers/runtime/errors.js'

const MAP_INT_STRING_SCHEMA = SchemaBuilder.map(Schemas.INT32, Schemas.STRING).build()
const FLAT_STRUCT_SCHEMA = SchemaBuilder.struct().field('field', Schemas.INT32).build()
const STRUCT_SCHEMA = SchemaBuilder.struct()
  .field('first', Schemas.INT32)
  .field('second', Schemas.STRING)
  .field('array', SchemaBuilder.array(Schemas.INT32).build())
  .field('map', SchemaBuilder.map(Schemas.INT32, Schemas.STRING).build())
  .field('nested', FLAT_STRUCT_SCHEMA)
  .build()
const PARENT_STRUCT_SCHEMA = SchemaBuilder.struct().field('nested', FLAT_STRUCT_SCHEMA).build()

function expectInvalid(field: string | null, schema: Schema, value: unknown, message: string): void {
  expect(() => validateValue(schema, value, field)).toThrow(new DataException(message))
}

describe('ConnectSchema fields', () => {
  it('looks struct fields up by name, with their index, and answers undefined for others', () => {
    const schema = SchemaBuilder.struct().field('foo', Schemas.BOOLEAN).field('bar', Schemas.INT32).build()
    expect(schema.fields).toHaveLength(2)
    expect(schema.field('foo')?.index).toBe(0)
    expect(schema.field('bar')?.index).toBe(1)
    expect(schema.field('other')).toBeUndefined()
  })

  it('refuses field look-ups on a non-struct schema', () => {
    // Connect's fields() throws too; our `fields` is an empty list on non-structs, field() throws
    expect(() => Schemas.INT8.field('x')).toThrow(new DataException('Cannot look up fields on non-struct type'))
    expect(Schemas.INT8.fields).toEqual([])
  })

  it('accepts an empty struct schema and a struct made from it', () => {
    const emptyStruct = new ConnectSchema({ type: Type.STRUCT })
    expect(emptyStruct.fields).toHaveLength(0)
    expect(() => new Struct(emptyStruct)).not.toThrow()
  })
})

describe('ConnectSchema.validateValue', () => {
  it('accepts a value of the matching type for every type', () => {
    validateValue(Schemas.INT8, 1)
    validateValue(Schemas.INT16, 1)
    validateValue(Schemas.INT32, 1)
    validateValue(Schemas.INT64, 1n)
    validateValue(Schemas.FLOAT32, 1)
    validateValue(Schemas.FLOAT64, 1)
    validateValue(Schemas.BOOLEAN, true)
    validateValue(Schemas.STRING, 'a string')
    validateValue(Schemas.BYTES, Buffer.from('a byte array'))
    validateValue(Schemas.BYTES, new Uint8Array([1, 2]))
    validateValue(SchemaBuilder.array(Schemas.INT32).build(), [1, 2, 3])
    validateValue(SchemaBuilder.map(Schemas.INT32, Schemas.STRING).build(), new Map([[1, 'value']]))
    const structValue = new Struct(STRUCT_SCHEMA)
      .put('first', 1)
      .put('second', 'foo')
      .put('array', [1, 2, 3])
      .put('map', new Map([[1, 'value']]))
      .put('nested', new Struct(FLAT_STRUCT_SCHEMA).put('field', 12))
    expect(() => validateValue(STRUCT_SCHEMA, structValue)).not.toThrow()
  })

  it('accepts the Java classes of the logical types', () => {
    expect(() => validateValue(Decimal.schema(2), new BigDecimal(156n, 2))).not.toThrow()
    expect(() => validateValue(ConnectDate.schema(), new Date(0))).not.toThrow()
    expect(() => validateValue(ConnectTime.schema(), new Date(0))).not.toThrow()
    expect(() => validateValue(ConnectTimestamp.schema(), new Date(0))).not.toThrow()
  })

  // Java tells Byte from Integer by class; here an int8 is a number in the int8 range
  it('rejects an integer outside the int8 range for int8', () => {
    expect(() => validateValue(Schemas.INT8, 128)).toThrow(DataException)
  })

  it('rejects an integer outside the int16 range for int16', () => {
    expect(() => validateValue(Schemas.INT16, 32768)).toThrow(DataException)
  })

  it('rejects a Long (bigint) for int32', () => {
    expect(() => validateValue(Schemas.INT32, 1n)).toThrow(DataException)
  })

  it('rejects a fraction for int32', () => {
    expect(() => validateValue(Schemas.INT32, 1.5)).toThrow(DataException)
  })

  it('rejects a number for int64', () => {
    expect(() => validateValue(Schemas.INT64, 1)).toThrow(DataException)
  })

  it('rejects a bigint for float32 and float64', () => {
    expect(() => validateValue(Schemas.FLOAT32, 1n)).toThrow(DataException)
    expect(() => validateValue(Schemas.FLOAT64, 1n)).toThrow(DataException)
  })

  it('rejects a number for boolean', () => {
    expect(() => validateValue(Schemas.BOOLEAN, 1)).toThrow(DataException)
  })

  it('rejects a String object (not a primitive string) for string', () => {
    expect(() => validateValue(Schemas.STRING, new String('abc'))).toThrow(DataException)
  })

  it('rejects an array for bytes', () => {
    expect(() => validateValue(Schemas.BYTES, [1, 'foo'])).toThrow(DataException)
  })

  it('rejects an array whose elements do not match', () => {
    expect(() => validateValue(SchemaBuilder.array(Schemas.INT32).build(), ['a', 'b', 'c'])).toThrow(DataException)
  })

  it('rejects an array where only some elements match', () => {
    expect(() => validateValue(SchemaBuilder.array(Schemas.INT32).build(), [1, 2, 'c'])).toThrow(DataException)
  })

  it('rejects a map key of the wrong type', () => {
    expect(() => validateValue(MAP_INT_STRING_SCHEMA, new Map([['wrong key type', 'value']]))).toThrow(DataException)
  })

  it('rejects a map value of the wrong type', () => {
    expect(() => validateValue(MAP_INT_STRING_SCHEMA, new Map([[1, 2]]))).toThrow(DataException)
  })

  it('rejects a map where only some keys match', () => {
    const data = new Map<unknown, string>([
      [1, 'abc'],
      ['wrong', "it's as easy as one two three"],
    ])
    expect(() => validateValue(MAP_INT_STRING_SCHEMA, data)).toThrow(DataException)
  })

  it('rejects a map where only some values match', () => {
    const data = new Map<number, unknown>([
      [1, 'abc'],
      [2, Buffer.from('wrong')],
    ])
    expect(() => validateValue(MAP_INT_STRING_SCHEMA, data)).toThrow(DataException)
  })

  it('rejects a struct of another schema', () => {
    const other = new Struct(SchemaBuilder.struct().field('x', Schemas.INT32).build()).put('x', 1)
    expect(() => validateValue(FLAT_STRUCT_SCHEMA, other)).toThrow(new DataException('Struct schemas do not match.'))
  })

  it('rejects a struct whose nested struct has another schema', () => {
    const nested = new Struct(SchemaBuilder.struct().field('x', Schemas.INT32).build()).put('x', 1)
    expect(() => new Struct(PARENT_STRUCT_SCHEMA).put('nested', nested)).toThrow(DataException)
  })

  it('rejects a BigInteger for Decimal', () => {
    expect(() => validateValue(Decimal.schema(2), new BigInteger(156n))).toThrow(DataException)
  })

  it('rejects a Long for Date, Time and Timestamp', () => {
    expect(() => validateValue(ConnectDate.schema(), 1000n)).toThrow(DataException)
    expect(() => validateValue(ConnectTime.schema(), 1000n)).toThrow(DataException)
    expect(() => validateValue(ConnectTimestamp.schema(), 1000n)).toThrow(DataException)
  })

  it('names the schema, the type, the class and the field in the message', () => {
    expectInvalid(
      null,
      Schemas.INT8,
      {},
      'Invalid Java object for schema with type INT8: class java.lang.Object for value',
    )
    expectInvalid(
      'field',
      Schemas.INT8,
      {},
      'Invalid Java object for schema with type INT8: class java.lang.Object for field: "field"',
    )
  })

  it('names the logical schema when a Long is given for a Timestamp field', () => {
    expect(() => validateValue(Schemas.INT64, 1000n, 'field')).not.toThrow()
    expectInvalid(
      'field',
      ConnectTimestamp.schema(),
      1000n,
      'Invalid Java object for schema "org.apache.kafka.connect.data.Timestamp" with type INT64: class java.lang.Long for field: "field"',
    )
  })

  it('validates list elements against optional and required element schemas, with Connect messages', () => {
    const optionalStrings = SchemaBuilder.array(Schemas.OPTIONAL_STRING).build()
    for (const ok of [[], ['hello'], [null], ['hello', 'world'], ['hello', null], [null, 'world']]) {
      expect(() => validateValue(optionalStrings, ok, 'field')).not.toThrow()
    }
    expectInvalid(
      'field',
      optionalStrings,
      [true],
      'Invalid Java object for schema with type STRING: class java.lang.Boolean for element of array field: "field"',
    )

    const requiredStrings = SchemaBuilder.array(Schemas.STRING).build()
    for (const ok of [[], ['hello'], ['hello', 'world']]) {
      expect(() => validateValue(requiredStrings, ok, 'field')).not.toThrow()
    }
    for (const bad of [[null], ['hello', null], [null, 'world']]) {
      expectInvalid(
        'field',
        requiredStrings,
        bad,
        'Invalid value: null used for required element of array field: "field", schema type: STRING',
      )
    }
  })

  it('reports an array schema without an element schema, whatever the elements', () => {
    const nullElements = SchemaBuilder.type(Type.ARRAY).build()
    for (const value of [[], ['hello'], [null], ['hello', 'world'], ['hello', null], [null, 'world'], [true]]) {
      expectInvalid('field', nullElements, value, 'No schema defined for element of array field: "field"')
    }
  })

  it('validates map keys and values against optional and required schemas, with Connect messages', () => {
    const optionalStrings = SchemaBuilder.map(Schemas.OPTIONAL_STRING, Schemas.OPTIONAL_STRING).build()
    for (const ok of [
      new Map(),
      new Map([['key', 'value']]),
      new Map([['key', null]]),
      new Map([[null, 'value']]),
      new Map([[null, null]]),
    ]) {
      expect(() => validateValue(optionalStrings, ok, 'field')).not.toThrow()
    }
    expectInvalid(
      'field',
      optionalStrings,
      new Map([['key', true]]),
      'Invalid Java object for schema with type STRING: class java.lang.Boolean for value of map field: "field"',
    )
    expectInvalid(
      'field',
      optionalStrings,
      new Map([[true, 'value']]),
      'Invalid Java object for schema with type STRING: class java.lang.Boolean for key of map field: "field"',
    )

    const requiredStrings = SchemaBuilder.map(Schemas.STRING, Schemas.STRING).build()
    expect(() => validateValue(requiredStrings, new Map([['key', 'value']]), 'field')).not.toThrow()
    expectInvalid(
      'field',
      requiredStrings,
      new Map([['key', null]]),
      'Invalid value: null used for required value of map field: "field", schema type: STRING',
    )
    expectInvalid(
      'field',
      requiredStrings,
      new Map([[null, 'value']]),
      'Invalid value: null used for required key of map field: "field", schema type: STRING',
    )
    expectInvalid(
      'field',
      requiredStrings,
      new Map([[null, null]]),
      'Invalid value: null used for required key of map field: "field", schema type: STRING',
    )
  })

  it('reports a map schema without a key or value schema, whatever the entries', () => {
    const nullKeys = SchemaBuilder.type(Type.MAP).build()
    const nullValues = new ConnectSchema({ type: Type.MAP, keySchema: Schemas.OPTIONAL_STRING })
    for (const value of [new Map(), new Map([['key', 'value']]), new Map([[null, null]]), new Map([[true, 'value']])]) {
      expectInvalid('field', nullKeys, value, 'No schema defined for key of map field: "field"')
      expectInvalid('field', nullValues, value, 'No schema defined for value of map field: "field"')
    }
  })
})

describe('ConnectSchema equality', () => {
  it('compares primitive schemas by type, optional, default, name, version, doc and parameters', () => {
    const base = { type: Type.INT8, optional: false, name: 'name', version: 2, doc: 'doc' } as const
    const s1 = new ConnectSchema(base)
    expect(schemasEqual(s1, new ConnectSchema(base))).toBe(true)
    expect(schemasEqual(s1, new ConnectSchema({ ...base, type: Type.INT16 }))).toBe(false)
    expect(schemasEqual(s1, new ConnectSchema({ ...base, optional: true }))).toBe(false)
    expect(schemasEqual(s1, new ConnectSchema({ ...base, defaultValue: true }))).toBe(false)
    expect(schemasEqual(s1, new ConnectSchema({ ...base, name: 'otherName' }))).toBe(false)
    expect(schemasEqual(s1, new ConnectSchema({ ...base, version: 4 }))).toBe(false)
    expect(schemasEqual(s1, new ConnectSchema({ ...base, doc: 'other doc' }))).toBe(false)
    expect(schemasEqual(s1, new ConnectSchema({ ...base, parameters: { param: 'value' } }))).toBe(false)
  })

  it('compares array schemas by their element schema (never the same object)', () => {
    const s1 = new ConnectSchema({ type: Type.ARRAY, valueSchema: SchemaBuilder.int8().build() })
    const s2 = new ConnectSchema({ type: Type.ARRAY, valueSchema: SchemaBuilder.int8().build() })
    const different = new ConnectSchema({ type: Type.ARRAY, valueSchema: SchemaBuilder.int16().build() })
    expect(schemasEqual(s1, s2)).toBe(true)
    expect(s1.hashCode()).toBe(s2.hashCode())
    expect(schemasEqual(s1, different)).toBe(false)
  })

  it('compares array defaults element by element', () => {
    const of = (defaultValue: unknown[]) =>
      new ConnectSchema({ type: Type.ARRAY, defaultValue, valueSchema: SchemaBuilder.int8().build() })
    expect(schemasEqual(of(['a', 'b']), of(['a', 'b']))).toBe(true)
    expect(schemasEqual(of(['a', 'b']), of(['b', 'c']))).toBe(false)
  })

  it('compares map schemas by key and value schema', () => {
    const of = (k: Schema, v: Schema) => new ConnectSchema({ type: Type.MAP, keySchema: k, valueSchema: v })
    const s1 = of(SchemaBuilder.int8().build(), SchemaBuilder.int16().build())
    expect(schemasEqual(s1, of(SchemaBuilder.int8().build(), SchemaBuilder.int16().build()))).toBe(true)
    expect(schemasEqual(s1, of(SchemaBuilder.string().build(), SchemaBuilder.int16().build()))).toBe(false)
    expect(schemasEqual(s1, of(SchemaBuilder.int8().build(), SchemaBuilder.string().build()))).toBe(false)
  })

  it('compares struct schemas field by field', () => {
    const of = (second: string) =>
      new ConnectSchema({
        type: Type.STRUCT,
        fields: [
          { name: 'field', index: 0, schema: SchemaBuilder.int8().build() },
          { name: second, index: 1, schema: SchemaBuilder.int16().build() },
        ],
      })
    expect(schemasEqual(of('field2'), of('field2'))).toBe(true)
    expect(schemasEqual(of('field2'), of('different field name'))).toBe(false)
  })

  it('writes a schema as Connect does: Schema{NAME:TYPE} or Schema{TYPE}', () => {
    expect(String(Schemas.INT32)).toBe('Schema{INT32}')
    expect(String(ConnectDate.schema())).toBe('Schema{org.apache.kafka.connect.data.Date:INT32}')
  })
})
