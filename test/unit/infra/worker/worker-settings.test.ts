// biome-ignore-all lint/suspicious/noTemplateCurlyInString: config provider references are written `${provider:path:key}`
import { describe, expect, it } from 'vitest'
import { parseWorkerSettings } from '../../../../infra/worker/worker-settings.js'
import { MSK_CLUSTER_ARN, mskWorkerText } from '../fixtures.js'

const SECRET = 'arn:aws:secretsmanager:us-east-1:111122223333:secret:kafka/connect-AbCdEf'
const VPC = [
  'connectless.vpc.id=vpc-0a1b2c3d4e5f67890',
  'connectless.vpc.subnet.ids=subnet-0a1b2c3d4e5f60001',
  'connectless.vpc.security.group.ids=sg-0a1b2c3d4e5f60001',
]
const lines = (...l: string[]) => l.join('\n')

describe('parseWorkerSettings', () => {
  it('reads the MSK worker: the cluster, IAM access control, the VPC and the brokers', () => {
    const settings = parseWorkerSettings(mskWorkerText())
    expect(settings.kafka).toEqual({
      mskClusterArn: MSK_CLUSTER_ARN,
      bootstrapServers: [
        'b-1.lake.a1b2c3.c2.kafka.us-east-1.amazonaws.com:9098',
        'b-2.lake.a1b2c3.c2.kafka.us-east-1.amazonaws.com:9098',
        'b-3.lake.a1b2c3.c2.kafka.us-east-1.amazonaws.com:9098',
      ],
      auth: { method: 'IAM' },
      rootCaSecretArn: null,
    })
    expect(settings.vpc).toEqual({
      vpcId: 'vpc-0a1b2c3d4e5f67890',
      subnetIds: ['subnet-0a1b2c3d4e5f60001', 'subnet-0a1b2c3d4e5f60002', 'subnet-0a1b2c3d4e5f60003'],
      securityGroupIds: ['sg-0a1b2c3d4e5f60001'],
    })
  })

  it('passes converters, config providers and client keys on to the functions, and keeps its own and cluster-only keys back', () => {
    const { inherited } = parseWorkerSettings(mskWorkerText())
    expect(inherited['key.converter']).toBe('org.apache.kafka.connect.json.JsonConverter')
    expect(inherited['config.providers']).toBe('secretsmanager,ssm')
    expect(inherited['sasl.mechanism']).toBe('AWS_MSK_IAM')
    expect(Object.keys(inherited).filter((k) => k.startsWith('connectless.'))).toEqual([])
    expect(inherited['offset.storage.topic']).toBeUndefined()
  })

  it("accepts the seed's distributed.properties, reporting each key only a Connect cluster needs", () => {
    const distributed = lines(
      'bootstrap.servers=kafka1:9092,kafka2:9092,kafka3:9092',
      'group.id=connect-cluster',
      'key.converter=org.apache.kafka.connect.json.JsonConverter',
      'value.converter=org.apache.kafka.connect.json.JsonConverter',
      'offset.storage.topic=connect-offsets',
      'config.storage.topic=connect-configs',
      'status.storage.topic=connect-status',
      'offset.flush.interval.ms=10000',
      ...VPC,
    )
    const settings = parseWorkerSettings(distributed)
    expect(settings.kafka.mskClusterArn).toBeNull()
    expect(settings.kafka.auth).toEqual({ method: 'NONE', tls: false })
    expect(settings.warnings).toEqual([
      "Worker key group.id is accepted but not needed here: each sink is its own consumer group, connect-<connector name>, as Connect names a sink's group.",
      'Worker key offset.storage.topic is accepted but not needed here: offsets live in the DynamoDB offsets table of the platform stack.',
      'Worker key config.storage.topic is accepted but not needed here: connector configs are deployed with their function and recorded in the status table.',
      'Worker key status.storage.topic is accepted but not needed here: status lives in the status table of the platform stack.',
      'Worker key offset.flush.interval.ms is accepted but not needed here: offsets are committed after every batch, when its records are written.',
    ])
  })

  it('passes on the properties reader warning for a line Java reads as a bare key', () => {
    const settings = parseWorkerSettings(
      lines('bootstrap.servers=b:9092', 'offset.storage.filename.offsets.json', ...VPC),
      'standalone.properties',
    )
    expect(settings.warnings[0]).toMatch(
      /^standalone\.properties line 2: .*offset\.storage\.file\.filename=offsets\.json/,
    )
  })

  it.each([
    ['SCRAM-SHA-512', { method: 'SCRAM-SHA-512', secretArn: SECRET }],
    ['SCRAM-SHA-256', { method: 'SCRAM-SHA-256', secretArn: SECRET }],
    ['PLAIN', { method: 'PLAIN', secretArn: SECRET }],
  ])('reads self-managed SASL_SSL with %s and its secret', (mechanism, auth) => {
    const settings = parseWorkerSettings(
      lines(
        'bootstrap.servers=b:9096',
        'security.protocol=SASL_SSL',
        `sasl.mechanism=${mechanism}`,
        `connectless.kafka.secret.arn=${SECRET}`,
      ),
    )
    expect(settings.kafka.auth).toEqual(auth)
    expect(settings.vpc).toBeNull()
  })

  it('reads mutual TLS where SSL comes with a client certificate secret, and plain TLS without one', () => {
    const mtls = parseWorkerSettings(
      lines('bootstrap.servers=b:9094', 'security.protocol=SSL', `connectless.kafka.secret.arn=${SECRET}`),
    )
    expect(mtls.kafka.auth).toEqual({ method: 'MTLS', secretArn: SECRET })
    const tls = parseWorkerSettings(lines('bootstrap.servers=b:9094', 'security.protocol=ssl', ...VPC))
    expect(tls.kafka.auth).toEqual({ method: 'NONE', tls: true })
  })

  it('reads the customer-managed KMS keys of secrets, none by default', () => {
    const key = 'arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab'
    expect(parseWorkerSettings(mskWorkerText()).secretKeyArns).toEqual([])
    const settings = parseWorkerSettings(`${mskWorkerText()}\nconnectless.secrets.kms.key.arns=${key}\n`)
    expect(settings.secretKeyArns).toEqual([key])
    expect(settings.inherited['connectless.secrets.kms.key.arns']).toBeUndefined()
  })

  it('reads MSK IAM written as OAUTHBEARER with the MSK login callback handler', () => {
    const settings = parseWorkerSettings(
      lines(
        `connectless.msk.cluster.arn=${MSK_CLUSTER_ARN}`,
        'security.protocol=SASL_SSL',
        'sasl.mechanism=OAUTHBEARER',
        'sasl.login.callback.handler.class=software.amazon.msk.auth.iam.IAMOAuthBearerLoginCallbackHandler',
      ),
    )
    expect(settings.kafka.auth).toEqual({ method: 'IAM' })
  })

  it.each([
    [
      'neither a cluster nor brokers',
      lines('group.id=x'),
      /Set connectless\.msk\.cluster\.arn \(Amazon MSK\) or bootstrap\.servers/,
    ],
    [
      'SASL without TLS',
      lines('bootstrap.servers=b:9092', 'security.protocol=SASL_PLAINTEXT'),
      /do not support SASL without TLS/,
    ],
    [
      'SCRAM-SHA-256 on MSK',
      lines(
        `connectless.msk.cluster.arn=${MSK_CLUSTER_ARN}`,
        'security.protocol=SASL_SSL',
        'sasl.mechanism=SCRAM-SHA-256',
        `connectless.kafka.secret.arn=${SECRET}`,
      ),
      /Amazon MSK supports SCRAM-SHA-512 and IAM/,
    ],
    [
      'IAM without MSK',
      lines('bootstrap.servers=b:9098', 'security.protocol=SASL_SSL', 'sasl.mechanism=AWS_MSK_IAM'),
      /IAM access control needs an MSK cluster/,
    ],
    [
      'SCRAM without its secret',
      lines('bootstrap.servers=b:9096', 'security.protocol=SASL_SSL', 'sasl.mechanism=SCRAM-SHA-512'),
      /needs connectless\.kafka\.secret\.arn/,
    ],
    [
      'Kerberos',
      lines('bootstrap.servers=b:9096', 'security.protocol=SASL_SSL'),
      /Invalid value GSSAPI for configuration sasl\.mechanism/,
    ],
    [
      'a secret with PLAINTEXT',
      lines('bootstrap.servers=b:9092', `connectless.kafka.secret.arn=${SECRET}`),
      /PLAINTEXT uses no credentials/,
    ],
    [
      'self-managed brokers in the open without credentials',
      lines('bootstrap.servers=b:9092'),
      /outside a VPC needs authentication/,
    ],
    [
      'a VPC without subnets',
      lines('bootstrap.servers=b:9092', 'connectless.vpc.id=vpc-1'),
      /list the private subnets in connectless\.vpc\.subnet\.ids/,
    ],
    [
      'subnets without a VPC',
      lines('bootstrap.servers=b:9092', 'connectless.vpc.subnet.ids=subnet-1'),
      /connectless\.vpc\.subnet\.ids is set but connectless\.vpc\.id is not/,
    ],
    [
      'a malformed cluster ARN',
      lines('connectless.msk.cluster.arn=lake'),
      /Invalid value lake for configuration connectless\.msk\.cluster\.arn/,
    ],
    [
      'a mistyped connectless key',
      lines('bootstrap.servers=b:9092', 'connectless.msk.cluster=x'),
      /Unknown worker key connectless\.msk\.cluster; the connectless worker keys are/,
    ],
    [
      'a KMS key given by its alias, which a role cannot be granted',
      lines(
        'bootstrap.servers=b:9092',
        ...VPC,
        'connectless.secrets.kms.key.arns=arn:aws:kms:us-east-1:111122223333:alias/kafka',
      ),
      /Invalid value arn:aws:kms:us-east-1:111122223333:alias\/kafka for configuration connectless\.secrets\.kms\.key\.arns: Expected a key ARN .*not an alias/,
    ],
    [
      'a KMS key id instead of its ARN',
      lines(
        'bootstrap.servers=b:9092',
        ...VPC,
        'connectless.secrets.kms.key.arns=1234abcd-12ab-34cd-56ef-1234567890ab',
      ),
      /connectless\.secrets\.kms\.key\.arns: Expected a key ARN of the form arn:aws:kms:<region>:<account>:key\/<key id>/,
    ],
    [
      'a root CA for MSK',
      lines(`connectless.msk.cluster.arn=${MSK_CLUSTER_ARN}`, `connectless.kafka.root.ca.secret.arn=${SECRET}`),
      /applies to self-managed Kafka only/,
    ],
  ])('refuses %s', (_, text, message) => {
    expect(() => parseWorkerSettings(text)).toThrow(message)
  })

  it('refuses a SCRAM password written into sasl.jaas.config, and accepts one given as a reference', () => {
    const jaas = (password: string) =>
      lines(
        'bootstrap.servers=b:9096',
        ...VPC,
        `sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required username="connect" password="${password}";`,
      )
    expect(() => parseWorkerSettings(jaas('hunter2'))).toThrow(/sasl\.jaas\.config holds a secret in plain text/)
    expect(() => parseWorkerSettings(jaas('${secretsmanager:kafka/connect:password}'))).not.toThrow()
  })
})
