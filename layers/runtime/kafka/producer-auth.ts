/**
 * The Kafka client settings of a source task's producer and of a sink task's dead letter queue
 * (producer and admin client), from the keys a Kafka Connect user already has: `bootstrap.servers`,
 * `client.id`, `request.timeout.ms`, `security.protocol`, `sasl.mechanism`, `sasl.jaas.config`, the
 * MSK IAM callback handler classes and the `ssl.*` trust and key settings.
 *
 * Where a producer's come from, later winning: the worker's own keys (on AWS the same keys configure
 * the event source mapping), the worker's `producer.*` keys (Connect's producer settings) and the
 * connector's `producer.override.*` keys (Connect's per-connector overrides). An admin client's: the
 * worker's own keys, `admin.*`, the connector's `admin.override.*` (Connect's `Worker.adminConfigs`).
 *
 * Mechanisms: `PLAIN`, `SCRAM-SHA-256`, `SCRAM-SHA-512` (credentials from the `PlainLoginModule` /
 * `ScramLoginModule` options of `sasl.jaas.config`) and MSK IAM, written either way AWS documents it:
 * `AWS_MSK_IAM` with `IAMLoginModule`, or `OAUTHBEARER` with the `IAMOAuthBearerLoginCallbackHandler`.
 * Both are sent as OAUTHBEARER with a token signed by the function's AWS credentials
 * ({@link mskIamToken}); MSK accepts either mechanism for IAM. GSSAPI and OAuth token endpoints are
 * refused with a ConfigException naming the key.
 */

import { readFileSync } from 'node:fs'
import { DynamoDBClient } from '@aws-sdk/client-dynamodb'
import { field } from '../config/config-key.js'
import { defineConfig } from '../config/definition.js'
import { type ConfigProps, originalsWithPrefix } from '../config/parsed-config.js'
import type { Password } from '../config/password.js'
import { caseInsensitiveValidString } from '../config/validators.js'
import { ConfigException } from '../errors.js'
import { readTruststore } from '../schema-registry/truststore.js'
import type { KafkaClientConfig, KafkaSasl, KafkaSecurity, KafkaTls } from './client.js'
import { type AwsCredentials, mskIamToken, mskRegionOf } from './msk-iam-token.js'

const SECURITY = 'Security'

/** The producer keys connectless reads, with Kafka's defaults. */
export const producerClientConfigDef = defineConfig({
  'bootstrap.servers': field.list({
    doc: 'The Kafka brokers the source task produces to, `host:port` separated by commas.',
    default: [],
    importance: 'HIGH',
  }),
  'client.id': field.string({
    doc: "The producer's client id. Default: Connect's `connector-producer-<connector>-<task>`.",
    default: '',
    importance: 'LOW',
  }),
  'request.timeout.ms': field.int({
    doc: 'How long the producer waits for a broker to answer one request.',
    default: 30_000,
    importance: 'MEDIUM',
  }),
  'security.protocol': field.string({
    doc: '`PLAINTEXT`, `SSL`, `SASL_PLAINTEXT` or `SASL_SSL`.',
    default: 'PLAINTEXT',
    validator: caseInsensitiveValidString('PLAINTEXT', 'SSL', 'SASL_PLAINTEXT', 'SASL_SSL'),
    importance: 'MEDIUM',
    group: SECURITY,
  }),
  'sasl.mechanism': field.string({
    doc: '`PLAIN`, `SCRAM-SHA-256`, `SCRAM-SHA-512`, `AWS_MSK_IAM`, or `OAUTHBEARER` with the MSK IAM callback handler.',
    default: 'GSSAPI',
    importance: 'MEDIUM',
    group: SECURITY,
  }),
  'sasl.jaas.config': field.password({
    doc: 'The login module and its options, e.g. `org.apache.kafka.common.security.scram.ScramLoginModule required username="u" password="p";`.',
    default: null,
    importance: 'MEDIUM',
    group: SECURITY,
  }),
  'sasl.login.callback.handler.class': field.class({
    doc: 'With OAUTHBEARER: `software.amazon.msk.auth.iam.IAMOAuthBearerLoginCallbackHandler` selects MSK IAM.',
    default: null,
    importance: 'LOW',
    group: SECURITY,
  }),
  'sasl.client.callback.handler.class': field.class({
    doc: 'Accepted for MSK IAM (`software.amazon.msk.auth.iam.IAMClientCallbackHandler`).',
    default: null,
    importance: 'LOW',
    group: SECURITY,
  }),
  'sasl.oauthbearer.token.endpoint.url': field.string({
    doc: 'Not supported: OAUTHBEARER is available as MSK IAM only.',
    default: null,
    importance: 'LOW',
    group: SECURITY,
  }),
  'ssl.truststore.location': field.string({
    doc: 'Truststore of the brokers’ CA: PEM, PKCS12 or JKS. Unset: the system CAs.',
    default: null,
    importance: 'HIGH',
    group: SECURITY,
  }),
  'ssl.truststore.password': field.password({
    doc: 'Password of the truststore (PKCS12 and JKS).',
    default: null,
    importance: 'HIGH',
    group: SECURITY,
  }),
  'ssl.truststore.type': field.string({
    doc: 'Truststore format.',
    default: 'JKS',
    importance: 'MEDIUM',
    group: SECURITY,
  }),
  'ssl.truststore.certificates': field.password({
    doc: 'Trusted certificates in PEM, given inline (with `ssl.truststore.type=PEM`).',
    default: null,
    importance: 'MEDIUM',
    group: SECURITY,
  }),
  'ssl.keystore.type': field.string({ doc: 'Keystore format.', default: 'JKS', importance: 'MEDIUM', group: SECURITY }),
  'ssl.keystore.location': field.string({
    doc: 'Not supported: give the client certificate in PEM with `ssl.keystore.type=PEM`.',
    default: null,
    importance: 'HIGH',
    group: SECURITY,
  }),
  'ssl.keystore.certificate.chain': field.password({
    doc: 'Client certificate chain in PEM (mutual TLS, `ssl.keystore.type=PEM`).',
    default: null,
    importance: 'HIGH',
    group: SECURITY,
  }),
  'ssl.keystore.key': field.password({
    doc: 'Client private key in PEM (mutual TLS, `ssl.keystore.type=PEM`).',
    default: null,
    importance: 'HIGH',
    group: SECURITY,
  }),
  'ssl.key.password': field.password({
    doc: 'Password of an encrypted `ssl.keystore.key`.',
    default: null,
    importance: 'HIGH',
    group: SECURITY,
  }),
  'ssl.endpoint.identification.algorithm': field.string({
    doc: '`https` checks the broker’s host name against its certificate; empty turns that off.',
    default: 'https',
    importance: 'LOW',
    group: SECURITY,
  }),
})

