import { describe, expect, it } from 'vitest'
import { SchemaBuilder, Schemas } from '../../../../layers/runtime/data/schema.js'
import { Struct } from '../../../../layers/runtime/data/struct.js'
import { BigDecimal, Int32 } from '../../../../layers/runtime/data/values.js'
import { DataException } from '../../../../layers/runtime/errors.js'
import {
  requireMap,
  requireMapOrNull,
  requireSchema,
  requireSinkRecord,
  requireStruct,
  requireStructOrNull,
} from '../../../../layers/transforms/util/requirements.js'
import { copySchemaBasics } from '../../../../layers/transforms/util/schema-util.js'
import { sinkRecord, sourceRecord } from '../records.js'

describe('Requirements', () => {
  it('names the Java class it found', () => {
    expect(() => requireMap('x', 'p')).toThrow(
      new DataException('Only Map objects supported in absence of schema for [p], found: java.lang.String'),
    )
    expect(() => requireMap(new Int32(1), 'p')).toThrow('found: java.lang.Integer')
    expect(() => requireMap(null, 'p')).toThrow('found: null')
    expect(() => requireStruct(1, 'p', Schemas.INT8)).toThrow(
      'Only Struct objects supported for [p], found: java.lang.Byte',
    )
    expect(() => requireStruct(BigDecimal.parse('1'), 'p')).toThrow('found: java.math.BigDecimal')
    expect(() => requireSchema(null, 'p')).toThrow('Schema required for [p]')
  })

  it('passes the right shapes and null where allowed', () => {
    const schema = SchemaBuilder.struct().field('a', Schemas.INT32).build()
    const struct = new Struct(schema)
    expect(requireStruct(struct, 'p')).toBe(struct)
    expect(requireStructOrNull(null, 'p')).toBeNull()
    expect(requireMapOrNull(null, 'p')).toBeNull()
    const record = sinkRecord('t', 0, null, null, null, null, 0)
    expect(requireSinkRecord(record, 'p')).toBe(record)
    expect(() => requireSinkRecord(sourceRecord('t', 0, null, null, null, null), 'p')).toThrow(
      'Only SinkRecord supported for [p], found: org.apache.kafka.connect.source.SourceRecord',
    )
  })
})

describe('SchemaUtil.copySchemaBasics', () => {
  it('copies name, version, doc and parameters, not optionality, default or fields', () => {
    const source = SchemaBuilder.struct()
      .name('n')
      .version(2)
      .doc('d')
      .parameter('k', 'v')
      .optional()
      .field('a', Schemas.INT32)
      .build()
    const copy = copySchemaBasics(source).build()
    expect(copy).toMatchObject({
      type: 'struct',
      name: 'n',
      version: 2,
      doc: 'd',
      parameters: { k: 'v' },
      optional: false,
    })
    expect(copy.fields).toEqual([])
    const array = copySchemaBasics(SchemaBuilder.array(Schemas.STRING).name('list').build()).build()
    expect(array.valueSchema).toBe(Schemas.STRING)
    expect(array.name).toBe('list')
  })
})
