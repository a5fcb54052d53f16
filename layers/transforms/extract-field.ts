/**
 * Kafka's `ExtractField` (`$Key`, `$Value`): replaces the key/value with one of its fields, with
 * `field.syntax.version=V2` a nested one (`a.b.c`, KIP-821).
 *
 * - Schemaless: the value at the path, or null where the data is null or a step is missing; the new
 *   schema is null.
 * - With a schema: the field is looked up in the schema first, and an unknown one is Java's
 *   `IllegalArgumentException` ("Unknown field: …") even for a null value. The new schema is the
 *   field's; the new data is its value (null for null data), read per `replace.null.with.default`.
 */
import { field } from '../runtime/config/config-key.js'
import { defineConfig } from '../runtime/config/definition.js'
import type { ConnectRecord } from '../runtime/record/record.js'
import { registerKeyValueTransformation } from './registry.js'
import type { Transformation, TransformConfig } from './transformation.js'
import {
  FIELD_SYNTAX_VERSION,
  FieldSyntaxVersion,
  fieldSyntaxVersionKey,
  fieldSyntaxVersionOf,
  SingleFieldPath,
} from './util/field-path.js'
import { IllegalArgumentException } from './util/java-exceptions.js'
import { KEY, type RecordPart, VALUE } from './util/record-part.js'
import { REPLACE_NULL_WITH_DEFAULT, replaceNullWithDefaultKey } from './util/replace-null-with-default.js'
import { requireMapOrNull, requireStructOrNull } from './util/requirements.js'

const CONFIG = defineConfig({
  field: field.string({ doc: 'Field name to extract.' }),
  [REPLACE_NULL_WITH_DEFAULT]: replaceNullWithDefaultKey(),
  [FIELD_SYNTAX_VERSION]: fieldSyntaxVersionKey(),
})

const PURPOSE = 'field extraction'

export abstract class ExtractField implements Transformation {
  static readonly OVERVIEW_DOC =
    'Extract the specified field from a Struct when schema present, or a Map in the case of schemaless data. Any null values are passed through unmodified.<p/>Use the concrete transformation type designed for the record key (<code>org.apache.kafka.connect.transforms.ExtractField$Key</code>) or value (<code>org.apache.kafka.connect.transforms.ExtractField$Value</code>).'
  static readonly CONFIG_DEF = CONFIG

  #fieldPath = new SingleFieldPath('', FieldSyntaxVersion.V1)
  #originalPath = ''
  #replaceNullWithDefault = true

  constructor(private readonly part: RecordPart) {}

  config() {
    return CONFIG
  }

  configure(props: TransformConfig): void {
    const config = CONFIG.parse(props)
    this.#originalPath = config.get('field')
    this.#fieldPath = new SingleFieldPath(this.#originalPath, fieldSyntaxVersionOf(config.get(FIELD_SYNTAX_VERSION)))
    this.#replaceNullWithDefault = config.get(REPLACE_NULL_WITH_DEFAULT)
  }

  apply<R extends ConnectRecord>(record: R): R {
    const schema = this.part.schema(record)
    const operating = this.part.value(record)
    if (schema === null) {
      const value = requireMapOrNull(operating, PURPOSE)
      return this.part.with(record, null, value === null ? null : this.#fieldPath.valueFromMap(value))
    }
    const value = requireStructOrNull(operating, PURPOSE, schema)
    const f = this.#fieldPath.fieldFrom(schema)
    if (f === null) throw new IllegalArgumentException(`Unknown field: ${this.#originalPath}`)
    return this.part.with(
      record,
      f.schema,
      value === null ? null : this.#fieldPath.valueFromStruct(value, this.#replaceNullWithDefault),
    )
  }
}

export class ExtractFieldKey extends ExtractField {
  constructor() {
    super(KEY)
  }
}

export class ExtractFieldValue extends ExtractField {
  constructor() {
    super(VALUE)
  }
}

registerKeyValueTransformation('org.apache.kafka.connect.transforms.ExtractField', ExtractFieldKey, ExtractFieldValue, {
  overview: ExtractField.OVERVIEW_DOC,
})
