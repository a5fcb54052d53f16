/** One connector's stack, named after the connector: a sink's function and event sources, or a source's function and schedules. */
import { Stack, type StackProps } from 'aws-cdk-lib'
import type { Construct } from 'constructs'
import type { ConnectorDefinition } from '../connector/connector-file.js'
import { findConnectorPlugin } from '../connector/connector-plugins.js'
import { connectorStackName } from '../connector/stack-name.js'
import type { ConnectPlatform } from '../constructs/connect-platform.js'
import { JdbcSourceConnector } from '../constructs/jdbc-source-connector.js'
import { KafkaSinkConnector } from '../constructs/kafka-sink-connector.js'
import { addWarnings } from '../constructs/warnings.js'
import type { WorkerSettings } from '../worker/worker-settings.js'

export interface ConnectorStackProps extends StackProps {
  readonly platform: ConnectPlatform
  readonly worker: WorkerSettings
  readonly connector: ConnectorDefinition
  /** Warnings found before the stack was made (the transform chain check), shown with the connector's. */
  readonly warnings?: readonly string[]
}

export class ConnectorStack extends Stack {
  readonly connector: KafkaSinkConnector | JdbcSourceConnector

  constructor(scope: Construct, id: string, props: ConnectorStackProps) {
    super(scope, id, {
      stackName: connectorStackName(props.connector.name),
      description: `connectless connector ${props.connector.name} (${props.connector.config['connector.class']})`,
      ...props,
    })
    const plugin = findConnectorPlugin(props.connector.config['connector.class'])
    const connectorProps = { platform: props.platform, worker: props.worker, connector: props.connector }
    this.connector =
      plugin.type === 'sink'
        ? new KafkaSinkConnector(this, 'Connector', connectorProps)
        : new JdbcSourceConnector(this, 'Connector', connectorProps)
    addWarnings(this, [...props.worker.warnings, ...(props.warnings ?? [])])
    if (connectorStackName(props.connector.name) !== props.connector.name) {
      addWarnings(this, [
        `The connector's stack is named ${this.stackName}: a stack name holds only letters, digits and hyphens.`,
      ])
    }
  }
}
