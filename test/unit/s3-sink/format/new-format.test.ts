import { describe, expect, it } from 'vitest'
import { parseS3SinkConfig } from '../../../../functions/s3-sink/config.js'
import { newFormat } from '../../../../functions/s3-sink/format/new-format.js'

const base = {
  's3.bucket.name': 'b',
  'storage.class': 'io.confluent.connect.s3.storage.S3Storage',
  'flush.size': '3',
}
const PARQUET = 'io.confluent.connect.s3.format.parquet.ParquetFormat'

async function extension(props: Record<string, string>): Promise<string> {
  return (await newFormat(parseS3SinkConfig({ ...base, ...props }))).extension
}

describe('file extensions, as Confluent names them', () => {
  it('puts the Parquet codec before .parquet', async () => {
    expect(await extension({ 'format.class': PARQUET })).toBe('.snappy.parquet')
    expect(await extension({ 'format.class': PARQUET, 'parquet.codec': 'gzip' })).toBe('.gz.parquet')
    expect(await extension({ 'format.class': PARQUET, 'parquet.codec': 'zstd' })).toBe('.zstd.parquet')
    expect(await extension({ 'format.class': PARQUET, 'parquet.codec': 'none' })).toBe('.parquet')
  })

  it('names JSON .json or .json.gz, Avro .avro whatever its codec, bytes .bin', async () => {
    expect(await extension({ 'format.class': 'io.confluent.connect.s3.format.json.JsonFormat' })).toBe('.json')
    expect(
      await extension({
        'format.class': 'io.confluent.connect.s3.format.json.JsonFormat',
        's3.compression.type': 'gzip',
      }),
    ).toBe('.json.gz')
    expect(
      await extension({ 'format.class': 'io.confluent.connect.s3.format.avro.AvroFormat', 'avro.codec': 'snappy' }),
    ).toBe('.avro')
    expect(await extension({ 'format.class': 'io.confluent.connect.s3.format.bytearray.ByteArrayFormat' })).toBe('.bin')
    expect(
      await extension({
        'format.class': 'io.confluent.connect.s3.format.bytearray.ByteArrayFormat',
        's3.compression.type': 'gzip',
      }),
    ).toBe('.bin.gz')
  })
})
