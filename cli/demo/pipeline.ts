/**
 * The demo's pipeline, step by step, on the local stack: the seed's tables in PostgreSQL, the seed's
 * connector configs written with local host names, `connectless standalone` running them in the
 * background, good and poison records for the dead-letter queue, and the counts at every hop
 * (rows, records per topic, Parquet rows read by DuckDB, OpenSearch documents, DLQ records).
 * `connectless demo` (cli/commands/demo.ts) runs it with the seed's names; the end-to-end test
 * (test/integration/demo/) runs it with names of its own.
 */
import { type ChildProcess, spawn } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { closeSync, existsSync, mkdirSync, openSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { connect } from 'node:net'
import { dirname, join, relative } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import {
  CreateBucketCommand,
  DeleteObjectsCommand,
  GetObjectCommand,
  ListObjectsV2Command,
  S3Client,
} from '@aws-sdk/client-s3'
import { DuckDBInstance } from '@duckdb/node-api'
import pg from 'pg'
import {
  type ConsumerRecord,
  createTopics,
  deleteTopics,
  KafkaProducer,
  listTopics,
  type ProducerRecord,
  readRecords,
  topicOffsets,
} from '../../layers/runtime/kafka/client.js'
import {
  SEED_ELASTICSEARCH_SINK,
  SEED_ORDERS_SINK_WITH_DLQ,
  SEED_ORDERS_WITH_TIMESTAMP,
  SEED_POSTGRES_SOURCE,
  SEED_S3_SINK,
  SEED_STANDALONE_PROPERTIES,
} from './seed.js'

// --- settings ----------------------------------------------------------------------------------------

export const TABLES = ['orders', 'users', 'payments'] as const
export type Table = (typeof TABLES)[number]
export type RowCounts = Record<Table, number>

/** Where the local services listen (the defaults and CONNECTLESS_*_PORT overrides of infra/local/services.sh). */
export interface DemoEndpoints {
  readonly kafka: readonly string[]
  readonly postgres: { readonly host: string; readonly port: number; readonly adminUser: string }
  readonly aws: {
    readonly endpoint: string
    readonly region: string
    readonly accessKeyId: string
    readonly secretAccessKey: string
  }
  readonly opensearch: string
}

export interface DemoSettings {
  /** Where the configs, the secrets file, the runner's PID and log, and the downloaded lake go. */
  readonly dir: string
  readonly database: string
  /** The connector's database user (`connection.user`). */
  readonly role: string
  /** The source's `topic.prefix`: topics are `<prefix><table>`. */
  readonly topicPrefix: string
  /** The topic orders-sink-with-dlq reads (the seed's `orders`), where the demo puts good and poison records. */
  readonly quarantineTopic: string
  readonly dlqTopic: string
  readonly bucket: string
  /** Connector names (a sink's consumer group is `connect-<name>`). */
  readonly names: { readonly source: string; readonly s3: string; readonly search: string; readonly dlq: string }
  readonly restPort: number
  readonly endpoints: DemoEndpoints
  /** Rows written before the connectors start, and rows inserted while they run. */
  readonly rows: { readonly initial: RowCounts; readonly more: RowCounts }
}

function port(env: NodeJS.ProcessEnv, variable: string, fallback: number): number {
  const raw = env[variable]
  if (raw === undefined || raw === '') return fallback
  const n = Number(raw)
  if (!Number.isInteger(n) || n < 1 || n > 65535)
    throw new Error(`${variable}=${JSON.stringify(raw)} is not a TCP port`)
  return n
}

export function localEndpoints(env: NodeJS.ProcessEnv = process.env): DemoEndpoints {
  const host = '127.0.0.1'
  return {
    kafka: [`${host}:${port(env, 'CONNECTLESS_KAFKA_PORT', 9092)}`],
    postgres: { host, port: port(env, 'CONNECTLESS_PG_PORT', 55432), adminUser: 'postgres' },
    aws: {
      endpoint: `http://${host}:${port(env, 'CONNECTLESS_MOTO_PORT', 5000)}`,
      region: 'us-east-1',
      accessKeyId: 'testing',
      secretAccessKey: 'testing',
    },
    opensearch: `http://${host}:${port(env, 'CONNECTLESS_OPENSEARCH_PORT', 9201)}`,
  }
}

/**
 * The seed's names: database mydb, user connect_user, topics db-*, bucket kafka-data-lake, and the
 * REST API on 8083 (CONNECTLESS_DEMO_REST_PORT moves it).
 */
export function seedSettings(
  dir: string,
  endpoints: DemoEndpoints = localEndpoints(),
  env: NodeJS.ProcessEnv = process.env,
): DemoSettings {
  return {
    dir,
    database: 'mydb',
    role: SEED_POSTGRES_SOURCE.config['connection.user'] as string,
    topicPrefix: SEED_POSTGRES_SOURCE.config['topic.prefix'] as string,
    quarantineTopic: SEED_ORDERS_SINK_WITH_DLQ.config['topics'] as string,
    dlqTopic: SEED_ORDERS_SINK_WITH_DLQ.config['errors.deadletterqueue.topic.name'] as string,
    bucket: SEED_S3_SINK.config['s3.bucket.name'] as string,
    names: {
      source: SEED_POSTGRES_SOURCE.name,
      s3: SEED_S3_SINK.name,
      search: SEED_ELASTICSEARCH_SINK.name,
      dlq: SEED_ORDERS_SINK_WITH_DLQ.name,
    },
    restPort: port(env, 'CONNECTLESS_DEMO_REST_PORT', 8083),
    endpoints,
    rows: { initial: { users: 200, orders: 1200, payments: 900 }, more: { users: 50, orders: 300, payments: 300 } },
  }
}

export const topicOf = (s: DemoSettings, table: Table): string => `${s.topicPrefix}${table}`
/** The OpenSearch sink writes each topic to the index of the same name. */
export const indexOf = (topic: string): string => topic.toLowerCase()

export function demoPaths(dir: string) {
  return {
    worker: join(dir, 'worker.properties'),
    connectors: join(dir, 'connectors'),
    secrets: join(dir, 'secrets', 'db.properties'),
    log: join(dir, 'runner.log'),
    pid: join(dir, 'runner.pid'),
    lake: join(dir, 'lake'),
    state: join(dir, 'state.json'),
    cli: join(dir, 'connectless'),
  }
}

export const restUrl = (s: DemoSettings): string => `http://127.0.0.1:${s.restPort}`

// --- PostgreSQL --------------------------------------------------------------------------------------

const ident = (name: string): string => `"${name.replaceAll('"', '""')}"`
const literal = (text: string): string => `'${text.replaceAll("'", "''")}'`

async function pgClient(s: DemoSettings, database: string): Promise<pg.Client> {
  const { host, port, adminUser } = s.endpoints.postgres
  const client = new pg.Client({ host, port, user: adminUser, database })
  await client.connect()
  return client
}

async function withPg<T>(s: DemoSettings, database: string, f: (c: pg.Client) => Promise<T>): Promise<T> {
  const client = await pgClient(s, database)
  try {
    return await f(client)
  } finally {
    await client.end()
  }
}

/**
 * A fresh database with the seed's three tables, a read-only connector user whose password the
 * connector config reads through `${file:…}`, and the first rows.
 */
export async function createDatabase(s: DemoSettings, password: string): Promise<void> {
  await withPg(s, 'postgres', async (c) => {
    const exists = await c.query('SELECT 1 FROM pg_roles WHERE rolname = $1', [s.role])
    await c.query(`${exists.rowCount ? 'ALTER' : 'CREATE'} ROLE ${ident(s.role)} LOGIN PASSWORD ${literal(password)}`)
    await c.query(`DROP DATABASE IF EXISTS ${ident(s.database)} WITH (FORCE)`)
    await c.query(`CREATE DATABASE ${ident(s.database)}`)
  })
  await withPg(s, s.database, async (c) => {
    await c.query(`
      CREATE TABLE users (
        id         bigserial PRIMARY KEY,
        email      text NOT NULL UNIQUE,
        full_name  text NOT NULL,
        country    char(2) NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE TABLE orders (
        id         bigserial PRIMARY KEY,
        user_id    bigint NOT NULL REFERENCES users (id),
        email      text NOT NULL,
        amount     numeric(10, 2) NOT NULL,
        currency   char(3) NOT NULL DEFAULT 'EUR',
        status     text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE TABLE payments (
        id         bigserial PRIMARY KEY,
        order_id   bigint NOT NULL REFERENCES orders (id),
        amount     numeric(10, 2) NOT NULL,
        method     text NOT NULL,
        status     text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      );
      GRANT USAGE ON SCHEMA public TO ${ident(s.role)};
      GRANT SELECT ON users, orders, payments TO ${ident(s.role)};
    `)
  })
}

/** Inserts rows: users first, then orders of random users, then payments of random orders. */
export async function insertRows(s: DemoSettings, rows: RowCounts): Promise<void> {
  await withPg(s, s.database, async (c) => {
    await c.query(
      `INSERT INTO users (email, full_name, country, created_at, updated_at)
       SELECT 'user' || n || '@example.com',
              (ARRAY['Ada','Grace','Alan','Edsger','Barbara','Ken','Margaret','Dennis'])[1 + n % 8] || ' ' ||
              (ARRAY['Lovelace','Hopper','Turing','Dijkstra','Liskov','Thompson','Hamilton','Ritchie'])[1 + (n / 8) % 8],
              (ARRAY['DE','FR','NL','US','GB','ES','IT','SE'])[1 + n % 8],
              t, t
       FROM (SELECT (SELECT coalesce(max(id), 0) FROM users) + g AS n,
                    now() - random() * interval '90 days' AS t
             FROM generate_series(1, $1::int) g) r`,
      [rows.users],
    )
    await c.query(
      `INSERT INTO orders (user_id, email, amount, status, created_at, updated_at)
       SELECT u.id, u.email, round((5 + random() * 495)::numeric, 2),
              (ARRAY['pending','paid','shipped','delivered','cancelled'])[1 + floor(random() * 5)::int],
              r.t, r.t
       FROM (SELECT g, 1 + floor(random() * (SELECT max(id) FROM users))::bigint AS uid,
                    now() - random() * interval '7 days' AS t
             FROM generate_series(1, $1::int) g) r
       JOIN users u ON u.id = r.uid
       ORDER BY r.g`,
      [rows.orders],
    )
    await c.query(
      `INSERT INTO payments (order_id, amount, method, status, created_at, updated_at)
       SELECT o.id, o.amount,
              (ARRAY['card','paypal','bank_transfer'])[1 + floor(random() * 3)::int],
              (ARRAY['authorized','captured','captured','refunded'])[1 + floor(random() * 4)::int],
              o.created_at + interval '5 minutes', o.created_at + interval '5 minutes'
       FROM (SELECT g, 1 + floor(random() * (SELECT max(id) FROM orders))::bigint AS oid
             FROM generate_series(1, $1::int) g) r
       JOIN orders o ON o.id = r.oid
       ORDER BY r.g`,
      [rows.payments],
    )
  })
}

export async function tableRows(s: DemoSettings): Promise<RowCounts> {
  return withPg(s, s.database, async (c) => {
    const r = await c.query<{ orders: string; users: string; payments: string }>(
      'SELECT (SELECT count(*) FROM orders) AS orders, (SELECT count(*) FROM users) AS users, (SELECT count(*) FROM payments) AS payments',
    )
    const row = r.rows[0] as { orders: string; users: string; payments: string }
    return { orders: Number(row.orders), users: Number(row.users), payments: Number(row.payments) }
  })
}

async function dropDatabase(s: DemoSettings): Promise<void> {
  await withPg(s, 'postgres', (c) => c.query(`DROP DATABASE IF EXISTS ${ident(s.database)} WITH (FORCE)`))
}

// --- the configs -------------------------------------------------------------------------------------

export interface ConnectorFile {
  readonly name: string
  readonly config: Record<string, string>
}

/** What the demo changed in the seed's configs, and why: printed by the demo and listed in the README. */
export function configChanges(s: DemoSettings): string[] {
  const orders = topicOf(s, 'orders')
  const payments = topicOf(s, 'payments')
  return [
    `Host names: connection.url to PostgreSQL on ${s.endpoints.postgres.host}:${s.endpoints.postgres.port} and OpenSearch on ${s.endpoints.opensearch}; store.url to moto (${s.endpoints.aws.endpoint}); bootstrap.servers to ${s.endpoints.kafka.join(',')}; the password file of \${file:…} is the demo's secrets/db.properties.`,
    `${s.names.source}: the seed's postgres-source with the orders-with-timestamp chain (addTimestamp, maskEmail, renameField) on ${orders} only (a TopicNameMatches predicate: the chain renames id to order_id), and ValueToKey + ExtractField$Key first, so each record's key is its row id: the Elasticsearch sinks use the key as document id (key.ignore=false), and a JDBC source writes no key of its own.`,
    `The sinks read the source's topics: ${s.names.s3} topics=${orders} (seed: orders), ${s.names.search} topics=${orders},${payments} (seed: orders,payments); the source's topic.prefix makes them ${s.topicPrefix}<table>. OpenSearch indices are named after the topics.`,
    `${s.names.dlq} keeps topics=${s.quarantineTopic}, a topic of its own that the demo fills with good and poison records: poison records in ${orders} would fail ${s.names.s3} and ${s.names.search}, which set no errors.tolerance (in Connect too).`,
    `${s.names.dlq} gets the connection.url the seed leaves out, and errors.deadletterqueue.context.headers.enable=true, the key that the seed's errors.deadletterqueue.headers.add and errors.context.headers.enable meant (without it the DLQ records carry no __connect.errors.* headers). ${s.dlqTopic} is created beforehand with replication factor 1: the seed's 3 needs three brokers.`,
  ]
}

function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
}

