/**
 * Kafka's `Cast` (`$Key`, `$Value`): casts top-level fields, or the whole key/value, to another
 * primitive type.
 *
 * - `spec`: `field:type,…`, or one type alone for the whole key/value. Types (any case): int8, int16,
 *   int32, int64, float32, float64, boolean, string; bytes can be a source (cast to string, base64)
 *   but not a target. Configure errors as Kafka's (its 3-part item names the `renames` key, as Kafka's
 *   message does).
 * - Null key/value: the record is returned unchanged; a null field stays null.
 * - Numbers convert as Java's `Number.xxxValue()` (low bits kept, floating point through int/long);
 *   strings parse as Java's `Integer.parseInt` … (`DataException: Value (x) was out of range for
 *   requested data type` when they do not); booleans are 1/0 and `longValue() != 0`.
 * - Logical sources: Date/Time/Timestamp become days/millis of day/epoch millis before a numeric
 *   cast; to string they are written in ISO-8601 UTC, the layout picked from the value (`Values`).
 *   A Decimal casts as a `BigDecimal`. The new schema keeps the old one's name and parameters.
 * - Schemaless: the source type is the value's Java class (a `BigDecimal` or `Date` is rejected);
 *   the results are Java objects of the target class (`Int8`, `Float32`, … in our representation).
 */
import { field } from '../runtime/config/config-key.js'
import { defineConfig } from '../runtime/config/definition.js'
import { customValidator } from '../runtime/config/validators.js'
import { javaClassName, javaNumberClass, javaToString } from '../runtime/data/java-objects.js'
import { ConnectDate, ConnectTime, ConnectTimestamp } from '../runtime/data/logical.js'
import { LOGICAL_DATE, LOGICAL_TIME, LOGICAL_TIMESTAMP, type Schema, SchemaBuilder } from '../runtime/data/schema.js'
import { Struct } from '../runtime/data/struct.js'
import { Float32, Int8, Int16, Int32, inferSchemaType, Type, typeName } from '../runtime/data/values.js'
import { formatDate } from '../runtime/data/values-conversion.js'
import { ConfigException, DataException } from '../runtime/errors.js'
import type { ConnectRecord } from '../runtime/record/record.js'
import { classCastException } from './class-cast-exception.js'
import {
  byteValue,
  doubleValue,
  floatValue,
  intValue,
  type JavaNumber,
  longValue,
  parseJavaBoolean,
  parseJavaDouble,
  parseJavaFloat,
  parseJavaIntegral,
  shortValue,
  unwrapNumber,
} from './java-number-casts.js'
import { registerKeyValueTransformation } from './registry.js'
import type { Transformation, TransformConfig } from './transformation.js'
import { KEY, type RecordPart, VALUE } from './util/record-part.js'
import { REPLACE_NULL_WITH_DEFAULT, readField, replaceNullWithDefaultKey } from './util/replace-null-with-default.js'
import { requireMap, requireStruct } from './util/requirements.js'
import { SchemaCache } from './util/schema-cache.js'
import { copySchemaBasics } from './util/schema-util.js'

const PURPOSE = 'cast types'

const INPUT_TYPES: readonly Type[] = [
  Type.INT8,
  Type.INT16,
  Type.INT32,
  Type.INT64,
  Type.FLOAT32,
  Type.FLOAT64,
  Type.BOOLEAN,
  Type.STRING,
  Type.BYTES,
]
const OUTPUT_TYPES: readonly Type[] = INPUT_TYPES.slice(0, -1)
const listTypes = (types: readonly Type[]) => `[${types.map(typeName).join(', ')}]`

/** A target type of Cast. */
export type CastType = Exclude<Type, 'bytes' | 'array' | 'map' | 'struct'>

/** `Schema.Type.valueOf(name.toUpperCase(Locale.ROOT))`. */
function typeFromName(name: string): Type | undefined {
  return Object.values(Type).find((t) => typeName(t) === name.toUpperCase())
}

/** Java's `String.split(":")`: trailing empty strings removed (`""` gives `[""]`, `":"` gives `[]`). */
function splitColon(mapping: string): string[] {
  if (mapping === '') return ['']
  const parts = mapping.split(':')
  while (parts.length > 0 && parts[parts.length - 1] === '') parts.pop()
  return parts
}

/** Java's `String.trim()`: strips every character up to U+0020. */
function trim(value: string): string {
  let start = 0
  let end = value.length
  while (start < end && value.charCodeAt(start) <= 0x20) start++
  while (end > start && value.charCodeAt(end - 1) <= 0x20) end--
  return value.slice(start, end)
}

