/**
 * Which tables the connector copies, as Confluent's `TableMonitorThread` decides it: the tables
 * `getTables` finds for `catalog.pattern`, `schema.pattern` and `table.types`, then either the legacy
 * exact-name filters (`table.whitelist` / `table.blacklist`, matching the bare name, `schema.table`
 * or `"schema"."table"`) or the regex filters (`table.include.list` / `table.exclude.list`, matching
 * the whole unquoted `schema.table`). Two tables with the same bare name would share a topic, so
 * that fails, as in Confluent since 10.0.
 */
import type { ClientBase } from 'pg'
import { ConfigException, ConnectException } from '../../layers/runtime/errors.js'
import type { JdbcSourceConfig } from './config.js'
import { PostgreSqlDialect, tableDiscoveryStatement } from './dialect.js'
import { connectExceptionFor } from './session.js'
import { type TableId, tableId, unquotedName } from './table-id.js'

export interface TableDiscovery {
  /** The tables to copy, in the driver's order (type, schema, name). */
  readonly tables: readonly TableId[]
  /** Problems worth a log line: whitelisted tables not found yet, filters that match nothing. */
  readonly warnings: readonly string[]
}

type FilterConfig = Pick<
  JdbcSourceConfig,
  'tableWhitelist' | 'tableBlacklist' | 'tableIncludeList' | 'tableExcludeList' | 'quoteSqlIdentifiers'
>

/** The names a legacy list entry may use for a table: `schema.table`, `"schema"."table"`, the bare name. */
function legacyNames(table: TableId): string[] {
  return [unquotedName(table), new PostgreSqlDialect('always').qualifiedName(table), table.table]
}

/** Confluent's filtering of the discovered tables (pure). */
export function filterTables(all: readonly TableId[], config: FilterConfig): TableId[] {
  if (config.tableIncludeList.length > 0 || config.tableExcludeList.length > 0) {
    return all.filter((table) => {
      const name = unquotedName(table)
      return config.tableIncludeList.some((r) => r.test(name)) && !config.tableExcludeList.some((r) => r.test(name))
    })
  }
  if (config.tableWhitelist.length > 0) {
    const whitelist = new Set(config.tableWhitelist)
    return all.filter((table) => legacyNames(table).some((name) => whitelist.has(name)))
  }
  if (config.tableBlacklist.length > 0) {
    const blacklist = new Set(config.tableBlacklist)
    return all.filter((table) => !legacyNames(table).some((name) => blacklist.has(name)))
  }
  return [...all]
}

/** Confluent's check that no two tables share a bare name (and so a topic). */
export function checkDuplicateNames(tables: readonly TableId[], config: FilterConfig): void {
  const byName = new Map<string, TableId[]>()
  for (const table of tables) byName.set(table.table, [...(byName.get(table.table) ?? []), table])
  const duplicates = [...byName.values()].filter((group) => group.length > 1)
  if (duplicates.length === 0) return
  const configText =
    config.tableWhitelist.length > 0
      ? "'table.whitelist'"
      : config.tableBlacklist.length > 0
        ? "'table.blacklist'"
        : "'table.whitelist' or 'table.blacklist'"
  const dialect = new PostgreSqlDialect('always')
  const listed = duplicates.map((group) => `[${group.map((t) => dialect.qualifiedName(t)).join(', ')}]`).join(', ')
  throw new ConnectException(
    'The connector uses the unqualified table name as the topic name and has detected duplicate unqualified table names. ' +
      'This could lead to mixed data types in the topic and downstream processing errors. To prevent such processing errors, ' +
      'the JDBC Source connector fails to start when it detects duplicate table name configurations. ' +
      `Update the connector's ${configText} config to include exactly one table in each of the tables listed below.\n\t[${listed}]`,
  )
}

/**
 * Finds the tables to copy. Throws a `ConfigException` when `table.whitelist` names tables of which
 * none exists (Connect's task would fail with "not assigned a table"); whitelisted tables that do
 * not exist yet while others do are only warned about, since they are read once they appear.
 */
export async function discoverTables(
  client: ClientBase,
  config: FilterConfig & Pick<JdbcSourceConfig, 'tableTypes' | 'schemaPattern' | 'catalogPattern'>,
): Promise<TableDiscovery> {
  const statement = tableDiscoveryStatement(config)
  let rows: { table_schem: string; table_name: string }[]
  try {
    rows = (await client.query<{ table_schem: string; table_name: string }>(statement.text, [...statement.values])).rows
  } catch (error) {
    throw connectExceptionFor('Could not read the list of tables from the database', error)
  }
  const all = rows.map((r) => tableId(null, r.table_schem, r.table_name))
  const tables = filterTables(all, config)
  checkDuplicateNames(tables, config)

  const warnings: string[] = []
  const scope = `table.types=${config.tableTypes.join(',')}${config.schemaPattern === null ? '' : `, schema.pattern=${config.schemaPattern}`}`
  if (config.tableWhitelist.length > 0) {
    const found = new Set(all.flatMap(legacyNames))
    const missing = config.tableWhitelist.filter((name) => !found.has(name))
    if (missing.length === config.tableWhitelist.length) {
      throw new ConfigException(
        `None of the tables in table.whitelist exists or is visible to the connecting user (${scope}): ${missing.join(', ')}`,
        { key: 'table.whitelist' },
      )
    }
    if (missing.length > 0) {
      warnings.push(
        `Tables in table.whitelist not found (${scope}); they are read once they exist: ${missing.join(', ')}`,
      )
    }
  } else if (tables.length === 0) {
    warnings.push(`No table matches the table filters (${scope}); there is nothing to read.`)
  }
  return { tables, warnings }
}
