/**
 * The standalone worker: connect-standalone.sh's counterpart. Sink connectors run through the local
 * event source emulator into the same handlers that run on Lambda; source connectors run their tasks
 * on their poll interval. Offsets go to DynamoDB where an AWS endpoint is configured, otherwise to the
 * file named by offset.storage.file.filename. A stop finishes the batch in hand, commits it, and
 * closes everything: no record is lost or delivered twice.
 */
import { dirname, resolve } from 'node:path'
import { opensearchSinkPlugin } from '../../functions/opensearch-sink/index.js'
import { s3SinkPlugin } from '../../functions/s3-sink/index.js'
import { planOpenSearchSink } from '../../infra/connector/opensearch-sink-plan.js'
import { planS3Sink } from '../../infra/connector/s3-sink-plan.js'
import type { ConfigProps } from '../../layers/runtime/config/parsed-config.js'
import { type ConnectorDeployment, resolveDeployment } from '../../layers/runtime/connector/deployment.js'
import { ConfigException } from '../../layers/runtime/errors.js'
import { logger } from '../../layers/runtime/logging.js'
import { OffsetFile } from '../../layers/runtime/offsets/file-offset-store.js'
import { ensureOffsetsTable, SinkOffsetStore } from '../../layers/runtime/offsets/offset-store.js'
import { EventSourceEmulator } from '../../layers/runtime/sink/event-source-emulator.js'
import { type SinkConnectorPlugin, type SinkHandler, sinkHandler } from '../../layers/runtime/sink/handler.js'
import type { SinkOffsets } from '../../layers/runtime/sink/sink-runtime.js'

export interface ConnectorFile {
  readonly name: string
  readonly config: ConfigProps
  /** The file it came from: relative paths in it resolve from its directory. */
  readonly path: string
}

export type ConnectorState = 'RUNNING' | 'PAUSED' | 'STOPPED' | 'FAILED' | 'UNASSIGNED'

export interface ConnectorStats {
  batches: number
  read: number
  written: number
  filtered: number
  failed: number
  toDlq: number
  lastError: string | null
}

interface SinkRunning {
  readonly kind: 'sink'
  readonly deployment: ConnectorDeployment
  readonly plugin: SinkConnectorPlugin
  handler: SinkHandler | null
  emulator: EventSourceEmulator | null
  state: ConnectorState
  trace: string | null
  readonly stats: ConnectorStats
}

const SINK_PLUGINS: readonly SinkConnectorPlugin[] = [s3SinkPlugin, opensearchSinkPlugin]

function sinkPlugin(connectorClass: string | null | undefined): SinkConnectorPlugin | undefined {
  const c = connectorClass?.trim() ?? ''
  return SINK_PLUGINS.find((p) => p.classNames.includes(c))
}

/** The ESM settings a sink connector gets on AWS, for the emulator. */
function batching(deployment: ConnectorDeployment): { batchSize: number; batchingWindowMs: number } {
  const cls = deployment.config['connector.class'] ?? ''
  const plan = s3SinkPlugin.classNames.includes(cls)
    ? planS3Sink(deployment.config)
    : planOpenSearchSink(deployment.config)
  return {
    batchSize: plan.batchSize,
    batchingWindowMs: plan.maxBatchingWindowSeconds === undefined ? 500 : plan.maxBatchingWindowSeconds * 1000,
  }
}

export class StandaloneWorker {
  readonly connectors = new Map<string, SinkRunning>()
  private readonly offsetFile: OffsetFile | null
  private readonly useDynamo: boolean

  constructor(
    readonly worker: ConfigProps,
    workerPath: string,
  ) {
    this.useDynamo = Boolean(process.env['AWS_ENDPOINT_URL'] || process.env['CONNECTLESS_OFFSETS_TABLE'])
    const file = worker['offset.storage.file.filename']
    this.offsetFile = this.useDynamo
      ? null
      : new OffsetFile(resolve(dirname(workerPath), file ?? 'connectless.offsets.json'))
  }

  get bootstrapServers(): string[] {
    const servers = this.worker['bootstrap.servers']
    if (!servers)
      throw new ConfigException('The worker properties have no bootstrap.servers', { key: 'bootstrap.servers' })
    return servers.split(',').map((s) => s.trim())
  }

  private sinkOffsets(connector: string): SinkOffsets {
    return this.offsetFile ? this.offsetFile.sink(connector) : new SinkOffsetStore(connector)
  }

