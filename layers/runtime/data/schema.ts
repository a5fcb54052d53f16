/**
 * Connect schemas: `Schema`, `ConnectSchema`, `Field` and `SchemaBuilder`, with Connect's equality,
 * value validation and error messages. Values follow the representation in `values.ts`.
 */
import { DataException } from '../errors.js'
import { BigDecimal, javaClassName, STRUCT_BRAND, Type, typeName, valuesEqual } from './values.js'

export { Type } from './values.js'

export interface Field {
  readonly name: string
  readonly index: number
  readonly schema: Schema
}

export interface Schema {
  readonly type: Type
  readonly optional: boolean
  /** The default value; null where there is none (as in Java). */
  readonly defaultValue: unknown
  readonly name: string | null
  readonly version: number | null
  readonly doc: string | null
  readonly parameters: Readonly<Record<string, string>> | null
  /** Struct fields in order; empty for other types. */
  readonly fields: readonly Field[]
  /** The key schema of a map; null otherwise. */
  readonly keySchema: Schema | null
  /** The element schema of an array, the value schema of a map; null otherwise. */
  readonly valueSchema: Schema | null
  /** A struct field by name (undefined when absent); throws on a non-struct schema, as Connect does. */
  field(name: string): Field | undefined
}

export class ConnectSchema implements Schema {
  readonly type: Type
  readonly optional: boolean
  readonly defaultValue: unknown
  readonly name: string | null
  readonly version: number | null
  readonly doc: string | null
  readonly parameters: Readonly<Record<string, string>> | null
  readonly fields: readonly Field[]
  readonly keySchema: Schema | null
  readonly valueSchema: Schema | null
  private readonly byName: ReadonlyMap<string, Field> | null
  private hash: number | undefined
  /** {@link acceptsAtOnce}, built on first use: schemas are immutable. */
  #accepts: ((value: unknown) => boolean) | undefined
  #containerFields: readonly Field[] | undefined

  constructor(init: {
    type: Type
    optional?: boolean
    defaultValue?: unknown
    name?: string | null
    version?: number | null
    doc?: string | null
    parameters?: Readonly<Record<string, string>> | null
    fields?: readonly Field[]
    keySchema?: Schema | null
    valueSchema?: Schema | null
  }) {
    this.type = init.type
    this.optional = init.optional ?? false
    this.defaultValue = init.defaultValue ?? null
    this.name = init.name ?? null
    this.version = init.version ?? null
    this.doc = init.doc ?? null
    this.parameters = init.parameters ?? null
    this.fields = init.fields ?? []
    this.keySchema = init.keySchema ?? null
    this.valueSchema = init.valueSchema ?? null
    this.byName = this.type === Type.STRUCT ? new Map(this.fields.map((f) => [f.name, f])) : null
  }

  field(name: string): Field | undefined {
    if (this.byName === null) throw new DataException('Cannot look up fields on non-struct type')
    return this.byName.get(name)
  }

  toString(): string {
    return this.name !== null ? `Schema{${this.name}:${typeName(this.type)}}` : `Schema{${typeName(this.type)}}`
  }

  /**
   * True where `value` is valid for this schema by a check that needs no more than its class: null
   * for an optional schema, or a value of a primitive or logical type. False says nothing: the value
   * may still be valid (a container) and {@link validateValue} decides, with Connect's message.
   */
  acceptsAtOnce(value: unknown): boolean {
    this.#accepts ??= quickCheck(this)
    return this.#accepts(value)
  }

  /** The fields whose schema is a struct, an array or a map (what a validated Struct checks again). */
  containerFields(): readonly Field[] {
    this.#containerFields ??= this.fields.filter((f) => isContainer(f.schema))
    return this.#containerFields
  }

  /** A hash consistent with {@link schemasEqual}, cached: schemas are immutable. */
  hashCode(): number {
    if (this.hash === undefined) this.hash = schemaHash(this)
    return this.hash
  }
}

