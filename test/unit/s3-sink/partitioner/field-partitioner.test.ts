import { describe, expect, it } from 'vitest'
import { DefaultPartitioner } from '../../../../functions/s3-sink/partitioner/default-partitioner.js'
import { FieldPartitioner } from '../../../../functions/s3-sink/partitioner/field-partitioner.js'
import { PartitionException } from '../../../../functions/s3-sink/partitioner/partition-exception.js'
import { SchemaBuilder, Schemas } from '../../../../layers/runtime/data/schema.js'
import { Struct } from '../../../../layers/runtime/data/struct.js'
import { DataException } from '../../../../layers/runtime/errors.js'
import { SinkRecord } from '../../../../layers/runtime/record/record.js'
import { PARTITION, sinkRecord, TOPIC } from '../fixtures.js'

function structRecord(schema: ReturnType<typeof SchemaBuilder.prototype.build>, struct: Struct): SinkRecord {
  return new SinkRecord({
    topic: TOPIC,
    kafkaPartition: PARTITION,
    keySchema: Schemas.STRING,
    key: null,
    valueSchema: schema,
    value: struct,
    kafkaOffset: 0,
    timestamp: null,
  })
}

const encode = (fields: string[], record = sinkRecord(12), delim = '/') =>
  new FieldPartitioner(fields, delim).encodePartition(record)

describe('DefaultPartitioner (Confluent DefaultPartitionerTest)', () => {
  it('encodes the Kafka partition as partition=<n> under the topic', () => {
    const p = new DefaultPartitioner('/')
    const encoded = p.encodePartition(sinkRecord(12))
    expect(encoded).toBe('partition=12')
    expect(p.generatePartitionedPath(TOPIC, encoded)).toBe('test-topic/partition=12')
  })
})

describe('FieldPartitioner (Confluent FieldPartitionerTest)', () => {
  it('encodes booleans, ints and longs as name=value', () => {
    expect(encode(['boolean'])).toBe('boolean=true')
    expect(encode(['int'])).toBe('int=12')
    expect(encode(['long'])).toBe('long=12')
  })

  it('encodes int8 and int16 fields', () => {
    const schema = SchemaBuilder.struct()
      .name('record')
      .field('byte', Schemas.INT8)
      .field('short', Schemas.INT16)
      .build()
    const struct = new Struct(schema).put('byte', 42).put('short', 1234)
    expect(encode(['byte', 'short'], structRecord(schema, struct))).toBe('byte=42/short=1234')
  })

  it('encodes int64 values beyond 2^53 exactly', () => {
    const schema = SchemaBuilder.struct().field('id', Schemas.INT64).build()
    const struct = new Struct(schema).put('id', 9007199254740993n)
    expect(encode(['id'], structRecord(schema, struct))).toBe('id=9007199254740993')
  })

  it('rejects float, double and array fields', () => {
    expect(() => encode(['float'])).toThrow(PartitionException)
    expect(() => encode(['double'])).toThrow('Error encoding partition.')
    const schema = SchemaBuilder.struct()
      .name('record')
      .field('array', SchemaBuilder.array(Schemas.STRING).build())
      .build()
    const struct = new Struct(schema).put('array', ['item1', 'item2'])
    expect(() => encode(['array'], structRecord(schema, struct))).toThrow('Error encoding partition.')
  })

  it('writes strings as they are, special characters and empty strings included', () => {
    expect(encode(['string'])).toBe('string=def')
    const schema = SchemaBuilder.struct().name('record').field('string', Schemas.STRING).build()
    const special = 'test/with\\special:chars=and+spaces'
    expect(encode(['string'], structRecord(schema, new Struct(schema).put('string', special)))).toBe(
      `string=${special}`,
    )
    expect(encode(['string'], structRecord(schema, new Struct(schema).put('string', '')))).toBe('string=')
  })

  it('rejects values without a struct', () => {
    const record = new SinkRecord({
      topic: TOPIC,
      kafkaPartition: PARTITION,
      keySchema: Schemas.STRING,
      key: null,
      valueSchema: Schemas.STRING,
      value: 'foo',
      kafkaOffset: 0,
      timestamp: null,
    })
    expect(() => encode(['foo'], record)).toThrow('Error encoding partition.')
  })

  it('rejects a field that the schema lacks', () => {
    const schema = SchemaBuilder.struct().name('record').field('present', Schemas.STRING).build()
    const struct = new Struct(schema).put('present', 'value')
    expect(() => encode(['missing'], structRecord(schema, struct))).toThrow(DataException)
    expect(() => encode(['missing'], structRecord(schema, struct))).toThrow(
      "Field 'missing' is not present in the schema.",
    )
  })

  it('keeps the order of partition.field.name', () => {
    expect(encode(['string', 'int'])).toBe('string=def/int=12')
    expect(encode(['int', 'string'])).toBe('int=12/string=def')
  })

  it('writes null values as name=null', () => {
    const schema = SchemaBuilder.struct()
      .name('record')
      .field('string', Schemas.OPTIONAL_STRING)
      .field('int', Schemas.OPTIONAL_INT32)
      .field('boolean', Schemas.OPTIONAL_BOOLEAN)
      .build()
    const struct = new Struct(schema).put('string', 'def')
    expect(encode(['string', 'int', 'boolean'], structRecord(schema, struct))).toBe('string=def/int=null/boolean=null')
  })

  it('joins fields with a custom directory delimiter', () => {
    expect(encode(['string', 'int'], sinkRecord(12), '|')).toBe('string=def|int=12')
  })

  it('follows dotted paths, and writes null when a step on the path is null', () => {
    const address = SchemaBuilder.struct().name('address').field('city', Schemas.OPTIONAL_STRING).optional().build()
    const user = SchemaBuilder.struct().name('user').field('address', address).build()
    const schema = SchemaBuilder.struct().name('record').field('user', user).build()
    const full = new Struct(schema).put('user', new Struct(user).put('address', new Struct(address).put('city', 'NYC')))
    expect(encode(['user.address.city'], structRecord(schema, full))).toBe('user.address.city=NYC')
    const nullCity = new Struct(schema).put('user', new Struct(user).put('address', new Struct(address)))
    expect(encode(['user.address.city'], structRecord(schema, nullCity))).toBe('user.address.city=null')
    const noAddress = new Struct(schema).put('user', new Struct(user))
    expect(encode(['user.address.city'], structRecord(schema, noAddress))).toBe('user.address.city=null')
  })

  it('writes country=US for a country field, as the docs show', () => {
    const schema = SchemaBuilder.struct().field('country', Schemas.STRING).build()
    expect(encode(['country'], structRecord(schema, new Struct(schema).put('country', 'US')))).toBe('country=US')
  })
})
