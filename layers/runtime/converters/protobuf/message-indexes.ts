/**
 * Confluent's Protobuf message indexes (`MessageIndexes`): after the schema id, which message of the
 * `.proto` file the payload is, as a path of indexes (top-level message, then nested). Written as a
 * zig-zag varint count followed by zig-zag varint indexes; the common path `[0]` is the single byte 0.
 */
import { DataException } from '../../errors.js'

export const DEFAULT_INDEXES: readonly number[] = Object.freeze([0])

/** Reads the indexes at `pos`; returns them and the position after them. */
export function readMessageIndexes(bytes: Uint8Array, pos: number): { indexes: readonly number[]; end: number } {
  const count = readZigZag(bytes, pos)
  if (count.value === 0) return { indexes: DEFAULT_INDEXES, end: count.end }
  if (count.value < 0 || count.value > 100) throw new DataException(`Invalid message index count ${count.value}`)
  const indexes: number[] = []
  let at = count.end
  for (let i = 0; i < count.value; i++) {
    const r = readZigZag(bytes, at)
    indexes.push(r.value)
    at = r.end
  }
  return { indexes, end: at }
}

export function writeMessageIndexes(indexes: readonly number[]): Uint8Array {
  if (indexes.length === 1 && indexes[0] === 0) return Uint8Array.of(0)
  const out: number[] = []
  writeZigZag(out, indexes.length)
  for (const i of indexes) writeZigZag(out, i)
  return Uint8Array.from(out)
}

function readZigZag(bytes: Uint8Array, pos: number): { value: number; end: number } {
  let raw = 0
  let shift = 0
  for (let i = pos; ; i++) {
    if (i >= bytes.length) throw new DataException('Error deserializing message indexes: the payload is truncated')
    const b = bytes[i]!
    raw |= (b & 0x7f) << shift
    if ((b & 0x80) === 0) return { value: (raw >>> 1) ^ -(raw & 1), end: i + 1 }
    shift += 7
    if (shift > 28) throw new DataException('Error deserializing message indexes: varint is too long')
  }
}

function writeZigZag(out: number[], n: number): void {
  let v = ((n << 1) ^ (n >> 31)) >>> 0
  while (v >= 0x80) {
    out.push((v & 0x7f) | 0x80)
    v >>>= 7
  }
  out.push(v)
}
