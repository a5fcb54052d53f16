/**
 * Java's number conversions as Kafka's Cast transform makes them: `Number.byteValue()` …
 * `doubleValue()` of each `java.lang.Number` class (narrowing keeps the low bits; a floating-point
 * value goes through `int` or `long` first, saturating), and the `String` parsers `Byte.parseByte`,
 * `Short.parseShort`, `Integer.parseInt`, `Long.parseLong`, `Float.parseFloat`, `Double.parseDouble`
 * and `Boolean.parseBoolean`. Parsers return null where Java throws `NumberFormatException`.
 */
import {
  bigDecimalToDouble,
  bigDecimalToFloat,
  bigDecimalToLong,
  javaDigitValue,
} from '../runtime/data/java-numbers.js'
import type { JavaNumberClass } from '../runtime/data/java-objects.js'
import { BigDecimal, type BigInteger, Float32, Int8, Int16, Int32 } from '../runtime/data/values.js'

const INT_MIN = -2_147_483_648
const INT_MAX = 2_147_483_647
const TWO_POW_53 = 2n ** 53n

/** A Java number: its class and its value (a `number` for the primitive wrappers, `bigint` for Long). */
export interface JavaNumber {
  readonly cls: JavaNumberClass
  readonly value: number | bigint | BigDecimal | BigInteger
}

/** The plain value inside a schemaless wrapper (`Int8`, `Int16`, `Int32`, `Float32`); others as they are. */
export function unwrapNumber(value: unknown): number | bigint | BigDecimal | BigInteger {
  if (value instanceof Int8 || value instanceof Int16 || value instanceof Int32 || value instanceof Float32) {
    return value.value
  }
  return value as number | bigint | BigDecimal | BigInteger
}

/** Java's `(int) d`: truncation toward zero, saturating at the int range, NaN as 0. */
function doubleToInt(d: number): number {
  if (Number.isNaN(d)) return 0
  if (d >= INT_MAX) return INT_MAX
  if (d <= INT_MIN) return INT_MIN
  return Math.trunc(d)
}

/** Java's `(long) d`. */
function doubleToLong(d: number): bigint {
  if (Number.isNaN(d)) return 0n
  if (d >= 2 ** 63) return 2n ** 63n - 1n
  if (d <= -(2 ** 63)) return -(2n ** 63n)
  return BigInt(Math.trunc(d))
}

/** Java's `(float) long`: one rounding, to the nearest float (ties to even). */
function longToFloat(v: bigint): number {
  if (v >= -TWO_POW_53 && v <= TWO_POW_53) return Math.fround(Number(v))
  return bigDecimalToFloat(new BigDecimal(v, 0))
}

/** `Number.longValue()`. */
export function longValue(n: JavaNumber): bigint {
  const v = n.value
  switch (n.cls) {
    case 'Byte':
    case 'Short':
    case 'Integer':
      return BigInt(v as number)
    case 'Long':
      return v as bigint
    case 'Float':
    case 'Double':
      return doubleToLong(v as number)
    case 'BigDecimal':
      return bigDecimalToLong(v as BigDecimal)
    case 'BigInteger':
      return BigInt.asIntN(64, (v as BigInteger).value)
  }
}

/** `Number.intValue()`. */
export function intValue(n: JavaNumber): number {
  switch (n.cls) {
    case 'Byte':
    case 'Short':
    case 'Integer':
      return n.value as number
    case 'Float':
    case 'Double':
      return doubleToInt(n.value as number)
    default:
      return Number(BigInt.asIntN(32, longValue(n)))
  }
}

/** `Number.shortValue()`: `(short)` of the int (the long for Long), floating point through `int`. */
export function shortValue(n: JavaNumber): number {
  return n.cls === 'Long' ? Number(BigInt.asIntN(16, n.value as bigint)) : (intValue(n) << 16) >> 16
}

/** `Number.byteValue()`. */
export function byteValue(n: JavaNumber): number {
  return n.cls === 'Long' ? Number(BigInt.asIntN(8, n.value as bigint)) : (intValue(n) << 24) >> 24
}

/** `Number.floatValue()`: rounded once to float32. */
export function floatValue(n: JavaNumber): number {
  const v = n.value
  switch (n.cls) {
    case 'Byte':
    case 'Short':
    case 'Integer':
    case 'Float':
    case 'Double':
      return Math.fround(v as number)
    case 'Long':
      return longToFloat(v as bigint)
    case 'BigDecimal':
      return bigDecimalToFloat(v as BigDecimal)
    case 'BigInteger':
      return bigDecimalToFloat(new BigDecimal((v as BigInteger).value, 0))
  }
}

