/**
 * Kafka → the event source emulator → the S3 sink's Lambda handler → moto S3, for every format and
 * every partitioner: the objects are named as Confluent's connector names them, byte for byte, and
 * DuckDB (avsc for Avro) reads back exactly the records produced, each in the file it belongs to.
 *
 * Each topic gets all its records before the connector starts, so that they arrive in one batch and
 * every file closes where Confluent's would: at flush.size.
 */
import { gunzipSync } from 'node:zlib'
import { beforeAll, describe, expect, it } from 'vitest'
import { FormatClass } from '../../../functions/s3-sink/config.js'
import { createTopics, KafkaProducer } from '../../../layers/runtime/kafka/client.js'
import { topicName } from '../../support/names.js'
import { requireServices } from '../../support/services.js'
import {
  createBucket,
  createOffsetsTable,
  Duck,
  dataKeys,
  getBytes,
  kafka,
  pad,
  readAvro,
  runConnector,
  s3Config,
  sqlList,
} from './fixture.js'

requireServices('kafka', 'moto')

const PARTITIONS = 2
const PER_PARTITION = 20
const FLUSH_SIZE = 10
const HOUR = 3_600_000
const DAY = 24 * HOUR

interface Row {
  id: number
  customer: string
  amount: number
  country: string
  ts: number
}

/** Where a partitioner puts each offset, and the files it makes (start offset, offsets in it). */
interface Layout {
  readonly config: Record<string, string>
  /** The record timestamp of an offset (also the `ts` field). */
  readonly ts: (offset: number) => number
  readonly files: ReadonlyArray<{ folder: string; start: number; offsets: number[] }>
}

const range = (from: number, to: number, step = 1) =>
  Array.from({ length: Math.ceil((to - from) / step) }, (_, i) => from + i * step)

// four folders of five records: flush.size (10) closes the first two together, then the last two
const fourFolders = (folders: string[]) =>
  folders.map((folder, i) => ({ folder, start: i * 5, offsets: range(i * 5, i * 5 + 5) }))

const LAYOUTS: Record<string, Layout> = {
  DefaultPartitioner: {
    config: {},
    ts: () => Date.UTC(2024, 5, 1),
    files: [
      { folder: 'partition=P', start: 0, offsets: range(0, 10) },
      { folder: 'partition=P', start: 10, offsets: range(10, 20) },
    ],
  },
  FieldPartitioner: {
    config: {
      'partitioner.class': 'io.confluent.connect.storage.partitioner.FieldPartitioner',
      'partition.field.name': 'country',
    },
    ts: () => Date.UTC(2024, 5, 1),
    files: [
      { folder: 'country=US', start: 0, offsets: range(0, 10, 2) },
      { folder: 'country=DE', start: 1, offsets: range(1, 10, 2) },
      { folder: 'country=US', start: 10, offsets: range(10, 20, 2) },
      { folder: 'country=DE', start: 11, offsets: range(11, 20, 2) },
    ],
  },
  // RecordField timestamps across New Year: Joda's YYYY is the calendar year (a week-based year would say 2025)
  TimeBasedPartitioner: {
    config: {
      'partitioner.class': 'io.confluent.connect.storage.partitioner.TimeBasedPartitioner',
      'path.format': "'year'=YYYY/'month'=MM/'day'=dd/'hour'=HH",
      'partition.duration.ms': String(HOUR),
      locale: 'en-US',
      timezone: 'UTC',
      'timestamp.extractor': 'RecordField',
      'timestamp.field': 'ts',
    },
    ts: (o) => Date.UTC(2024, 11, 30, 22) + Math.floor(o / 5) * HOUR,
    files: fourFolders([
      'year=2024/month=12/day=30/hour=22',
      'year=2024/month=12/day=30/hour=23',
      'year=2024/month=12/day=31/hour=00',
      'year=2024/month=12/day=31/hour=01',
    ]),
  },
  DailyPartitioner: {
    config: {
      'partitioner.class': 'io.confluent.connect.storage.partitioner.DailyPartitioner',
      locale: 'en-US',
      timezone: 'UTC',
      'timestamp.extractor': 'Record',
    },
    ts: (o) => Date.UTC(2024, 11, 30, 12) + Math.floor(o / 5) * DAY,
    files: fourFolders([
      'year=2024/month=12/day=30',
      'year=2024/month=12/day=31',
      'year=2025/month=01/day=01',
      'year=2025/month=01/day=02',
    ]),
  },
  // across the start of daylight saving time in New York (2024-03-10 02:00 EST → 03:00 EDT)
  HourlyPartitioner: {
    config: {
      'partitioner.class': 'io.confluent.connect.storage.partitioner.HourlyPartitioner',
      locale: 'en-US',
      timezone: 'America/New_York',
      'timestamp.extractor': 'Record',
    },
    ts: (o) => Date.UTC(2024, 2, 10, 6) + Math.floor(o / 5) * HOUR,
    files: fourFolders([
      'year=2024/month=03/day=10/hour=01',
      'year=2024/month=03/day=10/hour=03',
      'year=2024/month=03/day=10/hour=04',
      'year=2024/month=03/day=10/hour=05',
    ]),
  },
}

