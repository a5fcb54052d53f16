/**
 * Builds the registry client and the serializer settings from a converter's parsed config, the way
 * Confluent's converters read `AbstractKafkaSchemaSerDeConfig`.
 */

import type { ConfigValues } from '../config/parsed-config.js'
import { ConfigException } from '../errors.js'
import { SchemaRegistryClient } from './client.js'
import type { schemaRegistrySerdeKeys } from './serde-config.js'
import { type SubjectNameStrategy, subjectNameStrategy } from './subject-name-strategy.js'
import { loadTruststore } from './truststore.js'

export type SerdeConfigValues = ConfigValues<typeof schemaRegistrySerdeKeys>

/** What a schema-registry converter needs besides the client. */
export interface SerdeSettings {
  readonly autoRegister: boolean
  readonly useLatestVersion: boolean
  readonly latestCompatibilityStrict: boolean
  readonly normalize: boolean
  readonly keyStrategy: SubjectNameStrategy
  readonly valueStrategy: SubjectNameStrategy
}

export function serdeSettings(v: SerdeConfigValues): SerdeSettings {
  return {
    autoRegister: v['auto.register.schemas'],
    useLatestVersion: v['use.latest.version'],
    latestCompatibilityStrict: v['latest.compatibility.strict'],
    normalize: v['normalize.schemas'],
    keyStrategy: subjectNameStrategy(v['key.subject.name.strategy']),
    valueStrategy: subjectNameStrategy(v['value.subject.name.strategy']),
  }
}

/** A client for `schema.registry.url`, with basic auth and truststore as configured. */
export function createSchemaRegistryClient(
  v: SerdeConfigValues,
  requestHeaders: Readonly<Record<string, string>> = {},
): SchemaRegistryClient {
  const source = v['basic.auth.credentials.source'].toUpperCase()
  if (source !== 'URL' && source !== 'USER_INFO') {
    throw new ConfigException(`Unknown basic.auth.credentials.source ${source}`)
  }
  const deprecated = v['schema.registry.basic.auth.user.info'].value()
  const userInfo = deprecated !== '' ? deprecated : v['basic.auth.user.info'].value()
  const location = v['schema.registry.ssl.truststore.location']
  const ca =
    location === null || location === ''
      ? null
      : loadTruststore(
          location,
          v['schema.registry.ssl.truststore.password']?.value() ?? null,
          v['schema.registry.ssl.truststore.type'],
        )
  return new SchemaRegistryClient({
    urls: v['schema.registry.url'],
    credentialsSource: source,
    userInfo: userInfo === '' ? null : userInfo,
    ca,
    connectTimeoutMs: v['http.connect.timeout.ms'],
    readTimeoutMs: v['http.read.timeout.ms'],
    maxRetries: v['max.retries'],
    retriesWaitMs: v['retries.wait.ms'],
    retriesMaxWaitMs: v['retries.max.wait.ms'],
    maxSchemasPerSubject: v['max.schemas.per.subject'],
    latestCacheTtlSec: v['latest.cache.ttl.sec'],
    headers: requestHeaders,
  })
}

/** Confluent's `request.header.*` settings. */
export function requestHeaders(props: Readonly<Record<string, string | null>>): Record<string, string> {
  const out: Record<string, string> = {}
  for (const [k, val] of Object.entries(props)) {
    if (k.startsWith('request.header.') && val !== null) out[k.slice('request.header.'.length)] = val
  }
  return out
}
