/**
 * The stacks `cdk synth -c worker=… -c connector=…` makes for each of the seed's five connectors with the
 * seed's worker adapted to MSK (IAM access control, a VPC): one synth per connector, bundling included.
 */
import { existsSync, readFileSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import { Match } from 'aws-cdk-lib/assertions'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { isSecretKeyName } from '../../../layers/runtime/config/redact.js'
import {
  actionsOf,
  deploymentPackageDir,
  MSK_CLUSTER_ARN,
  MSK_GROUP_PREFIX,
  MSK_TOPIC_PREFIX,
  mskWorker,
  nagErrors,
  policyStatements,
  resourcesOf,
  SEED_CONNECTORS,
  type Synthesized,
  seedConnector,
  statementsFor,
  synthesize,
  warnings,
} from './fixtures.js'

const synths = new Map<string, Synthesized>()
function synthOf(name: string): Synthesized {
  const synth = synths.get(name)
  if (synth === undefined) throw new Error(`${name} was not synthesized`)
  return synth
}

beforeAll(() => {
  for (const name of SEED_CONNECTORS) synths.set(name, synthesize(seedConnector(name)))
})

afterAll(() => {
  for (const synth of synths.values()) rmSync(synth.outdir, { recursive: true, force: true })
})

// Resources a wildcard may appear in, each suppressed in cdk-nag with its reason: network interfaces
// (no resource scoping), the S3 sink's prefix, the OpenSearch domain's paths, a source's topics by prefix,
// the versions of the function a schedule invokes.
const JUSTIFIED_WILDCARDS = [
  /^\*$/,
  /^arn:<AWS::Partition>:s3:::kafka-data-lake\/topics\/\*$/,
  /^arn:<AWS::Partition>:es:us-east-1:<AWS::AccountId>:domain\/orders\/\*$/,
  new RegExp(`^${MSK_TOPIC_PREFIX}db-\\*$`),
  /^<ConnectorTaskFunction[0-9A-F]+\.Arn>:\*$/,
]

describe.each(SEED_CONNECTORS)('the %s stack', (name) => {
  it('has no cdk-nag finding left unsuppressed, in the connector stack or the platform stack', () => {
    const synth = synthOf(name)
    expect(nagErrors(synth.connectorArtifact)).toEqual([])
    expect(nagErrors(synth.platformArtifact)).toEqual([])
  })

  it('grants no wildcard action, and wildcard resources only where the design needs them', () => {
    const statements = policyStatements(synthOf(name).connector)
    expect(statements.flatMap(actionsOf).filter((action) => action.includes('*'))).toEqual([])
    const wildcards = statements.flatMap(resourcesOf).filter((resource) => resource.includes('*'))
    for (const resource of wildcards)
      expect(
        JUSTIFIED_WILDCARDS.some((pattern) => pattern.test(resource)),
        resource,
      ).toBe(true)
  })

  it('runs its function on Node.js 22, arm64, bundled into one ESM file without a runtime layer', () => {
    const template = synthOf(name).connector
    template.hasResourceProperties('AWS::Lambda::Function', {
      Runtime: 'nodejs22.x',
      Architectures: ['arm64'],
      Handler: 'index.handler',
      Layers: Match.absent(),
      Environment: { Variables: Match.objectLike({ POWERTOOLS_SERVICE_NAME: name }) },
    })
    template.resourceCountIs('AWS::Lambda::LayerVersion', 0)
  })

  it('keeps the function logs for a month', () => {
    synthOf(name).connector.hasResourceProperties('AWS::Logs::LogGroup', { RetentionInDays: 30 })
  })

  it('alarms on function errors and throttles, notifying the platform topic', () => {
    const template = synthOf(name).connector
    for (const metric of ['Errors', 'Throttles']) {
      template.hasResourceProperties('AWS::CloudWatch::Alarm', {
        Namespace: 'AWS/Lambda',
        MetricName: metric,
        AlarmActions: [{ 'Fn::ImportValue': Match.stringLikeRegexp('AlarmTopic') }],
      })
    }
  })

  it('packs the validated config as connector.json, with the inherited worker config and no Connect-cluster keys', () => {
    const synth = synthOf(name)
    const file = JSON.parse(readFileSync(join(deploymentPackageDir(synth), 'connector.json'), 'utf8')) as {
      name: string
      config: Record<string, string>
      worker: Record<string, string>
    }
    expect(file.name).toBe(name)
    expect(file.config).toEqual({ ...seedConnector(name).config, name })
    expect(file.worker['value.converter']).toBe('org.apache.kafka.connect.json.JsonConverter')
    expect(file.worker['config.providers.secretsmanager.class']).toBe(
      'com.amazonaws.kafka.config.providers.SecretsManagerConfigProvider',
    )
    expect(
      Object.keys(file.worker).filter((key) => key.startsWith('connectless.') || key.includes('storage.topic')),
    ).toEqual([])
    expect(file.worker['group.id']).toBeUndefined()
    expect(existsSync(join(deploymentPackageDir(synth), 'index.mjs'))).toBe(true)
  })

  it('holds secrets only as provider references in the package, and none in the templates', () => {
    const synth = synthOf(name)
    const file = JSON.parse(readFileSync(join(deploymentPackageDir(synth), 'connector.json'), 'utf8')) as {
      config: Record<string, string>
      worker: Record<string, string>
    }
    for (const [key, value] of Object.entries({ ...file.worker, ...file.config })) {
      if (isSecretKeyName(key) && !key.endsWith('jaas.config')) expect(value, key).toMatch(/^(\$\{[^}]+\})+$/)
    }
    // The config travels in the package only: the templates name tables, queues and the connector, nothing else.
    for (const fn of Object.values(synth.connector.findResources('AWS::Lambda::Function'))) {
      const variables = (fn as { Properties: { Environment?: { Variables: Record<string, unknown> } } }).Properties
        .Environment?.Variables
      for (const variable of Object.keys(variables ?? {}))
        expect(variable).toMatch(/^(CONNECTLESS_[A-Z_]+|POWERTOOLS_SERVICE_NAME)$/)
    }
    const templates = JSON.stringify([synth.connector.toJSON(), synth.platform.toJSON()])
    expect(templates).not.toContain('connection.password')
  })
})

