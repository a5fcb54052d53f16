/**
 * Avro schemas as a small tree (named types shared by reference, so recursive schemas work), parsed
 * from the registry's JSON and written back as Avro Java's `Schema.toString()` writes them: the same
 * key order and namespace elision, so a schema registered from here has the same text a Java
 * Connect worker would register. Properties keep their insertion order, as Java's do.
 */
import { javaDoubleToString, javaFloatToString } from '../../data/values.js'
import { DataException } from '../../errors.js'

/** A JSON value; numbers that Java writes as doubles or floats are wrapped so they print as Java does. */
export type Json =
  | null
  | boolean
  | string
  | number
  | bigint
  | JavaFloat
  | readonly Json[]
  | { readonly [k: string]: Json }

/** A float or double JSON number, printed with Java's `Double.toString`/`Float.toString` (`1.0`). */
export class JavaFloat {
  constructor(
    readonly value: number,
    readonly single: boolean,
  ) {}
}

export type Props = Record<string, Json>

export type PrimitiveName = 'null' | 'boolean' | 'int' | 'long' | 'float' | 'double' | 'bytes' | 'string'

export interface AvroPrimitive {
  readonly type: PrimitiveName
  readonly props: Props
}
export interface AvroField {
  readonly name: string
  readonly type: AvroSchema
  readonly doc: string | null
  /** The field default as JSON; undefined when the field has none. */
  readonly default: Json | undefined
  readonly order: string | null
  readonly aliases: readonly string[]
  readonly props: Props
}
export interface AvroRecord {
  readonly type: 'record'
  readonly name: string
  readonly namespace: string | null
  readonly doc: string | null
  /** Filled after creation, so a record can refer to itself. */
  fields: AvroField[]
  readonly aliases: readonly string[]
  readonly props: Props
}
export interface AvroEnum {
  readonly type: 'enum'
  readonly name: string
  readonly namespace: string | null
  readonly doc: string | null
  readonly symbols: readonly string[]
  readonly default: string | null
  readonly aliases: readonly string[]
  readonly props: Props
}
export interface AvroFixed {
  readonly type: 'fixed'
  readonly name: string
  readonly namespace: string | null
  readonly doc: string | null
  readonly size: number
  readonly aliases: readonly string[]
  readonly props: Props
}
export interface AvroArray {
  readonly type: 'array'
  readonly items: AvroSchema
  readonly props: Props
}
export interface AvroMap {
  readonly type: 'map'
  readonly values: AvroSchema
  readonly props: Props
}
export interface AvroUnion {
  readonly type: 'union'
  readonly types: readonly AvroSchema[]
}
export type AvroNamed = AvroRecord | AvroEnum | AvroFixed
export type AvroSchema = AvroPrimitive | AvroNamed | AvroArray | AvroMap | AvroUnion

const PRIMITIVES = new Set<string>(['null', 'boolean', 'int', 'long', 'float', 'double', 'bytes', 'string'])
const RESERVED: Record<string, ReadonlySet<string>> = {
  primitive: new Set(['type']),
  record: new Set(['type', 'name', 'namespace', 'doc', 'fields', 'aliases']),
  error: new Set(['type', 'name', 'namespace', 'doc', 'fields', 'aliases']),
  enum: new Set(['type', 'name', 'namespace', 'doc', 'symbols', 'default', 'aliases']),
  fixed: new Set(['type', 'name', 'namespace', 'doc', 'size', 'aliases']),
  array: new Set(['type', 'items']),
  map: new Set(['type', 'values']),
  field: new Set(['name', 'type', 'doc', 'default', 'order', 'aliases']),
}

export function fullName(s: AvroNamed): string {
  return s.namespace ? `${s.namespace}.${s.name}` : s.name
}

export function isNamed(s: AvroSchema): s is AvroNamed {
  return s.type === 'record' || s.type === 'enum' || s.type === 'fixed'
}

export function primitive(type: PrimitiveName, props: Props = {}): AvroPrimitive {
  return { type, props }
}

/** The schema's `name` for messages: a named type's full name, else its type. */
export function describe(s: AvroSchema): string {
  return isNamed(s) ? fullName(s) : s.type
}

/** A property of a non-union schema (unions carry none). */
export function prop(s: AvroSchema, key: string): Json | undefined {
  return s.type === 'union' ? undefined : s.props[key]
}

// --- parsing --------------------------------------------------------------------------------------------

