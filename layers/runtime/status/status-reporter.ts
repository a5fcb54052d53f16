/**
 * The hooks connector functions call so that status and metrics tell the truth: after each batch
 * (`recordBatchOutcome`) and once per cold start (`recordConnectorStartup`).
 *
 * A batch that completed: one EMF metrics line, and the task RUNNING again if it had failed. A batch
 * that failed: a `batch-failure-total` line and, unless the error is retriable (the batch is simply
 * delivered again, as Connect retries a `RetriableException` without failing the task), the task FAILED
 * with the error's trace. A task a user paused or stopped is never overwritten. RUNNING is confirmed
 * at most every `confirmEveryMs` per execution environment (a failure, and the first success after
 * one, are written at once), so a busy sink does not pay a DynamoDB write per batch.
 *
 * The hooks never throw: a status or metrics problem is logged and the batch goes on.
 *
 * @example
 * const result = await runtime.processBatch(records, deadline)
 * await recordBatchOutcome(deployment.name, 0, result, { topics: topicsOf(records) })
 */
import { hostname } from 'node:os'
import { RetriableException } from '../errors.js'
import { logger } from '../logging.js'
import { type ConnectorMetrics, connectorMetrics, type SinkBatchMetrics, type SourceBatchMetrics } from '../metrics.js'
import { CONNECTLESS_VERSION } from '../rest/server-info.js'
import { stackTrace } from '../tolerance/java-error.js'
import { State } from './state.js'
import { StatusStore } from './status-store.js'

/** What a batch came to: the runtime's result, or what it threw. */
export type BatchOutcome = SinkBatchMetrics | SourceBatchMetrics | Error | unknown

/** Where this code runs, as the status's `worker_id`: the Lambda function, else the host. */
export function workerId(): string {
  return process.env['CONNECTLESS_WORKER_ID'] ?? process.env['AWS_LAMBDA_FUNCTION_NAME'] ?? hostname()
}

const isObject = (o: unknown): o is Record<string, unknown> => typeof o === 'object' && o !== null

/** A source run's result: it says what it produced. */
function isSourceResult(o: unknown): o is SourceBatchMetrics {
  return isObject(o) && !(o instanceof Error) && typeof o['produced'] === 'number' && typeof o['read'] === 'number'
}

/** A sink batch's result (the sink runtime's `BatchResult`). */
function isSinkResult(o: unknown): o is SinkBatchMetrics {
  return isObject(o) && !(o instanceof Error) && typeof o['read'] === 'number' && !isSourceResult(o)
}

/** States a task's own report never replaces: the user's pause and stop. */
const USER_STATES: readonly State[] = [State.PAUSED, State.STOPPED]
/** States a success replaces with RUNNING. */
const NOT_RUNNING: readonly State[] = [State.RUNNING, State.PAUSED, State.STOPPED]

export interface StatusReporterOptions {
  /** Default: the DynamoDB status store, created on first use. */
  readonly store?: () => StatusStore
  readonly metrics?: () => ConnectorMetrics
  readonly workerId?: string
  readonly version?: string
  /** How long a RUNNING confirmation is trusted before it is written again (default 30 s). */
  readonly confirmEveryMs?: number
  readonly now?: () => number
}

export class StatusReporter {
  readonly #store: () => StatusStore
  readonly #metrics: () => ConnectorMetrics
  readonly #workerId: string
  readonly #version: string
  readonly #confirmEveryMs: number
  readonly #now: () => number
  /** When RUNNING was last confirmed, per `connector-task`; absent after a failure. */
  readonly #confirmed = new Map<string, number>()
  readonly #topics = new Set<string>()

  constructor(options: StatusReporterOptions = {}) {
    let store: StatusStore | undefined
    this.#store = options.store ?? (() => (store ??= new StatusStore()))
    this.#metrics = options.metrics ?? connectorMetrics
    this.#workerId = options.workerId ?? workerId()
    this.#version = options.version ?? CONNECTLESS_VERSION
    this.#confirmEveryMs = options.confirmEveryMs ?? 30_000
    this.#now = options.now ?? Date.now
  }

  /** Records a batch's outcome for `connector`'s task `task`; `topics` are the topics the batch used. */
  async recordBatchOutcome(
    connector: string,
    task: number,
    outcome: BatchOutcome,
    options: { readonly topics?: Iterable<string> } = {},
  ): Promise<void> {
    const id = { connector, task }
    const key = `${connector}-${task}`
    try {
      if (isSinkResult(outcome)) this.#metrics().sinkBatch(id, outcome)
      else if (isSourceResult(outcome)) this.#metrics().sourceBatch(id, outcome)
      else this.#metrics().batchFailure(id)
    } catch (e) {
      logger.warn('Could not publish the batch metrics', { connector, task, error: e })
    }
    try {
      if (isSinkResult(outcome) || isSourceResult(outcome)) {
        const last = this.#confirmed.get(key)
        if (last === undefined || this.#now() - last >= this.#confirmEveryMs) {
          await this.#store().putTaskStatus(connector, task, this.#update(State.RUNNING, null), NOT_RUNNING)
          this.#confirmed.set(key, this.#now())
        }
        for (const topic of options.topics ?? []) {
          const topicKey = `${connector}\u0000${topic}`
          if (this.#topics.has(topicKey)) continue
          await this.#store().addTopic(connector, topic)
          this.#topics.add(topicKey)
        }
      } else if (!(outcome instanceof RetriableException)) {
        this.#confirmed.delete(key)
        await this.#store().putTaskStatus(connector, task, this.#update(State.FAILED, stackTrace(outcome)), USER_STATES)
      }
    } catch (e) {
      logger.warn('Could not record the task status', { connector, task, error: e })
    }
  }

  /**
   * Records a cold start: the connector RUNNING (where it had failed or was restarting), or FAILED with
   * the trace of what stopped it starting (an invalid config, a secret that does not resolve).
   */
  async recordConnectorStartup(connector: string, error?: unknown): Promise<void> {
    try {
      if (error === undefined) {
        await this.#store().putConnectorStatus(connector, this.#update(State.RUNNING, null), NOT_RUNNING)
      } else {
        await this.#store().putConnectorStatus(connector, this.#update(State.FAILED, stackTrace(error)), USER_STATES)
      }
    } catch (e) {
      logger.warn('Could not record the connector status', { connector, error: e })
    }
  }

  #update(state: State, trace: string | null) {
    return { state, workerId: this.#workerId, trace, version: this.#version }
  }
}

let shared: StatusReporter | undefined
const reporter = () => {
  shared ??= new StatusReporter()
  return shared
}

/** {@link StatusReporter.recordBatchOutcome} on the process's reporter. */
export function recordBatchOutcome(
  connector: string,
  task: number,
  outcome: BatchOutcome,
  options?: { readonly topics?: Iterable<string> },
): Promise<void> {
  return reporter().recordBatchOutcome(connector, task, outcome, options)
}

/** {@link StatusReporter.recordConnectorStartup} on the process's reporter. */
export function recordConnectorStartup(connector: string, error?: unknown): Promise<void> {
  return reporter().recordConnectorStartup(connector, error)
}
