/**
 * The local counterpart of Lambda's Kafka event source mapping (moto cannot run one): one consumer
 * group per connector reads the connector's topics, cuts batches as the ESM does (batch size, batching
 * window, the 6 MB invocation payload cap, starting position), invokes the same handler that runs on
 * Lambda with an MSK-shaped event, commits the offsets only after the handler succeeded, and delivers
 * the same batch again after a failure. The standalone runner and the tests use it.
 *
 * Differences from the real ESM: one consumer reads every partition, so a failing batch holds up all
 * partitions (Lambda blocks only the failing one); invocations are in-process and sequential.
 *
 * The consumer group, as a Connect worker's sink task treats it: a join that does not complete (a member
 * that never left, e.g. of a runner that was killed, holds it up until the coordinator evicts that member
 * when its session times out) and the other retriable Kafka errors (coordinator not available, rebalance
 * in progress, a lost connection) are logged as "Waiting for the consumer group …" and tried again, with
 * a fresh consumer and a growing pause, until it works or the emulator is stopped; the records not yet
 * committed are read again. Only a non-retriable error (an unknown topic, a failed authorization or
 * authentication) stops the emulator with that error: Connect's FAILED task.
 *
 * Stopping does not wait for a batching window to fill: the records gathered for a batch that has not
 * been handed to the handler are dropped uncommitted (the next start reads them again), as Connect's
 * WorkerSinkTask does not put a partial batch on stop. A batch the handler is working on is finished
 * and committed first.
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

/**
 * The group membership timings. session.timeout.ms 10 s (Kafka's consumer default before 3.0; Connect's
 * consumers now default to 45 s, for flaky networks between data centres; the broker accepts 6 s and
 * more): a runner that was killed leaves a member the coordinator evicts 10 s later, and the next start
 * joins then instead of up to a minute later. The client heartbeats from a timer, not from the read loop,
 * so a slow handler does not end the session; only a blocked event loop or a lost connection does, and
 * then the member joins again. rebalance.timeout.ms is how long the coordinator waits for the members to
 * rejoin in a rebalance: Java's consumer rejoins from poll() and sets it to max.poll.interval.ms
 * (5 minutes); this client rejoins from its heartbeat, so the session timeout is enough (the client
 * wants it no shorter), and a join held up by a member that is gone ends within it too, well inside the
 * client's 30 s request timeout. heartbeat.interval.ms 3 s: Kafka's default, a third of the session.
 */
const MEMBERSHIP = { sessionTimeoutMs: 10_000, rebalanceTimeoutMs: 10_000, heartbeatIntervalMs: 3_000 } as const

/** The first pause before the consumer group is tried again; it doubles up to the maximum. */
const GROUP_RETRY_MS = 1_000
const GROUP_RETRY_MAX_MS = 10_000

/** Group errors this emulator recovers from by joining again with a new consumer (Java's consumer rejoins). */
const REJOIN_ERRORS = new Set([
  'REBALANCE_IN_PROGRESS',
  'UNKNOWN_MEMBER_ID',
  'ILLEGAL_GENERATION',
  'MEMBER_ID_REQUIRED',
  'FENCED_MEMBER_EPOCH',
  'STALE_MEMBER_EPOCH',
])

/** The fields the Kafka client's errors carry: `errors` on one that gathers the failed attempts. */
interface KafkaClientError {
  readonly code?: unknown
  readonly canRetry?: unknown
  readonly apiId?: unknown
  readonly errors?: unknown
  readonly cause?: unknown
}

function isKafkaClientError(error: unknown): error is KafkaClientError {
  return typeof error === 'object' && error !== null && String((error as KafkaClientError).code).startsWith('PLT_KFK_')
}

/** A connection that failed in its handshake: authentication (SASL) or TLS, which trying again does not fix. */
function failedHandshake(cause: unknown): boolean {
  if (typeof cause !== 'object' || cause === null) return false
  const c = cause as KafkaClientError
  if (c.code === 'PLT_KFK_AUTHENTICATION') return true
  if (typeof c.code === 'string' && /CERT|TLS|SSL/.test(c.code)) return true
  return failedHandshake(c.cause)
}

