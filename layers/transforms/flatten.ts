/**
 * Kafka's `Flatten` (`$Key`, `$Value`): nested structs (or schemaless maps) become one level, their
 * field names joined with `delimiter` (default `.`, trimmed as Kafka trims string config).
 *
 * - Null key/value: the record is returned unchanged.
 * - Schemaless: nested maps are flattened into a new map in the order met; null, primitive, bytes and
 *   list values are copied as they are (lists are not descended into); a struct, or a value whose
 *   Java class Connect has no type for (a `Date`, a `BigDecimal`), is a DataException.
 * - With a schema: a new required struct schema (name, version, doc and parameters of the old one)
 *   with one field per leaf, cached per input schema. A leaf is optional if it or any struct above
 *   it is; its default is its own, else its value in the nearest struct default above it. Arrays are
 *   copied; a map is a DataException. Leaf values are read with `Struct.get`, so a null leaf with a
 *   default becomes the default.
 */
import { field } from '../runtime/config/config-key.js'
import { defineConfig } from '../runtime/config/definition.js'
import { javaClassName } from '../runtime/data/java-objects.js'
import { type Schema, SchemaBuilder } from '../runtime/data/schema.js'
import { Struct } from '../runtime/data/struct.js'
import { inferSchemaType, Type, typeName } from '../runtime/data/values.js'
import { DataException } from '../runtime/errors.js'
import type { ConnectRecord } from '../runtime/record/record.js'
import { classCastException } from './class-cast-exception.js'
import { registerKeyValueTransformation } from './registry.js'
import type { Transformation, TransformConfig } from './transformation.js'
import { KEY, type RecordPart, VALUE } from './util/record-part.js'
import { requireMap, requireStruct } from './util/requirements.js'
import { SchemaCache } from './util/schema-cache.js'
import { copySchemaBasics } from './util/schema-util.js'

const PURPOSE = 'flattening'

const CONFIG = defineConfig({
  delimiter: field.string({
    doc: 'Delimiter to insert between field names from the input record when generating field names for the output record',
    default: '.',
  }),
})

/** The leaf types Flatten copies as they are (arrays included, not descended into). */
function isLeaf(type: Type): boolean {
  return type !== Type.MAP && type !== Type.STRUCT
}

export abstract class Flatten implements Transformation {
  static readonly OVERVIEW_DOC =
    'Flatten a nested data structure, generating names for each field by concatenating the field names at each level ' +
    "with a configurable delimiter character. Applies to Struct when schema present, or a Map in the case of schemaless data. Array fields and their contents are not modified. The default delimiter is '.'." +
    '<p/>Use the concrete transformation type designed for the record key (<code>org.apache.kafka.connect.transforms.Flatten$Key</code>) ' +
    'or value (<code>org.apache.kafka.connect.transforms.Flatten$Value</code>).'
  static readonly CONFIG_DEF = CONFIG

  #delimiter = '.'
  readonly #schemaUpdateCache = new SchemaCache<Schema>()

  constructor(private readonly part: RecordPart) {}

  config() {
    return CONFIG
  }

  configure(props: TransformConfig): void {
    this.#delimiter = CONFIG.parse(props).get('delimiter')
    this.#schemaUpdateCache.clear()
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

  /** `prefix + delimiter + name`, or the name alone at the top; a key that is not a string fails as Java's cast. */
  #fieldName(prefix: string | null, key: unknown): string | null {
    if (key !== null && typeof key !== 'string') throw classCastException(key, 'java.lang.String')
    if (prefix === null || prefix === '') return key
    return `${prefix}${this.#delimiter}${key}`
  }

