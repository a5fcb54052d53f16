/**
 * The S3 sink connector (Confluent's `io.confluent.connect.s3.S3SinkConnector`) as the sink runtime
 * loads it: its class names, its config definition and its task. The event source mapping's batch
 * size and window are derived from `flush.size` and `rotate.interval.ms` at synth
 * (infra/connector/s3-sink-plan.ts).
 */
import type { SinkConnectorPlugin } from '../../layers/runtime/sink/handler.js'
import { S3_SINK_CONFIG } from './config.js'
import { S3SinkTask } from './s3-sink-task.js'

export const S3_SINK_CONNECTOR_CLASS = 'io.confluent.connect.s3.S3SinkConnector'

export const s3SinkPlugin: SinkConnectorPlugin = {
  // the class name and Connect's plugin aliases (the simple name, and without "Connector")
  classNames: [S3_SINK_CONNECTOR_CLASS, 'S3SinkConnector', 'S3Sink'],
  configDef: S3_SINK_CONFIG,
  createTask: () => new S3SinkTask(),
}
