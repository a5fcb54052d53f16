import { afterAll, afterEach, describe, expect, it } from 'vitest'
import { INDEXING_FAILED } from '../../../functions/opensearch-sink/bulk-executor.js'
import type { OpenSearchSinkTask } from '../../../functions/opensearch-sink/sink-task.js'
import { ConnectTimestamp, Decimal } from '../../../layers/runtime/data/logical.js'
import { SchemaBuilder, Schemas } from '../../../layers/runtime/data/schema.js'
import { Struct } from '../../../layers/runtime/data/struct.js'
import { BigDecimal } from '../../../layers/runtime/data/values.js'
import { ConnectException, DataException } from '../../../layers/runtime/errors.js'
import { indexName } from '../../support/names.js'
import { requireServices } from '../../support/services.js'
import { call, count, getDoc, record, startTask, versions } from './support.js'

requireServices('opensearch')

const created: string[] = []
const tasks: OpenSearchSinkTask[] = []

/** A topic whose index (the same name) is deleted after the file's tests. */
function topic(label: string): string {
  const name = indexName(label)
  created.push(name)
  return name
}

async function start(props: Record<string, string>, options: { reporter?: boolean } = {}) {
  const started = await startTask(props, options)
  tasks.push(started.task)
  return started
}

afterEach(async () => {
  for (const task of tasks.splice(0)) await task.stop()
})

afterAll(async () => {
  for (const index of created) await call('DELETE', `/${index}`)
})

const line = SchemaBuilder.struct().name('line').field('sku', Schemas.STRING).field('qty', Schemas.INT32).build()
const customer = SchemaBuilder.struct()
  .name('customer')
  .field('name', Schemas.STRING)
  .field('vip', Schemas.OPTIONAL_BOOLEAN)
  .build()
const order = SchemaBuilder.struct()
  .name('order')
  .field('id', Schemas.INT64)
  .field('amount', Decimal.schema(2))
  .field('placed', ConnectTimestamp.schema())
  .field('customer', customer)
  .field('lines', SchemaBuilder.array(line).build())
  .build()

function orderValue(id: number, amount = '12.34'): Struct {
  return new Struct(order)
    .put('id', BigInt(id))
    .put('amount', BigDecimal.parse(amount))
    .put('placed', new Date(1_700_000_000_000 + id))
    .put('customer', new Struct(customer).put('name', `c${id}`).put('vip', id % 2 === 0))
    .put('lines', [new Struct(line).put('sku', 'A-1').put('qty', id)])
}

const simple = SchemaBuilder.struct()
  .name('simple')
  .field('n', Schemas.INT64)
  .field('s', Schemas.OPTIONAL_STRING)
  .build()
const simpleValue = (n: number, s: string | null = null) => new Struct(simple).put('n', BigInt(n)).put('s', s)

