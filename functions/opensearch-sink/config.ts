/**
 * The OpenSearch / Elasticsearch sink's configuration: every key of Confluent's
 * `ElasticsearchSinkConnectorConfig` (15.x) with its defaults, validators and messages, the cross-key
 * checks of its `Validator`, and two connectless keys for AWS SigV4 signing (Amazon OpenSearch
 * Service and OpenSearch Serverless).
 *
 * Where connectless differs (each also said in the key's docs):
 * - Kerberos (`kerberos.*`) is refused at start: use basic auth or SigV4.
 * - `flush.synchronously` changes nothing: every batch is written before its offsets commit, which is
 *   what `true` means in Connect; topic-renaming transforms therefore work either way.
 * - `linger.ms` and `max.buffered.records` act within one Lambda batch; see {@link eventSourceBatching}.
 * - `max.connection.idle.time.ms` and the TLS keys that have no Node equivalent (cipher suites by Java
 *   name, providers, key and trust manager algorithms) are accepted and not applied; setting one warns.
 */
import { field } from '../../layers/runtime/config/config-key.js'
import { defineConfig } from '../../layers/runtime/config/definition.js'
import type { ConfigProps, ParsedConfig } from '../../layers/runtime/config/parsed-config.js'
import type { Password } from '../../layers/runtime/config/password.js'
import { atLeast, between, customValidator, validString } from '../../layers/runtime/config/validators.js'
import { type SeedMistake, warnSeedMistakes } from '../../layers/runtime/connector/seed-mistakes.js'
import { ConfigException } from '../../layers/runtime/errors.js'
import { warnOnce } from '../../layers/runtime/logging.js'
import { checkConfig } from './config-validator.js'
import { SSL_CONFIG_KEYS } from './ssl-config.js'

const DAY_MS = 86_400_000
/** The placeholder of `data.stream.namespace` that stands for the topic. */
export const TOPIC_PLACEHOLDER = '$' + '{topic}'
const INT_MAX = 2_147_483_647

/** Confluent's `EnumRecommender` as a validator: one of the names, in any case. */
function oneOfLowerCase(...names: string[]) {
  const shown = `[${names.join(', ')}]`
  return customValidator<string>((name, value) => {
    if (value === null) return
    if (!names.includes(value.toLowerCase())) {
      throw ConfigException.invalid(name, value, `Value must be one of: ${shown}`)
    }
  }, shown)
}

/** Confluent's `UrlListValidator`: every item parses as a `java.net.URI`. */
const urlList = customValidator<readonly string[]>((name, value) => {
  if (value === null) throw ConfigException.invalid(name, null, 'The config must be provided and non-null.')
  for (const url of value) {
    if (!isJavaUri(url)) {
      throw ConfigException.invalid(name, value, `The provided url '${url}' is not a valid url.`)
    }
  }
}, 'List of valid URIs.')

