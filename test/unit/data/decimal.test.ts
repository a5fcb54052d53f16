// Ported from Kafka's DecimalTest (connect/api/src/test/java/org/apache/kafka/connect/data).
import { describe, expect, it } from 'vitest'
import { Decimal } from '../../../layers/runtime/data/logical.js'
import { SchemaBuilder } from '../../../layers/runtime/data/schema.js'
import { BigDecimal } from '../../../layers/runtime/data/values.js'
import { DataException } from '../../../layers/runtime/errors.js'

const TEST_SCALE = 2
const TEST_DECIMAL = new BigDecimal(156n, TEST_SCALE)
const TEST_DECIMAL_NEGATIVE = new BigDecimal(-156n, TEST_SCALE)
const TEST_BYTES = new Uint8Array([0, 0x9c]) // Java: {0, -100}
const TEST_BYTES_NEGATIVE = new Uint8Array([0xff, 0x64]) // Java: {-1, 100}

describe('Decimal', () => {
  it('builds a bytes schema named Decimal, version 1, with the scale as a parameter', () => {
    const plain = Decimal.builder(2).build()
    expect(plain.name).toBe(Decimal.LOGICAL_NAME)
    expect(plain.parameters).toEqual({ [Decimal.SCALE_FIELD]: '2' })
    expect(plain.version).toBe(1)
  })

  it('writes the unscaled value as two’s-complement bytes', () => {
    const schema = Decimal.schema(TEST_SCALE)
    expect(Array.from(Decimal.fromLogical(schema, TEST_DECIMAL))).toEqual(Array.from(TEST_BYTES))
    expect(Array.from(Decimal.fromLogical(schema, TEST_DECIMAL_NEGATIVE))).toEqual(Array.from(TEST_BYTES_NEGATIVE))
  })

  it('reads the bytes back with the schema’s scale', () => {
    const schema = Decimal.schema(2)
    expect(Decimal.toLogical(schema, TEST_BYTES).equals(TEST_DECIMAL)).toBe(true)
    expect(Decimal.toLogical(schema, TEST_BYTES_NEGATIVE).equals(TEST_DECIMAL_NEGATIVE)).toBe(true)
  })

  it('refuses a value whose scale is not the schema’s', () => {
    expect(() => Decimal.fromLogical(Decimal.schema(3), TEST_DECIMAL)).toThrow(
      new DataException(
        'Decimal value has mismatching scale for given Decimal schema. Schema has scale 3, value has scale 2.',
      ),
    )
  })

  it('refuses a schema without a scale, or with a scale that is not an int', () => {
    const noScale = SchemaBuilder.bytes().name(Decimal.LOGICAL_NAME).parameter('other', '1').build()
    expect(() => Decimal.toLogical(noScale, TEST_BYTES)).toThrow(
      new DataException('Invalid Decimal schema: scale parameter not found.'),
    )
    for (const bad of ['2x', '', '1.5', '99999999999']) {
      const schema = SchemaBuilder.bytes().name(Decimal.LOGICAL_NAME).parameter('scale', bad).build()
      expect(() => Decimal.toLogical(schema, TEST_BYTES)).toThrow(
        new DataException('Invalid scale parameter found in Decimal schema: '),
      )
    }
  })

  it('accepts a negative scale (1.2E+3 is unscaled 12, scale -2)', () => {
    const schema = Decimal.schema(-2)
    const bytes = Decimal.fromLogical(schema, BigDecimal.parse('1.2E+3'))
    expect(Array.from(bytes)).toEqual([12])
    expect(Decimal.toLogical(schema, bytes).toString()).toBe('1.2E+3')
  })
})
