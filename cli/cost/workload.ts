/**
 * What a connector config means for its cost: which connector, how its records are batched (the
 * deployment's own derivation, infra/connector/*-plan.ts), how many tasks, whether it has a
 * dead-letter topic, and the warnings its config gets at deploy time.
 */

import { parseJdbcSourceConfig } from '../../functions/jdbc-source/config.js'
import { FormatClass, parseS3SinkConfig } from '../../functions/s3-sink/config.js'
import { type ConnectorKind, findConnectorPlugin } from '../../infra/connector/connector-plugins.js'
import { planJdbcSource } from '../../infra/connector/jdbc-source-plan.js'
import { planOpenSearchSink } from '../../infra/connector/opensearch-sink-plan.js'
import { planS3Sink } from '../../infra/connector/s3-sink-plan.js'
import type { ConfigProps } from '../../layers/runtime/config/parsed-config.js'
import { sinkConnectorConfigDef } from '../../layers/runtime/connector/connector-config.js'
import { warnSeedMistakes } from '../../layers/runtime/connector/seed-mistakes.js'

interface WorkloadBase {
  readonly name: string
  readonly kind: ConnectorKind
  readonly connectorClass: string
  /** What the config gets warned about when it is deployed. */
  readonly warnings: readonly string[]
}

export interface SinkWorkload extends WorkloadBase {
  readonly type: 'sink'
  readonly kind: 's3-sink' | 'opensearch-sink'
  readonly topics: readonly string[]
  readonly tasks: number
  /** The event source mapping's batch size (`flush.size` or `batch.size`, capped at 10,000). */
  readonly batchSize: number
  /** The mapping's batching window; undefined: the mapping's default. */
  readonly batchingWindowSeconds: number | undefined
  readonly dlqTopic: string | null
  /** `errors.tolerance=all`: failed records are skipped (and sent to the DLQ, if any). */
  readonly errorsToleranceAll: boolean
  /** `errors.log.enable`: each failed record is logged. */
  readonly errorsLogEnable: boolean
  /** `format.class` of an S3 sink; null for other sinks. */
  readonly formatClass: string | null
}

export interface SourceWorkload extends WorkloadBase {
  readonly type: 'source'
  readonly kind: 'jdbc-source'
  readonly tasks: number
  readonly pollIntervalMs: number
  readonly scheduleRateMinutes: number
  readonly batchMaxRows: number
  readonly tablesPerTask: number
}

export type Workload = SinkWorkload | SourceWorkload

/** Reads the workload of a connector config; throws the ConfigException the deployment would. */
export function workloadOf(name: string, connectorConfig: ConfigProps): Workload {
  // the REST form carries the name beside the config, as the deployment adds it
  const config: ConfigProps = { ...connectorConfig, name }
  const plugin = findConnectorPlugin(config['connector.class'] ?? undefined)
  const connectorClass = plugin.classNames[0] ?? plugin.kind
  if (plugin.kind === 'jdbc-source') {
    const plan = planJdbcSource(config)
    const jdbc = parseJdbcSourceConfig(config)
    const tables = jdbc.query !== null ? 1 : Math.max(jdbc.tableWhitelist.length, plan.tasks)
    return {
      type: 'source',
      kind: 'jdbc-source',
      name,
      connectorClass,
      tasks: plan.tasks,
      pollIntervalMs: plan.pollIntervalMs,
      scheduleRateMinutes: plan.scheduleRateMinutes,
      batchMaxRows: jdbc.batchMaxRows,
      tablesPerTask: Math.ceil(tables / plan.tasks),
      warnings: [...warnSeedMistakes(config).map((m) => m.message), ...plan.warnings],
    }
  }
  const common = sinkConnectorConfigDef.parse(config)
  const dlq = common.get('errors.deadletterqueue.topic.name').trim()
  const topics = common
    .get('topics')
    .map((t) => t.trim())
    .filter((t) => t !== '')
  const base = {
    type: 'sink' as const,
    name,
    connectorClass,
    topics,
    tasks: common.get('tasks.max'),
    dlqTopic: dlq === '' ? null : dlq,
    errorsToleranceAll: common.get('errors.tolerance').toLowerCase() === 'all',
    errorsLogEnable: common.get('errors.log.enable'),
  }
  if (plugin.kind === 's3-sink') {
    const plan = planS3Sink(config)
    return {
      ...base,
      kind: 's3-sink',
      batchSize: plan.batchSize,
      batchingWindowSeconds: plan.maxBatchingWindowSeconds,
      formatClass: parseS3SinkConfig(config).formatClass,
      warnings: [...warnSeedMistakes(config).map((m) => m.message), ...plan.warnings],
    }
  }
  // the OpenSearch sink's own parse warns about the seed's mistakes
  const plan = planOpenSearchSink(config)
  return {
    ...base,
    kind: 'opensearch-sink',
    batchSize: plan.batchSize,
    batchingWindowSeconds: plan.maxBatchingWindowSeconds,
    formatClass: null,
    warnings: plan.warnings,
  }
}

/** Whether the sink writes Parquet (Firehose would need its format conversion). */
export function writesParquet(workload: Workload): boolean {
  return workload.type === 'sink' && workload.formatClass === FormatClass.PARQUET
}
