/**
 * What every connector of an account and region shares (the counterpart of a Connect cluster's
 * internal topics and REST API): the offsets table (Connect's offset storage), the status table
 * (config and status storage), the dead-letter alert queue with its alarm, the SNS topic every alarm
 * notifies, the schedule group of the source tasks, a dashboard, and the Connect REST API.
 */
import { existsSync } from 'node:fs'
import { isAbsolute, join } from 'node:path'
import { Duration, RemovalPolicy } from 'aws-cdk-lib'
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch'
import * as actions from 'aws-cdk-lib/aws-cloudwatch-actions'
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb'
import * as iam from 'aws-cdk-lib/aws-iam'
import * as kms from 'aws-cdk-lib/aws-kms'
import * as logs from 'aws-cdk-lib/aws-logs'
import * as scheduler from 'aws-cdk-lib/aws-scheduler'
import * as sns from 'aws-cdk-lib/aws-sns'
import * as sqs from 'aws-cdk-lib/aws-sqs'
import { Construct } from 'constructs'
import { MetricName } from '../../layers/runtime/metrics.js'
import { connectlessRoot } from '../paths.js'
import { CONNECT_API_ENTRY, ConnectApi } from './connect-api.js'
import { everyConnector } from './metrics.js'
import { suppressNag } from './nag.js'

export interface ConnectPlatformProps {
  /**
   * Whether to serve the Connect REST API (API Gateway HTTP API with IAM auth in front of
   * `functions/connect-api/handler.ts`).
   * @default - served when functions/connect-api/handler.ts exists
   */
  readonly restApi?: boolean
  /** The REST API's handler, absolute or relative to the connectless root. @default functions/connect-api/handler.ts */
  readonly restApiEntry?: string
  /** How long the REST API's logs are kept. @default logs.RetentionDays.ONE_MONTH */
  readonly logRetention?: logs.RetentionDays
}

/** The environment variables the runtime reads the platform's resources from. */
export const PlatformEnvironment = {
  OFFSETS_TABLE: 'CONNECTLESS_OFFSETS_TABLE',
  STATUS_TABLE: 'CONNECTLESS_STATUS_TABLE',
  ALERT_QUEUE_URL: 'CONNECTLESS_ALERT_QUEUE_URL',
  SCHEDULE_GROUP: 'CONNECTLESS_SCHEDULE_GROUP',
  SCHEDULES: 'CONNECTLESS_SCHEDULES',
} as const

// The status store's registry partition (layers/runtime/status/status-store.ts).
const REGISTRY_PK = 'connectors'

/** Which items of a table a grant covers: those under the partition keys given. */
function ownItems(...partitionKeys: string[]): Record<string, Record<string, string[]>> {
  return { 'ForAllValues:StringEquals': { 'dynamodb:LeadingKeys': partitionKeys } }
}

function pkTable(scope: Construct, id: string): dynamodb.TableV2 {
  return new dynamodb.TableV2(scope, id, {
    partitionKey: { name: 'pk', type: dynamodb.AttributeType.STRING },
    sortKey: { name: 'sk', type: dynamodb.AttributeType.STRING },
    billing: dynamodb.Billing.onDemand(),
    pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
    // Offsets and status outlive a stack: a replaced or deleted table would restart every connector from scratch.
    removalPolicy: RemovalPolicy.RETAIN,
  })
}

export class ConnectPlatform extends Construct {
  /** Offsets: `pk` = `sink#<connector>` (sk `<topic>#<partition>`) or `source#<connector>` (sk the source partition as canonical JSON). */
  readonly offsetsTable: dynamodb.TableV2
  /** Connect's config and status storage (layers/runtime/status/status-store.ts): `pk` = `connectors` (sk the name), `status#<name>`. */
  readonly statusTable: dynamodb.TableV2
  /** One message per batch that sent records to a dead-letter topic. */
  readonly alertQueue: sqs.Queue
  /** Every alarm of the platform and its connectors notifies this topic. */
  readonly alarmTopic: sns.Topic
  /** The schedules of the source tasks. */
  readonly scheduleGroup: scheduler.ScheduleGroup
  readonly dashboard: cloudwatch.Dashboard
  /** Undefined where the REST API is not served. */
  readonly restApi: ConnectApi | undefined

