/**
 * The standalone runner as a user runs it: the real CLI (`node --import tsx cli/main.ts standalone …`)
 * as a child process, with the seed's worker properties and connector configs
 * (../shared/spec/connectors, read as the other seed tests read them) where only what must
 * change on this machine changes — hosts, the user and secrets file of the database, names the shared
 * services need unique (topic prefix, bucket, sink connector name: Connect's consumer group is
 * `connect-<name>`), and the schema the test's tables live in. The REST API is the runner's own.
 */
import { type ChildProcess, execFile, spawn } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { CreateBucketCommand, DeleteObjectsCommand } from '@aws-sdk/client-s3'
import pg from 'pg'
import { REPO_ROOT } from '../../support/global-setup.js'
import { bucketName, schemaName, topicName } from '../../support/names.js'
import { endpoints } from '../../support/services.js'
import { Duck, dataKeys, listKeys, s3, sqlList } from '../s3-sink/fixture.js'

export { dataKeys, s3 }

const SEED = join(REPO_ROOT, '../shared/spec/connectors')
const KAFKA = endpoints.kafka.bootstrapServers.join(',')
export const JDBC_URL = `jdbc:postgresql://${endpoints.postgres.host}:${endpoints.postgres.port}/${endpoints.postgres.database}`

export const seedText = (file: string) => readFileSync(join(SEED, file), 'utf8')
const seedConnector = (file: string) => JSON.parse(seedText(file)) as { name: string; config: Record<string, string> }

/** A working directory for one runner: worker properties, connector files, a secrets file, the offsets. */
export class RunnerDir {
  readonly dir = mkdtempSync(join(tmpdir(), 'connectless-standalone-'))

  /**
   * The seed's standalone.properties as a user adapts it: the broker's address, the file config
   * provider (for `${file:…}` in postgres-source.json), and `extra` lines (a REST listener). The seed's
   * three lines without `=` stay, and are warned about.
   */
  writeWorker(extra: readonly string[] = []): string {
    const text = seedText('standalone.properties').replace(
      'bootstrap.servers=localhost:9092',
      `bootstrap.servers=${KAFKA}`,
    )
    const path = join(this.dir, 'worker.properties')
    writeFileSync(
      path,
      [
        text.trimEnd(),
        'config.providers=file',
        'config.providers.file.class=org.apache.kafka.common.config.provider.FileConfigProvider',
        ...extra,
        '',
      ].join('\n'),
    )
    return path
  }

  write(name: string, connector: { name: string; config: Record<string, string> }): string {
    const path = join(this.dir, `${name}.json`)
    writeFileSync(path, JSON.stringify(connector, null, 2))
    return path
  }

  /** The secrets file the seed's postgres-source reads its password from. */
  writeSecrets(): string {
    const path = join(this.dir, 'db.properties')
    // the local database trusts its users: any password does
    writeFileSync(path, 'password=not-checked-locally\n')
    return path
  }

  remove(): void {
    rmSync(this.dir, { recursive: true, force: true })
  }
}

/** The seed's postgres-source.json, pointed at the local database, a schema of the test's and unique topics. */
export function postgresSource(
  dir: RunnerDir,
  options: { schema: string; topicPrefix: string; config?: Record<string, string> },
) {
  const seed = seedConnector('postgres-source.json')
  const secrets = dir.writeSecrets()
  return {
    name: seed.name,
    config: {
      ...seed.config,
      'connection.url': JDBC_URL,
      'connection.user': endpoints.postgres.user,
      'connection.password': (seed.config['connection.password'] as string).replace(
        '/opt/kafka/secrets/db.properties',
        secrets,
      ),
      'topic.prefix': options.topicPrefix,
      'schema.pattern': options.schema,
      ...options.config,
    },
  }
}

/**
 * The seed's s3-sink.json on moto: a unique connector name (its consumer group), bucket and topic, and
 * `flush.size`/`rotate.interval.ms` small enough for a test's few hundred records (the seed's 1,000
 * records or 60 s per file would make every file wait a minute).
 */
