/**
 * Base64 as Jackson reads a JSON string as binary (`TextNode.binaryValue()` with the default
 * `MIME-NO-LINEFEEDS` variant): standard alphabet, padding required, the string trimmed first, white
 * space (any char up to U+0020) allowed only between 4-character groups, unused low bits ignored.
 * JsonConverter writes bytes with Node's encoder, which produces exactly Jackson's output.
 */

const VALUES = new Int8Array(128).fill(-1)
for (let i = 0; i < 64; i++) {
  VALUES['ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/'.charCodeAt(i)] = i
}
const PADDING = -2
VALUES[0x3d] = PADDING

function value(c: number): number {
  return c < 128 ? VALUES[c]! : -1
}

/** Thrown for input Jackson would refuse; JsonConverter wraps it in its own DataException. */
export class Base64Exception extends Error {}

function trimJava(s: string): string {
  // Java's String.trim: strips chars <= U+0020 at both ends
  let start = 0
  let end = s.length
  while (start < end && s.charCodeAt(start) <= 0x20) start++
  while (end > start && s.charCodeAt(end - 1) <= 0x20) end--
  return start === 0 && end === s.length ? s : s.slice(start, end)
}

const STRICT = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/

export function decodeJacksonBase64(input: string): Uint8Array {
  const str = trimJava(input)
  // the common case, canonical base64, decodes natively to the same bytes
  if (STRICT.test(str)) return Buffer.from(str, 'base64')
  const out: number[] = []
  const len = str.length
  let ptr = 0
  for (;;) {
    let ch: number
    do {
      if (ptr >= len) return Uint8Array.from(out)
      ch = str.charCodeAt(ptr++)
    } while (ch <= 0x20)
    let bits = value(ch)
    if (bits < 0) throw illegal(ch, 0)
    let data = bits
    if (ptr >= len) throw eof()
    ch = str.charCodeAt(ptr++)
    bits = value(ch)
    if (bits < 0) throw illegal(ch, 1)
    data = (data << 6) | bits
    if (ptr >= len) throw eof()
    ch = str.charCodeAt(ptr++)
    bits = value(ch)
    if (bits < 0) {
      if (bits !== PADDING) throw illegal(ch, 2)
      if (ptr >= len) throw eof()
      ch = str.charCodeAt(ptr++)
      if (ch !== 0x3d) throw illegal(ch, 3, "expected padding character '='")
      out.push((data >> 4) & 0xff)
      continue
    }
    data = (data << 6) | bits
    if (ptr >= len) throw eof()
    ch = str.charCodeAt(ptr++)
    bits = value(ch)
    if (bits < 0) {
      if (bits !== PADDING) throw illegal(ch, 3)
      data >>= 2
      out.push((data >> 8) & 0xff, data & 0xff)
    } else {
      data = (data << 6) | bits
      out.push((data >> 16) & 0xff, (data >> 8) & 0xff, data & 0xff)
    }
  }
}

function illegal(ch: number, index: number, detail?: string): Base64Exception {
  const shown = ch <= 0x20 ? `(code 0x${ch.toString(16)})` : `'${String.fromCharCode(ch)}' (code 0x${ch.toString(16)})`
  return new Base64Exception(
    `Illegal character ${shown} as character #${index + 1} of 4-char base64 unit${detail ? `: ${detail}` : ''}`,
  )
}

function eof(): Base64Exception {
  return new Base64Exception(
    "Unexpected end of base64-encoded String: base64 variant 'MIME-NO-LINEFEEDS' expects padding (one or more '=' characters) at the end",
  )
}