/** The four connector configs: the seed's, with the changes {@link configChanges} lists. */
export function connectorFiles(s: DemoSettings): ConnectorFile[] {
  const paths = demoPaths(s.dir)
  const orders = topicOf(s, 'orders')
  const { host, port } = s.endpoints.postgres
  const source = { ...SEED_POSTGRES_SOURCE.config } as Record<string, string>
  source['connection.url'] = `jdbc:postgresql://${host}:${port}/${s.database}`
  source['connection.user'] = s.role
  source['connection.password'] = `\${file:${paths.secrets}:password}`
  source['topic.prefix'] = s.topicPrefix
  const chain = SEED_ORDERS_WITH_TIMESTAMP.config
  const chainAliases = (chain['transforms'] as string).split(',')
  Object.assign(source, {
    transforms: ['createKey', 'extractKey', ...chainAliases].join(','),
    'transforms.createKey.type': 'org.apache.kafka.connect.transforms.ValueToKey',
    'transforms.createKey.fields': 'id',
    'transforms.extractKey.type': 'org.apache.kafka.connect.transforms.ExtractField$Key',
    'transforms.extractKey.field': 'id',
  })
  for (const [key, value] of Object.entries(chain)) if (key.startsWith('transforms.')) source[key] = value
  for (const alias of chainAliases) source[`transforms.${alias}.predicate`] = 'isOrders'
  Object.assign(source, {
    predicates: 'isOrders',
    'predicates.isOrders.type': 'org.apache.kafka.connect.transforms.predicates.TopicNameMatches',
    'predicates.isOrders.pattern': escapeRegex(orders),
  })

  const s3 = {
    ...SEED_S3_SINK.config,
    topics: orders,
    's3.bucket.name': s.bucket,
    'store.url': s.endpoints.aws.endpoint,
  }
  const search = {
    ...SEED_ELASTICSEARCH_SINK.config,
    topics: `${orders},${topicOf(s, 'payments')}`,
    'connection.url': s.endpoints.opensearch,
  }
  const dlq = {
    ...SEED_ORDERS_SINK_WITH_DLQ.config,
    topics: s.quarantineTopic,
    'errors.deadletterqueue.topic.name': s.dlqTopic,
    'connection.url': s.endpoints.opensearch,
    'errors.deadletterqueue.context.headers.enable': 'true',
  }
  return [
    { name: s.names.source, config: source },
    { name: s.names.s3, config: s3 },
    { name: s.names.search, config: search },
    { name: s.names.dlq, config: dlq },
  ]
}

