/** The platform stack: what every connector stack of an account and region depends on. */
import { Stack, type StackProps } from 'aws-cdk-lib'
import type { Construct } from 'constructs'
import { ConnectPlatform, type ConnectPlatformProps } from '../constructs/connect-platform.js'

/** The platform stack's name; every connector app shares it. */
export const PLATFORM_STACK_NAME = 'connectless-platform'

export interface PlatformStackProps extends StackProps, ConnectPlatformProps {}

export class PlatformStack extends Stack {
  readonly platform: ConnectPlatform

  constructor(scope: Construct, id: string, props: PlatformStackProps = {}) {
    super(scope, id, {
      stackName: PLATFORM_STACK_NAME,
      description: 'connectless: offsets, status, alerts and the Connect REST API',
      ...props,
    })
    const platform = new ConnectPlatform(this, 'Platform', {
      ...(props.restApi === undefined ? {} : { restApi: props.restApi }),
      ...(props.restApiEntry === undefined ? {} : { restApiEntry: props.restApiEntry }),
      ...(props.logRetention === undefined ? {} : { logRetention: props.logRetention }),
    })
    this.platform = platform
    // Every value a connector stack may use is exported, whichever connector this app deploys: each
    // connector app synthesizes the platform stack, and a deploy that dropped an export another
    // connector imports would fail. These are the exports CDK's references would create, by name.
    for (const value of [
      platform.offsetsTable.tableName,
      platform.offsetsTable.tableArn,
      platform.statusTable.tableName,
      platform.statusTable.tableArn,
      platform.alertQueue.queueUrl,
      platform.alertQueue.queueArn,
      platform.alarmTopic.topicArn,
    ]) {
      this.exportValue(value)
    }
  }
}
