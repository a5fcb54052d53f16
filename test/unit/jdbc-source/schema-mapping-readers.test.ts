/**
 * The readers behind SchemaMapping.toStruct: each returns the Java class of its field's schema (so the
 * Struct needs no check per value), and the direct readers of the common text forms (short integers,
 * plain numerics, `YYYY-MM-DD hh:mm:ss.ffffff+hh` timestamps) agree with the general ones.
 */
import { describe, expect, it } from 'vitest'
import { type ColumnDefinition, columnDefinition, Oid } from '../../../functions/jdbc-source/column-definition.js'
import type { NumericMapping, TimestampGranularity } from '../../../functions/jdbc-source/config.js'
import { parseAnyTimestamp, parseTimestamp } from '../../../functions/jdbc-source/pg-temporal.js'
import { type MappingOptions, SchemaMapping } from '../../../functions/jdbc-source/schema-mapping.js'
import { timeZoneFor, UTC } from '../../../functions/jdbc-source/time-zone.js'
import { validateValue } from '../../../layers/runtime/data/schema.js'
import { BigDecimal } from '../../../layers/runtime/data/values.js'

const options: MappingOptions = {
  numericMapping: 'none',
  timestampGranularity: 'connect_logical',
  zone: UTC,
  legacyCalendar: true,
}

function column(name: string, oid: number, typmod = -1, notNull = true): ColumnDefinition {
  return columnDefinition({ name, dataTypeID: oid, dataTypeModifier: typmod }, undefined, notNull)
}
const numeric = (precision: number, scale: number) => ((precision << 16) | (scale & 0xffff)) + 4

/** A column of every supported type and text PostgreSQL sends for it. */
const SAMPLES: [ColumnDefinition, string][] = [
  [column('bool', Oid.BOOL), 't'],
  [column('bit1', Oid.BIT, 1), '1'],
  [column('bit8', Oid.BIT, 8), '101'],
  [column('bit9', Oid.BIT, 9), '101010101'],
  [column('i2', Oid.INT2), '-32768'],
  [column('i4', Oid.INT4), '2147483647'],
  [column('i4neg', Oid.INT4), '-0'],
  [column('i8', Oid.INT8), '-9223372036854775808'],
  [column('i8short', Oid.INT8), '123456789012345'],
  [column('oid', Oid.OID), '4294967295'],
  [column('f4', Oid.FLOAT4), '1.5'],
  [column('f8', Oid.FLOAT8), '-Infinity'],
  [column('money', Oid.MONEY), '-$1,234.56'],
  [column('num', Oid.NUMERIC, numeric(10, 2)), '-12345678.90'],
  [column('num0', Oid.NUMERIC, numeric(30, 0)), '123456789012345678901234567890'],
  [column('numfree', Oid.NUMERIC), '3.14'],
  [column('numint', Oid.NUMERIC, numeric(5, 0)), '12345'],
  [column('numfrac', Oid.NUMERIC, numeric(9, 4)), '1.5'],
  [column('text', Oid.TEXT), 'héllo'],
  [column('vc', Oid.VARCHAR, 14), 'x'],
  [column('ch', Oid.BPCHAR, 7), 'abc    '],
  [column('xml', Oid.XML), '<a/>'],
  [column('json', Oid.JSON), '{"a":1}'],
  [column('jsonb', Oid.JSONB), '{"a": 1}'],
  [column('uuid', Oid.UUID), '6f1e1f3c-3c5e-4f0e-9a35-0b8e3a1f2c11'],
  [column('bytes', Oid.BYTEA), '\\xdeadbeef'],
  [column('date', Oid.DATE), '2026-01-15'],
  [column('time', Oid.TIME), '10:20:30.123456'],
  [column('timetz', Oid.TIMETZ), '10:20:30+02'],
  [column('ts', Oid.TIMESTAMP), '2026-01-15 10:20:30.123456'],
  [column('tstz', Oid.TIMESTAMPTZ), '2026-01-15 10:20:30.123456+05:30'],
  // (years before 1678 leave nanos_long's range: see the next test)
  [column('tsold', Oid.TIMESTAMP), '1700-03-15 10:00:00'],
]

