/**
 * The seed's `AddMetadataTransform` as a connectless custom transform: adds `source_system` (from the
 * `source.system` setting, default `unknown`) and `processed_at` (epoch millis when the record was
 * transformed, an int64) to every value.
 *
 * - Struct values get a new schema: the original's name, version, doc and parameters and fields, then
 *   `source_system` (string) and `processed_at` (int64), built once per value schema.
 * - Schemaless map values get the two entries (`processed_at` is a Java Long: a bigint).
 * - Null values (tombstones) pass through unchanged.
 *
 * Use it with:
 *   "transforms": "addMetadata",
 *   "transforms.addMetadata.type": "./transforms/add-metadata.js",
 *   "transforms.addMetadata.source.system": "orders-db"
 *
 * Only types are imported: the runtime's classes come in as `api`, so structs made here are the
 * runtime's structs (see docs/custom-transforms.md).
 */
import type { ConfigDef, ConfigKeys } from '../../layers/runtime/config/definition.js'
import type { Schema } from '../../layers/runtime/data/schema.js'
import type { ConnectRecord } from '../../layers/runtime/record/record.js'
import type { TransformApi } from '../../layers/transforms/api.js'
import type { Transformation, TransformConfig } from '../../layers/transforms/transformation.js'

const PURPOSE = 'adding metadata'

export default class AddMetadataTransform implements Transformation {
  readonly #api: TransformApi
  readonly #config
  readonly #schemaCache
  #sourceSystem = 'unknown'

  constructor(api: TransformApi) {
    this.#api = api
    this.#config = api.defineConfig({
      'source.system': api.field.string({
        doc: 'The name of the system the records come from, written to each value as `source_system`.',
        default: 'unknown',
      }),
    })
    this.#schemaCache = new api.SchemaCache<Schema>()
  }

  config(): ConfigDef<ConfigKeys> {
    return this.#config
  }

  configure(props: TransformConfig): void {
    this.#sourceSystem = this.#config.parse(props).get('source.system')
    this.#schemaCache.clear()
  }

  apply<R extends ConnectRecord>(record: R): R {
    const api = this.#api
    if (record.value === null) return record
    const processedAt = BigInt(Date.now())
    if (record.valueSchema === null) {
      const value = new Map(api.requireMap(record.value, PURPOSE))
      value.set('source_system', this.#sourceSystem)
      value.set('processed_at', processedAt)
      return record.newRecord({ value })
    }
    const value = api.requireStruct(record.value, PURPOSE, record.valueSchema)
    const schema = this.#schemaCache.computeIfAbsent(value.schema, (s) => {
      const builder = api.copySchemaBasics(s, api.SchemaBuilder.struct())
      for (const f of s.fields) builder.field(f.name, f.schema)
      return builder.field('source_system', api.Schemas.STRING).field('processed_at', api.Schemas.INT64).build()
    })
    const updated = new api.Struct(schema)
    for (const f of value.schema.fields) updated.put(f.name, value.get(f))
    updated.put('source_system', this.#sourceSystem).put('processed_at', processedAt)
    return record.newRecord({ valueSchema: schema, value: updated })
  }

  close(): void {
    this.#schemaCache.clear()
  }
}
