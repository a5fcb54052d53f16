/**
 * Kafka's `MaskField` (`$Key`, `$Value`): replaces the listed top-level fields with a neutral value of
 * the same Java class, or with `replacement` converted to that class.
 *
 * - The masked value is chosen by the value's Java class, not the schema: Boolean → false, numbers → 0
 *   of their width, BigInteger/BigDecimal → 0, Date (so Date, Time and Timestamp) → epoch 0, String →
 *   "", a list → [], a map → {}; anything else (bytes, a struct) is a DataException.
 * - With `replacement`: only numbers and strings can be masked; the text is converted with Connect's
 *   `Values.convertToXxx` (BigDecimal and BigInteger with their string constructors), and one that
 *   does not convert is a DataException.
 * - Null fields stay null (after the default is read in, unless `replace.null.with.default=false`).
 * - No tombstone pass-through: a null key/value is a DataException. The schema never changes.
 * - Schemaless: every listed field is written back, so an absent one becomes an explicit null.
 */
import { field } from '../runtime/config/config-key.js'
import { defineConfig } from '../runtime/config/definition.js'
import { nonEmptyString } from '../runtime/config/validators.js'
import { javaClassName, javaNumberClass } from '../runtime/data/java-objects.js'
import type { Schema } from '../runtime/data/schema.js'
import { Struct } from '../runtime/data/struct.js'
import { BigDecimal, BigInteger, Float32, Int8, Int16, Int32 } from '../runtime/data/values.js'
import {
  convertToByte,
  convertToDouble,
  convertToFloat,
  convertToInteger,
  convertToLong,
  convertToShort,
} from '../runtime/data/values-conversion.js'
import { DataException } from '../runtime/errors.js'
import type { ConnectRecord } from '../runtime/record/record.js'
import { registerKeyValueTransformation } from './registry.js'
import type { Transformation, TransformConfig } from './transformation.js'
import { KEY, type RecordPart, VALUE } from './util/record-part.js'
import { REPLACE_NULL_WITH_DEFAULT, readField, replaceNullWithDefaultKey } from './util/replace-null-with-default.js'
import { requireMap, requireStruct } from './util/requirements.js'
import { anyNonDuplicateValues } from './util/validators.js'

const CONFIG = defineConfig({
  fields: field.list({
    doc: 'Names of fields to mask.',
    validator: anyNonDuplicateValues(false, false),
    importance: 'HIGH',
  }),
  replacement: field.string({
    doc: "Custom value replacement, that will be applied to all 'fields' values (numeric or non-empty string values only).",
    default: null,
    validator: nonEmptyString,
    importance: 'LOW',
  }),
  [REPLACE_NULL_WITH_DEFAULT]: replaceNullWithDefaultKey(),
})

const PURPOSE = 'mask fields'

/**
 * A value in our representation for a Java number class: a plain number under a schema (the schema
 * says the class), a wrapper without one (the wrapper keeps the class).
 */
function numberOf(cls: string, n: number | bigint, schemaless: boolean): unknown {
  if (!schemaless || typeof n === 'bigint') return n
  switch (cls) {
    case 'Byte':
      return new Int8(n)
    case 'Short':
      return new Int16(n)
    case 'Integer':
      return new Int32(n)
    case 'Float':
      return new Float32(n)
    default:
      return n
  }
}

function notANumber(replacement: string, cause: unknown): DataException {
  return new DataException(`Unable to convert ${replacement} (class java.lang.String) to number`, { cause })
}

/** Java's `new BigInteger(String)`: an optional sign and decimal digits. */
function parseBigInteger(text: string): BigInteger {
  if (!/^[+-]?\d+$/.test(text)) throw notANumber(text, new SyntaxError(`For input string: "${text}"`))
  return new BigInteger(BigInt(text))
}

/** Java's `new BigDecimal(String)`. */
function parseBigDecimal(text: string): BigDecimal {
  try {
    return BigDecimal.parse(text)
  } catch (error) {
    throw notANumber(text, error)
  }
}

