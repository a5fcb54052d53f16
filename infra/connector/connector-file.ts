/**
 * A connector config as users have it: Connect's REST form `{"name": …, "config": {…}}` (what
 * `POST /connectors` takes) or the bare config map with its `name` key (what
 * `PUT /connectors/<name>/config` takes). Values are strings in Connect; numbers and booleans are
 * written as strings, as Connect's REST layer reads them.
 */
import { ConfigException } from '../../layers/runtime/errors.js'

/** A connector's name and config, values as strings. */
export interface ConnectorDefinition {
  readonly name: string
  readonly config: Readonly<Record<string, string>>
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

function stringValues(config: Record<string, unknown>, source: string): Record<string, string> {
  const out: Record<string, string> = {}
  for (const [key, value] of Object.entries(config)) {
    if (typeof value === 'string') out[key] = value
    else if (typeof value === 'number' || typeof value === 'boolean') out[key] = String(value)
    else
      throw new ConfigException(
        `${source}: the value of ${key} must be a string, not ${value === null ? 'null' : typeof value}`,
        { key },
      )
  }
  return out
}

/** The connector of a parsed connector JSON document. */
export function connectorDefinitionOf(document: unknown, source = 'the connector config'): ConnectorDefinition {
  if (!isRecord(document)) throw new ConfigException(`${source}: expected a JSON object {"name": …, "config": {…}}`)
  const restForm = isRecord(document['config'])
  const config = stringValues(restForm ? (document['config'] as Record<string, unknown>) : document, source)
  const outer = restForm ? document['name'] : undefined
  if (outer !== undefined && typeof outer !== 'string')
    throw new ConfigException(`${source}: name must be a string`, { key: 'name' })
  const inner = config['name']
  if (outer !== undefined && inner !== undefined && outer !== inner) {
    throw new ConfigException(
      `${source}: connector name configuration (${inner}) doesn't match connector name (${outer})`,
      { key: 'name' },
    )
  }
  const name = (outer ?? inner ?? '').trim()
  if (name === '') throw new ConfigException(`${source}: the connector has no name`, { key: 'name' })
  return { name, config: { ...config, name } }
}

/** Reads connector JSON text. */
export function parseConnectorFile(text: string, source = 'the connector config'): ConnectorDefinition {
  let document: unknown
  try {
    document = JSON.parse(text)
  } catch (error) {
    throw new ConfigException(
      `${source} is not valid JSON: ${error instanceof Error ? error.message : String(error)}`,
      { cause: error },
    )
  }
  return connectorDefinitionOf(document, source)
}
