import { parquetMetadata, parquetReadObjects } from 'hyparquet'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { ParquetCodec } from '../../../../functions/s3-sink/config.js'
import { loadParquetCompressors } from '../../../../functions/s3-sink/format/codecs.js'
import { ParquetFormat } from '../../../../functions/s3-sink/format/parquet-format.js'
import { decimalByteLength, toParquetSchema } from '../../../../functions/s3-sink/format/parquet-schema.js'
import { SchemaBuilder, Schemas } from '../../../../layers/runtime/data/schema.js'
import { Struct } from '../../../../layers/runtime/data/struct.js'
import { DataException } from '../../../../layers/runtime/errors.js'
import { SinkRecord } from '../../../../layers/runtime/record/record.js'
import { ORDER, orderRecords, ROWS } from './all-types.js'
import { type DuckDb, openDuckDb } from './duckdb.js'

let db: DuckDb
beforeAll(async () => {
  db = await openDuckDb()
})
afterAll(() => db.close())

async function write(codec: ParquetCodec, records = orderRecords(), rowGroupRows?: number): Promise<Uint8Array> {
  const format = new ParquetFormat({
    codec,
    compressors: await loadParquetCompressors(codec),
    ...(rowGroupRows === undefined ? {} : { rowGroupRows }),
  })
  const writer = format.open(ORDER)
  for (const r of records) writer.write(r)
  return writer.finish()
}

function arrayBuffer(bytes: Uint8Array): ArrayBuffer {
  return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer
}

describe('ParquetFormat read back by DuckDB', () => {
  it('gives every Connect type its Parquet logical type', async () => {
    const path = db.file('types.snappy.parquet', await write('snappy'))
    const described = await db.rows(`DESCRIBE SELECT * FROM read_parquet('${path}')`)
    const types = Object.fromEntries(described.map((r) => [r['column_name'], r['column_type']]))
    expect(types).toEqual({
      id: 'BIGINT',
      i8: 'INTEGER',
      i16: 'INTEGER',
      i32: 'INTEGER',
      f32: 'FLOAT',
      f64: 'DOUBLE',
      flag: 'BOOLEAN',
      name: 'VARCHAR',
      blob: 'BLOB',
      amount: 'DECIMAL(10,2)',
      wide: 'DECIMAL(38,4)',
      // DuckDB reads decimals wider than 38 digits as DOUBLE (AvroData's default precision is 64)
      big: 'DOUBLE',
      updated_at: 'TIMESTAMP WITH TIME ZONE',
      day: 'DATE',
      time_of_day: 'TIME WITH TIME ZONE',
      status: 'VARCHAR',
      address: 'STRUCT(street VARCHAR, zip INTEGER)',
      billing: 'STRUCT(city VARCHAR)',
      tags: 'VARCHAR[]',
      scores: 'BIGINT[]',
      attrs: 'MAP(VARCHAR, INTEGER)',
      by_code: 'STRUCT("key" INTEGER, "value" VARCHAR)[]',
      lines: 'STRUCT(street VARCHAR, zip INTEGER)[]',
    })
  })

  it('round-trips every value exactly: int64 past 2^53, decimals, UTC timestamps, dates, nulls, nesting', async () => {
    for (const codec of ['snappy', 'gzip', 'zstd', 'none'] as const) {
      const path = db.file(`values-${codec}.parquet`, await write(codec))
      const rows = await db.rows(
        `SELECT id::VARCHAR AS id, amount::VARCHAR AS amount, wide::VARCHAR AS wide,
                epoch_ms(updated_at)::VARCHAR AS ts, (day - DATE '1970-01-01')::INTEGER AS day,
                status, name, tags, i8, i16, i32, f32, f64, flag, hex(blob) AS blob,
                to_json(address)::VARCHAR AS address, billing IS NULL AS no_billing,
                list_transform(scores, x -> x::VARCHAR) AS scores, map_extract(attrs, 'k2')[1] AS k2,
                by_code[1]."key" AS code_key, lines[1].street AS line,
                (epoch_ms(('1970-01-01 ' || time_of_day::TIME::VARCHAR)::TIMESTAMP))::INTEGER AS tod
         FROM read_parquet('${path}')`,
      )
      expect(rows).toEqual(
        ROWS.map((r, i) => ({
          id: r.id.toString(),
          amount: r.amount,
          wide: r.big,
          ts: String(r.updatedAt),
          day: r.day,
          status: r.status,
          name: r.name,
          tags: r.tags,
          i8: -128 + i,
          i16: 32767 - i,
          i32: -2147483648 + i,
          f32: 1.5 + i,
          f64: 0.1 + i,
          flag: i % 2 === 0,
          blob: `00FF0${i}`,
          address: JSON.stringify({ street: `Main ${i}`, zip: i % 2 === 0 ? 10_000 + i : null }),
          no_billing: i === 1,
          scores: i === 2 ? null : [String(i), null, '9007199254740993'],
          k2: i === 0 ? 0 : -i,
          code_key: i,
          line: `Line ${i}`,
          tod: i * 3_600_000 + 123,
        })),
      )
    }
  })

  it('writes 64-digit decimals exactly (checked with hyparquet, as DuckDB reads them as doubles)', async () => {
    const objects = await parquetReadObjects({ file: arrayBuffer(await write('none')), columns: ['big'] })
    // hyparquet returns the unscaled value / 10^scale as a number; compare with the same conversion
    expect(objects.map((o) => o['big'])).toEqual(ROWS.map((r) => Number(r.big)))
  })

  it('streams into row groups of the configured size', async () => {
    const records = Array.from({ length: 25 }, (_, i) => orderRecords()[i % 4] as SinkRecord)
    const meta = parquetMetadata(arrayBuffer(await write('snappy', records, 10)))
    expect(meta.row_groups.map((g) => Number(g.num_rows))).toEqual([10, 10, 5])
    const path = db.file('groups.parquet', await write('snappy', records, 10))
    expect(await db.rows(`SELECT count(*)::INTEGER AS n FROM read_parquet('${path}')`)).toEqual([{ n: 25 }])
  })

  it('writes an empty file that readers accept', async () => {
    const path = db.file('empty.parquet', await write('snappy', []))
    expect(await db.rows(`SELECT count(*)::INTEGER AS n FROM read_parquet('${path}')`)).toEqual([{ n: 0 }])
  })
})