describe('the s3-sink stack', () => {
  it('reads orders from the MSK cluster in batches of flush.size, waiting up to rotate.interval.ms, as connect-s3-sink', () => {
    const template = synthOf('s3-sink').connector
    template.resourceCountIs('AWS::Lambda::EventSourceMapping', 1)
    template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      EventSourceArn: MSK_CLUSTER_ARN,
      Topics: ['orders'],
      BatchSize: 1000,
      MaximumBatchingWindowInSeconds: 60,
      StartingPosition: 'TRIM_HORIZON',
      AmazonManagedKafkaEventSourceConfig: { ConsumerGroupId: 'connect-s3-sink' },
    })
  })

  it('runs at most tasks.max batches at once', () => {
    synthOf('s3-sink').connector.hasResourceProperties('AWS::Lambda::Function', {
      ReservedConcurrentExecutions: 3,
      MemorySize: 1024,
      Timeout: 300,
    })
  })

  it('writes objects under topics.dir of its bucket only', () => {
    const template = synthOf('s3-sink').connector
    const [objects] = statementsFor(template, 's3:PutObject')
    expect(objects && actionsOf(objects).sort()).toEqual([
      's3:AbortMultipartUpload',
      's3:DeleteObject',
      's3:GetObject',
      's3:PutObject',
    ])
    expect(objects && resourcesOf(objects)).toEqual(['arn:<AWS::Partition>:s3:::kafka-data-lake/topics/*'])
    const [listing] = statementsFor(template, 's3:ListBucket')
    expect(listing && resourcesOf(listing)).toEqual(['arn:<AWS::Partition>:s3:::kafka-data-lake'])
  })

  it('reads its topic and commits its group with IAM access control on the cluster, the topic and the group only', () => {
    const template = synthOf('s3-sink').connector
    const resourcesOfAction = (action: string) => statementsFor(template, action).flatMap(resourcesOf)
    expect(resourcesOfAction('kafka-cluster:Connect')).toEqual([MSK_CLUSTER_ARN])
    expect(resourcesOfAction('kafka-cluster:ReadData')).toEqual([`${MSK_TOPIC_PREFIX}orders`])
    expect(resourcesOfAction('kafka-cluster:AlterGroup')).toEqual([`${MSK_GROUP_PREFIX}connect-s3-sink`])
    expect(resourcesOfAction('kafka:GetBootstrapBrokers')).toEqual([MSK_CLUSTER_ARN])
    expect(resourcesOfAction('kafka-cluster:WriteData')).toEqual([])
  })

  it('reads and commits only its own offsets', () => {
    const [offsets] = statementsFor(synthOf('s3-sink').connector, 'dynamodb:PutItem').filter((s) =>
      JSON.stringify(s.Condition).includes('sink#'),
    )
    expect(offsets?.Condition).toEqual({ 'ForAllValues:StringEquals': { 'dynamodb:LeadingKeys': ['sink#s3-sink'] } })
  })

  it('alarms on offset lag but not on dead letters, having no dead-letter topic', () => {
    const template = synthOf('s3-sink').connector
    template.hasResourceProperties('AWS::CloudWatch::Alarm', { MetricName: 'OffsetLag', Threshold: 100_000 })
    expect(template.findResources('AWS::CloudWatch::Alarm', { Properties: { Namespace: 'connectless' } })).toEqual({})
  })

  it('warns that partition.duration.ms is not set, as Connect would refuse the config', () => {
    expect(
      warnings(synthOf('s3-sink').connectorArtifact).some((w) => w.startsWith('partition.duration.ms is not set')),
    ).toBe(true)
  })

  it('reports the worker keys only a Connect cluster needs, each once', () => {
    const shown = warnings(synthOf('s3-sink').connectorArtifact).filter((w) => w.startsWith('Worker key '))
    expect(shown.map((w) => w.split(' ')[2])).toEqual([
      'group.id',
      'offset.storage.topic',
      'config.storage.topic',
      'status.storage.topic',
      'offset.flush.interval.ms',
    ])
  })
})