/** Connect's `ConnectSchema.equals`: every attribute, recursively (fields by name, index and schema). */
export function schemasEqual(a: Schema | null | undefined, b: Schema | null | undefined): boolean {
  if (a === b) return true
  if (!a || !b) return false
  if (
    a.type !== b.type ||
    a.optional !== b.optional ||
    a.name !== b.name ||
    a.version !== b.version ||
    a.doc !== b.doc ||
    !parametersEqual(a.parameters, b.parameters) ||
    !valuesEqual(a.defaultValue, b.defaultValue)
  ) {
    return false
  }
  switch (a.type) {
    case Type.STRUCT:
      if (a.fields.length !== b.fields.length) return false
      for (let i = 0; i < a.fields.length; i++) {
        const fa = a.fields[i]!
        const fb = b.fields[i]!
        if (fa.name !== fb.name || fa.index !== fb.index || !schemasEqual(fa.schema, fb.schema)) return false
      }
      return true
    case Type.MAP:
      return schemasEqual(a.keySchema, b.keySchema) && schemasEqual(a.valueSchema, b.valueSchema)
    case Type.ARRAY:
      return schemasEqual(a.valueSchema, b.valueSchema)
    default:
      return true
  }
}

function parametersEqual(
  a: Readonly<Record<string, string>> | null,
  b: Readonly<Record<string, string>> | null,
): boolean {
  if (a === b) return true
  if (!a || !b) return false
  const ka = Object.keys(a)
  if (ka.length !== Object.keys(b).length) return false
  return ka.every((k) => Object.hasOwn(b, k) && a[k] === b[k])
}

function schemaHash(s: Schema): number {
  let h = hashString(s.type) * 31 + (s.optional ? 1 : 0)
  h = (h * 31 + hashString(s.name ?? '')) | 0
  h = (h * 31 + (s.version ?? 0)) | 0
  for (const f of s.fields) h = (h * 31 + hashString(f.name) + schemaHash(f.schema)) | 0
  if (s.keySchema) h = (h * 31 + schemaHash(s.keySchema)) | 0
  if (s.valueSchema) h = (h * 31 + schemaHash(s.valueSchema)) | 0
  return h
}

function hashString(s: string): number {
  let h = 0
  for (let i = 0; i < s.length; i++) h = (h * 31 + s.charCodeAt(i)) | 0
  return h
}

// --- validation ------------------------------------------------------------------------------------

/** A struct, an array or a map: a value whose validity depends on what it holds. */
export function isContainer(schema: Schema): boolean {
  return schema.type === Type.STRUCT || schema.type === Type.ARRAY || schema.type === Type.MAP
}

export const LOGICAL_DECIMAL = 'org.apache.kafka.connect.data.Decimal'
export const LOGICAL_DATE = 'org.apache.kafka.connect.data.Date'
export const LOGICAL_TIME = 'org.apache.kafka.connect.data.Time'
export const LOGICAL_TIMESTAMP = 'org.apache.kafka.connect.data.Timestamp'

function isIntIn(v: unknown, min: number, max: number): boolean {
  return typeof v === 'number' && Number.isInteger(v) && v >= min && v <= max
}

/** Does the value have the representation the schema asks for (not looking inside containers)? */
function matchesClass(schema: Schema, value: unknown): boolean {
  switch (schema.name) {
    case LOGICAL_DECIMAL:
      return value instanceof BigDecimal
    case LOGICAL_DATE:
    case LOGICAL_TIME:
    case LOGICAL_TIMESTAMP:
      return value instanceof Date
  }
  switch (schema.type) {
    case Type.INT8:
      return isIntIn(value, -128, 127)
    case Type.INT16:
      return isIntIn(value, -32768, 32767)
    case Type.INT32:
      return isIntIn(value, -2147483648, 2147483647)
    case Type.INT64:
      return typeof value === 'bigint' && value >= INT64_MIN && value <= INT64_MAX
    case Type.FLOAT32:
    case Type.FLOAT64:
      return typeof value === 'number'
    case Type.BOOLEAN:
      return typeof value === 'boolean'
    case Type.STRING:
      return typeof value === 'string'
    case Type.BYTES:
      return value instanceof Uint8Array
    case Type.ARRAY:
      return Array.isArray(value)
    case Type.MAP:
      return value instanceof Map
    case Type.STRUCT:
      return typeof value === 'object' && value !== null && STRUCT_BRAND in value
  }
}

