/**
 * Connect schema ⇄ Avro schema, as Confluent's `AvroData.fromConnectSchema` / `toConnectSchema` do:
 * int8/int16 as `int` with `connect.type`, optional as a union with null first (null second when a
 * default is set), maps with non-string keys as arrays of `MapEntry` records, Decimal as `bytes`
 * with `logicalType: decimal`, `precision` and `scale`, Date/Time/Timestamp as their Avro logical
 * types, Connect's name/version/doc/parameters/default in `connect.*` properties, Avro enums as
 * strings with `io.confluent.connect.avro.Enum` parameters, other unions as
 * `io.confluent.connect.avro.Union` structs. Recursive Avro records are not supported.
 */
import { bigIntToBytes, bytesToBigInt, ConnectDate, ConnectTime, ConnectTimestamp } from '../../data/logical.js'
import {
  ConnectSchema,
  type Field,
  LOGICAL_DATE,
  LOGICAL_DECIMAL,
  LOGICAL_TIME,
  LOGICAL_TIMESTAMP,
  type Schema,
  Schemas,
  validateValue,
} from '../../data/schema.js'
import { Struct } from '../../data/struct.js'
import { BigDecimal, javaClassName, Type, typeName } from '../../data/values.js'
import { DataException } from '../../errors.js'
import type { AvroDataOptions } from './avro-data-config.js'
import * as N from './avro-names.js'
import {
  type AvroField,
  type AvroRecord,
  type AvroSchema,
  fullName,
  isNamed,
  JavaFloat,
  type Json,
  type Props,
  primitive,
  prop,
} from './avro-schema.js'

const eqIgnoreCase = (a: string | null, b: string) => a !== null && a.toLowerCase() === b.toLowerCase()

export function isUnionSchema(schema: Schema): boolean {
  return schema.name === N.AVRO_TYPE_UNION
}

export function isFixedSchema(schema: Schema): boolean {
  return (
    schema.type === Type.BYTES &&
    schema.name !== null &&
    schema.parameters !== null &&
    Object.hasOwn(schema.parameters, N.CONNECT_AVRO_FIXED_SIZE_PROP)
  )
}

/** Confluent's name of a union member's field in a Connect union struct. */
export function unionMemberFieldNameFromAvro(member: AvroSchema, enhanced: boolean): string {
  if (isNamed(member)) return enhanced ? fullName(member) : member.name
  return member.type
}

/** A copy of the schema, required (Confluent's `AvroData.nonOptional`). */
export function nonOptional(schema: Schema): Schema {
  if (!schema.optional) return schema
  return new ConnectSchema({
    type: schema.type,
    optional: false,
    defaultValue: schema.defaultValue,
    name: schema.name,
    version: schema.version,
    doc: schema.doc,
    parameters: schema.parameters,
    fields: schema.fields,
    keySchema: schema.keySchema,
    valueSchema: schema.valueSchema,
  })
}

// --- Connect → Avro -------------------------------------------------------------------------------------

interface FromConnectContext {
  readonly schemaMap: Map<Schema, AvroSchema>
  readonly cycleReferences: Map<string, AvroSchema>
  readonly seenNamedTypes: Set<string>
  defaultNameIndex: number
}

function addProp(props: Props, key: string, value: Json): void {
  if (!Object.hasOwn(props, key)) props[key] = value
}

/** The Avro schema Confluent's AvroData derives from a Connect schema (null: the schemaless `Anything`). */
export function fromConnectSchema(schema: Schema, options: AvroDataOptions): AvroSchema {
  const ctx: FromConnectContext = {
    schemaMap: new Map(),
    cycleReferences: new Map(),
    seenNamedTypes: new Set(),
    defaultNameIndex: 0,
  }
  return fromConnect(schema, ctx, false, options)
}

function nameOrDefault(ctx: FromConnectContext, name: string | null): { namespace: string | null; name: string } {
  if (name !== null) return N.splitName(name)
  const index = ++ctx.defaultNameIndex
  return { namespace: N.NAMESPACE, name: N.DEFAULT_SCHEMA_NAME + (index > 1 ? index : '') }
}

function fromConnectWithCycle(
  schema: Schema,
  ctx: FromConnectContext,
  ignoreOptional: boolean,
  o: AvroDataOptions,
): AvroSchema {
  const cycle = schema.name === null ? undefined : ctx.cycleReferences.get(schema.name)
  if (cycle !== undefined) return ignoreOptional ? cycle : maybeMakeOptional(schema, cycle)
  return fromConnect(schema, ctx, ignoreOptional, o)
}

