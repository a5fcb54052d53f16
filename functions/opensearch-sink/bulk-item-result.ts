/**
 * What one item of a bulk response means for its record, after Confluent's
 * `ElasticsearchClient.handleResponse`: the item's error text is matched against the error types
 * Confluent knows.
 *
 * | item | outcome |
 * | --- | --- |
 * | success (a delete of a missing document included) | `ok` |
 * | `strict_dynamic_mapping_exception`, `mapper_parsing_exception`, `illegal_argument_exception`, `action_request_validation_exception`, `document_parsing_exception` | `malformed`: reported, then `behavior.on.malformed.documents` |
 * | `version_conflict_engine_exception` on an externally versioned request | `ok`: a replay or an older record lost, as intended |
 * | `version_conflict_engine_exception` otherwise (upsert retries used up, a data stream create replayed) | `conflict`: warned and reported (not for data streams); the record counts as done |
 * | HTTP 429 or 5xx (`es_rejected_execution_exception`, unavailable shards) | `retriable`: sent again with backoff (connectless; Confluent fails the task) |
 * | anything else (a read-only index block, …) | `failed`: reported, then the task fails |
 */
import type { DocWriteRequest } from './data-converter.js'

/** An item's `error` object, as OpenSearch and Elasticsearch write it. */
export interface ErrorCause {
  readonly type?: string
  readonly reason?: string | null
  readonly index?: string
  readonly index_uuid?: string
  readonly shard?: string | number
  readonly caused_by?: ErrorCause
}

/** One item of a bulk response: `{"index": {"status": 201}}` → `{ status: 201 }`. */
export interface BulkItemResponse {
  readonly status: number
  readonly error?: ErrorCause
}

export const MALFORMED_DOC_ERRORS = [
  'strict_dynamic_mapping_exception',
  'mapper_parsing_exception',
  'illegal_argument_exception',
  'action_request_validation_exception',
  'document_parsing_exception',
] as const
export const VERSION_CONFLICT_EXCEPTION = 'version_conflict_engine_exception'

export type ItemOutcome =
  | { readonly kind: 'ok' }
  | { readonly kind: 'malformed'; readonly message: string }
  | { readonly kind: 'conflict'; readonly message: string }
  | { readonly kind: 'retriable'; readonly message: string }
  | { readonly kind: 'failed'; readonly message: string }

const OK: ItemOutcome = { kind: 'ok' }

/** Whether an item's status calls for sending it again (429 Too Many Requests, 5xx). */
export function isRetriableStatus(status: number): boolean {
  return status === 429 || status >= 500
}

export function classifyItem(item: BulkItemResponse, request: DocWriteRequest): ItemOutcome {
  // an item without an error succeeded: a delete of a missing document answers 404 `not_found`
  if (item.error === undefined) return OK
  const message = failureMessage(item.error)
  if (MALFORMED_DOC_ERRORS.some((error) => message.includes(error))) return { kind: 'malformed', message }
  if (message.includes(VERSION_CONFLICT_EXCEPTION)) {
    // an externally versioned write lost to the same or a newer version: a replay, or an older record
    return request.version !== null ? OK : { kind: 'conflict', message }
  }
  if (isRetriableStatus(item.status)) return { kind: 'retriable', message }
  return { kind: 'failed', message }
}

/**
 * The item's failure as Elasticsearch's `BulkItemResponse.Failure.getMessage()` reads in Confluent's
 * logs and DLQ headers: `[index/uuid][[index][shard]] ElasticsearchException[Elasticsearch exception
 * [type=…, reason=…]]`, each `caused_by` appended as `; nested: …`.
 */
export function failureMessage(error: ErrorCause): string {
  let prefix = ''
  if (error.index !== undefined) {
    const index =
      error.index_uuid === undefined || error.index_uuid === '_na_'
        ? `[${error.index}]`
        : `[${error.index}/${error.index_uuid}]`
    prefix = error.shard === undefined ? `${index} ` : `${index}[[${error.index}][${error.shard}]] `
  }
  const chain: string[] = []
  for (let e: ErrorCause | undefined = error; e !== undefined && chain.length < 10; e = e.caused_by) {
    chain.push(`ElasticsearchException[Elasticsearch exception [type=${e.type}, reason=${e.reason ?? null}]]`)
  }
  return chain.length === 1 ? `${prefix}${chain[0]}` : `${prefix}${chain.join('; nested: ')};`
}
