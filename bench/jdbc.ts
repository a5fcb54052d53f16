/**
 * JDBC source throughput: rows/s from a PostgreSQL table to Kafka through one connectless source task
 * (query, SchemaMapping to Connect structs, transforms, JsonConverter, acks=all idempotent produce,
 * offsets committed to DynamoDB on the local AWS emulator), beside the raw limit measured in the same
 * run: the same rows read with pg through the same cursor and fetch size, each row's text values
 * JSON-encoded as an array and produced with the same Kafka client, no connector logic.
 *
 *   npm run bench:jdbc                        # 1,000,000 rows
 *   npm run bench:jdbc -- --rows 100000       # fewer rows (also BENCH_JDBC_ROWS)
 *   npm run bench:jdbc -- --batch 1000        # batch.max.rows (default 100, Confluent ≤10.8.4)
 *   npm run bench:jdbc -- --schemas false     # value.converter.schemas.enable (default true)
 *   npm run bench:jdbc -- --rounds 3          # raw and connector alternately, best of each (a busy machine)
 *   npm run bench:jdbc -- --only connector    # one path alone (raw or connector), e.g. under node --cpu-prof
 *
 * The npm script runs Node with `--max-semi-space-size=64`, as the source function should run
 * (NODE_OPTIONS): both paths allocate per row, and a young generation of 64 MB cuts the connector's
 * garbage collection by about a quarter (the raw path's less). Rows/s is wall clock; rows per CPU
 * second (this process, all threads) is steadier on a shared machine.
 *
 * It needs the local services (postgres, kafka, moto: `npm run services:up`) and leaves nothing
 * behind: its schema, topics and offsets are removed at the end. Not part of the tests.
 */
