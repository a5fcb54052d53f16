/**
 * The connectors connectless deploys, found by `connector.class` as a Connect worker finds a plugin:
 * by its class name or an alias (the simple class name, or that without the `Connector` suffix).
 * Each runs in its own function, `functions/<kind>/handler.ts`.
 */

import { CONNECTOR_CLASS as JDBC_SOURCE_CLASS, jdbcSourceConfigDef } from '../../functions/jdbc-source/config.js'
import { OPENSEARCH_SINK_CONFIG } from '../../functions/opensearch-sink/config.js'
import { CONNECTOR_CLASS_ALIASES as OPENSEARCH_SINK_CLASSES } from '../../functions/opensearch-sink/connector.js'
import { S3_SINK_CONFIG } from '../../functions/s3-sink/config.js'
import type { ConfigDef, ConfigKeys } from '../../layers/runtime/config/definition.js'
import { ConfigException } from '../../layers/runtime/errors.js'

export const ConnectorKind = {
  S3_SINK: 's3-sink',
  OPENSEARCH_SINK: 'opensearch-sink',
  JDBC_SOURCE: 'jdbc-source',
} as const
export type ConnectorKind = (typeof ConnectorKind)[keyof typeof ConnectorKind]

export interface ConnectorPlugin {
  readonly kind: ConnectorKind
  readonly type: 'sink' | 'source'
  /** The class names `connector.class` may hold, the full name first. */
  readonly classNames: readonly string[]
  /** The function's entry, relative to the connectless root. */
  readonly entry: string
  /** The connector's own keys, which say which values are secrets. */
  readonly configDef: ConfigDef<ConfigKeys>
}

/** A class name with Connect's plugin aliases: the simple class name, and that without `Connector`. */
function withAliases(className: string): string[] {
  const simple = className.slice(className.lastIndexOf('.') + 1)
  return [className, simple, simple.replace(/Connector$/, '')]
}

export const CONNECTOR_PLUGINS: readonly ConnectorPlugin[] = [
  {
    kind: ConnectorKind.S3_SINK,
    type: 'sink',
    classNames: withAliases('io.confluent.connect.s3.S3SinkConnector'),
    entry: 'functions/s3-sink/handler.ts',
    configDef: S3_SINK_CONFIG,
  },
  {
    kind: ConnectorKind.OPENSEARCH_SINK,
    type: 'sink',
    classNames: OPENSEARCH_SINK_CLASSES,
    entry: 'functions/opensearch-sink/handler.ts',
    configDef: OPENSEARCH_SINK_CONFIG,
  },
  {
    kind: ConnectorKind.JDBC_SOURCE,
    type: 'source',
    classNames: withAliases(JDBC_SOURCE_CLASS),
    entry: 'functions/jdbc-source/handler.ts',
    configDef: jdbcSourceConfigDef,
  },
]

/** The plugin `connector.class` names; throws a `ConfigException` listing the known classes. */
export function findConnectorPlugin(connectorClass: string | undefined): ConnectorPlugin {
  const wanted = connectorClass?.trim() ?? ''
  const plugin = CONNECTOR_PLUGINS.find((p) => p.classNames.includes(wanted))
  if (plugin !== undefined) return plugin
  const known = CONNECTOR_PLUGINS.map((p) => p.classNames[0]).join(', ')
  if (wanted === '')
    throw new ConfigException(`Missing required configuration "connector.class"; connectless deploys ${known}`, {
      key: 'connector.class',
    })
  throw ConfigException.invalid(
    'connector.class',
    wanted,
    `Class ${wanted} could not be found; connectless deploys ${known}`,
  )
}
