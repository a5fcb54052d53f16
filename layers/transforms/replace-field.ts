/**
 * Kafka's `ReplaceField` (`$Key`, `$Value`): keeps, drops and renames top-level fields.
 *
 * - A field is kept iff it is not in `exclude` and `include` is empty or names it (`exclude` wins);
 *   both name original fields. `renames` (`old:new,…`) applies to kept fields.
 * - Null key/value: the record is returned unchanged.
 * - With a schema: a new struct schema (name, version, doc and parameters copied; required) with the
 *   kept fields in their original order under their new names, cached per input schema.
 * - Kafka 4 rejects duplicate and empty items in `exclude`/`include`. The deprecated `blacklist` and
 *   `whitelist` (removed in Kafka 4.0) are still read here as Kafka 3.9 read them, with a warning:
 *   each is used where its replacement is not set.
 */
import { field } from '../runtime/config/config-key.js'
import { defineConfig } from '../runtime/config/definition.js'
import { customValidator } from '../runtime/config/validators.js'
import { type Schema, SchemaBuilder } from '../runtime/data/schema.js'
import { Struct } from '../runtime/data/struct.js'
import { ConfigException } from '../runtime/errors.js'
import { logger, warnOnce } from '../runtime/logging.js'
import type { ConnectRecord } from '../runtime/record/record.js'
import { registerKeyValueTransformation } from './registry.js'
import type { Transformation, TransformConfig } from './transformation.js'
import { KEY, type RecordPart, VALUE } from './util/record-part.js'
import { REPLACE_NULL_WITH_DEFAULT, readField, replaceNullWithDefaultKey } from './util/replace-null-with-default.js'
import { requireMap, requireStruct } from './util/requirements.js'
import { SchemaCache } from './util/schema-cache.js'
import { copySchemaBasics } from './util/schema-util.js'
import { anyNonDuplicateValues } from './util/validators.js'

/** Java's `String.split(":")`: trailing empty strings removed (but `""` splits into `[""]`). */
function splitColon(mapping: string): string[] {
  if (mapping === '') return ['']
  const parts = mapping.split(':')
  while (parts.length > 0 && parts[parts.length - 1] === '') parts.pop()
  return parts
}

/** `renames` as a map from old to new name; a `ConfigException` naming the key for a bad item. */
export function parseRenameMappings(name: string, mappings: readonly string[]): Map<string, string> {
  const m = new Map<string, string>()
  for (const mapping of mappings) {
    const parts = splitColon(mapping)
    if (parts.length !== 2) throw ConfigException.invalid(name, mappings, `Invalid rename mapping: ${mapping}`)
    m.set(parts[0]!, parts[1]!)
  }
  return m
}

const CONFIG = defineConfig({
  exclude: field.list({
    doc: 'Fields to exclude. This takes precedence over the fields to include.',
    default: [],
    validator: anyNonDuplicateValues(true, false),
  }),
  include: field.list({
    doc: 'Fields to include. If specified, only these fields will be used.',
    default: [],
    validator: anyNonDuplicateValues(true, false),
  }),
  renames: field.list({
    doc: 'Field rename mappings.',
    default: [],
    validator: customValidator<readonly string[]>((name, value) => {
      parseRenameMappings(name, value ?? [])
    }, 'list of colon-delimited pairs, e.g. <code>foo:bar,abc:xyz</code>'),
  }),
  [REPLACE_NULL_WITH_DEFAULT]: replaceNullWithDefaultKey(),
})

const PURPOSE = 'field replacement'

/** Kafka 3.9's deprecated names (`ConfigUtils.translateDeprecatedConfigs`), with its log messages. */
const DEPRECATED = [
  ['include', 'whitelist'],
  ['exclude', 'blacklist'],
] as const

function translateDeprecated(props: TransformConfig): TransformConfig {
  if (!DEPRECATED.some(([, old]) => Object.hasOwn(props, old))) return props
  const translated: Record<string, string | null> = { ...props }
  for (const [target, old] of DEPRECATED) {
    if (!Object.hasOwn(props, old)) continue
    delete translated[old]
    if (Object.hasOwn(props, target)) {
      logger.error(
        `${target} was configured, as well as the deprecated alias(es) ${old}.  Using the value of ${target}`,
      )
    } else {
      warnOnce(
        `ReplaceField.${old}`,
        `Configuration key ${old} is deprecated and may be removed in the future.  Please update your configuration to use ${target} instead.`,
      )
      translated[target] = props[old] ?? null
    }
  }
  return translated
}

