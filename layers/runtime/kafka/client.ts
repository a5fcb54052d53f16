// The Kafka client: the one module that talks to @platformatic/kafka (1.35.0); everything else uses these types.
//
// What it offers: create and delete topics (waiting until a new topic has a leader for every partition), a
// producer with acks=all and idempotence that sends raw records, a reader that consumes a topic from the
// earliest offset until it has N records or a timeout passes, and readTopic, which fetches a whole topic up to
// the end offsets its own fetch responses report.
//
// Records carry raw bytes: key and value are Buffers or null (null value = tombstone), headers an ordered list of
// {key, value} with duplicate keys allowed and null values allowed, as in Kafka's wire format and Java client.
//
// How platformatic handles headers, and the limits that follow:
// - Its API takes and returns headers as a Map (header key -> header value). A Map cannot hold one key twice, so
//   duplicate header keys survive only because this module never lets platformatic see equal keys: on produce each
//   header gets its own Buffer object as key (Map keys compare by identity), and on consume the default no-op
//   deserializers give each header key a fresh Buffer read from the wire. Map iteration keeps insertion order, which
//   is the wire order. Configuring a string header-key deserializer would silently collapse duplicates; do not.
// - A null header value is written as length -1 (Kafka's null) and read back as null.
// - A header with a null key cannot be written by the Java client; reading one throws here, as Java's consumer
//   does (InvalidRecordException). Header keys are UTF-8.
// Other quirks handled here:
// - platformatic's default partitioner (`murmur2(key) >>> 0`) is NOT Java's (`murmur2(key) & 0x7fffffff`): on a
//   topic whose partition count is not a power of two it picks another partition for about half of all keys (those
//   with a negative hash; e.g. 'foobar' on 3 partitions: 2, Java: 0). The producer uses `compatibilityPartitioner`,
//   so a keyed record lands where a Java producer (and Kafka Connect) would put it. But platformatic calls a configured
//   partitioner for keyless records too, and compatibilityPartitioner answers 0 for them: every keyless record
//   would go to partition 0. So keyless records are spread round robin here, per record (Java's sticky
//   partitioner spreads them per batch; no one may rely on either).
// - An explicit `partition` outside the topic is silently taken modulo the partition count by platformatic; the
//   producer checks it against the topic's metadata and throws instead.
// - With idempotence platformatic retries a failed send Number.MAX_SAFE_INTEGER times by default, i.e. forever
//   when the broker is gone; the producer sets a finite retry count so that an outage surfaces as an error.
// - On Node 20 npm warns that two of platformatic's dependencies (@platformatic/dynamic-buffer, wasm-utils) declare
//   node >= 22.19; what this module uses works on Node 20.

import { randomUUID } from 'node:crypto'
import {
  Admin,
  Consumer,
  compatibilityPartitioner,
  FetchIsolationLevels,
  type fetchV17,
  IS_CONTROL,
  ProduceAcks,
  Producer,
} from '@platformatic/kafka'

export interface KafkaClientConfig {
  /** host:port pairs, Kafka's bootstrap.servers */
  bootstrapServers: readonly string[]
  /** client.id (default: connectless) */
  clientId?: string
  /** timeout of one request to a broker, in ms (platformatic's default: 5000) */
  requestTimeoutMs?: number
  /** TLS and SASL (Kafka's security.protocol, ssl.*, sasl.*); absent: PLAINTEXT */
  security?: KafkaSecurity
}

/** How a client authenticates: TLS (security.protocol SSL / SASL_SSL) and a SASL mechanism (SASL_*). */
export interface KafkaSecurity {
  /** null: no TLS (PLAINTEXT, SASL_PLAINTEXT) */
  readonly tls: KafkaTls | null
  /** null: no SASL (PLAINTEXT, SSL) */
  readonly sasl: KafkaSasl | null
}

export interface KafkaTls {
  /** PEM certificates to trust instead of the system's (ssl.truststore.*); absent: Node's CAs */
  readonly ca?: readonly string[]
  /** client certificate chain and key, PEM (ssl.keystore.*: mutual TLS) */
  readonly cert?: string
  readonly key?: string
  readonly keyPassword?: string
  /** ssl.endpoint.identification.algorithm=https (Kafka's default): check the broker's host name */
  readonly verifyHostname: boolean
}

