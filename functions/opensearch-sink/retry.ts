/**
 * Confluent's `RetryUtil`: exponential backoff with full jitter. Before retry n (n = 1, 2, …) the
 * caller sleeps a random time in [0, `retry.backoff.ms` × 2^n), capped at 24 hours.
 *
 * `callWithRetries` differs from Confluent's in two ways, both for Lambda: only failures the caller
 * calls retriable are retried (a 401 fails at once), and retrying stops early when the invocation's
 * remaining time would not cover the next wait and attempt. Running out of attempts or time raises a
 * RetriableException, so the batch is delivered again; a failure that is not retriable raises a
 * ConnectException.
 */
import { ConnectException, RetriableException } from '../../layers/runtime/errors.js'
import { logger } from '../../layers/runtime/logging.js'

/** An arbitrary absolute maximum practical retry time. */
export const MAX_RETRY_TIME_MS = 24 * 60 * 60 * 1000

/**
 * The exponential backoff `initialRetryBackoffMs << retryAttempts`, at most 24 hours; 0 for a negative
 * backoff, the initial backoff for attempts ≤ 0.
 */
export function computeRetryWaitTimeInMillis(retryAttempts: number, initialRetryBackoffMs: number): number {
  if (initialRetryBackoffMs < 0) return 0
  if (retryAttempts <= 0) return initialRetryBackoffMs
  if (retryAttempts > 32) return MAX_RETRY_TIME_MS
  return Math.min(MAX_RETRY_TIME_MS, initialRetryBackoffMs * 2 ** retryAttempts)
}

/**
 * A random wait in [0, {@link computeRetryWaitTimeInMillis}); 0 for a negative backoff, the initial
 * backoff for a negative attempt count. (Java's `nextLong(0, 0)` would throw for a zero backoff; 0 here.)
 */
export function computeRandomRetryWaitTimeInMillis(
  retryAttempts: number,
  initialRetryBackoffMs: number,
  random: () => number = Math.random,
): number {
  if (initialRetryBackoffMs < 0) return 0
  if (retryAttempts < 0) return initialRetryBackoffMs
  const max = computeRetryWaitTimeInMillis(retryAttempts, initialRetryBackoffMs)
  return Math.floor(random() * max)
}

export interface RetryOptions {
  /** Attempts in all, the first included (`max.retries` + 1). */
  readonly maxTotalAttempts: number
  readonly initialBackoffMs: number
  /** Whether a failure may be retried; others fail at once. */
  readonly isRetriable: (error: unknown) => boolean
  /** Java's `e.toString()` for messages. */
  readonly describe: (error: unknown) => string
  /** Milliseconds the invocation has left; retrying stops where a wait and an attempt would not fit. */
  readonly remainingTimeMs?: () => number
  /** How long one attempt may take at most (the read timeout), for the check above. */
  readonly attemptTimeMs?: number
  readonly sleep?: (ms: number) => Promise<void>
  readonly random?: () => number
}

const sleepFor = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms))

/**
 * Calls `fn` up to `maxTotalAttempts` times. `description` is a present-tense phrase ("execute bulk
 * request") used in the messages: `Failed to <description> due to '<error>' after <n> attempt(s)`.
 */
export async function callWithRetries<T>(
  description: string,
  fn: (attempt: number) => Promise<T>,
  options: RetryOptions,
): Promise<T> {
  const sleep = options.sleep ?? sleepFor
  let attempt = 0
  for (;;) {
    attempt++
    try {
      return await fn(attempt)
    } catch (error) {
      const message = `Failed to ${description} due to '${options.describe(error)}' after ${attempt} attempt(s)`
      if (!options.isRetriable(error)) throw new ConnectException(message, { cause: error })
      if (attempt >= options.maxTotalAttempts) {
        logger.error(message)
        throw new RetriableException(message, { cause: error })
      }
      const backoff = computeRandomRetryWaitTimeInMillis(attempt, options.initialBackoffMs, options.random)
      const remaining = options.remainingTimeMs?.()
      if (remaining !== undefined && remaining < backoff + (options.attemptTimeMs ?? 0)) {
        throw new RetriableException(
          `${message}; stopped retrying because the invocation has ${Math.max(0, Math.round(remaining))} ms left`,
          { cause: error },
        )
      }
      logger.warn(
        `Failed to ${description} due to ${options.describe(error)}. Retrying attempt (${attempt}/${options.maxTotalAttempts}) after backoff of ${backoff} ms`,
      )
      await sleep(backoff)
    }
  }
}