/** `Number.doubleValue()`. */
export function doubleValue(n: JavaNumber): number {
  const v = n.value
  switch (n.cls) {
    case 'Long':
      return Number(v as bigint)
    case 'BigDecimal':
      return bigDecimalToDouble(v as BigDecimal)
    case 'BigInteger':
      return Number((v as BigInteger).value)
    default:
      return v as number
  }
}

// --- String parsers ----------------------------------------------------------------------------------

const INTEGRAL_RANGES = {
  8: [-128n, 127n],
  16: [-32_768n, 32_767n],
  32: [-2_147_483_648n, 2_147_483_647n],
  64: [-(2n ** 63n), 2n ** 63n - 1n],
} as const

/**
 * `Byte.parseByte`, `Short.parseShort`, `Integer.parseInt` or `Long.parseLong` (radix 10): an
 * optional sign and Unicode decimal digits, nothing else, within the type's range.
 */
export function parseJavaIntegral(text: string, bits: 8 | 16 | 32 | 64): bigint | null {
  if (text.length === 0) return null
  let i = 0
  const first = text.charCodeAt(0)
  if (first === 0x2d || first === 0x2b) {
    if (text.length === 1) return null
    i = 1
  }
  let digits = ''
  for (; i < text.length; i++) {
    const digit = javaDigitValue(text.charCodeAt(i))
    if (digit < 0) return null
    digits += String(digit)
  }
  const value = first === 0x2d ? -BigInt(digits) : BigInt(digits)
  const [min, max] = INTEGRAL_RANGES[bits]
  return value < min || value > max ? null : value
}

const JAVA_DECIMAL_FLOAT = /^([+-]?)(?:(NaN|Infinity)|((?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?)[fFdD]?)$/
const JAVA_HEX_FLOAT = /^([+-]?)0[xX]([0-9a-fA-F]*)\.?([0-9a-fA-F]*)[pP]([+-]?[0-9]+)[fFdD]?$/

/** Java's `String.trim()`: strips every character up to U+0020. */
function javaTrim(value: string): string {
  let start = 0
  let end = value.length
  while (start < end && value.charCodeAt(start) <= 0x20) start++
  while (end > start && value.charCodeAt(end - 1) <= 0x20) end--
  return value.slice(start, end)
}

function parseFloating(text: string, float: boolean): number | null {
  const trimmed = javaTrim(text)
  const decimal = JAVA_DECIMAL_FLOAT.exec(trimmed)
  if (decimal !== null) {
    const [, sign, special, digits] = decimal
    const negative = sign === '-'
    if (special !== undefined) {
      const magnitude = special === 'NaN' ? Number.NaN : Number.POSITIVE_INFINITY
      return negative ? -magnitude : magnitude
    }
    const d = Number(digits)
    if (!float || d === 0 || !Number.isFinite(d)) {
      const rounded = float ? Math.fround(d) : d
      return negative ? -rounded : rounded
    }
    // to float32 in one rounding, from the exact decimal
    const f = bigDecimalToFloat(BigDecimal.parse(digits!.replace(/^\./, '0.')))
    return negative ? -f : f
  }
  const hex = JAVA_HEX_FLOAT.exec(trimmed)
  if (hex !== null && (hex[2] !== '' || hex[3] !== '')) {
    const [, sign, whole = '', fraction = '', exponent = '0'] = hex
    const mantissa = Number(BigInt(`0x${whole}${fraction}` === '0x' ? '0' : `0x${whole}${fraction}`))
    const value = mantissa * 2 ** (Number(exponent) - 4 * fraction.length)
    const rounded = float ? Math.fround(value) : value
    return sign === '-' ? -rounded : rounded
  }
  return null
}

/** `Double.parseDouble`: surrounding whitespace ignored; `NaN`, `Infinity`, decimal and hex forms. */
export function parseJavaDouble(text: string): number | null {
  return parseFloating(text, false)
}

/** `Float.parseFloat`, rounded once to float32. */
export function parseJavaFloat(text: string): number | null {
  return parseFloating(text, true)
}

/** `Boolean.parseBoolean`: true only for `true` in any case. */
export function parseJavaBoolean(text: string): boolean {
  if (text.length !== 4) return false
  const expected = 'TRUE'
  for (let i = 0; i < 4; i++) {
    const c = text[i]!
    if (c.toUpperCase() !== expected[i] && c.toLowerCase() !== expected[i]!.toLowerCase()) return false
  }
  return true
}
