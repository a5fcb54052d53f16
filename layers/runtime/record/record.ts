/**
 * Connect's records: `SinkRecord` (what a sink task receives, with its Kafka offset) and
 * `SourceRecord` (what a source task produces, with its source partition and offset). Records are
 * treated as immutable: a transform returns a new record made with `newRecord`, which keeps the
 * subclass's own fields, as Connect's `ConnectRecord.newRecord` does.
 */
import type { Schema } from '../data/schema.js'
import { type Header, Headers } from './headers.js'

export const TimestampType = {
  NO_TIMESTAMP_TYPE: 'NoTimestampType',
  CREATE_TIME: 'CreateTime',
  LOG_APPEND_TIME: 'LogAppendTime',
} as const
export type TimestampType = (typeof TimestampType)[keyof typeof TimestampType]

export interface RecordFields {
  topic: string | null
  kafkaPartition: number | null
  keySchema: Schema | null
  key: unknown
  valueSchema: Schema | null
  value: unknown
  /** Epoch millis, or null. */
  timestamp: number | null
  headers?: Headers | Iterable<Header>
}

export abstract class ConnectRecord {
  readonly topic: string | null
  readonly kafkaPartition: number | null
  readonly keySchema: Schema | null
  readonly key: unknown
  readonly valueSchema: Schema | null
  readonly value: unknown
  readonly timestamp: number | null
  readonly headers: Headers

  constructor(f: RecordFields) {
    this.topic = f.topic
    this.kafkaPartition = f.kafkaPartition
    this.keySchema = f.keySchema
    this.key = f.key ?? null
    this.valueSchema = f.valueSchema
    this.value = f.value ?? null
    this.timestamp = f.timestamp
    this.headers = f.headers instanceof Headers ? f.headers : new Headers(f.headers ?? [])
  }

  /** A copy with the given fields replaced (headers are copied, so the new record's can change). */
  abstract newRecord(changes: Partial<RecordFields>): this

  /**
   * A field of this record with `changes` applied: the given value where `changes` has the key (even as
   * undefined, as a spread would), else this record's. `newRecord` writes each field out with it rather
   * than spreading objects: it runs for every transform of every record, and V8 builds spread objects
   * many times slower.
   */
  protected changed<K extends keyof RecordFields>(changes: Partial<RecordFields>, key: K): RecordFields[K] {
    return Object.hasOwn(changes, key) ? (changes[key] as RecordFields[K]) : (this as unknown as RecordFields)[key]
  }
}

export class SinkRecord extends ConnectRecord {
  readonly kafkaOffset: number
  readonly timestampType: TimestampType
  /** Where the record was read from, before any transform changed topic or partition (KIP-793). */
  readonly originalTopic: string | null
  readonly originalKafkaPartition: number | null
  readonly originalKafkaOffset: number

  constructor(
    f: RecordFields & {
      kafkaOffset: number
      timestampType?: TimestampType
      originalTopic?: string | null
      originalKafkaPartition?: number | null
      originalKafkaOffset?: number
    },
  ) {
    super(f)
    this.kafkaOffset = f.kafkaOffset
    this.timestampType =
      f.timestampType ?? (f.timestamp === null ? TimestampType.NO_TIMESTAMP_TYPE : TimestampType.CREATE_TIME)
    this.originalTopic = f.originalTopic ?? f.topic
    this.originalKafkaPartition = f.originalKafkaPartition ?? f.kafkaPartition
    this.originalKafkaOffset = f.originalKafkaOffset ?? f.kafkaOffset
  }

  override newRecord(changes: Partial<RecordFields>): this {
    return new SinkRecord({
      topic: this.changed(changes, 'topic'),
      kafkaPartition: this.changed(changes, 'kafkaPartition'),
      keySchema: this.changed(changes, 'keySchema'),
      key: this.changed(changes, 'key'),
      valueSchema: this.changed(changes, 'valueSchema'),
      value: this.changed(changes, 'value'),
      timestamp: this.changed(changes, 'timestamp'),
      headers: changes.headers ?? this.headers.duplicate(),
      kafkaOffset: this.kafkaOffset,
      timestampType: this.timestampType,
      originalTopic: this.originalTopic,
      originalKafkaPartition: this.originalKafkaPartition,
      originalKafkaOffset: this.originalKafkaOffset,
    }) as this
  }
}

export type SourcePartition = Readonly<Record<string, unknown>>
export type SourceOffset = Readonly<Record<string, unknown>>

export class SourceRecord extends ConnectRecord {
  readonly sourcePartition: SourcePartition | null
  readonly sourceOffset: SourceOffset | null

  constructor(f: RecordFields & { sourcePartition?: SourcePartition | null; sourceOffset?: SourceOffset | null }) {
    super(f)
    this.sourcePartition = f.sourcePartition ?? null
    this.sourceOffset = f.sourceOffset ?? null
  }

  override newRecord(changes: Partial<RecordFields>): this {
    return new SourceRecord({
      topic: this.changed(changes, 'topic'),
      kafkaPartition: this.changed(changes, 'kafkaPartition'),
      keySchema: this.changed(changes, 'keySchema'),
      key: this.changed(changes, 'key'),
      valueSchema: this.changed(changes, 'valueSchema'),
      value: this.changed(changes, 'value'),
      timestamp: this.changed(changes, 'timestamp'),
      headers: changes.headers ?? this.headers.duplicate(),
      sourcePartition: this.sourcePartition,
      sourceOffset: this.sourceOffset,
    }) as this
  }
}
