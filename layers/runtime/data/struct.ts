/**
 * Connect's `Struct`: values for the fields of a struct schema, checked as they are put
 * (`put` validates the value against the field's schema) and as a whole (`validate`).
 */
import { DataException } from '../errors.js'
import { type Field, type Schema, schemasEqual, validateValue } from './schema.js'
import { STRUCT_BRAND, Type, valuesEqual } from './values.js'

export class Struct {
  readonly [STRUCT_BRAND] = true as const
  private readonly values: unknown[]

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
    const f = typeof field === 'string' ? this.lookup(field) : field
    const v = this.values[f.index]
    return v === null && f.schema.defaultValue !== null ? f.schema.defaultValue : v
  }

  /** The field's value as set, without falling back to the default. */
  getWithoutDefault(field: string | Field): unknown {
    const f = typeof field === 'string' ? this.lookup(field) : field
    return this.values[f.index]
  }

  put(field: string | Field, value: unknown): this {
    const f = typeof field === 'string' ? this.lookup(field) : field
    validateValue(f.schema, value, f.name)
    this.values[f.index] = value ?? null
    return this
  }

  /** Throws a DataException where a required field is null and has no default. */
  validate(): void {
    for (const f of this.schema.fields) {
      const v = this.values[f.index]
      validateValue(f.schema, v === null ? f.schema.defaultValue : v, f.name)
    }
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