function validOutputType(name: string, key: string): CastType {
  const type = typeFromName(trim(name))
  if (type === undefined) {
    throw new ConfigException(`Invalid type found in casting spec: ${trim(name)}`, { key })
  }
  if (!OUTPUT_TYPES.includes(type)) {
    throw new ConfigException(
      `Cast transformation does not support casting to ${typeName(type)}; supported types are ${listTypes(OUTPUT_TYPES)}`,
      { key },
    )
  }
  return type as CastType
}

/** The parsed spec: the whole-value type, or field → type. */
export type CastSpec = { readonly whole: CastType } | { readonly fields: ReadonlyMap<string, CastType> }

/** Kafka's `parseFieldTypes`, with its messages; errors name `key` (the spec's config key). */
export function parseCastSpec(mappings: readonly string[], key = 'spec'): CastSpec {
  const fields = new Map<string, CastType>()
  let whole: CastType | null = null
  for (const mapping of mappings) {
    const parts = splitColon(mapping)
    if (parts.length > 2) {
      // Kafka's message names ReplaceField's key here
      throw new ConfigException(
        `Invalid value [${mappings.join(', ')}] for configuration renames: Invalid rename mapping: ${mapping}`,
        { key },
      )
    }
    if (parts.length === 0) {
      throw new ConfigException(`Invalid casting spec item "${mapping}": Index 1 out of bounds for length 0`, { key })
    }
    if (parts.length === 1) whole = validOutputType(parts[0]!, key)
    else fields.set(trim(parts[0]!), validOutputType(parts[1]!, key))
  }
  if (whole !== null && mappings.length > 1) {
    throw new ConfigException(
      'Cast transformations that specify a type to cast the entire value to may only specify a single cast in their spec',
      { key },
    )
  }
  return whole !== null ? { whole } : { fields: inJavaHashMapOrder(fields) }
}

/** Java's `String.hashCode()`. */
function javaStringHash(s: string): number {
  let h = 0
  for (let i = 0; i < s.length; i++) h = (Math.imul(31, h) + s.charCodeAt(i)) | 0
  return h
}

/**
 * The entries in the order a Java `HashMap` built from them iterates: by bucket, then as inserted. Kafka
 * casts schemaless fields in that order, so it decides which failing field is reported first.
 */
function inJavaHashMapOrder<T>(map: ReadonlyMap<string, T>): Map<string, T> {
  let capacity = 16
  while (map.size > capacity * 0.75) capacity *= 2
  const bucket = (key: string) => {
    const h = javaStringHash(key)
    return (h ^ (h >>> 16)) & (capacity - 1)
  }
  const entries = [...map.entries()].map((entry, index) => ({ entry, index, bucket: bucket(entry[0]) }))
  entries.sort((a, b) => a.bucket - b.bucket || a.index - b.index)
  return new Map(entries.map((e) => e.entry))
}

const CONFIG = defineConfig({
  spec: field.list({
    doc:
      'List of fields and the type to cast them to of the form field1:type,field2:type to cast fields of Maps or ' +
      'Structs. A single type to cast the entire value. Valid types are int8, int16, int32, int64, float32, ' +
      'float64, boolean, and string. Note that binary fields can only be cast to string.',
    importance: 'HIGH',
    validator: customValidator<readonly string[]>((name, value) => {
      if (value === null || value.length === 0) {
        throw new ConfigException('Must specify at least one field to cast.', { key: name })
      }
      parseCastSpec(value, name)
    }, 'list of colon-delimited pairs, e.g. <code>foo:bar,abc:xyz</code>'),
  }),
  [REPLACE_NULL_WITH_DEFAULT]: replaceNullWithDefaultKey(),
})

// --- casting one value -------------------------------------------------------------------------------

/** A value as Cast sees it: a Java number, boolean or string, or something else (by class name). */
type JavaValue =
  | { readonly kind: 'number'; readonly number: JavaNumber }
  | { readonly kind: 'boolean'; readonly value: boolean }
  | { readonly kind: 'string'; readonly value: string }
  | { readonly kind: 'other'; readonly className: string }

function asJavaValue(schema: Schema | null, value: unknown): JavaValue {
  if (typeof value === 'boolean') return { kind: 'boolean', value }
  if (typeof value === 'string') return { kind: 'string', value }
  const cls = javaNumberClass(schema, value)
  if (cls !== null) return { kind: 'number', number: { cls, value: unwrapNumber(value) } }
  return { kind: 'other', className: javaClassName(schema, value) }
}

