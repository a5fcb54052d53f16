/**
 * The JDBC source task end to end on the real services: the seed's postgres-source config (three
 * tables, three tasks, incrementing on id) polling PostgreSQL, producing to Kafka, offsets and
 * leases in DynamoDB on moto; restarts, the in-invocation poll loop, table rediscovery, the lease and
 * the Lambda handler's window.
 */
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { DynamoDBClient, GetItemCommand } from '@aws-sdk/client-dynamodb'
import { beforeAll, describe, expect, it, vi } from 'vitest'
import { sourceHandler } from '../../../functions/jdbc-source/handler.js'
import { createSourceRuntime, ReadPositions, runSourceTask, TaskLeases } from '../../../functions/jdbc-source/index.js'
import { resolveDeployment } from '../../../layers/runtime/connector/deployment.js'
import { logger } from '../../../layers/runtime/logging.js'
import { topicName } from '../../support/names.js'
import { endpoints, requireServices } from '../../support/services.js'
import { useSchema } from './fixture.js'
import {
  deploymentOf,
  endOffsets,
  eventually,
  payloadOf,
  recordsSince,
  seedSourceConfig,
  storedOffsets,
  useOffsetsTable,
} from './source-task-fixture.js'

requireServices('postgres', 'kafka', 'moto')
const { schema, admin } = useSchema('jdbc_source_task')
const { table: offsetsTable } = useOffsetsTable('jdbc-source-task')
const warn = vi.spyOn(logger, 'warn').mockImplementation(() => {})

const TABLES = ['orders', 'users', 'payments'] as const

beforeAll(async () => {
  await admin.query(`CREATE TABLE ${schema}.orders (
    id bigserial PRIMARY KEY, user_id int NOT NULL, email text, amount numeric(10,2), updated_at timestamptz NOT NULL DEFAULT now())`)
  await admin.query(`CREATE TABLE ${schema}.users (
    id bigserial PRIMARY KEY, name text NOT NULL, email text, updated_at timestamptz NOT NULL DEFAULT now())`)
  await admin.query(`CREATE TABLE ${schema}.payments (
    id bigserial PRIMARY KEY, order_id int NOT NULL, amount numeric(10,2), updated_at timestamptz NOT NULL DEFAULT now())`)
})

async function insert(table: (typeof TABLES)[number], n: number): Promise<void> {
  const values = {
    orders: `g % 7, 'buyer' || g || '@example.com', g * 1.5`,
    users: `'user ' || g, 'user' || g || '@example.com'`,
    payments: `g, g * 2.25`,
  }[table]
  const columns = { orders: 'user_id, email, amount', users: 'name, email', payments: 'order_id, amount' }[table]
  await admin.query(`INSERT INTO ${schema}.${table} (${columns}) SELECT ${values} FROM generate_series(1, $1) g`, [n])
}

/** One scheduled invocation of each of the three tasks, at once: each polls its table once. */
async function invokeAll(deployment: Parameters<typeof runSourceTask>[0]['deployment']) {
  return Promise.all(
    [0, 1, 2].map((taskId) => runSourceTask({ deployment, taskId, until: Date.now() + 60_000, maxPollsPerTable: 1 })),
  )
}

