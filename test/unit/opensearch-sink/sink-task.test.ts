import { once } from 'node:events'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, afterEach, describe, expect, it } from 'vitest'
import { OpenSearchSinkTask } from '../../../functions/opensearch-sink/sink-task.js'
import { SchemaBuilder, Schemas } from '../../../layers/runtime/data/schema.js'
import { Struct } from '../../../layers/runtime/data/struct.js'
import { ConnectException } from '../../../layers/runtime/errors.js'
import { SinkRecord } from '../../../layers/runtime/record/record.js'

/**
 * A stand-in for OpenSearch that knows which indexes exist and which have a mapping, answers every
 * bulk item with 201, and records the requests it gets.
 */
async function fakeOpenSearch(state: { indexes: Set<string>; mapped: Set<string>; createdElsewhere?: boolean }) {
  const requests: Array<{ method: string; path: string; body: string }> = []
  const server = createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (c: Buffer) => chunks.push(c))
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString()
      const path = (req.url ?? '').split('?')[0]!
      requests.push({ method: req.method ?? '', path, body })
      const json = (status: number, value: unknown) => {
        res.writeHead(status, { 'content-type': 'application/json' })
        res.end(JSON.stringify(value))
      }
      const index = decodeURIComponent(path.split('/')[1] ?? '')
      if (req.method === 'GET' && path === '/') json(200, { version: { number: '3.8.0' } })
      else if (req.method === 'HEAD') {
        res.writeHead(state.indexes.has(index) ? 200 : 404)
        res.end()
      } else if (req.method === 'PUT' && path.endsWith('/_mapping')) {
        state.mapped.add(index)
        json(200, { acknowledged: true })
      } else if (req.method === 'PUT' && state.createdElsewhere === true) {
        // another task created the index between our existence check and our create
        json(400, { error: { type: 'resource_already_exists_exception', reason: `index [${index}] already exists` } })
      } else if (req.method === 'PUT') {
        state.indexes.add(index)
        json(200, { acknowledged: true })
      } else if (req.method === 'GET' && path.endsWith('/_mapping')) {
        json(200, { [index]: { mappings: state.mapped.has(index) ? { properties: { n: { type: 'long' } } } : {} } })
      } else if (path === '/_bulk') {
        const actions = body.split('\n').filter((l) => /^\{"(index|create|update|delete)":/.test(l))
        json(200, { errors: false, items: actions.map(() => ({ index: { status: 201 } })) })
      } else json(404, { error: { type: 'not_found', reason: path } })
    })
  })
  server.listen(0, '127.0.0.1')
  await once(server, 'listening')
  servers.push(server)
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, requests }
}

const servers: Server[] = []
const tasks: OpenSearchSinkTask[] = []

afterEach(async () => {
  for (const t of tasks.splice(0)) await t.stop()
})
afterAll(() => {
  for (const s of servers) {
    s.closeAllConnections()
    s.close()
  }
})

async function start(url: string, props: Record<string, string> = {}, reports: unknown[] | null = null) {
  const task = new OpenSearchSinkTask()
  tasks.push(task)
  await task.start({
    connector: 'c',
    taskId: 0,
    config: { 'connection.url': url, ...props },
    errantRecordReporter: reports === null ? null : { report: async (_r, e) => void reports.push(e) },
    remainingTimeMs: () => 60_000,
  })
  return task
}

const schema = SchemaBuilder.struct().field('n', Schemas.INT64).build()
const record = (topic: string, offset: number, key: string | null, value: Struct | null) =>
  new SinkRecord({
    topic,
    kafkaPartition: 0,
    keySchema: null,
    key,
    valueSchema: value === null ? null : schema,
    value,
    timestamp: null,
    kafkaOffset: offset,
  })
const value = (n: number) => new Struct(schema).put('n', BigInt(n))

