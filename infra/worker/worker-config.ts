/**
 * The worker properties on AWS: the counterpart of a Connect worker's `distributed.properties`. One
 * declarative definition holds the keys `cdk synth` reads (the Kafka cluster, its authentication, the
 * VPC); every other key (converters and their settings, config providers, client settings) is passed
 * on to the functions as the worker config they inherit. Keys only a Connect cluster needs are
 * accepted and reported as not needed ({@link CLUSTER_ONLY_KEYS}).
 */
import { field } from '../../layers/runtime/config/config-key.js'
import { defineConfig } from '../../layers/runtime/config/definition.js'
import { caseInsensitiveValidString, customValidator, validString } from '../../layers/runtime/config/validators.js'
import { ConfigException } from '../../layers/runtime/errors.js'

const KAFKA = 'Kafka'
const AUTH = 'Authentication'
const NETWORK = 'Network'
const PLUGINS = 'Converters and config providers'

/** An ARN of the given AWS service and resource type, or empty. */
function arnOf(service: string, resource: string) {
  const pattern = new RegExp(`^arn:aws[a-z-]*:${service}:[a-z0-9-]+:\\d{12}:${resource}[:/].+$`)
  return customValidator<string>((name, value) => {
    if (value === null || value === '' || pattern.test(value)) return
    throw ConfigException.invalid(
      name,
      value,
      `Expected an ARN of the form arn:aws:${service}:<region>:<account>:${resource}/…`,
    )
  }, `arn:aws:${service}:<region>:<account>:${resource}/…`)
}

/** A KMS key ARN: `arn:aws:kms:<region>:<account>:key/<key id>` (an alias cannot be granted by ARN in a role's policy). */
export const KMS_KEY_ARN = /^arn:aws[a-z-]*:kms:([a-z0-9-]+):\d{12}:key\/[0-9a-zA-Z-]+$/

function kmsKeyArns() {
  return customValidator<readonly string[]>((name, value) => {
    const bad = (value ?? []).find((arn) => !KMS_KEY_ARN.test(arn))
    if (bad === undefined) return
    throw ConfigException.invalid(
      name,
      bad,
      bad.includes(':alias/')
        ? 'Expected a key ARN (arn:aws:kms:<region>:<account>:key/<key id>), not an alias: a role is granted a key by its key ARN'
        : 'Expected a key ARN of the form arn:aws:kms:<region>:<account>:key/<key id>',
    )
  }, 'arn:aws:kms:<region>:<account>:key/… ARNs')
}

function idsWithPrefix(prefix: string) {
  return customValidator<readonly string[]>((name, value) => {
    const bad = (value ?? []).find((id) => !id.startsWith(prefix))
    if (bad !== undefined) throw ConfigException.invalid(name, bad, `Expected ids starting with ${prefix}`)
  }, `${prefix}… ids`)
}