describe('the seed’s postgres-source config (tasks.max=3, incrementing on id)', () => {
  it('delivers every row exactly once to db-orders, db-users and db-payments over several polls with inserts in between', async () => {
    // the seed's password reference, resolved by the worker's file config provider
    const secrets = mkdtempSync(join(tmpdir(), 'connectless-secrets-'))
    writeFileSync(join(secrets, 'db.properties'), 'password=not-needed-by-local-trust-auth\n')
    const deployment = await resolveDeployment(
      'postgres-source',
      {
        ...seedSourceConfig(schema),
        'connection.password': `\${file:${join(secrets, 'db.properties')}:password}`,
      },
      {
        'bootstrap.servers': endpoints.kafka.bootstrapServers.join(','),
        'config.providers': 'file',
        'config.providers.file.class': 'org.apache.kafka.common.config.provider.FileConfigProvider',
      },
      process.cwd(),
    )
    const starts = new Map(await Promise.all(TABLES.map(async (t) => [t, await endOffsets(`db-${t}`)] as const)))

    const inserted = { orders: 0, users: 0, payments: 0 }
    const results = []
    for (const round of [5, 7, 0, 3]) {
      for (const table of TABLES) {
        await insert(table, round + (table === 'users' ? 1 : 0))
        inserted[table] += round + (table === 'users' ? 1 : 0)
      }
      results.push(await invokeAll(deployment))
    }

    // Confluent's split: the tables in the driver's order (orders, payments, users), one per task
    expect(results[0]?.map((r) => r.tables)).toEqual([
      [`${schema}.orders`],
      [`${schema}.payments`],
      [`${schema}.users`],
    ])
    expect(results.flat().every((r) => r.status === 'completed' && r.failed === 0)).toBe(true)
    for (const table of TABLES) {
      const records = await recordsSince(`db-${table}`, starts.get(table))
      const ids = records.map((r) => payloadOf(r)['id'])
      expect(ids, table).toEqual(Array.from({ length: inserted[table] }, (_, i) => i + 1))
      expect(records.every((r) => r.key === null)).toBe(true)
    }
    const offsets = await storedOffsets('postgres-source')
    expect(offsets.get(`${schema}.orders`)).toEqual({ incrementing: inserted.orders })
    expect(offsets.get(`${schema}.users`)).toEqual({ incrementing: inserted.users })
    expect(offsets.get(`${schema}.payments`)).toEqual({ incrementing: inserted.payments })
    // the seed's timestamp.column.name is ignored in incrementing mode, as Confluent ignores it, and said once
    const ignored = warn.mock.calls.filter(([message]) =>
      String(message).startsWith('timestamp.column.name (updated_at) is ignored'),
    )
    expect(ignored).toHaveLength(1)
  })

  it('stores offsets in Connect’s shape: partition {"protocol":"1","table":"<schema>.<table>"}, offset {"incrementing":N}', async () => {
    const dynamo = new DynamoDBClient({})
    const partition = `{"protocol":"1","table":"${schema}.orders"}`
    const item = await dynamo.send(
      new GetItemCommand({
        TableName: offsetsTable,
        Key: { pk: { S: 'source#postgres-source' }, sk: { S: partition } },
        ConsistentRead: true,
      }),
    )
    expect(item.Item?.['offset']?.S).toMatch(/^\{"incrementing":\d+\}$/)
  })

  it('resumes from the offsets in DynamoDB after a restart, reading only rows added since', async () => {
    const name = `restart-${schema}`
    const prefix = `${topicName('restart')}-`
    const deployment = deploymentOf(
      name,
      seedSourceConfig(schema, { 'topic.prefix': prefix, 'tasks.max': '1', 'table.whitelist': 'users' }),
    )
    const before = await runSourceTask({ deployment, taskId: 0, until: Date.now() + 60_000, maxPollsPerTable: 1 })
    await insert('users', 4)
    // a new runtime: nothing in memory, as after a cold start
    const after = await runSourceTask({ deployment, taskId: 0, until: Date.now() + 60_000, maxPollsPerTable: 1 })
    const ids = (await recordsSince(`${prefix}users`)).map((r) => Number(payloadOf(r)['id']))
    expect(after.produced).toBe(4)
    expect(ids).toHaveLength(before.produced + 4)
    expect(new Set(ids).size).toBe(ids.length)
    expect(ids.slice(-4)).toEqual([1, 2, 3, 4].map((i) => before.produced + i))
  })

  it('polls every poll.interval.ms within one invocation, delivering rows inserted while it runs', async () => {
    const name = `loop-${schema}`
    const prefix = `${topicName('loop')}-`
    const deployment = deploymentOf(
      name,
      seedSourceConfig(schema, { 'topic.prefix': prefix, 'table.whitelist': 'payments', 'tasks.max': '1' }),
    )
    const stop = new AbortController()
    const seen = async (n: number) => (await endOffsets(`${prefix}payments`)).get(0) === BigInt(n)
    const {
      rows: [count],
    } = await admin.query<{ n: string }>(`SELECT count(*) AS n FROM ${schema}.payments`)
    const initial = Number(count?.n)
    const running = runSourceTask({ deployment, taskId: 0, until: Date.now() + 120_000, signal: stop.signal })
    await eventually(() => seen(initial), 'the first poll')
    await insert('payments', 2)
    await eventually(() => seen(initial + 2), 'the rows inserted during the run')
    await insert('payments', 3)
    await eventually(() => seen(initial + 5), 'the next rows')
    stop.abort()
    const result = await running
    expect(result.status).toBe('stopped')
    expect(result.polls).toBeGreaterThanOrEqual(3)
    const ids = (await recordsSince(`${prefix}payments`)).map((r) => Number(payloadOf(r)['id']))
    expect(ids).toEqual(Array.from({ length: initial + 5 }, (_, i) => i + 1))
  })

  it('picks up a table created while the task runs, at table.poll.interval.ms', async () => {
    const name = `discovery-${schema}`
    const prefix = `${topicName('discovery')}-`
    const deployment = deploymentOf(
      name,
      seedSourceConfig(schema, {
        'topic.prefix': prefix,
        'tasks.max': '1',
        'table.whitelist': 'orders,refunds',
        'table.poll.interval.ms': '300',
      }),
    )
    await insert('orders', 1)
    const stop = new AbortController()
    const running = runSourceTask({ deployment, taskId: 0, until: Date.now() + 120_000, signal: stop.signal })
    await eventually(async () => (await endOffsets(`${prefix}orders`)).size > 0, 'the orders')
    await admin.query(`CREATE TABLE ${schema}.refunds (id bigserial PRIMARY KEY, reason text)`)
    await admin.query(`INSERT INTO ${schema}.refunds (reason) VALUES ('late'), ('broken')`)
    await eventually(async () => (await endOffsets(`${prefix}refunds`)).get(0) === 2n, 'the new table’s rows')
    stop.abort()
    const result = await running
    expect(result.tables).toEqual([`${schema}.orders`, `${schema}.refunds`])
    expect((await recordsSince(`${prefix}refunds`)).map((r) => payloadOf(r)['reason'])).toEqual(['late', 'broken'])
  })
})

