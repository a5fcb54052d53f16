/**
 * OpenSearch sink throughput: documents/s for batches of 10,000 ~1 KB `orders` records (the size of a
 * full Lambda batch), written three ways against the local OpenSearch in the same run, with one client
 * and the same bulk size and concurrency:
 *
 * - `task`: OpenSearchSinkTask.put (conversion of Connect values to documents, external versions,
 *   bulk requests of batch.size actions, max.in.flight.requests at once, every item checked);
 * - `raw bulk`: the same documents as plain objects through the client's own `bulk` API
 *   (JSON.stringify per document, no versions), the hand-written baseline;
 * - `convert only`: the task's DataConverter alone, no I/O (how much of `task` is conversion).
 *
 *   npm run bench:opensearch                       # 5 batches each
 *   npm run bench:opensearch -- --batches 10 --batch-size 2000 --in-flight 5
 *
 * Needs the local OpenSearch (`npm run services:up`, http://127.0.0.1:9201 or $CONNECTLESS_OPENSEARCH_PORT).
 */
import { performance } from 'node:perf_hooks'
import { OpenSearchClient } from '../functions/opensearch-sink/client.js'
import { parseOpenSearchSinkConfig } from '../functions/opensearch-sink/config.js'
import { DataConverter } from '../functions/opensearch-sink/data-converter.js'
import { OpenSearchSinkTask } from '../functions/opensearch-sink/sink-task.js'
import { ConnectTimestamp, Decimal } from '../layers/runtime/data/logical.js'
import { type Schema, SchemaBuilder, Schemas } from '../layers/runtime/data/schema.js'
import { Struct } from '../layers/runtime/data/struct.js'
import { BigDecimal } from '../layers/runtime/data/values.js'
import { SinkRecord } from '../layers/runtime/record/record.js'

const BATCH = 10_000

function option(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`)
  return i === -1 ? fallback : Number(process.argv[i + 1])
}

const batches = option('batches', 5)
const batchSize = option('batch-size', 2000)
const inFlight = option('in-flight', 5)
const url = `http://127.0.0.1:${process.env['CONNECTLESS_OPENSEARCH_PORT'] ?? '9201'}`

const ADDRESS = SchemaBuilder.struct()
  .name('orders.Address')
  .field('street', Schemas.STRING)
  .field('city', Schemas.STRING)
  .field('zip', Schemas.INT32)
  .build()
const ORDER: Schema = SchemaBuilder.struct()
  .name('orders.Value')
  .field('id', Schemas.INT64)
  .field('customer', Schemas.STRING)
  .field('amount', Decimal.schema(2))
  .field('status', Schemas.OPTIONAL_STRING)
  .field('updated_at', ConnectTimestamp.schema())
  .field('email', Schemas.STRING)
  .field('address', ADDRESS)
  .field('tags', SchemaBuilder.array(Schemas.STRING).build())
  .field('payload', Schemas.STRING)
  .build()

const CITIES = ['Lisbon', 'Oslo', 'Kraków', 'Montréal', 'Osaka', 'Austin']
const PAYLOAD = 'lorem ipsum dolor sit amet consectetur adipiscing elit '.repeat(13)

interface Order {
  readonly record: SinkRecord
  /** The same order as the plain object a hand-written function would index. */
  readonly plain: Record<string, unknown>
}

function orders(topic: string, batch: number): Order[] {
  return Array.from({ length: BATCH }, (_, i) => {
    const id = batch * BATCH + i
    const city = CITIES[id % CITIES.length]!
    const placed = new Date(1_700_000_000_000 + id * 1000)
    const value = new Struct(ORDER)
      .put('id', BigInt(id))
      .put('customer', `customer-${id % 997}`)
      .put('amount', new BigDecimal(BigInt(1000 + (id % 99_000)), 2))
      .put('status', id % 3 === 0 ? null : 'paid')
      .put('updated_at', placed)
      .put('email', `c${id}@example.com`)
      .put(
        'address',
        new Struct(ADDRESS)
          .put('street', `${id} Main St`)
          .put('city', city)
          .put('zip', 10000 + (id % 9000)),
      )
      .put('tags', ['a', 'b', `t${id % 7}`])
      .put('payload', PAYLOAD)
    const plain = {
      id,
      customer: `customer-${id % 997}`,
      amount: (1000 + (id % 99_000)) / 100,
      status: id % 3 === 0 ? null : 'paid',
      updated_at: placed.getTime(),
      email: `c${id}@example.com`,
      address: { street: `${id} Main St`, city, zip: 10000 + (id % 9000) },
      tags: ['a', 'b', `t${id % 7}`],
      payload: PAYLOAD,
    }
    const record = new SinkRecord({
      topic,
      kafkaPartition: 0,
      keySchema: Schemas.STRING,
      key: `order-${id}`,
      valueSchema: ORDER,
      value,
      timestamp: placed.getTime(),
      kafkaOffset: id,
    })
    return { record, plain }
  })
}

async function rawBulk(client: OpenSearchClient, index: string, batch: readonly Order[]): Promise<void> {
  const chunks: Order[][] = []
  for (let i = 0; i < batch.length; i += batchSize) chunks.push(batch.slice(i, i + batchSize))
  let next = 0
  const worker = async () => {
    while (next < chunks.length) {
      const chunk = chunks[next++]!
      const body: unknown[] = []
      for (const o of chunk) body.push({ index: { _index: index, _id: o.record.key } }, o.plain)
      const response = await client.client.bulk({ body: body as Record<string, unknown>[] })
      if ((response.body as { errors: boolean }).errors) throw new Error('raw bulk request had item errors')
    }
  }
  await Promise.all(Array.from({ length: inFlight }, worker))
}

async function time(run: () => Promise<void> | void): Promise<number> {
  const start = performance.now()
  await run()
  return performance.now() - start
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b)
  const mid = Math.floor(sorted.length / 2)
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2
}