/** The seed's standalone.properties with the local broker and the REST port. */
export function workerProperties(s: DemoSettings): string {
  const lines = SEED_STANDALONE_PROPERTIES.trimEnd().split('\n')
  const out: string[] = [
    "# The seed's standalone.properties (shared/spec/connectors/) for the local stack, written by `npm run demo`.",
  ]
  for (const line of lines) {
    if (line.startsWith('bootstrap.servers=')) out.push(`bootstrap.servers=${s.endpoints.kafka.join(',')}`)
    else if (line === 'offset.storage.filename.offsets.json') {
      out.push(
        '# The seed\'s last three lines have no "=" (see docs/from-kafka-connect.md); as they were meant:',
        '#   offset.storage.filename.offsets.json, config.storage.filename.connector-configs.json,',
        '#   status.storage.filename.connector-status.json',
        'offset.storage.file.filename=offsets.json',
      )
    } else if (line.startsWith('config.storage.filename') || line.startsWith('status.storage.filename')) {
    } else out.push(line)
  }
  out.push('# The Connect REST API', `rest.port=${s.restPort}`)
  return `${out.join('\n')}\n`
}

export interface WrittenConfigs {
  readonly worker: string
  readonly connectors: readonly string[]
}

/** Writes the worker file, the connector configs and the secrets file into the demo directory. */
export function writeConfigs(s: DemoSettings, password: string): WrittenConfigs {
  const paths = demoPaths(s.dir)
  mkdirSync(paths.connectors, { recursive: true })
  mkdirSync(dirname(paths.secrets), { recursive: true })
  writeFileSync(paths.secrets, `password=${password}\n`, { mode: 0o600 })
  writeFileSync(paths.worker, workerProperties(s))
  const connectors = connectorFiles(s).map((c) => {
    const path = join(paths.connectors, `${c.name}.json`)
    writeFileSync(path, `${JSON.stringify({ name: c.name, config: c.config }, null, 2)}\n`)
    return path
  })
  return { worker: paths.worker, connectors }
}