export type KafkaSasl =
  | {
      readonly mechanism: 'PLAIN' | 'SCRAM-SHA-256' | 'SCRAM-SHA-512'
      readonly username: string
      readonly password: string
    }
  | {
      readonly mechanism: 'OAUTHBEARER'
      /** Called at each (re)authentication: MSK IAM tokens are signed for 15 minutes. */
      readonly token: () => Promise<string>
      readonly extensions?: Readonly<Record<string, string>>
    }

function securityOptions(security: KafkaSecurity | undefined) {
  if (security === undefined) return {}
  const out: Record<string, unknown> = {}
  const tls = security.tls
  if (tls !== null) {
    out['tls'] = {
      ...(tls.ca === undefined ? {} : { ca: [...tls.ca] }),
      ...(tls.cert === undefined ? {} : { cert: tls.cert }),
      ...(tls.key === undefined ? {} : { key: tls.key }),
      ...(tls.keyPassword === undefined ? {} : { passphrase: tls.keyPassword }),
      rejectUnauthorized: true,
      // an empty ssl.endpoint.identification.algorithm: the chain is checked, the host name is not
      ...(tls.verifyHostname ? {} : { checkServerIdentity: () => undefined }),
    }
    // SNI with the broker's host name, which MSK and most managed brokers route by
    out['tlsServerName'] = true
  }
  const sasl = security.sasl
  if (sasl !== null) {
    out['sasl'] =
      sasl.mechanism === 'OAUTHBEARER'
        ? {
            mechanism: sasl.mechanism,
            token: sasl.token,
            ...(sasl.extensions === undefined ? {} : { oauthBearerExtensions: { ...sasl.extensions } }),
          }
        : { mechanism: sasl.mechanism, username: sasl.username, password: sasl.password }
  }
  return out
}

export interface KafkaHeader {
  key: string
  value: Buffer | null
}

export interface ProducerRecord {
  topic: string
  /** explicit partition; absent: by key (Java's murmur2 partitioning), round robin for a null key */
  partition?: number
  key: Buffer | null
  /** null: a tombstone */
  value: Buffer | null
  /** ordered; duplicate keys allowed */
  headers: KafkaHeader[]
  /** CreateTime in epoch milliseconds; absent: now */
  timestamp?: number
}

export interface ConsumerRecord {
  topic: string
  partition: number
  offset: bigint
  /** epoch milliseconds, as the record batch carries it */
  timestamp: number
  key: Buffer | null
  value: Buffer | null
  headers: KafkaHeader[]
}

export interface TopicSpec {
  name: string
  /** default 1 */
  partitions?: number
  /** default 1 */
  replicationFactor?: number
  /** topic-level configs, e.g. { 'cleanup.policy': 'compact' } */
  configs?: Record<string, string>
}

const DEFAULT_CLIENT_ID = 'connectless'

function baseOptions(config: KafkaClientConfig, suffix: string) {
  if (config.bootstrapServers.length === 0) throw new Error('Kafka: bootstrap servers are empty')
  return {
    clientId: `${config.clientId ?? DEFAULT_CLIENT_ID}-${suffix}`,
    bootstrapBrokers: [...config.bootstrapServers],
    ...(config.requestTimeoutMs === undefined ? {} : { timeout: config.requestTimeoutMs }),
    ...securityOptions(config.security),
  }
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms))

/**
 * An error's message followed by the causes platformatic nests in it (`errors`: the last attempt's;
 * `cause`), each message once: "metadata failed 4 times: … Connection to … failed: Cannot find a
 * suitable SASL mechanism: …". Messages only: no client options, so no secret.
 */
export function errorReason(error: unknown): string {
  const seen = new Set<string>()
  const parts: string[] = []
  let current: unknown = error
  for (let depth = 0; current !== undefined && current !== null && depth < 12; depth++) {
    const text = (current instanceof Error ? current.message : String(current)).trim().replace(/\.$/, '')
    if (text !== '' && !seen.has(text)) {
      seen.add(text)
      parts.push(text)
    }
    if (!(current instanceof Error)) break
    const nested = (current as { errors?: unknown }).errors
    current = Array.isArray(nested) && nested.length > 0 ? nested[nested.length - 1] : current.cause
  }
  return parts.join(': ')
}

/** Runs `use` with an admin client of its own, closed after. */
async function withAdmin<T>(config: KafkaClientConfig, use: (admin: Admin) => Promise<T>): Promise<T> {
  const admin = new Admin(baseOptions(config, 'admin'))
  try {
    return await use(admin)
  } finally {
    await admin.close()
  }
}

