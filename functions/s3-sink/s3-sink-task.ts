/**
 * The S3 sink task (Confluent's `S3SinkTask`) as it runs on Lambda: each invocation's batch is `put`,
 * then `flush`ed, then the runtime commits its offsets.
 *
 * `put` hands each record to the writer of its Kafka partition (topic-partition-writer.ts), which
 * rotates files at `flush.size` records, at `rotate.interval.ms` of record time, on schema changes
 * and folder changes exactly as Confluent's does. `flush` finishes every open file and uploads them
 * all: a Lambda cannot keep a file open across invocations, so **a file never spans two batches**.
 * Files have `flush.size` records only when a batch holds at least that many records of a partition;
 * the event source mapping's batch size should therefore be at least `flush.size`.
 * `rotate.schedule.interval.ms` is accepted and has no further effect: every file closes at the end
 * of its batch, at most one batching window after its first record.
 *
 * Exactly once. A file is named by its first record's offset (Confluent's layout) and its bytes are a
 * function of its records. The runtime skips what the sink offset store has committed, so a batch
 * always starts at the committed offset, and it commits exactly the records flushed; the first file
 * of each folder therefore starts at the same offset whatever attempt writes it, and rotation
 * boundaries depend only on the records from there. A redelivered batch rewrites the same keys with
 * the same bytes (s3-storage.ts: If-None-Match, then a digest check); a redelivered batch cut shorter
 * or longer rewrites each key it shares with the failed attempt and deletes that attempt's files
 * beyond its own end through the upload manifest (upload-manifest.ts). Each record ends up in
 * exactly one object, as long as partitioning is deterministic: `timestamp.extractor=Wallclock`
 * places records by processing time, which Confluent documents as not exactly-once (a warning says
 * so at start).
 *
 * Bad records — one that cannot be partitioned (no timestamp, a missing field), does not fit the
 * format (Parquet and Avro need a schema, a value the schema cannot hold), cannot be projected under
 * `schema.compatibility`, or has a null value under `behavior.on.null.values=fail` — go to the
 * runtime's errant record reporter, which follows `errors.tolerance` (the DLQ, or failing the task);
 * without a reporter they fail the task, as in Connect.
 */
import { ConnectException, DataException } from '../../layers/runtime/errors.js'
import { logger, warnOnce } from '../../layers/runtime/logging.js'
import type { SinkRecord } from '../../layers/runtime/record/record.js'
import type {
  ErrantRecordReporter,
  SinkTask,
  SinkTaskContext,
  TopicPartitionOffsets,
} from '../../layers/runtime/sink/sink-task.js'
import { parseS3SinkConfig, partitionerSettings, type S3SinkConfig } from './config.js'
import { KeyValueHeaderFormat } from './format/key-value-header-format.js'
import type { KeyNaming } from './keys.js'
import { NullValueAction, nullValueAction } from './null-values.js'
import { newPartitioner } from './partitioner/new-partitioner.js'
import { isTimeBased, type Partitioner } from './partitioner/partitioner.js'
import { newTimestampExtractor, type TimestampExtractor } from './partitioner/timestamp-extractor.js'
import { S3Storage, storageSettings } from './s3-storage.js'
import { type FinishedFile, TopicPartitionWriter } from './topic-partition-writer.js'
import { manifestKey, parseManifest, renderManifest, sameEntries, staleEntries } from './upload-manifest.js'

/** What the task needs from storage (S3Storage; a fake in unit tests). */
export type SinkStorage = Pick<
  S3Storage,
  'bucketExists' | 'putFile' | 'getText' | 'putText' | 'deleteObjects' | 'close'
>

export interface S3SinkTaskOptions {
  /** The storage for a config (default: S3 through S3Storage). */
  readonly storage?: (config: S3SinkConfig) => SinkStorage
  /** Requests to S3 in flight at once during a flush (default 8). */
  readonly concurrency?: number
  /** The processing time (default Date.now), for the Wallclock extractor. */
  readonly now?: () => number
}