export abstract class ReplaceField implements Transformation {
  static readonly OVERVIEW_DOC =
    'Filter or rename fields.<p/>Use the concrete transformation type designed for the record key (<code>org.apache.kafka.connect.transforms.ReplaceField$Key</code>) or value (<code>org.apache.kafka.connect.transforms.ReplaceField$Value</code>).'
  static readonly CONFIG_DEF = CONFIG

  #exclude: ReadonlySet<string> = new Set()
  #include: ReadonlySet<string> = new Set()
  #renames: ReadonlyMap<string, string> = new Map()
  #reverseRenames: ReadonlyMap<string, string> = new Map()
  #replaceNullWithDefault = true
  readonly #schemaUpdateCache = new SchemaCache<Schema>()

  constructor(private readonly part: RecordPart) {}

  config() {
    return CONFIG
  }

  configure(props: TransformConfig): void {
    const config = CONFIG.parse(translateDeprecated(props))
    this.#exclude = new Set(config.get('exclude'))
    this.#include = new Set(config.get('include'))
    this.#renames = parseRenameMappings('renames', config.get('renames'))
    this.#reverseRenames = new Map([...this.#renames].map(([from, to]) => [to, from]))
    this.#replaceNullWithDefault = config.get(REPLACE_NULL_WITH_DEFAULT)
    this.#schemaUpdateCache.clear()
  }

  /** Whether a field (by its original name) is kept. */
  filter(fieldName: string): boolean {
    return !this.#exclude.has(fieldName) && (this.#include.size === 0 || this.#include.has(fieldName))
  }

  renamed(fieldName: string): string {
    return this.#renames.get(fieldName) ?? fieldName
  }

  reverseRenamed(fieldName: string): string {
    return this.#reverseRenames.get(fieldName) ?? fieldName
  }

  apply<R extends ConnectRecord>(record: R): R {
    const value = this.part.value(record)
    if (value === null) return record
    const schema = this.part.schema(record)
    return schema === null ? this.#applySchemaless(record, value) : this.#applyWithSchema(record, value, schema)
  }

  close(): void {
    this.#schemaUpdateCache.clear()
  }

  #applySchemaless<R extends ConnectRecord>(record: R, operating: unknown): R {
    const value = requireMap(operating, PURPOSE)
    const updated = new Map<string, unknown>()
    for (const [name, fieldValue] of value) {
      if (this.filter(name)) updated.set(this.renamed(name), fieldValue)
    }
    return this.part.with(record, null, updated)
  }

  #applyWithSchema<R extends ConnectRecord>(record: R, operating: unknown, schema: Schema): R {
    const value = requireStruct(operating, PURPOSE, schema)
    const updatedSchema = this.#schemaUpdateCache.computeIfAbsent(value.schema, (s) => this.#makeUpdatedSchema(s))
    const updated = new Struct(updatedSchema)
    for (const f of updatedSchema.fields) {
      updated.put(f, readField(value, this.reverseRenamed(f.name), this.#replaceNullWithDefault))
    }
    return this.part.with(record, updatedSchema, updated)
  }

  #makeUpdatedSchema(schema: Schema): Schema {
    const builder = copySchemaBasics(schema, SchemaBuilder.struct())
    for (const f of schema.fields) {
      if (this.filter(f.name)) builder.field(this.renamed(f.name), f.schema)
    }
    return builder.build()
  }
}

export class ReplaceFieldKey extends ReplaceField {
  constructor() {
    super(KEY)
  }
}

export class ReplaceFieldValue extends ReplaceField {
  constructor() {
    super(VALUE)
  }
}

registerKeyValueTransformation('org.apache.kafka.connect.transforms.ReplaceField', ReplaceFieldKey, ReplaceFieldValue, {
  overview: ReplaceField.OVERVIEW_DOC,
})
