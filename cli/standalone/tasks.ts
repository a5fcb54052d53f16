/**
 * The standalone runner's tasks, each started and stopped on its own as a Connect worker does:
 *
 * - a sink connector has one task: the event source emulator (consumer group `connect-<name>`, the
 *   event source mapping's batching) invoking the same handler that runs on Lambda;
 * - a JDBC source connector has min(tables, `tasks.max`) tasks (one in query mode), split as
 *   Confluent's connector splits the tables; each runs `runSourceTask` until it is stopped.
 *
 * A task reports each batch's counts and the topics it used, and its failure: the error that makes
 * Connect's task FAILED. A sink batch that fails with a retriable error is delivered again (the task
 * stays RUNNING, as Connect retries a `RetriableException`); any other failure stops the task, with
 * nothing of the failed batch committed, until it is restarted.
 */

import { parseJdbcSourceConfig } from '../../functions/jdbc-source/config.js'
import { openConnection } from '../../functions/jdbc-source/connection.js'
import { runSourceTask } from '../../functions/jdbc-source/index.js'
import { ReadPositions } from '../../functions/jdbc-source/source-task.js'
import { discoverTables } from '../../functions/jdbc-source/table-discovery.js'
import { assignTables, formatTablesProperty } from '../../functions/jdbc-source/task-assignment.js'
import { planOpenSearchSink } from '../../infra/connector/opensearch-sink-plan.js'
import { planS3Sink } from '../../infra/connector/s3-sink-plan.js'
import type { ConnectorDeployment } from '../../layers/runtime/connector/deployment.js'
import { RetriableException } from '../../layers/runtime/errors.js'
import { KafkaProducer, type ProducerRecord } from '../../layers/runtime/kafka/client.js'
import { producerClientConfig } from '../../layers/runtime/kafka/producer-auth.js'
import { logger, warnOnce } from '../../layers/runtime/logging.js'
import { EventSourceEmulator } from '../../layers/runtime/sink/event-source-emulator.js'
import { type SinkConnectorPlugin, sinkHandler } from '../../layers/runtime/sink/handler.js'
import type { MskEvent } from '../../layers/runtime/sink/msk-event.js'
import type { StandaloneOffsets } from './offsets.js'
import { sinkGroupId } from './offsets.js'
import { sinkConsumerConfig } from './sink-clients.js'

/** A batch's counts, as the worker adds them up. */
export interface BatchCounts {
  readonly read: number
  readonly written: number
  readonly filtered: number
  readonly failed: number
  readonly toDlq: number
}

export interface TaskHooks {
  readonly onBatch: (counts: BatchCounts) => void
  readonly onTopics: (topics: readonly string[]) => void
  /** The task failed (Connect's FAILED): it has stopped, or is stopping. */
  readonly onFailure: (error: unknown) => void
}

/** A task that runs. */
export interface RunningTask {
  /** Stops after the batch in hand, its offsets committed; resolves once everything is closed. */
  stop(): Promise<void>
}

/** The event source mapping's batching a sink gets on AWS, for the emulator. */
function sinkBatching(plugin: SinkConnectorPlugin, deployment: ConnectorDeployment) {
  const plan = plugin.classNames.includes('io.confluent.connect.s3.S3SinkConnector')
    ? planS3Sink(deployment.config)
    : planOpenSearchSink(deployment.config)
  return {
    batchSize: plan.batchSize,
    batchingWindowMs: plan.maxBatchingWindowSeconds === undefined ? 500 : plan.maxBatchingWindowSeconds * 1000,
  }
}

function topicsOf(event: MskEvent): string[] {
  const topics = new Set<string>()
  for (const records of Object.values(event.records)) for (const r of records) topics.add(r.topic)
  return [...topics]
}

export function sinkTopics(deployment: ConnectorDeployment): string[] {
  return (deployment.config['topics'] ?? '')
    .split(',')
    .map((t) => t.trim())
    .filter((t) => t !== '')
}

/**
 * Starts a sink connector's task: its handler and the emulator that feeds it. The emulator's consumer
 * takes the worker's Kafka settings with its `consumer.*` keys and the connector's `consumer.override.*`
 * keys over them (sink-clients.ts); a bad one throws here, naming the key.
 */
