import type pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openConnection } from '../../../functions/jdbc-source/connection.js'
import { TableQuerier } from '../../../functions/jdbc-source/querier.js'
import { tableId } from '../../../functions/jdbc-source/table-id.js'
import type { SourceOffset } from '../../../layers/runtime/record/record.js'
import { tableName } from '../../support/names.js'
import { requireServices } from '../../support/services.js'
import { drain, field, lastOffset, recordsOf, sourceConfig, useSchema } from './fixture.js'

requireServices('postgres')
const { schema, admin } = useSchema('jdbc_modes')
let client: pg.Client

beforeAll(async () => {
  client = await openConnection(sourceConfig(schema, { mode: 'bulk' }))
})
afterAll(async () => {
  await client.end()
})

async function ordersTable(label: string): Promise<string> {
  const table = tableName(label)
  await admin.query(`CREATE TABLE ${schema}.${table} (
    id bigserial PRIMARY KEY,
    name text NOT NULL,
    updated_at timestamptz NOT NULL DEFAULT now(),
    modified_at timestamptz
  )`)
  return table
}

async function querier(table: string, props: Record<string, string>): Promise<TableQuerier> {
  return TableQuerier.forTable(client, sourceConfig(schema, props), tableId(null, schema, table))
}

describe('incrementing mode', () => {
  it('reads new rows once each over several polls, never updates, with Confluent’s record shape and offsets', async () => {
    // Prepare
    const table = await ordersTable('inc')
    await admin.query(`INSERT INTO ${schema}.${table} (name) VALUES ('a'), ('b'), ('c')`)
    const q = await querier(table, {
      mode: 'incrementing',
      'incrementing.column.name': 'id',
      'timestamp.column.name': 'updated_at',
    })

    // Act
    const first = await drain(q, client, null)
    await admin.query(`INSERT INTO ${schema}.${table} (name) VALUES ('d'), ('e')`)
    await admin.query(`UPDATE ${schema}.${table} SET name = 'A', updated_at = now() WHERE id = 1`)
    const second = await drain(q, client, lastOffset(first, null))
    const third = await drain(q, client, lastOffset(second, null))

    // Assert
    expect(field(first, 'name')).toEqual(['a', 'b', 'c'])
    expect(field(second, 'name')).toEqual(['d', 'e'])
    expect(third).toEqual([])
    const [record] = recordsOf(first)
    expect(record?.topic).toBe(`db-${table}`)
    expect(record?.key).toBeNull()
    expect(record?.keySchema).toBeNull()
    expect(record?.kafkaPartition).toBeNull()
    expect(record?.timestamp).toBeNull()
    expect(record?.sourcePartition).toEqual({ protocol: '1', table: `${schema}.${table}` })
    expect(recordsOf(first).map((r) => r.sourceOffset)).toEqual([
      { incrementing: 1n },
      { incrementing: 2n },
      { incrementing: 3n },
    ])
    expect(record?.valueSchema?.name).toBe(table)
    expect(record?.valueSchema?.fields.map((f) => `${f.name}:${f.schema.type}${f.schema.optional ? '?' : ''}`)).toEqual(
      ['id:int64', 'name:string', 'updated_at:int64', 'modified_at:int64?'],
    )
    expect(q.statement.jdbcSql).toBe(
      `SELECT * FROM "${schema}"."${table}" WHERE "${schema}"."${table}"."id" > ? ORDER BY "${schema}"."${table}"."id" ASC`,
    )
  })

  it('hands rows on in batches of batch.max.rows, each with the offset of its last record', async () => {
    const table = await ordersTable('batches')
    await admin.query(`INSERT INTO ${schema}.${table} (name) SELECT 'n' || g FROM generate_series(1, 5) g`)
    const q = await querier(table, { mode: 'incrementing', 'incrementing.column.name': 'id', 'batch.max.rows': '2' })

    const batches = await drain(q, client, null)

    expect(batches.map((b) => b.records.length)).toEqual([2, 2, 1])
    expect(batches.map((b) => b.offset)).toEqual([{ incrementing: 2n }, { incrementing: 4n }, { incrementing: 5n }])
  })

  it('ends the read transaction when the consumer stops early, and resumes from the committed offset', async () => {
    const table = await ordersTable('early')
    await admin.query(`INSERT INTO ${schema}.${table} (name) SELECT 'n' || g FROM generate_series(1, 5) g`)
    const q = await querier(table, { mode: 'incrementing', 'incrementing.column.name': 'id', 'batch.max.rows': '2' })

    const first = await drain(q, client, null, 1)
    const cursors = await client.query('SELECT count(*)::int AS n FROM pg_cursors')
    const rest = await drain(q, client, lastOffset(first, null))

    expect(field(first, 'id')).toEqual([1n, 2n])
    expect(cursors.rows[0].n).toBe(0)
    expect(field(rest, 'id')).toEqual([3n, 4n, 5n])
  })

  it('resumes from an offset Kafka Connect stored, as JSON numbers', async () => {
    const table = await ordersTable('resume')
    await admin.query(`INSERT INTO ${schema}.${table} (name) SELECT 'n' || g FROM generate_series(1, 4) g`)
    const q = await querier(table, { mode: 'incrementing', 'incrementing.column.name': 'id' })

    const batches = await drain(q, client, { incrementing: 2 })

    expect(field(batches, 'id')).toEqual([3n, 4n])
  })
})

