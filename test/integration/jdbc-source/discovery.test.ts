import type pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openConnection } from '../../../functions/jdbc-source/connection.js'
import { TableQuerier } from '../../../functions/jdbc-source/querier.js'
import { discoverTables } from '../../../functions/jdbc-source/table-discovery.js'
import { type TableId, unquotedName } from '../../../functions/jdbc-source/table-id.js'
import { assignTables } from '../../../functions/jdbc-source/task-assignment.js'
import { ConfigException, ConnectException } from '../../../layers/runtime/errors.js'
import { schemaName } from '../../support/names.js'
import { endpoints, requireServices } from '../../support/services.js'
import { drain, field, sourceConfig, useSchema } from './fixture.js'

requireServices('postgres')
const { schema, admin } = useSchema('jdbc_discovery')
const other = schemaName('jdbc_discovery_other')
let client: pg.Client

beforeAll(async () => {
  client = await openConnection(sourceConfig(schema, { mode: 'bulk' }))
  await admin.query(`CREATE SCHEMA ${other}`)
  for (const table of ['orders', 'users', 'payments']) {
    await admin.query(
      `CREATE TABLE ${schema}.${table} (id serial PRIMARY KEY, updated_at timestamptz NOT NULL DEFAULT now())`,
    )
  }
  await admin.query(`INSERT INTO ${schema}.orders DEFAULT VALUES`)
  await admin.query(`CREATE VIEW ${schema}.orders_view AS SELECT * FROM ${schema}.orders`)
  await admin.query(`CREATE MATERIALIZED VIEW ${schema}.orders_mv AS SELECT * FROM ${schema}.orders`)
  await admin.query(`CREATE TABLE ${schema}.events (id int NOT NULL, at date NOT NULL) PARTITION BY RANGE (at)`)
  await admin.query(`CREATE TABLE ${other}.orders (id serial PRIMARY KEY)`)
})
afterAll(async () => {
  await admin.query(`DROP SCHEMA IF EXISTS ${other} CASCADE`)
  await client.end()
})

const names = (tables: readonly TableId[]) => tables.map((t) => unquotedName(t))

describe('discoverTables', () => {
  it('finds the tables of schema.pattern in the driver’s order, tables only by default', async () => {
    const { tables } = await discoverTables(client, sourceConfig(schema, { mode: 'bulk' }))
    expect(names(tables)).toEqual([`${schema}.orders`, `${schema}.payments`, `${schema}.users`])
  })

  it('adds views, materialized views and partitioned tables when table.types asks for them', async () => {
    const config = sourceConfig(schema, {
      mode: 'bulk',
      'table.types': 'TABLE,view,MATERIALIZED VIEW,PARTITIONED TABLE',
    })
    const { tables } = await discoverTables(client, config)
    expect(names(tables)).toEqual([
      `${schema}.orders_mv`,
      `${schema}.events`,
      `${schema}.orders`,
      `${schema}.payments`,
      `${schema}.users`,
      `${schema}.orders_view`,
    ])
  })

  it('fails when two schemas hold a table of the same name, as both would write to one topic', async () => {
    // both schemas of this file share the prefix ct_<run>_<file>_
    const filePrefix = `${schema.split('_').slice(0, 3).join('_')}_%`
    const config = sourceConfig(schema, { mode: 'bulk', 'schema.pattern': filePrefix, 'table.whitelist': 'orders' })
    const error = await discoverTables(client, config).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(ConnectException)
    expect((error as Error).message).toContain('has detected duplicate unqualified table names')
    expect((error as Error).message).toContain(`"${schema}"."orders"`)
    expect((error as Error).message).toContain(`"${other}"."orders"`)
  })

  it('selects nothing for a catalog.pattern other than the connected database', async () => {
    const config = sourceConfig(schema, { mode: 'bulk', 'catalog.pattern': 'another_db' })
    const { tables, warnings } = await discoverTables(client, config)
    expect(tables).toEqual([])
    expect(warnings[0]).toContain('No table matches the table filters')
    const same = sourceConfig(schema, { mode: 'bulk', 'catalog.pattern': endpoints.postgres.database })
    expect((await discoverTables(client, same)).tables).toHaveLength(3)
  })

  it('filters with table.include.list and table.exclude.list over schema.table', async () => {
    const config = sourceConfig(schema, {
      mode: 'bulk',
      'table.include.list': `${schema}\\..*s`,
      'table.exclude.list': '.*\\.users',
    })
    expect(names((await discoverTables(client, config)).tables)).toEqual([`${schema}.orders`, `${schema}.payments`])
  })

  it('splits the seed’s three tables over three tasks, one each', async () => {
    const config = sourceConfig(schema, {
      mode: 'incrementing',
      'incrementing.column.name': 'id',
      'table.whitelist': 'orders,users,payments',
      'tasks.max': '3',
    })
    const { tables } = await discoverTables(client, config)
    expect(assignTables(tables, config.tasksMax).map((group) => group.map((t) => t.table))).toEqual([
      ['orders'],
      ['payments'],
      ['users'],
    ])
  })

  it('reads a view only with validate.non.null off, since views report every column nullable', async () => {
    const config = sourceConfig(schema, {
      mode: 'timestamp',
      'timestamp.column.name': 'updated_at',
      'table.types': 'VIEW',
    })
    const [view] = (await discoverTables(client, config)).tables
    expect(view?.table).toBe('orders_view')
    await expect(TableQuerier.forTable(client, config, view!)).rejects.toThrow(ConfigException)
    const relaxed = { ...config, validateNonNull: false }
    const querier = await TableQuerier.forTable(client, relaxed, view!)
    expect(field(await drain(querier, client, null), 'id')).toEqual([1])
  })
})
