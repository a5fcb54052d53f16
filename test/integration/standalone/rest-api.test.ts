/**
 * The seed's monitoring commands (kafka-connect-deep-dive.txt, "Monitoring Connect Clusters") against
 * the standalone runner on 127.0.0.1:8083 — list connectors, connector status, task status — plus a
 * restart, and `connectless status`, with the seed's postgres-source (three tables, three tasks) and
 * s3-sink. The answers are checked field by field against the shapes of Connect's REST API docs.
 * Also: a source's offsets reset (stop, DELETE offsets, resume) reads its tables again from the start.
 *
 * The only test file that binds 8083 (the seed's worker properties set no port: Connect's default).
 */
import { execFile } from 'node:child_process'
import { createServer } from 'node:net'
import { promisify } from 'node:util'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTopics } from '../../../layers/runtime/kafka/client.js'
import { endpoints, requireServices } from '../../support/services.js'
import {
  adminClient,
  createBucket,
  createTables,
  http,
  insertOrders,
  metrics,
  names,
  postgresSource,
  Runner,
  RunnerDir,
  s3Rows,
  s3Sink,
  status,
  statusCommand,
  waitFor,
} from './fixture.js'

requireServices('kafka', 'postgres', 'moto')

const CONNECT = 'http://127.0.0.1:8083'
const curl = async (...args: string[]) => (await promisify(execFile)('curl', ['-s', ...args])).stdout

const n = names('rest-api')
const dir = new RunnerDir()
const admin = adminClient()
let runner: Runner

/**
 * Waits for 8083 to be free (`npm run demo` runs a runner there for a while), and fails with a clear
 * message where something keeps holding it (another runner, a Connect worker).
 */
async function portFree(port: number): Promise<void> {
  const free = () =>
    new Promise<boolean>((resolve) => {
      const probe = createServer()
      probe.once('error', () => resolve(false))
      probe.listen(port, '127.0.0.1', () => probe.close(() => resolve(true)))
    })
  await waitFor(`127.0.0.1:${port} to be free (stop whatever listens there)`, async () =>
    (await free()) ? true : undefined,
  )
}

beforeAll(async () => {
  await admin.connect()
  await portFree(8083)
  await createTables(admin, n.schema)
  await insertOrders(admin, n.schema, 120)
  await admin.query(`INSERT INTO ${n.schema}.users (name) SELECT 'user ' || g FROM generate_series(1, 10) g`)
  const orders = `${n.topicPrefix}orders`
  await createTopics({ bootstrapServers: [...endpoints.kafka.bootstrapServers] }, [{ name: orders, partitions: 2 }])
  await createBucket(n.bucket)
  const worker = dir.writeWorker()
  const source = dir.write('postgres-source', postgresSource(dir, { schema: n.schema, topicPrefix: n.topicPrefix }))
  const sink = dir.write('s3-sink', s3Sink({ name: n.sink, bucket: n.bucket, topic: orders }))
  runner = await Runner.start([worker, source, sink])
}, 200_000)

afterAll(async () => {
  await runner?.kill()
  await admin.query(`DROP SCHEMA IF EXISTS ${n.schema} CASCADE`).catch(() => {})
  await admin.end().catch(() => {})
  dir.remove()
}, 60_000)