function fromConnect(schema: Schema, ctx: FromConnectContext, ignoreOptional: boolean, o: AvroDataOptions): AvroSchema {
  if (!isUnionSchema(schema) && !schema.optional) {
    const cached = ctx.schemaMap.get(schema)
    if (cached !== undefined) return cached
  }
  let connectType: string | null = null
  let base: AvroSchema
  const params = schema.parameters
  switch (schema.type) {
    case Type.INT8:
      connectType = 'int8'
      base = primitive('int', {})
      break
    case Type.INT16:
      connectType = 'int16'
      base = primitive('int', {})
      break
    case Type.INT32:
      base = primitive('int', {})
      break
    case Type.INT64:
      base = primitive('long', {})
      break
    case Type.FLOAT32:
      base = primitive('float', {})
      break
    case Type.FLOAT64:
      base = primitive('double', {})
      break
    case Type.BOOLEAN:
      base = primitive('boolean', {})
      break
    case Type.STRING:
      if (o.enhancedSchemaSupport && params !== null && Object.hasOwn(params, N.AVRO_TYPE_ENUM)) {
        const prefix = `${N.AVRO_TYPE_ENUM}.`
        const symbols = Object.keys(params)
          .filter((k) => k.startsWith(prefix))
          .map((k) => k.slice(prefix.length))
        const short = nameOrDefault(ctx, schema.name).name
        const enumName = N.splitName(params[N.AVRO_TYPE_ENUM]!)
        base = {
          type: 'enum',
          name: enumName.name,
          namespace: enumName.namespace,
          doc: params[N.AVRO_ENUM_DOC_PREFIX_PROP + short] ?? null,
          symbols,
          default: params[N.AVRO_ENUM_DEFAULT_PREFIX_PROP + short] ?? null,
          aliases: [],
          props: {},
        }
      } else {
        base = primitive('string', {})
      }
      break
    case Type.BYTES: {
      if (isFixedSchema(schema)) {
        const names = nameOrDefault(ctx, schema.name)
        base = {
          type: 'fixed',
          ...names,
          doc: null,
          size: Number.parseInt(params![N.CONNECT_AVRO_FIXED_SIZE_PROP]!, 10),
          aliases: [],
          props: {},
        }
      } else {
        base = primitive('bytes', {})
      }
      if (eqIgnoreCase(schema.name, LOGICAL_DECIMAL)) {
        const props = (base as { props: Props }).props
        props[N.AVRO_LOGICAL_DECIMAL_SCALE_PROP] = Number.parseInt(params?.['scale'] ?? '0', 10)
        const precision = params?.[N.CONNECT_AVRO_DECIMAL_PRECISION_PROP]
        props[N.AVRO_LOGICAL_DECIMAL_PRECISION_PROP] =
          precision !== undefined ? Number.parseInt(precision, 10) : N.CONNECT_AVRO_DECIMAL_PRECISION_DEFAULT
      }
      break
    }
    case Type.ARRAY:
      base = { type: 'array', items: fromConnectWithCycle(schema.valueSchema!, ctx, false, o), props: {} }
      break
    case Type.MAP: {
      const key = schema.keySchema!
      if (key.type === Type.STRING && (!key.optional || o.allowOptionalMapKey)) {
        base = { type: 'map', values: fromConnectWithCycle(schema.valueSchema!, ctx, false, o), props: {} }
      } else {
        let entry: AvroRecord
        if (schema.name === null) {
          entry = {
            type: 'record',
            name: N.MAP_ENTRY_TYPE_NAME,
            namespace: N.NAMESPACE,
            doc: null,
            fields: [],
            aliases: [],
            props: {},
          }
        } else {
          const names = nameOrDefault(ctx, schema.name)
          entry = {
            type: 'record',
            ...names,
            doc: null,
            fields: [],
            aliases: [],
            props: { [N.CONNECT_INTERNAL_TYPE_NAME]: N.MAP_ENTRY_TYPE_NAME },
          }
        }
        const fields: AvroField[] = []
        addAvroRecordField(fields, N.KEY_FIELD, key, null, ctx, o)
        addAvroRecordField(fields, N.VALUE_FIELD, schema.valueSchema!, null, ctx, o)
        entry.fields = fields
        base = { type: 'array', items: entry, props: {} }
      }
      break
    }
    case Type.STRUCT:
      if (isUnionSchema(schema)) {
        const types: AvroSchema[] = []
        if (schema.optional) types.push(primitive('null'))
        for (const f of schema.fields) types.push(fromConnectWithCycle(nonOptional(f.schema), ctx, true, o))
        base = { type: 'union', types }
      } else if (schema.optional) {
        base = { type: 'union', types: [primitive('null'), fromConnectWithCycle(nonOptional(schema), ctx, false, o)] }
      } else {
        const names = nameOrDefault(ctx, schema.name)
        const record: AvroRecord = {
          type: 'record',
          ...names,
          doc: params?.[N.AVRO_RECORD_DOC_PROP] ?? null,
          fields: [],
          aliases: [],
          props: {},
        }
        if (schema.name !== null) ctx.cycleReferences.set(schema.name, record)
        const fields: AvroField[] = []
        for (const f of schema.fields) {
          const doc = params?.[N.AVRO_FIELD_DOC_PREFIX_PROP + f.name] ?? null
          addAvroRecordField(fields, f.name, f.schema, doc, ctx, o)
        }
        record.fields = fields
        base = record
      }
      break
  }

  let finalSchema = base
  if (base.type !== 'union') {
    const props = base.props
    if (o.connectMetaData) {
      if (schema.doc !== null) addProp(props, N.CONNECT_DOC_PROP, schema.doc)
      if (schema.version !== null) addProp(props, N.CONNECT_VERSION_PROP, schema.version)
      if (params !== null) {
        const p: Record<string, string> = {}
        for (const [k, v] of Object.entries(params)) if (k !== N.AVRO_FIELD_DEFAULT_FLAG_PROP) p[k] = v
        if (Object.keys(p).length > 0) addProp(props, N.CONNECT_PARAMETERS_PROP, p)
      }
      if (schema.defaultValue !== null && (params === null || !Object.hasOwn(params, N.AVRO_FIELD_DEFAULT_FLAG_PROP))) {
        addProp(props, N.CONNECT_DEFAULT_VALUE_PROP, defaultValueFromConnect(schema, schema.defaultValue, o))
      }
      if (schema.name !== null) addProp(props, N.CONNECT_NAME_PROP, schema.name)
      if (connectType !== null) addProp(props, N.CONNECT_TYPE_PROP, connectType)
    }
    let forceLegacyDecimal = false
    if (eqIgnoreCase(schema.name, LOGICAL_DECIMAL)) {
      const precisionText = params?.[N.CONNECT_AVRO_DECIMAL_PRECISION_PROP]
      const precision =
        precisionText === undefined ? N.CONNECT_AVRO_DECIMAL_PRECISION_DEFAULT : Number.parseInt(precisionText, 10)
      const scaleText = params?.['scale']
      const scale = scaleText === undefined ? 0 : Number.parseInt(scaleText, 10)
      if (scale < 0 || scale > precision) {
        forceLegacyDecimal = true
      } else {
        addProp(props, N.AVRO_LOGICAL_TYPE_PROP, N.AVRO_LOGICAL_DECIMAL)
        addProp(props, N.AVRO_LOGICAL_DECIMAL_PRECISION_PROP, precision)
        addProp(props, N.AVRO_LOGICAL_DECIMAL_SCALE_PROP, scale)
      }
      if (forceLegacyDecimal || (params !== null && Object.hasOwn(params, N.CONNECT_AVRO_DECIMAL_PRECISION_PROP))) {
        addProp(props, N.AVRO_LOGICAL_TYPE_PROP, N.AVRO_LOGICAL_DECIMAL)
      }
    } else if (eqIgnoreCase(schema.name, LOGICAL_TIME)) {
      addProp(props, N.AVRO_LOGICAL_TYPE_PROP, N.AVRO_LOGICAL_TIME_MILLIS)
    } else if (eqIgnoreCase(schema.name, LOGICAL_TIMESTAMP)) {
      addProp(props, N.AVRO_LOGICAL_TYPE_PROP, N.AVRO_LOGICAL_TIMESTAMP_MILLIS)
    } else if (eqIgnoreCase(schema.name, LOGICAL_DATE)) {
      addProp(props, N.AVRO_LOGICAL_TYPE_PROP, N.AVRO_LOGICAL_DATE)
    }
    if (params !== null) {
      for (const [k, v] of Object.entries(params)) if (k.startsWith(N.AVRO_PROP)) addProp(props, k, v)
    }
    if (!ignoreOptional) finalSchema = maybeMakeOptional(schema, base)
  }
  if (!schema.optional) ctx.schemaMap.set(schema, finalSchema)
  return finalSchema
}

