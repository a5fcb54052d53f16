/**
 * Connect value → JSON bytes: Kafka's `JsonConverter.convertToJson`, written straight to the output
 * instead of through a Jackson tree, with the same checks and messages (Java's ClassCastException
 * becomes `Invalid type for INT32: class java.lang.String`).
 */
import { ConnectDate, ConnectTime, ConnectTimestamp, Decimal } from '../../data/logical.js'
import { LOGICAL_DATE, LOGICAL_DECIMAL, LOGICAL_TIME, type Schema, schemasEqual } from '../../data/schema.js'
import { Struct } from '../../data/struct.js'
import {
  BigDecimal,
  Float32,
  Int8,
  Int16,
  Int32,
  inferSchemaType,
  javaClassName,
  Type,
  typeName,
} from '../../data/values.js'
import { DataException } from '../../errors.js'
import { JsonWriter } from './json-writer.js'
import { isLogicalName } from './to-connect.js'

export interface FromConnectOptions {
  readonly numericDecimals: boolean
  readonly replaceNullWithDefault: boolean
}

export function classOf(value: unknown): string {
  return `class ${javaClassName(value)}`
}

export function castError(schema: Schema | null, value: unknown): DataException {
  return new DataException(
    `Invalid type for ${schema !== null ? typeName(schema.type) : 'unknown schema'}: ${classOf(value)}`,
  )
}

function isIntIn(v: unknown, min: number, max: number): v is number {
  return typeof v === 'number' && Number.isInteger(v) && v >= min && v <= max
}

/** The Java value as the int a Byte/Short/Integer cast would give, or a cast error. */
export function intOf(
  schema: Schema | null,
  value: unknown,
  wrapper: typeof Int8 | typeof Int16 | typeof Int32,
  min: number,
  max: number,
): number {
  if (value instanceof wrapper) return value.value
  if (schema !== null && isIntIn(value, min, max)) return value
  throw castError(schema, value)
}

export function writeLogical(
  w: JsonWriter,
  name: string,
  schema: Schema,
  value: unknown,
  options: FromConnectOptions,
): void {
  switch (name) {
    case LOGICAL_DECIMAL:
      if (!(value instanceof BigDecimal)) {
        throw new DataException(`Invalid type for Decimal, expected BigDecimal but was ${classOf(value)}`)
      }
      if (options.numericDecimals) w.decimal(value)
      else w.binary(Decimal.fromLogical(schema, value))
      return
    case LOGICAL_DATE:
      if (!(value instanceof Date))
        throw new DataException(`Invalid type for Date, expected Date but was ${classOf(value)}`)
      w.int(ConnectDate.fromLogical(schema, value))
      return
    case LOGICAL_TIME:
      if (!(value instanceof Date))
        throw new DataException(`Invalid type for Time, expected Date but was ${classOf(value)}`)
      w.int(ConnectTime.fromLogical(schema, value))
      return
    default:
      if (!(value instanceof Date)) {
        throw new DataException(`Invalid type for Timestamp, expected Date but was ${classOf(value)}`)
      }
      w.long(ConnectTimestamp.fromLogical(schema, value))
  }
}

/** Writes Kafka's `convertToJson(schema, value)`; a Java null (no schema, no value) is written as `null`. */
export function writeConnectValue(
  w: JsonWriter,
  schema: Schema | null,
  value: unknown,
  options: FromConnectOptions,
): void {
  if (value === null || value === undefined) {
    if (schema === null) {
      w.null()
      return
    }
    if (schema.defaultValue !== null && options.replaceNullWithDefault) {
      writeConnectValue(w, schema, schema.defaultValue, options)
      return
    }
    if (schema.optional) {
      w.null()
      return
    }
    throw new DataException('Conversion error: null value for field that is required and has no default value')
  }
  if (schema !== null && isLogicalName(schema.name)) {
    writeLogical(w, schema.name, schema, value, options)
    return
  }
  const type = schema !== null ? schema.type : inferSchemaType(value)
  if (type === null) throw new DataException(`Java class ${classOf(value)} does not have corresponding schema type.`)
  switch (type) {
    case Type.INT8:
      w.int(intOf(schema, value, Int8, -128, 127))
      return
    case Type.INT16:
      w.int(intOf(schema, value, Int16, -32768, 32767))
      return
    case Type.INT32:
      w.int(intOf(schema, value, Int32, -2147483648, 2147483647))
      return
    case Type.INT64:
      if (typeof value !== 'bigint') throw castError(schema, value)
      w.long(BigInt.asIntN(64, value))
      return
    case Type.FLOAT32:
      if (value instanceof Float32) w.float(value.value)
      else if (schema !== null && typeof value === 'number') w.float(Math.fround(value))
      else throw castError(schema, value)
      return
    case Type.FLOAT64:
      if (typeof value !== 'number') throw castError(schema, value)
      w.double(value)
      return
    case Type.BOOLEAN:
      if (typeof value !== 'boolean') throw castError(schema, value)
      w.boolean(value)
      return
    case Type.STRING:
      if (typeof value !== 'string') throw castError(schema, value)
      w.string(value)
      return
    case Type.BYTES:
      if (!(value instanceof Uint8Array)) throw new DataException(`Invalid type for bytes type: ${classOf(value)}`)
      w.binary(value)
      return
    case Type.ARRAY: {
      if (!Array.isArray(value)) throw castError(schema, value)
      const elementSchema = schema === null ? null : schema.valueSchema
      w.startArray()
      for (let i = 0; i < value.length; i++) {
        if (i > 0) w.comma()
        writeConnectValue(w, elementSchema, value[i], options)
      }
      w.endArray()
      return
    }
    case Type.MAP:
      if (!(value instanceof Map)) throw castError(schema, value)
      writeMap(w, schema, value, options)
      return
    case Type.STRUCT: {
      if (!(value instanceof Struct)) throw castError(schema, value)
      if (schema === null || (value.schema !== schema && !schemasEqual(value.schema, schema))) {
        throw new DataException('Mismatching schema.')
      }
      const fields = schema.fields
      const names = fieldNameBytes(schema)
      w.startObject()
      for (let i = 0; i < fields.length; i++) {
        const field = fields[i]!
        // `"name":`, with the comma before all but the first, written once per schema
        w.raw(names[i]!)
        writeConnectValue(w, field.schema, value.getWithoutDefault(field), options)
      }
      w.endObject()
      return
    }
  }
}

