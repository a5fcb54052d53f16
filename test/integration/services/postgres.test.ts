import pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { schemaName, tableName } from '../../support/names.js'
import { endpoints, requireServices } from '../../support/services.js'

requireServices('postgres')

const client = new pg.Client({ connectionString: endpoints.postgres.url })
const schema = schemaName('smoke')

beforeAll(async () => {
  await client.connect()
  await client.query(`CREATE SCHEMA ${schema}`)
})

afterAll(async () => {
  await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`)
  await client.end()
})

describe('PostgreSQL', () => {
  it('creates a table, inserts rows with parameters and reads them back in order', async () => {
    const table = `${schema}.${tableName('orders')}`
    await client.query(`
      CREATE TABLE ${table} (
        id         bigserial PRIMARY KEY,
        customer   text NOT NULL,
        amount     numeric(10, 2) NOT NULL,
        payload    bytea,
        attributes jsonb,
        updated_at timestamptz NOT NULL
      )`)
    const rows = [
      ['alice', '12.30', Buffer.from([0x00, 0xff, 0x10]), { vip: true }, new Date('2024-01-02T03:04:05.678Z')],
      ['bob', '0.05', null, null, new Date('2024-01-02T03:04:06.000Z')],
    ] as const
    for (const row of rows) {
      await client.query(
        `INSERT INTO ${table} (customer, amount, payload, attributes, updated_at) VALUES ($1, $2, $3, $4, $5)`,
        [...row],
      )
    }

    const result = await client.query<{
      id: string
      customer: string
      amount: string
      payload: Buffer | null
      attributes: unknown
      updated_at: Date
    }>(`SELECT id, customer, amount, payload, attributes, updated_at FROM ${table} ORDER BY id`)

    expect(result.rows).toEqual([
      {
        id: '1',
        customer: 'alice',
        amount: '12.30',
        payload: Buffer.from([0x00, 0xff, 0x10]),
        attributes: { vip: true },
        updated_at: new Date('2024-01-02T03:04:05.678Z'),
      },
      {
        id: '2',
        customer: 'bob',
        amount: '0.05',
        payload: null,
        attributes: null,
        updated_at: new Date('2024-01-02T03:04:06.000Z'),
      },
    ])
    const count = await client.query<{ n: string }>(`SELECT count(*) AS n FROM ${table} WHERE amount > $1`, ['1'])
    expect(count.rows[0]?.n).toBe('1')
  })
})
