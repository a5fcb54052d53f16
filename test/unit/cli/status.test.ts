import { execFile } from 'node:child_process'
import type { Server } from 'node:http'
import { promisify } from 'node:util'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { apiUrl, fetchReports, renderReports } from '../../../cli/commands/status.js'
import { connectApi } from '../../../layers/runtime/rest/connect-api.js'
import type { ConnectorMetrics } from '../../../layers/runtime/rest/entities.js'
import { closeServer, serveConnectApi, serverPort } from '../../../layers/runtime/rest/node-server.js'
import { State } from '../../../layers/runtime/status/state.js'
import { MemoryBackend } from '../rest/memory-backend.js'

const counts = (read: number, written: number, failed = 0) => ({
  records_read: read,
  records_written: written,
  records_filtered: 0,
  records_failed: failed,
  records_to_dlq: failed,
  batches: 1,
})

function backend(withMetrics: boolean): MemoryBackend {
  const b = new MemoryBackend().add('orders-sink', { tasks: 2 }).add('postgres-source', { type: 'source' })
  const t1 = b.get('orders-sink').taskStates.get(1)
  if (t1) {
    t1.state = State.FAILED
    t1.trace = 'org.apache.kafka.connect.errors.ConnectException: boom\n\tat somewhere'
  }
  if (withMetrics) {
    const metrics: Record<string, ConnectorMetrics> = {
      'orders-sink': {
        name: 'orders-sink',
        type: 'sink',
        connector: { state: State.RUNNING, ...counts(30, 25, 5) },
        tasks: [
          { id: 0, state: State.RUNNING, ...counts(20, 20) },
          { id: 1, state: State.FAILED, ...counts(10, 5, 5) },
        ],
      },
      'postgres-source': {
        name: 'postgres-source',
        type: 'source',
        connector: { state: State.RUNNING, ...counts(7, 7) },
        tasks: [{ id: 0, state: State.RUNNING, ...counts(7, 7) }],
      },
    }
    Object.assign(b, { connectorMetrics: async (name: string) => metrics[name] ?? null })
  }
  return b
}

const servers: Server[] = []
async function serve(withMetrics: boolean): Promise<string> {
  const server = await serveConnectApi(connectApi(backend(withMetrics)), { port: 0 })
  servers.push(server)
  return `http://127.0.0.1:${serverPort(server)}`
}
let withMetrics: string
let withoutMetrics: string
beforeAll(async () => {
  withMetrics = await serve(true)
  withoutMetrics = await serve(false)
})
afterAll(async () => {
  for (const s of servers) await closeServer(s)
})

describe('connectless status', () => {
  it('prints each connector\u2019s totals, then each task, with the REST API\u2019s numbers and traces', async () => {
    const text = renderReports(await fetchReports(withMetrics))
    const lines = text.split('\n')
    expect(lines[0]).toMatch(/^CONNECTOR\s+TYPE\s+TASK\s+STATE\s+READ\s+WRITTEN\s+FILTERED\s+FAILED\s+TO DLQ\s+WORKER$/)
    expect(lines[1]?.split(/\s+/)).toEqual(['orders-sink', 'sink', 'RUNNING', '30', '25', '0', '5', '5', 'worker-1'])
    expect(lines[2]?.trim().split(/\s+/)).toEqual(['0', 'RUNNING', '20', '20', '0', '0', '0', 'worker-1'])
    expect(lines[3]?.trim().split(/\s+/)).toEqual(['1', 'FAILED', '10', '5', '0', '5', '5', 'worker-1'])
    expect(lines[4]?.split(/\s+/)).toEqual([
      'postgres-source',
      'source',
      'RUNNING',
      '7',
      '7',
      '0',
      '0',
      '0',
      'worker-1',
    ])
    expect(text).toContain(
      '\norders-sink task 1: FAILED\norg.apache.kafka.connect.errors.ConnectException: boom\n\tat somewhere\n',
    )
  })

  it('asks for one connector by name', async () => {
    const reports = await fetchReports(withMetrics, 'postgres-source')
    expect(reports.map((r) => r.status.name)).toEqual(['postgres-source'])
    expect(reports[0]?.metrics?.connector.records_written).toBe(7)
  })

  it('shows states without numbers where the API keeps none (Connect, connectless on AWS)', async () => {
    const reports = await fetchReports(withoutMetrics)
    expect(reports.every((r) => r.metrics === undefined)).toBe(true)
    const lines = renderReports(reports).split('\n')
    expect(lines[1]?.split(/\s+/)).toEqual(['orders-sink', 'sink', 'RUNNING', '-', '-', '-', '-', '-', 'worker-1'])
    const one = await fetchReports(withoutMetrics, 'orders-sink')
    expect(one[0]?.metrics).toBeUndefined()
  })

  it('says which connector is unknown', async () => {
    await expect(fetchReports(withMetrics, 'nope')).rejects.toThrow(
      '/connectors/nope/status: 404 No status found for connector nope',
    )
  })

  it('asks 127.0.0.1:8083 unless --url names another address', () => {
    expect(apiUrl({})).toBe('http://127.0.0.1:8083')
    expect(apiUrl({ url: 'http://connect:8083/' })).toBe('http://connect:8083')
  })

  it('exits 1 with a hint when no runner answers', async () => {
    const url = withoutMetrics.replace(/:\d+$/, ':1')
    const run = promisify(execFile)
    const failed = await run(process.execPath, ['--import', 'tsx', 'cli/main.ts', 'status', '--url', url]).then(
      () => null,
      (e: { code: number; stderr: string }) => e,
    )
    expect(failed?.code).toBe(1)
    expect(failed?.stderr).toMatch(/No Connect REST API answers at http:\/\/127\.0\.0\.1:1 .*connectless standalone/)
  })
})
