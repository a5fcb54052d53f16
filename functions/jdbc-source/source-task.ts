/**
 * The poll loop of one JDBC source task, what Confluent's `JdbcSourceTask` and Connect's
 * `WorkerSourceTask` do together, for one invocation:
 *
 * - find the task's tables (Confluent's split of the discovered tables among min(tables, tasks.max)
 *   tasks; query mode: task 0), again every `table.poll.interval.ms`, so new tables are picked up;
 * - start each table from its stored offset (v1 partition, then the older ones) or
 *   `timestamp.initial`, and query it again `poll.interval.ms` after its previous query ended;
 * - run each record through the transforms, then the header, key and value converters, under
 *   `errors.tolerance` (Connect's source order);
 * - produce each batch with acks=all and an idempotent producer, and only once the broker has it,
 *   write the source offset of the last record produced to the offset store.
 *
 * Rows are converted as they are read and produced through a {@link ProducePipeline}: one delivery
 * (a few produce requests, then one offset commit) in flight at a time, carrying what was read while
 * the previous one was produced and committed. So at most one delivery is produced and not yet
 * committed at any time, and a crash between produce and commit repeats at most that delivery. A
 * record a transform drops, or one skipped by `errors.tolerance=all`, does not move the stored offset
 * by itself (as in Connect without exactly-once support); the next produced record of the table does.
 * The loop keeps its read position in memory, so dropped rows are not read again while the task runs
 * (or, with {@link ReadPositions}, while the function stays warm).
 */
import type pg from 'pg'
import type { ConnectorConverters } from '../../layers/runtime/connector/converters.js'
import type { KafkaHeaders } from '../../layers/runtime/converters/converter.js'
import { ConnectException, RetriableException } from '../../layers/runtime/errors.js'
import type { KafkaHeader, ProducerRecord } from '../../layers/runtime/kafka/client.js'
import { logger, warnOnce } from '../../layers/runtime/logging.js'
import { canonicalJson, type SourceMap } from '../../layers/runtime/offsets/offset-store.js'
import type { SourceOffset, SourceRecord } from '../../layers/runtime/record/record.js'
import {
  type ErrorReporter,
  ProcessingContext,
  RetryWithToleranceOperator,
  type ToleranceSettings,
  ToleranceType,
} from '../../layers/runtime/tolerance/operator.js'
import { Stage } from '../../layers/runtime/tolerance/stage.js'
import { TransformationChain } from '../../layers/transforms/chain.js'
import type { JdbcSourceConfig } from './config.js'
import { openConnection } from './connection.js'
import { usesTimestamps } from './offset-columns.js'
import { offsetFromMap } from './offsets.js'
import { type PipelineEntry, ProducePipeline, produceRequests } from './produce-pipeline.js'
import { TableQuerier } from './querier.js'
import { SourceLogReporter } from './source-log-reporter.js'
import { discoverTables } from './table-discovery.js'
import { type TableId, unquotedName } from './table-id.js'
import { assignTables } from './task-assignment.js'

/** Where a source task's offsets are kept (DynamoDB's `SourceOffsetStore` on AWS). */
export interface SourceOffsets {
  get(partition: SourceMap): Promise<SourceMap | null>
  put(partition: SourceMap, offset: SourceMap): Promise<void>
}

/** The producer: resolves once every record is acknowledged by all in-sync replicas. */
export interface RecordSender {
  send(records: readonly ProducerRecord[]): Promise<void>
}

/** The class name Connect reports for the KAFKA_PRODUCE stage. */
export const PRODUCER_CLASS = 'org.apache.kafka.clients.producer.KafkaProducer'

export interface SourceTaskParts {
  readonly connector: string
  readonly taskId: number
  readonly config: JdbcSourceConfig
  readonly chain: TransformationChain<SourceRecord>
  readonly converters: ConnectorConverters
  readonly tolerance: ToleranceSettings
  readonly errorsLog: { readonly enable: boolean; readonly includeMessages: boolean }
  readonly producer: RecordSender
  readonly offsets: SourceOffsets
  /** Opens the database connection (default: `openConnection` with the connector's settings). */
  readonly connect?: () => Promise<pg.Client>
  /** Read positions kept between runs of the task in one process (a warm Lambda). */
  readonly positions?: ReadPositions
}

