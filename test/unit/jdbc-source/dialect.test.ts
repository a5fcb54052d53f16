import { describe, expect, it } from 'vitest'
import {
  beginTransactionSql,
  describeColumnsStatement,
  PostgreSqlDialect,
  tableDiscoveryStatement,
} from '../../../functions/jdbc-source/dialect.js'
import { tableId } from '../../../functions/jdbc-source/table-id.js'

const orders = tableId(null, 'public', 'orders')

describe('PostgreSqlDialect identifier quoting', () => {
  it('quotes identifiers in double quotes and doubles embedded quotes', () => {
    const dialect = new PostgreSqlDialect('always')
    expect(dialect.quoteIdentifier('orders')).toBe('"orders"')
    expect(dialect.quoteIdentifier('My "quoted" Table')).toBe('"My ""quoted"" Table"')
    expect(dialect.quoteIdentifier('x"; DROP TABLE y; --')).toBe('"x""; DROP TABLE y; --"')
  })

  it('leaves plain identifiers bare with quote.sql.identifiers=never, but still quotes names that would read as SQL', () => {
    const dialect = new PostgreSqlDialect('never')
    expect(dialect.quoteIdentifier('orders')).toBe('orders')
    expect(dialect.quoteIdentifier('Orders_2$')).toBe('Orders_2$')
    expect(dialect.quoteIdentifier('order items')).toBe('"order items"')
    expect(dialect.quoteIdentifier('x; DROP TABLE y')).toBe('"x; DROP TABLE y"')
  })

  it('qualifies a table with its schema and catalog when it has them', () => {
    const dialect = new PostgreSqlDialect('always')
    expect(dialect.qualifiedName(orders)).toBe('"public"."orders"')
    expect(dialect.qualifiedName(tableId('db', 'public', 'orders'))).toBe('"db"."public"."orders"')
    expect(dialect.qualifiedName(tableId(null, null, 'orders'))).toBe('"orders"')
  })
})

