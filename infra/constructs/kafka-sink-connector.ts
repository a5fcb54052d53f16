/**
 * A Kafka Connect sink connector as a Lambda function: the connector's config, validated at synth,
 * travels in the function's package; one event source mapping per topic (an event source mapping
 * reads one topic) feeds it batches sized by the connector's own keys, from the oldest record
 * (TRIM_HORIZON), as the consumer group Connect would use (`connect-<name>`), so a sink can take over
 * a Connect sink's committed offsets. `tasks.max` becomes the function's reserved concurrency: at
 * most that many batches run at once (and never more than one per partition).
 */
import { Duration } from 'aws-cdk-lib'
import * as iam from 'aws-cdk-lib/aws-iam'
import type * as kms from 'aws-cdk-lib/aws-kms'
import * as lambda from 'aws-cdk-lib/aws-lambda'
import {
  AuthenticationMethod,
  ManagedKafkaEventSource,
  SelfManagedKafkaEventSource,
} from 'aws-cdk-lib/aws-lambda-event-sources'
import * as logs from 'aws-cdk-lib/aws-logs'
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager'
import { Construct } from 'constructs'
import type { ConnectorDefinition } from '../connector/connector-file.js'
import { planConnector, type SinkPlan } from '../connector/connector-plan.js'
import type { KafkaSettings, WorkerSettings } from '../worker/worker-settings.js'
import type { ConnectPlatform } from './connect-platform.js'
import { PlatformEnvironment } from './connect-platform.js'
import { ConnectorAlarms } from './connector-alarms.js'
import { ConnectorFunction, type FunctionNetwork } from './connector-function.js'
import { ConnectorRegistration } from './connector-registration.js'
import { KafkaAccess } from './kafka-access.js'
import { functionNetwork } from './network.js'
import { grantProviderReferences, referencedSecretArns } from './reference-grants.js'
import { grantSecretDecryption, secretKeysOf } from './secret-key-grants.js'
import { grantSinkDestination } from './sink-destination-grants.js'
import { addWarnings } from './warnings.js'

export interface KafkaSinkConnectorProps {
  /** The shared platform: offsets table, alert queue, alarm topic. */
  readonly platform: ConnectPlatform
  /** The worker settings: Kafka, authentication, VPC, inherited worker config (see `parseWorkerSettings`). */
  readonly worker: WorkerSettings
  /** The connector, as Connect's REST API takes it (see `parseConnectorFile`). */
  readonly connector: ConnectorDefinition
  /** The function's memory, in MB. @default 1024 */
  readonly memorySize?: number
  /** How long one batch may take; an MSK event source mapping allows at most 14 minutes. @default Duration.minutes(5) */
  readonly timeout?: Duration
  /** How long the function's logs are kept. @default logs.RetentionDays.ONE_MONTH */
  readonly logRetention?: logs.RetentionDays
  /** Offset lag, in records, that raises the alarm when it lasts 15 minutes. @default 100000 */
  readonly offsetLagAlarmThreshold?: number
  /** Layers for the function, such as one holding custom transforms (`/opt/…` module paths). @default - none */
  readonly layers?: readonly lambda.ILayerVersion[]
  /** The handler, absolute or relative to the connectless root. @default - the connector's function, e.g. functions/s3-sink/handler.ts */
  readonly entry?: string
  /**
   * Customer-managed KMS keys that encrypt the secrets the connector reads (the event source mapping's
   * secret, the root CA, the config's `${secretsmanager:…}` references), besides the worker's
   * `connectless.secrets.kms.key.arns`: the function may decrypt with them through Secrets Manager only,
   * for those secrets only. @default - the worker's keys only
   */
  readonly secretKeys?: readonly kms.IKey[]
}

const MAX_KAFKA_TIMEOUT = Duration.minutes(14)

