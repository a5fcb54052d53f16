/**
 * Records the S3 sink task cannot write, null values, keys and headers files, and start-up checks:
 * the cases of Confluent's TopicPartitionWriterTest and S3SinkTaskTest that concern them.
 */
import { describe, expect, it } from 'vitest'
import { FormatClass } from '../../../functions/s3-sink/config.js'
import { PartitionException } from '../../../functions/s3-sink/partitioner/partition-exception.js'
import { SchemaBuilder, Schemas } from '../../../layers/runtime/data/schema.js'
import { Struct } from '../../../layers/runtime/data/struct.js'
import { ConnectException, DataException } from '../../../layers/runtime/errors.js'
import { openDuckDb } from './format/duckdb.js'
import {
  batches,
  deliver,
  FIELD,
  fileKey,
  HOURLY,
  MemoryStorage,
  nextOffsets,
  offsets,
  PARTITION,
  props,
  SCHEMA,
  sampleHeaders,
  sinkRecord,
  startTask,
  struct,
  TOPIC,
} from './task-fixtures.js'

const DIR = `partition=${PARTITION}`
const messageOf = (e: unknown) => (e instanceof Error ? e.message : String(e))

describe('records that cannot be written go to the errant record reporter', () => {
  it('reports a value that is not a Struct under FieldPartitioner with "Error encoding partition." and writes the rest', async () => {
    const schema = SchemaBuilder.struct().field('field', Schemas.STRING).build()
    const { task, storage, reported } = await startTask(
      props({ 'partitioner.class': FIELD, 'partition.field.name': 'field' }),
    )
    await deliver(task, [
      sinkRecord(0, schema, new Struct(schema).put('field', 'a')),
      sinkRecord(1, schema, 'not a struct'),
    ])
    expect(reported).toHaveLength(1)
    expect(reported[0]?.record.kafkaOffset).toBe(1)
    expect(reported[0]?.error).toBeInstanceOf(PartitionException)
    expect(messageOf(reported[0]?.error)).toBe('Error encoding partition.')
    expect(storage.dataKeys()).toEqual([fileKey('field=a', 0)])
  })

  it('reports a record without a timestamp under the Record extractor', async () => {
    const { task, storage, reported } = await startTask(
      props({ 'partitioner.class': HOURLY, 'timestamp.extractor': 'Record' }),
    )
    await deliver(task, [
      sinkRecord(0, SCHEMA, struct(16, 0), { timestamp: Date.UTC(2024, 0, 1) }),
      sinkRecord(1, SCHEMA, struct(16, 1), { timestamp: null }),
    ])
    expect(reported.map((r) => r.record.kafkaOffset)).toEqual([1])
    expect(messageOf(reported[0]?.error)).toMatch(/^Unable to determine timestamp using timestamp.extractor Record/)
    expect(storage.allIds()).toEqual([0])
  })

  it('reports a record whose timestamp field is missing under RecordField', async () => {
    const other = SchemaBuilder.struct().name('other').field('id', Schemas.INT64).build()
    const { task, storage, reported } = await startTask(
      props({
        'partitioner.class': HOURLY,
        'timestamp.extractor': 'RecordField',
        'timestamp.field': 'long',
        'rotate.interval.ms': '60000',
      }),
    )
    await deliver(task, [
      sinkRecord(0, SCHEMA, struct(16, 0)),
      sinkRecord(1, other, new Struct(other).put('id', 1n)),
      sinkRecord(2, SCHEMA, struct(16, 2)),
    ])
    expect(reported.map((r) => r.record.kafkaOffset)).toEqual([1])
    expect(reported[0]?.error).toBeInstanceOf(DataException)
    expect(storage.allIds()).toEqual([0, 2])
  })

  it('reports a Parquet value that does not fit its schema and keeps the file readable', async () => {
    const { task, storage, reported } = await startTask(
      props({ 'format.class': FormatClass.PARQUET, 'flush.size': '10' }),
    )
    // the struct's schema says `int` is required; the value has none
    const broken = new Struct(SCHEMA)
      .put('boolean', true)
      .put('long', 1n)
      .put('float', 1)
      .put('double', 1)
      .put('id', 1n)
    await deliver(task, [
      sinkRecord(0, SCHEMA, struct(16, 0)),
      sinkRecord(1, SCHEMA, broken),
      sinkRecord(2, SCHEMA, struct(17, 2)),
    ])
    expect(reported.map((r) => r.record.kafkaOffset)).toEqual([1])
    expect(reported[0]?.error).toBeInstanceOf(DataException)
    const key = fileKey(DIR, 0, '.snappy.parquet')
    expect(storage.dataKeys()).toEqual([key])
    const db = await openDuckDb()
    try {
      const path = db.file('a.parquet', storage.objects.get(key) as Uint8Array)
      expect(await db.rows(`select id, "int" from read_parquet('${path}') order by id`)).toEqual([
        { id: '0', int: 16 },
        { id: '2', int: 17 },
      ])
    } finally {
      db.close()
    }
  })

  it('does not open a file for a first record that fails, so the next record names the file', async () => {
    const { task, storage, reported } = await startTask(props({ 'format.class': FormatClass.AVRO }))
    await deliver(task, [sinkRecord(0, SCHEMA, '1'), sinkRecord(1, SCHEMA, struct(16, 1))])
    expect(reported.map((r) => r.record.kafkaOffset)).toEqual([0])
    expect(storage.dataKeys()).toEqual([fileKey(DIR, 1, '.avro')])
  })

  it('fails the task with the record error when there is no reporter (no DLQ, no error log), as Connect does', async () => {
    const { task, storage } = await startTask(props({ 'partitioner.class': FIELD }), { reporter: false })
    await expect(task.put([sinkRecord(0, SCHEMA, struct(16, 0)), sinkRecord(1, SCHEMA, '1')])).rejects.toBeInstanceOf(
      PartitionException,
    )
    // nothing of the failed batch stays behind: the redelivered batch starts clean
    await deliver(task, offsets([0, 1, 2]))
    expect(storage.allIds()).toEqual([0, 1, 2])
  })

  it('fails the whole batch when the reporter fails (errors.tolerance=none) and keeps nothing of it', async () => {
    const reporter = {
      report: async (): Promise<void> => {
        throw new ConnectException('Tolerance exceeded in error handler')
      },
    }
    const { task, storage } = await startTask(props({ 'format.class': FormatClass.AVRO }), { reporter })
    const good = sinkRecord(0, SCHEMA, struct(16, 0))
    await expect(task.put([good, sinkRecord(1, SCHEMA, '1')])).rejects.toThrow('Tolerance exceeded in error handler')
    await task.flush(nextOffsets([good]))
    expect(storage.dataKeys()).toEqual([])
  })
})

