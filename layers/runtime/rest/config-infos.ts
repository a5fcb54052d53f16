/**
 * Config validation as `PUT /connector-plugins/{plugin}/config/validate` answers it (Connect's
 * `AbstractHerder.validateConnectorConfig` and `generateResult`): the keys every connector has (a
 * sink's with `SinkConnectorConfig`'s checks across `topics`, `topics.regex` and the DLQ topic), then
 * the connector's own keys and checks; each key's definition (`ConfigKeyInfo`) and value
 * (`ConfigValueInfo`, values as strings, a secret's as `[hidden]`); `error_count` counts messages.
 *
 * Not done here: Connect also enriches the definition with each transformation's and predicate's keys
 * (`transforms.<alias>.*`) and validates converter and client-override keys.
 */
import type { ConfigKey } from '../config/config-key.js'
import type { ConfigDef, ConfigKeys } from '../config/definition.js'
import { type ConfigType, parseConfigValue } from '../config/parse-type.js'
import type { ConfigProps } from '../config/parsed-config.js'
import { Password } from '../config/password.js'
import { connectorConfigDef, sinkConnectorConfigDef } from '../connector/connector-config.js'
import { javaDoubleToString } from '../data/values.js'
import { HIDDEN } from '../errors.js'
import type { PluginDescription } from './backend.js'
import type { ConfigInfo, ConfigInfos, ConfigKeyInfo, ConfigValueInfo } from './entities.js'

/** Connect's `ConfigDef.convertToString`: a parsed value as the string the REST API shows. */
export function convertToString(value: unknown, type: ConfigType | null): string | null {
  if (value === null || value === undefined) return null
  if (value instanceof Password || type === 'PASSWORD') return HIDDEN
  if (Array.isArray(value)) return value.map((v) => String(v)).join(',')
  if (typeof value === 'number') return type === 'DOUBLE' ? javaDoubleToString(value) : String(value)
  return String(value)
}

/** Connect's `convertConfigKey`: a key's definition. Widths and dependents are not modelled (`NONE`, `[]`). */
export function configKeyInfo(name: string, key: ConfigKey): ConfigKeyInfo {
  return {
    name,
    type: key.type,
    required: !key.hasDefault,
    default_value: key.hasDefault ? convertToString(key.defaultValue, key.type) : null,
    importance: key.importance,
    documentation: key.doc,
    group: key.group ?? null,
    order_in_group: key.orderInGroup,
    width: 'NONE',
    display_name: key.displayName ?? name,
    dependents: [],
  }
}

interface ValidatedValue {
  value: unknown
  readonly errors: string[]
}

function configValueInfo(name: string, validated: ValidatedValue, key: ConfigKey | undefined): ConfigValueInfo {
  const shown = key?.isSecret && validated.value !== null && validated.value !== undefined ? HIDDEN : validated.value
  return {
    name,
    value: convertToString(shown, key?.type ?? null),
    recommended_values: [],
    errors: [...validated.errors],
    visible: true,
  }
}

/**
 * Connect keeps the parsed value of a key whose validator failed (`0` for `flush.size=0`); ConfigDef's
 * report has none, so parse it again.
 */
function parsedDespiteErrors(name: string, key: ConfigKey, props: ConfigProps): unknown {
  const raw = props[name]
  if (raw === undefined || raw === null) return null
  try {
    return parseConfigValue(name, raw, key.type)
  } catch {
    return null
  }
}

function validateWith(def: ConfigDef<ConfigKeys>, props: ConfigProps, into: Map<string, ValidatedValue>): void {
  for (const report of def.validate(props)) {
    const key = def.keys[report.name] as ConfigKey
    const value = report.errors.length > 0 ? parsedDespiteErrors(report.name, key, props) : report.value
    into.set(report.name, { value, errors: [...report.errors] })
  }
}

function addError(values: Map<string, ValidatedValue>, name: string, raw: unknown, message: string): void {
  let entry = values.get(name)
  if (!entry) {
    entry = { value: raw ?? null, errors: [] }
    values.set(name, entry)
  }
  entry.errors.push(message)
}

const isBlank = (s: string | null | undefined) => s === null || s === undefined || s.trim() === ''