/** One Kafka partition's writer and what this batch did with the partition. */
interface PartitionState {
  readonly topic: string
  readonly partition: number
  writer: TopicPartitionWriter
  /** The first offset handed to `put` for this partition since the last flush. */
  firstOffset: number | null
  /** The last offset handed to `put`; a smaller or equal one means the batch was delivered again. */
  lastOffset: number
}

const DEFAULT_CONCURRENCY = 8

export class S3SinkTask implements SinkTask {
  private config: S3SinkConfig | undefined
  private storage: SinkStorage | undefined
  private format: KeyValueHeaderFormat | undefined
  private partitioner: Partitioner | undefined
  private timestampExtractor: TimestampExtractor | null = null
  private reporter: ErrantRecordReporter | null = null
  private connector = ''
  private naming: KeyNaming | undefined
  private readonly partitions = new Map<string, PartitionState>()
  private lastPartition: PartitionState | null = null

  constructor(private readonly options: S3SinkTaskOptions = {}) {}

  async start(context: SinkTaskContext): Promise<void> {
    const config = parseS3SinkConfig(context.config)
    const settings = partitionerSettings(config)
    this.partitioner = newPartitioner(settings)
    this.timestampExtractor = rotationTimestampExtractor(config)
    this.format = await KeyValueHeaderFormat.create(config)
    this.naming = {
      topicsDir: config.topicsDir,
      directoryDelim: config.directoryDelim,
      fileDelim: config.fileDelim,
      zeroPadWidth: config.zeroPadWidth,
    }
    const storage = this.options.storage?.(config) ?? new S3Storage(storageSettings(config))
    if (!(await storage.bucketExists())) {
      storage.close()
      throw new ConnectException(`Non-existent S3 bucket: ${config.bucketName}`)
    }
    this.storage = storage
    this.config = config
    this.reporter = context.errantRecordReporter
    this.connector = context.connector
    warnAboutDeterminism(config)
    logger.info('Started S3 connector task', {
      connector: context.connector,
      bucket: config.bucketName,
      format: config.formatClass,
      partitioner: config.partitionerClass,
    })
  }

  async put(records: readonly SinkRecord[]): Promise<void> {
    const config = this.started()
    const now = (this.options.now ?? Date.now)()
    try {
      for (const record of records) {
        const state = this.partitionOf(record)
        if (record.kafkaOffset <= state.lastOffset) {
          // delivered again without a flush in between (the previous attempt failed after put):
          // what this partition holds is from that attempt
          this.resetPartition(state)
        }
        state.lastOffset = record.kafkaOffset
        state.firstOffset ??= record.kafkaOffset

        if (record.value === null) {
          let action: NullValueAction
          try {
            action = nullValueAction(config.nullValueBehavior, record)
          } catch (e) {
            await this.report(record, e)
            continue
          }
          if (action === NullValueAction.SKIP) {
            if (this.reporter !== null && config.parsed.values['report.null.values.to.dlq']) {
              await this.reporter.report(record, new DataException('Skipping null value record.'))
            }
            continue
          }
        }
        const error = state.writer.write(record, now)
        if (error !== null) await this.report(record, error)
      }
    } catch (e) {
      // the batch fails and will be delivered again: nothing of it may stay behind
      for (const state of this.partitions.values()) this.resetPartition(state)
      throw e
    }
  }

  async flush(offsets: TopicPartitionOffsets): Promise<void> {
    this.started()
    const limit = createLimiter(this.options.concurrency ?? DEFAULT_CONCURRENCY)
    try {
      // every partition of the batch, also one whose records were all filtered (its manifest may list
      // files to delete); a partition not in the batch holds only what a failed attempt left
      await settled(
        [...offsets.values()].map((o) => {
          const state = this.partitions.get(`${o.topic}-${o.partition}`)
          // where this batch started on the partition: the runtime says so (records it filtered
          // included); else the first record put
          const first = Math.min(o.first ?? o.next, state?.firstOffset ?? o.next, o.next)
          return this.commitPartition(o.topic, o.partition, o.next, first, state, limit)
        }),
      )
    } finally {
      for (const state of this.partitions.values()) this.resetPartition(state)
    }
  }

  async stop(): Promise<void> {
    this.partitions.clear()
    this.lastPartition = null
    this.storage?.close()
    this.storage = undefined
  }