function maybeMakeOptional(schema: Schema, base: AvroSchema): AvroSchema {
  if (!schema.optional) return base
  return schema.defaultValue !== null
    ? { type: 'union', types: [base, primitive('null')] }
    : { type: 'union', types: [primitive('null'), base] }
}

function addAvroRecordField(
  fields: AvroField[],
  name: string,
  fieldSchema: Schema,
  doc: string | null,
  ctx: FromConnectContext,
  o: AvroDataOptions,
): void {
  let defaultVal: Json | undefined
  if (fieldSchema.defaultValue !== null) defaultVal = defaultValueFromConnect(fieldSchema, fieldSchema.defaultValue, o)
  else if (fieldSchema.optional) defaultVal = null
  const alreadySeen = fieldSchema.name !== null && ctx.seenNamedTypes.has(fieldSchema.name)
  if (fieldSchema.name !== null) ctx.seenNamedTypes.add(fieldSchema.name)
  const schema = fromConnect(fieldSchema, ctx, false, o)
  const props: Props = {}
  if (
    o.connectMetaData &&
    alreadySeen &&
    fieldSchema.parameters !== null &&
    Object.keys(fieldSchema.parameters).length > 0 &&
    (isNamed(schema) || (schema.type === 'union' && schema.types.some(isNamed)))
  ) {
    const p: Record<string, string> = {}
    for (const [k, v] of Object.entries(fieldSchema.parameters)) if (k !== N.AVRO_FIELD_DEFAULT_FLAG_PROP) p[k] = v
    if (Object.keys(p).length > 0) props[N.CONNECT_PARAMETERS_PROP] = p
  }
  // Avro rejects a default that does not fit the field's schema; AvroData then drops it
  const validDefault = defaultVal !== undefined && isValidDefault(schema, defaultVal) ? defaultVal : undefined
  fields.push({ name, type: schema, doc, default: validDefault, order: null, aliases: [], props })
}