describe('the elasticsearch-sink stack', () => {
  it('has one event source mapping per topic, batch.size records each, with no batching window for linger.ms=1', () => {
    const template = synthOf('elasticsearch-sink').connector
    template.resourceCountIs('AWS::Lambda::EventSourceMapping', 2)
    for (const topic of ['orders', 'payments']) {
      template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
        Topics: [topic],
        BatchSize: 2000,
        MaximumBatchingWindowInSeconds: 0,
        StartingPosition: 'TRIM_HORIZON',
        AmazonManagedKafkaEventSourceConfig: { ConsumerGroupId: 'connect-elasticsearch-sink' },
      })
    }
    template.hasResourceProperties('AWS::Lambda::Function', { ReservedConcurrentExecutions: 5 })
  })

  it('sends signed HTTP requests to its OpenSearch Service domain only', () => {
    const [http] = statementsFor(synthOf('elasticsearch-sink').connector, 'es:ESHttpPost')
    expect(http && actionsOf(http).sort()).toEqual(['es:ESHttpGet', 'es:ESHttpHead', 'es:ESHttpPost', 'es:ESHttpPut'])
    expect(http && resourcesOf(http)).toEqual(['arn:<AWS::Partition>:es:us-east-1:<AWS::AccountId>:domain/orders/*'])
  })

  it('warns that type.name is obsolete', () => {
    expect(warnings(synthOf('elasticsearch-sink').connectorArtifact).some((w) => w.includes("'type.name'"))).toBe(true)
  })
})

