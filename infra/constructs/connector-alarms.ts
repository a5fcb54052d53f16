/**
 * One connector's alarms, each notifying the platform's alarm topic: function errors (a batch or a
 * poll that failed and will be retried), throttles (more work than `tasks.max` invocations at once),
 * dead-letter records (sinks with a dead-letter topic, from the runtime's
 * `deadletterqueue-produce-requests` metric) and offset lag (sinks).
 */
import { Duration } from 'aws-cdk-lib'
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch'
import { Construct } from 'constructs'
import { MetricName } from '../../layers/runtime/metrics.js'
import type { ConnectPlatform } from './connect-platform.js'
import type { ConnectorFunction } from './connector-function.js'
import { connectorMetric } from './metrics.js'

export interface ConnectorAlarmsProps {
  readonly platform: ConnectPlatform
  readonly connector: string
  readonly task: ConnectorFunction
  /** Sinks: the offset lag (records) that raises the alarm when it lasts fifteen minutes; undefined for sources. */
  readonly offsetLagThreshold?: number
  /** Whether the sink sends failed records to a dead-letter topic. */
  readonly deadLetterQueue: boolean
}

const PERIOD = Duration.minutes(5)

/** Raised by one occurrence in five minutes, cleared by five quiet minutes. */
const ON_ANY = {
  threshold: 1,
  evaluationPeriods: 1,
  comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
  treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
} as const

export class ConnectorAlarms extends Construct {
  readonly errors: cloudwatch.Alarm
  readonly throttles: cloudwatch.Alarm
  readonly deadLetterRecords: cloudwatch.Alarm | undefined
  readonly offsetLag: cloudwatch.Alarm | undefined

  constructor(scope: Construct, id: string, props: ConnectorAlarmsProps) {
    super(scope, id)
    const { platform, connector, task } = props
    const fn = task.function
    this.errors = platform.addAlarm(
      fn.metricErrors({ period: PERIOD, statistic: cloudwatch.Stats.SUM }).createAlarm(this, 'Errors', {
        ...ON_ANY,
        alarmDescription: `${connector}: invocations failed (the batch or poll is retried); see the function's log`,
      }),
    )
    this.throttles = platform.addAlarm(
      fn.metricThrottles({ period: PERIOD, statistic: cloudwatch.Stats.SUM }).createAlarm(this, 'Throttles', {
        ...ON_ANY,
        evaluationPeriods: 3,
        alarmDescription: `${connector}: invocations throttled for 15 minutes: more partitions or tasks want to run than tasks.max allows`,
      }),
    )
    this.deadLetterRecords = props.deadLetterQueue
      ? platform.addAlarm(
          connectorMetric(MetricName.DEADLETTERQUEUE_PRODUCE_REQUESTS, connector).createAlarm(
            this,
            'DeadLetterRecords',
            {
              ...ON_ANY,
              alarmDescription: `${connector}: records went to the dead-letter topic; the alert queue says which topic, partitions and offsets`,
            },
          ),
        )
      : undefined
    this.offsetLag =
      props.offsetLagThreshold === undefined
        ? undefined
        : platform.addAlarm(
            fn
              .metric('OffsetLag', { period: PERIOD, statistic: cloudwatch.Stats.MAXIMUM })
              .createAlarm(this, 'OffsetLag', {
                alarmDescription: `${connector}: more than ${props.offsetLagThreshold} records behind for 15 minutes`,
                threshold: props.offsetLagThreshold,
                evaluationPeriods: 3,
                comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
                treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
              }),
          )
  }
}
