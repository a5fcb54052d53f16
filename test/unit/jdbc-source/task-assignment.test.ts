import { describe, expect, it } from 'vitest'
import { tableId } from '../../../functions/jdbc-source/table-id.js'
import {
  assignTables,
  formatTablesProperty,
  groupPartitions,
  parseTablesProperty,
} from '../../../functions/jdbc-source/task-assignment.js'

describe('groupPartitions (Kafka’s ConnectorUtils, ConnectorUtilsTest)', () => {
  const five = [1, 2, 3, 4, 5]
  it('splits into contiguous groups, the first ones one longer', () => {
    expect(groupPartitions(five, 1)).toEqual([[1, 2, 3, 4, 5]])
    expect(groupPartitions(five, 2)).toEqual([
      [1, 2, 3],
      [4, 5],
    ])
    expect(groupPartitions(five, 3)).toEqual([[1, 2], [3, 4], [5]])
    expect(groupPartitions(five, 5)).toEqual([[1], [2], [3], [4], [5]])
    expect(groupPartitions(five, 7)).toEqual([[1], [2], [3], [4], [5], [], []])
  })

  it('refuses a group count below one', () => {
    expect(() => groupPartitions(five, 0)).toThrow('Number of groups must be positive.')
  })
})

describe('assignTables (JdbcSourceConnector.taskConfigs)', () => {
  const tables = ['orders', 'users', 'payments'].map((t) => tableId(null, 'public', t))
  it('makes min(tables, tasks.max) tasks', () => {
    expect(assignTables(tables, 3).map((g) => g.map((t) => t.table))).toEqual([['orders'], ['users'], ['payments']])
    expect(assignTables(tables, 2).map((g) => g.map((t) => t.table))).toEqual([['orders', 'users'], ['payments']])
    expect(assignTables(tables, 10)).toHaveLength(3)
    expect(assignTables([], 3)).toEqual([[]])
  })

  it('carries a task’s tables as Confluent’s quoted, comma-separated tables property, names with commas and quotes included', () => {
    const odd = [tableId(null, 'public', 'a,b'), tableId(null, 'Sales', 'say "hi"'), tableId(null, 'public', 'orders')]
    const text = formatTablesProperty(odd)
    expect(text).toBe('"public"."a,b","Sales"."say ""hi""","public"."orders"')
    expect(parseTablesProperty(text)).toEqual(odd)
    expect(parseTablesProperty('')).toEqual([])
  })
})
