/**
 * The JSON bodies of Kafka Connect's REST API (Connect's `runtime/rest/entities`), field for field
 * as Connect 4.4 serialises them: snake_case keys, key order as Jackson writes them.
 */
import type { ConnectorType, State } from '../status/state.js'

/** `GET /`: Connect's `ServerInfo`. */
export interface ServerInfo {
  readonly version: string
  readonly commit: string
  readonly kafka_cluster_id: string | null
}

/** `GET /health` (Connect 3.9+): Connect's `WorkerStatus`. */
export interface WorkerStatus {
  readonly status: 'healthy' | 'starting' | 'unhealthy'
  readonly message: string
}

/** A task's id: Connect's `ConnectorTaskId` as JSON. */
export interface ConnectorTaskId {
  readonly connector: string
  readonly task: number
}

/** `GET /connectors/{name}`: Connect's `ConnectorInfo`. */
export interface ConnectorInfo {
  readonly name: string
  readonly config: Readonly<Record<string, string>>
  readonly tasks: readonly ConnectorTaskId[]
  readonly type: ConnectorType
}

/** The connector part of a status: Connect's `ConnectorStateInfo.ConnectorState`. */
export interface ConnectorState {
  readonly state: State
  readonly worker_id: string
  /** The plugin's version (Connect 4.x); `null` when unknown. */
  readonly version?: string | null
  /** The stack trace of the failure; present only when there is one. */
  readonly trace?: string
}

/** One task of a status, and `GET /connectors/{name}/tasks/{id}/status`: Connect's `TaskState`. */
export interface TaskState {
  readonly id: number
  readonly state: State
  readonly worker_id: string
  readonly version?: string | null
  readonly trace?: string
}

/** `GET /connectors/{name}/status`: Connect's `ConnectorStateInfo`. */
export interface ConnectorStateInfo {
  readonly name: string
  readonly connector: ConnectorState
  readonly tasks: readonly TaskState[]
  readonly type: ConnectorType
}

/** One element of `GET /connectors/{name}/tasks`: Connect's `TaskInfo`. */
export interface TaskInfo {
  readonly id: ConnectorTaskId
  readonly config: Readonly<Record<string, string>>
}

/** The value of `GET /connectors/{name}/topics` under the connector's name: Connect's `ActiveTopicsInfo`. */
export interface ActiveTopicsInfo {
  readonly topics: readonly string[]
}

/** A source partition, source offset, or a sink's `{kafka_topic, kafka_partition}` / `{kafka_offset}`. */
export type OffsetMap = Readonly<Record<string, unknown>>

/** One partition's offset: Connect's `ConnectorOffset`. A `null` offset in a PATCH resets the partition. */
export interface ConnectorOffset {
  readonly partition: OffsetMap
  readonly offset: OffsetMap | null
}

/** `GET`/`PATCH /connectors/{name}/offsets`: Connect's `ConnectorOffsets`. */
export interface ConnectorOffsets {
  readonly offsets: readonly ConnectorOffset[]
}

/** A plain message answer (`PATCH`/`DELETE …/offsets`): Connect's `Message`. */
export interface Message {
  readonly message: string
}

/** The plugin types `GET /connector-plugins` reports: Connect's `PluginType` names. */
export type PluginType = 'sink' | 'source' | 'transformation' | 'predicate' | 'converter' | 'header_converter'

/** One element of `GET /connector-plugins`: Connect's `PluginInfo` (no `version` key when it is unknown). */
export interface PluginInfo {
  readonly class: string
  readonly type: PluginType
  readonly version?: string
}

/**
 * A config key's definition: Connect's `ConfigKeyInfo`. Connect 4.4 writes the key's place in its group as
 * `order_in_group` (Connect 3.x wrote `order`).
 */
export interface ConfigKeyInfo {
  readonly name: string
  readonly type: string
  readonly required: boolean
  readonly default_value: string | null
  readonly importance: string
  readonly documentation: string
  readonly group: string | null
  readonly order_in_group: number
  readonly width: string
  readonly display_name: string
  readonly dependents: readonly string[]
}

/** A config value as validated: Connect's `ConfigValueInfo`; a secret's value is `[hidden]`. */
export interface ConfigValueInfo {
  readonly name: string
  readonly value: string | null
  readonly recommended_values: readonly string[]
  readonly errors: readonly string[]
  readonly visible: boolean
}

/** One key of a validation: Connect's `ConfigInfo`. */
export interface ConfigInfo {
  readonly definition: ConfigKeyInfo | null
  readonly value: ConfigValueInfo | null
}

/** `PUT /connector-plugins/{plugin}/config/validate`: Connect's `ConfigInfos`. */
export interface ConfigInfos {
  readonly name: string
  readonly error_count: number
  readonly groups: readonly string[]
  readonly configs: readonly ConfigInfo[]
}

/**
 * A connector's or task's record counts since the worker started (connectless, not in Connect, whose
 * workers expose these as JMX metrics): what `connectless status` prints.
 */
export interface RecordCounts {
  /** Records received (sink: `sink-record-read-total`) or polled (source: `source-record-poll-total`). */
  readonly records_read: number
  /** Records written to the sink's system (sink) or to Kafka (source: `source-record-write-total`). */
  readonly records_written: number
  /** Records a transform or predicate dropped. */
  readonly records_filtered: number
  /** Records that failed (`total-record-failures`), whether skipped, sent to the DLQ or failing the task. */
  readonly records_failed: number
  /** Records written to the dead letter queue (`deadletterqueue-produce-requests`). */
  readonly records_to_dlq: number
  /** Batches completed. */
  readonly batches: number
}

/** One task of `GET /connectors/{name}/metrics`. */
export interface TaskMetrics extends RecordCounts {
  readonly id: number
  readonly state: State
}

/** `GET /connectors/{name}/metrics` (connectless): the connector's totals and each task's counts. */
export interface ConnectorMetrics {
  readonly name: string
  readonly type: ConnectorType
  readonly connector: RecordCounts & { readonly state: State }
  readonly tasks: readonly TaskMetrics[]
}

/** Every error answer: Connect's `ErrorMessage`. */
export interface ErrorMessage {
  readonly error_code: number
  readonly message: string
}
