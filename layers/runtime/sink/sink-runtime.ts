/**
 * What a Connect worker does for a sink task, for one batch of records from the event source mapping:
 * skip what the sink offset store says is done (redelivery), run each record through the key, value
 * and header converters and the transform chain under the error-tolerance operator, hand the
 * survivors to the task, produce the failures to the dead-letter topic, flush the task, commit the
 * offsets, and send one alert for the batch.
 *
 * The batch either completes or throws. It throws (and the ESM delivers it again) when the task
 * fails, when a downstream system is unavailable, or when the invocation runs out of time — in that
 * last case after committing what it finished, so the retry starts where it stopped.
 */

import { TransformationChain, type TransformStage } from '../../transforms/chain.js'
import type { Converter, HeaderConverter, MaybePromise, SchemaAndValue } from '../converters/converter.js'
import { ConnectException, RetriableException } from '../errors.js'
import { logger } from '../logging.js'
import { Headers } from '../record/headers.js'
import { SinkRecord } from '../record/record.js'
import {
  type ErrorReporter,
  isPromiseLike,
  ProcessingContext,
  RetryWithToleranceOperator,
  type ToleranceSettings,
} from '../tolerance/operator.js'
import { DeadLetterQueueReporter, type DlqRecord, LogReporter } from '../tolerance/reporters.js'
import { Stage } from '../tolerance/stage.js'
import { buildAlert, type DlqAlert } from './alerts.js'
import { decodeRecord, type MskEventRecord, type RawKafkaRecord } from './msk-event.js'
import type { ErrantRecordReporter, SinkTask, TopicPartitionOffsets } from './sink-task.js'

export interface NamedConverter<C> {
  /** The class name as configured, for error contexts (`org.apache.kafka.connect.json.JsonConverter`). */
  readonly className: string
  readonly converter: C
}

/** Where a sink remembers how far each topic-partition got (DynamoDB on AWS; a file locally). */
export interface SinkOffsets {
  committed(partitions: ReadonlyArray<{ topic: string; partition: number }>): Promise<Map<string, number>>
  commit(topic: string, partition: number, next: number): Promise<boolean>
}

export interface SinkRuntimeParts {
  readonly connector: string
  readonly taskId: number
  readonly config: Readonly<Record<string, string | null>>
  readonly keyConverter: NamedConverter<Converter>
  readonly valueConverter: NamedConverter<Converter>
  readonly headerConverter: NamedConverter<HeaderConverter>
  readonly chain: TransformationChain<SinkRecord>
  readonly tolerance: ToleranceSettings
  readonly errorsLog: { readonly enable: boolean; readonly includeMessages: boolean }
  readonly dlq: { readonly topic: string; readonly contextHeaders: boolean } | null
  readonly task: SinkTask
  readonly offsets: SinkOffsets | null
  /** Produces DLQ records (acks=all) and resolves once the broker has them. */
  readonly produceDlq: (records: readonly DlqRecord[]) => Promise<void>
  /** Sends one alert for a batch that had DLQ records. */
  readonly sendAlert: ((alert: DlqAlert) => Promise<void>) | null
}

export interface BatchResult {
  readonly read: number
  /** Already committed earlier: skipped on redelivery. */
  readonly skippedAsDelivered: number
  readonly written: number
  readonly filtered: number
  readonly failed: number
  readonly toDlq: number
  /** False where the invocation ran out of time and committed only a prefix. */
  readonly complete: boolean
  readonly durationMs: number
}

const SINK_TASK_CLASS = 'org.apache.kafka.connect.sink.SinkTask'
/** Time kept back at the end of an invocation for put, DLQ, flush and commit of what is done. */
export const STOP_MARGIN_MS = 5_000

const tpKey = (topic: string, partition: number) => `${topic}-${partition}`

export class SinkRuntime {
  private readonly operator: RetryWithToleranceOperator<RawKafkaRecord>
  private readonly dlqReporter: DeadLetterQueueReporter | null
  /**
   * For each record handed to the task, how to get its original bytes again (for the errant record
   * reporter): the event's own record is decoded again rather than its bytes kept. For the batch only,
   * and only where there is such a reporter.
   */
  private readonly originals: Map<SinkRecord, () => RawKafkaRecord> | null
  private started = false

