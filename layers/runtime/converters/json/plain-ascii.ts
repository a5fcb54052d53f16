/**
 * A quick check, four bytes at a time, that bytes are plain ASCII text: no control character (below
 * 0x20), no backslash, no byte of a multi-byte UTF-8 sequence (0x80 and up), and optionally no double
 * quote. What a regular expression over the Latin-1 text would tell, without building the text first.
 */

const HIGH = 0x80808080 | 0
const CONTROL = 0x20202020
const ONES = 0x01010101
const BACKSLASHES = 0x5c5c5c5c
const QUOTES = 0x22222222

let lastBuffer: ArrayBufferLike | null = null
let lastWords: Int32Array<ArrayBufferLike> = new Int32Array(0)

/**
 * The memory as 32-bit words: one view kept for the last buffer seen (records of one fetch, the
 * writer's own buffer), so that a check makes no view of its own.
 */
function wordsOf(buffer: ArrayBufferLike): Int32Array<ArrayBufferLike> {
  if (buffer !== lastBuffer) {
    lastWords = new Int32Array(buffer, 0, buffer.byteLength >> 2)
    lastBuffer = buffer
  }
  return lastWords
}

function plainByte(c: number, quote: boolean): boolean {
  return c >= 0x20 && c < 0x80 && c !== 0x5c && !(quote && c === 0x22)
}

/** True if `b[start..end)` holds only bytes 0x20–0x7f other than `\` (and `"` where `quote`). */
export function isPlainAscii(b: Uint8Array, start: number, end: number, quote: boolean): boolean {
  let p = start
  const base = b.byteOffset
  // byte by byte up to a 4-byte boundary of the underlying memory
  while (p < end && ((base + p) & 3) !== 0) {
    if (!plainByte(b[p]!, quote)) return false
    p++
  }
  const count = (end - p) >> 2
  if (count > 0) {
    const words = wordsOf(b.buffer)
    const first = (base + p) >> 2
    const last = first + count
    for (let i = first; i < last; i++) {
      const x = words[i]!
      const bs = x ^ BACKSLASHES
      // a byte below 0x20 (exact once no byte has its high bit set), a zero byte of x ^ "\\\\\\\\"
      let bad = x | ((x - CONTROL) & ~x) | ((bs - ONES) & ~bs)
      if (quote) {
        const q = x ^ QUOTES
        bad |= (q - ONES) & ~q
      }
      if ((bad & HIGH) !== 0) return false
    }
    p += count * 4
  }
  for (; p < end; p++) if (!plainByte(b[p]!, quote)) return false
  return true
}

/**
 * The last long strings read that `isPlainAscii` passed (bytes 0x20–0x7f, no `\`, no `"`): a record
 * read and then written again (a converter round trip, a transform chain) is written without a second
 * check. Only strings equal to one of these are taken as checked, so this is never wrong, only
 * sometimes not quicker.
 */
const RECENT_PLAIN = 8
const recentPlain: string[] = new Array<string>(RECENT_PLAIN).fill('')
let nextPlain = 0

export function rememberPlain(s: string): void {
  recentPlain[nextPlain] = s
  nextPlain = (nextPlain + 1) & (RECENT_PLAIN - 1)
}

/** True if `s` is (equal to) one of the strings last passed to `rememberPlain`. */
export function isRememberedPlain(s: string): boolean {
  for (let i = 0; i < RECENT_PLAIN; i++) if (recentPlain[i] === s) return true
  return false
}
