/**
 * A JSON reader for UTF-8 bytes that accepts what Kafka's JsonDeserializer (Jackson's `readTree` with
 * `ALLOW_LEADING_ZEROS_FOR_NUMBERS`) accepts and builds the tree of `json-node.ts`: integers exact,
 * fractions kept as text, key order kept. Like Jackson it reads one root value and ignores what follows
 * it (except that a root number must be followed by white space or the end), returns MISSING for empty
 * input, and enforces Jackson's default limits (nesting depth 1000, numbers of 1000 characters, names of
 * 50,000 characters, strings of 20,000,000).
 *
 * It is also the tokenizer that the converter's fast payload path drives directly (`readValue` at a
 * position), so the same rules hold on every path.
 */
import { JsonDecimal, type JsonNode, type JsonObject, type JsonRoot, MISSING } from './json-node.js'
import { isPlainAscii, rememberPlain } from './plain-ascii.js'

/** A JSON syntax error (Jackson's JsonParseException); the converter wraps it in its DataException. */
export class JsonParseError extends Error {}

/** Node's internal Buffer accessors: the same bytes as `toString`, without its argument checks. */
interface SliceableBuffer extends Buffer {
  latin1Slice(start: number, end: number): string
  utf8Slice(start: number, end: number): string
}

const MAX_DEPTH = 1000
const MAX_NUMBER_LENGTH = 1000
export const MAX_NAME_LENGTH = 50_000
export const MAX_STRING_LENGTH = 20_000_000

// byte classes
const QUOTE = 0x22
const BACKSLASH = 0x5c
const COMMA = 0x2c
const COLON = 0x3a
const LBRACE = 0x7b
const RBRACE = 0x7d
const LBRACKET = 0x5b
const RBRACKET = 0x5d
const MINUS = 0x2d
const DOT = 0x2e

/** Bytes that may follow a literal or number without being part of it (not a Java identifier char). */
const IDENT_PART = new Uint8Array(256)
for (let c = 0; c < 256; c++) {
  const isIdent =
    (c >= 0x30 && c <= 0x39) ||
    (c >= 0x41 && c <= 0x5a) ||
    (c >= 0x61 && c <= 0x7a) ||
    c === 0x5f ||
    c === 0x24 ||
    c >= 0x80
  IDENT_PART[c] = isIdent ? 1 : 0
}

/** Recent field names (see `readName`), by a hash of their bytes. */
const NAME_CACHE_SIZE = 512
const nameCache: (string | undefined)[] = new Array<string | undefined>(NAME_CACHE_SIZE).fill(undefined)

export class JsonReader {
  buf: SliceableBuffer
  pos: number
  end: number

