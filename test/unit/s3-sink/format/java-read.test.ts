import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { AvroFormat } from '../../../../functions/s3-sink/format/avro-format.js'
import { loadParquetCompressors } from '../../../../functions/s3-sink/format/codecs.js'
import { ParquetFormat } from '../../../../functions/s3-sink/format/parquet-format.js'
import type { Format } from '../../../../functions/s3-sink/format/record-writer.js'
import { ORDER, orderRecords, ROWS } from './all-types.js'
import { buildJavaReader, javaRead } from './java-reader.js'

// parquet-java (parquet-avro 1.18.1) and Avro Java read what the S3 sink writes
let classPath = ''
let dir = ''
beforeAll(() => {
  classPath = buildJavaReader()
  dir = mkdtempSync(join(tmpdir(), 's3-sink-java-'))
}, 600_000)
afterAll(() => rmSync(dir, { recursive: true, force: true }))

function writeFile(format: Format, name: string): string {
  const writer = format.open(ORDER)
  for (const r of orderRecords()) writer.write(r)
  const path = join(dir, name + format.extension)
  writeFileSync(path, writer.finish())
  return path
}

describe('Java readers', () => {
  it('parquet-avro reads every Parquet codec with every value as Avro Java reads the Avro file', async () => {
    const avro = javaRead(classPath, 'avro', writeFile(new AvroFormat({ codec: 'deflate' }), 'orders'))
    expect(avro.records).toHaveLength(ROWS.length)
    for (const codec of ['snappy', 'gzip', 'zstd', 'none'] as const) {
      const format = new ParquetFormat({ codec, compressors: await loadParquetCompressors(codec) })
      const parquet = javaRead(classPath, 'parquet', writeFile(format, `orders-${codec}`))
      expect(parquet.records).toEqual(avro.records)
    }
    const first = avro.records[0] as Record<string, unknown>
    expect(first['id']).toBe('9007199254740993')
    expect(first['big']).toBe('123456789012345678901234.5678')
    expect(first['updated_at']).toBe(String(ROWS[0]?.updatedAt))
    expect((avro.records[1] as Record<string, unknown>)['updated_at']).toBe('-152150399999')
    expect((avro.records[1] as Record<string, unknown>)['status']).toBeNull()
    expect(first['tags']).toEqual(['a', 'kraków'])
    expect(first['attrs']).toEqual({ k: 0, k2: 0 })
  }, 120_000)

  it('sees the Parquet logical types parquet-avro would write, decimals on fixed-length arrays', async () => {
    const format = new ParquetFormat({ codec: 'snappy', compressors: await loadParquetCompressors('snappy') })
    const { schema } = javaRead(classPath, 'parquet', writeFile(format, 'schema'))
    expect(schema).toContain('message com.example.Order {')
    expect(schema).toContain('required fixed_len_byte_array(5) amount (DECIMAL(10,2));')
    expect(schema).toContain('required fixed_len_byte_array(27) big (DECIMAL(64,4));')
    expect(schema).toContain('required int64 updated_at (TIMESTAMP(MILLIS,true));')
    expect(schema).toContain('required int32 day (DATE);')
    expect(schema).toContain('required int32 time_of_day (TIME(MILLIS,true));')
    expect(schema).toContain('optional binary status (STRING);')
    expect(schema).toContain('required group tags (LIST) { repeated group list { required binary element (STRING); } }')
    expect(schema).toContain(
      'required group attrs (MAP) { repeated group key_value { required binary key (STRING); required int32 value; } }',
    )
  }, 120_000)

  it('Avro Java reads the AvroData schema with its connect.* properties', () => {
    const { schema } = javaRead(classPath, 'avro', writeFile(new AvroFormat({ codec: 'snappy' }), 'meta'))
    const parsed = JSON.parse(schema) as { name: string; namespace: string; fields: { name: string; type: unknown }[] }
    expect(`${parsed.namespace}.${parsed.name}`).toBe('com.example.Order')
    expect(parsed.fields.find((f) => f.name === 'i8')?.type).toEqual({ type: 'int', 'connect.type': 'int8' })
    expect(parsed.fields.find((f) => f.name === 'status')?.type).toEqual(['null', 'string'])
  }, 120_000)
})
