import { describe, expect, it } from 'vitest'
import {
  type ColumnDefinition,
  columnDefinition,
  JdbcType,
  Oid,
} from '../../../functions/jdbc-source/column-definition.js'
import type { NumericMapping, TimestampGranularity } from '../../../functions/jdbc-source/config.js'
import { type MappingOptions, SchemaMapping } from '../../../functions/jdbc-source/schema-mapping.js'
import { timeZoneFor, UTC } from '../../../functions/jdbc-source/time-zone.js'
import { Decimal } from '../../../layers/runtime/data/logical.js'
import { BigDecimal, Type } from '../../../layers/runtime/data/values.js'
import { DataException } from '../../../layers/runtime/errors.js'

const options: MappingOptions = {
  numericMapping: 'none',
  timestampGranularity: 'connect_logical',
  zone: UTC,
  legacyCalendar: true,
}

/** A column as the server describes it; `typmod` is PostgreSQL's type modifier (-1: none). */
function column(name: string, oid: number, typmod = -1, notNull = false): ColumnDefinition {
  return columnDefinition({ name, dataTypeID: oid, dataTypeModifier: typmod }, undefined, notNull)
}

/** numeric(p, s)'s type modifier. */
const numeric = (precision: number, scale: number) => ((precision << 16) | (scale & 0xffff)) + 4

function mapOne(col: ColumnDefinition, opts: Partial<MappingOptions> = {}) {
  const mapping = SchemaMapping.create('t', [col], { ...options, ...opts })
  return { mapping, schema: mapping.schema.field(col.name)?.schema }
}

function readValue(col: ColumnDefinition, raw: string | null, opts: Partial<MappingOptions> = {}): unknown {
  const { mapping } = mapOne(col, opts)
  return mapping.toStruct([raw]).get(col.name)
}

describe('columnDefinition (what pgjdbc’s ResultSetMetaData reports)', () => {
  it('gives the JDBC type of each built-in type, as pgjdbc’s TypeInfoCache', () => {
    const types = [
      [Oid.BOOL, JdbcType.BIT],
      [Oid.INT2, JdbcType.SMALLINT],
      [Oid.INT4, JdbcType.INTEGER],
      [Oid.INT8, JdbcType.BIGINT],
      [Oid.OID, JdbcType.BIGINT],
      [Oid.FLOAT4, JdbcType.REAL],
      [Oid.FLOAT8, JdbcType.DOUBLE],
      [Oid.MONEY, JdbcType.DOUBLE],
      [Oid.NUMERIC, JdbcType.NUMERIC],
      [Oid.TEXT, JdbcType.VARCHAR],
      [Oid.VARCHAR, JdbcType.VARCHAR],
      [Oid.BPCHAR, JdbcType.CHAR],
      [Oid.NAME, JdbcType.VARCHAR],
      [Oid.BYTEA, JdbcType.BINARY],
      [Oid.DATE, JdbcType.DATE],
      [Oid.TIME, JdbcType.TIME],
      [Oid.TIMETZ, JdbcType.TIME],
      [Oid.TIMESTAMP, JdbcType.TIMESTAMP],
      [Oid.TIMESTAMPTZ, JdbcType.TIMESTAMP],
      [Oid.XML, JdbcType.SQLXML],
      [Oid.JSON, JdbcType.OTHER],
      [Oid.JSONB, JdbcType.OTHER],
      [Oid.UUID, JdbcType.OTHER],
      [Oid.VARBIT, JdbcType.OTHER],
    ] as const
    for (const [oid, jdbcType] of types) expect(column('c', oid).jdbcType, String(oid)).toBe(jdbcType)
    expect(column('c', Oid.UUID).className).toBe('java.util.UUID')
  })

  it('asks pg_type about the rest: arrays, enums, composites, domains', () => {
    const of = (kind: string, isArray = false) =>
      columnDefinition({ name: 'c', dataTypeID: 99999, dataTypeModifier: -1 }, { name: 'x', kind, isArray }, true)
        .jdbcType
    expect(of('b', true)).toBe('ARRAY')
    expect(of('e')).toBe('VARCHAR')
    expect(of('c')).toBe('STRUCT')
    expect(of('d')).toBe('DISTINCT')
    expect(of('r')).toBe('OTHER')
  })

  it('reads precision and scale of numeric from the type modifier, 0 and 0 when unconstrained', () => {
    expect(column('n', Oid.NUMERIC, numeric(10, 2))).toMatchObject({ precision: 10, scale: 2 })
    expect(column('n', Oid.NUMERIC)).toMatchObject({ precision: 0, scale: 0 })
    expect(column('b', Oid.BIT, 3).precision).toBe(3)
    expect(column('b', Oid.BOOL).precision).toBe(1)
  })

  it('counts a column as optional unless the table says NOT NULL; a computed column is optional', () => {
    expect(column('c', Oid.INT4, -1, true).optional).toBe(false)
    expect(column('c', Oid.INT4, -1, false).optional).toBe(true)
    expect(
      columnDefinition({ name: 'c', dataTypeID: Oid.INT4, dataTypeModifier: -1 }, undefined, undefined).optional,
    ).toBe(true)
  })
})

