/**
 * Our values seen as the Java objects Connect would hold: their class and their `toString()`.
 *
 * A plain `number` does not say which Java class it stands for; the schema does (see `values.ts`):
 * under an int8/int16/int32 schema it is a `Byte`/`Short`/`Integer`, under float32 a `Float`, and
 * otherwise (no schema, float64) a `Double`. Containers pass their element schemas down.
 */
import { javaDateToString } from './java-dates.js'
import type { Schema } from './schema.js'
import type { Struct } from './struct.js'
import {
  BigDecimal,
  BigInteger,
  Float32,
  Int8,
  Int16,
  Int32,
  javaDoubleToString,
  javaFloatToString,
  STRUCT_BRAND,
  javaClassName as schemalessClassName,
  Type,
} from './values.js'

/** The Java number classes Connect values can have. */
export type JavaNumberClass = 'Byte' | 'Short' | 'Integer' | 'Long' | 'Float' | 'Double' | 'BigInteger' | 'BigDecimal'

/** The Java class of a plain `number` under a schema. */
function classOfNumber(schema: Schema | null): JavaNumberClass {
  switch (schema?.type) {
    case Type.INT8:
      return 'Byte'
    case Type.INT16:
      return 'Short'
    case Type.INT32:
      return 'Integer'
    case Type.INT64:
      return 'Long'
    case Type.FLOAT32:
      return 'Float'
    default:
      return 'Double'
  }
}

/** The value's Java number class (a `java.lang.Number`), or null where it is not a number. */
export function javaNumberClass(schema: Schema | null, value: unknown): JavaNumberClass | null {
  switch (typeof value) {
    case 'number':
      return classOfNumber(schema)
    case 'bigint':
      return 'Long'
    case 'object':
      if (value instanceof Int32) return 'Integer'
      if (value instanceof Int8) return 'Byte'
      if (value instanceof Int16) return 'Short'
      if (value instanceof Float32) return 'Float'
      if (value instanceof BigDecimal) return 'BigDecimal'
      if (value instanceof BigInteger) return 'BigInteger'
      return null
    default:
      return null
  }
}

const NUMBER_CLASS_NAMES: Readonly<Record<JavaNumberClass, string>> = {
  Byte: 'java.lang.Byte',
  Short: 'java.lang.Short',
  Integer: 'java.lang.Integer',
  Long: 'java.lang.Long',
  Float: 'java.lang.Float',
  Double: 'java.lang.Double',
  BigInteger: 'java.math.BigInteger',
  BigDecimal: 'java.math.BigDecimal',
}

/** The value's Java class name (`java.lang.Integer`, `[B`), reading plain numbers by the schema. */
export function javaClassName(schema: Schema | null, value: unknown): string {
  const numberClass = javaNumberClass(schema, value)
  return numberClass === null ? schemalessClassName(value) : NUMBER_CLASS_NAMES[numberClass]
}

/**
 * The bytes of a byte array or of a ByteBuffer's equivalents (`ArrayBuffer`, `DataView`, other typed
 * arrays), without copying; null for anything else.
 */
export function bytesOf(value: unknown): Uint8Array | null {
  if (value instanceof Uint8Array) return value
  if (value instanceof ArrayBuffer) return new Uint8Array(value)
  if (ArrayBuffer.isView(value)) return new Uint8Array(value.buffer, value.byteOffset, value.byteLength)
  return null
}

export function isStruct(value: unknown): value is Struct {
  return typeof value === 'object' && value !== null && STRUCT_BRAND in value
}

/**
 * Java's `toString()` of the value (what `StringConverter` writes, and what Connect's messages show):
 * numbers as their class prints them (`1` for an Integer, `1.0` for a Double), a `Date` as
 * `java.util.Date` prints in UTC, lists as `[a, b]`, maps as `{k=v, k2=v2}`, a struct as
 * `Struct{a=1,b=x}` (null fields left out), `null` as `null`.
 *
 * Two values have no stable Java text, so they get the same shape with stable content: a byte array
 * prints as `[B@` and the hex of its content hash (Java's identity hash varies per run), and a map
 * lists its entries in insertion order (a Java `HashMap` lists them in hash order).
 */
