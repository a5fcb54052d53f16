/**
 * One `connectless cost` estimate: the workload of a connector config, the measured (or given) time
 * per record, the model's figures for Lambda, MSK Connect and Firehose, and every assumption in words.
 */
import {
  ALARMS,
  DEFAULT_ERROR_RECORD_RATE,
  ESM_DEFAULT_BATCHING_WINDOW_SECONDS,
  HOURS_PER_MONTH,
  LAMBDA_MB_PER_VCPU,
  LOG_BYTES,
  METRIC_NAMES,
  MSK_CONNECT_MB_PER_SECOND_PER_MCU,
  OFFSET_PARTITIONS_PER_BATCH,
  WAIT_SECONDS_PER_BATCH,
  WAIT_SECONDS_PER_SOURCE_POLL,
} from './assumptions.js'
import type { Measurement } from './measure.js'
import {
  type Estimate,
  firehoseCosts,
  type LambdaSinkInputs,
  type LambdaSourceInputs,
  lambdaSinkCost,
  lambdaSinkFigures,
  lambdaSourceCost,
  mskConnectCost,
} from './model.js'
import { PriceKey, type RegionPrices } from './prices.js'
import { type SinkWorkload, type SourceWorkload, type Workload, writesParquet } from './workload.js'

export interface Load {
  readonly recordsPerSecond: number
  readonly recordBytes: number
  readonly memoryMb: number
  /** Share of records that fail and are skipped under `errors.tolerance=all`. @default DEFAULT_ERROR_RECORD_RATE */
  readonly errorRecordRate?: number
}

/** Where the time per record came from. */
export type PerRecordTime =
  | { readonly kind: 'measured'; readonly measurement: Measurement }
  | { readonly kind: 'given'; readonly secondsPerRecord: number }

export interface CostEstimate {
  readonly workload: Workload
  readonly load: Load
  readonly prices: RegionPrices
  readonly perRecord: PerRecordTime
  readonly estimates: readonly Estimate[]
  readonly assumptions: readonly string[]
}

/** Bytes of MSK event JSON per record before one is measured: base64 of key and value, and ~250 bytes of fields. */
export function approximateEventBytes(recordBytes: number): number {
  return Math.ceil((recordBytes * 4) / 3) + 250
}

/** The error rate that applies: the one given (or assumed) under `errors.tolerance=all`, else none. */
function errorRateOf(w: SinkWorkload, load: Load): number {
  return w.errorsToleranceAll ? (load.errorRecordRate ?? DEFAULT_ERROR_RECORD_RATE) : 0
}

function sinkInputs(w: SinkWorkload, load: Load, secondsPerRecord: number, eventBytes: number): LambdaSinkInputs {
  return {
    recordsPerSecond: load.recordsPerSecond,
    memoryMb: load.memoryMb,
    topics: Math.max(1, w.topics.length),
    tasks: w.tasks,
    batchSize: w.batchSize,
    batchingWindowSeconds: w.batchingWindowSeconds,
    eventBytesPerRecord: eventBytes,
    cpuSecondsPerRecord: secondsPerRecord,
    waitSecondsPerBatch: WAIT_SECONDS_PER_BATCH[w.kind],
    offsetPartitionsPerBatch: OFFSET_PARTITIONS_PER_BATCH,
    errorRecordRate: errorRateOf(w, load),
    deadLetterQueue: w.dlqTopic !== null && w.errorsToleranceAll,
    errorLogBytesPerRecord: w.errorsLogEnable ? LOG_BYTES.errorRecord : 0,
    logBytesPerBatch:
      LOG_BYTES.platform +
      LOG_BYTES.batchDone +
      LOG_BYTES.sinkMetrics +
      (w.kind === 's3-sink' ? LOG_BYTES.s3FilesCommitted : 0),
    customMetrics: METRIC_NAMES.sink * 2,
    alarms: ALARMS.sinkBase + (w.dlqTopic === null ? 0 : ALARMS.sinkDlq),
  }
}