describe('behavior.on.null.values', () => {
  const tombstone = (offset: number) => sinkRecord(offset, null, null)

  it('fail (the default) reports a null value through the reporter (connectless: Connect fails the task)', async () => {
    const { task, storage, reported } = await startTask(props())
    await deliver(task, [sinkRecord(0, SCHEMA, struct(16, 0)), tombstone(1), sinkRecord(2, SCHEMA, struct(16, 2))])
    expect(reported.map((r) => r.record.kafkaOffset)).toEqual([1])
    expect(messageOf(reported[0]?.error)).toBe(
      "Null valued records are not writeable with current behavior.on.null.values 'settings.",
    )
    expect(storage.allIds()).toEqual([0, 2])
  })

  it('fail without a reporter fails the task with Confluent\u2019s message', async () => {
    const { task } = await startTask(props(), { reporter: false })
    await expect(task.put([tombstone(0)])).rejects.toThrow(
      "Null valued records are not writeable with current behavior.on.null.values 'settings.",
    )
  })

  it('ignore skips a null value and reports it as "Skipping null value record." when report.null.values.to.dlq is on', async () => {
    const { task, storage, reported } = await startTask(props({ 'behavior.on.null.values': 'ignore' }))
    await deliver(task, [sinkRecord(0, SCHEMA, struct(16, 0)), tombstone(1), sinkRecord(2, SCHEMA, struct(16, 2))])
    expect(storage.dataKeys()).toEqual([fileKey(DIR, 0)])
    expect(storage.ids(fileKey(DIR, 0))).toEqual([0, 2])
    expect(messageOf(reported[0]?.error)).toBe('Skipping null value record.')
  })

  it('ignore with report.null.values.to.dlq=false skips silently', async () => {
    const { task, reported } = await startTask(
      props({ 'behavior.on.null.values': 'ignore', 'report.null.values.to.dlq': 'false' }),
    )
    await deliver(task, [tombstone(0)])
    expect(reported).toEqual([])
  })

  it('write puts tombstones in the tombstone folder with a keys file only', async () => {
    const { task, storage } = await startTask(
      props({
        'behavior.on.null.values': 'write',
        'store.kafka.keys': 'true',
        'keys.format.class': FormatClass.JSON,
        'flush.size': '10',
      }),
    )
    await deliver(task, [
      sinkRecord(0, SCHEMA, struct(16, 0), { key: 'a' }),
      tombstone(1),
      sinkRecord(2, SCHEMA, struct(16, 2), { key: 'c' }),
    ])
    expect(storage.dataKeys()).toEqual([
      fileKey(DIR, 0),
      fileKey(DIR, 0, '.keys.json'),
      fileKey('tombstone', 1, '.keys.json'),
    ])
    expect(storage.lines(fileKey('tombstone', 1, '.keys.json'))).toEqual(['key'])
    expect(storage.lines(fileKey(DIR, 0, '.keys.json'))).toEqual(['a', 'c'])
  })
})

