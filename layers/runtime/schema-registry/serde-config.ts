/**
 * The config keys that Confluent's schema-registry converters share (`AbstractKafkaSchemaSerDeConfig`
 * and `SchemaRegistryClientConfig`): where the registry is, how to authenticate and trust it, and
 * how schemas are registered and looked up. AvroConverter and ProtobufConverter add their own
 * data keys to these.
 *
 * Confluent also reads the client keys with a `schema.registry.` prefix (`schema.registry.ssl.*`
 * only that way); {@link clientSetting} applies that rule.
 */
import type { ConfigKeys } from '../config/definition.js'
import { field } from '../config/definition.js'
import { atLeast, caseInsensitiveValidString, nonEmptyList } from '../config/validators.js'
import { SubjectNameStrategyClass } from './subject-name-strategy.js'

const GROUP = 'Schema Registry'

export const SCHEMA_REGISTRY_URL_CONFIG = 'schema.registry.url'
export const AUTO_REGISTER_SCHEMAS = 'auto.register.schemas'
export const USE_LATEST_VERSION = 'use.latest.version'
export const LATEST_COMPATIBILITY_STRICT = 'latest.compatibility.strict'

export const schemaRegistrySerdeKeys = {
  [SCHEMA_REGISTRY_URL_CONFIG]: field.list({
    doc: 'Comma-separated list of Schema Registry URLs. On a connection failure the next one is tried.',
    validator: nonEmptyList,
    importance: 'HIGH',
    group: GROUP,
  }),
  'basic.auth.credentials.source': field.string({
    doc: 'Where HTTP basic credentials come from: `USER_INFO` (`basic.auth.user.info`) or `URL` (`https://user:pass@host`).',
    default: 'URL',
    validator: caseInsensitiveValidString('URL', 'USER_INFO'),
    group: GROUP,
  }),
  'basic.auth.user.info': field.password({
    doc: 'Basic credentials as `user:password`, used when `basic.auth.credentials.source` is `USER_INFO`.',
    default: '',
    group: GROUP,
  }),
  'schema.registry.basic.auth.user.info': field.password({
    doc: 'Deprecated name of `basic.auth.user.info`; wins when both are set.',
    default: '',
    importance: 'LOW',
    group: GROUP,
  }),
  'schema.registry.ssl.truststore.location': field.string({
    doc: "Truststore that the registry's TLS certificate is checked against: PEM, PKCS12 or JKS. Without it the system CAs are used.",
    default: null,
    group: GROUP,
  }),
  'schema.registry.ssl.truststore.password': field.password({
    doc: 'Password of the truststore (PKCS12 and JKS).',
    default: null,
    group: GROUP,
  }),
  'schema.registry.ssl.truststore.type': field.string({
    doc: "Truststore format: `JKS`, `PKCS12` or `PEM`. The file's own format wins when it is recognisable.",
    default: 'JKS',
    validator: caseInsensitiveValidString('JKS', 'PKCS12', 'PEM'),
    group: GROUP,
  }),
  [AUTO_REGISTER_SCHEMAS]: field.boolean({
    doc: 'Register the schema of each value written, under its subject.',
    default: true,
    group: GROUP,
  }),
  [USE_LATEST_VERSION]: field.boolean({
    doc: 'Write with, and read into, the latest registered schema of the subject (when `auto.register.schemas` is false).',
    default: false,
    importance: 'LOW',
    group: GROUP,
  }),
  [LATEST_COMPATIBILITY_STRICT]: field.boolean({
    doc: "With `use.latest.version`, check that the latest schema is backward compatible with the value's schema.",
    default: true,
    importance: 'LOW',
    group: GROUP,
  }),
  'latest.cache.ttl.sec': field.int({
    doc: "Seconds a subject's latest version is cached; -1 caches it for the life of the converter.",
    default: -1,
    importance: 'LOW',
    group: GROUP,
  }),
  'normalize.schemas': field.boolean({
    doc: 'Ask the registry to normalize schemas when registering and looking up.',
    default: false,
    group: GROUP,
  }),
  'key.subject.name.strategy': field.class({
    doc: 'Subject name of key schemas: `TopicNameStrategy` (`<topic>-key`), `RecordNameStrategy` or `TopicRecordNameStrategy`.',
    default: SubjectNameStrategyClass.TOPIC,
    group: GROUP,
  }),
  'value.subject.name.strategy': field.class({
    doc: 'Subject name of value schemas: `TopicNameStrategy` (`<topic>-value`), `RecordNameStrategy` or `TopicRecordNameStrategy`.',
    default: SubjectNameStrategyClass.TOPIC,
    group: GROUP,
  }),
  'max.schemas.per.subject': field.int({
    doc: 'Schemas cached per subject.',
    default: 1000,
    validator: atLeast(1),
    importance: 'LOW',
    group: GROUP,
  }),
  'http.connect.timeout.ms': field.int({
    doc: "Connect timeout of one registry request, in ms. Confluent's default is 60000; a Lambda is better served failing within seconds.",
    default: 10000,
    validator: atLeast(1),
    importance: 'LOW',
    group: GROUP,
  }),
  'http.read.timeout.ms': field.int({
    doc: "Read timeout of one registry request, in ms. Confluent's default is 60000.",
    default: 10000,
    validator: atLeast(1),
    importance: 'LOW',
    group: GROUP,
  }),
  'max.retries': field.int({
    doc: 'Retries of a request that failed to connect, timed out or got 408, 429 or 5xx.',
    default: 3,
    validator: atLeast(0),
    importance: 'LOW',
    group: GROUP,
  }),
  'retries.wait.ms': field.int({
    doc: "Ceiling of the first retry's random wait, doubled for each further retry.",
    default: 1000,
    validator: atLeast(0),
    importance: 'LOW',
    group: GROUP,
  }),
  'retries.max.wait.ms': field.int({
    doc: "Ceiling of any retry's wait.",
    default: 20000,
    validator: atLeast(0),
    importance: 'LOW',
    group: GROUP,
  }),
} as const satisfies ConfigKeys

const CLIENT_KEYS = [
  'basic.auth.credentials.source',
  'http.connect.timeout.ms',
  'http.read.timeout.ms',
  'max.retries',
  'retries.wait.ms',
  'retries.max.wait.ms',
] as const

/**
 * The props with Confluent's client prefix rule applied: `schema.registry.<key>` wins over `<key>`
 * for the registry client's own keys (Confluent's client strips the prefix before reading them).
 */
export function applyClientPrefix(props: Readonly<Record<string, string | null>>): Record<string, string | null> {
  const out: Record<string, string | null> = { ...props }
  for (const key of CLIENT_KEYS) {
    const prefixed = props[`schema.registry.${key}`]
    if (prefixed !== undefined && prefixed !== null) out[key] = prefixed
  }
  return out
}