  constructor(scope: Construct, id: string, props: ConnectPlatformProps = {}) {
    super(scope, id)
    this.offsetsTable = pkTable(this, 'OffsetsTable')
    this.statusTable = pkTable(this, 'StatusTable')
    this.alarmTopic = this.createAlarmTopic()
    this.alertQueue = new sqs.Queue(this, 'AlertQueue', {
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
      // Alerts are notifications about records kept in the dead-letter topic; losing them loses no data.
      removalPolicy: RemovalPolicy.DESTROY,
    })
    suppressNag(
      this.alertQueue,
      'SQS3',
      'This queue is itself the dead-letter alert channel: people and tools read it, no Lambda consumes it, so there is nothing to redrive.',
    )
    this.addAlarm(
      this.alertQueue
        .metricApproximateNumberOfMessagesVisible({ period: Duration.minutes(5), statistic: cloudwatch.Stats.MAXIMUM })
        .createAlarm(this, 'AlertQueueDepth', {
          alarmDescription:
            'Connectors sent records to a dead-letter topic: read the alert queue for which connector, topic and offsets.',
          threshold: 1,
          evaluationPeriods: 1,
          comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
          treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
        }),
    )
    this.scheduleGroup = new scheduler.ScheduleGroup(this, 'SourceTasks', { removalPolicy: RemovalPolicy.DESTROY })

    const apiEntry = props.restApiEntry ?? CONNECT_API_ENTRY
    const serveApi = props.restApi ?? existsSync(isAbsolute(apiEntry) ? apiEntry : join(connectlessRoot, apiEntry))
    this.restApi = serveApi
      ? new ConnectApi(this, 'RestApi', {
          platform: this,
          entry: apiEntry,
          logRetention: props.logRetention ?? logs.RetentionDays.ONE_MONTH,
        })
      : undefined
    this.dashboard = this.createDashboard()
  }

  /** Sends `alarm`'s state changes to the alarm topic. */
  addAlarm(alarm: cloudwatch.Alarm): cloudwatch.Alarm {
    alarm.addAlarmAction(new actions.SnsAction(this.alarmTopic))
    alarm.addOkAction(new actions.SnsAction(this.alarmTopic))
    return alarm
  }

  /** Lets a sink task read and commit its own offsets (items `sink#<connector>` only). */
  grantSinkOffsets(grantee: iam.IGrantable, connector: string): iam.Grant {
    return this.grantOwnItems(
      this.offsetsTable,
      grantee,
      [`sink#${connector}`],
      ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:Query'],
    )
  }

  /**
   * Lets a source task read and commit its own offsets and hold its task leases (items
   * `source#<connector>` and `lease#<connector>` only).
   */
  grantSourceOffsets(grantee: iam.IGrantable, connector: string): iam.Grant {
    return this.grantOwnItems(
      this.offsetsTable,
      grantee,
      [`source#${connector}`, `lease#${connector}`],
      ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem', 'dynamodb:Query'],
    )
  }

  /**
   * Lets a connector's function register it and report its status (the status store's items
   * `connectors` and `status#<connector>`; the registry is one partition, so not one item of it).
   */
  grantConnectorStatus(grantee: iam.IGrantable, connector: string): iam.Grant {
    return this.grantOwnItems(
      this.statusTable,
      grantee,
      [REGISTRY_PK, `status#${connector}`],
      ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:Query'],
    )
  }

