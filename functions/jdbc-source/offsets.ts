/**
 * Source partitions and offsets in the exact shapes Confluent's JDBC source stores, so offsets carry
 * over to and from Kafka Connect:
 *
 * | case                          | partition                                   | offset |
 * | ----------------------------- | ------------------------------------------- | ------ |
 * | table, incremental modes (v1) | `{"protocol":"1","table":"public.orders"}`  | `{"timestamp_nanos":…,"incrementing":…,"timestamp":…}`, the fields the mode uses |
 * | table, legacy v0 (read only)  | `{"table":"orders"}`                        | same |
 * | query mode                    | `{"query":"query"}`                         | same |
 * | bulk                          | `{"table":"orders"}` / `{"query":"query"}`  | null |
 *
 * The v1 table name is the unquoted `schema.table`: Confluent's PostgreSQL dialect drops the catalog
 * the driver reports (10.9.5+); only 10.9.4 wrote `db.schema.table`, which is still looked up.
 * `timestamp` is epoch milliseconds and `timestamp_nanos` the whole fraction of the second in
 * nanoseconds; all three are Java longs, so bigint here. Keys are in the order Java's `HashMap`
 * prints them.
 */
import { DataException } from '../../layers/runtime/errors.js'
import type { SourceOffset, SourcePartition } from '../../layers/runtime/record/record.js'
import { instantOf, instantOfMillis, type PgInstant } from './pg-temporal.js'
import { type TableId, tableId, unquotedName } from './table-id.js'

export const TABLE_NAME_KEY = 'table'
export const QUERY_NAME_KEY = 'query'
export const QUERY_NAME_VALUE = 'query'
export const OFFSET_PROTOCOL_VERSION_KEY = 'protocol'
export const PROTOCOL_VERSION_ONE = '1'
export const INCREMENTING_FIELD = 'incrementing'
export const TIMESTAMP_FIELD = 'timestamp'
export const TIMESTAMP_NANOS_FIELD = 'timestamp_nanos'

/** The v1 partition of a table: `{"protocol":"1","table":"<schema>.<table>"}`. */
export function tablePartitionV1(table: TableId): SourcePartition {
  return { [OFFSET_PROTOCOL_VERSION_KEY]: PROTOCOL_VERSION_ONE, [TABLE_NAME_KEY]: unquotedName(table) }
}

/** The legacy v0 partition, keyed by the bare table name (and the partition of bulk mode records). */
export function tablePartitionV0(table: TableId): SourcePartition {
  return { [TABLE_NAME_KEY]: table.table }
}

/** The partition of query mode. */
export const QUERY_PARTITION: SourcePartition = Object.freeze({ [QUERY_NAME_KEY]: QUERY_NAME_VALUE })

/**
 * The partitions a stored offset may be under, newest protocol first, as Confluent's task looks them
 * up: v1, then v1 with the database name (written by Confluent 10.9.4 only), then v0.
 */
export function candidatePartitions(table: TableId, database: string | null): SourcePartition[] {
  const candidates = [tablePartitionV1(table)]
  if (database !== null && database !== '' && table.catalog === null && table.schema !== null) {
    candidates.push(tablePartitionV1(tableId(database, table.schema, table.table)))
  }
  candidates.push(tablePartitionV0(table))
  return candidates
}

/** Confluent's `TimestampIncrementingOffset`: either part may be absent. */
export interface TimestampIncrementingOffset {
  readonly timestamp: PgInstant | null
  readonly incrementing: bigint | null
}

export const EMPTY_OFFSET: TimestampIncrementingOffset = Object.freeze({ timestamp: null, incrementing: null })

/** The stored timestamp, or epoch 0 where there is none (`getTimestampOffset`). */
export function beginTimestamp(offset: TimestampIncrementingOffset): PgInstant {
  return offset.timestamp ?? { millis: 0, nanos: 0 }
}

/** The stored incrementing value, or -1 where there is none (`getIncrementingOffset`). */
export function lastIncrementing(offset: TimestampIncrementingOffset): bigint {
  return offset.incrementing ?? -1n
}

/** The offset map of a record: only the fields that are set (`toMap`). */
export function offsetToMap(offset: TimestampIncrementingOffset): SourceOffset {
  const map: Record<string, bigint> = {}
  if (offset.timestamp !== null) map[TIMESTAMP_NANOS_FIELD] = BigInt(offset.timestamp.nanos)
  if (offset.incrementing !== null) map[INCREMENTING_FIELD] = offset.incrementing
  if (offset.timestamp !== null) map[TIMESTAMP_FIELD] = BigInt(offset.timestamp.millis)
  return map
}

function asLong(map: SourceOffset, key: string): bigint | null {
  const value = map[key]
  if (value === undefined || value === null) return null
  if (typeof value === 'bigint') return value
  if (typeof value === 'number' && Number.isSafeInteger(value)) return BigInt(value)
  if (typeof value === 'string' && /^-?\d+$/.test(value)) return BigInt(value)
  throw new DataException(`Offset field ${key} must be a long, not ${JSON.stringify(String(value))}`)
}

/**
 * An offset from its stored map (`fromMap`), numbers or bigints: the timestamp rebuilt from its
 * millis, then its fraction replaced by `timestamp_nanos` when present.
 */
export function offsetFromMap(map: SourceOffset | null | undefined): TimestampIncrementingOffset {
  if (map === null || map === undefined || Object.keys(map).length === 0) return EMPTY_OFFSET
  const incrementing = asLong(map, INCREMENTING_FIELD)
  const millis = asLong(map, TIMESTAMP_FIELD)
  const nanos = asLong(map, TIMESTAMP_NANOS_FIELD)
  let timestamp: PgInstant | null = null
  if (millis !== null) {
    timestamp = nanos === null ? instantOfMillis(Number(millis)) : instantOf(Number(millis), Number(nanos))
  }
  return { timestamp, incrementing }
}
