/**
 * The conversions of Connect's `Values` class: `convertToBoolean`, `convertToInteger`, …,
 * `convertToString`, `convertToTimestamp`, `convertToDecimal`, `inferSchema` and `convertTo`, with
 * Connect's results and messages (`parseString` is in `values-parser.ts`).
 *
 * Values follow our representation (`values.ts`): a plain `number` is read by the schema passed with
 * it (a `Short` under int16, a `Double` with no schema), and results come back in the representation
 * of their target type: `convertToShort` gives a `number`, `convertToLong` a `bigint`,
 * `convertToFloat` a `number` rounded to float32, `convertToDate` a `Date`. Lists and maps parsed
 * from a string come back schemaless (numbers wrapped as `Int8`, `Int16`, …), since no schema is
 * returned with them.
 *
 * Dates are written and read in UTC.
 */
import type { SchemaAndValue } from '../converters/converter.js'
import { DataException } from '../errors.js'
import { formatIso, IsoPattern } from './java-dates.js'
import {
  bigDecimalToDouble,
  bigDecimalToLong,
  doubleToIntegral,
  doubleToLong,
  longToIntegral,
  parseJavaBigDecimal,
} from './java-numbers.js'
import { bytesOf, isStruct, javaClassName, javaNumberClass, javaToString, toSchemaless } from './java-objects.js'
import { ConnectDate, ConnectTime, ConnectTimestamp, Decimal } from './logical.js'
import {
  ConnectSchema,
  LOGICAL_DATE,
  LOGICAL_DECIMAL,
  LOGICAL_TIME,
  LOGICAL_TIMESTAMP,
  type Schema,
  SchemaBuilder,
  Schemas,
} from './schema.js'
import type { Struct } from './struct.js'
import { BigDecimal, BigInteger, Float32, Int8, Int16, Int32, Type } from './values.js'
import { parseString } from './values-parser.js'

const MILLIS_PER_DAY = 86_400_000

const ARRAY_SELECTOR_SCHEMA = new ConnectSchema({ type: Type.ARRAY, valueSchema: Schemas.STRING })
const MAP_SELECTOR_SCHEMA = new ConnectSchema({
  type: Type.MAP,
  keySchema: Schemas.STRING,
  valueSchema: Schemas.STRING,
})
const STRUCT_SELECTOR_SCHEMA = new ConnectSchema({ type: Type.STRUCT })

/** Connect's `Date.SCHEMA`, `Time.SCHEMA` and `Timestamp.SCHEMA`. */
export const DATE_SCHEMA: Schema = ConnectDate.schema()
export const TIME_SCHEMA: Schema = ConnectTime.schema()
export const TIMESTAMP_SCHEMA: Schema = ConnectTimestamp.schema()

/** Connect's `ConnectSchema.toString()`: `Schema{INT32}`, `Schema{org.apache.kafka.connect.data.Date:INT32}`. */
export function schemaToString(schema: Schema): string {
  const type = schema.type.toUpperCase()
  return schema.name !== null ? `Schema{${schema.name}:${type}}` : `Schema{${type}}`
}

/** Connect's `Unable to convert <value> (<class>) to <target>`. */
function unableToConvert(value: unknown, valueSchema: Schema | null, target: string, cause?: unknown): DataException {
  return new DataException(
    `Unable to convert ${javaToString(valueSchema, value)} (class ${javaClassName(valueSchema, value)}) to ${target}`,
    cause === undefined || cause === null ? undefined : { cause },
  )
}

function requireValue(): DataException {
  return new DataException('Unable to convert a null value to a schema that requires a value')
}

// --- numbers -------------------------------------------------------------------------------------

/** Java's `Number.longValue()` where the value is a `java.lang.Number`; undefined otherwise. */
function longValueOf(value: unknown): bigint | undefined {
  if (typeof value === 'number') return doubleToLong(value)
  if (typeof value === 'bigint') return value
  if (value instanceof Int8 || value instanceof Int16 || value instanceof Int32 || value instanceof Float32) {
    return doubleToLong(value.value)
  }
  if (value instanceof BigDecimal) return bigDecimalToLong(value)
  if (value instanceof BigInteger) return BigInt.asIntN(64, value.value)
  return undefined
}