  constructor(private readonly parts: SinkRuntimeParts) {
    const id = { connector: parts.connector, task: parts.taskId }
    const reporters: ErrorReporter<RawKafkaRecord>[] = []
    if (parts.errorsLog.enable) reporters.push(new LogReporter(id, parts.errorsLog.includeMessages))
    this.dlqReporter = parts.dlq ? new DeadLetterQueueReporter(parts.dlq.topic, id, parts.dlq.contextHeaders) : null
    if (this.dlqReporter) reporters.push(this.dlqReporter)
    this.operator = new RetryWithToleranceOperator(parts.tolerance, reporters)
    this.originals = parts.dlq || parts.errorsLog.enable ? new Map() : null
  }

  /** The reporter a task uses for its own bad records; null unless a DLQ or the error log is on, as in Connect. */
  private errantRecordReporter(): ErrantRecordReporter | null {
    if (!this.parts.dlq && !this.parts.errorsLog.enable) return null
    return {
      report: async (record, error) => {
        const original = this.originals?.get(record)
        if (!original)
          throw new ConnectException('The errant record reporter was given a record this task did not receive', {
            cause: error,
          })
        await this.operator.executeFailed(new ProcessingContext(original()), Stage.TASK_PUT, SINK_TASK_CLASS, error)
      },
    }
  }

  async start(remainingTimeMs: () => number): Promise<void> {
    if (this.started) return
    await this.parts.task.start({
      connector: this.parts.connector,
      taskId: this.parts.taskId,
      config: this.parts.config,
      errantRecordReporter: this.errantRecordReporter(),
      remainingTimeMs,
    })
    this.started = true
  }

  async stop(): Promise<void> {
    if (!this.started) return
    this.started = false
    await this.parts.task.stop()
    this.parts.chain.close()
  }

  /**
   * Processes one batch in topic-partition-offset order. `deadline` is the epoch-ms instant by which
   * the invocation must have returned.
   */
  processBatch(raw: readonly RawKafkaRecord[], deadline = Number.POSITIVE_INFINITY): Promise<BatchResult> {
    return this.process(raw, (r) => r, deadline)
  }

  /**
   * {@link processBatch} for the records of an event as it came (see `eventRecords`): each is decoded
   * when its turn comes, and its bytes are dropped once it is converted unless a reporter may need them.
   */
  processEvent(records: readonly MskEventRecord[], deadline = Number.POSITIVE_INFINITY): Promise<BatchResult> {
    return this.process(records, decodeRecord, deadline)
  }