/** Avro Java's `Schema.isValidDefault`. */
export function isValidDefault(schema: AvroSchema, v: Json): boolean {
  switch (schema.type) {
    case 'string':
    case 'bytes':
    case 'enum':
    case 'fixed':
      return typeof v === 'string'
    case 'int':
      return (
        (typeof v === 'number' && Number.isInteger(v) && v >= -(2 ** 31) && v < 2 ** 31) ||
        (typeof v === 'bigint' && v >= -(2n ** 31n) && v < 2n ** 31n)
      )
    case 'long':
      return (typeof v === 'number' && Number.isInteger(v)) || typeof v === 'bigint'
    case 'float':
    case 'double':
      return typeof v === 'number' || typeof v === 'bigint' || v instanceof JavaFloat
    case 'boolean':
      return typeof v === 'boolean'
    case 'null':
      return v === null
    case 'array':
      return Array.isArray(v) && v.every((x) => isValidDefault(schema.items, x))
    case 'map':
      return isJsonObject(v) && Object.values(v).every((x) => isValidDefault(schema.values, x))
    case 'record':
      return (
        isJsonObject(v) &&
        schema.fields.every((f) => {
          const fv = Object.hasOwn(v, f.name) ? v[f.name] : f.default
          return fv !== undefined && isValidDefault(f.type, fv)
        })
      )
    case 'union':
      return schema.types[0] !== undefined && isValidDefault(schema.types[0], v)
  }
}

function isJsonObject(v: Json): v is { readonly [k: string]: Json } {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof JavaFloat)
}

