/**
 * What the JDBC source function tells operators: the task's state in the status store, as the REST API
 * shows it (FAILED with the trace after a run that fails, RUNNING after one that succeeds, the topics
 * it produced to), and one EMF metrics line per run with Connect's source task metric names.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest'
import { AwsConnectBackend } from '../../../functions/connect-api/aws-backend.js'
import type { ConnectorControl } from '../../../functions/connect-api/aws-control.js'
import { type SourceHandler, sourceHandler } from '../../../functions/jdbc-source/handler.js'
import { type RecordSender, runSourceTask } from '../../../functions/jdbc-source/index.js'
import { StatusStore } from '../../../layers/runtime/status/status-store.js'
import { tableName, topicName } from '../../support/names.js'
import { endpoints, requireServices } from '../../support/services.js'
import { useSchema } from './fixture.js'
import { deploymentOf, kafka, recordsSince, seedSourceConfig, useOffsetsTable } from './source-task-fixture.js'

requireServices('postgres', 'kafka', 'moto')
const { schema, admin } = useSchema('jdbc_source_status')
useOffsetsTable('jdbc-source-status')

const SECRET = 'hunter2-status-secret'
const table = tableName('status')
const prefix = `${topicName('status')}-`
const name = `status-${schema}`

interface EmfLine {
  readonly _aws: {
    readonly CloudWatchMetrics: ReadonlyArray<{
      readonly Namespace: string
      readonly Dimensions: string[][]
      readonly Metrics: ReadonlyArray<{ readonly Name: string; readonly Unit: string }>
    }>
  }
  readonly [key: string]: unknown
}

let dir: string
let stdout: string[]

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'connectless-source-status-'))
  await admin.query(`CREATE TABLE ${schema}.${table} (id bigserial PRIMARY KEY, note text NOT NULL)`)
  await admin.query(`INSERT INTO ${schema}.${table} (note) SELECT 'row ' || g FROM generate_series(1, 25) g`)
})

afterAll(async () => {
  await rm(dir, { recursive: true, force: true })
})

beforeEach(() => {
  stdout = []
  const write = process.stdout.write.bind(process.stdout)
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array, ...rest: unknown[]) => {
    const text = typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8')
    stdout.push(...text.split('\n').filter((l) => l.trim() !== ''))
    return write(chunk, ...(rest as []))
  })
})

afterEach(() => {
  vi.restoreAllMocks()
})

/** The EMF lines this connector wrote. */
function emfLines(): EmfLine[] {
  return stdout
    .filter((l) => l.startsWith('{') && l.includes('"_aws"'))
    .map((l) => JSON.parse(l) as EmfLine)
    .filter((l) => l['connector'] === name)
}

/** Deploys the connector as its function is deployed (the deployment file), with these overrides. */
async function deploy(overrides: Record<string, string>): Promise<SourceHandler> {
  const file = join(dir, 'connector.json')
  const config = seedSourceConfig(schema, {
    'tasks.max': '1',
    'table.whitelist': table,
    'topic.prefix': prefix,
    // one poll per invocation
    'poll.interval.ms': '60000',
    ...overrides,
  })
  const worker = { 'bootstrap.servers': kafka.bootstrapServers.join(',') }
  await writeFile(file, JSON.stringify({ name, config, worker }))
  vi.stubEnv('CONNECTLESS_CONNECTOR_FILE', file)
  return sourceHandler({ reportStatus: true })
}

async function invoke(handler: SourceHandler) {
  try {
    return await handler(
      { task: 0, scheduledTime: new Date().toISOString() },
      { getRemainingTimeInMillis: () => 60_000 },
    )
  } finally {
    await handler.close()
  }
}

/** What `GET /connectors/{name}/status` and `…/topics` answer. */
async function restApiView() {
  const backend = new AwsConnectBackend({
    store: new StatusStore(),
    control: {} as unknown as ConnectorControl, // not used by the reads
    plugins: () => [],
  })
  return { status: await backend.connectorStatus(name), topics: await backend.activeTopics(name) }
}

