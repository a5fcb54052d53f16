/**
 * The connector's OpenSearch client (the part of Confluent's `ElasticsearchClient` that talks HTTP),
 * on `@opensearch-project/opensearch`: the calls the sink makes, each with Confluent's retries.
 *
 * Transport set-up from the config: every `connection.url` as a node (requests rotate; a failing node
 * is set aside and tried again later), basic auth, AWS SigV4 signing (the client's `AwsSigv4Signer`
 * with the default credential chain), TLS (`tls.ts`), an HTTP proxy, gzip, `read.timeout.ms` as the
 * request timeout and `connection.timeout.ms` as a timeout on establishing each connection. The
 * client's own retries are off: `callWithRetries` retries connection errors, timeouts and 429/5xx
 * answers with Confluent's jittered backoff; other answers (401, 403, 400) fail at once.
 */
import { Client, Connection, errors } from '@opensearch-project/opensearch'
import { AwsSigv4Signer } from '@opensearch-project/opensearch/aws-v3'
import { logger } from '../../layers/runtime/logging.js'
import type { BulkItemResponse } from './bulk-item-result.js'
import type { OpenSearchSinkConfig } from './config.js'
import { callWithRetries, type RetryOptions } from './retry.js'
import { tlsOptions } from './tls.js'

const RESOURCE_ALREADY_EXISTS_EXCEPTION = 'resource_already_exists_exception'
/** Only what the sink reads of a bulk answer: OpenSearch leaves the rest out. */
const BULK_FILTER_PATH = 'errors,items.*.status,items.*.error'

export const UNKNOWN_VERSION = 'Unknown'

/** A connection that gives up establishing its socket after `timeoutMs` (Apache's connect timeout). */
function withConnectTimeout(Base: typeof Connection, timeoutMs: number): typeof Connection {
  if (timeoutMs <= 0) return Base
  return class ConnectTimeoutConnection extends Base {
    override request(...args: Parameters<Connection['request']>): ReturnType<Connection['request']> {
      const request = super.request(...args)
      request.once('socket', (socket) => {
        if (!socket.connecting) return
        const timer = setTimeout(
          () => request.destroy(new Error(`Connect to ${this.url.host} timed out after ${timeoutMs} ms`)),
          timeoutMs,
        )
        const clear = () => clearTimeout(timer)
        socket.once('connect', clear)
        socket.once('close', clear)
      })
      return request
    }
  }
}

/** The HTTP status of a failed call, where the server answered. */
export function statusOf(error: unknown): number | null {
  return error instanceof errors.ResponseError ? error.statusCode : null
}

/**
 * Whether a failed call may succeed when tried again: no answer (connection refused or reset, a
 * timeout, every node down), or an answer of 429 or 5xx.
 */
export function isRetriable(error: unknown): boolean {
  if (
    error instanceof errors.ConnectionError ||
    error instanceof errors.TimeoutError ||
    error instanceof errors.NoLivingConnectionsError
  ) {
    return true
  }
  const status = statusOf(error)
  return status !== null && (status === 429 || status >= 500)
}

/** A failed call as a log line reads it (Java's `e.toString()`: class and message). */
export function describeError(error: unknown): string {
  const status = statusOf(error)
  if (status !== null) {
    const hint =
      status === 401 || status === 403
        ? ' (check connection.username and connection.password, or the IAM permissions for SigV4)'
        : ''
    return `${(error as Error).name}: HTTP ${status} ${(error as Error).message}${hint}`
  }
  if (error instanceof Error) return `${error.name}: ${error.message}`
  return String(error)
}

function hasErrorType(error: unknown, type: string): boolean {
  if (!(error instanceof errors.ResponseError)) return false
  const body: unknown = error.body
  return JSON.stringify(body ?? null).includes(type)
}

export interface ClientRetrySettings {
  readonly maxRetries: number
  readonly retryBackoffMs: number
  readonly readTimeoutMs: number
}

export class OpenSearchClient {
  private remainingTimeMs: () => number = () => Number.POSITIVE_INFINITY
  private esVersion: string = UNKNOWN_VERSION

  constructor(
    readonly client: Client,
    private readonly retry: ClientRetrySettings,
  ) {}

  /** A client for the config's URLs, auth, TLS, proxy and timeouts. */
  static fromConfig(config: OpenSearchSinkConfig): OpenSearchClient {
    let ConnectionClass: typeof Connection = Connection
    const options: ConstructorParameters<typeof Client>[0] = {
      nodes: [...config.connectionUrls],
      maxRetries: 0,
      requestTimeout: config.readTimeoutMs,
      resurrectStrategy: 'optimistic',
      enableMetaHeader: false,
    }
    if (config.sigv4 !== null) {
      const signer = AwsSigv4Signer({ region: config.sigv4.region, service: config.sigv4.service })
      ConnectionClass = signer.Connection
      options.Transport = signer.Transport
    }
    options.Connection = withConnectTimeout(ConnectionClass, config.connectionTimeoutMs)
    if (config.basicAuth !== null) {
      options.auth = { username: config.basicAuth.username, password: config.basicAuth.password.value() }
    }
    if (config.ssl !== null) options.ssl = tlsOptions(config.ssl)
    if (config.proxy !== null) {
      const proxy = new URL(`http://${config.proxy.host}:${config.proxy.port}`)
      if (config.proxy.username !== null) proxy.username = config.proxy.username
      if (config.proxy.password !== null) proxy.password = config.proxy.password.value()
      options.proxy = proxy
    }
    if (config.compression) {
      options.compression = 'gzip'
      options.suggestCompression = true
    }
    return new OpenSearchClient(new Client(options), {
      maxRetries: config.maxRetries,
      retryBackoffMs: config.retryBackoffMs,
      readTimeoutMs: config.readTimeoutMs,
    })
  }

