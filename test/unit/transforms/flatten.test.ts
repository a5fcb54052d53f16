// Ported from Kafka's FlattenTest, case for case, plus the errors Kafka's code raises.
import { afterEach, describe, expect, it } from 'vitest'
import { Decimal } from '../../../layers/runtime/data/logical.js'
import { SchemaBuilder, Schemas, schemasEqual } from '../../../layers/runtime/data/schema.js'
import { Struct } from '../../../layers/runtime/data/struct.js'
import { BigDecimal, Float32, Int8, Int16, Int32, Type, valuesEqual } from '../../../layers/runtime/data/values.js'
import { DataException } from '../../../layers/runtime/errors.js'
import { ClassCastException } from '../../../layers/transforms/class-cast-exception.js'
import { FlattenKey, FlattenValue } from '../../../layers/transforms/flatten.js'
import { map, sourceRecord } from './records.js'

const bytes = (text: string) => new TextEncoder().encode(text)

describe('Flatten', () => {
  const xformKey = new FlattenKey()
  const xformValue = new FlattenValue()
  afterEach(() => {
    xformKey.close()
    xformValue.close()
  })

  it('requires a struct with a schema', () => {
    xformValue.configure({})
    expect(() => xformValue.apply(sourceRecord('topic', 0, null, null, Schemas.INT32, 42))).toThrow(
      new DataException('Only Struct objects supported for [flattening], found: java.lang.Integer'),
    )
  })

  it('requires a map without a schema', () => {
    xformValue.configure({})
    expect(() => xformValue.apply(sourceRecord('topic', 0, null, null, null, new Int32(42)))).toThrow(
      new DataException('Only Map objects supported in absence of schema for [flattening], found: java.lang.Integer'),
    )
  })

  it('flattens nested structs of every primitive type', () => {
    xformValue.configure({})
    const supportedTypesSchema = SchemaBuilder.struct()
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
    const oneLevel = SchemaBuilder.struct().field('B', supportedTypesSchema).build()
    const twoLevel = SchemaBuilder.struct().field('A', oneLevel).build()
    const supported = new Struct(supportedTypesSchema)
      .put('int8', 8)
      .put('int16', 16)
      .put('int32', 32)
      .put('int64', 64n)
      .put('float32', 32)
      .put('float64', 64)
      .put('boolean', true)
      .put('string', 'stringy')
      .put('bytes', bytes('bytes'))
    const value = new Struct(twoLevel).put('A', new Struct(oneLevel).put('B', supported))
    const transformed = xformValue.apply(sourceRecord('topic', 0, null, null, twoLevel, value))
    expect(transformed.valueSchema?.type).toBe(Type.STRUCT)
    const struct = transformed.value as Struct
    expect(struct.schema.fields).toHaveLength(9)
    expect(struct.getInt8('A.B.int8')).toBe(8)
    expect(struct.getInt16('A.B.int16')).toBe(16)
    expect(struct.getInt32('A.B.int32')).toBe(32)
    expect(struct.getInt64('A.B.int64')).toBe(64n)
    expect(struct.getFloat32('A.B.float32')).toBe(32)
    expect(struct.getFloat64('A.B.float64')).toBe(64)
    expect(struct.getBoolean('A.B.boolean')).toBe(true)
    expect(struct.getString('A.B.string')).toBe('stringy')
    expect(struct.getBytes('A.B.bytes')).toEqual(bytes('bytes'))
  })

  it('flattens nested maps with the configured delimiter', () => {
    xformValue.configure({ delimiter: '#' })
    const supported = map({
      int8: new Int8(8),
      int16: new Int16(16),
      int32: new Int32(32),
      int64: 64n,
      float32: new Float32(32),
      float64: 64,
      boolean: true,
      string: 'stringy',
      bytes: bytes('bytes'),
    })
    const value = map({ A: map({ B: supported }) })
    const transformed = xformValue.apply(sourceRecord('topic', 0, null, null, null, value))
    expect(transformed.valueSchema).toBeNull()
    const result = transformed.value as Map<string, unknown>
    expect(result.size).toBe(9)
    expect(result.get('A#B#int8')).toEqual(new Int8(8))
    expect(result.get('A#B#int16')).toEqual(new Int16(16))
    expect(result.get('A#B#int32')).toEqual(new Int32(32))
    expect(result.get('A#B#int64')).toBe(64n)
    expect(result.get('A#B#float32')).toEqual(new Float32(32))
    expect(result.get('A#B#float64')).toBe(64)
    expect(result.get('A#B#boolean')).toBe(true)
    expect(result.get('A#B#string')).toBe('stringy')
    expect(result.get('A#B#bytes')).toEqual(bytes('bytes'))
  })

  it('keeps a null optional field of a nested struct', () => {
    xformValue.configure({})
    const inner = SchemaBuilder.struct().field('opt_int32', Schemas.OPTIONAL_INT32).build()
    const outer = SchemaBuilder.struct().field('B', inner).build()
    const value = new Struct(outer).put('B', new Struct(inner).put('opt_int32', null))
    const transformed = xformValue.apply(sourceRecord('topic', 0, null, null, outer, value))
    expect(transformed.valueSchema?.type).toBe(Type.STRUCT)
    expect((transformed.value as Struct).get('B.opt_int32')).toBeNull()
  })

  it('returns a record with a null optional struct unchanged, schema included', () => {
    xformValue.configure({})
    const schema = SchemaBuilder.struct().optional().field('opt_int32', Schemas.OPTIONAL_INT32).build()
    const original = sourceRecord('topic', 0, null, null, schema, null)
    const transformed = xformValue.apply(original)
    expect(transformed.valueSchema?.type).toBe(Type.STRUCT)
    expect(transformed.value).toBeNull()
    expect(transformed).toBe(original)
  })

  it('flattens a null optional nested struct to null optional fields', () => {
    xformValue.configure({})
    const inner = SchemaBuilder.struct().optional().field('opt_int32', Schemas.OPTIONAL_INT32).build()
    const outer = SchemaBuilder.struct().field('B', inner).build()
    const transformed = xformValue.apply(sourceRecord('topic', 0, null, null, outer, new Struct(outer).put('B', null)))
    expect(transformed.valueSchema?.type).toBe(Type.STRUCT)
    expect((transformed.value as Struct).get('B.opt_int32')).toBeNull()
  })

  it('keeps a null field of a nested map', () => {
    xformValue.configure({})
    const transformed = xformValue.apply(
      sourceRecord('topic', 0, null, null, null, map({ B: map({ opt_int32: null }) })),
    )
    expect(transformed.valueSchema).toBeNull()
    const result = transformed.value as Map<string, unknown>
    expect(result.has('B.opt_int32')).toBe(true)
    expect(result.get('B.opt_int32')).toBeNull()
  })

  it('flattens a schemaless key', () => {
    xformKey.configure({})
    const key = map({ A: map({ B: new Int32(12) }) })
    const transformed = xformKey.apply(sourceRecord('topic', null, null, key, null, null))
    expect(transformed.keySchema).toBeNull()
    expect((transformed.key as Map<string, unknown>).get('A.B')).toEqual(new Int32(12))
  })

  it('does not descend into schemaless lists', () => {
    xformValue.configure({})
    const value = map({ foo: ['bar', map({ baz: map({ lfg: 'lfg' }) })] })
    expect(valuesEqual(xformValue.apply(sourceRecord('topic', null, null, null, null, value)).value, value)).toBe(true)
  })

  it('copies arrays with a schema as they are, structs inside them included', () => {
    xformValue.configure({})
    const nested = SchemaBuilder.struct().field('lfg', Schemas.STRING).build()
    const inner = SchemaBuilder.struct().field('baz', nested).build()
    const structSchema = SchemaBuilder.struct().field('foo', SchemaBuilder.array(inner).doc('durk').build()).build()
    const value = new Struct(structSchema).put('foo', [
      new Struct(inner).put('baz', new Struct(nested).put('lfg', 'lfg')),
    ])
    const transformed = xformValue.apply(sourceRecord('topic', null, null, null, structSchema, value))
    expect(valuesEqual(transformed.value, value)).toBe(true)
    expect(schemasEqual(transformed.valueSchema, structSchema)).toBe(true)
  })

  it('makes fields of an optional struct optional, with defaults from the struct default', () => {
    xformValue.configure({})
    const builder = SchemaBuilder.struct()
      .optional()
      .field('req_field', Schemas.STRING)
      .field('opt_field', SchemaBuilder.string().optional().defaultValue('child_default').build())
    const childDefault = new Struct(builder.build()).put('req_field', 'req_default')
    const schema = builder.defaultValue(childDefault).build()
    const transformed = xformValue.apply(sourceRecord('topic', 0, null, null, schema, new Struct(schema)))
    const transformedSchema = transformed.valueSchema!
    expect(transformedSchema.type).toBe(Type.STRUCT)
    expect(transformedSchema.fields).toHaveLength(2)
    expect(
      schemasEqual(
        transformedSchema.field('req_field')?.schema,
        SchemaBuilder.string().optional().defaultValue('req_default').build(),
      ),
    ).toBe(true)
    expect(
      schemasEqual(
        transformedSchema.field('opt_field')?.schema,
        SchemaBuilder.string().optional().defaultValue('child_default').build(),
      ),
    ).toBe(true)
  })

  it('passes a schemaless tombstone through', () => {
    xformValue.configure({})
    const transformed = xformValue.apply(sourceRecord('test', 0, null, null, null, null))
    expect(transformed.value).toBeNull()
    expect(transformed.valueSchema).toBeNull()
  })

  it('passes a tombstone with a schema through, schema unchanged', () => {
    xformValue.configure({})
    const schema = SchemaBuilder.struct()
      .name('name')
      .version(1)
      .doc('doc')
      .field('magic', Schemas.OPTIONAL_INT64)
      .build()
    const transformed = xformValue.apply(sourceRecord('test', 0, null, null, schema, null))
    expect(transformed.value).toBeNull()
    expect(transformed.valueSchema).toBe(schema)
  })

  it('keeps null entries of a map, in order', () => {
    xformValue.configure({})
    const value = new Map<string, unknown>([
      ['firstNull', null],
      ['firstNonNull', 'nonNull'],
      ['secondNull', null],
      ['secondNonNull', 'alsoNonNull'],
      ['thirdNonNull', null],
    ])
    const transformed = xformValue.apply(sourceRecord('test', 0, null, null, null, value))
    expect([...(transformed.value as Map<string, unknown>).entries()]).toEqual([...value.entries()])
  })

  it('keeps null fields of a struct', () => {
    xformValue.configure({})
    const schema = SchemaBuilder.struct()
      .field('firstNull', Schemas.OPTIONAL_STRING)
      .field('firstNonNull', Schemas.OPTIONAL_STRING)
      .field('secondNull', Schemas.OPTIONAL_STRING)
      .field('secondNonNull', Schemas.OPTIONAL_STRING)
      .field('thirdNonNull', Schemas.OPTIONAL_STRING)
      .build()
    const value = new Struct(schema)
      .put('firstNull', null)
      .put('firstNonNull', 'nonNull')
      .put('secondNull', null)
      .put('secondNonNull', 'alsoNonNull')
      .put('thirdNonNull', null)
    const transformed = xformValue.apply(sourceRecord('test', 0, null, null, schema, value))
    expect(valuesEqual(transformed.value, value)).toBe(true)
  })

  describe('beyond Kafka’s tests', () => {
    it('rejects a map field with a schema', () => {
      xformValue.configure({})
      const schema = SchemaBuilder.struct()
        .field('m', SchemaBuilder.map(Schemas.STRING, Schemas.STRING).build())
        .build()
      expect(() =>
        xformValue.apply(sourceRecord('t', 0, null, null, schema, new Struct(schema).put('m', new Map()))),
      ).toThrow(new DataException('Flatten transformation does not support MAP for record with schemas (for field m).'))
    })

    it('rejects a schemaless value Connect has no type for', () => {
      xformValue.configure({})
      expect(() => xformValue.apply(sourceRecord('t', 0, null, null, null, map({ d: new BigDecimal(1n, 0) })))).toThrow(
        new DataException(
          "Flatten transformation was passed a value of type class java.math.BigDecimal which is not supported by Connect's data API",
        ),
      )
    })

    it('rejects a struct inside a schemaless map', () => {
      xformValue.configure({})
      const schema = SchemaBuilder.struct().field('a', Schemas.INT32).build()
      expect(() =>
        xformValue.apply(
          sourceRecord('t', 0, null, null, null, map({ s: map({ x: new Struct(schema).put('a', 1) }) })),
        ),
      ).toThrow(
        new DataException(
          'Flatten transformation does not support class org.apache.kafka.connect.data.Struct for record without schemas (for field s.x).',
        ),
      )
    })

    it('fails on a map key that is not a string, as Java’s cast does', () => {
      xformValue.configure({})
      const value = new Map<unknown, unknown>([[new Int32(1), 'x']])
      expect(() => xformValue.apply(sourceRecord('t', 0, null, null, null, value))).toThrow(ClassCastException)
    })

    it('replaces a null leaf that has a default by the default', () => {
      xformValue.configure({})
      const inner = SchemaBuilder.struct().field('n', SchemaBuilder.int32().optional().defaultValue(7).build()).build()
      const outer = SchemaBuilder.struct().field('i', inner).build()
      const value = new Struct(outer).put('i', new Struct(inner).put('n', null))
      expect(
        (xformValue.apply(sourceRecord('t', 0, null, null, outer, value)).value as Struct).getWithoutDefault('i.n'),
      ).toBe(7)
    })

    it('keeps logical leaf schemas (name, version, parameters)', () => {
      xformValue.configure({ delimiter: '_' })
      const inner = SchemaBuilder.struct().field('price', Decimal.schema(2)).build()
      const outer = SchemaBuilder.struct().name('Order').field('i', inner).build()
      const value = new Struct(outer).put('i', new Struct(inner).put('price', new BigDecimal(1234n, 2)))
      const transformed = xformValue.apply(sourceRecord('t', 0, null, null, outer, value))
      expect(transformed.valueSchema?.name).toBe('Order')
      expect(schemasEqual(transformed.valueSchema?.field('i_price')?.schema, Decimal.schema(2))).toBe(true)
    })

    it('fails on a duplicate flattened name', () => {
      xformValue.configure({})
      const inner = SchemaBuilder.struct().field('b', Schemas.INT32).build()
      const outer = SchemaBuilder.struct().field('a.b', Schemas.INT32).field('a', inner).build()
      const value = new Struct(outer).put('a.b', 1).put('a', new Struct(inner).put('b', 2))
      expect(() => xformValue.apply(sourceRecord('t', 0, null, null, outer, value))).toThrow(
        'Cannot create field because of field name duplication a.b',
      )
    })
  })
})
