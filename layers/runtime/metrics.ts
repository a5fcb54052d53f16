/**
 * Connector and task metrics in CloudWatch's embedded metric format (Powertools Metrics): one EMF JSON
 * log line per batch, with the `_aws` block, dimensioned by `connector` and `task` (and by `connector`
 * alone, for connector-wide alarms). Names are Kafka Connect's own metric names where Connect has
 * one (`sink-task-metrics`, `source-task-metrics`, `task-error-metrics`, `connector-task-metrics`);
 * each line carries the batch's count, so the `Sum` statistic over a period is Connect's `-total`
 * over that period and `Average`/`Maximum` of `batch-size-avg` are Connect's `batch-size-avg`/`-max`.
 * docs/operations.md lists every name.
 */
import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics'

/** The CloudWatch namespace; `POWERTOOLS_METRICS_NAMESPACE` overrides it. */
export const DEFAULT_METRICS_NAMESPACE = 'connectless'

/** Every metric name, Connect's where one exists (the rest are connectless's own, noted). */
export const MetricName = {
  /** Records the sink task received in the batch (`sink-task-metrics`). */
  SINK_RECORD_READ_TOTAL: 'sink-record-read-total',
  /** Records handed to the task's `put` after converters and transforms (`sink-task-metrics`). */
  SINK_RECORD_SEND_TOTAL: 'sink-record-send-total',
  /** connectless: records skipped because an earlier delivery of the batch already committed them. */
  SINK_RECORD_REDELIVERED_TOTAL: 'sink-record-redelivered-total',
  /** connectless: records a transform or predicate dropped. */
  RECORD_FILTERED_TOTAL: 'record-filtered-total',
  /** Records the source task polled, before transforms (`source-task-metrics`). */
  SOURCE_RECORD_POLL_TOTAL: 'source-record-poll-total',
  /** Records written to Kafka after transforms (`source-task-metrics`). */
  SOURCE_RECORD_WRITE_TOTAL: 'source-record-write-total',
  /** Time the task's `put` took (`sink-task-metrics`; Average and Maximum: `put-batch-avg/max-time-ms`). */
  PUT_BATCH_AVG_TIME_MS: 'put-batch-avg-time-ms',
  /** Time the task's `poll` took (`source-task-metrics`). */
  POLL_BATCH_AVG_TIME_MS: 'poll-batch-avg-time-ms',
  /** connectless: how far a source task's committed timestamp trails the clock when rows were left to read. */
  SOURCE_RECORD_LAG_MS: 'source-record-lag-ms',
  /** Records per batch (`connector-task-metrics`; Maximum is Connect's `batch-size-max`). */
  BATCH_SIZE_AVG: 'batch-size-avg',
  /** connectless: the whole batch, from the event to the committed offsets. */
  BATCH_PROCESSING_TIME_MS: 'batch-processing-time-ms',
  /** Offset commits completed: one per completed sink batch, a source run's offset writes (`sink-task-metrics`). */
  OFFSET_COMMIT_COMPLETION_TOTAL: 'offset-commit-completion-total',
  /** Record processing failures (`task-error-metrics`). */
  TOTAL_RECORD_FAILURES: 'total-record-failures',
  /** Records with errors (`task-error-metrics`). */
  TOTAL_RECORD_ERRORS: 'total-record-errors',
  /** Records skipped because of errors under `errors.tolerance=all` (`task-error-metrics`). */
  TOTAL_RECORDS_SKIPPED: 'total-records-skipped',
  /** Records written to the dead letter queue (`task-error-metrics`). */
  DEADLETTERQUEUE_PRODUCE_REQUESTS: 'deadletterqueue-produce-requests',
  /** connectless: batches that failed (the task would be FAILED in Connect; the batch is delivered again). */
  BATCH_FAILURE_TOTAL: 'batch-failure-total',
} as const
export type MetricName = (typeof MetricName)[keyof typeof MetricName]

/** Which task: the `connector` and `task` dimensions. */
export interface TaskId {
  readonly connector: string
  readonly task: number
}

/** What a sink batch reports: the sink runtime's `BatchResult`, with the put time where it is measured. */
export interface SinkBatchMetrics {
  readonly read: number
  readonly skippedAsDelivered: number
  readonly written: number
  readonly filtered: number
  readonly failed: number
  readonly toDlq: number
  readonly complete: boolean
  readonly durationMs: number
  /** Time spent in the task's `put` (and `flush`), when the runtime measures it. */
  readonly putTimeMs?: number
}

/** What a source task run reports: the JDBC source task's `SourceTaskResult` fields the metrics use. */
export interface SourceBatchMetrics {
  /** Records polled, before transforms. */
  readonly read: number
  /** Records written to Kafka. */
  readonly produced: number
  readonly filtered: number
  readonly failed: number
  /** Offset commits made. */
  readonly commits: number
  /** The whole run, when measured. */
  readonly durationMs?: number
  /** Time spent polling, when measured. */
  readonly pollTimeMs?: number
  /** Timestamp modes: the committed offset's lag behind the clock where rows were left to read (0: none). */
  readonly lagMs?: number
}