export interface SourceTaskRunOptions {
  /** Epoch ms: no batch is started after it; the run returns once the batch in flight is committed. */
  readonly until: number
  /** Stops the run like `until` (the standalone runner's stop). */
  readonly signal?: AbortSignal
  /** Stop once every table of the task was polled this often (one per invocation for long poll intervals). */
  readonly maxPollsPerTable?: number
  /** The task's lease: the run stops producing as soon as it is no longer held. */
  readonly lease?: { held(): boolean } | null
  /** Called after each batch is produced and its offset committed. */
  readonly onBatch?: (batch: DeliveredBatch) => void
}

export interface DeliveredBatch {
  /** `schema.table`, or `query`. */
  readonly table: string
  readonly read: number
  readonly produced: number
  readonly filtered: number
  readonly failed: number
  /** Bytes of keys, values and headers produced (0 where the produce failed). */
  readonly bytes?: number
  /** The offset written to the offset store after this batch (null: none written). */
  readonly committed: SourceMap | null
}

export type SourceTaskStatus = 'completed' | 'stopped' | 'idle' | 'lease-held' | 'lease-lost'

export interface SourceTaskResult {
  status: SourceTaskStatus
  /** The task's tables (`schema.table`), or `query`. */
  tables: string[]
  polls: number
  read: number
  produced: number
  filtered: number
  failed: number
  /** Offset writes. */
  commits: number
  /** The whole run. */
  durationMs: number
  /** Time spent querying, converting, producing and committing (the rest is waiting for the next poll). */
  pollTimeMs: number
  /** The topics records were produced to (after transforms). */
  topics?: string[]
  /**
   * Timestamp modes: how far the committed offset's timestamp trails the clock, for the tables whose
   * last query of the run stopped with rows still to read (the largest); 0 when every table was read
   * to its end. Absent in the other modes.
   */
  lagMs?: number
}

/**
 * The read positions of a task's tables between runs in one process, each valid only while the stored
 * offset is still the one this process committed last.
 */
export class ReadPositions {
  readonly #entries = new Map<string, { readonly committed: string | null; readonly read: SourceOffset | null }>()

  remember(partition: string, committed: string | null, read: SourceOffset | null): void {
    this.#entries.set(partition, { committed, read })
  }

  /** The position to read from, or undefined where the stored offset changed (or nothing is known). */
  recall(partition: string, committed: string | null): SourceOffset | null | undefined {
    const entry = this.#entries.get(partition)
    return entry !== undefined && entry.committed === committed ? entry.read : undefined
  }
}

interface TableState {
  readonly name: string
  readonly partitionKey: string
  readonly querier: TableQuerier
  /** Where the next query starts. */
  position: SourceOffset | null
  /** The offset last committed (or found stored), and its canonical JSON. */
  committed: SourceOffset | null
  committedJson: string | null
  /** Epoch ms from which the table may be queried again. */
  due: number
  polls: number
  failedQueries: number
  /** Whether the table's last query was read to its end (false: stopped with rows left, or failed). */
  caughtUp: boolean
}

/** One row read, converted: to produce, or dropped (filtered by a transform, or failed and tolerated). */
interface ReadRecord extends PipelineEntry<ProducerRecord> {
  readonly source: SourceRecord
  readonly outcome: 'produce' | 'filtered' | 'failed'
}

class LeaseLost extends Error {}

/** The headers of the (many) records without any; never changed. */
const NO_HEADERS: KafkaHeader[] = Object.freeze([]) as unknown as KafkaHeader[]

