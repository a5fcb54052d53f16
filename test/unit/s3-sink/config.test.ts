import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { parseS3SinkConfig, partitionerSettings, S3_SINK_CONFIG } from '../../../functions/s3-sink/config.js'
import { newPartitioner } from '../../../functions/s3-sink/partitioner/new-partitioner.js'
import { ConfigException } from '../../../layers/runtime/errors.js'
import { sinkRecord } from './fixtures.js'

const seed = (
  JSON.parse(readFileSync(new URL('../../../../shared/spec/connectors/s3-sink.json', import.meta.url), 'utf8')) as {
    config: Record<string, string>
  }
).config

const minimal = {
  's3.bucket.name': 'b',
  'storage.class': 'io.confluent.connect.s3.storage.S3Storage',
  'format.class': 'io.confluent.connect.s3.format.json.JsonFormat',
  'flush.size': '3',
}

function error(props: Record<string, string>): string {
  try {
    parseS3SinkConfig(props)
  } catch (e) {
    expect(e).toBeInstanceOf(ConfigException)
    return (e as Error).message
  }
  throw new Error('expected a ConfigException')
}

describe('S3 sink config', () => {
  it("accepts the seed's config and defaults partition.duration.ms to one day, with a warning", () => {
    const config = parseS3SinkConfig(seed)
    expect(config.partitionDurationMs).toBe(86_400_000)
    expect(config.warnings).toHaveLength(1)
    expect(config.warnings[0]).toMatch(/^partition\.duration\.ms is not set; using 86400000 ms/)
    expect(config.parquetCodec).toBe('snappy')
    expect(config.flushSize).toBe(1000)
    expect(config.rotateIntervalMs).toBe(60000)
    const partitioner = newPartitioner(partitionerSettings(config))
    // no timestamp.extractor: Wallclock, i.e. the processing time passed in
    expect(partitioner.encodePartition(sinkRecord(0), Date.UTC(2026, 10, 29, 13))).toBe('year=2026/month=11/day=29')
  })

  it('keeps an explicit partition.duration.ms and warns about nothing', () => {
    const config = parseS3SinkConfig({ ...seed, 'partition.duration.ms': '3600000' })
    expect(config.partitionDurationMs).toBe(3_600_000)
    expect(config.warnings).toEqual([])
  })

  it("applies Confluent's defaults", () => {
    const config = parseS3SinkConfig(minimal)
    expect(config.region).toBe('us-west-2')
    expect(config.topicsDir).toBe('topics')
    expect(config.directoryDelim).toBe('/')
    expect(config.fileDelim).toBe('+')
    expect(config.zeroPadWidth).toBe(10)
    expect(config.avroCodec).toBe('null')
    expect(config.schemaCompatibility).toBe('NONE')
    expect(config.nullValueBehavior).toBe('fail')
    expect(config.timestampExtractor).toBe('Wallclock')
    expect(config.timestampField).toBe('timestamp')
    expect(config.byteArrayExtension).toBe('.bin')
    expect(config.byteArraySeparator).toBe('\n')
    expect(config.parsed.get('s3.part.size')).toBe(26214400)
    expect(config.parsed.get('store.url')).toBeNull()
    expect(config.partitionerClass).toBe('io.confluent.connect.storage.partitioner.DefaultPartitioner')
  })

  it('requires flush.size, format.class, storage.class and the bucket', () => {
    for (const key of ['flush.size', 'format.class', 'storage.class', 's3.bucket.name']) {
      const props: Record<string, string> = { ...minimal }
      delete props[key]
      expect(error(props)).toBe(`Missing required configuration "${key}" which has no default value.`)
    }
  })

  it('keeps the whitespace of format.bytearray.separator', () => {
    expect(parseS3SinkConfig({ ...minimal, 'format.bytearray.separator': ' | ' }).byteArraySeparator).toBe(' | ')
  })

  it('refuses gzip for Parquet and Avro, with Confluent message', () => {
    expect(
      error({
        ...minimal,
        'format.class': 'io.confluent.connect.s3.format.parquet.ParquetFormat',
        's3.compression.type': 'gzip',
      }),
    ).toBe(
      'Compression Type gzip not valid for data format class: ( io.confluent.connect.s3.format.parquet.ParquetFormat ).',
    )
  })

  it('requires store.kafka.keys for behavior.on.null.values=write, in any case', () => {
    expect(error({ ...minimal, 'behavior.on.null.values': 'WRITE' })).toBe(
      'Writing Kafka record keys to storage is mandatory when tombstone writing is enabled.',
    )
    expect(parseS3SinkConfig({ ...minimal, 'behavior.on.null.values': 'Ignore' }).nullValueBehavior).toBe('ignore')
  })

  it('rejects unknown null behaviours, codecs and timezones', () => {
    expect(error({ ...minimal, 'behavior.on.null.values': 'delete' })).toBe(
      'Invalid value delete for configuration behavior.on.null.values: String must be one of: ignore, fail, write',
    )
    expect(error({ ...minimal, 'avro.codec': 'xz' })).toBe(
      'Invalid value xz for configuration avro.codec: String must be one of: null, deflate, snappy, bzip2',
    )
    expect(error({ ...minimal, timezone: 'Nowhere/City' })).toBe(
      "Invalid value Nowhere/City for configuration timezone: The datetime zone id 'Nowhere/City' is not recognised",
    )
  })

  it('says which codecs it cannot write', () => {
    expect(error({ ...minimal, 'parquet.codec': 'brotli' })).toMatch(
      /^Invalid value brotli for configuration parquet.codec/,
    )
    expect(error({ ...minimal, 'avro.codec': 'bzip2' })).toMatch(/^Invalid value bzip2 for configuration avro.codec/)
  })

  it('needs partition.field.name for the FieldPartitioner and checks its paths', () => {
    const field = { ...minimal, 'partitioner.class': 'io.confluent.connect.storage.partitioner.FieldPartitioner' }
    expect(error(field)).toBe('Partition field name cannot be null or empty when using FieldPartitioner.')
    expect(error({ ...field, 'partition.field.name': 'a,,b' })).toBe(
      'Invalid value  for configuration partition.field.name: Field name cannot be null or empty',
    )
    expect(error({ ...field, 'partition.field.name': 'a..b' })).toBe(
      'Invalid value a..b for configuration partition.field.name: Field name cannot contain an empty or whitespace-only path segment',
    )
    expect(parseS3SinkConfig({ ...field, 'partition.field.name': 'country, user.city' }).partitionFieldNames).toEqual([
      'country',
      'user.city',
    ])
  })

  it('needs a timezone for scheduled rotation', () => {
    expect(error({ ...minimal, 'rotate.schedule.interval.ms': '60000' })).toBe(
      'timezone configuration must be set when using rotate.schedule.interval.ms',
    )
  })

  it('warns that rotate.interval.ms is ignored without a time-based partitioner', () => {
    const config = parseS3SinkConfig({ ...minimal, 'rotate.interval.ms': '60000' })
    expect(config.warnings[0]).toMatch(/This property is ignored\.$/)
  })

  it('rejects a part size below 5 MiB', () => {
    expect(error({ ...minimal, 's3.part.size': '1024' })).toBe(
      'Invalid value 1024 for configuration s3.part.size: Part size must be at least: 5242880 bytes (5MB)',
    )
  })

  it('hides secrets in its docs table and validation output', () => {
    const report = S3_SINK_CONFIG.validate({ ...minimal, 'aws.secret.access.key': 'shh' })
    const secret = report.find((r) => r.name === 'aws.secret.access.key')
    expect(String(secret?.value)).toBe('[hidden]')
    expect(S3_SINK_CONFIG.toMarkdown()).toContain('partition.duration.ms')
  })
})
