/**
 * Kafka's `transforms.util.Requirements`: the checks a transform makes on the data it operates on,
 * with Kafka's messages. `purpose` names what the transform was doing (`field insertion`).
 *
 * @example
 * const value = requireMap(record.value, 'field insertion') // Map<string, unknown>
 * // DataException: Only Map objects supported in absence of schema for [field insertion], found: java.lang.String
 */
import { javaClassName } from '../../runtime/data/java-objects.js'
import type { Schema } from '../../runtime/data/schema.js'
import { Struct } from '../../runtime/data/struct.js'
import { DataException } from '../../runtime/errors.js'
import { type ConnectRecord, SinkRecord, SourceRecord } from '../../runtime/record/record.js'

/** A schemaless map, as transforms read it: string keys (Kafka casts to `Map<String, Object>`). */
export type SchemalessMap = Map<string, unknown>

/** The value's Java class name as `getClass().getName()` gives it; `null` for null. */
function nullSafeClassName(value: unknown, schema: Schema | null): string {
  return value === null || value === undefined ? 'null' : javaClassName(schema, value)
}

export function requireSchema(schema: Schema | null, purpose: string): Schema {
  if (schema === null) throw new DataException(`Schema required for [${purpose}]`)
  return schema
}

/** The value as a map; `schema` (normally null here) only names the class of a plain number. */
export function requireMap(value: unknown, purpose: string, schema: Schema | null = null): SchemalessMap {
  if (!(value instanceof Map)) {
    throw new DataException(
      `Only Map objects supported in absence of schema for [${purpose}], found: ${nullSafeClassName(value, schema)}`,
    )
  }
  return value as SchemalessMap
}

export function requireMapOrNull(value: unknown, purpose: string): SchemalessMap | null {
  return value === null || value === undefined ? null : requireMap(value, purpose)
}

/** The value as a struct; `schema` is the schema the value came with, to name a plain value's class. */
export function requireStruct(value: unknown, purpose: string, schema: Schema | null = null): Struct {
  if (!(value instanceof Struct)) {
    throw new DataException(
      `Only Struct objects supported for [${purpose}], found: ${nullSafeClassName(value, schema)}`,
    )
  }
  return value
}

export function requireStructOrNull(value: unknown, purpose: string, schema: Schema | null = null): Struct | null {
  return value === null || value === undefined ? null : requireStruct(value, purpose, schema)
}

export function requireSinkRecord(record: ConnectRecord, purpose: string): SinkRecord {
  if (!(record instanceof SinkRecord)) {
    throw new DataException(`Only SinkRecord supported for [${purpose}], found: ${recordClassName(record)}`)
  }
  return record
}

function recordClassName(record: ConnectRecord): string {
  if (record instanceof SourceRecord) return 'org.apache.kafka.connect.source.SourceRecord'
  return record.constructor.name
}
