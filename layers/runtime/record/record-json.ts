/**
 * The record JSON form (`shared/spec/record-json.md`, a contract): records, schemas and values as JSON
 * objects, losslessly. Schemas are the JSON Kafka's `JsonConverter` writes (defaults encoded as it
 * encodes them with `decimal.format=BASE64`); values keep what JSON cannot say on its own (int64 past
 * 2^53−1 as decimal strings, bytes as base64, Decimal as `BigDecimal.toString()`, Date as epoch millis
 * of midnight), and schemaless values keep their Java class with `{"$type": T, "$value": V}` wrappers.
 *
 * Input is parsed JSON (`JSON.parse` output). Invalid input throws a DataException whose message starts
 * with the path of the offending part (`value.items[2].price: …`).
 *
 * Beyond the spec's tables, a float that JSON cannot hold (NaN, ±Infinity) is written and read as the
 * string `"NaN"`, `"Infinity"` or `"-Infinity"`, and an int64 default past 2^53−1 as a decimal string.
 */

import { ConnectDate, ConnectTime, Decimal, logicalName } from '../data/logical.js'
import {
  LOGICAL_DATE,
  LOGICAL_DECIMAL,
  LOGICAL_TIME,
  LOGICAL_TIMESTAMP,
  type Schema,
  SchemaBuilder,
  schemasEqual,
} from '../data/schema.js'
import { Struct } from '../data/struct.js'
import {
  BigDecimal,
  BigInteger,
  Float32,
  Int8,
  Int16,
  Int32,
  javaClassName,
  javaFloatToString,
  Type,
} from '../data/values.js'
import { DataException } from '../errors.js'
import { Headers } from './headers.js'
import { type ConnectRecord, SinkRecord, SourceRecord } from './record.js'

export type JsonValue = null | boolean | number | string | JsonValue[] | JsonObject
export interface JsonObject {
  [key: string]: JsonValue
}

const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER)
const INT64_MIN = -(2n ** 63n)
const INT64_MAX = 2n ** 63n - 1n
const MILLIS_PER_DAY = 86_400_000
/** The range of a JavaScript Date, in epoch millis. */
const MAX_DATE_MILLIS = 8.64e15

/** Values are written as values, schema defaults as JsonConverter writes defaults (Decimal base64, Date days). */
type Mode = 'value' | 'default'

// --- records ---------------------------------------------------------------------------------------

const RECORD_KEYS = new Set([
  'recordType',
  'topic',
  'partition',
  'offset',
  'timestamp',
  'keySchema',
  'key',
  'valueSchema',
  'value',
  'headers',
])
const HEADER_KEYS = new Set(['key', 'schema', 'value'])

/** Reads a record in the record JSON form: a SinkRecord, or a SourceRecord where `recordType` is `source`. */
export function recordFromJson(obj: unknown): SinkRecord | SourceRecord {
  const json = expectObject(obj, 'record')
  for (const key of Object.keys(json)) {
    if (!RECORD_KEYS.has(key)) fail('record', `unknown field "${key}"`)
  }
  const recordType = json['recordType'] ?? 'sink'
  if (recordType !== 'sink' && recordType !== 'source') {
    fail('recordType', `expected "sink" or "source", found ${show(recordType)}`)
  }
  const topic = json['topic'] ?? null
  if (topic !== null && typeof topic !== 'string') fail('topic', `expected a string or null, found ${show(topic)}`)
  const partitionJson = json['partition'] ?? null
  const partition =
    partitionJson === null ? (recordType === 'sink' ? 0 : null) : expectInt32(partitionJson, 'partition')
  const timestampJson = json['timestamp'] ?? null
  const timestamp = timestampJson === null ? null : expectSafeInteger(timestampJson, 'timestamp')
  const keySchema = cachedSchemaFromJson(json['keySchema'], 'keySchema')
  const valueSchema = cachedSchemaFromJson(json['valueSchema'], 'valueSchema')
  const fields = {
    topic,
    kafkaPartition: partition,
    keySchema,
    key: valueFromJson(keySchema, json['key'], 'key'),
    valueSchema,
    value: valueFromJson(valueSchema, json['value'], 'value'),
    timestamp,
    headers: headersFromJson(json['headers']),
  }
  if (recordType === 'source') return new SourceRecord(fields)
  // an offset on a source record is not part of it: it is ignored, and never written back
  const offsetJson = json['offset'] ?? null
  const kafkaOffset = offsetJson === null ? 0 : expectSafeInteger(offsetJson, 'offset')
  return new SinkRecord({ ...fields, kafkaOffset })
}

