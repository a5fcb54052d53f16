// Ported from Kafka's StructTest (connect/api/src/test/java/org/apache/kafka/connect/data).
import { describe, expect, it } from 'vitest'
import { type Field, SchemaBuilder, Schemas } from '../../../layers/runtime/data/schema.js'
import { Struct } from '../../../layers/runtime/data/struct.js'
import { DataException } from '../../../layers/runtime/errors.js'

const FLAT_STRUCT_SCHEMA = SchemaBuilder.struct()
  .field('int8', Schemas.INT8)
  .field('int16', Schemas.INT16)
  .field('int32', Schemas.INT32)
  .field('int64', Schemas.INT64)
  .field('float32', Schemas.FLOAT32)
  .field('float64', Schemas.FLOAT64)
  .field('boolean', Schemas.BOOLEAN)
  .field('string', Schemas.STRING)
  .field('bytes', Schemas.BYTES)
  .build()
const ARRAY_SCHEMA = SchemaBuilder.array(Schemas.INT8).build()
const MAP_SCHEMA = SchemaBuilder.map(Schemas.INT32, Schemas.STRING).build()
const NESTED_CHILD_SCHEMA = SchemaBuilder.struct().field('int8', Schemas.INT8).build()
const NESTED_SCHEMA = SchemaBuilder.struct()
  .field('array', ARRAY_SCHEMA)
  .field('map', MAP_SCHEMA)
  .field('nested', NESTED_CHILD_SCHEMA)
  .build()
const REQUIRED_FIELD_SCHEMA = Schemas.INT8
const OPTIONAL_FIELD_SCHEMA = SchemaBuilder.int8().optional().build()
const DEFAULT_FIELD_SCHEMA = SchemaBuilder.int8().defaultValue(0).build()

function flatStruct(string: string, bytes: Uint8Array = Buffer.from('foobar')): Struct {
  return new Struct(FLAT_STRUCT_SCHEMA)
    .put('int8', 12)
    .put('int16', 12)
    .put('int32', 12)
    .put('int64', 12n)
    .put('float32', 12)
    .put('float64', 12)
    .put('boolean', true)
    .put('string', string)
    .put('bytes', bytes)
}