describe('the readers of SchemaMapping', () => {
  const mappings: NumericMapping[] = ['none', 'precision_only', 'best_fit', 'best_fit_eager_double']
  const granularities: TimestampGranularity[] = [
    'connect_logical',
    'micros_long',
    'nanos_long',
    'micros_string',
    'nanos_string',
    'micros_iso_datetime_string',
    'nanos_iso_datetime_string',
  ]

  it('return values of the Java class of their field’s schema, under every numeric.mapping and timestamp.granularity', () => {
    for (const numericMapping of mappings) {
      for (const timestampGranularity of granularities) {
        const mapping = SchemaMapping.create(
          't',
          SAMPLES.map(([c]) => c),
          { ...options, numericMapping, timestampGranularity },
        )
        const struct = mapping.toStruct(SAMPLES.map(([, text]) => text))
        expect(() => struct.validate()).not.toThrow()
        for (const field of mapping.schema.fields) {
          const value = struct.get(field)
          expect(value, field.name).not.toBeNull()
          expect(() => validateValue(field.schema, value, field.name), field.name).not.toThrow()
        }
      }
    }
  })

  it('refuses a timestamp whose micros or nanos since 1970 leave the INT64 range, as Struct.put does', () => {
    const ts = column('ts', Oid.TIMESTAMP)
    for (const timestampGranularity of ['micros_long', 'nanos_long'] as const) {
      const mapping = SchemaMapping.create('t', [ts], { ...options, timestampGranularity })
      const text = timestampGranularity === 'nanos_long' ? '1044-03-15 10:00:00' : '294250-01-01 00:00:00'
      expect(() => mapping.toStruct([text])).toThrow(
        'Invalid Java object for schema with type INT64: class java.lang.Long for field: "ts"',
      )
    }
  })

  it('read integers as the general reader does: -0 as 0, ranges checked, other spellings through it', () => {
    const mapping = SchemaMapping.create('t', [column('i4', Oid.INT4), column('i8', Oid.INT8)], options)
    const read = (i4: string, i8: string) => {
      const s = mapping.toStruct([i4, i8])
      return [s.get('i4'), s.get('i8')]
    }
    expect(Object.is(read('-0', '-0')[0], 0)).toBe(true)
    expect(read('007', '-007')).toEqual([7, -7n])
    expect(read('-2147483648', '999999999999999')).toEqual([-2147483648, 999999999999999n])
    expect(read(' 12 ', '+5')).toEqual([12, 5n])
    expect(read('1.9', '-1.9')).toEqual([1, -1n])
    expect(read('1', '9223372036854775807')).toEqual([1, 9223372036854775807n])
    expect(() => read('2147483648', '1')).toThrow('Cannot read column i4: Bad value for type int : 2147483648')
    expect(() => read('1', '9223372036854775808')).toThrow(
      'Cannot read column i8: Bad value for type long : 9223372036854775808',
    )
    expect(() => read('-', '1')).toThrow('Cannot read column i4')
  })

  it('read numerics as BigDecimal.parse and a half-even setScale do, whatever the text', () => {
    const texts = [
      '0.00',
      '-0.00',
      '12.34',
      '-12.34',
      '1.5',
      '1.',
      '.5',
      '12.345',
      '12.355',
      '-12.345',
      '9999999999999.99',
      '99999999999999.99',
      '123',
      '00012.30',
      '1e3',
    ]
    const mapping = SchemaMapping.create('t', [column('n', Oid.NUMERIC, numeric(20, 2))], options)
    for (const text of texts) {
      const parsed = BigDecimal.parse(text)
      const expected =
        parsed.scale <= 2 ? parsed.setScale(2) : new BigDecimal(halfEven(parsed.unscaled, parsed.scale - 2), 2)
      expect(mapping.toStruct([text]).get('n'), text).toEqual(expected)
    }
    expect(() => mapping.toStruct(['NaN'])).toThrow('Cannot read column n: Bad value for type BigDecimal : NaN')
  })

  it('read timestamps as the general reader does, whatever the form', () => {
    const zones = [UTC, timeZoneFor('America/New_York')!, timeZoneFor('Asia/Kolkata')!]
    const texts = [
      '2026-01-15 10:20:30',
      '2026-01-15 10:20:30.1',
      '2026-01-15 10:20:30.123456',
      '2026-01-15 10:20:30.1234567891',
      '2026-01-15 10:20:30+00',
      '2026-01-15 10:20:30.5-03:30',
      '1969-12-31 23:59:59.999999+05:30:15',
      '2026-03-08 02:30:00',
      '1582-10-10 00:00:00',
      '0001-01-01 00:00:00+00',
      '12026-01-15 10:20:30+00',
      '0044-03-15 10:00:00 BC',
      '2026-01-15 10:20:30.',
      '2026-01-15 10:20:30+5',
      '2026-01-15 10:20:30+05:3',
      '2026-01-15T10:20:30',
      '2026-1-15 10:20:30',
      'infinity',
    ]
    for (let i = 0; i < 300; i++) {
      const d = new Date(Math.floor(Math.random() * 8e12) - 4e12)
      const fraction = String(Math.floor(Math.random() * 1e6))
        .padStart(6, '0')
        .slice(0, 1 + (i % 6))
      texts.push(`${d.toISOString().slice(0, 19).replace('T', ' ')}.${fraction}${i % 2 === 0 ? '+00' : ''}`)
    }
    const outcome = (read: () => unknown) => {
      try {
        return read()
      } catch (error) {
        return error instanceof Error ? `${error.constructor.name}: ${error.message}` : String(error)
      }
    }
    for (const zone of zones) {
      for (const legacy of [true, false]) {
        for (const text of texts) {
          expect(
            outcome(() => parseTimestamp(text, zone, legacy)),
            text,
          ).toEqual(outcome(() => parseAnyTimestamp(text, zone, legacy)))
        }
      }
    }
  })
})

/** `unscaled / 10^digits`, rounded half even. */
function halfEven(unscaled: bigint, digits: number): bigint {
  const divisor = 10n ** BigInt(digits)
  const negative = unscaled < 0n
  const magnitude = negative ? -unscaled : unscaled
  let q = magnitude / divisor
  const twice = (magnitude % divisor) * 2n
  if (twice > divisor || (twice === divisor && q % 2n === 1n)) q += 1n
  return negative ? -q : q
}
