/**
 * Connect ⇄ Protobuf as Confluent's `ProtobufData` does it with its default settings: a message is a
 * struct named after the message, every singular field is optional and carries its tag in the
 * `io.confluent.connect.protobuf.Tag` parameter, repeated fields are optional arrays, maps are maps
 * (named after the entry message), enums are strings with `io.confluent.connect.protobuf.Enum`
 * parameters, `google.protobuf.Timestamp` is Connect's Timestamp, the `google.protobuf.*Value`
 * wrappers are optional scalars, int64-family types other than `int64` keep their type in
 * `io.confluent.connect.protobuf.Type`, and a `oneof` is an optional
 * `io.confluent.connect.protobuf.Union.<name>` struct.
 *
 * Writing derives a proto3 file from the Connect schema: one message per struct, nested in the
 * parent message, fields numbered by their Tag parameter or in order.
 */
import protobuf from 'protobufjs'
import { ConnectSchema, type Field, LOGICAL_TIMESTAMP, type Schema } from '../../data/schema.js'
import { Struct } from '../../data/struct.js'
import { javaClassName, Type, typeName } from '../../data/values.js'
import { DataException } from '../../errors.js'

export const NAMESPACE = 'io.confluent.connect.protobuf'
export const PROTOBUF_TYPE_ENUM = `${NAMESPACE}.Enum`
export const PROTOBUF_TYPE_UNION_PREFIX = `${NAMESPACE}.Union.`
export const PROTOBUF_TYPE_TAG = `${NAMESPACE}.Tag`
export const PROTOBUF_TYPE_PROP = `${NAMESPACE}.Type`
const TIMESTAMP = 'google.protobuf.Timestamp'
const WRAPPERS: Record<string, Type> = {
  'google.protobuf.DoubleValue': Type.FLOAT64,
  'google.protobuf.FloatValue': Type.FLOAT32,
  'google.protobuf.Int64Value': Type.INT64,
  'google.protobuf.UInt64Value': Type.INT64,
  'google.protobuf.Int32Value': Type.INT32,
  'google.protobuf.UInt32Value': Type.INT64,
  'google.protobuf.BoolValue': Type.BOOLEAN,
  'google.protobuf.StringValue': Type.STRING,
  'google.protobuf.BytesValue': Type.BYTES,
}

export interface ParsedProto {
  readonly root: protobuf.Root
  /** The file's top-level messages, in declaration order (message index 0, 1, …). */
  readonly messages: readonly protobuf.Type[]
}

/** Parses `.proto` text from the registry, with Google's well-known types available to its imports. */
export function parseProto(text: string): ParsedProto {
  const parsed = protobuf.parse(text, { keepCase: true, alternateCommentMode: false })
  const root = parsed.root
  const common = protobuf.common as unknown as Record<string, { nested: protobuf.INamespace['nested'] } | undefined>
  for (const imp of [...(parsed.imports ?? []), ...(parsed.weakImports ?? [])]) {
    const json = common[imp]
    if (json?.nested) root.addJSON(json.nested)
  }
  root.resolveAll()
  const ns = parsed.package ? root.lookup(parsed.package) : root
  const messages =
    (ns as protobuf.Namespace | null)?.nestedArray.filter((t): t is protobuf.Type => t instanceof protobuf.Type) ?? []
  return { root, messages }
}

/** The message that a list of message indexes names (Confluent's `MessageIndexes`). */
export function messageAt(proto: ParsedProto, indexes: readonly number[]): protobuf.Type {
  let candidates: readonly protobuf.Type[] = proto.messages
  let found: protobuf.Type | undefined
  for (const i of indexes) {
    found = candidates[i]
    if (found === undefined) throw new DataException(`Invalid message indexes: [${indexes.join(', ')}]`)
    candidates = found.nestedArray.filter((t): t is protobuf.Type => t instanceof protobuf.Type)
  }
  if (found === undefined) throw new DataException('Invalid message indexes: []')
  return found
}

// --- Protobuf → Connect ---------------------------------------------------------------------------------------

function schemaOf(init: ConstructorParameters<typeof ConnectSchema>[0]): ConnectSchema {
  return new ConnectSchema(init)
}

/** The Connect schema of a message (ProtobufData.toConnectSchema); `version` is the registry's. */
export function toConnectSchema(message: protobuf.Type, version: number | null, enhanced = false): Schema {
  return messageSchema(message, version, enhanced, false, new Set())
}

