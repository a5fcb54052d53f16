/**
 * Elastic's `BulkProcessor` as Confluent configures it, for the records of one Lambda batch: actions
 * are gathered into a bulk request until it holds `batch.size` actions or `bulk.size.bytes` bytes, then
 * sent while the next one fills; at most `max.in.flight.requests` requests run at once, and at most
 * `max.buffered.records` records are held unacknowledged (adding waits for a request to finish, up to
 * `flush.timeout.ms`). `flush` sends the last, partial request and waits for all of them.
 *
 * With `write.method=upsert` (updates carry no version, so their order matters), an action whose
 * document id is in a request still running waits for that request first: two updates of one
 * document are never in flight at once. (Confluent does not wait; its updates can race.)
 */
import { RetriableException } from '../../layers/runtime/errors.js'
import { BulkBody } from './bulk-body.js'
import type { BulkItem } from './bulk-executor.js'

export interface BulkProcessorSettings {
  readonly batchSize: number
  /** -1: no limit. */
  readonly bulkSizeBytes: number
  readonly maxInFlightRequests: number
  readonly maxBufferedRecords: number
  readonly flushTimeoutMs: number
  /** Whether actions on one document id must not overlap in time (updates). */
  readonly orderById: boolean
}

export type ExecuteBulk = (items: readonly BulkItem[], body: Buffer, ends: readonly number[]) => Promise<void>

interface InFlight {
  readonly done: Promise<void>
  readonly size: number
  readonly ids: ReadonlySet<string> | null
}

export class BulkProcessor {
  private readonly body = new BulkBody()
  private items: BulkItem[] = []
  private openIds = new Set<string>()
  private readonly inFlight = new Set<InFlight>()
  private buffered = 0
  private failure: unknown = null
  private failed = false

  constructor(
    private readonly settings: BulkProcessorSettings,
    private readonly execute: ExecuteBulk,
    private readonly remainingTimeMs: () => number = () => Number.POSITIVE_INFINITY,
  ) {}

  /** Adds an action; waits where the buffer is full or (updates) its document is in flight. */
  async add(item: BulkItem): Promise<void> {
    this.throwIfFailed()
    const id = item.request.id
    if (this.settings.orderById && id !== null) {
      while (this.idInFlight(id)) await this.waitForOne()
    }
    while (this.buffered >= this.settings.maxBufferedRecords) {
      if (this.inFlight.size === 0) await this.send()
      else await this.waitForOne()
    }
    const bytes = this.body.add(item.request)
    this.items.push(item)
    if (this.settings.orderById && id !== null) this.openIds.add(id)
    this.buffered++
    const limit = this.settings.bulkSizeBytes
    if (this.items.length >= this.settings.batchSize || (limit > 0 && bytes >= limit)) await this.send()
  }

  /** Sends what is gathered and waits for every request; throws the first failure. */
  async flush(): Promise<void> {
    this.throwIfFailed()
    if (this.items.length > 0) await this.send()
    await this.settle()
    this.throwIfFailed()
  }

  /** Waits for the requests still running, whatever their outcome (after a failure elsewhere). */
  async settle(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.all([...this.inFlight].map((f) => f.done))
  }

  private throwIfFailed(): void {
    if (this.failed) throw this.failure
  }

  private idInFlight(id: string): boolean {
    for (const f of this.inFlight) if (f.ids?.has(id)) return true
    return false
  }

  private async send(): Promise<void> {
    while (this.inFlight.size >= this.settings.maxInFlightRequests) await this.waitForOne()
    const items = this.items
    const ids = this.settings.orderById ? this.openIds : null
    const { body, ends } = this.body.take()
    this.items = []
    this.openIds = new Set()
    const entry: InFlight = {
      size: items.length,
      ids,
      done: this.execute(items, body, ends).then(
        () => this.finished(entry),
        (error: unknown) => {
          if (!this.failed) {
            this.failed = true
            this.failure = error
          }
          this.finished(entry)
        },
      ),
    }
    this.inFlight.add(entry)
  }

  private finished(entry: InFlight): void {
    this.inFlight.delete(entry)
    this.buffered -= entry.size
  }

  /** Waits until a request finishes, at most `flush.timeout.ms` (and the invocation's time left). */
  private async waitForOne(): Promise<void> {
    if (this.inFlight.size === 0) return
    const timeoutMs = Math.max(0, Math.min(this.settings.flushTimeoutMs, this.remainingTimeMs()))
    let timer: NodeJS.Timeout | undefined
    const timedOut = new Promise<boolean>((resolve) => {
      timer = setTimeout(() => resolve(true), timeoutMs)
    })
    const finished = Promise.race([...this.inFlight].map((f) => f.done.then(() => false)))
    const expired = await Promise.race([finished, timedOut])
    clearTimeout(timer)
    if (expired) {
      throw new RetriableException(
        'Could not make space in the internal buffer fast enough. Consider increasing flush.timeout.ms or max.buffered.records.',
      )
    }
    this.throwIfFailed()
  }
}