export class KafkaSinkConnector extends Construct {
  /** What the config means for the deployment: topics, batching, destination, warnings. */
  readonly plan: SinkPlan
  readonly task: ConnectorFunction
  /** One per topic. */
  readonly eventSourceMappings: readonly lambda.EventSourceMapping[]
  readonly alarms: ConnectorAlarms
  private readonly platform: ConnectPlatform

  constructor(scope: Construct, id: string, props: KafkaSinkConnectorProps) {
    super(scope, id)
    const plan = planConnector(props.connector, props.worker)
    if (plan.type !== 'sink') {
      throw new Error(
        `${plan.name} is a source connector (${props.connector.config['connector.class']}): deploy it with JdbcSourceConnector`,
      )
    }
    this.plan = plan
    const timeout = props.timeout ?? Duration.minutes(5)
    if (timeout.toSeconds() > MAX_KAFKA_TIMEOUT.toSeconds()) {
      throw new Error(
        `timeout ${timeout.toHumanString()} is too long: a Kafka event source mapping accepts functions of at most 14 minutes`,
      )
    }
    const { platform, worker } = props
    this.platform = platform
    const network = worker.vpc === null ? undefined : functionNetwork(this, worker.vpc)
    this.task = new ConnectorFunction(this, 'Task', {
      connector: plan.name,
      entry: props.entry ?? plan.entry,
      deployment: plan.deployment,
      description: `connectless sink ${plan.name} (${plan.deployment.config['connector.class']})`,
      environment: {
        [PlatformEnvironment.OFFSETS_TABLE]: platform.offsetsTable.tableName,
        [PlatformEnvironment.STATUS_TABLE]: platform.statusTable.tableName,
        ...(plan.dlqTopic === null ? {} : { [PlatformEnvironment.ALERT_QUEUE_URL]: platform.alertQueue.queueUrl }),
        POWERTOOLS_SERVICE_NAME: plan.name,
      },
      ...(network === undefined ? {} : { network }),
      reservedConcurrentExecutions: plan.tasks,
      memorySize: props.memorySize ?? 1024,
      timeout,
      logRetention: props.logRetention ?? logs.RetentionDays.ONE_MONTH,
      ...(props.layers === undefined ? {} : { layers: props.layers }),
    })
    const role = this.task.role
    const kafka = new KafkaAccess(worker.kafka)
    kafka.grantConsume(role, plan.topics, plan.consumerGroupId)
    platform.grantSinkOffsets(role, plan.name)
    platform.grantConnectorStatus(role, plan.name)
    if (plan.dlqTopic !== null) {
      kafka.grantProduce(role, [plan.dlqTopic])
      platform.grantSendAlert(role)
    }
    grantSinkDestination(role, plan.destination)
    grantProviderReferences(role, plan.references)
    grantSecretDecryption(role, secretKeysOf(worker.secretKeyArns, props.secretKeys), [
      ...kafka.consumeSecretArns(),
      ...referencedSecretArns(this, plan.references),
    ])

    this.eventSourceMappings = plan.topics.map((topic) => this.addEventSource(worker.kafka, topic, network))
    this.alarms = new ConnectorAlarms(this, 'Alarms', {
      platform,
      connector: plan.name,
      task: this.task,
      offsetLagThreshold: props.offsetLagAlarmThreshold ?? 100_000,
      deadLetterQueue: plan.dlqTopic !== null,
    })
    new ConnectorRegistration(this, 'Registration', { platform, connector: plan.name })
    addWarnings(this, plan.warnings)
  }

  /** Lets `grantee` pause and resume this sink (`Enabled` of its event source mappings), keeping its offsets. */
  grantPauseResume(grantee: iam.IGrantable): iam.Grant {
    return iam.Grant.addToPrincipal({
      grantee,
      actions: ['lambda:GetEventSourceMapping', 'lambda:UpdateEventSourceMapping'],
      resourceArns: this.eventSourceMappings.map((m) => m.eventSourceMappingArn),
    })
  }

