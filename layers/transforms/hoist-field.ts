/**
 * Kafka's `HoistField` (`$Key`, `$Value`): wraps the key/value in a struct (or map) with one field.
 *
 * - Schemaless: a new map `{field: data}`, data null included.
 * - With a schema: a new unnamed required struct schema with one field of the original schema, cached
 *   per input schema; a null in a required schema fails Struct validation (DataException).
 */
import { field } from '../runtime/config/config-key.js'
import { defineConfig } from '../runtime/config/definition.js'
import { type Schema, SchemaBuilder } from '../runtime/data/schema.js'
import { Struct } from '../runtime/data/struct.js'
import type { ConnectRecord } from '../runtime/record/record.js'
import { registerKeyValueTransformation } from './registry.js'
import type { Transformation, TransformConfig } from './transformation.js'
import { KEY, type RecordPart, VALUE } from './util/record-part.js'
import { SchemaCache } from './util/schema-cache.js'

const CONFIG = defineConfig({
  field: field.string({
    doc: 'Field name for the single field that will be created in the resulting Struct or Map.',
  }),
})

export abstract class HoistField implements Transformation {
  static readonly OVERVIEW_DOC =
    'Wrap data using the specified field name in a Struct when schema present, or a Map in the case of schemaless data.<p/>Use the concrete transformation type designed for the record key (<code>org.apache.kafka.connect.transforms.HoistField$Key</code>) or value (<code>org.apache.kafka.connect.transforms.HoistField$Value</code>).'
  static readonly CONFIG_DEF = CONFIG

  #fieldName = ''
  readonly #schemaUpdateCache = new SchemaCache<Schema>()

  constructor(private readonly part: RecordPart) {}

  config() {
    return CONFIG
  }

  configure(props: TransformConfig): void {
    this.#fieldName = CONFIG.parse(props).get('field')
    this.#schemaUpdateCache.clear()
  }

  apply<R extends ConnectRecord>(record: R): R {
    const schema = this.part.schema(record)
    const value = this.part.value(record)
    if (schema === null) return this.part.with(record, null, new Map([[this.#fieldName, value]]))
    const updatedSchema = this.#schemaUpdateCache.computeIfAbsent(schema, (s) =>
      SchemaBuilder.struct().field(this.#fieldName, s).build(),
    )
    return this.part.with(record, updatedSchema, new Struct(updatedSchema).put(updatedSchema.fields[0]!, value))
  }

  close(): void {
    this.#schemaUpdateCache.clear()
  }
}

export class HoistFieldKey extends HoistField {
  constructor() {
    super(KEY)
  }
}

export class HoistFieldValue extends HoistField {
  constructor() {
    super(VALUE)
  }
}

registerKeyValueTransformation('org.apache.kafka.connect.transforms.HoistField', HoistFieldKey, HoistFieldValue, {
  overview: HoistField.OVERVIEW_DOC,
})
