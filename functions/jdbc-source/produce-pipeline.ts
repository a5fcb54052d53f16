/**
 * How a source task hands converted records to Kafka, as Kafka's producer accumulator does: records
 * wait in a queue while one produce request (and, after it, its offset commit) is in flight; when it
 * completes, what accumulated meanwhile goes out as the next request, up to {@link MAX_PRODUCE_BYTES},
 * once at least {@link MIN_PRODUCE_BYTES} are there or the query has ended. Reading and converting
 * the next rows thus overlaps producing and committing the previous ones, and requests are full
 * whatever `batch.max.rows` is.
 *
 * Only one request is in flight at a time: the producer is idempotent, and a second concurrent
 * request to a partition could reuse the first one's sequence numbers. So at most one produce batch
 * is produced and not yet committed when a task dies: the duplicates a restart brings are bounded by
 * it.
 */

/** One record read from the database: to produce, or dropped (a transform filtered it, or it failed). */
export interface PipelineEntry<R> {
  /** The record to produce; null for a dropped one, which still moves the read position. */
  readonly record: R | null
  /** Its size in the produce request (key, value, headers). */
  readonly bytes: number
}

/**
 * At most this many bytes of keys, values and headers per produce request, so that no partition's
 * record batch reaches a broker's default `message.max.bytes` (1 MiB) with the batch overhead.
 */
export const MAX_PRODUCE_BYTES = 900_000

/**
 * While rows are still being read, a request waits until this much has accumulated (Kafka's
 * `batch.size` with an unbounded `linger.ms`, ended by the end of the query): fewer, fuller requests
 * and offset commits, and the reading is not interrupted by small ones.
 */
export const MIN_PRODUCE_BYTES = MAX_PRODUCE_BYTES * 0.9

export class ProducePipeline<E extends PipelineEntry<unknown>> {
  readonly #queue: E[] = []
  #queuedBytes = 0
  #inFlight: Promise<void> | null = null
  #failure: { readonly error: unknown } | null = null
  /** Set by `drain`: the query ended, send what is queued without waiting for more. */
  #draining = false

  /**
   * @param deliver produces the records of a chunk and commits its offset; a rejection stops the pipeline
   * @param stop whether to leave what is queued unsent (the task is stopping)
   * @param maxBytes the size limit of one chunk (a single larger entry is sent alone)
   * @param minBytes what a chunk waits for while rows are still being read
   */
  constructor(
    private readonly deliver: (chunk: readonly E[]) => Promise<void>,
    private readonly stop: () => boolean,
    private readonly maxBytes: number = MAX_PRODUCE_BYTES,
    private readonly minBytes: number = Math.min(MIN_PRODUCE_BYTES, maxBytes),
  ) {}

  /** Entries waiting for the next request. */
  get queued(): number {
    return this.#queue.length
  }

  /** Queues entries and starts a request if none is in flight; throws the failure of an earlier request. */
  push(entries: readonly E[]): void {
    this.#throwFailure()
    for (const entry of entries) {
      this.#queue.push(entry)
      this.#queuedBytes += entry.bytes
    }
    this.#start()
  }

  /** Waits while a full chunk is already waiting (back-pressure on reading), so memory holds about two chunks. */
  async waitForRoom(): Promise<void> {
    while (this.#inFlight !== null && this.#queuedBytes >= this.maxBytes) await this.#settled()
    this.#throwFailure()
  }

  /** Sends everything queued, one request after the other, unless `stop` says to leave the rest unsent. */
  async drain(): Promise<void> {
    this.#draining = true
    for (;;) {
      this.#throwFailure()
      if (this.#inFlight !== null) {
        await this.#settled()
        continue
      }
      if (this.#queue.length === 0 || this.stop()) return
      this.#start()
    }
  }

  /** Waits for the request in flight (if any) without throwing: used when the task is failing anyway. */
  async settle(): Promise<void> {
    await this.#settled()
  }

  /** Drops what was queued and not sent (the task stops: those rows are read again next time). */
  discard(): void {
    this.#queue.length = 0
    this.#queuedBytes = 0
  }

  #settled(): Promise<void> {
    return this.#inFlight === null ? Promise.resolve() : this.#inFlight.catch(() => {})
  }

  #throwFailure(): void {
    if (this.#failure !== null) throw this.#failure.error
  }

  #start(): void {
    if (this.#inFlight !== null || this.#queue.length === 0 || this.#failure !== null) return
    if (!this.#draining && this.#queuedBytes < this.minBytes) return
    let n = 0
    let bytes = 0
    while (n < this.#queue.length) {
      const size = (this.#queue[n] as E).bytes
      if (n > 0 && bytes + size > this.maxBytes) break
      bytes += size
      n++
    }
    const chunk = this.#queue.splice(0, n)
    this.#queuedBytes -= bytes
    this.#inFlight = this.deliver(chunk).then(
      () => {
        this.#inFlight = null
        // what accumulated meanwhile goes out at once
        if (!this.stop()) this.#start()
      },
      (error: unknown) => {
        this.#inFlight = null
        this.#failure = { error }
      },
    )
  }
}