  private async process<R extends { readonly topic: string; readonly partition: number; readonly offset: number }>(
    raw: readonly R[],
    decode: (r: R) => RawKafkaRecord,
    deadline: number,
  ): Promise<BatchResult> {
    const t0 = Date.now()
    await this.start(() => deadline - Date.now())
    this.operator.stopRetriesAt(deadline - STOP_MARGIN_MS)
    const stopAt = deadline - STOP_MARGIN_MS

    const partitions = new Map<string, { topic: string; partition: number }>()
    let lastTopic: string | null = null
    let lastPartition = -1
    for (const r of raw) {
      if (r.topic === lastTopic && r.partition === lastPartition) continue
      lastTopic = r.topic
      lastPartition = r.partition
      const key = tpKey(r.topic, r.partition)
      if (!partitions.has(key)) partitions.set(key, { topic: r.topic, partition: r.partition })
    }
    const committed = this.parts.offsets
      ? await this.parts.offsets.committed([...partitions.values()])
      : new Map<string, number>()

    const records: SinkRecord[] = []
    // how far each topic-partition got: every record counts, written, filtered or failed
    const progress = new Map<string, { topic: string; partition: number; first: number; next: number }>()
    let skippedAsDelivered = 0
    let filtered = 0
    let failed = 0
    let complete = true
    // the records of a batch come partition by partition: look the partition up when it changes
    let currentTopic: string | null = null
    let currentPartition = -1
    let done: number | undefined
    let current: { topic: string; partition: number; first: number; next: number } | undefined
    this.dlqReporter?.drain() // nothing from an earlier, failed batch: it is being delivered again
    try {
      for (const r of raw) {
        if (r.topic !== currentTopic || r.partition !== currentPartition) {
          currentTopic = r.topic
          currentPartition = r.partition
          const key = tpKey(r.topic, r.partition)
          done = committed.get(key)
          current = progress.get(key)
          if (current === undefined) {
            current = { topic: r.topic, partition: r.partition, first: -1, next: -1 }
            progress.set(key, current)
          }
        }
        if (done !== undefined && r.offset < done) {
          skippedAsDelivered++
          continue
        }
        if (Date.now() > stopAt) {
          complete = false
          break
        }
        const ctx = new ProcessingContext(decode(r))
        let record: SinkRecord | null
        try {
          const out = this.convertAndTransform(ctx)
          record = isPromiseLike(out) ? await out : out
        } catch (e) {
          throw this.recordError(ctx, e)
        }
        if (record) {
          this.originals?.set(record, () => decode(r))
          records.push(record)
        } else if (ctx.failed()) failed++
        else filtered++
        // `first`: where this batch started on the partition (the S3 sink's upload manifest needs it)
        const p = current as { first: number; next: number }
        if (p.first < 0) p.first = r.offset
        p.next = r.offset + 1
      }
      // partitions whose records were all delivered before are not part of this batch's progress
      for (const [key, p] of progress) if (p.first < 0) progress.delete(key)
      if (records.length > 0) await this.parts.task.put(records)
    } catch (e) {
      this.originals?.clear()
      // as Connect, the record that failed the task is still written to the DLQ before the task dies
      const pending = this.dlqReporter?.drain() ?? []
      if (pending.length > 0)
        await this.parts
          .produceDlq(pending)
          .catch((dlqError: unknown) => logger.error('Producing to the DLQ failed', { error: dlqError }))
      throw this.taskError('put', e)
    }
    // failures found by the task itself are reported during put: drain after it
    const toDlq = this.dlqReporter?.drain() ?? []
    if (toDlq.length > 0) await this.parts.produceDlq(toDlq)
    try {
      await this.parts.task.flush(progress as TopicPartitionOffsets)
    } catch (e) {
      throw this.taskError('flush', e)
    } finally {
      this.originals?.clear()
    }
    if (this.parts.offsets) {
      for (const p of progress.values()) await this.parts.offsets.commit(p.topic, p.partition, p.next)
    }
    if (toDlq.length > 0 && this.parts.sendAlert && this.parts.dlq) {
      await this.parts.sendAlert(buildAlert(this.parts.connector, this.parts.dlq.topic, toDlq))
    }
    const result: BatchResult = {
      read: raw.length,
      skippedAsDelivered,
      written: records.length,
      filtered,
      failed,
      toDlq: toDlq.length,
      complete,
      durationMs: Date.now() - t0,
    }
    if (!complete) {
      // the ESM commits the whole batch when the handler returns: throw so that it delivers it again,
      // and the records committed above are skipped then
      throw new RetriableException(
        `Stopped before the invocation's timeout after ${records.length + filtered + failed} of ${raw.length - skippedAsDelivered} records; the rest will be delivered again`,
      )
    }
    return result
  }

  /** The task fails on this record: say which record, where, and why (Connect's message first). */
  private recordError(ctx: ProcessingContext<RawKafkaRecord>, e: unknown): ConnectException {
    const r = ctx.original
    const cause = e instanceof Error && e.cause instanceof Error ? e.cause : e
    const why = cause instanceof Error ? `${cause.name}: ${cause.message}` : String(cause)
    return new ConnectException(
      `${e instanceof Error ? e.message : String(e)} at topic ${r.topic}, partition ${r.partition}, offset ${r.offset} (connector ${this.parts.connector}, stage ${ctx.stage}, class ${ctx.executingClass}): ${why}`,
      { cause: e },
    )
  }

  private taskError(what: string, e: unknown): ConnectException {
    if (e instanceof RetriableException) return e
    logger.error(`Task ${this.parts.connector}-${this.parts.taskId} threw an unrecoverable exception in ${what}`, {
      error: e,
    })
    return e instanceof ConnectException
      ? e
      : new ConnectException(`Exiting WorkerSinkTask due to unrecoverable exception.`, { cause: e })
  }

  /**
   * The converters, then the transforms, each stage under the tolerance operator. Synchronous where
   * every stage is (JsonConverter and Kafka's SMTs are); a stage that answers with a promise (a converter
   * that asks a schema registry) continues asynchronously from there.
   */
  private convertAndTransform(ctx: ProcessingContext<RawKafkaRecord>): SinkRecord | null | Promise<SinkRecord | null> {
    const { keyConverter } = this.parts
    const key = this.operator.executeSync(
      ctx,
      Stage.KEY_CONVERTER,
      keyConverter.className,
      convertKey,
      keyConverter.converter,
      ctx.original,
    )
    if (isPromiseLike(key)) return key.then((k) => (k === null ? null : this.afterKey(ctx, k)))
    return key === null ? null : this.afterKey(ctx, key)
  }