describe('one invocation per task at a time (the lease)', () => {
  it('makes a second invocation of a running task exit at once with a log line, while other tasks run', async () => {
    const name = `lease-${schema}`
    const prefix = `${topicName('lease')}-`
    const deployment = deploymentOf(name, seedSourceConfig(schema, { 'topic.prefix': prefix }))
    await insert('orders', 1)
    const info = vi.spyOn(logger, 'info')
    const stop = new AbortController()
    let firstPolled = false
    const first = runSourceTask({
      deployment,
      taskId: 0,
      until: Date.now() + 120_000,
      signal: stop.signal,
      holder: 'invocation A',
      onBatch: () => {
        firstPolled = true
      },
    })
    await eventually(() => firstPolled, 'the first invocation to poll')
    const second = await runSourceTask({ deployment, taskId: 0, until: Date.now() + 60_000, holder: 'invocation B' })
    const otherTask = await runSourceTask({ deployment, taskId: 1, until: Date.now() + 60_000, maxPollsPerTable: 1 })
    stop.abort()
    await first
    const afterwards = await runSourceTask({ deployment, taskId: 0, until: Date.now() + 60_000, maxPollsPerTable: 1 })

    expect(second.status).toBe('lease-held')
    expect(second.polls).toBe(0)
    expect(info.mock.calls.map(([m]) => String(m))).toContainEqual(
      expect.stringMatching(
        new RegExp(
          `^Task ${name}-0 is already running \\(lease held by invocation A until .+\\); this invocation exits$`,
        ),
      ),
    )
    expect(otherTask.status).toBe('completed')
    expect(afterwards.status).toBe('completed')
  })

  it('lets the next invocation take over once a crashed invocation’s lease expired', async () => {
    // renewals a minute apart: within this test the holder renews nothing, as a crashed invocation
    const crashedLeases = new TaskLeases(`crashed-${schema}`, offsetsTable, new DynamoDBClient({}), {
      durationMs: 1_500,
      renewEveryMs: 60_000,
    })
    const crashed = await crashedLeases.acquire(0, 'crashed invocation')
    const leases = new TaskLeases(`crashed-${schema}`, offsetsTable, new DynamoDBClient({}))
    try {
      expect(crashed.acquired).toBe(true)
      expect(await leases.acquire(0, 'next')).toMatchObject({ acquired: false, holder: 'crashed invocation' })
      let next = await leases.acquire(0, 'next')
      await eventually(async () => {
        next = await leases.acquire(0, 'next')
        return next.acquired
      }, 'the lease to expire')
      if (next.acquired) await next.lease.release()
    } finally {
      if (crashed.acquired) await crashed.lease.release()
    }
  })
})

