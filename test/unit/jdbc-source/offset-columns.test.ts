import { describe, expect, it } from 'vitest'
import type { Mode } from '../../../functions/jdbc-source/config.js'
import {
  configuredColumns,
  resolveOffsetColumns,
  type TableColumn,
} from '../../../functions/jdbc-source/offset-columns.js'
import { tableId } from '../../../functions/jdbc-source/table-id.js'
import { ConfigException, ConnectException } from '../../../layers/runtime/errors.js'

const orders = tableId(null, 'public', 'orders')
const columns: TableColumn[] = [
  { name: 'id', notNull: true, autoIncrement: true, typeName: 'int8' },
  { name: 'customer', notNull: false, autoIncrement: false, typeName: 'text' },
  { name: 'updated_at', notNull: true, autoIncrement: false, typeName: 'timestamptz' },
  { name: 'deleted_at', notNull: false, autoIncrement: false, typeName: 'timestamptz' },
  { name: 'seq', notNull: false, autoIncrement: false, typeName: 'int4' },
]

function config(mode: Mode, overrides: Record<string, unknown> = {}) {
  return {
    mode,
    incrementingColumnName: 'id',
    timestampColumnNames: ['updated_at'],
    incrementingColumnMapping: [],
    timestampColumnsMapping: [],
    tableIncludeList: [],
    validateNonNull: true,
    quoteSqlIdentifiers: 'always' as const,
    ...overrides,
  }
}

function errorOf(action: () => unknown): ConnectException {
  try {
    action()
  } catch (error) {
    if (error instanceof ConnectException) return error
    throw error
  }
  throw new Error('expected an exception')
}

describe('resolveOffsetColumns (the checks of Confluent’s task start)', () => {
  it('uses only the columns the mode uses: incrementing ignores the timestamp columns', () => {
    expect(resolveOffsetColumns(config('incrementing'), orders, columns)).toEqual({
      incrementingColumn: 'id',
      timestampColumns: [],
    })
    expect(resolveOffsetColumns(config('timestamp'), orders, columns)).toEqual({
      incrementingColumn: null,
      timestampColumns: ['updated_at'],
    })
    expect(resolveOffsetColumns(config('bulk'), orders, columns)).toEqual({
      incrementingColumn: null,
      timestampColumns: [],
    })
  })

  it('picks the first auto-increment column when incrementing.column.name is empty', () => {
    expect(
      resolveOffsetColumns(config('incrementing', { incrementingColumnName: '' }), orders, columns).incrementingColumn,
    ).toBe('id')
    const noAuto = columns.map((c) => ({ ...c, autoIncrement: false }))
    const error = errorOf(() =>
      resolveOffsetColumns(config('incrementing', { incrementingColumnName: '' }), orders, noAuto),
    )
    expect(error.message).toBe(
      'Table "public"."orders" has no auto-increment column: set incrementing.column.name to its strictly increasing column',
    )
  })

  it('fails on a nullable incrementing column with Confluent’s message naming table and column', () => {
    const error = errorOf(() =>
      resolveOffsetColumns(config('incrementing', { incrementingColumnName: 'seq' }), orders, columns),
    )
    expect(error).toBeInstanceOf(ConfigException)
    expect(error.message).toBe(
      'Cannot make incremental queries using incrementing column seq on "public"."orders" because this column is nullable.',
    )
    expect(
      resolveOffsetColumns(
        config('incrementing', { incrementingColumnName: 'seq', validateNonNull: false }),
        orders,
        columns,
      ).incrementingColumn,
    ).toBe('seq')
  })

  it('fails only when every timestamp column is nullable', () => {
    const ok = config('timestamp', { timestampColumnNames: ['deleted_at', 'updated_at'] })
    expect(resolveOffsetColumns(ok, orders, columns).timestampColumns).toEqual(['deleted_at', 'updated_at'])
    const error = errorOf(() =>
      resolveOffsetColumns(config('timestamp', { timestampColumnNames: ['deleted_at'] }), orders, columns),
    )
    expect(error.message).toBe(
      'Cannot make incremental queries using timestamp columns deleted_at on "public"."orders" because all of these columns are nullable.',
    )
  })

  it('names missing columns and the table, with the near miss when only the case differs', () => {
    expect(
      errorOf(() => resolveOffsetColumns(config('incrementing', { incrementingColumnName: 'nope' }), orders, columns))
        .message,
    ).toBe(`Incrementing column: nope does not exist in table '"public"."orders"'`)
    expect(
      errorOf(() => resolveOffsetColumns(config('incrementing', { incrementingColumnName: 'ID' }), orders, columns))
        .message,
    ).toContain("there is a column 'id'")
    expect(
      errorOf(() =>
        resolveOffsetColumns(
          config('timestamp', { timestampColumnNames: ['updated_at', 'modified'] }),
          orders,
          columns,
        ),
      ).message,
    ).toBe(`Timestamp columns: modified do not exist in table '"public"."orders"'`)
  })

  it('matches names ignoring case with quote.sql.identifiers=never, where PostgreSQL folds them', () => {
    const never = config('incrementing', { incrementingColumnName: 'ID', quoteSqlIdentifiers: 'never' })
    expect(resolveOffsetColumns(never, orders, columns).incrementingColumn).toBe('ID')
  })

  it('reports a table without columns as not existing', () => {
    expect(errorOf(() => resolveOffsetColumns(config('bulk'), orders, [])).message).toBe(
      'Table "public"."orders" does not exist or has no columns visible to the connecting user',
    )
  })
})

describe('configuredColumns with table.include.list', () => {
  const mapped = config('timestamp+incrementing', {
    tableIncludeList: [/x/],
    incrementingColumnMapping: [{ regex: /^(?:public\..*)$/u, columns: 'id' }],
    timestampColumnsMapping: [
      { regex: /^(?:public\.orders)$/u, columns: ['modified', 'created'] },
      { regex: /^(?:sales\..*)$/u, columns: ['ts'] },
    ],
  })
  it('takes the columns of the one mapping whose regex matches the table', () => {
    expect(configuredColumns(mapped, orders)).toEqual({
      incrementingColumn: 'id',
      timestampColumns: ['modified', 'created'],
    })
  })

  it('fails when no mapping or several match, as Confluent’s validateEachTableMatchesExactlyOneRegex', () => {
    expect(() => configuredColumns(mapped, tableId(null, 'other', 't'))).toThrow(
      `Error while validating incrementing column mappings: Included table '"other"."t"' does not match any of the provided regexes`,
    )
    const twice = {
      ...mapped,
      incrementingColumnMapping: [...mapped.incrementingColumnMapping, { regex: /.*/u, columns: 'x' }],
    }
    expect(() => configuredColumns(twice, orders)).toThrow('matches more than one of the provided regexes')
  })
})
