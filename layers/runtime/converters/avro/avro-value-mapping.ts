/**
 * Connect values ⇄ the values `avsc` reads and writes, as Confluent's `AvroData.fromConnectData` /
 * `toConnectData` convert them. Each direction is compiled once per (Connect schema, Avro type) into
 * a tree of small functions, so a record costs one walk and no schema lookups. Schemaless data
 * (no Connect schema) travels as Confluent's `io.confluent.connect.avro.Anything` record.
 */
import { bigIntToBytes, bytesToBigInt } from '../../data/logical.js'
import {
  LOGICAL_DATE,
  LOGICAL_DECIMAL,
  LOGICAL_TIME,
  LOGICAL_TIMESTAMP,
  type Schema,
  schemasEqual,
} from '../../data/schema.js'
import { Struct } from '../../data/struct.js'
import { BigDecimal, Float32, Int8, Int16, Int32, javaClassName, Type, typeName } from '../../data/values.js'
import { DataException } from '../../errors.js'
import { type AvscType, isWrappedUnion, itemsType, recordFields, unionTypes, valuesType } from './avro-codec.js'
import type { AvroDataOptions } from './avro-data-config.js'
import { KEY_FIELD, VALUE_FIELD } from './avro-names.js'
import { isFixedSchema, isUnionSchema, nonOptional } from './avro-schema-mapping.js'

type Conv = (value: unknown) => unknown

const MILLIS_PER_DAY = 86_400_000

function invalid(schema: Schema, value: unknown): DataException {
  return new DataException(`Invalid type for ${typeName(schema.type)}: class ${javaClassName(value)}`)
}

const isInt = (v: unknown, min: number, max: number): v is number =>
  typeof v === 'number' && Number.isInteger(v) && v >= min && v <= max

function toBuffer(v: Uint8Array): Buffer {
  return Buffer.isBuffer(v) ? v : Buffer.from(v.buffer, v.byteOffset, v.byteLength)
}

/** The avsc type a Connect optional schema's value is written with: the union's non-null member. */
function underlying(t: AvscType): AvscType {
  if (!t.typeName.startsWith('union')) return t
  return unionTypes(t).find((m) => m.typeName !== 'null') ?? t
}

function branchIndex(union: AvscType, value: unknown): number {
  if (isWrappedUnion(union)) {
    const key = Object.keys(value as object)[0]
    return unionTypes(union).findIndex((t) => t.branchName === key)
  }
  return unionTypes(union).findIndex((t) => t.isValid(value))
}

// --- Connect → Avro ---------------------------------------------------------------------------------------

/** A function that turns a Connect value of `schema` into the value avsc writes with `type`. */
export function compileFromConnect(schema: Schema | null, type: AvscType, o: AvroDataOptions): Conv {
  if (schema === null) return (v) => (v === null || v === undefined ? null : anythingFromConnect(v))
  const inner = fromConnectNonNull(schema, schema.optional || isUnionSchema(schema) ? type : underlying(type), o)
  return (value) => {
    if (value === null || value === undefined) {
      if (!schema.optional) throw new DataException('Found null value for non-optional schema')
      return null
    }
    return inner(value)
  }
}

