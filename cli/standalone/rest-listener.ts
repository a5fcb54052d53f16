/**
 * Where the standalone runner serves the REST API, from the worker properties as a Connect worker
 * reads them: `listeners` (Connect 2.x+: `http://host:port`, the first HTTP one), else the older
 * `rest.host.name` and `rest.port`; without either, 127.0.0.1:8083 (Connect listens on every
 * interface by default; a laptop runner answers locally unless told otherwise). `rest.advertised.*`
 * name the worker in statuses (`worker_id`), as in Connect.
 */
import type { ConfigProps } from '../../layers/runtime/config/parsed-config.js'
import { ConfigException } from '../../layers/runtime/errors.js'

export const DEFAULT_REST_HOST = '127.0.0.1'
export const DEFAULT_REST_PORT = 8083

export interface RestListener {
  /** The interface to bind: `0.0.0.0` for every one. */
  readonly host: string
  /** 0 picks a free port. */
  readonly port: number
  /** `rest.advertised.host.name` / `rest.advertised.port`, where set. */
  readonly advertisedHost: string | null
  readonly advertisedPort: number | null
}

function port(text: string, key: string): number {
  const trimmed = text.trim()
  const n = Number(trimmed)
  if (!/^[0-9]+$/.test(trimmed) || !Number.isInteger(n) || n > 65535) {
    throw new ConfigException(`Invalid value ${trimmed} for configuration ${key}: a TCP port (0-65535) is expected`, {
      key,
    })
  }
  return n
}

function setting(worker: ConfigProps, key: string): string | null {
  const value = worker[key]
  return value === undefined || value === null || value.trim() === '' ? null : value.trim()
}

const LISTENER = /^([A-Za-z][A-Za-z0-9+.-]*):\/\/(\[[^\]]*\]|[^:/]*):([0-9]+)\/?$/

/** The listener the worker properties ask for. */
export function restListener(worker: ConfigProps): RestListener {
  const advertisedHost = setting(worker, 'rest.advertised.host.name')
  const advertisedPortText = setting(worker, 'rest.advertised.port')
  const advertised = {
    advertisedHost,
    advertisedPort: advertisedPortText === null ? null : port(advertisedPortText, 'rest.advertised.port'),
  }
  const listeners = setting(worker, 'listeners')
  if (listeners !== null) {
    const entries = listeners
      .split(',')
      .map((l) => l.trim())
      .filter((l) => l !== '')
    const parsed = entries.map((l) => {
      const m = LISTENER.exec(l)
      if (!m) {
        throw new ConfigException(
          `Invalid value ${l} for configuration listeners: expected a URL such as http://127.0.0.1:8083`,
          { key: 'listeners' },
        )
      }
      return { scheme: (m[1] as string).toLowerCase(), host: (m[2] as string).replace(/^\[|\]$/g, ''), port: m[3] }
    })
    const http = parsed.find((l) => l.scheme === 'http')
    if (!http) {
      throw new ConfigException(
        `Invalid value ${listeners} for configuration listeners: the standalone runner serves HTTP only; add an http:// listener (HTTPS needs Connect's listeners.https.ssl.* keys, which it does not read)`,
        { key: 'listeners' },
      )
    }
    // Connect: an empty host listens on every interface
    return { host: http.host === '' ? '0.0.0.0' : http.host, port: port(http.port ?? '', 'listeners'), ...advertised }
  }
  const host = setting(worker, 'rest.host.name') ?? DEFAULT_REST_HOST
  const portText = setting(worker, 'rest.port')
  return { host, port: portText === null ? DEFAULT_REST_PORT : port(portText, 'rest.port'), ...advertised }
}

/** The URL clients use; a listener on every interface is reached at 127.0.0.1. */
export function restUrl(host: string, port: number): string {
  const reachable = host === '0.0.0.0' || host === '::' ? DEFAULT_REST_HOST : host
  return `http://${reachable.includes(':') ? `[${reachable}]` : reachable}:${port}`
}

/** The worker's id in statuses: Connect's `host:port` of the advertised (else the actual) listener. */
export function workerIdOf(listener: RestListener, actualPort: number): string {
  const host = listener.advertisedHost ?? (listener.host === '0.0.0.0' ? DEFAULT_REST_HOST : listener.host)
  return `${host}:${listener.advertisedPort ?? actualPort}`
}
