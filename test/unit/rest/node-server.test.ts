import type { Server } from 'node:http'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { connectApi } from '../../../layers/runtime/rest/connect-api.js'
import { closeServer, serveConnectApi, serverPort } from '../../../layers/runtime/rest/node-server.js'
import { MemoryBackend } from './memory-backend.js'

let server: Server
let base: string

beforeAll(async () => {
  server = await serveConnectApi(connectApi(new MemoryBackend().add('s3-sink')), { port: 0 })
  base = `http://127.0.0.1:${serverPort(server)}`
})

afterAll(async () => {
  await closeServer(server)
})

describe('the REST API on a Node HTTP server', () => {
  it('answers curl-style requests with Connect bodies and status codes', async () => {
    const list = await fetch(`${base}/connectors?expand=status`)
    expect(list.status).toBe(200)
    expect(list.headers.get('content-type')).toBe('application/json')
    expect(Object.keys((await list.json()) as object)).toEqual(['s3-sink'])

    const paused = await fetch(`${base}/connectors/s3-sink/pause`, { method: 'PUT' })
    expect(paused.status).toBe(202)
    expect(await paused.text()).toBe('')

    const missing = await fetch(`${base}/connectors/nope`)
    expect(missing.status).toBe(404)
    expect(await missing.json()).toEqual({ error_code: 404, message: 'Connector nope not found' })
  })

  it('passes request bodies through', async () => {
    const res = await fetch(`${base}/connector-plugins/RefSinkConnector/config/validate`, {
      method: 'PUT',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({
        'connector.class': 'io.example.RefSinkConnector',
        name: 'a',
        topics: 't',
        'ref.url': 'u',
      }),
    })
    expect(res.status).toBe(200)
    expect(((await res.json()) as { error_count: number }).error_count).toBe(0)
  })
})
