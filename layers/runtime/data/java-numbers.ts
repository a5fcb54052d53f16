/**
 * The Java number semantics that Connect's `Values` relies on: `Character.isDigit`,
 * `new BigDecimal(String)`'s grammar, `BigDecimal.doubleValue()`/`floatValue()` (both correctly
 * rounded), `Number.longValue()` and the narrowing casts `(int) long`, `(short) long`, `(byte) long`.
 */
import { BigDecimal } from './values.js'

const UNICODE_DIGIT = /^\p{Nd}$/u
const LONG_MIN = -(2n ** 63n)
const LONG_MAX = 2n ** 63n - 1n
const TWO_POW_63 = 2 ** 63
const INT_MAX = 2_147_483_647

/** Java's `Character.isDigit(char)` for one UTF-16 code unit: ASCII and every other Unicode decimal digit. */
export function isJavaDigit(code: number): boolean {
  if (code >= 0x30 && code <= 0x39) return true
  if (code < 0x80 || (code >= 0xd800 && code <= 0xdfff)) return false
  return UNICODE_DIGIT.test(String.fromCharCode(code))
}

/** Java's `Character.digit(char, 10)`: the digit's value, or -1. */
export function javaDigitValue(code: number): number {
  if (code >= 0x30 && code <= 0x39) return code - 0x30
  if (!isJavaDigit(code)) return -1
  // Unicode encodes decimal digits in contiguous runs from 0 to 9.
  let start = code
  while (isJavaDigit(start - 1)) start--
  return (code - start) % 10
}

