import { describe, expect, it } from 'vitest'
import { parseQualifiedName, parseTableId, tableId, unquotedName } from '../../../functions/jdbc-source/table-id.js'

describe('parseQualifiedName (IdentifierRulesTest with PostgreSQL’s quotes)', () => {
  it('splits at dots outside quotes', () => {
    expect(parseQualifiedName('"p1"."p2"."p3"')).toEqual(['p1', 'p2', 'p3'])
    expect(parseQualifiedName('"p1"."p3"')).toEqual(['p1', 'p3'])
    expect(parseQualifiedName('"p1.1.2.3"')).toEqual(['p1.1.2.3'])
    expect(parseQualifiedName('p1.p2.p3')).toEqual(['p1', 'p2', 'p3'])
    expect(parseQualifiedName('')).toEqual([''])
  })

  it('reads a doubled quote inside quotes as one quote', () => {
    expect(parseQualifiedName('"a""b"."c"')).toEqual(['a"b', 'c'])
  })

  it('fails on an unmatched quote or a trailing dot', () => {
    expect(() => parseQualifiedName('"p1.p2')).toThrow('missing trailing quote')
    expect(() => parseQualifiedName('"p1"."p3".')).toThrow('ends in delimiter')
    expect(() => parseQualifiedName('p1.p3.')).toThrow('ends in delimiter')
  })
})

describe('parseTableId', () => {
  it('reads table, schema.table and catalog.schema.table', () => {
    expect(parseTableId('orders')).toEqual(tableId(null, null, 'orders'))
    expect(parseTableId('public.orders')).toEqual(tableId(null, 'public', 'orders'))
    expect(parseTableId('"db"."public"."Orders"')).toEqual(tableId('db', 'public', 'Orders'))
  })

  it('lower-cases the table name with quote.sql.identifiers=never, as Confluent’s PostgreSQL dialect', () => {
    expect(parseTableId('public.Orders', true)).toEqual(tableId(null, 'public', 'orders'))
  })

  it('prints the unquoted name a v1 partition and table.include.list use', () => {
    expect(unquotedName(tableId(null, 'public', 'orders'))).toBe('public.orders')
    expect(unquotedName(tableId('db', 'public', 'orders'))).toBe('db.public.orders')
    expect(unquotedName(tableId('', '', 'orders'))).toBe('orders')
  })
})
