import type pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openConnection } from '../../../functions/jdbc-source/connection.js'
import { TableQuerier } from '../../../functions/jdbc-source/querier.js'
import { discoverTables } from '../../../functions/jdbc-source/table-discovery.js'
import { tableId } from '../../../functions/jdbc-source/table-id.js'
import { ConfigException, ConnectException, DataException, RetriableException } from '../../../layers/runtime/errors.js'
import { tableName } from '../../support/names.js'
import { endpoints, requireServices } from '../../support/services.js'
import { drain, JDBC_URL, sourceConfig, useSchema } from './fixture.js'

requireServices('postgres')
const { schema, admin } = useSchema('jdbc_errors')
let client: pg.Client

beforeAll(async () => {
  client = await openConnection(sourceConfig(schema, { mode: 'bulk' }))
})
afterAll(async () => {
  await client.end()
})

async function failure(action: () => Promise<unknown>): Promise<Error> {
  try {
    await action()
  } catch (error) {
    if (error instanceof Error) return error
    throw error
  }
  throw new Error('expected a failure')
}

const SECRET = 'hunter2-very-secret'

describe('connection failures', () => {
  it('names the URL and the user when the credentials are refused, and never shows the password', async () => {
    const config = sourceConfig(schema, {
      mode: 'bulk',
      'connection.user': 'no_such_user',
      'connection.password': SECRET,
      'connection.url': `${JDBC_URL}?ApplicationName=x&password=${SECRET}`,
      'connection.attempts': '1',
    })
    const error = await failure(() => openConnection(config))
    expect(error).toBeInstanceOf(ConnectException)
    expect(error).not.toBeInstanceOf(RetriableException)
    expect(error.message).toBe(
      `Could not connect to ${JDBC_URL}?ApplicationName=x&password=**** as user 'no_such_user' after 1 attempt: role "no_such_user" does not exist (SQLSTATE 28000)`,
    )
    expect(error.message).not.toContain(SECRET)
  })

  it('names an unknown database', async () => {
    const url = `jdbc:postgresql://${endpoints.postgres.host}:${endpoints.postgres.port}/no_such_db`
    const error = await failure(() =>
      openConnection(sourceConfig(schema, { mode: 'bulk', 'connection.url': url, 'connection.attempts': '1' })),
    )
    expect(error.message).toContain('database "no_such_db" does not exist (SQLSTATE 3D000)')
  })

  it('tries connection.attempts times, connection.backoff.ms apart, then fails retriably when the database is down', async () => {
    const config = sourceConfig(schema, {
      mode: 'bulk',
      'connection.url': 'jdbc:postgresql://127.0.0.1:1/postgres',
      'connection.attempts': '3',
      'connection.backoff.ms': '2500',
      'connection.password': SECRET,
    })
    const waits: number[] = []
    const error = await failure(() => openConnection(config, { sleep: async (ms) => void waits.push(ms) }))
    expect(error).toBeInstanceOf(RetriableException)
    expect(waits).toEqual([2500, 2500])
    expect(error.message).toMatch(
      /^Could not connect to jdbc:postgresql:\/\/127\.0\.0\.1:1\/postgres as user 'postgres' after 3 attempts: .*ECONNREFUSED/,
    )
    expect(error.message).not.toContain(SECRET)
  })
})

describe('configuration that does not fit the database', () => {
  it('fails when no table of table.whitelist exists, naming them, and warns about the ones missing next to others', async () => {
    const present = tableName('present')
    await admin.query(`CREATE TABLE ${schema}.${present} (id serial PRIMARY KEY)`)
    const none = await failure(() =>
      discoverTables(client, sourceConfig(schema, { mode: 'bulk', 'table.whitelist': 'ghost,phantom' })),
    )
    expect(none).toBeInstanceOf(ConfigException)
    expect(none.message).toBe(
      `None of the tables in table.whitelist exists or is visible to the connecting user (table.types=TABLE, schema.pattern=${schema}): ghost, phantom`,
    )
    const some = await discoverTables(
      client,
      sourceConfig(schema, { mode: 'bulk', 'table.whitelist': `ghost,${present}` }),
    )
    expect(some.tables.map((t) => t.table)).toEqual([present])
    expect(some.warnings).toEqual([
      `Tables in table.whitelist not found (table.types=TABLE, schema.pattern=${schema}); they are read once they exist: ghost`,
    ])
  })

  it('names the table and the column when the incrementing column is missing or nullable', async () => {
    const table = tableName('cols')
    await admin.query(`CREATE TABLE ${schema}.${table} (id serial PRIMARY KEY, seq int, ts timestamptz)`)
    const missing = await failure(() =>
      TableQuerier.forTable(
        client,
        sourceConfig(schema, { mode: 'incrementing', 'incrementing.column.name': 'nope' }),
        tableId(null, schema, table),
      ),
    )
    expect(missing).toBeInstanceOf(ConfigException)
    expect(missing.message).toBe(`Incrementing column: nope does not exist in table '"${schema}"."${table}"'`)
    const nullable = await failure(() =>
      TableQuerier.forTable(
        client,
        sourceConfig(schema, { mode: 'incrementing', 'incrementing.column.name': 'seq' }),
        tableId(null, schema, table),
      ),
    )
    expect(nullable.message).toBe(
      `Cannot make incremental queries using incrementing column seq on "${schema}"."${table}" because this column is nullable.`,
    )
    const timestamps = await failure(() =>
      TableQuerier.forTable(
        client,
        sourceConfig(schema, { mode: 'timestamp', 'timestamp.column.name': 'ts' }),
        tableId(null, schema, table),
      ),
    )
    expect(timestamps.message).toContain('because all of these columns are nullable.')
  })

  it('names a table that does not exist', async () => {
    const error = await failure(() =>
      TableQuerier.forTable(client, sourceConfig(schema, { mode: 'bulk' }), tableId(null, schema, 'ghost')),
    )
    expect(error.message).toBe(
      `Table "${schema}"."ghost" does not exist or has no columns visible to the connecting user`,
    )
  })
})

