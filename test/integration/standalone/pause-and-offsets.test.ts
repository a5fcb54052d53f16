/**
 * Operating a sink through the standalone runner's REST API, with the seed's s3-sink on moto:
 * pause stops delivery and resume continues with nothing lost or doubled, counted in S3; an offsets
 * reset (stop, DELETE offsets, resume) delivers the topic again from its start — the consumer group's
 * offsets and the sink offset store's are both reset — and a PATCH moves both to the offset given.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTopics, KafkaProducer } from '../../../layers/runtime/kafka/client.js'
import { topicName } from '../../support/names.js'
import { endpoints, requireServices } from '../../support/services.js'
import {
  createBucket,
  emptyBucket,
  http,
  metrics,
  names,
  Runner,
  RunnerDir,
  s3Rows,
  s3Sink,
  sleep,
  status,
  waitFor,
} from './fixture.js'

requireServices('kafka', 'moto')

const kafka = { bootstrapServers: [...endpoints.kafka.bootstrapServers] }
const SCHEMA = {
  type: 'struct',
  name: 'orders.Order',
  optional: false,
  fields: [
    { field: 'id', type: 'int64', optional: false },
    { field: 'amount', type: 'int32', optional: false },
  ],
}

const n = names('sink-ops')
const topic = topicName('sink-ops-orders')
const dir = new RunnerDir()
let runner: Runner
let api: string

/** Orders `from` … `to - 1`, in the JsonConverter's schema-and-payload form, over both partitions. */
async function produce(from: number, to: number): Promise<void> {
  const producer = new KafkaProducer(kafka)
  try {
    await producer.send(
      Array.from({ length: to - from }, (_, i) => ({
        topic,
        partition: (from + i) % 2,
        key: null,
        value: Buffer.from(JSON.stringify({ schema: SCHEMA, payload: { id: from + i, amount: (from + i) % 97 } })),
        headers: [],
      })),
    )
  } finally {
    await producer.close()
  }
}

/** Waits until S3 holds `count` rows; they must be every order below `count` exactly once. */
async function rowsExactlyOnce(count: number) {
  const rows = await waitFor(`${count} rows in S3`, async () => {
    const r = await s3Rows(n.bucket)
    return r.length >= count ? r : undefined
  })
  expect(rows).toHaveLength(count)
  expect(new Set(rows.map((r) => `${r.kafka_partition}:${r.kafka_offset}`)).size).toBe(count)
  expect(rows.map((r) => r.id).sort((a, b) => a - b)).toEqual(Array.from({ length: count }, (_, i) => i))
}

const sink = () => `${api}/connectors/${n.sink}`

beforeAll(async () => {
  await createTopics(kafka, [{ name: topic, partitions: 2 }])
  await createBucket(n.bucket)
  const worker = dir.writeWorker(['listeners=http://127.0.0.1:0'])
  const connector = dir.write('s3-sink', s3Sink({ name: n.sink, bucket: n.bucket, topic }))
  runner = await Runner.start([worker, connector])
  api = runner.url
}, 120_000)

afterAll(async () => {
  await runner?.kill()
  dir.remove()
}, 60_000)

describe('a sink operated through the standalone runner\u2019s REST API', () => {
  it('stops delivering while paused and delivers everything, once, after resume', async () => {
    await produce(0, 150)
    await rowsExactlyOnce(150)

    expect((await http(`${sink()}/pause`, 'PUT')).status).toBe(202)
    const paused = await status(api, n.sink)
    expect([paused.connector.state, ...paused.tasks.map((t) => t.state)]).toEqual(['PAUSED', 'PAUSED'])
    await produce(150, 300)
    // several batching windows: nothing may arrive while paused
    await sleep(5_000)
    expect(await s3Rows(n.bucket)).toHaveLength(150)
    expect((await metrics(api, n.sink)).connector.records_read).toBe(150)

    expect((await http(`${sink()}/resume`, 'PUT')).status).toBe(202)
    await rowsExactlyOnce(300)
    const m = await metrics(api, n.sink)
    expect(m.connector).toMatchObject({ state: 'RUNNING', records_read: 300, records_written: 300 })
  })

  it('delivers the topic again from its start after stop, DELETE offsets and resume', async () => {
    expect((await http(`${sink()}/offsets`, 'DELETE')).status).toBe(400)
    expect((await http(`${sink()}/stop`, 'PUT')).status).toBe(204)
    const stopped = await status(api, n.sink)
    expect(stopped.connector.state).toBe('STOPPED')
    expect(stopped.tasks).toEqual([])
    expect((await http(`${sink()}/offsets`)).body).toEqual({
      offsets: [0, 1].map((p) => ({
        partition: { kafka_topic: topic, kafka_partition: p },
        offset: { kafka_offset: 150 },
      })),
    })

    const reset = await http(`${sink()}/offsets`, 'DELETE')
    expect(reset.status).toBe(200)
    expect((reset.body as { message: string }).message).toMatch(/offsets for this connector have been reset/)
    expect((await http(`${sink()}/offsets`)).body).toEqual({ offsets: [] })
    // a user rebuilding the lake: the bucket emptied, the sink reset, and everything written again
    await emptyBucket(n.bucket)
    expect(await s3Rows(n.bucket)).toEqual([])
    expect((await http(`${sink()}/resume`, 'PUT')).status).toBe(202)
    await rowsExactlyOnce(300)
    await waitFor('the second delivery counted', async () =>
      (await metrics(api, n.sink)).connector.records_written === 600 ? true : undefined,
    )
  })

  it('moves the consumer group and the sink offsets with PATCH offsets', async () => {
    expect((await http(`${sink()}/stop`, 'PUT')).status).toBe(204)
    const patched = await http(`${sink()}/offsets`, 'PATCH', {
      offsets: [
        { partition: { kafka_topic: topic, kafka_partition: 0 }, offset: { kafka_offset: 100 } },
        { partition: { kafka_topic: topic, kafka_partition: 1 }, offset: null },
      ],
    })
    expect(patched.status).toBe(200)
    expect((patched.body as { message: string }).message).toMatch(/offsets for this connector have been altered/)
    expect((await http(`${sink()}/offsets`)).body).toEqual({
      offsets: [{ partition: { kafka_topic: topic, kafka_partition: 0 }, offset: { kafka_offset: 100 } }],
    })
    expect((await http(`${sink()}/resume`, 'PUT')).status).toBe(202)
    // partition 0 from offset 100 (50 records), partition 1 from its start (150 records)
    await waitFor('partition 0 from 100 and partition 1 from its start delivered again', async () =>
      (await metrics(api, n.sink)).connector.records_written === 800 ? true : undefined,
    )
    await waitFor('both partitions committed to their ends', async () => {
      const { offsets } = (await http(`${sink()}/offsets`)).body as {
        offsets: Array<{ offset: { kafka_offset: number } }>
      }
      return offsets.length === 2 && offsets.every((o) => o.offset.kafka_offset === 150) ? true : undefined
    })
    // records delivered again land in S3 again (as in Connect): every order is there
    const ids = new Set((await s3Rows(n.bucket)).map((r) => r.id))
    expect(ids.size).toBe(300)
  })
})
