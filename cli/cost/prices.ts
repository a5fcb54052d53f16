/**
 * Every price `connectless cost` uses, in one dated table per region. Prices change: when one does,
 * change it here, with the date it was read and where, and the worked examples in docs/cost.md.
 *
 * Units: a GB is 2^30 bytes (1,073,741,824), as AWS bills data volumes; a month is 730 hours.
 * Free tiers are not applied anywhere: they are per account, shared by everything in it.
 */

/** One price: US dollars per `unit`, and where it was read. */
export interface Price {
  readonly usd: number
  readonly unit: string
  readonly source: string
}

export const PriceKey = {
  LAMBDA_REQUESTS: 'lambda.requests',
  LAMBDA_ARM64_GB_SECOND: 'lambda.arm64.gb-second',
  ESM_PROVISIONED_EPU_HOUR: 'lambda.esm.provisioned.epu-hour',
  DYNAMODB_WRITE_REQUEST_UNITS: 'dynamodb.on-demand.write-request-units',
  DYNAMODB_READ_REQUEST_UNITS: 'dynamodb.on-demand.read-request-units',
  SQS_REQUESTS: 'sqs.standard.requests',
  CLOUDWATCH_LOGS_INGESTED: 'cloudwatch.logs.ingested',
  CLOUDWATCH_CUSTOM_METRIC: 'cloudwatch.custom-metric',
  CLOUDWATCH_ALARM: 'cloudwatch.alarm',
  SCHEDULER_INVOCATIONS: 'scheduler.invocations',
  MSK_CONNECT_MCU_HOUR: 'msk-connect.mcu-hour',
  FIREHOSE_MSK_SOURCE: 'firehose.msk-source.ingested',
  FIREHOSE_DIRECT_PUT: 'firehose.direct-put.ingested',
  FIREHOSE_FORMAT_CONVERSION: 'firehose.format-conversion',
} as const
export type PriceKey = (typeof PriceKey)[keyof typeof PriceKey]

export interface RegionPrices {
  readonly region: string
  /** The day the prices were read (ISO date). */
  readonly asOf: string
  readonly prices: Readonly<Record<PriceKey, Price>>
}

const RESEARCH = 'shared/research/aws-serverless.md §4.1'

/** The prices, by region. A region not listed here is refused by the command rather than guessed. */
export const PRICE_TABLE: Readonly<Record<string, RegionPrices>> = {
  'us-east-1': {
    region: 'us-east-1',
    asOf: '2026-11-24',
    prices: {
      [PriceKey.LAMBDA_REQUESTS]: { usd: 0.2, unit: '1M requests', source: RESEARCH },
      [PriceKey.LAMBDA_ARM64_GB_SECOND]: {
        usd: 0.0000133334,
        unit: 'GB-second (arm64, first 6B GB-s/month)',
        source: RESEARCH,
      },
      [PriceKey.ESM_PROVISIONED_EPU_HOUR]: {
        usd: 0.185,
        unit: 'event poller unit-hour (Kafka ESM provisioned mode; on-demand mode has no charge)',
        source: RESEARCH,
      },
      [PriceKey.DYNAMODB_WRITE_REQUEST_UNITS]: { usd: 0.625, unit: '1M write request units', source: RESEARCH },
      [PriceKey.DYNAMODB_READ_REQUEST_UNITS]: { usd: 0.125, unit: '1M read request units', source: RESEARCH },
      [PriceKey.SQS_REQUESTS]: { usd: 0.4, unit: '1M standard queue requests', source: RESEARCH },
      [PriceKey.CLOUDWATCH_LOGS_INGESTED]: {
        usd: 0.5,
        unit: 'GB of logs ingested',
        source: `${RESEARCH} (recalled, not read from a page)`,
      },
      [PriceKey.CLOUDWATCH_CUSTOM_METRIC]: {
        usd: 0.3,
        unit: 'custom metric-month (first 10,000)',
        source: `${RESEARCH} (recalled, not read from a page)`,
      },
      [PriceKey.CLOUDWATCH_ALARM]: {
        usd: 0.1,
        unit: 'standard-resolution alarm-month',
        source: `${RESEARCH} (recalled, not read from a page)`,
      },
      [PriceKey.SCHEDULER_INVOCATIONS]: {
        usd: 1.0,
        unit: '1M EventBridge Scheduler invocations (beyond 14M free a month)',
        source: RESEARCH,
      },
      [PriceKey.MSK_CONNECT_MCU_HOUR]: { usd: 0.11, unit: 'MCU-hour (1 vCPU, 4 GiB)', source: RESEARCH },
      [PriceKey.FIREHOSE_MSK_SOURCE]: {
        usd: 0.055,
        unit: 'GB read from MSK (no 5 KB rounding)',
        source: `${RESEARCH} (recalled, to verify: not found on a stored page)`,
      },
      [PriceKey.FIREHOSE_DIRECT_PUT]: {
        usd: 0.029,
        unit: 'GB ingested, each record rounded up to 5 KB (first 500 TB)',
        source: RESEARCH,
      },
      [PriceKey.FIREHOSE_FORMAT_CONVERSION]: {
        usd: 0.018,
        unit: 'GB ingested, in 5 KB increments (JSON to Parquet/ORC)',
        source: RESEARCH,
      },
    },
  },
}

/** The prices of `region`, or null where the table has none. */
export function pricesFor(region: string): RegionPrices | null {
  return PRICE_TABLE[region] ?? null
}
