import { describe, expect, it } from 'vitest'
import { objectKey, sideFileKey, zeroPad } from '../../../functions/s3-sink/keys.js'
import { DefaultPartitioner } from '../../../functions/s3-sink/partitioner/default-partitioner.js'
import { newPartitioner } from '../../../functions/s3-sink/partitioner/new-partitioner.js'
import { sinkRecord } from './fixtures.js'

const defaults = { topicsDir: 'topics', directoryDelim: '/', fileDelim: '+', zeroPadWidth: 10 }

describe('object keys', () => {
  it('names a file <topics.dir>/<topic>/<encoded partition>/<topic>+<partition>+<start offset>.<ext>', () => {
    const key = objectKey(defaults, new DefaultPartitioner('/'), 'orders', 2, 'partition=2', 1000, '.snappy.parquet')
    expect(key).toBe('topics/orders/partition=2/orders+2+0000001000.snappy.parquet')
  })

  it('matches the documented daily example byte for byte', () => {
    const p = newPartitioner({
      partitionerClass: 'io.confluent.connect.storage.partitioner.DailyPartitioner',
      directoryDelim: '/',
      partitionFieldNames: [],
      partitionDurationMs: -1,
      pathFormat: '',
      locale: 'en-US',
      timezone: 'UTC',
      timestampExtractor: 'Record',
      timestampField: 'timestamp',
    })
    const encoded = p.encodePartition(sinkRecord(Date.UTC(2024, 2, 5, 10)), 0)
    expect(objectKey(defaults, p, 'orders', 2, encoded, 1000, '.snappy.parquet')).toBe(
      'topics/orders/year=2024/month=03/day=05/orders+2+0000001000.snappy.parquet',
    )
  })

  it('uses directory.delim and file.delim everywhere, as Confluent TopicPartitionWriterTest expects', () => {
    const naming = { topicsDir: 'topics', directoryDelim: '_', fileDelim: '#', zeroPadWidth: 10 }
    const key = objectKey(naming, new DefaultPartitioner('_'), 'test-topic', 12, 'partition=12', 0, '.avro')
    expect(key).toBe('topics_test-topic_partition=12_test-topic#12#0000000000.avro')
    const tombstone = objectKey(naming, new DefaultPartitioner('_'), 'test-topic', 12, 'tombstone', 2, '.avro')
    expect(tombstone).toBe('topics_test-topic_tombstone_test-topic#12#0000000002.avro')
  })

  it('writes no prefix when topics.dir is blank', () => {
    const key = objectKey(
      { ...defaults, topicsDir: ' ' },
      new DefaultPartitioner('/'),
      't',
      0,
      'partition=0',
      5,
      '.json',
    )
    expect(key).toBe('t/partition=0/t+0+0000000005.json')
  })

  it('pads to filename.offset.zero.pad.width and never cuts longer offsets', () => {
    expect(zeroPad(12345, 10)).toBe('0000012345')
    expect(zeroPad(12345678901n, 10)).toBe('12345678901')
    expect(zeroPad(7, 0)).toBe('7')
    expect(zeroPad(-1, 10)).toBe('-000000001')
  })

  it('puts .keys and .headers before the side file extension', () => {
    expect(sideFileKey('topics/t/partition=0/t+0+0000000000.json', '.json', '.keys', '.avro')).toBe(
      'topics/t/partition=0/t+0+0000000000.keys.avro',
    )
    expect(
      sideFileKey('topics/t/partition=0/t+0+0000000000.snappy.parquet', '.snappy.parquet', '.headers', '.json'),
    ).toBe('topics/t/partition=0/t+0+0000000000.headers.json')
  })
})