  /** Bounds retrying by the invocation's remaining time. */
  setRemainingTime(remainingTimeMs: () => number): void {
    this.remainingTimeMs = remainingTimeMs
  }

  private options(): RetryOptions {
    return {
      maxTotalAttempts: this.retry.maxRetries + 1,
      initialBackoffMs: this.retry.retryBackoffMs,
      isRetriable,
      describe: describeError,
      remainingTimeMs: () => this.remainingTimeMs(),
      attemptTimeMs: this.retry.readTimeoutMs,
    }
  }

  private call<T>(description: string, fn: () => Promise<T>): Promise<T> {
    return callWithRetries(description, fn, this.options())
  }

  /** The server's version number (`GET /`), or `Unknown` where it cannot be read; one attempt. */
  async version(): Promise<string> {
    try {
      const response = await this.client.info()
      const body = response.body as { version?: { number?: unknown; distribution?: unknown } }
      const number = body.version?.number
      this.esVersion = typeof number === 'string' ? number : UNKNOWN_VERSION
    } catch (error) {
      logger.warn('Failed to get ES server version', { error: describeError(error) })
      this.esVersion = UNKNOWN_VERSION
    }
    return this.esVersion
  }

  indexExists(index: string): Promise<boolean> {
    return this.call(`check if index ${index} exists`, async () => {
      const response = await this.client.indices.exists({ index })
      return response.body === true
    })
  }

  /** Creates an index with no settings or mappings; false where it already exists. */
  createIndex(index: string): Promise<boolean> {
    return this.call(`create index ${index}`, async () => {
      try {
        await this.client.indices.create({ index })
        return true
      } catch (error) {
        if (hasErrorType(error, RESOURCE_ALREADY_EXISTS_EXCEPTION)) return false
        throw error
      }
    })
  }

  /** Creates a data stream (a matching index template must exist); false where it already exists. */
  createDataStream(name: string): Promise<boolean> {
    return this.call(`create data stream ${name}`, async () => {
      try {
        await this.client.indices.createDataStream({ name })
        return true
      } catch (error) {
        if (hasErrorType(error, RESOURCE_ALREADY_EXISTS_EXCEPTION)) return false
        throw error
      }
    })
  }

  /** Confluent's `createIndexOrDataStream`: nothing where it exists; false then. */
  async createIndexOrDataStream(name: string, dataStream: boolean): Promise<boolean> {
    if (await this.indexExists(name)) return false
    return dataStream ? this.createDataStream(name) : this.createIndex(name)
  }

  /** Whether the index has a non-empty mapping. */
  hasMapping(index: string): Promise<boolean> {
    return this.call(`get mapping for index ${index}`, async () => {
      const response = await this.client.indices.getMapping({ index })
      const body = response.body as Record<string, { mappings?: Record<string, unknown> } | undefined>
      const mappings = body[index]?.mappings
      return mappings !== undefined && Object.keys(mappings).length > 0
    })
  }

  /** Puts a mapping (JSON, from `buildMapping`); `schemaText` names the schema in messages. */
  createMapping(index: string, mapping: Buffer, schemaText: string): Promise<void> {
    return this.call(`create mapping for resource ${index} with schema ${schemaText}`, async () => {
      await this.client.transport.request(
        { method: 'PUT', path: `/${encodeURIComponent(index)}/_mapping`, body: mapping },
        { headers: { 'content-type': 'application/json' } },
      )
    })
  }

  /** Sends one bulk request (an NDJSON body); the items of the answer, in request order. */
  bulk(body: Buffer): Promise<readonly BulkItemResponse[]> {
    return this.call('execute bulk request', async () => {
      const response = await this.client.transport.request({
        method: 'POST',
        path: '/_bulk',
        bulkBody: body,
        querystring: { filter_path: BULK_FILTER_PATH },
      })
      return bulkItems(response.body)
    })
  }

  async close(): Promise<void> {
    await this.client.close()
  }
}

/** The items of a bulk answer (`{"errors":…,"items":[{"index":{"status":201}}, …]}`). */
export function bulkItems(body: unknown): BulkItemResponse[] {
  const items = (body as { items?: unknown } | null)?.items
  if (!Array.isArray(items)) {
    // with filter_path an answer without errors may still list every item; none listed means none sent
    return []
  }
  return items.map((item: unknown) => {
    const entry = item as Record<string, BulkItemResponse>
    const op = Object.keys(entry)[0]
    return op === undefined ? { status: 0 } : (entry[op] as BulkItemResponse)
  })
}