/**
 * Connect's `ConnectSchema.validateValue(field, schema, value)`: throws a DataException, with Connect's
 * message, where the value does not fit the schema. `field` names the location (null: the value).
 *
 * It runs for every `Struct.put`, so it builds no message unless it throws; a Struct that validated
 * once is not checked again field by field (see `Struct.validate`), only its containers are.
 */
export function validateValue(schema: Schema, value: unknown, field: string | null = null): void {
  if (!acceptsAtOnce(schema, value)) validateAt(schema, value, field, null)
}

function acceptsAtOnce(schema: Schema, value: unknown): boolean {
  return schema instanceof ConnectSchema && schema.acceptsAtOnce(value)
}

const INT64_MIN = -(2n ** 63n)
const INT64_MAX = 2n ** 63n - 1n
const never = () => false

/** The check of {@link ConnectSchema.acceptsAtOnce}: what {@link matchesClass} accepts, for a schema known in advance. */
function quickCheck(schema: Schema): (value: unknown) => boolean {
  const optional = schema.optional
  const orNull =
    (check: (value: unknown) => boolean) =>
    (value: unknown): boolean =>
      value === null || value === undefined ? optional : check(value)
  switch (schema.name) {
    case LOGICAL_DECIMAL:
      return orNull((v) => v instanceof BigDecimal)
    case LOGICAL_DATE:
    case LOGICAL_TIME:
    case LOGICAL_TIMESTAMP:
      return orNull((v) => v instanceof Date)
  }
  switch (schema.type) {
    case Type.INT8:
      return orNull((v) => isIntIn(v, -128, 127))
    case Type.INT16:
      return orNull((v) => isIntIn(v, -32768, 32767))
    case Type.INT32:
      return orNull((v) => isIntIn(v, -2147483648, 2147483647))
    case Type.INT64:
      return orNull((v) => typeof v === 'bigint' && v >= INT64_MIN && v <= INT64_MAX)
    case Type.FLOAT32:
    case Type.FLOAT64:
      return orNull((v) => typeof v === 'number')
    case Type.BOOLEAN:
      return orNull((v) => typeof v === 'boolean')
    case Type.STRING:
      return orNull((v) => typeof v === 'string')
    case Type.BYTES:
      return orNull((v) => v instanceof Uint8Array)
    default:
      // containers: what is inside must be looked at
      return orNull(never)
  }
}

/** Where a value is, for messages: `value`, `field: "name"`, or inside a container (`element of array …`). */
function locationOf(field: string | null, within: (() => string) | null): string {
  if (within !== null) return within()
  return field === null ? 'value' : `field: "${field}"`
}

function validateAt(schema: Schema, value: unknown, field: string | null, within: (() => string) | null): void {
  if (value === null || value === undefined) {
    if (!schema.optional) {
      throw new DataException(
        `Invalid value: null used for required ${locationOf(field, within)}, schema type: ${typeName(schema.type)}`,
      )
    }
    return
  }
  if (!matchesClass(schema, value)) {
    const named = schema.name !== null ? ` "${schema.name}"` : ''
    throw new DataException(
      `Invalid Java object for schema${named} with type ${typeName(schema.type)}: class ${javaClassName(value)} for ${locationOf(field, within)}`,
    )
  }
  switch (schema.type) {
    case Type.STRUCT: {
      const struct = value as { schema: Schema; validate(): void }
      if (!schemasEqual(struct.schema, schema)) throw new DataException('Struct schemas do not match.')
      struct.validate()
      return
    }
    case Type.ARRAY: {
      const entry = () => `element of array ${locationOf(field, within)}`
      const elementSchema = schema.valueSchema ?? schemaMissing(entry)
      const items = value as unknown[]
      for (let i = 0; i < items.length; i++) {
        const item = items[i]
        if (!acceptsAtOnce(elementSchema, item)) validateAt(elementSchema, item, null, entry)
      }
      return
    }
    case Type.MAP: {
      const keyEntry = () => `key of map ${locationOf(field, within)}`
      const valueEntry = () => `value of map ${locationOf(field, within)}`
      const keySchema = schema.keySchema ?? schemaMissing(keyEntry)
      const valueSchema = schema.valueSchema ?? schemaMissing(valueEntry)
      for (const [k, v] of value as Map<unknown, unknown>) {
        if (!acceptsAtOnce(keySchema, k)) validateAt(keySchema, k, null, keyEntry)
        if (!acceptsAtOnce(valueSchema, v)) validateAt(valueSchema, v, null, valueEntry)
      }
      return
    }
  }
}