/** Java's `Number.doubleValue()` where the value is a `java.lang.Number`; undefined otherwise. */
function doubleValueOf(value: unknown): number | undefined {
  if (typeof value === 'number') return value
  if (typeof value === 'bigint') return Number(value)
  if (value instanceof Int8 || value instanceof Int16 || value instanceof Int32 || value instanceof Float32) {
    return value.value
  }
  if (value instanceof BigDecimal) return bigDecimalToDouble(value)
  if (value instanceof BigInteger) return Number(value.value)
  return undefined
}

function notADecimal(text: string): SyntaxError {
  return new SyntaxError(`Not a decimal number: ${text}`)
}

/** Connect's `Values.asLong`: a number, a decimal string, or a logical Date/Time/Timestamp as a long. */
function asLong(value: unknown, fromSchema: Schema | null, error: unknown): bigint {
  const n = longValueOf(value)
  if (n !== undefined) return n
  let cause = error
  if (typeof value === 'string') {
    const decimal = parseJavaBigDecimal(value)
    if (decimal !== null) return bigDecimalToLong(decimal)
    cause = notADecimal(value)
  }
  if (fromSchema !== null) {
    if (value instanceof Date) {
      switch (fromSchema.name) {
        case LOGICAL_DATE:
          return BigInt(ConnectDate.fromLogical(fromSchema, value))
        case LOGICAL_TIME:
          return BigInt(ConnectTime.fromLogical(fromSchema, value))
        case LOGICAL_TIMESTAMP:
          return ConnectTimestamp.fromLogical(fromSchema, value)
      }
    }
    throw unableToConvert(value, fromSchema, schemaToString(fromSchema), cause)
  }
  throw unableToConvert(value, fromSchema, 'a number', cause)
}

/** Connect's `Values.asDouble`. */
function asDouble(value: unknown, schema: Schema | null, error: unknown): number {
  const d = doubleValueOf(value)
  if (d !== undefined) return d
  let cause = error
  if (typeof value === 'string') {
    const decimal = parseJavaBigDecimal(value)
    if (decimal !== null) return bigDecimalToDouble(decimal)
    cause = notADecimal(value)
  }
  return Number(asLong(value, schema, cause))
}

/**
 * Connect's `Values.convertToBoolean`: a boolean, a string that parses to one, else whether the value
 * as a long (a number, a decimal string) is non-zero. Null for null.
 */
export function convertToBoolean(schema: Schema | null, value: unknown): boolean | null {
  if (value === null || value === undefined) return null
  if (typeof value === 'boolean') return value
  if (typeof value === 'string') {
    const parsed = parseString(value)
    if (parsed !== null && typeof parsed.value === 'boolean') return parsed.value
  }
  return asLong(value, schema, null) !== 0n
}

/** Connect's `Values.convertToByte`: the value as a long, narrowed to 8 bits as Java's `(byte)` does. */
export function convertToByte(schema: Schema | null, value: unknown): number | null {
  if (value === null || value === undefined) return null
  if (typeof value === 'number') return doubleToIntegral(value, 8)
  if (value instanceof Int8) return value.value
  return longToIntegral(asLong(value, schema, null), 8)
}

/** Connect's `Values.convertToShort`: the value as a long, narrowed to 16 bits. */
export function convertToShort(schema: Schema | null, value: unknown): number | null {
  if (value === null || value === undefined) return null
  if (typeof value === 'number') return doubleToIntegral(value, 16)
  if (value instanceof Int16) return value.value
  return longToIntegral(asLong(value, schema, null), 16)
}

/** Connect's `Values.convertToInteger`: the value as a long, narrowed to 32 bits. */
export function convertToInteger(schema: Schema | null, value: unknown): number | null {
  if (value === null || value === undefined) return null
  if (typeof value === 'number') return doubleToIntegral(value, 32)
  if (value instanceof Int32) return value.value
  return longToIntegral(asLong(value, schema, null), 32)
}