const MSK_IAM_PACKAGE = 'software.amazon.msk.auth.iam.'
const LOGIN_MODULES: Readonly<Record<string, string>> = {
  PLAIN: 'org.apache.kafka.common.security.plain.PlainLoginModule',
  'SCRAM-SHA-256': 'org.apache.kafka.common.security.scram.ScramLoginModule',
  'SCRAM-SHA-512': 'org.apache.kafka.common.security.scram.ScramLoginModule',
}

/** One login module entry of a JAAS config. */
export interface JaasEntry {
  readonly loginModule: string
  readonly controlFlag: 'required' | 'requisite' | 'sufficient' | 'optional'
  readonly options: Readonly<Record<string, string>>
}

const JAAS = 'sasl.jaas.config'

function jaasError(message: string): ConfigException {
  // the value is a secret: never in the message
  return ConfigException.invalid(JAAS, null, message, { secret: true })
}

/**
 * Reads a JAAS config as Kafka's `JaasConfig` does (a `StreamTokenizer`): entries
 * `<LoginModule> <flag> key=value … ;`, values bare words or quoted strings, `//` and `/* *\/` comments.
 */
export function parseJaasConfig(text: string): JaasEntry[] {
  type Token = { kind: 'word'; text: string } | { kind: 'char'; text: string }
  const tokens: Token[] = []
  let i = 0
  const isWord = (c: string) => /[A-Za-z0-9_.$-]/.test(c) || c.charCodeAt(0) >= 128
  while (i < text.length) {
    const c = text[i] as string
    if (/\s/.test(c)) i++
    else if (text.startsWith('//', i)) while (i < text.length && text[i] !== '\n') i++
    else if (text.startsWith('/*', i)) {
      const end = text.indexOf('*/', i + 2)
      i = end < 0 ? text.length : end + 2
    } else if (c === '"' || c === "'") {
      let value = ''
      i++
      while (i < text.length && text[i] !== c) {
        if (text[i] === '\\' && i + 1 < text.length) {
          const next = text[i + 1] as string
          value += next === 'n' ? '\n' : next === 't' ? '\t' : next === 'r' ? '\r' : next
          i += 2
        } else value += text[i++]
      }
      if (i >= text.length) throw jaasError('a quoted value is not terminated')
      i++
      tokens.push({ kind: 'word', text: value })
    } else if (isWord(c)) {
      const start = i
      while (i < text.length && isWord(text[i] as string)) i++
      tokens.push({ kind: 'word', text: text.slice(start, i) })
    } else {
      tokens.push({ kind: 'char', text: c })
      i++
    }
  }
  const entries: JaasEntry[] = []
  let t = 0
  while (t < tokens.length) {
    const module = tokens[t++] as Token
    if (module.kind !== 'word') throw jaasError('Login module not specified in JAAS config')
    const flag = tokens[t++]
    if (flag === undefined) throw jaasError('Login module control flag not specified in JAAS config')
    const controlFlag = flag.text.toLowerCase()
    if (!['required', 'requisite', 'sufficient', 'optional'].includes(controlFlag)) {
      throw jaasError(`Invalid login module control flag '${flag.text}' in JAAS config`)
    }
    const options: Record<string, string> = {}
    while (t < tokens.length && tokens[t]?.text !== ';') {
      const key = tokens[t++] as Token
      const equals = tokens[t++]
      const value = tokens[t++]
      if (equals?.text !== '=' || value === undefined || value.kind !== 'word') {
        throw jaasError(`Value not specified for key '${key.text}' in JAAS config`)
      }
      options[key.text] = value.text
    }
    if (tokens[t]?.text !== ';') throw jaasError('JAAS config entry not terminated by semi-colon')
    t++
    entries.push({ loginModule: module.text, controlFlag: controlFlag as JaasEntry['controlFlag'], options })
  }
  if (entries.length === 0) throw jaasError('Login module not specified in JAAS config')
  return entries
}

