/**
 * The demo's pipeline end to end (what `npm run demo` runs, cli/demo/pipeline.ts), with names of its
 * own: the seed's tables in a database of the test's, postgres-source with the orders chain into
 * Kafka, s3-sink into Parquet on moto, elasticsearch-sink into OpenSearch, and orders-sink-with-dlq
 * with good and poison records, all run by `connectless standalone` in a child process with its REST
 * API on a free port. Every count must agree: rows = records per topic = Parquet rows read by DuckDB =
 * OpenSearch documents, and poison records = DLQ records, each with Connect's ten error headers.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  type ConnectorStatus,
  connectorStatus,
  createDatabase,
  type DemoSettings,
  documentCount,
  type Injected,
  indexOf,
  injectQuarantine,
  insertRows,
  Lake,
  logTail,
  newPassword,
  prepareKafkaAndS3,
  type Snapshot,
  seedSettings,
  startRunner,
  stopRunner,
  TABLES,
  topicOf,
  waitForCounts,
  waitForRunner,
  writeConfigs,
} from '../../../cli/demo/pipeline.js'
import { type ConsumerRecord, readRecords } from '../../../layers/runtime/kafka/client.js'
import { bucketName, groupName, tableName, topicName } from '../../support/names.js'
import { endpoints, requireServices } from '../../support/services.js'

requireServices('postgres', 'moto', 'kafka', 'opensearch')

/** The headers Kafka Connect writes on a dead-letter record with errors.deadletterqueue.context.headers.enable=true. */
const CONNECT_ERROR_HEADERS = [
  '__connect.errors.topic',
  '__connect.errors.partition',
  '__connect.errors.offset',
  '__connect.errors.connector.name',
  '__connect.errors.task.id',
  '__connect.errors.stage',
  '__connect.errors.class.name',
  '__connect.errors.exception.class.name',
  '__connect.errors.exception.message',
  '__connect.errors.exception.stacktrace',
]

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const address = server.address()
      server.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port')),
      )
    })
  })
}

const dir = mkdtempSync(join(tmpdir(), 'connectless-demo-it-'))
let s: DemoSettings
let lake: Lake
let injected: Injected
let snap: Snapshot
let converged: boolean
let failed: string[]

const expectedRows = (table: (typeof TABLES)[number]) => s.rows.initial[table] + s.rows.more[table]

beforeAll(async () => {
  s = {
    ...seedSettings(dir, {
      kafka: endpoints.kafka.bootstrapServers,
      postgres: { host: endpoints.postgres.host, port: endpoints.postgres.port, adminUser: endpoints.postgres.user },
      aws: {
        endpoint: endpoints.aws.endpoint,
        region: endpoints.aws.region,
        accessKeyId: endpoints.aws.credentials.accessKeyId,
        secretAccessKey: endpoints.aws.credentials.secretAccessKey,
      },
      opensearch: endpoints.opensearch.url,
    }),
    database: tableName('mydb'),
    role: tableName('connect_user'),
    topicPrefix: `${topicName('db')}-`,
    quarantineTopic: topicName('orders'),
    dlqTopic: topicName('orders-dlq'),
    bucket: bucketName('kafka-data-lake'),
    names: {
      source: groupName('postgres-source'),
      s3: groupName('s3-sink'),
      search: groupName('elasticsearch-sink'),
      dlq: groupName('orders-sink-with-dlq'),
    },
    restPort: await freePort(),
    rows: { initial: { users: 20, orders: 120, payments: 80 }, more: { users: 5, orders: 30, payments: 20 } },
  }
  const password = newPassword()
  await createDatabase(s, password)
  await insertRows(s, s.rows.initial)
  const configs = writeConfigs(s, password)
  await prepareKafkaAndS3(s)
  const pid = startRunner(s, configs)
  await waitForRunner(s, pid)
  await insertRows(s, s.rows.more)
  injected = await injectQuarantine(s)
  lake = await Lake.open(join(dir, 'lake'))
  // the S3 sink closes its file rotate.interval.ms (60 s) after the file's first record: fewer than flush.size here
  ;({ snap, converged, failed } = await waitForCounts(s, lake, injected, { timeoutMs: 200_000 }))
}, 290_000)

afterAll(async () => {
  if (s !== undefined) {
    await stopRunner(s)
    const admin = new pg.Client({ ...endpoints.postgres })
    await admin.connect()
    await admin.query(`DROP DATABASE IF EXISTS ${s.database} WITH (FORCE)`).finally(() => admin.end())
  }
  lake?.close()
  rmSync(dir, { recursive: true, force: true })
}, 150_000)

