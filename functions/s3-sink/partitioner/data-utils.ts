/**
 * Nested field access by dotted path, as Confluent's storage `DataUtils` does it for the field
 * partitioner and the record-field timestamp extractor: a null anywhere on the path is "does not
 * exist", and both Structs and Maps can be walked.
 */
import type { Field, Schema } from '../../../layers/runtime/data/schema.js'
import { Struct } from '../../../layers/runtime/data/struct.js'
import { ConnectException, DataException } from '../../../layers/runtime/errors.js'

/** Java's `String.split("\\.")`: trailing empty strings are dropped. */
export function splitPath(fieldName: string): string[] {
  const parts = fieldName.split('.')
  while (parts.length > 1 && parts[parts.length - 1] === '') parts.pop()
  return parts
}

function validate(o: unknown, fieldName: string): void {
  if (o === null || o === undefined) throw new ConnectException('Attempted to extract a field from a null object.')
  if (fieldName.trim() === '') throw new ConnectException('The field to extract cannot be null or empty.')
}

function getField(structOrMap: unknown, fieldName: string): unknown {
  validate(structOrMap, fieldName)
  let value: unknown
  if (structOrMap instanceof Struct) {
    value = structOrMap.get(fieldName)
  } else if (structOrMap instanceof Map) {
    value = structOrMap.get(fieldName)
    if (value === null || value === undefined) throw new DataException(`Unable to find nested field '${fieldName}'`)
    return value
  } else {
    throw new DataException(`Argument not a Struct or Map. Cannot get field '${fieldName}'.`)
  }
  if (value === null || value === undefined) throw new DataException(`The field '${fieldName}' does not exist.`)
  return value
}

/** The value at a dotted path; a DataException when any step is null or missing. */
export function getNestedFieldValue(structOrMap: unknown, fieldName: string): unknown {
  validate(structOrMap, fieldName)
  try {
    let innermost = structOrMap
    for (const name of splitPath(fieldName)) innermost = getField(innermost, name)
    return innermost
  } catch (e) {
    if (!(e instanceof DataException)) throw e
    throw new DataException(`The field '${fieldName}' does not exist.`, { cause: e })
  }
}

/** The schema field at a dotted path; undefined when the last step is absent. */
export function getNestedField(schema: Schema, fieldName: string): Field | undefined {
  validate(schema, fieldName)
  const names = splitPath(fieldName)
  try {
    let innermost = schema.field(names[0] as string)
    for (let i = 1; i < names.length; i++) {
      // (Java throws a NullPointerException when a middle step is missing)
      if (innermost === undefined) return undefined
      innermost = innermost.schema.field(names[i] as string)
    }
    return innermost
  } catch (e) {
    if (!(e instanceof DataException)) throw e
    throw new DataException(`Unable to get field '${fieldName}' from schema ${String(schema)}.`, { cause: e })
  }
}
