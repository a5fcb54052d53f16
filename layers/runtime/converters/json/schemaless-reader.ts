/**
 * JSON bytes → schemaless Connect value in one pass, without the intermediate tree: what
 * `convertToConnect(null, readTree(bytes))` gives (objects as maps in key order, integers as Long
 * `bigint`s, fractions as Double `number`s), for `schemas.enable=false`, where nothing can fail but
 * the JSON syntax.
 */
import type { JsonDecimal } from './json-node.js'
import { JsonReader, MAX_STRING_LENGTH } from './json-reader.js'
import { decimalToNumber } from './numeric.js'

function numberValue(n: number | bigint | JsonDecimal): bigint | number {
  if (typeof n === 'number') return BigInt(n)
  if (typeof n === 'bigint') return BigInt.asIntN(64, n)
  return decimalToNumber(n.text)
}

/** Reads the value at the reader (white space skipped) as a schemaless Connect value. */
export function readSchemalessValue(r: JsonReader, depth: number): unknown {
  const b = r.buf
  if (r.pos >= r.end) throw r.error('Unexpected end-of-input: expected a value')
  const c = b[r.pos]!
  switch (c) {
    case 0x22:
      r.pos++
      return r.readString(MAX_STRING_LENGTH)
    case 0x7b: {
      r.checkDepth(depth + 1)
      r.pos++
      const map = new Map<string, unknown>()
      let next = r.skipWhitespace()
      if (next === 0x7d) {
        r.pos++
        return map
      }
      for (;;) {
        if (next !== 0x22)
          throw r.error(`Unexpected character (code ${next}): was expecting double-quote to start field name`)
        r.pos++
        const key = r.readName()
        if (r.skipWhitespace() !== 0x3a)
          throw r.error('Unexpected character: was expecting a colon to separate field name and value')
        r.pos++
        if (r.skipWhitespace() === 0x22) {
          // a string, the commonest value: read here rather than through another call
          r.pos++
          map.set(key, r.readString(MAX_STRING_LENGTH))
        } else {
          map.set(key, readSchemalessValue(r, depth + 1))
        }
        next = r.skipWhitespace()
        if (next === 0x2c) {
          r.pos++
          next = r.skipWhitespace()
          continue
        }
        if (next === 0x7d) {
          r.pos++
          return map
        }
        throw r.error(`Unexpected character (code ${next}): was expecting comma to separate Object entries`)
      }
    }
    case 0x5b: {
      r.checkDepth(depth + 1)
      r.pos++
      const list: unknown[] = []
      let next = r.skipWhitespace()
      if (next === 0x5d) {
        r.pos++
        return list
      }
      for (;;) {
        list.push(readSchemalessValue(r, depth + 1))
        next = r.skipWhitespace()
        if (next === 0x2c) {
          r.pos++
          r.skipWhitespace()
          continue
        }
        if (next === 0x5d) {
          r.pos++
          return list
        }
        throw r.error(`Unexpected character (code ${next}): was expecting comma to separate Array entries`)
      }
    }
    case 0x74:
      r.literal('true')
      return true
    case 0x66:
      r.literal('false')
      return false
    case 0x6e:
      r.literal('null')
      return null
    default:
      if (c === 0x2d || (c >= 0x30 && c <= 0x39)) return numberValue(r.readNumber())
      throw r.error(`Unexpected character (code ${c}): expected a valid value`)
  }
}

/** The schemaless Connect value of a whole message (null for empty input, as Jackson's MissingNode). */
export function readSchemaless(bytes: Uint8Array): unknown {
  const r = new JsonReader(bytes)
  r.skipBom()
  if (r.skipWhitespace() < 0) return null
  const first = r.buf[r.pos]!
  const value = readSchemalessValue(r, 0)
  if (first === 0x2d || (first >= 0x30 && first <= 0x39)) r.checkRootNumberEnd()
  return value
}
