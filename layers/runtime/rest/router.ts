/**
 * Framework-free HTTP routing as Jersey does it for Connect's resources: a path matches a route
 * template segment by segment (`/connectors/{connector}/status`), percent-encoding is decoded per
 * segment, a trailing slash is ignored; a path no route has is 404 `HTTP 404 Not Found`, a method
 * the path does not take is 405 `HTTP 405 Method Not Allowed`; `HEAD` is answered as `GET` without a
 * body and `OPTIONS` with the allowed methods.
 */
import { BadRequestException, methodNotAllowed, pathNotFound } from './rest-exception.js'

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE'

/** One HTTP request, as an API Gateway event or a Node server gives it. */
export interface RestRequest {
  readonly method: string
  /** The path as sent (percent-encoded), without any API Gateway stage: `/connectors/my%20sink/status`. */
  readonly path: string
  /** The query parameters; a repeated parameter has all its values, in order. */
  readonly query: Readonly<Record<string, readonly string[]>>
  /** The body as text; `null` when there is none. */
  readonly body: string | null
}

export interface RestResponse {
  readonly status: number
  readonly headers: Readonly<Record<string, string>>
  /** The body as text; `null` for none (202, 204). */
  readonly body: string | null
}

/** What a route handler sees. */
export interface RouteContext {
  /** The decoded path parameters by name. */
  readonly params: Readonly<Record<string, string>>
  readonly query: Readonly<Record<string, readonly string[]>>
  readonly body: string | null
}

/** A handler's answer: a status and the entity to send as JSON (`undefined`: no body). */
export interface Reply {
  readonly status: number
  readonly entity?: unknown
  readonly headers?: Readonly<Record<string, string>>
}

export interface Route {
  readonly method: HttpMethod
  /** A template such as `/connectors/{connector}/tasks/{task}/status`. */
  readonly path: string
  readonly handle: (context: RouteContext) => Promise<Reply>
}

interface CompiledRoute extends Route {
  readonly segments: readonly string[]
}

const splitTemplate = (template: string) => template.split('/').filter((s) => s !== '')

/** Splits a request path into decoded segments; `null` when it cannot name a resource (empty segment). */
function splitPath(path: string): string[] | null {
  const trimmed = path.startsWith('/') ? path.slice(1) : path
  if (trimmed === '') return []
  const raw = trimmed.split('/')
  if (raw[raw.length - 1] === '') raw.pop() // `/connectors/` is `/connectors`, as in Jersey
  if (raw.some((s) => s === '')) return null
  try {
    return raw.map((s) => decodeURIComponent(s))
  } catch {
    throw new BadRequestException(`Invalid percent-encoding in the request path ${path}`)
  }
}

function match(route: CompiledRoute, segments: readonly string[]): Record<string, string> | null {
  if (route.segments.length !== segments.length) return null
  const params: Record<string, string> = {}
  for (let i = 0; i < segments.length; i++) {
    const template = route.segments[i] as string
    const actual = segments[i] as string
    if (template.startsWith('{') && template.endsWith('}')) params[template.slice(1, -1)] = actual
    else if (template !== actual) return null
  }
  return params
}

export class Router {
  readonly #routes: CompiledRoute[]

  constructor(routes: readonly Route[]) {
    this.#routes = routes.map((r) => ({ ...r, segments: splitTemplate(r.path) }))
  }

  /**
   * Finds the route for a request. Throws the 404 or 405 Jersey would answer; `OPTIONS` gives the
   * methods the path takes instead of a route.
   */
  resolve(
    method: string,
    path: string,
  ): { route: Route; params: Record<string, string> } | { allowed: readonly string[] } {
    const segments = splitPath(path)
    if (segments === null) throw pathNotFound()
    const candidates: Array<{ route: CompiledRoute; params: Record<string, string> }> = []
    for (const route of this.#routes) {
      const params = match(route, segments)
      if (params) candidates.push({ route, params })
    }
    if (candidates.length === 0) throw pathNotFound()
    const wanted = method.toUpperCase() === 'HEAD' ? 'GET' : method.toUpperCase()
    const found = candidates.find((c) => c.route.method === wanted)
    if (found) return found
    if (method.toUpperCase() === 'OPTIONS') {
      const methods = candidates.map((c) => c.route.method as string)
      if (methods.includes('GET')) methods.unshift('HEAD')
      return { allowed: [...methods, 'OPTIONS'] }
    }
    throw methodNotAllowed()
  }
}