/** The neutral value of the value's Java class (Kafka's `maskWithNullValue`). */
function maskWithNullValue(value: unknown, schema: Schema | null): unknown {
  const schemaless = schema === null
  const cls = javaNumberClass(schema, value)
  if (cls !== null) {
    switch (cls) {
      case 'Long':
        return 0n
      case 'BigInteger':
        return new BigInteger(0n)
      case 'BigDecimal':
        return new BigDecimal(0n, 0)
      default:
        return numberOf(cls, 0, schemaless)
    }
  }
  if (typeof value === 'boolean') return false
  if (typeof value === 'string') return ''
  if (value instanceof Date) return new Date(0)
  if (Array.isArray(value)) return []
  if (value instanceof Map) return new Map()
  throw new DataException(`Cannot mask value of type: class ${javaClassName(schema, value)}`)
}

/** `replacement` converted to the value's Java class (Kafka's `maskWithCustomReplacement`). */
function maskWithCustomReplacement(value: unknown, schema: Schema | null, replacement: string): unknown {
  const schemaless = schema === null
  switch (typeof value === 'string' ? 'String' : javaNumberClass(schema, value)) {
    case 'String':
      return replacement
    case 'Byte':
      return numberOf('Byte', convertToByte(null, replacement)!, schemaless)
    case 'Short':
      return numberOf('Short', convertToShort(null, replacement)!, schemaless)
    case 'Integer':
      return numberOf('Integer', convertToInteger(null, replacement)!, schemaless)
    case 'Long':
      return convertToLong(null, replacement)
    case 'Float':
      return numberOf('Float', convertToFloat(null, replacement)!, schemaless)
    case 'Double':
      return convertToDouble(null, replacement)
    case 'BigDecimal':
      return parseBigDecimal(replacement)
    case 'BigInteger':
      return parseBigInteger(replacement)
    default:
      throw new DataException(
        `Cannot mask value of type class ${javaClassName(schema, value)} with custom replacement.`,
      )
  }
}

export abstract class MaskField implements Transformation {
  static readonly OVERVIEW_DOC =
    'Mask specified fields with a valid null value for the field type (i.e. 0, false, empty string, and so on).<p/>For numeric and string fields, an optional replacement value can be specified that is converted to the correct type.<p/>Use the concrete transformation type designed for the record key (<code>org.apache.kafka.connect.transforms.MaskField$Key</code>) or value (<code>org.apache.kafka.connect.transforms.MaskField$Value</code>).'
  static readonly CONFIG_DEF = CONFIG

  #maskedFields: readonly string[] = []
  #masked: ReadonlySet<string> = new Set()
  #replacement: string | null = null
  #replaceNullWithDefault = true

  constructor(private readonly part: RecordPart) {}

  config() {
    return CONFIG
  }

  configure(props: TransformConfig): void {
    const config = CONFIG.parse(props)
    this.#maskedFields = [...new Set(config.get('fields'))]
    this.#masked = new Set(this.#maskedFields)
    this.#replacement = config.get('replacement')
    this.#replaceNullWithDefault = config.get(REPLACE_NULL_WITH_DEFAULT)
  }

  apply<R extends ConnectRecord>(record: R): R {
    const schema = this.part.schema(record)
    return schema === null ? this.#applySchemaless(record) : this.#applyWithSchema(record, schema)
  }

  #applySchemaless<R extends ConnectRecord>(record: R): R {
    const value = requireMap(this.part.value(record), PURPOSE)
    const updated = new Map(value)
    for (const name of this.#maskedFields) updated.set(name, this.#maskValue(value.get(name) ?? null, null))
    return this.part.with(record, null, updated)
  }

  #applyWithSchema<R extends ConnectRecord>(record: R, schema: Schema): R {
    const value = requireStruct(this.part.value(record), PURPOSE, schema)
    const updated = new Struct(value.schema)
    for (const f of value.schema.fields) {
      const original = readField(value, f, this.#replaceNullWithDefault)
      updated.put(f, this.#masked.has(f.name) ? this.#maskValue(original, f.schema) : original)
    }
    return this.part.with(record, schema, updated)
  }

  /** `schema` is the field's schema (null without one), which tells the Java class of a plain number. */
  #maskValue(value: unknown, schema: Schema | null): unknown {
    if (value === null) return null
    return this.#replacement === null
      ? maskWithNullValue(value, schema)
      : maskWithCustomReplacement(value, schema, this.#replacement)
  }
}

export class MaskFieldKey extends MaskField {
  constructor() {
    super(KEY)
  }
}

export class MaskFieldValue extends MaskField {
  constructor() {
    super(VALUE)
  }
}

registerKeyValueTransformation('org.apache.kafka.connect.transforms.MaskField', MaskFieldKey, MaskFieldValue, {
  overview: MaskField.OVERVIEW_DOC,
})
