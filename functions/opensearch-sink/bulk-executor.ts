/**
 * Sends one bulk request and settles each of its items, as Confluent's bulk listener does
 * (`afterBulk` → `handleResponse`): failed items are reported through the errant record reporter
 * (the DLQ) with the error text as message; malformed documents then follow
 * `behavior.on.malformed.documents`; an item failing for another reason makes the batch fail
 * ("Indexing record failed. Please check DLQ topic for errors.") once the whole request is settled.
 *
 * Items rejected with 429 or 5xx are sent again, alone, with Confluent's backoff, up to `max.retries`
 * times (connectless; Confluent fails the task on them). Where a later item of the same request has
 * the same document id, it is sent again too, after the rejected one, so that the document ends as
 * the last record left it. Out of retries, a RetriableException makes the batch be delivered again.
 */
import { ConnectException, RetriableException } from '../../layers/runtime/errors.js'
import { logger } from '../../layers/runtime/logging.js'
import type { SinkRecord } from '../../layers/runtime/record/record.js'
import type { ErrantRecordReporter } from '../../layers/runtime/sink/sink-task.js'
import { subsetBody } from './bulk-body.js'
import { classifyItem } from './bulk-item-result.js'
import type { OpenSearchClient } from './client.js'
import { BehaviorOnMalformedDoc } from './config.js'
import type { DocWriteRequest } from './data-converter.js'
import { computeRandomRetryWaitTimeInMillis } from './retry.js'

/** A request on its way, with the record it came from. */
export interface BulkItem {
  readonly request: DocWriteRequest
  readonly record: SinkRecord
}

/**
 * The error reported to the DLQ for a rejected item (Confluent's `ElasticsearchClient$ReportingException`):
 * the item's error text as message, no stack trace.
 */
export class ReportingException extends ConnectException {
  static override readonly javaClassName: string =
    'io.confluent.connect.elasticsearch.ElasticsearchClient$ReportingException'

  constructor(message: string) {
    super(message)
    this.stack = `${this.name}: ${message}`
  }
}

export const INDEXING_FAILED = 'Indexing record failed. Please check DLQ topic for errors.'

export interface BulkExecutorSettings {
  readonly behaviorOnMalformedDocuments: BehaviorOnMalformedDoc
  readonly maxRetries: number
  readonly retryBackoffMs: number
  readonly readTimeoutMs: number
  /** Data streams: no DLQ report for version conflicts (Confluent's RCCA-7507). */
  readonly dataStream: boolean
}

const sleepFor = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms))

export class BulkExecutor {
  /** How many items were acknowledged (written, or settled as intended). */
  acknowledged = 0

  constructor(
    private readonly client: Pick<OpenSearchClient, 'bulk'>,
    private readonly settings: BulkExecutorSettings,
    private readonly reporter: ErrantRecordReporter | null,
    private readonly remainingTimeMs: () => number = () => Number.POSITIVE_INFINITY,
    private readonly sleep: (ms: number) => Promise<void> = sleepFor,
  ) {}

  /** Sends `items` (whose actions make up `body`, each ending at `ends[i]`) and settles every item. */
  async execute(items: readonly BulkItem[], body: Buffer, ends: readonly number[]): Promise<void> {
    let fatal: ConnectException | null = null
    let pending: number[] = items.map((_, i) => i)
    let requestBody = body
    for (let attempt = 1; ; attempt++) {
      const responses = await this.client.bulk(requestBody)
      if (responses.length !== pending.length) {
        throw new RetriableException(
          `The bulk request of ${pending.length} actions was answered with ${responses.length} items`,
        )
      }
      const retry = new Set<number>()
      const retryIds = new Set<string>()
      let firstRetryMessage = ''
      for (let n = 0; n < pending.length; n++) {
        const i = pending[n]!
        const item = items[i]!
        const outcome = classifyItem(responses[n]!, item.request)
        switch (outcome.kind) {
          case 'ok':
            if (item.request.id !== null && retryIds.has(item.request.id)) retry.add(i)
            else this.acknowledged++
            break
          case 'retriable':
            if (retry.size === 0) firstRetryMessage = outcome.message
            retry.add(i)
            if (item.request.id !== null) retryIds.add(item.request.id)
            break
          case 'malformed':
            await this.report(item, outcome.message)
            if (this.handleMalformed(item)) fatal ??= new ConnectException(INDEXING_FAILED)
            else this.acknowledged++
            break
          case 'conflict':
            logger.warn(
              `Internal version conflict for operation ${item.request.opType} in index '${item.request.index}'.`,
            )
            if (!this.settings.dataStream) await this.report(item, outcome.message)
            this.acknowledged++
            break
          case 'failed':
            await this.report(item, outcome.message)
            fatal ??= new ConnectException(INDEXING_FAILED)
            break
        }
      }
      if (retry.size === 0) break
      const message = `Failed to execute bulk request due to '${retry.size} of ${pending.length} items rejected: ${firstRetryMessage}' after ${attempt} attempt(s)`
      if (attempt > this.settings.maxRetries) throw new RetriableException(message)
      const backoff = computeRandomRetryWaitTimeInMillis(attempt, this.settings.retryBackoffMs)
      const remaining = this.remainingTimeMs()
      if (remaining < backoff + this.settings.readTimeoutMs) {
        throw new RetriableException(
          `${message}; stopped retrying because the invocation has ${Math.max(0, Math.round(remaining))} ms left`,
        )
      }
      logger.warn(`${message}. Retrying the rejected items after backoff of ${backoff} ms`)
      await this.sleep(backoff)
      pending = pending.filter((i) => retry.has(i))
      requestBody = subsetBody(body, ends, pending)
    }
    if (fatal !== null) throw fatal
  }

  private async report(item: BulkItem, message: string): Promise<void> {
    if (this.reporter === null) return
    await this.reporter.report(item.record, new ReportingException(`Indexing failed: ${message}`))
  }

  /** Confluent's `handleMalformedDocResponse`; true where the task must fail. */
  private handleMalformed(item: BulkItem): boolean {
    const text =
      'Encountered an illegal document error. Ignoring and will not index record. Please check DLQ topic for errors.'
    switch (this.settings.behaviorOnMalformedDocuments) {
      case BehaviorOnMalformedDoc.IGNORE:
        logger.debug(text, { index: item.request.index, offset: item.record.kafkaOffset })
        return false
      case BehaviorOnMalformedDoc.WARN:
        logger.warn(text, { index: item.request.index, topic: item.record.topic, offset: item.record.kafkaOffset })
        return false
      default:
        logger.error(
          "Encountered an illegal document error. Please check DLQ topic for errors. To ignore future records like this, change the configuration 'behavior.on.malformed.documents' to 'IGNORE'.",
          { index: item.request.index, topic: item.record.topic, offset: item.record.kafkaOffset },
        )
        return true
    }
  }
}