export const newPassword = (): string => randomBytes(12).toString('hex')

// --- Kafka, S3, OpenSearch ---------------------------------------------------------------------------

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms))

const kafkaOf = (s: DemoSettings) => ({ bootstrapServers: [...s.endpoints.kafka] })

/** Where the demo suggests replaying the dead-letter records to (`connectless dlq replay` needs an existing topic). */
export const replayTopicOf = (s: DemoSettings): string => `${s.quarantineTopic}-replayed`

export function demoTopics(s: DemoSettings): string[] {
  return [...TABLES.map((t) => topicOf(s, t)), s.quarantineTopic, s.dlqTopic, replayTopicOf(s)]
}

/**
 * Creates the demo's topics (one partition each, as the broker would create them), the DLQ topic
 * with replication factor 1, and the bucket. Topics left by an earlier run are deleted first.
 */
export async function prepareKafkaAndS3(s: DemoSettings): Promise<void> {
  const kafka = kafkaOf(s)
  const topics = demoTopics(s)
  await deleteTopicsAndWait(s, topics)
  await createTopics(
    kafka,
    topics.map((name) => ({ name, partitions: 1, replicationFactor: 1 })),
  )
  await s3Client(s)
    .send(new CreateBucketCommand({ Bucket: s.bucket }))
    .catch((e: unknown) => {
      if (!(e instanceof Error && /BucketAlreadyOwnedByYou|BucketAlreadyExists/.test(e.name))) throw e
    })
}

async function deleteTopicsAndWait(s: DemoSettings, topics: readonly string[]): Promise<void> {
  const kafka = kafkaOf(s)
  const existing = new Set(await listTopics(kafka))
  const present = topics.filter((t) => existing.has(t))
  if (present.length === 0) return
  await deleteTopics(kafka, present)
  // Kafka deletes asynchronously: a topic of the same name can be created once it is gone
  for (let i = 0; i < 300; i++) {
    const now = new Set(await listTopics(kafka))
    if (!present.some((t) => now.has(t))) return
    await sleep(200)
  }
  throw new Error(`Kafka did not delete the topics ${present.join(', ')} within 60 s`)
}

