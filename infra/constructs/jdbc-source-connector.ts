/**
 * A JDBC source connector as a Lambda function run on EventBridge Scheduler schedules, one per task
 * (Confluent's split of the tables over min(tables, `tasks.max`) tasks). Each schedule fires every
 * minute (or every few minutes for a `poll.interval.ms` of a minute or more) with the task's id; the
 * function polls its tables every `poll.interval.ms` until shortly before its timeout, produces the
 * records to Kafka and commits the source offsets to the offsets table (see docs/decisions.md, "JDBC
 * source tasks on a schedule").
 *
 * A missed or throttled tick is not retried (the next one comes within the period); at most `tasks`
 * invocations run at once (reserved concurrency), and the handler's lease in the offsets table keeps
 * a second invocation of a task from running beside the first.
 */
import { createHash } from 'node:crypto'
import { Duration, Stack } from 'aws-cdk-lib'
import * as iam from 'aws-cdk-lib/aws-iam'
import type * as kms from 'aws-cdk-lib/aws-kms'
import type * as lambda from 'aws-cdk-lib/aws-lambda'
import * as logs from 'aws-cdk-lib/aws-logs'
import * as scheduler from 'aws-cdk-lib/aws-scheduler'
import { LambdaInvoke } from 'aws-cdk-lib/aws-scheduler-targets'
import { Construct } from 'constructs'
import type { SourceTaskEvent } from '../../functions/jdbc-source/handler.js'
import type { ConnectorDefinition } from '../connector/connector-file.js'
import { planConnector, type SourcePlan } from '../connector/connector-plan.js'
import type { WorkerSettings } from '../worker/worker-settings.js'
import { SCHEDULE_ROLE_PATH } from './connect-api.js'
import type { ConnectPlatform } from './connect-platform.js'
import { PlatformEnvironment } from './connect-platform.js'
import { ConnectorAlarms } from './connector-alarms.js'
import { ConnectorFunction } from './connector-function.js'
import { ConnectorRegistration } from './connector-registration.js'
import { KafkaAccess } from './kafka-access.js'
import { resourceFinding, suppressNag } from './nag.js'
import { functionNetwork } from './network.js'
import { grantProviderReferences, referencedSecretArns } from './reference-grants.js'
import { grantSecretDecryption, secretKeysOf } from './secret-key-grants.js'
import { addWarnings } from './warnings.js'

export interface JdbcSourceConnectorProps {
  /** The shared platform: offsets table, schedule group, alarm topic. */
  readonly platform: ConnectPlatform
  /** The worker settings: Kafka (bootstrap.servers is required), authentication, VPC, inherited worker config. */
  readonly worker: WorkerSettings
  /** The connector, as Connect's REST API takes it. */
  readonly connector: ConnectorDefinition
  /** The function's memory, in MB. @default 256 */
  readonly memorySize?: number
  /** How long the function's logs are kept. @default logs.RetentionDays.ONE_MONTH */
  readonly logRetention?: logs.RetentionDays
  /** Layers for the function, such as one holding custom transforms. @default - none */
  readonly layers?: readonly lambda.ILayerVersion[]
  /** The handler, absolute or relative to the connectless root. @default functions/jdbc-source/handler.ts */
  readonly entry?: string
  /**
   * Customer-managed KMS keys that encrypt the secrets the config references (`${secretsmanager:…}`),
   * besides the worker's `connectless.secrets.kms.key.arns`: the function may decrypt with them through
   * Secrets Manager only, for those secrets only. @default - the worker's keys only
   */
  readonly secretKeys?: readonly kms.IKey[]
}

const SCHEDULE_NAME_MAX = 64
const TIMEOUT_MARGIN_SECONDS = 15
const MAX_TIMEOUT_SECONDS = 900

/**
 * The name of a task's schedule, unique in the platform's schedule group: `<connector>-task-<n>`,
 * with characters a schedule name cannot hold replaced, shortened with a digest where too long.
 */
export function sourceScheduleName(connector: string, task: number): string {
  const suffix = `-task-${task}`
  const name = connector.replace(/[^0-9A-Za-z_.-]/g, '-')
  if (name === connector && name.length + suffix.length <= SCHEDULE_NAME_MAX) return `${name}${suffix}`
  const digest = createHash('sha256').update(connector).digest('hex').slice(0, 8)
  return `${name.slice(0, SCHEDULE_NAME_MAX - suffix.length - digest.length - 1)}-${digest}${suffix}`
}

export class JdbcSourceConnector extends Construct {
  readonly plan: SourcePlan
  readonly task: ConnectorFunction
  /** One per task, in task order. */
  readonly schedules: readonly scheduler.Schedule[]
  readonly alarms: ConnectorAlarms
  private readonly platform: ConnectPlatform