/** `encodeLogicalType`: a Date/Time/Timestamp as the Integer/Long it stands for. */
function encodeLogicalType(schema: Schema, value: unknown): JavaValue | null {
  const name = schema.name
  if (name !== LOGICAL_DATE && name !== LOGICAL_TIME && name !== LOGICAL_TIMESTAMP) return null
  if (!(value instanceof Date)) throw classCastException(value, 'java.util.Date', schema)
  if (name === LOGICAL_DATE)
    return { kind: 'number', number: { cls: 'Integer', value: ConnectDate.fromLogical(schema, value) } }
  if (name === LOGICAL_TIME)
    return { kind: 'number', number: { cls: 'Integer', value: ConnectTime.fromLogical(schema, value) } }
  return { kind: 'number', number: { cls: 'Long', value: ConnectTimestamp.fromLogical(schema, value) } }
}

class NumberFormatException extends Error {}

function unexpectedType(v: JavaValue & { kind: 'other' }): DataException {
  return new DataException(`Unexpected type in Cast transformation: class ${v.className}`)
}

function parseIntegral(text: string, bits: 8 | 16 | 32 | 64): bigint {
  const parsed = parseJavaIntegral(text, bits)
  if (parsed === null) throw new NumberFormatException(`For input string: "${text}"`)
  return parsed
}

function castToIntegral(v: JavaValue, bits: 8 | 16 | 32): number {
  switch (v.kind) {
    case 'number':
      return bits === 8 ? byteValue(v.number) : bits === 16 ? shortValue(v.number) : intValue(v.number)
    case 'boolean':
      return v.value ? 1 : 0
    case 'string':
      return Number(parseIntegral(v.value, bits))
    default:
      throw unexpectedType(v)
  }
}

function castToInt64(v: JavaValue): bigint {
  switch (v.kind) {
    case 'number':
      return longValue(v.number)
    case 'boolean':
      return v.value ? 1n : 0n
    case 'string':
      return parseIntegral(v.value, 64)
    default:
      throw unexpectedType(v)
  }
}

function castToFloating(v: JavaValue, float: boolean): number {
  switch (v.kind) {
    case 'number':
      return float ? floatValue(v.number) : doubleValue(v.number)
    case 'boolean':
      return v.value ? 1 : 0
    case 'string': {
      const parsed = float ? parseJavaFloat(v.value) : parseJavaDouble(v.value)
      if (parsed === null) throw new NumberFormatException(`For input string: "${v.value}"`)
      return parsed
    }
    default:
      throw unexpectedType(v)
  }
}

function castToBoolean(v: JavaValue): boolean {
  switch (v.kind) {
    case 'number':
      return longValue(v.number) !== 0n
    case 'boolean':
      return v.value
    case 'string':
      return parseJavaBoolean(v.value)
    default:
      throw unexpectedType(v)
  }
}

/** `castToString`: dates in ISO-8601 UTC (`Values.dateFormatFor`), bytes in base64, else `toString()`. */
function castToString(schema: Schema | null, value: unknown): string {
  if (value instanceof Date) return formatDate(value)
  if (value instanceof Uint8Array)
    return Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString('base64')
  return javaToString(schema, value)
}

/**
 * Kafka's `castValueToType`. `schemaless` results are Java objects of the target class (the
 * `Int8`/`Int16`/`Int32`/`Float32` wrappers); with a schema, plain values.
 */
export function castValueToType(schema: Schema | null, value: unknown, target: Type, schemaless: boolean): unknown {
  if (value === null || value === undefined) return null
  const inferred = schema === null ? inferSchemaType(value) : schema.type
  if (inferred === null) {
    throw new DataException(
      `Cast transformation was passed a value of type class ${javaClassName(null, value)} which is not supported by Connect's data API`,
    )
  }
  if (!INPUT_TYPES.includes(inferred)) {
    throw new DataException(
      `Cast transformation does not support casting from ${typeName(inferred)}; supported types are ${listTypes(INPUT_TYPES)}`,
    )
  }
  if (target === Type.STRING) return castToString(schema, value)
  const encoded = schema !== null && schema.name !== null ? encodeLogicalType(schema, value) : null
  const v = encoded ?? asJavaValue(schema, value)
  try {
    switch (target) {
      case Type.INT8: {
        const n = castToIntegral(v, 8)
        return schemaless ? new Int8(n) : n
      }
      case Type.INT16: {
        const n = castToIntegral(v, 16)
        return schemaless ? new Int16(n) : n
      }
      case Type.INT32: {
        const n = castToIntegral(v, 32)
        return schemaless ? new Int32(n) : n
      }
      case Type.INT64:
        return castToInt64(v)
      case Type.FLOAT32: {
        const n = castToFloating(v, true)
        return schemaless ? new Float32(n) : n
      }
      case Type.FLOAT64:
        return castToFloating(v, false)
      case Type.BOOLEAN:
        return castToBoolean(v)
      default:
        throw new DataException(`${typeName(target)} is not supported in the Cast transformation.`)
    }
  } catch (error) {
    if (!(error instanceof NumberFormatException) || v.kind !== 'string') throw error
    throw new DataException(`Value (${v.value}) was out of range for requested data type`, { cause: error })
  }
}