let s3Cache: { key: string; client: S3Client } | undefined
function s3Client(s: DemoSettings): S3Client {
  const { endpoint, region, accessKeyId, secretAccessKey } = s.endpoints.aws
  if (s3Cache?.key !== endpoint) {
    s3Cache = {
      key: endpoint,
      client: new S3Client({ endpoint, region, forcePathStyle: true, credentials: { accessKeyId, secretAccessKey } }),
    }
  }
  return s3Cache.client
}

async function listKeys(s: DemoSettings): Promise<string[]> {
  const keys: string[] = []
  let token: string | undefined
  do {
    const page = await s3Client(s).send(
      new ListObjectsV2Command({ Bucket: s.bucket, ...(token === undefined ? {} : { ContinuationToken: token }) }),
    )
    for (const o of page.Contents ?? []) if (o.Key !== undefined) keys.push(o.Key)
    token = page.IsTruncated ? page.NextContinuationToken : undefined
  } while (token !== undefined)
  return keys.sort()
}

/** The Parquet files the S3 sink wrote (its upload manifests under `_connectless/` left out). */
export async function parquetKeys(s: DemoSettings): Promise<string[]> {
  try {
    return (await listKeys(s)).filter((k) => k.endsWith('.parquet'))
  } catch (e) {
    if (e instanceof Error && e.name === 'NoSuchBucket') return []
    throw e
  }
}

async function emptyBucket(s: DemoSettings): Promise<void> {
  let keys: string[]
  try {
    keys = await listKeys(s)
  } catch (e) {
    if (e instanceof Error && e.name === 'NoSuchBucket') return
    throw e
  }
  for (let i = 0; i < keys.length; i += 1000) {
    await s3Client(s).send(
      new DeleteObjectsCommand({
        Bucket: s.bucket,
        Delete: { Objects: keys.slice(i, i + 1000).map((Key) => ({ Key })) },
      }),
    )
  }
}

async function opensearch(s: DemoSettings, method: string, path: string): Promise<Response> {
  return fetch(`${s.endpoints.opensearch}${path}`, { method, signal: AbortSignal.timeout(30_000) })
}

/** Documents in an index (0 while it does not exist), after a refresh. */
export async function documentCount(s: DemoSettings, index: string): Promise<number> {
  await opensearch(s, 'POST', `/${encodeURIComponent(index)}/_refresh`)
  const res = await opensearch(s, 'GET', `/${encodeURIComponent(index)}/_count`)
  if (res.status === 404) return 0
  if (!res.ok) throw new Error(`OpenSearch GET /${index}/_count answered ${res.status}: ${await res.text()}`)
  return ((await res.json()) as { count: number }).count
}

export function demoIndices(s: DemoSettings): string[] {
  return [indexOf(topicOf(s, 'orders')), indexOf(topicOf(s, 'payments')), indexOf(s.quarantineTopic)]
}

async function deleteIndices(s: DemoSettings): Promise<void> {
  for (const index of demoIndices(s)) {
    const res = await opensearch(s, 'DELETE', `/${encodeURIComponent(index)}`)
    if (!res.ok && res.status !== 404) throw new Error(`OpenSearch DELETE /${index} answered ${res.status}`)
  }
}

/** Records a topic holds (end offset minus earliest, over its partitions). */
export async function topicRecords(s: DemoSettings, topic: string): Promise<number> {
  const offsets = await topicOffsets(kafkaOf(s), topic)
  return offsets.reduce((n, p) => n + Number(p.end - p.earliest), 0)
}

// --- good and poison records for orders-sink-with-dlq ---------------------------------------------------

export interface Injected {
  readonly good: number
  readonly poison: readonly { readonly what: string; readonly offset?: number }[]
}

/** Poison records: each fails in the key or value converter of orders-sink-with-dlq. */
export function poisonRecords(
  goodKey: Buffer | null,
  goodValue: Buffer | null,
): Array<{ what: string; key: Buffer | null; value: Buffer | null }> {
  const text = (t: string) => Buffer.from(t, 'utf8')
  return [
    {
      what: 'truncated JSON',
      key: goodKey,
      value: text('{"schema":{"type":"struct","fields":[{"type":"int64","optional":false,"field":"order_id"}'),
    },
    {
      what: 'JSON without the schema/payload envelope (the worker has schemas.enable=true)',
      key: goodKey,
      value: text('{"order_id":9001,"amount":"19.99","status":"paid"}'),
    },
    { what: 'not JSON at all', key: goodKey, value: text('order 9002 paid 19.99 EUR') },
    {
      what: 'a payload without a required field of its schema',
      key: goodKey,
      value: text(
        '{"schema":{"type":"struct","fields":[{"type":"int64","optional":false,"field":"order_id"}],"optional":false},"payload":{}}',
      ),
    },
    { what: 'a malformed key (the value is fine)', key: text('{"schema":{"type":"int64"'), value: goodValue },
  ]
}

/**
 * Fills the DLQ sink's topic: good records (copies of the first records of the orders topic,
 * which that sink indexes) and, between them, records no converter can read.
 */
