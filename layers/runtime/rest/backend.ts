/**
 * What the REST API needs from where connectors live: the `ConnectApiBackend`. The REST core
 * (`connect-api.ts`) does everything Connect's resources and herder do on top of it — routing,
 * status codes and messages, `?expand`, restart plans, the STOPPED rule for offsets, parsing sink
 * offsets, config validation — so a backend only reads and moves state: DynamoDB and Lambda on AWS
 * (`functions/connect-api/`), memory and files in the standalone runner.
 */
import type { ConfigDef, ConfigKeys } from '../config/definition.js'
import type { ConfigProps } from '../config/parsed-config.js'
import type { ConnectorType, State, TargetState } from '../status/state.js'
import type { ConnectorMetrics, ConnectorOffset, Message, OffsetMap, PluginType, ServerInfo } from './entities.js'

/** A connector as its config store knows it. */
export interface ConnectorDescription {
  readonly name: string
  /** The config as stored: config provider placeholders (`${file:…}`) are not resolved. */
  readonly config: Readonly<Record<string, string>>
  readonly type: ConnectorType
  readonly targetState: TargetState
  /** The connector's tasks and the config each runs with; none while the connector is stopped. */
  readonly tasks: ReadonlyArray<{ readonly id: number; readonly config: Readonly<Record<string, string>> }>
}

/** A connector's or task's status as the status store has it. */
export interface InstanceStatus {
  readonly state: State
  /** Where it runs (Connect: `host:port` of the worker; on Lambda the function's name). */
  readonly workerId: string
  /** The stack trace of the last failure; `null` when there is none. */
  readonly trace: string | null
  /** The plugin's version; leave it out to leave the `version` key out. */
  readonly version?: string | null
}

export interface TaskStatus extends InstanceStatus {
  readonly id: number
}

export interface ConnectorStatus {
  readonly connector: InstanceStatus
  readonly tasks: readonly TaskStatus[]
}

/** Which instances a restart request restarts (Connect's `RestartPlan`). */
export interface RestartPlan {
  readonly connector: boolean
  readonly tasks: readonly number[]
}

/** A sink partition's new position; `offset` is the next offset to read, `null` resets the partition. */
export interface SinkOffsetChange {
  readonly topic: string
  readonly partition: number
  readonly offset: number | null
}

/** A source partition's new offset; `null` removes it. */
export interface SourceOffsetChange {
  readonly partition: OffsetMap
  readonly offset: OffsetMap | null
}

/** A validated `PATCH …/offsets` request. */
export type OffsetsChange =
  | { readonly type: 'sink'; readonly offsets: readonly SinkOffsetChange[] }
  | { readonly type: 'source'; readonly offsets: readonly SourceOffsetChange[] }

/** A plugin the API lists and validates against. */
export interface PluginDescription {
  readonly className: string
  readonly type: PluginType
  readonly version: string | null
  /** Names the plugin answers to besides Connect's own aliases (simple name, and without `Connector`). */
  readonly aliases?: readonly string[]
  /** The plugin's own keys; for a connector, without the keys every connector has. */
  readonly configDef?: ConfigDef<ConfigKeys>
  /** A connector's checks across keys (its `validate()`), errors by key. */
  readonly validate?: (
    props: ConfigProps,
  ) => ReadonlyArray<{ readonly name: string; readonly errors: readonly string[] }>
}

/** A connector config to create or replace (`POST /connectors`, `PUT`/`PATCH …/config`). */
export interface ConnectorConfigWrite {
  readonly name: string
  readonly config: Readonly<Record<string, string>>
  /** `POST /connectors` only: the state to create it in (Connect 3.7+ `initial_state`). */
  readonly initialState?: TargetState
}

export interface ConnectApiBackend {
  serverInfo(): Promise<ServerInfo>
  /** Every connector's name. */
  connectorNames(): Promise<readonly string[]>
  /** The connector, or `null` when there is none of that name. */
  connector(name: string): Promise<ConnectorDescription | null>
  /** Its status, or `null` when the status store has none. */
  connectorStatus(name: string): Promise<ConnectorStatus | null>
  /** The topics the connector has used (Connect's topic tracking); `[]` for an unknown connector. */
  activeTopics(name: string): Promise<readonly string[]>
  resetActiveTopics(name: string): Promise<void>
  /** Pause, resume or stop; idempotent. */
  setTargetState(connector: ConnectorDescription, target: TargetState): Promise<void>
  restart(connector: ConnectorDescription, plan: RestartPlan): Promise<void>
  /** The committed offsets; a sink's as `{kafka_topic, kafka_partition}` → `{kafka_offset}`. */
  offsets(connector: ConnectorDescription): Promise<readonly ConnectorOffset[]>
  /** Moves offsets of a stopped connector; a message replaces Connect's default answer. */
  alterOffsets(connector: ConnectorDescription, change: OffsetsChange): Promise<Message | undefined>
  resetOffsets(connector: ConnectorDescription): Promise<Message | undefined>
  /** The plugins installed. */
  plugins(): readonly PluginDescription[]
  /** Creates or replaces a connector config. Without it, the API refuses config writes. */
  putConnectorConfig?(write: ConnectorConfigWrite): Promise<{ readonly created: boolean }>
  /** Deletes a connector. Without it, the API refuses `DELETE /connectors/{name}`. */
  deleteConnector?(name: string): Promise<void>
  /**
   * The connector's record counts (connectless's `GET /connectors/{name}/metrics` and `?expand=metrics`),
   * `null` for an unknown connector. Without it (on AWS the numbers are in CloudWatch) the path is a 404.
   */
  connectorMetrics?(name: string): Promise<ConnectorMetrics | null>
}
