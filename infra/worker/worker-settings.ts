/**
 * Reads the worker properties for a deployment: which Kafka (an MSK cluster or self-managed brokers),
 * how the event source mapping authenticates, the VPC, and the worker config the functions inherit.
 * Problems throw a `ConfigException` naming the key; keys only a Connect cluster needs, and lines Java
 * would read differently than meant, become warnings for `cdk synth` to show.
 */
import { type ConfigProps, isSecretKeyName, parseWorkerProperties } from '../../layers/runtime/config/index.js'
import { ConfigException } from '../../layers/runtime/errors.js'
import { assertNoPlaintextSecrets } from '../connector/secret-values.js'
import { CLUSTER_ONLY_KEYS, workerConfigDef } from './worker-config.js'

/** How the event source mapping (and the functions' Kafka clients) authenticate to the brokers. */
export type KafkaAuth =
  | { readonly method: 'IAM' }
  | { readonly method: 'SCRAM-SHA-512' | 'SCRAM-SHA-256' | 'PLAIN' | 'MTLS'; readonly secretArn: string }
  | { readonly method: 'NONE'; readonly tls: boolean }

export interface KafkaSettings {
  /** The MSK cluster; null for self-managed Kafka. */
  readonly mskClusterArn: string | null
  readonly bootstrapServers: readonly string[]
  readonly auth: KafkaAuth
  /** Self-managed only: the secret with the brokers' root CA certificate. */
  readonly rootCaSecretArn: string | null
}

export interface VpcSettings {
  readonly vpcId: string
  readonly subnetIds: readonly string[]
  readonly securityGroupIds: readonly string[]
}

export interface WorkerSettings {
  readonly kafka: KafkaSettings
  readonly vpc: VpcSettings | null
  /**
   * The customer-managed KMS keys (key ARNs) that encrypt the Secrets Manager secrets the connectors
   * read (`connectless.secrets.kms.key.arns`): granted for decryption through Secrets Manager only.
   */
  readonly secretKeyArns: readonly string[]
  /** The worker config the functions inherit (`worker` in connector.json): converters, config providers, client settings. */
  readonly inherited: Readonly<Record<string, string>>
  /** What `cdk synth` shows as warnings. */
  readonly warnings: readonly string[]
}

const CONNECTLESS_PREFIX = 'connectless.'
const MSK_IAM_CALLBACK_PACKAGE = 'software.amazon.msk.auth.iam.'

type WorkerConfig = ReturnType<typeof workerConfigDef.parse>

function saslAuth(config: WorkerConfig, isMsk: boolean): KafkaAuth {
  const mechanism = config.get('sasl.mechanism')
  const secretArn = config.get('connectless.kafka.secret.arn')
  if (mechanism === 'AWS_MSK_IAM' || mechanism === 'OAUTHBEARER') {
    const handler = config.get('sasl.login.callback.handler.class') ?? ''
    if (mechanism === 'OAUTHBEARER' && !handler.startsWith(MSK_IAM_CALLBACK_PACKAGE)) {
      throw ConfigException.invalid(
        'sasl.mechanism',
        mechanism,
        `Lambda event sources support OAUTHBEARER only as MSK IAM access control; set sasl.login.callback.handler.class=${MSK_IAM_CALLBACK_PACKAGE}IAMOAuthBearerLoginCallbackHandler, or use SCRAM`,
      )
    }
    if (!isMsk) {
      throw ConfigException.invalid(
        'sasl.mechanism',
        mechanism,
        'IAM access control needs an MSK cluster: set connectless.msk.cluster.arn',
      )
    }
    return { method: 'IAM' }
  }
  if (mechanism === 'SCRAM-SHA-512' || mechanism === 'SCRAM-SHA-256' || mechanism === 'PLAIN') {
    if (isMsk && mechanism !== 'SCRAM-SHA-512') {
      throw ConfigException.invalid(
        'sasl.mechanism',
        mechanism,
        'Amazon MSK supports SCRAM-SHA-512 and IAM (AWS_MSK_IAM) only',
      )
    }
    if (secretArn === '') {
      throw new ConfigException(
        `sasl.mechanism=${mechanism} needs connectless.kafka.secret.arn: the Secrets Manager secret ({"username","password"}) the event source mapping signs in with`,
        { key: 'connectless.kafka.secret.arn' },
      )
    }
    return { method: mechanism, secretArn }
  }
  throw ConfigException.invalid(
    'sasl.mechanism',
    mechanism,
    'Kerberos is not supported: Lambda event sources support AWS_MSK_IAM (or OAUTHBEARER with MSK IAM), SCRAM-SHA-512, SCRAM-SHA-256 and PLAIN',
  )
}

function kafkaAuth(config: WorkerConfig, isMsk: boolean): KafkaAuth {
  const protocol = config.get('security.protocol').toUpperCase()
  const secretArn = config.get('connectless.kafka.secret.arn')
  switch (protocol) {
    case 'SASL_PLAINTEXT':
      throw ConfigException.invalid(
        'security.protocol',
        protocol,
        'Lambda event sources do not support SASL without TLS; use SASL_SSL',
      )
    case 'SASL_SSL':
      return saslAuth(config, isMsk)
    case 'SSL':
      return secretArn === '' ? { method: 'NONE', tls: true } : { method: 'MTLS', secretArn }
    default:
      if (secretArn !== '') {
        throw new ConfigException(
          'connectless.kafka.secret.arn is set but security.protocol=PLAINTEXT uses no credentials: set security.protocol=SASL_SSL (with sasl.mechanism) or SSL (mutual TLS)',
          { key: 'connectless.kafka.secret.arn' },
        )
      }
      return { method: 'NONE', tls: false }
  }
}