  #applySchemaless<R extends ConnectRecord>(record: R, operating: unknown): R {
    const updated = new Map<string | null, unknown>()
    this.#flattenMap(requireMap(operating, PURPOSE), '', updated)
    return this.part.with(record, null, updated)
  }

  #flattenMap(original: ReadonlyMap<unknown, unknown>, prefix: string | null, out: Map<string | null, unknown>): void {
    for (const [key, value] of original) {
      const name = this.#fieldName(prefix, key)
      if (value === null || value === undefined) {
        out.set(name, null)
        continue
      }
      const type = inferSchemaType(value)
      if (type === null) {
        throw new DataException(
          `Flatten transformation was passed a value of type class ${javaClassName(null, value)} which is not supported by Connect's data API`,
        )
      }
      if (isLeaf(type)) {
        out.set(name, value)
      } else if (type === Type.MAP) {
        this.#flattenMap(requireMap(value, PURPOSE), name, out)
      } else {
        throw new DataException(
          `Flatten transformation does not support class ${javaClassName(null, value)} for record without schemas (for field ${name}).`,
        )
      }
    }
  }

  #applyWithSchema<R extends ConnectRecord>(record: R, operating: unknown, schema: Schema): R {
    const value = requireStruct(operating, PURPOSE, schema)
    const updatedSchema = this.#schemaUpdateCache.computeIfAbsent(schema, (s) => {
      const builder = copySchemaBasics(s, SchemaBuilder.struct())
      this.#buildUpdatedSchema(s, '', builder, s.optional, (s.defaultValue as Struct | null) ?? null)
      return builder.build()
    })
    const updated = new Struct(updatedSchema)
    this.#buildWithSchema(value, '', updated)
    return this.part.with(record, updatedSchema, updated)
  }

  #buildUpdatedSchema(
    schema: Schema,
    prefix: string,
    builder: SchemaBuilder,
    optional: boolean,
    defaultFromParent: Struct | null,
  ): void {
    if (schema.type !== Type.STRUCT) throw new DataException('Cannot list fields on non-struct type')
    for (const f of schema.fields) {
      const name = this.#fieldName(prefix, f.name) as string
      const fieldOptional = optional || f.schema.optional
      const fieldDefault =
        f.schema.defaultValue !== null
          ? f.schema.defaultValue
          : defaultFromParent !== null
            ? defaultFromParent.get(f)
            : null
      if (isLeaf(f.schema.type)) {
        builder.field(name, convertFieldSchema(f.schema, fieldOptional, fieldDefault ?? null))
      } else if (f.schema.type === Type.STRUCT) {
        this.#buildUpdatedSchema(f.schema, name, builder, fieldOptional, (fieldDefault as Struct | null) ?? null)
      } else {
        throw new DataException(
          `Flatten transformation does not support ${typeName(f.schema.type)} for record with schemas (for field ${name}).`,
        )
      }
    }
  }

  #buildWithSchema(record: Struct | null, prefix: string, out: Struct): void {
    if (record === null) return
    for (const f of record.schema.fields) {
      const name = this.#fieldName(prefix, f.name) as string
      if (isLeaf(f.schema.type)) {
        out.put(name, record.get(f))
      } else if (f.schema.type === Type.STRUCT) {
        this.#buildWithSchema(record.getStruct(f.name), name, out)
      } else {
        throw new DataException(
          `Flatten transformation does not support ${typeName(f.schema.type)} for record with schemas (for field ${name}).`,
        )
      }
    }
  }
}

/** A leaf's schema in the flat struct: its basics, optional where asked, with the default found for it. */
function convertFieldSchema(orig: Schema, optional: boolean, defaultValue: unknown): Schema {
  const builder = copySchemaBasics(orig)
  if (optional) builder.optional()
  if (defaultValue !== null) builder.defaultValue(defaultValue)
  return builder.build()
}

export class FlattenKey extends Flatten {
  constructor() {
    super(KEY)
  }
}

export class FlattenValue extends Flatten {
  constructor() {
    super(VALUE)
  }
}

registerKeyValueTransformation('org.apache.kafka.connect.transforms.Flatten', FlattenKey, FlattenValue, {
  overview: Flatten.OVERVIEW_DOC,
})
