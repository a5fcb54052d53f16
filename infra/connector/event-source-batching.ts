/**
 * How a sink's config maps onto its event source mapping's batching: the batch size comes from the
 * connector's records-per-write key (S3 `flush.size`, OpenSearch `batch.size`), the batching window
 * from its time key (S3 `rotate.interval.ms`, OpenSearch `linger.ms`), each within what an event
 * source mapping allows (1–10,000 records, 0–300 whole seconds). A value beyond a limit is capped
 * with a warning, since the function still behaves as Connect would within each batch.
 */
import { ConfigException } from '../../layers/runtime/errors.js'

/** The most records one event source mapping batch holds. */
export const MAX_BATCH_SIZE = 10_000
/** The longest batching window of an event source mapping, in seconds. */
export const MAX_BATCHING_WINDOW_SECONDS = 300

/** The batch size for `records` of `key`, capped at {@link MAX_BATCH_SIZE}. */
export function batchSizeFor(key: string, records: number, warnings: string[]): number {
  if (!Number.isInteger(records) || records < 1) {
    throw ConfigException.invalid(
      key,
      records,
      'The event source mapping batch size is taken from it and must be at least 1',
    )
  }
  if (records <= MAX_BATCH_SIZE) return records
  warnings.push(
    `${key}=${records} is more than an event source mapping batch holds: batches are capped at ${MAX_BATCH_SIZE} records, so files and bulk requests hold at most ${MAX_BATCH_SIZE}.`,
  )
  return MAX_BATCH_SIZE
}

/** The batching window for `ms` of `key`: whole seconds, rounded down, capped at {@link MAX_BATCHING_WINDOW_SECONDS}. */
export function batchingWindowFor(key: string, ms: number, warnings: string[]): number {
  const seconds = Math.floor(ms / 1000)
  if (seconds <= MAX_BATCHING_WINDOW_SECONDS) return seconds
  warnings.push(
    `${key}=${ms} is longer than an event source mapping waits: the batching window is capped at ${MAX_BATCHING_WINDOW_SECONDS} s, so a batch is delivered at the latest every ${MAX_BATCHING_WINDOW_SECONDS} s.`,
  )
  return MAX_BATCHING_WINDOW_SECONDS
}
