/**
 * The connector's class names: Confluent's, the aliases Connect derives from it (the simple class
 * name, and that name without its `Connector` suffix), and an alias for users who think of their
 * cluster as OpenSearch. They all select this connector with Confluent's keys and semantics.
 *
 * Aiven's OpenSearch connector (`io.aiven.kafka.connect.opensearch.OpensearchSinkConnector`) is not an
 * alias: its keys and defaults differ (`index.write.method`, `key.ignore.id.strategy`,
 * `behavior.on.null.values=ignore`), and taking its config with Confluent's meaning would silently
 * change what a user's config does.
 */
import { ConfigException } from '../../layers/runtime/errors.js'

export const CONNECTOR_CLASS = 'io.confluent.connect.elasticsearch.ElasticsearchSinkConnector'

/** The OpenSearch alias (connectless's own name for this connector). */
export const OPENSEARCH_CONNECTOR_CLASS = 'io.connectless.opensearch.OpenSearchSinkConnector'

export const CONNECTOR_CLASS_ALIASES: readonly string[] = [
  CONNECTOR_CLASS,
  'ElasticsearchSinkConnector',
  'ElasticsearchSink',
  OPENSEARCH_CONNECTOR_CLASS,
  'OpenSearchSinkConnector',
  'OpenSearchSink',
]

const AIVEN_CLASS = 'io.aiven.kafka.connect.opensearch.OpensearchSinkConnector'

/** Whether `connector.class` names this connector. */
export function isOpenSearchSinkConnectorClass(name: string): boolean {
  return CONNECTOR_CLASS_ALIASES.includes(name.trim())
}

/**
 * The canonical class name for `connector.class`; a ConfigException for Aiven's connector (saying why)
 * and for other names.
 */
export function connectorClassOf(name: string): typeof CONNECTOR_CLASS {
  if (isOpenSearchSinkConnectorClass(name)) return CONNECTOR_CLASS
  if (name.trim() === AIVEN_CLASS || name.trim() === 'OpensearchSinkConnector') {
    throw ConfigException.invalid(
      'connector.class',
      name,
      `Aiven's OpenSearch connector is not available; connectless runs Confluent's (${CONNECTOR_CLASS}, alias ${OPENSEARCH_CONNECTOR_CLASS}), whose keys differ: index.write.method is write.method, key.ignore.id.strategy has no equivalent, and behavior.on.null.values defaults to fail`,
    )
  }
  throw ConfigException.invalid('connector.class', name, `Not an OpenSearch sink connector class (${CONNECTOR_CLASS})`)
}