/** Parses a schema from the registry's text; throws a DataException on an invalid schema. */
export function parseAvroSchema(text: string): AvroSchema {
  let json: unknown
  try {
    json = JSON.parse(text)
  } catch {
    // a bare primitive name is also a valid schema text
    json = text.trim()
  }
  return parseNode(json, null, new Map())
}

function splitFullName(name: string, namespace: string | null): { name: string; namespace: string | null } {
  const dot = name.lastIndexOf('.')
  if (dot >= 0) return { name: name.slice(dot + 1), namespace: name.slice(0, dot) || null }
  return { name, namespace: namespace || null }
}

function propsOf(json: Record<string, unknown>, reserved: ReadonlySet<string>): Props {
  const props: Props = {}
  for (const [k, v] of Object.entries(json)) if (!reserved.has(k)) props[k] = v as Json
  return props
}

function parseNode(json: unknown, namespace: string | null, names: Map<string, AvroNamed>): AvroSchema {
  if (typeof json === 'string') {
    if (PRIMITIVES.has(json)) return primitive(json as PrimitiveName)
    const ref = names.get(json) ?? (namespace ? names.get(`${namespace}.${json}`) : undefined)
    if (ref === undefined) throw new DataException(`Undefined Avro name: ${json}`)
    return ref
  }
  if (Array.isArray(json)) return { type: 'union', types: json.map((m) => parseNode(m, namespace, names)) }
  if (typeof json !== 'object' || json === null) throw new DataException(`Invalid Avro schema: ${JSON.stringify(json)}`)
  const obj = json as Record<string, unknown>
  const type = obj['type']
  if (typeof type !== 'string') {
    if (typeof type === 'object' && type !== null) return parseNode(type, namespace, names)
    throw new DataException(`No type in Avro schema: ${JSON.stringify(json)}`)
  }
  const aliases = Array.isArray(obj['aliases']) ? (obj['aliases'] as string[]) : []
  const doc = typeof obj['doc'] === 'string' ? obj['doc'] : null
  switch (type) {
    case 'record':
    case 'error': {
      const n = splitFullName(String(obj['name']), typeof obj['namespace'] === 'string' ? obj['namespace'] : namespace)
      const rec: AvroRecord = {
        type: 'record',
        name: n.name,
        namespace: n.namespace,
        doc,
        fields: [],
        aliases,
        props: propsOf(obj, RESERVED['record']!),
      }
      names.set(fullName(rec), rec)
      const fields = obj['fields']
      if (!Array.isArray(fields)) throw new DataException(`Record has no fields: ${fullName(rec)}`)
      rec.fields = fields.map((f: Record<string, unknown>) => ({
        name: String(f['name']),
        type: parseNode(f['type'], rec.namespace, names),
        doc: typeof f['doc'] === 'string' ? f['doc'] : null,
        default: Object.hasOwn(f, 'default') ? (f['default'] as Json) : undefined,
        order: typeof f['order'] === 'string' ? f['order'] : null,
        aliases: Array.isArray(f['aliases']) ? (f['aliases'] as string[]) : [],
        props: propsOf(f, RESERVED['field']!),
      }))
      return rec
    }
    case 'enum': {
      const n = splitFullName(String(obj['name']), typeof obj['namespace'] === 'string' ? obj['namespace'] : namespace)
      const e: AvroEnum = {
        type: 'enum',
        ...n,
        doc,
        symbols: (obj['symbols'] as string[]) ?? [],
        default: typeof obj['default'] === 'string' ? obj['default'] : null,
        aliases,
        props: propsOf(obj, RESERVED['enum']!),
      }
      names.set(fullName(e), e)
      return e
    }
    case 'fixed': {
      const n = splitFullName(String(obj['name']), typeof obj['namespace'] === 'string' ? obj['namespace'] : namespace)
      const f: AvroFixed = {
        type: 'fixed',
        ...n,
        doc,
        size: Number(obj['size']),
        aliases,
        props: propsOf(obj, RESERVED['fixed']!),
      }
      names.set(fullName(f), f)
      return f
    }
    case 'array':
      return {
        type: 'array',
        items: parseNode(obj['items'], namespace, names),
        props: propsOf(obj, RESERVED['array']!),
      }
    case 'map':
      return { type: 'map', values: parseNode(obj['values'], namespace, names), props: propsOf(obj, RESERVED['map']!) }
    default:
      if (PRIMITIVES.has(type)) return primitive(type as PrimitiveName, propsOf(obj, RESERVED['primitive']!))
      return parseNode(type, namespace, names)
  }
}

