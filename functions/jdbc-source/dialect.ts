/**
 * Confluent's `PostgreSqlDatabaseDialect` for the source side: identifier quoting, the SQL each mode
 * runs (Confluent's `TimestampIncrementingCriteria`, text for text), the current-time query, table
 * discovery (pgjdbc's `DatabaseMetaData.getTables`) and column description (`getColumns`).
 *
 * Every value goes to the database as a bind parameter; identifiers are quoted, embedded quotes
 * doubled. The statement text is returned twice: with PostgreSQL's `$n` placeholders (what runs) and
 * with JDBC's `?` (what Confluent logs), so the two can be compared.
 */
import type { Mode, QuoteMethod, TransactionIsolationMode } from './config.js'
import { queryShape } from './query-text.js'
import type { TableId } from './table-id.js'

/** What a bind parameter of a mode's query holds. */
export const CriteriaParameter = {
  /** The stored timestamp offset (epoch 0 without one). */
  BEGIN: 'begin',
  /** The database's current time minus `timestamp.delay.interval.ms`. */
  END: 'end',
  /** The stored incrementing offset (-1 without one). */
  INCREMENTING: 'incrementing',
} as const
export type CriteriaParameter = (typeof CriteriaParameter)[keyof typeof CriteriaParameter]

/** A statement to run, with its bind parameters in order. */
export interface SelectStatement {
  /** The text with `$1…$n` placeholders, for PostgreSQL. */
  readonly sql: string
  /** The same text with `?` placeholders, as Confluent builds and logs it. */
  readonly jdbcSql: string
  readonly parameters: readonly CriteriaParameter[]
  /** Whether the user's query runs as a subquery, because the criteria could not follow it. */
  readonly wrapped: boolean
}

/** The alias of the user's query when it runs as a subquery. */
export const WRAPPED_QUERY_ALIAS = 'connectless_query'

/** What a querier selects from: a table (`SELECT * FROM …`) or the user's `query`. */
export type QuerySource = { readonly table: TableId } | { readonly query: string }

export interface SelectSpec {
  readonly mode: Mode
  readonly source: QuerySource
  /** Used by `incrementing` and `timestamp+incrementing` only. */
  readonly incrementingColumn: string | null
  /** Used by `timestamp` and `timestamp+incrementing` only; several are COALESCEd in order. */
  readonly timestampColumns: readonly string[]
  /** `query.suffix`, trimmed; appended after a space when not empty. */
  readonly suffix: string
}

// PostgreSQL reads these unquoted as the same name; anything else would change meaning unquoted.
const PLAIN_IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_$]*$/

/** Builds a statement's two spellings side by side (Confluent's `ExpressionBuilder`). */
class StatementBuilder {
  #sql = ''
  #jdbc = ''
  readonly parameters: CriteriaParameter[] = []

  append(text: string): this {
    this.#sql += text
    this.#jdbc += text
    return this
  }

  parameter(role: CriteriaParameter): this {
    this.parameters.push(role)
    this.#sql += `$${this.parameters.length}`
    this.#jdbc += '?'
    return this
  }

  build(wrapped: boolean): SelectStatement {
    return { sql: this.#sql, jdbcSql: this.#jdbc, parameters: this.parameters, wrapped }
  }
}

/** The PostgreSQL dialect, for one `quote.sql.identifiers` setting. */
export class PostgreSqlDialect {
  constructor(readonly quote: QuoteMethod = 'always') {}

  /**
   * An identifier as the statement needs it: in double quotes with embedded quotes doubled; with
   * `quote.sql.identifiers=never`, bare when PostgreSQL reads it bare as the same identifier, and
   * still quoted otherwise, so that no name is ever read as SQL.
   */
  quoteIdentifier(name: string): string {
    if (this.quote === 'never' && PLAIN_IDENTIFIER.test(name)) return name
    return `"${name.replaceAll('"', '""')}"`
  }