describe('the standalone runner on 127.0.0.1:8083', () => {
  it('listens where the seed worker properties say (none: 8083) and warns about their lines without "="', () => {
    expect(runner.url).toBe(CONNECT)
    expect(runner.stderr).toContain('did you mean "offset.storage.file.filename=offsets.json"?')
  })

  it('answers the seed\u2019s "list connectors" with the names of both connectors', async () => {
    await waitFor('the source to copy the rows', async () =>
      (await metrics(CONNECT, 'postgres-source')).connector.records_written === 130 ? true : undefined,
    )
    const listed = JSON.parse(await curl(`${CONNECT}/connectors`)) as unknown
    expect(Array.isArray(listed)).toBe(true)
    expect([...(listed as string[])].sort()).toEqual(['postgres-source', n.sink].sort())
  })

  it('answers the seed\u2019s "check connector status" with Connect\u2019s ConnectorStateInfo', async () => {
    const text = await curl(`${CONNECT}/connectors/postgres-source/status`)
    const s = JSON.parse(text) as Record<string, unknown>
    expect(Object.keys(s)).toEqual(['name', 'connector', 'tasks', 'type'])
    expect(s['name']).toBe('postgres-source')
    expect(s['type']).toBe('source')
    const connector = s['connector'] as Record<string, unknown>
    // no `trace` key unless there is a failure
    expect(Object.keys(connector)).toEqual(['state', 'worker_id', 'version'])
    expect(connector['state']).toBe('RUNNING')
    expect(connector['worker_id']).toBe('127.0.0.1:8083')
    expect(typeof connector['version']).toBe('string')
    const tasks = s['tasks'] as Array<Record<string, unknown>>
    // three tables, tasks.max=3: three tasks, as Confluent's connector splits them
    expect(tasks.map((t) => t['id'])).toEqual([0, 1, 2])
    for (const t of tasks) {
      expect(Object.keys(t)).toEqual(['id', 'state', 'worker_id', 'version'])
      expect(t['state']).toBe('RUNNING')
      expect(t['worker_id']).toBe('127.0.0.1:8083')
    }
  })

  it('answers the seed\u2019s "check task status" with Connect\u2019s TaskState', async () => {
    const t = JSON.parse(await curl(`${CONNECT}/connectors/postgres-source/tasks/0/status`)) as Record<string, unknown>
    expect(Object.keys(t)).toEqual(['id', 'state', 'worker_id', 'version'])
    expect(t).toMatchObject({ id: 0, state: 'RUNNING', worker_id: '127.0.0.1:8083' })
    const unknown = await http(`${CONNECT}/connectors/postgres-source/tasks/7/status`)
    expect(unknown).toMatchObject({
      status: 404,
      body: { error_code: 404, message: 'No status found for task postgres-source-7' },
    })
  })

  it('lists the task configs with each task\u2019s tables, the password as a placeholder', async () => {
    const tasks = (await http(`${CONNECT}/connectors/postgres-source/tasks`)).body as Array<{
      id: { connector: string; task: number }
      config: Record<string, string>
    }>
    expect(tasks.map((t) => t.id)).toEqual([0, 1, 2].map((task) => ({ connector: 'postgres-source', task })))
    expect(tasks.map((t) => t.config['tables'])).toEqual(
      ['orders', 'payments', 'users'].map((table) => `"${n.schema}"."${table}"`),
    )
    expect(tasks[0]?.config['connection.password']).toMatch(/^\$\{file:.*db\.properties:password\}$/)
    const info = (await http(`${CONNECT}/`)).body as Record<string, unknown>
    expect(Object.keys(info)).toEqual(['version', 'commit', 'kafka_cluster_id'])
    expect(typeof info['kafka_cluster_id']).toBe('string')
  })

  it('restarts a connector (204), then its tasks (202 with the RESTARTING status), and copies on', async () => {
    const restart = await http(`${CONNECT}/connectors/postgres-source/restart`, 'POST')
    expect(restart).toMatchObject({ status: 204, text: '' })
    const withTasks = await http(`${CONNECT}/connectors/postgres-source/restart?includeTasks=true`, 'POST')
    expect(withTasks.status).toBe(202)
    const body = withTasks.body as { name: string; connector: { state: string }; tasks: Array<{ state: string }> }
    expect(Object.keys(body)).toEqual(['name', 'connector', 'tasks', 'type'])
    expect(body.connector.state).toBe('RESTARTING')
    expect(body.tasks.map((t) => t.state)).toEqual(['RESTARTING', 'RESTARTING', 'RESTARTING'])
    const after = await status(CONNECT, 'postgres-source')
    expect([after.connector.state, ...after.tasks.map((t) => t.state)]).toEqual([
      'RUNNING',
      'RUNNING',
      'RUNNING',
      'RUNNING',
    ])

    // rows inserted after the restarts are copied once: the restarted tasks start from their offsets
    await insertOrders(admin, n.schema, 30)
    const rows = await waitFor('150 orders in S3', async () => {
      const r = await s3Rows(n.bucket)
      return r.length >= 150 ? r : undefined
    })
    expect(rows).toHaveLength(150)
    expect(new Set(rows.map((r) => r.id)).size).toBe(150)
  })

  it('prints the REST API\u2019s numbers in `connectless status`', async () => {
    const m = await metrics(CONNECT, 'postgres-source')
    const { code, stdout } = await statusCommand('postgres-source')
    expect(code).toBe(0)
    const lines = stdout.trim().split('\n')
    expect(lines[0]).toMatch(/^CONNECTOR\s+TYPE\s+TASK\s+STATE\s+READ\s+WRITTEN\s+FILTERED\s+FAILED\s+TO DLQ\s+WORKER$/)
    const c = m.connector
    expect(lines[1]?.split(/\s+/)).toEqual([
      'postgres-source',
      'source',
      'RUNNING',
      ...[c.records_read, c.records_written, c.records_filtered, c.records_failed, c.records_to_dlq].map(String),
      '127.0.0.1:8083',
    ])
    expect(c.records_written).toBe(160)
    for (const t of m.tasks) {
      const line = lines.find((l) => new RegExp(`^\\s+${t.id}\\s`).test(l))
      expect(line?.trim().split(/\s+/)).toEqual([
        String(t.id),
        'RUNNING',
        ...[t.records_read, t.records_written, t.records_filtered, t.records_failed, t.records_to_dlq].map(String),
        '127.0.0.1:8083',
      ])
    }
    const all = await statusCommand()
    expect(all.code).toBe(0)
    expect(all.stdout).toMatch(new RegExp(`^${n.sink}\\s+sink\\s+RUNNING\\s+150\\s+150\\s+0\\s+0\\s+0\\s`, 'm'))
  })

  it('reads the tables again from the start after a source offsets reset (stop, DELETE offsets, resume)', async () => {
    expect((await http(`${CONNECT}/connectors/postgres-source/offsets`, 'DELETE')).status).toBe(400)
    expect((await http(`${CONNECT}/connectors/postgres-source/stop`, 'PUT')).status).toBe(204)
    const stopped = await status(CONNECT, 'postgres-source')
    expect(stopped.connector.state).toBe('STOPPED')
    expect(stopped.tasks).toEqual([])
    const offsets = (await http(`${CONNECT}/connectors/postgres-source/offsets`)).body as {
      offsets: Array<{ partition: Record<string, unknown>; offset: Record<string, unknown> }>
    }
    // Confluent's JDBC source offsets: protocol 1 partitions, the incrementing column's last value
    expect(offsets.offsets).toContainEqual({
      partition: { protocol: '1', table: `${n.schema}.orders` },
      offset: { incrementing: 150 },
    })
    const reset = await http(`${CONNECT}/connectors/postgres-source/offsets`, 'DELETE')
    expect(reset.status).toBe(200)
    expect((reset.body as { message: string }).message).toMatch(/offsets for this connector have been reset/)
    expect((await http(`${CONNECT}/connectors/postgres-source/offsets`)).body).toEqual({ offsets: [] })
    expect((await http(`${CONNECT}/connectors/postgres-source/resume`, 'PUT')).status).toBe(202)

    const rows = await waitFor('the orders twice in S3', async () => {
      const r = await s3Rows(n.bucket)
      return r.length >= 300 ? r : undefined
    })
    const times = new Map<number, number>()
    for (const r of rows) times.set(r.id, (times.get(r.id) ?? 0) + 1)
    expect(rows).toHaveLength(300)
    expect([...times.values()].every((k) => k === 2)).toBe(true)
    expect(times.size).toBe(150)
  })

  it('stops cleanly on Ctrl-C', async () => {
    const { code } = await runner.interrupt()
    expect(code).toBe(0)
    expect(runner.stderr).toContain('stopped cleanly; offsets committed')
  })
})