/** Connect's `Values.convertToLong`, as a `bigint`. */
export function convertToLong(schema: Schema | null, value: unknown): bigint | null {
  if (value === null || value === undefined) return null
  if (typeof value === 'bigint') return value
  return asLong(value, schema, null)
}

/** Connect's `Values.convertToFloat`: the value as a double, rounded to float32. */
export function convertToFloat(schema: Schema | null, value: unknown): number | null {
  if (value === null || value === undefined) return null
  if (value instanceof Float32) return value.value
  if (typeof value === 'number') return Math.fround(value)
  return Math.fround(asDouble(value, schema, null))
}

/** Connect's `Values.convertToDouble`. */
export function convertToDouble(schema: Schema | null, value: unknown): number | null {
  if (value === null || value === undefined) return null
  if (typeof value === 'number') return value
  return asDouble(value, schema, null)
}

// --- strings -------------------------------------------------------------------------------------

/**
 * Connect's `Values.convertToString`: strings as they are, numbers as Java prints them, bytes in
 * base64, dates in ISO-8601 (a time before 1970-01-02, a date at midnight, a timestamp otherwise),
 * lists `[…]`, maps and structs `{…}` with strings quoted inside them. Null for null.
 */
export function convertToString(schema: Schema | null, value: unknown): string | null {
  if (value === null || value === undefined) return null
  return stringify(schema, value, false)
}

/** Escapes backslashes and double quotes with a backslash, as `Values.escape` does. */
export function escapeString(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/"/g, '\\"')
}

/** Connect's `Values.dateFormatFor(date).format(date)`, in UTC. */
export function formatDate(date: Date): string {
  const ms = date.getTime()
  if (ms < MILLIS_PER_DAY) return formatIso(ms, IsoPattern.TIME)
  if (ms % MILLIS_PER_DAY === 0) return formatIso(ms, IsoPattern.DATE)
  return formatIso(ms, IsoPattern.TIMESTAMP)
}

function stringify(schema: Schema | null, value: unknown, embedded: boolean): string {
  switch (typeof value) {
    case 'string':
      return embedded ? `"${escapeString(value)}"` : value
    case 'number':
    case 'bigint':
      return javaToString(schema, value)
    case 'boolean':
      return value ? 'true' : 'false'
    case 'undefined':
      return 'null'
    case 'object':
      if (value === null) return 'null'
      return stringifyObject(schema, value, embedded)
    default:
      throw new DataException(`Failed to serialize unexpected value type ${typeof value}: ${String(value)}`)
  }
}

function stringifyObject(schema: Schema | null, value: object, embedded: boolean): string {
  if (javaNumberClass(schema, value) !== null) return javaToString(schema, value)
  const bytes = bytesOf(value)
  if (bytes !== null) {
    const base64 = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64')
    return embedded ? `"${base64}"` : base64
  }
  if (Array.isArray(value)) {
    const element = schema?.valueSchema ?? null
    let out = '['
    for (let i = 0; i < value.length; i++) out += (i === 0 ? '' : ',') + stringify(element, value[i], true)
    return `${out}]`
  }
  if (value instanceof Map) {
    const keySchema = schema?.keySchema ?? null
    const valueSchema = schema?.valueSchema ?? null
    let out = '{'
    let first = true
    for (const [k, v] of value) {
      out += `${first ? '' : ','}${stringify(keySchema, k, true)}:${stringify(valueSchema, v, true)}`
      first = false
    }
    return `${out}}`
  }
  if (isStruct(value)) {
    let out = '{'
    let first = true
    for (const field of value.schema.fields) {
      out += `${first ? '' : ','}"${escapeString(field.name)}":${stringify(field.schema, value.get(field), true)}`
      first = false
    }
    return `${out}}`
  }
  if (value instanceof Date) return formatDate(value)
  throw new DataException(
    `Failed to serialize unexpected value type ${javaClassName(schema, value)}: ${javaToString(schema, value)}`,
  )
}

// --- containers ----------------------------------------------------------------------------------

/**
 * Connect's `Values.convertToList`: a list as it is, or a string parsed into one (with its elements in
 * the schemaless representation). Throws a DataException for null and for anything else.
 */