function vpcSettings(config: WorkerConfig): VpcSettings | null {
  const vpcId = config.get('connectless.vpc.id').trim()
  const subnetIds = config.get('connectless.vpc.subnet.ids')
  const securityGroupIds = config.get('connectless.vpc.security.group.ids')
  if (vpcId === '') {
    const stray =
      subnetIds.length > 0
        ? 'connectless.vpc.subnet.ids'
        : securityGroupIds.length > 0
          ? 'connectless.vpc.security.group.ids'
          : null
    if (stray !== null)
      throw new ConfigException(`${stray} is set but connectless.vpc.id is not`, { key: 'connectless.vpc.id' })
    return null
  }
  if (subnetIds.length === 0) {
    throw new ConfigException('connectless.vpc.id is set: list the private subnets in connectless.vpc.subnet.ids', {
      key: 'connectless.vpc.subnet.ids',
    })
  }
  if (securityGroupIds.length === 0) {
    throw new ConfigException(
      'connectless.vpc.id is set: list the security groups in connectless.vpc.security.group.ids',
      {
        key: 'connectless.vpc.security.group.ids',
      },
    )
  }
  return { vpcId, subnetIds, securityGroupIds }
}

function kafkaSettings(config: WorkerConfig, vpc: VpcSettings | null): KafkaSettings {
  const mskClusterArn = config.get('connectless.msk.cluster.arn').trim() || null
  const bootstrapServers = config.get('bootstrap.servers')
  if (mskClusterArn === null && bootstrapServers.length === 0) {
    throw new ConfigException(
      'Set connectless.msk.cluster.arn (Amazon MSK) or bootstrap.servers (self-managed Kafka)',
      { key: 'bootstrap.servers' },
    )
  }
  const auth = kafkaAuth(config, mskClusterArn !== null)
  const rootCa = config.get('connectless.kafka.root.ca.secret.arn').trim() || null
  if (mskClusterArn !== null && rootCa !== null) {
    throw new ConfigException(
      'connectless.kafka.root.ca.secret.arn applies to self-managed Kafka only: MSK brokers use certificates from public CAs',
      {
        key: 'connectless.kafka.root.ca.secret.arn',
      },
    )
  }
  if (mskClusterArn === null && vpc === null && auth.method === 'NONE') {
    throw new ConfigException(
      'Self-managed Kafka outside a VPC needs authentication: set security.protocol=SASL_SSL with connectless.kafka.secret.arn, or the connectless.vpc.* keys of the VPC the brokers are in',
      { key: 'connectless.kafka.secret.arn' },
    )
  }
  return { mskClusterArn, bootstrapServers, auth, rootCaSecretArn: rootCa }
}

function checkConnectlessKeys(props: ConfigProps): void {
  const known = workerConfigDef.names().filter((name) => name.startsWith(CONNECTLESS_PREFIX))
  const unknown = Object.keys(props).find((key) => key.startsWith(CONNECTLESS_PREFIX) && !known.includes(key))
  if (unknown !== undefined) {
    throw new ConfigException(`Unknown worker key ${unknown}; the connectless worker keys are ${known.join(', ')}`, {
      key: unknown,
    })
  }
}

/** The worker settings of already parsed properties (a `.properties` file, or a CDK user's record). */
export function workerSettingsOf(
  props: Readonly<Record<string, string>>,
  source = 'the worker properties',
): WorkerSettings {
  checkConnectlessKeys(props)
  // connectless's own keys name secrets by ARN; they hold none.
  assertNoPlaintextSecrets(props, (key) => !(key in workerConfigDef.keys) && isSecretKeyName(key), source)
  const config = workerConfigDef.parse(props)
  const vpc = vpcSettings(config)
  const kafka = kafkaSettings(config, vpc)
  const warnings: string[] = []
  const inherited: Record<string, string> = {}
  for (const [key, value] of Object.entries(props)) {
    const reason = CLUSTER_ONLY_KEYS[key]
    if (reason !== undefined) warnings.push(`Worker key ${key} is accepted but not needed here: ${reason}.`)
    else if (!key.startsWith(CONNECTLESS_PREFIX)) inherited[key] = value
  }
  return { kafka, vpc, secretKeyArns: config.get('connectless.secrets.kms.key.arns'), inherited, warnings }
}

/** Reads a worker `.properties` file's text. */
export function parseWorkerSettings(text: string, source = 'the worker properties'): WorkerSettings {
  const parsed = parseWorkerProperties(text)
  const settings = workerSettingsOf(parsed.properties, source)
  const lineWarnings = parsed.warnings.map((w) => `${source} line ${w.line}: ${w.message}`)
  return { ...settings, warnings: [...lineWarnings, ...settings.warnings] }
}