/** A Connect default as Avro JSON (AvroData.defaultValueFromConnect). */
export function defaultValueFromConnect(schema: Schema, value: unknown, o: AvroDataOptions): Json {
  if (value === null || value === undefined) return null
  const bad = () =>
    new DataException(
      `Invalid type used for default value of ${typeName(schema.type)} field: ${javaClassName(schema.defaultValue)}`,
    )
  let v: unknown = value
  if (schema.name === LOGICAL_DECIMAL && value instanceof BigDecimal)
    v = bigIntToBytes(value.setScale(value.scale).unscaled)
  else if (schema.name === LOGICAL_DATE && value instanceof Date) v = ConnectDate.fromLogical(schema, value)
  else if (schema.name === LOGICAL_TIME && value instanceof Date) v = ConnectTime.fromLogical(schema, value)
  else if (schema.name === LOGICAL_TIMESTAMP && value instanceof Date) v = ConnectTimestamp.fromLogical(schema, value)
  switch (schema.type) {
    case Type.INT8:
    case Type.INT16:
    case Type.INT32:
      if (typeof v !== 'number') throw bad()
      return v
    case Type.INT64:
      if (typeof v !== 'bigint') throw bad()
      return v
    case Type.FLOAT32:
    case Type.FLOAT64:
      if (typeof v !== 'number') throw bad()
      return new JavaFloat(v, schema.type === Type.FLOAT32)
    case Type.BOOLEAN:
      if (typeof v !== 'boolean') throw bad()
      return v
    case Type.STRING:
      if (typeof v !== 'string') throw bad()
      return v
    case Type.BYTES:
      if (!(v instanceof Uint8Array)) throw bad()
      return Buffer.from(v.buffer, v.byteOffset, v.byteLength).toString('latin1')
    case Type.ARRAY:
      if (!Array.isArray(v)) throw bad()
      return v.map((x) => defaultValueFromConnect(schema.valueSchema!, x, o))
    case Type.MAP: {
      if (!(v instanceof Map)) throw bad()
      const key = schema.keySchema!
      if (key.type === Type.STRING && (!key.optional || o.allowOptionalMapKey)) {
        const out: Record<string, Json> = {}
        for (const [k, x] of v) out[String(k)] = defaultValueFromConnect(schema.valueSchema!, x, o)
        return out
      }
      return [...v].map(([k, x]) => [
        defaultValueFromConnect(key, k, o),
        defaultValueFromConnect(schema.valueSchema!, x, o),
      ])
    }
    case Type.STRUCT: {
      if (!(v instanceof Struct)) throw bad()
      const out: Record<string, Json> = {}
      for (const f of schema.fields) {
        const d = defaultValueFromConnect(f.schema, v.get(f), o)
        if (isUnionSchema(schema)) return d
        out[f.name] = d
      }
      return out
    }
  }
}

// --- Avro → Connect -------------------------------------------------------------------------------------

interface Builder {
  type: Type
  name: string | null
  version: number | null
  doc: string | null
  params: Record<string, string> | null
  optional: boolean
  defaultValue: unknown
  fields: Field[]
  keySchema: Schema | null
  valueSchema: Schema | null
}

function builder(type: Type, init: Partial<Builder> = {}): Builder {
  return {
    type,
    name: null,
    version: null,
    doc: null,
    params: null,
    optional: false,
    defaultValue: null,
    fields: [],
    keySchema: null,
    valueSchema: null,
    ...init,
  }
}

function param(b: Builder, key: string, value: string): void {
  b.params ??= {}
  b.params[key] = value
}

function build(b: Builder): ConnectSchema {
  return new ConnectSchema({ ...b, parameters: b.params ? { ...b.params } : null })
}

/**
 * The Connect schema for an Avro schema; `version` (the registry's version of the writer schema) is
 * used when the schema carries no `connect.version`.
 */
export function toConnectSchema(avro: AvroSchema, version: number | null, o: AvroDataOptions): Schema {
  return toConnect(avro, false, undefined, version, o, new Set())
}