/** Records one invocation gets at this load, before anything is measured: the batch to measure with. */
export function expectedBatchRecords(w: SinkWorkload, load: Load): number {
  const figures = lambdaSinkFigures(sinkInputs(w, load, 0, approximateEventBytes(load.recordBytes)))
  return Math.max(1, Math.round(figures.recordsPerInvocation))
}

function sourceInputs(w: SourceWorkload, load: Load, secondsPerRecord: number): LambdaSourceInputs {
  return {
    recordsPerSecond: load.recordsPerSecond,
    memoryMb: load.memoryMb,
    tasks: w.tasks,
    pollIntervalMs: w.pollIntervalMs,
    scheduleRateMinutes: w.scheduleRateMinutes,
    cpuSecondsPerRecord: secondsPerRecord,
    waitSecondsPerPoll: WAIT_SECONDS_PER_SOURCE_POLL,
    batchMaxRows: w.batchMaxRows,
    tablesPerTask: w.tablesPerTask,
    logBytesPerInvocation: LOG_BYTES.platform + LOG_BYTES.batchDone + LOG_BYTES.sourceMetrics,
    customMetrics: METRIC_NAMES.source * (w.tasks + 1),
    alarms: ALARMS.source,
  }
}

const fmt = (n: number, digits = 0) => n.toLocaleString('en-US', { maximumFractionDigits: digits })

function assumptionsFor(w: Workload, load: Load, prices: RegionPrices, secondsPerRecord: number): string[] {
  const epu = prices.prices[PriceKey.ESM_PROVISIONED_EPU_HOUR].usd
  const share = Math.min(1, load.memoryMb / LAMBDA_MB_PER_VCPU)
  const out = [
    `Lambda: arm64 at ${fmt(load.memoryMb)} MB, which gets ${fmt(share * 100, 1)}% of a vCPU (a full one at ${LAMBDA_MB_PER_VCPU} MB): a record's ${fmt(secondsPerRecord * 1e6, 1)} µs of CPU here takes ${fmt((secondsPerRecord / share) * 1e6, 1)} µs there, taking this machine's core as a Lambda vCPU.`,
  ]
  if (w.type === 'sink') {
    const window = w.batchingWindowSeconds
    out.push(
      `Event source mapping in on-demand mode: no charge for its pollers (provisioned mode adds $${epu} per event poller unit-hour, $${fmt(epu * HOURS_PER_MONTH, 2)} a month for one).`,
      `Batches of up to ${fmt(w.batchSize)} records (the config's ${w.kind === 's3-sink' ? 'flush.size' : 'batch.size'}), a batching window of ${window === undefined ? `${ESM_DEFAULT_BATCHING_WINDOW_SECONDS} s (the mapping's default)` : window < ESM_DEFAULT_BATCHING_WINDOW_SECONDS ? `${window} s (counted as ${ESM_DEFAULT_BATCHING_WINDOW_SECONDS} s: records arrive between the mapping's polls)` : `${window} s`}, at most 10,000 records and 6 MB of event per invocation; ${w.topics.length > 1 ? `the rate is split evenly over the ${w.topics.length} topics (one mapping each)` : 'one topic'}.`,
      `Per batch, ${fmt(WAIT_SECONDS_PER_BATCH[w.kind] * 1000)} ms waiting on ${w.kind === 's3-sink' ? 'S3 and DynamoDB' : 'OpenSearch and DynamoDB'} (not measured), and one read and one write of the offsets table (one topic-partition per batch).`,
      w.errorsToleranceAll
        ? `errors.tolerance=all: a share of ${errorRateOf(w, load)} of records fails and is skipped${w.dlqTopic === null ? '' : ` to the dead-letter topic ${w.dlqTopic} (each batch with one sends one SQS alert)`}${w.errorsLogEnable ? `, each logged in ${fmt(LOG_BYTES.errorRecord)} bytes (errors.log.enable)` : ''}.`
        : `errors.tolerance=none: a failing record fails its batch, so no records are assumed to fail${w.dlqTopic === null ? '' : ' and no SQS alerts are sent'}.`,
      `CloudWatch: ${fmt(LOG_BYTES.platform + LOG_BYTES.batchDone + LOG_BYTES.sinkMetrics + (w.kind === 's3-sink' ? LOG_BYTES.s3FilesCommitted : 0))} bytes of log lines per batch (platform, batch done, EMF metrics${w.kind === 's3-sink' ? ', files committed' : ''}); ${METRIC_NAMES.sink} metrics × 2 dimension sets; ${ALARMS.sinkBase + (w.dlqTopic === null ? 0 : ALARMS.sinkDlq)} alarms.`,
    )
  } else {
    out.push(
      `${w.tasks} scheduled tasks, each invoked every ${w.scheduleRateMinutes} minute${w.scheduleRateMinutes === 1 ? '' : 's'}; ${w.pollIntervalMs < 60_000 ? `with poll.interval.ms=${w.pollIntervalMs} an invocation polls for its whole minute (55 s billed), whatever it finds` : `each invocation polls once, waiting ${fmt(WAIT_SECONDS_PER_SOURCE_POLL * 1000)} ms on the lease, the database and Kafka (not measured)`}.`,
      'DynamoDB: the task lease (taken, renewed every 5 s, released) and one offset write per batch.max.rows records.',
      `CloudWatch: ${fmt(LOG_BYTES.platform + LOG_BYTES.batchDone + LOG_BYTES.sourceMetrics)} bytes of log lines per invocation; ${METRIC_NAMES.source} metrics × ${w.tasks + 1} dimension sets; ${ALARMS.source} alarms.`,
    )
  }
  out.push(
    `MSK Connect: one worker of 1 MCU at least, autoscaled at ${MSK_CONNECT_MB_PER_SECOND_PER_MCU} MB/s of records per MCU (a guess, not measured); no second worker for availability.`,
    'Free tiers are not applied (they are per account). Excluded from every option: MSK itself, S3 requests and storage, data transfer, NAT gateways or VPC endpoints, log storage.',
  )
  return out
}

