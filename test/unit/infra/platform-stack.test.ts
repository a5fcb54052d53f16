/** The platform stack: offsets and status tables, alerts, alarms, the dashboard and the Connect REST API. */
import { App, Aspects } from 'aws-cdk-lib'
import { Match, Template } from 'aws-cdk-lib/assertions'
import { AwsSolutionsChecks } from 'cdk-nag'
import { beforeAll, describe, expect, it } from 'vitest'
import { PlatformStack } from '../../../infra/stacks/platform-stack.js'
import { actionsOf, nagErrors, policyStatements, resourcesOf } from './fixtures.js'

function synthPlatform(props: { restApi?: boolean } = {}) {
  const app = new App({ builtinCloudFormationValidation: false })
  const stack = new PlatformStack(app, 'connectless-platform', props)
  Aspects.of(app).add(new AwsSolutionsChecks())
  const artifact = app.synth().getStackByName(stack.stackName)
  return { template: Template.fromJSON(artifact.template), artifact }
}

describe('the platform stack', () => {
  let synth: ReturnType<typeof synthPlatform>
  beforeAll(() => {
    synth = synthPlatform()
  })

  it('keeps offsets and status in on-demand pk/sk tables with point-in-time recovery, retained with the stack', () => {
    const tables = synth.template.findResources('AWS::DynamoDB::GlobalTable')
    expect(Object.keys(tables)).toHaveLength(2)
    for (const table of Object.values(tables)) {
      expect(table).toMatchObject({
        DeletionPolicy: 'Retain',
        Properties: {
          BillingMode: 'PAY_PER_REQUEST',
          KeySchema: [
            { AttributeName: 'pk', KeyType: 'HASH' },
            { AttributeName: 'sk', KeyType: 'RANGE' },
          ],
          AttributeDefinitions: [
            { AttributeName: 'pk', AttributeType: 'S' },
            { AttributeName: 'sk', AttributeType: 'S' },
          ],
          Replicas: [{ PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true } }],
        },
      })
    }
  })

  it('has an encrypted alert queue that refuses requests without TLS', () => {
    synth.template.hasResourceProperties('AWS::SQS::Queue', { SqsManagedSseEnabled: true })
    synth.template.hasResourceProperties('AWS::SQS::QueuePolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
        ]),
      },
    })
  })

  it('alarms on a waiting dead-letter alert, notifying an encrypted SNS topic that CloudWatch may publish to', () => {
    synth.template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Namespace: 'AWS/SQS',
      MetricName: 'ApproximateNumberOfMessagesVisible',
      Threshold: 1,
      AlarmActions: [{ Ref: Match.stringLikeRegexp('AlarmTopic') }],
    })
    synth.template.hasResourceProperties('AWS::SNS::Topic', { KmsMasterKeyId: Match.anyValue() })
    synth.template.hasResourceProperties('AWS::KMS::Key', {
      EnableKeyRotation: true,
      KeyPolicy: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Principal: { Service: 'cloudwatch.amazonaws.com' },
            Action: ['kms:Decrypt', 'kms:GenerateDataKey*'],
          }),
        ]),
      },
    })
  })

  it('has a dashboard of every connector, a schedule group for the source tasks, and no runtime layer', () => {
    synth.template.resourceCountIs('AWS::CloudWatch::Dashboard', 1)
    synth.template.resourceCountIs('AWS::Scheduler::ScheduleGroup', 1)
    synth.template.resourceCountIs('AWS::Lambda::LayerVersion', 0)
  })

  it('exports every value a connector stack may import', () => {
    const exported = Object.values(synth.template.toJSON().Outputs as Record<string, { Value: unknown }>).map((o) =>
      JSON.stringify(o.Value),
    )
    for (const attribute of ['OffsetsTable', 'StatusTable', 'AlertQueue', 'AlarmTopic']) {
      expect(
        exported.some((v) => v.includes(attribute)),
        attribute,
      ).toBe(true)
    }
    expect(exported).toHaveLength(7)
  })

  it('serves the Connect REST API over HTTP with IAM authorization on every route', () => {
    synth.template.hasResourceProperties('AWS::ApiGatewayV2::Api', { ProtocolType: 'HTTP' })
    for (const route of ['ANY /', 'ANY /{proxy+}']) {
      synth.template.hasResourceProperties('AWS::ApiGatewayV2::Route', {
        RouteKey: route,
        AuthorizationType: 'AWS_IAM',
      })
    }
    synth.template.hasResourceProperties('AWS::ApiGatewayV2::Stage', {
      StageName: '$default',
      AccessLogSettings: { DestinationArn: Match.anyValue() },
    })
    synth.template.hasResourceProperties('AWS::Lambda::Function', {
      Runtime: 'nodejs22.x',
      Architectures: ['arm64'],
      Environment: {
        Variables: Match.objectLike({
          CONNECTLESS_STATUS_TABLE: { Ref: Match.stringLikeRegexp('StatusTable') },
          CONNECTLESS_OFFSETS_TABLE: { Ref: Match.stringLikeRegexp('OffsetsTable') },
        }),
      },
    })
  })

  it('lets the REST API restart only functions tagged as connectors, and pass schedule roles only to the scheduler', () => {
    const statements = policyStatements(synth.template)
    const restart = statements.find((s) => actionsOf(s).includes('lambda:UpdateFunctionConfiguration'))
    expect(restart?.Condition).toEqual({ Null: { 'aws:ResourceTag/connectless:connector': 'false' } })
    const passRole = statements.find((s) => actionsOf(s).includes('iam:PassRole'))
    expect(passRole && resourcesOf(passRole)).toEqual(['arn:<AWS::Partition>:iam::<AWS::AccountId>:role/connectless/*'])
    expect(passRole?.Condition).toEqual({ StringEquals: { 'iam:PassedToService': 'scheduler.amazonaws.com' } })
  })

  it('has no cdk-nag finding left unsuppressed', () => {
    expect(nagErrors(synth.artifact)).toEqual([])
  })

  it('leaves the REST API out when told to', () => {
    const without = synthPlatform({ restApi: false })
    without.template.resourceCountIs('AWS::ApiGatewayV2::Api', 0)
    without.template.resourceCountIs('AWS::Lambda::Function', 0)
    without.template.resourceCountIs('AWS::DynamoDB::GlobalTable', 2)
  })
})