describe('Struct', () => {
  it('holds a value of every primitive type and gives it back through the typed getters', () => {
    const struct = flatStruct('foobar')
    expect(struct.getInt8('int8')).toBe(12)
    expect(struct.getInt16('int16')).toBe(12)
    expect(struct.getInt32('int32')).toBe(12)
    expect(struct.getInt64('int64')).toBe(12n)
    expect(struct.getFloat32('float32')).toBe(12)
    expect(struct.getFloat64('float64')).toBe(12)
    expect(struct.getBoolean('boolean')).toBe(true)
    expect(struct.getString('string')).toBe('foobar')
    expect(Buffer.from(struct.getBytes('bytes')!).toString()).toBe('foobar')
    expect(() => struct.validate()).not.toThrow()
  })

  it('holds arrays, maps and nested structs', () => {
    const array = [1, 2]
    const map = new Map([[1, 'string']])
    const struct = new Struct(NESTED_SCHEMA)
      .put('array', array)
      .put('map', map)
      .put('nested', new Struct(NESTED_CHILD_SCHEMA).put('int8', 12))
    expect(struct.getArray('array')).toEqual(array)
    expect(struct.getMap('map')).toEqual(map)
    expect(struct.getStruct('nested')?.get('int8')).toBe(12)
    expect(() => struct.validate()).not.toThrow()
  })

  it('refuses a typed getter of another type', () => {
    expect(() => flatStruct('x').getInt32('int8')).toThrow(new DataException("Field 'int8' is not of type INT32"))
  })

  it('rejects a value of the wrong type for a field', () => {
    expect(() => new Struct(FLAT_STRUCT_SCHEMA).put('int8', 'should fail because this is a string, not int8')).toThrow(
      DataException,
    )
  })

  it('rejects array elements of the wrong type', () => {
    expect(() => new Struct(NESTED_SCHEMA).put('array', ['should fail since elements should be int8s'])).toThrow(
      DataException,
    )
  })

  it('rejects map keys of the wrong type', () => {
    expect(() =>
      new Struct(NESTED_SCHEMA).put('map', new Map([['should fail because keys should be int8s', 12]])),
    ).toThrow(DataException)
  })

  it('refuses a struct schema that is not one (a map schema)', () => {
    expect(() => new Struct(MAP_SCHEMA)).toThrow(new DataException('Not a struct schema: Schema{MAP}'))
  })

  it('rejects a nested struct that is itself invalid (a required field missing)', () => {
    expect(() => new Struct(NESTED_SCHEMA).put('nested', new Struct(NESTED_CHILD_SCHEMA))).toThrow(DataException)
  })

  it('fails validation where a required field is missing', () => {
    const struct = new Struct(SchemaBuilder.struct().field('field', REQUIRED_FIELD_SCHEMA).build())
    expect(() => struct.validate()).toThrow(DataException)
  })

  it('passes validation where an optional field is missing', () => {
    const struct = new Struct(SchemaBuilder.struct().field('field', OPTIONAL_FIELD_SCHEMA).build())
    expect(() => struct.validate()).not.toThrow()
  })

  it('passes validation where a field with a default is missing', () => {
    const struct = new Struct(SchemaBuilder.struct().field('field', DEFAULT_FIELD_SCHEMA).build())
    expect(() => struct.validate()).not.toThrow()
  })

  it("gives a missing field's default from get, and null from getWithoutDefault", () => {
    const struct = new Struct(SchemaBuilder.struct().field('field', DEFAULT_FIELD_SCHEMA).build())
    expect(struct.get('field')).toBe(0)
    expect(struct.getWithoutDefault('field')).toBeNull()
  })

  it('gives null for a missing field without a default', () => {
    const struct = new Struct(SchemaBuilder.struct().field('field', REQUIRED_FIELD_SCHEMA).build())
    expect(struct.get('field')).toBeNull()
  })

  it('passes validation for a null field whose default is a struct of the schema before it had the default', () => {
    const inner = SchemaBuilder.struct().field('n', Schemas.INT32)
    const innerDefault = new Struct(inner.build()).put('n', 1)
    const withDefault = inner.defaultValue(innerDefault).build()
    const struct = new Struct(SchemaBuilder.struct().field('s', withDefault).build())
    expect(() => struct.validate()).not.toThrow()
  })

  it('equals a struct with the same schema and values, bytes compared by content', () => {
    expect(flatStruct('foobar').equals(flatStruct('foobar'))).toBe(true)
    expect(flatStruct('foobar').equals(flatStruct('mismatching string'))).toBe(false)
    const a = flatStruct('foobar', Buffer.from('foobar'))
    const b = flatStruct('foobar', Buffer.from('foobar'))
    expect(a.equals(b)).toBe(true)
    expect(b.equals(a)).toBe(true)
    expect(a.equals(flatStruct('foobar', Buffer.from('mismatching_string')))).toBe(false)
  })

  it('compares nested arrays, maps and structs by value', () => {
    const make = (array: number[], key: number, int8: number) =>
      new Struct(NESTED_SCHEMA)
        .put('array', array)
        .put('map', new Map([[key, 'string']]))
        .put('nested', new Struct(NESTED_CHILD_SCHEMA).put('int8', int8))
    expect(make([1, 2], 1, 12).equals(make([1, 2], 1, 12))).toBe(true)
    expect(make([1, 2], 1, 12).equals(make([1, 2, 3], 2, 13))).toBe(false)
  })

  it('names the first missing required field when validating', () => {
    const schema = SchemaBuilder.struct()
      .field('one', Schemas.STRING)
      .field('two', Schemas.STRING)
      .field('three', Schemas.STRING)
      .build()
    expect(() => new Struct(schema).validate()).toThrow(
      new DataException('Invalid value: null used for required field: "one", schema type: STRING'),
    )
  })

  it('refuses to put a value for a null field', () => {
    const struct = new Struct(SchemaBuilder.struct().field('fieldName', Schemas.STRING).build())
    expect(() => struct.put(null as unknown as Field, 'valid')).toThrow(new DataException('field cannot be null.'))
  })

  it('names the field when a put is invalid', () => {
    const struct = new Struct(SchemaBuilder.struct().field('fieldName', Schemas.STRING).build())
    expect(() => struct.put('fieldName', null)).toThrow(
      new DataException('Invalid value: null used for required field: "fieldName", schema type: STRING'),
    )
  })

  it('refuses an unknown field name', () => {
    expect(() => new Struct(NESTED_SCHEMA).put('nope', 1)).toThrow(new DataException('nope is not a valid field name'))
  })

  it('holds a null for a required field when put without validation, for readers that must', () => {
    const struct = new Struct(SchemaBuilder.struct().field('fieldName', Schemas.STRING).build())
    struct.putWithoutValidation('fieldName', null)
    expect(struct.get('fieldName')).toBeNull()
    expect(() => struct.validate()).toThrow(DataException)
  })

  it('checks again what changed since it last validated, as Connect re-checks every field each time', () => {
    const nested = new Struct(NESTED_CHILD_SCHEMA).put('int8', 1)
    const array = [1, 2]
    const struct = new Struct(NESTED_SCHEMA)
      .put('array', array)
      .put('map', new Map([[1, 'a']]))
      .put('nested', nested)
    struct.validate()
    // an array changed in place after validation
    array.push(300)
    expect(() => struct.validate()).toThrow(/element of array field: "array"/)
    array.pop()
    struct.validate()
    // a nested struct given a value without validation
    nested.putWithoutValidation('int8', null)
    expect(() => struct.validate()).toThrow(/null used for required field: "int8"/)
    nested.put('int8', 2)
    struct.validate()
    // the struct itself, a field set without validation
    struct.putWithoutValidation('map', null)
    expect(() => struct.validate()).toThrow(/null used for required field: "map"/)
  })

  it('validates a struct copied into another field by field as it validates the original', () => {
    const inner = new Struct(NESTED_CHILD_SCHEMA)
    inner.putWithoutValidation('int8', 'not a byte')
    expect(() => new Struct(NESTED_SCHEMA).put('nested', inner)).toThrow(/class java.lang.String for field: "int8"/)
    inner.put('int8', 3)
    const copy = new Struct(NESTED_SCHEMA).put('nested', inner)
    expect(() => copy.validate()).toThrow(/null used for required field: "array"/)
  })

  it('writes itself as Connect does, leaving null fields out', () => {
    const schema = SchemaBuilder.struct().field('a', Schemas.OPTIONAL_STRING).field('b', Schemas.INT32).build()
    expect(String(new Struct(schema).put('b', 5))).toBe('Struct{b=5}')
  })
})