function targetBuilder(type: CastType): SchemaBuilder {
  return SchemaBuilder.type(type)
}

// --- the transform -----------------------------------------------------------------------------------

export abstract class Cast implements Transformation {
  static readonly OVERVIEW_DOC =
    'Cast fields or the entire key or value to a specific type, e.g. to force an integer field to a smaller width. ' +
    'Cast from integers, floats, boolean and string to any other type, and cast binary to string (base64 encoded).' +
    '<p/>Use the concrete transformation type designed for the record key (<code>org.apache.kafka.connect.transforms.Cast$Key</code>) ' +
    'or value (<code>org.apache.kafka.connect.transforms.Cast$Value</code>).'
  static readonly CONFIG_DEF = CONFIG

  #whole: CastType | null = null
  #casts: ReadonlyMap<string, CastType> = new Map()
  #replaceNullWithDefault = true
  readonly #schemaUpdateCache = new SchemaCache<Schema>()

  constructor(private readonly part: RecordPart) {}

  config() {
    return CONFIG
  }

  configure(props: TransformConfig): void {
    const config = CONFIG.parse(props)
    const spec = parseCastSpec(config.get('spec'))
    if ('whole' in spec) {
      this.#whole = spec.whole
      this.#casts = new Map()
    } else {
      this.#whole = null
      this.#casts = spec.fields
    }
    this.#replaceNullWithDefault = config.get(REPLACE_NULL_WITH_DEFAULT)
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
    if (this.#whole !== null) return this.part.with(record, null, castValueToType(null, operating, this.#whole, true))
    const value = requireMap(operating, PURPOSE)
    const updated = new Map<unknown, unknown>(value)
    for (const [name, type] of this.#casts)
      updated.set(name, castValueToType(null, value.get(name) ?? null, type, true))
    return this.part.with(record, null, updated)
  }

  #applyWithSchema<R extends ConnectRecord>(record: R, operating: unknown, schema: Schema): R {
    const updatedSchema = this.#schemaUpdateCache.computeIfAbsent(schema, (s) => this.#buildSchema(s))
    if (this.#whole !== null) {
      return this.part.with(record, updatedSchema, castValueToType(schema, operating, this.#whole, false))
    }
    const value = requireStruct(operating, PURPOSE, schema)
    const updated = new Struct(updatedSchema)
    for (const f of value.schema.fields) {
      const original = readField(value, f, this.#replaceNullWithDefault)
      const target = this.#casts.get(f.name)
      const cast = target === undefined ? original : castValueToType(f.schema, original, target, false)
      const updatedField = updatedSchema.field(f.name)
      if (updatedField === undefined) throw new DataException('field cannot be null.')
      updated.put(updatedField, cast)
    }
    return this.part.with(record, updatedSchema, updated)
  }

  #buildSchema(schema: Schema): Schema {
    let builder: SchemaBuilder
    if (this.#whole !== null) {
      builder = copySchemaBasics(schema, targetBuilder(this.#whole))
    } else {
      if (schema.type !== Type.STRUCT) throw new DataException('Cannot list fields on non-struct type')
      builder = copySchemaBasics(schema, SchemaBuilder.struct())
      for (const f of schema.fields) {
        const target = this.#casts.get(f.name)
        if (target === undefined) {
          builder.field(f.name, f.schema)
          continue
        }
        const fieldBuilder = targetBuilder(target)
        if (f.schema.optional) fieldBuilder.optional()
        if (f.schema.defaultValue !== null) {
          fieldBuilder.defaultValue(castValueToType(f.schema, f.schema.defaultValue, target, false))
        }
        builder.field(f.name, fieldBuilder.build())
      }
    }
    if (schema.optional) builder.optional()
    if (schema.defaultValue !== null) {
      builder.defaultValue(castValueToType(schema, schema.defaultValue, builder.type, false))
    }
    return builder.build()
  }
}

export class CastKey extends Cast {
  constructor() {
    super(KEY)
  }
}

export class CastValue extends Cast {
  constructor() {
    super(VALUE)
  }
}

registerKeyValueTransformation('org.apache.kafka.connect.transforms.Cast', CastKey, CastValue, {
  overview: Cast.OVERVIEW_DOC,
})
