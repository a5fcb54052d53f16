import { describe, expect, it } from 'vitest'
import { offsetFromMap, offsetToMap } from '../../../functions/jdbc-source/offsets.js'
import { instantOf } from '../../../functions/jdbc-source/pg-temporal.js'
import { canonicalJson, parseOffsetJson } from '../../../layers/runtime/offsets/offset-store.js'

const LONG_MAX = 2n ** 63n - 1n
const LONG_MIN = -(2n ** 63n)

describe('offset JSON (canonicalJson and parseOffsetJson)', () => {
  it('writes a long beyond 2^53 with all its digits, as Connect writes longs, and reads it back exactly', () => {
    const json = canonicalJson({ incrementing: 2n ** 53n + 1n })
    expect(json).toBe('{"incrementing":9007199254740993}')
    expect(parseOffsetJson(json)).toEqual({ incrementing: 9007199254740993n })
  })

  it('keeps Long.MAX_VALUE and Long.MIN_VALUE exact through a round trip', () => {
    const json = canonicalJson({ max: LONG_MAX, min: LONG_MIN })
    expect(json).toBe('{"max":9223372036854775807,"min":-9223372036854775808}')
    expect(parseOffsetJson(json)).toEqual({ max: LONG_MAX, min: LONG_MIN })
  })

  it('reads integers within 2^53 and fractions as numbers, as JSON.parse does', () => {
    expect(parseOffsetJson('{"a":5001,"b":-3,"c":1.5,"d":2e3,"e":9007199254740991}')).toEqual({
      a: 5001,
      b: -3,
      c: 1.5,
      d: 2000,
      e: Number.MAX_SAFE_INTEGER,
    })
  })

  it('writes small bigints as plain JSON numbers (a stored offset reads the same in Kafka Connect)', () => {
    expect(canonicalJson({ incrementing: 5001n })).toBe('{"incrementing":5001}')
  })

  it('sorts keys at every level, so equal maps give the same DynamoDB key', () => {
    expect(canonicalJson({ table: 'public.orders', protocol: '1' })).toBe(
      canonicalJson({ protocol: '1', table: 'public.orders' }),
    )
    expect(canonicalJson({ b: { y: 1, x: [2, { d: 1, c: 2 }] }, a: null })).toBe(
      '{"a":null,"b":{"x":[2,{"c":2,"d":1}],"y":1}}',
    )
  })

  it('leaves digits inside strings alone and reads escapes as JSON does', () => {
    const map = { table: 'a"b\\c\u00e9\n', query: '12345678901234567890' }
    const json = canonicalJson(map)
    expect(JSON.parse(json)).toEqual(map)
    expect(parseOffsetJson(json)).toEqual(map)
  })

  it('skips undefined values as JSON.stringify does', () => {
    expect(canonicalJson({ a: undefined, b: 1 })).toBe('{"b":1}')
  })

  it('reads what JSON.stringify wrote, white space included', () => {
    const text = JSON.stringify({ protocol: '1', table: 'public.orders', nested: [true, false, null] }, null, 2)
    expect(parseOffsetJson(text)).toEqual(JSON.parse(text))
  })

  it('keeps a key named __proto__ as an own property, as JSON.parse does', () => {
    const parsed = parseOffsetJson('{"__proto__":{"x":1}}') as Record<string, unknown>
    expect(Object.keys(parsed)).toEqual(['__proto__'])
    expect(({} as Record<string, unknown>)['x']).toBeUndefined()
  })

  it.each(['', '{', '{"a":}', '{"a":1,}', '[1 2]', '{"a":1} x', 'tru', '"open'])(
    'rejects malformed JSON %j',
    (text) => {
      expect(() => parseOffsetJson(text)).toThrow(SyntaxError)
    },
  )

  it('carries a JDBC offset with an id beyond 2^53 and a nanosecond timestamp unchanged through the store', () => {
    const offset = { timestamp: instantOf(1672835217123, 123456789), incrementing: LONG_MAX }
    const stored = canonicalJson(offsetToMap(offset))
    expect(stored).toBe('{"incrementing":9223372036854775807,"timestamp":1672835217123,"timestamp_nanos":123456789}')
    expect(offsetFromMap(parseOffsetJson(stored) as Record<string, unknown>)).toEqual(offset)
  })
})
