/**
 * Kafka Connect's REST API as one function from request to response, over a {@link ConnectApiBackend}:
 * Connect's resources (`RootResource`, `ConnectorsResource`, `ConnectorPluginsResource`), Jersey's
 * 404/405 answers and Connect's exception mapper (`{"error_code": …, "message": …}`). The Lambda
 * handler behind API Gateway and the standalone runner's HTTP server both call it.
 *
 * @example
 * const api = connectApi(backend)
 * const res = await api({ method: 'GET', path: '/connectors/s3-sink/status', query: {}, body: null })
 * // { status: 200, headers: { 'Content-Type': 'application/json' }, body: '{"name":"s3-sink",…}' }
 */
import { logger } from '../logging.js'
import type { ConnectApiBackend } from './backend.js'
import { connectorPluginsRoutes } from './connector-plugins-resource.js'
import { connectorsRoutes } from './connectors-resource.js'
import type { ErrorMessage } from './entities.js'
import { statusOf } from './rest-exception.js'
import { rootRoutes } from './root-resource.js'
import { type Reply, type RestRequest, type RestResponse, Router } from './router.js'

export type { RestRequest, RestResponse } from './router.js'

export type ConnectApi = (request: RestRequest) => Promise<RestResponse>

const JSON_TYPE = { 'Content-Type': 'application/json' } as const

function toResponse(reply: Reply, head: boolean): RestResponse {
  const hasBody = reply.entity !== undefined
  return {
    status: reply.status,
    headers: { ...(hasBody ? JSON_TYPE : {}), ...reply.headers },
    body: hasBody && !head ? JSON.stringify(reply.entity) : null,
  }
}

function errorResponse(error: unknown, request: RestRequest): RestResponse {
  const status = statusOf(error)
  const message = error instanceof Error ? error.message : String(error)
  if (status >= 500)
    logger.error('Uncaught exception in REST call', { method: request.method, path: request.path, error })
  else logger.debug('REST call failed', { method: request.method, path: request.path, status, message })
  const body: ErrorMessage = { error_code: status, message }
  return { status, headers: JSON_TYPE, body: JSON.stringify(body) }
}

export function connectApi(backend: ConnectApiBackend): ConnectApi {
  const router = new Router([...rootRoutes(backend), ...connectorsRoutes(backend), ...connectorPluginsRoutes(backend)])
  return async (request) => {
    try {
      const resolved = router.resolve(request.method, request.path)
      if ('allowed' in resolved) {
        return {
          status: 200,
          headers: { 'Content-Type': 'text/plain', Allow: resolved.allowed.join(',') },
          body: resolved.allowed.join(', '),
        }
      }
      const reply = await resolved.route.handle({ params: resolved.params, query: request.query, body: request.body })
      return toResponse(reply, request.method.toUpperCase() === 'HEAD')
    } catch (e) {
      return errorResponse(e, request)
    }
  }
}
