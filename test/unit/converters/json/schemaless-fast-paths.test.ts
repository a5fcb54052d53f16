/**
 * The schemaless JsonConverter's quick paths (plain ASCII checked four bytes at a time, field names from
 * a cache, strings written without a second check after a read, the schemaless writer) against the
 * general ones: the same strings and bytes whatever a string holds and wherever it sits in memory.
 */
import { describe, expect, it } from 'vitest'
import {
  type FromConnectOptions,
  writeConnectValue,
  writeSchemalessValue,
} from '../../../../layers/runtime/converters/json/from-connect.js'
import { JsonConverter } from '../../../../layers/runtime/converters/json/json-converter.js'
import { JsonWriter } from '../../../../layers/runtime/converters/json/json-writer.js'
import { isPlainAscii } from '../../../../layers/runtime/converters/json/plain-ascii.js'
import { Float32, Int32 } from '../../../../layers/runtime/data/values.js'

const OPTIONS: FromConnectOptions = { numericDecimals: false, replaceNullWithDefault: true }

function plainByByte(b: Uint8Array, start: number, end: number, quote: boolean): boolean {
  for (let p = start; p < end; p++) {
    const c = b[p]!
    if (c < 0x20 || c >= 0x80 || c === 0x5c || (quote && c === 0x22)) return false
  }
  return true
}

function schemaless(): JsonConverter {
  const c = new JsonConverter()
  c.configure({ 'schemas.enable': 'false' }, false)
  return c
}

describe('isPlainAscii', () => {
  it('agrees with a byte-by-byte check for every byte at every offset and alignment', () => {
    const backing = Buffer.alloc(128, 0x61)
    for (let offset = 0; offset < 4; offset++) {
      const b = backing.subarray(offset, offset + 90)
      for (const bad of [0x00, 0x1f, 0x20, 0x21, 0x22, 0x5b, 0x5c, 0x5d, 0x7e, 0x7f, 0x80, 0xc3, 0xff]) {
        for (let at = 0; at < 90; at++) {
          b.fill(0x61)
          b[at] = bad
          for (const [start, end] of [
            [0, 90],
            [1, 77],
            [3, 40],
          ] as const) {
            for (const quote of [false, true]) {
              expect(isPlainAscii(b, start, end, quote)).toBe(plainByByte(b, start, end, quote))
            }
          }
        }
      }
    }
  })
})

describe('schemaless JsonConverter', () => {
  const long = 'x'.repeat(40)
  const strings = [
    `${long}`,
    `${long}\u007f`,
    `${long}"quoted"`,
    `${long}back\\slash`,
    `${long}tab\there`,
    `${long}Kraków`,
    `${long}\u{1f600}`,
    `${long}\u0141`,
    'short',
    'sixteen-chars-xx',
  ]

  it('reads long strings exactly, whatever they hold, and writes back the same bytes', () => {
    const c = schemaless()
    for (const s of strings) {
      const bytes = Buffer.from(JSON.stringify({ value: s, [s]: 1 }))
      const value = c.toConnectData('t', null, bytes).value as Map<string, unknown>
      expect([...value.keys()]).toEqual(['value', s])
      expect(value.get('value')).toBe(s)
      const written = c.fromConnectData('t', null, null, value)!
      const general = new JsonWriter(8)
      writeConnectValue(general, null, value, OPTIONS)
      expect(Buffer.from(written).toString('latin1')).toBe(general.finish().toString('latin1'))
    }
  })

  it('writes a string equal to one just read, but not read, the same way', () => {
    const c = schemaless()
    const s = `${long}abc`
    c.toConnectData('t', null, Buffer.from(JSON.stringify([s])))
    for (const other of [`${long}abc`, `${long}ab"`, `${long}ab\n`]) {
      expect(Buffer.from(c.fromConnectData('t', null, null, [other])!).toString()).toBe(JSON.stringify([other]))
    }
  })

  it('keeps names apart that share a cache slot or differ in one byte', () => {
    const c = schemaless()
    const names = Array.from({ length: 2000 }, (_, i) => `n${i}`)
    const json = `{${names.map((n, i) => `"${n}":${i}`).join(',')}}`
    for (let round = 0; round < 2; round++) {
      const value = c.toConnectData('t', null, Buffer.from(json)).value as Map<string, bigint>
      expect([...value.keys()]).toEqual(names)
      expect(value.get('n1999')).toBe(1999n)
    }
    const escaped = c.toConnectData('t', null, Buffer.from('{"a\\u0062":1,"ab":2,"":3}')).value
    expect(escaped).toEqual(
      new Map<string, bigint>([
        ['ab', 2n],
        ['', 3n],
      ]),
    )
  })

  it('writes every schemaless value as the general writer does', () => {
    const values: unknown[] = [
      new Map<unknown, unknown>([
        ['a', 1n],
        ['b', [1.5, -0, Number.NaN, true, null, undefined]],
        ['c', new Map([[1n, 'x']])],
        ['d', new Int32(7)],
        ['e', new Float32(0.1)],
        ['f', Buffer.from('bytes')],
        ['g', 2n ** 70n],
        ['q"\n\u{1f600}ó', 1n],
        ['x'.repeat(33), 2n],
      ]),
      [new Map([[null, 1n]])],
      'plain',
      undefined,
    ]
    for (const value of values) {
      const fast = new JsonWriter(8)
      writeSchemalessValue(fast, value, OPTIONS)
      const general = new JsonWriter(8)
      writeConnectValue(general, null, value, OPTIONS)
      expect(fast.finish().toString('latin1')).toBe(general.finish().toString('latin1'))
    }
  })
})