  async add(file: ConnectorFile): Promise<void> {
    if (this.connectors.has(file.name))
      throw new ConfigException(`Connector ${file.name} already exists`, { key: 'name' })
    const deployment = await resolveDeployment(file.name, file.config, this.worker, dirname(file.path))
    const plugin = sinkPlugin(deployment.config['connector.class'])
    if (!plugin) {
      throw new ConfigException(
        `Invalid value ${deployment.config['connector.class']} for configuration connector.class: the standalone worker runs ${SINK_PLUGINS.flatMap((p) => p.classNames[0]).join(', ')}`,
        { key: 'connector.class' },
      )
    }
    const entry: SinkRunning = {
      kind: 'sink',
      deployment,
      plugin,
      handler: null,
      emulator: null,
      state: 'UNASSIGNED',
      trace: null,
      stats: { batches: 0, read: 0, written: 0, filtered: 0, failed: 0, toDlq: 0, lastError: null },
    }
    this.connectors.set(file.name, entry)
    await this.startSink(entry)
  }

  private async startSink(entry: SinkRunning): Promise<void> {
    if (this.useDynamo) await ensureOffsetsTable()
    const { deployment, plugin, stats } = entry
    entry.handler = sinkHandler(plugin, {
      deployment: async () => deployment,
      offsets: (name) => this.sinkOffsets(name),
      onBatch: (r) => {
        stats.batches++
        stats.read += r.read - r.skippedAsDelivered
        stats.written += r.written
        stats.filtered += r.filtered
        stats.failed += r.failed
        stats.toDlq += r.toDlq
      },
    })
    const topics = (deployment.config['topics'] ?? '')
      .split(',')
      .map((t) => t.trim())
      .filter((t) => t !== '')
    entry.emulator = new EventSourceEmulator({
      kafka: { bootstrapServers: this.bootstrapServers },
      groupId: `connect-${deployment.name}`,
      topics,
      ...batching(deployment),
      handler: entry.handler,
      onInvocation: (i) => {
        if (i.error === null) {
          if (entry.state === 'FAILED') {
            entry.state = 'RUNNING'
            entry.trace = null
          }
          return
        }
        entry.state = 'FAILED'
        entry.trace = i.error instanceof Error ? (i.error.stack ?? i.error.message) : String(i.error)
        stats.lastError = i.error instanceof Error ? i.error.message : String(i.error)
      },
    })
    entry.emulator.start()
    entry.state = 'RUNNING'
    logger.info(`Connector ${deployment.name} started`, { connector: deployment.name, topics })
  }

  private async stopSink(entry: SinkRunning): Promise<void> {
    const { emulator, handler } = entry
    entry.emulator = null
    entry.handler = null
    await emulator?.stop()
    await handler?.close()
  }

  /** PUT /connectors/{name}/pause: delivery stops after the batch in hand; offsets kept. */
  async pause(name: string): Promise<void> {
    const e = this.get(name)
    await this.stopSink(e)
    e.state = 'PAUSED'
  }

  async resume(name: string): Promise<void> {
    const e = this.get(name)
    if (e.state === 'RUNNING') return
    await this.startSink(e)
  }

  async stop(name: string): Promise<void> {
    const e = this.get(name)
    await this.stopSink(e)
    e.state = 'STOPPED'
  }

  async restart(name: string): Promise<void> {
    const e = this.get(name)
    await this.stopSink(e)
    e.trace = null
    await this.startSink(e)
  }

  async remove(name: string): Promise<void> {
    const e = this.get(name)
    await this.stopSink(e)
    this.connectors.delete(name)
  }

  get(name: string): SinkRunning {
    const e = this.connectors.get(name)
    if (!e) throw new ConfigException(`Connector ${name} not found`)
    return e
  }

  /** The sink offsets a connector committed (REST API GET /offsets). */
  async sinkOffsetsOf(name: string): Promise<Array<{ topic: string; partition: number; offset: number }>> {
    this.get(name)
    return this.offsetFile ? this.offsetFile.sink(name).list() : new SinkOffsetStore(name).list()
  }

  /** Stops every connector cleanly (Ctrl-C, SIGTERM). */
  async shutdown(): Promise<void> {
    await Promise.all([...this.connectors.values()].map((e) => this.stopSink(e)))
  }

  /** One progress line per connector. */
  progress(): string[] {
    return [...this.connectors.entries()].map(([name, e]) => {
      const s = e.stats
      return `${name} ${e.state}: in ${s.read}, out ${s.written}, filtered ${s.filtered}, failed ${s.failed}, to DLQ ${s.toDlq}${s.lastError && e.state === 'FAILED' ? ` (last error: ${s.lastError})` : ''}`
    })
  }
}