async function main(): Promise<void> {
  const suffix = Date.now().toString(36)
  const taskIndex = `bench-task-${suffix}`
  const rawIndex = `bench-raw-${suffix}`
  const props = {
    'connection.url': url,
    'batch.size': String(batchSize),
    'max.in.flight.requests': String(inFlight),
    'max.buffered.records': String(Math.max(20_000, batchSize * inFlight)),
    'read.timeout.ms': '60000',
  }
  const config = parseOpenSearchSinkConfig(props)
  const client = OpenSearchClient.fromConfig(config)
  const task = new OpenSearchSinkTask({ client: () => client })
  await task.start({
    connector: 'bench',
    taskId: 0,
    config: props,
    errantRecordReporter: null,
    remainingTimeMs: () => 600_000,
  })
  const converter = new DataConverter(config)

  const rows: Array<{ name: string; ms: number[] }> = [
    { name: 'task (OpenSearchSinkTask.put)', ms: [] },
    { name: 'raw bulk (client.bulk, JSON.stringify)', ms: [] },
    { name: 'convert only (DataConverter, no I/O)', ms: [] },
  ]
  try {
    // warm-up: index creation, mapping, JIT; not counted
    const warm = orders(taskIndex, batches)
    await task.put(warm.map((o) => o.record))
    await client.client.indices.create({ index: rawIndex })
    await rawBulk(client, rawIndex, orders(rawIndex, batches))
    for (let b = 0; b < batches; b++) {
      const taskBatch = orders(taskIndex, b)
      const rawBatch = orders(rawIndex, b)
      rows[0]!.ms.push(await time(() => task.put(taskBatch.map((o) => o.record))))
      rows[1]!.ms.push(await time(() => rawBulk(client, rawIndex, rawBatch)))
      rows[2]!.ms.push(
        await time(() => {
          for (const o of taskBatch) converter.convertRecord(o.record, taskIndex)
        }),
      )
    }
    const count = async (index: string) => {
      await client.client.indices.refresh({ index })
      return (await client.client.count({ index })).body.count as number
    }
    const [taskCount, rawCount] = [await count(taskIndex), await count(rawIndex)]
    if (taskCount !== rawCount) throw new Error(`document counts differ: task ${taskCount}, raw ${rawCount}`)

    console.log(
      `OpenSearch sink, batches of ${BATCH} ~1 KB orders records, bulk requests of ${batchSize}, ${inFlight} in flight, ${batches} batches each (${url})`,
    )
    console.log('')
    console.log('| path | docs/s (median batch) | ms per batch (median) | ms per batch (min–max) |')
    console.log('| --- | --- | --- | --- |')
    for (const row of rows) {
      const m = median(row.ms)
      const range = `${Math.min(...row.ms).toFixed(0)}–${Math.max(...row.ms).toFixed(0)}`
      console.log(
        `| ${row.name} | ${Math.round((BATCH / m) * 1000).toLocaleString('en-US')} | ${m.toFixed(0)} | ${range} |`,
      )
    }
    console.log('')
    console.log(`documents indexed: ${taskCount} per path`)
  } finally {
    await client.client.indices.delete({ index: [taskIndex, rawIndex] }).catch(() => undefined)
    await task.stop()
  }
}

await main()