export async function injectQuarantine(s: DemoSettings, good = 5): Promise<Injected> {
  const kafka = kafkaOf(s)
  const ordersTopic = topicOf(s, 'orders')
  const copies: ConsumerRecord[] = await readRecords(kafka, ordersTopic, { count: good, timeoutMs: 60_000 })
  if (copies.length < good)
    throw new Error(`only ${copies.length} of ${good} records arrived in ${ordersTopic} within 60 s`)
  const first = copies[0] as ConsumerRecord
  const poison = poisonRecords(first.key, first.value)
  const records: ProducerRecord[] = []
  for (let i = 0; i < Math.max(copies.length, poison.length); i++) {
    const c = copies[i]
    if (c) records.push({ topic: s.quarantineTopic, key: c.key, value: c.value, headers: [] })
    const p = poison[i]
    if (p) records.push({ topic: s.quarantineTopic, key: p.key, value: p.value, headers: [] })
  }
  const producer = new KafkaProducer(kafka)
  try {
    await producer.send(records)
  } finally {
    await producer.close()
  }
  return { good: copies.length, poison: poison.map((p) => ({ what: p.what })) }
}

// --- the runner ----------------------------------------------------------------------------------------

function cliEntry(): { execArgv: string[]; main: string } {
  const here = fileURLToPath(import.meta.url)
  if (here.endsWith('.ts')) {
    const tsx = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href
    return { execArgv: ['--import', tsx], main: join(dirname(here), '..', 'main.ts') }
  }
  return { execArgv: [], main: join(dirname(here), '..', 'main.js') }
}

/** The command line of `connectless`, as this checkout runs it (tsx from the sources, or the build). */
export function connectlessCommand(): string[] {
  const { execArgv, main } = cliEntry()
  return [process.execPath, ...execArgv, main]
}

/** A `connectless` script in the demo directory, for the commands the demo suggests. */
export function writeCliWrapper(s: DemoSettings): string {
  const path = demoPaths(s.dir).cli
  const quoted = connectlessCommand().map((a) => `'${a.replaceAll("'", "'\\''")}'`)
  writeFileSync(
    path,
    `#!/bin/sh\n# connectless from this checkout (written by npm run demo)\nexec ${quoted.join(' ')} "$@"\n`,
    {
      mode: 0o755,
    },
  )
  return path
}

/** The environment of the runner: moto's static credentials for the S3 sink; offsets in files. */
function runnerEnv(s: DemoSettings): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env }
  for (const k of ['AWS_ENDPOINT_URL', 'AWS_PROFILE', 'AWS_SESSION_TOKEN', 'CONNECTLESS_OFFSETS_TABLE']) delete env[k]
  env['AWS_ACCESS_KEY_ID'] = s.endpoints.aws.accessKeyId
  env['AWS_SECRET_ACCESS_KEY'] = s.endpoints.aws.secretAccessKey
  env['AWS_REGION'] = s.endpoints.aws.region
  return env
}

/**
 * Starts `connectless standalone <worker> <connectors…>` detached, its output appended to the log file
 * and its PID recorded in the demo directory.
 */
export function startRunner(s: DemoSettings, configs: WrittenConfigs): number {
  const paths = demoPaths(s.dir)
  const [node, ...args] = connectlessCommand() as [string, ...string[]]
  const out = openSync(paths.log, 'a')
  let child: ChildProcess
  try {
    child = spawn(node, [...args, 'standalone', configs.worker, ...configs.connectors], {
      cwd: s.dir,
      env: runnerEnv(s),
      detached: true,
      stdio: ['ignore', out, out],
    })
  } finally {
    closeSync(out)
  }
  if (child.pid === undefined) throw new Error('could not start connectless standalone')
  child.unref()
  writeFileSync(paths.pid, `${child.pid}\n`)
  return child.pid
}

/** True when something accepts connections on the port (the REST API's, before the runner starts). */
export function portInUse(port: number, host = '127.0.0.1'): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ port, host })
    socket.setTimeout(1_000)
    socket.once('connect', () => {
      socket.destroy()
      resolve(true)
    })
    socket.once('timeout', () => {
      socket.destroy()
      resolve(false)
    })
    socket.once('error', () => resolve(false))
  })
}

/** The runner's PID if the one recorded is alive and is our runner. */
export function runnerPid(s: DemoSettings): number | null {
  const paths = demoPaths(s.dir)
  if (!existsSync(paths.pid)) return null
  const pid = Number(readFileSync(paths.pid, 'utf8').trim())
  if (!Number.isInteger(pid) || pid <= 0) return null
  try {
    process.kill(pid, 0)
  } catch {
    return null
  }
  // a recycled PID belongs to someone else: check the command line names the demo's worker file
  try {
    const cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8')
    if (!cmdline.includes(paths.worker)) return null
  } catch {
    // no /proc (macOS): trust the PID file
  }
  return pid
}

const alive = (pid: number): boolean => {
  try {
    process.kill(pid, 0)
    return true
  } catch {
    return false
  }
}

/**
 * Stops the runner by its recorded PID; true if one ran. SIGTERM lets it finish the batches in hand
 * and leave its consumer groups, which can take as long as a sink's batching window (the S3 sink's is
 * rotate.interval.ms, 60 s in the seed). Killed instead, it leaves members behind that Kafka keeps
 * in their groups for the session timeout, and the next start's sinks wait for them.
 */
