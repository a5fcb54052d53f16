/**
 * The two catalog look-ups pgjdbc makes to describe a result set: the NOT NULL flag of each column
 * that comes from a table (`pg_attribute`, keyed by table OID and column number) and the `pg_type`
 * rows of types it does not know by heart. Both are cached per connection, as pgjdbc caches them.
 */
import type { ClientBase, FieldDef } from 'pg'
import { type ColumnDefinition, columnDefinition, isBuiltinType, type PgTypeInfo } from './column-definition.js'

interface ConnectionCache {
  readonly notNull: Map<string, boolean>
  readonly types: Map<number, PgTypeInfo>
}

const caches = new WeakMap<object, ConnectionCache>()

function cacheOf(client: ClientBase): ConnectionCache {
  let cache = caches.get(client)
  if (!cache) {
    cache = { notNull: new Map(), types: new Map() }
    caches.set(client, cache)
  }
  return cache
}

const key = (tableId: number, columnId: number) => `${tableId}:${columnId}`

const NOT_NULL_SQL = `SELECT a.attrelid::int8::text AS table_id, a.attnum::int4 AS column_id,
  (a.attnotnull OR (t.typtype = 'd' AND t.typnotnull)) AS not_null
FROM pg_catalog.pg_attribute a JOIN pg_catalog.pg_type t ON t.oid = a.atttypid
JOIN unnest($1::oid[], $2::int2[]) AS wanted(rel, num) ON a.attrelid = wanted.rel AND a.attnum = wanted.num`

const TYPES_SQL = `SELECT oid::int8::text AS oid, typname, typtype, typinput = 'pg_catalog.array_in'::regproc AS is_array
FROM pg_catalog.pg_type WHERE oid = ANY ($1::oid[])`

/** The column definitions of a result, looking up what the caches do not hold yet. */
export async function describeResult(client: ClientBase, fields: readonly FieldDef[]): Promise<ColumnDefinition[]> {
  const cache = cacheOf(client)
  const missingColumns = fields.filter((f) => f.tableID !== 0 && !cache.notNull.has(key(f.tableID, f.columnID)))
  if (missingColumns.length > 0) {
    const res = await client.query<{ table_id: string; column_id: number; not_null: boolean }>(NOT_NULL_SQL, [
      missingColumns.map((f) => String(f.tableID)),
      missingColumns.map((f) => String(f.columnID)),
    ])
    for (const row of res.rows) cache.notNull.set(key(Number(row.table_id), row.column_id), row.not_null)
  }
  const missingTypes = [...new Set(fields.map((f) => f.dataTypeID))].filter(
    (oid) => !isBuiltinType(oid) && !cache.types.has(oid),
  )
  if (missingTypes.length > 0) {
    const res = await client.query<{ oid: string; typname: string; typtype: string; is_array: boolean }>(TYPES_SQL, [
      missingTypes.map(String),
    ])
    for (const row of res.rows) {
      cache.types.set(Number(row.oid), { name: row.typname, kind: row.typtype, isArray: row.is_array })
    }
  }
  return fields.map((f) =>
    columnDefinition(
      f,
      cache.types.get(f.dataTypeID),
      f.tableID === 0 ? undefined : cache.notNull.get(key(f.tableID, f.columnID)),
    ),
  )
}