describe('PostgreSqlDialect.buildSelect (the SQL Confluent runs per mode)', () => {
  const dialect = new PostgreSqlDialect('always')
  const table = { table: orders }

  it('selects the whole table in bulk mode, with the suffix after a space', () => {
    const s = dialect.buildSelect({
      mode: 'bulk',
      source: table,
      incrementingColumn: null,
      timestampColumns: [],
      suffix: '',
    })
    expect(s.jdbcSql).toBe('SELECT * FROM "public"."orders"')
    expect(s.parameters).toEqual([])
    const withSuffix = dialect.buildSelect({
      mode: 'bulk',
      source: table,
      incrementingColumn: null,
      timestampColumns: [],
      suffix: 'FOR UPDATE SKIP LOCKED',
    })
    expect(withSuffix.sql).toBe('SELECT * FROM "public"."orders" FOR UPDATE SKIP LOCKED')
  })

  it('builds the incrementing criteria with table-qualified columns, as Confluent’s ColumnId does', () => {
    const s = dialect.buildSelect({
      mode: 'incrementing',
      source: table,
      incrementingColumn: 'id',
      timestampColumns: [],
      suffix: '',
    })
    expect(s.jdbcSql).toBe(
      'SELECT * FROM "public"."orders" WHERE "public"."orders"."id" > ? ORDER BY "public"."orders"."id" ASC',
    )
    expect(s.sql).toBe(
      'SELECT * FROM "public"."orders" WHERE "public"."orders"."id" > $1 ORDER BY "public"."orders"."id" ASC',
    )
    expect(s.parameters).toEqual(['incrementing'])
  })

  it('builds the timestamp criteria with COALESCE over several columns (TimestampIncrementingCriteriaTest)', () => {
    const s = dialect.buildSelect({
      mode: 'timestamp',
      source: { table: tableId(null, null, 'myTable') },
      incrementingColumn: null,
      timestampColumns: ['ts1', 'ts2'],
      suffix: '',
    })
    expect(s.jdbcSql).toBe(
      'SELECT * FROM "myTable" WHERE COALESCE("myTable"."ts1","myTable"."ts2") > ? AND COALESCE("myTable"."ts1","myTable"."ts2") < ? ORDER BY COALESCE("myTable"."ts1","myTable"."ts2") ASC',
    )
    expect(s.parameters).toEqual(['begin', 'end'])
  })

  it('builds the timestamp+incrementing criteria with end, begin, id, begin bound in that order', () => {
    const s = dialect.buildSelect({
      mode: 'timestamp+incrementing',
      source: { table: tableId(null, null, 'myTable') },
      incrementingColumn: 'id',
      timestampColumns: ['ts1', 'ts2'],
      suffix: '',
    })
    expect(s.jdbcSql).toBe(
      'SELECT * FROM "myTable" WHERE COALESCE("myTable"."ts1","myTable"."ts2") < ? AND ((COALESCE("myTable"."ts1","myTable"."ts2") = ? AND "myTable"."id" > ?) OR COALESCE("myTable"."ts1","myTable"."ts2") > ?) ORDER BY COALESCE("myTable"."ts1","myTable"."ts2"),"myTable"."id" ASC',
    )
    expect(s.sql).toContain('< $1 AND ((COALESCE("myTable"."ts1","myTable"."ts2") = $2 AND "myTable"."id" > $3) OR')
    expect(s.parameters).toEqual(['end', 'begin', 'incrementing', 'begin'])
  })

  it('uses one timestamp column without COALESCE', () => {
    const s = dialect.buildSelect({
      mode: 'timestamp',
      source: table,
      incrementingColumn: null,
      timestampColumns: ['updated_at'],
      suffix: '',
    })
    expect(s.jdbcSql).toBe(
      'SELECT * FROM "public"."orders" WHERE "public"."orders"."updated_at" > ? AND "public"."orders"."updated_at" < ? ORDER BY "public"."orders"."updated_at" ASC',
    )
  })

  it('writes bare names with quote.sql.identifiers=never (TimestampIncrementingCriteriaTest)', () => {
    const s = new PostgreSqlDialect('never').buildSelect({
      mode: 'timestamp+incrementing',
      source: { table: tableId(null, null, 'myTable') },
      incrementingColumn: 'id',
      timestampColumns: ['ts1', 'ts2'],
      suffix: '',
    })
    expect(s.jdbcSql).toBe(
      'SELECT * FROM myTable WHERE COALESCE(myTable.ts1,myTable.ts2) < ? AND ((COALESCE(myTable.ts1,myTable.ts2) = ? AND myTable.id > ?) OR COALESCE(myTable.ts1,myTable.ts2) > ?) ORDER BY COALESCE(myTable.ts1,myTable.ts2),myTable.id ASC',
    )
  })

  it('appends the criteria to the user query unqualified in query mode, then the suffix (TableQuerierTest)', () => {
    const s = dialect.buildSelect({
      mode: 'incrementing',
      source: { query: 'SELECT * FROM name' },
      incrementingColumn: 'column',
      timestampColumns: [],
      suffix: '/* SUFFIX */',
    })
    expect(s.jdbcSql).toBe('SELECT * FROM name WHERE "column" > ? ORDER BY "column" ASC /* SUFFIX */')
  })

  it('keeps question marks of the user query out of the placeholders', () => {
    const s = dialect.buildSelect({
      mode: 'incrementing',
      source: { query: "SELECT * FROM t JOIN u ON t.doc ? 'k'" },
      incrementingColumn: 'id',
      timestampColumns: [],
      suffix: '',
    })
    expect(s.sql).toBe('SELECT * FROM t JOIN u ON t.doc ? \'k\' WHERE "id" > $1 ORDER BY "id" ASC')
  })
})

describe('transactions and catalog statements', () => {
  it('opens each query’s transaction with the configured isolation level', () => {
    expect(beginTransactionSql('DEFAULT')).toBe('BEGIN')
    expect(beginTransactionSql('REPEATABLE_READ')).toBe('BEGIN ISOLATION LEVEL REPEATABLE READ')
    expect(beginTransactionSql('SERIALIZABLE')).toBe('BEGIN ISOLATION LEVEL SERIALIZABLE')
  })

  it('selects only the requested table types, matched case-insensitively, and binds the patterns', () => {
    const s = tableDiscoveryStatement({ tableTypes: ['table', 'View'], schemaPattern: 'sales%', catalogPattern: null })
    expect(s.text).toContain("c.relkind = 'r' AND n.nspname !~ '^pg_'")
    expect(s.text).toContain("c.relkind = 'v' AND n.nspname <> 'pg_catalog'")
    expect(s.text).not.toContain("c.relkind = 'm'")
    expect(s.values).toEqual(['sales%', null])
    const none = tableDiscoveryStatement({ tableTypes: ['NO SUCH TYPE'], schemaPattern: null, catalogPattern: null })
    expect(none.text).toContain('AND (false)')
  })

  it('describes a table’s columns by exact name, binding the name instead of writing it into the SQL', () => {
    const s = describeColumnsStatement(tableId(null, 's', "x'; DROP TABLE y; --"))
    expect(s.values).toEqual(["x'; DROP TABLE y; --", 's'])
    expect(s.text).not.toContain('DROP')
  })
})
