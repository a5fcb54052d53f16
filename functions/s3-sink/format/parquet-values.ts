/**
 * Connect values → the row values hyparquet-writer takes for the schema of parquet-schema.ts,
 * compiled once per schema: structs become objects keyed by field name, int64 and timestamps bigint,
 * decimals their unscaled bigint (scale checked, as AvroData does), dates epoch days, times millis of
 * day, string-keyed maps `Map`s, other maps arrays of `{ key, value }`.
 */
import { ConnectDate, ConnectTime, Decimal } from '../../../layers/runtime/data/logical.js'
import {
  LOGICAL_DATE,
  LOGICAL_DECIMAL,
  LOGICAL_TIME,
  LOGICAL_TIMESTAMP,
  type Schema,
  schemasEqual,
} from '../../../layers/runtime/data/schema.js'
import { Struct } from '../../../layers/runtime/data/struct.js'
import { BigDecimal, javaClassName, Type } from '../../../layers/runtime/data/values.js'
import { DataException } from '../../../layers/runtime/errors.js'
import { decimalLayout, isEnum, isStringKeyMap } from './parquet-schema.js'

export type Convert = (value: unknown) => unknown

const encoder = new TextEncoder()

function invalid(schema: Schema, value: unknown): DataException {
  return new DataException(`Invalid type for ${schema.type.toUpperCase()}: class ${javaClassName(value)}`)
}

function nullable(schema: Schema, convert: Convert): Convert {
  return (value) => {
    if (value === null || value === undefined) {
      if (schema.optional) return null
      throw new DataException(`Invalid value: null used for required field, schema type: ${schema.type.toUpperCase()}`)
    }
    return convert(value)
  }
}

function logical(schema: Schema): Convert | null {
  switch (schema.name) {
    case LOGICAL_DECIMAL: {
      if (schema.type !== Type.BYTES) return null
      const layout = decimalLayout(schema)
      const limit = 10n ** BigInt(layout.precision)
      return (v) => {
        if (!(v instanceof BigDecimal)) throw invalid(schema, v)
        if (layout.byteLength === 0) return Decimal.fromLogical(schema, v)
        if (v.scale !== layout.scale) Decimal.fromLogical(schema, v) // throws Connect's scale mismatch error
        const u = v.unscaled
        if (u >= limit || u <= -limit) {
          throw new DataException(`Decimal value ${v.toString()} has more digits than precision ${layout.precision}`)
        }
        return u
      }
    }
    case LOGICAL_DATE:
      return schema.type === Type.INT32 ? (v) => ConnectDate.fromLogical(schema, v as Date) : null
    case LOGICAL_TIME:
      return schema.type === Type.INT32 ? (v) => ConnectTime.fromLogical(schema, v as Date) : null
    case LOGICAL_TIMESTAMP:
      return schema.type === Type.INT64
        ? (v) => {
            if (!(v instanceof Date)) throw invalid(schema, v)
            return BigInt(v.getTime())
          }
        : null
    default:
      return null
  }
}

/** The converter of one schema's values; `allowOptionalMapKeys` as `allow.optional.map.keys`. */
export function compileConverter(schema: Schema, allowOptionalMapKeys = false): Convert {
  const logicalConvert = logical(schema)
  if (logicalConvert !== null) return nullable(schema, logicalConvert)
  switch (schema.type) {
    case Type.STRUCT: {
      const fields = schema.fields.map((f) => ({ f, convert: compileConverter(f.schema, allowOptionalMapKeys) }))
      return nullable(schema, (v) => {
        if (!(v instanceof Struct)) throw invalid(schema, v)
        if (v.schema !== schema && !schemasEqual(v.schema, schema)) throw new DataException('Mismatching struct schema')
        const row: Record<string, unknown> = {}
        for (const { f, convert } of fields) row[f.name] = convert(v.get(f))
        return row
      })
    }
    case Type.ARRAY: {
      const element = compileConverter(schema.valueSchema as Schema, allowOptionalMapKeys)
      return nullable(schema, (v) => {
        if (!Array.isArray(v)) throw invalid(schema, v)
        return v.map(element)
      })
    }
    case Type.MAP: {
      const key = compileConverter(schema.keySchema as Schema, allowOptionalMapKeys)
      const value = compileConverter(schema.valueSchema as Schema, allowOptionalMapKeys)
      const stringKeys = isStringKeyMap(schema, allowOptionalMapKeys)
      return nullable(schema, (v) => {
        if (!(v instanceof Map)) throw invalid(schema, v)
        if (stringKeys) {
          const out = new Map<unknown, unknown>()
          for (const [k, x] of v) out.set(key(k), value(x))
          return out
        }
        const entries: { key: unknown; value: unknown }[] = []
        for (const [k, x] of v) entries.push({ key: key(k), value: value(x) })
        return entries
      })
    }
    case Type.INT64:
      return nullable(schema, (v) => {
        if (typeof v !== 'bigint') throw invalid(schema, v)
        return v
      })
    case Type.STRING:
      if (isEnum(schema)) {
        return nullable(schema, (v) => {
          if (typeof v !== 'string') throw invalid(schema, v)
          return encoder.encode(v)
        })
      }
      return nullable(schema, (v) => {
        if (typeof v !== 'string') throw invalid(schema, v)
        return v
      })
    case Type.BYTES:
      return nullable(schema, (v) => {
        if (!(v instanceof Uint8Array)) throw invalid(schema, v)
        return v
      })
    case Type.BOOLEAN:
      return nullable(schema, (v) => {
        if (typeof v !== 'boolean') throw invalid(schema, v)
        return v
      })
    default:
      return nullable(schema, (v) => {
        if (typeof v !== 'number') throw invalid(schema, v)
        return v
      })
  }
}
