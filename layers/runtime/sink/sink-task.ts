/**
 * The contract between the sink runtime and a sink connector (S3, OpenSearch), as Connect's
 * `SinkTask`: `start` once per cold start, `put` with each batch of converted and transformed
 * records, `flush` to make them durable before the runtime commits their offsets, `stop` at the end.
 *
 * A connector reports a single bad record (a document the index rejects, a row that does not fit
 * the Parquet schema) through `context.errantRecordReporter`, which follows errors.tolerance: the
 * record goes to the DLQ and the batch goes on, or the task fails. A RetriableException from `put`
 * or `flush` makes the whole batch be delivered again (the ESM retries it).
 */
import type { SinkRecord } from '../record/record.js'

export interface ErrantRecordReporter {
  report(record: SinkRecord, error: unknown): Promise<void>
}

export interface SinkTaskContext {
  readonly connector: string
  readonly taskId: number
  /** The connector's config, provider references resolved. */
  readonly config: Readonly<Record<string, string | null>>
  readonly errantRecordReporter: ErrantRecordReporter | null
  /** Milliseconds left before the invocation must return. */
  remainingTimeMs(): number
}

/**
 * `"<topic>-<partition>"` → the next offset to process, for the records handed over so far, and the
 * first offset this batch processed (every record before it was committed by an earlier batch).
 */
export type TopicPartitionOffsets = ReadonlyMap<
  string,
  { topic: string; partition: number; next: number; first?: number }
>

export interface SinkTask {
  start(context: SinkTaskContext): Promise<void>
  put(records: readonly SinkRecord[]): Promise<void>
  flush(offsets: TopicPartitionOffsets): Promise<void>
  stop(): Promise<void>
}