function schemaMissing(location: () => string): never {
  throw new DataException(`No schema defined for ${location()}`)
}

// --- builder ---------------------------------------------------------------------------------------

/** Connect's `SchemaBuilder`, with the same checks: one call per attribute, defaults validated. */
export class SchemaBuilder {
  /** null until optional() or required() is called: each may be called again only with the same answer. */
  private optionalFlag: boolean | null = null
  private defaultVal: unknown = null
  private schemaName: string | null = null
  private schemaVersion: number | null = null
  private schemaDoc: string | null = null
  private params: Record<string, string> | null = null
  private readonly fieldList: Field[] = []
  private readonly fieldNames = new Set<string>()

  constructor(
    readonly type: Type,
    private readonly keySchemaOf: Schema | null = null,
    private readonly valueSchemaOf: Schema | null = null,
  ) {
    if (type === null || type === undefined) throw new SchemaBuilderException('type cannot be null')
  }

  static int8(): SchemaBuilder {
    return new SchemaBuilder(Type.INT8)
  }
  static int16(): SchemaBuilder {
    return new SchemaBuilder(Type.INT16)
  }
  static int32(): SchemaBuilder {
    return new SchemaBuilder(Type.INT32)
  }
  static int64(): SchemaBuilder {
    return new SchemaBuilder(Type.INT64)
  }
  static float32(): SchemaBuilder {
    return new SchemaBuilder(Type.FLOAT32)
  }
  static float64(): SchemaBuilder {
    return new SchemaBuilder(Type.FLOAT64)
  }
  static bool(): SchemaBuilder {
    return new SchemaBuilder(Type.BOOLEAN)
  }
  static string(): SchemaBuilder {
    return new SchemaBuilder(Type.STRING)
  }
  static bytes(): SchemaBuilder {
    return new SchemaBuilder(Type.BYTES)
  }
  static struct(): SchemaBuilder {
    return new SchemaBuilder(Type.STRUCT)
  }
  static array(valueSchema: Schema): SchemaBuilder {
    if (!valueSchema) throw new SchemaBuilderException('valueSchema cannot be null.')
    return new SchemaBuilder(Type.ARRAY, null, valueSchema)
  }
  static map(keySchema: Schema, valueSchema: Schema): SchemaBuilder {
    if (!keySchema) throw new SchemaBuilderException('keySchema cannot be null.')
    if (!valueSchema) throw new SchemaBuilderException('valueSchema cannot be null.')
    return new SchemaBuilder(Type.MAP, keySchema, valueSchema)
  }
  static type(type: Type): SchemaBuilder {
    return new SchemaBuilder(type)
  }

  /** A builder holding every attribute of `schema`, to change some (as transforms do with SchemaUtil). */
  static from(schema: Schema, withFields = true): SchemaBuilder {
    const b = new SchemaBuilder(schema.type, schema.keySchema, schema.valueSchema)
    if (schema.name !== null) b.name(schema.name)
    if (schema.version !== null) b.version(schema.version)
    if (schema.doc !== null) b.doc(schema.doc)
    if (schema.parameters) b.parameters(schema.parameters)
    if (schema.optional) b.optional()
    if (withFields) for (const f of schema.fields) b.field(f.name, f.schema)
    return b
  }

  private checkCanSet(what: string, current: unknown, next: unknown): void {
    if (current !== null && !valuesEqual(current, next)) {
      throw new SchemaBuilderException(`Invalid SchemaBuilder call: ${what} has already been set.`)
    }
  }

