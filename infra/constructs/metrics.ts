/**
 * The connector metrics the runtime publishes in CloudWatch's embedded metric format
 * (layers/runtime/metrics.ts): namespace `connectless`, Kafka Connect's metric names, one dimension
 * set per connector (`connector`) besides the per-task one.
 */
import { Duration } from 'aws-cdk-lib'
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch'
import { DEFAULT_METRICS_NAMESPACE, type MetricName } from '../../layers/runtime/metrics.js'

const CONNECTOR_DIMENSION = 'connector'

/** One connector's metric, summed over five minutes. */
export function connectorMetric(name: MetricName, connector: string): cloudwatch.Metric {
  return new cloudwatch.Metric({
    namespace: DEFAULT_METRICS_NAMESPACE,
    metricName: name,
    dimensionsMap: { [CONNECTOR_DIMENSION]: connector },
    statistic: cloudwatch.Stats.SUM,
    period: Duration.minutes(5),
  })
}

/** A metric of every connector, one line each (a CloudWatch search expression). */
export function everyConnector(name: MetricName, label: string): cloudwatch.MathExpression {
  return new cloudwatch.MathExpression({
    expression: `SEARCH('{${DEFAULT_METRICS_NAMESPACE},${CONNECTOR_DIMENSION}} MetricName="${name}"', 'Sum', 300)`,
    label,
    period: Duration.minutes(5),
  })
}