// --- topics -----------------------------------------------------------------------------------------------

/**
 * Create topics and wait until every partition of each has a leader, so that producing and consuming work at
 * once. Fails if a topic exists already.
 */
export async function createTopics(
  config: KafkaClientConfig,
  topics: readonly TopicSpec[],
  options: { timeoutMs?: number } = {},
): Promise<void> {
  await withAdmin(config, async (admin) => {
    for (const topic of topics) {
      await admin.createTopics({
        topics: [topic.name],
        partitions: topic.partitions ?? 1,
        replicas: topic.replicationFactor ?? 1,
        configs: Object.entries(topic.configs ?? {}).map(([name, value]) => ({ name, value })),
      })
    }
    const deadline = Date.now() + (options.timeoutMs ?? 30_000)
    let lastProblem = 'no metadata yet'
    for (;;) {
      try {
        const metadata = await admin.metadata({ topics: topics.map((t) => t.name), forceUpdate: true })
        const pending = topics.filter((t) => {
          const m = metadata.topics.get(t.name)
          return !m || m.partitionsCount !== (t.partitions ?? 1) || m.partitions.some((p) => !p || p.leader < 0)
        })
        if (pending.length === 0) return
        lastProblem = `no leader yet for ${pending.map((t) => t.name).join(', ')}`
      } catch (error) {
        lastProblem = errorReason(error)
      }
      if (Date.now() > deadline) {
        throw new Error(`Kafka: topics ${topics.map((t) => t.name).join(', ')} not usable in time: ${lastProblem}`)
      }
      await sleep(100)
    }
  })
}

/** Delete topics. Kafka deletes asynchronously: a topic of the same name may not be creatable at once. */
export async function deleteTopics(config: KafkaClientConfig, names: readonly string[]): Promise<void> {
  if (names.length === 0) return
  await withAdmin(config, (admin) => admin.deleteTopics({ topics: [...names] }))
}

// --- producer ---------------------------------------------------------------------------------------------

/** Raw-bytes producer: acks=all, idempotent (so retries never duplicate or reorder within a partition). */
export class KafkaProducer {
  readonly #producer: Producer<Buffer, Buffer, Buffer, Buffer | undefined>
  readonly #roundRobin = new Map<string, number>()

  /**
   * `autocreateTopics`: ask the broker to create a missing topic (where its auto.create.topics.enable
   * allows), as Java producers do by default (allow.auto.create.topics=true); default false.
   */
  constructor(config: KafkaClientConfig, options: { retries?: number; autocreateTopics?: boolean } = {}) {
    this.#producer = new Producer<Buffer, Buffer, Buffer, Buffer | undefined>({
      ...baseOptions(config, 'producer'),
      idempotent: true,
      acks: ProduceAcks.ALL,
      retries: options.retries ?? 5,
      ...(options.autocreateTopics === true ? { autocreateTopics: true } : {}),
      partitioner: (message, key) => {
        if (key !== undefined) return compatibilityPartitioner(message, key)
        // platformatic takes the result modulo the topic's partition count
        const next = this.#roundRobin.get(message.topic) ?? 0
        this.#roundRobin.set(message.topic, (next + 1) % 0x7fffffff)
        return next
      },
    })
  }

  /**
   * Send records; resolves when every partition leader acknowledged them with acks=all. Calls are
   * serialised: platformatic reads an idempotent batch's first sequence number when it encodes the
   * batch and advances it only on the response, so two sends in flight to one partition carry the same
   * sequence numbers and the broker drops the second as a duplicate while both resolve (measured:
   * three concurrent sends of 100 records to one partition left 200 in the topic).
   */
  send(records: readonly ProducerRecord[]): Promise<void> {
    const sent = this.#tail.then(() => this.#send(records))
    this.#tail = sent.catch(() => {})
    return sent
  }

  #tail: Promise<void> = Promise.resolve()

  async #send(records: readonly ProducerRecord[]): Promise<void> {
    if (records.length === 0) return
    await this.#checkPartitions(records)
    await this.#producer.send({
      messages: records.map((r) => ({
        topic: r.topic,
        ...(r.partition === undefined ? {} : { partition: r.partition }),
        ...(r.key === null ? {} : { key: r.key }),
        ...(r.value === null ? {} : { value: r.value }),
        ...(r.timestamp === undefined ? {} : { timestamp: BigInt(r.timestamp) }),
        // a fresh Buffer per header key: duplicates stay distinct Map entries (see the top of this file)
        headers:
          r.headers.length === 0
            ? undefined
            : new Map<Buffer, Buffer | undefined>(
                r.headers.map((h): [Buffer, Buffer | undefined] => [Buffer.from(h.key, 'utf8'), h.value ?? undefined]),
              ),
      })),
    })
  }

  async #checkPartitions(records: readonly ProducerRecord[]): Promise<void> {
    const explicit = records.filter((r) => r.partition !== undefined)
    for (const r of explicit) {
      if (!Number.isInteger(r.partition) || (r.partition ?? 0) < 0) {
        throw new Error(`Kafka: topic ${r.topic}: partition ${r.partition} is not a partition number`)
      }
    }
    if (explicit.length === 0) return
    const topics = [...new Set(explicit.map((r) => r.topic))]
    const metadata = await this.#producer.metadata({ topics })
    for (const r of explicit) {
      const count = metadata.topics.get(r.topic)?.partitionsCount ?? 0
      if ((r.partition ?? 0) >= count) {
        throw new Error(`Kafka: topic ${r.topic} has ${count} partition(s); partition ${r.partition} does not exist`)
      }
    }
  }

  async close(): Promise<void> {
    await this.#producer.close()
  }
}

