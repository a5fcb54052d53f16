import avro from 'avsc'
import { describe, expect, it } from 'vitest'
import { AvroFormat } from '../../../../functions/s3-sink/format/avro-format.js'
import { avscType } from '../../../../layers/runtime/converters/avro/avro-codec.js'
import { parseAvroSchema } from '../../../../layers/runtime/converters/avro/avro-schema.js'
import { Schemas } from '../../../../layers/runtime/data/schema.js'
import { ORDER, orderRecords, ROWS } from './all-types.js'

async function decode(
  bytes: Uint8Array,
): Promise<{ header: Record<string, Buffer>; records: Record<string, unknown>[] }> {
  const records: Record<string, unknown>[] = []
  let header: Record<string, Buffer> = {}
  const decoder = new avro.streams.BlockDecoder({
    parseHook: (schema: unknown) => avscType(parseAvroSchema(JSON.stringify(schema))),
  })
  await new Promise<void>((resolve, reject) => {
    decoder.on('metadata', (_type: unknown, _codec: unknown, h: { meta: Record<string, Buffer> }) => {
      header = h.meta
    })
    decoder.on('data', (r: Record<string, unknown>) => records.push(r))
    decoder.on('end', resolve)
    decoder.on('error', reject)
    decoder.end(Buffer.from(bytes))
  })
  return { header, records }
}

describe('AvroFormat', () => {
  it('writes an object container file that avsc decodes, with the AvroData schema in its header', async () => {
    for (const codec of ['null', 'deflate'] as const) {
      const writer = new AvroFormat({ codec }).open(ORDER)
      for (const r of orderRecords()) writer.write(r)
      const { header, records } = await decode(writer.finish())
      expect(header['avro.codec']?.toString()).toBe(codec)
      const schema = JSON.parse(header['avro.schema']?.toString() ?? '{}') as { name: string; namespace: string }
      expect(`${schema.namespace}.${schema.name}`).toBe('com.example.Order')
      expect(records.map((r) => r['name'])).toEqual(ROWS.map((r) => r.name))
      expect(records.map((r) => r['updated_at'])).toEqual(ROWS.map((r) => BigInt(r.updatedAt)))
      expect(records.map((r) => r['id'])).toEqual(ROWS.map((r) => r.id))
      expect(records.map((r) => r['status'])).toEqual(ROWS.map((r) => r.status))
      expect(records.map((r) => r['day'])).toEqual(ROWS.map((r) => r.day))
    }
  })

  it('writes the same bytes for the same records (deterministic sync marker)', () => {
    const bytes = () => {
      const writer = new AvroFormat({ codec: 'snappy' }).open(ORDER)
      for (const r of orderRecords()) writer.write(r)
      return Buffer.from(writer.finish())
    }
    expect(bytes().equals(bytes())).toBe(true)
  })

  it('cuts blocks at the 64,000-byte sync interval', async () => {
    const writer = new AvroFormat({ codec: 'null' }).open(ORDER)
    const records = orderRecords()
    for (let i = 0; i < 2000; i++) writer.write(records[i % records.length] as (typeof records)[number])
    const bytes = writer.finish()
    const { records: decoded } = await decode(bytes)
    expect(decoded).toHaveLength(2000)
    expect(bytes.length).toBeGreaterThan(2 * 64_000)
  })

  it('needs a value schema', () => {
    expect(() => new AvroFormat({ codec: 'null' }).open(null)).toThrow('AvroFormat needs records with a value schema')
    expect(new AvroFormat({ codec: 'null' }).open(Schemas.STRING).recordCount).toBe(0)
  })
})
