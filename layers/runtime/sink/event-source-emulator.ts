/**
 * The local counterpart of Lambda's Kafka event source mapping (moto cannot run one): one consumer
 * group per connector reads the connector's topics, cuts batches as the ESM does (batch size, batching
 * window, the 6 MB invocation payload cap, starting position), invokes the same handler that runs on
 * Lambda with an MSK-shaped event, commits the offsets only after the handler succeeded, and delivers
 * the same batch again after a failure. The standalone runner and the tests use it.
 *
 * Differences from the real ESM: one consumer reads every partition, so a failing batch holds up all
 * partitions (Lambda blocks only the failing one); invocations are in-process and sequential.
 */

import { type ConsumerRecord, GroupConsumer, type KafkaClientConfig } from '../kafka/client.js'
import { logger } from '../logging.js'
import { TimestampType } from '../record/record.js'
import { encodeEvent, type MskEvent, type RawKafkaRecord } from './msk-event.js'

/** The Lambda context fields a handler reads. */
export interface InvocationContext {
  readonly awsRequestId: string
  getRemainingTimeInMillis(): number
}

export type KafkaEventHandler = (event: MskEvent, context: InvocationContext) => Promise<unknown>

export interface EmulatorOptions {
  readonly kafka: KafkaClientConfig
  /** The ESM's consumer group id; connectless uses Connect's `connect-<connector name>`. */
  readonly groupId: string
  readonly topics: readonly string[]
  /** The ESM's BatchSize (1–10,000; default 100). */
  readonly batchSize?: number
  /** The ESM's MaximumBatchingWindowInSeconds, in ms (default 500, as for Kafka ESMs). */
  readonly batchingWindowMs?: number
  /** The invocation payload cap (6 MB for a synchronous invoke). */
  readonly maxPayloadBytes?: number
  readonly startingPosition?: 'LATEST' | 'TRIM_HORIZON'
  /** The function's timeout, for the handler's remaining time. */
  readonly functionTimeoutMs?: number
  /** Delay before a failed batch is delivered again (doubling up to 30 s). */
  readonly retryDelayMs?: number
  readonly handler: KafkaEventHandler
  /** Called after each invocation, successful or not. */
  readonly onInvocation?: (info: InvocationInfo) => void
}

export interface InvocationInfo {
  readonly records: number
  readonly attempt: number
  readonly error: unknown
  readonly durationMs: number
}

export const LAMBDA_PAYLOAD_LIMIT = 6 * 1024 * 1024

/** Bytes a record adds to the event's JSON (base64 grows by 4/3; headers as byte-number arrays). */
function eventBytes(r: ConsumerRecord): number {
  let n = 200 + r.topic.length
  if (r.key) n += Math.ceil(r.key.length / 3) * 4
  if (r.value) n += Math.ceil(r.value.length / 3) * 4
  for (const h of r.headers) n += h.key.length + 8 + (h.value ? h.value.length * 4 : 4)
  return n
}

function toRaw(r: ConsumerRecord): RawKafkaRecord {
  return {
    topic: r.topic,
    partition: r.partition,
    offset: Number(r.offset),
    timestamp: r.timestamp,
    timestampType: TimestampType.CREATE_TIME,
    key: r.key,
    value: r.value,
    headers: r.headers,
  }
}

export class EventSourceEmulator {
  private readonly consumer: GroupConsumer
  private stopping = false
  private running: Promise<void> | undefined
  private carry: ConsumerRecord | null = null
  private invocations = 0
  private readonly opts: Required<Omit<EmulatorOptions, 'onInvocation'>> & Pick<EmulatorOptions, 'onInvocation'>

  constructor(options: EmulatorOptions) {
    this.opts = {
      batchSize: 100,
      batchingWindowMs: 500,
      maxPayloadBytes: LAMBDA_PAYLOAD_LIMIT,
      startingPosition: 'TRIM_HORIZON',
      functionTimeoutMs: 300_000,
      retryDelayMs: 1_000,
      ...options,
    }
    this.consumer = new GroupConsumer(options.kafka, {
      groupId: options.groupId,
      topics: options.topics,
      startingPosition: this.opts.startingPosition,
    })
  }

  start(): void {
    this.running ??= this.loop().catch((error: unknown) => {
      logger.error('The event source emulator stopped on an error', { groupId: this.opts.groupId, error })
      throw error
    })
  }

  /** Stops after the batch in hand (committed if it succeeds); no record is lost or delivered twice. */
  async stop(): Promise<void> {
    this.stopping = true
    try {
      await this.running
    } finally {
      await this.consumer.close()
    }
  }

  private async nextBatch(): Promise<ConsumerRecord[]> {
    const batch: ConsumerRecord[] = []
    let bytes = 2_000
    let windowEnds = Number.POSITIVE_INFINITY
    while (!this.stopping && batch.length < this.opts.batchSize) {
      const wait = batch.length === 0 ? 200 : windowEnds - Date.now()
      if (batch.length > 0 && wait <= 0) break
      const r = this.carry ?? (await this.consumer.next(wait))
      this.carry = null
      if (r === null) continue
      const size = eventBytes(r)
      if (batch.length > 0 && bytes + size > this.opts.maxPayloadBytes) {
        this.carry = r
        break
      }
      if (batch.length === 0) windowEnds = Date.now() + this.opts.batchingWindowMs
      batch.push(r)
      bytes += size
    }
    return batch
  }

  private async loop(): Promise<void> {
    while (!this.stopping) {
      const batch = await this.nextBatch()
      if (batch.length === 0) continue
      const raw = batch.map(toRaw)
      const event = encodeEvent(raw, this.opts.kafka.bootstrapServers.join(','))
      let delay = this.opts.retryDelayMs
      for (let attempt = 1; ; attempt++) {
        const t0 = Date.now()
        const deadline = t0 + this.opts.functionTimeoutMs
        let error: unknown = null
        try {
          await this.opts.handler(event, {
            awsRequestId: `emulator-${this.opts.groupId}-${++this.invocations}`,
            getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
          })
        } catch (e) {
          error = e
        }
        this.opts.onInvocation?.({ records: raw.length, attempt, error, durationMs: Date.now() - t0 })
        if (error === null) {
          const next = new Map<string, { topic: string; partition: number; next: number }>()
          for (const r of raw)
            next.set(`${r.topic}-${r.partition}`, { topic: r.topic, partition: r.partition, next: r.offset + 1 })
          await this.consumer.commit([...next.values()])
          break
        }
        logger.warn('The handler failed; the batch will be delivered again', {
          groupId: this.opts.groupId,
          attempt,
          error: error instanceof Error ? error.message : String(error),
        })
        if (this.stopping) return
        await new Promise((resolve) => setTimeout(resolve, delay))
        delay = Math.min(delay * 2, 30_000)
        if (this.stopping) return
      }
    }
  }
}