export function convertToList(schema: Schema | null, value: unknown): unknown[] {
  return convertToArray(ARRAY_SELECTOR_SCHEMA, schema, value)
}

/** Connect's `Values.convertToMap`: a map as it is, or a string parsed into one (schemaless). */
export function convertToMap(schema: Schema | null, value: unknown): Map<unknown, unknown> {
  return convertToMapInternal(MAP_SELECTOR_SCHEMA, schema, value)
}

/** Connect's `Values.convertToStruct`: only a struct converts to a struct. */
export function convertToStruct(schema: Schema | null, value: unknown): Struct {
  if (value === null || value === undefined) throw requireValue()
  if (isStruct(value)) return value
  throw unableToConvert(value, schema, schemaToString(STRUCT_SELECTOR_SCHEMA))
}

/** A string parsed for a conversion that needs a value: the parsed value with its schema. */
function parseForConversion(text: string, toSchema: Schema): SchemaAndValue {
  const parsed = parseString(text)
  // Java reads the value of a null result (the text `null`) and fails; this fails with Connect's message
  if (parsed === null) throw unableToConvert(text, null, schemaToString(toSchema))
  return parsed
}

/** `valueSchema` only says how to read the value (for messages); the result is not converted to a type. */
function convertToArray(toSchema: Schema, valueSchema: Schema | null, value: unknown): unknown[] {
  if (value === null || value === undefined) throw requireValue()
  if (typeof value === 'string') {
    const parsed = parseForConversion(value, toSchema)
    if (Array.isArray(parsed.value)) return toSchemaless(parsed.schema, parsed.value) as unknown[]
    throw unableToConvert(parsed.value, parsed.schema, schemaToString(toSchema))
  }
  if (Array.isArray(value)) return value
  throw unableToConvert(value, valueSchema, schemaToString(toSchema))
}

function convertToMapInternal(toSchema: Schema, valueSchema: Schema | null, value: unknown): Map<unknown, unknown> {
  if (value === null || value === undefined) throw requireValue()
  if (typeof value === 'string') {
    const parsed = parseForConversion(value, toSchema)
    if (parsed.value instanceof Map) return toSchemaless(parsed.schema, parsed.value) as Map<unknown, unknown>
    throw unableToConvert(parsed.value, parsed.schema, schemaToString(toSchema))
  }
  if (value instanceof Map) return value
  throw unableToConvert(value, valueSchema, schemaToString(toSchema))
}

// --- logical types -------------------------------------------------------------------------------

/** Connect's `Values.convertToTime`: a `Date` with the time of day (1970-01-01). Throws for null. */
export function convertToTime(schema: Schema | null, value: unknown): Date {
  if (value === null || value === undefined) throw requireValue()
  return convertToTimeAs(TIME_SCHEMA, schema, value)
}

/** Connect's `Values.convertToDate`: a `Date` at midnight UTC. Throws for null. */
export function convertToDate(schema: Schema | null, value: unknown): Date {
  if (value === null || value === undefined) throw requireValue()
  return convertToDateAs(DATE_SCHEMA, schema, value)
}

/** Connect's `Values.convertToTimestamp`. Throws for null. */
export function convertToTimestamp(schema: Schema | null, value: unknown): Date {
  if (value === null || value === undefined) throw requireValue()
  return convertToTimestampAs(TIMESTAMP_SCHEMA, schema, value)
}

/** Connect's `Values.convertToDecimal`: bytes (the unscaled value), a decimal, a number, a decimal string. */
export function convertToDecimal(_schema: Schema | null, value: unknown, scale: number): BigDecimal {
  if (value === null || value === undefined) throw requireValue()
  return convertToDecimalAs(Decimal.schema(scale), value)
}

function convertToDecimalAs(toSchema: Schema, value: unknown): BigDecimal {
  const bytes = bytesOf(value)
  if (bytes !== null) return Decimal.toLogical(toSchema, bytes)
  if (value instanceof BigDecimal) return value
  const d = doubleValueOf(value)
  if (d !== undefined) {
    // Java's BigDecimal.valueOf(double), which rejects NaN and infinities
    if (!Number.isFinite(d)) throw unableToConvert(value, null, schemaToString(toSchema))
    return BigDecimal.fromNumber(d)
  }
  if (typeof value === 'string') {
    const decimal = parseJavaBigDecimal(value)
    if (decimal !== null) return decimal
    throw unableToConvert(value, null, schemaToString(toSchema), notADecimal(value))
  }
  throw unableToConvert(value, null, schemaToString(toSchema))
}