export function s3Sink(options: { name: string; bucket: string; topic: string; config?: Record<string, string> }) {
  const seed = seedConnector('s3-sink.json')
  return {
    name: options.name,
    config: {
      ...seed.config,
      topics: options.topic,
      's3.bucket.name': options.bucket,
      'store.url': endpoints.aws.endpoint,
      'aws.access.key.id': endpoints.aws.credentials.accessKeyId,
      'aws.secret.access.key': endpoints.aws.credentials.secretAccessKey,
      'flush.size': '100',
      'rotate.interval.ms': '1000',
      // each row says where it came from, so a record written twice shows
      transforms: 'meta',
      'transforms.meta.type': 'org.apache.kafka.connect.transforms.InsertField$Value',
      'transforms.meta.partition.field': 'kafka_partition',
      'transforms.meta.offset.field': 'kafka_offset',
      ...options.config,
    },
  }
}

/** Unique names for one runner's connectors and data. */
export function names(label: string) {
  return {
    schema: schemaName(label),
    topicPrefix: `${topicName(label)}-db-`,
    bucket: bucketName(label),
    sink: `s3-sink-${topicName(label)}`,
  }
}

export async function createBucket(bucket: string): Promise<void> {
  await s3.send(new CreateBucketCommand({ Bucket: bucket }))
}

export async function emptyBucket(bucket: string): Promise<void> {
  const keys = await dataKeys(bucket)
  const all = [...keys, ...(await listKeys(bucket, '_connectless/'))]
  if (all.length === 0) return
  await s3.send(new DeleteObjectsCommand({ Bucket: bucket, Delete: { Objects: all.map((Key) => ({ Key })) } }))
}

/** The seed's three tables (orders, users, payments) in the test's schema. */
export async function createTables(admin: pg.Client, schema: string): Promise<void> {
  await admin.query(`CREATE SCHEMA ${schema}`)
  await admin.query(
    `CREATE TABLE ${schema}.orders (id SERIAL PRIMARY KEY, amount INT NOT NULL, updated_at TIMESTAMP DEFAULT now())`,
  )
  await admin.query(`CREATE TABLE ${schema}.users (id SERIAL PRIMARY KEY, name TEXT NOT NULL)`)
  await admin.query(`CREATE TABLE ${schema}.payments (id SERIAL PRIMARY KEY, order_id INT NOT NULL)`)
}

export async function insertOrders(admin: pg.Client, schema: string, count: number): Promise<void> {
  await admin.query(`INSERT INTO ${schema}.orders (amount) SELECT g FROM generate_series(1, $1::int) g`, [count])
}

export function adminClient(): pg.Client {
  return new pg.Client({ connectionString: endpoints.postgres.url })
}

/** A runner started by the CLI, as a child process. */
export class Runner {
  stderr = ''
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>
  #url: string | null = null

  private constructor(readonly child: ChildProcess) {
    child.stderr?.setEncoding('utf8')
    child.stderr?.on('data', (chunk: string) => {
      this.stderr += chunk
    })
    child.stdout?.resume()
    this.exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })))
  }

  /** `connectless standalone worker.properties connector.json …`; resolves once the REST API listens. */
  static async start(args: readonly string[], env: Record<string, string | undefined> = {}): Promise<Runner> {
    const base = { ...process.env }
    // offsets in the offsets file unless the test asks for DynamoDB
    delete base['AWS_ENDPOINT_URL']
    delete base['CONNECTLESS_OFFSETS_TABLE']
    const child = spawn(process.execPath, ['--import', 'tsx', 'cli/main.ts', 'standalone', ...args], {
      cwd: REPO_ROOT,
      env: { ...base, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    const runner = new Runner(child)
    await runner.listening()
    return runner
  }

  private async listening(): Promise<void> {
    const deadline = Date.now() + 60_000
    for (;;) {
      const m = /REST API listening on (http:\/\/\S+)/.exec(this.stderr)
      if (m) {
        this.#url = m[1] as string
        return
      }
      if (this.child.exitCode !== null) throw new Error(`the runner exited (${this.child.exitCode}):\n${this.stderr}`)
      if (Date.now() > deadline) throw new Error(`the runner did not start its REST API:\n${this.stderr}`)
      await sleep(100)
    }
  }

  get url(): string {
    if (this.#url === null) throw new Error('not listening yet')
    return this.#url
  }

  /** Ctrl-C, then waits for the exit. */
  async interrupt(): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
    this.child.kill('SIGINT')
    return this.exited
  }

  /** Ends the runner whatever its state (test clean-up). */
  async kill(): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return
    this.child.kill('SIGTERM')
    const timer = setTimeout(() => this.child.kill('SIGKILL'), 20_000)
    await this.exited
    clearTimeout(timer)
  }
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms))

