import { describe, expect, it } from 'vitest'
import { JsonDecimal, MISSING } from '../../../../layers/runtime/converters/json/json-node.js'
import { JsonParseError, JsonReader } from '../../../../layers/runtime/converters/json/json-reader.js'
import { readSchemaless } from '../../../../layers/runtime/converters/json/schemaless-reader.js'

const read = (text: string | Buffer) =>
  new JsonReader(typeof text === 'string' ? Buffer.from(text, 'utf8') : text).readRoot()

describe('JsonReader, as Jackson reads a tree', () => {
  it('keeps integers exact: a number while safe, a bigint beyond', () => {
    expect(
      read('[1, -0, 9007199254740991, 9007199254740992, -9223372036854775808, 123456789012345678901234567890]'),
    ).toEqual([1, 0, 9007199254740991, 9007199254740992n, -9223372036854775808n, 123456789012345678901234567890n])
  })

  it('keeps the text of a number with a fraction or an exponent, so 1.0 is not 1', () => {
    expect(read('[1.0, 1.50, 1e3, -0.0]')).toEqual([
      new JsonDecimal('1.0'),
      new JsonDecimal('1.50'),
      new JsonDecimal('1e3'),
      new JsonDecimal('-0.0'),
    ])
  })

  it('allows leading zeros, as Kafka enables ALLOW_LEADING_ZEROS_FOR_NUMBERS', () => {
    expect(read('[007, -007, 00.5]')).toEqual([7, -7, new JsonDecimal('00.5')])
  })

  it.each([
    '[.5]',
    '[1.]',
    '[+1]',
    '[NaN]',
    '[1e]',
    '[-]',
    "{'a':1}",
    '[1,]',
    '{"a":1,}',
    '[1 2]',
    '[truex]',
    '[1 /* c */]',
  ])('refuses %s', (text) => {
    expect(() => read(text)).toThrow(JsonParseError)
  })

  it('keeps object keys in first-seen order with the last value of a repeated key', () => {
    const obj = read('{"b":1,"a":2,"b":3}') as Map<string, unknown>
    expect([...obj.entries()]).toEqual([
      ['b', 3],
      ['a', 2],
    ])
  })

  it('decodes escapes, lone surrogates included, and UTF-8', () => {
    expect(read('"\\u00e9\\ud83d\\ude00\\ud800 \\/\\b\\f\\n\\r\\t\\"\\\\"')).toBe('é😀\ud800 /\b\f\n\r\t"\\')
    expect(read('"é 日 😀"')).toBe('é 日 😀')
  })

  it('refuses raw control characters, unknown escapes and bad UTF-8', () => {
    expect(() => read('"tab\there"')).toThrow(/CTRL-CHAR, code 9/)
    expect(() => read('"\\x"')).toThrow(/Unrecognized character escape/)
    expect(() => read(Buffer.from([0x22, 0xff, 0x22]))).toThrow(/Invalid UTF-8 start byte/)
    expect(() => read(Buffer.from([0x22, 0xc3, 0x22]))).toThrow(/Invalid UTF-8 middle byte/)
    expect(() => read(Buffer.from([0x22, 0xed, 0xa0, 0x80, 0x22]))).toThrow(/Illegal surrogate/)
  })

  it('decodes overlong and out-of-range UTF-8 as Jackson does', () => {
    expect(read(Buffer.from([0x22, 0xc0, 0x80, 0x22]))).toBe('\u0000')
    expect(read(Buffer.from([0x22, 0xf4, 0x90, 0x80, 0x80, 0x22]))).toBe('\udc00\udc00')
  })

  it('reads empty input as a missing node and ignores what follows the root value', () => {
    expect(read('')).toBe(MISSING)
    expect(read(' \n\t')).toBe(MISSING)
    expect(read('{} trailing')).toEqual(new Map())
    expect(read('1 x')).toBe(1)
    expect(() => read('1x')).toThrow(JsonParseError)
    expect(() => read('1]')).toThrow(/Expected space separating root-level values/)
  })

  it('skips a UTF-8 byte order mark', () => {
    expect(read(Buffer.from([0xef, 0xbb, 0xbf, 0x31]))).toBe(1)
  })

  it("enforces Jackson's limits: nesting 1000, numbers of 1000 characters", () => {
    expect(() => read(`${'['.repeat(1000)}${']'.repeat(1000)}`)).not.toThrow()
    expect(() => read(`${'['.repeat(1001)}${']'.repeat(1001)}`)).toThrow(/nesting depth/)
    expect(() => read(`[${'9'.repeat(1000)}]`)).not.toThrow()
    expect(() => read(`[${'9'.repeat(1001)}]`)).toThrow(/Number value length/)
    expect(() => read('[1e2147483649]')).toThrow(/exponent/)
  })
})

describe('readSchemaless', () => {
  it('reads integers as Long bigints, fractions as Doubles, objects as maps in key order', () => {
    const value = readSchemaless(Buffer.from('{"b":[1,2.50,-0.0,18446744073709551617,"x",null,true,{}],"a":1.0E-7}'))
    expect(value).toEqual(
      new Map<string, unknown>([
        ['b', [1n, 2.5, 0, 1n, 'x', null, true, new Map()]],
        ['a', 1e-7],
      ]),
    )
    expect(Object.is((value as Map<string, unknown[]>).get('b')![2], 0)).toBe(true)
  })

  it('reads empty input as null', () => {
    expect(readSchemaless(Buffer.from('  '))).toBeNull()
  })
})