export function javaToString(schema: Schema | null, value: unknown): string {
  switch (typeof value) {
    case 'string':
      return value
    case 'boolean':
    case 'bigint':
      return String(value)
    case 'number':
      return numberToString(classOfNumber(schema), value)
    case 'undefined':
      return 'null'
    case 'object':
      return objectToString(schema, value)
    default:
      return String(value)
  }
}

function numberToString(cls: JavaNumberClass, n: number): string {
  if (cls === 'Double') return javaDoubleToString(n)
  if (cls === 'Float') return javaFloatToString(Math.fround(n))
  return String(n)
}

function objectToString(schema: Schema | null, value: object | null): string {
  if (value === null) return 'null'
  if (value instanceof Int8 || value instanceof Int16 || value instanceof Int32) return String(value.value)
  if (value instanceof Float32) return javaFloatToString(value.value)
  if (value instanceof BigDecimal || value instanceof BigInteger) return value.toString()
  if (value instanceof Date) return javaDateToString(value)
  if (value instanceof Uint8Array) return `[B@${(byteArrayHashCode(value) >>> 0).toString(16)}`
  if (Array.isArray(value)) {
    const element = schema?.valueSchema ?? null
    let out = '['
    for (let i = 0; i < value.length; i++) out += (i === 0 ? '' : ', ') + javaToString(element, value[i])
    return `${out}]`
  }
  if (value instanceof Map) {
    const keySchema = schema?.keySchema ?? null
    const valueSchema = schema?.valueSchema ?? null
    let out = '{'
    let first = true
    for (const [k, v] of value) {
      out += `${first ? '' : ', '}${javaToString(keySchema, k)}=${javaToString(valueSchema, v)}`
      first = false
    }
    return `${out}}`
  }
  if (isStruct(value)) {
    let out = 'Struct{'
    let first = true
    for (const field of value.schema.fields) {
      const v = value.getWithoutDefault(field)
      if (v === null || v === undefined) continue
      out += `${first ? '' : ','}${field.name}=${javaToString(field.schema, v)}`
      first = false
    }
    return `${out}}`
  }
  return String(value)
}

/** Java's `Arrays.hashCode(byte[])`. */
function byteArrayHashCode(bytes: Uint8Array): number {
  let h = 1
  for (const b of bytes) h = (Math.imul(31, h) + ((b << 24) >> 24)) | 0
  return h
}

/**
 * The value in the schemaless representation: plain numbers that the schema typed become the
 * wrapper of their Java class (`Int8`, `Int16`, `Int32`, `Float32`), in containers too, so the value
 * keeps its meaning once its schema is gone. Values that already say their class are returned as is.
 */
export function toSchemaless(schema: Schema | null, value: unknown): unknown {
  if (schema === null || value === null || value === undefined) return value
  switch (schema.type) {
    case Type.INT8:
      return typeof value === 'number' ? new Int8(value) : value
    case Type.INT16:
      return typeof value === 'number' ? new Int16(value) : value
    case Type.INT32:
      return typeof value === 'number' ? new Int32(value) : value
    case Type.FLOAT32:
      return typeof value === 'number' ? new Float32(value) : value
    case Type.ARRAY: {
      const element = schema.valueSchema
      if (element === null || !Array.isArray(value) || !needsWrapping(element)) return value
      return value.map((v) => toSchemaless(element, v))
    }
    case Type.MAP: {
      const { keySchema, valueSchema } = schema
      if (!(value instanceof Map)) return value
      const wrapKeys = keySchema !== null && needsWrapping(keySchema)
      const wrapValues = valueSchema !== null && needsWrapping(valueSchema)
      if (!wrapKeys && !wrapValues) return value
      const out = new Map<unknown, unknown>()
      for (const [k, v] of value) {
        out.set(wrapKeys ? toSchemaless(keySchema, k) : k, wrapValues ? toSchemaless(valueSchema, v) : v)
      }
      return out
    }
    default:
      return value
  }
}

/** Whether values of this schema change in the schemaless representation. */
function needsWrapping(schema: Schema): boolean {
  switch (schema.type) {
    case Type.INT8:
    case Type.INT16:
    case Type.INT32:
    case Type.FLOAT32:
    case Type.ARRAY:
    case Type.MAP:
      return true
    default:
      return false
  }
}
