/**
 * Kafka's `InsertField` (`$Key`, `$Value`): adds the record's topic, partition, offset and timestamp,
 * and a static string, as fields of a struct or entries of a schemaless map.
 *
 * - Each `*.field` name may end in `!` (the new field is required) or `?` (optional, the default).
 * - Null key/value: the record is returned unchanged.
 * - Schemaless: a copy of the map with the entries put (topic String, partition Integer, offset and
 *   timestamp Long); partition and timestamp only where the record has them; offset only on a sink
 *   record (otherwise a DataException).
 * - With a schema: a new struct schema (name, version, doc and parameters copied; required) with the
 *   original fields, then topic (string), partition (int32), offset (int64), timestamp (Timestamp)
 *   and the static field (string), cached per input schema. A field name that already exists fails
 *   with Connect's SchemaBuilderException.
 */
import { field } from '../runtime/config/config-key.js'
import { defineConfig } from '../runtime/config/definition.js'
import { ConnectTimestamp } from '../runtime/data/logical.js'
import { type Schema, SchemaBuilder, Schemas } from '../runtime/data/schema.js'
import { Struct } from '../runtime/data/struct.js'
import { Int32 } from '../runtime/data/values.js'
import { ConfigException } from '../runtime/errors.js'
import type { ConnectRecord } from '../runtime/record/record.js'
import { registerKeyValueTransformation } from './registry.js'
import type { Transformation, TransformConfig } from './transformation.js'
import { KEY, type RecordPart, VALUE } from './util/record-part.js'
import { REPLACE_NULL_WITH_DEFAULT, readField, replaceNullWithDefaultKey } from './util/replace-null-with-default.js'
import { requireMap, requireSinkRecord, requireStruct } from './util/requirements.js'
import { SchemaCache } from './util/schema-cache.js'
import { copySchemaBasics } from './util/schema-util.js'

const OPTIONALITY_DOC =
  'Suffix with <code>!</code> to make this a required field, or <code>?</code> to keep it optional (the default).'

const CONFIG = defineConfig({
  'topic.field': field.string({ doc: `Field name for Kafka topic. ${OPTIONALITY_DOC}`, default: null }),
  'partition.field': field.string({ doc: `Field name for Kafka partition. ${OPTIONALITY_DOC}`, default: null }),
  'offset.field': field.string({
    doc: `Field name for Kafka offset - only applicable to sink connectors.<br/>${OPTIONALITY_DOC}`,
    default: null,
  }),
  'timestamp.field': field.string({ doc: `Field name for record timestamp. ${OPTIONALITY_DOC}`, default: null }),
  'static.field': field.string({ doc: `Field name for static data field. ${OPTIONALITY_DOC}`, default: null }),
  'static.value': field.string({ doc: 'Static field value, if field name configured.', default: null }),
  [REPLACE_NULL_WITH_DEFAULT]: replaceNullWithDefaultKey(),
})

const PURPOSE = 'field insertion'
const TIMESTAMP_SCHEMA = ConnectTimestamp.schema()
const OPTIONAL_TIMESTAMP_SCHEMA = ConnectTimestamp.builder().optional().build()

/** A configured field name with its `!`/`?` suffix read (Kafka's `InsertionSpec`). */
interface InsertionSpec {
  readonly name: string
  readonly optional: boolean
}

function parseSpec(spec: string | null): InsertionSpec | null {
  if (spec === null) return null
  if (spec.endsWith('?')) return { name: spec.slice(0, -1), optional: true }
  if (spec.endsWith('!')) return { name: spec.slice(0, -1), optional: false }
  return { name: spec, optional: true }
}

export abstract class InsertField implements Transformation {
  static readonly OVERVIEW_DOC =
    'Insert field(s) using attributes from the record metadata or a configured static value.<p/>Use the concrete transformation type designed for the record key (<code>org.apache.kafka.connect.transforms.InsertField$Key</code>) or value (<code>org.apache.kafka.connect.transforms.InsertField$Value</code>).'
  static readonly CONFIG_DEF = CONFIG

  #topicField: InsertionSpec | null = null
  #partitionField: InsertionSpec | null = null
  #offsetField: InsertionSpec | null = null
  #timestampField: InsertionSpec | null = null
  #staticField: InsertionSpec | null = null
  #staticValue: string | null = null
  #replaceNullWithDefault = true
  readonly #schemaUpdateCache = new SchemaCache<Schema>()

  constructor(private readonly part: RecordPart) {}

  config() {
    return CONFIG
  }

