import { describe, expect, it } from 'vitest'
import { connectApi } from '../../../layers/runtime/rest/connect-api.js'
import { Router } from '../../../layers/runtime/rest/router.js'
import { send } from './http.js'
import { MemoryBackend } from './memory-backend.js'

const api = () => connectApi(new MemoryBackend().add('my sink').add('s3-sink'))

describe('routing as Jersey routes Connect resources', () => {
  it('answers a path no resource has with 404 and Jersey message in Connect error body', async () => {
    const res = await send(api(), 'GET', '/connectors/s3-sink/nothing')
    expect(res.status).toBe(404)
    expect(res.json).toEqual({ error_code: 404, message: 'HTTP 404 Not Found' })
    expect(res.headers['Content-Type']).toBe('application/json')
  })

  it('answers a method the path does not take with 405', async () => {
    for (const [method, path] of [
      ['DELETE', '/connectors/s3-sink/status'],
      ['POST', '/connectors/s3-sink/pause'],
      ['GET', '/connectors/s3-sink/pause'],
      ['PUT', '/connectors/s3-sink/restart'],
    ] as const) {
      const res = await send(api(), method, path)
      expect(res.status, `${method} ${path}`).toBe(405)
      expect(res.json).toEqual({ error_code: 405, message: 'HTTP 405 Method Not Allowed' })
    }
  })

  it('ignores a trailing slash', async () => {
    expect((await send(api(), 'GET', '/connectors/')).json).toEqual(['my sink', 's3-sink'])
    expect((await send(api(), 'GET', '/connectors/s3-sink/')).status).toBe(200)
  })

  it('decodes percent-encoded connector names', async () => {
    const res = await send(api(), 'GET', '/connectors/my%20sink')
    expect(res.status).toBe(200)
    expect((res.json as { name: string }).name).toBe('my sink')
    expect((await send(api(), 'GET', '/connectors/s3%2Dsink/config')).status).toBe(200)
  })

  it('answers 404 for an empty path segment', async () => {
    const res = await api()({ method: 'GET', path: '//connectors', query: {}, body: null })
    expect(res.status).toBe(404)
  })

  it('answers HEAD as GET without a body', async () => {
    const res = await api()({ method: 'HEAD', path: '/connectors', query: {}, body: null })
    expect(res.status).toBe(200)
    expect(res.body).toBeNull()
  })

  it('answers OPTIONS with the methods the path takes', async () => {
    const res = await api()({ method: 'OPTIONS', path: '/connectors', query: {}, body: null })
    expect(res.status).toBe(200)
    expect(res.headers['Allow']?.split(',')).toEqual(['HEAD', 'GET', 'POST', 'OPTIONS'])
  })

  it('matches literal segments before giving up on a template', () => {
    const router = new Router([
      { method: 'GET', path: '/connectors/{connector}/tasks/{task}/status', handle: async () => ({ status: 200 }) },
    ])
    const found = router.resolve('GET', '/connectors/a/tasks/3/status')
    expect('params' in found && found.params).toEqual({ connector: 'a', task: '3' })
    expect(() => router.resolve('GET', '/connectors/a/tasks/3')).toThrow('HTTP 404 Not Found')
  })

  it('answers 400 to a path whose percent-encoding is broken', async () => {
    const res = await api()({ method: 'GET', path: '/connectors/%E0%A4%A', query: {}, body: null })
    expect(res.status).toBe(400)
    expect((JSON.parse(res.body ?? '{}') as { error_code: number }).error_code).toBe(400)
  })
})