/**
 * Whether a Kafka client error is worth trying again: every error it gathers is a network error (a lost
 * connection, a request that timed out, such as a join held up by a member that is gone) or a protocol
 * error Kafka calls retriable (coordinator not available or loading, not coordinator, …) or one that asks
 * for a rejoin. Anything else is not: an unknown topic, authorization and authentication (SASL, TLS)
 * failures, invalid settings, and errors that do not come from the Kafka client at all.
 */
function isRetriableGroupError(error: unknown): boolean {
  if (!isKafkaClientError(error)) return false
  if (Array.isArray(error.errors)) return error.errors.length > 0 && error.errors.every(isRetriableGroupError)
  if (error.code === 'PLT_KFK_NETWORK') return !failedHandshake(error.cause)
  if (error.code === 'PLT_KFK_PROTOCOL') return error.canRetry === true || REJOIN_ERRORS.has(String(error.apiId))
  return false
}

/** An error and what lies under it (the last of the attempts it gathers, or its cause), on one line. */
function describe(error: unknown): string {
  if (!(error instanceof Error)) return String(error)
  const inner = (error as KafkaClientError).errors
  const under = Array.isArray(inner) && inner.length > 0 ? inner[inner.length - 1] : error.cause
  const text = error.message.replace(/\.$/, '')
  return under === undefined || under === null ? text : `${text}: ${describe(under)}`
}

const STOPPED = Symbol('stopped')

/** Where the current consumer is: not asked for records yet, joining the group, or a member. */
type Membership = 'idle' | 'joining' | 'joined'

