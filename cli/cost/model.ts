/**
 * The monthly cost arithmetic of `connectless cost`: a connector on Lambda (requests, GB-seconds,
 * DynamoDB offsets, SQS alerts, CloudWatch logs, metrics and alarms), and MSK Connect and Amazon Data
 * Firehose for the same load. Pure functions of their inputs and the price table; docs/cost.md works
 * the same steps by hand.
 *
 * Sink on Lambda, per month (S = 2,628,000 s):
 * 1. records R = rate × S; each topic gets rate / topics.
 * 2. records per invocation n = min(batch size, 10,000, 6 MB / event bytes per record,
 *    rate per topic × batching window); the window is at least the mapping's default 0.5 s.
 * 3. invocations I = R / n.
 * 4. time per record at the memory M: the measured CPU time × max(1, 1769 / M) (Lambda's CPU share).
 * 5. billed duration per invocation = ceil(wait per batch + n × time per record, 1 ms).
 * 6. GB-seconds = I × duration × M / 1024.
 * 7. DynamoDB: one write and one strongly consistent read (one unit each) per offset partition per batch.
 * 8. SQS: one alert per batch with a dead-letter record: I × (1 − (1 − q)^n) for an error rate q.
 * 9. CloudWatch: I × log bytes per batch (+ R × q × an error line with `errors.log.enable`), the
 *    custom metrics and the alarms.
 */
import {
  ESM_DEFAULT_BATCHING_WINDOW_SECONDS,
  ESM_MAX_BATCH_RECORDS,
  ESM_MAX_PAYLOAD_BYTES,
  FIREHOSE_ROUNDING_BYTES,
  GB,
  HOURS_PER_MONTH,
  LAMBDA_MB_PER_VCPU,
  MINUTES_PER_MONTH,
  MSK_CONNECT_MB_PER_SECOND_PER_MCU,
  MSK_CONNECT_MIN_MCU,
  SECONDS_PER_MONTH,
  SOURCE_INVOCATION_WINDOW_SECONDS,
  SOURCE_LEASE_RENEW_SECONDS,
  SOURCE_STOP_MARGIN_SECONDS,
} from './assumptions.js'
import { type Price, PriceKey, type RegionPrices } from './prices.js'

type Prices = RegionPrices['prices']

/** One line of an estimate. */
export interface LineItem {
  readonly name: string
  readonly usd: number
  /** How it was computed, in words and numbers. */
  readonly detail: string
}

/** The monthly cost of one option. */
export interface Estimate {
  readonly option: string
  /** Null where the option cannot do what the connector does. */
  readonly usd: number | null
  readonly items: readonly LineItem[]
  readonly notes: readonly string[]
}

export interface LambdaSinkInputs {
  readonly recordsPerSecond: number
  readonly memoryMb: number
  /** Topics the connector reads (one event source mapping each); the rate is split evenly. */
  readonly topics: number
  /** `tasks.max`: the function's reserved concurrency. */
  readonly tasks: number
  /** Records per batch the config asks for (`flush.size`, `batch.size`). */
  readonly batchSize: number
  /** The mapping's batching window from the config; undefined: the mapping's default. */
  readonly batchingWindowSeconds: number | undefined
  /** Bytes of event JSON per record (base64 key and value, metadata). */
  readonly eventBytesPerRecord: number
  /** CPU time per record at a full vCPU, measured. */
  readonly cpuSecondsPerRecord: number
  readonly waitSecondsPerBatch: number
  readonly offsetPartitionsPerBatch: number
  /** Share of records that fail and are skipped (`errors.tolerance=all`); 0 otherwise. */
  readonly errorRecordRate: number
  /** Whether failed records go to a dead-letter topic (one SQS alert per batch that has one). */
  readonly deadLetterQueue: boolean
  /** Log bytes per failed record (`errors.log.enable`); 0 without it. */
  readonly errorLogBytesPerRecord: number
  readonly logBytesPerBatch: number
  readonly customMetrics: number
  readonly alarms: number
}