function toConnect(
  avro: AvroSchema,
  forceOptional: boolean,
  fieldDefault: Json | undefined,
  version: number | null,
  o: AvroDataOptions,
  visiting: Set<AvroRecord>,
): Schema {
  const typeProp = prop(avro, N.CONNECT_TYPE_PROP)
  const logicalType = prop(avro, N.AVRO_LOGICAL_TYPE_PROP)
  const logical = typeof logicalType === 'string' ? logicalType : null
  let b: Builder
  switch (avro.type) {
    case 'boolean':
      b = builder(Type.BOOLEAN)
      break
    case 'bytes':
    case 'fixed': {
      if (eqIgnoreCase(logical, N.AVRO_LOGICAL_DECIMAL)) {
        const scaleNode = prop(avro, N.AVRO_LOGICAL_DECIMAL_SCALE_PROP)
        const scale = typeof scaleNode === 'number' ? Math.trunc(scaleNode) : 0
        b = builder(Type.BYTES, { name: LOGICAL_DECIMAL, version: 1, params: { scale: String(scale) } })
        const precision = prop(avro, N.AVRO_LOGICAL_DECIMAL_PRECISION_PROP)
        if (precision !== undefined && precision !== null) {
          if (typeof precision !== 'number') {
            throw new DataException(
              'precision property must be a JSON Integer. https://avro.apache.org/docs/1.9.1/spec.html#Decimal',
            )
          }
          if (Math.trunc(precision) !== N.CONNECT_AVRO_DECIMAL_PRECISION_DEFAULT) {
            param(b, N.CONNECT_AVRO_DECIMAL_PRECISION_PROP, String(Math.trunc(precision)))
          }
        }
      } else {
        b = builder(Type.BYTES)
      }
      if (avro.type === 'fixed') param(b, N.CONNECT_AVRO_FIXED_SIZE_PROP, String(avro.size))
      break
    }
    case 'double':
      b = builder(Type.FLOAT64)
      break
    case 'float':
      b = builder(Type.FLOAT32)
      break
    case 'int':
      if (typeProp === undefined && logical === null) b = builder(Type.INT32)
      else if (logical !== null) {
        if (eqIgnoreCase(logical, N.AVRO_LOGICAL_DATE)) b = builder(Type.INT32, { name: LOGICAL_DATE, version: 1 })
        else if (eqIgnoreCase(logical, N.AVRO_LOGICAL_TIME_MILLIS))
          b = builder(Type.INT32, { name: LOGICAL_TIME, version: 1 })
        else b = builder(Type.INT32)
      } else if (typeProp === 'int8') b = builder(Type.INT8)
      else if (typeProp === 'int16') b = builder(Type.INT16)
      else throw new DataException('Connect type annotation for Avro int field is null')
      break
    case 'long':
      b = eqIgnoreCase(logical, N.AVRO_LOGICAL_TIMESTAMP_MILLIS)
        ? builder(Type.INT64, { name: LOGICAL_TIMESTAMP, version: 1 })
        : builder(Type.INT64)
      break
    case 'string':
      b = builder(Type.STRING)
      break
    case 'array': {
      const items = avro.items
      if (isMapEntry(items)) {
        const key = items.fields.find((f) => f.name === N.KEY_FIELD)
        const value = items.fields.find((f) => f.name === N.VALUE_FIELD)
        if (items.fields.length !== 2 || key === undefined || value === undefined) {
          throw new DataException(
            'Found map encoded as array of key-value pairs, but array elements do not match the expected format.',
          )
        }
        b = builder(Type.MAP, {
          keySchema: toConnect(key.type, false, undefined, null, o, visiting),
          valueSchema: toConnect(value.type, false, undefined, null, o, visiting),
        })
      } else {
        b = builder(Type.ARRAY, { valueSchema: toConnect(items, false, undefined, null, o, visiting) })
      }
      break
    }
    case 'map':
      b = builder(Type.MAP, {
        keySchema: Schemas.STRING,
        valueSchema: toConnect(avro.values, false, undefined, null, o, visiting),
      })
      break
    case 'record': {
      if (visiting.has(avro)) throw new DataException(`Recursive Avro schemas are not supported: ${fullName(avro)}`)
      visiting.add(avro)
      b = builder(Type.STRUCT)
      if (o.connectMetaData && avro.doc !== null) param(b, N.AVRO_RECORD_DOC_PROP, avro.doc)
      for (const f of avro.fields) {
        if (o.connectMetaData && f.doc !== null) param(b, N.AVRO_FIELD_DOC_PREFIX_PROP + f.name, f.doc)
        let fieldSchema = toConnect(f.type, false, f.default, null, o, visiting)
        const fieldParams = f.props[N.CONNECT_PARAMETERS_PROP]
        if (o.connectMetaData && isJsonObject(fieldParams ?? null)) {
          fieldSchema = applyFieldLevelParams(fieldSchema, fieldParams as Record<string, Json>)
        }
        b.fields.push({ name: f.name, index: b.fields.length, schema: fieldSchema })
      }
      visiting.delete(avro)
      break
    }
    case 'enum': {
      b = builder(Type.STRING)
      if (o.connectMetaData) {
        if (avro.doc !== null) param(b, N.AVRO_ENUM_DOC_PREFIX_PROP + avro.name, avro.doc)
        if (avro.default !== null) param(b, N.AVRO_ENUM_DEFAULT_PREFIX_PROP + avro.name, avro.default)
      }
      param(b, N.AVRO_TYPE_ENUM, fullName(avro))
      for (const s of avro.symbols) param(b, `${N.AVRO_TYPE_ENUM}.${s}`, s)
      break
    }
    case 'union': {
      if (avro.types.length === 1 && o.flattenSingletonUnions) {
        return toConnect(avro.types[0]!, false, undefined, null, o, visiting)
      }
      if (avro.types.length === 2) {
        const other = avro.types.find((t) => t.type !== 'null')
        if (other !== undefined && avro.types.some((t) => t.type === 'null' && Object.keys(t.props).length === 0)) {
          return toConnect(other, true, undefined, null, o, visiting)
        }
      }
      b = builder(Type.STRUCT, { name: N.AVRO_TYPE_UNION })
      const names = new Set<string>()
      for (const member of avro.types) {
        if (member.type === 'null') {
          b.optional = true
          continue
        }
        const name = unionMemberFieldNameFromAvro(member, o.enhancedSchemaSupport)
        if (names.has(name)) throw new DataException('Multiple union schemas map to the Connect union field name')
        names.add(name)
        b.fields.push({ name, index: b.fields.length, schema: toConnect(member, true, undefined, null, o, visiting) })
      }
      break
    }
    case 'null':
      throw new DataException('Standalone null schemas are not supported by this converter')
  }

  if (avro.type !== 'union') {
    const props = avro.props
    const docVal = props[N.CONNECT_DOC_PROP]
    if (o.connectMetaData && typeof docVal === 'string') b.doc = docVal

    let versionInt = -1
    const versionNode = props[N.CONNECT_VERSION_PROP]
    if (versionNode !== undefined && versionNode !== null) {
      if (typeof versionNode !== 'number')
        throw new DataException(`Invalid Connect version found: ${JSON.stringify(versionNode)}`)
      versionInt = Math.trunc(versionNode)
    } else if (version !== null) {
      versionInt = version
    }
    if (versionInt >= 0) {
      if (b.version !== null && b.version !== versionInt) {
        throw new DataException(
          `Mismatched versions: version already added to SchemaBuilder (${b.version}) differs from version in source schema (${versionInt})`,
        )
      }
      b.version = versionInt
    }

    const parameters = props[N.CONNECT_PARAMETERS_PROP]
    if (o.connectMetaData && parameters !== undefined && parameters !== null) {
      if (!isJsonObject(parameters))
        throw new DataException(`Expected JSON object for schema parameters but found: ${JSON.stringify(parameters)}`)
      for (const [k, v] of Object.entries(parameters)) {
        if (typeof v !== 'string')
          throw new DataException(`Expected schema parameter values to be strings but found: ${JSON.stringify(v)}`)
        param(b, k, v)
      }
    }
    for (const [k, v] of Object.entries(props)) {
      if (k.startsWith(N.AVRO_PROP)) param(b, k, typeof v === 'string' ? v : JSON.stringify(v))
    }

    const connectDefault = props[N.CONNECT_DEFAULT_VALUE_PROP]
    let defaultJson = fieldDefault
    if (defaultJson === undefined) defaultJson = connectDefault
    else if (o.connectMetaData && connectDefault === undefined) param(b, N.AVRO_FIELD_DEFAULT_FLAG_PROP, 'true')

    const nameNode = props[N.CONNECT_NAME_PROP]
    let name: string | null = null
    if (nameNode !== undefined && nameNode !== null) {
      if (typeof nameNode !== 'string') throw new DataException(`Invalid schema name: ${JSON.stringify(nameNode)}`)
      name = nameNode
    } else if (avro.type === 'record' || avro.type === 'enum') {
      name = fullName(avro)
    } else if (avro.type === 'fixed' && b.name !== LOGICAL_DECIMAL) {
      name = fullName(avro)
    }
    if (name !== null && !name.startsWith(N.DEFAULT_SCHEMA_FULL_NAME)) {
      if (b.name !== null && b.name !== name) {
        throw new DataException(
          `Mismatched names: name already added to SchemaBuilder (${b.name}) differs from name in source schema (${name})`,
        )
      }
      b.name = name
    }

    if (defaultJson !== undefined && defaultJson !== null) {
      try {
        const shape = build(b)
        const value = defaultValueFromAvro(shape, avro, defaultJson, o)
        if (value !== null) {
          validateValue(shape, value)
          b.defaultValue = value
        }
      } catch (e) {
        // AvroData logs "Ignoring invalid default" and goes on without it
        if (!(e instanceof DataException || e instanceof RangeError)) throw e
      }
    }
  }
  if (forceOptional) b.optional = true
  return build(b)
}