// --- reading a topic --------------------------------------------------------------------------------------

function toHeaders(headers: Map<Buffer | undefined, Buffer | undefined>, where: string): KafkaHeader[] {
  const out: KafkaHeader[] = []
  for (const [key, value] of headers) {
    if (key === undefined) throw new Error(`Kafka: ${where}: a header has a null key`)
    out.push({ key: key.toString('utf8'), value: value ?? null })
  }
  return out
}

/**
 * Read a topic from its earliest offset until `count` records arrived or `timeoutMs` passed (then it returns what
 * it has, possibly fewer). Records come back sorted by partition, then offset. Uses a consumer group of its own
 * (random id unless given) and commits nothing.
 */
export async function readRecords(
  config: KafkaClientConfig,
  topic: string,
  options: { count: number; timeoutMs?: number; groupId?: string },
): Promise<ConsumerRecord[]> {
  const consumer = new Consumer<Buffer | undefined, Buffer | undefined, Buffer | undefined, Buffer | undefined>({
    ...baseOptions(config, 'reader'),
    groupId: options.groupId ?? `connectless-reader-${randomUUID()}`,
  })
  const records: ConsumerRecord[] = []
  try {
    if (options.count <= 0) return records
    const stream = await consumer.consume({
      topics: [topic],
      mode: 'earliest',
      autocommit: false,
      maxWaitTime: 500,
    })
    try {
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(resolve, options.timeoutMs ?? 10_000)
        const done = (error?: unknown) => {
          clearTimeout(timer)
          stream.off('data', onData)
          if (error === undefined) resolve()
          else reject(error)
        }
        const onData = (m: {
          topic: string
          partition: number
          offset: bigint
          timestamp: bigint
          key: Buffer | undefined
          value: Buffer | undefined
          headers: Map<Buffer | undefined, Buffer | undefined>
        }) => {
          if (records.length >= options.count) return
          try {
            records.push({
              topic: m.topic,
              partition: m.partition,
              offset: m.offset,
              timestamp: Number(m.timestamp),
              key: m.key ?? null,
              value: m.value ?? null,
              headers: toHeaders(m.headers, `${m.topic}-${m.partition}@${m.offset}`),
            })
          } catch (error) {
            done(error)
            return
          }
          if (records.length >= options.count) done()
        }
        stream.on('data', onData)
        stream.once('error', (error: unknown) => done(error))
      })
    } finally {
      await stream.close()
    }
  } finally {
    await consumer.close(true)
  }
  return records.sort((a, b) =>
    a.partition !== b.partition ? a.partition - b.partition : a.offset < b.offset ? -1 : a.offset > b.offset ? 1 : 0,
  )
}

// --- a consumer group with manual commits (the local event source emulator) ------------------------------

type RawMessage = {
  topic: string
  partition: number
  offset: bigint
  timestamp: bigint
  key: Buffer | undefined
  value: Buffer | undefined
  headers: Map<Buffer | undefined, Buffer | undefined>
}

