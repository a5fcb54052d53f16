/**
 * `writeConnectValue` specialised per schema: the checks and dispatch that depend only on the schema
 * (logical type, type, field names, defaults) are done once, when a schema is first written, and each
 * record runs a closure per value. Same output, same errors (the differential test holds both to
 * Kafka's).
 */
import { Decimal } from '../../data/logical.js'
import { LOGICAL_DECIMAL, LOGICAL_TIMESTAMP, type Schema, schemasEqual } from '../../data/schema.js'
import { Struct } from '../../data/struct.js'
import { BigDecimal, Float32, Int8, Int16, Int32, Type } from '../../data/values.js'
import { DataException } from '../../errors.js'
import {
  castError,
  classOf,
  type FromConnectOptions,
  fieldNameBytes,
  intOf,
  writeLogical,
  writeMap,
} from './from-connect.js'
import type { JsonWriter } from './json-writer.js'
import { isLogicalName } from './to-connect.js'

export type ValueWriter = (w: JsonWriter, value: unknown) => void

/** Compiled writers by schema, one table per combination of the two options that change the output. */
const compiled = [
  new WeakMap<Schema, ValueWriter>(),
  new WeakMap<Schema, ValueWriter>(),
  new WeakMap<Schema, ValueWriter>(),
  new WeakMap<Schema, ValueWriter>(),
]

/** The writer of values of `schema` (null included), made once per schema and options. */
export function valueWriter(schema: Schema, options: FromConnectOptions): ValueWriter {
  const cache = compiled[(options.numericDecimals ? 2 : 0) + (options.replaceNullWithDefault ? 1 : 0)]!
  let writer = cache.get(schema)
  if (writer === undefined) {
    writer = compile(schema, options)
    cache.set(schema, writer)
  }
  return writer
}

function compile(schema: Schema, options: FromConnectOptions): ValueWriter {
  const write = compileNonNull(schema, options)
  const defaultValue = schema.defaultValue
  const useDefault = defaultValue !== null && options.replaceNullWithDefault
  const optional = schema.optional
  return (w, value) => {
    if (value !== null && value !== undefined) write(w, value)
    else if (useDefault) write(w, defaultValue)
    else if (optional) w.null()
    else throw new DataException('Conversion error: null value for field that is required and has no default value')
  }
}

/** Decimals whose unscaled value is below this in magnitude are written from a number. */
const SMALL_UNSCALED = 2n ** 47n

/** The Decimal schema's scale, or null where reading it fails (the general path then fails as Kafka's). */
function decimalScale(schema: Schema): number | null {
  try {
    return Decimal.scale(schema)
  } catch {
    return null
  }
}

/**
 * The logical types, with a direct path for the common values (a Timestamp's Date, a Decimal of the
 * schema's scale that fits 47 bits) and `writeLogical` for everything else, errors included.
 */
function compileLogical(name: string, schema: Schema, options: FromConnectOptions): ValueWriter {
  const general: ValueWriter = (w, v) => writeLogical(w, name, schema, v, options)
  if (name === LOGICAL_TIMESTAMP) {
    return (w, v) => {
      const ms = v instanceof Date ? v.getTime() : Number.NaN
      // Connect writes BigInt(millis): the same digits for any valid Date
      if (Number.isInteger(ms)) w.int(ms)
      else general(w, v)
    }
  }
  if (name === LOGICAL_DECIMAL && !options.numericDecimals) {
    const scale = decimalScale(schema)
    if (scale === null) return general
    return (w, v) => {
      if (v instanceof BigDecimal && v.scale === scale) {
        const unscaled = v.unscaled
        if (unscaled < SMALL_UNSCALED && unscaled > -SMALL_UNSCALED) {
          w.binaryOfInteger(Number(unscaled))
          return
        }
      }
      general(w, v)
    }
  }
  return general
}

function compileNonNull(schema: Schema, options: FromConnectOptions): ValueWriter {
  const name = schema.name
  if (isLogicalName(name)) return compileLogical(name, schema, options)
  switch (schema.type) {
    case Type.INT8:
      return (w, v) => w.int(intOf(schema, v, Int8, -128, 127))
    case Type.INT16:
      return (w, v) => w.int(intOf(schema, v, Int16, -32768, 32767))
    case Type.INT32:
      return (w, v) => w.int(intOf(schema, v, Int32, -2147483648, 2147483647))
    case Type.INT64:
      return (w, v) => {
        if (typeof v !== 'bigint') throw castError(schema, v)
        w.long(BigInt.asIntN(64, v))
      }
    case Type.FLOAT32:
      return (w, v) => {
        if (v instanceof Float32) w.float(v.value)
        else if (typeof v === 'number') w.float(Math.fround(v))
        else throw castError(schema, v)
      }
    case Type.FLOAT64:
      return (w, v) => {
        if (typeof v !== 'number') throw castError(schema, v)
        w.double(v)
      }
    case Type.BOOLEAN:
      return (w, v) => {
        if (typeof v !== 'boolean') throw castError(schema, v)
        w.boolean(v)
      }
    case Type.STRING:
      return (w, v) => {
        if (typeof v !== 'string') throw castError(schema, v)
        w.string(v)
      }
    case Type.BYTES:
      return (w, v) => {
        if (!(v instanceof Uint8Array)) throw new DataException(`Invalid type for bytes type: ${classOf(v)}`)
        w.binary(v)
      }
    case Type.ARRAY: {
      const element = valueWriter(schema.valueSchema!, options)
      return (w, v) => {
        if (!Array.isArray(v)) throw castError(schema, v)
        w.startArray()
        for (let i = 0; i < v.length; i++) {
          if (i > 0) w.comma()
          element(w, v[i])
        }
        w.endArray()
      }
    }
    case Type.MAP:
      return (w, v) => {
        if (!(v instanceof Map)) throw castError(schema, v)
        writeMap(w, schema, v, options)
      }
    case Type.STRUCT: {
      const fields = schema.fields
      const names = fieldNameBytes(schema)
      const writers = fields.map((f) => valueWriter(f.schema, options))
      return (w, v) => {
        if (!(v instanceof Struct)) throw castError(schema, v)
        if (v.schema !== schema && !schemasEqual(v.schema, schema)) throw new DataException('Mismatching schema.')
        w.startObject()
        for (let i = 0; i < fields.length; i++) {
          w.raw(names[i]!)
          writers[i]!(w, v.getWithoutDefault(fields[i]!))
        }
        w.endObject()
      }
    }
  }
}
