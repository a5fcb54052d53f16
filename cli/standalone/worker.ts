/**
 * The standalone worker: connect-standalone.sh's counterpart. Sink connectors run through the local
 * event source emulator into the same handlers that run on Lambda; JDBC source connectors run their
 * tasks on their poll interval. Offsets go to DynamoDB where an AWS endpoint is configured, otherwise
 * to the file named by offset.storage.file.filename. A stop finishes the batch in hand, commits it,
 * and closes everything: no record is lost or delivered twice.
 *
 * It keeps what Connect's standalone herder keeps: each connector's config, target state (started,
 * paused, stopped), the state of the connector and of each task with the trace of the last failure,
 * the topics each used, and counts of the records each task read, wrote, filtered, failed and sent
 * to the dead letter queue. The REST API (rest-backend.ts) and the progress lines read them.
 */
import { dirname, resolve } from 'node:path'
import { allPlugins } from '../../functions/connect-api/plugins.js'
import { CONNECTOR_CLASSES as JDBC_SOURCE_CLASSES } from '../../functions/jdbc-source/source-runtime.js'
import { opensearchSinkPlugin } from '../../functions/opensearch-sink/index.js'
import { s3SinkPlugin } from '../../functions/s3-sink/index.js'
import type { ConfigProps } from '../../layers/runtime/config/parsed-config.js'
import { type ConnectorDeployment, resolveDeployment } from '../../layers/runtime/connector/deployment.js'
import { ConfigException, NotFoundException } from '../../layers/runtime/errors.js'
import type { KafkaClientConfig } from '../../layers/runtime/kafka/client.js'
import { logger } from '../../layers/runtime/logging.js'
import type { PluginDescription, RestartPlan } from '../../layers/runtime/rest/backend.js'
import { validateConnectorConfig } from '../../layers/runtime/rest/config-infos.js'
import { findPlugin } from '../../layers/runtime/rest/connector-plugins-resource.js'
import type { RecordCounts } from '../../layers/runtime/rest/entities.js'
import type { SinkConnectorPlugin } from '../../layers/runtime/sink/handler.js'
import { storableConfig } from '../../layers/runtime/status/registration.js'
import { State, TargetState } from '../../layers/runtime/status/state.js'
import { stackTrace } from '../../layers/runtime/tolerance/java-error.js'
import { StandaloneOffsets } from './offsets.js'
import { sinkAdminConfig, sinkClientConfigs } from './sink-clients.js'
import {
  type BatchCounts,
  ReadPositions,
  type RunningTask,
  type SourceTaskConfig,
  sourceTaskConfigs,
  startSinkTask,
  startSourceTask,
  type TaskHooks,
} from './tasks.js'

export interface ConnectorFile {
  readonly name: string
  readonly config: ConfigProps
  /** The file it came from: relative paths in it resolve from its directory. */
  readonly path: string
}

export type ConnectorKind = 'sink' | 'source'

/** Record counts since the worker started (kept across task restarts). */
export interface Counts {
  read: number
  written: number
  filtered: number
  failed: number
  toDlq: number
  batches: number
}

const zero = (): Counts => ({ read: 0, written: 0, filtered: 0, failed: 0, toDlq: 0, batches: 0 })

export interface TaskEntry {
  readonly id: number
  config: Readonly<Record<string, string>>
  state: State
  trace: string | null
  readonly counts: Counts
  run: RunningTask | null
  /** Which run is current: hooks of an earlier run are ignored. */
  generation: number
}

export interface ConnectorEntry {
  readonly name: string
  /** The config as given: provider placeholders (`${file:…}`) unresolved. */
  config: Record<string, string>
  readonly baseDir: string
  readonly kind: ConnectorKind
  readonly plugin: SinkConnectorPlugin | null
  target: TargetState
  /** The connector instance's state (Connect's `ConnectorStatus`). */
  state: State
  trace: string | null
  deployment: ConnectorDeployment | null
  /** The current tasks; none while the connector is stopped or failed to start. */
  tasks: TaskEntry[]
  readonly counts: Map<number, Counts>
  readonly positions: Map<number, ReadPositions>
  readonly topics: Set<string>
  /** Operations on the connector run one at a time. */
  queue: Promise<unknown>
}