function messageSchema(
  message: protobuf.Type,
  version: number | null,
  enhanced: boolean,
  optional: boolean,
  seen: Set<protobuf.Type>,
): ConnectSchema {
  if (seen.has(message)) throw new DataException(`Recursive Protobuf messages are not supported: ${message.fullName}`)
  seen.add(message)
  const fields: Field[] = []
  const add = (name: string, schema: Schema) => fields.push({ name, index: fields.length, schema })
  for (const oneof of message.oneofsArray) {
    // a proto3 `optional` field is a synthetic oneof, not a union
    if (
      oneof.fieldsArray.length === 1 &&
      oneof.name.startsWith('_') &&
      oneof.fieldsArray[0]?.options?.['proto3_optional']
    )
      continue
    const members: Field[] = []
    for (const f of oneof.fieldsArray)
      members.push({ name: f.name, index: members.length, schema: fieldSchema(f, enhanced, seen) })
    add(
      oneof.name,
      schemaOf({ type: Type.STRUCT, name: PROTOBUF_TYPE_UNION_PREFIX + oneof.name, optional: true, fields: members }),
    )
  }
  for (const f of message.fieldsArray) {
    if (f.partOf && !(f.partOf.fieldsArray.length === 1 && f.partOf.name.startsWith('_'))) continue
    add(f.name, fieldSchema(f, enhanced, seen))
  }
  seen.delete(message)
  return schemaOf({
    type: Type.STRUCT,
    name: enhanced ? message.fullName.replace(/^\./, '') : message.name,
    version,
    optional,
    fields,
  })
}

const INT32_TYPES = new Set(['int32', 'sint32', 'sfixed32'])
const INT64_TYPES = new Set(['uint32', 'fixed32', 'int64', 'uint64', 'sint64', 'fixed64', 'sfixed64'])

function fieldSchema(f: protobuf.Field, enhanced: boolean, seen: Set<protobuf.Type>): Schema {
  const tag = { [PROTOBUF_TYPE_TAG]: String(f.id) }
  if (f.map) {
    const mf = f as unknown as protobuf.MapField
    const key = scalarSchema(mf.keyType, { [PROTOBUF_TYPE_TAG]: '1' })
    const value = singular(mf.resolvedType, mf.type, { [PROTOBUF_TYPE_TAG]: '2' }, enhanced, seen)
    return schemaOf({
      type: Type.MAP,
      name: mapName(f.name),
      keySchema: key,
      valueSchema: value,
      optional: true,
      parameters: tag,
    })
  }
  if (f.repeated) {
    const element = singular(f.resolvedType, f.type, null, enhanced, seen)
    return schemaOf({ type: Type.ARRAY, valueSchema: element, optional: true, parameters: tag })
  }
  return singular(f.resolvedType, f.type, tag, enhanced, seen)
}

function mapName(fieldName: string): string {
  return fieldName
}

function scalarSchema(type: string, params: Record<string, string> | null): ConnectSchema {
  let t: Type
  const p: Record<string, string> = { ...(params ?? {}) }
  if (type === 'int32' || INT32_TYPES.has(type)) {
    t = Type.INT32
    if (type !== 'int32') p[PROTOBUF_TYPE_PROP] = type
  } else if (INT64_TYPES.has(type)) {
    t = Type.INT64
    if (type !== 'int64') p[PROTOBUF_TYPE_PROP] = type
  } else if (type === 'float') t = Type.FLOAT32
  else if (type === 'double') t = Type.FLOAT64
  else if (type === 'bool') t = Type.BOOLEAN
  else if (type === 'string') t = Type.STRING
  else if (type === 'bytes') t = Type.BYTES
  else throw new DataException(`Unknown Connect schema type: ${type}`)
  return schemaOf({ type: t, optional: true, parameters: Object.keys(p).length > 0 ? p : null })
}

