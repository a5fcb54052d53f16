/**
 * connectless's CDK constructs, for apps that deploy connectors their own way: the shared platform,
 * a sink connector, a JDBC source connector, and the readers that turn a worker `.properties` file and
 * a connector JSON into their props. infra/app.ts is the ready-made app built from these.
 *
 * @example
 * const worker = parseWorkerSettings(readFileSync('worker.properties', 'utf8'))
 * const platform = new ConnectPlatform(platformStack, 'Platform')
 * new KafkaSinkConnector(connectorStack, 'Orders', {
 *   platform,
 *   worker,
 *   connector: parseConnectorFile(readFileSync('s3-sink.json', 'utf8')),
 * })
 */

export { addConnectlessStacks, type ConnectlessAppOptions } from './connectless-app.js'
export { type ConnectorDefinition, connectorDefinitionOf, parseConnectorFile } from './connector/connector-file.js'
export type { ConnectorPlan, DeploymentFile, SinkPlan, SourcePlan } from './connector/connector-plan.js'
export { connectorStackName } from './connector/stack-name.js'
export { ConnectApi, type ConnectApiProps } from './constructs/connect-api.js'
export { ConnectPlatform, type ConnectPlatformProps, PlatformEnvironment } from './constructs/connect-platform.js'
export { ConnectorAlarms } from './constructs/connector-alarms.js'
export { ConnectorFunction } from './constructs/connector-function.js'
export { JdbcSourceConnector, type JdbcSourceConnectorProps } from './constructs/jdbc-source-connector.js'
export { KafkaSinkConnector, type KafkaSinkConnectorProps } from './constructs/kafka-sink-connector.js'
export { ConnectorStack, type ConnectorStackProps } from './stacks/connector-stack.js'
export { PLATFORM_STACK_NAME, PlatformStack, type PlatformStackProps } from './stacks/platform-stack.js'
export { workerConfigDef } from './worker/worker-config.js'
export {
  type KafkaAuth,
  type KafkaSettings,
  parseWorkerSettings,
  type VpcSettings,
  type WorkerSettings,
  workerSettingsOf,
} from './worker/worker-settings.js'
