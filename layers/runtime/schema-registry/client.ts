/**
 * A Confluent Schema Registry REST client, after Confluent's `CachedSchemaRegistryClient` and
 * `RestService`: register, look up, fetch by id and fetch the latest version, with caches so that a
 * schema id or a schema is asked for once.
 *
 * Requests go to the first of `schema.registry.url`'s URLs; a request that cannot connect, times out
 * or gets 408/429/5xx is retried (`max.retries`, random waits up to `retries.wait.ms` doubling to
 * `retries.max.wait.ms`) and then moves on to the next URL, as Confluent's `UrlList` does. Each
 * attempt is bounded by the connect and read timeouts, so a dead registry fails, never hangs.
 * Basic credentials are sent with every request, without waiting for a challenge (Apicurio sends
 * none). Node's `http`/`https` modules are used rather than `fetch` because a custom truststore
 * needs the TLS `ca` option, which `fetch` takes only through a dispatcher package.
 */
import http from 'node:http'
import https from 'node:https'
import { ConfigException } from '../errors.js'
import { RegistryFailure, SchemaRegistryError } from './errors.js'

export const SchemaType = { AVRO: 'AVRO', PROTOBUF: 'PROTOBUF', JSON: 'JSON' } as const
export type SchemaType = (typeof SchemaType)[keyof typeof SchemaType]

export interface SchemaReference {
  readonly name: string
  readonly subject: string
  readonly version: number
}

/** A schema as the registry stores it: its text, type and references. */
export interface RegisteredSchema {
  readonly schema: string
  readonly schemaType: SchemaType
  readonly references: readonly SchemaReference[]
}

/** A subject's version of a schema (`GET /subjects/{s}/versions/latest`). */
export interface SchemaMetadata extends RegisteredSchema {
  readonly subject: string
  readonly id: number
  readonly version: number
}

export interface SchemaRegistryClientOptions {
  /** Base URLs, tried in turn on connection failure; credentials in a URL are used with `credentialsSource: 'URL'`. */
  readonly urls: readonly string[]
  /** `URL` (credentials from the URL, Confluent's default) or `USER_INFO`. */
  readonly credentialsSource?: 'URL' | 'USER_INFO'
  /** `user:password` for `USER_INFO`. */
  readonly userInfo?: string | null
  /** Trusted CA certificates (PEM); null uses Node's default CAs. */
  readonly ca?: readonly string[] | null
  readonly connectTimeoutMs?: number
  readonly readTimeoutMs?: number
  readonly maxRetries?: number
  readonly retriesWaitMs?: number
  readonly retriesMaxWaitMs?: number
  /** Schemas cached per subject (`max.schemas.per.subject`). */
  readonly maxSchemasPerSubject?: number
  /** Seconds a latest version stays cached; negative: forever. */
  readonly latestCacheTtlSec?: number
  /** Extra request headers (Confluent's `request.header.*`). */
  readonly headers?: Readonly<Record<string, string>>
}

const CONTENT_TYPE = 'application/vnd.schemaregistry.v1+json'
const ACCEPT =
  'application/vnd.schemaregistry.v1+json, application/vnd.schemaregistry+json; qs=0.9, application/json; qs=0.5'
/** Confluent's code for an error body it cannot parse. */
const JSON_PARSE_ERROR_CODE = 50005

interface Endpoint {
  readonly base: URL
  readonly authorization: string | null
}

/** A bounded map: the oldest entry goes when it is full. */
class BoundedCache<K, V> {
  private readonly map = new Map<K, V>()
  constructor(private readonly capacity: number) {}
  get(key: K): V | undefined {
    return this.map.get(key)
  }
  set(key: K, value: V): void {
    if (this.map.size >= this.capacity && !this.map.has(key)) {
      const oldest = this.map.keys().next()
      if (!oldest.done) this.map.delete(oldest.value)
    }
    this.map.set(key, value)
  }
  delete(key: K): void {
    this.map.delete(key)
  }
}

export class SchemaRegistryClient {
  private readonly endpoints: readonly Endpoint[]
  private current = 0
  private readonly httpAgent: http.Agent
  private readonly httpsAgent: https.Agent
  private readonly connectTimeoutMs: number
  private readonly readTimeoutMs: number
  private readonly maxRetries: number
  private readonly retriesWaitMs: number
  private readonly retriesMaxWaitMs: number
  private readonly perSubject: number
  private readonly latestTtlMs: number
  private readonly extraHeaders: Readonly<Record<string, string>>