/** Writes a record in the record JSON form; every field is written, null where the record has none. */
export function recordToJson(record: ConnectRecord): JsonObject {
  const sink = !(record instanceof SourceRecord)
  const out: JsonObject = {
    recordType: sink ? 'sink' : 'source',
    topic: record.topic,
    partition: record.kafkaPartition,
  }
  if (sink) out['offset'] = record instanceof SinkRecord ? record.kafkaOffset : 0
  out['timestamp'] = record.timestamp
  out['keySchema'] = schemaToJson(record.keySchema)
  out['key'] = valueToJson(record.keySchema, record.key, 'key')
  out['valueSchema'] = schemaToJson(record.valueSchema)
  out['value'] = valueToJson(record.valueSchema, record.value, 'value')
  const headers: JsonValue[] = []
  let i = 0
  for (const h of record.headers) {
    headers.push({
      key: h.key,
      schema: schemaToJson(h.schema),
      value: valueToJson(h.schema, h.value, `headers[${i}].value`),
    })
    i++
  }
  out['headers'] = headers
  return out
}

function headersFromJson(json: unknown): Headers {
  const headers = new Headers()
  if (json === null || json === undefined) return headers
  if (!Array.isArray(json)) fail('headers', `expected an array of headers, found ${show(json)}`)
  for (let i = 0; i < json.length; i++) {
    const path = `headers[${i}]`
    const h = expectObject(json[i], path)
    for (const key of Object.keys(h)) {
      if (!HEADER_KEYS.has(key)) fail(path, `unknown field "${key}"`)
    }
    const key = h['key']
    if (typeof key !== 'string') fail(`${path}.key`, `expected a string, found ${show(key)}`)
    const schema = cachedSchemaFromJson(h['schema'], `${path}.schema`)
    // as the record's key and value, a header is read as it is: not validated against its schema
    headers.addHeader({ key, schema, value: valueFromJson(schema, h['value'], `${path}.value`) })
  }
  return headers
}

// --- schemas ---------------------------------------------------------------------------------------

const schemaJsonCache = new WeakMap<Schema, JsonObject>()

/**
 * The JSON Kafka's JsonConverter writes for a schema (`schemas.enable=true`), in its key order; null for
 * no schema. The result is shared and frozen: copy it to change it.
 */
export function schemaToJson(schema: Schema | null): JsonObject | null {
  if (schema === null) return null
  const cached = schemaJsonCache.get(schema)
  if (cached !== undefined) return cached
  const json = deepFreeze(buildSchemaJson(schema))
  schemaJsonCache.set(schema, json)
  return json
}

function buildSchemaJson(schema: Schema): JsonObject {
  const json: JsonObject = { type: SCHEMA_TYPE_NAMES[schema.type] }
  switch (schema.type) {
    case Type.ARRAY:
      json['items'] = schemaToJson(schema.valueSchema)
      break
    case Type.MAP:
      json['keys'] = schemaToJson(schema.keySchema)
      json['values'] = schemaToJson(schema.valueSchema)
      break
    case Type.STRUCT:
      json['fields'] = schema.fields.map((f): JsonObject => ({ ...schemaToJson(f.schema), field: f.name }))
      break
  }
  json['optional'] = schema.optional
  if (schema.name !== null) json['name'] = schema.name
  if (schema.version !== null) json['version'] = schema.version
  if (schema.doc !== null) json['doc'] = schema.doc
  if (schema.parameters !== null) json['parameters'] = { ...schema.parameters }
  if (schema.defaultValue !== null) {
    json['default'] = encode(schema, schema.defaultValue, 'default', 'schema.default')
  }
  return json
}

const SCHEMA_TYPE_NAMES: Readonly<Record<Type, string>> = {
  int8: 'int8',
  int16: 'int16',
  int32: 'int32',
  int64: 'int64',
  float32: 'float',
  float64: 'double',
  boolean: 'boolean',
  string: 'string',
  bytes: 'bytes',
  array: 'array',
  map: 'map',
  struct: 'struct',
}
const SCHEMA_TYPES_BY_NAME: ReadonlyMap<string, Type> = new Map(
  Object.entries(SCHEMA_TYPE_NAMES).map(([type, name]) => [name, type as Type]),
)