const SINK_PLUGINS: readonly SinkConnectorPlugin[] = [s3SinkPlugin, opensearchSinkPlugin]

function kindOf(connectorClass: string | null | undefined): {
  kind: ConnectorKind
  plugin: SinkConnectorPlugin | null
} {
  const c = connectorClass?.trim() ?? ''
  const sink = SINK_PLUGINS.find((p) => p.classNames.includes(c))
  if (sink) return { kind: 'sink', plugin: sink }
  if (JDBC_SOURCE_CLASSES.includes(c)) return { kind: 'source', plugin: null }
  const known = [...SINK_PLUGINS.map((p) => p.classNames[0]), JDBC_SOURCE_CLASSES[0]].join(', ')
  throw new ConfigException(
    `Failed to find any class that implements Connector and which name matches ${c}, available connectors are: ${known}`,
    { key: 'connector.class' },
  )
}

function traceOf(error: unknown): string {
  return stackTrace(error).trimEnd()
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error)
}

export interface StandaloneWorkerOptions {
  /** Where offsets live: a file (default from offset.storage.file.filename) or DynamoDB. */
  readonly offsets?: StandaloneOffsets
  /** The worker's id in statuses (Connect: the REST listener's host:port). */
  readonly workerId?: string
}

export class StandaloneWorker {
  readonly #connectors = new Map<string, ConnectorEntry>()
  readonly offsets: StandaloneOffsets
  readonly #plugins: readonly PluginDescription[] = allPlugins()
  readonly #baseDir: string
  /** Connect's `worker_id`: the REST listener's `host:port`. */
  workerId: string

  constructor(
    readonly worker: ConfigProps,
    workerPath: string,
    options: StandaloneWorkerOptions = {},
  ) {
    this.#baseDir = dirname(resolve(workerPath))
    const useDynamo = Boolean(process.env['AWS_ENDPOINT_URL'] || process.env['CONNECTLESS_OFFSETS_TABLE'])
    const file = worker['offset.storage.file.filename']
    void this.kafka // no bootstrap.servers: the worker does not start
    this.offsets =
      options.offsets ??
      new StandaloneOffsets(useDynamo ? null : resolve(this.#baseDir, file ?? 'connectless.offsets.json'), (name) =>
        this.#sinkAdmin(name),
      )
    this.workerId = options.workerId ?? 'standalone'
  }

  /** The worker's brokers (the cluster id of `GET /`); a sink's clients take their settings in sink-clients.ts. */
  get kafka(): KafkaClientConfig {
    const servers = this.worker['bootstrap.servers']
    if (!servers)
      throw new ConfigException('The worker properties have no bootstrap.servers', { key: 'bootstrap.servers' })
    return { bootstrapServers: servers.split(',').map((s) => s.trim()) }
  }

  /** A sink connector's admin client for its offsets: `admin.*` and its `admin.override.*` keys. */
  #sinkAdmin(name: string): KafkaClientConfig {
    const deployment = this.#connectors.get(name)?.deployment
    return sinkAdminConfig(deployment ?? { name, worker: this.worker, config: {} })
  }

  /** The plugins the REST API lists and validates against. */
  plugins(): readonly PluginDescription[] {
    return this.#plugins
  }

  names(): string[] {
    return [...this.#connectors.keys()]
  }

  find(name: string): ConnectorEntry | undefined {
    return this.#connectors.get(name)
  }

  get(name: string): ConnectorEntry {
    const e = this.#connectors.get(name)
    if (!e) throw new NotFoundException(`Connector ${name} not found`)
    return e
  }

  /** Runs `op` after the connector's earlier operations. */
  #serial<T>(entry: ConnectorEntry, op: () => Promise<T>): Promise<T> {
    const run = entry.queue.then(op, op)
    entry.queue = run.catch(() => {})
    return run
  }