  /** id → schema; pending lookups are cached too, so concurrent readers share one request. */
  private readonly byId = new Map<number, Promise<RegisteredSchema>>()
  /** subject → (schema key → id), for register and lookup. */
  private readonly idBySchema = new Map<string, BoundedCache<string, Promise<number>>>()
  /** subject → (schema key → version). */
  private readonly versionBySchema = new Map<string, BoundedCache<string, Promise<number>>>()
  private readonly latest = new Map<string, { readonly value: Promise<SchemaMetadata>; readonly at: number }>()

  constructor(options: SchemaRegistryClientOptions) {
    if (options.urls.length === 0) throw new ConfigException('schema.registry.url must name at least one URL')
    const source = options.credentialsSource ?? 'URL'
    if (source === 'USER_INFO' && !options.userInfo) {
      throw new ConfigException('UserInfo must be provided when basic.auth.credentials.source is set to USER_INFO')
    }
    this.endpoints = options.urls.map((raw) => endpoint(raw, source, options.userInfo ?? null))
    this.connectTimeoutMs = options.connectTimeoutMs ?? 10_000
    this.readTimeoutMs = options.readTimeoutMs ?? 10_000
    this.maxRetries = options.maxRetries ?? 3
    this.retriesWaitMs = options.retriesWaitMs ?? 1000
    this.retriesMaxWaitMs = options.retriesMaxWaitMs ?? 20_000
    this.perSubject = options.maxSchemasPerSubject ?? 1000
    this.latestTtlMs = (options.latestCacheTtlSec ?? -1) * 1000
    this.extraHeaders = options.headers ?? {}
    this.httpAgent = new http.Agent({ keepAlive: true })
    this.httpsAgent = new https.Agent({ keepAlive: true, ...(options.ca ? { ca: [...options.ca] } : {}) })
  }

  /** Registers `schema` under `subject` (or finds it registered) and returns its id. */
  register(subject: string, schema: RegisteredSchema, normalize = false): Promise<number> {
    return this.cachedId(subject, schema, async () => {
      const body = await this.request<{ id?: unknown }>(
        'POST',
        `/subjects/${encodeURIComponent(subject)}/versions${normalize ? '?normalize=true' : ''}`,
        requestBody(schema),
      )
      return this.rememberId(schema, body?.id)
    })
  }

  /** The id of `schema` under `subject`, which must already be registered there. */
  getId(subject: string, schema: RegisteredSchema, normalize = false): Promise<number> {
    return this.cachedId(subject, schema, async () => {
      const body = await this.lookup(subject, schema, normalize)
      return this.rememberId(schema, body.id)
    })
  }

  /** The version of `schema` under `subject`. */
  getVersion(subject: string, schema: RegisteredSchema, normalize = false): Promise<number> {
    const cache = this.subjectCache(this.versionBySchema, subject)
    const key = schemaKey(schema)
    let pending = cache.get(key)
    if (pending === undefined) {
      pending = this.lookup(subject, schema, normalize).then((body) => {
        if (typeof body.version !== 'number') throw malformed('version')
        return body.version
      })
      this.forgetOnFailure(pending, () => cache.delete(key))
      cache.set(key, pending)
    }
    return pending
  }

  /** The schema with this id; Apicurio leaves out `schemaType` for Avro, which is read as AVRO. */
  getSchemaById(id: number): Promise<RegisteredSchema> {
    let pending = this.byId.get(id)
    if (pending === undefined) {
      pending = this.request<Record<string, unknown>>('GET', `/schemas/ids/${id}`).then((body) => parseSchema(body))
      this.forgetOnFailure(pending, () => this.byId.delete(id))
      this.byId.set(id, pending)
    }
    return pending
  }

  /** The latest version registered under `subject`, cached for `latest.cache.ttl.sec`. */
  getLatestSchemaMetadata(subject: string): Promise<SchemaMetadata> {
    const hit = this.latest.get(subject)
    if (hit !== undefined && (this.latestTtlMs < 0 || Date.now() - hit.at < this.latestTtlMs)) return hit.value
    const value = this.request<Record<string, unknown>>(
      'GET',
      `/subjects/${encodeURIComponent(subject)}/versions/latest`,
    ).then((body) => {
      const parsed = parseSchema(body)
      if (typeof body['id'] !== 'number') throw malformed('id')
      if (typeof body['version'] !== 'number') throw malformed('version')
      const meta: SchemaMetadata = { ...parsed, subject, id: body['id'], version: body['version'] }
      this.byId.set(meta.id, Promise.resolve(parsed))
      return meta
    })
    this.forgetOnFailure(value, () => this.latest.delete(subject))
    this.latest.set(subject, { value, at: Date.now() })
    return value
  }