/**
 * Reads a schema as Kafka's JsonConverter reads one (`asConnectSchema`): unknown keys are ignored,
 * `optional` is true only when it is `true`. Null (or absent) is no schema.
 */
export function schemaFromJson(json: unknown, path = 'schema'): Schema | null {
  if (json === null || json === undefined) return null
  const obj = expectObject(json, path)
  const typeName = obj['type']
  if (typeof typeName !== 'string') fail(path, `a schema must contain a "type" field, found ${show(typeName)}`)
  const type = SCHEMA_TYPES_BY_NAME.get(typeName)
  if (type === undefined) fail(`${path}.type`, `unknown schema type ${show(typeName)}`)
  let builder: SchemaBuilder
  switch (type) {
    case Type.ARRAY: {
      const items = schemaFromJson(obj['items'], `${path}.items`)
      if (items === null) fail(path, 'an array schema needs "items", the schema of its elements')
      builder = SchemaBuilder.array(items)
      break
    }
    case Type.MAP: {
      const keys = schemaFromJson(obj['keys'], `${path}.keys`)
      if (keys === null) fail(path, 'a map schema needs "keys", the schema of its keys')
      const values = schemaFromJson(obj['values'], `${path}.values`)
      if (values === null) fail(path, 'a map schema needs "values", the schema of its values')
      builder = SchemaBuilder.map(keys, values)
      break
    }
    case Type.STRUCT: {
      builder = SchemaBuilder.struct()
      const fields = obj['fields']
      if (!Array.isArray(fields))
        fail(`${path}.fields`, `a struct schema needs a "fields" array, found ${show(fields)}`)
      for (let i = 0; i < fields.length; i++) {
        const fieldPath = `${path}.fields[${i}]`
        const name = expectObject(fields[i], fieldPath)['field']
        if (typeof name !== 'string') fail(`${fieldPath}.field`, `expected the field's name, found ${show(name)}`)
        const fieldSchema = schemaFromJson(fields[i], fieldPath)!
        withPath(fieldPath, () => builder.field(name, fieldSchema))
      }
      break
    }
    default:
      builder = SchemaBuilder.type(type)
  }
  if (obj['optional'] === true) builder.optional()
  else builder.required()
  const name = obj['name']
  if (typeof name === 'string') builder.name(name)
  const version = obj['version']
  if (typeof version === 'number' && Number.isInteger(version)) builder.version(version)
  const doc = obj['doc']
  if (typeof doc === 'string') builder.doc(doc)
  const parameters = obj['parameters']
  if (isJsonObject(parameters)) {
    for (const [k, v] of Object.entries(parameters)) {
      if (typeof v !== 'string')
        fail(`${path}.parameters.${k}`, `schema parameters must have string values, found ${show(v)}`)
      builder.parameter(k, v)
    }
  }
  const defaultJson = obj['default']
  if (defaultJson !== undefined && defaultJson !== null) {
    const defaultPath = `${path}.default`
    const value = decode(builder.build(), defaultJson, 'default', defaultPath)
    withPath(defaultPath, () => builder.defaultValue(value))
  }
  return builder.build()
}

// Records of one batch mostly share their schemas: reading each JSON schema once keeps the Schema
// objects identical, which is what per-schema caches in converters and transforms key on.
const SCHEMA_CACHE_SIZE = 256
const schemaCache = new Map<string, Schema>()

function cachedSchemaFromJson(json: unknown, path: string): Schema | null {
  if (json === null || json === undefined) return null
  const key = JSON.stringify(json)
  const cached = schemaCache.get(key)
  if (cached !== undefined) return cached
  const schema = schemaFromJson(json, path)!
  if (schemaCache.size >= SCHEMA_CACHE_SIZE) schemaCache.clear()
  schemaCache.set(key, schema)
  return schema
}

// --- values ----------------------------------------------------------------------------------------

/**
 * Reads a value in the record JSON form: with its schema, or schemaless (`schema` null), where plain
 * integers are int32s, fractions float64s and `$type` wrappers give the other Java classes.
 * `null` is read for any schema, optional or not.
 */
export function valueFromJson(schema: Schema | null, json: unknown, path = 'value'): unknown {
  return schema === null ? decodeSchemaless(json, path) : decode(schema, json, 'value', path)
}

/** Writes a value in the record JSON form, with its schema or schemaless (`schema` null). */
export function valueToJson(schema: Schema | null, value: unknown, path = 'value'): JsonValue {
  return schema === null ? encodeSchemaless(value, path) : encode(schema, value, 'value', path)
}

