/**
 * The Connect REST API on AWS: an API Gateway HTTP API, every route behind IAM authorization (SigV4),
 * in front of `functions/connect-api/handler.ts`. The function reads configs and status from the status
 * table, moves offsets in the offsets table, pauses and resumes sinks through their event source
 * mappings and sources through their schedules.
 */
import { ArnFormat, Duration, RemovalPolicy, Stack } from 'aws-cdk-lib'
import * as apigw from 'aws-cdk-lib/aws-apigatewayv2'
import { HttpIamAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers'
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations'
import type * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch'
import { GraphWidget } from 'aws-cdk-lib/aws-cloudwatch'
import * as iam from 'aws-cdk-lib/aws-iam'
import * as logs from 'aws-cdk-lib/aws-logs'
import { Construct } from 'constructs'
import type { ConnectPlatform } from './connect-platform.js'
import { PlatformEnvironment } from './connect-platform.js'
import { CONNECTOR_TAG, ConnectorFunction } from './connector-function.js'
import { resourceFinding, suppressNag } from './nag.js'

/** The IAM path of the roles source schedules invoke their function with. */
export const SCHEDULE_ROLE_PATH = '/connectless/'

/** The handler, relative to the connectless root. */
export const CONNECT_API_ENTRY = 'functions/connect-api/handler.ts'

export interface ConnectApiProps {
  readonly platform: ConnectPlatform
  /** The handler, absolute or relative to the connectless root. @default functions/connect-api/handler.ts */
  readonly entry?: string
  readonly logRetention: logs.RetentionDays
}

export class ConnectApi extends Construct {
  readonly httpApi: apigw.HttpApi
  readonly handler: ConnectorFunction

  constructor(scope: Construct, id: string, props: ConnectApiProps) {
    super(scope, id)
    const { platform } = props
    this.handler = new ConnectorFunction(this, 'Handler', {
      entry: props.entry ?? CONNECT_API_ENTRY,
      description: 'connectless: the Connect REST API',
      environment: {
        [PlatformEnvironment.OFFSETS_TABLE]: platform.offsetsTable.tableName,
        [PlatformEnvironment.STATUS_TABLE]: platform.statusTable.tableName,
        [PlatformEnvironment.SCHEDULE_GROUP]: platform.scheduleGroup.scheduleGroupName,
        POWERTOOLS_SERVICE_NAME: 'connect-api',
      },
      memorySize: 512,
      timeout: Duration.seconds(29),
      logRetention: props.logRetention,
    })
    this.grantHandler(platform)

    this.httpApi = new apigw.HttpApi(this, 'HttpApi', {
      description: 'connectless: the Kafka Connect REST API',
      defaultAuthorizer: new HttpIamAuthorizer(),
      createDefaultStage: false,
    })
    const integration = new HttpLambdaIntegration('Handler', this.handler.function)
    this.httpApi.addRoutes({ path: '/', methods: [apigw.HttpMethod.ANY], integration })
    this.httpApi.addRoutes({ path: '/{proxy+}', methods: [apigw.HttpMethod.ANY], integration })
    const accessLogs = new logs.LogGroup(this, 'AccessLogs', {
      retention: props.logRetention,
      removalPolicy: RemovalPolicy.DESTROY,
    })
    new apigw.HttpStage(this, 'DefaultStage', {
      httpApi: this.httpApi,
      stageName: '$default',
      autoDeploy: true,
      accessLogSettings: { destination: new apigw.LogGroupLogDestination(accessLogs) },
    })
  }

  /** The API's URL. */
  get url(): string {
    return this.httpApi.apiEndpoint
  }

  /** Lets `grantee` call every route of the API. */
  grantInvoke(grantee: iam.IGrantable): iam.Grant {
    return iam.Grant.addToPrincipal({
      grantee,
      actions: ['execute-api:Invoke'],
      resourceArns: [this.httpApi.arnForExecuteApi()],
    })
  }

  /** Requests and errors, for the platform dashboard. */
  widgets(): cloudwatch.IWidget[] {
    return [
      new GraphWidget({
        title: 'REST API',
        left: [this.httpApi.metricCount({ period: Duration.minutes(5) })],
        right: [
          this.httpApi.metricClientError({ period: Duration.minutes(5) }),
          this.httpApi.metricServerError({ period: Duration.minutes(5) }),
        ],
        width: 12,
      }),
    ]
  }

  private grantHandler(platform: ConnectPlatform): void {
    const role = this.handler.role
    const stack = Stack.of(this)
    const itemActions = [
      'dynamodb:GetItem',
      'dynamodb:PutItem',
      'dynamodb:UpdateItem',
      'dynamodb:DeleteItem',
      'dynamodb:Query',
    ]
    role.addToPolicy(
      new iam.PolicyStatement({
        actions: itemActions,
        resources: [platform.offsetsTable.tableArn, platform.statusTable.tableArn],
      }),
    )
    // Pause and resume a sink: its function's event source mappings (found by function name)…
    const mappings = stack.formatArn({
      service: 'lambda',
      resource: 'event-source-mapping',
      resourceName: '*',
      arnFormat: ArnFormat.COLON_RESOURCE_NAME,
    })
    role.addToPolicy(new iam.PolicyStatement({ actions: ['lambda:ListEventSourceMappings'], resources: ['*'] }))
    role.addToPolicy(
      new iam.PolicyStatement({
        actions: ['lambda:GetEventSourceMapping', 'lambda:UpdateEventSourceMapping'],
        resources: [mappings],
      }),
    )
    // Restart: a configuration change retires the execution environments of a connector's function.
    const functions = stack.formatArn({
      service: 'lambda',
      resource: 'function',
      resourceName: '*',
      arnFormat: ArnFormat.COLON_RESOURCE_NAME,
    })
    role.addToPolicy(
      new iam.PolicyStatement({
        actions: ['lambda:GetFunctionConfiguration', 'lambda:UpdateFunctionConfiguration'],
        resources: [functions],
        conditions: { Null: { [`aws:ResourceTag/${CONNECTOR_TAG}`]: 'false' } },
      }),
    )
    // …and a source's schedules, all in the platform's schedule group. UpdateSchedule passes the schedule's role again.
    const schedules = stack.formatArn({
      service: 'scheduler',
      resource: 'schedule',
      resourceName: `${platform.scheduleGroup.scheduleGroupName}/*`,
    })
    const scheduleRoles = stack.formatArn({
      service: 'iam',
      region: '',
      resource: 'role',
      resourceName: `${SCHEDULE_ROLE_PATH.slice(1)}*`,
    })
    role.addToPolicy(
      new iam.PolicyStatement({
        actions: ['scheduler:GetSchedule', 'scheduler:UpdateSchedule'],
        resources: [schedules],
      }),
    )
    role.addToPolicy(
      new iam.PolicyStatement({
        actions: ['iam:PassRole'],
        resources: [scheduleRoles],
        conditions: { StringEquals: { 'iam:PassedToService': 'scheduler.amazonaws.com' } },
      }),
    )
    suppressNag(
      role,
      'IAM5',
      'The API acts on resources each connector stack creates later: it lists event source mappings by function (ListEventSourceMappings has no resource scoping) and pauses or resumes those of its account and region (their ARNs end in a UUID assigned at creation); it restarts only functions tagged as connectors; it updates only the schedules of the platform group and passes only the schedule roles under the connectless path, to EventBridge Scheduler only.',
      [
        resourceFinding(this, '*'),
        resourceFinding(this, mappings),
        resourceFinding(this, functions),
        resourceFinding(this, schedules),
        resourceFinding(this, scheduleRoles),
      ],
    )
  }
}
