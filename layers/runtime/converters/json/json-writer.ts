/**
 * Writes JSON bytes exactly as Kafka's JsonSerializer does (Jackson's UTF8JsonGenerator with default
 * features): no white space; `"` `\` and the control characters escaped (`\b \t \n \f \r`, the others
 * as `\u00XX` in upper-case hex); other characters as UTF-8, except that each UTF-16 surrogate is written
 * as its own `\uXXXX` escape (so an emoji is `\uD83D\uDE00`); doubles and floats as Java's
 * `Double.toString` / `Float.toString`; NaN and the infinities as strings; decimals as
 * `BigDecimal.toString()`; bytes as padded standard base64. Nesting deeper than 1000 is refused, as
 * Jackson's default StreamWriteConstraints do.
 *
 * One writer is reused for every record: `finish()` copies the bytes out, `take()` hands out a view.
 */
import { type BigDecimal, javaDoubleToString, javaFloatToString } from '../../data/values.js'
import { isPlainAscii, isRememberedPlain } from './plain-ascii.js'

interface WritableBuffer extends Buffer {
  latin1Write(s: string, offset: number): number
  utf8Write(s: string, offset: number): number
}

/** Thrown where Jackson's generator would refuse to write (too deep). */
export class JsonWriteError extends Error {}

const MAX_DEPTH = 1000
/** What Jackson writes other than as plain UTF-8: quotes, backslashes, control characters, surrogates. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what it looks for
const NEEDS_ESCAPE = /["\\\u0000-\u001f\ud800-\udfff]/
const HEX = '0123456789ABCDEF'
/** The standard base64 alphabet, as bytes. */
const BASE64 = Buffer.from('ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/', 'latin1')
/** Longs below this in magnitude are written as numbers. */
const SAFE_LONG = 2n ** 53n
/** Up to this many bytes are encoded here rather than through a base64 string. */
const SHORT_BINARY = 48
/** From this length a string with nothing to escape is written natively; a shorter one char by char. */
const LONG_STRING = 40
const SHORT_ESCAPES: Record<number, number> = { 8: 0x62, 9: 0x74, 10: 0x6e, 12: 0x66, 13: 0x72 }

export class JsonWriter {
  private buf: WritableBuffer
  pos = 0
  private depth = 0
  /** Where the document being written starts: after the views handed out by `take`, else 0. */
  private start = 0
  /** The bytes of a small integer being written as base64, or the digits of a number. */
  private readonly scratch = new Uint8Array(16)

  constructor(private readonly initialSize = 16 * 1024) {
    this.buf = Buffer.allocUnsafe(initialSize) as WritableBuffer
  }

  reset(): void {
    this.pos = this.start
    this.depth = 0
  }

  /** A copy of what has been written. */
  finish(): Buffer {
    const out = Buffer.allocUnsafe(this.pos - this.start)
    this.buf.copy(out, 0, this.start, this.pos)
    return out
  }

  /**
   * What has been written, without a copy: a view of the writer's buffer, which it never writes over
   * again (the next document starts after it; a full buffer is replaced, not reused). Each view keeps
   * its buffer (`initialSize` bytes or more) alive, so this is for output that is short-lived and
   * taken often, such as the values of a produce request.
   */
  take(): Buffer {
    const out = this.buf.subarray(this.start, this.pos)
    this.start = this.pos
    return out
  }

  private ensure(n: number): void {
    if (this.pos + n <= this.buf.length) return
    const used = this.pos - this.start
    // views taken from the current buffer stay as they are: a fresh buffer when any were taken
    let size = this.start > 0 ? this.initialSize : this.buf.length * 2
    while (size < used + n) size *= 2
    const next = Buffer.allocUnsafe(size) as WritableBuffer
    this.buf.copy(next, 0, this.start, this.pos)
    this.buf = next
    this.start = 0
    this.pos = used
  }

  byte(c: number): void {
    if (this.pos >= this.buf.length) this.ensure(1)
    this.buf[this.pos++] = c
  }

  raw(bytes: Uint8Array): void {
    const n = bytes.length
    this.ensure(n)
    if (n > 32) {
      this.buf.set(bytes, this.pos)
      this.pos += n
      return
    }
    // a field name: a loop is quicker than set() for a few bytes
    const b = this.buf
    let p = this.pos
    for (let i = 0; i < n; i++) b[p++] = bytes[i]!
    this.pos = p
  }