describe('timestamp mode', () => {
  it('holds a timestamp back in the offset until a later one is read, so a restart re-reads rows sharing it', async () => {
    // Prepare: three rows share t1, one has t2
    const table = await ordersTable('ts_hold')
    await admin.query(`INSERT INTO ${schema}.${table} (name, updated_at) VALUES
      ('a', '2026-01-01 00:00:01+00'), ('b', '2026-01-01 00:00:01+00'), ('c', '2026-01-01 00:00:01+00'),
      ('d', '2026-01-01 00:00:02+00')`)
    const q = await querier(table, { mode: 'timestamp', 'timestamp.column.name': 'updated_at' })
    const t1 = { timestamp_nanos: 0n, timestamp: BigInt(Date.UTC(2026, 0, 1, 0, 0, 1)) }
    const t2 = { timestamp_nanos: 0n, timestamp: BigInt(Date.UTC(2026, 0, 1, 0, 0, 2)) }

    // Act
    const batches = await drain(q, client, null)
    const afterB = await drain(q, client, recordsOf(batches)[1]?.sourceOffset ?? null)
    const afterC = await drain(q, client, recordsOf(batches)[2]?.sourceOffset ?? null)

    // Assert
    expect(field(batches, 'name')).toEqual(['a', 'b', 'c', 'd'])
    expect(recordsOf(batches).map((r) => r.sourceOffset)).toEqual([{}, {}, t1, t2])
    expect(field(afterB, 'name')).toEqual(['a', 'b', 'c', 'd'])
    expect(field(afterC, 'name')).toEqual(['d'])
  })

  it('sees updated rows and COALESCEs several timestamp columns in order', async () => {
    const table = await ordersTable('ts_coalesce')
    await admin.query(`INSERT INTO ${schema}.${table} (name, updated_at, modified_at) VALUES
      ('a', '2026-01-01 00:00:01+00', NULL), ('b', '2026-01-01 00:00:09+00', '2026-01-01 00:00:02+00')`)
    const q = await querier(table, { mode: 'timestamp', 'timestamp.column.name': 'modified_at,updated_at' })

    const first = await drain(q, client, null)
    await admin.query(`UPDATE ${schema}.${table} SET modified_at = '2026-01-01 00:00:05+00' WHERE name = 'a'`)
    const second = await drain(q, client, lastOffset(first, null))

    expect(field(first, 'name')).toEqual(['a', 'b'])
    expect(lastOffset(first, null)).toEqual({ timestamp_nanos: 0n, timestamp: BigInt(Date.UTC(2026, 0, 1, 0, 0, 2)) })
    expect(field(second, 'name')).toEqual(['a'])
  })

  it('keeps microseconds in timestamp_nanos, so rows a microsecond apart are each read once across restarts', async () => {
    // the trap: a millisecond offset would re-read the same rows forever
    const table = await ordersTable('ts_micros')
    await admin.query(`INSERT INTO ${schema}.${table} (name, updated_at)
      SELECT 'n' || g, '2026-01-01 00:00:00.123456+00'::timestamptz + (g || ' microseconds')::interval FROM generate_series(0, 5) g`)
    const q = await querier(table, { mode: 'timestamp', 'timestamp.column.name': 'updated_at', 'batch.max.rows': '2' })

    const seen: unknown[] = []
    let offset: SourceOffset | null = null
    for (let poll = 0; poll < 10; poll++) {
      const batches = await drain(q, client, offset, 1)
      if (batches.length === 0) break
      seen.push(...field(batches, 'name'))
      offset = lastOffset(batches, offset)
    }

    expect(seen).toEqual(['n0', 'n1', 'n2', 'n3', 'n4', 'n5'])
    expect(offset).toEqual({ timestamp_nanos: 123_461_000n, timestamp: BigInt(Date.UTC(2026, 0, 1) + 123) })
  })

  it('reads only rows older than the database clock minus timestamp.delay.interval.ms', async () => {
    const table = await ordersTable('ts_delay')
    await admin.query(`INSERT INTO ${schema}.${table} (name, updated_at) VALUES
      ('old', now() - interval '2 hours'), ('recent', now() - interval '1 minute'), ('future', now() + interval '1 day')`)
    const delayed = await querier(table, {
      mode: 'timestamp',
      'timestamp.column.name': 'updated_at',
      'timestamp.delay.interval.ms': '3600000',
    })
    const immediate = await querier(table, { mode: 'timestamp', 'timestamp.column.name': 'updated_at' })

    expect(field(await drain(delayed, client, null), 'name')).toEqual(['old'])
    expect(field(await drain(immediate, client, null), 'name')).toEqual(['old', 'recent'])
  })

  it('starts at timestamp.initial when no offset is stored, -1 meaning the database’s current time', async () => {
    const table = await ordersTable('ts_initial')
    await admin.query(`INSERT INTO ${schema}.${table} (name, updated_at) VALUES
      ('2020', '2020-06-01 00:00:00+00'), ('2025', '2025-06-01 00:00:00+00')`)
    const fromMillis = await querier(table, {
      mode: 'timestamp',
      'timestamp.column.name': 'updated_at',
      'timestamp.initial': String(Date.UTC(2024, 0, 1)),
    })
    const fromNow = await querier(table, {
      mode: 'timestamp',
      'timestamp.column.name': 'updated_at',
      'timestamp.initial': '-1',
    })

    const start = await fromMillis.startOffset(client, () => null)
    const now = await fromNow.startOffset(client, async () => null)
    // a row a millisecond after the database time -1 stood for; then let the clock pass it, since rows
    // stamped in the current millisecond wait for the next poll (the upper bound has millisecond precision)
    await admin.query(`INSERT INTO ${schema}.${table} (name, updated_at) VALUES ('new', to_timestamp($1 / 1000.0))`, [
      String(Number(now?.['timestamp']) + 1),
    ])
    await admin.query('SELECT pg_sleep(0.01)')

    expect(start).toEqual({ timestamp: BigInt(Date.UTC(2024, 0, 1)) })
    expect(field(await drain(fromMillis, client, start), 'name')).toEqual(['2025', 'new'])
    expect(field(await drain(fromNow, client, now), 'name')).toEqual(['new'])
  })

  it('starts from the stored offset of the first candidate partition: v1, then v1 with the database (10.9.4), then v0', async () => {
    const table = await ordersTable('ts_stored')
    const q = await querier(table, {
      mode: 'timestamp',
      'timestamp.column.name': 'updated_at',
      'timestamp.initial': '0',
    })
    const asked: unknown[] = []
    const v0Only = await q.startOffset(client, async (partition) => {
      asked.push(partition)
      return 'protocol' in partition ? null : { timestamp: 42 }
    })
    expect(asked).toEqual([
      { protocol: '1', table: `${schema}.${table}` },
      { protocol: '1', table: `postgres.${schema}.${table}` },
      { table },
    ])
    expect(v0Only).toEqual({ timestamp: 42 })
    expect(await q.startOffset(client, () => null)).toEqual({ timestamp: 0n })
    const bulk = await querier(table, { mode: 'bulk' })
    expect(await bulk.startOffset(client, () => ({ incrementing: 1 }))).toBeNull()
  })

  it('binds the criteria in db.timezone for timestamp columns without time zone', async () => {
    const table = tableName('ts_zone')
    await admin.query(`CREATE TABLE ${schema}.${table} (id serial PRIMARY KEY, local_ts timestamp NOT NULL)`)
    await admin.query(`INSERT INTO ${schema}.${table} (local_ts) VALUES
      ('2024-01-01 05:30:00'),
      ((now() AT TIME ZONE 'Asia/Kolkata') - interval '1 hour'),
      ((now() AT TIME ZONE 'Asia/Kolkata') + interval '1 hour')`)
    const q = await querier(table, {
      mode: 'timestamp',
      'timestamp.column.name': 'local_ts',
      'db.timezone': 'Asia/Kolkata',
    })

    const batches = await drain(q, client, null)

    expect(field(batches, 'id')).toEqual([1, 2])
    expect(field(batches, 'local_ts')[0]).toEqual(new Date(Date.UTC(2024, 0, 1)))
  })
})