function fromConnectNonNull(schema: Schema, unionOrType: AvscType, o: AvroDataOptions): Conv {
  const type = isUnionSchema(schema) ? unionOrType : underlying(unionOrType)
  switch (schema.name) {
    case LOGICAL_DECIMAL: {
      if (schema.type !== Type.BYTES) break
      const scale = Number.parseInt(schema.parameters?.['scale'] ?? '', 10)
      const size = isFixedSchema(schema) ? Number.parseInt(schema.parameters!['connect.fixed.size']!, 10) : null
      return (v) => {
        if (!(v instanceof BigDecimal))
          throw new DataException(`Invalid type for Decimal, expected BigDecimal but was class ${javaClassName(v)}`)
        if (Number.isNaN(scale)) throw new DataException('Invalid Decimal schema: scale parameter not found.')
        if (v.scale !== scale) {
          throw new DataException(
            `Decimal value has mismatching scale for given Decimal schema. Schema has scale ${scale}, value has scale ${v.scale}.`,
          )
        }
        const bytes = Buffer.from(bigIntToBytes(v.unscaled))
        return size === null ? bytes : padToFixedSize(bytes, size)
      }
    }
    case LOGICAL_DATE:
      if (schema.type !== Type.INT32) break
      return (v) => {
        if (!(v instanceof Date))
          throw new DataException(`Invalid type for Date, expected Date but was class ${javaClassName(v)}`)
        const ms = v.getTime()
        if (ms % MILLIS_PER_DAY !== 0) {
          throw new DataException('Kafka Connect Date type should not have any time fields set to non-zero values.')
        }
        return ms / MILLIS_PER_DAY
      }
    case LOGICAL_TIME:
      if (schema.type !== Type.INT32) break
      return (v) => {
        if (!(v instanceof Date))
          throw new DataException(`Invalid type for Time, expected Date but was class ${javaClassName(v)}`)
        const ms = v.getTime()
        if (ms < 0 || ms >= MILLIS_PER_DAY) {
          throw new DataException('Kafka Connect Time type should not have any date fields set to non-zero values.')
        }
        return ms
      }
    case LOGICAL_TIMESTAMP:
      if (schema.type !== Type.INT64) break
      return (v) => {
        if (!(v instanceof Date))
          throw new DataException(`Invalid type for Timestamp, expected Date but was class ${javaClassName(v)}`)
        return BigInt(v.getTime())
      }
  }
  switch (schema.type) {
    case Type.INT8:
      return (v) => (isInt(v, -128, 127) ? v : fail(schema, v))
    case Type.INT16:
      return (v) => (isInt(v, -32768, 32767) ? v : fail(schema, v))
    case Type.INT32:
      return (v) => (isInt(v, -2147483648, 2147483647) ? v : fail(schema, v))
    case Type.INT64:
      return (v) => (typeof v === 'bigint' ? v : fail(schema, v))
    case Type.FLOAT32:
    case Type.FLOAT64:
      return (v) => (typeof v === 'number' ? v : fail(schema, v))
    case Type.BOOLEAN:
      return (v) => (typeof v === 'boolean' ? v : fail(schema, v))
    case Type.STRING:
      return (v) => (typeof v === 'string' ? v : fail(schema, v))
    case Type.BYTES: {
      const size = isFixedSchema(schema) ? Number.parseInt(schema.parameters!['connect.fixed.size']!, 10) : null
      return (v) => {
        if (!(v instanceof Uint8Array)) return fail(schema, v)
        if (size !== null && v.length !== size)
          throw new DataException(`Fixed size ${size} does not match value of ${v.length} bytes`)
        return toBuffer(v)
      }
    }
    case Type.ARRAY: {
      const element = compileFromConnect(schema.valueSchema!, itemsType(type), o)
      return (v) => {
        if (!Array.isArray(v)) return fail(schema, v)
        const out = new Array<unknown>(v.length)
        for (let i = 0; i < v.length; i++) out[i] = element(v[i])
        return out
      }
    }
    case Type.MAP: {
      const key = schema.keySchema!
      if (type.typeName === 'map') {
        const value = compileFromConnect(schema.valueSchema!, valuesType(type), o)
        return (v) => {
          if (!(v instanceof Map)) return fail(schema, v)
          const out: Record<string, unknown> = {}
          for (const [k, x] of v) out[k as string] = value(x)
          return out
        }
      }
      const entry = underlying(itemsType(type))
      const fields = recordFields(entry)
      const keyConv = compileFromConnect(key, fields.find((f) => f.name === KEY_FIELD)!.type, o)
      const valueConv = compileFromConnect(schema.valueSchema!, fields.find((f) => f.name === VALUE_FIELD)!.type, o)
      return (v) => {
        if (!(v instanceof Map)) return fail(schema, v)
        const out: unknown[] = []
        for (const [k, x] of v) out.push({ [KEY_FIELD]: keyConv(k), [VALUE_FIELD]: valueConv(x) })
        return out
      }
    }
    case Type.STRUCT:
      return isUnionSchema(schema) ? unionFromConnect(schema, type, o) : structFromConnect(schema, type, o)
  }
}

function fail(schema: Schema, v: unknown): never {
  throw invalid(schema, v)
}

function padToFixedSize(bytes: Buffer, size: number): Buffer {
  if (bytes.length === size) return bytes
  if (bytes.length > size) {
    throw new DataException(`Unscaled value byte array length ${bytes.length} is greater than fixed size ${size}`)
  }
  const out = Buffer.alloc(size, (bytes[0] ?? 0) & 0x80 ? 0xff : 0)
  bytes.copy(out, size - bytes.length)
  return out
}

function checkStruct(schema: Schema, v: unknown): Struct {
  if (!(v instanceof Struct)) return fail(schema, v)
  if (v.schema !== schema && !schemasEqual(v.schema, schema)) throw new DataException('Mismatching struct schema')
  return v
}

