// The cost model's arithmetic against examples worked by hand (docs/cost.md works the first one in
// full). Prices are us-east-1 of the table; a GB is 2^30 bytes and a month 2,628,000 s.
import { describe, expect, it } from 'vitest'
import {
  firehoseCosts,
  type LambdaSinkInputs,
  lambdaSinkCost,
  lambdaSourceCost,
  mskConnectCost,
  secondsPerRecordAt,
} from '../../../cli/cost/model.js'
import { pricesFor } from '../../../cli/cost/prices.js'

const prices = pricesFor('us-east-1')!.prices

/** The seed's S3 sink at 1,000 records/s of 1 KiB, 20 µs of CPU per record measured. */
const S3_SEED: LambdaSinkInputs = {
  recordsPerSecond: 1000,
  memoryMb: 1024,
  topics: 1,
  tasks: 3,
  batchSize: 1000,
  batchingWindowSeconds: 60,
  eventBytesPerRecord: 1600,
  cpuSecondsPerRecord: 20e-6,
  waitSecondsPerBatch: 0.06,
  offsetPartitionsPerBatch: 1,
  errorRecordRate: 0,
  deadLetterQueue: false,
  errorLogBytesPerRecord: 0,
  logBytesPerBatch: 2560,
  customMetrics: 24,
  alarms: 3,
}

const item = (estimate: { items: readonly { name: string; usd: number }[] }, name: string) =>
  estimate.items.find((i) => i.name === name)?.usd

describe('the Lambda sink estimate', () => {
  it('matches the hand-worked example of the seed S3 sink at 1,000 records/s', () => {
    const estimate = lambdaSinkCost(S3_SEED, prices)
    const f = estimate.figures
    // R = 1,000 × 2,628,000; batches of flush.size=1000 (the window would allow 60,000)
    expect(f.recordsPerMonth).toBe(2_628_000_000)
    expect(f.recordsPerInvocation).toBe(1000)
    expect(f.batchLimit).toBe('config')
    expect(f.invocations).toBe(2_628_000)
    // 20 µs × 1769/1024 = 34.55 µs; 60 ms + 1,000 × 34.55 µs = 94.55 ms, billed 95 ms
    expect(f.secondsPerRecord).toBeCloseTo(34.5508e-6, 9)
    expect(f.billedMsPerInvocation).toBe(95)
    // 2,628,000 × 0.095 s × 1 GB
    expect(f.gbSeconds).toBeCloseTo(249_660, 6)
    expect(item(estimate, 'Lambda requests')).toBeCloseTo(0.5256, 6) // 2.628M × $0.20/M
    expect(item(estimate, 'Lambda compute')).toBeCloseTo(3.32882, 5) // 249,660 × $0.0000133334
    expect(item(estimate, 'DynamoDB')).toBeCloseTo(1.971, 6) // 2.628M × ($0.625 + $0.125)/M
    expect(item(estimate, 'SQS')).toBe(0)
    // 2,628,000 × 2,560 B = 6,727,680,000 B = 6.26564 GB × $0.50 = $3.13282; 24 × $0.30; 3 × $0.10
    expect(f.logGb).toBeCloseTo(6.26564, 5)
    expect(item(estimate, 'CloudWatch')).toBeCloseTo(3.13282 + 7.2 + 0.3, 4)
    expect(estimate.usd).toBeCloseTo(16.45824, 4)
    expect(estimate.notes).toEqual([])
  })

  it('batches only the records that arrive within the window, at least half a second of them', () => {
    // the seed's Elasticsearch sink at 100 records/s over two topics, linger.ms=1 (a 0 s window)
    const f = lambdaSinkCost(
      { ...S3_SEED, recordsPerSecond: 100, topics: 2, batchSize: 2000, batchingWindowSeconds: 0 },
      prices,
    ).figures
    expect(f.batchLimit).toBe('window')
    expect(f.recordsPerInvocation).toBe(25) // 50 records/s per topic × 0.5 s
    expect(f.invocations).toBe(10_512_000) // 262.8M records / 25
  })

  it('caps a batch at the 6 MB invocation payload and at 10,000 records', () => {
    const big = lambdaSinkCost({ ...S3_SEED, batchSize: 10_000, eventBytesPerRecord: 13_600 }, prices).figures
    expect(big.batchLimit).toBe('payload')
    expect(big.recordsPerInvocation).toBe(462) // floor(6,291,456 / 13,600)
    const small = lambdaSinkCost({ ...S3_SEED, batchSize: 50_000, eventBytesPerRecord: 200 }, prices).figures
    expect(small.batchLimit).toBe('esm-max')
    expect(small.recordsPerInvocation).toBe(10_000)
  })

  it('sends one SQS alert per batch that has a dead-letter record, and logs each failed record', () => {
    const estimate = lambdaSinkCost(
      { ...S3_SEED, errorRecordRate: 0.001, deadLetterQueue: true, errorLogBytesPerRecord: 900 },
      prices,
    )
    // 1 − 0.999^1000 = 0.63230 of the 2,628,000 batches
    expect(estimate.figures.alerts).toBeCloseTo(2_628_000 * 0.632305, -1)
    expect(item(estimate, 'SQS')).toBeCloseTo((2_628_000 * 0.632305 * 0.4) / 1e6, 4)
    // + 2.628M failed records × 900 B
    expect(estimate.figures.logGb).toBeCloseTo((2_628_000 * 2560 + 2_628_000 * 900) / 2 ** 30, 6)
  })

  it('says so when the load needs more concurrent invocations than tasks.max', () => {
    const estimate = lambdaSinkCost({ ...S3_SEED, tasks: 1, cpuSecondsPerRecord: 2e-3 }, prices)
    // 60 ms + 1,000 × 2 ms × 1769/1024 = 3,515.08 ms, billed 3,516 ms; one batch a second
    expect(estimate.figures.concurrency).toBeCloseTo(3.516, 6)
    expect(estimate.notes.join()).toContain('more than tasks.max=1')
  })

  it('gives Lambda no more CPU than one vCPU for a single-threaded task', () => {
    expect(secondsPerRecordAt(10e-6, 1769)).toBeCloseTo(10e-6, 12)
    expect(secondsPerRecordAt(10e-6, 3538)).toBeCloseTo(10e-6, 12)
    expect(secondsPerRecordAt(10e-6, 512)).toBeCloseTo(34.551e-6, 9)
  })
})

