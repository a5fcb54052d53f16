/**
 * How a source task hands converted records to Kafka, as Kafka's producer accumulator does: records
 * wait in a queue while one delivery (its produce requests, then its offset commit) is in flight; when
 * it completes, what accumulated meanwhile goes out as the next delivery, up to
 * {@link MAX_DELIVERY_BYTES}, once at least {@link MIN_DELIVERY_BYTES} are there or the query has
 * ended. Reading and converting the next rows thus overlaps producing and committing the previous
 * ones, and requests are full whatever `batch.max.rows` is.
 *
 * A delivery is produced as up to {@link PRODUCE_REQUESTS_PER_COMMIT} requests of at most
 * {@link MAX_PRODUCE_BYTES} ({@link produceRequests}), one after the other, and its offset is
 * committed once, after the last: one DynamoDB write per ~2.7 MB instead of one per request (a write
 * takes about as long as a request's produce: 8–19 ms against 10–28 ms on the local stack; one per
 * request held the task to half the raw speed with JsonConverter schemas). Only one delivery is
 * in flight at a time: the producer is idempotent, and a second concurrent request to a partition
 * could reuse the first one's sequence numbers; the next delivery starts once the offset is
 * committed. So at most one delivery (≤ {@link MAX_DELIVERY_BYTES} of records) is produced and not
 * yet committed when a task dies: the duplicates a restart brings are bounded by it.
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

/** Produce requests per offset commit. */
export const PRODUCE_REQUESTS_PER_COMMIT = 3

/** At most this many bytes of records per delivery (one offset commit): the bound of a crash's duplicates. */
export const MAX_DELIVERY_BYTES = MAX_PRODUCE_BYTES * PRODUCE_REQUESTS_PER_COMMIT

/**
 * While rows are still being read, a delivery waits until this much has accumulated (Kafka's
 * `batch.size` with an unbounded `linger.ms`, ended by the end of the query): fewer, fuller requests
 * and offset commits, and the reading is not interrupted by small ones.
 */
export const MIN_DELIVERY_BYTES = MAX_DELIVERY_BYTES * 0.9

/**
 * A delivery's entries cut into produce requests of at most `maxBytes` each, in order (a single
 * larger entry alone); dropped entries (0 bytes) ride with their neighbours.
 */
export function produceRequests<E extends PipelineEntry<unknown>>(
  entries: readonly E[],
  maxBytes: number = MAX_PRODUCE_BYTES,
): E[][] {
  const requests: E[][] = []
  let current: E[] = []
  let bytes = 0
  for (const entry of entries) {
    if (current.length > 0 && bytes + entry.bytes > maxBytes) {
      requests.push(current)
      current = []
      bytes = 0
    }
    current.push(entry)
    bytes += entry.bytes
  }
  if (current.length > 0) requests.push(current)
  return requests
}

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
    private readonly maxBytes: number = MAX_DELIVERY_BYTES,
    private readonly minBytes: number = Math.min(MIN_DELIVERY_BYTES, maxBytes),
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
