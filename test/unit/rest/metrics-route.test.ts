// connectless's record counts in the REST API: `GET /connectors/{name}/metrics` and `?expand=metrics`,
// answered only where the backend keeps counts (the standalone runner), a plain 404 elsewhere.
import { describe, expect, it } from 'vitest'
import { connectApi } from '../../../layers/runtime/rest/connect-api.js'
import type { ConnectorMetrics } from '../../../layers/runtime/rest/entities.js'
import { State } from '../../../layers/runtime/status/state.js'
import { send } from './http.js'
import { MemoryBackend } from './memory-backend.js'

const counts = {
  records_read: 3,
  records_written: 2,
  records_filtered: 1,
  records_failed: 0,
  records_to_dlq: 0,
  batches: 1,
}

function withMetrics(): MemoryBackend {
  const backend = new MemoryBackend().add('s3-sink')
  const metrics: ConnectorMetrics = {
    name: 's3-sink',
    type: 'sink',
    connector: { state: State.RUNNING, ...counts },
    tasks: [{ id: 0, state: State.RUNNING, ...counts }],
  }
  return Object.assign(backend, {
    connectorMetrics: async (name: string) => (name === 's3-sink' ? metrics : null),
  })
}

describe('the metrics route', () => {
  it('answers a connector\u2019s counts where the backend keeps them', async () => {
    const answer = await send(connectApi(withMetrics()), 'GET', '/connectors/s3-sink/metrics')
    expect(answer.status).toBe(200)
    expect(answer.json).toMatchObject({ name: 's3-sink', connector: { records_read: 3 }, tasks: [{ id: 0 }] })
  })

  it('is a 404 naming an unknown connector', async () => {
    const answer = await send(connectApi(withMetrics()), 'GET', '/connectors/nope/metrics')
    expect(answer).toMatchObject({ status: 404, json: { error_code: 404, message: 'Connector nope not found' } })
  })

  it('does not exist where the backend keeps no counts, as in Connect', async () => {
    const api = connectApi(new MemoryBackend().add('s3-sink'))
    const answer = await send(api, 'GET', '/connectors/s3-sink/metrics')
    expect(answer).toMatchObject({ status: 404, json: { error_code: 404, message: 'HTTP 404 Not Found' } })
    const expanded = await send(api, 'GET', '/connectors?expand=status&expand=metrics')
    expect(Object.keys((expanded.json as Record<string, object>)['s3-sink'] ?? {})).toEqual(['status'])
  })

  it('adds the counts to ?expand=metrics', async () => {
    const expanded = await send(connectApi(withMetrics()), 'GET', '/connectors?expand=metrics')
    expect(expanded.json).toEqual({ 's3-sink': { metrics: expect.objectContaining({ name: 's3-sink' }) } })
  })
})
