/**
 * Opening the database connection as Confluent's `CachedConnectionProvider` does: up to
 * `connection.attempts` tries, `connection.backoff.ms` apart, each trying the URL's hosts in order.
 * Failures name the URL (passwords masked) and the user; the password itself never appears.
 * An unreachable or overloaded server fails with a `RetriableException`; bad credentials or a
 * missing database with a `ConnectException`.
 */
import { readFileSync } from 'node:fs'
import type { ConnectionOptions } from 'node:tls'
import pg from 'pg'
import { ConnectException, HIDDEN, RetriableException } from '../../layers/runtime/errors.js'
import type { JdbcSourceConfig } from './config.js'
import type { HostAndPort, PgConnectionOptions } from './connection-url.js'
import { describeDbError, ensureSession, isRetriable } from './session.js'

export interface ConnectOptions {
  /** Waits between attempts; a test passes one that does not sleep. */
  readonly sleep?: (ms: number) => Promise<void>
}

const sleepFor = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms))

function tlsOptions(options: PgConnectionOptions, verify: boolean): ConnectionOptions {
  const tls: ConnectionOptions = { rejectUnauthorized: verify && !options.sslNonValidating }
  if (options.sslRootCert !== null) tls.ca = readFileSync(options.sslRootCert)
  if (options.sslCert !== null) tls.cert = readFileSync(options.sslCert)
  if (options.sslKey !== null) tls.key = readFileSync(options.sslKey)
  if (options.sslPassword !== null) tls.passphrase = options.sslPassword.value()
  if (options.sslMode === 'verify-ca') tls.checkServerIdentity = () => undefined
  return tls
}

/** The TLS settings to try, in order, for an `sslmode`. */
function sslAttempts(options: PgConnectionOptions): (ConnectionOptions | false)[] {
  switch (options.sslMode) {
    case 'disable':
      return [false]
    case 'allow':
      return [false, tlsOptions(options, false)]
    case 'prefer':
      return [tlsOptions(options, false), false]
    case 'require':
      return [tlsOptions(options, options.sslRootCert !== null)]
    case 'verify-ca':
    case 'verify-full':
      return [tlsOptions(options, true)]
  }
}

function clientConfig(
  options: PgConnectionOptions,
  host: HostAndPort,
  ssl: ConnectionOptions | false,
): pg.ClientConfig {
  const config: pg.ClientConfig = {
    host: host.host,
    port: host.port,
    ssl,
    connectionTimeoutMillis: options.connectTimeoutMs,
    keepAlive: options.keepAlive,
  }
  if (options.database !== '') config.database = options.database
  if (options.user !== null) config.user = options.user
  if (options.password !== null) config.password = options.password.value()
  if (options.applicationName !== null) config.application_name = options.applicationName
  if (options.options !== null) config.options = options.options
  if (options.socketTimeoutMs > 0) config.query_timeout = options.socketTimeoutMs
  return config
}

function hasSqlState(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code
  return typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code)
}

async function tryConnect(options: PgConnectionOptions): Promise<pg.Client> {
  const errors: unknown[] = []
  for (const host of options.hosts) {
    // as libpq: sslmode allow/prefer fall back to the other setting whatever the first failure was
    for (const ssl of sslAttempts(options)) {
      const client = new pg.Client(clientConfig(options, host, ssl))
      // a connection dropped while idle must not crash the process: the next query fails instead
      client.on('error', () => {})
      try {
        await client.connect()
        await ensureSession(client)
        return client
      } catch (error) {
        errors.push(error)
        await client.end().catch(() => {})
      }
    }
  }
  // the server's own answer (bad credentials, no such database) explains more than a later refusal
  throw errors.find(hasSqlState) ?? errors.at(-1)
}

/**
 * Connects with `connection.attempts` tries, `connection.backoff.ms` apart. The failure names the
 * URL with passwords masked, the user and the database's reason.
 */
export async function openConnection(
  config: Pick<JdbcSourceConfig, 'connection' | 'connectionUrl' | 'connectionAttempts' | 'connectionBackoffMs'>,
  options: ConnectOptions = {},
): Promise<pg.Client> {
  const sleep = options.sleep ?? sleepFor
  const attempts = Math.max(1, config.connectionAttempts)
  let last: unknown
  for (let attempt = 1; attempt <= attempts; attempt++) {
    try {
      return await tryConnect(config.connection)
    } catch (error) {
      last = error
      if (attempt < attempts) await sleep(config.connectionBackoffMs)
    }
  }
  const user = config.connection.user === null ? '' : ` as user '${config.connection.user}'`
  let message = `Could not connect to ${config.connectionUrl}${user} after ${attempts} attempt${attempts === 1 ? '' : 's'}: ${describeDbError(last)}`
  const password = config.connection.password?.value()
  if (password !== undefined && password.length >= 4) message = message.replaceAll(password, HIDDEN)
  const code = (last as { code?: string } | undefined)?.code
  if (isRetriable(last) || code === undefined) throw new RetriableException(message, { cause: last })
  throw new ConnectException(message, { cause: last })
}
