/** Records shaped as Confluent's StorageSinkTestBase builds them, for porting its partitioner tests. */
import { ConnectTimestamp } from '../../../layers/runtime/data/logical.js'
import { type Schema, SchemaBuilder, Schemas } from '../../../layers/runtime/data/schema.js'
import { Struct } from '../../../layers/runtime/data/struct.js'
import { SinkRecord, TimestampType } from '../../../layers/runtime/record/record.js'

export const TOPIC = 'test-topic'
export const PARTITION = 12

export function schemaWithTimestampField(timestampSchema: Schema = Schemas.INT64): Schema {
  return SchemaBuilder.struct()
    .name('record')
    .version(1)
    .field('boolean', Schemas.BOOLEAN)
    .field('int', Schemas.INT32)
    .field('long', Schemas.INT64)
    .field('float', Schemas.FLOAT32)
    .field('double', Schemas.FLOAT64)
    .field('string', SchemaBuilder.string().defaultValue('abc').build())
    .field('timestamp', timestampSchema)
    .build()
}

export function recordWithTimestampField(schema: Schema, timestamp: unknown): Struct {
  return new Struct(schema)
    .put('boolean', true)
    .put('int', 12)
    .put('long', 12n)
    .put('float', Math.fround(12.2))
    .put('double', 12.2)
    .put('string', 'def')
    .put('timestamp', timestamp)
}

/** Confluent's `createSinkRecord(timestamp)`: a struct value whose `timestamp` field is an int64. */
export function sinkRecord(timestamp: number): SinkRecord {
  const schema = schemaWithTimestampField()
  return new SinkRecord({
    topic: TOPIC,
    kafkaPartition: PARTITION,
    keySchema: Schemas.STRING,
    key: null,
    valueSchema: schema,
    value: recordWithTimestampField(schema, BigInt(timestamp)),
    kafkaOffset: 0,
    timestamp,
    timestampType: TimestampType.CREATE_TIME,
  })
}

/** A record whose `timestamp` field has the given schema and value; the record timestamp is unrelated. */
export function sinkRecordWithField(timestampSchema: Schema, value: unknown): SinkRecord {
  const schema = schemaWithTimestampField(timestampSchema)
  return new SinkRecord({
    topic: TOPIC,
    kafkaPartition: PARTITION,
    keySchema: Schemas.STRING,
    key: null,
    valueSchema: schema,
    value: recordWithTimestampField(schema, value),
    kafkaOffset: 0,
    timestamp: 0,
  })
}

export function valuedRecord(valueSchema: Schema | null, value: unknown, timestamp: number | null): SinkRecord {
  return new SinkRecord({
    topic: TOPIC,
    kafkaPartition: PARTITION,
    keySchema: null,
    key: null,
    valueSchema,
    value,
    kafkaOffset: 0,
    timestamp,
    timestampType: timestamp === null ? TimestampType.NO_TIMESTAMP_TYPE : TimestampType.LOG_APPEND_TIME,
  })
}

export const TIMESTAMP_SCHEMA = ConnectTimestamp.schema()