describe('timestamp+incrementing mode', () => {
  it('reads each change once, rows updated at the same timestamp in id order, resuming between them', async () => {
    // Prepare
    const table = await ordersTable('tsinc')
    await admin.query(`INSERT INTO ${schema}.${table} (name, updated_at) VALUES
      ('a', '2026-01-01 00:00:01+00'), ('b', '2026-01-01 00:00:01+00'), ('c', '2026-01-01 00:00:02+00'), ('d', '2026-01-01 00:00:03+00')`)
    const q = await querier(table, {
      mode: 'timestamp+incrementing',
      'timestamp.column.name': 'updated_at',
      'incrementing.column.name': 'id',
      'batch.max.rows': '1',
    })

    // Act: poll one batch at a time, as a restart after every record would
    const read = async (from: SourceOffset | null) => {
      const names: unknown[] = []
      let offset = from
      for (let i = 0; i < 20; i++) {
        const batches = await drain(q, client, offset, 1)
        if (batches.length === 0) break
        names.push(...field(batches, 'name'))
        offset = lastOffset(batches, offset)
      }
      return { names, offset }
    }
    const first = await read(null)
    await admin.query(
      `UPDATE ${schema}.${table} SET name = upper(name), updated_at = '2026-01-01 00:00:05+00' WHERE name IN ('b', 'c', 'a')`,
    )
    const second = await read(first.offset)
    const third = await read(second.offset)

    // Assert
    expect(first.names).toEqual(['a', 'b', 'c', 'd'])
    expect(first.offset).toEqual({
      timestamp_nanos: 0n,
      incrementing: 4n,
      timestamp: BigInt(Date.UTC(2026, 0, 1, 0, 0, 3)),
    })
    expect(second.names).toEqual(['A', 'B', 'C'])
    expect(second.offset).toEqual({
      timestamp_nanos: 0n,
      incrementing: 3n,
      timestamp: BigInt(Date.UTC(2026, 0, 1, 0, 0, 5)),
    })
    expect(third.names).toEqual([])
  })

  it('binds end, begin, id and begin in Confluent’s order', async () => {
    const table = await ordersTable('tsinc_sql')
    const q = await querier(table, {
      mode: 'timestamp+incrementing',
      'timestamp.column.name': 'updated_at',
      'incrementing.column.name': 'id',
    })
    expect(q.statement.parameters).toEqual(['end', 'begin', 'incrementing', 'begin'])
    expect(q.columns).toEqual({ incrementingColumn: 'id', timestampColumns: ['updated_at'] })
  })
})

