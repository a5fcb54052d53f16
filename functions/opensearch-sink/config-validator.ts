/**
 * The cross-key checks of Confluent's `Validator` (which Connect runs when a connector is created),
 * with its messages, plus connectless's own (Kerberos, SigV4). The first problem throws a
 * ConfigException naming its key; the connection checks of Confluent's validator (ping, version) happen
 * when the task starts instead.
 */
import { ConfigException } from '../../layers/runtime/errors.js'
import type { OpenSearchSinkConfig } from './config.js'

const SSL_PREFIX = 'elastic.https.'

function fail(key: string, message: string): never {
  throw new ConfigException(message, { key })
}

function isSet(props: Readonly<Record<string, string | null>>, key: string): boolean {
  const value = props[key]
  return value !== undefined && value !== null
}

/** Kafka's `getTopicArray`: `topics` split on commas (and the white space around them). */
function topicArray(props: Readonly<Record<string, string | null>>): string[] {
  const topics = props['topics']
  return topics === undefined || topics === null ? [] : topics.trim().split(/\s*,\s*/)
}

export function checkConfig(config: OpenSearchSinkConfig, props: Readonly<Record<string, string | null>>): void {
  const v = config.parsed.values

  // credentials
  if ((v['connection.username'] !== null) !== (v['connection.password'] !== null)) {
    fail('connection.username', "Both 'connection.username' and 'connection.password' must be set.")
  }

  // external resources
  const mappings = v['topic.to.external.resource.mapping']
  const hasMappings = mappings.length > 0
  if ((config.externalResources !== null) !== hasMappings) {
    fail(
      'external.resource.usage',
      'Invalid configuration: external.resource.usage and topic.to.external.resource.mapping must be configured together. Either both must be set, or both must be empty.',
    )
  }
  if (config.externalResources !== null) {
    if (v['data.stream.type'].toUpperCase() !== 'NONE' || v['data.stream.dataset'] !== '') {
      fail(
        'topic.to.external.resource.mapping',
        'Resource mapping mode and data stream configs are mutually exclusive. When using topic.to.external.resource.mapping, data stream configs (data.stream.type, data.stream.dataset) must not be set.',
      )
    }
    const mapped = config.externalResources.topicToResource
    const configured = new Set(topicArray(props))
    for (const topic of configured) {
      if (!mapped.has(topic)) {
        fail(
          'topic.to.external.resource.mapping',
          `Topic '${topic}' is not mapped to any resource. All configured topics must be mapped to a resource.`,
        )
      }
    }
    for (const topic of mapped.keys()) {
      if (!configured.has(topic)) {
        fail(
          'topic.to.external.resource.mapping',
          `Topic '${topic}' is mapped but not configured. All mapped topics must be configured topics.`,
        )
      }
    }
  }

  // data streams
  if ((v['data.stream.type'].toUpperCase() === 'NONE') !== (v['data.stream.dataset'] === '')) {
    fail('data.stream.type', "Either both or neither 'data.stream.dataset' and 'data.stream.type' must be set.")
  }
  const dataStream =
    config.externalResources !== null
      ? config.externalResources.usage === 'datastream' || config.externalResources.usage === 'alias_datastream'
      : config.dataStream !== null
  if (!dataStream) {
    if (v['data.stream.timestamp.field'].length > 0) {
      fail(
        'data.stream.timestamp.field',
        "Mapping a field to the '@timestamp' field is only necessary when working with data streams. 'data.stream.timestamp.field' must not be set when not using data streams.",
      )
    }
  } else if (config.writeMethod === 'upsert') {
    fail(
      'write.method',
      'Upserts are not supported with data streams. write.method must not be UPSERT when using data streams.',
    )
  } else if (config.behaviorOnNullValues === 'delete') {
    fail(
      'behavior.on.null.values',
      'Deletes are not supported with data streams. behavior.on.null.values must not be DELETE when using data streams.',
    )
  }

  // ignore configs
  if (config.ignoreKey && config.ignoreKeyTopics.size > 0) {
    fail('key.ignore', "'topic.key.ignore' can not be set if 'key.ignore' is true.")
  }
  if (config.ignoreSchema && config.ignoreSchemaTopics.size > 0) {
    fail('schema.ignore', "'topic.schema.ignore' can not be set if 'schema.ignore' is true.")
  }

  // Kerberos: Confluent's checks would come here; connectless has no Kerberos client
  if (v['kerberos.user.principal'] !== null || v['kerberos.keytab.path'] !== null) {
    fail(
      v['kerberos.user.principal'] !== null ? 'kerberos.user.principal' : 'kerberos.keytab.path',
      'Kerberos authentication is not supported by connectless. Use connection.username and connection.password, or AWS SigV4 (connectless.aws.sigv4.region) for Amazon OpenSearch Service.',
    )
  }

  // linger and buffer
  if (config.lingerMs > config.flushTimeoutMs) {
    fail(
      'linger.ms',
      `'linger.ms' (${config.lingerMs}) can not be larger than 'flush.timeout.ms' (${config.flushTimeoutMs}).`,
    )
  }
  if (config.maxBufferedRecords < config.batchSize * config.maxInFlightRequests) {
    fail(
      'max.buffered.records',
      `'max.buffered.records' (${config.maxBufferedRecords}) must be larger than or equal to 'batch.size' (${config.batchSize}) x max.in.flight.requests (${config.maxInFlightRequests}).`,
    )
  }

  // proxy
  if (config.proxy === null) {
    if (v['proxy.username'] !== '') fail('proxy.username', "'proxy.host' must be set to use 'proxy.username'.")
    if (v['proxy.password'] !== null) fail('proxy.password', "'proxy.host' must be set to use 'proxy.password'.")
  } else if ((v['proxy.username'] === '') !== (v['proxy.password'] === null)) {
    fail('proxy.username', "Either both or neither 'proxy.username' and 'proxy.password' can be set.")
  }

  // SSL
  const sslKeys = Object.keys(props).filter((key) => key.startsWith(SSL_PREFIX) && key.length > SSL_PREFIX.length)
  if (config.ssl === null) {
    if (sslKeys.length > 0) {
      fail('elastic.security.protocol', "'elastic.security.protocol' must be set to 'SSL' to use SSL configs.")
    }
  } else if (sslKeys.length === 0) {
    fail(
      'elastic.security.protocol',
      "At least these SSL configs ('elastic.https.ssl.keystore.location', 'elastic.https.ssl.keystore.password', 'elastic.https.ssl.truststore.location', and 'elastic.https.ssl.truststore.password') must be present for SSL support. Otherwise set 'elastic.security.protocol' to 'PLAINTEXT'.",
    )
  }

  // SigV4 (connectless)
  if (config.sigv4 !== null && (config.basicAuth !== null || isSet(props, 'connection.username'))) {
    fail(
      'connectless.aws.sigv4.region',
      'AWS SigV4 signing (connectless.aws.sigv4.region) cannot be combined with connection.username and connection.password: the signature is the authentication.',
    )
  }
}