/**
 * A member of a consumer group that reads records as they come and commits only what it is told to,
 * as Lambda's event source mapping does. `startingPosition` applies where the group has no committed
 * offset (LATEST or TRIM_HORIZON, as the ESM calls them).
 */
export class GroupConsumer {
  readonly #consumer: Consumer<Buffer | undefined, Buffer | undefined, Buffer | undefined, Buffer | undefined>
  readonly #options: {
    groupId: string
    topics: readonly string[]
    startingPosition: 'LATEST' | 'TRIM_HORIZON'
    maxWaitMs: number
  }
  #stream: Awaited<ReturnType<GroupConsumer['open']>> | undefined
  #iterator: AsyncIterator<RawMessage> | undefined
  #pending: Promise<IteratorResult<RawMessage>> | undefined

  constructor(
    config: KafkaClientConfig,
    options: {
      groupId: string
      topics: readonly string[]
      startingPosition?: 'LATEST' | 'TRIM_HORIZON'
      maxWaitMs?: number
      /** The member's session.timeout.ms, rebalance.timeout.ms, heartbeat.interval.ms (platformatic's defaults: 60 s, 102 s, 3 s). */
      membership?: { sessionTimeoutMs: number; rebalanceTimeoutMs: number; heartbeatIntervalMs: number }
    },
  ) {
    const m = options.membership
    this.#consumer = new Consumer({
      ...baseOptions(config, 'esm'),
      groupId: options.groupId,
      ...(m === undefined
        ? {}
        : {
            sessionTimeout: m.sessionTimeoutMs,
            rebalanceTimeout: m.rebalanceTimeoutMs,
            heartbeatInterval: m.heartbeatIntervalMs,
          }),
    })
    this.#options = {
      groupId: options.groupId,
      topics: options.topics,
      startingPosition: options.startingPosition ?? 'TRIM_HORIZON',
      maxWaitMs: options.maxWaitMs ?? 500,
    }
  }

  private open() {
    return this.#consumer.consume({
      topics: [...this.#options.topics],
      mode: 'committed',
      fallbackMode: this.#options.startingPosition === 'LATEST' ? 'latest' : 'earliest',
      autocommit: false,
      maxWaitTime: this.#options.maxWaitMs,
    })
  }

  /** The next record, or null when none arrived within `waitMs`. A record not returned is kept for the next call. */
  async next(waitMs: number): Promise<ConsumerRecord | null> {
    if (!this.#stream) {
      this.#stream = await this.open()
      this.#iterator = (this.#stream as unknown as AsyncIterable<RawMessage>)[Symbol.asyncIterator]()
    }
    this.#pending ??= this.#iterator!.next()
    let timer: NodeJS.Timeout | undefined
    const timeout = new Promise<'timeout'>((resolve) => {
      timer = setTimeout(() => resolve('timeout'), Math.max(0, waitMs))
    })
    const result = await Promise.race([this.#pending, timeout])
    clearTimeout(timer)
    if (result === 'timeout') return null
    this.#pending = undefined
    if (result.done) throw new Error(`Kafka: the consumer of group ${this.#options.groupId} stopped`)
    const m = result.value
    return {
      topic: m.topic,
      partition: m.partition,
      offset: m.offset,
      timestamp: Number(m.timestamp),
      key: m.key ?? null,
      value: m.value ?? null,
      headers: toHeaders(m.headers, `${m.topic}-${m.partition}@${m.offset}`),
    }
  }

  /** Commits, for each topic-partition, the next offset to read (Kafka's convention). */
  async commit(offsets: ReadonlyArray<{ topic: string; partition: number; next: number }>): Promise<void> {
    if (offsets.length === 0) return
    await this.#consumer.commit({
      offsets: offsets.map((o) => ({
        topic: o.topic,
        partition: o.partition,
        offset: BigInt(o.next),
        leaderEpoch: -1,
      })),
    })
  }

  async close(): Promise<void> {
    try {
      if (this.#stream) await this.#stream.close()
    } finally {
      await this.#consumer.close(true)
    }
  }
}

/** Creates the topic where it does not exist yet (a DLQ topic, as Connect creates it); true if it did. */
export async function ensureTopic(config: KafkaClientConfig, topic: TopicSpec): Promise<boolean> {
  const existing = await withAdmin(config, (admin) => admin.listTopics())
  if (existing.includes(topic.name)) return false
  try {
    await createTopics(config, [topic])
    return true
  } catch (error) {
    // created by someone else in between
    if (/already exists/i.test(errorReason(error))) return false
    throw error
  }
}

