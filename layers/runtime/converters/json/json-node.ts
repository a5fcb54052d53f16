/**
 * The JSON tree that the JsonConverter reads, with the distinctions Jackson's `JsonNode` makes and
 * `JSON.parse` loses: an integral number stays exact (a `number` while safe, a `bigint` beyond), a
 * number with a fraction or an exponent keeps its text ({@link JsonDecimal}, Jackson's `DecimalNode`
 * under `USE_BIG_DECIMAL_FOR_FLOATS`), objects keep their key order (a `Map`, whose `set` on a
 * repeated key keeps the first position and the last value, as Jackson's `ObjectNode` does).
 *
 * The accessors are Jackson's: `intValue` of a string is 0, `textValue` of a number is null, and so on,
 * because JsonConverter's conversions call them without checking the node type first.
 */
import { decodeJacksonBase64 } from './jackson-base64.js'
import { decimalToFloat32, decimalToNumber, truncateToLowBits } from './numeric.js'

/** A JSON number written with a fraction or an exponent: its text, exactly as read. */
export class JsonDecimal {
  constructor(readonly text: string) {}
}

/** A JSON object: keys in first-seen order, the last value for a repeated key. */
export type JsonObject = Map<string, JsonNode>

export type JsonNode = null | boolean | string | number | bigint | JsonDecimal | JsonNode[] | JsonObject

/** What `readTree` returns for empty input (Jackson's `MissingNode`). */
export const MISSING: unique symbol = Symbol('MissingNode')
export type JsonRoot = JsonNode | typeof MISSING

const INT_MIN = -2147483648
const INT_MAX = 2147483647

/** Jackson's `JsonNodeType` name, as Connect's messages print it. */
export function nodeType(node: JsonRoot | undefined): string {
  if (node === undefined || node === MISSING) return 'MISSING'
  if (node === null) return 'NULL'
  switch (typeof node) {
    case 'boolean':
      return 'BOOLEAN'
    case 'string':
      return 'STRING'
    case 'number':
    case 'bigint':
      return 'NUMBER'
  }
  if (node instanceof JsonDecimal) return 'NUMBER'
  return Array.isArray(node) ? 'ARRAY' : 'OBJECT'
}

export function isObject(node: JsonRoot | undefined): node is JsonObject {
  return node instanceof Map
}

export function isNumber(node: JsonRoot | undefined): boolean {
  return typeof node === 'number' || typeof node === 'bigint' || node instanceof JsonDecimal
}

/** Jackson's `isInt()`: an integral number that fits in 32 bits (an `IntNode`). */
export function isInt(node: JsonRoot | undefined): node is number {
  return typeof node === 'number' && node >= INT_MIN && node <= INT_MAX
}

export function isIntegralNumber(node: JsonRoot | undefined): node is number | bigint {
  return typeof node === 'number' || typeof node === 'bigint'
}

/** Jackson's `intValue()`: Java's `(int)` narrowing of the number; 0 for anything else. */
export function intValue(node: JsonRoot | undefined): number {
  if (typeof node === 'number') return node | 0
  if (typeof node === 'bigint') return Number(BigInt.asIntN(32, node))
  if (node instanceof JsonDecimal) return Number(truncateToLowBits(node.text, 32))
  return 0
}

/** Jackson's `longValue()`. */
export function longValue(node: JsonRoot | undefined): bigint {
  if (typeof node === 'number') return BigInt(node)
  if (typeof node === 'bigint') return BigInt.asIntN(64, node)
  if (node instanceof JsonDecimal) return truncateToLowBits(node.text, 64)
  return 0n
}

/** Jackson's `doubleValue()`: correctly rounded. */
export function doubleValue(node: JsonRoot | undefined): number {
  if (typeof node === 'number') return node
  if (typeof node === 'bigint') return Number(node)
  if (node instanceof JsonDecimal) return decimalToNumber(node.text)
  return 0
}

/** Jackson's `floatValue()`: correctly rounded to float32 (not through a double). */
export function floatValue(node: JsonRoot | undefined): number {
  if (typeof node === 'number') return Math.fround(node)
  if (typeof node === 'bigint') return decimalToFloat32(node.toString())
  if (node instanceof JsonDecimal) return decimalToFloat32(node.text)
  return 0
}

export function booleanValue(node: JsonRoot | undefined): boolean {
  return node === true
}

export function textValue(node: JsonRoot | undefined): string | null {
  return typeof node === 'string' ? node : null
}

/** Jackson's `binaryValue()`: a string's base64 content; null for other nodes. Throws on bad base64. */
export function binaryValue(node: JsonRoot | undefined): Uint8Array | null {
  return typeof node === 'string' ? decodeJacksonBase64(node) : null
}