  /**
   * Connect's config validation (`PUT /connector-plugins/{class}/config/validate`), provider
   * placeholders resolved: a config with errors is refused with Connect's message.
   */
  async #validate(name: string, config: ConfigProps, baseDir: string): Promise<ConnectorDeployment> {
    const connectorClass = config['connector.class']
    if (connectorClass === undefined || connectorClass === null || connectorClass.trim() === '') {
      throw new ConfigException(`Connector config {name=${name}} contains no connector type`, {
        key: 'connector.class',
      })
    }
    kindOf(connectorClass)
    const deployment = await resolveDeployment(name, config, this.worker, baseDir)
    const plugin = findPlugin(this.#plugins, connectorClass.trim(), (p) => p.type === 'sink' || p.type === 'source')
    if (plugin) {
      const infos = validateConnectorConfig(connectorClass, plugin, deployment.config)
      const errors = infos.configs.flatMap((c) => c.value?.errors ?? [])
      if (errors.length > 0) {
        throw new ConfigException(
          `Connector configuration is invalid and contains the following ${errors.length} error(s):\n${errors.join('\n')}\nYou can also find the above list of errors at the endpoint \`/connector-plugins/{connectorType}/config/validate\``,
        )
      }
    }
    return deployment
  }

  /**
   * Adds a connector and starts it (connect-standalone's connector files, `POST /connectors`). An invalid
   * config throws; a connector that fails to start is kept, FAILED with its trace.
   */
  async add(file: ConnectorFile, initial: TargetState = TargetState.STARTED): Promise<void> {
    if (this.#connectors.has(file.name)) throw new ConfigException(`Connector ${file.name} already exists`)
    const baseDir = dirname(resolve(file.path))
    const deployment = await this.#validate(file.name, file.config, baseDir)
    const { kind, plugin } = kindOf(file.config['connector.class'])
    const config: Record<string, string> = {}
    for (const [k, v] of Object.entries(file.config)) if (v !== null) config[k] = v
    config['name'] = file.name
    const entry: ConnectorEntry = {
      name: file.name,
      config,
      baseDir,
      kind,
      plugin,
      target: initial,
      state: State.UNASSIGNED,
      trace: null,
      deployment,
      tasks: [],
      counts: new Map(),
      positions: new Map(),
      topics: new Set(),
      queue: Promise.resolve(),
    }
    this.#connectors.set(file.name, entry)
    await this.#serial(entry, () => this.#startConnector(entry, deployment))
  }

  /** `PUT /connectors/{name}/config`: creates the connector, or restarts it with the new config. */
  async putConfig(name: string, config: Record<string, string>, initial?: TargetState): Promise<{ created: boolean }> {
    const entry = this.#connectors.get(name)
    if (!entry) {
      await this.add({ name, config, path: resolve(this.#baseDir, 'rest-api.json') }, initial ?? TargetState.STARTED)
      return { created: true }
    }
    const deployment = await this.#validate(name, config, entry.baseDir)
    const { kind } = kindOf(config['connector.class'])
    if (kind !== entry.kind) {
      throw new ConfigException(
        `Connector ${name} is a ${entry.kind} connector; delete it before creating a ${kind} connector of that name`,
        { key: 'connector.class' },
      )
    }
    await this.#serial(entry, async () => {
      await this.#stopTasks(entry)
      entry.config = { ...config, name }
      entry.tasks = []
      await this.#startConnector(entry, deployment)
    })
    return { created: false }
  }

  /** `DELETE /connectors/{name}`: stops it and forgets it (its offsets are kept, as in Connect). */
  async remove(name: string): Promise<void> {
    const entry = this.get(name)
    await this.#serial(entry, async () => {
      await this.#stopTasks(entry)
      this.#connectors.delete(name)
    })
    logger.info(`Connector ${name} deleted`, { connector: name })
  }