describe('store.kafka.keys and store.kafka.headers', () => {
  const config = props({
    'store.kafka.keys': 'true',
    'store.kafka.headers': 'true',
    'keys.format.class': FormatClass.JSON,
    'headers.format.class': FormatClass.JSON,
  })

  it('writes a .keys and a .headers file beside each data file, record for record', async () => {
    const { task, storage } = await startTask(config)
    await deliver(task, batches(3, 2, 0, { headers: sampleHeaders() }))
    expect(storage.dataKeys()).toEqual(
      [0, 3].flatMap((o) => [fileKey(DIR, o), fileKey(DIR, o, '.headers.json'), fileKey(DIR, o, '.keys.json')]).sort(),
    )
    expect(storage.lines(fileKey(DIR, 3, '.keys.json'))).toEqual(['key', 'key', 'key'])
    // JSON headers are enveloped, each value as Values.convertToString gives it
    expect(storage.lines(fileKey(DIR, 0, '.headers.json'))[0]).toEqual({
      headers: [
        { key: 'first-header-key', value: 'first-header-value' },
        { key: 'second-header-key', value: '8' },
        { key: 'third-header-key', value: '6.5' },
      ],
    })
  })

  it('reports a record without a key, and one without headers, before writing any of its files', async () => {
    const { task, storage, reported } = await startTask(config)
    await deliver(task, [
      sinkRecord(0, SCHEMA, struct(16, 0), { headers: sampleHeaders() }),
      sinkRecord(1, SCHEMA, struct(16, 1), { key: null, headers: sampleHeaders() }),
      sinkRecord(2, SCHEMA, struct(16, 2)),
    ])
    expect(reported.map((r) => messageOf(r.error))).toEqual([
      `Key cannot be null for SinkRecord: SinkRecord{kafkaOffset=1, topic='${TOPIC}', kafkaPartition=${PARTITION}} `,
      `Headers cannot be null for SinkRecord: SinkRecord{kafkaOffset=2, topic='${TOPIC}', kafkaPartition=${PARTITION}} `,
    ])
    expect(storage.ids(fileKey(DIR, 0))).toEqual([0])
    expect(storage.lines(fileKey(DIR, 0, '.keys.json'))).toEqual(['key'])
  })

  it('envelopes Parquet keys in a RecordKey struct', async () => {
    const { task, storage } = await startTask(
      props({ 'store.kafka.keys': 'true', 'keys.format.class': FormatClass.PARQUET }),
    )
    await deliver(task, batches(2, 1))
    const key = fileKey(DIR, 0, '.keys.snappy.parquet')
    const db = await openDuckDb()
    try {
      const path = db.file('k.parquet', storage.objects.get(key) as Uint8Array)
      expect(await db.rows(`select key from read_parquet('${path}')`)).toEqual([{ key: 'key' }, { key: 'key' }])
    } finally {
      db.close()
    }
  })
})

describe('object tags, start-up and partitions', () => {
  it('tags value files with their start offset, end offset and record count plus the extra pairs (s3.object.tagging)', async () => {
    const { task, storage } = await startTask(
      props({ 's3.object.tagging': 'true', 's3.object.tagging.key.value.pairs': 'team:data,env:test' }),
    )
    await deliver(task, batches(2, 1, 40))
    expect(storage.tags.get(fileKey(DIR, 40))).toEqual({
      startOffset: '40',
      endOffset: '41',
      recordCount: '2',
      team: 'data',
      env: 'test',
    })
  })

  it('refuses to start when the bucket does not exist, with Confluent\u2019s message', async () => {
    const storage = new MemoryStorage()
    storage.bucket = false
    await expect(startTask(props(), { storage })).rejects.toThrow('Non-existent S3 bucket: test-bucket')
  })

  it('fails the batch, as Confluent does, when a transform moved a record to another topic', async () => {
    const { task } = await startTask(props())
    const moved = sinkRecord(0, SCHEMA, struct(16, 0)).newRecord({ topic: 'renamed' })
    await expect(task.put([moved])).rejects.toThrow(
      `No writer found for topic partition renamed-${PARTITION}. The record's topic-partition does not match any assigned partitions.`,
    )
  })

  it('writes nothing for a batch whose records were all filtered', async () => {
    const { task, storage } = await startTask(props())
    await task.put([])
    await task.flush(new Map([[`${TOPIC}-${PARTITION}`, { topic: TOPIC, partition: PARTITION, next: 10 }]]))
    expect([...storage.objects.keys()]).toEqual([])
  })
})
