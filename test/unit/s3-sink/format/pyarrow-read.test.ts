import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { loadParquetCompressors } from '../../../../functions/s3-sink/format/codecs.js'
import { ParquetFormat } from '../../../../functions/s3-sink/format/parquet-format.js'
import { ORDER, orderRecords, ROWS } from './all-types.js'
import { ensurePyarrow, pyarrowRead } from './pyarrow-reader.js'

let python = ''
let dir = ''
beforeAll(() => {
  python = ensurePyarrow()
  dir = mkdtempSync(join(tmpdir(), 's3-sink-pyarrow-'))
}, 300_000)
afterAll(() => rmSync(dir, { recursive: true, force: true }))

describe('pyarrow reads the Parquet files', () => {
  it('with the Arrow types of the Connect types and every value exact, for every codec', async () => {
    for (const codec of ['snappy', 'gzip', 'zstd', 'none'] as const) {
      const writer = new ParquetFormat({ codec, compressors: await loadParquetCompressors(codec) }).open(ORDER)
      for (const r of orderRecords()) writer.write(r)
      const path = join(dir, `orders-${codec}.parquet`)
      writeFileSync(path, writer.finish())
      const { types, rows } = pyarrowRead(python, path)
      expect(types).toMatchObject({
        id: 'int64',
        amount: 'decimal128(10, 2)',
        wide: 'decimal128(38, 4)',
        big: 'decimal256(64, 4)',
        updated_at: 'timestamp[ms, tz=UTC]',
        day: 'date32[day]',
        time_of_day: 'time32[ms]',
        status: 'string',
        tags: 'list<element: string not null>',
        attrs: "map<string, int32 ('attrs')>",
      })
      expect(
        rows.map((r) => [r['id'], r['amount'], r['wide'], r['big'], r['updated_at'], r['day'], r['status'], r['tags']]),
      ).toEqual(
        ROWS.map((r) => [r.id.toString(), r.amount, r.big, r.big, String(r.updatedAt), r.day, r.status, r.tags]),
      )
      expect(rows.map((r) => r['time_of_day'])).toEqual(ROWS.map((_r, i) => i * 3_600_000 + 123))
      expect(rows[0]?.['attrs']).toEqual({ k: 0, k2: 0 })
      expect(rows[1]?.['billing']).toBeNull()
      expect(rows[0]?.['lines']).toEqual([{ street: 'Line 0', zip: null }])
    }
  }, 300_000)
})
