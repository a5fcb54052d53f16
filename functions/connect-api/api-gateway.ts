/**
 * API Gateway's Lambda proxy events and results, both kinds: REST APIs (payload format 1.0) and HTTP
 * APIs (payload format 2.0); turned into the REST core's request and back.
 *
 * The path is taken from the `{proxy+}` path parameter where the route has one (so a stage name or a
 * custom domain's base path never gets in the way), else from the event's path without the stage.
 */
import type { RestRequest, RestResponse } from '../../layers/runtime/rest/router.js'

/** A REST API (v1) proxy event: the fields read here. */
export interface ApiGatewayProxyEvent {
  readonly resource: string
  readonly path: string
  readonly httpMethod: string
  readonly headers: Readonly<Record<string, string | undefined>> | null
  readonly queryStringParameters: Readonly<Record<string, string | undefined>> | null
  readonly multiValueQueryStringParameters: Readonly<Record<string, readonly string[] | undefined>> | null
  readonly pathParameters: Readonly<Record<string, string | undefined>> | null
  readonly requestContext: { readonly stage: string; readonly path?: string; readonly requestId?: string }
  readonly body: string | null
  readonly isBase64Encoded: boolean
}

/** An HTTP API (v2) event: the fields read here. */
export interface ApiGatewayProxyEventV2 {
  readonly version: '2.0'
  readonly routeKey: string
  readonly rawPath: string
  readonly rawQueryString: string
  readonly headers?: Readonly<Record<string, string | undefined>>
  readonly pathParameters?: Readonly<Record<string, string | undefined>>
  readonly requestContext: {
    readonly stage: string
    readonly requestId?: string
    readonly http: { readonly method: string; readonly path: string }
  }
  readonly body?: string
  readonly isBase64Encoded: boolean
}

export type ApiGatewayEvent = ApiGatewayProxyEvent | ApiGatewayProxyEventV2

/** The proxy integration's result (the same shape serves both payload formats). */
export interface ApiGatewayResult {
  readonly statusCode: number
  readonly headers: Readonly<Record<string, string>>
  readonly body: string
  readonly isBase64Encoded: boolean
}

export function isHttpApiEvent(event: ApiGatewayEvent): event is ApiGatewayProxyEventV2 {
  return (event as { version?: unknown }).version === '2.0'
}

/** `{proxy+}` holds the decoded path; encode each segment again so the router decodes it once. */
function fromProxy(proxy: string): string {
  return `/${proxy
    .split('/')
    .map((s) => encodeURIComponent(s))
    .join('/')}`
}

function withoutStage(path: string, stage: string): string {
  if (stage === '$default' || stage === '') return path
  const prefix = `/${stage}`
  if (path === prefix) return '/'
  return path.startsWith(`${prefix}/`) ? path.slice(prefix.length) : path
}

function bodyText(body: string | null | undefined, base64: boolean): string | null {
  if (body === null || body === undefined) return null
  return base64 ? Buffer.from(body, 'base64').toString('utf8') : body
}

function queryOf(event: ApiGatewayEvent): Record<string, string[]> {
  const out: Record<string, string[]> = {}
  if (isHttpApiEvent(event)) {
    for (const [k, v] of new URLSearchParams(event.rawQueryString)) {
      const values = out[k] ?? []
      values.push(v)
      out[k] = values
    }
    return out
  }
  for (const [k, values] of Object.entries(event.multiValueQueryStringParameters ?? {})) {
    if (values) out[k] = [...values]
  }
  for (const [k, v] of Object.entries(event.queryStringParameters ?? {})) {
    if (v !== undefined && out[k] === undefined) out[k] = [v]
  }
  return out
}

/** The REST core's request for an API Gateway event. */
export function toRestRequest(event: ApiGatewayEvent): RestRequest {
  const proxy = event.pathParameters?.['proxy']
  if (isHttpApiEvent(event)) {
    return {
      method: event.requestContext.http.method,
      path: proxy !== undefined ? fromProxy(proxy) : withoutStage(event.rawPath, event.requestContext.stage),
      query: queryOf(event),
      body: bodyText(event.body, event.isBase64Encoded),
    }
  }
  return {
    method: event.httpMethod,
    path: proxy !== undefined ? fromProxy(proxy) : event.path,
    query: queryOf(event),
    body: bodyText(event.body, event.isBase64Encoded),
  }
}

/** The proxy result for the REST core's response. */
export function toApiGatewayResult(response: RestResponse): ApiGatewayResult {
  return {
    statusCode: response.status,
    headers: { ...response.headers },
    body: response.body ?? '',
    isBase64Encoded: false,
  }
}