  private afterKey(
    ctx: ProcessingContext<RawKafkaRecord>,
    key: SchemaAndValue,
  ): SinkRecord | null | Promise<SinkRecord | null> {
    const { valueConverter } = this.parts
    const value = this.operator.executeSync(
      ctx,
      Stage.VALUE_CONVERTER,
      valueConverter.className,
      convertValue,
      valueConverter.converter,
      ctx.original,
    )
    if (isPromiseLike(value)) return value.then((v) => (v === null ? null : this.afterValue(ctx, key, v)))
    return value === null ? null : this.afterValue(ctx, key, value)
  }

  private afterValue(
    ctx: ProcessingContext<RawKafkaRecord>,
    key: SchemaAndValue,
    value: SchemaAndValue,
  ): SinkRecord | null | Promise<SinkRecord | null> {
    const { headerConverter } = this.parts
    const headers = this.operator.executeSync(
      ctx,
      Stage.HEADER_CONVERTER,
      headerConverter.className,
      convertHeaders,
      headerConverter.converter,
      ctx.original,
    )
    if (isPromiseLike(headers)) {
      return headers.then((h) => (h === null ? null : this.transform(ctx, sinkRecord(ctx.original, key, value, h), 0)))
    }
    return headers === null ? null : this.transform(ctx, sinkRecord(ctx.original, key, value, headers), 0)
  }

  /** The transform stages from `from` on. */
  private transform(
    ctx: ProcessingContext<RawKafkaRecord>,
    record: SinkRecord,
    from: number,
  ): SinkRecord | null | Promise<SinkRecord | null> {
    const stages = this.parts.chain.stages
    let current = record
    for (let i = from; i < stages.length; i++) {
      const stage = stages[i] as TransformStage<SinkRecord>
      const out = this.operator.executeSync(
        ctx,
        Stage.TRANSFORMATION,
        stage.className,
        TransformationChain.applyStage<SinkRecord>,
        stage,
        current,
      )
      if (isPromiseLike(out)) return out.then((next) => (next === null ? null : this.transform(ctx, next, i + 1)))
      if (out === null) return null
      current = out
    }
    return current
  }
}

// The stages' operations, as functions of their arguments: the operator runs them without a closure per record.

function convertKey(converter: Converter, r: RawKafkaRecord): MaybePromise<SchemaAndValue> {
  return converter.toConnectData(r.topic, r.headers, r.key, r)
}

function convertValue(converter: Converter, r: RawKafkaRecord): MaybePromise<SchemaAndValue> {
  return converter.toConnectData(r.topic, r.headers, r.value, r)
}

/** The header converter over every header; synchronous unless the converter answers with a promise. */
function convertHeaders(converter: HeaderConverter, r: RawKafkaRecord): Headers | Promise<Headers> {
  const out = new Headers()
  for (let i = 0; i < r.headers.length; i++) {
    const h = r.headers[i] as RawKafkaRecord['headers'][number]
    const sv = converter.toConnectHeader(r.topic, h.key, h.value)
    if (isPromiseLike(sv)) return convertHeadersAsync(converter, r, out, i, sv)
    out.add(h.key, sv.value, sv.schema)
  }
  return out
}

async function convertHeadersAsync(
  converter: HeaderConverter,
  r: RawKafkaRecord,
  out: Headers,
  from: number,
  pending: Promise<SchemaAndValue>,
): Promise<Headers> {
  for (let i = from; i < r.headers.length; i++) {
    const h = r.headers[i] as RawKafkaRecord['headers'][number]
    const sv = i === from ? await pending : await converter.toConnectHeader(r.topic, h.key, h.value)
    out.add(h.key, sv.value, sv.schema)
  }
  return out
}

function sinkRecord(r: RawKafkaRecord, key: SchemaAndValue, value: SchemaAndValue, headers: Headers): SinkRecord {
  return new SinkRecord({
    topic: r.topic,
    kafkaPartition: r.partition,
    keySchema: key.schema,
    key: key.value,
    valueSchema: value.schema,
    value: value.value,
    timestamp: r.timestamp,
    timestampType: r.timestampType,
    kafkaOffset: r.offset,
    headers,
  })
}