describe('SchemaMapping schemas (Confluent’s GenericDatabaseDialect + PostgreSqlDatabaseDialect)', () => {
  it('maps every supported type as Confluent does, optional per nullability', () => {
    const cases: [ColumnDefinition, Type, string | null][] = [
      [column('bool', Oid.BOOL, -1, true), Type.BOOLEAN, null],
      [column('bit1', Oid.BIT, 1, true), Type.BOOLEAN, null],
      [column('bit8', Oid.BIT, 8, true), Type.INT8, null],
      [column('bit9', Oid.BIT, 9, true), Type.BYTES, null],
      [column('i2', Oid.INT2, -1, true), Type.INT16, null],
      [column('i4', Oid.INT4, -1, true), Type.INT32, null],
      [column('i8', Oid.INT8, -1, true), Type.INT64, null],
      [column('oid', Oid.OID, -1, true), Type.INT64, null],
      [column('f4', Oid.FLOAT4, -1, true), Type.FLOAT32, null],
      [column('f8', Oid.FLOAT8, -1, true), Type.FLOAT64, null],
      [column('money', Oid.MONEY, -1, true), Type.FLOAT64, null],
      [column('num', Oid.NUMERIC, numeric(10, 2), true), Type.BYTES, Decimal.LOGICAL_NAME],
      [column('text', Oid.TEXT, -1, true), Type.STRING, null],
      [column('vc', Oid.VARCHAR, 14, true), Type.STRING, null],
      [column('ch', Oid.BPCHAR, 7, true), Type.STRING, null],
      [column('name', Oid.NAME, -1, true), Type.STRING, null],
      [column('xml', Oid.XML, -1, true), Type.STRING, null],
      [column('json', Oid.JSON, -1, true), Type.STRING, null],
      [column('jsonb', Oid.JSONB, -1, true), Type.STRING, null],
      [column('uuid', Oid.UUID, -1, true), Type.STRING, null],
      [column('bytes', Oid.BYTEA, -1, true), Type.BYTES, null],
      [column('date', Oid.DATE, -1, true), Type.INT32, 'org.apache.kafka.connect.data.Date'],
      [column('time', Oid.TIME, -1, true), Type.INT32, 'org.apache.kafka.connect.data.Time'],
      [column('timetz', Oid.TIMETZ, -1, true), Type.INT32, 'org.apache.kafka.connect.data.Time'],
      [column('ts', Oid.TIMESTAMP, -1, true), Type.INT64, 'org.apache.kafka.connect.data.Timestamp'],
      [column('tstz', Oid.TIMESTAMPTZ, -1, true), Type.INT64, 'org.apache.kafka.connect.data.Timestamp'],
    ]
    const required = SchemaMapping.create(
      't',
      cases.map(([c]) => c),
      options,
    )
    const optional = SchemaMapping.create(
      't',
      cases.map(([c]) => ({ ...c, optional: true })),
      options,
    )
    for (const [col, type, name] of cases) {
      const schema = required.schema.field(col.name)?.schema
      expect(schema?.type, col.name).toBe(type)
      expect(schema?.name, col.name).toBe(name)
      expect(schema?.optional, col.name).toBe(false)
      expect(optional.schema.field(col.name)?.schema.optional, col.name).toBe(true)
    }
    expect(required.dropped).toEqual([])
  })

  it('names the struct after the table, and leaves it unnamed in query mode', () => {
    expect(SchemaMapping.create('orders', [column('id', Oid.INT4)], options).schema.name).toBe('orders')
    expect(SchemaMapping.create(null, [column('id', Oid.INT4)], options).schema.name).toBeNull()
  })

  it('leaves out arrays, composites, interval, varbit and other types Confluent does not support, and lists them', () => {
    const arr = columnDefinition(
      { name: 'tags', dataTypeID: 1009, dataTypeModifier: -1 },
      { name: '_text', kind: 'b', isArray: true },
      false,
    )
    const interval = columnDefinition(
      { name: 'wait', dataTypeID: 1186, dataTypeModifier: -1 },
      { name: 'interval', kind: 'b', isArray: false },
      false,
    )
    const enumCol = columnDefinition(
      { name: 'mood', dataTypeID: 88888, dataTypeModifier: -1 },
      { name: 'mood', kind: 'e', isArray: false },
      false,
    )
    const mapping = SchemaMapping.create(
      't',
      [column('id', Oid.INT4, -1, true), arr, interval, column('bits', Oid.VARBIT), enumCol],
      options,
    )
    expect(mapping.schema.fields.map((f) => f.name)).toEqual(['id', 'mood'])
    expect(mapping.dropped).toEqual([
      { name: 'tags', jdbcType: 'ARRAY', typeName: '_text' },
      { name: 'wait', jdbcType: 'OTHER', typeName: 'interval' },
      { name: 'bits', jdbcType: 'OTHER', typeName: 'varbit' },
    ])
    expect(mapping.schema.field('mood')?.schema.type).toBe(Type.STRING)
    expect(mapping.toStruct(['1', '{a,b}', '1 day', '101', 'happy']).get('mood')).toBe('happy')
  })

  it('gives a Decimal the column’s scale and its precision as connect.decimal.precision, scale 127 when unconstrained', () => {
    const { schema } = mapOne(column('amount', Oid.NUMERIC, numeric(10, 2)))
    expect(schema?.parameters).toEqual({ scale: '2', 'connect.decimal.precision': '10' })
    const unconstrained = mapOne(column('n', Oid.NUMERIC)).schema
    expect(unconstrained?.parameters).toEqual({ scale: '127', 'connect.decimal.precision': '0' })
  })

  // GenericDatabaseDialectTypeTest's table: numeric.mapping × precision × scale → Connect type
  const numericCases: [NumericMapping, number, number, Type][] = [
    ['none', 18, 0, Type.BYTES],
    ['precision_only', 18, 0, Type.INT64],
    ['precision_only', 8, 0, Type.INT32],
    ['precision_only', 3, 0, Type.INT16],
    ['precision_only', 1, 0, Type.INT8],
    ['precision_only', 18, 1, Type.BYTES],
    ['precision_only', 3, -1, Type.BYTES],
    ['best_fit', 18, -1, Type.INT64],
    ['best_fit', 8, -1, Type.INT32],
    ['best_fit', 3, 0, Type.INT16],
    ['best_fit', 1, 0, Type.INT8],
    ['best_fit', 19, -1, Type.BYTES],
    ['best_fit', 18, 127, Type.FLOAT64],
    ['best_fit', 8, 1, Type.FLOAT64],
    ['best_fit', 19, 1, Type.BYTES],
    ['best_fit_eager_double', 18, -1, Type.INT64],
    ['best_fit_eager_double', 19, -1, Type.BYTES],
    ['best_fit_eager_double', 18, 127, Type.FLOAT64],
    ['best_fit_eager_double', 19, 1, Type.FLOAT64],
    ['best_fit_eager_double', 32, 12, Type.FLOAT64],
  ]
  it.each(numericCases)('maps numeric.mapping=%s, precision %i, scale %i to %s', (mapping, precision, scale, type) => {
    for (const optional of [false, true]) {
      const col: ColumnDefinition = { ...column('n', Oid.NUMERIC), precision, scale, optional }
      const { schema } = mapOne(col, { numericMapping: mapping })
      expect(schema?.type).toBe(type)
      expect(schema?.optional).toBe(optional)
    }
  })

  it('maps an unconstrained numeric to INT8 under precision_only and best_fit, as Confluent does (its issue #480)', () => {
    const col = column('n', Oid.NUMERIC, -1, true)
    expect(mapOne(col, { numericMapping: 'best_fit' }).schema?.type).toBe(Type.INT8)
    expect(readValue(col, '12.7', { numericMapping: 'best_fit' })).toBe(12)
    expect(() => readValue(col, '300', { numericMapping: 'best_fit' })).toThrow('Bad value for type byte : 300')
  })
})