describe('OpenSearch sink task', () => {
  it('creates a missing index and its mapping once, then only sends bulk requests', async () => {
    const fake = await fakeOpenSearch({ indexes: new Set(), mapped: new Set() })
    const task = await start(fake.url)
    await task.put([record('Orders', 0, 'a', value(1)), record('Orders', 1, 'b', value(2))])
    await task.put([record('Orders', 2, 'c', value(3))])
    expect(fake.requests.map((r) => `${r.method} ${r.path}`)).toEqual([
      'GET /',
      'HEAD /orders',
      'PUT /orders',
      'GET /orders/_mapping',
      'PUT /orders/_mapping',
      'POST /_bulk',
      'POST /_bulk',
    ])
    expect(JSON.parse(fake.requests[4]!.body)).toEqual({ properties: { n: { type: 'long' } } })
  })

  it('tolerates an index created by another task between the existence check and the create', async () => {
    const fake = await fakeOpenSearch({ indexes: new Set(), mapped: new Set(['orders']), createdElsewhere: true })
    const task = await start(fake.url)
    await task.put([record('orders', 0, 'a', value(1))])
    expect(fake.requests.map((r) => `${r.method} ${r.path}`)).toEqual([
      'GET /',
      'HEAD /orders',
      'PUT /orders',
      'GET /orders/_mapping',
      'POST /_bulk',
    ])
  })

  it('writes to the mapped external resource without creating anything', async () => {
    const fake = await fakeOpenSearch({ indexes: new Set(['orders-alias']), mapped: new Set(['orders-alias']) })
    const task = await start(fake.url, {
      topics: 'orders',
      'external.resource.usage': 'ALIAS_INDEX',
      'topic.to.external.resource.mapping': 'orders:orders-alias',
    })
    await task.put([record('orders', 0, 'a', value(1))])
    expect(fake.requests.map((r) => `${r.method} ${r.path}`)).toEqual([
      'GET /',
      'GET /orders-alias/_mapping',
      'POST /_bulk',
    ])
    expect(fake.requests[2]!.body).toContain('{"index":{"_index":"orders-alias","_id":"a"')
    await expect(task.put([record('payments', 1, 'a', value(1))])).rejects.toThrow(
      "Topic 'payments' is not mapped to any resource.",
    )
  })

  it('needs no mapping for a tombstone, even as the first record of a new index', async () => {
    const fake = await fakeOpenSearch({ indexes: new Set(), mapped: new Set() })
    const task = await start(fake.url, { 'behavior.on.null.values': 'delete' })
    await task.put([record('orders', 7, 'a', null)])
    expect(fake.requests.map((r) => `${r.method} ${r.path}`)).toEqual([
      'GET /',
      'HEAD /orders',
      'PUT /orders',
      'POST /_bulk',
    ])
    expect(fake.requests[3]!.body).toBe(
      '{"delete":{"_index":"orders","_id":"a","version":7,"version_type":"external"}}\n',
    )
  })

  it('splits a batch into bulk requests of batch.size actions', async () => {
    const fake = await fakeOpenSearch({ indexes: new Set(['orders']), mapped: new Set(['orders']) })
    const task = await start(fake.url, {
      'batch.size': '4',
      'max.in.flight.requests': '2',
      'max.buffered.records': '8',
    })
    await task.put(Array.from({ length: 10 }, (_, i) => record('orders', i, `k${i}`, value(i))))
    const bulks = fake.requests.filter((r) => r.path === '/_bulk')
    expect(bulks.map((b) => b.body.split('\n').filter((l) => l.startsWith('{"index"')).length)).toEqual([4, 4, 2])
  })

  it('skips tombstones under ignore without a reporter, and reports them where there is one', async () => {
    const fake = await fakeOpenSearch({ indexes: new Set(['orders']), mapped: new Set(['orders']) })
    const silent = await start(fake.url, { 'behavior.on.null.values': 'ignore' })
    await silent.put([record('orders', 0, 'a', null)])
    const reports: unknown[] = []
    const reporting = await start(fake.url, { 'behavior.on.null.values': 'ignore' }, reports)
    await reporting.put([record('orders', 0, 'a', null)])
    expect(reports).toEqual([new ConnectException('Cannot write null valued record.')])
    expect(fake.requests.filter((r) => r.path === '/_bulk')).toHaveLength(0)
  })

  it('drops a record whose key cannot be an id with drop.invalid.message, after reporting it', async () => {
    const fake = await fakeOpenSearch({ indexes: new Set(['orders']), mapped: new Set(['orders']) })
    const reports: unknown[] = []
    const task = await start(fake.url, { 'drop.invalid.message': 'true' }, reports)
    await task.put([record('orders', 0, null, value(1)), record('orders', 1, 'b', value(2))])
    expect((reports[0] as Error).message).toBe('Key is used as document id and can not be null.')
    const bulk = fake.requests.find((r) => r.path === '/_bulk')!
    expect(bulk.body).toContain('"_id":"b"')
    expect(bulk.body).not.toContain('"_id":null')
  })

  it('refuses put before start', async () => {
    await expect(new OpenSearchSinkTask().put([])).rejects.toThrow('The OpenSearch sink task has not been started')
  })
})