describe('Parquet schema (Connect → Avro → parquet-avro)', () => {
  it('names the message after the struct and marks optional fields OPTIONAL', () => {
    const schema = toParquetSchema(ORDER)
    expect(schema[0]?.name).toBe('com.example.Order')
    expect(schema.find((e) => e.name === 'status')?.repetition_type).toBe('OPTIONAL')
    expect(schema.find((e) => e.name === 'id')?.repetition_type).toBe('REQUIRED')
    const unnamed = SchemaBuilder.struct().field('a', Schemas.INT32).build()
    expect(toParquetSchema(unnamed)[0]?.name).toBe('io.confluent.connect.avro.ConnectDefault')
  })

  it('uses DECIMAL with the connect.decimal.precision parameter, else 64, on the smallest fixed length', () => {
    const schema = toParquetSchema(ORDER)
    expect(schema.find((e) => e.name === 'amount')).toMatchObject({ precision: 10, scale: 2, type_length: 5 })
    expect(schema.find((e) => e.name === 'big')).toMatchObject({ precision: 64, scale: 4, type_length: 27 })
    expect(decimalByteLength(18)).toBe(8)
    expect(decimalByteLength(38)).toBe(16)
  })

  it('lays out lists in three levels and string-keyed maps as MAP key_value', () => {
    const schema = toParquetSchema(ORDER)
    const i = schema.findIndex((e) => e.name === 'tags')
    expect(schema.slice(i, i + 3).map((e) => [e.name, e.repetition_type, e.converted_type])).toEqual([
      ['tags', 'REQUIRED', 'LIST'],
      ['list', 'REPEATED', undefined],
      ['element', 'REQUIRED', 'UTF8'],
    ])
    const m = schema.findIndex((e) => e.name === 'attrs')
    expect(schema.slice(m, m + 4).map((e) => [e.name, e.repetition_type])).toEqual([
      ['attrs', 'REQUIRED'],
      ['key_value', 'REPEATED'],
      ['key', 'REQUIRED'],
      ['value', 'REQUIRED'],
    ])
  })

  it('refuses values that are not structs, and structs of another schema', () => {
    expect(() => toParquetSchema(Schemas.STRING)).toThrow(DataException)
    const format = new ParquetFormat({ codec: 'none', compressors: {} })
    const writer = format.open(ORDER)
    const other = SchemaBuilder.struct().field('x', Schemas.INT32).build()
    const record = (value: unknown, schema = ORDER) =>
      new SinkRecord({
        topic: 't',
        kafkaPartition: 0,
        keySchema: null,
        key: null,
        valueSchema: schema,
        value,
        kafkaOffset: 0,
        timestamp: null,
      })
    expect(() => writer.write(record('text'))).toThrow('ParquetFormat needs Struct values')
    expect(() => writer.write(record(new Struct(other).put('x', 1), other))).toThrow('Mismatching struct schema')
  })
})
