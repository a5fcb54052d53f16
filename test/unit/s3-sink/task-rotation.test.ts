/**
 * Where the S3 sink task cuts files and what it names them: the cases of Confluent's
 * TopicPartitionWriterTest. One difference runs through them: Confluent leaves the last file of a
 * `write()` open until more records come, while on Lambda every file is committed at the end of the
 * batch, so each case here also expects that last file.
 */
import { describe, expect, it } from 'vitest'
import { SchemaBuilder, Schemas } from '../../../layers/runtime/data/schema.js'
import { Struct } from '../../../layers/runtime/data/struct.js'
import {
  batches,
  deliver,
  FIELD,
  fileKey,
  HOURLY,
  offsets,
  PARTITION,
  props,
  range,
  SCHEMA,
  sinkRecord,
  startTask,
  struct,
  TOPIC,
} from './task-fixtures.js'

const DEFAULT_DIR = `partition=${PARTITION}`
// 2017-03-02 10:00 in America/Los_Angeles (PST, UTC-8)
const HOUR_10 = Date.UTC(2017, 2, 2, 18, 0)
const MINUTE = 60_000
const hourDir = (hour: number, day = 2) =>
  `year=2017/month=03/day=${String(day).padStart(2, '0')}/hour=${String(hour).padStart(2, '0')}`

describe('rotation on flush.size (DefaultPartitioner)', () => {
  it('cuts a file every flush.size records and names it by its first offset, zero-padded to the configured width', async () => {
    const { task, storage } = await startTask(props({ 'filename.offset.zero.pad.width': '2' }))
    await deliver(task, batches(10, 1))
    expect(storage.dataKeys()).toEqual(
      [0, 3, 6, 9].map(
        (o) => `topics/${TOPIC}/${DEFAULT_DIR}/${TOPIC}+${PARTITION}+${String(o).padStart(2, '0')}.json`,
      ),
    )
    expect(storage.ids(fileKey(DEFAULT_DIR, 0, '.json', 2))).toEqual([0, 1, 2])
    expect(storage.ids(fileKey(DEFAULT_DIR, 9, '.json', 2))).toEqual([9])
  })

  it('pads offsets to 10 digits by default and writes no prefix when topics.dir is blank', async () => {
    const { task, storage } = await startTask(props({ 'topics.dir': '' }))
    await deliver(task, batches(3, 1, 1234))
    expect(storage.dataKeys()).toEqual([`${TOPIC}/${DEFAULT_DIR}/${TOPIC}+${PARTITION}+0000001234.json`])
  })

  it('ignores rotate.interval.ms with a partitioner that is not time-based', async () => {
    const { task, storage } = await startTask(props({ 'rotate.interval.ms': '1' }))
    const records = range(0, 5).map((o) => sinkRecord(o, SCHEMA, struct(16, o), { timestamp: o * 1000 }))
    await deliver(task, records)
    expect(storage.dataKeys()).toEqual([fileKey(DEFAULT_DIR, 0), fileKey(DEFAULT_DIR, 3)])
  })

  it('keeps the count per Kafka partition: each partition of a batch gets its own files', async () => {
    const { task, storage } = await startTask(props())
    const records = [...batches(4, 1, 0), ...batches(2, 1, 0, { partition: 3 })]
    await deliver(task, records)
    expect(storage.dataKeys()).toEqual([
      `topics/${TOPIC}/partition=12/${TOPIC}+12+0000000000.json`,
      `topics/${TOPIC}/partition=12/${TOPIC}+12+0000000003.json`,
      `topics/${TOPIC}/partition=3/${TOPIC}+3+0000000000.json`,
    ])
  })
})