describe('the demo pipeline', () => {
  it('runs every connector and task, as the REST API reports them', async () => {
    expect(failed, logTail(s)).toEqual([])
    const status = await connectorStatus(s)
    const states = (c: ConnectorStatus) => [c.connector.state, ...c.tasks.map((t) => t.state)]
    expect(Object.keys(status).sort()).toEqual(Object.values(s.names).sort())
    for (const { status: c } of Object.values(status)) {
      expect(c.tasks.length).toBeGreaterThan(0)
      expect(new Set(states(c))).toEqual(new Set(['RUNNING']))
    }
    expect(status[s.names.source]?.status.type).toBe('source')
    // tasks.max=3 and three tables: one task per table, as Confluent splits them
    expect(status[s.names.source]?.status.tasks).toHaveLength(3)
  })

  it('copies every row of every table, inserted before or while the connectors run, into its topic once', () => {
    expect(converged, `still differing: ${JSON.stringify(snap)}\n${logTail(s)}`).toBe(true)
    for (const t of TABLES) {
      expect(snap.rows[t]).toBe(expectedRows(t))
      expect(snap.records[t], topicOf(s, t)).toBe(snap.rows[t])
    }
  })

  it('writes every order to Parquet in S3 exactly once, in time-based folders, as DuckDB reads it back', async () => {
    const topic = topicOf(s, 'orders')
    expect(snap.s3.keys.length).toBeGreaterThan(0)
    for (const key of snap.s3.keys) {
      expect(key).toMatch(
        new RegExp(`^topics/${topic}/year=\\d{4}/month=\\d{2}/day=\\d{2}/${topic}\\+0\\+\\d{10}\\.snappy\\.parquet$`),
      )
    }
    const paths = await lake.sync(s, snap.s3.keys)
    const [row] = await lake.rows(
      `SELECT count(*)::INTEGER AS n, count(DISTINCT order_id)::INTEGER AS ids, min(order_id)::INTEGER AS first,
              max(order_id)::INTEGER AS last, count(*) FILTER (WHERE email = '****@****.com')::INTEGER AS masked,
              count(customer_id)::INTEGER AS customers
       FROM ${Lake.source(paths)}`,
    )
    const rows = expectedRows('orders')
    expect(snap.s3.parquetRows).toBe(rows)
    // the seed's chain: id and user_id renamed, email masked
    expect(row).toEqual({ n: rows, ids: rows, first: 1, last: rows, masked: rows, customers: rows })
  })

  it('indexes every order and every payment in OpenSearch, under its row id', async () => {
    expect(snap.documents.orders).toBe(expectedRows('orders'))
    expect(snap.documents.payments).toBe(expectedRows('payments'))
    expect(await documentCount(s, indexOf(topicOf(s, 'orders')))).toBe(expectedRows('orders'))
    const res = await fetch(
      `${s.endpoints.opensearch}/${indexOf(topicOf(s, 'payments'))}/_doc/${expectedRows('payments')}`,
    )
    const doc = (await res.json()) as { found: boolean; _source: Record<string, unknown> }
    expect(doc.found).toBe(true)
    expect(doc._source['id']).toBe(expectedRows('payments'))
  })

  it('sends each poison record to the DLQ topic with the ten __connect.errors.* headers, and indexes the good ones', async () => {
    expect(injected.poison.length).toBeGreaterThan(0)
    expect(snap.quarantine.records).toBe(injected.good + injected.poison.length)
    expect(snap.quarantine.documents).toBe(injected.good)
    expect(snap.dlq).toBe(injected.poison.length)

    const dlq: ConsumerRecord[] = await readRecords({ bootstrapServers: [...s.endpoints.kafka] }, s.dlqTopic, {
      count: injected.poison.length,
      timeoutMs: 30_000,
    })
    expect(dlq).toHaveLength(injected.poison.length)
    const header = (r: ConsumerRecord, key: string) => r.headers.find((h) => h.key === key)?.value?.toString('utf8')
    for (const r of dlq) {
      expect(r.headers.map((h) => h.key).sort()).toEqual([...CONNECT_ERROR_HEADERS].sort())
      expect(header(r, '__connect.errors.topic')).toBe(s.quarantineTopic)
      expect(header(r, '__connect.errors.connector.name')).toBe(s.names.dlq)
      expect(header(r, '__connect.errors.exception.class.name')).toBe('org.apache.kafka.connect.errors.DataException')
      expect(['KEY_CONVERTER', 'VALUE_CONVERTER']).toContain(header(r, '__connect.errors.stage'))
    }
    // the poison records were every second record of the topic, after a good one
    expect(dlq.map((r) => header(r, '__connect.errors.offset'))).toEqual(
      injected.poison.map((_, i) => String(2 * i + 1)),
    )
  })
})
