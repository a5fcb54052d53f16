/**
 * The OpenSearch sink task: Confluent's `ElasticsearchSinkTask` on the connectless SinkTask contract.
 *
 * For each record of a batch, in order:
 * - a tombstone under `behavior.on.null.values=ignore` is skipped, and reported to the errant record
 *   reporter ("Cannot write null valued record."), as Confluent does since 11.0;
 * - the resource is the topic's index (created, empty, the first time it is seen), its data stream, or
 *   its external resource; an invalid index name fails the batch with a message naming the topic;
 * - where the schema is used, an index without a mapping gets one built from the value schema (a
 *   record without a schema then fails the batch: "Cannot infer mapping without schema.");
 * - the record becomes a bulk action (`DataConverter`); a DataException is reported, then the record is
 *   dropped (`drop.invalid.message=true`) or fails the batch.
 * Actions go out in bulk requests (`BulkProcessor`) and `put` returns once every item is settled, so
 * DLQ reports are all made during `put` and `flush` has nothing left to do.
 *
 * Where connectless differs: a tombstone needs no mapping (Confluent fails on a tombstone as the first
 * record for a new index with schema.ignore=false); index names are checked up front.
 */
import { ConnectException, DataException } from '../../layers/runtime/errors.js'
import { logger } from '../../layers/runtime/logging.js'
import type { SinkRecord } from '../../layers/runtime/record/record.js'
import type {
  ErrantRecordReporter,
  SinkTask,
  SinkTaskContext,
  TopicPartitionOffsets,
} from '../../layers/runtime/sink/sink-task.js'
import { BulkExecutor } from './bulk-executor.js'
import { BulkProcessor } from './bulk-processor.js'
import { OpenSearchClient } from './client.js'
import {
  BehaviorOnNullValues,
  isDataStream,
  type OpenSearchSinkConfig,
  parseOpenSearchSinkConfig,
  shouldIgnoreSchema,
  WriteMethod,
} from './config.js'
import { DataConverter, recordString } from './data-converter.js'
import { checkIndexName, topicToDataStreamName, topicToIndexName } from './index-name.js'
import { buildMapping } from './mapping.js'

export interface OpenSearchSinkTaskOptions {
  /** A client to use instead of one built from the config (tests, benchmarks). */
  readonly client?: (config: OpenSearchSinkConfig) => OpenSearchClient
}

interface Started {
  readonly config: OpenSearchSinkConfig
  readonly client: OpenSearchClient
  readonly converter: DataConverter
  readonly reporter: ErrantRecordReporter | null
  readonly remainingTimeMs: () => number
  readonly dataStream: boolean
}

export class OpenSearchSinkTask implements SinkTask {
  private started: Started | null = null
  /** Resources whose mapping is known to exist (Confluent's `existingMappings`). */
  private readonly existingMappings = new Set<string>()
  /** Resources known to exist (Confluent's `indexCache`). */
  private readonly indexCache = new Set<string>()
  private readonly resourceByTopic = new Map<string, string>()

  constructor(private readonly options: OpenSearchSinkTaskOptions = {}) {}

  async start(context: SinkTaskContext): Promise<void> {
    logger.info('Starting ElasticsearchSinkTask.')
    const config = parseOpenSearchSinkConfig(context.config)
    const client = this.options.client?.(config) ?? OpenSearchClient.fromConfig(config)
    client.setRemainingTime(() => context.remainingTimeMs())
    if (context.errantRecordReporter === null) logger.info('Errant record reporter not configured.')
    this.existingMappings.clear()
    this.indexCache.clear()
    this.resourceByTopic.clear()
    this.started = {
      config,
      client,
      converter: new DataConverter(config),
      reporter: context.errantRecordReporter,
      remainingTimeMs: () => context.remainingTimeMs(),
      dataStream: isDataStream(config),
    }
    const version = await client.version()
    logger.info(`Started ElasticsearchSinkTask. Connecting to ES server version: ${version}`)
  }

  private get state(): Started {
    if (this.started === null) throw new ConnectException('The OpenSearch sink task has not been started')
    return this.started
  }