  optional(): this {
    this.checkCanSet('optional', this.optionalFlag, true)
    this.optionalFlag = true
    return this
  }
  required(): this {
    this.checkCanSet('optional', this.optionalFlag, false)
    this.optionalFlag = false
    return this
  }
  isOptional(): boolean {
    return this.optionalFlag === true
  }
  defaultValue(value: unknown): this {
    this.checkCanSet('default', this.defaultVal, value)
    try {
      validateValue(this.build(), value)
    } catch (e) {
      throw new SchemaBuilderException('Invalid default value', { cause: e })
    }
    this.defaultVal = value
    return this
  }
  name(name: string): this {
    this.checkCanSet('name', this.schemaName, name)
    this.schemaName = name
    return this
  }
  version(version: number): this {
    this.checkCanSet('version', this.schemaVersion, version)
    this.schemaVersion = version
    return this
  }
  doc(doc: string): this {
    this.checkCanSet('doc', this.schemaDoc, doc)
    this.schemaDoc = doc
    return this
  }
  parameter(name: string, value: string): this {
    this.params ??= {}
    this.params[name] = value
    return this
  }
  parameters(params: Readonly<Record<string, string>>): this {
    // as Connect: an empty map adds nothing, so a schema never has empty parameters
    if (Object.keys(params).length === 0) return this
    this.params ??= {}
    Object.assign(this.params, params)
    return this
  }
  field(name: string, schema: Schema): this {
    if (this.type !== Type.STRUCT)
      throw new SchemaBuilderException('Cannot create fields on type ' + typeName(this.type))
    if (name === null || name === undefined || name === '')
      throw new SchemaBuilderException('fieldName cannot be null.')
    if (!schema) throw new SchemaBuilderException('fieldSchema for field ' + name + ' cannot be null.')
    if (this.fieldNames.has(name))
      throw new SchemaBuilderException('Cannot create field because of field name duplication ' + name)
    this.fieldNames.add(name)
    this.fieldList.push({ name, index: this.fieldList.length, schema })
    return this
  }
  fields(): readonly Field[] {
    if (this.type !== Type.STRUCT) throw new DataException('Cannot list fields on non-struct type')
    return this.fieldList
  }

  build(): ConnectSchema {
    return new ConnectSchema({
      type: this.type,
      optional: this.optionalFlag === true,
      defaultValue: this.defaultVal,
      name: this.schemaName,
      version: this.schemaVersion,
      doc: this.schemaDoc,
      parameters: this.params ? { ...this.params } : null,
      fields: [...this.fieldList],
      keySchema: this.keySchemaOf,
      valueSchema: this.valueSchemaOf,
    })
  }
}

export class SchemaBuilderException extends DataException {
  static override readonly javaClassName: string = 'org.apache.kafka.connect.errors.SchemaBuilderException'
}

// --- Connect's predefined schemas (Schema.INT8_SCHEMA, Schema.OPTIONAL_STRING_SCHEMA, …) -------------

function primitive(type: Type, optional: boolean): ConnectSchema {
  return new ConnectSchema({ type, optional })
}
export const Schemas = {
  INT8: primitive(Type.INT8, false),
  INT16: primitive(Type.INT16, false),
  INT32: primitive(Type.INT32, false),
  INT64: primitive(Type.INT64, false),
  FLOAT32: primitive(Type.FLOAT32, false),
  FLOAT64: primitive(Type.FLOAT64, false),
  BOOLEAN: primitive(Type.BOOLEAN, false),
  STRING: primitive(Type.STRING, false),
  BYTES: primitive(Type.BYTES, false),
  OPTIONAL_INT8: primitive(Type.INT8, true),
  OPTIONAL_INT16: primitive(Type.INT16, true),
  OPTIONAL_INT32: primitive(Type.INT32, true),
  OPTIONAL_INT64: primitive(Type.INT64, true),
  OPTIONAL_FLOAT32: primitive(Type.FLOAT32, true),
  OPTIONAL_FLOAT64: primitive(Type.FLOAT64, true),
  OPTIONAL_BOOLEAN: primitive(Type.BOOLEAN, true),
  OPTIONAL_STRING: primitive(Type.STRING, true),
  OPTIONAL_BYTES: primitive(Type.BYTES, true),
} as const