const nameBytes = new WeakMap<Schema, Buffer[]>()
/** Per struct schema, each field's `"name":` as Jackson writes it (`,"name":` after the first). */
export function fieldNameBytes(schema: Schema): Buffer[] {
  let names = nameBytes.get(schema)
  if (names === undefined) {
    const w = new JsonWriter(256)
    names = schema.fields.map((field, i) => {
      w.reset()
      if (i > 0) w.comma()
      w.name(field.name)
      return w.finish()
    })
    nameBytes.set(schema, names)
  }
  return names
}

export function writeMap(
  w: JsonWriter,
  schema: Schema | null,
  map: Map<unknown, unknown>,
  options: FromConnectOptions,
): void {
  const keySchema = schema === null ? null : schema.keySchema
  const valueSchema = schema === null ? null : schema.valueSchema
  let objectMode: boolean
  if (schema === null) {
    objectMode = true
    for (const key of map.keys()) {
      if (typeof key !== 'string') {
        objectMode = false
        break
      }
    }
  } else {
    objectMode = keySchema!.type === Type.STRING
  }
  if (objectMode) {
    w.startObject()
    let first = true
    for (const [key, value] of map) {
      const name = keyText(keySchema, key, options)
      if (!first) w.comma()
      first = false
      w.name(name)
      writeConnectValue(w, valueSchema, value, options)
    }
    w.endObject()
    return
  }
  w.startArray()
  let first = true
  for (const [key, value] of map) {
    if (!first) w.comma()
    first = false
    w.startArray()
    writeConnectValue(w, keySchema, key, options)
    w.comma()
    writeConnectValue(w, valueSchema, value, options)
    w.endArray()
  }
  w.endArray()
}

/** `convertToJson(keySchema, key).asText()` for a map written as a JSON object. */
function keyText(keySchema: Schema | null, key: unknown, options: FromConnectOptions): string {
  if (key === null || key === undefined) {
    if (keySchema !== null && keySchema.defaultValue !== null && options.replaceNullWithDefault) {
      return keyText(keySchema, keySchema.defaultValue, options)
    }
    if (keySchema?.optional) return 'null'
    throw new DataException('Conversion error: null value for field that is required and has no default value')
  }
  if (typeof key === 'string' && (keySchema === null || !isLogicalName(keySchema.name))) return key
  throw castError(keySchema, key)
}

/**
 * `writeConnectValue(w, null, value, options)` with the common schemaless values (strings, Longs,
 * Doubles, booleans, lists, maps with string keys) written without inferring their type first; anything
 * else goes through `writeConnectValue`.
 */
const SAFE_LONG = 2n ** 53n

/** Field names of schemaless maps as written (`"name":`), for the names that come back record after record. */
const schemalessNames = new Map<string, Buffer>()
const MAX_SCHEMALESS_NAMES = 1000
const nameWriter = new JsonWriter(256)

function schemalessNameBytes(name: string): Buffer {
  let bytes = schemalessNames.get(name)
  if (bytes === undefined) {
    nameWriter.reset()
    nameWriter.name(name)
    bytes = nameWriter.finish()
    if (schemalessNames.size >= MAX_SCHEMALESS_NAMES) schemalessNames.clear()
    schemalessNames.set(name, bytes)
  }
  return bytes
}

export function writeSchemalessValue(w: JsonWriter, value: unknown, options: FromConnectOptions): void {
  switch (typeof value) {
    case 'string':
      w.string(value)
      return
    case 'bigint':
      // within ±2^53 a Long is its own low 64 bits, and a safe integer
      if (value < SAFE_LONG && value > -SAFE_LONG) w.int(Number(value))
      else w.long(BigInt.asIntN(64, value))
      return
    case 'number':
      w.double(value)
      return
    case 'boolean':
      w.boolean(value)
      return
    case 'object':
      if (value === null) {
        w.null()
        return
      }
      if (value instanceof Map) {
        if (!hasOnlyStringKeys(value)) break
        w.startObject()
        let first = true
        value.forEach((entry: unknown, key: unknown) => {
          if (!first) w.comma()
          first = false
          if ((key as string).length <= 32) w.raw(schemalessNameBytes(key as string))
          else w.name(key as string)
          writeSchemalessValue(w, entry, options)
        })
        w.endObject()
        return
      }
      if (Array.isArray(value)) {
        w.startArray()
        for (let i = 0; i < value.length; i++) {
          if (i > 0) w.comma()
          writeSchemalessValue(w, value[i], options)
        }
        w.endArray()
        return
      }
      break
  }
  writeConnectValue(w, null, value, options)
}

function hasOnlyStringKeys(map: Map<unknown, unknown>): boolean {
  for (const key of map.keys()) if (typeof key !== 'string') return false
  return true
}