function isMapEntry(s: AvroSchema): s is AvroRecord {
  if (s.type !== 'record') return false
  if (s.namespace === N.NAMESPACE && s.name === N.MAP_ENTRY_TYPE_NAME) return true
  return s.props[N.CONNECT_INTERNAL_TYPE_NAME] === N.MAP_ENTRY_TYPE_NAME
}

function applyFieldLevelParams(original: Schema, fieldParams: Record<string, Json>): Schema {
  const current = original.parameters ?? {}
  if (Object.entries(fieldParams).every(([k, v]) => current[k] === String(v))) return original
  const params: Record<string, string> = { ...current }
  for (const [k, v] of Object.entries(fieldParams)) params[k] = String(v)
  return new ConnectSchema({
    type: original.type,
    optional: original.optional,
    defaultValue: original.defaultValue,
    name: original.name,
    version: original.version,
    doc: original.doc,
    parameters: params,
    fields: original.fields,
    keySchema: original.keySchema,
    valueSchema: original.valueSchema,
  })
}

/** An Avro JSON default as a Connect value (AvroData.defaultValueFromAvro), logical types converted. */
function defaultValueFromAvro(schema: Schema, avro: AvroSchema, v: Json | undefined, o: AvroDataOptions): unknown {
  const raw = defaultWithoutLogical(schema, avro, v, o)
  if (raw === null) return null
  switch (schema.name) {
    case LOGICAL_DECIMAL:
      return raw instanceof Uint8Array
        ? new BigDecimal(bytesToBigInt(raw), Number.parseInt(schema.parameters?.['scale'] ?? '0', 10))
        : raw
    case LOGICAL_DATE:
      return typeof raw === 'number' ? ConnectDate.toLogical(schema, raw) : raw
    case LOGICAL_TIME:
      return typeof raw === 'number' ? ConnectTime.toLogical(schema, raw) : raw
    case LOGICAL_TIMESTAMP:
      return typeof raw === 'bigint' ? ConnectTimestamp.toLogical(schema, raw) : raw
    default:
      return raw
  }
}

