/**
 * The Connect API's backend on AWS: connectors and their status from the DynamoDB status store,
 * offsets from the DynamoDB offset stores, pause/resume/stop/restart through {@link ConnectorControl}
 * (event source mappings, schedules, the function). Connector configs are deployed as code, so the
 * API does not write them (no `putConnectorConfig`: config writes answer 405).
 */
import { NotFoundException } from '../../layers/runtime/errors.js'
import { SinkOffsetStore, SourceOffsetStore } from '../../layers/runtime/offsets/offset-store.js'
import type {
  ConnectApiBackend,
  ConnectorDescription,
  ConnectorStatus,
  OffsetsChange,
  PluginDescription,
  RestartPlan,
} from '../../layers/runtime/rest/backend.js'
import { sinkConnectorOffset } from '../../layers/runtime/rest/connector-offsets.js'
import type { ConnectorOffset, Message } from '../../layers/runtime/rest/entities.js'
import { serverInfo } from '../../layers/runtime/rest/server-info.js'
import { State, TargetState } from '../../layers/runtime/status/state.js'
import type { StatusStore, StoredConnector, StoredStatus } from '../../layers/runtime/status/status-store.js'
import type { ConnectorControl } from './aws-control.js'

/**
 * What `PATCH`/`DELETE …/offsets` answer for a sink: connectless's offset store moved, but the event
 * source mapping keeps its own consumer group position, which only Kafka tools move.
 */
export const SINK_OFFSETS_ALTERED: Message = {
  message:
    "The offsets for this connector have been altered successfully in connectless's offset store: records before them are skipped. The event source mapping keeps its consumer group's position, so records it has already passed are not delivered again; to reprocess them, also reset the consumer group's offsets (kafka-consumer-groups.sh --reset-offsets) while the connector is stopped.",
}

export const SINK_OFFSETS_RESET: Message = {
  message:
    "The offsets for this connector have been reset successfully in connectless's offset store. The event source mapping keeps its consumer group's position, so records it has already passed are not delivered again; to reprocess them, also reset the consumer group's offsets (kafka-consumer-groups.sh --reset-offsets) while the connector is stopped.",
}

export interface AwsBackendOptions {
  readonly store: StatusStore
  readonly control: ConnectorControl
  readonly plugins: () => readonly PluginDescription[]
  readonly sinkOffsets?: (connector: string) => SinkOffsetStore
  readonly sourceOffsets?: (connector: string) => SourceOffsetStore
  /** `kafka_cluster_id` of `GET /` (default: `CONNECTLESS_KAFKA_CLUSTER_ID`). */
  readonly kafkaClusterId?: string | null
}

const range = (n: number) => Array.from({ length: Math.max(0, n) }, (_, i) => i)

export class AwsConnectBackend implements ConnectApiBackend {
  readonly #store: StatusStore
  readonly #control: ConnectorControl
  readonly #plugins: () => readonly PluginDescription[]
  readonly #sinkOffsets: (connector: string) => SinkOffsetStore
  readonly #sourceOffsets: (connector: string) => SourceOffsetStore
  readonly #kafkaClusterId: string | null

  constructor(options: AwsBackendOptions) {
    this.#store = options.store
    this.#control = options.control
    this.#plugins = options.plugins
    this.#sinkOffsets = options.sinkOffsets ?? ((c) => new SinkOffsetStore(c))
    this.#sourceOffsets = options.sourceOffsets ?? ((c) => new SourceOffsetStore(c))
    this.#kafkaClusterId = options.kafkaClusterId ?? process.env['CONNECTLESS_KAFKA_CLUSTER_ID'] ?? null
  }