export class EventSourceEmulator {
  private consumer: GroupConsumer
  private membership: Membership = 'idle'
  /** The pause before the group is tried again after a retriable error. */
  private groupRetryMs = GROUP_RETRY_MS
  private stopping = false
  /** Called by stop(): each wait of the loop registers one while it waits (see orStop). */
  private readonly onStop = new Set<() => void>()
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
    this.consumer = this.newConsumer()
  }

  private newConsumer(): GroupConsumer {
    this.membership = 'idle'
    return new GroupConsumer(this.opts.kafka, {
      groupId: this.opts.groupId,
      topics: this.opts.topics,
      startingPosition: this.opts.startingPosition,
      membership: MEMBERSHIP,
    })
  }

  /** Starts reading; the promise settles when the emulator stops, rejecting if it stopped on an error. */
  start(): Promise<void> {
    this.running ??= this.loop().catch((error: unknown) => {
      logger.error('The event source emulator stopped on an error', { groupId: this.opts.groupId, error })
      throw error
    })
    return this.running
  }

  /**
   * Stops at once, or after the batch the handler has in hand (committed if it succeeds). Records gathered
   * for a batch not yet handed to the handler stay uncommitted: the next start reads them again. No record
   * is lost or delivered twice.
   */
  async stop(): Promise<void> {
    this.stopping = true
    for (const wake of this.onStop) wake()
    try {
      await this.running
    } finally {
      if (this.membership === 'joining') {
        // a join the coordinator holds up keeps the connection busy, and leaving the group would wait
        // behind it (up to the client's 30 s request timeout): the stop does not wait for that
        this.abandon(this.consumer)
      } else {
        await this.consumer.close()
      }
    }
  }

  /** Closes a consumer in the background; twice if need be (a leave that waited behind a held join can time out). */
  private abandon(consumer: GroupConsumer): void {
    void consumer
      .close()
      .catch(() => consumer.close())
      .catch((error: unknown) =>
        logger.debug('Closing a consumer of the event source emulator failed', {
          groupId: this.opts.groupId,
          error: describe(error),
        }),
      )
  }

  /**
   * What `work` gives, or STOPPED as soon as stop() is called (`work` then goes on unobserved). A listener
   * per wait rather than one promise for the stop: every race on a promise that never settles would
   * leave a reaction on it, one per record.
   */
  private async orStop<T>(work: Promise<T>): Promise<T | typeof STOPPED> {
    let wake: () => void = () => {}
    const stopped = new Promise<typeof STOPPED>((resolve) => {
      wake = () => resolve(STOPPED)
    })
    if (this.stopping) wake()
    this.onStop.add(wake)
    try {
      return await Promise.race([work, stopped])
    } finally {
      this.onStop.delete(wake)
    }
  }

  /** Waits `ms`, or less if stop() is called: then STOPPED. */
  private async sleep(ms: number): Promise<typeof STOPPED | undefined> {
    let timer: NodeJS.Timeout | undefined
    try {
      return await this.orStop(
        new Promise<undefined>((resolve) => {
          timer = setTimeout(() => resolve(undefined), ms)
        }),
      )
    } finally {
      clearTimeout(timer)
    }
  }

  /** The next record, null if none came within `waitMs` (the first call joins the group), STOPPED on stop(). */
  private async poll(waitMs: number): Promise<ConsumerRecord | null | typeof STOPPED> {
    const consumer = this.consumer
    if (this.membership === 'idle') this.membership = 'joining'
    const r = await this.orStop(consumer.next(waitMs))
    if (r !== STOPPED && this.membership === 'joining' && consumer === this.consumer) {
      this.membership = 'joined'
      this.groupRetryMs = GROUP_RETRY_MS
    }
    return r
  }

  /**
   * After a consumer error: a retriable one is logged and the group tried again with a new consumer, after a
   * pause (the records not committed are read again); any other is thrown, and stops the emulator.
   */
  private async waitForGroup(error: unknown, doing: string): Promise<void> {
    const joining = this.membership === 'joining'
    if (!isRetriableGroupError(error)) {
      if (!isKafkaClientError(error)) throw error
      const where = `consumer group ${this.opts.groupId} (topics ${this.opts.topics.join(', ')})`
      throw new Error(`Kafka: ${where}: ${joining ? 'joining' : doing} failed: ${describe(error)}`, { cause: error })
    }
    const delay = this.groupRetryMs
    this.groupRetryMs = Math.min(delay * 2, GROUP_RETRY_MAX_MS)
    logger.warn(
      joining
        ? `Waiting for the consumer group ${this.opts.groupId}: joining it did not complete (${describe(error)}). ` +
            'A member that did not leave the group, e.g. of a runner that was killed, holds the join up until its ' +
            `session times out and the coordinator evicts it; trying again in ${delay} ms`
        : `Waiting for the consumer group ${this.opts.groupId}: ${doing} failed (${describe(error)}); ` +
            `joining again in ${delay} ms, the records not committed are read again`,
      { groupId: this.opts.groupId, topics: this.opts.topics, error: describe(error) },
    )
    this.abandon(this.consumer)
    this.consumer = this.newConsumer()
    this.carry = null
    await this.sleep(delay)
  }

  /** The next batch; empty if stop() was called before it was complete (its records stay uncommitted). */
  private async nextBatch(): Promise<ConsumerRecord[]> {
    const batch: ConsumerRecord[] = []
    let bytes = 2_000
    let windowEnds = Number.POSITIVE_INFINITY
    while (!this.stopping && batch.length < this.opts.batchSize) {
      const wait = batch.length === 0 ? 200 : windowEnds - Date.now()
      if (batch.length > 0 && wait <= 0) break
      const r = this.carry ?? (await this.poll(wait))
      this.carry = null
      if (r === STOPPED) return []
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
    return this.stopping ? [] : batch
  }

  private async loop(): Promise<void> {
    while (!this.stopping) {
      let batch: ConsumerRecord[]
      try {
        batch = await this.nextBatch()
      } catch (error) {
        await this.waitForGroup(error, 'reading')
        continue
      }
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
          try {
            await this.consumer.commit([...next.values()])
          } catch (e) {
            // not committed: the batch is read and delivered again, and the sink runtime skips the records
            // its own offsets show as delivered, as after any redelivery by the event source mapping
            await this.waitForGroup(e, 'committing the offsets')
          }
          break
        }
        logger.warn('The handler failed; the batch will be delivered again', {
          groupId: this.opts.groupId,
          attempt,
          error: error instanceof Error ? error.message : String(error),
        })
        if (this.stopping || (await this.sleep(delay)) === STOPPED) return
        delay = Math.min(delay * 2, 30_000)
      }
    }
  }
}
