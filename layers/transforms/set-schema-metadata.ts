/**
 * Kafka's `SetSchemaMetadata` (`$Key`, `$Value`): sets the name and/or version of the key/value schema.
 *
 * - Null data and null schema: the record is returned unchanged; data without a schema is a
 *   DataException ("Schema required for [updating schema metadata]").
 * - The new schema keeps everything else (type, optionality, default, doc, parameters, the same field
 *   objects); a Struct is copied into it field by field, each read per `replace.null.with.default`.
 * - As in Kafka, only struct schemas work: for any other schema Connect's `schema.fields()` throws
 *   "Cannot list fields on non-struct type".
 *
 * Kafka builds a new schema for every record; this caches it per input schema, which changes nothing
 * but the identity of equal schema objects.
 */
import { field } from '../runtime/config/config-key.js'
import { defineConfig } from '../runtime/config/definition.js'
import { ConnectSchema, type Schema } from '../runtime/data/schema.js'
import { Struct } from '../runtime/data/struct.js'
import { Type } from '../runtime/data/values.js'
import { ConfigException, DataException } from '../runtime/errors.js'
import type { ConnectRecord } from '../runtime/record/record.js'
import { registerKeyValueTransformation } from './registry.js'
import type { Transformation, TransformConfig } from './transformation.js'
import { KEY, type RecordPart, VALUE } from './util/record-part.js'
import { REPLACE_NULL_WITH_DEFAULT, readField, replaceNullWithDefaultKey } from './util/replace-null-with-default.js'
import { requireSchema } from './util/requirements.js'
import { SchemaCache } from './util/schema-cache.js'

const CONFIG = defineConfig({
  'schema.name': field.string({ doc: 'Schema name to set.', default: null, importance: 'HIGH' }),
  'schema.version': field.int({ doc: 'Schema version to set.', default: null, importance: 'HIGH' }),
  [REPLACE_NULL_WITH_DEFAULT]: replaceNullWithDefaultKey(),
})

export abstract class SetSchemaMetadata implements Transformation {
  static readonly OVERVIEW_DOC =
    "Set the schema name, version or both on the record's key (<code>org.apache.kafka.connect.transforms.SetSchemaMetadata$Key</code>) or value (<code>org.apache.kafka.connect.transforms.SetSchemaMetadata$Value</code>) schema."
  static readonly CONFIG_DEF = CONFIG

  #schemaName: string | null = null
  #schemaVersion: number | null = null
  #replaceNullWithDefault = true
  readonly #schemaUpdateCache = new SchemaCache<Schema>()

  constructor(private readonly part: RecordPart) {}

  config() {
    return CONFIG
  }

  configure(props: TransformConfig): void {
    const config = CONFIG.parse(props)
    this.#schemaName = config.get('schema.name')
    this.#schemaVersion = config.get('schema.version')
    this.#replaceNullWithDefault = config.get(REPLACE_NULL_WITH_DEFAULT)
    if (this.#schemaName === null && this.#schemaVersion === null) {
      throw new ConfigException('Neither schema name nor version configured')
    }
    this.#schemaUpdateCache.clear()
  }

  apply<R extends ConnectRecord>(record: R): R {
    const value = this.part.value(record)
    const schema = this.part.schema(record)
    if (value === null && schema === null) return record
    const updatedSchema = this.#schemaUpdateCache.computeIfAbsent(
      requireSchema(schema, 'updating schema metadata'),
      (s) => this.#updatedSchema(s),
    )
    return this.part.with(record, updatedSchema, this.updateSchemaIn(value, updatedSchema))
  }

  close(): void {
    this.#schemaUpdateCache.clear()
  }

  /** A Struct copied into the updated schema; anything else as it is (Kafka's `updateSchemaIn`). */
  updateSchemaIn(keyOrValue: unknown, updatedSchema: Schema): unknown {
    if (!(keyOrValue instanceof Struct)) return keyOrValue
    const updated = new Struct(updatedSchema)
    for (const f of updatedSchema.fields) updated.put(f, readField(keyOrValue, f, this.#replaceNullWithDefault))
    return updated
  }

  #updatedSchema(schema: Schema): Schema {
    // Connect's ConnectSchema.fields() throws for every schema but a struct's
    if (schema.type !== Type.STRUCT) throw new DataException('Cannot list fields on non-struct type')
    return new ConnectSchema({
      type: schema.type,
      optional: schema.optional,
      defaultValue: schema.defaultValue,
      name: this.#schemaName ?? schema.name,
      version: this.#schemaVersion ?? schema.version,
      doc: schema.doc,
      parameters: schema.parameters,
      fields: schema.fields,
    })
  }
}

export class SetSchemaMetadataKey extends SetSchemaMetadata {
  constructor() {
    super(KEY)
  }
}

export class SetSchemaMetadataValue extends SetSchemaMetadata {
  constructor() {
    super(VALUE)
  }
}

registerKeyValueTransformation(
  'org.apache.kafka.connect.transforms.SetSchemaMetadata',
  SetSchemaMetadataKey,
  SetSchemaMetadataValue,
  { overview: SetSchemaMetadata.OVERVIEW_DOC },
)