  async serverInfo() {
    return serverInfo(this.#kafkaClusterId)
  }

  async connectorNames(): Promise<string[]> {
    return (await this.#store.connectors()).map((c) => c.name)
  }

  async connector(name: string): Promise<ConnectorDescription | null> {
    const stored = await this.#store.connector(name)
    return stored ? describe(stored) : null
  }

  async connectorStatus(name: string): Promise<ConnectorStatus | null> {
    const [stored, status] = await Promise.all([this.#store.connector(name), this.#store.status(name)])
    if (!status.connector) return null
    const worker = (s: StoredStatus) => s.workerId || stored?.functionName || ''
    const instance = (s: StoredStatus) => ({
      state: s.state,
      workerId: worker(s),
      trace: s.trace,
      version: s.version ?? stored?.version ?? null,
    })
    // a stopped connector has no tasks, as in Connect
    const stopped = stored?.targetState === TargetState.STOPPED
    return {
      connector: instance(status.connector),
      tasks: stopped
        ? []
        : status.tasks
            // a redeploy with fewer tasks leaves the old tasks' statuses behind
            .filter((t) => t.state !== State.STOPPED && (stored === null || t.id < stored.tasks))
            .map((t) => ({ id: t.id, ...instance(t) })),
    }
  }

  async activeTopics(name: string): Promise<readonly string[]> {
    return (await this.#store.status(name)).topics
  }

  async resetActiveTopics(name: string): Promise<void> {
    await this.#store.resetTopics(name)
  }

  async setTargetState(connector: ConnectorDescription, target: TargetState): Promise<void> {
    const stored = await this.#stored(connector.name)
    await this.#control.setTargetState(stored, target)
    await this.#store.setTargetState(connector.name, target)
  }

  async restart(connector: ConnectorDescription, plan: RestartPlan): Promise<void> {
    const stored = await this.#stored(connector.name)
    await this.#control.restart(stored)
    await this.#store.markRestarting(connector.name, plan)
  }

  async offsets(connector: ConnectorDescription): Promise<readonly ConnectorOffset[]> {
    if (connector.type === 'source') {
      return (await this.#sourceOffsets(connector.name).list()).map(({ partition, offset }) => ({ partition, offset }))
    }
    const committed = await this.#sinkOffsets(connector.name).list()
    committed.sort((a, b) => (a.topic < b.topic ? -1 : a.topic > b.topic ? 1 : a.partition - b.partition))
    return committed.map((o) => sinkConnectorOffset(o.topic, o.partition, o.offset))
  }

  async alterOffsets(connector: ConnectorDescription, change: OffsetsChange): Promise<Message | undefined> {
    if (change.type === 'sink') {
      const store = this.#sinkOffsets(connector.name)
      for (const { topic, partition, offset } of change.offsets) {
        // the connector is stopped, so nothing commits meanwhile: reset, then commit the new position
        // (a commit alone never moves an offset backwards)
        await store.reset(topic, partition)
        if (offset !== null) await store.commit(topic, partition, offset)
      }
      return SINK_OFFSETS_ALTERED
    }
    const store = this.#sourceOffsets(connector.name)
    for (const { partition, offset } of change.offsets) {
      if (offset === null) await store.delete(partition)
      else await store.put(partition, offset)
    }
    return undefined
  }

  async resetOffsets(connector: ConnectorDescription): Promise<Message | undefined> {
    if (connector.type === 'source') {
      const store = this.#sourceOffsets(connector.name)
      for (const { partition } of await store.list()) await store.delete(partition)
      return undefined
    }
    const store = this.#sinkOffsets(connector.name)
    for (const { topic, partition } of await store.list()) await store.reset(topic, partition)
    return SINK_OFFSETS_RESET
  }

  plugins(): readonly PluginDescription[] {
    return this.#plugins()
  }

  async #stored(name: string): Promise<StoredConnector> {
    const stored = await this.#store.connector(name)
    if (!stored) throw new NotFoundException(`Connector ${name} not found`)
    return stored
  }
}

function describe(stored: StoredConnector): ConnectorDescription {
  const tasks = stored.targetState === TargetState.STOPPED ? [] : range(stored.tasks)
  return {
    name: stored.name,
    config: stored.config,
    type: stored.type,
    targetState: stored.targetState,
    tasks: tasks.map((id) => ({ id, config: stored.config })),
  }
}