  /** Text known to be ASCII with nothing to escape (numbers, literals, base64). */
  ascii(s: string): void {
    const n = s.length
    this.ensure(n)
    if (n > 16) {
      this.pos += this.buf.latin1Write(s, this.pos)
      return
    }
    // a number: a loop is quicker than the native call for a few characters
    const b = this.buf
    let p = this.pos
    for (let i = 0; i < n; i++) b[p++] = s.charCodeAt(i)
    this.pos = p
  }

  startObject(): void {
    if (++this.depth > MAX_DEPTH)
      throw new JsonWriteError(`Document nesting depth exceeds the maximum allowed (${MAX_DEPTH})`)
    this.byte(0x7b)
  }
  endObject(): void {
    this.depth--
    this.byte(0x7d)
  }
  startArray(): void {
    if (++this.depth > MAX_DEPTH)
      throw new JsonWriteError(`Document nesting depth exceeds the maximum allowed (${MAX_DEPTH})`)
    this.byte(0x5b)
  }
  endArray(): void {
    this.depth--
    this.byte(0x5d)
  }
  comma(): void {
    this.byte(0x2c)
  }
  /** A field name and its colon. */
  name(s: string): void {
    this.string(s)
    this.byte(0x3a)
  }

  null(): void {
    this.ascii('null')
  }
  boolean(v: boolean): void {
    this.ascii(v ? 'true' : 'false')
  }
  /** An integral number (an int, a Date's days, a Timestamp's millis), as `String(v)` writes it. */
  int(v: number): void {
    if (!Number.isSafeInteger(v)) {
      this.ascii(String(v))
      return
    }
    this.ensure(17)
    const b = this.buf
    let p = this.pos
    let rest = v
    if (rest < 0) {
      b[p++] = 0x2d
      rest = -rest
    }
    // the digits, last first, then copied in order: quicker than String() and a native write
    const digits = this.scratch
    let n = 0
    do {
      const q = Math.floor(rest / 10)
      digits[n++] = rest - q * 10
      rest = q
    } while (rest > 0)
    while (n > 0) b[p++] = 0x30 + digits[--n]!
    this.pos = p
  }
  long(v: bigint): void {
    if (v < SAFE_LONG && v > -SAFE_LONG) this.int(Number(v))
    else this.ascii(v.toString())
  }

  /** A Java double: `Double.toString`, or a quoted `NaN` / `Infinity` / `-Infinity`. */
  double(v: number): void {
    if (!Number.isFinite(v)) {
      this.string(javaDoubleToString(v))
      return
    }
    const abs = v < 0 ? -v : v
    // between 10^-3 and 10^7 Java's digits are JavaScript's shortest ones
    if (abs >= 1e-3 && abs < 1e7) {
      const s = String(v)
      this.ascii(Number.isInteger(v) ? (Object.is(v, -0) ? '-0.0' : `${s}.0`) : s)
      return
    }
    this.ascii(javaDoubleToString(v))
  }

  /** A Java float (the value already rounded to float32). */
  float(v: number): void {
    if (!Number.isFinite(v)) this.string(javaFloatToString(v))
    else this.ascii(javaFloatToString(v))
  }

  decimal(v: BigDecimal): void {
    this.ascii(v.toString())
  }

