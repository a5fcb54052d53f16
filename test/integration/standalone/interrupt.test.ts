/**
 * Ctrl-C in the middle of a run, then a restart, with the real CLI and the seed's pipeline: the
 * postgres-source copies orders (inserted while it runs) to Kafka and the s3-sink writes them to S3,
 * offsets in the seed's offsets file. Counted afterwards: every record of the topic is in S3 exactly
 * once (each partition's offsets 0 … end − 1, each once), and every order reached the topic at least
 * once, with at most one batch (`batch.max.rows`) of them twice.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTopics, topicOffsets } from '../../../layers/runtime/kafka/client.js'
import { endpoints, requireServices } from '../../support/services.js'
import {
  adminClient,
  createBucket,
  createTables,
  http,
  insertOrders,
  metrics,
  names,
  postgresSource,
  Runner,
  RunnerDir,
  s3Rows,
  s3Sink,
  sleep,
  waitFor,
} from './fixture.js'

requireServices('kafka', 'postgres', 'moto')

const kafka = { bootstrapServers: [...endpoints.kafka.bootstrapServers] }
const n = names('interrupt')
const orders = `${n.topicPrefix}orders`
const BATCH_MAX_ROWS = 100
const dir = new RunnerDir()
const admin = adminClient()
let args: string[]
const runners: Runner[] = []

beforeAll(async () => {
  await admin.connect()
  await createTables(admin, n.schema)
  await createTopics(kafka, [{ name: orders, partitions: 3 }])
  await createBucket(n.bucket)
  const worker = dir.writeWorker(['listeners=http://127.0.0.1:0'])
  const source = dir.write(
    'postgres-source',
    postgresSource(dir, {
      schema: n.schema,
      topicPrefix: n.topicPrefix,
      config: { 'batch.max.rows': String(BATCH_MAX_ROWS), 'poll.interval.ms': '200' },
    }),
  )
  const sink = dir.write('s3-sink', s3Sink({ name: n.sink, bucket: n.bucket, topic: orders }))
  args = [worker, source, sink]
}, 120_000)

afterAll(async () => {
  for (const r of runners) await r.kill()
  await admin.query(`DROP SCHEMA IF EXISTS ${n.schema} CASCADE`).catch(() => {})
  await admin.end().catch(() => {})
  dir.remove()
}, 60_000)

/** The records a run wrote, from the progress line it printed when it stopped. */
function written(runner: Runner, connector: string): number {
  const lines = [...runner.stderr.matchAll(new RegExp(`^${connector} \\S+.*: in \\d+, out (\\d+)`, 'gm'))]
  const last = lines.at(-1)
  if (!last) throw new Error(`no progress line of ${connector} in:\n${runner.stderr}`)
  return Number(last[1])
}

describe('Ctrl-C in the middle of a run, then a restart', () => {
  it('writes every record to S3 exactly once and every order to Kafka at least once', {
    timeout: 300_000,
  }, async () => {
    await insertOrders(admin, n.schema, 1_000)
    const first = await Runner.start(args)
    runners.push(first)
    // orders keep coming while the runner works
    const inserting = (async () => {
      for (let i = 0; i < 10; i++) {
        await insertOrders(admin, n.schema, 200)
        await sleep(150)
      }
    })()
    await waitFor('the sink to be under way', async () =>
      (await metrics(first.url, n.sink)).connector.records_written >= 300 ? true : undefined,
    )
    const stopped = await first.interrupt()
    expect(stopped).toEqual({ code: 0, signal: null })
    expect(first.stderr).toContain('Received SIGINT: stopping after the batches in hand')
    expect(first.stderr).toContain('stopped cleanly; offsets committed')
    await inserting
    await insertOrders(admin, n.schema, 500)
    const total = 1_000 + 2_000 + 500

    const second = await Runner.start(args)
    runners.push(second)
    // done: the source has every order, and the sink has committed the topic to its end
    await waitFor(
      'the source and the sink to catch up',
      async () => {
        const source = (await http(`${second.url}/connectors/postgres-source/offsets`)).body as {
          offsets: Array<{ partition: { table: string }; offset: { incrementing: number } }>
        }
        const done = source.offsets.find((o) => o.partition.table === `${n.schema}.orders`)
        if (done?.offset.incrementing !== total) return undefined
        const ends = await topicOffsets(kafka, orders)
        const sink = (await http(`${second.url}/connectors/${n.sink}/offsets`)).body as {
          offsets: Array<{ partition: { kafka_partition: number }; offset: { kafka_offset: number } }>
        }
        const caughtUp = ends.every(
          (e) =>
            e.end === 0n ||
            sink.offsets.some(
              (o) => o.partition.kafka_partition === e.partition && BigInt(o.offset.kafka_offset) === e.end,
            ),
        )
        return caughtUp ? ends : undefined
      },
      240_000,
    )
    expect((await second.interrupt()).code).toBe(0)

    const ends = await topicOffsets(kafka, orders)
    const rows = await s3Rows(n.bucket)
    // S3: each record of the topic once, none missing
    for (const { partition, end } of ends) {
      const offsets = rows.filter((r) => r.kafka_partition === partition).map((r) => r.kafka_offset)
      expect(offsets).toEqual(Array.from({ length: Number(end) }, (_, i) => i))
    }
    expect(rows).toHaveLength(ends.reduce((sum, e) => sum + Number(e.end), 0))
    // what each run says it wrote (its last progress line): the two runs add up, nothing twice
    const [sink1, sink2] = [written(first, n.sink), written(second, n.sink)]
    const [source1, source2] = [written(first, 'postgres-source'), written(second, 'postgres-source')]
    expect(sink1).toBeGreaterThan(0)
    expect(sink2).toBeGreaterThan(0)
    expect(sink1 + sink2).toBe(rows.length)
    expect(source1 + source2).toBe(rows.length)
    // the source: every order at least once, duplicates bounded by one batch
    const times = new Map<number, number>()
    for (const r of rows) times.set(r.id, (times.get(r.id) ?? 0) + 1)
    expect([...times.keys()].sort((a, b) => a - b)).toEqual(Array.from({ length: total }, (_, i) => i + 1))
    const duplicates = rows.length - times.size
    expect(duplicates).toBeLessThanOrEqual(BATCH_MAX_ROWS)
  })
})
