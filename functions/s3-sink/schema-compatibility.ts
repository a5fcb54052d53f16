/**
 * `schema.compatibility`: when a record's value schema starts a new file, and how records are
 * projected onto the open file's schema, as Confluent storage's `StorageSchemaCompatibility` does it.
 * Only value schemas count (key schemas are ignored, as in Confluent's).
 *
 * - NONE: any schema not equal to the file's (Connect's `Schema.equals`: name, version, doc,
 *   parameters, optionality, defaults, fields) starts a new file; records are never projected.
 * - BACKWARD and FULL (one code path): a record whose schema has a higher version than the file's
 *   starts a new file; a lower or equal version is projected onto the file's schema.
 * - FORWARD: the reverse; a lower version starts a new file, a higher one is projected.
 * - In every mode but NONE, a structural mismatch starts a new file too (checked recursively through
 *   struct fields, array elements and map keys and values): a type that cannot widen, a different
 *   name, different parameters (documentation parameters aside; an enum may be a subset), an optional
 *   record field where the file's is required without a default, or a required file field without a
 *   default that the record lacks.
 * - Modes other than NONE need schema versions ("Schema version required for BACKWARD compatibility").
 * - Switching between records with and without a schema throws in every mode.
 * - The mode is matched exactly in upper case; anything else (`backward`) is silently NONE.
 */
import { type Schema, schemasEqual } from '../../layers/runtime/data/schema.js'
import { Type } from '../../layers/runtime/data/values.js'
import type { SinkRecord } from '../../layers/runtime/record/record.js'
import { isPromotable, parametersIncompatible, project, SchemaProjectorException } from './schema-projector.js'

export const StorageSchemaCompatibility = {
  NONE: 'NONE',
  BACKWARD: 'BACKWARD',
  FORWARD: 'FORWARD',
  FULL: 'FULL',
} as const
export type StorageSchemaCompatibility = (typeof StorageSchemaCompatibility)[keyof typeof StorageSchemaCompatibility]

/** Why a schema change starts a new file (Confluent's `SchemaIncompatibilityType`). */
export const SchemaIncompatibilityType = {
  DIFFERENT_SCHEMA: 'DIFFERENT_SCHEMA',
  DIFFERENT_TYPE: 'DIFFERENT_TYPE',
  DIFFERENT_NAME: 'DIFFERENT_NAME',
  DIFFERENT_PARAMS: 'DIFFERENT_PARAMS',
  DIFFERENT_VERSION: 'DIFFERENT_VERSION',
  MISSING_REQUIRED_FIELD: 'MISSING_REQUIRED_FIELD',
  INCOMPATIBLE_OPTIONALITY: 'INCOMPATIBLE_OPTIONALITY',
  NA: 'NA',
} as const
export type SchemaIncompatibilityType = (typeof SchemaIncompatibilityType)[keyof typeof SchemaIncompatibilityType]

export interface SchemaCompatibilityResult {
  /** True when the record cannot go into the open file: a new file must start. */
  readonly isInCompatible: boolean
  readonly type: SchemaIncompatibilityType
}

const COMPATIBLE: SchemaCompatibilityResult = Object.freeze({
  isInCompatible: false,
  type: SchemaIncompatibilityType.NA,
})

function incompatible(type: SchemaIncompatibilityType): SchemaCompatibilityResult {
  return { isInCompatible: true, type }
}

/** Confluent's `getCompatibility`: an exact name, else NONE. */
export function getCompatibility(name: string): StorageSchemaCompatibility {
  return Object.hasOwn(StorageSchemaCompatibility, name) ? (name as StorageSchemaCompatibility) : 'NONE'
}

/**
 * Whether a record whose value has schema `valueSchema` must start a new file, given the open file's
 * schema `currentSchema` (Confluent's `validateAndCheck`). Throws SchemaProjectorException when one of
 * the two has a schema and the other does not, or when a version is missing outside NONE.
 */
