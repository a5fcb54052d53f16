/**
 * The options of Confluent's `AvroDataConfig` that this port implements, and their config keys.
 */
import type { ConfigKeys } from '../../config/definition.js'
import { field } from '../../config/definition.js'
import { atLeast } from '../../config/validators.js'

export interface AvroDataOptions {
  /** `connect.meta.data`: write and read the `connect.*` annotations. */
  readonly connectMetaData: boolean
  /** `enhanced.avro.schema.support`: keep enum symbols and full names of named union members. */
  readonly enhancedSchemaSupport: boolean
  /** `ignore.default.for.nullables`: write null for a null optional field, not its default. */
  readonly ignoreDefaultForNullables: boolean
  /** `allow.optional.map.keys`: an optional string key still makes an Avro map. */
  readonly allowOptionalMapKey: boolean
  /** `flatten.singleton.unions`: a one-member union reads as its member. */
  readonly flattenSingletonUnions: boolean
  /** `schemas.cache.config`: converted schemas kept, each way. */
  readonly schemasCacheSize: number
}

export const DEFAULT_AVRO_DATA_OPTIONS: AvroDataOptions = {
  connectMetaData: true,
  enhancedSchemaSupport: false,
  ignoreDefaultForNullables: false,
  allowOptionalMapKey: false,
  flattenSingletonUnions: true,
  schemasCacheSize: 1000,
}

const GROUP = 'Avro data'

export const avroDataKeys = {
  'schemas.cache.config': field.int({
    doc: 'Size of the converted schemas cache.',
    default: 1000,
    validator: atLeast(0),
    importance: 'LOW',
    group: GROUP,
  }),
  'connect.meta.data': field.boolean({
    doc: "Whether to add Connect's schema details (`connect.name`, `connect.version`, `connect.doc`, `connect.parameters`, `connect.default`) to Avro schemas, and read them back.",
    default: true,
    importance: 'LOW',
    group: GROUP,
  }),
  'enhanced.avro.schema.support': field.boolean({
    doc: 'Enum symbol preservation and package name awareness.',
    default: false,
    group: GROUP,
  }),
  'ignore.default.for.nullables': field.boolean({
    doc: 'Whether to ignore the default for nullable fields when the value is null.',
    default: false,
    group: GROUP,
  }),
  'allow.optional.map.keys': field.boolean({
    doc: 'Allow optional string map key when converting from Connect Schema to Avro Schema.',
    default: false,
    importance: 'LOW',
    group: GROUP,
  }),
  'flatten.singleton.unions': field.boolean({
    doc: 'Whether to flatten singleton unions.',
    default: true,
    importance: 'LOW',
    group: GROUP,
  }),
} as const satisfies ConfigKeys