  /** Bytes as a base64 string. */
  binary(bytes: Uint8Array): void {
    if (bytes.length <= SHORT_BINARY) {
      this.base64(bytes, bytes.length)
      return
    }
    const b = Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)
    this.byte(0x22)
    this.ascii(b.toString('base64'))
    this.byte(0x22)
  }

  /**
   * As `binary(BigInteger.valueOf(n).toByteArray())` for a safe integer below 2^47 in magnitude: the
   * minimal big-endian two's complement bytes of `n` (a Decimal's unscaled value), as base64.
   */
  binaryOfInteger(n: number): void {
    let len = 1
    for (let m = n < 0 ? -n - 1 : n; m >= 128; m = Math.floor(m / 256)) len++
    let v = n < 0 ? n + 2 ** (8 * len) : n
    const bytes = this.scratch
    for (let i = len - 1; i >= 0; i--) {
      bytes[i] = v % 256
      v = Math.floor(v / 256)
    }
    this.base64(bytes, len)
  }

  /** Padded standard base64 of the first `n` bytes, quoted. */
  private base64(bytes: Uint8Array, n: number): void {
    this.ensure(Math.ceil(n / 3) * 4 + 2)
    const b = this.buf
    let p = this.pos
    b[p++] = 0x22
    let i = 0
    for (; i + 3 <= n; i += 3) {
      const t = (bytes[i]! << 16) | (bytes[i + 1]! << 8) | bytes[i + 2]!
      b[p++] = BASE64[t >> 18]!
      b[p++] = BASE64[(t >> 12) & 63]!
      b[p++] = BASE64[(t >> 6) & 63]!
      b[p++] = BASE64[t & 63]!
    }
    if (n - i === 1) {
      const t = bytes[i]!
      b[p++] = BASE64[t >> 2]!
      b[p++] = BASE64[(t & 3) << 4]!
      b[p++] = 0x3d
      b[p++] = 0x3d
    } else if (n - i === 2) {
      const t = (bytes[i]! << 8) | bytes[i + 1]!
      b[p++] = BASE64[t >> 10]!
      b[p++] = BASE64[(t >> 4) & 63]!
      b[p++] = BASE64[(t & 15) << 2]!
      b[p++] = 0x3d
    }
    b[p++] = 0x22
    this.pos = p
  }

  /** A quoted, escaped string. */
  string(s: string): void {
    // a long string with nothing to escape is written natively; a short one char by char is quicker
    if (s.length >= LONG_STRING) {
      if (isRememberedPlain(s)) {
        // read by our JSON reader, which checked that nothing in it needs escaping
        this.ensure(s.length + 2)
        const b = this.buf
        b[this.pos++] = 0x22
        this.pos += b.latin1Write(s, this.pos)
        b[this.pos++] = 0x22
        return
      }
      // written as UTF-8, then checked: as many bytes as characters and none to escape means plain ASCII
      this.ensure(s.length * 3 + 2)
      const b = this.buf
      const at = this.pos + 1
      const n = b.utf8Write(s, at)
      if (n === s.length && isPlainAscii(b, at, at + n, true)) {
        b[this.pos] = 0x22
        b[at + n] = 0x22
        this.pos = at + n + 1
        return
      }
      if (!NEEDS_ESCAPE.test(s)) {
        this.ensure(s.length * 3 + 2)
        const b = this.buf
        b[this.pos++] = 0x22
        this.pos += b.utf8Write(s, this.pos)
        b[this.pos++] = 0x22
        return
      }
    }
    this.escapedString(s)
  }

  private escapedString(s: string): void {
    // at most 6 bytes per UTF-16 unit (\uXXXX), plus the quotes
    const n = s.length
    this.ensure(n * 6 + 2)
    const b = this.buf
    let p = this.pos
    b[p++] = 0x22
    // the plain ASCII start (often the whole string), then the rest with its escapes and UTF-8
    let i = 0
    for (; i < n; i++) {
      const c = s.charCodeAt(i)
      if (c < 0x20 || c >= 0x80 || c === 0x22 || c === 0x5c) break
      b[p++] = c
    }
    for (; i < n; i++) {
      const c = s.charCodeAt(i)
      if (c >= 0x20 && c < 0x80 && c !== 0x22 && c !== 0x5c) {
        b[p++] = c
      } else if (c < 0x80) {
        if (c === 0x22 || c === 0x5c) {
          b[p++] = 0x5c
          b[p++] = c
        } else {
          const short = SHORT_ESCAPES[c]
          b[p++] = 0x5c
          if (short !== undefined) {
            b[p++] = short
          } else {
            b[p++] = 0x75
            b[p++] = 0x30
            b[p++] = 0x30
            b[p++] = HEX.charCodeAt(c >> 4)
            b[p++] = HEX.charCodeAt(c & 0xf)
          }
        }
      } else if (c < 0x800) {
        b[p++] = 0xc0 | (c >> 6)
        b[p++] = 0x80 | (c & 0x3f)
      } else if (c >= 0xd800 && c <= 0xdfff) {
        b[p++] = 0x5c
        b[p++] = 0x75
        b[p++] = HEX.charCodeAt(c >> 12)
        b[p++] = HEX.charCodeAt((c >> 8) & 0xf)
        b[p++] = HEX.charCodeAt((c >> 4) & 0xf)
        b[p++] = HEX.charCodeAt(c & 0xf)
      } else {
        b[p++] = 0xe0 | (c >> 12)
        b[p++] = 0x80 | ((c >> 6) & 0x3f)
        b[p++] = 0x80 | (c & 0x3f)
      }
    }
    b[p++] = 0x22
    this.pos = p
  }
}
