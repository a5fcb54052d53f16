/**
 * A table's identity, as Confluent's `TableId`: catalog (the database; null for tables the
 * PostgreSQL dialect discovers), schema and table name. Its unquoted form (`public.orders`) names the
 * source partition and is what `table.include.list` matches; its bare name makes the topic.
 */

export interface TableId {
  readonly catalog: string | null
  readonly schema: string | null
  readonly table: string
}

/** A table id; empty catalog and schema names become null, as in Confluent's `TableId`. */
export function tableId(catalog: string | null, schema: string | null, table: string): TableId {
  return { catalog: catalog === '' ? null : catalog, schema: schema === '' ? null : schema, table }
}

/** `catalog.schema.table` without quotes, parts that are null left out (`TableId.toUnquotedString`). */
export function unquotedName(id: TableId): string {
  let name = id.table
  if (id.schema !== null) name = `${id.schema}.${name}`
  if (id.catalog !== null) name = `${id.catalog}.${name}`
  return name
}

/** The same table: every part equal. */
export function sameTable(a: TableId, b: TableId): boolean {
  return a.catalog === b.catalog && a.schema === b.schema && a.table === b.table
}

/**
 * Splits a qualified name at the dots outside double quotes, as Confluent's
 * `IdentifierRules.parseQualifiedIdentifier` does with PostgreSQL's rules; inside quotes `""` is one
 * quote. Throws a `SyntaxError` for an unterminated quote or a trailing dot.
 */
export function parseQualifiedName(fqn: string): string[] {
  const parts: string[] = []
  let rest = fqn
  do {
    let segment: string
    if (rest.startsWith('"')) {
      let end = 1
      segment = ''
      for (;;) {
        const quote = rest.indexOf('"', end)
        if (quote < 0)
          throw new SyntaxError(`Failure parsing fully qualified identifier; missing trailing quote in ${fqn}`)
        segment += rest.slice(end, quote)
        if (rest[quote + 1] === '"') {
          segment += '"'
          end = quote + 2
          continue
        }
        rest = rest.slice(quote + 1)
        break
      }
      if (rest.startsWith('.')) {
        rest = rest.slice(1)
        if (rest === '') throw new SyntaxError(`Failure parsing fully qualified identifier; ends in delimiter ${fqn}`)
      }
    } else {
      const dot = rest.indexOf('.')
      if (dot < 0) {
        segment = rest
        rest = ''
      } else {
        segment = rest.slice(0, dot)
        rest = rest.slice(dot + 1)
        if (rest === '') throw new SyntaxError(`Failure parsing fully qualified identifier; ends in delimiter ${fqn}`)
      }
    }
    parts.push(segment)
  } while (rest.length > 0)
  return parts
}

/**
 * A table id from a configured or assigned name (`orders`, `public.orders`, `"Public"."Orders"`), as
 * Confluent's PostgreSQL dialect parses it: with `quote.sql.identifiers=never` the table name is
 * lower-cased (PostgreSQL folds unquoted names).
 */
export function parseTableId(fqn: string, quoteNever = false): TableId {
  const parts = parseQualifiedName(fqn)
  const table = (name: string) => (quoteNever ? name.toLowerCase() : name)
  if (parts.length === 1) return tableId(null, null, table(parts[0]!))
  if (parts.length === 3) return tableId(parts[0]!, parts[1]!, table(parts[2]!))
  if (parts.length === 2) return tableId(null, parts[0]!, table(parts[1]!))
  throw new SyntaxError(`Invalid fully qualified name: '${fqn}'`)
}
