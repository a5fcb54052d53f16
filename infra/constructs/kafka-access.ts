/**
 * What a connector's role needs from Kafka, by the worker's authentication: with MSK IAM access
 * control, `kafka-cluster:*` actions on the cluster, the topics and the consumer group, by ARN; with
 * SCRAM, PLAIN or mutual TLS, read access to the event source mapping's secret; for every MSK cluster,
 * what an event source mapping needs to find the brokers.
 */
import { Fn, Token } from 'aws-cdk-lib'
import * as iam from 'aws-cdk-lib/aws-iam'
import type { IConstruct } from 'constructs'
import type { KafkaSettings } from '../worker/worker-settings.js'
import { resourceFinding, suppressNag } from './nag.js'

type ClusterResource = 'topic' | 'group'

/** The ARN of a topic or group of an MSK cluster: `…:cluster/<name>/<uuid>` becomes `…:topic/<name>/<uuid>/<topic>`. */
export function mskResourceArn(clusterArn: string, resource: ClusterResource, name: string): string {
  if (!Token.isUnresolved(clusterArn)) return `${clusterArn.replace(':cluster/', `:${resource}/`)}/${name}`
  const [head, tail] = [
    Fn.select(0, Fn.split(':cluster/', clusterArn)),
    Fn.select(1, Fn.split(':cluster/', clusterArn)),
  ]
  return Fn.join('', [head, `:${resource}/`, tail, `/${name}`])
}

export class KafkaAccess {
  constructor(private readonly kafka: KafkaSettings) {}

  /**
   * Lets a sink's event source mapping (which uses the function's role) read `topics` as `groupId`:
   * finding the brokers, the authentication secret, and with IAM access control the data-plane actions.
   */
  grantConsume(role: iam.Role, topics: readonly string[], groupId: string): void {
    const arn = this.kafka.mskClusterArn
    if (arn !== null) {
      role.addToPolicy(
        new iam.PolicyStatement({
          actions: ['kafka:DescribeCluster', 'kafka:DescribeClusterV2', 'kafka:GetBootstrapBrokers'],
          resources: [arn],
        }),
      )
      this.grantEventSourceNetwork(role)
    }
    this.grantSecrets(role)
    if (arn === null || this.kafka.auth.method !== 'IAM') return
    role.addToPolicy(
      new iam.PolicyStatement({
        actions: ['kafka-cluster:Connect', 'kafka-cluster:DescribeClusterDynamicConfiguration'],
        resources: [arn],
      }),
    )
    role.addToPolicy(
      new iam.PolicyStatement({
        actions: ['kafka-cluster:DescribeTopic', 'kafka-cluster:ReadData'],
        resources: topics.map((topic) => mskResourceArn(arn, 'topic', topic)),
      }),
    )
    role.addToPolicy(
      new iam.PolicyStatement({
        actions: ['kafka-cluster:DescribeGroup', 'kafka-cluster:AlterGroup'],
        resources: [mskResourceArn(arn, 'group', groupId)],
      }),
    )
  }

  /**
   * Lets a function produce to the topics `topicPatterns` name (exact names, or a prefix and `*`),
   * creating them where they do not exist, with the idempotent producer connectless uses. Only IAM
   * access control has data-plane permissions; other methods authenticate with credentials the
   * function reads through config provider references, granted with those.
   */
  grantProduce(role: iam.Role, topicPatterns: readonly string[]): void {
    const arn = this.kafka.mskClusterArn
    if (arn === null || this.kafka.auth.method !== 'IAM') return
    role.addToPolicy(
      new iam.PolicyStatement({
        actions: ['kafka-cluster:Connect', 'kafka-cluster:WriteDataIdempotently'],
        resources: [arn],
      }),
    )
    const topicArns = topicPatterns.map((topic) => mskResourceArn(arn, 'topic', topic))
    role.addToPolicy(
      new iam.PolicyStatement({
        actions: ['kafka-cluster:DescribeTopic', 'kafka-cluster:WriteData', 'kafka-cluster:CreateTopic'],
        resources: topicArns,
      }),
    )
    const wildcards = topicArns.filter((_, i) => topicPatterns[i]?.includes('*'))
    if (wildcards.length > 0) {
      suppressNag(
        role,
        'IAM5',
        "A source connector writes one topic per table, named topic.prefix + table (tables can be discovered at run time), so the function may write to the topics with the connector's prefix; where a transform routes records, to any topic of the cluster.",
        wildcards.map((topicArn) => resourceFinding(role, topicArn)),
      )
    }
  }

  /** The secrets an event source mapping reads: the one it authenticates with, and the brokers' root CA. */
  consumeSecretArns(): string[] {
    const auth = this.kafka.auth
    return [
      ...('secretArn' in auth ? [auth.secretArn] : []),
      ...(this.kafka.rootCaSecretArn === null ? [] : [this.kafka.rootCaSecretArn]),
    ]
  }

  /** The secret the event source mapping authenticates with, and the brokers' root CA. */
  private grantSecrets(role: iam.Role): void {
    const secrets = this.consumeSecretArns()
    if (secrets.length === 0) return
    role.addToPolicy(new iam.PolicyStatement({ actions: ['secretsmanager:GetSecretValue'], resources: secrets }))
  }

  /**
   * An MSK event source mapping creates network interfaces in the cluster's subnets with the
   * function's role (what AWSLambdaMSKExecutionRole grants, without its logs actions).
   */
  private grantEventSourceNetwork(role: iam.Role): void {
    role.addToPolicy(
      new iam.PolicyStatement({
        actions: [
          'ec2:CreateNetworkInterface',
          'ec2:DescribeNetworkInterfaces',
          'ec2:DescribeVpcs',
          'ec2:DeleteNetworkInterface',
          'ec2:DescribeSubnets',
          'ec2:DescribeSecurityGroups',
        ],
        resources: ['*'],
      }),
    )
    suppressNag(
      role as IConstruct,
      'IAM5',
      "The MSK event source mapping creates its network interfaces in the cluster's subnets, which the template does not know; EC2 Describe* actions support no resource scoping.",
      [resourceFinding(role, '*')],
    )
  }
}
