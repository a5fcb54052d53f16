/**
 * A connector's entry in the status store's registry (layers/runtime/status/status-store.ts: `pk` =
 * `connectors`, `sk` = the connector's name) is written by its function at cold start, with the config
 * as deployed (provider references unresolved) and where it runs. This construct removes the entry
 * when the connector's stack is deleted, so that the Connect REST API no longer lists it (Connect's
 * `DELETE /connectors/<name>`).
 */
import { Stack } from 'aws-cdk-lib'
import * as cr from 'aws-cdk-lib/custom-resources'
import { Construct } from 'constructs'
import type { ConnectPlatform } from './connect-platform.js'
import { suppressNag } from './nag.js'

export interface ConnectorRegistrationProps {
  readonly platform: ConnectPlatform
  readonly connector: string
}

// SingletonFunction's id for AwsCustomResource.PROVIDER_FUNCTION_UUID.
const PROVIDER_ID = `AWS${cr.AwsCustomResource.PROVIDER_FUNCTION_UUID.replaceAll('-', '')}`

export class ConnectorRegistration extends Construct {
  constructor(scope: Construct, id: string, props: ConnectorRegistrationProps) {
    super(scope, id)
    const { platform, connector } = props
    new cr.AwsCustomResource(this, 'Deregister', {
      onDelete: {
        service: 'DynamoDB',
        action: 'deleteItem',
        parameters: { TableName: platform.statusTable.tableName, Key: platform.registryKey(connector) },
      },
      policy: cr.AwsCustomResourcePolicy.fromStatements([platform.deregistrationStatement()]),
      installLatestAwsSdk: false,
    })
    const provider = Stack.of(this).node.tryFindChild(PROVIDER_ID)
    if (provider !== undefined) {
      suppressNag(
        provider,
        'IAM4',
        'CDK creates the AwsCustomResource provider function with the AWS basic execution role: CloudWatch Logs only.',
        ['Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole'],
      )
    }
  }
}
