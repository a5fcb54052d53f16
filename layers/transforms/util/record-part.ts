/**
 * The Key/Value variant pattern of Kafka's field transforms (`InsertField$Key`, `InsertField$Value`, …):
 * one implementation parameterised by the part of the record it operates on. Kafka writes this as
 * three abstract methods (`operatingSchema`, `operatingValue`, `newRecord`); here a transform takes a
 * `RecordPart` in its constructor and the two concrete classes pass `KEY` or `VALUE`.
 *
 * @example
 * abstract class MyTransform implements Transformation {
 *   constructor(private readonly part: RecordPart) {}
 *   apply(record) { return this.part.with(record, newSchema, newValue) }
 * }
 * export class MyTransformKey extends MyTransform { constructor() { super(KEY) } }
 * export class MyTransformValue extends MyTransform { constructor() { super(VALUE) } }
 */
import type { Schema } from '../../runtime/data/schema.js'
import type { Headers } from '../../runtime/record/headers.js'
import type { ConnectRecord } from '../../runtime/record/record.js'

export interface RecordPart {
  /** `key` or `value`. */
  readonly name: 'key' | 'value'
  /** Kafka's `operatingSchema`: the key schema or the value schema. */
  schema(record: ConnectRecord): Schema | null
  /** Kafka's `operatingValue`: the key or the value. */
  value(record: ConnectRecord): unknown
  /**
   * Kafka's `newRecord`: a copy with this part replaced; topic, partition, timestamp, the other part
   * and the headers (duplicated, unless new ones are given) are kept.
   */
  with<R extends ConnectRecord>(record: R, schema: Schema | null, value: unknown, headers?: Headers): R
}

export const KEY: RecordPart = {
  name: 'key',
  schema: (record) => record.keySchema,
  value: (record) => record.key,
  with: (record, schema, value, headers) =>
    record.newRecord(
      headers === undefined ? { keySchema: schema, key: value } : { keySchema: schema, key: value, headers },
    ),
}

export const VALUE: RecordPart = {
  name: 'value',
  schema: (record) => record.valueSchema,
  value: (record) => record.value,
  with: (record, schema, value, headers) =>
    record.newRecord(headers === undefined ? { valueSchema: schema, value } : { valueSchema: schema, value, headers }),
}