import { cpus, loadavg } from 'node:os'
import { performance } from 'node:perf_hooks'
import { DeleteTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb'
import pg from 'pg'
import { runSourceTask } from '../functions/jdbc-source/index.js'
import { type PipelineEntry, ProducePipeline, produceRequests } from '../functions/jdbc-source/produce-pipeline.js'
import { createTopics, deleteTopics, KafkaProducer, type ProducerRecord } from '../layers/runtime/kafka/client.js'
import { logger } from '../layers/runtime/logging.js'
import { ensureOffsetsTable } from '../layers/runtime/offsets/offset-store.js'

// the local services, at services.sh's ports (CONNECTLESS_*_PORT override them)
const port = (name: string, fallback: number) => Number(process.env[`CONNECTLESS_${name}_PORT`] ?? fallback)
const endpoints = {
  kafka: { bootstrapServers: [`127.0.0.1:${port('KAFKA', 9092)}`] },
  postgres: { host: '127.0.0.1', port: port('PG', 55432), user: 'postgres', database: 'postgres' },
  aws: {
    endpoint: `http://127.0.0.1:${port('MOTO', 5000)}`,
    region: 'us-east-1',
    credentials: { accessKeyId: 'testing', secretAccessKey: 'testing' },
  },
}

/** Wall-clock seconds, and CPU seconds of this process (all its threads) in the same span. */
interface Timing {
  readonly seconds: number
  readonly cpu: number
}

function option(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`)
  if (i >= 0 && process.argv[i + 1] !== undefined) return process.argv[i + 1] as string
  return process.env[`BENCH_JDBC_${name.toUpperCase()}`] ?? fallback
}

const ROWS = Number(option('rows', '1000000'))
const BATCH = Number(option('batch', '100'))
const SCHEMAS = option('schemas', 'true')
const ROUNDS = Number(option('rounds', '1'))
const ONLY = option('only', 'both')
if (!['both', 'raw', 'connector'].includes(ONLY)) throw new Error(`--only takes raw or connector, not ${ONLY}`)
const PARTITIONS = 3
const run = `${Date.now().toString(36)}`
const schema = `bench_jdbc_${run}`
const table = 'orders'
const kafka = { bootstrapServers: [...endpoints.kafka.bootstrapServers] }
const pgUrl = `postgres://${endpoints.postgres.user}@${endpoints.postgres.host}:${endpoints.postgres.port}/${endpoints.postgres.database}`
const offsetsTable = `bench-jdbc-${run}`

process.env['AWS_ENDPOINT_URL'] ??= endpoints.aws.endpoint
process.env['AWS_REGION'] ??= endpoints.aws.region
process.env['AWS_ACCESS_KEY_ID'] ??= endpoints.aws.credentials.accessKeyId
process.env['AWS_SECRET_ACCESS_KEY'] ??= endpoints.aws.credentials.secretAccessKey
process.env['CONNECTLESS_OFFSETS_TABLE'] = offsetsTable

/** Bytes of keys, values and headers produced by each path (all rounds): the values here. */
const valueBytes = { raw: 0, connector: 0 }

async function prepare(admin: pg.Client): Promise<number> {
  await admin.query(`CREATE SCHEMA ${schema}`)
  await admin.query(`CREATE TABLE ${schema}.${table} (
    id bigserial PRIMARY KEY,
    customer_id integer NOT NULL,
    email text NOT NULL,
    amount numeric(10,2) NOT NULL,
    status text,
    created_at timestamptz NOT NULL,
    note text
  )`)
  await admin.query(
    `INSERT INTO ${schema}.${table} (customer_id, email, amount, status, created_at, note)
     SELECT g % 10007, 'user' || g || '@example.com', (g % 100000) / 100.0,
            (ARRAY['new','paid','shipped','delivered'])[1 + g % 4],
            timestamptz '2026-01-01 00:00:00+00' + g * interval '1 second',
            repeat('x', 40 + g % 60)
     FROM generate_series(1, $1) g`,
    [ROWS],
  )
  await admin.query(`ANALYZE ${schema}.${table}`)
  const size = await admin.query<{ bytes: string }>(`SELECT pg_total_relation_size('${schema}.${table}') AS bytes`)
  return Number(size.rows[0]?.bytes)
}

/**
 * The raw limit: the same cursor and fetch size, each row's text values as a JSON object, produced
 * with the same client the same way (accumulated while the previous request is in flight).
 */
async function raw(topic: string): Promise<Timing> {
  const client = new pg.Client({ connectionString: pgUrl })
  await client.connect()
  const producer = new KafkaProducer(kafka)
  // the same deliveries and produce requests as the task's (its pipeline's defaults), without the commits
  const pipeline = new ProducePipeline<PipelineEntry<ProducerRecord>>(
    async (chunk) => {
      for (const request of produceRequests(chunk)) await producer.send(request.map((e) => e.record as ProducerRecord))
    },
    () => false,
  )
  const start = performance.now()
  const cpu = process.cpuUsage()
  let rows = 0
  try {
    await client.query('BEGIN')
    await client.query(
      `DECLARE raw_bench NO SCROLL CURSOR FOR SELECT * FROM ${schema}.${table} WHERE id > $1 ORDER BY id ASC`,
      ['-1'],
    )
    const textOnly = { getTypeParser: () => (value: string) => value }
    const fetch = () =>
      client.query<Record<string, string | null>>({ text: `FETCH FORWARD ${BATCH} FROM raw_bench`, types: textOnly })
    // the next rows are fetched while these are encoded and produced (as the connector reads ahead)
    let next = fetch()
    for (;;) {
      const res = await next
      if (res.rows.length === BATCH) next = fetch()
      pipeline.push(
        res.rows.map((row) => {
          const value = Buffer.from(JSON.stringify(row))
          valueBytes.raw += value.length
          return { record: { topic, key: null, value, headers: [] }, bytes: value.length }
        }),
      )
      await pipeline.waitForRoom()
      rows += res.rows.length
      if (res.rows.length < BATCH) break
    }
    await pipeline.drain()
    await client.query('COMMIT')
  } finally {
    await producer.close()
    await client.end()
  }
  const seconds = (performance.now() - start) / 1000
  const used = process.cpuUsage(cpu)
  if (rows !== ROWS) throw new Error(`raw read ${rows} rows, expected ${ROWS}`)
  return { seconds, cpu: (used.user + used.system) / 1e6 }
}

async function connector(topicPrefix: string, round: number): Promise<Timing & { produced: number }> {
  const name = `bench-${run}-${round}`
  const start = performance.now()
  const cpu = process.cpuUsage()
  const result = await runSourceTask({
    deployment: {
      name,
      baseDir: process.cwd(),
      worker: { 'bootstrap.servers': kafka.bootstrapServers.join(',') },
      config: {
        name,
        'connector.class': 'io.confluent.connect.jdbc.JdbcSourceConnector',
        'connection.url': `jdbc:postgresql://${endpoints.postgres.host}:${endpoints.postgres.port}/${endpoints.postgres.database}`,
        'connection.user': endpoints.postgres.user,
        'schema.pattern': schema,
        'table.whitelist': table,
        mode: 'incrementing',
        'incrementing.column.name': 'id',
        'topic.prefix': topicPrefix,
        'batch.max.rows': String(BATCH),
        'value.converter': 'org.apache.kafka.connect.json.JsonConverter',
        'value.converter.schemas.enable': SCHEMAS,
      },
    },
    taskId: 0,
    until: Number.POSITIVE_INFINITY,
    maxPollsPerTable: 1,
    onBatch: (batch) => {
      valueBytes.connector += batch.bytes ?? 0
    },
  })
  const used = process.cpuUsage(cpu)
  return {
    seconds: (performance.now() - start) / 1000,
    cpu: (used.user + used.system) / 1e6,
    produced: result.produced,
  }
}

logger.setLogLevel('WARN')
const admin = new pg.Client({ connectionString: pgUrl })
await admin.connect()
const topics: string[] = []
try {
  console.error(`preparing ${ROWS.toLocaleString('en-US')} rows …`)
  const bytes = await prepare(admin)
  await ensureOffsetsTable(offsetsTable)
  type Path = 'raw' | 'connector'
  const paths: Path[] = ONLY === 'both' ? ['raw', 'connector'] : [ONLY as Path]
  const rounds: Partial<Record<Path, Timing>>[] = []
  for (let round = 1; round <= ROUNDS; round++) {
    // a fresh raw topic, connector and topic each round: the connector starts from no offset
    const rawTopic = `bench-jdbc-raw-${run}-${round}`
    const prefix = `bench-jdbc-${run}-${round}-`
    topics.push(rawTopic, `${prefix}${table}`)
    await createTopics(kafka, [
      { name: rawTopic, partitions: PARTITIONS },
      { name: `${prefix}${table}`, partitions: PARTITIONS },
    ])
    const timings: Partial<Record<Path, Timing>> = {}
    if (paths.includes('raw')) timings.raw = await raw(rawTopic)
    if (paths.includes('connector')) {
      const { produced, ...timing } = await connector(prefix, round)
      if (produced !== ROWS) throw new Error(`the connector produced ${produced} rows, expected ${ROWS}`)
      timings.connector = timing
    }
    rounds.push(timings)
    console.error(
      `round ${round}: ${paths.map((p) => `${p} ${timings[p]?.seconds.toFixed(1)} s (${timings[p]?.cpu.toFixed(1)} s CPU)`).join(', ')}`,
    )
  }
  const best = (path: Path, what: keyof Timing) => Math.min(...rounds.map((r) => r[path]?.[what] ?? Number.NaN))
  const perSecond = (s: number) => Math.round(ROWS / s).toLocaleString('en-US')
  console.log(
    `table ${(bytes / 1e6).toFixed(0)} MB on disk, batch.max.rows=${BATCH}, value.converter.schemas.enable=${SCHEMAS}, ${PARTITIONS} partitions, best of ${ROUNDS} round(s), Node ${process.version} (NODE_OPTIONS=${process.env['NODE_OPTIONS'] ?? ''}), ${cpus().length} CPUs, load average ${loadavg()[0]?.toFixed(1)}`,
  )
  console.log('| Path | Rows | Seconds | Rows/s | CPU seconds | Rows per CPU second | Bytes per value |')
  console.log('|---|---:|---:|---:|---:|---:|---:|')
  const names: Record<Path, string> = {
    raw: 'raw: pg cursor → JSON object → produce',
    connector: 'connectless JDBC source task',
  }
  for (const path of paths) {
    console.log(
      `| ${names[path]} | ${ROWS.toLocaleString('en-US')} | ${best(path, 'seconds').toFixed(1)} | ${perSecond(best(path, 'seconds'))} | ${best(path, 'cpu').toFixed(1)} | ${perSecond(best(path, 'cpu'))} | ${Math.round(valueBytes[path] / (ROWS * ROUNDS))} |`,
    )
  }
  if (paths.length === 2) {
    const ratio = (what: keyof Timing) => ((best('raw', what) / best('connector', what)) * 100).toFixed(0)
    console.log(
      `connector / raw: ${ratio('seconds')}% of the rows/s, ${ratio('cpu')}% of the rows per CPU second (target ≥ 60%)`,
    )
  }
} finally {
  await admin.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`).catch(() => {})
  await admin.end()
  await deleteTopics(kafka, topics).catch(() => {})
  await new DynamoDBClient({}).send(new DeleteTableCommand({ TableName: offsetsTable })).catch(() => {})
}