describe('the orders-sink-with-dlq stack', () => {
  it('may produce to its dead-letter topic (creating it) and nowhere else', () => {
    const template = synthOf('orders-sink-with-dlq').connector
    const [write] = statementsFor(template, 'kafka-cluster:WriteData')
    expect(write && actionsOf(write).sort()).toEqual([
      'kafka-cluster:CreateTopic',
      'kafka-cluster:DescribeTopic',
      'kafka-cluster:WriteData',
    ])
    expect(write && resourcesOf(write)).toEqual([`${MSK_TOPIC_PREFIX}orders-dlq`])
    expect(statementsFor(template, 'kafka-cluster:WriteDataIdempotently').flatMap(resourcesOf)).toEqual([
      MSK_CLUSTER_ARN,
    ])
  })

  it('sends dead-letter alerts to the platform queue and alarms on dead-lettered records', () => {
    const template = synthOf('orders-sink-with-dlq').connector
    template.hasResourceProperties('AWS::Lambda::Function', {
      Environment: { Variables: Match.objectLike({ CONNECTLESS_ALERT_QUEUE_URL: Match.anyValue() }) },
    })
    expect(statementsFor(template, 'sqs:SendMessage').flatMap(actionsOf)).toEqual(['sqs:SendMessage'])
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Namespace: 'connectless',
      MetricName: 'deadletterqueue-produce-requests',
      Dimensions: [{ Name: 'connector', Value: 'orders-sink-with-dlq' }],
      Threshold: 1,
    })
  })

  it('reads the one secret its config references, by name', () => {
    const secrets = statementsFor(synthOf('orders-sink-with-dlq').connector, 'secretsmanager:GetSecretValue')
    expect(secrets.flatMap(resourcesOf)).toEqual([
      'arn:<AWS::Partition>:secretsmanager:us-east-1:<AWS::AccountId>:secret:connectless/opensearch-??????',
    ])
  })

  it('needs no OpenSearch Service permission for a cluster with basic auth', () => {
    expect(statementsFor(synthOf('orders-sink-with-dlq').connector, 'es:ESHttpPost')).toEqual([])
  })

  it("warns about the seed's DLQ header keys, naming the key that was meant", () => {
    const shown = warnings(synthOf('orders-sink-with-dlq').connectorArtifact)
    expect(
      shown.filter((w) => w.includes("Did you mean 'errors.deadletterqueue.context.headers.enable'")),
    ).toHaveLength(2)
  })
})