function decode(schema: Schema, json: unknown, mode: Mode, path: string): unknown {
  if (json === null || json === undefined) return null
  switch (logicalName(schema)) {
    case LOGICAL_DECIMAL:
      return decodeDecimal(schema, json, mode, path)
    case LOGICAL_DATE: {
      if (mode === 'default') {
        const days = MAX_DATE_MILLIS / MILLIS_PER_DAY
        return new Date(expectIntIn(json, -days, days, path, 'a Date default (days since the epoch)') * MILLIS_PER_DAY)
      }
      const millis = expectDateMillis(json, path)
      if (millis % MILLIS_PER_DAY !== 0) {
        fail(path, `a Date is the epoch millis of a midnight UTC (not days), found ${millis}`)
      }
      return new Date(millis)
    }
    case LOGICAL_TIME:
      return new Date(expectIntIn(json, 0, MILLIS_PER_DAY, path, 'a Time (millis of the day)'))
    case LOGICAL_TIMESTAMP:
      return new Date(expectDateMillis(json, path))
  }
  switch (schema.type) {
    case Type.INT8:
      return expectIntIn(json, -128, 127, path, 'an int8')
    case Type.INT16:
      return expectIntIn(json, -32768, 32767, path, 'an int16')
    case Type.INT32:
      return expectIntIn(json, -2147483648, 2147483647, path, 'an int32')
    case Type.INT64:
      return expectInt64(json, path)
    case Type.FLOAT32:
      return Math.fround(expectFloat(json, path, 'a float'))
    case Type.FLOAT64:
      return expectFloat(json, path, 'a double')
    case Type.BOOLEAN:
      if (typeof json !== 'boolean') fail(path, `expected a boolean, found ${show(json)}`)
      return json
    case Type.STRING:
      if (typeof json !== 'string') fail(path, `expected a string, found ${show(json)}`)
      return json
    case Type.BYTES:
      return expectBase64(json, path)
    case Type.ARRAY: {
      if (!Array.isArray(json)) fail(path, `expected an array, found ${show(json)}`)
      const items = schema.valueSchema!
      const out = new Array<unknown>(json.length)
      for (let i = 0; i < json.length; i++) out[i] = decode(items, json[i], mode, `${path}[${i}]`)
      return out
    }
    case Type.MAP:
      return decodeMap(schema, json, mode, path)
    case Type.STRUCT: {
      const obj = expectObject(json, path, 'a struct')
      for (const key of Object.keys(obj)) {
        if (schema.field(key) === undefined) fail(path, `the struct's schema has no field "${key}"`)
      }
      const struct = new Struct(schema)
      for (const f of schema.fields) {
        struct.putWithoutValidation(f, decode(f.schema, obj[f.name], mode, `${path}.${f.name}`))
      }
      return struct
    }
  }
}

function decodeDecimal(schema: Schema, json: unknown, mode: Mode, path: string): BigDecimal {
  if (mode === 'default') {
    // JsonConverter writes a Decimal default as base64 bytes; with decimal.format=NUMERIC as a number
    if (typeof json === 'number') return withScaleOf(schema, parseDecimal(String(json), path))
    const bytes = expectBase64(json, path)
    return withPath(path, () => Decimal.toLogical(schema, bytes))
  }
  if (typeof json !== 'string') {
    fail(path, `a Decimal is written as a string in Java's BigDecimal.toString() form, found ${show(json)}`)
  }
  return parseDecimal(json, path)
}

/** A Decimal read from a JSON number has lost its scale: give it the schema's where no digit is lost. */
function withScaleOf(schema: Schema, value: BigDecimal): BigDecimal {
  const scale = withPath('schema', () => Decimal.scale(schema))
  return value.scale < scale ? value.setScale(scale) : value
}

function parseDecimal(text: string, path: string): BigDecimal {
  try {
    return BigDecimal.parse(text)
  } catch {
    return fail(path, `expected a decimal number in Java's BigDecimal.toString() form, found ${show(text)}`)
  }
}

