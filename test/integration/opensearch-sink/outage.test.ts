/**
 * OpenSearch going away in the middle of a run and coming back, end to end: records produced to real
 * Kafka, read by the event source emulator, written by the OpenSearch sink's Lambda handler to the
 * local OpenSearch through a TCP proxy. The proxy stands for the OpenSearch process: stopping it closes
 * its listener and destroys every live connection, so requests in flight are reset and new ones are
 * refused, as when the server process stops. (The shared OpenSearch itself is never stopped.)
 */
import { once } from 'node:events'
import { type AddressInfo, connect, createServer, type Server, type Socket } from 'node:net'
import { afterAll, describe, expect, it } from 'vitest'
import { opensearchSinkPlugin } from '../../../functions/opensearch-sink/index.js'
import { RetriableException } from '../../../layers/runtime/errors.js'
import { createTopics, KafkaProducer } from '../../../layers/runtime/kafka/client.js'
import { EventSourceEmulator, type InvocationInfo } from '../../../layers/runtime/sink/event-source-emulator.js'
import { sinkHandler } from '../../../layers/runtime/sink/handler.js'
import { indexName } from '../../support/names.js'
import { endpoints, requireServices } from '../../support/services.js'
import { call, count, OPENSEARCH, versions } from './support.js'

requireServices('kafka', 'opensearch')

const kafka = { bootstrapServers: [...endpoints.kafka.bootstrapServers] }
const created: string[] = []

afterAll(async () => {
  for (const index of created) await call('DELETE', `/${index}`)
})

/**
 * A TCP proxy in front of the local OpenSearch that can be stopped and started again on the same port.
 * It reads just enough of the bytes going through to tell bulk requests apart, so that it can stop at
 * a chosen moment: when OpenSearch has executed the n-th bulk request and its answer is on the way.
 */
class OpenSearchProxy {
  port = 0
  /** Bulk requests whose answer came back from OpenSearch. */
  bulkAnswers = 0
  /** Stops the proxy instead of relaying the answer to this bulk request (1-based). */
  stopAtBulkAnswer = Number.POSITIVE_INFINITY
  stops = 0
  private server: Server | null = null
  private readonly sockets = new Set<Socket>()
  private readonly target = new URL(OPENSEARCH)

  get url(): string {
    return `http://127.0.0.1:${this.port}`
  }

  async start(): Promise<void> {
    const server = createServer((client) => this.relay(client))
    server.listen(this.port, '127.0.0.1')
    await once(server, 'listening')
    this.port = (server.address() as AddressInfo).port
    this.server = server
  }

  /** As the server process stopping: no more connections, and the open ones reset. */
  async stop(): Promise<void> {
    const server = this.server
    if (server === null) return
    this.server = null
    this.stops++
    const closed = once(server, 'close')
    server.close()
    for (const socket of this.sockets) socket.destroy()
    this.sockets.clear()
    await closed
  }