function structFromConnect(schema: Schema, type: AvscType, o: AvroDataOptions): Conv {
  const avroFields = recordFields(type)
  const plan = schema.fields.map((f) => {
    const avroField = avroFields.find((a) => a.name === f.name)
    if (avroField === undefined) throw new DataException(`Field ${f.name} is not in the Avro schema`)
    return { field: f, name: f.name, conv: compileFromConnect(f.schema, avroField.type, o) }
  })
  const ignoreDefault = o.ignoreDefaultForNullables
  return (v) => {
    const struct = checkStruct(schema, v)
    const out: Record<string, unknown> = {}
    for (const p of plan) {
      out[p.name] = p.conv(ignoreDefault ? struct.getWithoutDefault(p.field) : struct.get(p.field))
    }
    return out
  }
}

function unionFromConnect(schema: Schema, union: AvscType, o: AvroDataOptions): Conv {
  const members = unionTypes(union)
  const wrapped = isWrappedUnion(union)
  const plan = schema.fields.map((f) => {
    const member = members.find((m) => matchesMember(m, f.name, o))
    if (member === undefined) throw new DataException(`Union member ${f.name} is not in the Avro schema`)
    const conv = compileFromConnect(nonOptional(f.schema), member, o)
    const branch = member.branchName ?? ''
    return { field: f, conv, branch }
  })
  return (v) => {
    const struct = checkStruct(schema, v)
    for (const p of plan) {
      const x = o.ignoreDefaultForNullables ? struct.getWithoutDefault(p.field) : struct.get(p.field)
      if (x !== null && x !== undefined) {
        const converted = p.conv(x)
        return wrapped ? { [p.branch]: converted } : converted
      }
    }
    if (!schema.optional) throw new DataException('Found null value for non-optional schema')
    return null
  }
}

function matchesMember(member: AvscType, fieldName: string, o: AvroDataOptions): boolean {
  const name = member.name
  if (name !== undefined)
    return o.enhancedSchemaSupport ? name === fieldName : name.slice(name.lastIndexOf('.') + 1) === fieldName
  return member.branchName === fieldName
}

// --- Avro → Connect ---------------------------------------------------------------------------------------

/** A function that turns a value avsc read with `type` into the Connect value of `schema`. */
export function compileToConnect(schema: Schema | null, type: AvscType, o: AvroDataOptions): Conv {
  if (schema === null) return (v) => (v === null || v === undefined ? null : anythingToConnect(v as AnythingValue))
  const inner = toConnectNonNull(schema, isUnionSchema(schema) ? type : underlying(type), o)
  return (value) => {
    if (value === null || value === undefined) {
      if (!schema.optional) throw new DataException('Found null value for non-optional schema')
      return null
    }
    return inner(value)
  }
}

function toConnectNonNull(schema: Schema, type: AvscType, o: AvroDataOptions): Conv {
  switch (schema.name) {
    case LOGICAL_DECIMAL:
      if (schema.type !== Type.BYTES) break
      return (v) => new BigDecimal(bytesToBigInt(v as Buffer), Number.parseInt(schema.parameters?.['scale'] ?? '0', 10))
    case LOGICAL_DATE:
      if (schema.type !== Type.INT32) break
      return (v) => new Date((v as number) * MILLIS_PER_DAY)
    case LOGICAL_TIME:
      if (schema.type !== Type.INT32) break
      return (v) => {
        const ms = v as number
        if (ms < 0 || ms > MILLIS_PER_DAY) {
          throw new DataException('Time values must use number of milliseconds greater than 0 and less than 86400000')
        }
        return new Date(ms)
      }
    case LOGICAL_TIMESTAMP:
      if (schema.type !== Type.INT64) break
      return (v) => new Date(Number(v as bigint))
  }
  switch (schema.type) {
    case Type.INT8:
      return (v) => ((v as number) << 24) >> 24
    case Type.INT16:
      return (v) => ((v as number) << 16) >> 16
    case Type.INT32:
    case Type.FLOAT32:
    case Type.FLOAT64:
    case Type.BOOLEAN:
    case Type.STRING:
      return (v) => v
    case Type.INT64:
      return (v) => (typeof v === 'bigint' ? v : BigInt(v as number))
    case Type.BYTES:
      // a copy: avsc's bytes share the input buffer
      return (v) => new Uint8Array(v as Buffer)
    case Type.ARRAY: {
      const element = compileToConnect(schema.valueSchema!, itemsType(type), o)
      return (v) => {
        const list = v as unknown[]
        const out = new Array<unknown>(list.length)
        for (let i = 0; i < list.length; i++) out[i] = element(list[i])
        return out
      }
    }
    case Type.MAP: {
      if (type.typeName === 'map') {
        const value = compileToConnect(schema.valueSchema!, valuesType(type), o)
        return (v) => {
          const out = new Map<unknown, unknown>()
          for (const k of Object.keys(v as object)) out.set(k, value((v as Record<string, unknown>)[k]))
          return out
        }
      }
      const entry = underlying(itemsType(type))
      const fields = recordFields(entry)
      const keyConv = compileToConnect(schema.keySchema!, fields.find((f) => f.name === KEY_FIELD)!.type, o)
      const valueConv = compileToConnect(schema.valueSchema!, fields.find((f) => f.name === VALUE_FIELD)!.type, o)
      return (v) => {
        const out = new Map<unknown, unknown>()
        for (const e of v as Record<string, unknown>[]) out.set(keyConv(e[KEY_FIELD]), valueConv(e[VALUE_FIELD]))
        return out
      }
    }
    case Type.STRUCT: {
      if (isUnionSchema(schema)) return unionToConnect(schema, type, o)
      const avroFields = recordFields(type)
      const plan = schema.fields.map((f) => {
        const avroField = avroFields.find((a) => a.name === f.name)
        if (avroField === undefined) throw new DataException(`Field ${f.name} is not in the Avro schema`)
        return { field: f, name: f.name, conv: compileToConnect(f.schema, avroField.type, o) }
      })
      return (v) => {
        const record = v as Record<string, unknown>
        const struct = new Struct(schema)
        for (const p of plan) struct.put(p.field, p.conv(record[p.name]))
        return struct
      }
    }
  }
}