  async put(records: readonly SinkRecord[]): Promise<void> {
    const s = this.state
    logger.debug(`Putting ${records.length} records to Elasticsearch.`)
    const executor = new BulkExecutor(
      s.client,
      {
        behaviorOnMalformedDocuments: s.config.behaviorOnMalformedDocuments,
        maxRetries: s.config.maxRetries,
        retryBackoffMs: s.config.retryBackoffMs,
        readTimeoutMs: s.config.readTimeoutMs,
        dataStream: s.dataStream,
      },
      s.reporter,
      s.remainingTimeMs,
    )
    const processor = new BulkProcessor(
      {
        batchSize: s.config.batchSize,
        bulkSizeBytes: s.config.bulkSizeBytes,
        maxInFlightRequests: s.config.maxInFlightRequests,
        maxBufferedRecords: s.config.maxBufferedRecords,
        flushTimeoutMs: s.config.flushTimeoutMs,
        orderById: s.config.writeMethod === WriteMethod.UPSERT,
      },
      (items, body, ends) => executor.execute(items, body, ends),
      s.remainingTimeMs,
    )
    try {
      for (const record of records) {
        if (record.value === null && s.config.behaviorOnNullValues === BehaviorOnNullValues.IGNORE) {
          logger.debug(`Ignoring ${recordString(record)} with null value.`)
          await this.reportBadRecord(record, new ConnectException('Cannot write null valued record.'))
          continue
        }
        const resource = await this.resourceFor(record)
        await this.checkMapping(resource, record)
        let request: ReturnType<DataConverter['convertRecord']>
        try {
          request = s.converter.convertRecord(record, resource)
        } catch (error) {
          if (!(error instanceof DataException)) throw error
          await this.reportBadRecord(record, error)
          if (!s.config.dropInvalidMessage) throw error
          // the error's class only: its message may echo the record's content
          logger.error(`Can't convert ${recordString(record)}. Failure type: ${error.javaClassName}`)
          continue
        }
        if (request !== null) await processor.add({ request, record })
      }
      await processor.flush()
    } catch (error) {
      await processor.settle()
      throw error
    }
  }

  /** Every record handed to `put` is written (or settled) before `put` returns. */
  async flush(_offsets: TopicPartitionOffsets): Promise<void> {}

  async stop(): Promise<void> {
    const s = this.started
    this.started = null
    logger.debug('Stopping Elasticsearch client.')
    if (s !== null) await s.client.close()
  }

  private async reportBadRecord(record: SinkRecord, error: unknown): Promise<void> {
    const reporter = this.state.reporter
    if (reporter !== null) await reporter.report(record, error)
  }

  /** The index, data stream or external resource for the record's topic; created where missing. */
  private async resourceFor(record: SinkRecord): Promise<string> {
    const topic = record.topic ?? 'null'
    const known = this.resourceByTopic.get(topic)
    if (known !== undefined) return known
    const s = this.state
    let resource: string
    const external = s.config.externalResources
    if (external !== null) {
      const mapped = external.topicToResource.get(topic)
      if (mapped === undefined) {
        throw new ConnectException(
          `Topic '${topic}' is not mapped to any resource. All topics must be mapped when using topic-to-resource mapping configuration. Please check the 'topic.to.external.resource.mapping' configuration to ensure all topics are properly mapped.`,
        )
      }
      resource = mapped
    } else {
      const dataStream = s.config.dataStream
      resource = checkIndexName(
        dataStream === null ? topicToIndexName(topic) : topicToDataStreamName(topic, dataStream),
        topic,
      )
      if (!this.indexCache.has(resource)) {
        logger.info(`Creating index ${resource}.`)
        await s.client.createIndexOrDataStream(resource, dataStream !== null)
        this.indexCache.add(resource)
      }
    }
    this.resourceByTopic.set(topic, resource)
    return resource
  }

  /** Confluent's `checkMapping`: puts a mapping from the value schema where the resource has none. */
  private async checkMapping(resource: string, record: SinkRecord): Promise<void> {
    const s = this.state
    if (this.existingMappings.has(resource) || shouldIgnoreSchema(s.config, record.topic ?? 'null')) return
    if (record.value === null) return // a delete needs no mapping
    if (!(await s.client.hasMapping(resource))) {
      const mapping = buildMapping(record.valueSchema)
      await s.client.createMapping(resource, mapping, String(record.valueSchema))
    }
    logger.debug(`Caching mapping for resource '${resource}' locally.`)
    this.existingMappings.add(resource)
  }
}