describe('FieldPartitioner', () => {
  it('opens one file per field value and rotates all of them together at flush.size', async () => {
    const { task, storage } = await startTask(props({ 'partitioner.class': FIELD, 'flush.size': '9' }))
    await deliver(task, batches(3, 6))
    const expected = [0, 9].flatMap((base) => [16, 17, 18].map((v, i) => fileKey(`int=${v}`, base + i)))
    expect(storage.dataKeys()).toEqual(expected.sort())
    expect(storage.ids(fileKey('int=16', 0))).toEqual([0, 3, 6])
    expect(storage.ids(fileKey('int=18', 11))).toEqual([11, 14, 17])
  })

  it('rotates every open file when partitioner.max.open.files is reached by a new folder', async () => {
    const { task, storage } = await startTask(
      props({ 'partitioner.class': FIELD, 'flush.size': '10', 'partitioner.max.open.files': '5' }),
    )
    await deliver(task, batches(6, 1))
    expect(storage.dataKeys()).toEqual(range(0, 6).map((i) => fileKey(`int=${16 + i}`, i)))
  })

  it('nests one folder per field with several partition.field.name entries', async () => {
    const { task, storage } = await startTask(
      props({ 'partitioner.class': FIELD, 'partition.field.name': 'int,boolean', 'flush.size': '10' }),
    )
    await deliver(task, batches(2, 1))
    expect(storage.dataKeys()).toEqual([fileKey('int=16/boolean=true', 0), fileKey('int=17/boolean=true', 1)])
  })

  it('rotates on flush.size only when partitioner.max.open.files is unset', async () => {
    const { task, storage } = await startTask(props({ 'partitioner.class': FIELD, 'flush.size': '10' }))
    await deliver(task, batches(1, 20))
    expect(storage.dataKeys()).toEqual([fileKey('int=16', 0), fileKey('int=16', 10)])
  })
})

describe('time-based partitioners with rotate.interval.ms', () => {
  const hourly = (extra: Record<string, string> = {}) =>
    props({
      'partitioner.class': HOURLY,
      'timestamp.extractor': 'Record',
      'flush.size': '1000',
      ...extra,
    })

  it('rotates when a record is rotate.interval.ms after the first record of the open files', async () => {
    const { task, storage } = await startTask(hourly({ 'rotate.interval.ms': String(MINUTE) }))
    // one record every 20 s: three per minute; then nine more two hours later
    const records = range(0, 18).map((o) =>
      sinkRecord(o, SCHEMA, struct(16, o), { timestamp: (o < 9 ? HOUR_10 : HOUR_10 + 120 * MINUTE) + o * 20_000 }),
    )
    await deliver(task, records)
    expect(storage.dataKeys()).toEqual([
      fileKey(hourDir(10), 0),
      fileKey(hourDir(10), 3),
      fileKey(hourDir(10), 6),
      fileKey(hourDir(12), 9),
      fileKey(hourDir(12), 12),
      fileKey(hourDir(12), 15),
    ])
    expect(storage.ids(fileKey(hourDir(12), 12))).toEqual([12, 13, 14])
  })

  it('keeps late records in their own hour without rotating when rotate.file.on.partition.change is false', async () => {
    const { task, storage } = await startTask(
      hourly({ 'rotate.interval.ms': String(10 * MINUTE), 'rotate.file.on.partition.change': 'false' }),
    )
    const times = [0, -2, 9, -5, 10].map((m) => HOUR_10 + m * MINUTE)
    await deliver(
      task,
      times.map((t, o) => sinkRecord(o, SCHEMA, struct(16, o), { timestamp: t })),
    )
    expect(storage.dataKeys()).toEqual([fileKey(hourDir(9), 1), fileKey(hourDir(10), 0), fileKey(hourDir(10), 4)])
    expect(storage.ids(fileKey(hourDir(10), 0))).toEqual([0, 2])
    expect(storage.ids(fileKey(hourDir(9), 1))).toEqual([1, 3])
  })

  it('rotates on every change of folder by default, so out-of-order records make one file each', async () => {
    const { task, storage } = await startTask(hourly({ 'rotate.interval.ms': String(10 * MINUTE) }))
    const times = [0, -2, 9, -5, 10].map((m) => HOUR_10 + m * MINUTE)
    await deliver(
      task,
      times.map((t, o) => sinkRecord(o, SCHEMA, struct(16, o), { timestamp: t })),
    )
    expect(storage.dataKeys()).toEqual(
      [
        fileKey(hourDir(10), 0),
        fileKey(hourDir(9), 1),
        fileKey(hourDir(10), 2),
        fileKey(hourDir(9), 3),
        fileKey(hourDir(10), 4),
      ].sort(),
    )
  })

  it('reads the timestamp of rotate.interval.ms from the record field with RecordField', async () => {
    const schema = SchemaBuilder.struct().name('event').field('id', Schemas.INT64).field('ts', Schemas.INT64).build()
    const { task, storage } = await startTask(
      hourly({ 'timestamp.extractor': 'RecordField', 'timestamp.field': 'ts', 'rotate.interval.ms': String(MINUTE) }),
    )
    const records = range(0, 4).map((o) =>
      sinkRecord(o, schema, new Struct(schema).put('id', BigInt(o)).put('ts', BigInt(HOUR_10 + o * 30_000)), {
        timestamp: 0,
      }),
    )
    await deliver(task, records)
    expect(storage.dataKeys()).toEqual([fileKey(hourDir(10), 0), fileKey(hourDir(10), 2)])
  })

  it('puts a whole Wallclock batch in the folder of the time it is processed', async () => {
    const { task, storage } = await startTask(
      props({ 'partitioner.class': HOURLY, 'flush.size': '1000', 'rotate.interval.ms': String(MINUTE) }),
      { now: () => HOUR_10 + 30 * MINUTE },
    )
    await deliver(task, offsets(range(0, 5)))
    expect(storage.dataKeys()).toEqual([fileKey(hourDir(10), 0)])
  })
})