function unionToConnect(schema: Schema, union: AvscType, o: AvroDataOptions): Conv {
  const members = unionTypes(union)
  const wrapped = isWrappedUnion(union)
  const plan = members.map((m) => {
    if (m.typeName === 'null') return null
    const field = schema.fields.find((f) => matchesMember(m, f.name, o))
    if (field === undefined) return null
    return { field, conv: compileToConnect(field.schema, m, o) }
  })
  return (v) => {
    const index = branchIndex(union, v)
    const p = index >= 0 ? plan[index] : null
    if (p === null || p === undefined) throw new DataException('Did not find matching union field for data')
    const raw = wrapped ? (v as Record<string, unknown>)[members[index]!.branchName!] : v
    return new Struct(schema).put(p.field, p.conv(raw))
  }
}

// --- schemaless: io.confluent.connect.avro.Anything ----------------------------------------------------------

interface AnythingValue {
  boolean: boolean | null
  bytes: Buffer | null
  double: number | null
  float: number | null
  int: number | null
  long: bigint | null
  string: string | null
  array: AnythingValue[] | null
  map: { key: AnythingValue; value: AnythingValue }[] | null
}

function emptyAnything(): AnythingValue {
  return {
    boolean: null,
    bytes: null,
    double: null,
    float: null,
    int: null,
    long: null,
    string: null,
    array: null,
    map: null,
  }
}

function anythingFromConnect(v: unknown): AnythingValue {
  const out = emptyAnything()
  if (v === null || v === undefined) return out
  if (v instanceof Int8 || v instanceof Int16 || v instanceof Int32) out.int = v.value
  else if (typeof v === 'bigint') out.long = v
  else if (v instanceof Float32) out.float = v.value
  else if (typeof v === 'number') out.double = v
  else if (typeof v === 'boolean') out.boolean = v
  else if (typeof v === 'string') out.string = v
  else if (Array.isArray(v)) out.array = v.map(anythingFromConnect)
  else if (v instanceof Map)
    out.map = [...v].map(([k, x]) => ({ key: anythingFromConnect(k), value: anythingFromConnect(x) }))
  else throw new DataException(`Unknown Java type for schemaless data: class ${javaClassName(v)}`)
  return out
}

function anythingToConnect(v: AnythingValue): unknown {
  if (v.boolean !== null && v.boolean !== undefined) return v.boolean
  if (v.bytes !== null && v.bytes !== undefined) return new Uint8Array(v.bytes)
  if (v.double !== null && v.double !== undefined) return v.double
  if (v.float !== null && v.float !== undefined) return new Float32(v.float)
  if (v.int !== null && v.int !== undefined) return new Int32(v.int)
  if (v.long !== null && v.long !== undefined) return v.long
  if (v.string !== null && v.string !== undefined) return v.string
  if (v.array !== null && v.array !== undefined) return v.array.map(anythingToConnect)
  if (v.map !== null && v.map !== undefined) {
    const out = new Map<unknown, unknown>()
    for (const e of v.map) out.set(anythingToConnect(e.key), anythingToConnect(e.value))
    return out
  }
  return null
}