  /** Sets a subject's compatibility level (`PUT /config/{subject}`). */
  async updateCompatibility(subject: string, level: string): Promise<void> {
    await this.request('PUT', `/config/${encodeURIComponent(subject)}`, JSON.stringify({ compatibility: level }))
  }

  close(): void {
    this.httpAgent.destroy()
    this.httpsAgent.destroy()
  }

  // --- caches ------------------------------------------------------------------------------------------

  private subjectCache<V>(caches: Map<string, BoundedCache<string, V>>, subject: string): BoundedCache<string, V> {
    let cache = caches.get(subject)
    if (cache === undefined) {
      cache = new BoundedCache(this.perSubject)
      caches.set(subject, cache)
    }
    return cache
  }

  private cachedId(subject: string, schema: RegisteredSchema, load: () => Promise<number>): Promise<number> {
    const cache = this.subjectCache(this.idBySchema, subject)
    const key = schemaKey(schema)
    let pending = cache.get(key)
    if (pending === undefined) {
      pending = load()
      this.forgetOnFailure(pending, () => cache.delete(key))
      cache.set(key, pending)
    }
    return pending
  }

  private rememberId(schema: RegisteredSchema, id: unknown): number {
    if (typeof id !== 'number' || !Number.isInteger(id)) throw malformed('id')
    if (!this.byId.has(id)) this.byId.set(id, Promise.resolve(schema))
    return id
  }

  private forgetOnFailure(pending: Promise<unknown>, forget: () => void): void {
    pending.catch(forget)
  }

  private lookup(subject: string, schema: RegisteredSchema, normalize: boolean): Promise<Record<string, unknown>> {
    return this.request<Record<string, unknown>>(
      'POST',
      `/subjects/${encodeURIComponent(subject)}${normalize ? '?normalize=true' : ''}`,
      requestBody(schema),
    )
  }

  // --- HTTP ---------------------------------------------------------------------------------------------

  private async request<T>(method: string, path: string, body?: string): Promise<T> {
    const n = this.endpoints.length
    for (let i = 0; ; i++) {
      const target = this.endpoints[this.current]!
      try {
        return await this.withRetries(() => this.send<T>(target, method, path, body))
      } catch (e) {
        if (!(e instanceof SchemaRegistryError) || !e.retriable || i >= n - 1) throw e
        // fail over to the next URL, as Confluent's UrlList.fail does
        if (this.endpoints[this.current] === target) this.current = (this.current + 1) % n
      }
    }
  }

  private async withRetries<T>(attempt: () => Promise<T>): Promise<T> {
    for (let i = 0; ; i++) {
      try {
        return await attempt()
      } catch (e) {
        if (!(e instanceof SchemaRegistryError) || !e.retriable || i >= this.maxRetries) throw e
      }
      // full jitter, as Confluent's RetryExecutor
      const ceiling = Math.min(this.retriesWaitMs * 2 ** Math.min(i, 30), this.retriesMaxWaitMs)
      if (ceiling > 0) await sleep(Math.floor(Math.random() * ceiling) + 1)
    }
  }

  private send<T>(target: Endpoint, method: string, path: string, body: string | undefined): Promise<T> {
    const url = new URL(target.base.href.replace(/\/+$/, '') + path)
    const isHttps = url.protocol === 'https:'
    const headers: Record<string, string> = { Accept: ACCEPT, ...this.extraHeaders }
    if (target.authorization !== null) headers['Authorization'] = target.authorization
    if (body !== undefined) {
      headers['Content-Type'] = CONTENT_TYPE
      headers['Content-Length'] = String(Buffer.byteLength(body))
    }
    return new Promise<T>((resolve, reject) => {
      let settled = false
      let timer: NodeJS.Timeout | undefined
      const fail = (error: SchemaRegistryError) => {
        if (settled) return
        settled = true
        clearTimeout(timer)
        req.destroy()
        reject(error)
      }
      const arm = (phase: 'connect' | 'read', ms: number) => {
        clearTimeout(timer)
        timer = setTimeout(
          () =>
            fail(
              new SchemaRegistryError(
                `${phase === 'connect' ? 'Connect' : 'Read'} timed out after ${ms} ms: ${method} ${redactUrl(url)}`,
                RegistryFailure.TIMEOUT,
              ),
            ),
          ms,
        )
      }
      const req = (isHttps ? https : http).request(url, {
        method,
        headers,
        agent: isHttps ? this.httpsAgent : this.httpAgent,
      })
      arm('connect', this.connectTimeoutMs)
      req.on('socket', (socket) => {
        if (!socket.connecting) {
          arm('read', this.readTimeoutMs)
          return
        }
        socket.once(isHttps ? 'secureConnect' : 'connect', () => arm('read', this.readTimeoutMs))
      })
      req.on('error', (e: NodeJS.ErrnoException) => {
        const code = e.code ? `${e.code}: ` : ''
        fail(
          new SchemaRegistryError(
            `${code}${e.message} (${method} ${redactUrl(url)})`,
            RegistryFailure.NETWORK,
            null,
            null,
            {
              cause: e,
            },
          ),
        )
      })
      req.on('response', (res) => {
        const chunks: Buffer[] = []
        res.on('data', (c: Buffer) => chunks.push(c))
        res.on('error', (e) =>
          fail(new SchemaRegistryError(e.message, RegistryFailure.NETWORK, null, null, { cause: e })),
        )
        res.on('end', () => {
          if (settled) return
          settled = true
          clearTimeout(timer)
          const status = res.statusCode ?? 0
          const text = Buffer.concat(chunks).toString('utf8')
          if (status === 200 || status === 207) {
            try {
              resolve(JSON.parse(text) as T)
            } catch {
              reject(
                new SchemaRegistryError(
                  `Error parsing response: ${text.slice(0, 200)}`,
                  RegistryFailure.REST,
                  status,
                  JSON_PARSE_ERROR_CODE,
                ),
              )
            }
          } else if (status === 204) {
            resolve(null as T)
          } else {
            reject(restError(status, res.statusMessage ?? '', text))
          }
        })
      })
      if (body !== undefined) req.write(body)
      req.end()
    })
  }
}