  /**
   * Uploads a partition's finished files, after listing them in its upload manifest, and deletes
   * what an earlier, uncommitted attempt uploaded beyond this batch (upload-manifest.ts).
   */
  private async commitPartition(
    topic: string,
    partition: number,
    next: number,
    firstOffset: number,
    state: PartitionState | undefined,
    limit: Limiter,
  ): Promise<void> {
    const config = this.started()
    const storage = this.storage as SinkStorage
    const files = state?.writer.takeFinished() ?? []
    const mkey = manifestKey(config.topicsDir, config.directoryDelim, this.connector, topic, partition)
    const listed = parseManifest(await limit(() => storage.getText(mkey)), mkey)
    const written = new Set(files.map((f) => f.key))
    const stale = staleEntries(listed, written, firstOffset)
    if (files.length === 0 && stale.length === 0) return

    const entries = files.map((f) => ({ key: f.key, startOffset: f.startOffset }))
    const ahead = [...entries, ...stale]
    if (!sameEntries(listed, ahead)) await limit(() => storage.putText(mkey, renderManifest(topic, partition, ahead)))
    const outcomes = await settled(files.map((f) => limit(() => storage.putFile(f.key, f.bytes, this.putOptions(f)))))
    if (stale.length > 0) {
      logger.info('Deleting files an earlier, uncommitted attempt wrote beyond this batch', {
        topic,
        partition,
        keys: stale.map((e) => e.key),
      })
      await limit(() => storage.deleteObjects(stale.map((e) => e.key)))
      await limit(() => storage.putText(mkey, renderManifest(topic, partition, entries)))
    }
    const count = (o: string) => outcomes.filter((x) => x === o).length
    logger.info('Files committed', {
      topic,
      partition,
      files: files.length,
      created: count('created'),
      unchanged: count('unchanged'),
      replaced: count('replaced'),
      deleted: stale.length,
      targetCommitOffset: next,
    })
  }

  private putOptions(file: FinishedFile): { tags?: Record<string, string> } {
    const v = (this.config as S3SinkConfig).parsed.values
    if (!v['s3.object.tagging'] || file.view !== 'value') return {}
    const tags: Record<string, string> = {
      startOffset: String(file.startOffset),
      endOffset: String(file.endOffset),
      recordCount: String(file.recordCount),
    }
    for (const pair of v['s3.object.tagging.key.value.pairs']) {
      const [k, value] = pair.split(':')
      if (k !== undefined && value !== undefined) tags[k] = value
    }
    return { tags }
  }

  /** Reports an errant record; without a reporter (no DLQ, no error log) it fails the task, as in Connect. */
  private async report(record: SinkRecord, error: unknown): Promise<void> {
    if (this.reporter === null) {
      throw error instanceof ConnectException
        ? error
        : new ConnectException(error instanceof Error ? error.message : String(error), { cause: error })
    }
    logger.warn('Errant record reported', {
      topic: record.topic,
      partition: record.kafkaPartition,
      offset: record.kafkaOffset,
      error: error instanceof Error ? error.message : String(error),
    })
    await this.reporter.report(record, error)
  }

  private partitionOf(record: SinkRecord): PartitionState {
    const topic = record.topic ?? ''
    const partition = record.kafkaPartition ?? -1
    if (topic !== record.originalTopic || partition !== record.originalKafkaPartition) {
      // as Confluent's task: files are per consumed partition, so a transform may not move records
      throw new ConnectException(
        `No writer found for topic partition ${topic}-${partition}. The record's topic-partition does not match any assigned partitions. Assigned partitions: [${record.originalTopic}-${record.originalKafkaPartition}]`,
      )
    }
    // records come in runs of one partition: the next record of the run needs no map lookup
    const last = this.lastPartition
    if (last !== null && last.topic === topic && last.partition === partition) return last
    const key = `${topic}-${partition}`
    let state = this.partitions.get(key)
    if (state === undefined) {
      state = { topic, partition, writer: this.newWriter(topic, partition), firstOffset: null, lastOffset: -1 }
      this.partitions.set(key, state)
    }
    this.lastPartition = state
    return state
  }

