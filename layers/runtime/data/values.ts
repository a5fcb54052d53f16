/**
 * How Connect's Java values are represented in TypeScript.
 *
 * With a schema, the schema says what a value is, so plain JavaScript values are used:
 *
 * | Connect type            | TypeScript value                  |
 * | ----------------------- | --------------------------------- |
 * | int8, int16, int32      | `number` (an integer in range)    |
 * | int64                   | `bigint` (always: exact past 2^53) |
 * | float32, float64        | `number`                          |
 * | boolean, string         | `boolean`, `string`               |
 * | bytes                   | `Uint8Array` (a `Buffer` is one)  |
 * | array                   | `unknown[]`                       |
 * | map                     | `Map<unknown, unknown>`           |
 * | struct                  | {@link Struct}                    |
 * | Decimal                 | {@link BigDecimal}                |
 * | Date, Time, Timestamp   | `Date`                            |
 *
 * Without a schema (schemaless data), Kafka Connect transforms look at a value's Java class, so the
 * class has to survive: `number` is a Java `Double`, `bigint` a `Long`, `Date` a `java.util.Date`,
 * {@link BigDecimal} a `BigDecimal`, `Map` a `java.util.Map`; the other numeric classes are the small
 * wrappers below ({@link Int8}, {@link Int16}, {@link Int32}, {@link Float32}, {@link BigInteger}).
 * `inferSchemaType` maps a schemaless value to its Connect type.
 */
import type { Struct } from './struct.js'

/** A schemaless Java `Byte`. */
export class Int8 {
  constructor(readonly value: number) {}
  valueOf(): number {
    return this.value
  }
}
/** A schemaless Java `Short`. */
export class Int16 {
  constructor(readonly value: number) {}
  valueOf(): number {
    return this.value
  }
}
/** A schemaless Java `Integer`. */
export class Int32 {
  constructor(readonly value: number) {}
  valueOf(): number {
    return this.value
  }
}
/** A schemaless Java `Float` (the value is already rounded to float32). */
export class Float32 {
  readonly value: number
  constructor(value: number) {
    this.value = Math.fround(value)
  }
  valueOf(): number {
    return this.value
  }
}
/** A Java `BigInteger`. */
export class BigInteger {
  constructor(readonly value: bigint) {}
  toString(): string {
    return this.value.toString()
  }
}

/** A Java `BigDecimal`: an unscaled integer and a scale (value = unscaled × 10^-scale). */
export class BigDecimal {
  constructor(
    readonly unscaled: bigint,
    readonly scale: number,
  ) {}