export const workerConfigDef = defineConfig({
  'bootstrap.servers': field.list({
    doc: 'The Kafka brokers, `host:port` separated by commas. Required for self-managed Kafka (the event source mapping connects to them) and for source connectors (the function produces to them); with an MSK cluster, sinks produce their dead-letter records to the brokers the event names when this is empty.',
    default: [],
    importance: 'HIGH',
    group: KAFKA,
    orderInGroup: 1,
  }),
  'connectless.msk.cluster.arn': field.string({
    doc: 'Not a Connect key. The ARN of the Amazon MSK cluster (provisioned or serverless). When set, sinks read through an MSK event source mapping and IAM access is granted on this cluster; when empty, Kafka is self-managed (Confluent Cloud, Redpanda, your own brokers) and `bootstrap.servers` is required.',
    default: '',
    validator: arnOf('kafka', 'cluster'),
    importance: 'HIGH',
    group: KAFKA,
    orderInGroup: 2,
  }),
  'security.protocol': field.string({
    doc: 'How the functions and the event source mapping talk to the brokers, as in Kafka clients: `PLAINTEXT`, `SSL` (TLS; with `connectless.kafka.secret.arn`, mutual TLS) or `SASL_SSL`. `SASL_PLAINTEXT` is refused: Lambda event sources do not support it.',
    default: 'PLAINTEXT',
    validator: caseInsensitiveValidString('PLAINTEXT', 'SSL', 'SASL_SSL', 'SASL_PLAINTEXT'),
    importance: 'HIGH',
    group: AUTH,
    orderInGroup: 1,
  }),
  'sasl.mechanism': field.string({
    doc: 'The SASL mechanism with `security.protocol=SASL_SSL`: `AWS_MSK_IAM` (or `OAUTHBEARER` with the MSK IAM login callback handler) for IAM access control on MSK, `SCRAM-SHA-512`, `SCRAM-SHA-256` (self-managed only) or `PLAIN` (self-managed only). `GSSAPI` (Kerberos) is refused.',
    default: 'GSSAPI',
    validator: validString('GSSAPI', 'PLAIN', 'SCRAM-SHA-256', 'SCRAM-SHA-512', 'AWS_MSK_IAM', 'OAUTHBEARER'),
    importance: 'HIGH',
    group: AUTH,
    orderInGroup: 2,
  }),
  'sasl.login.callback.handler.class': field.class({
    doc: 'With `sasl.mechanism=OAUTHBEARER`: `software.amazon.msk.auth.iam.IAMOAuthBearerLoginCallbackHandler` means MSK IAM access control.',
    default: null,
    importance: 'LOW',
    group: AUTH,
    orderInGroup: 3,
  }),
  'connectless.kafka.secret.arn': field.string({
    doc: 'Not a Connect key. The Secrets Manager secret the event source mapping authenticates with: `{"username","password"}` for SCRAM and PLAIN, `{"certificate","privateKey"}` for mutual TLS (`security.protocol=SSL`). Required for SCRAM and PLAIN.',
    default: '',
    validator: arnOf('secretsmanager', 'secret'),
    importance: 'HIGH',
    group: AUTH,
    orderInGroup: 4,
  }),
  'connectless.kafka.root.ca.secret.arn': field.string({
    doc: "Not a Connect key. Self-managed Kafka only: the Secrets Manager secret holding the root CA certificate of the brokers' TLS certificates, when a private CA signed them.",
    default: '',
    validator: arnOf('secretsmanager', 'secret'),
    importance: 'MEDIUM',
    group: AUTH,
    orderInGroup: 5,
  }),
  'connectless.secrets.kms.key.arns': field.list({
    doc: "Not a Connect key. The customer-managed KMS keys that encrypt Secrets Manager secrets the connectors read: `connectless.kafka.secret.arn` and `connectless.kafka.root.ca.secret.arn` (Amazon MSK requires a customer-managed key for SCRAM secrets), and the secrets the config references through the `secretsmanager` config provider. Each function's role may then call `kms:Decrypt` with these keys only through Secrets Manager in the key's region (`kms:ViaService`) and only for the secrets it reads (`kms:EncryptionContext:SecretARN`). Not needed for secrets encrypted with the AWS managed key `aws/secretsmanager`. The key policy must let the account's IAM policies grant the key (the default key policy does).",
    default: [],
    validator: kmsKeyArns(),
    importance: 'MEDIUM',
    group: AUTH,
    orderInGroup: 6,
  }),
  'connectless.vpc.id': field.string({
    doc: 'Not a Connect key. The VPC the functions run in (to reach the brokers for dead-letter and source records, and a database). Empty: the functions run outside any VPC.',
    default: '',
    importance: 'MEDIUM',
    group: NETWORK,
    orderInGroup: 1,
  }),
  'connectless.vpc.subnet.ids': field.list({
    doc: 'Not a Connect key. The private subnets of `connectless.vpc.id` the functions (and a self-managed event source mapping) use.',
    default: [],
    validator: idsWithPrefix('subnet-'),
    importance: 'MEDIUM',
    group: NETWORK,
    orderInGroup: 2,
  }),
  'connectless.vpc.security.group.ids': field.list({
    doc: 'Not a Connect key. The security groups of the functions; a self-managed event source mapping uses the first.',
    default: [],
    validator: idsWithPrefix('sg-'),
    importance: 'MEDIUM',
    group: NETWORK,
    orderInGroup: 3,
  }),
  'key.converter': field.class({
    doc: 'The default converter for keys, for connectors that set no `key.converter` (with its `key.converter.*` settings), as in Connect. Default: JsonConverter.',
    default: null,
    importance: 'HIGH',
    group: PLUGINS,
    orderInGroup: 1,
  }),
  'value.converter': field.class({
    doc: 'The default converter for values, for connectors that set no `value.converter` (with its `value.converter.*` settings), as in Connect. Default: JsonConverter.',
    default: null,
    importance: 'HIGH',
    group: PLUGINS,
    orderInGroup: 2,
  }),
  'header.converter': field.class({
    doc: 'The default header converter, as in Connect. Default: SimpleHeaderConverter.',
    default: null,
    importance: 'LOW',
    group: PLUGINS,
    orderInGroup: 3,
  }),
  'config.providers': field.list({
    doc: 'Config providers (`config.providers.<name>.class`, `config.providers.<name>.param.*`), as in Connect: `secretsmanager` and `ssm` (AWS MSK config provider classes or short names), `file`, `env`, `directory`. References to Secrets Manager secrets and SSM parameters are granted to the function; nothing is resolved at synth.',
    default: [],
    importance: 'LOW',
    group: PLUGINS,
    orderInGroup: 4,
  }),
})