// --- writing, as Avro Java's Schema.toString() -------------------------------------------------------------

export function avroSchemaToString(schema: AvroSchema): string {
  return write(schema, new Set(), null)
}

/** The schema as a plain JSON object (for avsc), named types written once as Java does. */
export function avroSchemaToJson(schema: AvroSchema): unknown {
  return JSON.parse(avroSchemaToString(schema), (_k, v: unknown) => v)
}

function write(s: AvroSchema, known: Set<string>, space: string | null): string {
  switch (s.type) {
    case 'union':
      return `[${s.types.map((t) => write(t, known, space)).join(',')}]`
    case 'record':
    case 'enum':
    case 'fixed': {
      const full = fullName(s)
      if (known.has(full)) return JSON.stringify(s.namespace === space ? s.name : full)
      known.add(full)
      const parts = [`"type":${JSON.stringify(s.type)}`, `"name":${JSON.stringify(s.name)}`]
      if (s.namespace !== null) {
        if (s.namespace !== space) parts.push(`"namespace":${JSON.stringify(s.namespace)}`)
      } else if (space !== null) {
        parts.push('"namespace":""')
      }
      if (s.doc !== null) parts.push(`"doc":${JSON.stringify(s.doc)}`)
      if (s.type === 'record') {
        parts.push(`"fields":[${s.fields.map((f) => writeField(f, known, s.namespace)).join(',')}]`)
      } else if (s.type === 'enum') {
        parts.push(`"symbols":${JSON.stringify(s.symbols)}`)
        if (s.default !== null) parts.push(`"default":${JSON.stringify(s.default)}`)
      } else {
        parts.push(`"size":${s.size}`)
      }
      pushProps(parts, s.props)
      if (s.aliases.length > 0) parts.push(`"aliases":${JSON.stringify(s.aliases)}`)
      return `{${parts.join(',')}}`
    }
    case 'array': {
      const parts = ['"type":"array"', `"items":${write(s.items, known, space)}`]
      pushProps(parts, s.props)
      return `{${parts.join(',')}}`
    }
    case 'map': {
      const parts = ['"type":"map"', `"values":${write(s.values, known, space)}`]
      pushProps(parts, s.props)
      return `{${parts.join(',')}}`
    }
    default: {
      if (Object.keys(s.props).length === 0) return JSON.stringify(s.type)
      const parts = [`"type":${JSON.stringify(s.type)}`]
      pushProps(parts, s.props)
      return `{${parts.join(',')}}`
    }
  }
}

function writeField(f: AvroField, known: Set<string>, space: string | null): string {
  const parts = [`"name":${JSON.stringify(f.name)}`, `"type":${write(f.type, known, space)}`]
  if (f.doc !== null) parts.push(`"doc":${JSON.stringify(f.doc)}`)
  if (f.default !== undefined) parts.push(`"default":${writeJson(f.default)}`)
  if (f.order !== null && f.order !== 'ascending') parts.push(`"order":${JSON.stringify(f.order)}`)
  if (f.aliases.length > 0) parts.push(`"aliases":${JSON.stringify(f.aliases)}`)
  pushProps(parts, f.props)
  return `{${parts.join(',')}}`
}

function pushProps(parts: string[], props: Props): void {
  for (const [k, v] of Object.entries(props)) parts.push(`${JSON.stringify(k)}:${writeJson(v)}`)
}

/** JSON text of a value, numbers as Jackson writes Java's: doubles with `.0`, longs exactly. */
export function writeJson(v: Json): string {
  if (v === null) return 'null'
  switch (typeof v) {
    case 'boolean':
      return v ? 'true' : 'false'
    case 'string':
      return JSON.stringify(v)
    case 'number':
      return Number.isFinite(v) ? String(v) : JSON.stringify(javaDoubleToString(v))
    case 'bigint':
      return v.toString()
  }
  if (v instanceof JavaFloat) {
    if (!Number.isFinite(v.value)) return JSON.stringify(javaDoubleToString(v.value))
    return v.single ? javaFloatToString(v.value) : javaDoubleToString(v.value)
  }
  if (Array.isArray(v)) return `[${v.map(writeJson).join(',')}]`
  const obj = v as { readonly [k: string]: Json }
  return `{${Object.entries(obj)
    .map(([k, x]) => `${JSON.stringify(k)}:${writeJson(x)}`)
    .join(',')}}`
}