function decodeMap(schema: Schema, json: unknown, mode: Mode, path: string): Map<unknown, unknown> {
  const keySchema = schema.keySchema!
  const valueSchema = schema.valueSchema!
  const map = new Map<unknown, unknown>()
  if (keySchema.type === Type.STRING) {
    const obj = expectObject(json, path, 'a map with string keys (a JSON object)')
    for (const key of Object.keys(obj)) map.set(key, decode(valueSchema, obj[key], mode, `${path}.${key}`))
    return map
  }
  if (!Array.isArray(json)) {
    fail(path, `expected a map with ${keySchema.type} keys, an array of [key, value] pairs; found ${show(json)}`)
  }
  for (let i = 0; i < json.length; i++) {
    const entry: unknown = json[i]
    if (!Array.isArray(entry) || entry.length !== 2) {
      fail(`${path}[${i}]`, `expected a [key, value] pair, found ${show(entry)}`)
    }
    map.set(
      decode(keySchema, entry[0], mode, `${path}[${i}][0]`),
      decode(valueSchema, entry[1], mode, `${path}[${i}][1]`),
    )
  }
  return map
}

function encode(schema: Schema, value: unknown, mode: Mode, path: string): JsonValue {
  if (value === null || value === undefined) return null
  switch (logicalName(schema)) {
    case LOGICAL_DECIMAL:
      if (!(value instanceof BigDecimal)) return mismatch(schema, value, path)
      if (mode === 'default') return toBase64(withPath(path, () => Decimal.fromLogical(schema, value)))
      return value.toString()
    case LOGICAL_DATE:
      if (!(value instanceof Date)) return mismatch(schema, value, path)
      if (mode === 'default') return withPath(path, () => ConnectDate.fromLogical(schema, value))
      return dateMillis(value, path)
    case LOGICAL_TIME:
      if (!(value instanceof Date)) return mismatch(schema, value, path)
      return withPath(path, () => ConnectTime.fromLogical(schema, value))
    case LOGICAL_TIMESTAMP:
      if (!(value instanceof Date)) return mismatch(schema, value, path)
      return dateMillis(value, path)
  }
  switch (schema.type) {
    case Type.INT8:
      return intInRange(schema, value, -128, 127, path)
    case Type.INT16:
      return intInRange(schema, value, -32768, 32767, path)
    case Type.INT32:
      return intInRange(schema, value, -2147483648, 2147483647, path)
    case Type.INT64:
      if (typeof value !== 'bigint') return mismatch(schema, value, path)
      return int64ToJson(value)
    case Type.FLOAT32:
      if (typeof value !== 'number') return mismatch(schema, value, path)
      return float32ToJson(value)
    case Type.FLOAT64:
      if (typeof value !== 'number') return mismatch(schema, value, path)
      return float64ToJson(value)
    case Type.BOOLEAN:
      if (typeof value !== 'boolean') return mismatch(schema, value, path)
      return value
    case Type.STRING:
      if (typeof value !== 'string') return mismatch(schema, value, path)
      return value
    case Type.BYTES:
      if (!(value instanceof Uint8Array)) return mismatch(schema, value, path)
      return toBase64(value)
    case Type.ARRAY: {
      if (!Array.isArray(value)) return mismatch(schema, value, path)
      const items = schema.valueSchema!
      const out = new Array<JsonValue>(value.length)
      for (let i = 0; i < value.length; i++) out[i] = encode(items, value[i], mode, `${path}[${i}]`)
      return out
    }
    case Type.MAP: {
      if (!(value instanceof Map)) return mismatch(schema, value, path)
      const keySchema = schema.keySchema!
      const valueSchema = schema.valueSchema!
      if (keySchema.type === Type.STRING) {
        const obj: JsonObject = {}
        for (const [k, v] of value) {
          if (typeof k !== 'string') return mismatch(keySchema, k, `${path} (a key)`)
          setKey(obj, k, encode(valueSchema, v, mode, `${path}.${k}`))
        }
        return obj
      }
      const pairs: JsonValue[] = []
      let i = 0
      for (const [k, v] of value) {
        pairs.push([encode(keySchema, k, mode, `${path}[${i}][0]`), encode(valueSchema, v, mode, `${path}[${i}][1]`)])
        i++
      }
      return pairs
    }
    case Type.STRUCT: {
      if (!(value instanceof Struct)) return mismatch(schema, value, path)
      // a struct default was made before its schema had the default, so only values are checked
      if (mode === 'value' && value.schema !== schema && !schemasEqual(value.schema, schema)) {
        fail(path, `the struct's schema ${String(value.schema)} does not match the schema ${String(schema)}`)
      }
      const obj: JsonObject = {}
      for (const f of schema.fields) {
        setKey(obj, f.name, encode(f.schema, value.getWithoutDefault(f), mode, `${path}.${f.name}`))
      }
      return obj
    }
  }
}

