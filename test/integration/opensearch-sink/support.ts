/**
 * Helpers for the OpenSearch sink's integration tests: a started task with a capturing errant record
 * reporter, records, and plain HTTP calls to the local OpenSearch to look at what the task wrote.
 */
import { once } from 'node:events'
import { createServer } from 'node:net'
import { OpenSearchSinkTask } from '../../../functions/opensearch-sink/sink-task.js'
import type { Schema } from '../../../layers/runtime/data/schema.js'
import { SinkRecord } from '../../../layers/runtime/record/record.js'
import { endpoints } from '../../support/services.js'

export const OPENSEARCH = endpoints.opensearch.url

export interface Reported {
  readonly offset: number
  readonly key: unknown
  readonly error: unknown
}

export interface StartedTask {
  readonly task: OpenSearchSinkTask
  readonly reported: Reported[]
}

/** A started task for `props` (connection.url defaults to the local OpenSearch). */
export async function startTask(
  props: Record<string, string>,
  options: { reporter?: boolean } = {},
): Promise<StartedTask> {
  const reported: Reported[] = []
  const task = new OpenSearchSinkTask()
  await task.start({
    connector: 'opensearch-sink-it',
    taskId: 0,
    config: { 'connection.url': OPENSEARCH, ...props },
    errantRecordReporter:
      options.reporter === false
        ? null
        : {
            report: async (record, error) => {
              reported.push({ offset: record.kafkaOffset, key: record.key, error })
            },
          },
    remainingTimeMs: () => 120_000,
  })
  return { task, reported }
}

export function record(
  topic: string,
  offset: number,
  key: unknown,
  valueSchema: Schema | null,
  value: unknown,
  partition = 0,
): SinkRecord {
  return new SinkRecord({
    topic,
    kafkaPartition: partition,
    keySchema: null,
    key,
    valueSchema,
    value,
    timestamp: 1_700_000_000_000 + offset,
    kafkaOffset: offset,
  })
}

/** A call to the local OpenSearch; the answer's status and JSON body. */
export async function call(
  method: string,
  path: string,
  body?: unknown,
): Promise<{ status: number; json: Record<string, unknown> }> {
  const response = await fetch(`${OPENSEARCH}${path}`, {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  })
  const text = await response.text()
  return { status: response.status, json: text === '' ? {} : (JSON.parse(text) as Record<string, unknown>) }
}

export async function refresh(index: string): Promise<void> {
  await call('POST', `/${index}/_refresh`)
}

export async function count(index: string): Promise<number> {
  await refresh(index)
  return (await call('GET', `/${index}/_count`)).json['count'] as number
}

export interface Doc {
  readonly found: boolean
  readonly version: number | undefined
  readonly source: Record<string, unknown> | undefined
}

export async function getDoc(index: string, id: string): Promise<Doc> {
  const { json } = await call('GET', `/${index}/_doc/${encodeURIComponent(id)}`)
  return {
    found: json['found'] === true,
    version: json['_version'] as number | undefined,
    source: json['_source'] as Record<string, unknown> | undefined,
  }
}

/** The ids and versions of every document of an index, sorted by id. */
export async function versions(index: string): Promise<Array<[string, number]>> {
  await refresh(index)
  const { json } = await call('POST', `/${index}/_search`, { size: 1000, version: true, query: { match_all: {} } })
  const hits = (json['hits'] as { hits: Array<{ _id: string; _version: number }> }).hits
  return hits.map((h): [string, number] => [h._id, h._version]).sort((a, b) => (a[0] < b[0] ? -1 : 1))
}

/** A TCP port on 127.0.0.1 where nothing listens. */
export async function closedPort(): Promise<number> {
  const server = createServer()
  server.listen(0, '127.0.0.1')
  await once(server, 'listening')
  const address = server.address()
  const port = typeof address === 'object' && address !== null ? address.port : 0
  server.close()
  await once(server, 'close')
  return port
}
