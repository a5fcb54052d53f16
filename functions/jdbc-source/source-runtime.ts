/**
 * Everything a Connect worker builds when it starts the JDBC source connector's tasks, built once per
 * process from a deployment (the connector config and the worker config it inherits): the parsed and
 * checked config (warnings logged once), the converters, the transform chain, the error handling, the
 * producer, the offset store and the task leases. `task(id)` gives the poll loop of one task.
 */
import { hostname } from 'node:os'
import { DynamoDBClient } from '@aws-sdk/client-dynamodb'
import type pg from 'pg'
import type { ConfigProps } from '../../layers/runtime/config/parsed-config.js'
import { connectorConfigDef } from '../../layers/runtime/connector/connector-config.js'
import { type ConnectorConverters, connectorConverters } from '../../layers/runtime/connector/converters.js'
import type { ConnectorDeployment } from '../../layers/runtime/connector/deployment.js'
import { warnSeedMistakes } from '../../layers/runtime/connector/seed-mistakes.js'
import { ConfigException } from '../../layers/runtime/errors.js'
import { LazyKafkaProducer } from '../../layers/runtime/kafka/lazy-producer.js'
import { type ProducerAuthOptions, producerClientConfig } from '../../layers/runtime/kafka/producer-auth.js'
import { warnOnce } from '../../layers/runtime/logging.js'
import { offsetsTableName, SourceOffsetStore } from '../../layers/runtime/offsets/offset-store.js'
import type { SourceRecord } from '../../layers/runtime/record/record.js'
import type { ToleranceSettings, ToleranceType } from '../../layers/runtime/tolerance/operator.js'
import { buildTransformationChain } from '../../layers/transforms/build-chain.js'
import type { TransformationChain } from '../../layers/transforms/chain.js'
import { CONNECTOR_CLASS, type JdbcSourceConfig, jdbcSourceConfigWarnings, parseJdbcSourceConfig } from './config.js'
import { type LeaseOptions, TaskLeases } from './lease.js'
import { JdbcSourceTask, type ReadPositions, type RecordSender, type SourceOffsets } from './source-task.js'

/** The class names (and Connect's aliases) this function runs. */
export const CONNECTOR_CLASSES: readonly string[] = [CONNECTOR_CLASS, 'JdbcSourceConnector', 'JdbcSource']

export interface SourceRuntimeOptions {
  /** The offset store (default: DynamoDB, table from CONNECTLESS_OFFSETS_TABLE). */
  readonly offsets?: SourceOffsets
  /** The producer of a task (default: a KafkaProducer per task from the worker's producer settings). */
  readonly producer?: (taskId: number) => RecordSender
  /** The task leases (default: DynamoDB, in the offsets table); null runs without a lease. */
  readonly leases?: TaskLeases | null
  readonly leaseOptions?: LeaseOptions
  /** The DynamoDB client of the default offset store and leases. */
  readonly dynamo?: DynamoDBClient
  /** How MSK IAM tokens are signed (credentials, region). */
  readonly kafkaAuth?: ProducerAuthOptions
  /** Opens the database connection (default: the connector's `connection.*`). */
  readonly connect?: () => Promise<pg.Client>
}

export interface SourceRuntime {
  readonly connector: string
  readonly config: JdbcSourceConfig
  readonly leases: TaskLeases | null
  /** The poll loop of task `taskId` (0-based, as Connect numbers tasks). */
  task(taskId: number, positions?: ReadPositions): JdbcSourceTask
  close(): Promise<void>
}

const INSERT_FIELD = /^(?:org\.apache\.kafka\.connect\.transforms\.)?InsertField\$(?:Key|Value)$/

/**
 * InsertField's `timestamp.field` inserts the record's timestamp, and the JDBC source sets none:
 * Connect writes null there. Said once, as the seed's orders-with-timestamp chain expects a time.
 */
function warnTimestampWithoutTimestamp(config: ConfigProps): void {
  const aliases = (config['transforms'] ?? '')
    .split(',')
    .map((a) => a.trim())
    .filter((a) => a !== '')
  for (const alias of aliases) {
    const type = (config[`transforms.${alias}.type`] ?? '').trim()
    const field = config[`transforms.${alias}.timestamp.field`]
    if (INSERT_FIELD.test(type) && field !== undefined && field !== null && field.trim() !== '') {
      warnOnce(
        `jdbc-source:timestamp-field:${alias}`,
        `transforms.${alias}.timestamp.field inserts the record's timestamp, but the JDBC source sets none: ${field.trim()} is null in every record, as in Kafka Connect. Kafka stamps the produce time on the message itself; for the row's time, read a timestamp column.`,
      )
    }
  }
}