// --- schemaless values -----------------------------------------------------------------------------

const WRAPPER_KEYS = new Set(['$type', '$value'])
const STRUCT_WRAPPER_KEYS = new Set(['$type', '$value', '$schema'])
const WRAPPER_TYPES = 'int8, int16, int32, int64, float32, float64, bytes, timestamp, decimal, bigint, map, struct'

function decodeSchemaless(json: unknown, path: string): unknown {
  switch (typeof json) {
    case 'undefined':
      return null
    case 'boolean':
    case 'string':
      return json
    case 'number':
      if (!Number.isInteger(json)) return json
      if (json < -2147483648 || json > 2147483647) {
        fail(
          path,
          `${json} is outside the int32 range: a plain JSON integer is an int32; write a wider integer as {"$type": "int64", "$value": …}`,
        )
      }
      return new Int32(json | 0)
    case 'object': {
      if (json === null) return null
      if (Array.isArray(json)) {
        const out = new Array<unknown>(json.length)
        for (let i = 0; i < json.length; i++) out[i] = decodeSchemaless(json[i], `${path}[${i}]`)
        return out
      }
      const obj = json as Record<string, unknown>
      if (Object.hasOwn(obj, '$type')) return decodeWrapper(obj, path)
      const map = new Map<unknown, unknown>()
      for (const key of Object.keys(obj)) map.set(key, decodeSchemaless(obj[key], `${path}.${key}`))
      return map
    }
    default:
      return fail(path, `expected a JSON value, found ${show(json)}`)
  }
}

function decodeWrapper(obj: Record<string, unknown>, path: string): unknown {
  const type = obj['$type']
  const allowed = type === 'struct' ? STRUCT_WRAPPER_KEYS : WRAPPER_KEYS
  for (const key of Object.keys(obj)) {
    if (!allowed.has(key)) fail(path, `a {"$type": …} value has only "$type" and "$value"; found "${key}"`)
  }
  if (!Object.hasOwn(obj, '$value')) fail(path, `a {"$type": ${show(type)}} value needs "$value"`)
  const v = obj['$value']
  const at = `${path}.$value`
  switch (type) {
    case 'int8':
      return new Int8(expectIntIn(v, -128, 127, at, 'an int8'))
    case 'int16':
      return new Int16(expectIntIn(v, -32768, 32767, at, 'an int16'))
    case 'int32':
      return new Int32(expectIntIn(v, -2147483648, 2147483647, at, 'an int32'))
    case 'int64':
      return expectInt64(v, at)
    case 'float32':
      return new Float32(expectFloat(v, at, 'a float32'))
    case 'float64':
      return expectFloat(v, at, 'a float64')
    case 'bytes':
      return expectBase64(v, at)
    case 'timestamp':
      return new Date(expectDateMillis(v, at))
    case 'decimal':
      if (typeof v !== 'string') fail(at, `a decimal is written as a string, found ${show(v)}`)
      return parseDecimal(v, at)
    case 'bigint':
      if (typeof v === 'number' && Number.isSafeInteger(v)) return new BigInteger(BigInt(v))
      if (typeof v !== 'string' || !/^[+-]?\d+$/.test(v))
        fail(at, `expected an integer as a decimal string, found ${show(v)}`)
      return new BigInteger(BigInt(v))
    case 'map': {
      if (!Array.isArray(v)) fail(at, `expected an array of [key, value] pairs, found ${show(v)}`)
      const map = new Map<unknown, unknown>()
      for (let i = 0; i < v.length; i++) {
        const entry: unknown = v[i]
        if (!Array.isArray(entry) || entry.length !== 2)
          fail(`${at}[${i}]`, `expected a [key, value] pair, found ${show(entry)}`)
        map.set(decodeSchemaless(entry[0], `${at}[${i}][0]`), decodeSchemaless(entry[1], `${at}[${i}][1]`))
      }
      return map
    }
    case 'struct': {
      const schema = cachedSchemaFromJson(obj['$schema'], `${path}.$schema`)
      if (schema === null || schema.type !== Type.STRUCT) {
        fail(`${path}.$schema`, `a {"$type": "struct"} value needs "$schema", a struct schema`)
      }
      return decode(schema, v, 'value', at)
    }
    default:
      return fail(`${path}.$type`, `unknown $type ${show(type)}; expected one of ${WRAPPER_TYPES}`)
  }
}