  constructor(scope: Construct, id: string, props: JdbcSourceConnectorProps) {
    super(scope, id)
    const plan = planConnector(props.connector, props.worker)
    if (plan.type !== 'source') {
      throw new Error(
        `${plan.name} is a sink connector (${props.connector.config['connector.class']}): deploy it with KafkaSinkConnector`,
      )
    }
    const { platform, worker } = props
    if (worker.kafka.bootstrapServers.length === 0) {
      throw new Error(`${plan.name} produces to Kafka: set bootstrap.servers in the worker properties`)
    }
    this.plan = plan
    this.platform = platform
    const period = Duration.minutes(plan.scheduleRateMinutes)
    const scheduleNames = Array.from({ length: plan.tasks }, (_, task) => sourceScheduleName(plan.name, task))
    this.task = new ConnectorFunction(this, 'Task', {
      connector: plan.name,
      entry: props.entry ?? plan.entry,
      deployment: plan.deployment,
      description: `connectless source ${plan.name} (${plan.deployment.config['connector.class']})`,
      environment: {
        [PlatformEnvironment.OFFSETS_TABLE]: platform.offsetsTable.tableName,
        [PlatformEnvironment.STATUS_TABLE]: platform.statusTable.tableName,
        // Where the task's schedules are, for the registration the function writes at cold start.
        [PlatformEnvironment.SCHEDULES]: scheduleNames.join(','),
        [PlatformEnvironment.SCHEDULE_GROUP]: platform.scheduleGroup.scheduleGroupName,
        POWERTOOLS_SERVICE_NAME: plan.name,
      },
      ...(worker.vpc === null ? {} : { network: functionNetwork(this, worker.vpc) }),
      reservedConcurrentExecutions: plan.tasks,
      memorySize: props.memorySize ?? 256,
      // The handler stops polling shortly before its period ends (the next tick runs the task next); the
      // margin covers a late start and the last commit (docs/decisions.md, JDBC source scheduling).
      timeout: Duration.seconds(Math.min(period.toSeconds() + TIMEOUT_MARGIN_SECONDS, MAX_TIMEOUT_SECONDS)),
      logRetention: props.logRetention ?? logs.RetentionDays.ONE_MONTH,
      ...(props.layers === undefined ? {} : { layers: props.layers }),
    })
    // A tick that cannot run (throttled, failed) is dropped: the next one comes within the period.
    this.task.function.configureAsyncInvoke({ retryAttempts: 0, maxEventAge: Duration.minutes(1) })
    const role = this.task.role
    platform.grantSourceOffsets(role, plan.name)
    platform.grantConnectorStatus(role, plan.name)
    new KafkaAccess(worker.kafka).grantProduce(role, [plan.topicPattern])
    grantProviderReferences(role, plan.references)
    grantSecretDecryption(
      role,
      secretKeysOf(worker.secretKeyArns, props.secretKeys),
      referencedSecretArns(this, plan.references),
    )

    this.schedules = this.createSchedules(platform, period, scheduleNames)
    this.alarms = new ConnectorAlarms(this, 'Alarms', {
      platform,
      connector: plan.name,
      task: this.task,
      deadLetterQueue: false,
    })
    new ConnectorRegistration(this, 'Registration', { platform, connector: plan.name })
    addWarnings(this, plan.warnings)
  }

  /** Lets `grantee` pause and resume this source (the state of its schedules). */
  grantPauseResume(grantee: iam.IGrantable): iam.Grant {
    return iam.Grant.addToPrincipal({
      grantee,
      actions: ['scheduler:GetSchedule', 'scheduler:UpdateSchedule'],
      resourceArns: this.schedules.map((s) => s.scheduleArn),
    })
  }

  /** Lets `grantee` read this source's committed offsets, and no other connector's. */
  grantReadOffsets(grantee: iam.IGrantable): iam.Grant {
    return iam.Grant.addToPrincipal({
      grantee,
      actions: ['dynamodb:GetItem', 'dynamodb:Query'],
      resourceArns: [this.platform.offsetsTable.tableArn],
      conditions: { 'ForAllValues:StringEquals': { 'dynamodb:LeadingKeys': [`source#${this.plan.name}`] } },
    })
  }

  private createSchedules(platform: ConnectPlatform, period: Duration, names: readonly string[]): scheduler.Schedule[] {
    const fn = this.task.function
    // One role for every task's schedule, under the path the REST API may pass back when it pauses a source.
    const role = new iam.Role(this, 'ScheduleRole', {
      assumedBy: new iam.ServicePrincipal('scheduler.amazonaws.com', {
        conditions: { StringEquals: { 'aws:SourceAccount': Stack.of(this).account } },
      }),
      path: SCHEDULE_ROLE_PATH,
      description: `connectless: EventBridge Scheduler invokes the source ${this.plan.name}`,
    })
    const schedules = Array.from({ length: this.plan.tasks }, (_, task) => {
      // The handler's event (functions/jdbc-source/handler.ts): the task, and the start of its window.
      const event: SourceTaskEvent = { task, scheduledTime: scheduler.ContextAttribute.scheduledTime }
      return new scheduler.Schedule(this, `Task${task}`, {
        // Named, so that the function's environment can list its schedules without a reference cycle.
        scheduleName: names[task] as string,
        description: `connectless source ${this.plan.name}, task ${task} of ${this.plan.tasks}`,
        schedule: scheduler.ScheduleExpression.rate(period),
        scheduleGroup: platform.scheduleGroup,
        timeWindow: scheduler.TimeWindow.off(),
        target: new LambdaInvoke(fn, {
          role,
          input: scheduler.ScheduleTargetInput.fromObject(event),
          retryAttempts: 0,
          maxEventAge: Duration.minutes(1),
        }),
      })
    })
    suppressNag(
      role,
      'IAM5',
      "The schedules' target (LambdaInvoke) grants invoking the function and its versions; the function is the connector's own.",
      [resourceFinding(role, `${fn.functionArn}:*`)],
    )
    return schedules
  }
}