/** Polls `probe` until it returns a value other than undefined (not a timing assertion: a deadline). */
export async function waitFor<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 90_000): Promise<T> {
  const deadline = Date.now() + timeoutMs
  let last: unknown
  for (;;) {
    try {
      const value = await probe()
      if (value !== undefined) return value
    } catch (e) {
      last = e
    }
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}${last ? `: ${String(last)}` : ''}`)
    await sleep(250)
  }
}

export interface Answer {
  readonly status: number
  readonly body: unknown
  readonly text: string
}

/** One HTTP request to the runner's REST API. */
export async function http(url: string, method = 'GET', body?: unknown): Promise<Answer> {
  const res = await fetch(url, {
    method,
    ...(body === undefined ? {} : { body: JSON.stringify(body), headers: { 'Content-Type': 'application/json' } }),
  })
  const text = await res.text()
  return { status: res.status, text, body: text === '' ? null : (JSON.parse(text) as unknown) }
}

export interface TaskMetricsJson {
  id: number
  state: string
  records_read: number
  records_written: number
  records_filtered: number
  records_failed: number
  records_to_dlq: number
  batches: number
}

export interface MetricsJson {
  name: string
  type: string
  connector: Omit<TaskMetricsJson, 'id'>
  tasks: TaskMetricsJson[]
}

export async function metrics(url: string, connector: string): Promise<MetricsJson> {
  const answer = await http(`${url}/connectors/${connector}/metrics`)
  if (answer.status !== 200) throw new Error(`metrics of ${connector}: ${answer.status} ${answer.text}`)
  return answer.body as MetricsJson
}

export interface StatusJson {
  name: string
  connector: { state: string; worker_id: string; version?: string; trace?: string }
  tasks: Array<{ id: number; state: string; worker_id: string; version?: string; trace?: string }>
  type: string
}

export async function status(url: string, connector: string): Promise<StatusJson> {
  const answer = await http(`${url}/connectors/${connector}/status`)
  if (answer.status !== 200) throw new Error(`status of ${connector}: ${answer.status} ${answer.text}`)
  return answer.body as StatusJson
}

/** The S3 sink's rows, with the Kafka partition and offset InsertField wrote into each. */
export async function s3Rows(
  bucket: string,
): Promise<Array<{ id: number; kafka_partition: number; kafka_offset: number }>> {
  const keys = await dataKeys(bucket)
  if (keys.length === 0) return []
  const duck = await Duck.open()
  try {
    const paths = await duck.download(bucket, keys)
    const rows = await duck.rows(
      `SELECT id, kafka_partition, kafka_offset FROM read_parquet(${sqlList(paths)}) ORDER BY kafka_partition, kafka_offset`,
    )
    return rows.map((r) => ({
      id: Number(r['id']),
      kafka_partition: Number(r['kafka_partition']),
      kafka_offset: Number(r['kafka_offset']),
    }))
  } finally {
    duck.close()
  }
}

/** `connectless status …` as a user runs it. */
export async function statusCommand(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await promisify(execFile)(
      process.execPath,
      ['--import', 'tsx', 'cli/main.ts', 'status', ...args],
      { cwd: REPO_ROOT },
    )
    return { code: 0, stdout, stderr }
  } catch (e) {
    const err = e as { code: number; stdout: string; stderr: string }
    return { code: err.code, stdout: err.stdout, stderr: err.stderr }
  }
}
