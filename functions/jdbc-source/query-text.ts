/**
 * A look at the top level of the user's `query`: does it already end in a clause that the WHERE and
 * ORDER BY of an incremental mode cannot follow (WHERE, GROUP BY, HAVING, WINDOW, ORDER BY, LIMIT,
 * OFFSET, FETCH, FOR UPDATE, a set operation, a trailing semicolon)? Confluent appends its criteria
 * blindly, and such a query fails on every poll; connectless runs it as a subquery instead. Strings,
 * quoted identifiers, dollar quotes, comments and parentheses are skipped, so only the outermost
 * statement counts.
 */

const TAIL_KEYWORDS = new Set([
  'where',
  'group',
  'having',
  'window',
  'order',
  'limit',
  'offset',
  'fetch',
  'for',
  'union',
  'intersect',
  'except',
])

/** The query with trailing whitespace and semicolons removed, and whether it needs wrapping. */
export interface QueryShape {
  readonly text: string
  readonly collides: boolean
}

function skipQuoted(sql: string, start: number, quote: string, backslashEscapes: boolean): number {
  let i = start + 1
  while (i < sql.length) {
    const c = sql[i]
    if (backslashEscapes && c === '\\') {
      i += 2
      continue
    }
    if (c === quote) {
      if (sql[i + 1] === quote) {
        i += 2
        continue
      }
      return i + 1
    }
    i++
  }
  return sql.length
}

function skipBlockComment(sql: string, start: number): number {
  let depth = 0
  let i = start
  while (i < sql.length) {
    if (sql.startsWith('/*', i)) {
      depth++
      i += 2
    } else if (sql.startsWith('*/', i)) {
      depth--
      i += 2
      if (depth === 0) return i
    } else {
      i++
    }
  }
  return sql.length
}

/** Reads the top level of a SELECT for clauses the appended criteria would collide with. */
export function queryShape(query: string): QueryShape {
  const text = query.replace(/[\s;]+$/u, '')
  const trailingSemicolon = text.length !== query.trimEnd().length
  let depth = 0
  let i = 0
  let collides = false
  while (i < text.length && !collides) {
    const c = text[i]!
    if (c === "'") {
      const escaped = i > 0 && (text[i - 1] === 'E' || text[i - 1] === 'e') && !/\w/.test(text[i - 2] ?? '')
      i = skipQuoted(text, i, "'", escaped)
    } else if (c === '"') {
      i = skipQuoted(text, i, '"', false)
    } else if (c === '$') {
      const tag = /^\$(?:[A-Za-z_][A-Za-z0-9_]*)?\$/.exec(text.slice(i))
      if (tag && !/\w/.test(text[i - 1] ?? '')) {
        const end = text.indexOf(tag[0], i + tag[0].length)
        i = end < 0 ? text.length : end + tag[0].length
      } else {
        i++
      }
    } else if (text.startsWith('--', i)) {
      const end = text.indexOf('\n', i)
      i = end < 0 ? text.length : end + 1
    } else if (text.startsWith('/*', i)) {
      i = skipBlockComment(text, i)
    } else if (c === '(') {
      depth++
      i++
    } else if (c === ')') {
      depth--
      i++
    } else if (/[A-Za-z_]/.test(c) && !/[\w$]/.test(text[i - 1] ?? '')) {
      const word = /^[A-Za-z_][\w$]*/.exec(text.slice(i))![0]
      if (depth === 0 && TAIL_KEYWORDS.has(word.toLowerCase())) collides = true
      i += word.length
    } else {
      i++
    }
  }
  return { text, collides: collides || trailingSemicolon }
}