/** The producer's settings by Connect's precedence: worker, worker `producer.*`, connector `producer.override.*`. */
export function producerProps(worker: ConfigProps, connector: ConfigProps): Record<string, string | null> {
  return {
    ...worker,
    ...originalsWithPrefix(worker, 'producer.'),
    ...originalsWithPrefix(connector, 'producer.override.'),
  }
}

export interface ProducerAuthOptions {
  /** The AWS credentials MSK IAM tokens are signed with (default: the AWS SDK's default chain). */
  readonly credentials?: () => Promise<AwsCredentials>
  /** The region for MSK IAM when the broker host names do not say it (default: AWS_REGION). */
  readonly region?: string
}

let defaultCredentials: (() => Promise<AwsCredentials>) | undefined
/** The AWS SDK's default credential chain (environment, web identity, container, instance), cached and refreshed by the SDK. */
function sdkCredentials(): () => Promise<AwsCredentials> {
  if (defaultCredentials === undefined) {
    const provider = new DynamoDBClient({}).config.credentials
    defaultCredentials = () => provider()
  }
  return defaultCredentials
}

function secret(value: Password | null): string | null {
  return value === null ? null : value.value()
}

type ProducerClientConfig = ReturnType<typeof producerClientConfigDef.parse>

function tlsSettings(c: ProducerClientConfig): KafkaTls {
  let ca: string[] | undefined
  const inline = secret(c.get('ssl.truststore.certificates'))
  const location = c.get('ssl.truststore.location')
  const type = c.get('ssl.truststore.type')
  if (inline !== null) {
    try {
      ca = readTruststore(Buffer.from(inline, 'utf8'), null, 'PEM')
    } catch (e) {
      throw ConfigException.invalid(
        'ssl.truststore.certificates',
        null,
        `Cannot read the certificates: ${(e as Error).message}`,
        {
          secret: true,
        },
      )
    }
  } else if (location !== null && location !== '') {
    let bytes: Buffer
    try {
      bytes = readFileSync(location)
    } catch (e) {
      throw ConfigException.invalid(
        'ssl.truststore.location',
        location,
        `Cannot read the truststore: ${(e as Error).message}`,
      )
    }
    try {
      ca = readTruststore(bytes, secret(c.get('ssl.truststore.password')), type)
    } catch (e) {
      if (e instanceof ConfigException) throw e
      throw ConfigException.invalid(
        'ssl.truststore.location',
        location,
        `Cannot load the truststore: ${(e as Error).message}`,
      )
    }
    if (ca.length === 0)
      throw ConfigException.invalid('ssl.truststore.location', location, 'the truststore holds no certificate')
  }
  const keystoreLocation = c.get('ssl.keystore.location')
  if (keystoreLocation !== null && keystoreLocation !== '') {
    throw ConfigException.invalid(
      'ssl.keystore.location',
      keystoreLocation,
      'keystore files are not supported for the producer: set ssl.keystore.type=PEM with ssl.keystore.certificate.chain and ssl.keystore.key',
    )
  }
  const cert = secret(c.get('ssl.keystore.certificate.chain'))
  const key = secret(c.get('ssl.keystore.key'))
  if ((cert === null) !== (key === null)) {
    throw new ConfigException('Mutual TLS needs both ssl.keystore.certificate.chain and ssl.keystore.key', {
      key: cert === null ? 'ssl.keystore.certificate.chain' : 'ssl.keystore.key',
    })
  }
  const keyPassword = secret(c.get('ssl.key.password'))
  return {
    ...(ca === undefined ? {} : { ca }),
    ...(cert === null ? {} : { cert }),
    ...(key === null ? {} : { key }),
    ...(keyPassword === null ? {} : { keyPassword }),
    verifyHostname: c.get('ssl.endpoint.identification.algorithm').trim() !== '',
  }
}

