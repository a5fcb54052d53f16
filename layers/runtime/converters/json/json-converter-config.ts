/**
 * JsonConverter's configuration: Kafka's `JsonConverterConfig` on top of `ConverterConfig`, with the
 * same keys, types, defaults, groups and validators.
 */
import { caseInsensitiveValidString, defineConfig, field, validString } from '../../config/index.js'
import type { ConverterConfig } from '../converter.js'

export const DecimalFormat = { BASE64: 'BASE64', NUMERIC: 'NUMERIC' } as const
export type DecimalFormat = (typeof DecimalFormat)[keyof typeof DecimalFormat]

export const ConverterType = { KEY: 'key', VALUE: 'value', HEADER: 'header' } as const
export type ConverterType = (typeof ConverterType)[keyof typeof ConverterType]

export const JSON_CONVERTER_CONFIG = defineConfig({
  // ConverterConfig: set by Connect (configure(config, isKey) fills it in)
  'converter.type': field.string({
    doc: 'How this converter will be used.',
    validator: validString(ConverterType.KEY, ConverterType.VALUE, ConverterType.HEADER),
    importance: 'LOW',
  }),
  'schemas.enable': field.boolean({
    doc: 'Include schemas within each of the serialized values and keys.',
    default: true,
    importance: 'HIGH',
    group: 'Schemas',
    orderInGroup: 0,
    displayName: 'Enable Schemas',
  }),
  'schemas.cache.size': field.int({
    doc: 'The maximum number of schemas that can be cached in this converter instance.',
    default: 1000,
    importance: 'HIGH',
    group: 'Schemas',
    orderInGroup: 1,
    displayName: 'Schema Cache Size',
  }),
  'schema.content': field.string({
    doc:
      'When set, this is used as the schema for all messages, and the schemas within each of the message will be ignored.' +
      "Otherwise, the schema will be included in the content of each message. This configuration applies only 'schemas.enable' is true, and it exclusively affects the sink connector.",
    default: null,
    importance: 'HIGH',
    group: 'Schemas',
    orderInGroup: 2,
    displayName: 'Schema Content',
  }),
  'decimal.format': field.string({
    doc:
      'Controls which format this converter will serialize decimals in.' +
      " This value is case insensitive and can be either 'BASE64' (default) or 'NUMERIC'",
    default: DecimalFormat.BASE64,
    validator: caseInsensitiveValidString(DecimalFormat.BASE64, DecimalFormat.NUMERIC),
    importance: 'LOW',
    group: 'Serialization',
    orderInGroup: 0,
    displayName: 'Decimal Format',
  }),
  'replace.null.with.default': field.boolean({
    doc: 'Whether to replace fields that have a default value and that are null to the default value. When set to true, the default value is used, otherwise null is used.',
    default: true,
    importance: 'LOW',
    group: 'Serialization',
    orderInGroup: 1,
    displayName: 'Replace null with default',
  }),
})

/** The parsed settings the converter reads on every record. */
export interface JsonConverterSettings {
  readonly type: ConverterType
  readonly schemasEnabled: boolean
  readonly schemaCacheSize: number
  /** The `schema.content` bytes (UTF-8), or null when unset or empty. */
  readonly schemaContent: Uint8Array | null
  readonly decimalFormat: DecimalFormat
  readonly replaceNullWithDefault: boolean
}

/** Parses and validates the config; throws a ConfigException naming the key at fault. */
export function parseJsonConverterConfig(config: ConverterConfig): JsonConverterSettings {
  const parsed = JSON_CONVERTER_CONFIG.parse(config)
  const content = parsed.get('schema.content')
  return {
    type: parsed.get('converter.type') as ConverterType,
    schemasEnabled: parsed.get('schemas.enable'),
    schemaCacheSize: parsed.get('schemas.cache.size'),
    schemaContent: content === null || content === '' ? null : Buffer.from(content, 'utf8'),
    decimalFormat: parsed.get('decimal.format').toUpperCase() as DecimalFormat,
    replaceNullWithDefault: parsed.get('replace.null.with.default'),
  }
}