  /** `"schema"."table"` (and the catalog when the id has one), for `FROM`. */
  qualifiedName(id: TableId): string {
    let name = this.quoteIdentifier(id.table)
    if (id.schema !== null) name = `${this.quoteIdentifier(id.schema)}.${name}`
    if (id.catalog !== null) name = `${this.quoteIdentifier(id.catalog)}.${name}`
    return name
  }

  /**
   * The statement a mode runs, exactly as Confluent builds it:
   * - bulk: `SELECT * FROM "s"."t"` (or the query) and nothing more;
   * - incrementing: `… WHERE inc > ? ORDER BY inc ASC`;
   * - timestamp: `… WHERE ts > ? AND ts < ? ORDER BY ts ASC`;
   * - timestamp+incrementing: `… WHERE ts < ? AND ((ts = ? AND inc > ?) OR ts > ?) ORDER BY ts,inc ASC`;
   * where a column is qualified by the table in table mode (`"s"."t"."id"`, Confluent's `ColumnId`)
   * and bare in query mode, ts is the one timestamp column or `COALESCE(c1,c2)`; then `query.suffix`
   * after a space. Confluent's SQL has no LIMIT: `batch.max.rows` bounds each batch read from the
   * open result.
   *
   * A user query that already ends in a clause the criteria cannot follow (a top-level WHERE, GROUP
   * BY, ORDER BY, LIMIT, UNION, …) fails on every poll in Confluent; here it runs as a subquery,
   * `SELECT * FROM (<query>) AS "connectless_query"`, and `wrapped` says so. Any other query gets
   * the criteria appended as Confluent appends them.
   */
  buildSelect(spec: SelectSpec): SelectStatement {
    const b = new StatementBuilder()
    let wrapped = false
    if ('table' in spec.source) {
      b.append(`SELECT * FROM ${this.qualifiedName(spec.source.table)}`)
    } else if (spec.mode !== 'bulk' && queryShape(spec.source.query).collides) {
      wrapped = true
      b.append(`SELECT * FROM (${queryShape(spec.source.query).text}) AS ${this.quoteIdentifier(WRAPPED_QUERY_ALIAS)}`)
    } else {
      b.append(spec.source.query)
    }
    const qualifier = 'table' in spec.source ? `${this.qualifiedName(spec.source.table)}.` : ''
    const column = (name: string) => qualifier + this.quoteIdentifier(name)
    const ts = this.#timestampExpression(spec.timestampColumns.map(column))
    const inc = spec.incrementingColumn === null ? null : column(spec.incrementingColumn)
    switch (spec.mode) {
      case 'incrementing':
        if (inc === null) throw new Error('incrementing mode needs an incrementing column')
        b.append(` WHERE ${inc} > `).parameter('incrementing').append(` ORDER BY ${inc} ASC`)
        break
      case 'timestamp':
        if (ts === null) throw new Error('timestamp mode needs a timestamp column')
        b.append(` WHERE ${ts} > `).parameter('begin').append(` AND ${ts} < `).parameter('end')
        b.append(` ORDER BY ${ts} ASC`)
        break
      case 'timestamp+incrementing':
        if (ts === null || inc === null) throw new Error('timestamp+incrementing mode needs both columns')
        b.append(` WHERE ${ts} < `).parameter('end').append(` AND ((${ts} = `).parameter('begin')
        b.append(` AND ${inc} > `).parameter('incrementing').append(`) OR ${ts} > `).parameter('begin')
        b.append(`) ORDER BY ${ts},${inc} ASC`)
        break
      case 'bulk':
        break
    }
    if (spec.suffix !== '') b.append(` ${spec.suffix}`)
    return b.build(wrapped)
  }

  #timestampExpression(columns: readonly string[]): string | null {
    if (columns.length === 0) return null
    if (columns.length === 1) return columns[0]!
    return `COALESCE(${columns.join(',')})`
  }
}

/** The database clock, as Confluent's PostgreSQL dialect reads it before each timestamp query. */
export const CURRENT_TIMESTAMP_SQL = 'SELECT CURRENT_TIMESTAMP'