  constructor(bytes: Uint8Array, pos = 0, end = bytes.length) {
    this.buf = (
      Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)
    ) as SliceableBuffer
    this.pos = pos
    this.end = end
  }

  /** Jackson's `ObjectMapper.readTree(bytes)`: the first value, MISSING for empty input, the rest ignored. */
  readRoot(): JsonRoot {
    this.skipBom()
    const c = this.skipWhitespace()
    if (c < 0) return MISSING
    const value = this.readValue(0)
    if (typeof value === 'number' || typeof value === 'bigint' || value instanceof JsonDecimal)
      this.checkRootNumberEnd()
    return value
  }

  /** Jackson: a number at the root must be followed by white space or the end. */
  checkRootNumberEnd(): void {
    if (this.pos < this.end) {
      const next = this.buf[this.pos]!
      if (next !== 0x20 && next !== 0x09 && next !== 0x0a && next !== 0x0d) {
        throw this.error(`Expected space separating root-level values`)
      }
    }
  }

  /** Skips a UTF-8 byte order mark at the current position. */
  skipBom(): void {
    const b = this.buf
    const p = this.pos
    if (this.end - p >= 3 && b[p] === 0xef && b[p + 1] === 0xbb && b[p + 2] === 0xbf) this.pos += 3
  }

  /** Skips JSON white space; returns the next byte (not consumed), or -1 at the end. */
  skipWhitespace(): number {
    const b = this.buf
    let p = this.pos
    const end = this.end
    while (p < end) {
      const c = b[p]!
      if (c > 0x20) {
        this.pos = p
        return c
      }
      if (c !== 0x20 && c !== 0x0a && c !== 0x0d && c !== 0x09) {
        this.pos = p
        throw this.error(`Illegal character ((CTRL-CHAR, code ${c})): only regular white space allowed between tokens`)
      }
      p++
    }
    this.pos = p
    return -1
  }

  error(message: string): JsonParseError {
    return new JsonParseError(`${message} at byte offset ${this.pos}`)
  }

  /** Reads one value at the current position (white space already skipped). */
  readValue(depth: number): JsonNode {
    const b = this.buf
    if (this.pos >= this.end) throw this.error('Unexpected end-of-input: expected a value')
    const c = b[this.pos]!
    switch (c) {
      case QUOTE:
        this.pos++
        return this.readString(MAX_STRING_LENGTH)
      case LBRACE:
        return this.readObject(depth + 1)
      case LBRACKET:
        return this.readArray(depth + 1)
      case 0x74: // t
        this.literal('true')
        return true
      case 0x66: // f
        this.literal('false')
        return false
      case 0x6e: // n
        this.literal('null')
        return null
      default:
        if (c === MINUS || (c >= 0x30 && c <= 0x39)) return this.readNumber()
        throw this.error(`Unexpected character (code ${c}): expected a valid value`)
    }
  }

  /** Reads `true`, `false` or `null` (its first letter already seen at the current position). */
  literal(word: string): void {
    const b = this.buf
    const p = this.pos
    const n = word.length
    for (let i = 1; i < n; i++) {
      if (b[p + i] !== word.charCodeAt(i)) throw this.error(`Unrecognized token: was expecting '${word}'`)
    }
    const after = p + n
    if (after < this.end && IDENT_PART[b[after]!] === 1) throw this.error(`Unrecognized token: was expecting '${word}'`)
    this.pos = after
  }

  /** Throws where a container at this depth would nest deeper than Jackson allows. */
  checkDepth(depth: number): void {
    if (depth > MAX_DEPTH) throw this.error(`Document nesting depth exceeds the maximum allowed (${MAX_DEPTH})`)
  }

  private readObject(depth: number): JsonObject {
    this.checkDepth(depth)
    this.pos++ // {
    const obj: JsonObject = new Map()
    let c = this.skipWhitespace()
    if (c === RBRACE) {
      this.pos++
      return obj
    }
    for (;;) {
      if (c !== QUOTE)
        throw this.error(`Unexpected character (code ${c}): was expecting double-quote to start field name`)
      this.pos++
      const key = this.readName()
      c = this.skipWhitespace()
      if (c !== COLON)
        throw this.error(`Unexpected character (code ${c}): was expecting a colon to separate field name and value`)
      this.pos++
      this.skipWhitespace()
      obj.set(key, this.readValue(depth))
      c = this.skipWhitespace()
      if (c === COMMA) {
        this.pos++
        c = this.skipWhitespace()
        continue
      }
      if (c === RBRACE) {
        this.pos++
        return obj
      }
      throw this.error(`Unexpected character (code ${c}): was expecting comma to separate Object entries`)
    }
  }

  private readArray(depth: number): JsonNode[] {
    this.checkDepth(depth)
    this.pos++ // [
    const arr: JsonNode[] = []
    let c = this.skipWhitespace()
    if (c === RBRACKET) {
      this.pos++
      return arr
    }
    for (;;) {
      arr.push(this.readValue(depth))
      c = this.skipWhitespace()
      if (c === COMMA) {
        this.pos++
        this.skipWhitespace()
        continue
      }
      if (c === RBRACKET) {
        this.pos++
        return arr
      }
      throw this.error(`Unexpected character (code ${c}): was expecting comma to separate Array entries`)
    }
  }

  /**
   * Reads a field name as `readString(MAX_NAME_LENGTH)` does. A short plain ASCII name is looked up in
   * a small cache by its bytes: the same names come back record after record, and the cached string
   * is neither built again nor hashed again when it keys a map.
   */
  readName(): string {
    const b = this.buf
    const start = this.pos
    const limit = Math.min(this.end, start + 32)
    let h = 0
    for (let p = start; p < limit; p++) {
      const c = b[p]!
      if (c === QUOTE) {
        const len = p - start
        this.pos = p + 1
        const slot = (h ^ (h >>> 9)) & (NAME_CACHE_SIZE - 1)
        const cached = nameCache[slot]
        if (cached !== undefined && cached.length === len) {
          let i = 0
          while (i < len && cached.charCodeAt(i) === b[start + i]) i++
          if (i === len) return cached
        }
        const name = len === 0 ? '' : b.latin1Slice(start, p)
        nameCache[slot] = name
        return name
      }
      if (c === BACKSLASH || c < 0x20 || c >= 0x80) return this.readStringSlow(start, p, MAX_NAME_LENGTH)
      h = (Math.imul(h, 31) + c) | 0
    }
    return this.readString(MAX_NAME_LENGTH)
  }

  /** Reads a string's content; `pos` is just past the opening quote and ends just past the closing one. */
  readString(maxLength: number): string {
    const b = this.buf
    const start = this.pos
    // the common case, printable ASCII up to the closing quote: a short string checked byte by byte,
    // a long one found and checked natively
    const limit = Math.min(this.end, start + 32)
    for (let p = start; p < limit; p++) {
      const c = b[p]!
      if (c === QUOTE) {
        this.pos = p + 1
        return p === start ? '' : b.latin1Slice(start, p)
      }
      if (c === BACKSLASH || c < 0x20 || c >= 0x80) return this.readStringSlow(start, p, maxLength)
    }
    const quote = b.indexOf(QUOTE, limit)
    if (quote >= 0 && quote < this.end && isPlainAscii(b, limit, quote, false)) {
      if (quote - start > maxLength) throw this.error(`String value length exceeds the maximum allowed (${maxLength})`)
      this.pos = quote + 1
      const s = b.latin1Slice(start, quote)
      rememberPlain(s)
      return s
    }
    return this.readStringSlow(start, start, maxLength)
  }

  private readStringSlow(start: number, from: number, maxLength: number): string {
    const b = this.buf
    const end = this.end
    let out = ''
    let segment = start
    let p = from
    let hasNonAscii = false
    while (p < end) {
      const c = b[p]!
      if (c === QUOTE) {
        out += hasNonAscii ? b.utf8Slice(segment, p) : b.latin1Slice(segment, p)
        if (out.length > maxLength) throw this.error(`String value length exceeds the maximum allowed (${maxLength})`)
        this.pos = p + 1
        return out
      }
      if (c === BACKSLASH) {
        out += hasNonAscii ? b.utf8Slice(segment, p) : b.latin1Slice(segment, p)
        hasNonAscii = false
        p = this.readEscape(p + 1, (s) => {
          out += s
        })
        segment = p
        continue
      }
      if (c < 0x20) {
        this.pos = p
        throw this.error(
          `Illegal unquoted character ((CTRL-CHAR, code ${c})): has to be escaped using backslash to be included in string value`,
        )
      }
      if (c >= 0x80) {
        const next = this.checkUtf8(p)
        if (this.odd !== null) {
          out += hasNonAscii ? b.utf8Slice(segment, p) : b.latin1Slice(segment, p)
          out += this.odd
          this.odd = null
          hasNonAscii = false
          segment = next
        } else {
          hasNonAscii = true
        }
        p = next
        continue
      }
      p++
    }
    this.pos = end
    throw this.error('Unexpected end-of-input: was expecting closing quote for a string value')
  }

  /**
   * Checks one UTF-8 sequence at p (lead byte >= 0x80) as Jackson decodes it; returns the position after
   * it. Jackson refuses bad lead and middle bytes and encoded surrogates, but takes overlong forms and
   * code points past U+10FFFF: those (which Node's decoder would replace) are decoded here, into
   * `this.odd`, for the caller to splice in.
   */
  private checkUtf8(p: number): number {
    const b = this.buf
    const c = b[p]!
    const need = c >= 0xc0 && c <= 0xdf ? 1 : c >= 0xe0 && c <= 0xef ? 2 : c >= 0xf0 && c <= 0xf7 ? 3 : 0
    if (need === 0) {
      this.pos = p
      throw this.error(`Invalid UTF-8 start byte 0x${c.toString(16)}`)
    }
    if (p + need >= this.end) {
      this.pos = p
      throw this.error('Unexpected end-of-input in a UTF-8 sequence')
    }
    let cp = c & (need === 1 ? 0x1f : need === 2 ? 0x0f : 0x07)
    for (let i = 1; i <= need; i++) {
      const d = b[p + i]!
      if ((d & 0xc0) !== 0x80) {
        this.pos = p + i
        throw this.error(`Invalid UTF-8 middle byte 0x${d.toString(16)}`)
      }
      cp = (cp << 6) | (d & 0x3f)
    }
    if (need === 2 && cp >= 0xd800 && cp <= 0xdfff) {
      this.pos = p
      throw this.error(`Invalid UTF-8: Illegal surrogate character 0x${cp.toString(16)}`)
    }
    const min = need === 1 ? 0x80 : need === 2 ? 0x800 : 0x10000
    if (cp < min || cp > 0x10ffff) {
      if (need < 3) {
        this.odd = String.fromCharCode(cp)
      } else {
        const v = cp - 0x10000
        this.odd = String.fromCharCode((0xd800 | (v >> 10)) & 0xffff, 0xdc00 | (v & 0x3ff))
      }
    }
    return p + need + 1
  }

  /** What checkUtf8 decoded itself (a form Node's decoder would not give back as Jackson does). */
  private odd: string | null = null

  /** Decodes the escape whose backslash is at p-1; hands its text to `emit`; returns the position after it. */
  private readEscape(p: number, emit: (s: string) => void): number {
    const b = this.buf
    if (p >= this.end) {
      this.pos = p
      throw this.error('Unexpected end-of-input in a character escape sequence')
    }
    const c = b[p]!
    switch (c) {
      case 0x22:
        emit('"')
        return p + 1
      case 0x5c:
        emit('\\')
        return p + 1
      case 0x2f:
        emit('/')
        return p + 1
      case 0x62:
        emit('\b')
        return p + 1
      case 0x66:
        emit('\f')
        return p + 1
      case 0x6e:
        emit('\n')
        return p + 1
      case 0x72:
        emit('\r')
        return p + 1
      case 0x74:
        emit('\t')
        return p + 1
      case 0x75: {
        let code = 0
        for (let i = 1; i <= 4; i++) {
          const h = p + i < this.end ? b[p + i]! : -1
          const v =
            h >= 0x30 && h <= 0x39
              ? h - 0x30
              : h >= 0x41 && h <= 0x46
                ? h - 0x37
                : h >= 0x61 && h <= 0x66
                  ? h - 0x57
                  : -1
          if (v < 0) {
            this.pos = p + i
            throw this.error('Unexpected character: expected a hex-digit for character escape sequence')
          }
          code = (code << 4) | v
        }
        emit(String.fromCharCode(code))
        return p + 5
      }
      default:
        this.pos = p
        throw this.error(`Unrecognized character escape (code ${c})`)
    }
  }

  /** Reads a number at the current position: exact integers, fractions as text. */
  readNumber(): number | bigint | JsonDecimal {
    const b = this.buf
    const end = this.end
    const start = this.pos
    let p = start
    const negative = b[p] === MINUS
    if (negative) p++
    const intStart = p
    let value = 0
    while (p < end) {
      const c = b[p]!
      if (c < 0x30 || c > 0x39) break
      value = value * 10 + (c - 0x30)
      p++
    }
    const intDigits = p - intStart
    if (intDigits === 0) {
      this.pos = p
      throw this.error('Unexpected character: expected digit (0-9) to follow minus sign, for valid numeric value')
    }
    let isDecimal = false
    if (p < end && b[p] === DOT) {
      isDecimal = true
      p++
      const fracStart = p
      while (p < end && b[p]! >= 0x30 && b[p]! <= 0x39) p++
      if (p === fracStart) {
        this.pos = p
        throw this.error('Unexpected character: Decimal point not followed by a digit')
      }
    }
    if (p < end && (b[p] === 0x65 || b[p] === 0x45)) {
      isDecimal = true
      p++
      if (p < end && (b[p] === 0x2b || b[p] === MINUS)) p++
      const expStart = p
      while (p < end && b[p]! >= 0x30 && b[p]! <= 0x39) p++
      if (p === expStart) {
        this.pos = p
        throw this.error('Unexpected character: Exponent indicator not followed by a digit')
      }
    }
    if (p < end && IDENT_PART[b[p]!] === 1 && !(b[p]! >= 0x30 && b[p]! <= 0x39)) {
      this.pos = p
      throw this.error(`Unexpected character (code ${b[p]}) in numeric value`)
    }
    if (p - start > MAX_NUMBER_LENGTH) {
      this.pos = start
      throw this.error(`Number value length (${p - start}) exceeds the maximum allowed (${MAX_NUMBER_LENGTH})`)
    }
    this.pos = p
    if (isDecimal) {
      const text = b.latin1Slice(start, p)
      checkScale(text, this)
      return new JsonDecimal(text)
    }
    if (intDigits <= 15) return negative ? (value === 0 ? 0 : -value) : value
    const big = BigInt(b.latin1Slice(start, p))
    return big >= -9007199254740991n && big <= 9007199254740991n ? Number(big) : big
  }
}

/** Java's BigDecimal refuses a scale outside 32 bits ("1e9999999999"); so does Jackson's reading of it. */
function checkScale(text: string, reader: JsonReader): void {
  const e = text.search(/[eE]/)
  if (e < 0) return
  const dot = text.indexOf('.')
  const fraction = dot < 0 || dot > e ? 0 : e - dot - 1
  const exponent = Number(text.slice(e + 1))
  const scale = fraction - exponent
  if (!Number.isSafeInteger(exponent) || scale < -2147483648 || scale > 2147483647) {
    throw reader.error('Malformed numeric value: exponent out of range')
  }
}
