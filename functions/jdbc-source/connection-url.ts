/**
 * `connection.url` as pgjdbc reads it (`jdbc:postgresql://host1:5432,host2/db?sslmode=require&…`),
 * turned into the options the `pg` client needs. Parameters in the URL win over `connection.user`,
 * `connection.password` and the `connection.<property>` pass-through keys, as pgjdbc's `parseURL`
 * lets them. Only PostgreSQL URLs are accepted: connectless has no other dialect.
 */

import { Password } from '../../layers/runtime/config/password.js'
import { ConfigException } from '../../layers/runtime/errors.js'

export const SslMode = {
  DISABLE: 'disable',
  ALLOW: 'allow',
  PREFER: 'prefer',
  REQUIRE: 'require',
  VERIFY_CA: 'verify-ca',
  VERIFY_FULL: 'verify-full',
} as const
export type SslMode = (typeof SslMode)[keyof typeof SslMode]

export interface HostAndPort {
  readonly host: string
  readonly port: number
}

/** Where and how to connect; the password is a {@link Password}, so it never prints. */
export interface PgConnectionOptions {
  /** Tried in order until one accepts the connection (pgjdbc's multi-host URL). */
  readonly hosts: readonly HostAndPort[]
  /** Empty: the server's default, the user's name. */
  readonly database: string
  readonly user: string | null
  readonly password: Password | null
  readonly sslMode: SslMode
  /** `sslfactory=org.postgresql.ssl.NonValidatingFactory`: encrypt without checking the certificate. */
  readonly sslNonValidating: boolean
  readonly sslRootCert: string | null
  readonly sslCert: string | null
  readonly sslKey: string | null
  readonly sslPassword: Password | null
  /** pgjdbc's `loginTimeout`, else `connectTimeout` (default 10 s), in milliseconds. */
  readonly connectTimeoutMs: number
  /** pgjdbc's `socketTimeout` in milliseconds; 0 waits forever. */
  readonly socketTimeoutMs: number
  readonly applicationName: string | null
  /** Startup `options`, with `currentSchema` as `-c search_path=…`. */
  readonly options: string | null
  readonly keepAlive: boolean
  /** URL parameters connectless does not apply, for a warning. */
  readonly ignoredParameters: readonly string[]
}

const PREFIX = 'jdbc:postgresql:'
const DEFAULT_PORT = 5432
const NON_VALIDATING_FACTORY = 'org.postgresql.ssl.NonValidatingFactory'

// Parameters that change nothing here: fetch sizes, statement caches, driver logging.
const WITHOUT_EFFECT = new Set([
  'defaultRowFetchSize',
  'prepareThreshold',
  'preparedStatementCacheQueries',
  'preparedStatementCacheSizeMiB',
  'binaryTransfer',
  'stringtype',
  'reWriteBatchedInserts',
  'loggerLevel',
  'loggerFile',
  'assumeMinServerVersion',
  'readOnly',
])

/**
 * `connection.url` with every `…password…=` parameter masked, as Confluent's `sanitizedUrl` shows it
 * (also after `;`, the separator of other databases' URLs, which are only ever shown to be rejected).
 */
export function sanitizedUrl(url: string): string {
  return url.replace(/([?&;]([^=&;]*)password([^=&;]*)=)[^&;]*/gi, '$1****')
}

function invalid(url: string, reason: string): ConfigException {
  return ConfigException.invalid('connection.url', sanitizedUrl(url), reason)
}

function decode(url: string, text: string): string {
  try {
    return decodeURIComponent(text.replace(/\+/g, ' '))
  } catch {
    throw invalid(url, `cannot decode '${text}'`)
  }
}

function parseHosts(url: string, text: string): HostAndPort[] {
  if (text === '') return [{ host: 'localhost', port: DEFAULT_PORT }]
  return text.split(',').map((entry) => {
    const ipv6 = /^\[([^\]]+)\](?::(\d*))?$/.exec(entry)
    const [host, port] = ipv6 ? [ipv6[1]!, ipv6[2]] : (entry.split(':') as [string, string | undefined])
    if (!ipv6 && entry.split(':').length > 2) throw invalid(url, `cannot read host '${entry}'`)
    const portNumber = port === undefined || port === '' ? DEFAULT_PORT : Number(port)
    if (!Number.isInteger(portNumber) || portNumber < 1 || portNumber > 65535) {
      throw invalid(url, `invalid port number in '${entry}'`)
    }
    return { host: host === '' ? 'localhost' : host, port: portNumber }
  })
}