function convertToBytes(toSchema: Schema, value: unknown): Uint8Array {
  const bytes = bytesOf(value)
  if (bytes !== null) return bytes
  if (value instanceof BigDecimal) return Decimal.fromLogical(toSchema, value)
  throw unableToConvert(value, null, schemaToString(toSchema))
}

/** A string parsed (schemaless: the parsed schema is not passed on), anything else as it is. */
function parsedValue(value: unknown, toSchema: Schema): unknown {
  if (typeof value !== 'string') return value
  const parsed = parseForConversion(value, toSchema)
  return toSchemaless(parsed.schema, parsed.value)
}

/**
 * A JavaScript `Date` holds ±8.64e15 ms (about ±273,790 years) where Java's holds any long; past
 * that range this fails rather than give an invalid date.
 */
function checkDate(date: Date, value: unknown, valueSchema: Schema | null, toSchema: Schema): Date {
  if (Number.isNaN(date.getTime())) {
    throw unableToConvert(value, valueSchema, `${schemaToString(toSchema)}: outside the range of a JavaScript Date`)
  }
  return date
}

function convertToDateAs(toSchema: Schema, fromSchema: Schema | null, input: unknown): Date {
  const value = parsedValue(input, toSchema)
  if (value instanceof Date) {
    if (fromSchema === null) return value
    if (fromSchema.name === LOGICAL_DATE) return value
    if (fromSchema.name === LOGICAL_TIMESTAMP) {
      // just the days of the timestamp, truncated toward zero
      const ms = value.getTime()
      return ConnectDate.toLogical(toSchema, ((ms - (ms % MILLIS_PER_DAY)) / MILLIS_PER_DAY) | 0)
    }
  }
  return checkDate(
    ConnectDate.toLogical(toSchema, longToIntegral(asLong(value, fromSchema, null), 32)),
    value,
    fromSchema,
    toSchema,
  )
}

function convertToTimeAs(toSchema: Schema, fromSchema: Schema | null, input: unknown): Date {
  const value = parsedValue(input, toSchema)
  if (value instanceof Date) {
    if (fromSchema === null) return value
    if (fromSchema.name === LOGICAL_TIME) return value
    if (fromSchema.name === LOGICAL_TIMESTAMP) {
      // just the time of day of the timestamp, in UTC
      const ms = value.getTime() % MILLIS_PER_DAY
      return ConnectTime.toLogical(toSchema, ms < 0 ? ms + MILLIS_PER_DAY : ms)
    }
  }
  return ConnectTime.toLogical(toSchema, longToIntegral(asLong(value, fromSchema, null), 32))
}

function convertToTimestampAs(toSchema: Schema, fromSchema: Schema | null, input: unknown): Date {
  const value = parsedValue(input, toSchema)
  if (value instanceof Date) {
    if (fromSchema === null) return value
    switch (fromSchema.name) {
      case LOGICAL_DATE:
        return ConnectTimestamp.toLogical(toSchema, ConnectDate.fromLogical(fromSchema, value) * MILLIS_PER_DAY)
      case LOGICAL_TIME:
        return ConnectTimestamp.toLogical(toSchema, ConnectTime.fromLogical(fromSchema, value))
      case LOGICAL_TIMESTAMP:
        return value
    }
  }
  return checkDate(ConnectTimestamp.toLogical(toSchema, asLong(value, fromSchema, null)), value, fromSchema, toSchema)
}

// --- any type ------------------------------------------------------------------------------------

/**
 * Connect's `Values.convertTo`: the value converted to `toSchema`'s type (logical types included),
 * `fromSchema` saying how to read it. Null stays null where `toSchema` is optional.
 */