function jaasEntry(c: ProducerClientConfig, mechanism: string): JaasEntry {
  const jaas = secret(c.get('sasl.jaas.config'))
  if (jaas === null || jaas.trim() === '') {
    throw new ConfigException(
      `sasl.mechanism=${mechanism} needs sasl.jaas.config (Kafka: "Could not find a 'KafkaClient' entry in the JAAS configuration")`,
      { key: JAAS },
    )
  }
  const entries = parseJaasConfig(jaas)
  if (entries.length !== 1) {
    throw jaasError(`JAAS config property contains ${entries.length} login module entries, only one is supported`)
  }
  return entries[0] as JaasEntry
}

function mskIamSasl(c: ProducerClientConfig, servers: readonly string[], options: ProducerAuthOptions): KafkaSasl {
  const jaas = secret(c.get('sasl.jaas.config'))
  if (jaas !== null && jaas.trim() !== '') {
    const entry = jaasEntry(c, 'AWS_MSK_IAM')
    for (const unsupported of ['awsRoleArn', 'awsProfileName']) {
      if (entry.options[unsupported] !== undefined) {
        throw jaasError(
          `the IAMLoginModule option ${unsupported} is not supported: the producer signs with the function's own credentials (its execution role); grant that role kafka-cluster:Connect, DescribeTopic and WriteData instead`,
        )
      }
    }
  }
  const fromHost = servers.map(mskRegionOf).find((r) => r !== null) ?? null
  const region = fromHost ?? options.region ?? process.env['AWS_REGION'] ?? process.env['AWS_DEFAULT_REGION'] ?? null
  if (region === null) {
    throw new ConfigException(
      'MSK IAM: cannot tell the region from bootstrap.servers (not MSK host names) and AWS_REGION is not set',
      { key: 'bootstrap.servers' },
    )
  }
  const credentials = options.credentials ?? sdkCredentials()
  return { mechanism: 'OAUTHBEARER', token: () => mskIamToken({ region, credentials }) }
}

function saslSettings(c: ProducerClientConfig, servers: readonly string[], options: ProducerAuthOptions): KafkaSasl {
  const mechanism = c.get('sasl.mechanism').trim().toUpperCase()
  if (mechanism === 'AWS_MSK_IAM') return mskIamSasl(c, servers, options)
  if (mechanism === 'OAUTHBEARER') {
    const handler = c.get('sasl.login.callback.handler.class') ?? ''
    if (!handler.startsWith(MSK_IAM_PACKAGE)) {
      throw ConfigException.invalid(
        'sasl.login.callback.handler.class',
        handler === '' ? null : handler,
        `OAUTHBEARER is supported as MSK IAM access control only: set it to ${MSK_IAM_PACKAGE}IAMOAuthBearerLoginCallbackHandler`,
      )
    }
    return mskIamSasl(c, servers, options)
  }
  const module = LOGIN_MODULES[mechanism]
  if (module === undefined) {
    throw ConfigException.invalid(
      'sasl.mechanism',
      c.get('sasl.mechanism'),
      'The producer supports PLAIN, SCRAM-SHA-256, SCRAM-SHA-512, AWS_MSK_IAM and OAUTHBEARER (MSK IAM)',
    )
  }
  const entry = jaasEntry(c, mechanism)
  if (entry.loginModule !== module) {
    throw jaasError(`sasl.mechanism=${mechanism} needs the login module ${module}, not ${entry.loginModule}`)
  }
  const { username, password } = entry.options
  if (username === undefined || password === undefined) {
    throw jaasError(`the ${module.slice(module.lastIndexOf('.') + 1)} entry needs username and password options`)
  }
  return { mechanism: mechanism as 'PLAIN' | 'SCRAM-SHA-256' | 'SCRAM-SHA-512', username, password }
}

/**
 * The Kafka client config from merged client props: brokers, client id, timeout and security (also
 * `connectless dlq`'s reading, producing and admin clients).
 */