const TOPIC_LEGAL = /^[a-zA-Z0-9._-]+$/
const sleep = (ms: number, signal: AbortSignal | undefined) =>
  new Promise<void>((resolve) => {
    if (signal?.aborted) return resolve()
    const done = () => {
      clearTimeout(timer)
      signal?.removeEventListener('abort', done)
      resolve()
    }
    const timer = setTimeout(done, Math.max(0, ms))
    signal?.addEventListener('abort', done, { once: true })
  })

/**
 * The batches of a query with the next one already being fetched while the caller converts and
 * produces the current one, as Confluent's connector (10.8.5+) drains the result set on a thread of
 * its own. Leaving early lets the fetch in flight finish, then closes the query.
 */
async function* readAhead<T>(source: AsyncGenerator<T, void, undefined>): AsyncGenerator<T, void, undefined> {
  let next = source.next()
  try {
    for (;;) {
      const result = await next
      if (result.done === true) return
      next = source.next()
      next.catch(() => {}) // surfaced by the await above, or ignored when the caller has left
      yield result.value
    }
  } finally {
    await next.catch(() => {})
    await source.return()
  }
}

function isPromise<T>(value: T | Promise<T>): value is Promise<T> {
  return typeof (value as { then?: unknown } | null)?.then === 'function'
}

/** A record's size in a produce request, near enough: key, value and headers. */
function producedBytes(r: ProducerRecord): number {
  let n = (r.key?.length ?? 0) + (r.value?.length ?? 0)
  for (const h of r.headers) n += h.key.length + (h.value?.length ?? 0)
  return n
}

function toBuffer(bytes: Uint8Array | null): Buffer | null {
  if (bytes === null || bytes === undefined) return null
  return Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)
}

/** Kafka's `Topic.validate`, as the producer would apply it (the message names what produced the topic). */
function topicProblem(topic: string | null): string | null {
  if (topic === null || topic === '') return "Topic name is illegal, it can't be empty"
  if (topic === '.' || topic === '..') return 'Topic name cannot be "." or ".."'
  if (topic.length > 249) return `Topic name is illegal, it can't be longer than 249 characters, topic name: ${topic}`
  if (!TOPIC_LEGAL.test(topic)) {
    return `Topic name "${topic}" is illegal, it contains a character other than ASCII alphanumerics, '.', '_' and '-'`
  }
  return null
}

export class JdbcSourceTask {
  readonly #parts: SourceTaskParts
  readonly #operator: RetryWithToleranceOperator<SourceRecord>
  readonly #validTopics = new Set<string>()
  /** The topics produced to in this run. */
  readonly #topics = new Set<string>()
  #client: pg.Client | null = null
  #run: SourceTaskRunOptions = { until: 0 }
  #result: SourceTaskResult = JdbcSourceTask.#emptyResult()

  constructor(parts: SourceTaskParts) {
    this.#parts = parts
    const reporters: ErrorReporter<SourceRecord>[] = []
    if (parts.errorsLog.enable) {
      reporters.push(
        new SourceLogReporter({ connector: parts.connector, task: parts.taskId }, parts.errorsLog.includeMessages),
      )
    }
    this.#operator = new RetryWithToleranceOperator(parts.tolerance, reporters)
  }

