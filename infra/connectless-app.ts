/**
 * The stacks of one `cdk synth`/`cdk deploy`: the shared platform stack and one connector's stack,
 * which depends on it, both checked by cdk-nag's AWS Solutions rules. Both deploy in the MSK
 * cluster's region where the worker names a cluster, else in the CLI's default environment.
 */
import { type App, Aspects, Token } from 'aws-cdk-lib'
import { AwsSolutionsChecks } from 'cdk-nag'
import type { ConnectorDefinition } from './connector/connector-file.js'
import { connectorStackName } from './connector/stack-name.js'
import { ConnectorStack } from './stacks/connector-stack.js'
import { PLATFORM_STACK_NAME, PlatformStack } from './stacks/platform-stack.js'
import type { WorkerSettings } from './worker/worker-settings.js'

export interface ConnectlessAppOptions {
  readonly worker: WorkerSettings
  readonly connector: ConnectorDefinition
  /** @default - served when functions/connect-api/handler.ts exists */
  readonly restApi?: boolean
  /** Warnings found before synth (the transform chain check). */
  readonly warnings?: readonly string[]
}

function regionOf(arn: string | null): string | undefined {
  if (arn === null || Token.isUnresolved(arn)) return undefined
  return arn.split(':')[3]
}

// Connector stacks import the platform's table names and queue through CloudFormation exports, which
// CloudFormation keeps from changing while a connector uses them: the safe default, made explicit.
const CROSS_STACK_REFERENCES = '@aws-cdk/core:defaultCrossStackReferences'

export function addConnectlessStacks(
  app: App,
  options: ConnectlessAppOptions,
): { platform: PlatformStack; connector: ConnectorStack } {
  if (app.node.tryGetContext(CROSS_STACK_REFERENCES) === undefined)
    app.node.setContext(CROSS_STACK_REFERENCES, 'strong')
  const env = {
    account: process.env['CDK_DEFAULT_ACCOUNT'],
    region: regionOf(options.worker.kafka.mskClusterArn) ?? process.env['CDK_DEFAULT_REGION'],
  }
  const platform = new PlatformStack(app, PLATFORM_STACK_NAME, {
    env,
    ...(options.restApi === undefined ? {} : { restApi: options.restApi }),
  })
  const connector = new ConnectorStack(app, connectorStackName(options.connector.name), {
    env,
    platform: platform.platform,
    worker: options.worker,
    connector: options.connector,
    ...(options.warnings === undefined ? {} : { warnings: options.warnings }),
  })
  connector.addStackDependency(platform)
  Aspects.of(app).add(new AwsSolutionsChecks())
  return { platform, connector }
}
