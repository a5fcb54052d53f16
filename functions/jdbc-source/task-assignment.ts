/**
 * How the tables are split among tasks, as Confluent's `JdbcSourceConnector.taskConfigs` splits them:
 * min(tables, `tasks.max`) tasks, each a contiguous run of the table list (Kafka's
 * `ConnectorUtils.groupPartitions`: the first `tables mod tasks` runs one longer). Query mode is
 * one task. A task's tables travel as Confluent's `tables` property: quoted names joined by commas.
 */
import { PostgreSqlDialect } from './dialect.js'
import { parseTableId, type TableId } from './table-id.js'

/** Kafka's `ConnectorUtils.groupPartitions`: `numGroups` contiguous groups, sizes differing by at most one. */
export function groupPartitions<T>(elements: readonly T[], numGroups: number): T[][] {
  if (numGroups <= 0) throw new RangeError('Number of groups must be positive.')
  const perGroup = Math.floor(elements.length / numGroups)
  const leftover = elements.length - numGroups * perGroup
  const groups: T[][] = []
  let assigned = 0
  for (let group = 0; group < numGroups; group++) {
    const size = group < leftover ? perGroup + 1 : perGroup
    groups.push(elements.slice(assigned, assigned + size))
    assigned += size
  }
  return groups
}

/**
 * The tables of each task: min(tables, `tasks.max`) groups; with no table at all, one task without
 * tables (Confluent's idle task).
 */
export function assignTables(tables: readonly TableId[], tasksMax: number): TableId[][] {
  if (tables.length === 0) return [[]]
  return groupPartitions(tables, Math.min(tables.length, tasksMax))
}

/** A task's `tables` property: each table quoted (`"public"."orders"`), joined by commas. */
export function formatTablesProperty(tables: readonly TableId[]): string {
  const dialect = new PostgreSqlDialect('always')
  return tables.map((t) => dialect.qualifiedName(t)).join(',')
}

/** Reads a `tables` property back: commas outside quotes separate the tables. */
export function parseTablesProperty(text: string): TableId[] {
  const names: string[] = []
  let start = 0
  let quoted = false
  for (let i = 0; i < text.length; i++) {
    if (text[i] === '"') quoted = !quoted
    else if (text[i] === ',' && !quoted) {
      names.push(text.slice(start, i))
      start = i + 1
    }
  }
  if (text.length > 0) names.push(text.slice(start))
  return names.map((name) => parseTableId(name.trim()))
}