  /**
   * Starts the connector instance: its task configs (a JDBC source looks for its tables), then its
   * tasks as the target state says. A failure leaves the connector FAILED with its trace, and no tasks.
   */
  async #startConnector(entry: ConnectorEntry, deployment?: ConnectorDeployment): Promise<void> {
    entry.trace = null
    if (entry.target === TargetState.STOPPED) {
      entry.tasks = []
      entry.state = State.STOPPED
      return
    }
    let configs: SourceTaskConfig[]
    try {
      entry.deployment = deployment ?? (await resolveDeployment(entry.name, entry.config, this.worker, entry.baseDir))
      // a sink's Kafka settings are checked now: a bad one fails the start, naming the key
      if (entry.kind === 'sink') sinkClientConfigs(entry.deployment)
      configs =
        entry.kind === 'sink'
          ? [{ id: 0, config: storableConfig(entry.config) }]
          : await sourceTaskConfigs(entry.deployment, storableConfig(entry.config))
    } catch (error) {
      entry.state = State.FAILED
      entry.trace = traceOf(error)
      entry.tasks = []
      logger.error(`Connector ${entry.name} failed to start: ${messageOf(error)}`, { connector: entry.name })
      return
    }
    entry.state = entry.target === TargetState.PAUSED ? State.PAUSED : State.RUNNING
    entry.tasks = configs.map(({ id, config }) => {
      let counts = entry.counts.get(id)
      if (counts === undefined) {
        counts = zero()
        entry.counts.set(id, counts)
      }
      return { id, config, state: State.UNASSIGNED, trace: null, counts, run: null, generation: 0 }
    })
    for (const task of entry.tasks) this.#startTask(entry, task)
    logger.info(
      `Connector ${entry.name} ${entry.state === State.PAUSED ? 'created paused' : 'started'} with ${entry.tasks.length} task(s)`,
      { connector: entry.name },
    )
  }

  /** Starts a task, or leaves it PAUSED when the connector is paused. */
  #startTask(entry: ConnectorEntry, task: TaskEntry): void {
    task.generation++
    task.trace = null
    if (entry.target === TargetState.PAUSED) {
      task.state = State.PAUSED
      return
    }
    const generation = task.generation
    const current = () => task.generation === generation
    const hooks: TaskHooks = {
      onBatch: (c: BatchCounts) => {
        const counts = task.counts
        counts.batches++
        counts.read += c.read
        counts.written += c.written
        counts.filtered += c.filtered
        counts.failed += c.failed
        counts.toDlq += c.toDlq
      },
      onTopics: (topics) => {
        for (const t of topics) entry.topics.add(t)
      },
      onFailure: (error) => {
        if (!current()) return
        task.state = State.FAILED
        task.trace = traceOf(error)
        logger.error(`Task ${entry.name}-${task.id} failed: ${messageOf(error)}`, {
          connector: entry.name,
          task: task.id,
        })
      },
    }
    const deployment = entry.deployment as ConnectorDeployment
    try {
      if (entry.kind === 'sink') {
        task.run = startSinkTask({
          plugin: entry.plugin as SinkConnectorPlugin,
          deployment,
          offsets: this.offsets,
          hooks,
        })
      } else {
        let positions = entry.positions.get(task.id)
        if (positions === undefined) {
          positions = new ReadPositions()
          entry.positions.set(task.id, positions)
        }
        task.run = startSourceTask({ deployment, taskId: task.id, offsets: this.offsets, positions, hooks })
      }
      task.state = State.RUNNING
    } catch (error) {
      task.run = null
      hooks.onFailure(error)
    }
  }

  async #stopTask(task: TaskEntry): Promise<void> {
    const run = task.run
    task.run = null
    task.generation++
    await run?.stop()
  }

  async #stopTasks(entry: ConnectorEntry): Promise<void> {
    await Promise.all(entry.tasks.map((t) => this.#stopTask(t)))
  }

  /** PUT …/pause, …/resume, …/stop. Pausing and stopping finish the batches in hand first. */
  async setTargetState(name: string, target: TargetState): Promise<void> {
    const entry = this.get(name)
    await this.#serial(entry, async () => {
      const before = entry.target
      entry.target = target
      if (target === TargetState.STOPPED) {
        await this.#stopTasks(entry)
        entry.tasks = []
        entry.state = State.STOPPED
        entry.trace = null
      } else if (entry.state === State.STOPPED || (before === TargetState.STOPPED && entry.tasks.length === 0)) {
        // a stopped connector starts again: new task configs, new tasks
        await this.#startConnector(entry)
      } else if (target === TargetState.PAUSED) {
        for (const task of entry.tasks) {
          if (task.state === State.FAILED) continue
          await this.#stopTask(task)
          task.state = State.PAUSED
        }
        if (entry.state !== State.FAILED) entry.state = State.PAUSED
      } else {
        for (const task of entry.tasks) if (task.state === State.PAUSED) this.#startTask(entry, task)
        if (entry.state !== State.FAILED) entry.state = State.RUNNING
      }
      logger.info(`Connector ${name} target state ${target}`, { connector: name })
    })
  }

  /**
   * POST …/restart and …/tasks/{id}/restart. The connector instance restarts by reading its config
   * (and secrets) again and, for a JDBC source, its tables: where that gives other task configs, or
   * the connector had failed, its tasks start afresh. Each task in the plan stops after its batch in
   * hand and starts again (PAUSED where the connector is paused).
   */
  async restart(name: string, plan: RestartPlan): Promise<void> {
    const entry = this.get(name)
    await this.#serial(entry, async () => {
      if (plan.connector && entry.target !== TargetState.STOPPED) {
        if (entry.state === State.FAILED || entry.tasks.length === 0) {
          await this.#stopTasks(entry)
          await this.#startConnector(entry)
          return
        }
        let configs: SourceTaskConfig[] | null = null
        try {
          const deployment = await resolveDeployment(entry.name, entry.config, this.worker, entry.baseDir)
          if (entry.kind === 'sink') sinkClientConfigs(deployment)
          entry.deployment = deployment
          if (entry.kind === 'source') configs = await sourceTaskConfigs(deployment, storableConfig(entry.config))
        } catch (error) {
          await this.#stopTasks(entry)
          entry.tasks = []
          entry.state = State.FAILED
          entry.trace = traceOf(error)
          logger.error(`Connector ${name} failed to restart: ${messageOf(error)}`, { connector: name })
          return
        }
        entry.state = entry.target === TargetState.PAUSED ? State.PAUSED : State.RUNNING
        entry.trace = null
        const changed =
          configs !== null &&
          (configs.length !== entry.tasks.length ||
            configs.some((c, i) => JSON.stringify(c.config) !== JSON.stringify(entry.tasks[i]?.config)))
        if (changed) {
          // Connect reconfigures the tasks when their configs change
          await this.#stopTasks(entry)
          await this.#startConnector(entry, entry.deployment)
          return
        }
      }
      for (const id of plan.tasks) {
        const task = entry.tasks.find((t) => t.id === id)
        if (!task) continue
        await this.#stopTask(task)
        this.#startTask(entry, task)
      }
    })
  }

  /** Stops every connector cleanly (Ctrl-C, SIGTERM): each task's batch in hand is finished and committed. */
  async shutdown(): Promise<void> {
    await Promise.all([...this.#connectors.values()].map((e) => this.#serial(e, () => this.#stopTasks(e))))
  }

  /** A connector's record counts: its tasks' (current ones), and its total since the worker started. */
  counts(name: string): { total: RecordCounts; tasks: Array<{ id: number; state: State; counts: RecordCounts }> } {
    const entry = this.get(name)
    const asRecord = (c: Counts): RecordCounts => ({
      records_read: c.read,
      records_written: c.written,
      records_filtered: c.filtered,
      records_failed: c.failed,
      records_to_dlq: c.toDlq,
      batches: c.batches,
    })
    const total = zero()
    for (const c of entry.counts.values()) {
      total.read += c.read
      total.written += c.written
      total.filtered += c.filtered
      total.failed += c.failed
      total.toDlq += c.toDlq
      total.batches += c.batches
    }
    return {
      total: asRecord(total),
      tasks: entry.tasks.map((t) => ({ id: t.id, state: t.state, counts: asRecord(t.counts) })),
    }
  }

  /** One progress line per connector. */
  progress(): string[] {
    return [...this.#connectors.values()].map((e) => {
      const { total } = this.counts(e.name)
      const tasks = e.tasks.length > 1 ? ` [${e.tasks.map((t) => `${t.id} ${t.state}`).join(', ')}]` : ''
      const failed = e.state === State.FAILED ? e : e.tasks.find((t) => t.state === State.FAILED)
      const why = failed?.trace
        ? ` (${failed === e ? 'connector' : `task ${(failed as TaskEntry).id}`}: ${failed.trace.split('\n')[0]})`
        : ''
      const state = e.tasks.length === 1 && e.tasks[0]?.state === State.FAILED ? State.FAILED : e.state
      return `${e.name} ${state}${tasks}: in ${total.records_read}, out ${total.records_written}, filtered ${total.records_filtered}, failed ${total.records_failed}, to DLQ ${total.records_to_dlq}${why}`
    })
  }
}