export function convertTo(toSchema: Schema, fromSchema: Schema | null, value: unknown): unknown {
  if (value === null || value === undefined) {
    if (toSchema.optional) return null
    throw requireValue()
  }
  switch (toSchema.type) {
    case Type.BYTES:
      return toSchema.name === LOGICAL_DECIMAL ? convertToDecimalAs(toSchema, value) : convertToBytes(toSchema, value)
    case Type.STRING:
      return convertToString(fromSchema, value)
    case Type.BOOLEAN:
      return convertToBoolean(fromSchema, value)
    case Type.INT8:
      return convertToByte(fromSchema, value)
    case Type.INT16:
      return convertToShort(fromSchema, value)
    case Type.INT32:
      if (toSchema.name === LOGICAL_DATE) return convertToDateAs(toSchema, fromSchema, value)
      if (toSchema.name === LOGICAL_TIME) return convertToTimeAs(toSchema, fromSchema, value)
      return convertToInteger(fromSchema, value)
    case Type.INT64:
      if (toSchema.name === LOGICAL_TIMESTAMP) return convertToTimestampAs(toSchema, fromSchema, value)
      return convertToLong(fromSchema, value)
    case Type.FLOAT32:
      return convertToFloat(fromSchema, value)
    case Type.FLOAT64:
      return convertToDouble(fromSchema, value)
    case Type.ARRAY:
      return convertToArray(toSchema, fromSchema, value)
    case Type.MAP:
      return convertToMapInternal(toSchema, fromSchema, value)
    case Type.STRUCT:
      if (isStruct(value)) return value
      throw unableToConvert(value, fromSchema, schemaToString(toSchema))
  }
}

// --- schema inference ----------------------------------------------------------------------------

/**
 * Connect's `Values.inferSchema` for a schemaless value: its type from its Java class (a `number` is
 * a Double), lists and maps from their elements where those agree on one type (else null), a
 * struct's own schema. Null for null, dates and decimals.
 */
export function inferSchema(value: unknown): Schema | null {
  switch (typeof value) {
    case 'string':
      return Schemas.STRING
    case 'boolean':
      return Schemas.BOOLEAN
    case 'number':
      return Schemas.FLOAT64
    case 'bigint':
      return Schemas.INT64
    case 'object':
      if (value === null) return null
      if (value instanceof Int8) return Schemas.INT8
      if (value instanceof Int16) return Schemas.INT16
      if (value instanceof Int32) return Schemas.INT32
      if (value instanceof Float32) return Schemas.FLOAT32
      if (bytesOf(value) !== null) return Schemas.BYTES
      if (Array.isArray(value)) return inferListSchema(value)
      if (value instanceof Map) return inferMapSchema(value)
      if (isStruct(value)) return value.schema
      return null
    default:
      return null
  }
}

/** Connect's `Values.SchemaDetector`: one type for every non-null value, optional if any is null. */
class SchemaDetector {
  private knownType: Type | null = null
  private optional = false

  canDetect(value: unknown): boolean {
    if (value === null || value === undefined) {
      this.optional = true
      return true
    }
    const schema = inferSchema(value)
    if (schema === null) return false
    if (this.knownType === null) this.knownType = schema.type
    else if (this.knownType !== schema.type) return false
    return true
  }

  schema(): Schema | null {
    if (this.knownType === null) return null
    const builder = SchemaBuilder.type(this.knownType)
    if (this.optional) builder.optional()
    return builder.build()
  }
}

function inferListSchema(list: readonly unknown[]): Schema | null {
  if (list.length === 0) return null
  const detector = new SchemaDetector()
  for (const element of list) if (!detector.canDetect(element)) return null
  const element = detector.schema()
  return element === null ? null : SchemaBuilder.array(element).build()
}

function inferMapSchema(map: ReadonlyMap<unknown, unknown>): Schema | null {
  if (map.size === 0) return null
  const keys = new SchemaDetector()
  const values = new SchemaDetector()
  for (const [k, v] of map) if (!keys.canDetect(k) || !values.canDetect(v)) return null
  const keySchema = keys.schema()
  const valueSchema = values.schema()
  return keySchema === null || valueSchema === null ? null : SchemaBuilder.map(keySchema, valueSchema).build()
}