/** Why a key a Connect cluster needs has no use here; each value completes "… is not needed here: ". */
export const CLUSTER_ONLY_KEYS: Readonly<Record<string, string>> = {
  'group.id': "each sink is its own consumer group, connect-<connector name>, as Connect names a sink's group",
  'offset.storage.topic': 'offsets live in the DynamoDB offsets table of the platform stack',
  'offset.storage.partitions': 'offsets live in the DynamoDB offsets table of the platform stack',
  'offset.storage.replication.factor': 'offsets live in the DynamoDB offsets table of the platform stack',
  'offset.storage.file.filename': 'offsets live in the DynamoDB offsets table of the platform stack',
  'offset.flush.interval.ms': 'offsets are committed after every batch, when its records are written',
  'offset.flush.timeout.ms': 'offsets are committed after every batch, when its records are written',
  'config.storage.topic': 'connector configs are deployed with their function and recorded in the status table',
  'config.storage.replication.factor':
    'connector configs are deployed with their function and recorded in the status table',
  'status.storage.topic': 'status lives in the status table of the platform stack',
  'status.storage.partitions': 'status lives in the status table of the platform stack',
  'status.storage.replication.factor': 'status lives in the status table of the platform stack',
  'plugin.path': 'each function bundles the connector, converters and transforms it runs',
  'plugin.discovery': 'each function bundles the connector, converters and transforms it runs',
  listeners: 'the REST API is served by API Gateway',
  'admin.listeners': 'the REST API is served by API Gateway',
  'rest.advertised.host.name': 'the REST API is served by API Gateway',
  'rest.advertised.port': 'the REST API is served by API Gateway',
  'rest.advertised.listener': 'the REST API is served by API Gateway',
  'session.timeout.ms': 'there is no worker group to keep alive or rebalance',
  'heartbeat.interval.ms': 'there is no worker group to keep alive or rebalance',
  'rebalance.timeout.ms': 'there is no worker group to keep alive or rebalance',
  'scheduled.rebalance.max.delay.ms': 'there is no worker group to keep alive or rebalance',
  'connect.protocol': 'there is no worker group to keep alive or rebalance',
  'task.shutdown.graceful.timeout.ms': 'a task ends with its invocation',
}
