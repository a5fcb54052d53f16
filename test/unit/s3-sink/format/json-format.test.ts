import { gunzipSync } from 'node:zlib'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { GzipSink } from '../../../../functions/s3-sink/format/compression.js'
import { JsonFormat, type JsonFormatOptions } from '../../../../functions/s3-sink/format/json-format.js'
import { Decimal } from '../../../../layers/runtime/data/logical.js'
import { SchemaBuilder, Schemas } from '../../../../layers/runtime/data/schema.js'
import { Struct } from '../../../../layers/runtime/data/struct.js'
import { BigDecimal } from '../../../../layers/runtime/data/values.js'
import { SinkRecord } from '../../../../layers/runtime/record/record.js'
import { ORDER, orderRecords, ROWS } from './all-types.js'
import { type DuckDb, openDuckDb } from './duckdb.js'

let db: DuckDb
beforeAll(async () => {
  db = await openDuckDb()
})
afterAll(() => db.close())

const options: JsonFormatOptions = {
  compressionType: 'none',
  compressionLevel: -1,
  decimalFormat: 'BASE64',
  schemaCacheSize: 1000,
}

function write(format: JsonFormat, records: SinkRecord[]): Uint8Array {
  const writer = format.open(records[0]?.valueSchema ?? null)
  for (const r of records) writer.write(r)
  return writer.finish()
}

function record(valueSchema: SinkRecord['valueSchema'], value: unknown): SinkRecord {
  return new SinkRecord({
    topic: 't',
    kafkaPartition: 0,
    keySchema: null,
    key: null,
    valueSchema,
    value,
    kafkaOffset: 0,
    timestamp: null,
  })
}

describe('JsonFormat', () => {
  it('writes one JsonConverter line per struct, schemas disabled, as Confluent', () => {
    const schema = SchemaBuilder.struct()
      .field('id', Schemas.INT64)
      .field('price', Decimal.schema(2))
      .field('note', SchemaBuilder.string().optional().defaultValue('n/a').build())
      .field('tags', SchemaBuilder.array(Schemas.STRING).build())
      .build()
    const value = new Struct(schema)
      .put('id', 9007199254740993n)
      .put('price', BigDecimal.parse('1.05'))
      .put('tags', ['a'])
    const text = Buffer.from(write(new JsonFormat(options), [record(schema, value), record(schema, value)])).toString()
    const line = '{"id":9007199254740993,"price":"aQ==","note":"n/a","tags":["a"]}'
    expect(text).toBe(`${line}\n${line}\n`)
    const numeric = Buffer.from(
      write(new JsonFormat({ ...options, decimalFormat: 'NUMERIC' }), [record(schema, value)]),
    )
    expect(numeric.toString()).toBe('{"id":9007199254740993,"price":1.05,"note":"n/a","tags":["a"]}\n')
  })

  it('writes schemaless values as plain JSON', () => {
    const text = Buffer.from(
      write(new JsonFormat(options), [
        record(
          null,
          new Map<string, unknown>([
            ['a', 1n],
            ['b', 'x'],
          ]),
        ),
        record(null, 'text'),
      ]),
    ).toString()
    expect(text).toBe('{"a":1,"b":"x"}\n"text"\n')
  })

  it('has the extension .json, and .json.gz with gzip', () => {
    expect(new JsonFormat(options).extension).toBe('.json')
    expect(new JsonFormat({ ...options, compressionType: 'gzip' }).extension).toBe('.json.gz')
  })

  it('is read back by DuckDB with exact int64, dates and timestamps, plain and gzipped', async () => {
    for (const compressionType of ['none', 'gzip'] as const) {
      const format = new JsonFormat({ ...options, compressionType })
      const bytes = write(format, orderRecords())
      const path = db.file(`orders${format.extension}`, bytes)
      const rows = await db.rows(
        `SELECT id::VARCHAR AS id, updated_at::VARCHAR AS ts, "day"::VARCHAR AS day, status, tags, name, address.street AS street
         FROM read_json('${path}', format = 'newline_delimited', columns = {id: 'BIGINT', updated_at: 'BIGINT', day: 'INTEGER',
           status: 'VARCHAR', tags: 'VARCHAR[]', name: 'VARCHAR', address: 'STRUCT(street VARCHAR, zip INTEGER)'})`,
      )
      expect(rows).toEqual(
        ROWS.map((r, i) => ({
          id: r.id.toString(),
          ts: String(r.updatedAt),
          day: String(r.day),
          status: r.status,
          tags: r.tags,
          name: r.name,
          street: `Main ${i}`,
        })),
      )
    }
    expect(ORDER.fields.length).toBeGreaterThan(20)
  })

  it('writes gzip that gunzip reads whole, across chunk boundaries', () => {
    const sink = new GzipSink(-1, 10)
    for (let i = 0; i < 5; i++) sink.write(Buffer.from(`line ${i} with some text\n`))
    expect(gunzipSync(sink.finish()).toString()).toBe(
      Array.from({ length: 5 }, (_, i) => `line ${i} with some text\n`).join(''),
    )
    expect(gunzipSync(new GzipSink().finish()).length).toBe(0)
  })
})