// java.net.URI: an optional scheme (a letter, then letters, digits, + - .), no characters outside the
// URI alphabet, every % followed by two hex digits
const URI_SCHEME = /^[A-Za-z][A-Za-z0-9+.-]*$/
const URI_ILLEGAL = /[\s"<>\\^`{|}]|%(?![0-9A-Fa-f]{2})/

function isJavaUri(text: string): boolean {
  if (URI_ILLEGAL.test(text)) return false
  const colon = text.indexOf(':')
  const firstDelimiter = text.search(/[/?#]/)
  if (colon === 0) return false
  if (colon > 0 && (firstDelimiter === -1 || colon < firstDelimiter)) return URI_SCHEME.test(text.slice(0, colon))
  return true
}

const DATA_STREAM_ILLEGAL = /[\\/*?"<>| ,#\-:]/

/** Confluent's `DataStreamDatasetValidator` / `DataStreamNamespaceValidator`. */
function dataStreamPart(what: 'dataset' | 'namespace') {
  return customValidator<string>((name, value) => {
    if (value === null) return
    if (value.length > 100) {
      throw ConfigException.invalid(name, value, `The specified ${what} must be no longer than 100 characters.`)
    }
    if (value !== value.toLowerCase()) {
      throw ConfigException.invalid(name, value, `The specified ${what} must be in all lowercase.`)
    }
    if (DATA_STREAM_ILLEGAL.test(value)) {
      throw ConfigException.invalid(
        name,
        value,
        `The specified ${what} must not contain any spaces or invalid characters \\/*?"<>|,#-:`,
      )
    }
  }, `A valid ${what} name that is all lowercase, less than 100 characters, and does not contain any spaces or invalid characters \\/*?"<>|,#-:`)
}

const CONNECTOR = 'Connector'
const CONVERSION = 'Data Conversion'
const PROXY = 'Proxy'
const KERBEROS = 'Kerberos'
const AWS = 'AWS (connectless)'

export const BehaviorOnNullValues = { IGNORE: 'ignore', DELETE: 'delete', FAIL: 'fail' } as const
export type BehaviorOnNullValues = (typeof BehaviorOnNullValues)[keyof typeof BehaviorOnNullValues]
export const BehaviorOnMalformedDoc = { IGNORE: 'ignore', WARN: 'warn', FAIL: 'fail' } as const
export type BehaviorOnMalformedDoc = (typeof BehaviorOnMalformedDoc)[keyof typeof BehaviorOnMalformedDoc]
export const WriteMethod = { INSERT: 'insert', UPSERT: 'upsert' } as const
export type WriteMethod = (typeof WriteMethod)[keyof typeof WriteMethod]
export const ExternalResourceUsage = {
  INDEX: 'index',
  DATASTREAM: 'datastream',
  ALIAS_INDEX: 'alias_index',
  ALIAS_DATASTREAM: 'alias_datastream',
  DISABLED: 'disabled',
} as const
export type ExternalResourceUsage = (typeof ExternalResourceUsage)[keyof typeof ExternalResourceUsage]

export const OPENSEARCH_SINK_CONFIG = defineConfig({
  // --- Connector -----------------------------------------------------------------------------------
  'connection.url': field.list({
    doc: 'The comma-separated list of one or more Elasticsearch or OpenSearch URLs, such as `http://eshost1:9200,http://eshost2:9200` or `https://eshost3:9200`. A URL without a protocol is treated as `http`. Requests go to the URLs in turn; one that fails is set aside for a while.',
    validator: urlList,
    importance: 'HIGH',
    group: CONNECTOR,
    orderInGroup: 1,
    displayName: 'Connection URLs',
  }),
  'connection.username': field.string({
    doc: 'The username used to authenticate with Elasticsearch. The default is the null, and authentication will only be performed if both the username and password are non-null.',
    default: null,
    group: CONNECTOR,
    orderInGroup: 2,
    displayName: 'Connection Username',
  }),
  'connection.password': field.password({
    doc:
      'The password used to authenticate with Elasticsearch. The default is the null, and authentication will only be performed if both the username and password are non-null. Give it as a config provider reference (`$' +
      '{secretsmanager:…}`).',
    default: null,
    group: CONNECTOR,
    orderInGroup: 3,
    displayName: 'Connection Password',
  }),
  'external.resource.usage': field.string({
    doc: "The type of resource the connector writes to, such as indices, datastreams or aliases. Valid options are INDEX, DATASTREAM, ALIAS_INDEX, ALIAS_DATASTREAM, and DISABLED. When set to DISABLED, the connector will auto-create indices or datastreams based on the topic name and datastream configurations; otherwise it writes to the resources named by 'topic.to.external.resource.mapping', which must exist.",
    default: 'DISABLED',
    validator: oneOfLowerCase(...Object.values(ExternalResourceUsage)),
    importance: 'HIGH',
    group: CONNECTOR,
    orderInGroup: 4,
    displayName: 'External Resource Usage',
  }),
  'topic.to.external.resource.mapping': field.list({
    doc: "A list of topic-to-resource mappings in the format 'topic:resource'. If specified, the connector will use the provided resource name (index, data stream, or alias) instead of the topic name for writing to Elasticsearch. The resource must exist in Elasticsearch before configuring the connector. The type of resource (index, data stream, or alias) is determined by the 'external.resource.usage' configuration.",
    default: [],
    importance: 'HIGH',
    group: CONNECTOR,
    orderInGroup: 5,
    displayName: 'Topic to External Resource Mapping',
  }),
  'max.external.resource.mappings': field.int({
    doc: 'The maximum number of topic-to-external-resource mappings allowed.',
    default: 15,
    validator: atLeast(1),
    group: CONNECTOR,
    orderInGroup: 6,
    displayName: 'Maximum External Resource Mappings',
  }),
  'data.stream.type': field.string({
    doc: 'Generic type describing the data to be written to data stream. The default is NONE which indicates the connector will write to regular indices instead. If set, this configuration will be used alongside data.stream.dataset and data.stream.namespace to construct the data stream name in the form of {`data.stream.type`}-{`data.stream.dataset`}-{`data.stream.namespace`}. Custom index templates defined in the destination cluster are supported.',
    default: 'NONE',
    importance: 'LOW',
    group: CONNECTOR,
    orderInGroup: 7,
    displayName: 'Data Stream Type',
  }),
  'data.stream.dataset': field.string({
    doc: 'Generic name describing data ingested and its structure to be written to a data stream. Can be any arbitrary string that is no longer than 100 characters, is in all lowercase, and does not contain spaces or any of these special characters `/\\*"<>|,#:-`. Otherwise, no value indicates the connector will write to regular indices instead. If set, this configuration will be used alongside `data.stream.type` and `data.stream.namespace` to construct the data stream name in the form of {`data.stream.type`}-{`data.stream.dataset`}-{`data.stream.namespace`}.',
    default: '',
    validator: dataStreamPart('dataset'),
    importance: 'LOW',
    group: CONNECTOR,
    orderInGroup: 8,
    displayName: 'Data Stream Dataset',
  }),
  'data.stream.namespace': field.string({
    doc:
      'Generic name describing user-configurable arbitrary grouping to be written to a data stream. Can be any arbitrary string that is no longer than 100 characters, is in all lowercase, and does not contain spaces or any of these special characters `/\\*"<>|,#:-`. Default value is `' +
      TOPIC_PLACEHOLDER +
      '`, that is to say the (lower-cased) topic name.',
    default: TOPIC_PLACEHOLDER,
    validator: dataStreamPart('namespace'),
    importance: 'LOW',
    group: CONNECTOR,
    orderInGroup: 9,
    displayName: 'Data Stream Namespace',
  }),
  'data.stream.timestamp.field': field.list({
    doc: 'The Kafka record field to use as the timestamp for the `@timestamp` field in documents sent to a data stream. All documents sent to a data stream needs an `@timestamp` field with values of type `date` or `data_nanos`. Otherwise, the document will not be sent. If multiple fields are provided, the first field listed that also appears in the record will be used. If this configuration is left empty, all of the documents will use the Kafka record timestamp as the `@timestamp` field value. Note that `@timestamp` still needs to be explicitly listed if records already contain this field. This configuration can only be set if `data.stream.type` and `data.stream.dataset` are set.',
    default: [],
    importance: 'LOW',
    group: CONNECTOR,
    orderInGroup: 10,
    displayName: 'Data Stream Timestamp Field',
  }),
  'batch.size': field.int({
    doc: 'The number of records to process as a batch when writing to Elasticsearch: the most actions in one bulk request. A Lambda batch (up to 10,000 records) is split into bulk requests of this size.',
    default: 2000,
    validator: between(1, 1_000_000),
    group: CONNECTOR,
    orderInGroup: 11,
    displayName: 'Batch Size',
  }),
  'bulk.size.bytes': field.long({
    doc: "The maximum size (in bytes) to be process as a batch when writing records to Elasticsearch. Setting to '-1' will disable this configuration. If the condition set by 'batch.size' is met first, it will be used instead. Counted here as the bytes of the request body; the record that crosses the limit closes the request.",
    default: 5 * 1024 * 1024,
    validator: between(-1, INT_MAX),
    importance: 'LOW',
    group: CONNECTOR,
    orderInGroup: 12,
    displayName: 'Bulk Size (bytes)',
  }),
  'max.in.flight.requests': field.int({
    doc: 'The maximum number of indexing requests that can be in-flight to Elasticsearch before blocking further requests: how many bulk requests of one Lambda batch run at once.',
    default: 5,
    validator: between(1, 1000),
    group: CONNECTOR,
    orderInGroup: 13,
    displayName: 'Max In-flight Requests',
  }),
  'max.buffered.records': field.int({
    doc: 'The maximum number of records each task will buffer before blocking acceptance of more records: here, records converted and not yet acknowledged within one Lambda batch. This config can be used to limit the memory usage for each task.',
    default: 20000,
    validator: between(1, INT_MAX),
    importance: 'LOW',
    group: CONNECTOR,
    orderInGroup: 14,
    displayName: 'Max Buffered Records',
  }),
  'linger.ms': field.long({
    doc: "Linger time in milliseconds for batching. In Connect a bulk request that is not full waits up to this long for more records. On Lambda the records of one invocation are all there at once, so the waiting happens before the invocation: the event source mapping's batching window plays this part (`MaximumBatchingWindowInSeconds`, derived from this key: whole seconds, at most 300). Within an invocation the last, partial bulk request is sent at once.",
    default: 1,
    validator: between(0, 7 * DAY_MS),
    importance: 'LOW',
    group: CONNECTOR,
    orderInGroup: 15,
    displayName: 'Linger (ms)',
  }),
  'flush.timeout.ms': field.long({
    doc: 'The timeout in milliseconds to use for periodic flushing, and when waiting for buffer space to be made available by completed requests as records are added. If this timeout is exceeded the task will fail (here: the batch is delivered again). The time left in the Lambda invocation bounds it too.',
    default: 180_000,
    validator: between(1000, 7 * DAY_MS),
    importance: 'LOW',
    group: CONNECTOR,
    orderInGroup: 16,
    displayName: 'Flush Timeout (ms)',
  }),
  'flush.synchronously': field.boolean({
    doc: 'True if flushes should wait for background processing to finish. Accepted for compatibility and changes nothing here: every batch is written before its offsets are committed (what `true` does in Connect), so topic-mutating SMTs (e.g. RegexRouter or TimestampRouter) always work.',
    default: false,
    importance: 'LOW',
    group: CONNECTOR,
    orderInGroup: 17,
    displayName: 'Flush synchronously',
  }),
  'max.retries': field.int({
    doc: 'The maximum number of retries that are allowed for failed indexing requests (connection errors, timeouts, HTTP 429 and 5xx answers, and bulk items rejected with 429 or 5xx). If the retry attempts are exhausted the batch is delivered again.',
    default: 5,
    validator: between(0, INT_MAX),
    importance: 'LOW',
    group: CONNECTOR,
    orderInGroup: 18,
    displayName: 'Max Retries',
  }),
  'retry.backoff.ms': field.long({
    doc: 'How long to wait in milliseconds before attempting the first retry of a failed indexing request. Upon a failure, this connector may wait up to twice as long as the previous wait, up to the maximum number of retries. This avoids retrying in a tight loop under failure scenarios. Each wait is a random time between 0 and `retry.backoff.ms` × 2^attempt.',
    default: 100,
    validator: between(0, DAY_MS),
    importance: 'LOW',
    group: CONNECTOR,
    orderInGroup: 19,
    displayName: 'Retry Backoff (ms)',
  }),
  'connection.compression': field.boolean({
    doc: 'Whether to use GZip compression on HTTP connection to ElasticSearch: request bodies are gzipped and gzipped answers asked for. To make this setting to work the `http.compression` setting also needs to be enabled at the Elasticsearch nodes or the load-balancer before using it.',
    default: false,
    importance: 'LOW',
    group: CONNECTOR,
    orderInGroup: 20,
    displayName: 'Compression',
  }),
  'max.connection.idle.time.ms': field.int({
    doc: 'How long to wait in milliseconds before dropping an idle connection to prevent a read timeout. Accepted and not applied: Node keeps idle connections alive until the server closes them.',
    default: 60_000,
    validator: between(-1, DAY_MS),
    importance: 'LOW',
    group: CONNECTOR,
    orderInGroup: 21,
    displayName: 'Max Connection Idle Time',
  }),
  'connection.timeout.ms': field.int({
    doc: 'How long to wait in milliseconds when establishing a connection to the Elasticsearch server. The attempt counts as failed if the client fails to connect to the server in this interval (and is retried).',
    default: 1000,
    validator: between(0, DAY_MS / 2),
    importance: 'LOW',
    group: CONNECTOR,
    orderInGroup: 22,
    displayName: 'Connection Timeout',
  }),
  'read.timeout.ms': field.int({
    doc: 'How long to wait in milliseconds for the Elasticsearch server to send a response. The attempt counts as failed if any read operation times out (and is retried).',
    default: 3000,
    validator: between(0, 7 * DAY_MS),
    importance: 'LOW',
    group: CONNECTOR,
    orderInGroup: 23,
    displayName: 'Read Timeout',
  }),

  // --- Data Conversion -----------------------------------------------------------------------------
  'key.ignore': field.boolean({
    doc: "Whether to ignore the record key for the purpose of forming the Elasticsearch document ID. When this is set to `true`, document IDs will be generated as the record's `topic+partition+offset`. Note that this is a global config that applies to all topics, use `topic.key.ignore` to override as `true` for specific topics.",
    default: false,
    importance: 'HIGH',
    group: CONVERSION,
    orderInGroup: 1,
    displayName: 'Ignore Key mode',
  }),
  'schema.ignore': field.boolean({
    doc: 'Whether to ignore schemas during indexing. When this is set to `true`, the record schema will be ignored for the purpose of registering an Elasticsearch mapping. Elasticsearch will infer the mapping from the data (dynamic mapping needs to be enabled by the user). Note that this is a global config that applies to all topics, use `topic.schema.ignore` to override as `true` for specific topics.',
    default: false,
    importance: 'LOW',
    group: CONVERSION,
    orderInGroup: 2,
    displayName: 'Ignore Schema mode',
  }),
  'compact.map.entries': field.boolean({
    doc: 'Defines how map entries with string keys within record values should be written to JSON. When this is set to `true`, these entries are written compactly as `"entryKey": "entryValue"`. Otherwise, map entries with string keys are written as a nested document `{"key": "entryKey", "value": "entryValue"}`. All map entries with non-string keys are always written as nested documents. Prior to 3.3.0, this connector always wrote map entries as nested documents, so set this to `false` to use that older behavior.',
    default: true,
    importance: 'LOW',
    group: CONVERSION,
    orderInGroup: 3,
    displayName: 'Compact Map Entries',
  }),
  'topic.key.ignore': field.list({
    doc: 'List of topics for which `key.ignore` should be `true`.',
    default: [],
    importance: 'LOW',
    group: CONVERSION,
    orderInGroup: 4,
    displayName: "Topics for 'Ignore Key' mode",
  }),
  'topic.schema.ignore': field.list({
    doc: 'List of topics for which `schema.ignore` should be `true`.',
    default: [],
    importance: 'LOW',
    group: CONVERSION,
    orderInGroup: 5,
    displayName: "Topics for 'Ignore Schema' mode",
  }),
  'drop.invalid.message': field.boolean({
    doc: 'Whether to drop kafka message when it cannot be converted to output message.',
    default: false,
    importance: 'LOW',
    group: CONVERSION,
    orderInGroup: 6,
    displayName: 'Drop invalid messages',
  }),
  'behavior.on.null.values': field.string({
    doc: "How to handle records with a non-null key and a null value (i.e. Kafka tombstone records). Valid options are 'ignore', 'delete', and 'fail'. A delete is versioned by the Kafka offset like an insert; with `write.method=upsert` it carries no version (Confluent's offset version there leaves a document updated more often than its offset undeleted).",
    default: 'FAIL',
    validator: oneOfLowerCase(...Object.values(BehaviorOnNullValues)),
    importance: 'LOW',
    group: CONVERSION,
    orderInGroup: 7,
    displayName: 'Behavior for null-valued records',
  }),
  'behavior.on.malformed.documents': field.string({
    doc: "How to handle records that Elasticsearch rejects due to some malformation of the document itself, such as an index mapping conflict, a field name containing illegal characters, or a record with a missing id. Valid options are ignore', 'warn', and 'fail'.",
    default: 'FAIL',
    validator: oneOfLowerCase(...Object.values(BehaviorOnMalformedDoc)),
    importance: 'LOW',
    group: CONVERSION,
    orderInGroup: 8,
    displayName: 'Behavior on malformed documents',
  }),
  'external.version.header': field.string({
    doc: 'Header name to pull value for external versioning, defaults to using the kafka record offset.  Must have a numeric value.',
    default: '',
    importance: 'LOW',
    group: CONVERSION,
    orderInGroup: 9,
    displayName: 'External Version Header Name',
  }),
  'write.method': field.string({
    doc: 'Method used for writing data to Elasticsearch, and one of INSERT or UPSERT. The default method is INSERT, in which the connector constructs a document from the record value and inserts that document into Elasticsearch, completely replacing any existing document with the same ID; this matches previous behavior. The UPSERT method will create a new document if one with the specified ID does not yet exist, or will update an existing document with the same ID by adding/replacing only those fields present in the record value. The UPSERT method may require additional time and resources of Elasticsearch, so consider increasing the read.timeout.ms and decreasing the batch.size configuration properties.',
    default: 'INSERT',
    validator: oneOfLowerCase(...Object.values(WriteMethod)),
    importance: 'LOW',
    group: CONVERSION,
    orderInGroup: 10,
    displayName: 'Write Method',
  }),
  'use.autogenerated.ids': field.boolean({
    doc: 'Whether to use auto-generated Elasticsearch document IDs for insertion requests. Note that this setting removes exactly once guarantees and message delivery will be at least once. Only applies if write.method is set to INSERT.When this is set to `true`, `key.ignore` option will also be ignored when sending data to Elasticsearch',
    default: false,
    group: CONNECTOR,
    orderInGroup: 24,
    displayName: 'Elasticsearch Generated IDs',
  }),

  // --- Proxy ---------------------------------------------------------------------------------------
  'proxy.host': field.string({
    doc: 'The address of the proxy host to connect through. Supports the basic authentication scheme only.',
    default: '',
    importance: 'LOW',
    group: PROXY,
    orderInGroup: 0,
    displayName: 'Proxy Host',
  }),
  'proxy.port': field.int({
    doc: 'The port of the proxy host to connect through.',
    default: 8080,
    validator: between(1, 65535),
    importance: 'LOW',
    group: PROXY,
    orderInGroup: 1,
    displayName: 'Proxy Port',
  }),
  'proxy.username': field.string({
    doc: 'The username for the proxy host.',
    default: '',
    importance: 'LOW',
    group: PROXY,
    orderInGroup: 2,
    displayName: 'Proxy Username',
  }),
  'proxy.password': field.password({
    doc: 'The password for the proxy host.',
    default: null,
    importance: 'LOW',
    group: PROXY,
    orderInGroup: 3,
    displayName: 'Proxy Password',
  }),

  // --- Security ------------------------------------------------------------------------------------
  'elastic.security.protocol': field.string({
    doc: 'The security protocol to use when connecting to Elasticsearch. Values can be `PLAINTEXT` or `SSL`. If `PLAINTEXT` is passed, all configs prefixed by elastic.https. will be ignored. An `https` URL works with either: with `PLAINTEXT` the system CAs are trusted; `SSL` applies the truststore and keystore below.',
    default: 'PLAINTEXT',
    validator: oneOfLowerCase('plaintext', 'ssl'),
    group: 'Security',
    orderInGroup: 1,
    displayName: 'Security protocol',
  }),
  ...SSL_CONFIG_KEYS,

  // --- Kerberos ------------------------------------------------------------------------------------
  'kerberos.user.principal': field.string({
    doc: 'The Kerberos user principal the connector may use to authenticate with Kerberos. Not supported by connectless: setting it is refused.',
    default: null,
    importance: 'LOW',
    group: KERBEROS,
    orderInGroup: 0,
    displayName: 'Kerberos User Principal',
  }),
  'kerberos.keytab.path': field.string({
    doc: 'The path to the keytab file to use for authentication with Kerberos. Not supported by connectless: setting it is refused.',
    default: null,
    importance: 'LOW',
    group: KERBEROS,
    orderInGroup: 1,
    displayName: 'Kerberos Keytab File Path',
  }),

  // --- AWS (connectless) ---------------------------------------------------------------------------
  'connectless.aws.sigv4.region': field.string({
    doc: 'Not a Confluent key. The AWS region of an Amazon OpenSearch Service domain or OpenSearch Serverless collection (`eu-west-1`): when set, every request is signed with AWS Signature Version 4, with credentials from the default provider chain (in Lambda: the function role). Cannot be combined with `connection.username`/`connection.password`. Empty: no signing.',
    default: '',
    importance: 'HIGH',
    group: AWS,
    orderInGroup: 1,
    displayName: 'SigV4 Region',
  }),
  'connectless.aws.sigv4.service': field.string({
    doc: 'Not a Confluent key. The service name SigV4 signs for: `es` for Amazon OpenSearch Service domains, `aoss` for OpenSearch Serverless collections.',
    default: 'es',
    validator: validString('es', 'aoss'),
    group: AWS,
    orderInGroup: 2,
    displayName: 'SigV4 Service',
  }),
})

export type OpenSearchSinkParsedConfig = ParsedConfig<typeof OPENSEARCH_SINK_CONFIG.keys>

export interface DataStreamSettings {
  /** As given (Confluent lower-cases it in the stream name only). */
  readonly type: string
  readonly dataset: string
  readonly namespace: string
  readonly timestampFields: readonly string[]
}

export interface ExternalResourceSettings {
  readonly usage: Exclude<ExternalResourceUsage, 'disabled'>
  readonly topicToResource: ReadonlyMap<string, string>
}

export interface ProxySettings {
  readonly host: string
  readonly port: number
  readonly username: string | null
  readonly password: Password | null
}

export interface SslSettings {
  readonly protocol: string
  readonly enabledProtocols: readonly string[]
  readonly truststoreType: string
  readonly truststoreLocation: string | null
  readonly truststorePassword: Password | null
  readonly truststoreCertificates: Password | null
  readonly keystoreType: string
  readonly keystoreLocation: string | null
  readonly keystorePassword: Password | null
  readonly keyPassword: Password | null
  readonly keystoreKey: Password | null
  readonly keystoreCertificateChain: Password | null
  /** False where `ssl.endpoint.identification.algorithm` is set empty. */
  readonly verifyHostname: boolean
}

export interface SigV4Settings {
  readonly region: string
  readonly service: 'es' | 'aoss'
}

/** The sink's settings, parsed, defaulted and checked across keys. */
export interface OpenSearchSinkConfig {
  readonly parsed: OpenSearchSinkParsedConfig
  /** Without a trailing slash, `http://` added where no scheme was given; duplicates removed. */
  readonly connectionUrls: readonly string[]
  /** Basic auth, set only where both username and password are. */
  readonly basicAuth: { readonly username: string; readonly password: Password } | null
  readonly batchSize: number
  /** -1: no byte limit. */
  readonly bulkSizeBytes: number
  readonly maxInFlightRequests: number
  readonly maxBufferedRecords: number
  readonly lingerMs: number
  readonly flushTimeoutMs: number
  readonly maxRetries: number
  readonly retryBackoffMs: number
  readonly compression: boolean
  readonly connectionTimeoutMs: number
  readonly readTimeoutMs: number
  readonly ignoreKey: boolean
  readonly ignoreKeyTopics: ReadonlySet<string>
  readonly ignoreSchema: boolean
  readonly ignoreSchemaTopics: ReadonlySet<string>
  readonly compactMapEntries: boolean
  readonly dropInvalidMessage: boolean
  readonly behaviorOnNullValues: BehaviorOnNullValues
  readonly behaviorOnMalformedDocuments: BehaviorOnMalformedDoc
  /** The header whose value is the external version; null: the Kafka offset. */
  readonly externalVersionHeader: string | null
  readonly writeMethod: WriteMethod
  readonly useAutogeneratedIds: boolean
  /** Set where `data.stream.type` and `data.stream.dataset` both are. */
  readonly dataStream: DataStreamSettings | null
  readonly externalResources: ExternalResourceSettings | null
  readonly proxy: ProxySettings | null
  /** Set where `elastic.security.protocol` is SSL. */
  readonly ssl: SslSettings | null
  readonly sigv4: SigV4Settings | null
  /** Warnings for the user (already logged once). */
  readonly warnings: readonly string[]
}

/** Confluent's `isDataStream()`: an external data stream or alias of one, or the data.stream.* keys. */
export function isDataStream(config: OpenSearchSinkConfig): boolean {
  if (config.externalResources !== null) {
    const usage = config.externalResources.usage
    return usage === ExternalResourceUsage.DATASTREAM || usage === ExternalResourceUsage.ALIAS_DATASTREAM
  }
  return config.dataStream !== null
}

/** Confluent's `shouldIgnoreKey(topic)`: key.ignore, the topic in topic.key.ignore, or auto ids on insert. */
export function shouldIgnoreKey(config: OpenSearchSinkConfig, topic: string): boolean {
  return (
    config.ignoreKey ||
    config.ignoreKeyTopics.has(topic) ||
    (config.writeMethod === WriteMethod.INSERT && config.useAutogeneratedIds)
  )
}

/** Confluent's `shouldIgnoreSchema(topic)`. */
export function shouldIgnoreSchema(config: OpenSearchSinkConfig, topic: string): boolean {
  return config.ignoreSchema || config.ignoreSchemaTopics.has(topic)
}

/** Keys of this connector that Confluent removed; accepted, ignored and warned about. */
const OBSOLETE_KEYS: readonly SeedMistake[] = [
  {
    key: 'type.name',
    meant: null,
    consequence:
      "It was required up to version 10 of Confluent's connector and removed in 11.0 (mapping types are gone since Elasticsearch 7): documents are written without a type.",
  },
  {
    key: 'topic.index.map',
    meant: null,
    consequence:
      "It was removed in version 11.0 of Confluent's connector: the index is named after the topic. Rename topics with the RegexRouter transform, or use topic.to.external.resource.mapping.",
  },
]

/** Keys accepted and not applied, warned about where set. */
const NOT_APPLIED = [
  'max.connection.idle.time.ms',
  'elastic.https.ssl.cipher.suites',
  'elastic.https.ssl.provider',
  'elastic.https.ssl.keymanager.algorithm',
  'elastic.https.ssl.trustmanager.algorithm',
  'elastic.https.ssl.secure.random.implementation',
  'elastic.https.ssl.engine.factory.class',
] as const

function normaliseUrl(url: string): string {
  const trimmed = url.endsWith('/') ? url.slice(0, -1) : url
  const withScheme = trimmed.includes('://') ? trimmed : `http://${trimmed}`
  try {
    new URL(withScheme)
  } catch {
    throw ConfigException.invalid('connection.url', url, `The provided url '${url}' is not a valid url.`)
  }
  return withScheme
}

/** Confluent's `getTopicToExternalResourceMap`, with its messages. */
function topicToResourceMap(mappings: readonly string[], max: number): Map<string, string> {
  const key = 'topic.to.external.resource.mapping'
  const result = new Map<string, string>()
  const resources = new Set<string>()
  for (const mapping of mappings) {
    const parts = mapping.split(':')
    if (parts.length !== 2) {
      throw ConfigException.invalid(
        key,
        mapping,
        'Invalid topic-to-resource mapping format. The expected format: topic:resource',
      )
    }
    const topic = parts[0]!.trim()
    const resource = parts[1]!.trim()
    if (result.has(topic)) {
      throw ConfigException.invalid(
        key,
        mapping,
        `Topic '${topic}' is mapped to multiple resources. Each topic must be mapped to exactly one resource.`,
      )
    }
    if (resources.has(resource)) {
      throw ConfigException.invalid(
        key,
        mapping,
        `Resource '${resource}' is mapped from multiple topics. Each resource must be mapped to exactly one topic.`,
      )
    }
    result.set(topic, resource)
    resources.add(resource)
  }
  if (result.size > max) {
    throw ConfigException.invalid(
      key,
      mappings,
      `Too many topic-to-external-resource mappings are configured (${result.size}). Maximum allowed limit is ${max}.`,
    )
  }
  return result
}

/**
 * Parses and checks an OpenSearch sink config; throws ConfigException naming the key at fault. Warns
 * (once) about obsolete keys (`type.name`), the seed's mistaken DLQ keys and keys not applied.
 */
export function parseOpenSearchSinkConfig(props: ConfigProps): OpenSearchSinkConfig {
  const parsed = OPENSEARCH_SINK_CONFIG.parse(props)
  const v = parsed.values
  const warnings = warnSeedMistakes(props, OBSOLETE_KEYS).map((m) => m.message)
  for (const key of NOT_APPLIED) {
    if (!Object.hasOwn(props, key)) continue
    const message = `Config key '${key}' is accepted for compatibility and not applied by connectless.`
    warnings.push(message)
    warnOnce(`opensearch-sink:not-applied:${key}`, message, { key })
  }

  const usage = v['external.resource.usage'].toLowerCase() as ExternalResourceUsage
  const username = v['connection.username']
  const password = v['connection.password']
  const proxyHost = v['proxy.host']
  const sslEnabled = v['elastic.security.protocol'].toLowerCase() === 'ssl'
  const typeIsNone = v['data.stream.type'].toUpperCase() === 'NONE'
  const dataset = v['data.stream.dataset']
  const externalResources =
    usage === ExternalResourceUsage.DISABLED
      ? null
      : {
          usage,
          topicToResource: topicToResourceMap(
            v['topic.to.external.resource.mapping'],
            v['max.external.resource.mappings'],
          ),
        }
  const endpointAlgorithm = v['elastic.https.ssl.endpoint.identification.algorithm']
  const sigv4Region = v['connectless.aws.sigv4.region'].trim()

  const config: OpenSearchSinkConfig = {
    parsed,
    connectionUrls: [...new Set(v['connection.url'].map(normaliseUrl))],
    basicAuth: username !== null && password !== null ? { username, password } : null,
    batchSize: v['batch.size'],
    bulkSizeBytes: v['bulk.size.bytes'],
    maxInFlightRequests: v['max.in.flight.requests'],
    maxBufferedRecords: v['max.buffered.records'],
    lingerMs: v['linger.ms'],
    flushTimeoutMs: v['flush.timeout.ms'],
    maxRetries: v['max.retries'],
    retryBackoffMs: v['retry.backoff.ms'],
    compression: v['connection.compression'],
    connectionTimeoutMs: v['connection.timeout.ms'],
    readTimeoutMs: v['read.timeout.ms'],
    ignoreKey: v['key.ignore'],
    ignoreKeyTopics: new Set(v['topic.key.ignore']),
    ignoreSchema: v['schema.ignore'],
    ignoreSchemaTopics: new Set(v['topic.schema.ignore']),
    compactMapEntries: v['compact.map.entries'],
    dropInvalidMessage: v['drop.invalid.message'],
    behaviorOnNullValues: v['behavior.on.null.values'].toLowerCase() as BehaviorOnNullValues,
    behaviorOnMalformedDocuments: v['behavior.on.malformed.documents'].toLowerCase() as BehaviorOnMalformedDoc,
    externalVersionHeader: v['external.version.header'] === '' ? null : v['external.version.header'],
    writeMethod: v['write.method'].toLowerCase() as WriteMethod,
    useAutogeneratedIds: v['use.autogenerated.ids'],
    dataStream:
      !typeIsNone && dataset !== ''
        ? {
            type: v['data.stream.type'],
            dataset,
            namespace: v['data.stream.namespace'],
            timestampFields: v['data.stream.timestamp.field'],
          }
        : null,
    externalResources,
    proxy:
      proxyHost === ''
        ? null
        : {
            host: proxyHost,
            port: v['proxy.port'],
            username: v['proxy.username'] === '' ? null : v['proxy.username'],
            password: v['proxy.password'],
          },
    ssl: sslEnabled
      ? {
          protocol: v['elastic.https.ssl.protocol'],
          enabledProtocols: v['elastic.https.ssl.enabled.protocols'],
          truststoreType: v['elastic.https.ssl.truststore.type'],
          truststoreLocation: emptyToNull(v['elastic.https.ssl.truststore.location']),
          truststorePassword: v['elastic.https.ssl.truststore.password'],
          truststoreCertificates: v['elastic.https.ssl.truststore.certificates'],
          keystoreType: v['elastic.https.ssl.keystore.type'],
          keystoreLocation: emptyToNull(v['elastic.https.ssl.keystore.location']),
          keystorePassword: v['elastic.https.ssl.keystore.password'],
          keyPassword: v['elastic.https.ssl.key.password'],
          keystoreKey: v['elastic.https.ssl.keystore.key'],
          keystoreCertificateChain: v['elastic.https.ssl.keystore.certificate.chain'],
          verifyHostname: endpointAlgorithm === null || endpointAlgorithm !== '',
        }
      : null,
    sigv4:
      sigv4Region === ''
        ? null
        : { region: sigv4Region, service: v['connectless.aws.sigv4.service'] as SigV4Settings['service'] },
    warnings,
  }
  checkConfig(config, props)
  return config
}

function emptyToNull(value: string | null): string | null {
  return value === null || value === '' ? null : value
}

/**
 * How the event source mapping that feeds this sink should batch, derived from the connector config
 * (the Lambda side of `linger.ms`): the batching window is `linger.ms` in whole seconds, rounded down
 * (the ESM allows 0–300 s; Connect's default 1 ms means no window). The batch size is left to the
 * deployment (the ESM allows up to 10,000 records); `max.buffered.records` bounds how many of them are
 * held converted at once, not the batch.
 */
export function eventSourceBatching(config: OpenSearchSinkConfig): { readonly maximumBatchingWindowInSeconds: number } {
  return { maximumBatchingWindowInSeconds: Math.min(300, Math.floor(config.lingerMs / 1000)) }
}