export function startSinkTask(options: {
  readonly plugin: SinkConnectorPlugin
  readonly deployment: ConnectorDeployment
  readonly offsets: StandaloneOffsets
  readonly hooks: TaskHooks
}): RunningTask {
  const { plugin, deployment, offsets, hooks } = options
  const name = deployment.name
  const kafka = sinkConsumerConfig(deployment)
  const handler = sinkHandler(plugin, {
    deployment: async () => deployment,
    offsets: (connector) => offsets.sink(connector),
    reportStatus: false,
    onBatch: (r) =>
      hooks.onBatch({
        read: r.read - r.skippedAsDelivered,
        written: r.written,
        filtered: r.filtered,
        failed: r.failed,
        toDlq: r.toDlq,
      }),
  })
  let failed = false
  const emulator: EventSourceEmulator = new EventSourceEmulator({
    kafka,
    groupId: sinkGroupId(name),
    topics: sinkTopics(deployment),
    ...sinkBatching(plugin, deployment),
    handler: async (event, context) => {
      await offsets.ready()
      await handler(event, context)
      hooks.onTopics(topicsOf(event))
    },
    onInvocation: (i) => {
      if (i.error === null || failed) return
      if (i.error instanceof RetriableException) {
        logger.warn(`Task ${name}-0: the batch failed with a retriable error and is delivered again`, {
          connector: name,
          task: 0,
          attempt: i.attempt,
          error: i.error.message,
        })
        return
      }
      // Connect's FAILED task: it stops; the batch stays uncommitted until a restart delivers it again
      failed = true
      hooks.onFailure(i.error)
      void stop().catch(() => {})
    },
  })
  let stopping: Promise<void> | null = null
  const stop = (): Promise<void> => {
    stopping ??= (async () => {
      try {
        await emulator.stop()
      } catch (e) {
        // the loop's own failure, already reported
        logger.debug('The event source emulator stopped on an error', { connector: name, error: e })
      } finally {
        await handler.close().catch((e: unknown) => logger.warn('Closing the sink task failed', { error: e }))
      }
    })()
    return stopping
  }
  emulator.start().catch((error: unknown) => {
    // Kafka failed under the emulator (a commit, the consumer): the task fails
    if (failed) return
    failed = true
    hooks.onFailure(error)
  })
  return { stop }
}

/** One task of a JDBC source connector: its id and its config as Confluent's connector gives it. */
export interface SourceTaskConfig {
  readonly id: number
  readonly config: Readonly<Record<string, string>>
}

/**
 * The JDBC source connector's `taskConfigs`: the tables found now, split among min(tables, `tasks.max`)
 * tasks (Confluent's split), each task's `tables` property naming its share; one task in query mode.
 */
export async function sourceTaskConfigs(
  deployment: ConnectorDeployment,
  stored: Readonly<Record<string, string>>,
): Promise<SourceTaskConfig[]> {
  const config = parseJdbcSourceConfig(deployment.config)
  if (config.query !== null) return [{ id: 0, config: { ...stored } }]
  const client = await openConnection(config)
  try {
    const { tables, warnings } = await discoverTables(client, config)
    for (const w of warnings) warnOnce(`standalone:${deployment.name}:discovery:${w}`, w)
    return assignTables(tables, config.tasksMax).map((group, id) => ({
      id,
      config: { ...stored, tables: formatTablesProperty(group) },
    }))
  } finally {
    await client.end().catch(() => {})
  }
}

/** Starts one JDBC source task: it polls its tables until stopped. */
export function startSourceTask(options: {
  readonly deployment: ConnectorDeployment
  readonly taskId: number
  readonly offsets: StandaloneOffsets
  /** Read positions kept across the task's restarts in this process. */
  readonly positions: ReadPositions
  readonly hooks: TaskHooks
}): RunningTask {
  const { deployment, taskId, offsets, hooks } = options
  const abort = new AbortController()
  const kafka = producerClientConfig(deployment.worker, deployment.config, {
    connector: deployment.name.replace(/\s+/g, '_'),
    taskId,
  })
  // Java producers ask the broker to create a missing topic (allow.auto.create.topics=true)
  const producer = new KafkaProducer(kafka, { autocreateTopics: true })
  const sender = {
    send: async (records: readonly ProducerRecord[]) => {
      await producer.send(records)
      hooks.onTopics([...new Set(records.map((r) => r.topic))])
    },
  }
  const done = (async () => {
    try {
      await offsets.ready()
      const result = await runSourceTask({
        deployment,
        taskId,
        until: Number.POSITIVE_INFINITY,
        signal: abort.signal,
        leases: null,
        offsets: offsets.source(deployment.name),
        producer: () => sender,
        positions: options.positions,
        onBatch: (b) =>
          hooks.onBatch({ read: b.read, written: b.produced, filtered: b.filtered, failed: b.failed, toDlq: 0 }),
      })
      if (result.status === 'idle' && !abort.signal.aborted) {
        logger.info(`Task ${deployment.name}-${taskId} has no table to read and stays idle`, {
          connector: deployment.name,
          task: taskId,
        })
      }
    } catch (error) {
      hooks.onFailure(error)
    } finally {
      await producer.close().catch(() => {})
    }
  })()
  return {
    stop: async () => {
      abort.abort()
      await done
    },
  }
}

export { ReadPositions }