/** Connect's `SinkConnectorConfig.validate`: `topics` xor `topics.regex`, and the DLQ topic not among them. */
function validateSinkTopics(props: ConfigProps, values: Map<string, ValidatedValue>): void {
  const topics = props['topics']
  const topicsRegex = props['topics.regex']
  const dlqTopic = (props['errors.deadletterqueue.topic.name'] ?? '').trim()
  const hasTopics = !isBlank(topics)
  const hasRegex = !isBlank(topicsRegex)
  if (hasTopics && hasRegex) {
    const message = 'topics and topics.regex are mutually exclusive options, but both are set.'
    addError(values, 'topics', topics, message)
    addError(values, 'topics.regex', topicsRegex, message)
  }
  if (!hasTopics && !hasRegex) {
    const message = 'Must configure one of topics or topics.regex'
    addError(values, 'topics', topics, message)
    addError(values, 'topics.regex', topicsRegex, message)
  }
  if (dlqTopic === '') return
  if (hasTopics) {
    const list = (topics as string)
      .split(',')
      .map((t) => t.trim())
      .filter((t) => t !== '')
    if (list.includes(dlqTopic)) {
      addError(
        values,
        'topics',
        topics,
        `The DLQ topic '${dlqTopic}' may not be included in the list of topics ('topics=[${list.join(', ')}]') consumed by the connector`,
      )
    }
  }
  if (hasRegex) {
    let matches = false
    try {
      matches = new RegExp(`^(?:${topicsRegex})$`).test(dlqTopic)
    } catch {
      // an invalid regex is reported by the key's own validation
    }
    if (matches) {
      addError(
        values,
        'topics.regex',
        topicsRegex,
        `The DLQ topic '${dlqTopic}' may not be matched by the regex for the topics ('topics.regex=${topicsRegex}') consumed by the connector`,
      )
    }
  }
}

const baseDefinition = (plugin: PluginDescription) =>
  plugin.type === 'sink' ? sinkConnectorConfigDef : connectorConfigDef

/**
 * Validates a connector config against a connector plugin: Connect's answer to
 * `PUT /connector-plugins/{plugin}/config/validate`. `name` is the `connector.class` as given.
 */
export function validateConnectorConfig(name: string, plugin: PluginDescription, props: ConfigProps): ConfigInfos {
  const base = baseDefinition(plugin)
  const keys = new Map<string, ConfigKey>(Object.entries(base.keys))
  const groups = new Set(base.groups())
  const values = new Map<string, ValidatedValue>()
  validateWith(base, props, values)
  for (const [key, value] of Object.entries(props)) {
    if (value === null) addError(values, key, null, 'Null value can not be supplied as the configuration value.')
  }
  if (plugin.type === 'sink') validateSinkTopics(props, values)
  if (plugin.configDef) {
    for (const [key, def] of Object.entries(plugin.configDef.keys)) keys.set(key, def)
    for (const group of plugin.configDef.groups()) groups.add(group)
    validateWith(plugin.configDef, props, values)
  }
  for (const { name: key, errors } of plugin.validate?.(props) ?? []) {
    for (const message of errors) addError(values, key, props[key], message)
  }

  let errorCount = 0
  const configs: ConfigInfo[] = []
  for (const [key, value] of values) {
    if (keys.has(key)) continue
    configs.push({ definition: null, value: configValueInfo(key, value, undefined) })
    errorCount += value.errors.length
  }
  for (const [key, def] of keys) {
    const value = values.get(key)
    configs.push({ definition: configKeyInfo(key, def), value: value ? configValueInfo(key, value, def) : null })
    errorCount += value?.errors.length ?? 0
  }
  return { name, error_count: errorCount, groups: [...groups], configs }
}

/**
 * `GET /connector-plugins/{plugin}/config`: the plugin's own keys first, then (for a connector) the
 * keys every connector of its type has that the plugin does not redefine.
 */
export function pluginConfigKeys(plugin: PluginDescription): ConfigKeyInfo[] {
  const keys = new Map<string, ConfigKey>(Object.entries(plugin.configDef?.keys ?? {}))
  if (plugin.type === 'sink' || plugin.type === 'source') {
    for (const [key, def] of Object.entries(baseDefinition(plugin).keys)) if (!keys.has(key)) keys.set(key, def)
  }
  return [...keys].map(([key, def]) => configKeyInfo(key, def))
}