  static #emptyResult(): SourceTaskResult {
    return {
      status: 'completed',
      tables: [],
      polls: 0,
      read: 0,
      produced: 0,
      filtered: 0,
      failed: 0,
      commits: 0,
      durationMs: 0,
      pollTimeMs: 0,
    }
  }

  /** The largest timestamp lag of the tables left with rows to read (see {@link SourceTaskResult.lagMs}). */
  static #lag(states: Iterable<TableState>, now: number): number {
    let lag = 0
    for (const state of states) {
      if (state.caughtUp) continue
      const committed = offsetFromMap(state.committed).timestamp
      if (committed !== null) lag = Math.max(lag, now - committed.millis)
    }
    return lag
  }

  get #id(): string {
    return `${this.#parts.connector}-${this.#parts.taskId}`
  }

  /** Polls the task's tables until `until`, the signal, `maxPollsPerTable` or the lease ends the run. */
  async run(options: SourceTaskRunOptions): Promise<SourceTaskResult> {
    this.#run = options
    this.#result = JdbcSourceTask.#emptyResult()
    this.#topics.clear()
    const started = Date.now()
    this.#operator.stopRetriesAt(options.until)
    const maxPolls = options.maxPollsPerTable ?? Number.POSITIVE_INFINITY
    const { config } = this.#parts
    try {
      const states = new Map<string, TableState>()
      const assigned = await this.#assignment()
      if (assigned.length === 0) {
        logger.info(`Task ${this.#id} has no table to read`, { tasksMax: config.tasksMax })
        this.#result.status = 'idle'
        return this.#result
      }
      await this.#reconcile(states, assigned)
      let nextDiscovery = Date.now() + config.tablePollIntervalMs
      while (!this.#stopping()) {
        const now = Date.now()
        if (config.query === null && now >= nextDiscovery) {
          await this.#rediscover(states)
          nextDiscovery = Date.now() + config.tablePollIntervalMs
          if (states.size === 0) {
            this.#result.status = 'idle'
            break
          }
        }
        let next: TableState | null = null
        for (const state of states.values()) {
          if (state.polls < maxPolls && (next === null || state.due < next.due)) next = state
        }
        if (next === null) break // every table polled as often as asked
        if (next.due > now) {
          const wake = Math.min(
            next.due,
            options.until,
            config.query === null ? nextDiscovery : Number.POSITIVE_INFINITY,
          )
          await sleep(wake - now, options.signal)
          continue
        }
        await this.#pollTable(next)
      }
      this.#result.tables = [...states.values()].map((s) => s.name)
      if (usesTimestamps(config.mode)) this.#result.lagMs = JdbcSourceTask.#lag(states.values(), Date.now())
      if (this.#result.status === 'completed' && this.#stopping()) {
        this.#result.status =
          options.lease !== undefined && options.lease !== null && !options.lease.held() ? 'lease-lost' : 'stopped'
      }
      return this.#result
    } catch (error) {
      if (error instanceof LeaseLost) {
        this.#result.status = 'lease-lost'
        return this.#result
      }
      throw error
    } finally {
      await this.#closeClient()
      this.#result.durationMs = Date.now() - started
      this.#result.topics = [...this.#topics]
    }
  }

  #stopping(): boolean {
    const { until, signal, lease } = this.#run
    return Date.now() >= until || signal?.aborted === true || (lease !== undefined && lease !== null && !lease.held())
  }

  async #connection(): Promise<pg.Client> {
    if (this.#client === null) {
      const { connect, config } = this.#parts
      this.#client = connect !== undefined ? await connect() : await openConnection(config)
    }
    return this.#client
  }

  async #closeClient(): Promise<void> {
    const client = this.#client
    this.#client = null
    await client?.end().catch(() => {})
  }

  /** The tables of this task (Confluent's contiguous split), or `[null]` for the query of task 0. */
  async #assignment(): Promise<(TableId | null)[]> {
    const { config, taskId, connector } = this.#parts
    if (config.query !== null) return taskId === 0 ? [null] : []
    const { tables, warnings } = await discoverTables(await this.#connection(), config)
    for (const warning of warnings) warnOnce(`jdbc-source:${connector}:discovery:${warning}`, warning)
    return assignTables(tables, config.tasksMax)[taskId] ?? []
  }

  /**
   * The table list again (`table.poll.interval.ms`): a database that cannot be reached now keeps the
   * current tables, as Confluent's table monitor keeps its last list.
   */
  async #rediscover(states: Map<string, TableState>): Promise<void> {
    let assigned: (TableId | null)[]
    try {
      assigned = await this.#assignment()
    } catch (error) {
      if (!(error instanceof RetriableException)) throw error
      logger.warn(`Task ${this.#id}: reading the table list failed; the current tables are kept`, {
        error: error.message,
      })
      await this.#closeClient()
      return
    }
    await this.#reconcile(states, assigned)
  }

  /** Opens a querier for each table newly assigned and forgets those no longer assigned. */
  async #reconcile(states: Map<string, TableState>, assigned: readonly (TableId | null)[]): Promise<void> {
    const wanted = new Map(assigned.map((t) => [t === null ? 'query' : unquotedName(t), t] as const))
    for (const name of [...states.keys()]) {
      if (!wanted.has(name)) {
        logger.info(`Task ${this.#id} no longer reads ${name}: the table list changed`)
        states.delete(name)
      }
    }
    const added: string[] = []
    for (const [name, table] of wanted) {
      if (states.has(name)) continue
      const client = await this.#connection()
      const querier =
        table === null
          ? TableQuerier.forQuery(this.#parts.config)
          : await TableQuerier.forTable(client, this.#parts.config, table)
      states.set(name, await this.#open(name, querier))
      added.push(name)
    }
    if (added.length > 0) logger.info(`Task ${this.#id} reads ${added.join(', ')}`)
  }

  /** A table's state: its start offset from the offset store (or the warm read position). */
  async #open(name: string, querier: TableQuerier): Promise<TableState> {
    const partitionKey = canonicalJson(querier.partition)
    const state: TableState = {
      name,
      partitionKey,
      querier,
      position: null,
      committed: null,
      committedJson: null,
      due: 0,
      polls: 0,
      failedQueries: 0,
      caughtUp: true,
    }
    if (this.#parts.config.mode === 'bulk') return state
    const found = new Map<string, SourceMap | null>()
    const lookup = async (partition: SourceMap): Promise<SourceMap | null> => {
      const key = canonicalJson(partition)
      if (!found.has(key)) found.set(key, await this.#parts.offsets.get(partition))
      return found.get(key) ?? null
    }
    state.committed = await lookup(querier.partition)
    state.committedJson = state.committed === null ? null : canonicalJson(state.committed)
    const remembered = this.#parts.positions?.recall(partitionKey, state.committedJson)
    state.position = remembered !== undefined ? remembered : await querier.startOffset(await this.#connection(), lookup)
    return state
  }

  /**
   * One query of one table: rows are converted as they are read and handed to the produce pipeline,
   * which produces and commits them one request at a time while the next rows are read.
   */
  async #pollTable(state: TableState): Promise<void> {
    const started = Date.now()
    this.#result.polls++
    state.polls++
    const pipeline = new ProducePipeline<ReadRecord>(
      (chunk) => this.#deliver(state, chunk),
      () => this.#stopping(),
    )
    state.caughtUp = false
    try {
      const client = await this.#connection()
      let stopped = false
      for await (const batch of readAhead(state.querier.poll(client, state.position))) {
        const converted = await this.#prepare(batch.records)
        if (this.#stopping()) {
          stopped = true // these rows are neither produced nor committed: read again next time
          break
        }
        pipeline.push(converted)
        await pipeline.waitForRoom()
      }
      await pipeline.drain()
      state.failedQueries = 0
      state.caughtUp = !stopped && pipeline.queued === 0
    } catch (error) {
      // rows converted before the failure still go out (fewer repeats after a restart); a failure of
      // the pipeline itself, or a lost lease, sends nothing more
      if (error instanceof LeaseLost) await pipeline.settle()
      else await pipeline.drain().catch(() => pipeline.settle())
      if (!(error instanceof RetriableException) || error instanceof LeaseLost) throw error
      await this.#queryFailed(state, error)
    } finally {
      pipeline.discard()
      this.#result.pollTimeMs += Date.now() - started
      state.due = Date.now() + this.#parts.config.pollIntervalMs
      this.#parts.positions?.remember(state.partitionKey, state.committedJson, state.position)
    }
  }

  /**
   * A query failed in a way worth retrying (connection lost, serialization failure): as Confluent
   * (≤10.8.4), start again from the last committed offset on the next poll, at most
   * `query.retry.attempts` times in a row (-1: forever); the connection is opened again.
   */
  async #queryFailed(state: TableState, error: RetriableException): Promise<void> {
    state.failedQueries++
    const attempts = this.#parts.config.queryRetryAttempts
    await this.#closeClient()
    if (attempts >= 0 && state.failedQueries > attempts) {
      throw new ConnectException(
        `Failed to query ${state.name} ${state.failedQueries} times in a row (query.retry.attempts=${attempts}): ${error.message}`,
        { cause: error },
      )
    }
    logger.warn(`Task ${this.#id}: querying ${state.name} failed; it is retried from its last committed offset`, {
      error: error.message,
      attempt: state.failedQueries,
    })
    state.position = state.committed
  }

  /** Transforms and converts a batch (Connect's source order), under errors.tolerance. */
  async #prepare(records: readonly SourceRecord[]): Promise<ReadRecord[]> {
    const out: ReadRecord[] = new Array(records.length)
    for (let i = 0; i < records.length; i++) {
      const source = records[i] as SourceRecord
      let converted: ProducerRecord | null
      let ctx: ProcessingContext<SourceRecord> | null = null
      try {
        const direct = this.#convertDirect(source)
        converted = isPromise(direct) ? await direct : direct
      } catch {
        // the slow path: stage by stage under the tolerance operator, with retries and reporting
        ctx = new ProcessingContext(source)
        converted = await this.#convertWithTolerance(ctx)
      }
      if (converted !== null && !this.#validTopics.has(converted.topic)) {
        ctx ??= new ProcessingContext(source)
        converted = await this.#checkTopic(ctx, converted)
      }
      out[i] =
        converted === null
          ? { record: null, bytes: 0, source, outcome: ctx?.failed() ? 'failed' : 'filtered' }
          : { record: converted, bytes: producedBytes(converted), source, outcome: 'produce' }
    }
    return out
  }

  /**
   * The record converted without the operator's bookkeeping (most records), synchronously unless a
   * converter answers with a Promise (a Schema Registry lookup); any error takes the slow path.
   */
  #convertDirect(record: SourceRecord): ProducerRecord | null | Promise<ProducerRecord | null> {
    let r: SourceRecord | null = record
    for (const stage of this.#parts.chain.stages) {
      r = TransformationChain.applyStage(stage, r)
      if (r === null) return null
    }
    const converted: SourceRecord = r
    if (converted.headers.size === 0) return this.#keyAndValue(converted, NO_HEADERS)
    const hc = this.#parts.converters.header.converter
    const topic = converted.topic as string
    const headers: KafkaHeader[] = []
    for (const h of converted.headers) {
      const bytes = hc.fromConnectHeader(topic, h.key, h.schema, h.value)
      if (isPromise(bytes)) return this.#convertAsync(converted, headers, bytes)
      headers.push({ key: h.key, value: toBuffer(bytes) })
    }
    return this.#keyAndValue(converted, headers)
  }

  /** The key, then the value (Connect's order), each awaited only where the converter is asynchronous. */
  #keyAndValue(r: SourceRecord, headers: KafkaHeader[]): ProducerRecord | Promise<ProducerRecord> {
    const { key: kc, value: vc } = this.#parts.converters
    const topic = r.topic as string
    const kafkaHeaders = headers as unknown as KafkaHeaders
    const key = kc.converter.fromConnectData(topic, kafkaHeaders, r.keySchema, r.key)
    if (isPromise(key)) {
      return key.then(async (k) =>
        this.#producerRecord(
          r,
          headers,
          k,
          await vc.converter.fromConnectData(topic, kafkaHeaders, r.valueSchema, r.value),
        ),
      )
    }
    const value = vc.converter.fromConnectData(topic, kafkaHeaders, r.valueSchema, r.value)
    if (isPromise(value)) return value.then((v) => this.#producerRecord(r, headers, key, v))
    return this.#producerRecord(r, headers, key, value)
  }

  /** The rest of the headers of a transformed record once a header converter answered with a Promise. */
  async #convertAsync(
    r: SourceRecord,
    headers: KafkaHeader[],
    pending: Promise<Uint8Array | null>,
  ): Promise<ProducerRecord> {
    const hc = this.#parts.converters.header.converter
    const topic = r.topic as string
    const list = r.headers.toArray()
    headers.push({ key: (list[headers.length] as { key: string }).key, value: toBuffer(await pending) })
    for (let i = headers.length; i < list.length; i++) {
      const h = list[i] as (typeof list)[number]
      headers.push({ key: h.key, value: toBuffer(await hc.fromConnectHeader(topic, h.key, h.schema, h.value)) })
    }
    return this.#keyAndValue(r, headers)
  }

  async #convertWithTolerance(ctx: ProcessingContext<SourceRecord>): Promise<ProducerRecord | null> {
    const op = this.#operator
    try {
      let r: SourceRecord | null = ctx.original
      for (const stage of this.#parts.chain.stages) {
        const current: SourceRecord = r
        r = await op.execute(ctx, Stage.TRANSFORMATION, stage.className, () =>
          TransformationChain.applyStage(stage, current),
        )
        if (r === null) return null
      }
      const record: SourceRecord = r
      const { key: kc, value: vc, header: hc } = this.#parts.converters
      const topic = record.topic as string
      const headers = await op.execute(ctx, Stage.HEADER_CONVERTER, hc.className, async () => {
        const out: KafkaHeader[] = []
        for (const h of record.headers) {
          out.push({
            key: h.key,
            value: toBuffer(await hc.converter.fromConnectHeader(topic, h.key, h.schema, h.value)),
          })
        }
        return out
      })
      const kafkaHeaders = (headers ?? []) as unknown as KafkaHeaders
      const key = await op.execute(ctx, Stage.KEY_CONVERTER, kc.className, () =>
        kc.converter.fromConnectData(topic, kafkaHeaders, record.keySchema, record.key),
      )
      const value = await op.execute(ctx, Stage.VALUE_CONVERTER, vc.className, () =>
        vc.converter.fromConnectData(topic, kafkaHeaders, record.valueSchema, record.value),
      )
      if (ctx.failed()) return null
      return this.#producerRecord(record, headers ?? [], key, value)
    } catch (error) {
      throw this.#recordError(ctx, error)
    }
  }

  #producerRecord(
    r: SourceRecord,
    headers: KafkaHeader[],
    key: Uint8Array | null,
    value: Uint8Array | null,
  ): ProducerRecord {
    if (r.timestamp !== null && r.timestamp < 0) {
      throw new ConnectException(`Invalid record timestamp ${r.timestamp}`)
    }
    const out: ProducerRecord = { topic: r.topic as string, key: toBuffer(key), value: toBuffer(value), headers }
    if (r.kafkaPartition !== null) out.partition = r.kafkaPartition
    if (r.timestamp !== null) out.timestamp = r.timestamp
    return out
  }

  /**
   * A topic Kafka would refuse fails the record at KAFKA_PRODUCE, as the producer's callback would
   * fail it: skipped and reported with errors.tolerance=all, else the task fails naming the topic.
   */
  async #checkTopic(ctx: ProcessingContext<SourceRecord>, record: ProducerRecord): Promise<ProducerRecord | null> {
    if (this.#validTopics.has(record.topic)) return record
    const problem = topicProblem(record.topic)
    if (problem === null) {
      this.#validTopics.add(record.topic)
      return record
    }
    const source = ctx.original.sourcePartition?.['table'] ?? 'the query'
    const error = new ConnectException(
      `${problem}. Records of ${String(source)} cannot be produced to it: set topic.prefix, or route them with a RegexRouter transform`,
    )
    await this.#failProduce([ctx], error)
    return null
  }

  /** Reports a produce failure at KAFKA_PRODUCE; with errors.tolerance=none the task fails. */
  async #failProduce(contexts: readonly ProcessingContext<SourceRecord>[], error: unknown): Promise<void> {
    if (this.#parts.tolerance.tolerance !== ToleranceType.ALL) {
      throw new ConnectException(
        `Unrecoverable exception from producer send callback (task ${this.#id}): ${error instanceof Error ? error.message : String(error)}`,
        { cause: error },
      )
    }
    for (const ctx of contexts) await this.#operator.executeFailed(ctx, Stage.KAFKA_PRODUCE, PRODUCER_CLASS, error)
  }

  /**
   * Produces a chunk of read records (one delivery: a few produce requests, one after the other), then
   * commits the source offset of the last one produced (never before the broker has them); the
   * table's next query starts after the chunk's last record. A produce failure that fails the task
   * first commits what the requests before it delivered.
   */
  async #deliver(state: TableState, chunk: readonly ReadRecord[]): Promise<void> {
    const { lease } = this.#run
    let commit: SourceOffset | null = null
    let produced = 0
    let filtered = 0
    let failed = 0
    let bytes = 0
    for (const request of produceRequests(chunk)) {
      const records: ProducerRecord[] = []
      const topics: string[] = []
      let topic: string | null = null
      let requestBytes = 0
      let requestCommit: SourceOffset | null = null
      for (const entry of request) {
        if (entry.record !== null) {
          records.push(entry.record)
          requestBytes += entry.bytes
          if (entry.record.topic !== topic) {
            topic = entry.record.topic
            topics.push(topic)
          }
          if (entry.source.sourceOffset !== null) requestCommit = entry.source.sourceOffset
        } else if (entry.outcome === 'failed') failed++
        else filtered++
      }
      if (records.length === 0) continue
      if (lease !== undefined && lease !== null && !lease.held()) throw new LeaseLost()
      try {
        await this.#parts.producer.send(records)
        produced += records.length
        bytes += requestBytes
        for (const t of topics) this.#topics.add(t)
      } catch (error) {
        const contexts = request.filter((e) => e.record !== null).map((e) => new ProcessingContext(e.source))
        try {
          await this.#failProduce(contexts, error)
        } catch (fatal) {
          if (commit !== null) {
            state.position = commit
            await this.#commit(state, commit)
          }
          throw fatal
        }
        failed += records.length
      }
      if (requestCommit !== null) commit = requestCommit
    }
    const last = chunk[chunk.length - 1]
    if (last !== undefined && last.source.sourceOffset !== null) state.position = last.source.sourceOffset
    const committed = commit === null ? null : await this.#commit(state, commit)
    this.#result.read += chunk.length
    this.#result.produced += produced
    this.#result.filtered += filtered
    this.#result.failed += failed
    this.#run.onBatch?.({ table: state.name, read: chunk.length, produced, filtered, failed, bytes, committed })
  }

  /** Writes a table's offset to the offset store unless it is the one stored; returns it, or null. */
  async #commit(state: TableState, offset: SourceOffset): Promise<SourceMap | null> {
    const json = canonicalJson(offset)
    if (json === state.committedJson) return null
    await this.#parts.offsets.put(state.querier.partition, offset)
    state.committed = offset
    state.committedJson = json
    this.#result.commits++
    this.#parts.positions?.remember(state.partitionKey, json, state.position)
    return offset
  }

  /** The task fails on this record: say which table and offset, the stage and the class (Connect's message first). */
  #recordError(ctx: ProcessingContext<SourceRecord>, e: unknown): ConnectException {
    const r = ctx.original
    const cause = e instanceof Error && e.cause instanceof Error ? e.cause : e
    const why = cause instanceof Error ? `${cause.name}: ${cause.message}` : String(cause)
    const where = `${String(r.sourcePartition?.['table'] ?? r.sourcePartition?.['query'] ?? '')} at offset ${r.sourceOffset === null ? 'null' : canonicalJson(r.sourceOffset)}`
    return new ConnectException(
      `${e instanceof Error ? e.message : String(e)} for the record of ${where} (task ${this.#id}, stage ${ctx.stage}, class ${ctx.executingClass}): ${why}`,
      { cause: e },
    )
  }
}