/** The figures behind a Lambda sink estimate, for the report and the tests. */
export interface LambdaSinkFigures {
  readonly recordsPerMonth: number
  readonly recordsPerInvocation: number
  /** What limits the batch: the config, the 10,000 cap, the 6 MB payload or the rate within the window. */
  readonly batchLimit: 'config' | 'esm-max' | 'payload' | 'window'
  readonly invocations: number
  readonly secondsPerRecord: number
  readonly billedMsPerInvocation: number
  readonly gbSeconds: number
  /** Average concurrent invocations the load needs. */
  readonly concurrency: number
  readonly dynamoWrites: number
  readonly dynamoReads: number
  readonly alerts: number
  readonly logGb: number
}

function perMillion(count: number, price: Price): number {
  return (count / 1e6) * price.usd
}

function sum(items: readonly LineItem[]): number {
  return items.reduce((total, item) => total + item.usd, 0)
}

const fmt = (n: number, digits = 0) => n.toLocaleString('en-US', { maximumFractionDigits: digits })

/** Time per record at `memoryMb`: Lambda allocates CPU in proportion to memory, a full vCPU at 1,769 MB. */
export function secondsPerRecordAt(cpuSecondsPerRecord: number, memoryMb: number): number {
  return cpuSecondsPerRecord * Math.max(1, LAMBDA_MB_PER_VCPU / memoryMb)
}

export function lambdaSinkFigures(i: LambdaSinkInputs): LambdaSinkFigures {
  const recordsPerMonth = i.recordsPerSecond * SECONDS_PER_MONTH
  const window = Math.max(i.batchingWindowSeconds ?? 0, ESM_DEFAULT_BATCHING_WINDOW_SECONDS)
  const limits: ReadonlyArray<[LambdaSinkFigures['batchLimit'], number]> = [
    ['config', i.batchSize],
    ['esm-max', ESM_MAX_BATCH_RECORDS],
    ['payload', Math.max(1, Math.floor(ESM_MAX_PAYLOAD_BYTES / i.eventBytesPerRecord))],
    ['window', Math.max(1, (i.recordsPerSecond / i.topics) * window)],
  ]
  let [batchLimit, recordsPerInvocation] = limits[0]!
  for (const [limit, records] of limits) {
    if (records < recordsPerInvocation) [batchLimit, recordsPerInvocation] = [limit, records]
  }
  const invocations = recordsPerMonth / recordsPerInvocation
  const secondsPerRecord = secondsPerRecordAt(i.cpuSecondsPerRecord, i.memoryMb)
  const billedMsPerInvocation = Math.ceil((i.waitSecondsPerBatch + recordsPerInvocation * secondsPerRecord) * 1000)
  const gbSeconds = invocations * (billedMsPerInvocation / 1000) * (i.memoryMb / 1024)
  const alertShare = i.deadLetterQueue ? 1 - (1 - i.errorRecordRate) ** recordsPerInvocation : 0
  const errorLogBytes = recordsPerMonth * i.errorRecordRate * i.errorLogBytesPerRecord
  return {
    recordsPerMonth,
    recordsPerInvocation,
    batchLimit,
    invocations,
    secondsPerRecord,
    billedMsPerInvocation,
    gbSeconds,
    concurrency: ((invocations / SECONDS_PER_MONTH) * billedMsPerInvocation) / 1000,
    dynamoWrites: invocations * i.offsetPartitionsPerBatch,
    dynamoReads: invocations * i.offsetPartitionsPerBatch,
    alerts: invocations * alertShare,
    logGb: (invocations * i.logBytesPerBatch + errorLogBytes) / GB,
  }
}

const BATCH_LIMIT_WORDS: Readonly<Record<LambdaSinkFigures['batchLimit'], string>> = {
  config: 'the batch size the config asks for',
  'esm-max': 'the 10,000 records an event source mapping batch holds',
  payload: 'the 6 MB invocation payload',
  window: 'the records that arrive within the batching window',
}