describe('the Lambda source estimate', () => {
  it('bills a whole minute per task and invocation when poll.interval.ms is under a minute', () => {
    // the seed's postgres-source: 3 tables, tasks.max=3, poll.interval.ms=1000, 100 records/s, 512 MB
    const estimate = lambdaSourceCost(
      {
        recordsPerSecond: 100,
        memoryMb: 512,
        tasks: 3,
        pollIntervalMs: 1000,
        scheduleRateMinutes: 1,
        cpuSecondsPerRecord: 5e-6,
        waitSecondsPerPoll: 0.3,
        batchMaxRows: 100,
        tablesPerTask: 1,
        logBytesPerInvocation: 1870,
        customMetrics: 40,
        alarms: 2,
      },
      prices,
    )
    const f = estimate.figures
    expect(f.invocations).toBe(131_400) // 3 × 43,800 minutes
    expect(f.recordsPerInvocation).toBe(2000) // 262.8M / 131,400
    expect(f.billedMsPerInvocation).toBe(55_000) // the minute less the 5 s stop margin
    expect(f.gbSeconds).toBe(3_613_500) // 131,400 × 55 s × 0.5 GB
    expect(item(estimate, 'Lambda compute')).toBeCloseTo(48.18024, 4) // 3,613,500 × $0.0000133334
    // per invocation: lease 2 + 55/5 renewals = 13 writes, offsets 2,000 / 100 = 20 writes
    expect(f.dynamoWrites).toBe(131_400 * 33)
    expect(item(estimate, 'EventBridge Scheduler')).toBeCloseTo(0.1314, 6)
  })

  it('bills only the poll when the interval is a minute or more', () => {
    const f = lambdaSourceCost(
      {
        recordsPerSecond: 1,
        memoryMb: 1769,
        tasks: 1,
        pollIntervalMs: 300_000,
        scheduleRateMinutes: 5,
        cpuSecondsPerRecord: 10e-6,
        waitSecondsPerPoll: 0.3,
        batchMaxRows: 100,
        tablesPerTask: 1,
        logBytesPerInvocation: 1870,
        customMetrics: 20,
        alarms: 2,
      },
      prices,
    ).figures
    expect(f.invocations).toBe(8760) // 43,800 / 5
    expect(f.recordsPerInvocation).toBe(300)
    expect(f.billedMsPerInvocation).toBe(303) // 300 ms + 300 × 10 µs
  })
})

describe('the alternatives', () => {
  it('prices MSK Connect at one MCU at least, and one more per 2 MB/s', () => {
    expect(mskConnectCost({ recordsPerSecond: 1000, recordBytes: 1024 }, prices).usd).toBeCloseTo(80.3, 6)
    // 10.24 MB/s: 6 MCU × 730 h × $0.11
    expect(mskConnectCost({ recordsPerSecond: 10_000, recordBytes: 1024 }, prices).usd).toBeCloseTo(481.8, 6)
  })

  it('prices Firehose per GB, Direct PUT and conversion on records rounded up to 5 KB', () => {
    const [msk, direct] = firehoseCosts({ recordsPerSecond: 1000, recordBytes: 1024, parquet: true }, 's3', prices)
    const realGb = (2_628_000_000 * 1024) / 2 ** 30 // 2,506.26
    const roundedGb = (2_628_000_000 * 5120) / 2 ** 30 // 12,531.3
    expect(msk!.usd).toBeCloseTo(realGb * 0.055 + roundedGb * 0.018, 6)
    expect(direct!.usd).toBeCloseTo(roundedGb * 0.029 + roundedGb * 0.018, 6)
    const [, plain] = firehoseCosts({ recordsPerSecond: 1000, recordBytes: 6000, parquet: false }, 's3', prices)
    // 6,000 bytes are billed as 10 KB
    expect(plain!.usd).toBeCloseTo(((2_628_000_000 * 10_240) / 2 ** 30) * 0.029, 6)
    expect(plain!.items.map((i) => i.name)).toEqual(['Ingestion'])
  })

  it('has no Firehose MSK source for an OpenSearch sink', () => {
    const [msk] = firehoseCosts({ recordsPerSecond: 100, recordBytes: 1024, parquet: false }, 'opensearch', prices)
    expect(msk!.usd).toBeNull()
  })
})