const ISOLATION_SQL: Readonly<Record<TransactionIsolationMode, string>> = {
  DEFAULT: 'BEGIN',
  READ_UNCOMMITTED: 'BEGIN ISOLATION LEVEL READ UNCOMMITTED',
  READ_COMMITTED: 'BEGIN ISOLATION LEVEL READ COMMITTED',
  REPEATABLE_READ: 'BEGIN ISOLATION LEVEL REPEATABLE READ',
  SERIALIZABLE: 'BEGIN ISOLATION LEVEL SERIALIZABLE',
  SQL_SERVER_SNAPSHOT: 'BEGIN',
}

/** The `BEGIN` that opens each query's transaction (Confluent runs with auto-commit off). */
export function beginTransactionSql(mode: TransactionIsolationMode): string {
  return ISOLATION_SQL[mode]
}

// pgjdbc's getTables(): the TABLE_TYPE of each relation, and the clause that selects each type.
const TABLE_TYPE_EXPRESSION = `CASE n.nspname ~ '^pg_' OR n.nspname = 'information_schema'
  WHEN true THEN CASE
    WHEN n.nspname = 'pg_catalog' OR n.nspname = 'information_schema' THEN CASE c.relkind
      WHEN 'r' THEN 'SYSTEM TABLE' WHEN 'v' THEN 'SYSTEM VIEW' WHEN 'i' THEN 'SYSTEM INDEX' ELSE NULL END
    WHEN n.nspname = 'pg_toast' THEN CASE c.relkind
      WHEN 'r' THEN 'SYSTEM TOAST TABLE' WHEN 'i' THEN 'SYSTEM TOAST INDEX' ELSE NULL END
    ELSE CASE c.relkind
      WHEN 'r' THEN 'TEMPORARY TABLE' WHEN 'p' THEN 'TEMPORARY TABLE' WHEN 'i' THEN 'TEMPORARY INDEX'
      WHEN 'S' THEN 'TEMPORARY SEQUENCE' WHEN 'v' THEN 'TEMPORARY VIEW' ELSE NULL END
  END
  WHEN false THEN CASE c.relkind
    WHEN 'r' THEN 'TABLE' WHEN 'p' THEN 'PARTITIONED TABLE' WHEN 'i' THEN 'INDEX'
    WHEN 'P' THEN 'PARTITIONED INDEX' WHEN 'S' THEN 'SEQUENCE' WHEN 'v' THEN 'VIEW' WHEN 'c' THEN 'TYPE'
    WHEN 'f' THEN 'FOREIGN TABLE' WHEN 'm' THEN 'MATERIALIZED VIEW' ELSE NULL END
  ELSE NULL END`

const TABLE_TYPE_CLAUSES: Readonly<Record<string, string>> = {
  TABLE: "c.relkind = 'r' AND n.nspname !~ '^pg_' AND n.nspname <> 'information_schema'",
  'PARTITIONED TABLE': "c.relkind = 'p' AND n.nspname !~ '^pg_' AND n.nspname <> 'information_schema'",
  VIEW: "c.relkind = 'v' AND n.nspname <> 'pg_catalog' AND n.nspname <> 'information_schema'",
  INDEX: "c.relkind = 'i' AND n.nspname !~ '^pg_' AND n.nspname <> 'information_schema'",
  'PARTITIONED INDEX': "c.relkind = 'I' AND n.nspname !~ '^pg_' AND n.nspname <> 'information_schema'",
  SEQUENCE: "c.relkind = 'S'",
  TYPE: "c.relkind = 'c' AND n.nspname !~ '^pg_' AND n.nspname <> 'information_schema'",
  'SYSTEM TABLE': "c.relkind = 'r' AND (n.nspname = 'pg_catalog' OR n.nspname = 'information_schema')",
  'SYSTEM TOAST TABLE': "c.relkind = 'r' AND n.nspname = 'pg_toast'",
  'SYSTEM TOAST INDEX': "c.relkind = 'i' AND n.nspname = 'pg_toast'",
  'SYSTEM VIEW': "c.relkind = 'v' AND (n.nspname = 'pg_catalog' OR n.nspname = 'information_schema')",
  'SYSTEM INDEX': "c.relkind = 'i' AND (n.nspname = 'pg_catalog' OR n.nspname = 'information_schema')",
  'TEMPORARY TABLE': "c.relkind IN ('r','p') AND n.nspname ~ '^pg_temp_'",
  'TEMPORARY INDEX': "c.relkind = 'i' AND n.nspname ~ '^pg_temp_'",
  'TEMPORARY VIEW': "c.relkind = 'v' AND n.nspname ~ '^pg_temp_'",
  'TEMPORARY SEQUENCE': "c.relkind = 'S' AND n.nspname ~ '^pg_temp_'",
  'FOREIGN TABLE': "c.relkind = 'f'",
  'MATERIALIZED VIEW': "c.relkind = 'm'",
}

