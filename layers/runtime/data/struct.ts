/**
 * Connect's `Struct`: values for the fields of a struct schema, checked as they are put
 * (`put` validates the value against the field's schema) and as a whole (`validate`).
 */
import { DataException } from '../errors.js'
import { ConnectSchema, type Field, isContainer, type Schema, schemasEqual, validateValue } from './schema.js'
import { STRUCT_BRAND, Type, typeName, valuesEqual } from './values.js'

/** The fields of a struct schema whose values are containers (struct, array, map). */
function containersOf(schema: Schema): readonly Field[] {
  if (schema instanceof ConnectSchema) return schema.containerFields()
  return schema.fields.filter((f) => isContainer(f.schema))
}

export class Struct {
  readonly [STRUCT_BRAND] = true as const
  private readonly values: unknown[]
  /**
   * `validate` passed, and every value set since was checked by `put` (which checks at least what
   * `validate` checks for that field): only the containers can have changed since (an array or a map
   * changed in place, a nested struct set without validation), so only they are checked again.
   */
  #validated = false

  constructor(readonly schema: Schema) {
    if (schema.type !== Type.STRUCT) throw new DataException('Not a struct schema: ' + String(schema))
    this.values = new Array<unknown>(schema.fields.length).fill(null)
  }

  private lookup(fieldName: string): Field {
    const field = this.schema.field(fieldName)
    if (field === undefined) throw new DataException(`${fieldName} is not a valid field name`)
    return field
  }

  /** The field's value, or its schema's default when the value is null (Connect's `Struct.get`). */
  get(field: string | Field): unknown {
    const f = this.resolve(field)
    const v = this.values[f.index]
    return v === null && f.schema.defaultValue !== null ? f.schema.defaultValue : v
  }

  /** The field's value as set, without falling back to the default. */
  getWithoutDefault(field: string | Field): unknown {
    const f = this.resolve(field)
    return this.values[f.index]
  }

  put(field: string | Field, value: unknown): this {
    const f = this.resolve(field)
    validateValue(f.schema, value, f.name)
    this.values[f.index] = value ?? null
    return this
  }

  /**
   * Sets a field without checking the value against its schema. Only for readers of outside forms that
   * must hold data Connect would reject later (the record JSON form reads `null` for a required field),
   * where the reader has checked the value's shape itself.
   */
  putWithoutValidation(field: string | Field, value: unknown): this {
    const f = this.resolve(field)
    this.values[f.index] = value ?? null
    this.#validated = false
    return this
  }

  // Connect's typed getters: the value as set (no default), the field's schema type checked first.
  getInt8(fieldName: string): number | null {
    return this.getCheckType(fieldName, Type.INT8) as number | null
  }
  getInt16(fieldName: string): number | null {
    return this.getCheckType(fieldName, Type.INT16) as number | null
  }
  getInt32(fieldName: string): number | null {
    return this.getCheckType(fieldName, Type.INT32) as number | null
  }
  getInt64(fieldName: string): bigint | null {
    return this.getCheckType(fieldName, Type.INT64) as bigint | null
  }
  getFloat32(fieldName: string): number | null {
    return this.getCheckType(fieldName, Type.FLOAT32) as number | null
  }
  getFloat64(fieldName: string): number | null {
    return this.getCheckType(fieldName, Type.FLOAT64) as number | null
  }
  getBoolean(fieldName: string): boolean | null {
    return this.getCheckType(fieldName, Type.BOOLEAN) as boolean | null
  }
  getString(fieldName: string): string | null {
    return this.getCheckType(fieldName, Type.STRING) as string | null
  }
  getBytes(fieldName: string): Uint8Array | null {
    return this.getCheckType(fieldName, Type.BYTES) as Uint8Array | null
  }
  getArray(fieldName: string): unknown[] | null {
    return this.getCheckType(fieldName, Type.ARRAY) as unknown[] | null
  }
  getMap(fieldName: string): Map<unknown, unknown> | null {
    return this.getCheckType(fieldName, Type.MAP) as Map<unknown, unknown> | null
  }
  getStruct(fieldName: string): Struct | null {
    return this.getCheckType(fieldName, Type.STRUCT) as Struct | null
  }

  private getCheckType(fieldName: string, type: Type): unknown {
    const f = this.lookup(fieldName)
    if (f.schema.type !== type) throw new DataException(`Field '${fieldName}' is not of type ${typeName(type)}`)
    return this.values[f.index]
  }

  private resolve(field: string | Field): Field {
    if (field === null || field === undefined) throw new DataException('field cannot be null.')
    return typeof field === 'string' ? this.lookup(field) : field
  }

  /**
   * Connect's `Struct.validate`: throws a DataException where a field's value does not fit its schema,
   * or a required field is null and has no default.
   */
  validate(): void {
    const fields = this.#validated ? containersOf(this.schema) : this.schema.fields
    for (let i = 0; i < fields.length; i++) {
      const f = fields[i] as Field
      const v = this.values[f.index]
      // as Connect: a null field is fine where the schema is optional or has a default
      if (v === null && (f.schema.optional || f.schema.defaultValue !== null)) continue
      validateValue(f.schema, v, f.name)
    }
    this.#validated = true
  }

  equals(other: unknown): boolean {
    if (!(other instanceof Struct)) return false
    if (other.schema !== this.schema && !schemasEqual(this.schema, other.schema)) return false
    for (let i = 0; i < this.values.length; i++) if (!valuesEqual(this.values[i], other.values[i])) return false
    return true
  }

  toString(): string {
    // as Java's: fields that are null are left out
    const parts = this.schema.fields
      .filter((f) => this.values[f.index] !== null)
      .map((f) => `${f.name}=${String(this.values[f.index])}`)
    return `Struct{${parts.join(',')}}`
  }
}
