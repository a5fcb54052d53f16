/**
 * The Lambda handler factory that each sink function wraps around its connector
 * (`functions/s3-sink/handler.ts`, `functions/opensearch-sink/handler.ts`). At cold start it reads
 * the connector config from the deployment package, resolves config providers, validates the
 * config, builds the converters, the transform chain, the error handling and the task; each event
 * of the MSK or self-managed Kafka event source mapping is then one batch for the sink runtime.
 *
 * The handler throws only where the batch must be delivered again (a failed task, an unavailable
 * downstream system, the invocation running out of time); bad records are handled inside by
 * errors.tolerance and never block the partition when it is `all`.
 */

import { buildTransformationChain } from '../../transforms/build-chain.js'
import type { ConfigDef, ConfigKeys } from '../config/definition.js'
import { sinkConnectorConfigDef } from '../connector/connector-config.js'
import { connectorConverters } from '../connector/converters.js'
import { type ConnectorDeployment, loadDeployment } from '../connector/deployment.js'
import { warnSeedMistakes } from '../connector/seed-mistakes.js'
import { ConfigException, ConnectException } from '../errors.js'
import type { KafkaProducer } from '../kafka/client.js'
import type { DlqClientConfigs, ProducerAuthOptions } from '../kafka/producer-auth.js'
import { logger } from '../logging.js'
import { SinkOffsetStore } from '../offsets/offset-store.js'
import type { SinkRecord } from '../record/record.js'
import { registerDeployedConnector } from '../status/registration.js'
import { recordBatchOutcome, recordConnectorStartup } from '../status/status-reporter.js'
import type { ToleranceType } from '../tolerance/operator.js'
import type { DlqRecord } from '../tolerance/reporters.js'
import { sendAlert } from './alerts.js'
import type { InvocationContext } from './event-source-emulator.js'
import { eventRecords, isMskEvent, type MskEvent } from './msk-event.js'
import { type BatchResult, type SinkOffsets, SinkRuntime } from './sink-runtime.js'
import type { SinkTask } from './sink-task.js'

/** What a sink connector gives the runtime: its class names, its config definition, its task. */
export interface SinkConnectorPlugin {
  /** The class names users configure (`io.confluent.connect.s3.S3SinkConnector`, aliases). */
  readonly classNames: readonly string[]
  readonly configDef: ConfigDef<ConfigKeys>
  createTask(): SinkTask
}

export interface SinkHandlerOptions {
  /** Where the connector config comes from (default: the deployment file). */
  readonly deployment?: () => Promise<ConnectorDeployment>
  /** The sink offset store (default: DynamoDB, table from CONNECTLESS_OFFSETS_TABLE). */
  readonly offsets?: (connector: string) => SinkOffsets | null
  /** Called with each batch's result (the standalone runner's progress). */
  readonly onBatch?: (result: BatchResult) => void
  /**
   * Connector and task status in DynamoDB (for the REST API) and one EMF metrics line per batch.
   * Default: on inside Lambda, off elsewhere (the standalone runner keeps its own status).
   */
  readonly reportStatus?: boolean
  /** How the DLQ clients sign MSK IAM tokens (default: the function's AWS credentials and region). */
  readonly kafkaAuth?: ProducerAuthOptions
}

export type SinkHandler = ((event: MskEvent, context: InvocationContext) => Promise<void>) & {
  /** Stops the task and closes clients (the standalone runner calls it; Lambda never does). */
  close(): Promise<void>
}

/** The brokers the event came from: the DLQ's where the worker properties name none. */
function eventBootstrapServers(event: MskEvent | null): string[] {
  return (event?.bootstrapServers ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '')
}