describe('failures while polling', () => {
  it('reports a query that does not run with its SQL and SQLSTATE, rolls back and leaves the connection usable', async () => {
    const config = sourceConfig(schema, {
      mode: 'incrementing',
      'incrementing.column.name': 'id',
      query: `SELECT id, missing_column FROM ${schema}.nowhere`,
      'topic.prefix': 'q',
    })
    const error = await failure(() => drain(TableQuerier.forQuery(config), client, null))
    expect(error).toBeInstanceOf(ConnectException)
    expect(error).not.toBeInstanceOf(RetriableException)
    expect(error.message).toBe(
      `Failed to query query 'SELECT id, missing_column FROM ${schema}.nowhere' with "SELECT id, missing_column FROM ${schema}.nowhere WHERE "id" > ? ORDER BY "id" ASC": relation "${schema}.nowhere" does not exist (SQLSTATE 42P01)`,
    )
    const after = await client.query('SELECT 1 AS one')
    expect(after.rows[0].one).toBe(1)
  })

  it('keeps a masked query out of the message', async () => {
    const config = sourceConfig(schema, {
      mode: 'bulk',
      'query.masked': "SELECT 'secret-literal' FROM nowhere_at_all",
      'topic.prefix': 'q',
    })
    const error = await failure(() => drain(TableQuerier.forQuery(config), client, null))
    expect(error.message).toBe(
      'Failed to query the configured query.masked: relation "nowhere_at_all" does not exist (SQLSTATE 42P01)',
    )
  })

  it('names the table when it disappears between polls', async () => {
    const table = tableName('dropped')
    await admin.query(`CREATE TABLE ${schema}.${table} (id serial PRIMARY KEY)`)
    const querier = await TableQuerier.forTable(
      client,
      sourceConfig(schema, { mode: 'incrementing', 'incrementing.column.name': 'id' }),
      tableId(null, schema, table),
    )
    await admin.query(`DROP TABLE ${schema}.${table}`)
    const error = await failure(() => drain(querier, client, null))
    expect(error.message).toContain(`Failed to query table "${schema}"."${table}"`)
    expect(error.message).toContain('(SQLSTATE 42P01)')
  })

  it('names table and column of a value that does not fit its Connect type', async () => {
    const table = tableName('overflow')
    await admin.query(`CREATE TABLE ${schema}.${table} (id serial PRIMARY KEY, n numeric)`)
    await admin.query(`INSERT INTO ${schema}.${table} (n) VALUES (300)`)
    const querier = await TableQuerier.forTable(
      client,
      sourceConfig(schema, { mode: 'bulk', 'numeric.mapping': 'best_fit' }),
      tableId(null, schema, table),
    )
    const error = await failure(() => drain(querier, client, null))
    expect(error).toBeInstanceOf(DataException)
    expect(error.message).toBe(
      `Reading table "${schema}"."${table}": Cannot read column n: Bad value for type byte : 300`,
    )
  })

  it('never reads a row whose incrementing value is NULL when validate.non.null is off, as Confluent’s SQL', async () => {
    const table = tableName('null_id')
    await admin.query(`CREATE TABLE ${schema}.${table} (seq int, label text)`)
    await admin.query(`INSERT INTO ${schema}.${table} VALUES (1, 'one'), (NULL, 'none')`)
    const querier = await TableQuerier.forTable(
      client,
      sourceConfig(schema, { mode: 'incrementing', 'incrementing.column.name': 'seq', 'validate.non.null': 'false' }),
      tableId(null, schema, table),
    )
    const batches = await drain(querier, client, null)
    expect(batches.flatMap((b) => b.records).map((r) => r.sourceOffset)).toEqual([{ incrementing: 1n }])
  })
})