describe('OpenSearch sink task', () => {
  it('inserts documents under their keys, with the Kafka offset as version', async () => {
    const t = topic('insert')
    const { task } = await start({})
    await task.put([record(t, 10, 'o-1', order, orderValue(1)), record(t, 11, 'o-2', order, orderValue(2, '7'))])
    expect(await count(t)).toBe(2)
    const doc = await getDoc(t, 'o-2')
    expect(doc.version).toBe(11)
    expect(doc.source).toEqual({
      id: 2,
      amount: 7,
      placed: 1_700_000_000_002,
      customer: { name: 'c2', vip: true },
      lines: [{ sku: 'A-1', qty: 2 }],
    })
  })

  it('creates the index mapping from the Connect schema: decimal, timestamp, nested struct and array', async () => {
    const t = topic('mapping')
    const { task } = await start({})
    await task.put([record(t, 0, 'o-1', order, orderValue(1))])
    const { json } = await call('GET', `/${t}/_mapping`)
    const properties = (json[t] as { mappings: { properties: Record<string, unknown> } }).mappings.properties
    const text = { type: 'text', fields: { keyword: { type: 'keyword', ignore_above: 256 } } }
    expect(properties).toEqual({
      id: { type: 'long' },
      amount: { type: 'double' },
      placed: { type: 'date' },
      customer: { properties: { name: text, vip: { type: 'boolean' } } },
      lines: { properties: { sku: text, qty: { type: 'integer' } } },
    })
    // the timestamp is a date: a range query finds it
    await call('POST', `/${t}/_refresh`)
    const { json: found } = await call('POST', `/${t}/_search`, {
      query: { range: { placed: { gte: '2023-11-14T22:13:20.000Z', lt: '2023-11-14T22:13:20.002Z' } } },
    })
    expect((found['hits'] as { total: { value: number } }).total.value).toBe(1)
  })

  it('leaves the mapping to OpenSearch with schema.ignore, and writes schemaless values', async () => {
    const t = topic('dynamic')
    const { task } = await start({ 'schema.ignore': 'true' })
    await task.put([
      record(
        t,
        0,
        'k',
        null,
        new Map<string, unknown>([
          ['city', 'Lisbon'],
          ['total', 9.5],
        ]),
      ),
    ])
    expect((await getDoc(t, 'k')).source).toEqual({ city: 'Lisbon', total: 9.5 })
    const { json } = await call('GET', `/${t}/_mapping`)
    const properties = (json[t] as { mappings: { properties: Record<string, { type: string }> } }).mappings.properties
    expect(properties['total']!.type).toBe('float')
  })

  it('upserts: a partial record merges its fields into the document', async () => {
    const t = topic('upsert')
    const { task } = await start({ 'write.method': 'upsert', 'schema.ignore': 'true' })
    await task.put([
      record(
        t,
        0,
        'k1',
        null,
        new Map<string, unknown>([
          ['a', 1.5],
          ['b', 'x'],
        ]),
      ),
      record(t, 1, 'k2', null, new Map<string, unknown>([['a', 2.5]])),
    ])
    await task.put([
      record(
        t,
        2,
        'k1',
        null,
        new Map<string, unknown>([
          ['b', 'y'],
          ['c', true],
        ]),
      ),
    ])
    expect((await getDoc(t, 'k1')).source).toEqual({ a: 1.5, b: 'y', c: true })
    expect((await getDoc(t, 'k2')).source).toEqual({ a: 2.5 })
  })

  it('applies two updates of one document in one batch in order', async () => {
    const t = topic('upsert-order')
    const { task } = await start({ 'write.method': 'upsert', 'schema.ignore': 'true', 'batch.size': '1' })
    const batch = Array.from({ length: 20 }, (_, i) => record(t, i, 'same', null, new Map<string, unknown>([['n', i]])))
    await task.put(batch)
    expect((await getDoc(t, 'same')).source).toEqual({ n: 19 })
  })

  it('deletes the document of a tombstone; a tombstone for a missing document is no error', async () => {
    const t = topic('delete')
    const { task, reported } = await start({ 'behavior.on.null.values': 'delete' })
    await task.put([record(t, 0, 'k1', simple, simpleValue(1)), record(t, 1, 'k2', simple, simpleValue(2))])
    await task.put([
      record(t, 2, 'k1', null, null),
      record(t, 3, 'never-written', null, null),
      record(t, 4, null, null, null),
    ])
    expect((await getDoc(t, 'k1')).found).toBe(false)
    expect((await getDoc(t, 'k2')).found).toBe(true)
    expect(await count(t)).toBe(1)
    expect(reported).toEqual([])
  })

  it("deletes with the seed's upsert + delete config, also a document updated more often than its offset", async () => {
    const t = topic('upsert-delete')
    const { task } = await start({
      'write.method': 'upsert',
      'behavior.on.null.values': 'delete',
      'schema.ignore': 'true',
    })
    await task.put([0, 1, 2].map((i) => record(t, i, 'k1', null, new Map<string, unknown>([['n', i]]))))
    expect((await getDoc(t, 'k1')).version).toBe(3)
    // Confluent versions this delete by its offset (3), not above the document's version: it would be ignored
    await task.put([record(t, 3, 'k1', null, null)])
    expect((await getDoc(t, 'k1')).found).toBe(false)
    // redelivered in one batch, updates and delete apply in order again
    await task.put([record(t, 2, 'k1', null, new Map<string, unknown>([['n', 2]])), record(t, 3, 'k1', null, null)])
    expect((await getDoc(t, 'k1')).found).toBe(false)
  })

  it('skips and reports tombstones under behavior.on.null.values=ignore', async () => {
    const t = topic('null-ignore')
    const { task, reported } = await start({ 'behavior.on.null.values': 'ignore' })
    await task.put([record(t, 0, 'k1', simple, simpleValue(1)), record(t, 1, 'k1', null, null)])
    expect((await getDoc(t, 'k1')).found).toBe(true)
    expect(reported.map((r) => [r.offset, (r.error as Error).message])).toEqual([
      [1, 'Cannot write null valued record.'],
    ])
  })

  it('fails the batch on a tombstone under behavior.on.null.values=fail, after reporting it', async () => {
    const t = topic('null-fail')
    const { task, reported } = await start({})
    await expect(
      task.put([record(t, 0, 'k1', simple, simpleValue(1)), record(t, 1, 'k1', null, null)]),
    ).rejects.toThrow(DataException)
    expect(reported.map((r) => r.offset)).toEqual([1])
  })

  it('drops the tombstone and writes the rest with drop.invalid.message', async () => {
    const t = topic('null-drop')
    const { task, reported } = await start({ 'drop.invalid.message': 'true' })
    await task.put([record(t, 0, 'k1', null, null), record(t, 1, 'k2', simple, simpleValue(2))])
    expect(await count(t)).toBe(1)
    expect(reported.map((r) => r.offset)).toEqual([0])
  })

  it('reports a malformed document through the errant record reporter and indexes the rest of its batch', async () => {
    const t = topic('malformed')
    await call('PUT', `/${t}`, { mappings: { properties: { n: { type: 'long' } } } })
    const { task, reported } = await start({ 'schema.ignore': 'true', 'behavior.on.malformed.documents': 'warn' })
    await task.put([
      record(t, 0, 'a', null, new Map([['n', 1n]])),
      record(t, 1, 'b', null, new Map([['n', 'not a number']])),
      record(t, 2, 'c', null, new Map([['n', 3n]])),
    ])
    expect(await count(t)).toBe(2)
    expect(reported).toHaveLength(1)
    expect(reported[0]!.offset).toBe(1)
    expect((reported[0]!.error as Error).message).toMatch(/^Indexing failed: .*mapper_parsing_exception/)
  })

  it('fails the batch on a malformed document under behavior.on.malformed.documents=fail, the rest still indexed', async () => {
    const t = topic('malformed-fail')
    await call('PUT', `/${t}`, { mappings: { properties: { n: { type: 'long' } } } })
    const { task, reported } = await start({ 'schema.ignore': 'true' })
    await expect(
      task.put([record(t, 0, 'a', null, new Map([['n', 'x']])), record(t, 1, 'b', null, new Map([['n', 2n]]))]),
    ).rejects.toThrow(new ConnectException(INDEXING_FAILED))
    expect(reported.map((r) => r.offset)).toEqual([0])
    expect(await count(t)).toBe(1)
  })

  it('leaves the same documents, counts and versions when a batch is delivered twice', async () => {
    const t = topic('redelivery')
    const { task } = await start({})
    const batch = Array.from({ length: 50 }, (_, i) => record(t, 100 + i, `k${i % 40}`, simple, simpleValue(i)))
    await task.put(batch)
    const first = await versions(t)
    expect(first).toHaveLength(40)
    expect(first.find(([id]) => id === 'k0')).toEqual(['k0', 140])
    expect(first.find(([id]) => id === 'k39')).toEqual(['k39', 139])
    await task.put(batch)
    // an older record arriving late does not overwrite a newer one either
    await task.put([record(t, 100, 'k0', simple, simpleValue(-1))])
    expect(await versions(t)).toEqual(first)
    expect((await getDoc(t, 'k0')).source).toEqual({ n: 40, s: null })
  })

  it('uses topic+partition+offset as id with key.ignore', async () => {
    const t = topic('key-ignore')
    const { task } = await start({ 'key.ignore': 'true' })
    await task.put([record(t, 5, null, simple, simpleValue(1), 3)])
    expect((await getDoc(t, `${t}+3+5`)).found).toBe(true)
  })

  it('fails the batch for a record without schema when the index has no mapping yet', async () => {
    const t = topic('no-schema')
    const { task } = await start({})
    await expect(task.put([record(t, 0, 'k', null, new Map([['a', 1.5]]))])).rejects.toThrow(
      'Cannot infer mapping without schema.',
    )
  })

  it('writes to a data stream with @timestamp from the record', async () => {
    const dataset = indexName('ds').replaceAll('-', '')
    const t = indexName('ds-topic')
    const stream = `logs-${dataset}-${t}`
    await call('PUT', `/_index_template/${dataset}`, {
      index_patterns: [`logs-${dataset}-*`],
      data_stream: {},
      priority: 500,
    })
    try {
      const { task } = await start({
        'data.stream.type': 'logs',
        'data.stream.dataset': dataset,
        'schema.ignore': 'true',
      })
      await task.put([record(t, 0, 'k1', simple, simpleValue(1, 'a')), record(t, 1, 'k2', simple, simpleValue(2, 'b'))])
      await call('POST', `/${stream}/_refresh`)
      const { json } = await call('POST', `/${stream}/_search`, { sort: [{ n: 'asc' }] })
      const hits = (json['hits'] as { hits: Array<{ _source: unknown }> }).hits
      expect(hits.map((h) => h._source)).toEqual([
        { n: 1, s: 'a', '@timestamp': 1_700_000_000_000 },
        { n: 2, s: 'b', '@timestamp': 1_700_000_000_001 },
      ])
    } finally {
      await call('DELETE', `/_data_stream/${stream}`)
      await call('DELETE', `/_index_template/${dataset}`)
    }
  })
})