/** CloudWatch: logs ingested, custom metrics and alarms. */
function cloudWatchItem(logGb: number, customMetrics: number, alarms: number, prices: Prices): LineItem {
  const logs = logGb * prices[PriceKey.CLOUDWATCH_LOGS_INGESTED].usd
  const metrics = customMetrics * prices[PriceKey.CLOUDWATCH_CUSTOM_METRIC].usd
  const alarmUsd = alarms * prices[PriceKey.CLOUDWATCH_ALARM].usd
  return {
    name: 'CloudWatch',
    usd: logs + metrics + alarmUsd,
    detail: `${fmt(logGb, 2)} GB of logs ($${fmt(logs, 2)}), ${customMetrics} custom metrics ($${fmt(metrics, 2)}), ${alarms} alarms ($${fmt(alarmUsd, 2)})`,
  }
}

export function lambdaSinkCost(
  i: LambdaSinkInputs,
  prices: Prices,
): Estimate & { readonly figures: LambdaSinkFigures } {
  const f = lambdaSinkFigures(i)
  const gbSecond = prices[PriceKey.LAMBDA_ARM64_GB_SECOND]
  const items: LineItem[] = [
    {
      name: 'Lambda requests',
      usd: perMillion(f.invocations, prices[PriceKey.LAMBDA_REQUESTS]),
      detail: `${fmt(f.invocations)} invocations of ${fmt(f.recordsPerInvocation, 1)} records (limited by ${BATCH_LIMIT_WORDS[f.batchLimit]})`,
    },
    {
      name: 'Lambda compute',
      usd: f.gbSeconds * gbSecond.usd,
      detail: `${fmt(f.gbSeconds)} GB-s: ${fmt(f.billedMsPerInvocation)} ms per invocation (${fmt(i.waitSecondsPerBatch * 1000)} ms waiting + ${fmt(f.recordsPerInvocation, 1)} × ${fmt(f.secondsPerRecord * 1e6, 1)} µs) at ${fmt(i.memoryMb)} MB arm64`,
    },
    {
      name: 'DynamoDB',
      usd:
        perMillion(f.dynamoWrites, prices[PriceKey.DYNAMODB_WRITE_REQUEST_UNITS]) +
        perMillion(f.dynamoReads, prices[PriceKey.DYNAMODB_READ_REQUEST_UNITS]),
      detail: `offset commits: ${fmt(f.dynamoWrites)} writes and ${fmt(f.dynamoReads)} strongly consistent reads`,
    },
    {
      name: 'SQS',
      usd: perMillion(f.alerts, prices[PriceKey.SQS_REQUESTS]),
      detail: i.deadLetterQueue
        ? `${fmt(f.alerts)} DLQ alerts (one per batch with a dead-letter record)`
        : 'no DLQ alerts (no dead-letter topic)',
    },
    cloudWatchItem(f.logGb, i.customMetrics, i.alarms, prices),
  ]
  const notes: string[] = []
  if (i.eventBytesPerRecord > ESM_MAX_PAYLOAD_BYTES) {
    notes.push(
      'A record this large does not fit the 6 MB invocation payload: the event source mapping cannot deliver it.',
    )
  }
  if (f.concurrency > i.tasks) {
    notes.push(
      `The load needs ${fmt(f.concurrency, 1)} invocations running at once on average, more than tasks.max=${i.tasks} (the reserved concurrency): the lag would grow. Raise tasks.max, or the memory.`,
    )
  }
  return { option: 'connectless on Lambda', usd: sum(items), items, notes, figures: f }
}

export interface LambdaSourceInputs {
  readonly recordsPerSecond: number
  readonly memoryMb: number
  /** Scheduled tasks (each invoked on its own schedule). */
  readonly tasks: number
  readonly pollIntervalMs: number
  /** Minutes between a task's invocations. */
  readonly scheduleRateMinutes: number
  readonly cpuSecondsPerRecord: number
  readonly waitSecondsPerPoll: number
  /** `batch.max.rows`: records per offset commit. */
  readonly batchMaxRows: number
  /** Tables each task reads (offset reads at the start of an invocation). */
  readonly tablesPerTask: number
  readonly logBytesPerInvocation: number
  readonly customMetrics: number
  readonly alarms: number
}

export interface LambdaSourceFigures {
  readonly invocations: number
  readonly recordsPerInvocation: number
  readonly secondsPerRecord: number
  readonly billedMsPerInvocation: number
  readonly gbSeconds: number
  /** Share of an invocation's time the records keep the CPU busy (sub-minute polling). */
  readonly cpuUtilisation: number
  readonly dynamoWrites: number
  readonly dynamoReads: number
  readonly logGb: number
}

