/**
 * Java's numeric narrowing on JSON number text, as Jackson's nodes apply it: `BigDecimal.longValue()`
 * (truncate toward zero, keep the low 64 bits), `BigDecimal.doubleValue()` and `floatValue()` (correctly
 * rounded, a zero of any sign reads as +0.0).
 */
import { BigDecimal } from '../../data/values.js'

/** The integer part of a decimal, truncated toward zero, as a two's-complement integer of `bits` bits. */
export function truncateToLowBits(text: string, bits: 32 | 64): bigint {
  const d = BigDecimal.parse(text)
  if (d.scale <= 0) {
    // 10^k = 2^k·5^k: past `bits` doublings the low bits are all zero
    if (-d.scale >= bits) return 0n
    return BigInt.asIntN(bits, d.unscaled * 10n ** BigInt(-d.scale))
  }
  const digits = (d.unscaled < 0n ? -d.unscaled : d.unscaled).toString().length
  if (d.scale >= digits) return 0n
  return BigInt.asIntN(bits, d.unscaled / 10n ** BigInt(d.scale))
}

function mantissaIsZero(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i)
    if (c === 0x65 || c === 0x45) return true // e, E: only the exponent is left
    if (c >= 0x31 && c <= 0x39) return false
  }
  return true
}

/** `new BigDecimal(text).doubleValue()`. */
export function decimalToNumber(text: string): number {
  const x = Number(text)
  // BigDecimal has no negative zero: "-0.0" is 0.0 (a negative value too small for a double is -0.0)
  return x === 0 && mantissaIsZero(text) ? 0 : x
}

const F32 = new DataView(new ArrayBuffer(4))

function float32Neighbour(f: number, up: boolean): number {
  F32.setFloat32(0, f)
  const bits = F32.getUint32(0)
  // for a positive float the next one up has the next bit pattern; for a negative, the previous
  const positive = f > 0 || (f === 0 && !Object.is(f, -0))
  F32.setUint32(0, up === positive ? bits + 1 : bits - 1)
  return F32.getFloat32(0)
}

/** Compares the exact value of decimal `d` with the double `x` (same sign, both non-zero). */
function compareExact(d: BigDecimal, x: number): number {
  const view = new DataView(new ArrayBuffer(8))
  view.setFloat64(0, Math.abs(x))
  const hi = view.getUint32(0)
  const lo = view.getUint32(4)
  const biased = (hi >>> 20) & 0x7ff
  let m = (BigInt(hi & 0xfffff) << 32n) | BigInt(lo)
  if (biased !== 0) m |= 1n << 52n
  const e = (biased === 0 ? 1 : biased) - 1075
  const u = d.unscaled < 0n ? -d.unscaled : d.unscaled
  // u·10^-s vs m·2^e, cleared of negative exponents
  let left = u
  let right = m
  if (d.scale > 0) right *= 10n ** BigInt(d.scale)
  else left *= 10n ** BigInt(-d.scale)
  if (e > 0) right <<= BigInt(e)
  else left <<= BigInt(-e)
  const sign = x < 0 ? -1 : 1
  return left === right ? 0 : left > right ? sign : -sign
}

/** `new BigDecimal(text).floatValue()`: rounded once, to the nearest float32, ties to even. */
export function decimalToFloat32(text: string): number {
  const x = decimalToNumber(text)
  const f = Math.fround(x)
  if (f === x || !Number.isFinite(f)) return f
  // rounding to a double first goes wrong only where the double lands exactly halfway between two floats
  const other = float32Neighbour(f, f < x)
  if ((f + other) / 2 !== x) return f
  const cmp = compareExact(BigDecimal.parse(text), x)
  if (cmp === 0) return f
  const above = cmp > 0
  return above === x > f ? other : f
}