describe('SchemaMapping values (text as PostgreSQL sends it → Connect values, nothing lost)', () => {
  it('reads integers, int8 as bigint beyond 2^53', () => {
    expect(readValue(column('c', Oid.INT2), '-32768')).toBe(-32768)
    expect(readValue(column('c', Oid.INT4), '2147483647')).toBe(2147483647)
    expect(readValue(column('c', Oid.INT8), '9223372036854775807')).toBe(9223372036854775807n)
    expect(readValue(column('c', Oid.OID), '4294967295')).toBe(4294967295n)
  })

  it('reads numeric exactly as a BigDecimal of the column’s scale, rounding half even', () => {
    const col = column('amount', Oid.NUMERIC, numeric(30, 2))
    expect(readValue(col, '123456789012345678901234567.89')).toEqual(new BigDecimal(12345678901234567890123456789n, 2))
    const scaled = readValue(column('n', Oid.NUMERIC, numeric(10, 4)), '1.5')
    expect((scaled as BigDecimal).toString()).toBe('1.5000')
    const unconstrained = readValue(column('n', Oid.NUMERIC), '0.1') as BigDecimal
    expect(unconstrained.scale).toBe(127)
    expect(unconstrained.compareTo(BigDecimal.parse('0.1'))).toBe(0)
    expect(() => readValue(col, 'NaN')).toThrow('Bad value for type BigDecimal : NaN')
  })

  it('reads numeric as integers or doubles under the mappings, truncating as pgjdbc’s getLong does', () => {
    expect(
      readValue(column('n', Oid.NUMERIC, numeric(18, 0)), '123456789012345678', { numericMapping: 'best_fit' }),
    ).toBe(123456789012345678n)
    expect(readValue(column('n', Oid.NUMERIC, numeric(10, 2)), '12.34', { numericMapping: 'best_fit' })).toBe(12.34)
    expect(readValue(column('n', Oid.NUMERIC, numeric(4, 0)), '-9999', { numericMapping: 'precision_only' })).toBe(
      -9999,
    )
  })

  it('reads floats, doubles and money, including NaN and infinities', () => {
    expect(readValue(column('c', Oid.FLOAT4), '0.1')).toBe(Math.fround(0.1))
    expect(readValue(column('c', Oid.FLOAT8), '0.1')).toBe(0.1)
    expect(readValue(column('c', Oid.FLOAT8), 'NaN')).toBeNaN()
    expect(readValue(column('c', Oid.FLOAT8), '-Infinity')).toBe(Number.NEGATIVE_INFINITY)
    expect(readValue(column('c', Oid.MONEY), '$1,234.56')).toBe(1234.56)
    expect(readValue(column('c', Oid.MONEY), '-$0.50')).toBe(-0.5)
  })

  it('reads booleans and bit strings as Confluent’s PostgreSQL dialect does', () => {
    expect(readValue(column('c', Oid.BOOL), 't')).toBe(true)
    expect(readValue(column('c', Oid.BOOL), 'f')).toBe(false)
    expect(readValue(column('c', Oid.BIT, 1), '1')).toBe(true)
    expect(readValue(column('c', Oid.BIT, 3), '101')).toBe(101)
    expect(readValue(column('c', Oid.BIT, 9), '101010101')).toEqual(Buffer.from('101010101'))
  })

  it('reads bytea in hex and escape form', () => {
    expect(readValue(column('c', Oid.BYTEA), '\\x00ff10')).toEqual(Buffer.from([0, 255, 16]))
    expect(readValue(column('c', Oid.BYTEA), 'a\\000\\\\')).toEqual(Uint8Array.from([0x61, 0, 0x5c]))
  })

  it('reads strings, json, uuid and xml as the text the server sent', () => {
    expect(readValue(column('c', Oid.JSONB), '{"a": [1, 2]}')).toBe('{"a": [1, 2]}')
    expect(readValue(column('c', Oid.UUID), 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11')).toBe(
      'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11',
    )
    expect(readValue(column('c', Oid.BPCHAR, 7), 'ab ')).toBe('ab ')
  })

  it('reads date, time and timestamps as Connect’s logical Date values, timestamps without tz in db.timezone', () => {
    expect(readValue(column('c', Oid.DATE), '2024-02-29')).toEqual(new Date(Date.UTC(2024, 1, 29)))
    expect(readValue(column('c', Oid.TIME), '12:34:56.789')).toEqual(new Date(45_296_789))
    expect(readValue(column('c', Oid.TIMESTAMPTZ), '2024-07-01 12:00:00.123456+02')).toEqual(
      new Date(Date.UTC(2024, 6, 1, 10, 0, 0, 123)),
    )
    const ny = timeZoneFor('America/New_York')!
    expect(readValue(column('c', Oid.TIMESTAMP), '2024-07-01 12:00:00', { zone: ny })).toEqual(new Date(1719849600000))
  })

  it('keeps the microseconds of the row’s timestamps for the offset', () => {
    const mapping = SchemaMapping.create('t', [column('id', Oid.INT4), column('ts', Oid.TIMESTAMPTZ)], options)
    mapping.toStruct(['1', '2026-01-01 00:00:00.123456+00'])
    expect(mapping.instantAt(1)).toEqual({ millis: Date.UTC(2026, 0, 1) + 123, nanos: 123_456_000 })
    mapping.toStruct(['2', null])
    expect(mapping.instantAt(1)).toBeNull()
  })

  const granularities: [TimestampGranularity, Type, unknown][] = [
    ['micros_long', Type.INT64, 1_704_067_200_123_456n],
    ['nanos_long', Type.INT64, 1_704_067_200_123_456_000n],
    ['micros_string', Type.STRING, '1704067200123456'],
    ['nanos_string', Type.STRING, '1704067200123456000'],
    ['micros_iso_datetime_string', Type.STRING, '2024-01-01T00:00:00.123456'],
    ['nanos_iso_datetime_string', Type.STRING, '2024-01-01T00:00:00.123456000'],
  ]
  it.each(granularities)('represents timestamps with timestamp.granularity=%s', (granularity, type, expected) => {
    const col = column('ts', Oid.TIMESTAMPTZ, -1, true)
    expect(mapOne(col, { timestampGranularity: granularity }).schema?.type).toBe(type)
    expect(readValue(col, '2024-01-01 00:00:00.123456+00', { timestampGranularity: granularity })).toEqual(expected)
  })

  it('puts null for SQL NULL and names the column when a value cannot be read', () => {
    const mapping = SchemaMapping.create('t', [column('a', Oid.INT4), column('b', Oid.DATE)], options)
    expect(mapping.toStruct([null, null]).get('a')).toBeNull()
    expect(() => mapping.toStruct(['1', 'infinity'])).toThrow(DataException)
    expect(() => mapping.toStruct(['1', 'infinity'])).toThrow(
      /^Cannot read column b: Cannot represent date value 'infinity'/,
    )
  })
})