export function lambdaSourceFigures(i: LambdaSourceInputs): LambdaSourceFigures {
  const invocations = (i.tasks * MINUTES_PER_MONTH) / i.scheduleRateMinutes
  const recordsPerInvocation = (i.recordsPerSecond * SECONDS_PER_MONTH) / invocations
  const secondsPerRecord = secondsPerRecordAt(i.cpuSecondsPerRecord, i.memoryMb)
  const busySeconds = recordsPerInvocation * secondsPerRecord
  // below a minute an invocation polls until its stop margin, whatever it finds
  const runsItsMinute = i.pollIntervalMs < 60_000
  const windowSeconds = SOURCE_INVOCATION_WINDOW_SECONDS - SOURCE_STOP_MARGIN_SECONDS
  const seconds = runsItsMinute ? Math.max(windowSeconds, busySeconds) : i.waitSecondsPerPoll + busySeconds
  const billedMsPerInvocation = Math.ceil(seconds * 1000)
  const leaseWrites = 2 + Math.floor(seconds / SOURCE_LEASE_RENEW_SECONDS)
  const offsetWrites = recordsPerInvocation / i.batchMaxRows
  return {
    invocations,
    recordsPerInvocation,
    secondsPerRecord,
    billedMsPerInvocation,
    gbSeconds: invocations * (billedMsPerInvocation / 1000) * (i.memoryMb / 1024),
    cpuUtilisation: runsItsMinute ? busySeconds / windowSeconds : 1,
    dynamoWrites: invocations * (leaseWrites + offsetWrites),
    dynamoReads: invocations * i.tablesPerTask,
    logGb: (invocations * i.logBytesPerInvocation) / GB,
  }
}

export function lambdaSourceCost(
  i: LambdaSourceInputs,
  prices: Prices,
): Estimate & { readonly figures: LambdaSourceFigures } {
  const f = lambdaSourceFigures(i)
  const items: LineItem[] = [
    {
      name: 'Lambda requests',
      usd: perMillion(f.invocations, prices[PriceKey.LAMBDA_REQUESTS]),
      detail: `${fmt(f.invocations)} scheduled invocations (${i.tasks} task${i.tasks === 1 ? '' : 's'}, every ${i.scheduleRateMinutes} min), ${fmt(f.recordsPerInvocation, 1)} records each`,
    },
    {
      name: 'Lambda compute',
      usd: f.gbSeconds * prices[PriceKey.LAMBDA_ARM64_GB_SECOND].usd,
      detail:
        i.pollIntervalMs < 60_000
          ? `${fmt(f.gbSeconds)} GB-s: each invocation polls every ${i.pollIntervalMs} ms for its minute (${fmt(f.billedMsPerInvocation)} ms billed) at ${fmt(i.memoryMb)} MB arm64`
          : `${fmt(f.gbSeconds)} GB-s: ${fmt(f.billedMsPerInvocation)} ms per invocation (${fmt(i.waitSecondsPerPoll * 1000)} ms waiting + ${fmt(f.recordsPerInvocation, 1)} × ${fmt(f.secondsPerRecord * 1e6, 1)} µs) at ${fmt(i.memoryMb)} MB arm64`,
    },
    {
      name: 'EventBridge Scheduler',
      usd: perMillion(f.invocations, prices[PriceKey.SCHEDULER_INVOCATIONS]),
      detail: `${fmt(f.invocations)} schedule invocations (free within 14M a month per account; not applied)`,
    },
    {
      name: 'DynamoDB',
      usd:
        perMillion(f.dynamoWrites, prices[PriceKey.DYNAMODB_WRITE_REQUEST_UNITS]) +
        perMillion(f.dynamoReads, prices[PriceKey.DYNAMODB_READ_REQUEST_UNITS]),
      detail: `leases and offset commits: ${fmt(f.dynamoWrites)} writes; ${fmt(f.dynamoReads)} offset reads`,
    },
    { name: 'SQS', usd: 0, detail: 'no DLQ alerts (source connectors have no dead-letter topic)' },
    cloudWatchItem(f.logGb, i.customMetrics, i.alarms, prices),
  ]
  const notes: string[] = []
  if (f.cpuUtilisation > 1) {
    notes.push(
      `Each task would need ${fmt(f.cpuUtilisation, 1)}× its minute of CPU for its records: raise tasks.max (with more tables) or the memory.`,
    )
  }
  return { option: 'connectless on Lambda', usd: sum(items), items, notes, figures: f }
}