export function clientConfig(
  props: Readonly<Record<string, string | null>>,
  defaultClientId: string,
  options: ProducerAuthOptions & { readonly bootstrapServers?: readonly string[]; readonly purpose: string },
): KafkaClientConfig {
  const c = producerClientConfigDef.parse(props)
  const configured = c.get('bootstrap.servers')
  const servers = configured.length > 0 ? configured : [...(options.bootstrapServers ?? [])]
  if (servers.length === 0) {
    throw new ConfigException(
      `No Kafka bootstrap servers for ${options.purpose}: set bootstrap.servers in the worker properties`,
      { key: 'bootstrap.servers' },
    )
  }
  const protocol = c.get('security.protocol').toUpperCase()
  if (c.get('sasl.oauthbearer.token.endpoint.url') !== null) {
    throw ConfigException.invalid(
      'sasl.oauthbearer.token.endpoint.url',
      c.get('sasl.oauthbearer.token.endpoint.url'),
      'OAuth token endpoints are not supported; OAUTHBEARER is available as MSK IAM',
    )
  }
  const security: KafkaSecurity = {
    tls: protocol === 'SSL' || protocol === 'SASL_SSL' ? tlsSettings(c) : null,
    sasl: protocol.startsWith('SASL_') ? saslSettings(c, servers, options) : null,
  }
  const clientId = c.get('client.id').trim()
  return {
    bootstrapServers: servers,
    clientId: clientId === '' ? defaultClientId : clientId,
    requestTimeoutMs: c.get('request.timeout.ms'),
    ...(security.tls === null && security.sasl === null ? {} : { security }),
  }
}

/**
 * The producer's Kafka client config for one task: brokers, client id, timeout and security, from
 * the worker and connector configs. Throws a ConfigException naming the key at fault.
 */
export function producerClientConfig(
  worker: ConfigProps,
  connector: ConfigProps,
  task: { readonly connector: string; readonly taskId: number },
  options: ProducerAuthOptions = {},
): KafkaClientConfig {
  return clientConfig(producerProps(worker, connector), `connector-producer-${task.connector}-${task.taskId}`, {
    ...options,
    purpose: 'the source task to produce to',
  })
}

/**
 * The admin client's settings by Connect's precedence (`Worker.adminConfigs`): the worker's own keys
 * except those for other clients (`admin.`, `producer.`, `consumer.`), the worker's `admin.*` keys,
 * the connector's `admin.override.*` keys.
 */
export function adminProps(worker: ConfigProps, connector: ConfigProps): Record<string, string | null> {
  const own = Object.fromEntries(
    Object.entries(worker).filter(
      ([k]) => !k.startsWith('admin.') && !k.startsWith('producer.') && !k.startsWith('consumer.'),
    ),
  )
  return { ...own, ...originalsWithPrefix(worker, 'admin.'), ...originalsWithPrefix(connector, 'admin.override.') }
}

/** The two clients of a sink task's dead letter queue. */
export interface DlqClientConfigs {
  /** Produces the failed records (Connect's `connector-dlq-producer-<connector>-<task>`). */
  readonly producer: KafkaClientConfig
  /** Creates the DLQ topic where it is missing (Connect's `connector-dlq-adminclient-`). */
  readonly admin: KafkaClientConfig
}

/**
 * The Kafka clients of a sink task's dead letter queue, configured as Connect's worker configures them
 * (`Worker.sinkTaskReporters`): the producer from the worker's keys, its `producer.*` keys and the
 * connector's `producer.override.*` keys (as {@link producerClientConfig}); the admin client from
 * {@link adminProps}. So a worker whose top-level keys set MSK IAM, SCRAM or TLS (the keys its event
 * source mapping uses too) reaches the DLQ topic with them. `bootstrapServers` is used where the
 * settings name none (the brokers of the event). Throws a ConfigException naming the key at fault.
 */
export function dlqClientConfigs(
  worker: ConfigProps,
  connector: ConfigProps,
  task: { readonly connector: string; readonly taskId: number },
  options: ProducerAuthOptions & { readonly bootstrapServers?: readonly string[] } = {},
): DlqClientConfigs {
  const purpose = 'the dead letter queue'
  return {
    producer: clientConfig(
      producerProps(worker, connector),
      `connector-dlq-producer-${task.connector}-${task.taskId}`,
      {
        ...options,
        purpose,
      },
    ),
    admin: clientConfig(adminProps(worker, connector), `connector-dlq-adminclient-${task.connector}`, {
      ...options,
      purpose,
    }),
  }
}