export class ConnectorMetrics {
  readonly #metrics: Metrics

  constructor(options: { namespace?: string } = {}) {
    this.#metrics = new Metrics({
      namespace: options.namespace ?? process.env['POWERTOOLS_METRICS_NAMESPACE'] ?? DEFAULT_METRICS_NAMESPACE,
    })
    // no `service` dimension: connector and task say what the metrics are about
    this.#metrics.clearDefaultDimensions()
  }

  /** One EMF line for a sink batch that completed. */
  sinkBatch(id: TaskId, result: SinkBatchMetrics): void {
    const m = this.#begin(id)
    m.addMetric(MetricName.SINK_RECORD_READ_TOTAL, MetricUnit.Count, result.read)
    m.addMetric(MetricName.SINK_RECORD_SEND_TOTAL, MetricUnit.Count, result.written)
    m.addMetric(MetricName.SINK_RECORD_REDELIVERED_TOTAL, MetricUnit.Count, result.skippedAsDelivered)
    m.addMetric(MetricName.RECORD_FILTERED_TOTAL, MetricUnit.Count, result.filtered)
    this.#errors(result.failed)
    m.addMetric(MetricName.DEADLETTERQUEUE_PRODUCE_REQUESTS, MetricUnit.Count, result.toDlq)
    m.addMetric(MetricName.BATCH_SIZE_AVG, MetricUnit.Count, result.read)
    if (result.putTimeMs !== undefined) {
      m.addMetric(MetricName.PUT_BATCH_AVG_TIME_MS, MetricUnit.Milliseconds, result.putTimeMs)
    }
    m.addMetric(MetricName.BATCH_PROCESSING_TIME_MS, MetricUnit.Milliseconds, result.durationMs)
    m.addMetric(MetricName.OFFSET_COMMIT_COMPLETION_TOTAL, MetricUnit.Count, result.complete ? 1 : 0)
    m.publishStoredMetrics()
  }

  /** One EMF line for a source task run (one scheduled invocation) that completed. */
  sourceBatch(id: TaskId, result: SourceBatchMetrics): void {
    const m = this.#begin(id)
    m.addMetric(MetricName.SOURCE_RECORD_POLL_TOTAL, MetricUnit.Count, result.read)
    m.addMetric(MetricName.SOURCE_RECORD_WRITE_TOTAL, MetricUnit.Count, result.produced)
    m.addMetric(MetricName.RECORD_FILTERED_TOTAL, MetricUnit.Count, result.filtered)
    this.#errors(result.failed)
    m.addMetric(MetricName.BATCH_SIZE_AVG, MetricUnit.Count, result.read)
    if (result.pollTimeMs !== undefined) {
      m.addMetric(MetricName.POLL_BATCH_AVG_TIME_MS, MetricUnit.Milliseconds, result.pollTimeMs)
    }
    if (result.durationMs !== undefined) {
      m.addMetric(MetricName.BATCH_PROCESSING_TIME_MS, MetricUnit.Milliseconds, result.durationMs)
    }
    if (result.lagMs !== undefined) m.addMetric(MetricName.SOURCE_RECORD_LAG_MS, MetricUnit.Milliseconds, result.lagMs)
    m.addMetric(MetricName.OFFSET_COMMIT_COMPLETION_TOTAL, MetricUnit.Count, result.commits)
    m.publishStoredMetrics()
  }

  /** One EMF line for a batch that failed (and will be delivered again). */
  batchFailure(id: TaskId): void {
    this.#begin(id).addMetric(MetricName.BATCH_FAILURE_TOTAL, MetricUnit.Count, 1).publishStoredMetrics()
  }

  #begin(id: TaskId): Metrics {
    // dimension sets [connector, task] and [connector]: the connector as the default dimension of this line
    this.#metrics.clearDefaultDimensions()
    this.#metrics.setDefaultDimensions({ connector: id.connector })
    return this.#metrics.addDimension('task', String(id.task)).addDimensions({})
  }

  #errors(failed: number): void {
    this.#metrics.addMetric(MetricName.TOTAL_RECORD_FAILURES, MetricUnit.Count, failed)
    this.#metrics.addMetric(MetricName.TOTAL_RECORD_ERRORS, MetricUnit.Count, failed)
    this.#metrics.addMetric(MetricName.TOTAL_RECORDS_SKIPPED, MetricUnit.Count, failed)
  }
}

let shared: ConnectorMetrics | undefined

/** The process's metrics (created on first use, so the namespace can come from the environment). */
export function connectorMetrics(): ConnectorMetrics {
  shared ??= new ConnectorMetrics()
  return shared
}