// --- consumer group offsets (a sink connector's position: KIP-875's offsets endpoints) --------------------

/** A consumer group's committed position in one partition: `offset` is the next offset to read. */
export interface GroupOffset {
  topic: string
  partition: number
  offset: number
}

/** The committed offsets of a consumer group, sorted by topic and partition; none for an unknown group. */
export async function consumerGroupOffsets(config: KafkaClientConfig, groupId: string): Promise<GroupOffset[]> {
  const groups = await withAdmin(config, (admin) => admin.listConsumerGroupOffsets({ groups: [groupId] })).catch(
    (error: unknown) => {
      throw new Error(
        `Kafka: reading the committed offsets of consumer group ${groupId} failed: ${errorReason(error)}`,
        {
          cause: error,
        },
      )
    },
  )
  const out: GroupOffset[] = []
  for (const group of groups) {
    if (group.groupId !== groupId) continue
    for (const topic of group.topics) {
      for (const p of topic.partitions) {
        // -1: the partition has no committed offset
        if (p.committedOffset >= 0n)
          out.push({ topic: topic.name, partition: p.partitionIndex, offset: Number(p.committedOffset) })
      }
    }
  }
  return out.sort((a, b) => (a.topic < b.topic ? -1 : a.topic > b.topic ? 1 : a.partition - b.partition))
}

function byTopic<T extends { topic: string }>(items: readonly T[]): Map<string, T[]> {
  const out = new Map<string, T[]>()
  for (const item of items) out.set(item.topic, [...(out.get(item.topic) ?? []), item])
  return out
}

/**
 * Sets a consumer group's committed offsets, as `kafka-consumer-groups.sh --reset-offsets --execute`
 * does: the group must have no active member (Kafka refuses a commit from outside a live group).
 */
export async function alterConsumerGroupOffsets(
  config: KafkaClientConfig,
  groupId: string,
  offsets: readonly GroupOffset[],
): Promise<void> {
  if (offsets.length === 0) return
  try {
    await withAdmin(config, (admin) =>
      admin.alterConsumerGroupOffsets({
        groupId,
        topics: [...byTopic(offsets)].map(([name, list]) => ({
          name,
          partitionOffsets: list.map((o) => ({ partition: o.partition, offset: BigInt(o.offset) })),
        })),
      }),
    )
  } catch (error) {
    const where = offsets.map((o) => `${o.topic}-${o.partition}@${o.offset}`).join(', ')
    throw new Error(
      `Kafka: committing offsets ${where} for consumer group ${groupId} failed (the group must have no active member): ${errorReason(error)}`,
      { cause: error },
    )
  }
}

/**
 * Removes a consumer group's committed offsets of some partitions (Kafka's OffsetDelete): the group's
 * next member starts there from its `auto.offset.reset` position. The group must not be reading those
 * topics; an unknown group has nothing to remove.
 */
export async function deleteConsumerGroupOffsets(
  config: KafkaClientConfig,
  groupId: string,
  partitions: ReadonlyArray<{ topic: string; partition: number }>,
): Promise<void> {
  if (partitions.length === 0) return
  try {
    await withAdmin(config, (admin) =>
      admin.deleteConsumerGroupOffsets({
        groupId,
        topics: [...byTopic(partitions)].map(([name, list]) => ({
          name,
          partitionIndexes: list.map((p) => p.partition),
        })),
      }),
    )
  } catch (error) {
    if (/GROUP_ID_NOT_FOUND|does not exist/i.test(errorReason(error))) return
    const where = partitions.map((p) => `${p.topic}-${p.partition}`).join(', ')
    throw new Error(
      `Kafka: deleting the committed offsets of ${where} of consumer group ${groupId} failed (the group must not be reading them): ${errorReason(error)}`,
      { cause: error },
    )
  }
}

/** The cluster's id (`kafka_cluster_id` of the REST API's `GET /`). */
export async function kafkaClusterId(config: KafkaClientConfig): Promise<string> {
  return withAdmin(config, async (admin) => (await admin.metadata({ topics: [] })).id)
}

/** The names of the cluster's topics (internal ones left out). */
export async function listTopics(config: KafkaClientConfig): Promise<string[]> {
  return (await withAdmin(config, (admin) => admin.listTopics())).filter((t) => !t.startsWith('__'))
}