  /** The key of a connector's registry item in the status table. */
  registryKey(connector: string): { pk: { S: string }; sk: { S: string } } {
    return { pk: { S: REGISTRY_PK }, sk: { S: connector } }
  }

  /** Deleting registry items, for a connector stack's deletion. */
  deregistrationStatement(): iam.PolicyStatement {
    return new iam.PolicyStatement({
      actions: ['dynamodb:DeleteItem'],
      resources: [this.statusTable.tableArn],
      conditions: ownItems(REGISTRY_PK),
    })
  }

  /** Lets a sink task send dead-letter alerts. */
  grantSendAlert(grantee: iam.IGrantable): iam.Grant {
    return iam.Grant.addToPrincipal({ grantee, actions: ['sqs:SendMessage'], resourceArns: [this.alertQueue.queueArn] })
  }

  private grantOwnItems(
    table: dynamodb.TableV2,
    grantee: iam.IGrantable,
    partitionKeys: string[],
    actions: string[],
  ): iam.Grant {
    return iam.Grant.addToPrincipal({
      grantee,
      actions,
      resourceArns: [table.tableArn],
      conditions: ownItems(...partitionKeys),
    })
  }

  private createAlarmTopic(): sns.Topic {
    // CloudWatch cannot publish to a topic encrypted with the AWS-managed SNS key, so the topic has its own key.
    const key = new kms.Key(this, 'AlarmTopicKey', {
      description: 'connectless alarm notifications',
      enableKeyRotation: true,
      removalPolicy: RemovalPolicy.DESTROY,
    })
    key.grant(new iam.ServicePrincipal('cloudwatch.amazonaws.com'), 'kms:Decrypt', 'kms:GenerateDataKey*')
    return new sns.Topic(this, 'AlarmTopic', { masterKey: key, enforceSSL: true, displayName: 'connectless alarms' })
  }

  private createDashboard(): cloudwatch.Dashboard {
    const dashboard = new cloudwatch.Dashboard(this, 'Dashboard', { defaultInterval: Duration.hours(3) })
    const offsetLag = new cloudwatch.MathExpression({
      expression: `SEARCH('{AWS/Lambda,FunctionName} MetricName="OffsetLag"', 'Maximum', 300)`,
      label: 'Offset lag',
      period: Duration.minutes(5),
    })
    dashboard.addWidgets(
      new cloudwatch.GraphWidget({
        title: 'Records written, per connector',
        left: [
          everyConnector(MetricName.SINK_RECORD_SEND_TOTAL, 'Sink records'),
          everyConnector(MetricName.SOURCE_RECORD_WRITE_TOTAL, 'Source records'),
        ],
        width: 12,
      }),
      new cloudwatch.GraphWidget({
        title: 'Failures, per connector',
        left: [
          everyConnector(MetricName.DEADLETTERQUEUE_PRODUCE_REQUESTS, 'Dead-lettered records'),
          everyConnector(MetricName.BATCH_FAILURE_TOTAL, 'Failed batches'),
        ],
        width: 12,
      }),
      new cloudwatch.GraphWidget({ title: 'Sink offset lag, per function', left: [offsetLag], width: 12 }),
      new cloudwatch.GraphWidget({
        title: 'Dead-letter alerts waiting',
        left: [this.alertQueue.metricApproximateNumberOfMessagesVisible({ period: Duration.minutes(5) })],
        width: 12,
      }),
      new cloudwatch.GraphWidget({
        title: 'Offsets table',
        left: [
          this.offsetsTable.metricConsumedReadCapacityUnits({ period: Duration.minutes(5) }),
          this.offsetsTable.metricConsumedWriteCapacityUnits({ period: Duration.minutes(5) }),
        ],
        right: [this.offsetsTable.metricThrottledRequestsForOperations({ period: Duration.minutes(5) })],
        width: 12,
      }),
    )
    if (this.restApi !== undefined) dashboard.addWidgets(...this.restApi.widgets())
    return dashboard
  }
}