/** The estimates of every option for `workload` at `load`. */
export function estimateCost(
  workload: Workload,
  load: Load,
  prices: RegionPrices,
  perRecord: PerRecordTime,
): CostEstimate {
  const secondsPerRecord =
    perRecord.kind === 'measured' ? perRecord.measurement.secondsPerRecord : perRecord.secondsPerRecord
  const p = prices.prices
  const estimates: Estimate[] = []
  if (workload.type === 'sink') {
    const eventBytes =
      perRecord.kind === 'measured' && perRecord.measurement.eventBytesPerRecord !== null
        ? perRecord.measurement.eventBytesPerRecord
        : approximateEventBytes(load.recordBytes)
    estimates.push(lambdaSinkCost(sinkInputs(workload, load, secondsPerRecord, eventBytes), p))
    estimates.push(mskConnectCost(load, p))
    const destination = workload.kind === 's3-sink' ? 's3' : 'opensearch'
    const firehose = firehoseCosts({ ...load, parquet: writesParquet(workload) }, destination, p)
    estimates.push(
      ...firehose.map((e) =>
        writesParquet(workload) && e.usd !== null
          ? { ...e, notes: [...e.notes, 'Parquet conversion needs JSON records and a Glue table with the schema.'] }
          : e,
      ),
    )
  } else {
    estimates.push(lambdaSourceCost(sourceInputs(workload, load, secondsPerRecord), p))
    estimates.push(mskConnectCost(load, p))
    estimates.push({
      option: 'Data Firehose',
      usd: null,
      items: [],
      notes: ['Firehose has no polling JDBC source (its database source is change data capture into Iceberg).'],
    })
  }
  return {
    workload,
    load,
    prices,
    perRecord,
    estimates,
    assumptions: assumptionsFor(workload, load, prices, secondsPerRecord),
  }
}
