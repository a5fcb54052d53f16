/**
 * The Lambda function a connector runs in: Node.js 22 on arm64, bundled by the local esbuild (never
 * Docker) into one ESM file with the connector's deployment file beside it, its own log group with a
 * retention, and its own role.
 *
 * The function sees its role only through an immutable view, so integrations such as the Kafka event
 * sources cannot attach their broad AWS-managed policies (`AWSLambdaMSKExecutionRole`,
 * `AWSLambdaVPCAccessExecutionRole`) or grants of their own: every permission of a connector is a
 * statement the connector constructs add to {@link ConnectorFunction.role}, scoped to its resources.
 */

import { existsSync } from 'node:fs'
import { isAbsolute, join } from 'node:path'
import { type Duration, RemovalPolicy, Tags } from 'aws-cdk-lib'
import type * as ec2 from 'aws-cdk-lib/aws-ec2'
import * as iam from 'aws-cdk-lib/aws-iam'
import * as lambda from 'aws-cdk-lib/aws-lambda'
import { NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs'
import * as logs from 'aws-cdk-lib/aws-logs'
import { Construct } from 'constructs'
import type { DeploymentFile } from '../connector/connector-plan.js'
import { connectlessRoot } from '../paths.js'
import { BUNDLE_ALIASES, BUNDLE_TARGET, EXTERNAL_MODULES, REQUIRE_BANNER } from './bundle-options.js'
import { DeploymentFileHooks } from './deployment-package.js'
import { resourceFinding, suppressNag } from './nag.js'

/** Where a function runs in a VPC. */
export interface FunctionNetwork {
  readonly vpc: ec2.IVpc
  readonly subnets: readonly ec2.ISubnet[]
  readonly securityGroups: readonly ec2.ISecurityGroup[]
}

/** The tag naming the connector a function runs; the REST API may restart only functions that carry it. */
export const CONNECTOR_TAG = 'connectless:connector'

export interface ConnectorFunctionProps {
  /** The connector the function runs (tagged {@link CONNECTOR_TAG}); absent for the REST API. */
  readonly connector?: string
  /** The handler, absolute or relative to the connectless root. */
  readonly entry: string
  /** The file the function reads at cold start; absent for functions that serve no connector (the REST API). */
  readonly deployment?: DeploymentFile
  readonly description: string
  readonly environment: Readonly<Record<string, string>>
  /** @default - outside any VPC */
  readonly network?: FunctionNetwork
  /** @default - no reserved concurrency */
  readonly reservedConcurrentExecutions?: number
  readonly memorySize: number
  readonly timeout: Duration
  readonly logRetention: logs.RetentionDays
  /** @default - none */
  readonly layers?: readonly lambda.ILayerVersion[]
}

/** The absolute path of `entry`; throws naming the file when it does not exist. */
export function resolveEntry(entry: string): string {
  const path = isAbsolute(entry) ? entry : join(connectlessRoot, entry)
  if (!existsSync(path)) throw new Error(`The function entry ${path} does not exist`)
  return path
}

export class ConnectorFunction extends Construct {
  readonly function: NodejsFunction
  /** The function's role: add statements here (the function itself holds an immutable view of it). */
  readonly role: iam.Role
  readonly logGroup: logs.LogGroup

  constructor(scope: Construct, id: string, props: ConnectorFunctionProps) {
    super(scope, id)
    this.role = new iam.Role(this, 'Role', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: props.description,
    })
    this.logGroup = new logs.LogGroup(this, 'Logs', {
      retention: props.logRetention,
      removalPolicy: RemovalPolicy.DESTROY,
    })
    this.logGroup.grantWrite(this.role)
    const network = props.network
    this.function = new NodejsFunction(this, 'Function', {
      entry: resolveEntry(props.entry),
      projectRoot: connectlessRoot,
      depsLockFilePath: join(connectlessRoot, 'package-lock.json'),
      runtime: lambda.Runtime.NODEJS_22_X,
      architecture: lambda.Architecture.ARM_64,
      description: props.description,
      memorySize: props.memorySize,
      timeout: props.timeout,
      role: this.role.withoutPolicyUpdates(),
      logGroup: this.logGroup,
      environment: { ...props.environment },
      ...(props.reservedConcurrentExecutions === undefined
        ? {}
        : { reservedConcurrentExecutions: props.reservedConcurrentExecutions }),
      ...(props.layers === undefined ? {} : { layers: [...props.layers] }),
      ...(network === undefined
        ? {}
        : {
            vpc: network.vpc,
            vpcSubnets: { subnets: [...network.subnets] },
            securityGroups: [...network.securityGroups],
          }),
      bundling: {
        format: OutputFormat.ESM,
        target: BUNDLE_TARGET,
        minify: true,
        sourceMap: true,
        sourcesContent: false,
        externalModules: [...EXTERNAL_MODULES],
        banner: REQUIRE_BANNER,
        esbuildArgs: Object.fromEntries(Object.entries(BUNDLE_ALIASES).map(([from, to]) => [`--alias:${from}`, to])),
        forceDockerBundling: false,
        ...(props.deployment === undefined ? {} : { commandHooks: new DeploymentFileHooks(props.deployment) }),
      },
    })
    if (props.connector !== undefined) {
      Tags.of(this.function).add(CONNECTOR_TAG, props.connector.replace(/[^\w .:/=+\-@]/g, '-'))
    }
    // The function must not exist before its permissions do: an event source mapping checks them when it is created.
    this.function.node.addDependency(this.role)
    if (network !== undefined) this.grantNetworkInterfaces()
    suppressNag(
      this.function,
      'L1',
      'connectless targets the Node.js 22 Lambda runtime (nodejs22.x), the version it is built and tested on.',
    )
  }

  /** What AWSLambdaVPCAccessExecutionRole grants, written out: the ENIs a function in a VPC needs. */
  private grantNetworkInterfaces(): void {
    this.role.addToPolicy(
      new iam.PolicyStatement({
        actions: [
          'ec2:CreateNetworkInterface',
          'ec2:DescribeNetworkInterfaces',
          'ec2:DescribeSubnets',
          'ec2:DeleteNetworkInterface',
          'ec2:AssignPrivateIpAddresses',
          'ec2:UnassignPrivateIpAddresses',
        ],
        resources: ['*'],
      }),
    )
    suppressNag(
      this.role,
      'IAM5',
      'Lambda manages the network interfaces of a function in a VPC; EC2 Describe* actions support no resource scoping, and the interfaces do not exist before Lambda creates them.',
      [resourceFinding(this, '*')],
    )
  }
}
