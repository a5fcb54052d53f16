import { describe, expect, it } from 'vitest'
import { PostgreSqlDialect } from '../../../functions/jdbc-source/dialect.js'
import { queryShape } from '../../../functions/jdbc-source/query-text.js'

describe('queryShape', () => {
  it('sees no collision in a plain SELECT, a join or a CTE whose clauses are all inside parentheses', () => {
    expect(queryShape('SELECT * FROM orders').collides).toBe(false)
    expect(
      queryShape('SELECT o.id, c.name AS customer FROM orders o JOIN customers c ON c.id = o.customer_id').collides,
    ).toBe(false)
    expect(queryShape('SELECT * FROM (SELECT * FROM t WHERE x > 1 ORDER BY x LIMIT 5) q').collides).toBe(false)
    expect(
      queryShape("WITH recent AS (SELECT * FROM t WHERE ts > now() - interval '1 day') SELECT * FROM recent").collides,
    ).toBe(false)
    expect(queryShape('SELECT order_id, "where", for_sale FROM t').collides).toBe(false)
  })

  it('sees top-level WHERE, GROUP BY, ORDER BY, LIMIT, set operations, FOR UPDATE and a trailing semicolon', () => {
    for (const query of [
      'SELECT * FROM t WHERE x = 1',
      'select id, count(*) from t group by id',
      'SELECT * FROM t ORDER BY id',
      'SELECT * FROM t LIMIT 10',
      'SELECT 1 AS id UNION ALL SELECT 2',
      'SELECT * FROM t FOR UPDATE',
      'SELECT * FROM t;',
    ]) {
      expect(queryShape(query).collides, query).toBe(true)
    }
    expect(queryShape('SELECT * FROM t ; \n').text).toBe('SELECT * FROM t')
  })

  it('skips keywords inside strings, quoted names, dollar quotes and comments', () => {
    expect(queryShape("SELECT 'WHERE' AS a, E'it\\'s ORDER' AS b FROM t").collides).toBe(false)
    expect(queryShape('SELECT $x$ GROUP BY $x$ AS a FROM t').collides).toBe(false)
    expect(queryShape('SELECT * FROM t -- WHERE x\n').collides).toBe(false)
    expect(queryShape('SELECT * FROM t /* LIMIT /* nested */ 5 */').collides).toBe(false)
  })
})

describe('PostgreSqlDialect.buildSelect with a colliding query', () => {
  const dialect = new PostgreSqlDialect('always')
  it('runs it as a subquery in incremental modes, and appends to it unchanged in bulk mode', () => {
    const query = 'SELECT customer_id AS id, max(updated_at) AS ts FROM orders GROUP BY customer_id'
    const incremental = dialect.buildSelect({
      mode: 'timestamp+incrementing',
      source: { query },
      incrementingColumn: 'id',
      timestampColumns: ['ts'],
      suffix: '',
    })
    expect(incremental.wrapped).toBe(true)
    expect(incremental.jdbcSql).toBe(
      `SELECT * FROM (${query}) AS "connectless_query" WHERE "ts" < ? AND (("ts" = ? AND "id" > ?) OR "ts" > ?) ORDER BY "ts","id" ASC`,
    )
    const bulk = dialect.buildSelect({
      mode: 'bulk',
      source: { query },
      incrementingColumn: null,
      timestampColumns: [],
      suffix: '',
    })
    expect(bulk.wrapped).toBe(false)
    expect(bulk.sql).toBe(query)
  })
})
