/**
 * Connect's `RetryWithToleranceOperator`: runs one stage of one record's processing, retries a
 * RetriableException with Connect's backoff (300 ms doubling, capped by errors.retry.delay.max.ms,
 * bounded by errors.retry.timeout), and decides by errors.tolerance whether a failure skips the
 * record or fails the task. Every failure is handed to the reporters (error log, dead-letter queue).
 *
 * Faithful details that surprise people: with the default errors.retry.timeout=0 a retriable error is
 * not retried, and a record whose retries ran out is skipped even with errors.tolerance=none (the
 * tolerance limit applies to non-retriable errors only). In TASK_PUT and other non-conversion stages,
 * only a RetriableException can be tolerated.
 */
import { setTimeout as sleep } from 'node:timers/promises'
import { ConnectException, RetriableException } from '../errors.js'
import { type Stage, TOLERABLE_ANY_ERROR } from './stage.js'

export const ToleranceType = { NONE: 'none', ALL: 'all' } as const
export type ToleranceType = (typeof ToleranceType)[keyof typeof ToleranceType]

export interface ToleranceSettings {
  /** errors.retry.timeout: 0 = no retries, -1 = forever. */
  readonly retryTimeoutMs: number
  /** errors.retry.delay.max.ms */
  readonly retryDelayMaxMs: number
  /** errors.tolerance */
  readonly tolerance: ToleranceType
}

const RETRIES_DELAY_MIN_MS = 300

/** What is known about the record being processed when a stage fails. */
export class ProcessingContext<T> {
  stage: Stage | null = null
  /** The Java class name of what ran the stage (a converter, a transformation, the SinkTask). */
  executingClass = ''
  error: unknown = null
  attempt = 0

  constructor(readonly original: T) {}

  failed(): boolean {
    return this.error !== null
  }
}

export interface ErrorReporter<T> {
  report(context: ProcessingContext<T>): void | Promise<void>
}

export class RetryWithToleranceOperator<T> {
  private totalFailures = 0
  private stopAt = Number.POSITIVE_INFINITY

  constructor(
    private readonly settings: ToleranceSettings,
    private readonly reporters: readonly ErrorReporter<T>[] = [],
  ) {}

  /** Retries stop at this epoch-ms instant (the Lambda's remaining time), as a stopping task's do. */
  stopRetriesAt(epochMs: number): void {
    this.stopAt = epochMs
  }

  get failures(): number {
    return this.totalFailures
  }

  /**
   * Runs `operation` for the record in `context`. Returns its result, or null where the record is to be
   * skipped; throws a ConnectException where the task must fail. Does nothing (null) once the
   * context has failed.
   */
  async execute<V>(
    context: ProcessingContext<T>,
    stage: Stage,
    executingClass: string,
    operation: () => V | Promise<V>,
  ): Promise<V | null> {
    if (context.failed()) return null
    context.stage = stage
    context.executingClass = executingClass
    try {
      return await this.execAndHandleError(context, operation, TOLERABLE_ANY_ERROR.has(stage))
    } finally {
      if (context.failed()) for (const r of this.reporters) await r.report(context)
    }
  }

  /**
   * {@link execute} of `operation(a, b)`, answering at once where the operation does and succeeds on
   * its first attempt (the hot path: a batch runs a dozen stages for each of thousands of records, and
   * promises and closures for all of them cost more than most stages). An operation that fails, or
   * answers with a promise, continues in `execute` exactly as if `execute` had run it: retries,
   * tolerance and reporters are the same.
   */
  executeSync<A, B, V>(
    context: ProcessingContext<T>,
    stage: Stage,
    executingClass: string,
    operation: (a: A, b: B) => V | Promise<V>,
    a: A,
    b: B,
  ): V | null | Promise<V | null> {
    if (context.failed()) return null
    context.stage = stage
    context.executingClass = executingClass
    context.attempt = 1
    let first: V | Promise<V>
    try {
      first = operation(a, b)
    } catch (error) {
      return this.execute(context, stage, executingClass, afterFirstAttempt(Promise.reject(error), operation, a, b))
    }
    if (!isPromiseLike(first)) return first
    return this.execute(context, stage, executingClass, afterFirstAttempt(first, operation, a, b))
  }

  /**
   * Connect's `executeFailed`: a failure the task found itself (the errant record reporter, KIP-610).
   * Reported at once; with errors.tolerance=none the task then fails, whatever the error's class.
   */
  async executeFailed(
    context: ProcessingContext<T>,
    stage: Stage,
    executingClass: string,
    error: unknown,
  ): Promise<void> {
    this.totalFailures++
    context.stage = stage
    context.executingClass = executingClass
    context.error = error
    for (const r of this.reporters) await r.report(context)
    if (this.settings.tolerance === ToleranceType.NONE) {
      throw new ConnectException('Tolerance exceeded in error handler', { cause: error })
    }
  }

  private async execAndHandleError<V>(
    context: ProcessingContext<T>,
    operation: () => V | Promise<V>,
    anyErrorTolerable: boolean,
  ): Promise<V | null> {
    try {
      const result = await this.execAndRetry(context, operation)
      if (context.failed()) this.totalFailures++
      return result
    } catch (e) {
      this.totalFailures++
      context.error = e
      if (!anyErrorTolerable && !(e instanceof RetriableException)) {
        throw new ConnectException('Unhandled exception in error handler', { cause: e })
      }
      if (this.settings.tolerance === ToleranceType.NONE) {
        throw new ConnectException('Tolerance exceeded in error handler', { cause: e })
      }
      return null
    }
  }

  private async execAndRetry<V>(context: ProcessingContext<T>, operation: () => V | Promise<V>): Promise<V | null> {
    const start = Date.now()
    const deadline = Math.min(
      this.settings.retryTimeoutMs >= 0 ? start + this.settings.retryTimeoutMs : Number.POSITIVE_INFINITY,
      this.stopAt,
    )
    for (let attempt = 1; ; attempt++) {
      context.attempt = attempt
      try {
        return await operation()
      } catch (e) {
        if (!(e instanceof RetriableException)) throw e
        if (Date.now() >= deadline) {
          context.error = e
          return null
        }
        await sleep(this.backoffMs(attempt, deadline))
      }
    }
  }

  private backoffMs(attempt: number, deadline: number): number {
    let delay = RETRIES_DELAY_MIN_MS * 2 ** (attempt - 1)
    if (delay > this.settings.retryDelayMaxMs) delay = Math.floor(Math.random() * this.settings.retryDelayMaxMs)
    const now = Date.now()
    return delay + now > deadline ? Math.max(0, deadline - now) : delay
  }
}

export function isPromiseLike<V>(value: V | Promise<V>): value is Promise<V> {
  return typeof (value as { then?: unknown } | null)?.then === 'function'
}

/** An operation whose first attempt has run already (its outcome is `first`); later attempts run it again. */
function afterFirstAttempt<A, B, V>(
  first: Promise<V>,
  operation: (a: A, b: B) => V | Promise<V>,
  a: A,
  b: B,
): () => V | Promise<V> {
  let ran = false
  return () => {
    if (ran) return operation(a, b)
    ran = true
    return first
  }
}