function num(v: Json): number {
  if (typeof v === 'number') return v
  if (typeof v === 'bigint') return Number(v)
  if (v instanceof JavaFloat) return v.value
  if (typeof v === 'string') return Number(v) || 0
  return 0
}

function defaultWithoutLogical(schema: Schema, avro: AvroSchema, v: Json | undefined, o: AvroDataOptions): unknown {
  if (v === undefined || v === null) return null
  switch (avro.type) {
    case 'int': {
      const n = Math.trunc(num(v))
      if (schema.type === Type.INT8) return (n << 24) >> 24
      if (schema.type === Type.INT16) return (n << 16) >> 16
      return n | 0
    }
    case 'long':
      return typeof v === 'bigint' ? v : BigInt(Math.trunc(num(v)))
    case 'float':
      return Math.fround(num(v))
    case 'double':
      return num(v)
    case 'boolean':
      return v === true || v === 'true' || (typeof v === 'number' && v !== 0)
    case 'null':
      return null
    case 'string':
    case 'enum':
      return typeof v === 'string' ? v : JSON.stringify(v)
    case 'bytes':
    case 'fixed':
      if (typeof v !== 'string') throw new DataException('Invalid binary data in default value')
      return new Uint8Array(Buffer.from(v, 'latin1'))
    case 'array':
      if (!Array.isArray(v)) throw new DataException('Invalid JSON for array default value')
      if (schema.type === Type.MAP) return null
      return v.map((x) => defaultValueFromAvro(schema.valueSchema!, avro.items, x, o))
    case 'map': {
      if (!isJsonObject(v)) throw new DataException('Invalid JSON for map default value')
      const out = new Map<unknown, unknown>()
      for (const [k, x] of Object.entries(v)) out.set(k, defaultValueFromAvro(schema.valueSchema!, avro.values, x, o))
      return out
    }
    case 'record': {
      if (!isJsonObject(v)) throw new DataException('Invalid JSON for record default value')
      const out = new Struct(schema)
      for (const f of avro.fields) {
        const field = schema.field(f.name)
        if (field === undefined) throw new DataException(`${f.name} is not a valid field name`)
        out.put(field, defaultValueFromAvro(field.schema, f.type, v[f.name], o))
      }
      return out
    }
    case 'union': {
      const first = avro.types[0]
      if (first === undefined || first.type === 'null') return null
      const member = schema.field(unionMemberFieldNameFromAvro(first, o.enhancedSchemaSupport))
      if (member === undefined) return null
      return defaultValueFromAvro(member.schema, first, v, o)
    }
  }
}