/** Builds the runtime for a deployment: everything a Connect worker builds when it starts a sink task. */
export async function createSinkRuntime(
  plugin: SinkConnectorPlugin,
  deployment: ConnectorDeployment,
  options: Pick<SinkHandlerOptions, 'offsets' | 'kafkaAuth'> & {
    /** The brokers of the event, for the DLQ where the worker's settings name none. */
    bootstrapServers: () => readonly string[]
  },
): Promise<{ runtime: SinkRuntime; close: () => Promise<void> }> {
  const { config, worker } = deployment
  const connectorClass = config['connector.class']
  if (!connectorClass || !plugin.classNames.includes(connectorClass.trim())) {
    throw new ConfigException(
      `Invalid value ${connectorClass} for configuration connector.class: this function runs ${plugin.classNames[0]}`,
      { key: 'connector.class' },
    )
  }
  warnSeedMistakes(config)
  const common = sinkConnectorConfigDef.parse(config)
  plugin.configDef.parse(config) // the connector's own keys: fail at cold start, naming the key
  if (common.get('topics.regex') !== '') {
    throw new ConfigException(
      'Invalid value for configuration topics.regex: an event source mapping needs topic names; list them in topics instead',
      { key: 'topics.regex' },
    )
  }
  const dlqTopic = common.get('errors.deadletterqueue.topic.name').trim()
  if (dlqTopic !== '' && common.get('topics').includes(dlqTopic)) {
    throw new ConfigException(
      `The DLQ topic '${dlqTopic}' may not be included in the list of topics ('topics=${common.get('topics').join(',')}') consumed by the connector`,
      { key: 'errors.deadletterqueue.topic.name' },
    )
  }
  const converters = await connectorConverters(config, worker)
  const chain = await buildTransformationChain<SinkRecord>(config, { baseDir: deployment.baseDir })

  // The DLQ's producer and admin client take the worker's security settings (MSK IAM, SCRAM, TLS) as
  // Connect's worker gives them: worker keys, producer.* / admin.*, the connector's *.override.*.
  // As Connect sets up the DLQ reporter when the task starts, a wrong setting fails the cold start,
  // naming the key; the module is loaded only for connectors with a DLQ.
  let dlqClients: DlqClientConfigs | null = null
  if (dlqTopic !== '') {
    const { dlqClientConfigs } = await import('../kafka/producer-auth.js')
    dlqClients = dlqClientConfigs(
      worker,
      config,
      { connector: deployment.name, taskId: 0 },
      { ...options.kafkaAuth, bootstrapServers: options.bootstrapServers() },
    )
  }
  const clients = (): DlqClientConfigs => {
    if (dlqClients === null) throw new ConnectException('No dead letter queue is configured')
    return dlqClients
  }

  let producer: KafkaProducer | null = null
  let dlqReady = false
  const produceDlq = async (records: readonly DlqRecord[]): Promise<void> => {
    const kafka = clients()
    // loaded on the first DLQ record: the Kafka client is half of a sink's cold start, and most batches need none
    const { KafkaProducer, ensureTopic } = await import('../kafka/client.js')
    if (!dlqReady) {
      try {
        await ensureTopic(kafka.admin, {
          name: dlqTopic,
          partitions: 1,
          replicationFactor: common.get('errors.deadletterqueue.topic.replication.factor'),
        })
      } catch (e) {
        throw new ConnectException(
          `Could not create the dead letter queue topic '${dlqTopic}' with replication factor ${common.get('errors.deadletterqueue.topic.replication.factor')} (errors.deadletterqueue.topic.replication.factor): ${e instanceof Error ? e.message : String(e)}. Create the topic yourself, or lower the replication factor to the number of brokers.`,
          { cause: e },
        )
      }
      dlqReady = true
    }
    producer ??= new KafkaProducer(kafka.producer)
    await producer.send(
      records.map((r) => ({
        topic: r.topic,
        key: r.key,
        value: r.value,
        headers: r.headers.map((h) => ({ key: h.key, value: h.value })),
        ...(r.timestamp === null ? {} : { timestamp: r.timestamp }),
      })),
    )
  }

  const alertQueue = worker['connectless.alert.queue.url'] ?? process.env['CONNECTLESS_ALERT_QUEUE_URL'] ?? null
  const runtime = new SinkRuntime({
    connector: deployment.name,
    taskId: 0,
    config,
    keyConverter: converters.key,
    valueConverter: converters.value,
    headerConverter: converters.header,
    chain,
    tolerance: {
      retryTimeoutMs: common.get('errors.retry.timeout'),
      retryDelayMaxMs: common.get('errors.retry.delay.max.ms'),
      tolerance: common.get('errors.tolerance').toLowerCase() as ToleranceType,
    },
    errorsLog: { enable: common.get('errors.log.enable'), includeMessages: common.get('errors.log.include.messages') },
    dlq:
      dlqTopic === ''
        ? null
        : { topic: dlqTopic, contextHeaders: common.get('errors.deadletterqueue.context.headers.enable') },
    task: plugin.createTask(),
    offsets: options.offsets ? options.offsets(deployment.name) : new SinkOffsetStore(deployment.name),
    produceDlq,
    sendAlert: alertQueue ? (alert) => sendAlert(alertQueue, alert) : null,
  })
  return {
    runtime,
    close: async () => {
      await runtime.stop()
      await (producer as KafkaProducer | null)?.close()
    },
  }
}

/** The Lambda handler of a sink connector's function. */
export function sinkHandler(plugin: SinkConnectorPlugin, options: SinkHandlerOptions = {}): SinkHandler {
  let built: Promise<{ name: string; runtime: SinkRuntime; close: () => Promise<void> }> | undefined
  let lastEvent: MskEvent | null = null
  const report = options.reportStatus ?? process.env['AWS_LAMBDA_FUNCTION_NAME'] !== undefined
  const init = () => {
    built ??= (async () => {
      const deployment = await (options.deployment ?? loadDeployment)()
      if (report) await registerDeployedConnector({ type: 'sink' })
      try {
        const made = await createSinkRuntime(plugin, deployment, {
          ...(options.offsets ? { offsets: options.offsets } : {}),
          ...(options.kafkaAuth ? { kafkaAuth: options.kafkaAuth } : {}),
          bootstrapServers: () => eventBootstrapServers(lastEvent),
        })
        if (report) await recordConnectorStartup(deployment.name)
        return { name: deployment.name, ...made }
      } catch (e) {
        if (report) await recordConnectorStartup(deployment.name, e)
        throw e
      }
    })()
    // a failed cold start is tried again on the next event, not cached
    built.catch(() => {
      built = undefined
    })
    return built
  }

  const handler = async (event: MskEvent, context: InvocationContext): Promise<void> => {
    if (!isMskEvent(event)) throw new ConfigException('This function handles Kafka events (MSK or self-managed) only')
    lastEvent = event
    const { name, runtime } = await init()
    const deadline = Date.now() + context.getRemainingTimeInMillis()
    const records = eventRecords(event)
    const topics = new Set(Object.values(event.records).flatMap((p) => (p.length > 0 ? [p[0]!.topic] : [])))
    let result: BatchResult
    try {
      result = await runtime.processEvent(records, deadline)
    } catch (e) {
      // the batch's metrics (one EMF line) and the task's status
      if (report) await recordBatchOutcome(name, 0, e, { topics })
      throw e
    }
    options.onBatch?.(result)
    logger.info('batch done', { connector: name, ...result })
    if (report) await recordBatchOutcome(name, 0, result, { topics })
  }
  return Object.assign(handler, {
    close: async () => {
      const b = built
      built = undefined
      if (b) await (await b).close()
    },
  })
}
