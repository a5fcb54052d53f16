/** Sends requests to the REST core as a client would write them: `GET /connectors?expand=status`. */
import type { ConnectApi, RestResponse } from '../../../layers/runtime/rest/connect-api.js'

export interface Answer {
  readonly status: number
  readonly headers: Readonly<Record<string, string>>
  /** The body parsed as JSON; `null` when there is none. */
  readonly json: unknown
  readonly raw: RestResponse
}

export async function send(api: ConnectApi, method: string, target: string, body?: unknown): Promise<Answer> {
  const url = new URL(target, 'http://connect:8083')
  const query: Record<string, string[]> = {}
  for (const [k, v] of url.searchParams) query[k] = [...(query[k] ?? []), v]
  const text = body === undefined ? null : typeof body === 'string' ? body : JSON.stringify(body)
  const raw = await api({ method, path: url.pathname, query, body: text })
  return { status: raw.status, headers: raw.headers, json: raw.body ? (JSON.parse(raw.body) as unknown) : null, raw }
}