  private resetPartition(state: PartitionState): void {
    state.writer = this.newWriter(state.topic, state.partition)
    state.firstOffset = null
    state.lastOffset = -1
  }

  private newWriter(topic: string, partition: number): TopicPartitionWriter {
    const config = this.started()
    const v = config.parsed.values
    return new TopicPartitionWriter({
      topic,
      partition,
      flushSize: config.flushSize,
      rotateIntervalMs: config.rotateIntervalMs,
      rotateOnPartitionChange: v['rotate.file.on.partition.change'],
      maxOpenFiles: v['partitioner.max.open.files'],
      compatibility: config.schemaCompatibility,
      partitioner: this.partitioner as Partitioner,
      timestampExtractor: this.timestampExtractor,
      tombstonePartition: config.nullValueBehavior === 'write' ? config.tombstoneEncodedPartition : null,
      format: this.format as KeyValueHeaderFormat,
      naming: this.naming as KeyNaming,
    })
  }

  private started(): S3SinkConfig {
    if (this.config === undefined) throw new ConnectException('The S3 sink task was used before start()')
    return this.config
  }
}

/** The extractor `rotate.interval.ms` reads (Confluent's `TopicPartitionWriter`): time-based partitioners only. */
function rotationTimestampExtractor(config: S3SinkConfig): TimestampExtractor | null {
  if (!isTimeBased(config.partitionerClass)) return null
  const extractor = newTimestampExtractor(config.timestampExtractor, config.timestampField)
  if (config.nullValueBehavior !== 'write') return extractor
  // Confluent's TombstoneTimestampExtractor: tombstones are timed by the record timestamp
  return { extract: (record, nowMs) => (record.value === null ? record.timestamp : extractor.extract(record, nowMs)) }
}

function warnAboutDeterminism(config: S3SinkConfig): void {
  if (isTimeBased(config.partitionerClass) && /(^|\$)Wallclock(TimestampExtractor)?$/.test(config.timestampExtractor)) {
    warnOnce(
      's3-sink:wallclock',
      "timestamp.extractor=Wallclock places records by processing time, so the output is not exactly-once (as Confluent's documentation warns): a record replayed after an offset reset, or delivered again after a failure, can land in another folder than the first time. connectless deletes the files of a failed attempt when it writes the batch again, but use Record or RecordField for folders that do not depend on when the records were processed.",
      { key: 'timestamp.extractor' },
    )
  }
  if (config.rotateScheduleIntervalMs > 0) {
    warnOnce(
      's3-sink:rotate.schedule.interval.ms',
      `rotate.schedule.interval.ms=${config.rotateScheduleIntervalMs} has no further effect on Lambda: every file is committed at the end of the batch it started in, at most one batching window of the event source mapping after its first record.`,
      { key: 'rotate.schedule.interval.ms' },
    )
  }
}

type Limiter = <T>(fn: () => Promise<T>) => Promise<T>

/**
 * Runs at most `max` of the given functions at a time. After the first failure, functions not yet
 * started fail at once with that error: a failed flush ends quickly, and with `settled` nothing it
 * started is still in flight when it returns (a Lambda resumes such requests in its next invocation).
 */
function createLimiter(max: number): Limiter {
  let active = 0
  let failure: { error: unknown } | null = null
  const waiting: Array<() => void> = []
  return async <T>(fn: () => Promise<T>): Promise<T> => {
    // a finishing call hands its slot to the next waiting one
    if (active >= max) await new Promise<void>((resolve) => waiting.push(resolve))
    else active++
    try {
      if (failure !== null) throw failure.error
      return await fn()
    } catch (e) {
      failure ??= { error: e }
      throw e
    } finally {
      const next = waiting.shift()
      if (next === undefined) active--
      else next()
    }
  }
}

/** Waits for every promise, then fails with the first failure, if any. */
async function settled<T>(promises: readonly Promise<T>[]): Promise<T[]> {
  const results = await Promise.allSettled(promises)
  const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected')
  if (failed !== undefined) throw failed.reason
  return results.map((r) => (r as PromiseFulfilledResult<T>).value)
}
