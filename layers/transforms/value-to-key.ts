/**
 * Kafka's `ValueToKey`: replaces the key with a new one made of fields of the value, with
 * `field.syntax.version=V2` nested ones (the key field is then named by the whole path, `a.b`).
 *
 * - Schemaless: the value must be a map (a null value is a DataException); the key is a new map of
 *   the listed fields (null where absent) and the key schema null.
 * - With a schema: the key schema is a new unnamed required struct with the listed fields in config
 *   order, each with its value field's schema (cached per value schema); a field missing from the value
 *   schema is a DataException ("Field does not exist: …").
 */
import { field } from '../runtime/config/config-key.js'
import { defineConfig } from '../runtime/config/definition.js'
import { type Schema, SchemaBuilder } from '../runtime/data/schema.js'
import { Struct } from '../runtime/data/struct.js'
import { DataException } from '../runtime/errors.js'
import type { ConnectRecord } from '../runtime/record/record.js'
import { registerTransformation } from './registry.js'
import type { Transformation, TransformConfig } from './transformation.js'
import {
  FIELD_SYNTAX_VERSION,
  fieldSyntaxVersionKey,
  fieldSyntaxVersionOf,
  SingleFieldPath,
} from './util/field-path.js'
import { REPLACE_NULL_WITH_DEFAULT, replaceNullWithDefaultKey } from './util/replace-null-with-default.js'
import { requireMap, requireStruct } from './util/requirements.js'
import { SchemaCache } from './util/schema-cache.js'
import { anyNonDuplicateValues } from './util/validators.js'

const CONFIG = defineConfig({
  fields: field.list({
    doc: 'Field names on the record value to extract as the record key.',
    validator: anyNonDuplicateValues(false, false),
    importance: 'HIGH',
  }),
  [REPLACE_NULL_WITH_DEFAULT]: replaceNullWithDefaultKey(),
  [FIELD_SYNTAX_VERSION]: fieldSyntaxVersionKey(),
})

const PURPOSE = 'copying fields from value to key'

export class ValueToKey implements Transformation {
  static readonly OVERVIEW_DOC =
    'Replace the record key with a new key formed from a subset of fields in the record value.'
  static readonly CONFIG_DEF = CONFIG

  #fields: readonly string[] = []
  #fieldPaths: readonly SingleFieldPath[] = []
  #replaceNullWithDefault = true
  readonly #keySchemaCache = new SchemaCache<Schema>()

  config() {
    return CONFIG
  }

  configure(props: TransformConfig): void {
    const config = CONFIG.parse(props)
    this.#fields = config.get('fields')
    const version = fieldSyntaxVersionOf(config.get(FIELD_SYNTAX_VERSION))
    this.#fieldPaths = this.#fields.map((f) => new SingleFieldPath(f, version))
    this.#replaceNullWithDefault = config.get(REPLACE_NULL_WITH_DEFAULT)
    this.#keySchemaCache.clear()
  }

  apply<R extends ConnectRecord>(record: R): R {
    return record.valueSchema === null ? this.#applySchemaless(record) : this.#applyWithSchema(record)
  }

  close(): void {
    this.#keySchemaCache.clear()
  }

  #applySchemaless<R extends ConnectRecord>(record: R): R {
    const value = requireMap(record.value, PURPOSE)
    const key = new Map<string, unknown>()
    for (let i = 0; i < this.#fields.length; i++) key.set(this.#fields[i]!, this.#fieldPaths[i]!.valueFromMap(value))
    return record.newRecord({ keySchema: null, key })
  }

  #applyWithSchema<R extends ConnectRecord>(record: R): R {
    const value = requireStruct(record.value, PURPOSE, record.valueSchema)
    const keySchema = this.#keySchemaCache.computeIfAbsent(value.schema, (s) => this.#makeKeySchema(s))
    const key = new Struct(keySchema)
    for (let i = 0; i < this.#fields.length; i++) {
      key.put(keySchema.fields[i]!, this.#fieldPaths[i]!.valueFromStruct(value, this.#replaceNullWithDefault))
    }
    return record.newRecord({ keySchema, key, valueSchema: value.schema, value })
  }

  #makeKeySchema(valueSchema: Schema): Schema {
    const builder = SchemaBuilder.struct()
    for (let i = 0; i < this.#fields.length; i++) {
      const f = this.#fieldPaths[i]!.fieldFrom(valueSchema)
      if (f === null) throw new DataException(`Field does not exist: ${this.#fields[i]}`)
      builder.field(this.#fields[i]!, f.schema)
    }
    return builder.build()
  }
}

registerTransformation('org.apache.kafka.connect.transforms.ValueToKey', () => new ValueToKey(), {
  overview: ValueToKey.OVERVIEW_DOC,
})
