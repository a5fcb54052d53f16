import type pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openConnection } from '../../../functions/jdbc-source/connection.js'
import { TableQuerier } from '../../../functions/jdbc-source/querier.js'
import { tableId } from '../../../functions/jdbc-source/table-id.js'
import type { Struct } from '../../../layers/runtime/data/struct.js'
import { BigDecimal, Type } from '../../../layers/runtime/data/values.js'
import { tableName } from '../../support/names.js'
import { requireServices } from '../../support/services.js'
import { drain, recordsOf, sourceConfig, useSchema } from './fixture.js'

requireServices('postgres')
const { schema, admin } = useSchema('jdbc_types')
let client: pg.Client
let table: string

beforeAll(async () => {
  client = await openConnection(sourceConfig(schema, { mode: 'bulk' }))
  table = tableName('all_types')
  await admin.query(`CREATE TYPE ${schema}.mood AS ENUM ('sad', 'happy')`)
  await admin.query(`CREATE DOMAIN ${schema}.positive AS int4 NOT NULL CHECK (VALUE > 0)`)
  await admin.query(`CREATE TABLE ${schema}.${table} (
    id          serial PRIMARY KEY,
    c_bool      boolean,
    c_bit1      bit(1),
    c_bit4      bit(4),
    c_int2      smallint,
    c_int4      integer,
    c_int8      bigint,
    c_oid       oid,
    c_float4    real,
    c_float8    double precision,
    c_money     money,
    c_numeric   numeric(30, 5),
    c_num_free  numeric,
    c_text      text,
    c_varchar   varchar(10),
    c_char      char(4),
    c_name      name,
    c_bytea     bytea,
    c_date      date,
    c_time      time,
    c_timetz    timetz,
    c_ts        timestamp,
    c_tstz      timestamptz,
    c_uuid      uuid,
    c_json      json,
    c_jsonb     jsonb,
    c_xml       xml,
    c_enum      ${schema}.mood,
    c_domain    ${schema}.positive,
    c_array     int4[],
    c_interval  interval,
    c_inet      inet,
    c_not_null  text NOT NULL DEFAULT 'x'
  )`)
  await admin.query(`INSERT INTO ${schema}.${table} VALUES (
    DEFAULT, true, B'1', B'0101', -32768, 2147483647, 9223372036854775807, 4294967295,
    3.25, 0.1, '1234.56', 1234567890123456789012345.12345, 0.000001,
    'text ✓', 'varchar', 'ab', 'nm', '\\x00ff10', '2024-02-29', '12:34:56.789123', '12:00:00+05:30',
    '2024-07-01 12:00:00.123456', '2024-07-01 12:00:00.123456+02', 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11',
    '{"a": [1, 2]}', '{"b": true}', '<r>x</r>', 'happy', 7, '{1,2}', '1 day', '10.0.0.1', 'y'
  )`)
  await admin.query(`INSERT INTO ${schema}.${table} (c_domain) VALUES (1)`)
})
afterAll(async () => {
  await client.end()
})

