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

import { TransformationChain } from '../../transforms/chain.js'
import type { Converter, HeaderConverter, KafkaHeaders } from '../converters/converter.js'
import { ConnectException, RetriableException } from '../errors.js'
import { logger } from '../logging.js'
import { Headers } from '../record/headers.js'
import { SinkRecord } from '../record/record.js'
import {
  type ErrorReporter,
  ProcessingContext,
  RetryWithToleranceOperator,
  type ToleranceSettings,
} from '../tolerance/operator.js'
import { DeadLetterQueueReporter, type DlqRecord, LogReporter } from '../tolerance/reporters.js'
import { Stage } from '../tolerance/stage.js'
import { buildAlert, type DlqAlert } from './alerts.js'
import type { RawKafkaRecord } from './msk-event.js'
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
  private readonly contexts = new WeakMap<SinkRecord, ProcessingContext<RawKafkaRecord>>()
  private started = false

  constructor(private readonly parts: SinkRuntimeParts) {
    const id = { connector: parts.connector, task: parts.taskId }
    const reporters: ErrorReporter<RawKafkaRecord>[] = []
    if (parts.errorsLog.enable) reporters.push(new LogReporter(id, parts.errorsLog.includeMessages))
    this.dlqReporter = parts.dlq ? new DeadLetterQueueReporter(parts.dlq.topic, id, parts.dlq.contextHeaders) : null
    if (this.dlqReporter) reporters.push(this.dlqReporter)
    this.operator = new RetryWithToleranceOperator(parts.tolerance, reporters)
  }

  /** The reporter a task uses for its own bad records; null unless a DLQ or the error log is on, as in Connect. */
  private errantRecordReporter(): ErrantRecordReporter | null {
    if (!this.parts.dlq && !this.parts.errorsLog.enable) return null
    return {
      report: async (record, error) => {
        const ctx = this.contexts.get(record)
        if (!ctx)
          throw new ConnectException('The errant record reporter was given a record this task did not receive', {
            cause: error,
          })
        await this.operator.executeFailed(ctx, Stage.TASK_PUT, SINK_TASK_CLASS, error)
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
  async processBatch(raw: readonly RawKafkaRecord[], deadline = Number.POSITIVE_INFINITY): Promise<BatchResult> {
    const t0 = Date.now()
    await this.start(() => deadline - Date.now())
    this.operator.stopRetriesAt(deadline - STOP_MARGIN_MS)

    const partitions = new Map<string, { topic: string; partition: number }>()
    for (const r of raw) partitions.set(tpKey(r.topic, r.partition), { topic: r.topic, partition: r.partition })
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
    this.dlqReporter?.drain() // nothing from an earlier, failed batch: it is being delivered again
    try {
      for (const r of raw) {
        const key = tpKey(r.topic, r.partition)
        const done = committed.get(key)
        if (done !== undefined && r.offset < done) {
          skippedAsDelivered++
          continue
        }
        if (Date.now() > deadline - STOP_MARGIN_MS) {
          complete = false
          break
        }
        const ctx = new ProcessingContext(r)
        const record = await this.convertAndTransform(ctx).catch((e: unknown) => {
          throw this.recordError(ctx, e)
        })
        if (record) {
          this.contexts.set(record, ctx)
          records.push(record)
        } else if (ctx.failed()) failed++
        else filtered++
        // `first`: where this batch started on the partition (the S3 sink's upload manifest needs it)
        const p = progress.get(key)
        if (p) p.next = r.offset + 1
        else progress.set(key, { topic: r.topic, partition: r.partition, first: r.offset, next: r.offset + 1 })
      }
      if (records.length > 0) await this.parts.task.put(records)
    } catch (e) {
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

  private async convertAndTransform(ctx: ProcessingContext<RawKafkaRecord>): Promise<SinkRecord | null> {
    const r = ctx.original
    const { keyConverter, valueConverter, headerConverter } = this.parts
    const kafkaHeaders: KafkaHeaders = r.headers
    const where = { partition: r.partition, offset: r.offset }
    const key = await this.operator.execute(ctx, Stage.KEY_CONVERTER, keyConverter.className, () =>
      keyConverter.converter.toConnectData(r.topic, kafkaHeaders, r.key, where),
    )
    const value = await this.operator.execute(ctx, Stage.VALUE_CONVERTER, valueConverter.className, () =>
      valueConverter.converter.toConnectData(r.topic, kafkaHeaders, r.value, where),
    )
    const headers = await this.operator.execute(ctx, Stage.HEADER_CONVERTER, headerConverter.className, async () => {
      const out = new Headers()
      for (const h of r.headers) {
        const sv = await headerConverter.converter.toConnectHeader(r.topic, h.key, h.value)
        out.add(h.key, sv.value, sv.schema)
      }
      return out
    })
    if (ctx.failed() || key === null || value === null || headers === null) return null

    let record: SinkRecord | null = new SinkRecord({
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
    for (const stage of this.parts.chain.stages) {
      const current: SinkRecord = record
      record = await this.operator.execute(ctx, Stage.TRANSFORMATION, stage.className, () =>
        TransformationChain.applyStage(stage, current),
      )
      if (record === null) return null
    }
    return record
  }
}