const FORMATS: Record<string, { config: Record<string, string>; extension: string }> = {
  Parquet: { config: { 'format.class': FormatClass.PARQUET }, extension: '.snappy.parquet' },
  JSON: { config: { 'format.class': FormatClass.JSON }, extension: '.json' },
  'JSON gzip': { config: { 'format.class': FormatClass.JSON, 's3.compression.type': 'gzip' }, extension: '.json.gz' },
  Avro: { config: { 'format.class': FormatClass.AVRO }, extension: '.avro' },
}

const SCHEMA = {
  type: 'struct',
  name: 'orders.Order',
  optional: false,
  fields: [
    { field: 'id', type: 'int64', optional: false },
    { field: 'customer', type: 'string', optional: false },
    { field: 'amount', type: 'double', optional: false },
    { field: 'country', type: 'string', optional: false },
    { field: 'ts', type: 'int64', optional: false },
  ],
}

function row(layout: Layout, partition: number, offset: number): Row {
  const id = partition * 1000 + offset
  return {
    id,
    customer: `customer ${id} ✓`,
    amount: id * 1.25,
    country: offset % 2 === 0 ? 'US' : 'DE',
    ts: layout.ts(offset),
  }
}

let table: string
beforeAll(async () => {
  table = await createOffsetsTable()
})

/** The rows of the files, as plain numbers and strings, with the file each came from. */
async function readRows(format: string, bucket: string, keys: string[]): Promise<Array<Row & { key: string }>> {
  if (format === 'Avro') {
    const out: Array<Row & { key: string }> = []
    for (const key of keys) {
      for (const r of (await readAvro(await getBytes(bucket, key))) as Array<Record<string, unknown>>) {
        out.push({
          key,
          id: Number(r['id']),
          customer: r['customer'] as string,
          amount: r['amount'] as number,
          country: r['country'] as string,
          ts: Number(r['ts']),
        })
      }
    }
    return out
  }
  const duck = await Duck.open()
  try {
    const paths = await duck.download(bucket, keys)
    const byPath = new Map(paths.map((p, i) => [p, keys[i] as string]))
    const source =
      format === 'Parquet'
        ? `read_parquet(${sqlList(paths)}, filename = true)`
        : `read_json(${sqlList(paths)}, format = 'newline_delimited', filename = true, columns = {id: 'BIGINT', customer: 'VARCHAR', amount: 'DOUBLE', country: 'VARCHAR', ts: 'BIGINT'})`
    const rows = await duck.rows(`select id, customer, amount, country, ts, filename from ${source}`)
    return rows.map((r) => ({
      key: byPath.get(r['filename'] as string) as string,
      id: Number(r['id']),
      customer: r['customer'] as string,
      amount: Number(r['amount']),
      country: r['country'] as string,
      ts: Number(r['ts']),
    }))
  } finally {
    duck.close()
  }
}

