import { once } from 'node:events'
import { createServer, request as httpRequest, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, afterEach, describe, expect, it } from 'vitest'
import type { OpenSearchSinkTask } from '../../../functions/opensearch-sink/sink-task.js'
import { SchemaBuilder, Schemas } from '../../../layers/runtime/data/schema.js'
import { Struct } from '../../../layers/runtime/data/struct.js'
import { ConnectException, RetriableException } from '../../../layers/runtime/errors.js'
import { indexName } from '../../support/names.js'
import { requireServices } from '../../support/services.js'
import { call, closedPort, count, getDoc, OPENSEARCH, record, startTask } from './support.js'

requireServices('opensearch')

const created: string[] = []
const tasks: OpenSearchSinkTask[] = []
const servers: Server[] = []

afterEach(async () => {
  for (const task of tasks.splice(0)) await task.stop()
})

afterAll(async () => {
  for (const index of created) await call('DELETE', `/${index}`)
  for (const server of servers) {
    server.closeAllConnections()
    server.close()
  }
})

const schema = SchemaBuilder.struct().field('n', Schemas.INT32).build()
const value = (n: number) => new Struct(schema).put('n', n)

interface Proxy {
  readonly url: string
  /** Every request that reached the proxy, as `METHOD path`. */
  readonly requests: string[]
  /** How many bulk requests were answered 429. */
  rejected: number
}

/**
 * A small HTTP proxy in front of the local OpenSearch that answers the first `reject` bulk requests
 * with 429 Too Many Requests, as an overloaded cluster does, and forwards everything else.
 */
async function throttlingProxy(reject: number): Promise<Proxy> {
  const target = new URL(OPENSEARCH)
  const proxy: Proxy = { url: '', requests: [], rejected: 0 }
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    proxy.requests.push(`${req.method} ${req.url}`)
    if (req.method === 'POST' && req.url?.startsWith('/_bulk') && proxy.rejected < reject) {
      proxy.rejected++
      req.resume()
      res.writeHead(429, { 'content-type': 'application/json' })
      res.end(
        JSON.stringify({
          error: { type: 'es_rejected_execution_exception', reason: 'rejected execution of coordinating operation' },
          status: 429,
        }),
      )
      return
    }
    const forward = httpRequest(
      { host: target.hostname, port: target.port, method: req.method, path: req.url, headers: req.headers },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers)
        answer.pipe(res)
      },
    )
    forward.on('error', (error) => res.destroy(error))
    req.pipe(forward)
  })
  server.listen(0, '127.0.0.1')
  await once(server, 'listening')
  servers.push(server)
  return Object.assign(proxy, { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` })
}

describe('OpenSearch sink task failures', () => {
  it('raises a RetriableException after max.retries when OpenSearch is unreachable, so the batch is delivered again', async () => {
    const port = await closedPort()
    const { task, reported } = await startTask({
      'connection.url': `http://127.0.0.1:${port}`,
      'max.retries': '2',
      'retry.backoff.ms': '10',
    })
    tasks.push(task)
    const t = indexName('unreachable')
    const error = await task.put([record(t, 0, 'k', schema, value(1))]).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(RetriableException)
    expect((error as Error).message).toMatch(
      new RegExp(
        `^Failed to check if index ${t} exists due to 'ConnectionError: connect ECONNREFUSED 127\\.0\\.0\\.1:${port}' after 3 attempt\\(s\\)$`,
      ),
    )
    expect(reported).toEqual([])
  })

  it('retries bulk requests answered 429 with backoff, and then writes every record', async () => {
    const proxy = await throttlingProxy(3)
    const t = indexName('throttled')
    created.push(t)
    const { task } = await startTask({ 'connection.url': proxy.url, 'max.retries': '5', 'retry.backoff.ms': '10' })
    tasks.push(task)
    await task.put(Array.from({ length: 30 }, (_, i) => record(t, i, `k${i}`, schema, value(i))))
    expect(proxy.rejected).toBe(3)
    expect(proxy.requests.filter((r) => r.startsWith('POST /_bulk'))).toHaveLength(4)
    expect(await count(t)).toBe(30)
    expect((await getDoc(t, 'k29')).version).toBe(29)
  })

  it('gives up on 429 answers after max.retries with a RetriableException; the next delivery succeeds', async () => {
    const proxy = await throttlingProxy(2)
    const t = indexName('throttled-out')
    created.push(t)
    const { task } = await startTask({ 'connection.url': proxy.url, 'max.retries': '1', 'retry.backoff.ms': '10' })
    tasks.push(task)
    const batch = Array.from({ length: 5 }, (_, i) => record(t, i, `k${i}`, schema, value(i)))
    const error = await task.put(batch).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(RetriableException)
    expect((error as Error).message).toMatch(
      /^Failed to execute bulk request due to 'ResponseError: HTTP 429 .*' after 2 attempt\(s\)$/,
    )
    await task.put(batch)
    expect(await count(t)).toBe(5)
  })

  it('fails with a clear message where a topic cannot name an index, before any request', async () => {
    const { task } = await startTask({})
    tasks.push(task)
    const error = await task.put([record('orders#eu', 0, 'k', schema, value(1))]).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(ConnectException)
    expect(error).not.toBeInstanceOf(RetriableException)
    expect((error as Error).message).toContain("Invalid index name [orders#eu], must not contain '#'")
  })
})
