import { describe, expect, it } from 'vitest'
import { checkDuplicateNames, filterTables } from '../../../functions/jdbc-source/table-discovery.js'
import { tableId } from '../../../functions/jdbc-source/table-id.js'
import { ConnectException } from '../../../layers/runtime/errors.js'

const all = [
  tableId(null, 'public', 'orders'),
  tableId(null, 'public', 'Users'),
  tableId(null, 'sales', 'payments'),
  tableId(null, 'sales', 'orders_tmp'),
]
const none = {
  tableWhitelist: [],
  tableBlacklist: [],
  tableIncludeList: [],
  tableExcludeList: [],
  quoteSqlIdentifiers: 'always' as const,
}
const names = (tables: readonly { schema: string | null; table: string }[]) =>
  tables.map((t) => `${t.schema}.${t.table}`)

describe('filterTables (Confluent’s TableMonitorThread)', () => {
  it('keeps every table without filters', () => {
    expect(filterTables(all, none)).toEqual(all)
  })

  it('matches whitelist entries exactly against the bare name, schema.table or "schema"."table"', () => {
    const config = { ...none, tableWhitelist: ['orders', 'public.Users', '"sales"."payments"', 'users', 'ORDERS_TMP'] }
    expect(names(filterTables(all, config))).toEqual(['public.orders', 'public.Users', 'sales.payments'])
  })

  it('drops blacklisted tables by the same rules', () => {
    expect(names(filterTables(all, { ...none, tableBlacklist: ['orders_tmp', 'public.orders'] }))).toEqual([
      'public.Users',
      'sales.payments',
    ])
  })

  it('keeps tables whose whole unquoted name an include regex matches and no exclude regex does', () => {
    const config = { ...none, tableIncludeList: [/^(?:sales\..*)$/u], tableExcludeList: [/^(?:.*_tmp)$/u] }
    expect(names(filterTables(all, config))).toEqual(['sales.payments'])
    expect(filterTables(all, { ...none, tableIncludeList: [/^(?:orders)$/u] })).toEqual([])
  })
})

describe('checkDuplicateNames', () => {
  it('fails when two tables share a bare name, and so a topic, naming both', () => {
    const tables = [tableId(null, 'a', 'orders'), tableId(null, 'b', 'orders'), tableId(null, 'a', 'users')]
    expect(() => checkDuplicateNames(tables, none)).toThrow(ConnectException)
    expect(() => checkDuplicateNames(tables, none)).toThrow(
      /duplicate unqualified table names.*\[\["a"\."orders", "b"\."orders"\]\]/s,
    )
    expect(() => checkDuplicateNames(all, none)).not.toThrow()
  })
})