describe('the postgres-source stack', () => {
  it('runs one schedule per task, every minute, with the task id and the scheduled time', () => {
    const template = synthOf('postgres-source').connector
    template.resourceCountIs('AWS::Scheduler::Schedule', 3)
    template.resourceCountIs('AWS::Lambda::EventSourceMapping', 0)
    for (const task of [0, 1, 2]) {
      template.hasResourceProperties('AWS::Scheduler::Schedule', {
        Name: `postgres-source-task-${task}`,
        ScheduleExpression: 'rate(1 minute)',
        FlexibleTimeWindow: { Mode: 'OFF' },
        GroupName: Match.stringLikeRegexp('SourceTasks'),
        Target: Match.objectLike({
          Input: JSON.stringify({ task, scheduledTime: '<aws.scheduler.scheduled-time>' }),
          RetryPolicy: { MaximumRetryAttempts: 0, MaximumEventAgeInSeconds: 60 },
        }),
      })
    }
  })

  it('gives each run its minute and a margin, at most tasks.max at once, and drops ticks that cannot run', () => {
    const template = synthOf('postgres-source').connector
    template.hasResourceProperties('AWS::Lambda::Function', {
      Timeout: 75,
      ReservedConcurrentExecutions: 3,
      MemorySize: 256,
      Environment: {
        Variables: Match.objectLike({
          CONNECTLESS_SCHEDULES: 'postgres-source-task-0,postgres-source-task-1,postgres-source-task-2',
        }),
      },
    })
    template.hasResourceProperties('AWS::Lambda::EventInvokeConfig', {
      MaximumRetryAttempts: 0,
      MaximumEventAgeInSeconds: 60,
    })
  })

  it('writes to the topics of its prefix only, and reads its offsets and leases only', () => {
    const template = synthOf('postgres-source').connector
    expect(statementsFor(template, 'kafka-cluster:WriteData').flatMap(resourcesOf)).toEqual([`${MSK_TOPIC_PREFIX}db-*`])
    expect(statementsFor(template, 'kafka-cluster:ReadData')).toEqual([])
    const [offsets] = statementsFor(template, 'dynamodb:UpdateItem').filter((s) =>
      JSON.stringify(s.Condition).includes('source#'),
    )
    expect(offsets?.Condition).toEqual({
      'ForAllValues:StringEquals': { 'dynamodb:LeadingKeys': ['source#postgres-source', 'lease#postgres-source'] },
    })
  })

  it('reads the database password secret its config references', () => {
    expect(
      statementsFor(synthOf('postgres-source').connector, 'secretsmanager:GetSecretValue').flatMap(resourcesOf),
    ).toEqual(['arn:<AWS::Partition>:secretsmanager:us-east-1:<AWS::AccountId>:secret:connectless/postgres-??????'])
  })

  it('alarms on errors and throttles only: a source has no offset lag and no dead-letter topic', () => {
    const template = synthOf('postgres-source').connector
    template.resourceCountIs('AWS::CloudWatch::Alarm', 2)
  })

  it('warns that incrementing mode ignores timestamp.column.name', () => {
    expect(
      warnings(synthOf('postgres-source').connectorArtifact).some((w) =>
        w.startsWith('timestamp.column.name (updated_at) is ignored'),
      ),
    ).toBe(true)
  })
})

describe('the orders-with-timestamp stack', () => {
  it('runs one task, for its one table', () => {
    synthOf('orders-with-timestamp').connector.resourceCountIs('AWS::Scheduler::Schedule', 1)
  })

  it('reads the SSM parameter its config references, and no secret', () => {
    const template = synthOf('orders-with-timestamp').connector
    expect(statementsFor(template, 'ssm:GetParameters').flatMap(resourcesOf)).toEqual([
      'arn:<AWS::Partition>:ssm:us-east-1:<AWS::AccountId>:parameter/connectless/postgres/password',
    ])
    expect(statementsFor(template, 'secretsmanager:GetSecretValue')).toEqual([])
  })
})

describe('the platform stack a connector depends on', () => {
  it('is the same for every connector, so every connector app deploys one platform', () => {
    const templates = SEED_CONNECTORS.map((name) => JSON.stringify(synthOf(name).platform.toJSON()))
    expect(new Set(templates).size).toBe(1)
  })

  it('is a dependency of the connector stack', () => {
    const synth = synthOf('s3-sink')
    expect(synth.connectorArtifact.dependencies.map((d) => d.id)).toContain('connectless-platform')
  })

  it('deploys both stacks in the MSK cluster region', () => {
    expect(synthOf('s3-sink').connectorArtifact.environment.region).toBe('us-east-1')
    expect(synthOf('s3-sink').platformArtifact.environment.region).toBe('us-east-1')
  })
})

describe('a worker without a VPC', () => {
  it('runs the function outside any VPC and grants no network interface actions for it', () => {
    const worker = mskWorker()
    const synth = synthesize(seedConnector('s3-sink'), { ...worker, vpc: null })
    synths.set('s3-sink without a VPC', synth)
    synth.connector.hasResourceProperties('AWS::Lambda::Function', { VpcConfig: Match.absent(), Runtime: 'nodejs22.x' })
    const eni = statementsFor(synth.connector, 'ec2:AssignPrivateIpAddresses')
    expect(eni).toEqual([])
    expect(nagErrors(synth.connectorArtifact)).toEqual([])
  })
})
