/**
 * The Connect REST API's backend in the standalone runner: connectors, statuses and counts from the
 * {@link StandaloneWorker}, offsets from its offset stores and the sinks' consumer groups. Config
 * writes create, replace and delete connectors in memory, as Connect's standalone herder does (they
 * are not written back to the connector files).
 */

import { ConfigException } from '../../layers/runtime/errors.js'
import { kafkaClusterId } from '../../layers/runtime/kafka/client.js'
import type {
  ConnectApiBackend,
  ConnectorConfigWrite,
  ConnectorDescription,
  ConnectorStatus,
  OffsetsChange,
  PluginDescription,
  RestartPlan,
} from '../../layers/runtime/rest/backend.js'
import { sinkConnectorOffset } from '../../layers/runtime/rest/connector-offsets.js'
import type {
  ConnectorMetrics,
  ConnectorOffset,
  Message,
  OffsetMap,
  ServerInfo,
} from '../../layers/runtime/rest/entities.js'
import { BadRequestException } from '../../layers/runtime/rest/rest-exception.js'
import { CONNECTLESS_VERSION, serverInfo } from '../../layers/runtime/rest/server-info.js'
import { storableConfig } from '../../layers/runtime/status/registration.js'
import type { TargetState } from '../../layers/runtime/status/state.js'
import type { StandaloneWorker } from './worker.js'

/** A value a JSON answer can carry: a bigint (a Java long beyond 2^53) as a number. */
function jsonSafe(map: OffsetMap): OffsetMap {
  const out: Record<string, unknown> = {}
  for (const [k, v] of Object.entries(map)) out[k] = typeof v === 'bigint' ? Number(v) : v
  return out
}

/** A config problem is the client's: Connect answers 400. */
async function asBadRequest<T>(op: () => Promise<T>): Promise<T> {
  try {
    return await op()
  } catch (e) {
    if (e instanceof ConfigException) throw new BadRequestException(e.message, { cause: e })
    throw e
  }
}

export class StandaloneBackend implements ConnectApiBackend {
  #clusterId: Promise<string | null> | null = null

  constructor(private readonly worker: StandaloneWorker) {}

  async serverInfo(): Promise<ServerInfo> {
    this.#clusterId ??= kafkaClusterId(this.worker.kafka).catch(() => {
      this.#clusterId = null
      return null
    })
    return serverInfo(await this.#clusterId)
  }

  async connectorNames(): Promise<readonly string[]> {
    return this.worker.names()
  }

  async connector(name: string): Promise<ConnectorDescription | null> {
    const e = this.worker.find(name)
    if (!e) return null
    return {
      name,
      // as stored: placeholders unresolved, a literal secret hidden
      config: storableConfig(e.config),
      type: e.kind,
      targetState: e.target,
      tasks: e.tasks.map((t) => ({ id: t.id, config: t.config })),
    }
  }

  async connectorStatus(name: string): Promise<ConnectorStatus | null> {
    const e = this.worker.find(name)
    if (!e) return null
    const workerId = this.worker.workerId
    return {
      connector: { state: e.state, workerId, trace: e.trace, version: CONNECTLESS_VERSION },
      tasks: e.tasks.map((t) => ({ id: t.id, state: t.state, workerId, trace: t.trace, version: CONNECTLESS_VERSION })),
    }
  }

  async activeTopics(name: string): Promise<readonly string[]> {
    return [...(this.worker.find(name)?.topics ?? [])].sort()
  }

  async resetActiveTopics(name: string): Promise<void> {
    this.worker.find(name)?.topics.clear()
  }

  async setTargetState(connector: ConnectorDescription, target: TargetState): Promise<void> {
    await this.worker.setTargetState(connector.name, target)
  }

  async restart(connector: ConnectorDescription, plan: RestartPlan): Promise<void> {
    await this.worker.restart(connector.name, plan)
  }

  async offsets(connector: ConnectorDescription): Promise<readonly ConnectorOffset[]> {
    const { offsets } = this.worker
    if (connector.type === 'source') {
      return (await offsets.source(connector.name).list()).map(({ partition, offset }) => ({
        partition: jsonSafe(partition),
        offset: jsonSafe(offset),
      }))
    }
    return (await offsets.sinkPositions(connector.name)).map((o) => sinkConnectorOffset(o.topic, o.partition, o.offset))
  }

  async alterOffsets(connector: ConnectorDescription, change: OffsetsChange): Promise<Message | undefined> {
    if (change.type === 'sink') await this.worker.offsets.alterSink(connector.name, change.offsets)
    else await this.worker.offsets.alterSource(connector.name, change.offsets)
    // the framework's offsets are all there is: Connect's answer
    return undefined
  }

  async resetOffsets(connector: ConnectorDescription): Promise<Message | undefined> {
    if (connector.type === 'sink') await this.worker.offsets.resetSink(connector.name)
    else await this.worker.offsets.resetSource(connector.name)
    return undefined
  }

  plugins(): readonly PluginDescription[] {
    return this.worker.plugins()
  }

  async putConnectorConfig(write: ConnectorConfigWrite): Promise<{ readonly created: boolean }> {
    return asBadRequest(() => this.worker.putConfig(write.name, { ...write.config }, write.initialState))
  }

  async deleteConnector(name: string): Promise<void> {
    await this.worker.remove(name)
  }

  async connectorMetrics(name: string): Promise<ConnectorMetrics | null> {
    const e = this.worker.find(name)
    if (!e) return null
    const counts = this.worker.counts(name)
    return {
      name,
      type: e.kind,
      connector: { state: e.state, ...counts.total },
      tasks: counts.tasks.map((t) => ({ id: t.id, state: t.state, ...t.counts })),
    }
  }
}