export async function createSourceRuntime(
  deployment: ConnectorDeployment,
  options: SourceRuntimeOptions = {},
): Promise<SourceRuntime> {
  const { config: props, worker, name } = deployment
  const connectorClass = props['connector.class']?.trim()
  if (connectorClass === undefined || !CONNECTOR_CLASSES.includes(connectorClass)) {
    throw new ConfigException(
      `Invalid value ${connectorClass ?? null} for configuration connector.class: this function runs ${CONNECTOR_CLASS}`,
      { key: 'connector.class' },
    )
  }
  warnSeedMistakes(props)
  const common = connectorConfigDef.parse(props)
  const config = parseJdbcSourceConfig(props)
  for (const warning of jdbcSourceConfigWarnings(config, props)) {
    warnOnce(`jdbc-source:${name}:config:${warning}`, warning, { connector: name })
  }
  if ((props['errors.deadletterqueue.topic.name'] ?? '').trim() !== '') {
    warnOnce(
      `jdbc-source:${name}:dlq`,
      'errors.deadletterqueue.topic.name is ignored: Kafka Connect has dead letter queues for sink connectors only. Failed source records are skipped (errors.tolerance=all) and logged with errors.log.enable=true.',
    )
  }
  warnTimestampWithoutTimestamp(props)

  const converters: ConnectorConverters = await connectorConverters(props, worker)
  const chain: TransformationChain<SourceRecord> = await buildTransformationChain<SourceRecord>(props, {
    baseDir: deployment.baseDir,
  })
  const tolerance: ToleranceSettings = {
    retryTimeoutMs: common.get('errors.retry.timeout'),
    retryDelayMaxMs: common.get('errors.retry.delay.max.ms'),
    tolerance: common.get('errors.tolerance').toLowerCase() as ToleranceType,
  }
  const errorsLog = {
    enable: common.get('errors.log.enable'),
    includeMessages: common.get('errors.log.include.messages'),
  }
  const offsets = options.offsets ?? new SourceOffsetStore(name, offsetsTableName(), options.dynamo)
  const leases =
    options.leases !== undefined
      ? options.leases
      : new TaskLeases(name, offsetsTableName(), options.dynamo ?? defaultDynamo(), options.leaseOptions)

  const producers = new Map<number, LazyKafkaProducer>()
  const producerOf = (taskId: number): RecordSender => {
    if (options.producer !== undefined) return options.producer(taskId)
    let producer = producers.get(taskId)
    if (producer === undefined) {
      const kafka = producerClientConfig(worker, props, { connector: safeClientId(name), taskId }, options.kafkaAuth)
      // Java producers ask the broker to create a missing topic (allow.auto.create.topics=true); the
      // Kafka client loads with the first rows to produce
      producer = new LazyKafkaProducer(kafka, { autocreateTopics: true })
      producers.set(taskId, producer)
    }
    return producer
  }
  // fail at cold start, naming the key, rather than at the first produce
  if (options.producer === undefined)
    producerClientConfig(worker, props, { connector: name, taskId: 0 }, options.kafkaAuth)

  return {
    connector: name,
    config,
    leases,
    task: (taskId, positions) => {
      const size = config.query !== null ? 1 : config.tasksMax
      if (!Number.isInteger(taskId) || taskId < 0 || taskId >= size) {
        throw new ConfigException(
          `Task ${taskId} does not exist: connector ${name} has tasks 0 to ${size - 1} (tasks.max=${config.tasksMax}${config.query !== null ? ', one task in query mode' : ''})`,
          { key: 'tasks.max' },
        )
      }
      return new JdbcSourceTask({
        connector: name,
        taskId,
        config,
        chain,
        converters,
        tolerance,
        errorsLog,
        producer: producerOf(taskId),
        offsets,
        ...(options.connect === undefined ? {} : { connect: options.connect }),
        ...(positions === undefined ? {} : { positions }),
      })
    },
    close: async () => {
      chain.close()
      await Promise.all([...producers.values()].map((p) => p.close().catch(() => {})))
      producers.clear()
    },
  }
}

/** A client id platformatic accepts (no white space). */
function safeClientId(name: string): string {
  return name.replace(/\s+/g, '_')
}

let sharedDynamo: DynamoDBClient | undefined
function defaultDynamo(): DynamoDBClient {
  // the same client settings as the offset store's: endpoint, region and credentials from the environment
  sharedDynamo ??= new DynamoDBClient({})
  return sharedDynamo
}

/** The default holder name of a lease: where this invocation runs. */
export function defaultLeaseHolder(): string {
  return `${hostname()}:${process.pid}`
}