function encodeSchemaless(value: unknown, path: string): JsonValue {
  switch (typeof value) {
    case 'undefined':
      return null
    case 'boolean':
    case 'string':
      return value
    case 'number':
      // a Java Double: plain only where it reads back as one (a finite fraction)
      return Number.isFinite(value) && !Number.isInteger(value)
        ? value
        : { $type: 'float64', $value: float64ToJson(value) }
    case 'bigint':
      return { $type: 'int64', $value: int64ToJson(value) }
    case 'object': {
      if (value === null) return null
      if (value instanceof Int32) {
        if (!Number.isInteger(value.value) || value.value < -2147483648 || value.value > 2147483647) {
          fail(path, `an Integer holds ${value.value}, which is not an int32`)
        }
        return value.value
      }
      if (value instanceof Int8) return { $type: 'int8', $value: value.value }
      if (value instanceof Int16) return { $type: 'int16', $value: value.value }
      if (value instanceof Float32) return { $type: 'float32', $value: float32ToJson(value.value) }
      if (value instanceof Uint8Array) return { $type: 'bytes', $value: toBase64(value) }
      if (value instanceof Date) return { $type: 'timestamp', $value: dateMillis(value, path) }
      if (value instanceof BigDecimal) return { $type: 'decimal', $value: value.toString() }
      if (value instanceof BigInteger) return { $type: 'bigint', $value: value.value.toString() }
      if (Array.isArray(value)) {
        const out = new Array<JsonValue>(value.length)
        for (let i = 0; i < value.length; i++) out[i] = encodeSchemaless(value[i], `${path}[${i}]`)
        return out
      }
      if (value instanceof Map) return encodeSchemalessMap(value, path)
      if (value instanceof Struct) {
        return {
          $type: 'struct',
          $schema: schemaToJson(value.schema),
          $value: encode(value.schema, value, 'value', path),
        }
      }
      return fail(path, `a schemaless value of class ${javaClassName(value)} cannot be written`)
    }
    default:
      return fail(path, `a schemaless value of type ${typeof value} cannot be written`)
  }
}

function encodeSchemalessMap(map: Map<unknown, unknown>, path: string): JsonValue {
  // string keys make a JSON object, unless one is "$type", which would read back as a wrapper
  let objectMode = true
  for (const k of map.keys()) {
    if (typeof k !== 'string' || k === '$type') {
      objectMode = false
      break
    }
  }
  if (objectMode) {
    const obj: JsonObject = {}
    for (const [k, v] of map) setKey(obj, k as string, encodeSchemaless(v, `${path}.${k as string}`))
    return obj
  }
  const pairs: JsonValue[] = []
  let i = 0
  for (const [k, v] of map) {
    pairs.push([encodeSchemaless(k, `${path}[${i}][0]`), encodeSchemaless(v, `${path}[${i}][1]`)])
    i++
  }
  return { $type: 'map', $value: pairs }
}

// --- scalars ---------------------------------------------------------------------------------------

function intInRange(schema: Schema, value: unknown, min: number, max: number, path: string): number {
  if (typeof value !== 'number' || !Number.isInteger(value)) return mismatch(schema, value, path)
  if (value < min || value > max) fail(path, `${value} is outside the range of ${SCHEMA_TYPE_NAMES[schema.type]}`)
  return value
}

function int64ToJson(v: bigint): number | string {
  return v <= MAX_SAFE && v >= -MAX_SAFE ? Number(v) : v.toString()
}

function float64ToJson(v: number): number | string {
  return Number.isFinite(v) ? v : String(v)
}

/** A float32 as the shortest decimal that reads back as the same float (what Java writes). */
function float32ToJson(v: number): number | string {
  const f = Math.fround(v)
  return Number.isFinite(f) ? Number(javaFloatToString(f)) : String(f)
}

function toBase64(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64')
}

function dateMillis(d: Date, path: string): number {
  const millis = d.getTime()
  if (Number.isNaN(millis)) fail(path, 'an invalid Date cannot be written')
  return millis
}

function expectIntIn(json: unknown, min: number, max: number, path: string, what: string): number {
  if (typeof json !== 'number' || !Number.isInteger(json))
    fail(path, `expected ${what}, an integer; found ${show(json)}`)
  if (json < min || json > max) fail(path, `${json} is outside the range of ${what} (${min} to ${max})`)
  return json | 0
}

