/**
 * The JDBC source connector as the standalone runner and the tests use it, outside Lambda:
 * {@link runSourceTask} runs one task (0-based, as Connect numbers tasks) until a deadline or a stop
 * signal, holding the task's lease for the whole run, exactly as one scheduled invocation does.
 *
 * @example
 * const stop = new AbortController()
 * const result = await runSourceTask({ deployment, taskId: 0, until: Number.POSITIVE_INFINITY, signal: stop.signal })
 */
import type { ConnectorDeployment } from '../../layers/runtime/connector/deployment.js'
import { logger } from '../../layers/runtime/logging.js'
import { StatusReporter } from '../../layers/runtime/status/status-reporter.js'
import {
  createSourceRuntime,
  defaultLeaseHolder,
  type SourceRuntime,
  type SourceRuntimeOptions,
} from './source-runtime.js'
import type { DeliveredBatch, ReadPositions, SourceTaskResult } from './source-task.js'

export { producerClientConfig } from '../../layers/runtime/kafka/producer-auth.js'
export { parseJdbcSourceConfig } from './config.js'
export { type HeldLease, type LeaseOptions, type LeaseOutcome, TaskLeases } from './lease.js'
export {
  CONNECTOR_CLASSES,
  createSourceRuntime,
  type SourceRuntime,
  type SourceRuntimeOptions,
} from './source-runtime.js'
export {
  type DeliveredBatch,
  JdbcSourceTask,
  ReadPositions,
  type RecordSender,
  type SourceOffsets,
  type SourceTaskResult,
  type SourceTaskStatus,
} from './source-task.js'

export interface RunSourceTaskOptions extends SourceRuntimeOptions {
  /** The connector and worker config; not needed when `runtime` is given. */
  readonly deployment?: ConnectorDeployment
  /** The task, 0-based. */
  readonly taskId: number
  /** Epoch ms after which no batch is started (Number.POSITIVE_INFINITY: until stopped). */
  readonly until: number
  readonly signal?: AbortSignal
  /** Stop once each table was polled this often (default: no limit). */
  readonly maxPollsPerTable?: number
  /** A runtime built earlier for the same deployment (a warm Lambda); default: built for this run and closed after. */
  readonly runtime?: SourceRuntime
  /** Read positions kept between runs in this process. */
  readonly positions?: ReadPositions
  /** Who holds the lease, for the log line of an invocation that finds it taken (default: host and pid). */
  readonly holder?: string
  readonly onBatch?: (batch: DeliveredBatch) => void
  /**
   * Report the run as a connector function does: one EMF metrics line per run (Connect's
   * `source-task-metrics` names, docs/operations.md) and the task's state in the status store (RUNNING
   * after a run, FAILED with the trace when it fails with a non-retriable error), which the REST API
   * shows; with a runtime built here, the connector's state too. A run that finds the lease taken
   * reports nothing (the holder does). Default: on inside Lambda, off elsewhere (the standalone runner
   * keeps its own status); a StatusReporter reports through it.
   */
  readonly reportStatus?: boolean | StatusReporter
}

let processReporter: StatusReporter | undefined

/** The reporter of `reportStatus`, or null when nothing is reported. */
export function statusReporterOf(option: boolean | StatusReporter | undefined): StatusReporter | null {
  if (option instanceof StatusReporter) return option
  if (option ?? process.env['AWS_LAMBDA_FUNCTION_NAME'] !== undefined) {
    processReporter ??= new StatusReporter()
    return processReporter
  }
  return null
}

/**
 * Runs one task of the deployment: takes the task's lease (or returns `lease-held` at once, with a log
 * line, when another run holds it), polls until `until`, the signal or `maxPollsPerTable`, then
 * releases the lease. Throws where the task fails (Connect's FAILED state).
 */
export async function runSourceTask(options: RunSourceTaskOptions): Promise<SourceTaskResult> {
  const reporter = statusReporterOf(options.reportStatus)
  let runtime = options.runtime
  if (runtime === undefined) {
    const deployment = options.deployment
    if (deployment === undefined) throw new TypeError('runSourceTask needs a deployment or a runtime')
    try {
      runtime = await createSourceRuntime(deployment, options)
    } catch (error) {
      await reporter?.recordConnectorStartup(deployment.name, error)
      throw error
    }
    await reporter?.recordConnectorStartup(deployment.name)
  }
  try {
    const task = runtime.task(options.taskId, options.positions)
    const id = `${runtime.connector}-${options.taskId}`
    let lease = null
    if (runtime.leases !== null) {
      const outcome = await runtime.leases.acquire(options.taskId, options.holder ?? defaultLeaseHolder())
      if (!outcome.acquired) {
        logger.info(
          `Task ${id} is already running (lease held by ${outcome.holder} until ${new Date(outcome.expiresAt).toISOString()}); this invocation exits`,
          { connector: runtime.connector, task: options.taskId },
        )
        return {
          status: 'lease-held',
          tables: [],
          polls: 0,
          read: 0,
          produced: 0,
          filtered: 0,
          failed: 0,
          commits: 0,
          durationMs: 0,
          pollTimeMs: 0,
        }
      }
      lease = outcome.lease
    }
    try {
      let result: SourceTaskResult
      try {
        result = await task.run({
          until: options.until,
          lease,
          ...(options.signal === undefined ? {} : { signal: options.signal }),
          ...(options.maxPollsPerTable === undefined ? {} : { maxPollsPerTable: options.maxPollsPerTable }),
          ...(options.onBatch === undefined ? {} : { onBatch: options.onBatch }),
        })
      } catch (error) {
        await reporter?.recordBatchOutcome(runtime.connector, options.taskId, error)
        throw error
      }
      logger.info(`Task ${id} ${result.status}`, { connector: runtime.connector, task: options.taskId, ...result })
      // poll-batch-avg-time-ms: the time of one poll of a table (query, convert, produce, commit), on average
      const metrics = { ...result, pollTimeMs: result.polls === 0 ? 0 : Math.round(result.pollTimeMs / result.polls) }
      await reporter?.recordBatchOutcome(runtime.connector, options.taskId, metrics, { topics: result.topics ?? [] })
      return result
    } finally {
      await lease?.release()
    }
  } finally {
    if (options.runtime === undefined) await runtime.close()
  }
}