/** Per partition, the earliest and the next (end) offset of a topic. */
export async function topicOffsets(
  config: KafkaClientConfig,
  topic: string,
): Promise<Array<{ partition: number; earliest: bigint; end: bigint }>> {
  const consumer = new Consumer({ ...baseOptions(config, 'offsets'), groupId: `connectless-offsets-${randomUUID()}` })
  try {
    const [earliest, end] = await Promise.all([
      consumer.listOffsets({ topics: [topic], timestamp: -2n }),
      consumer.listOffsets({ topics: [topic], timestamp: -1n }),
    ])
    const e = earliest.get(topic) ?? []
    return (end.get(topic) ?? []).map((offset, partition) => ({ partition, earliest: e[partition] ?? 0n, end: offset }))
  } finally {
    await consumer.close(true)
  }
}

/** Where {@link readTopic} starts on each partition: its earliest offset, or given offsets (the others: earliest). */
export type ReadStart = 'earliest' | ReadonlyMap<number, bigint>

type ReaderConsumer = Consumer<Buffer, Buffer, Buffer, Buffer>
type ErrorChain = { findBy?: (key: string, value: unknown) => unknown }

/** attributes bit 3 of a record batch: the broker set the timestamps (message.timestamp.type=LogAppendTime) */
const LOG_APPEND_TIME_ATTRIBUTE = 0x08
const FETCH_MAX_BYTES = 50 * 1024 * 1024
const PARTITION_FETCH_MAX_BYTES = 8 * 1024 * 1024

/** The topic's id and the leader of each partition, waiting (up to `waitMs`) for every partition to have one. */
async function topicLeaders(
  consumer: ReaderConsumer,
  topic: string,
  waitMs: number,
): Promise<{ id: string; leaders: Map<number, number> }> {
  const deadline = Date.now() + waitMs
  for (;;) {
    let metadata: Awaited<ReturnType<ReaderConsumer['metadata']>>
    try {
      metadata = await consumer.metadata({ topics: [topic], forceUpdate: true })
    } catch (error) {
      // platformatic's answer to UNKNOWN_TOPIC_OR_PARTITION
      if (error instanceof Error && error.message.startsWith('Unknown topic '))
        throw new Error(`Kafka: topic ${topic} does not exist`, { cause: error })
      throw error
    }
    const t = metadata.topics.get(topic)
    if (t && t.partitions.length === t.partitionsCount && t.partitions.every((p) => p && p.leader >= 0)) {
      return { id: t.id, leaders: new Map(t.partitions.map((p, i) => [i, p.leader])) }
    }
    if (Date.now() > deadline) throw new Error(`Kafka: topic ${topic}: not every partition has a leader`)
    await sleep(200)
  }
}

/**
 * Every record a topic holds, sorted by partition and offset: what `connectless dlq` reads.
 *
 * It fetches each partition from its leader directly (no consumer group, nothing committed), from `start`
 * (default: the earliest offsets), until it has reached the end offset the broker reported in the fetch
 * responses themselves: the last stable offset, as a read_committed consumer sees it (records of aborted
 * transactions are left out). A fetch is answered from the partition's log as it is then, so every record
 * acknowledged before the call is read; no separately listed offsets can be stale. A partition that makes no
 * progress towards its end for `idleMs` (default 10 s) fails the read, naming the topic, partition and
 * offsets, rather than returning fewer records than the topic holds.
 */