function expectInt32(json: unknown, path: string): number {
  return expectIntIn(json, -2147483648, 2147483647, path, 'an int32')
}

function expectSafeInteger(json: unknown, path: string): number {
  if (typeof json !== 'number' || !Number.isSafeInteger(json)) {
    fail(path, `expected an integer within ±(2^53−1), found ${show(json)}`)
  }
  return json
}

function expectDateMillis(json: unknown, path: string): number {
  if (typeof json !== 'number' || !Number.isInteger(json))
    fail(path, `expected epoch millis, an integer; found ${show(json)}`)
  if (Math.abs(json) > MAX_DATE_MILLIS) fail(path, `${json} is outside the range of a date`)
  return json
}

const INT64_TEXT = /^[+-]?\d{1,19}$/

function expectInt64(json: unknown, path: string): bigint {
  if (typeof json === 'number') {
    if (!Number.isInteger(json)) fail(path, `expected an int64, an integer; found ${show(json)}`)
    if (!Number.isSafeInteger(json)) {
      fail(
        path,
        `${json} is beyond 2^53−1, where JSON numbers lose digits: write an int64 that large as a decimal string`,
      )
    }
    return BigInt(json)
  }
  if (typeof json === 'string' && INT64_TEXT.test(json)) {
    const v = BigInt(json)
    if (v >= INT64_MIN && v <= INT64_MAX) return v
    fail(path, `${json} is outside the int64 range`)
  }
  return fail(path, `expected an int64 (a number, or a decimal string beyond 2^53−1), found ${show(json)}`)
}

function expectFloat(json: unknown, path: string, what: string): number {
  if (typeof json === 'number') return json
  if (json === 'NaN') return Number.NaN
  if (json === 'Infinity') return Number.POSITIVE_INFINITY
  if (json === '-Infinity') return Number.NEGATIVE_INFINITY
  return fail(path, `expected ${what}, a number; found ${show(json)}`)
}

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}(?:==)?|[A-Za-z0-9+/]{3}=?)?$/

function expectBase64(json: unknown, path: string): Uint8Array {
  if (typeof json !== 'string' || !BASE64.test(json)) {
    fail(path, `expected bytes as a base64 string (standard alphabet), found ${show(json)}`)
  }
  return Buffer.from(json, 'base64')
}

// --- helpers ---------------------------------------------------------------------------------------

function isJsonObject(json: unknown): json is Record<string, unknown> {
  return typeof json === 'object' && json !== null && !Array.isArray(json)
}

function expectObject(json: unknown, path: string, what = 'a JSON object'): Record<string, unknown> {
  if (!isJsonObject(json)) fail(path, `expected ${what}, found ${show(json)}`)
  return json
}

/** Sets a key on a plain object, `__proto__` included (an assignment would set the prototype). */
function setKey(obj: JsonObject, key: string, value: JsonValue): void {
  if (key === '__proto__')
    Object.defineProperty(obj, key, { value, enumerable: true, writable: true, configurable: true })
  else obj[key] = value
}

function mismatch(schema: Schema, value: unknown, path: string): never {
  const named = schema.name !== null ? ` "${schema.name}"` : ''
  return fail(
    path,
    `a value of class ${javaClassName(value)} does not fit the schema${named} of type ${SCHEMA_TYPE_NAMES[schema.type]}`,
  )
}

function fail(path: string, message: string): never {
  throw new DataException(`${path}: ${message}`)
}

/** Runs fn, prefixing the message of a DataException it throws with the path. */
function withPath<T>(path: string, fn: () => T): T {
  try {
    return fn()
  } catch (e) {
    if (e instanceof DataException) {
      const cause = e.cause instanceof Error ? ` (${e.cause.message})` : ''
      throw new DataException(`${path}: ${e.message}${cause}`, { cause: e })
    }
    throw e
  }
}

function show(json: unknown): string {
  if (json === undefined) return 'nothing'
  if (typeof json === 'bigint') return json.toString()
  const text = JSON.stringify(json) ?? String(json)
  return text.length > 60 ? `${text.slice(0, 57)}…` : text
}

function deepFreeze<T extends JsonValue>(json: T): T {
  if (typeof json === 'object' && json !== null && !Object.isFrozen(json)) {
    for (const v of Object.values(json)) deepFreeze(v)
    Object.freeze(json)
  }
  return json
}