  /** Parses Java's `new BigDecimal(String)` forms: `12.30`, `-1`, `1.2E+3`, `1e-5`. */
  static parse(text: string): BigDecimal {
    // as Java's, no surrounding whitespace is allowed
    const m = /^([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/.exec(text)
    if (!m || (m[2] === '' && (m[3] === undefined || m[3] === ''))) {
      throw new SyntaxError(`Character array is not a valid decimal number: ${text}`)
    }
    const frac = m[3] ?? ''
    const digits = `${m[2]}${frac}`.replace(/^0+(?=\d)/, '')
    const unscaled = BigInt(`${m[1] === '-' ? '-' : ''}${digits === '' ? '0' : digits}`)
    const exp = m[4] === undefined ? 0 : Number(m[4])
    const scale = frac.length - exp
    if (!Number.isSafeInteger(exp) || scale < -2147483648 || scale > 2147483647) {
      throw new SyntaxError(`Character array is not a valid decimal number: ${text}`)
    }
    return new BigDecimal(unscaled, scale)
  }

  static fromNumber(n: number): BigDecimal {
    // Java's BigDecimal.valueOf(double) goes through Double.toString
    return BigDecimal.parse(javaDoubleToString(n))
  }

  /** Java's `BigDecimal.toString()`: plain when the exponent is small, scientific otherwise. */
  toString(): string {
    const negative = this.unscaled < 0n
    const coeff = (negative ? -this.unscaled : this.unscaled).toString()
    const sign = negative ? '-' : ''
    const adjusted = -this.scale + (coeff.length - 1)
    if (this.scale >= 0 && adjusted >= -6) {
      if (this.scale === 0) return sign + coeff
      if (coeff.length > this.scale) {
        return `${sign}${coeff.slice(0, coeff.length - this.scale)}.${coeff.slice(coeff.length - this.scale)}`
      }
      return `${sign}0.${'0'.repeat(this.scale - coeff.length)}${coeff}`
    }
    const mantissa = coeff.length > 1 ? `${coeff[0]}.${coeff.slice(1)}` : coeff
    return `${sign}${mantissa}E${adjusted >= 0 ? '+' : ''}${adjusted}`
  }

  /** Java's `BigDecimal.toPlainString()`. */
  toPlainString(): string {
    if (this.scale <= 0) return (this.unscaled * 10n ** BigInt(-this.scale)).toString()
    const negative = this.unscaled < 0n
    const coeff = (negative ? -this.unscaled : this.unscaled).toString().padStart(this.scale + 1, '0')
    return `${negative ? '-' : ''}${coeff.slice(0, coeff.length - this.scale)}.${coeff.slice(coeff.length - this.scale)}`
  }

  toNumber(): number {
    return Number(this.toString())
  }

  /** Java's `setScale(newScale)` without rounding: throws where digits would be lost. */
  setScale(newScale: number): BigDecimal {
    if (newScale === this.scale) return this
    if (newScale > this.scale) return new BigDecimal(this.unscaled * 10n ** BigInt(newScale - this.scale), newScale)
    const divisor = 10n ** BigInt(this.scale - newScale)
    if (this.unscaled % divisor !== 0n) throw new RangeError('Rounding necessary')
    return new BigDecimal(this.unscaled / divisor, newScale)
  }

  /** Java's `BigDecimal.equals`: the same value and the same scale. */
  equals(other: unknown): boolean {
    return other instanceof BigDecimal && other.unscaled === this.unscaled && other.scale === this.scale
  }

  /** Java's `compareTo`: numeric order, scale ignored. */
  compareTo(other: BigDecimal): number {
    const scale = Math.max(this.scale, other.scale)
    const a = this.unscaled * 10n ** BigInt(scale - this.scale)
    const b = other.unscaled * 10n ** BigInt(scale - other.scale)
    return a < b ? -1 : a > b ? 1 : 0
  }
}

/**
 * Java's `Double.toString(double)` (JDK 19 and later, the JDK 21 LTS included): the shortest decimal that
 * reads back as the same double, at least two significant digits (`1.0`, `4.9E-324`), plain between
 * 10^-3 and 10^7 and in computerized scientific notation (`1.0E10`, `1.0E-5`) outside.
 */
export function javaDoubleToString(n: number): string {
  if (!Number.isFinite(n) || n === 0) return nonFiniteOrZero(n)
  // toExponential() has the shortest digits that read back as n, the closest of them to n (as Java's)
  let [mantissa, exp] = n.toExponential().split('e') as [string, string]
  // Java writes at least two digits, and then picks the two-digit decimal closest to n
  if (mantissa.replace('-', '').length === 1) [mantissa, exp] = n.toExponential(1).split('e') as [string, string]
  const negative = mantissa.startsWith('-')
  return layoutJava(negative, mantissa.replace('-', '').replace('.', ''), Number(exp))
}

/**
 * Java's `Float.toString(float)` (JDK 19 and later) for a value already rounded to float32: the shortest
 * decimal that reads back as the same float (closest to it, ties to even), laid out as `Double.toString`.
 */
export function javaFloatToString(n: number): string {
  if (!Number.isFinite(n) || n === 0) return nonFiniteOrZero(n)
  const { digits, exponent } = shortestFloat32(Math.abs(n))
  return layoutJava(n < 0, digits, exponent)
}

function nonFiniteOrZero(n: number): string {
  if (Number.isNaN(n)) return 'NaN'
  if (n === Number.POSITIVE_INFINITY) return 'Infinity'
  if (n === Number.NEGATIVE_INFINITY) return '-Infinity'
  return Object.is(n, -0) ? '-0.0' : '0.0'
}

/** Lays out significant digits d1d2d3… × 10^exponent (the exponent of d1) as Java's `Double.toString`. */
function layoutJava(negative: boolean, digits: string, exponent: number): string {
  const sign = negative ? '-' : ''
  const d = digits.length > 1 ? digits.replace(/0+$/, '') || '0' : digits
  if (exponent >= -3 && exponent < 7) {
    if (exponent < 0) return `${sign}0.${'0'.repeat(-exponent - 1)}${d}`
    const intLen = exponent + 1
    if (d.length <= intLen) return `${sign}${d}${'0'.repeat(intLen - d.length)}.0`
    return `${sign}${d.slice(0, intLen)}.${d.slice(intLen)}`
  }
  return `${sign}${d[0]}.${d.length > 1 ? d.slice(1) : '0'}E${exponent}`
}

const F32 = new DataView(new ArrayBuffer(4))

/**
 * The shortest decimal in the float32 rounding interval of x > 0 (exact arithmetic), the closest to x
 * among those, ties to the even digit; two digits where one would do (Java's rule).
 */
function shortestFloat32(x: number): { digits: string; exponent: number } {
  F32.setFloat32(0, x)
  const bits = F32.getUint32(0)
  const biased = (bits >>> 23) & 0xff
  const fraction = bits & 0x7fffff
  const m = biased === 0 ? fraction : fraction | 0x800000
  const e = (biased === 0 ? 1 : biased) - 150
  // x = 4m · 2^(e-2); the interval runs from lo to hi in the same unit (closer below a power of two)
  const X = BigInt(4 * m)
  const hi = X + 2n
  const lo = fraction === 0 && biased > 1 ? X - 1n : X - 2n
  const inclusive = m % 2 === 0
  const scale2 = e - 2
  // exact decimal exponent k of x: 10^k <= x < 10^(k+1)
  let k = Math.floor(Math.log10(x))
  if (compareScaled(X, scale2, 1n, k) < 0) k -= 1
  else if (compareScaled(X, scale2, 1n, k + 1) >= 0) k += 1
  let chosen: { D: bigint; q: number } | null = null
  for (let p = 1; p <= 10 && chosen === null; p++) {
    const q = k - p + 1
    const range = integersInInterval(lo, hi, scale2, q, inclusive)
    if (range === null) continue
    if (p === 1) {
      const two = integersInInterval(lo, hi, scale2, q - 1, inclusive)!
      chosen = { D: closestTo(X, scale2, q - 1, two), q: q - 1 }
    } else {
      chosen = { D: closestTo(X, scale2, q, range), q }
    }
  }
  const { D, q } = chosen!
  const digits = D.toString()
  return { digits, exponent: q + digits.length - 1 }
}

/** The rational a · 2^s2 · 10^s10 as a fraction num/den of BigInts. */
function fraction(a: bigint, s2: number, s10: number): [bigint, bigint] {
  let num = a
  let den = 1n
  if (s2 >= 0) num <<= BigInt(s2)
  else den <<= BigInt(-s2)
  if (s10 >= 0) num *= 10n ** BigInt(s10)
  else den *= 10n ** BigInt(-s10)
  return [num, den]
}

/** Compares a · 2^s2 with b · 10^s10. */
function compareScaled(a: bigint, s2: number, b: bigint, s10: number): number {
  const [n1, d1] = fraction(a, s2, 0)
  const [n2, d2] = fraction(b, 0, s10)
  const l = n1 * d2
  const r = n2 * d1
  return l < r ? -1 : l > r ? 1 : 0
}

/** The integers D with lo·2^s2 <(=) D·10^q <(=) hi·2^s2, or null when there are none. */
function integersInInterval(
  lo: bigint,
  hi: bigint,
  s2: number,
  q: number,
  inclusive: boolean,
): [bigint, bigint] | null {
  const [ln, ld] = fraction(lo, s2, -q)
  const [hn, hd] = fraction(hi, s2, -q)
  let first = ln / ld
  if (first * ld < ln || (!inclusive && first * ld === ln)) first += 1n
  let last = hn / hd
  if (!inclusive && last * hd === hn) last -= 1n
  return first <= last ? [first, last] : null
}

/** The integer in [first, last] closest to x·2^s2 / 10^q, ties to even. */
function closestTo(x: bigint, s2: number, q: number, [first, last]: [bigint, bigint]): bigint {
  const [num, den] = fraction(x, s2, -q)
  let d = num / den
  const twice = 2n * (num - d * den)
  if (twice > den || (twice === den && d % 2n !== 0n)) d += 1n
  return d < first ? first : d > last ? last : d
}

/** The Connect types that a value can have. */
export const Type = {
  INT8: 'int8',
  INT16: 'int16',
  INT32: 'int32',
  INT64: 'int64',
  FLOAT32: 'float32',
  FLOAT64: 'float64',
  BOOLEAN: 'boolean',
  STRING: 'string',
  BYTES: 'bytes',
  ARRAY: 'array',
  MAP: 'map',
  STRUCT: 'struct',
} as const
export type Type = (typeof Type)[keyof typeof Type]

export function isPrimitiveType(t: Type): boolean {
  return t !== Type.ARRAY && t !== Type.MAP && t !== Type.STRUCT
}

/** Java's `Schema.Type.name()`, as Kafka's error messages print it (`INT32`, `FLOAT64`). */
export function typeName(t: Type): string {
  return t.toUpperCase()
}

/**
 * The Connect type of a schemaless value, as `ConnectSchema.schemaType(value.getClass())` gives it;
 * null where Connect has none (a `java.util.Date` or a `BigDecimal` has no type without a schema).
 */
export function inferSchemaType(value: unknown): Type | null {
  switch (typeof value) {
    case 'boolean':
      return Type.BOOLEAN
    case 'string':
      return Type.STRING
    case 'number':
      return Type.FLOAT64
    case 'bigint':
      return Type.INT64
    case 'object':
      if (value === null) return null
      if (value instanceof Int32) return Type.INT32
      if (value instanceof Int8) return Type.INT8
      if (value instanceof Int16) return Type.INT16
      if (value instanceof Float32) return Type.FLOAT32
      if (value instanceof Uint8Array) return Type.BYTES
      if (Array.isArray(value)) return Type.ARRAY
      if (value instanceof Map) return Type.MAP
      if (isStruct(value)) return Type.STRUCT
      return null
    default:
      return null
  }
}

// Struct is imported as a type only (struct.ts imports this module); recognise it structurally.
function isStruct(value: object): value is Struct {
  return (value as { readonly [STRUCT_BRAND]?: true })[STRUCT_BRAND] === true
}
export const STRUCT_BRAND: unique symbol = Symbol.for('connectless.Struct')

/** The Java class name of a value, for error messages (`class java.lang.String`). */
export function javaClassName(value: unknown): string {
  switch (typeof value) {
    case 'boolean':
      return 'java.lang.Boolean'
    case 'string':
      return 'java.lang.String'
    case 'number':
      return 'java.lang.Double'
    case 'bigint':
      return 'java.lang.Long'
    case 'object': {
      if (value === null) return 'null'
      if (value instanceof Int32) return 'java.lang.Integer'
      if (value instanceof Int8) return 'java.lang.Byte'
      if (value instanceof Int16) return 'java.lang.Short'
      if (value instanceof Float32) return 'java.lang.Float'
      if (value instanceof BigInteger) return 'java.math.BigInteger'
      if (value instanceof BigDecimal) return 'java.math.BigDecimal'
      if (value instanceof Date) return 'java.util.Date'
      if (value instanceof Uint8Array) return '[B'
      if (Array.isArray(value)) return 'java.util.ArrayList'
      if (value instanceof Map) return 'java.util.HashMap'
      if (isStruct(value)) return 'org.apache.kafka.connect.data.Struct'
      return 'java.lang.Object'
    }
    default:
      return typeof value
  }
}

function bytesEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false
  return true
}

/**
 * Equality as Connect's `Objects.deepEquals` / `equals` sees it: bytes by content, lists and maps
 * element-wise, structs by schema and values, decimals by value and scale, dates by instant.
 * A number and a wrapper of the same value are different (a Java `Double` is not an `Integer`).
 */
export function valuesEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true
  if (a === null || b === null || typeof a !== 'object' || typeof b !== 'object') {
    return typeof a === 'number' && typeof b === 'number' && Number.isNaN(a) && Number.isNaN(b)
  }
  if (a instanceof Uint8Array) return b instanceof Uint8Array && bytesEqual(a, b)
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false
    for (let i = 0; i < a.length; i++) if (!valuesEqual(a[i], b[i])) return false
    return true
  }
  if (a instanceof Map) {
    if (!(b instanceof Map) || a.size !== b.size) return false
    for (const [k, v] of a) {
      const match = findKey(b, k)
      if (match === NOT_FOUND || !valuesEqual(v, b.get(match))) return false
    }
    return true
  }
  if (a instanceof Date) return b instanceof Date && a.getTime() === b.getTime()
  if (a instanceof BigDecimal) return a.equals(b)
  if (a instanceof BigInteger) return b instanceof BigInteger && a.value === b.value
  if (a instanceof Int8 || a instanceof Int16 || a instanceof Int32 || a instanceof Float32) {
    return (
      a.constructor === b.constructor &&
      (a.value === (b as Int32).value || (Number.isNaN(a.value) && Number.isNaN((b as Int32).value)))
    )
  }
  const eq = (a as { equals?: (o: unknown) => boolean }).equals
  return typeof eq === 'function' ? eq.call(a, b) : false
}

const NOT_FOUND = Symbol('not found')
function findKey(map: Map<unknown, unknown>, key: unknown): unknown {
  if (map.has(key)) return key
  if (key === null || typeof key !== 'object') return NOT_FOUND
  for (const k of map.keys()) if (valuesEqual(k, key)) return k
  return NOT_FOUND
}