describe('bulk mode and query mode', () => {
  it('reads the whole table on every poll, under the bare-name partition and no offset', async () => {
    const table = await ordersTable('bulk')
    await admin.query(`INSERT INTO ${schema}.${table} (name) VALUES ('a'), ('b')`)
    const q = await querier(table, { mode: 'bulk' })

    const first = await drain(q, client, null)
    const second = await drain(q, client, null)

    expect(field(first, 'name')).toEqual(['a', 'b'])
    expect(field(second, 'name')).toEqual(['a', 'b'])
    expect(recordsOf(first)[0]?.sourcePartition).toEqual({ table })
    expect(recordsOf(first)[0]?.sourceOffset).toBeNull()
    expect(first[0]?.offset).toBeNull()
  })

  it('appends the criteria to a custom query, writes to topic.prefix alone and keys offsets by {"query":"query"}', async () => {
    const table = await ordersTable('query')
    await admin.query(`INSERT INTO ${schema}.${table} (name) VALUES ('a'), ('b'), ('c')`)
    const config = sourceConfig(schema, {
      mode: 'incrementing',
      'incrementing.column.name': 'id',
      query: `SELECT * FROM (SELECT id, upper(name) AS shout FROM ${schema}.${table}) q`,
      'topic.prefix': 'shouts',
      'schema.pattern': '',
    })
    const q = TableQuerier.forQuery(config)

    const first = await drain(q, client, { incrementing: 1 })

    expect(field(first, 'shout')).toEqual(['B', 'C'])
    const record = recordsOf(first)[0]
    expect(record?.topic).toBe('shouts')
    expect(record?.sourcePartition).toEqual({ query: 'query' })
    expect(record?.valueSchema?.name).toBeNull()
    expect(record?.valueSchema?.field('shout')?.schema.optional).toBe(true)
    expect(q.candidatePartitions('postgres')).toEqual([{ query: 'query' }])
  })

  it('runs a query ending in GROUP BY as a subquery, where Confluent’s appended WHERE would fail', async () => {
    const table = await ordersTable('grouped')
    await admin.query(`INSERT INTO ${schema}.${table} (name, updated_at) VALUES
      ('a', '2026-01-01 00:00:01+00'), ('a', '2026-01-01 00:00:03+00'), ('b', '2026-01-01 00:00:02+00')`)
    const config = sourceConfig(schema, {
      mode: 'timestamp',
      'timestamp.column.name': 'last_update',
      query: `SELECT name, max(updated_at) AS last_update FROM ${schema}.${table} GROUP BY name;`,
      'topic.prefix': 'per-name',
    })
    const q = TableQuerier.forQuery(config)

    const batches = await drain(q, client, null)

    expect(q.statement.wrapped).toBe(true)
    expect(field(batches, 'name')).toEqual(['b', 'a'])
  })
})
