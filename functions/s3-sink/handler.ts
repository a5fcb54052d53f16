/** The S3 sink's Lambda function: the sink runtime around the S3 sink connector. */
import { sinkHandler } from '../../layers/runtime/sink/handler.js'
import { s3SinkPlugin } from './index.js'

export const handler = sinkHandler(s3SinkPlugin)