  /** Lets `grantee` read this sink's committed offsets, and no other connector's. */
  grantReadOffsets(grantee: iam.IGrantable): iam.Grant {
    return iam.Grant.addToPrincipal({
      grantee,
      actions: ['dynamodb:GetItem', 'dynamodb:Query'],
      resourceArns: [this.platform.offsetsTable.tableArn],
      conditions: { 'ForAllValues:StringEquals': { 'dynamodb:LeadingKeys': [`sink#${this.plan.name}`] } },
    })
  }

  private addEventSource(
    kafka: KafkaSettings,
    topic: string,
    network: FunctionNetwork | undefined,
  ): lambda.EventSourceMapping {
    const fn = this.task.function
    const before = new Set(fn.node.children)
    fn.addEventSource(this.eventSource(kafka, topic, network))
    const mapping = fn.node.children.find(
      (c): c is lambda.EventSourceMapping => !before.has(c) && c instanceof lambda.EventSourceMapping,
    )
    if (mapping === undefined) throw new Error(`No event source mapping was created for topic ${topic}`)
    if (kafka.mskClusterArn !== null && kafka.auth.method === 'MTLS') {
      // ManagedKafkaEventSource knows only SCRAM secrets; mutual TLS is the same property with another type.
      ;(mapping.node.defaultChild as lambda.CfnEventSourceMapping).sourceAccessConfigurations = [
        { type: lambda.SourceAccessConfigurationType.CLIENT_CERTIFICATE_TLS_AUTH.type, uri: kafka.auth.secretArn },
      ]
    }
    return mapping
  }

  private eventSource(kafka: KafkaSettings, topic: string, network: FunctionNetwork | undefined): lambda.IEventSource {
    const plan = this.plan
    const common = {
      topic,
      startingPosition: lambda.StartingPosition.TRIM_HORIZON,
      consumerGroupId: plan.consumerGroupId,
      batchSize: plan.batchSize,
      ...(plan.maxBatchingWindowSeconds === undefined
        ? {}
        : { maxBatchingWindow: Duration.seconds(plan.maxBatchingWindowSeconds) }),
    }
    const auth = kafka.auth
    if (kafka.mskClusterArn !== null) {
      return new ManagedKafkaEventSource({
        ...common,
        clusterArn: kafka.mskClusterArn,
        ...(auth.method === 'SCRAM-SHA-512' ? { secret: this.secret(auth.secretArn) } : {}),
      })
    }
    const securityGroup = network?.securityGroups[0]
    return new SelfManagedKafkaEventSource({
      ...common,
      bootstrapServers: [...kafka.bootstrapServers],
      ...('secretArn' in auth
        ? { secret: this.secret(auth.secretArn), authenticationMethod: AUTHENTICATION_METHODS[auth.method] }
        : {}),
      ...(kafka.rootCaSecretArn === null ? {} : { rootCACertificate: this.secret(kafka.rootCaSecretArn) }),
      ...(network === undefined || securityGroup === undefined
        ? {}
        : { vpc: network.vpc, vpcSubnets: { subnets: [...network.subnets] }, securityGroup }),
    })
  }

  private secret(arn: string): secretsmanager.ISecret {
    const id = `Secret-${arn}`
    return (
      (this.node.tryFindChild(id) as secretsmanager.ISecret | undefined) ??
      secretsmanager.Secret.fromSecretCompleteArn(this, id, arn)
    )
  }
}

const AUTHENTICATION_METHODS = {
  'SCRAM-SHA-512': AuthenticationMethod.SASL_SCRAM_512_AUTH,
  'SCRAM-SHA-256': AuthenticationMethod.SASL_SCRAM_256_AUTH,
  PLAIN: AuthenticationMethod.BASIC_AUTH,
  MTLS: AuthenticationMethod.CLIENT_CERTIFICATE_TLS_AUTH,
} as const
