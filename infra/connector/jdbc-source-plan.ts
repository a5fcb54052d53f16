/**
 * What the JDBC source's config means for its deployment: how many tasks (Confluent's split:
 * min(tables, `tasks.max`) where the tables are listed, one in query mode, else `tasks.max`), how
 * often each task's schedule fires (every minute, polling every `poll.interval.ms` within the
 * invocation; for intervals of a minute or more, every whole number of minutes at or above it, one
 * poll per invocation, so a table is never polled more often than configured), and which topics it
 * writes (`topic.prefix` followed by anything; every topic where a transform may route records).
 */

import { jdbcSourceConfigWarnings, parseJdbcSourceConfig } from '../../functions/jdbc-source/config.js'
import type { ConfigProps } from '../../layers/runtime/config/parsed-config.js'

export interface JdbcSourcePlan {
  readonly tasks: number
  readonly pollIntervalMs: number
  readonly scheduleRateMinutes: number
  /** The topics the tasks write, as a name pattern (`db-*`; `*` for any). */
  readonly topicPattern: string
  readonly warnings: readonly string[]
}

const MINUTE_MS = 60_000
const KAFKA_TRANSFORMS = 'org.apache.kafka.connect.transforms.'
// Kafka's SMTs that change a record's topic.
const TOPIC_ROUTERS = ['RegexRouter', 'TimestampRouter']

/** The alias and class of each transform that may send records to another topic than the connector chose. */
function topicRoutingTransforms(props: ConfigProps): string[] {
  const aliases = (props['transforms'] ?? '')
    .split(',')
    .map((a) => a.trim())
    .filter((a) => a !== '')
  return aliases.filter((alias) => {
    const type = (props[`transforms.${alias}.type`] ?? '').trim()
    const simple = type.startsWith(KAFKA_TRANSFORMS) ? type.slice(KAFKA_TRANSFORMS.length) : type
    // A Kafka class name, or a Connect alias of one (no package, no path); anything else is unknown code.
    const isKafkaSmt = type.startsWith(KAFKA_TRANSFORMS) || !/[./]/.test(type)
    return !isKafkaSmt || TOPIC_ROUTERS.includes(simple.split('$')[0] ?? '')
  })
}

export function planJdbcSource(props: ConfigProps): JdbcSourcePlan {
  const config = parseJdbcSourceConfig(props)
  const warnings = jdbcSourceConfigWarnings(config, props)
  const tasks =
    config.query !== null
      ? 1
      : config.tableWhitelist.length > 0
        ? Math.min(config.tableWhitelist.length, config.tasksMax)
        : config.tasksMax
  const scheduleRateMinutes = config.pollIntervalMs < MINUTE_MS ? 1 : Math.ceil(config.pollIntervalMs / MINUTE_MS)
  if (config.pollIntervalMs >= MINUTE_MS && config.pollIntervalMs % MINUTE_MS !== 0) {
    warnings.push(
      `poll.interval.ms=${config.pollIntervalMs} is not a whole number of minutes: each task polls every ${scheduleRateMinutes} minutes, the schedule's next whole minute.`,
    )
  }
  const routers = topicRoutingTransforms(props)
  const prefix = config.topicPrefix
  let topicPattern = config.query !== null ? prefix : `${prefix}*`
  if (routers.length > 0) {
    topicPattern = '*'
    warnings.push(
      `Transforms ${routers.join(', ')} may route records to any topic, so the function may write to every topic of the cluster; without them it would be limited to ${config.query !== null ? prefix : `${prefix}*`}.`,
    )
  }
  return { tasks, pollIntervalMs: config.pollIntervalMs, scheduleRateMinutes, topicPattern, warnings }
}
