/**
 * The OpenSearch / Elasticsearch sink connector (Confluent's
 * `io.confluent.connect.elasticsearch.ElasticsearchSinkConnector`, alias
 * `io.connectless.opensearch.OpenSearchSinkConnector`) as the sink runtime loads it: its class names,
 * its config definition and its task. The event source mapping's batching window is derived from
 * `linger.ms` at synth (`eventSourceBatching`, infra/connector/opensearch-sink-plan.ts).
 */
import type { SinkConnectorPlugin } from '../../layers/runtime/sink/handler.js'
import { OPENSEARCH_SINK_CONFIG } from './config.js'
import { CONNECTOR_CLASS_ALIASES } from './connector.js'
import { OpenSearchSinkTask } from './sink-task.js'

export { CONNECTOR_CLASS, OPENSEARCH_CONNECTOR_CLASS } from './connector.js'

export const opensearchSinkPlugin: SinkConnectorPlugin = {
  classNames: CONNECTOR_CLASS_ALIASES,
  configDef: OPENSEARCH_SINK_CONFIG,
  createTask: () => new OpenSearchSinkTask(),
}