export async function readTopic(
  config: KafkaClientConfig,
  topic: string,
  options: { start?: ReadStart; idleMs?: number } = {},
): Promise<ConsumerRecord[]> {
  const idleMs = options.idleMs ?? 10_000
  const consumer: ReaderConsumer = new Consumer({
    ...baseOptions(config, 'reader'),
    groupId: `connectless-reader-${randomUUID()}`,
  })
  try {
    let { id, leaders } = await topicLeaders(consumer, topic, idleMs)
    const earliest = async () => (await consumer.listOffsets({ topics: [topic], timestamp: -2n })).get(topic) ?? []
    const first = await earliest()
    /** the next offset to read on each partition */
    const positions = new Map<number, bigint>()
    for (const p of leaders.keys()) {
      const given = options.start instanceof Map ? options.start.get(p) : undefined
      const from = first[p] ?? 0n
      positions.set(p, given !== undefined && given > from ? given : from)
    }
    /** the end offset each partition's last fetch response reported */
    const ends = new Map<number, bigint>()
    const open = () =>
      [...positions.keys()].filter((p) => !ends.has(p) || (positions.get(p) as bigint) < (ends.get(p) as bigint))
    const records: ConsumerRecord[] = []
    let lastProgress = Date.now()
    let lastError: unknown = null

    const fetchFrom = async (leader: number, partitions: readonly number[]): Promise<'progress' | 'none' | 'stale'> => {
      let response: fetchV17.FetchResponse
      try {
        response = await consumer.fetch({
          node: leader,
          topics: [
            {
              topicId: id,
              partitions: partitions.map((partition) => ({
                partition,
                fetchOffset: positions.get(partition) as bigint,
                partitionMaxBytes: PARTITION_FETCH_MAX_BYTES,
                currentLeaderEpoch: -1,
                lastFetchedEpoch: -1,
              })),
            },
          ],
          maxWaitTime: 500,
          minBytes: 1,
          maxBytes: FETCH_MAX_BYTES,
          isolationLevel: FetchIsolationLevels.READ_COMMITTED,
        })
      } catch (error) {
        const chain = error as ErrorChain
        // retention removed records while reading, or leadership moved: look again, then go on
        if (chain.findBy?.('apiId', 'OFFSET_OUT_OF_RANGE')) {
          const now = await earliest()
          for (const p of partitions) {
            const from = now[p] ?? 0n
            if (from > (positions.get(p) as bigint)) positions.set(p, from)
          }
          return 'progress'
        }
        if (chain.findBy !== undefined && !chain.findBy('canRetry', false)) {
          lastError = error
          return 'stale'
        }
        throw error
      }
      let progressed = false
      for (const t of response.responses) {
        for (const part of t.partitions) {
          const p = part.partitionIndex
          const from = positions.get(p) as bigint
          ends.set(p, part.lastStableOffset >= 0n ? part.lastStableOffset : part.highWatermark)
          let next = from
          for (const batch of part.records ?? []) {
            const after = batch.firstOffset + BigInt(batch.lastOffsetDelta) + 1n
            if (after > next) next = after
            if (batch.attributes & IS_CONTROL) continue
            const logAppendTime = (batch.attributes & LOG_APPEND_TIME_ATTRIBUTE) !== 0
            for (const r of batch.records) {
              const offset = batch.firstOffset + BigInt(r.offsetDelta)
              if (offset < from) continue // a batch starts before the position asked for
              records.push({
                topic,
                partition: p,
                offset,
                timestamp: Number(logAppendTime ? batch.maxTimestamp : batch.firstTimestamp + r.timestampDelta),
                key: r.key ?? null,
                value: r.value ?? null,
                headers: r.headers.map(([k, v]) => {
                  if (k === null) throw new Error(`Kafka: ${topic}-${p}@${offset}: a header has a null key`)
                  return { key: k.toString('utf8'), value: v ?? null }
                }),
              })
            }
          }
          if (next > from) {
            positions.set(p, next)
            progressed = true
          }
        }
      }
      return progressed ? 'progress' : 'none'
    }

    for (let pending = open(); pending.length > 0; pending = open()) {
      const byLeader = new Map<number, number[]>()
      for (const p of pending) {
        const leader = leaders.get(p) as number
        byLeader.set(leader, [...(byLeader.get(leader) ?? []), p])
      }
      const outcomes = await Promise.all([...byLeader].map(([leader, ps]) => fetchFrom(leader, ps)))
      if (outcomes.includes('stale')) ({ id, leaders } = await topicLeaders(consumer, topic, idleMs))
      if (outcomes.includes('progress')) lastProgress = Date.now()
      else if (Date.now() - lastProgress > idleMs) {
        const where = open()
          .map((p) => `partition ${p} at offset ${positions.get(p)}, end offset ${ends.get(p) ?? 'not known'}`)
          .join('; ')
        const why = lastError === null ? '' : `; last error: ${errorReason(lastError)}`
        throw new Error(`Kafka: topic ${topic}: reading made no progress for ${idleMs} ms (${where})${why}`)
      }
    }
    return records.sort((a, b) =>
      a.partition !== b.partition ? a.partition - b.partition : a.offset < b.offset ? -1 : a.offset > b.offset ? 1 : 0,
    )
  } finally {
    await consumer.close(true)
  }
}