describe('the JDBC source function reports its task', () => {
  it('as FAILED with the trace (password masked) when the database refuses the credentials, then RUNNING after a good run', async () => {
    const failing = deploy({
      'connection.user': 'no_such_user',
      'connection.password': SECRET,
      'connection.attempts': '1',
    })
    await expect(invoke(await failing)).rejects.toThrow(/Could not connect to .* as user 'no_such_user'/)

    const failed = await restApiView()
    expect(failed.status?.connector.state).toBe('RUNNING') // the connector started; its task failed
    expect(failed.status?.tasks).toHaveLength(1)
    const task = failed.status?.tasks[0]
    expect(task?.state).toBe('FAILED')
    expect(task?.trace).toContain("as user 'no_such_user' after 1 attempt")
    expect(task?.trace).toContain('role "no_such_user" does not exist')
    expect(task?.trace).not.toContain(SECRET)
    expect(emfLines().map((l) => l['batch-failure-total'])).toEqual([1])

    stdout.length = 0
    const result = await invoke(await deploy({ 'connection.user': endpoints.postgres.user }))
    expect(result.produced).toBe(25)
    expect(await recordsSince(`${prefix}${table}`)).toHaveLength(25)

    const running = await restApiView()
    expect(running.status?.tasks.map((t) => [t.id, t.state, t.trace])).toEqual([[0, 'RUNNING', null]])
    expect(running.topics).toEqual([`${prefix}${table}`])
  })

  it('with one EMF line per run: the _aws block, both dimension sets and Connect source task metric names', async () => {
    await admin.query(`INSERT INTO ${schema}.${table} (note) SELECT 'more ' || g FROM generate_series(1, 5) g`)
    await invoke(await deploy({ 'connection.user': endpoints.postgres.user }))
    const lines = emfLines()
    expect(lines).toHaveLength(1)
    const line = lines[0] as EmfLine
    const directive = line._aws.CloudWatchMetrics[0]
    expect(directive?.Namespace).toBe('connectless')
    expect(directive?.Dimensions).toEqual([['connector', 'task'], ['connector']])
    expect(line['task']).toBe('0')
    const units = Object.fromEntries(directive?.Metrics.map((m) => [m.Name, m.Unit]) ?? [])
    expect(units).toMatchObject({
      'source-record-poll-total': 'Count',
      'source-record-write-total': 'Count',
      'record-filtered-total': 'Count',
      'total-record-failures': 'Count',
      'total-records-skipped': 'Count',
      'poll-batch-avg-time-ms': 'Milliseconds',
      'batch-processing-time-ms': 'Milliseconds',
      'offset-commit-completion-total': 'Count',
    })
    // incrementing mode: no timestamp lag to report
    expect(units).not.toHaveProperty('source-record-lag-ms')
    expect(line).toMatchObject({
      'source-record-poll-total': 5,
      'source-record-write-total': 5,
      'record-filtered-total': 0,
      'total-record-failures': 0,
      'offset-commit-completion-total': 1,
    })
    expect(line).not.toHaveProperty('batch-failure-total')
  })

  it('with the timestamp lag in timestamp modes: how far the committed row trails the clock while rows are left, 0 once all are read', async () => {
    const ts = tableName('status_ts')
    await admin.query(
      `CREATE TABLE ${schema}.${ts} (id bigserial PRIMARY KEY, updated_at timestamptz NOT NULL, payload text NOT NULL)`,
    )
    // six rows of 1 MB, an hour old: a delivery starts after three, while rows are still to read
    await admin.query(
      `INSERT INTO ${schema}.${ts} (updated_at, payload)
       SELECT now() - interval '1 hour' + g * interval '1 second', repeat('x', 1000000) FROM generate_series(1, 6) g`,
    )
    const deployment = deploymentOf(
      `lag-${schema}`,
      seedSourceConfig(schema, {
        'tasks.max': '1',
        'table.whitelist': ts,
        'topic.prefix': prefix,
        mode: 'timestamp+incrementing',
        'timestamp.column.name': 'updated_at',
        'batch.max.rows': '1',
      }),
    )
    const stop = new AbortController()
    const run = (producer: RecordSender, signal?: AbortSignal) =>
      runSourceTask({
        deployment,
        taskId: 0,
        until: Number.POSITIVE_INFINITY,
        maxPollsPerTable: 1,
        leases: null,
        reportStatus: true,
        producer: () => producer,
        ...(signal === undefined ? {} : { signal }),
      })
    // the task is stopped as its first records go out (the end of an invocation's window)
    const first = await run({ send: async () => stop.abort() }, stop.signal)
    expect(first.produced).toBeGreaterThan(0)
    expect(first.produced).toBeLessThan(6)
    expect(first.lagMs).toBeGreaterThan(59 * 60_000)
    expect(first.lagMs).toBeLessThan(2 * 60 * 60_000)
    const second = await run({ send: async () => {} })
    expect(first.produced + second.produced).toBe(6)
    expect(second.lagMs).toBe(0)
    const lines = stdout
      .filter((l) => l.startsWith('{') && l.includes('"_aws"'))
      .map((l) => JSON.parse(l) as EmfLine)
      .filter((l) => l['connector'] === `lag-${schema}`)
    expect(lines.map((l) => l['source-record-lag-ms'])).toEqual([first.lagMs, 0])
  })
})
