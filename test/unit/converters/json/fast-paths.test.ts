/**
 * The JsonConverter's direct paths (a Timestamp's millis, a small Decimal's bytes, short base64, the
 * record bytes handed out as views) against the general ones they stand in for: the same bytes and the
 * same errors, so that the differential test against Kafka's class covers both.
 */
import { describe, expect, it } from 'vitest'
import { type FromConnectOptions, writeConnectValue } from '../../../../layers/runtime/converters/json/from-connect.js'
import { JsonConverter } from '../../../../layers/runtime/converters/json/json-converter.js'
import { JsonWriter } from '../../../../layers/runtime/converters/json/json-writer.js'
import { valueWriter } from '../../../../layers/runtime/converters/json/value-writer.js'
import { bigIntToBytes, ConnectTimestamp, Decimal } from '../../../../layers/runtime/data/logical.js'
import { type Schema, SchemaBuilder } from '../../../../layers/runtime/data/schema.js'
import { Struct } from '../../../../layers/runtime/data/struct.js'
import { BigDecimal } from '../../../../layers/runtime/data/values.js'

const OPTIONS: FromConnectOptions = { numericDecimals: false, replaceNullWithDefault: true }

/** What the compiled writer and the general one write for a value (or the message each throws). */
function both(schema: Schema, value: unknown, options = OPTIONS): { compiled: string; general: string } {
  const run = (write: (w: JsonWriter) => void) => {
    const w = new JsonWriter(8)
    try {
      write(w)
      return w.finish().toString('latin1')
    } catch (error) {
      return `error: ${error instanceof Error ? `${error.constructor.name}: ${error.message}` : String(error)}`
    }
  }
  return {
    compiled: run((w) => valueWriter(schema, options)(w, value)),
    general: run((w) => writeConnectValue(w, schema, value, options)),
  }
}

/** Unscaled values around every byte boundary, both signs, and beyond the direct path's 2^47. */
function unscaledValues(): bigint[] {
  const values = new Set<bigint>([0n, 1n, -1n, 2n ** 47n - 1n, -(2n ** 47n) + 1n, 2n ** 47n, -(2n ** 47n), 10n ** 30n])
  for (let bits = 1; bits <= 64; bits++) {
    const p = 2n ** BigInt(bits)
    for (const v of [p - 1n, p, p + 1n]) {
      values.add(v)
      values.add(-v)
    }
  }
  for (let i = 0; i < 500; i++) {
    const v = BigInt(Math.floor(Math.random() * 2 ** 52)) * (Math.random() < 0.5 ? -1n : 1n)
    values.add(v >> BigInt(Math.floor(Math.random() * 52)))
  }
  return [...values]
}

describe('the direct paths of the JsonConverter', () => {
  it('writes a Decimal as Decimal.fromLogical and base64 do, for every size and sign', () => {
    const schema = Decimal.schema(2)
    for (const unscaled of unscaledValues()) {
      const value = new BigDecimal(unscaled, 2)
      const { compiled, general } = both(schema, value)
      expect(compiled, String(unscaled)).toBe(general)
      expect(compiled).toBe(`"${Buffer.from(bigIntToBytes(unscaled)).toString('base64')}"`)
    }
  })

  it('fails a Decimal of another scale, or not a BigDecimal, with the general message', () => {
    const schema = Decimal.schema(2)
    for (const value of [new BigDecimal(1234n, 3), 12.34, '12.34']) {
      const { compiled, general } = both(schema, value)
      expect(compiled).toMatch(/^error: DataException/)
      expect(compiled).toBe(general)
    }
    // a scale parameter that does not parse fails when a value is written, as in Kafka
    const broken = SchemaBuilder.bytes().name(Decimal.LOGICAL_NAME).parameter('scale', 'x').build()
    const { compiled, general } = both(broken, new BigDecimal(1n, 0))
    expect(compiled).toMatch(/^error: DataException: Invalid scale parameter/)
    expect(compiled).toBe(general)
  })

  it('writes a Decimal as a number with decimal.format=NUMERIC', () => {
    const numeric = { ...OPTIONS, numericDecimals: true }
    const { compiled, general } = both(Decimal.schema(2), new BigDecimal(-12345n, 2), numeric)
    expect(compiled).toBe('-123.45')
    expect(compiled).toBe(general)
  })

  it('writes a Timestamp as its epoch millis, and fails an invalid Date or another type as Kafka', () => {
    const schema = ConnectTimestamp.schema()
    for (const ms of [
      0, 1, -1, 1_767_225_601_000, -62_135_596_800_000, 8_640_000_000_000_000, -8_640_000_000_000_000,
    ]) {
      const { compiled, general } = both(schema, new Date(ms))
      expect(compiled).toBe(String(ms))
      expect(compiled).toBe(general)
    }
    for (const value of [new Date(Number.NaN), 1_767_225_601_000, '2026-01-01']) {
      const { compiled, general } = both(schema, value)
      expect(compiled).toMatch(/^error: /)
      expect(compiled).toBe(general)
    }
  })

  it('writes ints and longs with the digits String() and BigInt.toString() give', () => {
    const ints = [0, -0, 1, -1, 9, 10, -10, 2147483647, -2147483648, 1_767_225_601_000, 2 ** 53 - 1, -(2 ** 53 - 1)]
    for (let i = 0; i < 1000; i++) ints.push(Math.floor((Math.random() - 0.5) * 2 ** (1 + (i % 53))))
    for (const v of [...ints, 2 ** 53, 1e21, -1e22]) {
      const w = new JsonWriter(8)
      w.int(v)
      expect(w.finish().toString('latin1'), String(v)).toBe(String(v))
    }
    const longs = [0n, -1n, 2n ** 53n - 1n, 2n ** 53n, -(2n ** 53n), 2n ** 63n - 1n, -(2n ** 63n)]
    for (const v of [...longs, ...ints.map((i) => BigInt(i))]) {
      const w = new JsonWriter(8)
      w.long(v)
      expect(w.finish().toString('latin1')).toBe(v.toString())
    }
  })

  it('writes short and long byte arrays as padded standard base64', () => {
    for (let n = 0; n <= 60; n++) {
      const bytes = Uint8Array.from({ length: n }, (_, i) => (i * 37 + n) & 0xff)
      const w = new JsonWriter(8)
      w.binary(bytes)
      expect(w.finish().toString('latin1')).toBe(`"${Buffer.from(bytes).toString('base64')}"`)
    }
  })

  it('hands out record bytes that later records never overwrite', () => {
    const schema = SchemaBuilder.struct().name('t').field('id', SchemaBuilder.int64().build()).build()
    const converter = new JsonConverter()
    converter.configure({ 'schemas.enable': 'true' }, false)
    const values: { bytes: Uint8Array; id: bigint }[] = []
    // enough records to fill several of the writer's buffers
    for (let i = 0n; i < 5_000n; i++) {
      const struct = new Struct(schema).put('id', i * 1_000_000_007n)
      values.push({ bytes: converter.fromConnectData('t', null, schema, struct) as Uint8Array, id: i * 1_000_000_007n })
    }
    for (const { bytes, id } of values) {
      const json = JSON.parse(Buffer.from(bytes).toString('utf8')) as { payload: { id: number } }
      expect(BigInt(json.payload.id)).toBe(id)
    }
  })
})