function endpoint(raw: string, source: 'URL' | 'USER_INFO', userInfo: string | null): Endpoint {
  let base: URL
  try {
    base = new URL(raw.trim())
  } catch {
    throw ConfigException.invalid('schema.registry.url', raw, 'Not a valid URL')
  }
  if (base.protocol !== 'http:' && base.protocol !== 'https:') {
    throw ConfigException.invalid('schema.registry.url', raw, 'Only http and https URLs are supported')
  }
  let credentials: string | null = null
  if (source === 'USER_INFO') credentials = userInfo
  else if (base.username !== '' || base.password !== '') credentials = `${base.username}:${base.password}`
  base.username = ''
  base.password = ''
  return {
    base,
    authorization: credentials === null ? null : `Basic ${Buffer.from(credentials, 'utf8').toString('base64')}`,
  }
}

function redactUrl(url: URL): string {
  return `${url.origin}${url.pathname}`
}

function requestBody(schema: RegisteredSchema): string {
  const body: Record<string, unknown> = { schema: schema.schema }
  if (schema.schemaType !== SchemaType.AVRO) body['schemaType'] = schema.schemaType
  if (schema.references.length > 0) body['references'] = schema.references
  return JSON.stringify(body)
}

function schemaKey(schema: RegisteredSchema): string {
  return schema.references.length === 0
    ? `${schema.schemaType}\u0000${schema.schema}`
    : `${schema.schemaType}\u0000${schema.schema}\u0000${JSON.stringify(schema.references)}`
}

function parseSchema(body: Record<string, unknown> | null): RegisteredSchema {
  if (body === null || typeof body['schema'] !== 'string') throw malformed('schema')
  const type = body['schemaType']
  const schemaType =
    type === undefined || type === null || type === '' ? SchemaType.AVRO : (String(type).toUpperCase() as SchemaType)
  const refs = Array.isArray(body['references']) ? (body['references'] as SchemaReference[]) : []
  return { schema: body['schema'], schemaType, references: refs }
}

function malformed(what: string): SchemaRegistryError {
  return new SchemaRegistryError(
    `Schema Registry response has no valid "${what}"`,
    RegistryFailure.REST,
    200,
    JSON_PARSE_ERROR_CODE,
  )
}

/** Confluent's `RestClientException`: the registry's message and error code. */
function restError(status: number, statusText: string, text: string): SchemaRegistryError {
  let message: string
  let code: number
  try {
    const parsed = JSON.parse(text) as { message?: unknown; error_code?: unknown }
    message = typeof parsed.message === 'string' ? parsed.message : text
    code = typeof parsed.error_code === 'number' && parsed.error_code !== 0 ? parsed.error_code : status
  } catch {
    message =
      text === ''
        ? `HTTP ${status} ${statusText}`.trim()
        : `Unable to parse error message from schema registry: '(${text.slice(0, 200)})'`
    code = text === '' ? status : JSON_PARSE_ERROR_CODE
  }
  return new SchemaRegistryError(`${message}; error code: ${code}`, RegistryFailure.REST, status, code)
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms))
}