export async function stopRunner(
  s: DemoSettings,
  options: { timeoutMs?: number; onWait?: (seconds: number) => void } = {},
): Promise<boolean> {
  const pid = runnerPid(s)
  if (pid === null) return false
  process.kill(pid, 'SIGTERM')
  const started = Date.now()
  const deadline = started + (options.timeoutMs ?? 120_000)
  while (alive(pid) && Date.now() < deadline) {
    await sleep(250)
    options.onWait?.(Math.round((Date.now() - started) / 1000))
  }
  if (alive(pid)) process.kill(pid, 'SIGKILL')
  rmSync(demoPaths(s.dir).pid, { force: true })
  return true
}

export function logTail(s: DemoSettings, lines = 30): string {
  const path = demoPaths(s.dir).log
  if (!existsSync(path)) return '(no log)'
  return readFileSync(path, 'utf8').trimEnd().split('\n').slice(-lines).join('\n')
}

export type ConnectorStatus = {
  name: string
  connector: { state: string; worker_id?: string; trace?: string }
  tasks: Array<{ id: number; state: string; worker_id?: string; trace?: string }>
  type: string
}

/** GET /connectors?expand=status, as the REST API answers it. */
export async function connectorStatus(s: DemoSettings): Promise<Record<string, { status: ConnectorStatus }>> {
  const res = await fetch(`${restUrl(s)}/connectors?expand=status`, { signal: AbortSignal.timeout(10_000) })
  if (!res.ok) throw new Error(`GET /connectors?expand=status answered ${res.status}: ${await res.text()}`)
  return (await res.json()) as Record<string, { status: ConnectorStatus }>
}

/**
 * Waits until the REST API answers with every connector RUNNING; fails at once when the runner
 * exits (with the end of its log) or a connector or task is FAILED.
 */
export async function waitForRunner(
  s: DemoSettings,
  pid: number,
  options: { timeoutMs?: number; onWait?: (what: string) => void } = {},
): Promise<Record<string, { status: ConnectorStatus }>> {
  const deadline = Date.now() + (options.timeoutMs ?? 120_000)
  const expected = Object.values(s.names)
  let last = 'the REST API does not answer yet'
  for (;;) {
    if (!alive(pid)) throw new Error(`connectless standalone exited; the end of its log:\n${logTail(s)}`)
    try {
      const status = await connectorStatus(s)
      const failed = Object.values(status).filter(
        (c) => c.status.connector.state === 'FAILED' || c.status.tasks.some((t) => t.state === 'FAILED'),
      )
      if (failed.length > 0)
        throw new RunnerFailed(`connector(s) FAILED:\n${failed.map((f) => JSON.stringify(f.status)).join('\n')}`)
      const running = expected.filter(
        (n) => status[n]?.status.connector.state === 'RUNNING' && status[n].status.tasks.length > 0,
      )
      if (running.length === expected.length) return status
      last = `${running.length} of ${expected.length} connectors RUNNING`
    } catch (e) {
      if (e instanceof RunnerFailed) throw e
    }
    options.onWait?.(last)
    if (Date.now() > deadline)
      throw new Error(`connectless standalone was not ready in time (${last}); the end of its log:\n${logTail(s)}`)
    await sleep(500)
  }
}

class RunnerFailed extends Error {}

// --- counts ---------------------------------------------------------------------------------------------

/** DuckDB over the Parquet files, downloaded into the demo directory (DuckDB's httpfs is not bundled). */
export class Lake {
  private constructor(
    readonly dir: string,
    private readonly instance: DuckDBInstance,
    private readonly connection: Awaited<ReturnType<DuckDBInstance['connect']>>,
  ) {}

  static async open(dir: string): Promise<Lake> {
    mkdirSync(dir, { recursive: true })
    const instance = await DuckDBInstance.create(':memory:')
    return new Lake(dir, instance, await instance.connect())
  }

  /** Downloads the objects not downloaded yet; returns the local paths of all of them. */
  async sync(s: DemoSettings, keys: readonly string[]): Promise<string[]> {
    const paths: string[] = []
    for (const key of keys) {
      const path = join(this.dir, ...key.split('/'))
      if (!existsSync(path)) {
        const res = await s3Client(s).send(new GetObjectCommand({ Bucket: s.bucket, Key: key }))
        const bytes = await (res.Body as { transformToByteArray(): Promise<Uint8Array> }).transformToByteArray()
        mkdirSync(dirname(path), { recursive: true })
        writeFileSync(path, bytes)
      }
      paths.push(path)
    }
    return paths
  }

  async rows(sql: string): Promise<Record<string, unknown>[]> {
    const reader = await this.connection.runAndReadAll(sql)
    return reader.getRowObjectsJson() as Record<string, unknown>[]
  }

  /** `read_parquet([...])` over the given files. */
  static source(paths: readonly string[]): string {
    return `read_parquet([${paths.map((p) => `'${p.replaceAll("'", "''")}'`).join(', ')}])`
  }

  close(): void {
    this.connection.closeSync()
    this.instance.closeSync()
  }
}

