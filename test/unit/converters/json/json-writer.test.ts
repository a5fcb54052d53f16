import { describe, expect, it } from 'vitest'
import { decodeJacksonBase64 } from '../../../../layers/runtime/converters/json/jackson-base64.js'
import { JsonWriteError, JsonWriter } from '../../../../layers/runtime/converters/json/json-writer.js'
import {
  decimalToFloat32,
  decimalToNumber,
  truncateToLowBits,
} from '../../../../layers/runtime/converters/json/numeric.js'
import { BigDecimal } from '../../../../layers/runtime/data/values.js'

function written(write: (w: JsonWriter) => void): string {
  const w = new JsonWriter(8)
  write(w)
  return w.finish().toString('utf8')
}

describe('JsonWriter, as Jackson writes', () => {
  it('escapes quotes, backslashes and control characters, upper-case hex, and leaves / and DEL alone', () => {
    expect(written((w) => w.string('"\\/\b\f\n\r\t\u0000\u001f\u007f'))).toBe(
      '"\\"\\\\/\\b\\f\\n\\r\\t\\u0000\\u001F\u007f"',
    )
  })

  it('writes non-ASCII as UTF-8 but each surrogate as its own escape', () => {
    expect(written((w) => w.string('é日😀\ud800'))).toBe('"é日\\uD83D\\uDE00\\uD800"')
    const long = `${'x'.repeat(40)}😀`
    expect(written((w) => w.string(long))).toBe(`"${'x'.repeat(40)}\\uD83D\\uDE00"`)
    expect(written((w) => w.string('x'.repeat(40)))).toBe(`"${'x'.repeat(40)}"`)
  })

  it("writes doubles as Java's Double.toString and non-finite ones as strings", () => {
    const doubles = [
      1,
      -0,
      0.5,
      1e7,
      9999999.5,
      1e-3,
      9.99e-4,
      1e21,
      1e23,
      5e-324,
      123456789.125,
      Number.NaN,
      -Infinity,
    ]
    const text = written((w) => {
      for (const d of doubles) {
        w.double(d)
        w.comma()
      }
    })
    expect(text).toBe(
      '1.0,-0.0,0.5,1.0E7,9999999.5,0.001,9.99E-4,1.0E21,1.0E23,4.9E-324,1.23456789125E8,"NaN","-Infinity",',
    )
  })

  it("writes floats as Java's Float.toString", () => {
    const text = written((w) => {
      for (const f of [0.1, 1.4e-45, 3.4028235e38, 16777216]) {
        w.float(Math.fround(f))
        w.comma()
      }
    })
    expect(text).toBe('0.1,1.4E-45,3.4028235E38,1.6777216E7,')
  })

  it('writes decimals as BigDecimal.toString and bytes as padded base64', () => {
    expect(written((w) => w.decimal(new BigDecimal(1n, -3)))).toBe('1E+3')
    expect(written((w) => w.decimal(new BigDecimal(15600n, 4)))).toBe('1.5600')
    expect(written((w) => w.binary(new Uint8Array([0, 0x9c])))).toBe('"AJw="')
  })

  it('refuses to nest deeper than 1000', () => {
    const w = new JsonWriter()
    for (let i = 0; i < 1000; i++) w.startArray()
    expect(() => w.startArray()).toThrow(JsonWriteError)
  })
})

describe('Jackson base64', () => {
  it('reads canonical base64, white space between groups, and a trimmed string', () => {
    expect([...decodeJacksonBase64('AQIDBA==')]).toEqual([1, 2, 3, 4])
    expect([...decodeJacksonBase64(' AQID BA== ')]).toEqual([1, 2, 3, 4])
    expect([...decodeJacksonBase64('')]).toEqual([])
  })

  it('refuses missing padding and characters outside the standard alphabet', () => {
    expect(() => decodeJacksonBase64('AQ')).toThrow(/expects padding/)
    expect(() => decodeJacksonBase64('A-_B')).toThrow(/Illegal character '-'/)
  })
})

describe("Java's numeric narrowing of JSON numbers", () => {
  it('truncates toward zero and keeps the low bits', () => {
    expect(truncateToLowBits('-40000.9', 32)).toBe(-40000n)
    expect(truncateToLowBits('18446744073709551617', 64)).toBe(1n)
    expect(truncateToLowBits('1e100', 64)).toBe(0n)
    expect(truncateToLowBits('0.999', 32)).toBe(0n)
  })

  it('reads a zero of either sign as +0.0 and a tiny negative as -0.0', () => {
    expect(Object.is(decimalToNumber('-0.0'), 0)).toBe(true)
    expect(Object.is(decimalToNumber('-1e-400'), -0)).toBe(true)
  })

  it('rounds a decimal to float32 once, not through a double', () => {
    // 1 + 2^-24 + a little: through a double it lands on the midpoint and ties to 1.0
    expect(decimalToFloat32('1.00000005960464477539062500001')).toBe(1.0000001192092896)
    expect(decimalToFloat32('1.000000059604644775390625')).toBe(1)
  })
})