function singular(
  resolved: protobuf.Type | protobuf.Enum | null,
  type: string,
  params: Record<string, string> | null,
  enhanced: boolean,
  seen: Set<protobuf.Type>,
): Schema {
  if (resolved instanceof protobuf.Enum) {
    const p: Record<string, string> = { [PROTOBUF_TYPE_ENUM]: resolved.name }
    for (const [name, id] of Object.entries(resolved.values)) p[`${PROTOBUF_TYPE_ENUM}.${name}`] = String(id)
    Object.assign(p, params ?? {})
    return schemaOf({
      type: Type.STRING,
      name: enhanced ? resolved.fullName.replace(/^\./, '') : resolved.name,
      optional: true,
      parameters: p,
    })
  }
  if (resolved instanceof protobuf.Type) {
    const full = resolved.fullName.replace(/^\./, '')
    if (full === TIMESTAMP) {
      return schemaOf({ type: Type.INT64, name: LOGICAL_TIMESTAMP, version: 1, optional: true, parameters: params })
    }
    const wrapped = WRAPPERS[full]
    if (wrapped !== undefined) return schemaOf({ type: wrapped, optional: true, parameters: params })
    const s = messageSchema(resolved, null, enhanced, true, seen)
    return params === null ? s : schemaOf({ ...s, optional: true, parameters: params, fields: s.fields })
  }
  return scalarSchema(type, params)
}

/** A decoded message's Connect value (ProtobufData.toConnectData). */
export function toConnectValue(schema: Schema, message: protobuf.Type, decoded: protobuf.Message): Struct {
  const obj = message.toObject(decoded, { longs: String, enums: String, bytes: Buffer, defaults: true, oneofs: false })
  return structValue(schema, message, obj)
}

function structValue(schema: Schema, message: protobuf.Type, obj: Record<string, unknown>): Struct {
  const out = new Struct(schema)
  for (const field of schema.fields) {
    if (field.schema.name?.startsWith(PROTOBUF_TYPE_UNION_PREFIX)) {
      const oneof = message.oneofs?.[field.name]
      const set = oneof?.fieldsArray.find((f) => obj[f.name] !== undefined && obj[f.name] !== null)
      if (set === undefined || oneof === undefined) continue
      const u = new Struct(field.schema).put(
        set.name,
        fieldValue(field.schema.field(set.name)!.schema, set, obj[set.name]),
      )
      out.put(field, u)
      continue
    }
    const pf = message.fields[field.name]
    if (pf === undefined) continue
    out.put(field, fieldValue(field.schema, pf, obj[field.name]))
  }
  return out
}

function fieldValue(schema: Schema, f: protobuf.Field, v: unknown): unknown {
  if (v === null || v === undefined) return null
  if (f.map) {
    const out = new Map<unknown, unknown>()
    for (const [k, x] of Object.entries(v as Record<string, unknown>)) {
      out.set(scalarValue(schema.keySchema!, k), singularValue(schema.valueSchema!, f.resolvedType, x))
    }
    return out
  }
  if (f.repeated) return (v as unknown[]).map((x) => singularValue(schema.valueSchema!, f.resolvedType, x))
  return singularValue(schema, f.resolvedType, v)
}

function singularValue(schema: Schema, resolved: protobuf.Type | protobuf.Enum | null, v: unknown): unknown {
  if (v === null || v === undefined) return null
  if (resolved instanceof protobuf.Type) {
    const full = resolved.fullName.replace(/^\./, '')
    const o = v as Record<string, unknown>
    if (full === TIMESTAMP) {
      const seconds = BigInt(String(o['seconds'] ?? '0'))
      const nanos = Number(o['nanos'] ?? 0)
      return new Date(Number(seconds * 1000n + BigInt(Math.trunc(nanos / 1_000_000))))
    }
    if (WRAPPERS[full] !== undefined) return scalarValue(schema, o['value'])
    return structValue(schema, resolved, o)
  }
  return scalarValue(schema, v)
}

function scalarValue(schema: Schema, v: unknown): unknown {
  switch (schema.type) {
    case Type.INT64:
      return BigInt(String(v ?? '0'))
    case Type.INT32:
    case Type.INT8:
    case Type.INT16:
      return typeof v === 'string' ? Number.parseInt(v, 10) : Number(v ?? 0)
    case Type.BYTES:
      return new Uint8Array(v as Uint8Array)
    case Type.BOOLEAN:
      return typeof v === 'string' ? v === 'true' : Boolean(v)
    default:
      return v
  }
}

// --- Connect → Protobuf ---------------------------------------------------------------------------------------

/** A proto3 file for a Connect struct schema; its first message is the value's. */
export function protoFromConnectSchema(schema: Schema): { readonly text: string; readonly messageName: string } {
  if (schema.type !== Type.STRUCT) {
    throw new DataException(`Protobuf requires a struct schema at the top level, not ${typeName(schema.type)}`)
  }
  const imports = new Set<string>()
  const name = simpleName(schema.name, 'ConnectDefault1')
  const body = messageText(schema, name, '', imports)
  const head = ['syntax = "proto3";', '', ...[...imports].sort().map((i) => `import "${i}";`)]
  if (imports.size > 0) head.push('')
  return { text: `${head.join('\n')}\n${body}`, messageName: name }
}

