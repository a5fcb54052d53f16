import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import {
  eventSourceBatching,
  isDataStream,
  OPENSEARCH_SINK_CONFIG,
  parseOpenSearchSinkConfig,
  shouldIgnoreKey,
  shouldIgnoreSchema,
  TOPIC_PLACEHOLDER,
} from '../../../functions/opensearch-sink/config.js'
import {
  CONNECTOR_CLASS,
  connectorClassOf,
  isOpenSearchSinkConnectorClass,
} from '../../../functions/opensearch-sink/connector.js'
import { ConfigException } from '../../../layers/runtime/errors.js'

const seedFile = (name: string) =>
  (
    JSON.parse(readFileSync(new URL(`../../../../shared/spec/connectors/${name}`, import.meta.url), 'utf8')) as {
      config: Record<string, string>
    }
  ).config

const ONE_URL = { 'connection.url': 'http://localhost:8080' }

function error(props: Record<string, string | null>): ConfigException {
  try {
    parseOpenSearchSinkConfig(props)
  } catch (e) {
    expect(e).toBeInstanceOf(ConfigException)
    return e as ConfigException
  }
  throw new Error('expected a ConfigException')
}

describe('OpenSearch sink config', () => {
  it("has Confluent's defaults", () => {
    const c = parseOpenSearchSinkConfig(ONE_URL)
    expect(c.readTimeoutMs).toBe(3000)
    expect(c.connectionTimeoutMs).toBe(1000)
    expect(c.batchSize).toBe(2000)
    expect(c.bulkSizeBytes).toBe(5 * 1024 * 1024)
    expect(c.maxInFlightRequests).toBe(5)
    expect(c.maxBufferedRecords).toBe(20000)
    expect(c.lingerMs).toBe(1)
    expect(c.flushTimeoutMs).toBe(180000)
    expect(c.maxRetries).toBe(5)
    expect(c.retryBackoffMs).toBe(100)
    expect(c.behaviorOnNullValues).toBe('fail')
    expect(c.behaviorOnMalformedDocuments).toBe('fail')
    expect(c.writeMethod).toBe('insert')
    expect(c.compactMapEntries).toBe(true)
    expect(c.ignoreKey).toBe(false)
    expect(c.ignoreSchema).toBe(false)
    expect(c.parsed.get('flush.synchronously')).toBe(false)
    expect(c.parsed.get('max.external.resource.mappings')).toBe(15)
    expect(c.dataStream).toBeNull()
    expect(c.ssl).toBeNull()
    expect(c.sigv4).toBeNull()
    expect(c.basicAuth).toBeNull()
  })

  it('reads the HTTP timeouts', () => {
    const c = parseOpenSearchSinkConfig({ ...ONE_URL, 'read.timeout.ms': '10000', 'connection.timeout.ms': '15000' })
    expect(c.readTimeoutMs).toBe(10000)
    expect(c.connectionTimeoutMs).toBe(15000)
  })

  it('requires connection.url and refuses a null or malformed one', () => {
    expect(error({}).message).toBe('Missing required configuration "connection.url" which has no default value.')
    expect(error({ 'connection.url': null }).key).toBe('connection.url')
    expect(error({ 'connection.url': '.com:/bbb/dfs,http://valid.com' }).message).toBe(
      "Invalid value [.com:/bbb/dfs, http://valid.com] for configuration connection.url: The provided url '.com:/bbb/dfs' is not a valid url.",
    )
  })

  it('takes several URLs, adds http:// where no scheme is given, drops a trailing slash and duplicates', () => {
    const c = parseOpenSearchSinkConfig({
      'connection.url': 'https://a.example:9200/, b.example:9200,https://a.example:9200',
    })
    expect(c.connectionUrls).toEqual(['https://a.example:9200', 'http://b.example:9200'])
  })

  it('takes enum values in any case, with the message of Confluent’s EnumRecommender', () => {
    const c = parseOpenSearchSinkConfig({
      ...ONE_URL,
      'behavior.on.null.values': 'Delete',
      'behavior.on.malformed.documents': 'WARN',
      'write.method': 'upsert',
    })
    expect([c.behaviorOnNullValues, c.behaviorOnMalformedDocuments, c.writeMethod]).toEqual([
      'delete',
      'warn',
      'upsert',
    ])
    expect(error({ ...ONE_URL, 'behavior.on.null.values': 'drop' }).message).toBe(
      'Invalid value drop for configuration behavior.on.null.values: Value must be one of: [ignore, delete, fail]',
    )
    expect(error({ ...ONE_URL, 'elastic.security.protocol': 'unsecure' }).key).toBe('elastic.security.protocol')
  })

  it("accepts the seed's Elasticsearch sink config and warns that type.name is obsolete", () => {
    const seed: Record<string, string> = {
      ...seedFile('elasticsearch-sink.json'),
      'connection.url': 'http://127.0.0.1:9201',
    }
    const c = parseOpenSearchSinkConfig(seed)
    expect(c.writeMethod).toBe('upsert')
    expect(c.behaviorOnNullValues).toBe('delete')
    expect(c.behaviorOnMalformedDocuments).toBe('warn')
    expect(c.warnings).toHaveLength(1)
    expect(c.warnings[0]).toMatch(/^Config key 'type\.name' is not a Kafka Connect key and is ignored/)
    expect(c.warnings[0]).toContain('removed in 11.0')
    expect(isOpenSearchSinkConnectorClass(seed['connector.class']!)).toBe(true)
  })

  it("accepts the seed's DLQ config (given a ONE_URL) and names the real DLQ header key for both mistaken keys", () => {
    const seed = { ...seedFile('orders-sink-with-dlq.json'), ...ONE_URL }
    const c = parseOpenSearchSinkConfig(seed)
    expect(c.warnings).toHaveLength(2)
    expect(c.warnings[0]).toContain("Config key 'errors.deadletterqueue.headers.add' is not a Kafka Connect key")
    expect(c.warnings[1]).toContain("Config key 'errors.context.headers.enable' is not a Kafka Connect key")
    for (const w of c.warnings) {
      expect(w).toContain("Did you mean 'errors.deadletterqueue.context.headers.enable'? It is not set.")
    }
  })

  it('data streams: both type and dataset make one; custom types and any case are accepted', () => {
    expect(
      isDataStream(
        parseOpenSearchSinkConfig({ ...ONE_URL, 'data.stream.type': 'mEtRICS', 'data.stream.dataset': 'd' }),
      ),
    ).toBe(true)
    const custom = parseOpenSearchSinkConfig({
      ...ONE_URL,
      'data.stream.type': 'notLogOrMetrics',
      'data.stream.dataset': 'd',
    })
    expect(custom.dataStream?.type).toBe('notLogOrMetrics')
    expect(custom.dataStream?.namespace).toBe(TOPIC_PLACEHOLDER)
    expect(error({ ...ONE_URL, 'data.stream.type': 'logs' }).message).toBe(
      "Either both or neither 'data.stream.dataset' and 'data.stream.type' must be set.",
    )
  })

  it('checks data stream dataset and namespace names as Confluent does', () => {
    expect(() =>
      parseOpenSearchSinkConfig({ ...ONE_URL, 'data.stream.namespace': 'a_valid.namespace123' }),
    ).not.toThrow()
    expect(error({ ...ONE_URL, 'data.stream.namespace': 'AN_INVALID.namespace123' }).message).toContain(
      'The specified namespace must be in all lowercase.',
    )
    expect(error({ ...ONE_URL, 'data.stream.dataset': 'not-valid?' }).message).toContain(
      'The specified dataset must not contain any spaces or invalid characters',
    )
    expect(error({ ...ONE_URL, 'data.stream.dataset': `1${' '.repeat(99)}1` }).message).toContain(
      'must be no longer than 100 characters',
    )
  })

  it('refuses upserts, deletes and timestamp fields where they do not fit data streams', () => {
    const ds = { ...ONE_URL, 'data.stream.type': 'logs', 'data.stream.dataset': 'd' }
    expect(error({ ...ds, 'write.method': 'upsert' }).key).toBe('write.method')
    expect(error({ ...ds, 'behavior.on.null.values': 'delete' }).message).toBe(
      'Deletes are not supported with data streams. behavior.on.null.values must not be DELETE when using data streams.',
    )
    expect(error({ ...ONE_URL, 'data.stream.timestamp.field': 'ts' }).key).toBe('data.stream.timestamp.field')
  })

  it('needs both credentials or neither, and keeps the password hidden', () => {
    expect(error({ ...ONE_URL, 'connection.username': 'u' }).message).toBe(
      "Both 'connection.username' and 'connection.password' must be set.",
    )
    const c = parseOpenSearchSinkConfig({ ...ONE_URL, 'connection.username': 'u', 'connection.password': 'p4ss' })
    expect(c.basicAuth?.username).toBe('u')
    expect(c.basicAuth?.password.value()).toBe('p4ss')
    expect(JSON.stringify(c.basicAuth)).not.toContain('p4ss')
    expect(OPENSEARCH_SINK_CONFIG.redact({ 'connection.password': 'p4ss' })['connection.password']).toBe('[hidden]')
  })

  it('refuses key.ignore with topic.key.ignore, and schema.ignore with topic.schema.ignore', () => {
    expect(error({ ...ONE_URL, 'key.ignore': 'true', 'topic.key.ignore': 'a' }).message).toBe(
      "'topic.key.ignore' can not be set if 'key.ignore' is true.",
    )
    expect(error({ ...ONE_URL, 'schema.ignore': 'true', 'topic.schema.ignore': 'a' }).key).toBe('schema.ignore')
  })

  it('ignores the key per topic, and for auto-generated ids on insert only', () => {
    const c = parseOpenSearchSinkConfig({ ...ONE_URL, 'topic.key.ignore': 'logs', 'topic.schema.ignore': 'raw' })
    expect([shouldIgnoreKey(c, 'logs'), shouldIgnoreKey(c, 'orders')]).toEqual([true, false])
    expect([shouldIgnoreSchema(c, 'raw'), shouldIgnoreSchema(c, 'orders')]).toEqual([true, false])
    const auto = parseOpenSearchSinkConfig({ ...ONE_URL, 'use.autogenerated.ids': 'true' })
    expect(shouldIgnoreKey(auto, 'orders')).toBe(true)
    const upsert = parseOpenSearchSinkConfig({ ...ONE_URL, 'use.autogenerated.ids': 'true', 'write.method': 'upsert' })
    expect(shouldIgnoreKey(upsert, 'orders')).toBe(false)
  })

  it('keeps linger.ms within flush.timeout.ms and the buffer at least batch.size × max.in.flight.requests', () => {
    expect(error({ ...ONE_URL, 'linger.ms': '5000', 'flush.timeout.ms': '1000' }).message).toBe(
      "'linger.ms' (5000) can not be larger than 'flush.timeout.ms' (1000).",
    )
    expect(
      error({ ...ONE_URL, 'max.buffered.records': '100', 'batch.size': '50', 'max.in.flight.requests': '3' }).message,
    ).toBe(
      "'max.buffered.records' (100) must be larger than or equal to 'batch.size' (50) x max.in.flight.requests (3).",
    )
    expect(error({ ...ONE_URL, 'batch.size': '0' }).message).toBe(
      'Invalid value 0 for configuration batch.size: Value must be at least 1',
    )
  })

  it('maps linger.ms onto the event source mapping batching window in whole seconds, at most 300', () => {
    const window = (ms: string) =>
      eventSourceBatching(parseOpenSearchSinkConfig({ ...ONE_URL, 'linger.ms': ms, 'flush.timeout.ms': '600000' }))
        .maximumBatchingWindowInSeconds
    expect([window('1'), window('2500'), window('600000')]).toEqual([0, 2, 300])
  })

  it('checks the proxy keys as Confluent does', () => {
    const c = parseOpenSearchSinkConfig({
      ...ONE_URL,
      'proxy.host': 'proxy host',
      'proxy.port': '1010',
      'proxy.username': 'username',
      'proxy.password': 'password',
    })
    expect(c.proxy?.host).toBe('proxy host')
    expect(c.proxy?.port).toBe(1010)
    expect(c.proxy?.password?.value()).toBe('password')
    expect(error({ ...ONE_URL, 'proxy.port': '-666' }).key).toBe('proxy.port')
    expect(error({ ...ONE_URL, 'proxy.username': 'u' }).message).toBe(
      "'proxy.host' must be set to use 'proxy.username'.",
    )
    expect(error({ ...ONE_URL, 'proxy.host': 'h', 'proxy.username': 'u' }).message).toBe(
      "Either both or neither 'proxy.username' and 'proxy.password' can be set.",
    )
  })

  it('reads the SSL keys only with elastic.security.protocol=SSL, and needs some with it', () => {
    const ssl = {
      ...ONE_URL,
      'elastic.security.protocol': 'SSL',
      'elastic.https.ssl.keystore.location': '/path',
      'elastic.https.ssl.keystore.password': 'opensesame',
      'elastic.https.ssl.truststore.location': '/path2',
      'elastic.https.ssl.truststore.password': 'opensesame2',
    }
    const c = parseOpenSearchSinkConfig(ssl)
    expect(c.ssl?.keystoreLocation).toBe('/path')
    expect(c.ssl?.keystorePassword?.value()).toBe('opensesame')
    expect(c.ssl?.truststoreLocation).toBe('/path2')
    expect(c.ssl?.verifyHostname).toBe(true)
    expect(
      parseOpenSearchSinkConfig({ ...ssl, 'elastic.https.ssl.endpoint.identification.algorithm': '' }).ssl
        ?.verifyHostname,
    ).toBe(false)
    expect(error({ ...ONE_URL, 'elastic.https.ssl.truststore.location': '/p' }).message).toBe(
      "'elastic.security.protocol' must be set to 'SSL' to use SSL configs.",
    )
    expect(error({ ...ONE_URL, 'elastic.security.protocol': 'ssl' }).message).toMatch(/^At least these SSL configs/)
    expect(parseOpenSearchSinkConfig({ 'connection.url': 'https://host:9999' }).ssl).toBeNull()
  })

  it('refuses Kerberos, which connectless cannot do, naming the alternatives', () => {
    const e = error({ ...ONE_URL, 'kerberos.user.principal': 'me@REALM', 'kerberos.keytab.path': '/k.keytab' })
    expect(e.key).toBe('kerberos.user.principal')
    expect(e.message).toContain('connectless.aws.sigv4.region')
  })

  it('signs with SigV4 where a region is given, not together with basic auth', () => {
    const c = parseOpenSearchSinkConfig({ ...ONE_URL, 'connectless.aws.sigv4.region': 'eu-west-1' })
    expect(c.sigv4).toEqual({ region: 'eu-west-1', service: 'es' })
    expect(
      parseOpenSearchSinkConfig({
        ...ONE_URL,
        'connectless.aws.sigv4.region': 'eu-west-1',
        'connectless.aws.sigv4.service': 'aoss',
      }).sigv4?.service,
    ).toBe('aoss')
    expect(error({ ...ONE_URL, 'connectless.aws.sigv4.service': 's3' }).key).toBe('connectless.aws.sigv4.service')
    expect(
      error({
        ...ONE_URL,
        'connectless.aws.sigv4.region': 'eu-west-1',
        'connection.username': 'u',
        'connection.password': 'p',
      }).key,
    ).toBe('connectless.aws.sigv4.region')
  })

  it('reads topic-to-resource mappings and checks them against the topics', () => {
    const base = { ...ONE_URL, topics: 'topic1,topic2', 'external.resource.usage': 'INDEX' }
    const c = parseOpenSearchSinkConfig({
      ...base,
      'topic.to.external.resource.mapping': 'topic1:index1,topic2:index2',
    })
    expect([...(c.externalResources?.topicToResource ?? [])]).toEqual([
      ['topic1', 'index1'],
      ['topic2', 'index2'],
    ])
    expect(isDataStream(c)).toBe(false)
    expect(error({ ...base, 'topic.to.external.resource.mapping': 'topic1' }).message).toContain(
      'Invalid topic-to-resource mapping format. The expected format: topic:resource',
    )
    expect(error({ ...base, 'topic.to.external.resource.mapping': 'topic1:a,topic2:a' }).message).toContain(
      "Resource 'a' is mapped from multiple topics.",
    )
    expect(error({ ...base, 'topic.to.external.resource.mapping': 'topic1:index1' }).message).toBe(
      "Topic 'topic2' is not mapped to any resource. All configured topics must be mapped to a resource.",
    )
    const tooMany = Array.from({ length: 16 }, (_, i) => `topic${i}:index${i}`).join(',')
    expect(error({ ...base, 'topic.to.external.resource.mapping': tooMany }).message).toContain(
      'Too many topic-to-external-resource mappings are configured (16). Maximum allowed limit is 15.',
    )
    expect(error({ ...ONE_URL, 'external.resource.usage': 'INDEX' }).message).toMatch(/must be configured together/)
    expect(error({ ...ONE_URL, 'max.external.resource.mappings': '0' }).key).toBe('max.external.resource.mappings')
  })

  it('warns once about keys accepted and not applied', () => {
    const c = parseOpenSearchSinkConfig({ ...ONE_URL, 'max.connection.idle.time.ms': '30000' })
    expect(c.warnings).toEqual([
      "Config key 'max.connection.idle.time.ms' is accepted for compatibility and not applied by connectless.",
    ])
  })

  it('renders a docs table with every key and the secrets marked', () => {
    const table = OPENSEARCH_SINK_CONFIG.toMarkdown()
    expect(table).toContain('connection.url')
    expect(table).toContain('connectless.aws.sigv4.region')
    expect(OPENSEARCH_SINK_CONFIG.keys['connection.password'].isSecret).toBe(true)
  })
})

describe('OpenSearch sink connector class', () => {
  it("takes Confluent's class, Connect's aliases of it and the OpenSearch alias", () => {
    for (const name of [
      CONNECTOR_CLASS,
      'ElasticsearchSinkConnector',
      'ElasticsearchSink',
      'io.connectless.opensearch.OpenSearchSinkConnector',
      'OpenSearchSink',
    ]) {
      expect(connectorClassOf(name)).toBe(CONNECTOR_CLASS)
    }
  })

  it("refuses Aiven's OpenSearch connector, saying why its config would mean something else", () => {
    expect(() => connectorClassOf('io.aiven.kafka.connect.opensearch.OpensearchSinkConnector')).toThrow(
      /index\.write\.method is write\.method/,
    )
  })
})
