/**
 * The L3 constructs as a CDK user composes them (infra/index.ts): other workers (self-managed Kafka,
 * SCRAM, mutual TLS), props, grants and the errors bad configs raise. Bundling is skipped here; the
 * connector stack tests bundle every function.
 */
import { App, Aspects, Duration, Stack } from 'aws-cdk-lib'
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions'
import * as iam from 'aws-cdk-lib/aws-iam'
import * as kms from 'aws-cdk-lib/aws-kms'
import * as lambda from 'aws-cdk-lib/aws-lambda'
import { AwsSolutionsChecks } from 'cdk-nag'
import { describe, expect, it } from 'vitest'
import {
  ConnectPlatform,
  JdbcSourceConnector,
  KafkaSinkConnector,
  parseWorkerSettings,
  type WorkerSettings,
} from '../../../infra/index.js'
import {
  actionsOf,
  MSK_CLUSTER_ARN,
  mskWorker,
  mskWorkerText,
  policyStatements,
  resourcesOf,
  seedConnector,
  statementsFor,
  withConfig,
} from './fixtures.js'

const SCRAM_SECRET = 'arn:aws:secretsmanager:eu-west-1:111122223333:secret:kafka/connect-AbCdEf'
const CLIENT_CERT = 'arn:aws:secretsmanager:eu-west-1:111122223333:secret:kafka/client-cert-AbCdEf'
const ROOT_CA = 'arn:aws:secretsmanager:eu-west-1:111122223333:secret:kafka/root-ca-AbCdEf'

function scope(): { platform: ConnectPlatform; stack: Stack } {
  const app = new App({ context: { 'aws:cdk:bundling-stacks': [] }, builtinCloudFormationValidation: false })
  const stack = new Stack(app, 'Connectors')
  return { platform: new ConnectPlatform(stack, 'Platform', { restApi: false }), stack }
}

const selfManagedScram = (): WorkerSettings =>
  parseWorkerSettings(
    [
      'bootstrap.servers=broker-1.example.com:9096,broker-2.example.com:9096',
      'security.protocol=SASL_SSL',
      'sasl.mechanism=SCRAM-SHA-512',
      `connectless.kafka.secret.arn=${SCRAM_SECRET}`,
      `connectless.kafka.root.ca.secret.arn=${ROOT_CA}`,
      'connectless.vpc.id=vpc-0a1b2c3d4e5f67890',
      'connectless.vpc.subnet.ids=subnet-0a1b2c3d4e5f60001,subnet-0a1b2c3d4e5f60002',
      'connectless.vpc.security.group.ids=sg-0a1b2c3d4e5f60001',
    ].join('\n'),
  )