  private relay(client: Socket): void {
    const upstream = connect(Number(this.target.port), this.target.hostname)
    this.sockets.add(client)
    this.sockets.add(upstream)
    let awaitingBulkAnswer = false
    client.on('data', (chunk: Buffer) => {
      // a request starts with its request line; the chunks of a body never do
      const head = chunk.subarray(0, 12).toString('latin1')
      if (/^(GET|HEAD|POST|PUT|DELETE) \//.test(head)) awaitingBulkAnswer = head.startsWith('POST /_bulk')
      upstream.write(chunk)
    })
    upstream.on('data', (chunk: Buffer) => {
      if (awaitingBulkAnswer) {
        awaitingBulkAnswer = false
        if (++this.bulkAnswers === this.stopAtBulkAnswer) {
          // OpenSearch has written this request's documents, but the sink never hears of it
          void this.stop()
          return
        }
      }
      client.write(chunk)
    })
    const end = () => {
      client.destroy()
      upstream.destroy()
      this.sockets.delete(client)
      this.sockets.delete(upstream)
    }
    for (const socket of [client, upstream]) {
      socket.on('error', end)
      socket.on('close', end)
    }
  }
}

async function until(check: () => boolean | Promise<boolean>, what: string, timeoutMs = 45_000): Promise<void> {
  const end = Date.now() + timeoutMs
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`)
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
}

const PARTITIONS = 3

/** Record `seq` of a run: key `k<seq>`, on partition seq % 3, at offset ⌊seq / 3⌋ of a fresh topic. */
function produced(topic: string, from: number, to: number) {
  return Array.from({ length: to - from }, (_, i) => {
    const seq = from + i
    return {
      topic,
      partition: seq % PARTITIONS,
      key: Buffer.from(`k${seq}`),
      value: Buffer.from(JSON.stringify({ seq, product: `p${seq}` })),
      headers: [],
    }
  })
}

describe('the OpenSearch sink when OpenSearch stops mid-run', () => {
  it('retries, fails the batch for the event source to deliver again, and once OpenSearch is back has written every record exactly once', async () => {
    const topic = indexName('outage')
    created.push(topic)
    await createTopics(kafka, [{ name: topic, partitions: PARTITIONS }])
    const proxy = new OpenSearchProxy()
    await proxy.start()
    // the 6th bulk request of the run is executed by OpenSearch but never answered: the stop comes
    // between the write and the answer, the worst moment for duplicates
    proxy.stopAtBulkAnswer = 6

    const maxRetries = 2
    const handler = sinkHandler(opensearchSinkPlugin, {
      deployment: async () => ({
        name: `${topic}-sink`,
        baseDir: process.cwd(),
        worker: { 'bootstrap.servers': kafka.bootstrapServers.join(',') },
        config: {
          name: `${topic}-sink`,
          'connector.class': 'io.confluent.connect.elasticsearch.ElasticsearchSinkConnector',
          topics: topic,
          'connection.url': proxy.url,
          'key.converter': 'org.apache.kafka.connect.storage.StringConverter',
          'value.converter': 'org.apache.kafka.connect.json.JsonConverter',
          'value.converter.schemas.enable': 'false',
          'schema.ignore': 'true',
          'batch.size': '25',
          'max.in.flight.requests': '2',
          'max.retries': String(maxRetries),
          'retry.backoff.ms': '20',
          'connection.timeout.ms': '500',
          'read.timeout.ms': '3000',
        },
      }),
      // no sink offset store: every record of a batch delivered again is written again, so only
      // OpenSearch's external versioning by offset keeps them from counting twice
      offsets: () => null,
      reportStatus: false,
    })
    const invocations: InvocationInfo[] = []
    const emulator = new EventSourceEmulator({
      kafka,
      groupId: `connect-${topic}-sink`,
      topics: [topic],
      batchSize: 100,
      batchingWindowMs: 200,
      retryDelayMs: 100,
      handler,
      onInvocation: (info) => invocations.push(info),
    })
    const failures = () => invocations.filter((i) => i.error !== null)

    let inOpenSearchAtStop = 0
    let acknowledgedAtStop = 0
    const producer = new KafkaProducer(kafka)
    try {
      await producer.send(produced(topic, 0, 300))
      emulator.start()
      await until(() => proxy.stops === 1, 'OpenSearch to stop')
      // what OpenSearch holds of the records, against what the event source saw acknowledged
      inOpenSearchAtStop = await count(topic)
      acknowledgedAtStop = invocations.filter((i) => i.error === null).reduce((n, i) => n + i.records, 0)
      // records keep arriving while OpenSearch is down
      await producer.send(produced(topic, 300, 600))
      await until(() => failures().length >= 2, 'two failed deliveries of the batch')
      await proxy.start()
      await until(async () => (await count(topic)) === 600, 'all 600 documents')
      await until(() => invocations.at(-1)?.error === null, 'a successful invocation')
    } finally {
      await producer.close()
      await emulator.stop()
      await handler.close()
      await proxy.stop()
    }

    // the handler retried max.retries times, then failed the batch with a RetriableException
    const failed = failures()
    expect(failed.length).toBeGreaterThanOrEqual(2)
    for (const f of failed) {
      expect(f.error).toBeInstanceOf(RetriableException)
      expect((f.error as Error).message).toMatch(
        new RegExp(`^Failed to execute bulk request due to '.+' after ${maxRetries + 1} attempt\\(s\\)$`),
      )
    }
    // the failed batch was delivered again and went through
    const afterOutage = invocations.slice(invocations.indexOf(failed.at(-1)!) + 1)
    expect(afterOutage[0]).toMatchObject({ attempt: failed.at(-1)!.attempt + 1, error: null })
    expect(afterOutage.every((i) => i.error === null)).toBe(true)
    expect(proxy.bulkAnswers).toBeGreaterThan(6)
    // part of the failed batch was already written when OpenSearch stopped: its delivery again wrote
    // those records a second time
    expect(inOpenSearchAtStop).toBeGreaterThan(acknowledgedAtStop)

    // nothing lost, nothing twice: one document per record, each at the version its offset gives
    expect(await count(topic)).toBe(600)
    const expected = Array.from({ length: 600 }, (_, seq): [string, number] => [
      `k${seq}`,
      Math.floor(seq / PARTITIONS),
    ]).sort((a, b) => (a[0] < b[0] ? -1 : 1))
    expect(await versions(topic)).toEqual(expected)
    const { json } = await call('POST', `/${topic}/_search`, { size: 1000, query: { match_all: {} } })
    const hits = (json['hits'] as { hits: Array<{ _id: string; _source: { seq: number; product: string } }> }).hits
    for (const hit of hits)
      expect(hit._source).toEqual({ seq: Number(hit._id.slice(1)), product: `p${hit._id.slice(1)}` })
  })
})
