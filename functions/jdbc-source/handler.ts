/**
 * The Lambda handler of the JDBC source connector. An EventBridge Scheduler schedule per task invokes
 * it every minute with `{"task": <id>, "scheduledTime": "<aws.scheduler.scheduled-time>"}`; the
 * invocation polls the task's tables every `poll.interval.ms` until `CONNECTLESS_SOURCE_STOP_MARGIN_MS`
 * (default 5 s) before its minute ends, commits what it produced and returns, so that the next
 * minute's invocation finds the lease free. With `poll.interval.ms` of a minute or more the schedule
 * fires that often and each invocation polls each table once. An invocation whose window has passed
 * (a late retry) returns at once; a second invocation of a running task exits at once (the lease).
 *
 * The runtime (config, converters, transforms, producer) is built at cold start and kept while the
 * function is warm, with the tables' read positions.
 *
 * Inside Lambda each invocation reports as the sink functions do: one EMF metrics line per task run
 * and the task's state in the status store (RUNNING, or FAILED with the trace), and each cold start
 * registers the connector and records its state (FAILED where the config cannot be used).
 */

import { type ConnectorDeployment, loadDeployment } from '../../layers/runtime/connector/deployment.js'
import { ConfigException } from '../../layers/runtime/errors.js'
import { logger } from '../../layers/runtime/logging.js'
import { registerDeployedConnector } from '../../layers/runtime/status/registration.js'
import type { StatusReporter } from '../../layers/runtime/status/status-reporter.js'
import { runSourceTask, statusReporterOf } from './index.js'
import { createSourceRuntime, type SourceRuntime, type SourceRuntimeOptions } from './source-runtime.js'
import { ReadPositions, type SourceTaskResult } from './source-task.js'

/** The schedule's input. */
export interface SourceTaskEvent {
  /** The task, 0-based. */
  readonly task: number | string
  /** The schedule's `<aws.scheduler.scheduled-time>`: the start of this invocation's window. */
  readonly scheduledTime?: string
}

export interface LambdaContext {
  getRemainingTimeInMillis(): number
  readonly awsRequestId?: string
}

export interface SourceHandlerOptions extends SourceRuntimeOptions {
  readonly deployment?: () => Promise<ConnectorDeployment>
  /** How long before the end of its minute an invocation stops starting batches (default 5 s). */
  readonly stopMarginMs?: number
  /**
   * Status and metrics (see `runSourceTask`'s `reportStatus`): default on inside Lambda, off elsewhere;
   * a StatusReporter reports through it (tests).
   */
  readonly reportStatus?: boolean | StatusReporter
  /** Register the connector in the status store at cold start (default: when reporting, from the deployment file). */
  readonly register?: boolean
}

/** A scheduled invocation's window: one minute from the scheduled time. */
export const WINDOW_MS = 60_000
/** Time kept back before the Lambda timeout whatever the window. */
const TIMEOUT_SAFETY_MS = 3_000

function taskOf(event: SourceTaskEvent): number {
  const task = typeof event?.task === 'string' && event.task.trim() !== '' ? Number(event.task) : event?.task
  if (typeof task !== 'number' || !Number.isInteger(task) || task < 0) {
    throw new ConfigException(`The event must name the task to run, as {"task": 0}; got ${JSON.stringify(event)}`)
  }
  return task
}

function stopMargin(options: SourceHandlerOptions): number {
  const fromEnv = Number(process.env['CONNECTLESS_SOURCE_STOP_MARGIN_MS'])
  return options.stopMarginMs ?? (Number.isFinite(fromEnv) && fromEnv >= 0 ? fromEnv : 5_000)
}

export type SourceHandler = ((event: SourceTaskEvent, context: LambdaContext) => Promise<SourceTaskResult>) & {
  close(): Promise<void>
}

/** The handler; `options` replace the deployment file and AWS clients in tests. */
export function sourceHandler(options: SourceHandlerOptions = {}): SourceHandler {
  let built: Promise<SourceRuntime> | undefined
  const positions = new ReadPositions()
  const reporter = statusReporterOf(options.reportStatus)
  const init = () => {
    built ??= (async () => {
      const deployment = await (options.deployment ?? loadDeployment)()
      if (reporter !== null && (options.register ?? true)) await registerDeployedConnector({ type: 'source' })
      try {
        const runtime = await createSourceRuntime(deployment, options)
        await reporter?.recordConnectorStartup(deployment.name)
        return runtime
      } catch (error) {
        await reporter?.recordConnectorStartup(deployment.name, error)
        throw error
      }
    })()
    built.catch(() => {
      built = undefined // a failed cold start is tried again at the next invocation
    })
    return built
  }
  const handler = async (event: SourceTaskEvent, context: LambdaContext): Promise<SourceTaskResult> => {
    const taskId = taskOf(event)
    const start = Date.now()
    const runtime = await init()
    const hardEnd = start + context.getRemainingTimeInMillis() - TIMEOUT_SAFETY_MS
    const perMinute = runtime.config.pollIntervalMs < WINDOW_MS
    const scheduled = event.scheduledTime === undefined ? Number.NaN : Date.parse(event.scheduledTime)
    const windowStart = Number.isNaN(scheduled) ? start : scheduled
    const until = perMinute ? Math.min(hardEnd, windowStart + WINDOW_MS - stopMargin(options)) : hardEnd
    if (until <= Date.now()) {
      logger.info(`Task ${runtime.connector}-${taskId}: the window of this invocation has passed; it exits`, {
        scheduledTime: event.scheduledTime,
      })
      return {
        status: 'stopped',
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
    return runSourceTask({
      runtime,
      taskId,
      until,
      positions,
      reportStatus: reporter ?? false,
      holder: context.awsRequestId === undefined ? `lambda:${process.pid}` : `lambda request ${context.awsRequestId}`,
      ...(perMinute ? {} : { maxPollsPerTable: 1 }),
    })
  }
  return Object.assign(handler, {
    close: async () => {
      const b = built
      built = undefined
      if (b !== undefined) await (await b).close()
    },
  })
}

export const handler = sourceHandler()
