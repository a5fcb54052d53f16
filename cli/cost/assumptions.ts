/**
 * The constants of the cost model that are not prices: limits of the event source mapping and of
 * Lambda, and the figures `connectless cost` cannot measure on this machine (waiting on AWS services,
 * log line sizes, MSK Connect throughput). Each is printed with the estimate that uses it.
 */
import { MAX_BATCH_SIZE } from '../../infra/connector/event-source-batching.js'

export const HOURS_PER_MONTH = 730
export const SECONDS_PER_MONTH = HOURS_PER_MONTH * 3600
/** Minutes in a month of 730 hours: how often a once-a-minute schedule fires. */
export const MINUTES_PER_MONTH = HOURS_PER_MONTH * 60
/** A GB as AWS bills data: 2^30 bytes. */
export const GB = 2 ** 30

/** The most records an event source mapping puts in one batch. */
export const ESM_MAX_BATCH_RECORDS = MAX_BATCH_SIZE
/** An invocation's payload limit (6 MB): a batch holds at most this much event JSON. */
export const ESM_MAX_PAYLOAD_BYTES = 6 * 1024 * 1024
/** The batching window of a Kafka event source mapping when none is set, in seconds. */
export const ESM_DEFAULT_BATCHING_WINDOW_SECONDS = 0.5

/** Lambda gives a function one full vCPU at 1,769 MB, and a proportional share below it. */
export const LAMBDA_MB_PER_VCPU = 1769

/** The memory connectless deploys, unless the stack says otherwise (infra/constructs). */
export const DEFAULT_MEMORY_MB = { sink: 1024, source: 512 } as const

/** Time an invocation waits on AWS and the destination per batch (not CPU; not measured here). */
export const WAIT_SECONDS_PER_BATCH = {
  /** One S3 PUT per file (~1 MB) plus a DynamoDB read and a conditional write for the offset. */
  's3-sink': 0.06,
  /** One bulk request per `batch.size` records plus the offset read and write. */
  'opensearch-sink': 0.12,
} as const

/** A JDBC source poll at a minute or more: lease, connection, query and produce round trips (not measured here). */
export const WAIT_SECONDS_PER_SOURCE_POLL = 0.3
/** A scheduled source invocation lasts its minute, less the stop margin (functions/jdbc-source/handler.ts). */
export const SOURCE_INVOCATION_WINDOW_SECONDS = 60
export const SOURCE_STOP_MARGIN_SECONDS = 5
/** How often a running source task renews its lease in DynamoDB (functions/jdbc-source/lease.ts). */
export const SOURCE_LEASE_RENEW_SECONDS = 5

/**
 * Log bytes per invocation, measured from the lines the code writes (Powertools 2.36.0), plus the
 * fields Powertools adds inside Lambda (function name, ARN, memory, request id: ~300 bytes a line).
 */
export const LOG_BYTES = {
  /** START, END and REPORT lines of the Lambda platform. */
  platform: 330,
  /** The runtime's `batch done` line (238 bytes measured) with Lambda's fields. */
  batchDone: 540,
  /** The EMF line of metrics.ts `sinkBatch`: 12 metrics, 2 dimension sets (1,145 bytes measured). */
  sinkMetrics: 1150,
  /** The EMF line of metrics.ts `sourceBatch` (up to 11 metrics). */
  sourceMetrics: 1000,
  /** The S3 sink's `Files committed` line (237 bytes measured for one file) with Lambda's fields. */
  s3FilesCommitted: 540,
  /** One error log line (`errors.log.enable`) with the record's topic, partition and offset (estimated). */
  errorRecord: 900,
} as const

/** Custom metrics a connector publishes (metrics.ts): names × dimension sets ([connector, task] per task, [connector]). */
// a source's 11th, source-record-lag-ms, comes in the timestamp modes only: counted always (the dearer case)
export const METRIC_NAMES = { sink: 12, source: 11 } as const

/** Alarms per connector (infra/constructs/connector-alarms.ts): errors, throttles; sinks add offset lag and, with a DLQ, dead-letter records. */
export const ALARMS = { sinkBase: 3, sinkDlq: 1, source: 2 } as const

/**
 * Records that fail and are skipped under `errors.tolerance=all`, as a share of all records: each goes
 * to the dead-letter topic where there is one (and its batch sends one SQS alert), and is logged with
 * `errors.log.enable`. Under `errors.tolerance=none` a failure fails the batch: none is assumed.
 */
export const DEFAULT_ERROR_RECORD_RATE = 0.0001

/** Offset partitions (topic-partitions) one batch holds: one read and one write of the offsets table each. */
export const OFFSET_PARTITIONS_PER_BATCH = 1

/**
 * MSK Connect: what one MCU (1 vCPU, 4 GiB) moves, in MB/s of records (a conservative guess in
 * shared/research/aws-serverless.md §4.2, not measured), and the smallest connector: 1 worker of 1 MCU.
 */
export const MSK_CONNECT_MB_PER_SECOND_PER_MCU = 2
export const MSK_CONNECT_MIN_MCU = 1

/** Firehose bills ingestion (Direct PUT) and format conversion per record rounded up to 5 KB. */
export const FIREHOSE_ROUNDING_BYTES = 5 * 1024
