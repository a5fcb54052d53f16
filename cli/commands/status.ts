/**
 * `connectless status [name]`: what a running standalone runner (or any Connect REST API) says about
 * its connectors — state of the connector and of each task, with the trace of a failure — and, where
 * the API keeps them (the standalone runner's `/connectors/{name}/metrics`), the records each task
 * read, wrote, filtered, failed and sent to the dead letter queue. The numbers are the REST API's.
 */
import { readFileSync } from 'node:fs'
import { parseArgs } from 'node:util'
import { parseWorkerProperties } from '../../layers/runtime/config/worker-properties.js'
import type {
  ConnectorMetrics,
  ConnectorStateInfo,
  ErrorMessage,
  RecordCounts,
} from '../../layers/runtime/rest/entities.js'
import { type Command, UsageError } from '../command.js'
import { DEFAULT_REST_HOST, DEFAULT_REST_PORT, restListener, restUrl } from '../standalone/rest-listener.js'

/** One connector as the status command shows it. */
export interface ConnectorReport {
  readonly status: ConnectorStateInfo
  /** Absent where the API keeps no counts (Connect, connectless on AWS). */
  readonly metrics?: ConnectorMetrics
}

class ApiError extends Error {}

async function getJson(base: string, path: string): Promise<{ status: number; body: unknown }> {
  let res: Response
  try {
    res = await fetch(`${base}${path}`, { headers: { Accept: 'application/json' } })
  } catch (e) {
    const cause = e instanceof Error && e.cause instanceof Error ? e.cause.message : String(e)
    throw new ApiError(
      `No Connect REST API answers at ${base} (${cause}): is \`connectless standalone\` running? Give its address with --url, or its worker properties with --worker`,
    )
  }
  const text = await res.text()
  let body: unknown = null
  try {
    body = text === '' ? null : JSON.parse(text)
  } catch {
    throw new ApiError(`${base}${path} answered ${res.status} with something other than JSON: ${text.slice(0, 200)}`)
  }
  return { status: res.status, body }
}

function failure(path: string, answer: { status: number; body: unknown }): ApiError {
  const message = (answer.body as ErrorMessage | null)?.message ?? JSON.stringify(answer.body)
  return new ApiError(`${path}: ${answer.status} ${message}`)
}

/** What the API says about one connector, or every connector. */
export async function fetchReports(base: string, name?: string): Promise<ConnectorReport[]> {
  if (name !== undefined) {
    const path = `/connectors/${encodeURIComponent(name)}`
    const status = await getJson(base, `${path}/status`)
    if (status.status !== 200) throw failure(`${path}/status`, status)
    const metrics = await getJson(base, `${path}/metrics`)
    return [
      {
        status: status.body as ConnectorStateInfo,
        ...(metrics.status === 200 ? { metrics: metrics.body as ConnectorMetrics } : {}),
      },
    ]
  }
  const all = await getJson(base, '/connectors?expand=status&expand=metrics')
  if (all.status !== 200) throw failure('/connectors', all)
  const byName = all.body as Record<string, { status?: ConnectorStateInfo; metrics?: ConnectorMetrics }>
  return Object.keys(byName)
    .sort()
    .flatMap((n) => {
      const entry = byName[n]
      if (!entry?.status) return []
      return [{ status: entry.status, ...(entry.metrics ? { metrics: entry.metrics } : {}) }]
    })
}

const COLUMNS = ['CONNECTOR', 'TYPE', 'TASK', 'STATE', 'READ', 'WRITTEN', 'FILTERED', 'FAILED', 'TO DLQ', 'WORKER']
const NUMERIC = new Set(['READ', 'WRITTEN', 'FILTERED', 'FAILED', 'TO DLQ'])

function countCells(c: RecordCounts | undefined): string[] {
  if (c === undefined) return ['-', '-', '-', '-', '-']
  return [c.records_read, c.records_written, c.records_filtered, c.records_failed, c.records_to_dlq].map(String)
}

/** The table `connectless status` prints: a line per connector (its totals), then one per task; traces after. */
export function renderReports(reports: readonly ConnectorReport[]): string {
  if (reports.length === 0) return 'No connectors.\n'
  const rows: string[][] = []
  const traces: string[] = []
  for (const { status, metrics } of reports) {
    rows.push([
      status.name,
      status.type,
      '',
      status.connector.state,
      ...countCells(metrics?.connector),
      status.connector.worker_id,
    ])
    if (status.connector.trace) traces.push(`${status.name}: ${status.connector.state}\n${status.connector.trace}`)
    for (const task of status.tasks) {
      const counts = metrics?.tasks.find((t) => t.id === task.id)
      rows.push(['', '', String(task.id), task.state, ...countCells(counts), task.worker_id])
      if (task.trace) traces.push(`${status.name} task ${task.id}: ${task.state}\n${task.trace}`)
    }
  }
  const widths = COLUMNS.map((c, i) => Math.max(c.length, ...rows.map((r) => (r[i] ?? '').length)))
  const line = (cells: readonly string[]) =>
    cells
      .map((cell, i) =>
        NUMERIC.has(COLUMNS[i] as string) ? cell.padStart(widths[i] ?? 0) : cell.padEnd(widths[i] ?? 0),
      )
      .join('  ')
      .trimEnd()
  const out = [line(COLUMNS), ...rows.map(line)]
  for (const trace of traces) out.push('', trace.trimEnd())
  return `${out.join('\n')}\n`
}

/** The REST API's address: --url, else the worker properties' listener, else 127.0.0.1:8083. */
export function apiUrl(options: { url?: string | undefined; worker?: string | undefined }): string {
  if (options.url !== undefined) return options.url.replace(/\/+$/, '')
  if (options.worker !== undefined) {
    const { properties } = parseWorkerProperties(readFileSync(options.worker, 'utf8'))
    const listener = restListener(properties)
    if (listener.port === 0) throw new UsageError(`${options.worker} lets the runner pick its port: give --url`)
    return restUrl(listener.advertisedHost ?? listener.host, listener.advertisedPort ?? listener.port)
  }
  return restUrl(DEFAULT_REST_HOST, DEFAULT_REST_PORT)
}

export const statusCommand: Command = {
  name: 'status',
  summary: "connectors' and tasks' states and record counts from a running standalone runner's REST API",
  usage: 'connectless status [connector] [--url http://127.0.0.1:8083 | --worker worker.properties] [--json]',
  async run(args) {
    let parsed: ReturnType<typeof parse>
    try {
      parsed = parse(args)
    } catch (e) {
      throw new UsageError(e instanceof Error ? e.message : String(e))
    }
    const { values, positionals } = parsed
    if (positionals.length > 1) throw new UsageError(`expected at most one connector name, got ${positionals.length}`)
    const base = apiUrl({ url: values.url, worker: values.worker })
    let reports: ConnectorReport[]
    try {
      reports = await fetchReports(base, positionals[0])
    } catch (e) {
      if (!(e instanceof ApiError)) throw e
      process.stderr.write(`connectless status: ${e.message}\n`)
      return 1
    }
    process.stdout.write(values.json ? `${JSON.stringify(reports, null, 2)}\n` : renderReports(reports))
    return 0
  },
}

function parse(args: readonly string[]) {
  return parseArgs({
    args: [...args],
    allowPositionals: true,
    options: {
      url: { type: 'string' },
      worker: { type: 'string' },
      json: { type: 'boolean', default: false },
    },
  })
}