function parseParameters(url: string, query: string): Map<string, string> {
  const params = new Map<string, string>()
  for (const token of query.split('&')) {
    if (token === '') continue
    const eq = token.indexOf('=')
    const name = eq < 0 ? token : token.slice(0, eq)
    params.set(decode(url, name), eq < 0 ? '' : decode(url, token.slice(eq + 1)))
  }
  return params
}

function seconds(url: string, name: string, value: string | undefined): number | null {
  if (value === undefined) return null
  const n = Number(value)
  if (value.trim() === '' || !Number.isFinite(n) || n < 0) throw invalid(url, `${name} must be a number of seconds`)
  return Math.round(n * 1000)
}

function sslModeOf(url: string, params: ReadonlyMap<string, string>): SslMode {
  const mode = params.get('sslmode')
  if (mode !== undefined) {
    const known = Object.values(SslMode) as string[]
    if (!known.includes(mode)) throw invalid(url, `sslmode must be one of ${known.join(', ')}`)
    return mode as SslMode
  }
  const ssl = params.get('ssl')
  if (ssl !== undefined && ssl !== 'false') return SslMode.VERIFY_FULL
  return SslMode.PREFER
}

/**
 * Reads a `jdbc:postgresql:` URL, merged with the connector's credentials and `connection.<property>`
 * keys. Throws a `ConfigException` on `connection.url` (password masked) for any other URL.
 */
export function parseConnectionUrl(
  url: string,
  credentials: { readonly user: string | null; readonly password: Password | null },
  driverProperties: Readonly<Record<string, string>> = {},
): PgConnectionOptions {
  if (!url.startsWith(PREFIX)) {
    const scheme = /^jdbc:([a-z0-9]+):/i.exec(url)?.[1]
    const why =
      scheme === undefined
        ? 'expected a JDBC URL of the form jdbc:postgresql://host:port/database'
        : `connectless reads PostgreSQL only (jdbc:postgresql://host:port/database), not '${scheme}'`
    throw invalid(url, why)
  }
  const rest = url.slice(PREFIX.length)
  const question = rest.indexOf('?')
  const server = question < 0 ? rest : rest.slice(0, question)
  const params = new Map(Object.entries(driverProperties))
  for (const [k, v] of parseParameters(url, question < 0 ? '' : rest.slice(question + 1))) params.set(k, v)

  let hosts: HostAndPort[]
  let database: string
  if (server.startsWith('//')) {
    const slash = server.indexOf('/', 2)
    hosts = parseHosts(url, slash < 0 ? server.slice(2) : server.slice(2, slash))
    database = slash < 0 ? '' : decode(url, server.slice(slash + 1))
  } else {
    hosts = [{ host: 'localhost', port: DEFAULT_PORT }]
    database = decode(url, server.startsWith('/') ? server.slice(1) : server)
  }
  if (database.includes('/')) throw invalid(url, `cannot read database name '${database}'`)

  const user = params.get('user') ?? credentials.user
  const passwordParam = params.get('password')
  const password = passwordParam !== undefined ? new Password(passwordParam) : credentials.password
  const currentSchema = params.get('currentSchema')
  const options = [params.get('options'), currentSchema === undefined ? undefined : `-c search_path=${currentSchema}`]
    .filter((o): o is string => o !== undefined && o !== '')
    .join(' ')
  const sslPassword = params.get('sslpassword')

  const handled = new Set([
    'user',
    'password',
    'ssl',
    'sslmode',
    'sslfactory',
    'sslrootcert',
    'sslcert',
    'sslkey',
    'sslpassword',
    'connectTimeout',
    'loginTimeout',
    'socketTimeout',
    'ApplicationName',
    'currentSchema',
    'options',
    'tcpKeepAlive',
  ])
  const ignoredParameters = [...params.keys()].filter((k) => !handled.has(k) && !WITHOUT_EFFECT.has(k))

  return {
    hosts,
    database,
    user: user ?? null,
    password: password ?? null,
    sslMode: sslModeOf(url, params),
    sslNonValidating: params.get('sslfactory') === NON_VALIDATING_FACTORY,
    sslRootCert: params.get('sslrootcert') ?? null,
    sslCert: params.get('sslcert') ?? null,
    sslKey: params.get('sslkey') ?? null,
    sslPassword: sslPassword === undefined ? null : new Password(sslPassword),
    connectTimeoutMs:
      seconds(url, 'loginTimeout', params.get('loginTimeout')) ??
      seconds(url, 'connectTimeout', params.get('connectTimeout')) ??
      10_000,
    socketTimeoutMs: seconds(url, 'socketTimeout', params.get('socketTimeout')) ?? 0,
    applicationName: params.get('ApplicationName') ?? null,
    options: options === '' ? null : options,
    keepAlive: params.get('tcpKeepAlive') === 'true',
    ignoredParameters,
  }
}