describe('KafkaSinkConnector', () => {
  it('reads self-managed Kafka with SCRAM through the VPC, granting the secrets and no MSK actions', () => {
    // Prepare
    const { platform, stack } = scope()
    // Act
    new KafkaSinkConnector(stack, 'Orders', {
      platform,
      worker: selfManagedScram(),
      connector: seedConnector('s3-sink'),
    })
    // Assess
    const template = Template.fromStack(stack)
    template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      Topics: ['orders'],
      SelfManagedEventSource: {
        Endpoints: { KafkaBootstrapServers: ['broker-1.example.com:9096', 'broker-2.example.com:9096'] },
      },
      SelfManagedKafkaEventSourceConfig: { ConsumerGroupId: 'connect-s3-sink' },
      StartingPosition: 'TRIM_HORIZON',
      SourceAccessConfigurations: Match.arrayWith([
        { Type: 'SASL_SCRAM_512_AUTH', URI: SCRAM_SECRET },
        { Type: 'SERVER_ROOT_CA_CERTIFICATE', URI: ROOT_CA },
        { Type: 'VPC_SECURITY_GROUP', URI: 'sg-0a1b2c3d4e5f60001' },
        { Type: 'VPC_SUBNET', URI: 'subnet-0a1b2c3d4e5f60001' },
      ]),
    })
    expect(statementsFor(template, 'secretsmanager:GetSecretValue').flatMap(resourcesOf)).toEqual([
      SCRAM_SECRET,
      ROOT_CA,
    ])
    expect(statementsFor(template, 'kafka:DescribeCluster', 'kafka-cluster:Connect')).toEqual([])
  })

  it('authenticates to MSK with SCRAM through the secret, without IAM access control actions', () => {
    const { platform, stack } = scope()
    const worker = parseWorkerSettings(
      [
        `connectless.msk.cluster.arn=${MSK_CLUSTER_ARN}`,
        'security.protocol=SASL_SSL',
        'sasl.mechanism=SCRAM-SHA-512',
        `connectless.kafka.secret.arn=${SCRAM_SECRET}`,
      ].join('\n'),
    )
    new KafkaSinkConnector(stack, 'Orders', { platform, worker, connector: seedConnector('s3-sink') })
    const template = Template.fromStack(stack)
    template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      EventSourceArn: MSK_CLUSTER_ARN,
      SourceAccessConfigurations: [{ Type: 'SASL_SCRAM_512_AUTH', URI: SCRAM_SECRET }],
    })
    expect(statementsFor(template, 'kafka-cluster:Connect')).toEqual([])
    expect(statementsFor(template, 'kafka:GetBootstrapBrokers').flatMap(resourcesOf)).toEqual([MSK_CLUSTER_ARN])
  })

  it('authenticates to MSK with mutual TLS, which the event source construct cannot say', () => {
    const { platform, stack } = scope()
    const worker = parseWorkerSettings(
      [
        `connectless.msk.cluster.arn=${MSK_CLUSTER_ARN}`,
        'security.protocol=SSL',
        `connectless.kafka.secret.arn=${CLIENT_CERT}`,
      ].join('\n'),
    )
    new KafkaSinkConnector(stack, 'Orders', { platform, worker, connector: seedConnector('s3-sink') })
    Template.fromStack(stack).hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      SourceAccessConfigurations: [{ Type: 'CLIENT_CERTIFICATE_TLS_AUTH', URI: CLIENT_CERT }],
    })
  })

  it('attaches no AWS-managed policy to the function role, whatever the event source would add', () => {
    const { platform, stack } = scope()
    new KafkaSinkConnector(stack, 'Orders', { platform, worker: mskWorker(), connector: seedConnector('s3-sink') })
    const roles = Template.fromStack(stack).findResources('AWS::IAM::Role', {
      Properties: {
        AssumeRolePolicyDocument: { Statement: [Match.objectLike({ Principal: { Service: 'lambda.amazonaws.com' } })] },
      },
    })
    const connectorRoles = Object.entries(roles).filter(([id]) => id.startsWith('Orders'))
    expect(connectorRoles).toHaveLength(1)
    for (const [, role] of connectorRoles) expect(role).not.toHaveProperty('Properties.ManagedPolicyArns')
  })

  it('takes the memory, timeout, log retention, alarm threshold and layers it is given', () => {
    const { platform, stack } = scope()
    const layer = lambda.LayerVersion.fromLayerVersionArn(
      stack,
      'Custom',
      'arn:aws:lambda:us-east-1:111122223333:layer:transforms:3',
    )
    new KafkaSinkConnector(stack, 'Orders', {
      platform,
      worker: mskWorker(),
      connector: seedConnector('s3-sink'),
      memorySize: 2048,
      timeout: Duration.minutes(10),
      offsetLagAlarmThreshold: 5000,
      layers: [layer],
    })
    const template = Template.fromStack(stack)
    template.hasResourceProperties('AWS::Lambda::Function', {
      MemorySize: 2048,
      Timeout: 600,
      Layers: ['arn:aws:lambda:us-east-1:111122223333:layer:transforms:3'],
    })
    template.hasResourceProperties('AWS::CloudWatch::Alarm', { MetricName: 'OffsetLag', Threshold: 5000 })
  })

  it('refuses a timeout longer than a Kafka event source mapping allows', () => {
    const { platform, stack } = scope()
    expect(
      () =>
        new KafkaSinkConnector(stack, 'Orders', {
          platform,
          worker: mskWorker(),
          connector: seedConnector('s3-sink'),
          timeout: Duration.minutes(15),
        }),
    ).toThrow(/at most 14 minutes/)
  })

  it('refuses a source connector, naming the construct to use', () => {
    const { platform, stack } = scope()
    expect(
      () =>
        new KafkaSinkConnector(stack, 'Orders', {
          platform,
          worker: mskWorker(),
          connector: seedConnector('postgres-source'),
        }),
    ).toThrow(/deploy it with JdbcSourceConnector/)
  })

  it('refuses a secret written in plain text, without repeating it', () => {
    const { platform, stack } = scope()
    const connector = withConfig(seedConnector('orders-sink-with-dlq'), { 'connection.password': 'hunter2' })
    const build = () => new KafkaSinkConnector(stack, 'Orders', { platform, worker: mskWorker(), connector })
    expect(build).toThrow(/connection\.password holds a secret in plain text/)
    expect(build).not.toThrow(/hunter2/)
  })

  it('refuses topics.regex, since an event source mapping reads named topics', () => {
    const { platform, stack } = scope()
    const connector = withConfig(seedConnector('s3-sink'), { topics: null, 'topics.regex': 'orders.*' })
    expect(() => new KafkaSinkConnector(stack, 'Orders', { platform, worker: mskWorker(), connector })).toThrow(
      /topics\.regex cannot be deployed; list the topics in topics instead/,
    )
  })

  it('lets a grantee pause and resume exactly its event source mappings', () => {
    const { platform, stack } = scope()
    const sink = new KafkaSinkConnector(stack, 'Orders', {
      platform,
      worker: mskWorker(),
      connector: seedConnector('elasticsearch-sink'),
    })
    const operator = new iam.Role(stack, 'Operator', { assumedBy: new iam.AccountRootPrincipal() })
    sink.grantPauseResume(operator)
    sink.grantReadOffsets(operator)
    const template = Template.fromStack(stack)
    const statements = statementsFor(template, 'lambda:UpdateEventSourceMapping')
    expect(statements).toHaveLength(1)
    expect(statements[0] && resourcesOf(statements[0])).toHaveLength(2)
    const reads = statementsFor(template, 'dynamodb:Query').filter((s) => !actionsOf(s).includes('dynamodb:PutItem'))
    expect(reads.map((s) => s.Condition)).toContainEqual({
      'ForAllValues:StringEquals': { 'dynamodb:LeadingKeys': ['sink#elasticsearch-sink'] },
    })
  })

  it('tags its function with the connector, which the REST API may restart', () => {
    const { platform, stack } = scope()
    new KafkaSinkConnector(stack, 'Orders', { platform, worker: mskWorker(), connector: seedConnector('s3-sink') })
    Template.fromStack(stack).hasResourceProperties('AWS::Lambda::Function', {
      Tags: [{ Key: 'connectless:connector', Value: 's3-sink' }],
    })
  })
})