describe('the Lambda handler', () => {
  const handlerDeployment = () =>
    deploymentOf(`handler-${schema}`, seedSourceConfig(schema, { 'topic.prefix': `${topicName('handler')}-` }))

  it('runs the task of the event until the end of its minute (less the margin) and returns cleanly', async () => {
    // a 57 s margin leaves the invocation a 3 s window
    const handler = sourceHandler({ deployment: async () => handlerDeployment(), stopMarginMs: 57_000 })
    try {
      const result = await handler(
        { task: 2, scheduledTime: new Date().toISOString() },
        { getRemainingTimeInMillis: () => 90_000, awsRequestId: 'req-1' },
      )
      expect(result.status).toBe('stopped')
      expect(result.tables).toEqual([`${schema}.users`])
      expect(result.polls).toBeGreaterThanOrEqual(1)
    } finally {
      await handler.close()
    }
  })

  it('returns at once for an invocation whose window has passed (a late retry of the schedule)', async () => {
    const handler = sourceHandler({ deployment: async () => handlerDeployment() })
    try {
      const late = new Date(Date.now() - 120_000).toISOString()
      const result = await handler({ task: '1', scheduledTime: late }, { getRemainingTimeInMillis: () => 90_000 })
      expect(result).toMatchObject({ status: 'stopped', polls: 0 })
    } finally {
      await handler.close()
    }
  })

  it('refuses an event without a task, and a task the connector does not have', async () => {
    const handler = sourceHandler({ deployment: async () => handlerDeployment() })
    try {
      const context = { getRemainingTimeInMillis: () => 90_000 }
      await expect(handler({} as never, context)).rejects.toThrow('The event must name the task to run')
      await expect(handler({ task: 3 }, context)).rejects.toThrow('Task 3 does not exist: connector')
    } finally {
      await handler.close()
    }
  })

  it('keeps the read position of a warm function between invocations', async () => {
    await insert('orders', 1)
    const runtime = await createSourceRuntime(handlerDeployment())
    const positions = new ReadPositions()
    try {
      const first = await runSourceTask({
        runtime,
        taskId: 0,
        until: Date.now() + 60_000,
        maxPollsPerTable: 1,
        positions,
      })
      const second = await runSourceTask({
        runtime,
        taskId: 0,
        until: Date.now() + 60_000,
        maxPollsPerTable: 1,
        positions,
      })
      expect(first.read).toBeGreaterThan(0)
      expect(second.read).toBe(0)
    } finally {
      await runtime.close()
    }
  })
})
