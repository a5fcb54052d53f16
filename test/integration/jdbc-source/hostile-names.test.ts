import type pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openConnection } from '../../../functions/jdbc-source/connection.js'
import { PostgreSqlDialect } from '../../../functions/jdbc-source/dialect.js'
import { TableQuerier } from '../../../functions/jdbc-source/querier.js'
import { discoverTables } from '../../../functions/jdbc-source/table-discovery.js'
import { tableId } from '../../../functions/jdbc-source/table-id.js'
import { formatTablesProperty, parseTablesProperty } from '../../../functions/jdbc-source/task-assignment.js'
import type { SourceOffset } from '../../../layers/runtime/record/record.js'
import { requireServices } from '../../support/services.js'
import { drain, field, lastOffset, recordsOf, sourceConfig, useSchema } from './fixture.js'

requireServices('postgres')
const { schema, admin } = useSchema('jdbc_hostile')
const q = (name: string) => new PostgreSqlDialect('always').quoteIdentifier(name)
let client: pg.Client
let victim: string

// names a naive connector would paste into its SQL (PostgreSQL keeps 63 bytes of a name)
const HOSTILE_TABLES = ['Order Items', 'MixedCase', `t"; DROP TABLE VICTIM; --`, "it's", 'a.b', 'select']

beforeAll(async () => {
  client = await openConnection(sourceConfig(schema, { mode: 'bulk' }))
  victim = 'v'
  await admin.query(`CREATE TABLE ${schema}.${victim} (id int)`)
  for (const name of HOSTILE_TABLES) {
    const table = `${q(schema)}.${q(name.replace('VICTIM', `${schema}.${victim}`))}`
    await admin.query(`CREATE TABLE ${table} (
      ${q('Id')} bigserial PRIMARY KEY,
      ${q('updated at')} timestamptz NOT NULL,
      ${q('select')} text,
      ${q('a"b; DROP TABLE x')} int,
      ${q("o'clock")} text
    )`)
    await admin.query(
      `INSERT INTO ${table} (${q('updated at')}, ${q('select')}, ${q('a"b; DROP TABLE x')}, ${q("o'clock")})
       VALUES ('2026-01-01 00:00:01+00', $1, 1, 'x'), ('2026-01-01 00:00:01+00', $2, 2, 'y')`,
      [`' OR 1=1 --`, 'plain'],
    )
  }
})
afterAll(async () => {
  await client.end()
})

describe('hostile table and column names', () => {
  it('discovers them, reads them in every incremental mode and executes none of them', async () => {
    const config = sourceConfig(schema, {
      mode: 'timestamp+incrementing',
      'timestamp.column.name': 'updated at',
      'incrementing.column.name': 'Id',
      'table.blacklist': victim,
    })
    const { tables } = await discoverTables(client, config)
    expect(tables.map((t) => t.table).sort()).toEqual(
      HOSTILE_TABLES.map((n) => n.replace('VICTIM', `${schema}.${victim}`)).sort(),
    )

    for (const table of tables) {
      const querier = await TableQuerier.forTable(client, config, table)
      const batches = await drain(querier, client, null)
      expect(field(batches, 'select'), table.table).toEqual([`' OR 1=1 --`, 'plain'])
      expect(field(batches, 'a"b; DROP TABLE x')).toEqual([1, 2])
      expect(recordsOf(batches)[0]?.sourcePartition).toEqual({ protocol: '1', table: `${schema}.${table.table}` })
      expect(recordsOf(batches)[0]?.topic).toBe(`db-${table.table}`)
      const again = await drain(querier, client, lastOffset(batches, null))
      expect(again).toEqual([])
    }
    const victims = await admin.query(
      `SELECT count(*)::int AS n FROM pg_tables WHERE schemaname = $1 AND tablename = $2`,
      [schema, victim],
    )
    expect(victims.rows[0].n).toBe(1)
  })

  it('reads them in timestamp mode, with a hostile query suffix kept as the user wrote it', async () => {
    const config = sourceConfig(schema, {
      mode: 'timestamp',
      'timestamp.column.name': 'updated at',
      'table.whitelist': `"${schema}"."MixedCase"`,
      'query.suffix': '/* ; DROP TABLE x */',
    })
    const querier = await TableQuerier.forTable(client, config, tableId(null, schema, 'MixedCase'))
    expect(querier.statement.jdbcSql).toBe(
      `SELECT * FROM "${schema}"."MixedCase" WHERE "${schema}"."MixedCase"."updated at" > ? AND "${schema}"."MixedCase"."updated at" < ? ORDER BY "${schema}"."MixedCase"."updated at" ASC /* ; DROP TABLE x */`,
    )
    const offset: SourceOffset | null = null
    expect(field(await drain(querier, client, offset), 'Id')).toEqual([1n, 2n])
  })

  it('matches whitelist entries by their exact, case-sensitive names', async () => {
    const config = sourceConfig(schema, {
      mode: 'bulk',
      'table.whitelist': `MixedCase,${schema}.Order Items,mixedcase`,
    })
    const { tables, warnings } = await discoverTables(client, config)
    expect(tables.map((t) => t.table).sort()).toEqual(['MixedCase', 'Order Items'])
    expect(warnings).toEqual([expect.stringContaining('not found') as unknown as string])
    expect(warnings[0]).toContain('mixedcase')
  })

  it('carries hostile names through the tasks’ tables property unchanged', async () => {
    const config = sourceConfig(schema, { mode: 'bulk', 'table.blacklist': victim })
    const { tables } = await discoverTables(client, config)
    expect(parseTablesProperty(formatTablesProperty(tables))).toEqual(tables)
  })
})
