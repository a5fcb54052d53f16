/**
 * The plugins the Connect API lists and validates against on AWS: connectless's three connectors
 * (their config definitions and cross-key checks), Kafka's transformations and predicates, and the
 * converters.
 */
import type { ConfigDef, ConfigKeys } from '../../layers/runtime/config/definition.js'
import type { ConfigProps } from '../../layers/runtime/config/parsed-config.js'
import { converterPlugins } from '../../layers/runtime/converters/registry.js'
import { ConfigException } from '../../layers/runtime/errors.js'
import type { PluginDescription } from '../../layers/runtime/rest/backend.js'
import { CONNECTLESS_VERSION } from '../../layers/runtime/rest/server-info.js'
import '../../layers/transforms/builtins.js'
import { plugins as transformPlugins } from '../../layers/transforms/registry.js'
import {
  CONNECTOR_CLASS as JDBC_SOURCE_CLASS,
  jdbcSourceConfigDef,
  parseJdbcSourceConfig,
} from '../jdbc-source/config.js'
import { OPENSEARCH_SINK_CONFIG, parseOpenSearchSinkConfig } from '../opensearch-sink/config.js'
import { CONNECTOR_CLASS_ALIASES, CONNECTOR_CLASS as ELASTICSEARCH_SINK_CLASS } from '../opensearch-sink/connector.js'
import { parseS3SinkConfig, S3_SINK_CONFIG } from '../s3-sink/config.js'

const S3_SINK_CLASS = 'io.confluent.connect.s3.S3SinkConnector'

/**
 * A connector's own checks across keys (Connect's `Connector.validate`): its full parse, run once its
 * keys are valid one by one, so a problem is reported once. The error goes on the key it names.
 */
function crossKeyChecks(def: ConfigDef<ConfigKeys>, parse: (props: ConfigProps) => unknown) {
  return (props: ConfigProps) => {
    if (def.validate(props).some((r) => r.errors.length > 0)) return []
    try {
      parse(props)
      return []
    } catch (e) {
      if (!(e instanceof ConfigException)) throw e
      return [{ name: e.key ?? 'connector.class', errors: [e.message] }]
    }
  }
}

/** A sink on Lambda reads named topics: an event source mapping cannot subscribe to a pattern. */
function sinkChecks(def: ConfigDef<ConfigKeys>, parse: (props: ConfigProps) => unknown) {
  const connector = crossKeyChecks(def, parse)
  return (props: ConfigProps) => {
    const regex = props['topics.regex']
    const onLambda =
      regex !== undefined && regex !== null && regex.trim() !== ''
        ? [
            {
              name: 'topics.regex',
              errors: [
                'Invalid value for configuration topics.regex: an event source mapping needs topic names; list them in topics instead',
              ],
            },
          ]
        : []
    return [...onLambda, ...connector(props)]
  }
}

/** The connectors connectless runs. */
export function connectorPlugins(): PluginDescription[] {
  const s3: ConfigDef<ConfigKeys> = S3_SINK_CONFIG
  const openSearch: ConfigDef<ConfigKeys> = OPENSEARCH_SINK_CONFIG
  const jdbc: ConfigDef<ConfigKeys> = jdbcSourceConfigDef
  return [
    {
      className: S3_SINK_CLASS,
      type: 'sink',
      version: CONNECTLESS_VERSION,
      configDef: s3,
      validate: sinkChecks(s3, parseS3SinkConfig),
    },
    {
      className: ELASTICSEARCH_SINK_CLASS,
      type: 'sink',
      version: CONNECTLESS_VERSION,
      aliases: CONNECTOR_CLASS_ALIASES,
      configDef: openSearch,
      validate: sinkChecks(openSearch, parseOpenSearchSinkConfig),
    },
    {
      className: JDBC_SOURCE_CLASS,
      type: 'source',
      version: CONNECTLESS_VERSION,
      configDef: jdbc,
      validate: crossKeyChecks(jdbc, parseJdbcSourceConfig),
    },
  ]
}

/** Every plugin: the connectors, then transformations, predicates and converters. */
export function allPlugins(): PluginDescription[] {
  const out: PluginDescription[] = connectorPlugins()
  for (const p of transformPlugins.list('transformation')) {
    out.push({ className: p.className, type: 'transformation', version: CONNECTLESS_VERSION })
  }
  for (const p of transformPlugins.list('predicate')) {
    out.push({ className: p.className, type: 'predicate', version: CONNECTLESS_VERSION })
  }
  for (const c of converterPlugins()) {
    for (const role of c.roles) out.push({ className: c.className, type: role, version: CONNECTLESS_VERSION })
  }
  return out
}
