/** A ConnectApiBackend in memory for the REST core's tests: connectors, statuses and offsets in maps. */
import { field } from '../../../layers/runtime/config/config-key.js'
import { defineConfig } from '../../../layers/runtime/config/definition.js'
import { atLeast } from '../../../layers/runtime/config/validators.js'
import type {
  ConnectApiBackend,
  ConnectorConfigWrite,
  ConnectorDescription,
  ConnectorStatus,
  OffsetsChange,
  PluginDescription,
  RestartPlan,
  TaskStatus,
} from '../../../layers/runtime/rest/backend.js'
import { sinkConnectorOffset } from '../../../layers/runtime/rest/connector-offsets.js'
import type { ConnectorOffset, Message } from '../../../layers/runtime/rest/entities.js'
import { serverInfo } from '../../../layers/runtime/rest/server-info.js'
import { type State, TargetState } from '../../../layers/runtime/status/state.js'

export const SINK_CLASS = 'io.example.RefSinkConnector'
export const SOURCE_CLASS = 'io.example.RefSourceConnector'

/** A sink connector definition like the reference plugin the recorded Connect exchanges used. */
export const refSinkConfig = defineConfig({
  'ref.url': field.string({
    doc: 'Where to write.',
    importance: 'HIGH',
    group: 'Connection',
    orderInGroup: 1,
    displayName: 'URL',
  }),
  'ref.password': field.password({
    doc: 'The password.',
    default: null,
    group: 'Connection',
    orderInGroup: 2,
    displayName: 'Password',
  }),
  'ref.batch': field.int({ doc: 'Batch size.', default: 10, validator: atLeast(1), importance: 'LOW' }),
  'ref.ratio': field.double({ doc: 'A ratio.', default: 1, importance: 'LOW' }),
  'ref.token': field.string({ doc: 'A token.', default: null, secret: true, importance: 'LOW' }),
})

export const refPlugins: PluginDescription[] = [
  { className: SINK_CLASS, type: 'sink', version: '1.2.3', configDef: refSinkConfig },
  { className: SOURCE_CLASS, type: 'source', version: '1.2.3' },
  { className: 'org.apache.kafka.connect.transforms.Cast$Value', type: 'transformation', version: null },
]

interface Stored {
  config: Record<string, string>
  type: 'sink' | 'source'
  target: TargetState
  tasks: number
  connector: { state: State; trace: string | null } | null
  taskStates: Map<number, { state: State; trace: string | null }>
  topics: string[]
}

export class MemoryBackend implements ConnectApiBackend {
  readonly connectors = new Map<string, Stored>()
  readonly sinkOffsets = new Map<string, Map<string, { topic: string; partition: number; offset: number }>>()
  readonly sourceOffsets = new Map<string, Map<string, ConnectorOffset>>()
  readonly calls: string[] = []
  plugins: () => readonly PluginDescription[] = () => refPlugins
  putConnectorConfig?: (write: ConnectorConfigWrite) => Promise<{ created: boolean }>
  deleteConnector?: (name: string) => Promise<void>

  add(
    name: string,
    options: { type?: 'sink' | 'source'; tasks?: number; target?: TargetState; config?: Record<string, string> } = {},
  ): this {
    const tasks = options.tasks ?? 1
    this.connectors.set(name, {
      config: options.config ?? {
        'connector.class': options.type === 'source' ? SOURCE_CLASS : SINK_CLASS,
        'tasks.max': String(tasks),
        name,
      },
      type: options.type ?? 'sink',
      target: options.target ?? TargetState.STARTED,
      tasks,
      connector: { state: 'RUNNING', trace: null },
      taskStates: new Map(Array.from({ length: tasks }, (_, i) => [i, { state: 'RUNNING' as State, trace: null }])),
      topics: [],
    })
    return this
  }

  /** Allows config writes, kept in memory. */
  writable(): this {
    this.putConnectorConfig = async (write) => {
      const created = !this.connectors.has(write.name)
      const existing = this.connectors.get(write.name)
      if (existing) existing.config = { ...write.config }
      else {
        this.add(write.name, { config: { ...write.config }, target: write.initialState ?? TargetState.STARTED })
      }
      this.calls.push(`put ${write.name} ${write.initialState ?? ''}`.trim())
      return { created }
    }
    this.deleteConnector = async (name) => {
      this.connectors.delete(name)
      this.calls.push(`delete ${name}`)
    }
    return this
  }

  get(name: string): Stored {
    const c = this.connectors.get(name)
    if (!c) throw new Error(`no connector ${name} in the test backend`)
    return c
  }

  async serverInfo() {
    return serverInfo('cluster-1')
  }

  async connectorNames() {
    return [...this.connectors.keys()]
  }

  async connector(name: string): Promise<ConnectorDescription | null> {
    const c = this.connectors.get(name)
    if (!c) return null
    const tasks = c.target === TargetState.STOPPED ? [] : Array.from({ length: c.tasks }, (_, id) => id)
    return {
      name,
      config: c.config,
      type: c.type,
      targetState: c.target,
      tasks: tasks.map((id) => ({ id, config: c.config })),
    }
  }

  async connectorStatus(name: string): Promise<ConnectorStatus | null> {
    const c = this.connectors.get(name)
    if (!c?.connector) return null
    const tasks: TaskStatus[] = [...c.taskStates].map(([id, t]) => ({
      id,
      state: t.state,
      workerId: 'worker-1',
      trace: t.trace,
      version: '1.2.3',
    }))
    return {
      connector: { state: c.connector.state, workerId: 'worker-1', trace: c.connector.trace, version: '1.2.3' },
      tasks: c.target === TargetState.STOPPED ? [] : tasks,
    }
  }

  async activeTopics(name: string) {
    return this.connectors.get(name)?.topics ?? []
  }

  async resetActiveTopics(name: string) {
    this.calls.push(`reset topics ${name}`)
    const c = this.connectors.get(name)
    if (c) c.topics = []
  }

  async setTargetState(connector: ConnectorDescription, target: TargetState) {
    this.calls.push(`target ${connector.name} ${target}`)
    this.get(connector.name).target = target
  }

  async restart(connector: ConnectorDescription, plan: RestartPlan) {
    this.calls.push(`restart ${connector.name} connector=${plan.connector} tasks=${plan.tasks.join(',')}`)
  }

  async offsets(connector: ConnectorDescription): Promise<ConnectorOffset[]> {
    if (connector.type === 'source') return [...(this.sourceOffsets.get(connector.name)?.values() ?? [])]
    return [...(this.sinkOffsets.get(connector.name)?.values() ?? [])].map((o) =>
      sinkConnectorOffset(o.topic, o.partition, o.offset),
    )
  }

  async alterOffsets(connector: ConnectorDescription, change: OffsetsChange): Promise<Message | undefined> {
    this.calls.push(`alter ${connector.name} ${JSON.stringify(change)}`)
    if (change.type === 'sink') {
      const map = this.sinkOffsets.get(connector.name) ?? new Map()
      for (const o of change.offsets) {
        const key = `${o.topic}-${o.partition}`
        if (o.offset === null) map.delete(key)
        else map.set(key, { topic: o.topic, partition: o.partition, offset: o.offset })
      }
      this.sinkOffsets.set(connector.name, map)
    }
    return undefined
  }

  async resetOffsets(connector: ConnectorDescription): Promise<Message | undefined> {
    this.calls.push(`reset offsets ${connector.name}`)
    this.sinkOffsets.delete(connector.name)
    this.sourceOffsets.delete(connector.name)
    return undefined
  }
}
