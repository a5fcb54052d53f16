/**
 * The REST API on a Node HTTP server, as a Connect worker listens on :8083: the standalone runner
 * serves its backend with it.
 *
 * @example
 * const server = await serveConnectApi(connectApi(backend), { port: 8083 })
 * // … later
 * await closeServer(server)
 */
import { createServer, type IncomingMessage, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { logger } from '../logging.js'
import type { ConnectApi } from './connect-api.js'
import type { RestRequest } from './router.js'

/** Request bodies larger than this are refused (connector configs are a few KB). */
const MAX_BODY_BYTES = 1024 * 1024

async function readBody(req: IncomingMessage): Promise<string | null> {
  const chunks: Buffer[] = []
  let size = 0
  for await (const chunk of req) {
    const buffer = chunk as Buffer
    size += buffer.length
    if (size > MAX_BODY_BYTES) throw new Error(`Request body larger than ${MAX_BODY_BYTES} bytes`)
    chunks.push(buffer)
  }
  return chunks.length === 0 ? null : Buffer.concat(chunks).toString('utf8')
}

export async function toRestRequest(req: IncomingMessage): Promise<RestRequest> {
  const url = new URL(req.url ?? '/', 'http://localhost')
  const query: Record<string, string[]> = {}
  for (const [key, value] of url.searchParams) query[key] = [...(query[key] ?? []), value]
  return { method: req.method ?? 'GET', path: url.pathname, query, body: await readBody(req) }
}

/** Starts serving `api`; resolves once the server listens (port 0 picks a free port: see `server.address()`). */
export function serveConnectApi(api: ConnectApi, options: { port: number; host?: string }): Promise<Server> {
  const server = createServer((req, res) => {
    toRestRequest(req)
      .then(api)
      .then((response) => {
        res.writeHead(response.status, response.headers)
        res.end(response.body ?? undefined)
      })
      .catch((error: unknown) => {
        logger.error('The REST server could not answer a request', { method: req.method, url: req.url, error })
        const message = error instanceof Error ? error.message : String(error)
        res.writeHead(400, { 'Content-Type': 'application/json' })
        res.end(JSON.stringify({ error_code: 400, message }))
      })
  })
  return new Promise((resolve, reject) => {
    server.once('error', reject)
    server.listen(options.port, options.host ?? '127.0.0.1', () => {
      server.off('error', reject)
      resolve(server)
    })
  })
}

/** The port the server listens on. */
export function serverPort(server: Server): number {
  return (server.address() as AddressInfo).port
}

export function closeServer(server: Server): Promise<void> {
  return new Promise((resolve, reject) => server.close((e) => (e ? reject(e) : resolve())))
}