/** A statement with its parameters, ready for `client.query`. */
export interface Statement {
  readonly text: string
  readonly values: readonly (string | null)[]
}

/**
 * The tables `table.types`, `schema.pattern` and `catalog.pattern` select, as pgjdbc's `getTables`
 * finds them: types matched case-insensitively against the driver's type names (unknown ones select
 * nothing), `schema.pattern` as a LIKE pattern, a catalog other than the connected database selecting
 * nothing; ordered by type, schema and name. Rows: `table_schem`, `table_name`, `table_type`.
 */
export function tableDiscoveryStatement(options: {
  readonly tableTypes: readonly string[]
  readonly schemaPattern: string | null
  readonly catalogPattern: string | null
}): Statement {
  const wanted = new Set(options.tableTypes.map((t) => t.trim().toUpperCase()))
  const clauses = Object.entries(TABLE_TYPE_CLAUSES)
    .filter(([type]) => wanted.has(type))
    .map(([, clause]) => ` OR (${clause})`)
    .join('')
  const text = `SELECT n.nspname AS table_schem, c.relname AS table_name, ${TABLE_TYPE_EXPRESSION} AS table_type
FROM pg_catalog.pg_namespace n JOIN pg_catalog.pg_class c ON c.relnamespace = n.oid
WHERE ($1::text IS NULL OR n.nspname LIKE $1) AND ($2::text IS NULL OR $2 = current_database())
  AND (false${clauses})
ORDER BY table_type, table_schem, table_name`
  return { text, values: [options.schemaPattern, options.catalogPattern] }
}

/**
 * The columns of one table as pgjdbc's `getColumns` describes them, in column order: `attname`,
 * `not_null` (`attnotnull`, a NOT NULL domain, or part of the primary key, as Confluent counts it),
 * `auto_increment` (identity or a `nextval` default), `typname`. Without a schema, the table visible
 * on the search path.
 */
export function describeColumnsStatement(id: TableId): Statement {
  const text = `SELECT a.attname,
  (a.attnotnull OR (t.typtype = 'd' AND t.typnotnull)
    OR EXISTS (SELECT 1 FROM pg_catalog.pg_index i WHERE i.indrelid = c.oid AND i.indisprimary AND a.attnum = ANY (i.indkey))) AS not_null,
  (a.attidentity <> '' OR COALESCE(pg_catalog.pg_get_expr(d.adbin, d.adrelid) LIKE '%nextval(%', false)) AS auto_increment,
  t.typname
FROM pg_catalog.pg_class c
JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
JOIN pg_catalog.pg_attribute a ON a.attrelid = c.oid
JOIN pg_catalog.pg_type t ON t.oid = a.atttypid
LEFT JOIN pg_catalog.pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
WHERE c.relname = $1 AND a.attnum > 0 AND NOT a.attisdropped
  AND (CASE WHEN $2::text IS NULL THEN pg_catalog.pg_table_is_visible(c.oid) ELSE n.nspname = $2 END)
ORDER BY a.attnum`
  return { text, values: [id.table, id.schema] }
}
