/**
 * Each mode of the JDBC source, end to end through a source task (PostgreSQL → Kafka, offsets in
 * DynamoDB): what each poll delivers, and the offsets Confluent's connector would have stored.
 */
import { describe, expect, it } from 'vitest'
import { runSourceTask } from '../../../functions/jdbc-source/index.js'
import { tableName, topicName } from '../../support/names.js'
import { endpoints, requireServices } from '../../support/services.js'
import { JDBC_URL, useSchema } from './fixture.js'
import { deploymentOf, payloadOf, recordsSince, storedOffsets, useOffsetsTable } from './source-task-fixture.js'

requireServices('postgres', 'kafka', 'moto')
const { schema, admin } = useSchema('jdbc_source_modes')
useOffsetsTable('jdbc-source-modes')

/** A table of the shape the modes need, with rows at fixed times (no dependence on the clock). */
async function table(label: string, rows: ReadonlyArray<[string, string]>): Promise<string> {
  const name = tableName(label)
  await admin.query(`CREATE TABLE ${schema}.${name} (
    id bigserial PRIMARY KEY, name text NOT NULL, updated_at timestamptz NOT NULL)`)
  await add(name, rows)
  return name
}

async function add(name: string, rows: ReadonlyArray<[string, string]>): Promise<void> {
  for (const [value, at] of rows) {
    await admin.query(`INSERT INTO ${schema}.${name} (name, updated_at) VALUES ($1, $2)`, [value, at])
  }
}

function connector(label: string, props: Record<string, string>) {
  const prefix = `${topicName(label)}-`
  const name = `${label}-${schema}`
  const deployment = deploymentOf(name, {
    'connector.class': 'io.confluent.connect.jdbc.JdbcSourceConnector',
    'connection.url': JDBC_URL,
    'connection.user': endpoints.postgres.user,
    'schema.pattern': schema,
    'topic.prefix': prefix,
    ...props,
  })
  const invoke = () => runSourceTask({ deployment, taskId: 0, until: Date.now() + 60_000, maxPollsPerTable: 1 })
  return { name, prefix, invoke }
}

const names = async (topic: string) => (await recordsSince(topic)).map((r) => payloadOf(r)['name'])

describe('source task modes', () => {
  it('bulk: every poll delivers the whole table and stores no offset', async () => {
    const t = await table('bulk', [
      ['a', '2026-01-01T00:00:01Z'],
      ['b', '2026-01-01T00:00:02Z'],
    ])
    const c = connector('bulk', { mode: 'bulk', 'table.whitelist': t })
    await c.invoke()
    await add(t, [['c', '2026-01-01T00:00:03Z']])
    const second = await c.invoke()
    expect(second.commits).toBe(0)
    expect(await names(`${c.prefix}${t}`)).toEqual(['a', 'b', 'a', 'b', 'c'])
    expect(await storedOffsets(c.name)).toEqual(new Map())
  })

  it('incrementing: only rows with a larger id, never updates; offset {"incrementing":N}', async () => {
    const t = await table('inc', [
      ['a', '2026-01-01T00:00:01Z'],
      ['b', '2026-01-01T00:00:02Z'],
    ])
    const c = connector('inc', { mode: 'incrementing', 'incrementing.column.name': 'id', 'table.whitelist': t })
    await c.invoke()
    await admin.query(`UPDATE ${schema}.${t} SET name = 'A', updated_at = '2026-02-01T00:00:00Z' WHERE id = 1`)
    await add(t, [['c', '2026-01-01T00:00:03Z']])
    await c.invoke()
    expect(await names(`${c.prefix}${t}`)).toEqual(['a', 'b', 'c'])
    expect((await storedOffsets(c.name)).get(`${schema}.${t}`)).toEqual({ incrementing: 3 })
  })

  it('timestamp: new and updated rows by timestamp; offset {"timestamp":millis,"timestamp_nanos":nanos}', async () => {
    const t = await table('ts', [
      ['a', '2026-01-01T00:00:01.123456Z'],
      ['b', '2026-01-01T00:00:02Z'],
    ])
    const c = connector('ts', { mode: 'timestamp', 'timestamp.column.name': 'updated_at', 'table.whitelist': t })
    await c.invoke()
    await admin.query(`UPDATE ${schema}.${t} SET name = 'A', updated_at = '2026-01-01T00:00:05.000789Z' WHERE id = 1`)
    await c.invoke()
    await c.invoke()
    expect(await names(`${c.prefix}${t}`)).toEqual(['a', 'b', 'A'])
    expect((await storedOffsets(c.name)).get(`${schema}.${t}`)).toEqual({
      timestamp: Date.parse('2026-01-01T00:00:05Z'),
      timestamp_nanos: 789_000,
    })
  })

  it('timestamp+incrementing: rows sharing a timestamp resume by id; offset with all three fields', async () => {
    const same = '2026-01-01T00:00:07Z'
    const t = await table('tsinc', [
      ['a', same],
      ['b', same],
    ])
    const c = connector('tsinc', {
      mode: 'timestamp+incrementing',
      'timestamp.column.name': 'updated_at',
      'incrementing.column.name': 'id',
      'table.whitelist': t,
    })
    await c.invoke()
    await add(t, [['c', same]])
    await c.invoke()
    expect(await names(`${c.prefix}${t}`)).toEqual(['a', 'b', 'c'])
    expect((await storedOffsets(c.name)).get(`${schema}.${t}`)).toEqual({
      incrementing: 3,
      timestamp: Date.parse(same),
      timestamp_nanos: 0,
    })
  })

  it('query mode: one task, the prefix is the topic, offsets under {"query":"query"}', async () => {
    const t = await table('query', [
      ['a', '2026-01-01T00:00:01Z'],
      ['b', '2026-01-01T00:00:02Z'],
    ])
    const topic = topicName('query-topic')
    const name = `query-${schema}`
    const deployment = deploymentOf(name, {
      'connector.class': 'io.confluent.connect.jdbc.JdbcSourceConnector',
      'connection.url': JDBC_URL,
      'connection.user': endpoints.postgres.user,
      'topic.prefix': topic,
      mode: 'incrementing',
      'incrementing.column.name': 'id',
      query: `SELECT id, upper(name) AS name FROM ${schema}.${t}`,
      'tasks.max': '2',
    })
    const run = () => runSourceTask({ deployment, taskId: 0, until: Date.now() + 60_000, maxPollsPerTable: 1 })
    await run()
    await add(t, [['c', '2026-01-01T00:00:03Z']])
    await run()
    expect(await names(topic)).toEqual(['A', 'B', 'C'])
    expect((await storedOffsets(name)).get('query')).toEqual({ incrementing: 3 })
    await expect(runSourceTask({ deployment, taskId: 1, until: Date.now() + 60_000 })).rejects.toThrow(
      'Task 1 does not exist: connector',
    )
  })

  it('starts a timestamp table at timestamp.initial when no offset is stored', async () => {
    const t = await table('initial', [
      ['old', '2025-06-01T00:00:00Z'],
      ['new', '2026-06-01T00:00:00Z'],
    ])
    const c = connector('initial', {
      mode: 'timestamp',
      'timestamp.column.name': 'updated_at',
      'table.whitelist': t,
      'timestamp.initial': String(Date.parse('2026-01-01T00:00:00Z')),
    })
    await c.invoke()
    expect(await names(`${c.prefix}${t}`)).toEqual(['new'])
  })
})