function simpleName(name: string | null, fallback: string): string {
  if (name === null) return fallback
  return name.slice(name.lastIndexOf('.') + 1)
}

function messageText(schema: Schema, name: string, indent: string, imports: Set<string>): string {
  const lines = [`${indent}message ${name} {`]
  const nested: string[] = []
  let next = 1
  for (const f of schema.fields) {
    const tagText = f.schema.parameters?.[PROTOBUF_TYPE_TAG]
    const tag = tagText !== undefined ? Number.parseInt(tagText, 10) : next
    next = Math.max(next, tag) + 1
    lines.push(`${indent}  ${fieldType(f, indent + '  ', nested, imports)} ${f.name} = ${tag};`)
  }
  return [...lines.slice(0, 1), ...nested, ...lines.slice(1), `${indent}}`].join('\n') + (indent === '' ? '\n' : '')
}

function fieldType(f: Field, indent: string, nested: string[], imports: Set<string>): string {
  const s = f.schema
  if (s.type === Type.ARRAY) return `repeated ${singularType(s.valueSchema!, f.name, indent, nested, imports)}`
  if (s.type === Type.MAP) {
    return `map<${singularType(s.keySchema!, `${f.name}_key`, indent, nested, imports)}, ${singularType(s.valueSchema!, f.name, indent, nested, imports)}>`
  }
  return singularType(s, f.name, indent, nested, imports)
}

function singularType(s: Schema, fieldName: string, indent: string, nested: string[], imports: Set<string>): string {
  if (s.name === LOGICAL_TIMESTAMP) {
    imports.add('google/protobuf/timestamp.proto')
    return 'google.protobuf.Timestamp'
  }
  switch (s.type) {
    case Type.INT8:
    case Type.INT16:
      return 'int32'
    case Type.INT32:
      return s.parameters?.[PROTOBUF_TYPE_PROP] ?? 'int32'
    case Type.INT64:
      return s.parameters?.[PROTOBUF_TYPE_PROP] ?? 'int64'
    case Type.FLOAT32:
      return 'float'
    case Type.FLOAT64:
      return 'double'
    case Type.BOOLEAN:
      return 'bool'
    case Type.STRING:
      return 'string'
    case Type.BYTES:
      return 'bytes'
    case Type.STRUCT: {
      let name = simpleName(s.name, `${fieldName}Message`)
      if (name === fieldName) name += 'Message'
      nested.push(messageText(s, name, indent, imports))
      return name
    }
    default:
      throw new DataException(`Protobuf cannot nest a ${typeName(s.type)} here (field ${fieldName})`)
  }
}

/** The plain object protobufjs encodes for a Connect struct value. */
export function fromConnectValue(schema: Schema, value: unknown): Record<string, unknown> {
  if (!(value instanceof Struct)) throw new DataException(`Invalid type for STRUCT: class ${javaClassName(value)}`)
  const out: Record<string, unknown> = {}
  for (const f of schema.fields) {
    const v = value.get(f)
    if (v === null || v === undefined) continue
    out[f.name] = connectToProto(f.schema, v)
  }
  return out
}

function connectToProto(s: Schema, v: unknown): unknown {
  if (v === null || v === undefined) return null
  if (s.name === LOGICAL_TIMESTAMP) {
    if (!(v instanceof Date))
      throw new DataException(`Invalid type for Timestamp, expected Date but was class ${javaClassName(v)}`)
    const ms = v.getTime()
    const seconds = Math.floor(ms / 1000)
    return { seconds: String(seconds), nanos: (ms - seconds * 1000) * 1_000_000 }
  }
  switch (s.type) {
    case Type.INT64:
      if (typeof v !== 'bigint') throw new DataException(`Invalid type for INT64: class ${javaClassName(v)}`)
      return v.toString()
    case Type.BYTES:
      return v instanceof Uint8Array ? Buffer.from(v.buffer, v.byteOffset, v.byteLength) : v
    case Type.ARRAY:
      return (v as unknown[]).map((x) => connectToProto(s.valueSchema!, x))
    case Type.MAP: {
      const out: Record<string, unknown> = {}
      for (const [k, x] of v as Map<unknown, unknown>) out[String(k)] = connectToProto(s.valueSchema!, x)
      return out
    }
    case Type.STRUCT:
      return fromConnectValue(s, v)
    default:
      return v
  }
}
