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
import {
  createSourceRuntime,
  defaultLeaseHolder,
  type SourceRuntime,
  type SourceRuntimeOptions,
} from './source-runtime.js'
import type { DeliveredBatch, ReadPositions, SourceTaskResult } from './source-task.js'

export { parseJdbcSourceConfig } from './config.js'
export { type HeldLease, type LeaseOptions, type LeaseOutcome, TaskLeases } from './lease.js'
export { producerClientConfig } from './producer-auth.js'
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
}

/**
 * Runs one task of the deployment: takes the task's lease (or returns `lease-held` at once, with a log
 * line, when another run holds it), polls until `until`, the signal or `maxPollsPerTable`, then
 * releases the lease. Throws where the task fails (Connect's FAILED state).
 */
export async function runSourceTask(options: RunSourceTaskOptions): Promise<SourceTaskResult> {
  let runtime = options.runtime
  if (runtime === undefined) {
    if (options.deployment === undefined) throw new TypeError('runSourceTask needs a deployment or a runtime')
    runtime = await createSourceRuntime(options.deployment, options)
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
      const result = await task.run({
        until: options.until,
        lease,
        ...(options.signal === undefined ? {} : { signal: options.signal }),
        ...(options.maxPollsPerTable === undefined ? {} : { maxPollsPerTable: options.maxPollsPerTable }),
        ...(options.onBatch === undefined ? {} : { onBatch: options.onBatch }),
      })
      logger.info(`Task ${id} ${result.status}`, { connector: runtime.connector, task: options.taskId, ...result })
      return result
    } finally {
      await lease?.release()
    }
  } finally {
    if (options.runtime === undefined) await runtime.close()
  }
}
