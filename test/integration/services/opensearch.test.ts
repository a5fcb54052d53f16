import { afterAll, describe, expect, it } from 'vitest'
import { indexName } from '../../support/names.js'
import { endpoints, requireServices } from '../../support/services.js'

requireServices('opensearch')

const base = endpoints.opensearch.url
const created: string[] = []

async function call(method: string, path: string, body?: unknown, contentType = 'application/json') {
  const response = await fetch(`${base}${path}`, {
    method,
    headers: body === undefined ? {} : { 'content-type': contentType },
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  })
  const text = await response.text()
  return { status: response.status, json: text === '' ? undefined : (JSON.parse(text) as Record<string, unknown>) }
}

afterAll(async () => {
  for (const index of created) await call('DELETE', `/${index}`)
})

describe('OpenSearch', () => {
  it('creates an index, bulk-indexes documents, and finds and counts them after a refresh', async () => {
    const index = indexName('orders')
    const create = await call('PUT', `/${index}`, {
      settings: { number_of_shards: 1, number_of_replicas: 0 },
      mappings: {
        properties: { city: { type: 'keyword' }, amount: { type: 'double' }, note: { type: 'text' } },
      },
    })
    expect(create.status).toBe(200)
    created.push(index)

    const docs = [
      { id: 'o-1', city: 'Lisbon', amount: 12.5, note: 'first order' },
      { id: 'o-2', city: 'Porto', amount: 7, note: 'second order' },
      { id: 'o-3', city: 'Lisbon', amount: 99.9, note: 'a large order' },
    ]
    const ndjson = docs.map((d) => `${JSON.stringify({ index: { _index: index, _id: d.id } })}\n${JSON.stringify(d)}\n`)
    const bulk = await call('POST', '/_bulk', ndjson.join(''), 'application/x-ndjson')
    expect(bulk.status).toBe(200)
    expect(bulk.json?.errors).toBe(false)
    const items = bulk.json?.items as Array<{ index: { status: number; _id: string } }>
    expect(items.map((i) => [i.index._id, i.index.status])).toEqual([
      ['o-1', 201],
      ['o-2', 201],
      ['o-3', 201],
    ])

    expect((await call('POST', `/${index}/_refresh`)).status).toBe(200)

    const search = await call('POST', `/${index}/_search`, {
      query: { bool: { filter: [{ term: { city: 'Lisbon' } }, { range: { amount: { gte: 50 } } }] } },
    })
    expect(search.status).toBe(200)
    const { hits } = search.json as { hits: { hits: Array<{ _id: string; _source: unknown }> } }
    expect(hits.hits.map((h) => [h._id, h._source])).toEqual([['o-3', docs[2]]])

    const count = await call('GET', `/${index}/_count`)
    expect(count.json?.count).toBe(3)
    const textCount = await call('POST', `/${index}/_count`, { query: { match: { note: 'order' } } })
    expect(textCount.json?.count).toBe(3)
  })
})
