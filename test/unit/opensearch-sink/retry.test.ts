import { describe, expect, it } from 'vitest'
import {
  callWithRetries,
  computeRandomRetryWaitTimeInMillis,
  computeRetryWaitTimeInMillis,
  MAX_RETRY_TIME_MS,
  type RetryOptions,
} from '../../../functions/opensearch-sink/retry.js'
import { ConnectException, RetriableException } from '../../../layers/runtime/errors.js'

class Transient extends Error {}

function options(sleeps: number[], overrides: Partial<RetryOptions> = {}): RetryOptions {
  return {
    maxTotalAttempts: 3,
    initialBackoffMs: 100,
    isRetriable: (e) => e instanceof Transient,
    describe: (e) => `${(e as Error).name}: ${(e as Error).message}`,
    sleep: async (ms) => {
      sleeps.push(ms)
    },
    ...overrides,
  }
}

/** A function that fails `times` times with `error`, then answers true. */
function failing(times: number, error: () => Error = () => new Transient('oh no')) {
  let thrown = 0
  return async () => {
    if (thrown < times) {
      thrown++
      throw error()
    }
    return true
  }
}

function assertComputeRetryInRange(retryAttempts: number, retryBackoffMs: number): void {
  for (let i = 0; i < 20; i++) {
    for (let retries = 0; retries <= retryAttempts; retries++) {
      const max = computeRetryWaitTimeInMillis(retries, retryBackoffMs)
      const result = computeRandomRetryWaitTimeInMillis(retries, retryBackoffMs)
      if (retryBackoffMs < 0) expect(result).toBe(0)
      else {
        expect(result).toBeGreaterThanOrEqual(0)
        expect(result).toBeLessThanOrEqual(max)
      }
    }
  }
}

describe("Confluent's RetryUtil backoff", () => {
  it('doubles the wait with each attempt', () => {
    expect([0, 1, 2, 3, 4, 5].map((n) => computeRetryWaitTimeInMillis(n, 100))).toEqual([
      100, 200, 400, 800, 1600, 3200,
    ])
  })

  it('caps the wait at 24 hours', () => {
    expect(computeRetryWaitTimeInMillis(40, 100)).toBe(MAX_RETRY_TIME_MS)
    expect(computeRetryWaitTimeInMillis(30, 86_400_000)).toBe(MAX_RETRY_TIME_MS)
  })

  it('draws the jittered wait between 0 and the exponential backoff', () => {
    assertComputeRetryInRange(0, 10)
    assertComputeRetryInRange(10, 10)
    assertComputeRetryInRange(10, 1000)
    assertComputeRetryInRange(100, 1000)
    expect(computeRandomRetryWaitTimeInMillis(3, 100, () => 0.999)).toBe(799)
    expect(computeRandomRetryWaitTimeInMillis(3, 100, () => 0)).toBe(0)
  })

  it('waits the initial backoff for negative attempts and nothing for a negative or zero backoff', () => {
    expect(computeRandomRetryWaitTimeInMillis(-1, 10)).toBe(10)
    assertComputeRetryInRange(10, -100)
    expect(computeRandomRetryWaitTimeInMillis(3, 0)).toBe(0)
  })
})

describe('callWithRetries', () => {
  it('calls once without sleeping when the call succeeds', async () => {
    const sleeps: number[] = []
    expect(await callWithRetries('test', failing(0), options(sleeps))).toBe(true)
    expect(sleeps).toEqual([])
  })

  it('sleeps before each retry and answers once the call succeeds', async () => {
    const sleeps: number[] = []
    expect(await callWithRetries('test', failing(2), options(sleeps, { random: () => 0.5 }))).toBe(true)
    expect(sleeps).toEqual([100, 200])
  })

  it('raises a RetriableException in Confluent’s words when the attempts run out', async () => {
    const sleeps: number[] = []
    const call = callWithRetries('execute bulk request', failing(4), options(sleeps))
    await expect(call).rejects.toThrow(RetriableException)
    await expect(callWithRetries('execute bulk request', failing(4), options([]))).rejects.toThrow(
      "Failed to execute bulk request due to 'Error: oh no' after 3 attempt(s)",
    )
    expect(sleeps).toHaveLength(2)
  })

  it('does not retry a failure that is not retriable', async () => {
    const sleeps: number[] = []
    const call = callWithRetries(
      'create index x',
      failing(1, () => new Error('401')),
      options(sleeps),
    )
    await expect(call).rejects.toThrow(ConnectException)
    await expect(
      callWithRetries(
        'create index x',
        failing(1, () => new Error('401')),
        options([]),
      ),
    ).rejects.not.toThrow(RetriableException)
    expect(sleeps).toEqual([])
  })

  it('stops retrying when the invocation has no time left for a wait and an attempt', async () => {
    const sleeps: number[] = []
    const call = callWithRetries(
      'execute bulk request',
      failing(5),
      options(sleeps, { maxTotalAttempts: 6, remainingTimeMs: () => 2000, attemptTimeMs: 3000 }),
    )
    await expect(call).rejects.toThrow(/after 1 attempt\(s\); stopped retrying because the invocation has 2000 ms left/)
    expect(sleeps).toEqual([])
  })
})
