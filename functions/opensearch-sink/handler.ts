/** The OpenSearch / Elasticsearch sink's Lambda function: the sink runtime around the connector. */
import { sinkHandler } from '../../layers/runtime/sink/handler.js'
import { opensearchSinkPlugin } from './index.js'

export const handler = sinkHandler(opensearchSinkPlugin)
