/**
 * Bad input to the S3 sink follows errors.tolerance: with `all` and a DLQ, every record the sink
 * cannot write (a null value under behavior.on.null.values=fail, a value Parquet cannot hold, a
 * record without its timestamp field) and every record a converter cannot read goes to the DLQ with
 * Connect's error headers, the good records go to S3, and nothing is lost; with `none` the partition
 * stops at the bad record and nothing after the last commit is written.
 */
import { beforeAll, describe, expect, it } from 'vitest'
import { FormatClass } from '../../../functions/s3-sink/config.js'
import { s3SinkPlugin } from '../../../functions/s3-sink/index.js'
import { createTopics, KafkaProducer, readRecords } from '../../../layers/runtime/kafka/client.js'
import { SinkOffsetStore } from '../../../layers/runtime/offsets/offset-store.js'
import { EventSourceEmulator } from '../../../layers/runtime/sink/event-source-emulator.js'
import { sinkHandler } from '../../../layers/runtime/sink/handler.js'
import { DLQ_HEADER } from '../../../layers/runtime/tolerance/reporters.js'
import { topicName } from '../../support/names.js'
import { requireServices } from '../../support/services.js'
import {
  createBucket,
  createOffsetsTable,
  Duck,
  dataKeys,
  dynamo,
  kafka,
  listKeys,
  runConnector,
  s3Config,
  sqlList,
} from './fixture.js'

requireServices('kafka', 'moto')

const DAY = 86_400_000
const T0 = Date.UTC(2025, 0, 1, 12)

const WITH_TS = {
  type: 'struct',
  name: 'Event',
  optional: false,
  fields: [
    { field: 'id', type: 'int64', optional: false },
    { field: 'ts', type: 'int64', optional: false },
  ],
}
const WITHOUT_TS = {
  type: 'struct',
  name: 'Event',
  optional: false,
  fields: [{ field: 'id', type: 'int64', optional: false }],
}

const good = (id: number) => ({
  key: Buffer.from(`good-${id}`),
  value: Buffer.from(JSON.stringify({ schema: WITH_TS, payload: { id, ts: T0 + (id % 2) * DAY } })),
})

/** The bad records: why, the record, and the stage and exception Connect reports. */
const BAD = [
  { key: 'null-value', value: null, stage: 'TASK_PUT', exception: 'org.apache.kafka.connect.errors.ConnectException' },
  {
    key: 'schemaless',
    value: Buffer.from(JSON.stringify({ schema: null, payload: { id: 100, ts: T0 } })),
    stage: 'TASK_PUT',
    exception: 'org.apache.kafka.connect.errors.DataException',
  },
  {
    key: 'missing-ts',
    value: Buffer.from(JSON.stringify({ schema: WITHOUT_TS, payload: { id: 101 } })),
    stage: 'TASK_PUT',
    exception: 'org.apache.kafka.connect.errors.DataException',
  },
  {
    key: 'malformed',
    value: Buffer.from('{"schema": '),
    stage: 'VALUE_CONVERTER',
    exception: 'org.apache.kafka.connect.errors.DataException',
  },
]

function config(bucket: string, extra: Record<string, string>): Record<string, string> {
  return s3Config(bucket, {
    'format.class': FormatClass.PARQUET,
    'flush.size': '100',
    'partitioner.class': 'io.confluent.connect.storage.partitioner.DailyPartitioner',
    locale: 'en-US',
    timezone: 'UTC',
    'timestamp.extractor': 'RecordField',
    'timestamp.field': 'ts',
    'key.converter': 'org.apache.kafka.connect.storage.StringConverter',
    'value.converter': 'org.apache.kafka.connect.json.JsonConverter',
    ...extra,
  })
}

async function produce(topic: string, bad: ReadonlyArray<{ key: string; value: Buffer | null }>): Promise<void> {
  const producer = new KafkaProducer(kafka)
  await producer.send([
    ...Array.from({ length: 10 }, (_, i) => ({ topic, partition: 0, ...good(i), headers: [] })),
    ...bad.map((b) => ({ topic, partition: 0, key: Buffer.from(b.key), value: b.value, headers: [] })),
    ...Array.from({ length: 10 }, (_, i) => ({ topic, partition: 0, ...good(10 + i), headers: [] })),
  ])
  await producer.close()
}