export interface ThroughputInputs {
  readonly recordsPerSecond: number
  readonly recordBytes: number
}

/** MSK Connect: MCUs for the throughput (at least one worker of one MCU), all month. */
export function mskConnectCost(i: ThroughputInputs, prices: Prices): Estimate {
  const mbPerSecond = (i.recordsPerSecond * i.recordBytes) / 1e6
  const mcus = Math.max(MSK_CONNECT_MIN_MCU, Math.ceil(mbPerSecond / MSK_CONNECT_MB_PER_SECOND_PER_MCU))
  const price = prices[PriceKey.MSK_CONNECT_MCU_HOUR]
  const usd = mcus * HOURS_PER_MONTH * price.usd
  return {
    option: 'MSK Connect',
    usd,
    items: [
      {
        name: 'MCU-hours',
        usd,
        detail: `${mcus} MCU × ${HOURS_PER_MONTH} h × $${price.usd} (${fmt(mbPerSecond, 3)} MB/s at ${MSK_CONNECT_MB_PER_SECOND_PER_MCU} MB/s per MCU, at least ${MSK_CONNECT_MIN_MCU} worker × 1 MCU)`,
      },
    ],
    notes: ['Billed when idle too: a connector does not scale to zero.'],
  }
}

export interface FirehoseInputs extends ThroughputInputs {
  /** The connector writes Parquet: Firehose's format conversion is needed. */
  readonly parquet: boolean
}

function firehoseEstimate(
  option: string,
  i: FirehoseInputs,
  ingestion: Price,
  roundIngestion: boolean,
  prices: Prices,
  notes: readonly string[],
): Estimate {
  const records = i.recordsPerSecond * SECONDS_PER_MONTH
  const realGb = (records * i.recordBytes) / GB
  const roundedGb = (records * Math.ceil(i.recordBytes / FIREHOSE_ROUNDING_BYTES) * FIREHOSE_ROUNDING_BYTES) / GB
  const ingestedGb = roundIngestion ? roundedGb : realGb
  const items: LineItem[] = [
    {
      name: 'Ingestion',
      usd: ingestedGb * ingestion.usd,
      detail: `${fmt(ingestedGb, 1)} GB × $${ingestion.usd}${roundIngestion ? ' (each record rounded up to 5 KB)' : ''}`,
    },
  ]
  if (i.parquet) {
    const conversion = prices[PriceKey.FIREHOSE_FORMAT_CONVERSION]
    items.push({
      name: 'Format conversion',
      usd: roundedGb * conversion.usd,
      detail: `${fmt(roundedGb, 1)} GB × $${conversion.usd} (JSON to Parquet, in 5 KB increments)`,
    })
  }
  return { option, usd: sum(items), items, notes }
}

/** Firehose reading the topic from MSK, and Firehose fed by Direct PUT, for a sink to S3 or OpenSearch. */
export function firehoseCosts(i: FirehoseInputs, destination: 's3' | 'opensearch', prices: Prices): Estimate[] {
  const msk: Estimate =
    destination === 's3'
      ? firehoseEstimate('Data Firehose (MSK source)', i, prices[PriceKey.FIREHOSE_MSK_SOURCE], false, prices, [
          'One Firehose stream per topic, MSK clusters only; no transforms but a Lambda, no Kafka DLQ, no exactly-once.',
        ])
      : {
          option: 'Data Firehose (MSK source)',
          usd: null,
          items: [],
          notes: ['An MSK source delivers to S3 only.'],
        }
  const direct = firehoseEstimate('Data Firehose (Direct PUT)', i, prices[PriceKey.FIREHOSE_DIRECT_PUT], true, prices, [
    'Something must read the topic and call PutRecordBatch: that consumer is not counted.',
  ])
  return [msk, direct]
}