describe('PostgreSQL types → Connect (end to end)', () => {
  it('maps every column type as Confluent does, leaving out arrays, interval and inet', async () => {
    const q = await TableQuerier.forTable(client, sourceConfig(schema, { mode: 'bulk' }), tableId(null, schema, table))
    const [record] = recordsOf(await drain(q, client, null))
    const schemaOf = (name: string) => record?.valueSchema?.field(name)?.schema

    expect(record?.valueSchema?.fields.map((f) => f.name)).not.toContain('c_array')
    expect(record?.valueSchema?.fields.map((f) => f.name)).not.toContain('c_interval')
    expect(record?.valueSchema?.fields.map((f) => f.name)).not.toContain('c_inet')
    const expected: Record<string, [Type, string | null]> = {
      id: [Type.INT32, null],
      c_bool: [Type.BOOLEAN, null],
      c_bit1: [Type.BOOLEAN, null],
      c_bit4: [Type.INT8, null],
      c_int2: [Type.INT16, null],
      c_int4: [Type.INT32, null],
      c_int8: [Type.INT64, null],
      c_oid: [Type.INT64, null],
      c_float4: [Type.FLOAT32, null],
      c_float8: [Type.FLOAT64, null],
      c_money: [Type.FLOAT64, null],
      c_numeric: [Type.BYTES, 'org.apache.kafka.connect.data.Decimal'],
      c_num_free: [Type.BYTES, 'org.apache.kafka.connect.data.Decimal'],
      c_text: [Type.STRING, null],
      c_varchar: [Type.STRING, null],
      c_char: [Type.STRING, null],
      c_name: [Type.STRING, null],
      c_bytea: [Type.BYTES, null],
      c_date: [Type.INT32, 'org.apache.kafka.connect.data.Date'],
      c_time: [Type.INT32, 'org.apache.kafka.connect.data.Time'],
      c_timetz: [Type.INT32, 'org.apache.kafka.connect.data.Time'],
      c_ts: [Type.INT64, 'org.apache.kafka.connect.data.Timestamp'],
      c_tstz: [Type.INT64, 'org.apache.kafka.connect.data.Timestamp'],
      c_uuid: [Type.STRING, null],
      c_json: [Type.STRING, null],
      c_jsonb: [Type.STRING, null],
      c_xml: [Type.STRING, null],
      c_enum: [Type.STRING, null],
      c_domain: [Type.INT32, null],
      c_not_null: [Type.STRING, null],
    }
    for (const [name, [type, logical]] of Object.entries(expected)) {
      expect(schemaOf(name)?.type, name).toBe(type)
      expect(schemaOf(name)?.name, name).toBe(logical)
    }
    expect(schemaOf('id')?.optional).toBe(false)
    expect(schemaOf('c_not_null')?.optional).toBe(false)
    expect(schemaOf('c_domain')?.optional).toBe(false)
    expect(schemaOf('c_text')?.optional).toBe(true)
    expect(schemaOf('c_numeric')?.parameters).toEqual({ scale: '5', 'connect.decimal.precision': '30' })
    expect(schemaOf('c_num_free')?.parameters).toEqual({ scale: '127', 'connect.decimal.precision': '0' })
  })

  it('reads every value without losing precision, and null for NULL', async () => {
    const q = await TableQuerier.forTable(client, sourceConfig(schema, { mode: 'bulk' }), tableId(null, schema, table))
    const [full, empty] = recordsOf(await drain(q, client, null)).map((r) => r.value as Struct)
    const get = (name: string) => full?.get(name)

    expect(get('c_bool')).toBe(true)
    expect(get('c_bit1')).toBe(true)
    expect(get('c_bit4')).toBe(101)
    expect(get('c_int2')).toBe(-32768)
    expect(get('c_int4')).toBe(2147483647)
    expect(get('c_int8')).toBe(9223372036854775807n)
    expect(get('c_oid')).toBe(4294967295n)
    expect(get('c_float4')).toBe(3.25)
    expect(get('c_float8')).toBe(0.1)
    expect(get('c_money')).toBe(1234.56)
    expect(get('c_numeric')).toEqual(new BigDecimal(123456789012345678901234512345n, 5))
    expect((get('c_num_free') as BigDecimal).compareTo(BigDecimal.parse('0.000001'))).toBe(0)
    expect(get('c_text')).toBe('text ✓')
    expect(get('c_char')).toBe('ab  ')
    expect(get('c_name')).toBe('nm')
    expect(get('c_bytea')).toEqual(Buffer.from([0, 255, 16]))
    expect(get('c_date')).toEqual(new Date(Date.UTC(2024, 1, 29)))
    expect(get('c_time')).toEqual(new Date(45_296_789))
    expect(get('c_timetz')).toEqual(new Date(6.5 * 3_600_000))
    expect(get('c_ts')).toEqual(new Date(Date.UTC(2024, 6, 1, 12, 0, 0, 123)))
    expect(get('c_tstz')).toEqual(new Date(Date.UTC(2024, 6, 1, 10, 0, 0, 123)))
    expect(get('c_uuid')).toBe('a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11')
    expect(get('c_json')).toBe('{"a": [1, 2]}')
    expect(get('c_jsonb')).toBe('{"b": true}')
    expect(get('c_xml')).toBe('<r>x</r>')
    expect(get('c_enum')).toBe('happy')
    expect(get('c_domain')).toBe(7)
    expect(empty?.get('c_text')).toBeNull()
    expect(empty?.get('c_numeric')).toBeNull()
    expect(empty?.get('c_tstz')).toBeNull()
    expect(empty?.get('c_not_null')).toBe('x')
  })

  it('maps numeric columns by numeric.mapping', async () => {
    const numerics = tableName('numerics')
    await admin.query(`CREATE TABLE ${schema}.${numerics} (
      n2 numeric(2, 0) NOT NULL, n9 numeric(9, 0) NOT NULL, n18 numeric(18, 0) NOT NULL, n20 numeric(20, 0) NOT NULL,
      d10 numeric(10, 2) NOT NULL, d30 numeric(30, 5) NOT NULL)`)
    await admin.query(
      `INSERT INTO ${schema}.${numerics} VALUES (42, 123456789, 123456789012345678, 12345678901234567890, 12.34, 1.5)`,
    )
    const read = async (mapping: string) => {
      const config = sourceConfig(schema, { mode: 'bulk', 'numeric.mapping': mapping })
      const q = await TableQuerier.forTable(client, config, tableId(null, schema, numerics))
      const [record] = recordsOf(await drain(q, client, null))
      const value = record?.value as Struct
      return Object.fromEntries(
        value.schema.fields.map((f) => [
          f.name,
          [f.schema.name === null ? f.schema.type : 'decimal', value.get(f.name)],
        ]),
      )
    }

    expect(await read('none')).toMatchObject({
      n2: ['decimal', new BigDecimal(42n, 0)],
      d10: ['decimal', new BigDecimal(1234n, 2)],
    })
    expect(await read('precision_only')).toEqual({
      n2: ['int8', 42],
      n9: ['int32', 123456789],
      n18: ['int64', 123456789012345678n],
      n20: ['decimal', new BigDecimal(12345678901234567890n, 0)],
      d10: ['decimal', new BigDecimal(1234n, 2)],
      d30: ['decimal', new BigDecimal(150000n, 5)],
    })
    expect(await read('best_fit')).toMatchObject({
      n18: ['int64', 123456789012345678n],
      d10: ['float64', 12.34],
      d30: ['decimal', new BigDecimal(150000n, 5)],
    })
    expect(await read('best_fit_eager_double')).toMatchObject({
      n20: ['decimal', new BigDecimal(12345678901234567890n, 0)],
      d30: ['float64', 1.5],
    })
  })

  it('represents timestamps as timestamp.granularity asks', async () => {
    const config = sourceConfig(schema, { mode: 'bulk', 'timestamp.granularity': 'nanos_long' })
    const q = await TableQuerier.forTable(client, config, tableId(null, schema, table))
    const [full] = recordsOf(await drain(q, client, null)).map((r) => r.value as Struct)
    expect(full?.get('c_tstz')).toBe(BigInt(Date.UTC(2024, 6, 1, 10)) * 1_000_000n + 123_456_000n)
  })
})