describe('JdbcSourceConnector', () => {
  it('polls once per invocation, every whole minute at or above poll.interval.ms, for long intervals', () => {
    const { platform, stack } = scope()
    const connector = withConfig(seedConnector('postgres-source'), { 'poll.interval.ms': '150000' })
    const source = new JdbcSourceConnector(stack, 'Db', { platform, worker: mskWorker(), connector })
    const template = Template.fromStack(stack)
    template.hasResourceProperties('AWS::Scheduler::Schedule', { ScheduleExpression: 'rate(3 minutes)' })
    template.hasResourceProperties('AWS::Lambda::Function', { Timeout: 195 })
    expect(
      source.plan.warnings.some((w) => w.startsWith('poll.interval.ms=150000 is not a whole number of minutes')),
    ).toBe(true)
  })

  it('may write to any topic where a transform routes records', () => {
    const { platform, stack } = scope()
    const connector = withConfig(seedConnector('postgres-source'), {
      transforms: 'route',
      'transforms.route.type': 'org.apache.kafka.connect.transforms.RegexRouter',
      'transforms.route.regex': 'db-(.*)',
      'transforms.route.replacement': 'tables.$1',
    })
    new JdbcSourceConnector(stack, 'Db', { platform, worker: mskWorker(), connector })
    const topics = statementsFor(Template.fromStack(stack), 'kafka-cluster:WriteData').flatMap(resourcesOf)
    expect(topics).toEqual([`${MSK_CLUSTER_ARN.replace(':cluster/', ':topic/')}/*`])
  })

  it('needs bootstrap.servers to produce', () => {
    const { platform, stack } = scope()
    const worker = parseWorkerSettings(
      [
        `connectless.msk.cluster.arn=${MSK_CLUSTER_ARN}`,
        'security.protocol=SASL_SSL',
        'sasl.mechanism=AWS_MSK_IAM',
        'config.providers=secretsmanager',
        'config.providers.secretsmanager.class=com.amazonaws.kafka.config.providers.SecretsManagerConfigProvider',
      ].join('\n'),
    )
    expect(
      () => new JdbcSourceConnector(stack, 'Db', { platform, worker, connector: seedConnector('postgres-source') }),
    ).toThrow(/set bootstrap\.servers/)
  })

  it('lets a grantee pause and resume exactly its schedules', () => {
    const { platform, stack } = scope()
    const source = new JdbcSourceConnector(stack, 'Db', {
      platform,
      worker: mskWorker(),
      connector: seedConnector('postgres-source'),
    })
    const operator = new iam.Role(stack, 'Operator', { assumedBy: new iam.AccountRootPrincipal() })
    source.grantPauseResume(operator)
    const [statement] = statementsFor(Template.fromStack(stack), 'scheduler:UpdateSchedule')
    expect(statement && resourcesOf(statement)).toHaveLength(3)
  })

  it('refuses a sink connector, naming the construct to use', () => {
    const { platform, stack } = scope()
    expect(
      () =>
        new JdbcSourceConnector(stack, 'Db', { platform, worker: mskWorker(), connector: seedConnector('s3-sink') }),
    ).toThrow(/deploy it with KafkaSinkConnector/)
  })
})