describe.concurrent('every format with every partitioner', () => {
  for (const [formatName, format] of Object.entries(FORMATS)) {
    for (const [partitionerName, layout] of Object.entries(LAYOUTS)) {
      it(`${formatName} with ${partitionerName}: Confluent's object keys, and exactly the records produced in each`, async () => {
        const topic = topicName(`s3-${formatName}-${partitionerName}`)
        await createTopics(kafka, [{ name: topic, partitions: PARTITIONS }])
        const producer = new KafkaProducer(kafka)
        const expected: Row[] = []
        for (let p = 0; p < PARTITIONS; p++) {
          const rows = range(0, PER_PARTITION).map((o) => row(layout, p, o))
          expected.push(...rows)
          await producer.send(
            rows.map((r) => ({
              topic,
              partition: p,
              key: Buffer.from(`k${r.id}`),
              value: Buffer.from(JSON.stringify({ schema: SCHEMA, payload: r })),
              headers: [],
              timestamp: r.ts,
            })),
          )
        }
        await producer.close()

        const bucket = await createBucket('s3-formats')
        await runConnector({
          name: `${topic}-sink`,
          topics: [topic],
          table,
          config: s3Config(bucket, {
            'flush.size': String(FLUSH_SIZE),
            'key.converter': 'org.apache.kafka.connect.storage.StringConverter',
            'value.converter': 'org.apache.kafka.connect.json.JsonConverter',
            'value.converter.schemas.enable': 'true',
            ...format.config,
            ...layout.config,
          }),
          until: range(0, PARTITIONS).map((partition) => ({ topic, partition, next: PER_PARTITION })),
        })

        const expectedFiles = range(0, PARTITIONS).flatMap((p) =>
          layout.files.map((f) => ({
            key: `topics/${topic}/${f.folder.replace('=P', `=${p}`)}/${topic}+${p}+${pad(f.start)}${format.extension}`,
            ids: f.offsets.map((o) => p * 1000 + o),
          })),
        )
        const keys = await dataKeys(bucket)
        expect(keys).toEqual(expectedFiles.map((f) => f.key).sort())

        const rows = await readRows(formatName, bucket, keys)
        expect(rows.map(({ key: _key, ...r }) => r).sort((a, b) => a.id - b.id)).toEqual(
          [...expected].sort((a, b) => a.id - b.id),
        )
        for (const f of expectedFiles) {
          expect(
            rows.filter((r) => r.key === f.key).map((r) => r.id),
            f.key,
          ).toEqual(f.ids)
        }
        if (formatName === 'JSON gzip') {
          // a real gzip stream
          expect(gunzipSync(await getBytes(bucket, keys[0] as string)).toString('utf8')).toMatch(/^\{"id":/)
        }
      })
    }
  }
})

describe("the seed's S3 sink config (TimeBasedPartitioner by day, Wallclock, no partition.duration.ms)", () => {
  it('runs as given and writes one Parquet file into today\u2019s folder', async () => {
    const topic = topicName('s3-seed-orders')
    await createTopics(kafka, [{ name: topic, partitions: 1 }])
    const producer = new KafkaProducer(kafka)
    const rows = range(0, 30).map((o) => row(LAYOUTS['DefaultPartitioner'] as Layout, 0, o))
    await producer.send(
      rows.map((r) => ({
        topic,
        partition: 0,
        key: null,
        value: Buffer.from(JSON.stringify({ schema: SCHEMA, payload: r })),
        headers: [],
      })),
    )
    await producer.close()
    const bucket = await createBucket('s3-seed')
    const day = (d: Date) =>
      `year=${d.getUTCFullYear()}/month=${pad(d.getUTCMonth() + 1, 2)}/day=${pad(d.getUTCDate(), 2)}`
    const before = day(new Date())
    await runConnector({
      name: `${topic}-sink`,
      topics: [topic],
      table,
      // the seed's keys, verbatim, with the bucket and endpoint of the local stack
      config: s3Config(bucket, {
        'tasks.max': '3',
        'format.class': 'io.confluent.connect.s3.format.parquet.ParquetFormat',
        'partitioner.class': 'io.confluent.connect.storage.partitioner.TimeBasedPartitioner',
        'path.format': "'year'=YYYY/'month'=MM/'day'=dd",
        locale: 'en-US',
        timezone: 'UTC',
        'flush.size': '1000',
        'rotate.interval.ms': '60000',
      }),
      until: [{ topic, partition: 0, next: 30 }],
    })
    const after = day(new Date())
    const keys = await dataKeys(bucket)
    expect(keys).toHaveLength(1)
    expect([before, after].map((d) => `topics/${topic}/${d}/${topic}+0+0000000000.snappy.parquet`)).toContain(keys[0])
    const duck = await Duck.open()
    try {
      const [path] = await duck.download(bucket, keys)
      expect(await duck.rows(`select count(*)::int as n, sum(id)::int as ids from read_parquet('${path}')`)).toEqual([
        { n: 30, ids: 435 },
      ])
    } finally {
      duck.close()
    }
  })
})