  configure(props: TransformConfig): void {
    const config = CONFIG.parse(props)
    this.#topicField = parseSpec(config.get('topic.field'))
    this.#partitionField = parseSpec(config.get('partition.field'))
    this.#offsetField = parseSpec(config.get('offset.field'))
    this.#timestampField = parseSpec(config.get('timestamp.field'))
    this.#staticField = parseSpec(config.get('static.field'))
    this.#staticValue = config.get('static.value')
    this.#replaceNullWithDefault = config.get(REPLACE_NULL_WITH_DEFAULT)
    if (
      this.#topicField === null &&
      this.#partitionField === null &&
      this.#offsetField === null &&
      this.#timestampField === null &&
      this.#staticField === null
    ) {
      throw new ConfigException('No field insertion configured')
    }
    if (this.#staticField !== null && this.#staticValue === null) {
      throw ConfigException.invalid(
        'static.value',
        null,
        `No value specified for static field: ${this.#staticField.name}`,
      )
    }
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

  #applySchemaless<R extends ConnectRecord>(record: R, operating: unknown): R {
    const updated = new Map(requireMap(operating, PURPOSE))
    if (this.#topicField !== null) updated.set(this.#topicField.name, record.topic)
    if (this.#partitionField !== null && record.kafkaPartition !== null) {
      updated.set(this.#partitionField.name, new Int32(record.kafkaPartition))
    }
    if (this.#offsetField !== null) {
      updated.set(this.#offsetField.name, BigInt(requireSinkRecord(record, PURPOSE).kafkaOffset))
    }
    if (this.#timestampField !== null && record.timestamp !== null) {
      updated.set(this.#timestampField.name, BigInt(record.timestamp))
    }
    if (this.#staticField !== null && this.#staticValue !== null) updated.set(this.#staticField.name, this.#staticValue)
    return this.part.with(record, null, updated)
  }

  #applyWithSchema<R extends ConnectRecord>(record: R, operating: unknown, schema: Schema): R {
    const value = requireStruct(operating, PURPOSE, schema)
    const updatedSchema = this.#schemaUpdateCache.computeIfAbsent(value.schema, (s) => this.#makeUpdatedSchema(s))
    const updated = new Struct(updatedSchema)
    const fields = value.schema.fields
    for (let i = 0; i < fields.length; i++) {
      updated.put(updatedSchema.fields[i]!, readField(value, fields[i]!, this.#replaceNullWithDefault))
    }
    if (this.#topicField !== null) updated.put(this.#topicField.name, record.topic)
    if (this.#partitionField !== null && record.kafkaPartition !== null) {
      updated.put(this.#partitionField.name, record.kafkaPartition)
    }
    if (this.#offsetField !== null) {
      updated.put(this.#offsetField.name, BigInt(requireSinkRecord(record, PURPOSE).kafkaOffset))
    }
    if (this.#timestampField !== null && record.timestamp !== null) {
      updated.put(this.#timestampField.name, new Date(record.timestamp))
    }
    if (this.#staticField !== null && this.#staticValue !== null) updated.put(this.#staticField.name, this.#staticValue)
    return this.part.with(record, updatedSchema, updated)
  }

  #makeUpdatedSchema(schema: Schema): Schema {
    const builder = copySchemaBasics(schema, SchemaBuilder.struct())
    for (const f of schema.fields) builder.field(f.name, f.schema)
    const spec = (s: InsertionSpec | null, optional: Schema, required: Schema) => {
      if (s !== null) builder.field(s.name, s.optional ? optional : required)
    }
    spec(this.#topicField, Schemas.OPTIONAL_STRING, Schemas.STRING)
    spec(this.#partitionField, Schemas.OPTIONAL_INT32, Schemas.INT32)
    spec(this.#offsetField, Schemas.OPTIONAL_INT64, Schemas.INT64)
    spec(this.#timestampField, OPTIONAL_TIMESTAMP_SCHEMA, TIMESTAMP_SCHEMA)
    spec(this.#staticField, Schemas.OPTIONAL_STRING, Schemas.STRING)
    return builder.build()
  }
}

export class InsertFieldKey extends InsertField {
  constructor() {
    super(KEY)
  }
}

export class InsertFieldValue extends InsertField {
  constructor() {
    super(VALUE)
  }
}

registerKeyValueTransformation('org.apache.kafka.connect.transforms.InsertField', InsertFieldKey, InsertFieldValue, {
  overview: InsertField.OVERVIEW_DOC,
})
