/**
 * The columns a table's offsets come from, checked as Confluent's task checks them at start: the
 * incrementing column (configured, mapped by `incrementing.column.mapping`, or the table's first
 * auto-increment column) and the timestamp columns must exist, and with `validate.non.null` the
 * incrementing column and at least one timestamp column must be NOT NULL. Every error names the
 * table and the column.
 */
import type { ClientBase } from 'pg'
import { ConfigException, ConnectException } from '../../layers/runtime/errors.js'
import type { ColumnMapping, JdbcSourceConfig, Mode } from './config.js'
import { describeColumnsStatement, PostgreSqlDialect } from './dialect.js'
import { connectExceptionFor } from './session.js'
import { type TableId, unquotedName } from './table-id.js'

/** A table column, as `getColumns` describes it. */
export interface TableColumn {
  readonly name: string
  /** NOT NULL, a NOT NULL domain, or part of the primary key. */
  readonly notNull: boolean
  readonly autoIncrement: boolean
  readonly typeName: string
}

/** The columns a querier uses for its criteria and offsets. */
export interface OffsetColumns {
  /** Null in `bulk` and `timestamp` modes. */
  readonly incrementingColumn: string | null
  /** Empty in `bulk` and `incrementing` modes. */
  readonly timestampColumns: readonly string[]
}

type ColumnConfig = Pick<
  JdbcSourceConfig,
  | 'mode'
  | 'incrementingColumnName'
  | 'timestampColumnNames'
  | 'incrementingColumnMapping'
  | 'timestampColumnsMapping'
  | 'tableIncludeList'
  | 'validateNonNull'
  | 'quoteSqlIdentifiers'
>

export function usesIncrementing(mode: Mode): boolean {
  return mode === 'incrementing' || mode === 'timestamp+incrementing'
}

export function usesTimestamps(mode: Mode): boolean {
  return mode === 'timestamp' || mode === 'timestamp+incrementing'
}

/** The columns of a table; empty when the table does not exist or cannot be seen. */
export async function describeTableColumns(client: ClientBase, table: TableId): Promise<TableColumn[]> {
  const statement = describeColumnsStatement(table)
  try {
    const res = await client.query<{ attname: string; not_null: boolean; auto_increment: boolean; typname: string }>(
      statement.text,
      [...statement.values],
    )
    return res.rows.map((r) => ({
      name: r.attname,
      notNull: r.not_null,
      autoIncrement: r.auto_increment,
      typeName: r.typname,
    }))
  } catch (error) {
    throw connectExceptionFor(`Could not describe the columns of table ${quoted(table)}`, error)
  }
}

function quoted(table: TableId): string {
  return new PostgreSqlDialect('always').qualifiedName(table)
}

/** The one mapping whose regex matches the table, as Confluent requires (`validateEachTableMatchesExactlyOneRegex`). */
function mappedColumns<T>(table: TableId, mappings: readonly ColumnMapping<T>[], what: string): T {
  const name = unquotedName(table)
  const matches = mappings.filter((m) => m.regex.test(name))
  if (matches.length !== 1) {
    const problem =
      matches.length === 0
        ? 'does not match any of the provided regexes'
        : 'matches more than one of the provided regexes'
    throw new ConnectException(
      `Error while validating ${what} column mappings: Included table '${quoted(table)}' ${problem}`,
    )
  }
  return matches[0]!.columns
}

/** The configured offset columns of a table, before looking at the table. */
export function configuredColumns(config: ColumnConfig, table: TableId | null): OffsetColumns {
  const mapped = table !== null && config.tableIncludeList.length > 0
  const incrementing = !usesIncrementing(config.mode)
    ? null
    : mapped
      ? mappedColumns(table, config.incrementingColumnMapping, 'incrementing')
      : config.incrementingColumnName
  const timestamps = !usesTimestamps(config.mode)
    ? []
    : mapped
      ? mappedColumns(table, config.timestampColumnsMapping, 'timestamp')
      : config.timestampColumnNames
  return { incrementingColumn: incrementing, timestampColumns: timestamps }
}

/**
 * Resolves and checks a table's offset columns against its columns (pure). An empty incrementing
 * column name picks the first auto-increment column. Names match exactly when identifiers are quoted
 * and ignoring case otherwise; a near miss is named in the error.
 */
export function resolveOffsetColumns(
  config: ColumnConfig,
  table: TableId,
  columns: readonly TableColumn[],
): OffsetColumns {
  const where = quoted(table)
  if (columns.length === 0) {
    throw new ConfigException(`Table ${where} does not exist or has no columns visible to the connecting user`)
  }
  const wanted = configuredColumns(config, table)
  const foldCase = config.quoteSqlIdentifiers === 'never'
  const find = (name: string) =>
    columns.find((c) => (foldCase ? c.name.toLowerCase() === name.toLowerCase() : c.name === name))
  const hint = (name: string) => {
    const near = columns.find((c) => c.name.toLowerCase() === name.toLowerCase())
    return near === undefined
      ? ''
      : ` (there is a column '${near.name}'; names are quoted, so case matters with quote.sql.identifiers=always)`
  }

  let incrementing = wanted.incrementingColumn
  if (incrementing !== null) {
    if (incrementing === '') {
      const auto = columns.find((c) => c.autoIncrement)
      if (auto === undefined) {
        throw new ConfigException(
          `Table ${where} has no auto-increment column: set incrementing.column.name to its strictly increasing column`,
          { key: 'incrementing.column.name' },
        )
      }
      incrementing = auto.name
    }
    const column = find(incrementing)
    if (column === undefined) {
      throw new ConfigException(
        `Incrementing column: ${incrementing} does not exist in table '${where}'${hint(incrementing)}`,
        {
          key: 'incrementing.column.name',
        },
      )
    }
    if (config.validateNonNull && !column.notNull) {
      throw new ConfigException(
        `Cannot make incremental queries using incrementing column ${incrementing} on ${where} because this column is nullable.`,
        { key: 'validate.non.null' },
      )
    }
  }

  const timestamps = wanted.timestampColumns
  if (timestamps.length > 0) {
    const missing = timestamps.filter((name) => find(name) === undefined)
    if (missing.length > 0) {
      throw new ConfigException(
        `Timestamp columns: ${missing.join(', ')} do not exist in table '${where}'${missing.map(hint).join('')}`,
        { key: 'timestamp.column.name' },
      )
    }
    if (config.validateNonNull && !timestamps.some((name) => find(name)?.notNull)) {
      throw new ConfigException(
        `Cannot make incremental queries using timestamp columns ${timestamps.join(',')} on ${where} because all of these columns are nullable.`,
        { key: 'validate.non.null' },
      )
    }
  }
  return { incrementingColumn: incrementing, timestampColumns: timestamps }
}
