/**
 * Kafka's `HeaderFrom` (`$Key`, `$Value`): copies or moves fields of the key/value into headers;
 * `fields[i]` goes to header `headers[i]` (duplicates allowed in both lists; headers are appended).
 *
 * - No tombstone pass-through: null data is a DataException.
 * - Schemaless: each header gets the field's value with a null schema (a Struct value reports its own);
 *   `move` removes the fields from a copy of the map; a missing field gives a null header.
 * - With a schema: each header gets the field's schema, and its value read per
 *   `replace.null.with.default`; `move` rebuilds the struct without the moved fields (name, version,
 *   doc and parameters copied; cached per input schema). A field missing from the schema is Java's
 *   `NullPointerException`, as in Kafka.
 */
import { field } from '../runtime/config/config-key.js'
import { defineConfig } from '../runtime/config/definition.js'
import { nonEmptyList, validString } from '../runtime/config/validators.js'
import { type Schema, SchemaBuilder } from '../runtime/data/schema.js'
import { Struct } from '../runtime/data/struct.js'
import { ConfigException } from '../runtime/errors.js'
import type { ConnectRecord } from '../runtime/record/record.js'
import { registerKeyValueTransformation } from './registry.js'
import type { Transformation, TransformConfig } from './transformation.js'
import { NullPointerException } from './util/java-exceptions.js'
import { KEY, type RecordPart, VALUE } from './util/record-part.js'
import { REPLACE_NULL_WITH_DEFAULT, readField, replaceNullWithDefaultKey } from './util/replace-null-with-default.js'
import { requireMap, requireStruct } from './util/requirements.js'
import { SchemaCache } from './util/schema-cache.js'
import { copySchemaBasics } from './util/schema-util.js'

export const HeaderFromOperation = { MOVE: 'move', COPY: 'copy' } as const
export type HeaderFromOperation = (typeof HeaderFromOperation)[keyof typeof HeaderFromOperation]

const CONFIG = defineConfig({
  fields: field.list({
    doc: 'Field names in the record whose values are to be copied or moved to headers.',
    validator: nonEmptyList,
    importance: 'HIGH',
  }),
  headers: field.list({
    doc: 'Header names, in the same order as the field names listed in the fields configuration property.',
    validator: nonEmptyList,
    importance: 'HIGH',
  }),
  operation: field.string({
    doc: 'Either <code>move</code> if the fields are to be moved to the headers (removed from the key/value), or <code>copy</code> if the fields are to be copied to the headers (retained in the key/value).',
    validator: validString(HeaderFromOperation.MOVE, HeaderFromOperation.COPY),
    importance: 'HIGH',
  }),
  [REPLACE_NULL_WITH_DEFAULT]: replaceNullWithDefaultKey(),
})

export abstract class HeaderFrom implements Transformation {
  static readonly OVERVIEW_DOC =
    "Moves or copies fields in the key/value of a record into that record's headers. Corresponding elements of <code>fields</code> and <code>headers</code> together identify a field and the header it should be moved or copied to. Use the concrete transformation type designed for the record key (<code>org.apache.kafka.connect.transforms.HeaderFrom$Key</code>) or value (<code>org.apache.kafka.connect.transforms.HeaderFrom$Value</code>)."
  static readonly CONFIG_DEF = CONFIG

  #fields: readonly string[] = []
  #headers: readonly string[] = []
  #operation: HeaderFromOperation = HeaderFromOperation.COPY
  #replaceNullWithDefault = true
  readonly #moveSchemaCache = new SchemaCache<Schema>()

  constructor(private readonly part: RecordPart) {}

  config() {
    return CONFIG
  }

  configure(props: TransformConfig): void {
    const config = CONFIG.parse(props)
    this.#fields = config.get('fields')
    this.#headers = config.get('headers')
    if (this.#headers.length !== this.#fields.length) {
      throw new ConfigException("'fields' config must have the same number of elements as 'headers' config.")
    }
    this.#operation = config.get('operation') as HeaderFromOperation
    this.#replaceNullWithDefault = config.get(REPLACE_NULL_WITH_DEFAULT)
    this.#moveSchemaCache.clear()
  }

  apply<R extends ConnectRecord>(record: R): R {
    const schema = this.part.schema(record)
    const value = this.part.value(record)
    return schema === null ? this.#applySchemaless(record, value) : this.#applyWithSchema(record, value, schema)
  }

  close(): void {
    this.#moveSchemaCache.clear()
  }

  #applyWithSchema<R extends ConnectRecord>(record: R, operating: unknown, schema: Schema): R {
    const headers = record.headers.duplicate()
    const value = requireStruct(operating, `header ${this.#operation}`, schema)
    let updatedSchema = schema
    let updatedValue = value
    if (this.#operation === HeaderFromOperation.MOVE) {
      updatedSchema = this.#moveSchemaCache.computeIfAbsent(schema, (s) => this.#moveSchema(s))
      updatedValue = new Struct(updatedSchema)
      for (const f of updatedSchema.fields) updatedValue.put(f, readField(value, f.name, this.#replaceNullWithDefault))
    }
    for (let i = 0; i < this.#fields.length; i++) {
      const name = this.#fields[i]!
      const f = value.schema.field(name)
      const fieldValue = f !== undefined ? readField(value, f.name, this.#replaceNullWithDefault) : null
      const fieldSchema = schema.field(name)
      if (fieldSchema === undefined) {
        throw new NullPointerException(
          `Cannot invoke "org.apache.kafka.connect.data.Field.schema()" because the return value of "org.apache.kafka.connect.data.Schema.field(String)" is null`,
        )
      }
      headers.add(this.#headers[i]!, fieldValue, fieldSchema.schema)
    }
    return this.part.with(record, updatedSchema, updatedValue, headers)
  }

  #moveSchema(schema: Schema): Schema {
    const builder = copySchemaBasics(schema, SchemaBuilder.struct())
    for (const f of schema.fields) if (!this.#fields.includes(f.name)) builder.field(f.name, f.schema)
    return builder.build()
  }

  #applySchemaless<R extends ConnectRecord>(record: R, operating: unknown): R {
    const headers = record.headers.duplicate()
    const value = requireMap(operating, `header ${this.#operation}`)
    const updated = new Map(value)
    for (let i = 0; i < this.#fields.length; i++) {
      const name = this.#fields[i]!
      if (this.#operation === HeaderFromOperation.MOVE) updated.delete(name)
      headers.add(this.#headers[i]!, value.get(name) ?? null, null)
    }
    return this.part.with(record, null, updated, headers)
  }
}

export class HeaderFromKey extends HeaderFrom {
  constructor() {
    super(KEY)
  }
}

export class HeaderFromValue extends HeaderFrom {
  constructor() {
    super(VALUE)
  }
}

registerKeyValueTransformation('org.apache.kafka.connect.transforms.HeaderFrom', HeaderFromKey, HeaderFromValue, {
  overview: HeaderFrom.OVERVIEW_DOC,
})