export function checkCompatibility(
  compatibility: StorageSchemaCompatibility,
  valueSchema: Schema | null,
  currentSchema: Schema | null,
): SchemaCompatibilityResult {
  if (currentSchema === valueSchema) return COMPATIBLE
  if (currentSchema === null || valueSchema === null) {
    throw new SchemaProjectorException('Switch between schema-based and schema-less data is not supported')
  }
  if (compatibility === 'NONE') {
    return schemasEqual(valueSchema, currentSchema) ? COMPATIBLE : incompatible('DIFFERENT_SCHEMA')
  }
  if (valueSchema.version === null || currentSchema.version === null) {
    throw new SchemaProjectorException(`Schema version required for ${compatibility} compatibility`)
  }
  const structural = checkStructure(valueSchema, currentSchema)
  if (structural.isInCompatible) return structural
  const newer = valueSchema.version > currentSchema.version
  const older = valueSchema.version < currentSchema.version
  return (compatibility === 'FORWARD' ? older : newer) ? incompatible('DIFFERENT_VERSION') : COMPATIBLE
}

/** Whether a record must start a new file (`shouldChangeSchema`): its value schema against the file's. */
export function shouldChangeSchema(
  compatibility: StorageSchemaCompatibility,
  record: SinkRecord,
  currentValueSchema: Schema | null,
): SchemaCompatibilityResult {
  return checkCompatibility(compatibility, record.valueSchema, currentValueSchema)
}

function checkStructure(original: Schema, current: Schema): SchemaCompatibilityResult {
  if (original.type !== current.type && !isPromotable(original.type, current.type))
    return incompatible('DIFFERENT_TYPE')
  if (original.name !== current.name) return incompatible('DIFFERENT_NAME')
  if (parametersIncompatible(original, current)) return incompatible('DIFFERENT_PARAMS')
  if (original.optional && !current.optional && current.defaultValue === null) {
    return incompatible('INCOMPATIBLE_OPTIONALITY')
  }
  switch (original.type) {
    case Type.STRUCT:
      return checkStructFields(original, current)
    case Type.ARRAY:
      return checkStructure(original.valueSchema as Schema, current.valueSchema as Schema)
    case Type.MAP: {
      const keys = checkStructure(original.keySchema as Schema, current.keySchema as Schema)
      return keys.isInCompatible ? keys : checkStructure(original.valueSchema as Schema, current.valueSchema as Schema)
    }
    default:
      return COMPATIBLE
  }
}

function checkStructFields(original: Schema, current: Schema): SchemaCompatibilityResult {
  for (const field of original.fields) {
    const currentField = current.field(field.name)
    if (currentField === undefined) continue
    const result = checkStructure(field.schema, currentField.schema)
    if (result.isInCompatible) return result
  }
  for (const field of current.fields) {
    if (original.field(field.name) === undefined && !field.schema.optional && field.schema.defaultValue === null) {
      return incompatible('MISSING_REQUIRED_FIELD')
    }
  }
  return COMPATIBLE
}

/**
 * The record as it goes into a file of schema `currentValueSchema`: the same record when nothing
 * changes (NONE, or equal schemas), else a copy with the value projected (key untouched).
 */
export function projectRecord(
  compatibility: StorageSchemaCompatibility,
  record: SinkRecord,
  currentValueSchema: Schema | null,
): SinkRecord {
  if (compatibility === 'NONE') return record
  const schema = record.valueSchema
  if (
    schema === currentValueSchema ||
    (schema !== null && currentValueSchema !== null && schemasEqual(schema, currentValueSchema))
  ) {
    return record
  }
  if (schema === null || currentValueSchema === null) {
    throw new SchemaProjectorException('Switch between schema-based and schema-less data is not supported')
  }
  const value = project(schema, record.value, currentValueSchema)
  return value === record.value ? record : record.newRecord({ valueSchema: currentValueSchema, value })
}