let table: string
beforeAll(async () => {
  table = await createOffsetsTable()
})

describe('bad input with errors.tolerance=all and a DLQ', () => {
  it('sends each record the sink cannot write to the DLQ with Connect\u2019s headers, writes the rest, and loses nothing', async () => {
    const topic = topicName('s3-bad')
    const dlq = topicName('s3-bad-dlq')
    await createTopics(kafka, [{ name: topic, partitions: 1 }])
    await produce(topic, BAD)
    const bucket = await createBucket('s3-bad')
    await runConnector({
      name: `${topic}-sink`,
      topics: [topic],
      table,
      config: config(bucket, {
        'errors.tolerance': 'all',
        'errors.deadletterqueue.topic.name': dlq,
        'errors.deadletterqueue.topic.replication.factor': '1',
        'errors.deadletterqueue.context.headers.enable': 'true',
      }),
      until: [{ topic, partition: 0, next: 20 + BAD.length }],
    })

    const dlqRecords = await readRecords(kafka, dlq, { count: BAD.length, timeoutMs: 20_000 })
    expect(dlqRecords.map((r) => r.key?.toString()).sort()).toEqual(BAD.map((b) => b.key).sort())
    for (const b of BAD) {
      const r = dlqRecords.find((d) => d.key?.toString() === b.key)
      const header = (name: string) => r?.headers.find((h) => h.key === name)?.value?.toString('utf8')
      expect(r?.value === null ? null : r?.value?.toString(), b.key).toBe(b.value === null ? null : b.value.toString())
      expect(header(DLQ_HEADER.STAGE), b.key).toBe(b.stage)
      expect(header(DLQ_HEADER.EXCEPTION), b.key).toBe(b.exception)
      expect(header(DLQ_HEADER.TOPIC)).toBe(topic)
    }
    const missing = dlqRecords.find((d) => d.key?.toString() === 'missing-ts')
    expect(missing?.headers.find((h) => h.key === DLQ_HEADER.EXCEPTION_MESSAGE)?.value?.toString()).toBe(
      "The field 'ts' does not exist.",
    )

    const keys = await dataKeys(bucket)
    expect(keys.every((k) => /\/year=2025\/month=01\/day=0[12]\//.test(k))).toBe(true)
    const duck = await Duck.open()
    try {
      const paths = await duck.download(bucket, keys)
      const rows = await duck.rows(`select id from read_parquet(${sqlList(paths)}) order by id`)
      expect(rows.map((r) => Number(r['id']))).toEqual(Array.from({ length: 20 }, (_, i) => i))
    } finally {
      duck.close()
    }
  })
})

describe('bad input with errors.tolerance=none', () => {
  it('stops the partition at a null value with Confluent\u2019s message: nothing of the batch is written or committed', async () => {
    const topic = topicName('s3-strict')
    await createTopics(kafka, [{ name: topic, partitions: 1 }])
    await produce(topic, [{ key: 'null-value', value: null }])
    const bucket = await createBucket('s3-strict')
    const name = `${topic}-sink`
    const store = new SinkOffsetStore(name, table, dynamo)
    const handler = sinkHandler(s3SinkPlugin, {
      deployment: async () => ({
        name,
        baseDir: process.cwd(),
        worker: { 'bootstrap.servers': kafka.bootstrapServers.join(',') },
        config: { name, topics: topic, ...config(bucket, {}) },
      }),
      offsets: () => store,
    })
    const errors: unknown[] = []
    const emulator = new EventSourceEmulator({
      kafka,
      groupId: `connect-${name}`,
      topics: [topic],
      batchSize: 1000,
      batchingWindowMs: 1000,
      retryDelayMs: 50,
      handler,
      onInvocation: (i) => {
        if (i.error !== null) errors.push(i.error)
      },
    })
    emulator.start()
    try {
      const deadline = Date.now() + 30_000
      while (errors.length < 3 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100))
    } finally {
      await emulator.stop()
      await handler.close()
    }
    expect(errors.length).toBeGreaterThanOrEqual(3)
    expect(String((errors[0] as Error).message)).toBe(
      "Null valued records are not writeable with current behavior.on.null.values 'settings.",
    )
    expect(await store.committed([{ topic, partition: 0 }])).toEqual(new Map())
    expect(await listKeys(bucket)).toEqual([])
  })
})