describe('customer-managed KMS keys of secrets', () => {
  const KEY = 'arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab'
  const OTHER_REGION_KEY = 'arn:aws:kms:us-east-1:111122223333:key/0987dcba-09ba-43dc-65fe-0987654321ba'
  const PROVIDERS = [
    'config.providers=secretsmanager',
    'config.providers.secretsmanager.class=com.amazonaws.kafka.config.providers.SecretsManagerConfigProvider',
  ]
  const mskScram = (...extra: string[]): WorkerSettings =>
    parseWorkerSettings(
      [
        `connectless.msk.cluster.arn=${MSK_CLUSTER_ARN}`,
        'security.protocol=SASL_SSL',
        'sasl.mechanism=SCRAM-SHA-512',
        `connectless.kafka.secret.arn=${SCRAM_SECRET}`,
        ...PROVIDERS,
        ...extra,
      ].join('\n'),
    )
  // the secret orders-sink-with-dlq references by name, with the six characters Secrets Manager appends
  const OPENSEARCH_SECRET =
    'arn:<AWS::Partition>:secretsmanager:<AWS::Region>:<AWS::AccountId>:secret:connectless/opensearch-??????'

  it('lets a sink decrypt its SCRAM secret and referenced secrets with the worker keys, through Secrets Manager only', () => {
    const { platform, stack } = scope()
    const worker = mskScram(`connectless.secrets.kms.key.arns=${KEY},${OTHER_REGION_KEY}`)
    new KafkaSinkConnector(stack, 'Orders', { platform, worker, connector: seedConnector('orders-sink-with-dlq') })
    const statements = statementsFor(Template.fromStack(stack), 'kms:Decrypt')
    // one statement per region: a secret is always encrypted with a key of its own region
    expect(statements.map((s) => [actionsOf(s), resourcesOf(s)])).toEqual([
      [['kms:Decrypt'], [KEY]],
      [['kms:Decrypt'], [OTHER_REGION_KEY]],
    ])
    const contexts = statements.map((s) => {
      const condition = s.Condition as {
        StringEquals: Record<string, string>
        StringLike: Record<string, unknown[]>
      }
      return {
        via: condition.StringEquals['kms:ViaService'],
        secrets: resourcesOf({ Action: [], Resource: condition.StringLike['kms:EncryptionContext:SecretARN'] }),
      }
    })
    expect(contexts).toEqual([
      { via: 'secretsmanager.eu-west-1.amazonaws.com', secrets: [SCRAM_SECRET, OPENSEARCH_SECRET] },
      { via: 'secretsmanager.us-east-1.amazonaws.com', secrets: [SCRAM_SECRET, OPENSEARCH_SECRET] },
    ])
  })

  it('grants no KMS action where no key is given, even for secrets', () => {
    const { platform, stack } = scope()
    new KafkaSinkConnector(stack, 'Orders', {
      platform,
      worker: mskScram(),
      connector: seedConnector('orders-sink-with-dlq'),
    })
    const template = Template.fromStack(stack)
    expect(statementsFor(template, 'secretsmanager:GetSecretValue')).not.toEqual([])
    expect(policyActions(template).filter((a) => a.startsWith('kms:'))).toEqual([])
  })

  it('grants nothing for a key where the connector reads no secret', () => {
    const { platform, stack } = scope()
    const worker = parseWorkerSettings(`${mskWorkerTextWith(`connectless.secrets.kms.key.arns=${KEY}`)}`)
    new KafkaSinkConnector(stack, 'Orders', { platform, worker, connector: seedConnector('s3-sink') })
    expect(statementsFor(Template.fromStack(stack), 'kms:Decrypt')).toEqual([])
  })

  it("takes a construct's keys for a source's referenced secrets, and leaves cdk-nag nothing to report", () => {
    const { platform, stack } = scope()
    Aspects.of(stack).add(new AwsSolutionsChecks())
    const key = kms.Key.fromKeyArn(stack, 'DbSecretsKey', KEY)
    new JdbcSourceConnector(stack, 'Db', {
      platform,
      worker: mskScramForSource(),
      connector: seedConnector('postgres-source'),
      secretKeys: [key],
    })
    const template = Template.fromStack(stack)
    const statements = statementsFor(template, 'kms:Decrypt')
    expect(statements.map(resourcesOf)).toEqual([[KEY]])
    const condition = statements[0]?.Condition as { StringEquals: unknown; StringLike: Record<string, unknown> }
    expect(condition.StringEquals).toEqual({ 'kms:ViaService': 'secretsmanager.eu-west-1.amazonaws.com' })
    // the database password's secret only: a source does not read the event source mapping's secret
    const secrets = condition.StringLike['kms:EncryptionContext:SecretARN']
    expect(resourcesOf({ Action: [], Resource: secrets })).toEqual(
      statementsFor(template, 'secretsmanager:GetSecretValue').flatMap(resourcesOf),
    )
    expect(JSON.stringify(secrets)).not.toContain('kafka/connect')
    const errors = Annotations.fromStack(stack).findError('*', Match.stringLikeRegexp('AwsSolutions-'))
    expect(errors.map((e) => String(e.entry.data))).toEqual([])
  })

  function mskScramForSource(): WorkerSettings {
    return mskScram('bootstrap.servers=b-1.lake.example.com:9096')
  }
})

/** The MSK worker fixture with more lines. */
function mskWorkerTextWith(...extra: string[]): string {
  return [mskWorkerText(), ...extra].join('\n')
}

/** Every action of every IAM policy of a template. */
function policyActions(template: Template): string[] {
  return policyStatements(template).flatMap(actionsOf)
}