const ASCII_DECIMAL = /^([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/

/**
 * Java's `new BigDecimal(String)`: an optional sign, digits with at most one `.`, an optional
 * exponent; no surrounding whitespace; any Unicode decimal digit counts. Returns null where Java
 * throws `NumberFormatException`.
 */
export function parseJavaBigDecimal(text: string): BigDecimal | null {
  let m = ASCII_DECIMAL.exec(text)
  if (m === null) {
    // the slow path: non-ASCII digits
    let ascii = ''
    for (let i = 0; i < text.length; i++) {
      const code = text.charCodeAt(i)
      ascii += code >= 0x80 && isJavaDigit(code) ? String(javaDigitValue(code)) : text[i]
    }
    if (ascii === text) return null
    m = ASCII_DECIMAL.exec(ascii)
    if (m === null) return null
  }
  const [, sign, whole = '', fraction = '', exponent] = m
  if (whole === '' && fraction === '') return null
  const exp = exponent === undefined ? 0 : Number(exponent)
  // the scale must fit an int ("Scale out of range."; Java 17 also rejects an exponent past ±2^31 - 1)
  const scale = fraction.length - exp
  if (scale > INT_MAX || scale < -INT_MAX - 1) return null
  const unscaled = BigInt(whole + fraction)
  return new BigDecimal(sign === '-' ? -unscaled : unscaled, scale)
}

/** Java's `BigDecimal.doubleValue()`: the nearest double (a zero is +0.0). */
export function bigDecimalToDouble(value: BigDecimal): number {
  const { unscaled, scale } = value
  if (unscaled === 0n) return 0
  if (unscaled > -(2n ** 53n) && unscaled < 2n ** 53n && scale >= -22 && scale <= 22) {
    // both operands are exact doubles, so one IEEE operation rounds once, correctly
    const n = Number(unscaled)
    return scale >= 0 ? n / 10 ** scale : n * 10 ** -scale
  }
  return Number(`${unscaled}e${-scale}`)
}

const FLOAT_MAX = 3.4028234663852886e38
const FLOAT_OVERFLOW = 2 ** 128
const f32 = new Float32Array(1)
const u32 = new Uint32Array(f32.buffer)
const f64 = new Float64Array(1)
const u64 = new BigUint64Array(f64.buffer)

/** The next float32 above a finite, non-negative float32. */
function nextFloatUp(f: number): number {
  if (f === FLOAT_MAX) return FLOAT_OVERFLOW
  f32[0] = f
  u32[0] = u32[0]! + 1
  return f32[0]!
}

/** An exact double as `m × 2^e`. */
function doubleParts(d: number): { m: bigint; e: number } {
  f64[0] = d
  const bits = u64[0]!
  const biased = Number((bits >> 52n) & 0x7ffn)
  const fraction = bits & 0xfffffffffffffn
  return biased === 0 ? { m: fraction, e: -1074 } : { m: fraction | (1n << 52n), e: biased - 1075 }
}

/** The sign of `|value| − d` for a finite positive double `d`, exactly. */
function compareMagnitude(value: BigDecimal, d: number): number {
  const { m, e } = doubleParts(d)
  let lhs = value.unscaled < 0n ? -value.unscaled : value.unscaled
  let rhs = m
  if (value.scale < 0) lhs *= 10n ** BigInt(-value.scale)
  else rhs *= 10n ** BigInt(value.scale)
  if (e < 0) lhs <<= BigInt(-e)
  else rhs <<= BigInt(e)
  return lhs < rhs ? -1 : lhs > rhs ? 1 : 0
}

/**
 * Java's `BigDecimal.floatValue()`: the float32 nearest the exact decimal. Rounding through a double
 * first is wrong only where the double lands exactly halfway between two floats; that case is
 * decided on the exact value.
 */
export function bigDecimalToFloat(value: BigDecimal): number {
  const d = bigDecimalToDouble(value)
  const f = Math.fround(d)
  if (f === d || !Number.isFinite(d)) return f
  const abs = Math.abs(d)
  let lo = Math.fround(abs)
  if (lo > abs) {
    f32[0] = lo
    u32[0] = u32[0]! - 1
    lo = f32[0]!
  }
  const hi = nextFloatUp(lo)
  if ((lo + hi) / 2 !== abs) return f
  const cmp = compareMagnitude(value, abs)
  if (cmp === 0) return f
  const picked = cmp > 0 ? (hi === FLOAT_OVERFLOW ? Number.POSITIVE_INFINITY : hi) : lo
  return d < 0 ? -picked : picked
}

/** Java's `(long) d`: truncation, saturating at the long range, NaN as 0. */
export function doubleToLong(d: number): bigint {
  if (Number.isNaN(d)) return 0n
  if (d >= TWO_POW_63) return LONG_MAX
  if (d <= -TWO_POW_63) return LONG_MIN
  return BigInt(Math.trunc(d))
}

/**
 * Java's `(int) (long) d`, `(short) (long) d` or `(byte) (long) d` without a bigint: the low bits of
 * the saturated, truncated value, sign-extended.
 */
export function doubleToIntegral(d: number, bits: 8 | 16 | 32): number {
  if (Number.isNaN(d)) return 0
  if (d >= TWO_POW_63) return -1 // Long.MAX_VALUE: all low bits set
  if (d <= -TWO_POW_63) return 0 // Long.MIN_VALUE: no low bits set
  const t = Math.trunc(d) // an exact integer, so ToInt32 takes it modulo 2^32 exactly
  return bits === 32 ? t | 0 : bits === 16 ? (t << 16) >> 16 : (t << 24) >> 24
}

/** Java's narrowing of a long to `int`, `short` or `byte`. */
export function longToIntegral(v: bigint, bits: 8 | 16 | 32): number {
  return Number(BigInt.asIntN(bits, v))
}

/** Java's `BigDecimal.longValue()`: the fraction dropped, then the low 64 bits. */
export function bigDecimalToLong(value: BigDecimal): bigint {
  const { unscaled, scale } = value
  // 10^k has 2^k as a factor, so past k = 64 no low bit is left
  if (scale <= 0) return scale <= -64 ? 0n : BigInt.asIntN(64, unscaled * 10n ** BigInt(-scale))
  const magnitude = unscaled < 0n ? -unscaled : unscaled
  if (scale >= magnitude.toString().length) return 0n
  return BigInt.asIntN(64, unscaled / 10n ** BigInt(scale))
}