export interface Snapshot {
  readonly rows: RowCounts
  readonly records: RowCounts
  readonly s3: { readonly keys: readonly string[]; readonly parquetRows: number }
  readonly documents: { readonly orders: number; readonly payments: number }
  readonly quarantine: { readonly records: number; readonly documents: number }
  readonly dlq: number
}

/** Every count of the pipeline, now. */
export async function snapshot(s: DemoSettings, lake: Lake): Promise<Snapshot> {
  const rows = await tableRows(s)
  const records = { orders: 0, users: 0, payments: 0 }
  for (const t of TABLES) records[t] = await topicRecords(s, topicOf(s, t))
  const keys = await parquetKeys(s)
  const paths = await lake.sync(s, keys)
  const parquetRows =
    paths.length === 0 ? 0 : Number((await lake.rows(`SELECT count(*) AS n FROM ${Lake.source(paths)}`))[0]?.['n'])
  return {
    rows,
    records,
    s3: { keys, parquetRows },
    documents: {
      orders: await documentCount(s, indexOf(topicOf(s, 'orders'))),
      payments: await documentCount(s, indexOf(topicOf(s, 'payments'))),
    },
    quarantine: {
      records: await topicRecords(s, s.quarantineTopic),
      documents: await documentCount(s, indexOf(s.quarantineTopic)),
    },
    dlq: await topicRecords(s, s.dlqTopic),
  }
}

/** What still differs, one phrase each; empty when every count agrees. */
export function pending(snap: Snapshot, injected: Injected): string[] {
  const out: string[] = []
  for (const t of TABLES)
    if (snap.records[t] !== snap.rows[t]) out.push(`${t}: ${snap.records[t]}/${snap.rows[t]} rows in Kafka`)
  if (snap.s3.parquetRows !== snap.rows.orders) out.push(`S3: ${snap.s3.parquetRows}/${snap.rows.orders} orders`)
  if (snap.documents.orders !== snap.rows.orders)
    out.push(`OpenSearch: ${snap.documents.orders}/${snap.rows.orders} orders`)
  if (snap.documents.payments !== snap.rows.payments)
    out.push(`OpenSearch: ${snap.documents.payments}/${snap.rows.payments} payments`)
  if (snap.quarantine.documents !== injected.good)
    out.push(`DLQ sink: ${snap.quarantine.documents}/${injected.good} good records indexed`)
  if (snap.dlq !== injected.poison.length) out.push(`DLQ: ${snap.dlq}/${injected.poison.length} poison records`)
  return out
}

/** Connectors or tasks the REST API reports FAILED, one line each with the first line of the trace. */
export async function failedTasks(s: DemoSettings): Promise<string[]> {
  let status: Record<string, { status: ConnectorStatus }>
  try {
    status = await connectorStatus(s)
  } catch {
    return []
  }
  const first = (trace: string | undefined) => (trace ?? '').split('\n')[0] ?? ''
  return Object.values(status).flatMap(({ status: c }) => [
    ...(c.connector.state === 'FAILED' ? [`${c.name}: ${first(c.connector.trace)}`] : []),
    ...c.tasks.filter((t) => t.state === 'FAILED').map((t) => `${c.name} task ${t.id}: ${first(t.trace)}`),
  ])
}

/**
 * Polls the counts until they all agree, a connector or task fails, or the time is up; the last
 * snapshot is returned with what failed.
 */
export async function waitForCounts(
  s: DemoSettings,
  lake: Lake,
  injected: Injected,
  options: { timeoutMs?: number; onPoll?: (snap: Snapshot, left: string[]) => void } = {},
): Promise<{ snap: Snapshot; converged: boolean; failed: string[] }> {
  const deadline = Date.now() + (options.timeoutMs ?? 240_000)
  for (;;) {
    const snap = await snapshot(s, lake)
    const left = pending(snap, injected)
    options.onPoll?.(snap, left)
    if (left.length === 0) return { snap, converged: true, failed: [] }
    const failed = await failedTasks(s)
    if (failed.length > 0 || Date.now() > deadline) return { snap, converged: false, failed }
    await sleep(2_000)
  }
}

// --- reset ------------------------------------------------------------------------------------------------

/**
 * Removes what a run left: stops its runner, drops the database, deletes the topics (committed
 * offsets of deleted topics go with them), the indices and the bucket's objects, and empties the
 * demo directory except for the files named in `keep`.
 */
export async function resetDemo(
  s: DemoSettings,
  keep: readonly string[] = [],
  onStopping?: (seconds: number) => void,
): Promise<void> {
  await stopRunner(s, onStopping ? { onWait: onStopping } : {})
  await dropDatabase(s)
  await deleteTopicsAndWait(s, demoTopics(s))
  await deleteIndices(s)
  await emptyBucket(s)
  if (existsSync(s.dir)) {
    for (const entry of readdirSync(s.dir))
      if (!keep.includes(entry)) rmSync(join(s.dir, entry), { recursive: true, force: true })
  }
  mkdirSync(s.dir, { recursive: true })
}

/** A path relative to the working directory when it is below it (for the lines the demo prints). */
export function shown(path: string): string {
  const rel = relative(process.cwd(), path)
  return rel.startsWith('..') ? path : rel
}