describe('records with and without a value schema (tombstones)', () => {
  const tombstone = (offset: number) => sinkRecord(offset, null, `${offset}`)

  it('gives a leading record without a schema a file of its own', async () => {
    const { task, storage } = await startTask(props())
    await deliver(task, [tombstone(0), ...batches(3, 3, 1)])
    expect(storage.dataKeys()).toEqual([0, 1, 4, 7].map((o) => fileKey(DEFAULT_DIR, o)))
    expect(storage.lines(fileKey(DEFAULT_DIR, 0))).toEqual(['0'])
  })

  it('keeps consecutive records without a schema in one file', async () => {
    const { task, storage } = await startTask(props())
    await deliver(task, [tombstone(0), tombstone(1), tombstone(2)])
    expect(storage.dataKeys()).toEqual([fileKey(DEFAULT_DIR, 0)])
  })

  it('rotates when a record without a schema follows records with one, and back', async () => {
    const { task, storage } = await startTask(props())
    await deliver(task, [...batches(3, 3), tombstone(9), sinkRecord(10, SCHEMA, struct(16, 10))])
    expect(storage.dataKeys()).toEqual([0, 3, 6, 9, 10].map((o) => fileKey(DEFAULT_DIR, o)))
    expect(storage.lines(fileKey(DEFAULT_DIR, 9))).toEqual(['9'])
  })
})

describe('schema.compatibility', () => {
  const v1 = SCHEMA
  const v2 = SchemaBuilder.struct()
    .name('record')
    .version(2)
    .field('boolean', Schemas.BOOLEAN)
    .field('int', Schemas.INT32)
    .field('long', Schemas.INT64)
    .field('float', Schemas.FLOAT32)
    .field('double', Schemas.FLOAT64)
    .field('id', Schemas.INT64)
    .field('currency', SchemaBuilder.string().defaultValue('USD').build())
    .build()
  const rec = (offset: number, schema: typeof v1) => {
    const value = struct(16, offset, schema)
    if (schema === v2) value.put('currency', 'EUR')
    return sinkRecord(offset, schema, value)
  }
  const records = () => [rec(0, v1), rec(1, v1), rec(2, v2), rec(3, v1), rec(4, v2)]

  it('NONE starts a new file at every change of schema', async () => {
    const { task, storage } = await startTask(props({ 'flush.size': '100' }))
    await deliver(task, records())
    expect(storage.dataKeys()).toEqual([0, 2, 3, 4].map((o) => fileKey(DEFAULT_DIR, o)))
  })

  it('BACKWARD starts a new file at a higher version and projects older records onto it', async () => {
    const { task, storage } = await startTask(props({ 'flush.size': '100', 'schema.compatibility': 'BACKWARD' }))
    await deliver(task, records())
    expect(storage.dataKeys()).toEqual([fileKey(DEFAULT_DIR, 0), fileKey(DEFAULT_DIR, 2)])
    expect(storage.lines(fileKey(DEFAULT_DIR, 2)).map((l) => l['currency'])).toEqual(['EUR', 'USD', 'EUR'])
  })

  it('FORWARD starts a new file at a lower version and projects newer records onto the older schema', async () => {
    const { task, storage } = await startTask(props({ 'flush.size': '100', 'schema.compatibility': 'FORWARD' }))
    await deliver(task, [rec(0, v2), rec(1, v2), rec(2, v1), rec(3, v2)])
    expect(storage.dataKeys()).toEqual([fileKey(DEFAULT_DIR, 0), fileKey(DEFAULT_DIR, 2)])
    expect(storage.lines(fileKey(DEFAULT_DIR, 2)).map((l) => 'currency' in l)).toEqual([false, false])
  })
})
