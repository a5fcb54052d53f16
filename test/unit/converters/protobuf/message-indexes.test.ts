// Confluent's MessageIndexes wire form, as MessageIndexesTest pins it.
import { describe, expect, it } from 'vitest'
import {
  readMessageIndexes,
  writeMessageIndexes,
} from '../../../../layers/runtime/converters/protobuf/message-indexes.js'

describe('Protobuf message indexes', () => {
  it('writes the first message, [0], as the single byte 0', () => {
    expect(writeMessageIndexes([0])).toEqual(Uint8Array.of(0))
  })

  it('writes a count and indexes as zig-zag varints', () => {
    expect(writeMessageIndexes([1, 0])).toEqual(Uint8Array.of(4, 2, 0))
    expect(writeMessageIndexes([70])).toEqual(Uint8Array.of(2, 0x8c, 0x01))
  })

  it('reads what it writes, and returns where the message starts', () => {
    const bytes = Uint8Array.of(9, 9, 9, ...writeMessageIndexes([2, 5, 70]), 42)
    expect(readMessageIndexes(bytes, 3)).toEqual({ indexes: [2, 5, 70], end: bytes.length - 1 })
  })

  it('reads the single byte 0 as [0]', () => {
    expect(readMessageIndexes(Uint8Array.of(0, 8), 0)).toEqual({ indexes: [0], end: 1 })
  })

  it('rejects truncated indexes', () => {
    expect(() => readMessageIndexes(Uint8Array.of(4, 2), 0)).toThrow(/truncated/)
  })
})
