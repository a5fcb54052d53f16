/** Records for the transform tests, built as Kafka's tests build them (`new SinkRecord(topic, partition, …)`). */
import type { Schema } from '../../../layers/runtime/data/schema.js'
import type { Header } from '../../../layers/runtime/record/headers.js'
import { SinkRecord, SourceRecord } from '../../../layers/runtime/record/record.js'

/** Kafka's `new SinkRecord(topic, partition, keySchema, key, valueSchema, value, offset[, timestamp])`. */
export function sinkRecord(
  topic: string | null,
  partition: number,
  keySchema: Schema | null,
  key: unknown,
  valueSchema: Schema | null,
  value: unknown,
  offset: number,
  timestamp: number | null = null,
  headers: Iterable<Header> = [],
): SinkRecord {
  return new SinkRecord({
    topic,
    kafkaPartition: partition,
    keySchema,
    key,
    valueSchema,
    value,
    kafkaOffset: offset,
    timestamp,
    headers,
  })
}

/** Kafka's `new SourceRecord(sourcePartition, sourceOffset, topic, partition, keySchema, key, valueSchema, value[, timestamp])`. */
export function sourceRecord(
  topic: string | null,
  partition: number | null,
  keySchema: Schema | null,
  key: unknown,
  valueSchema: Schema | null,
  value: unknown,
  timestamp: number | null = null,
  headers: Iterable<Header> = [],
): SourceRecord {
  return new SourceRecord({
    sourcePartition: { foo: 'bar' },
    sourceOffset: { baz: 'quxx' },
    topic,
    kafkaPartition: partition,
    keySchema,
    key,
    valueSchema,
    value,
    timestamp,
    headers,
  })
}

/** A schemaless map from entries (Java's `HashMap`). */
export function map(entries: Record<string, unknown>): Map<string, unknown> {
  return new Map(Object.entries(entries))
}
