/**
 * A record value as the JSON document Confluent's `DataConverter.getPayload` sends: Kafka's
 * JsonConverter with `schemas.enable=false`, after the connector's own reshaping of the value unless
 * the schema is ignored for the topic.
 *
 * With the schema used (`schema.ignore=false`, `preProcessSchema`/`preProcessValue`):
 * - a Decimal becomes a JSON number (the BigDecimal's double value);
 * - a map with string keys becomes an object when `compact.map.entries` is on; any other map becomes
 *   an array of `{"key": k, "value": v}` objects;
 * - a null where the schema has a default becomes the default; a null in a required field without one
 *   fails (`null value for field that is required and has no default value`);
 * - Date, Time and Timestamp stay as JsonConverter writes them: Date as epoch days, Time as milliseconds
 *   of the day, Timestamp as epoch milliseconds (Confluent's behaviour: OpenSearch reads the Date's
 *   days as epoch milliseconds).
 * With the schema ignored the value is written as JsonConverter writes it: Decimals as base64 strings,
 * maps with non-string keys as arrays of `[k, v]` pairs.
 *
 * Written straight to the output in one pass, instead of Confluent's copy into new Structs first. The
 * one intended difference: a null array element or map value whose schema has a Decimal default is
 * written as the default's number (Confluent fails with a ClassCastException there).
 */

import { type FromConnectOptions, writeConnectValue } from '../../layers/runtime/converters/json/from-connect.js'
import type { JsonWriter } from '../../layers/runtime/converters/json/json-writer.js'
import { LOGICAL_DECIMAL, type Schema } from '../../layers/runtime/data/schema.js'
import { Struct } from '../../layers/runtime/data/struct.js'
import { BigDecimal, javaClassName, Type } from '../../layers/runtime/data/values.js'
import { DataException } from '../../layers/runtime/errors.js'

/** JsonConverter as DataConverter configures it: `schemas.enable=false`, everything else default. */
const JSON_CONVERTER_DEFAULTS: FromConnectOptions = { numericDecimals: false, replaceNullWithDefault: true }

const NULL_REQUIRED = 'null value for field that is required and has no default value'
const MAP_KEY = 'key'
const MAP_VALUE = 'value'

export interface DocumentOptions {
  /** Whether the value's schema is ignored for this topic (`schema.ignore` / `topic.schema.ignore`). */
  readonly ignoreSchema: boolean
  readonly compactMapEntries: boolean
}

/** Writes the document for a record value (not null: a null value is a delete or is skipped). */
export function writeDocument(w: JsonWriter, schema: Schema | null, value: unknown, options: DocumentOptions): void {
  if (options.ignoreSchema || schema === null) writeConnectValue(w, schema, value, JSON_CONVERTER_DEFAULTS)
  else writeValue(w, schema, value, options.compactMapEntries)
}

function writeValue(w: JsonWriter, schema: Schema, given: unknown, compact: boolean): void {
  let value = given
  if (value === null || value === undefined) {
    if (schema.defaultValue !== null) value = schema.defaultValue
    else if (schema.optional) {
      w.null()
      return
    } else throw new DataException(NULL_REQUIRED)
  }
  if (schema.name === LOGICAL_DECIMAL) {
    if (!(value instanceof BigDecimal)) {
      throw new DataException(`Invalid type for Decimal, expected BigDecimal but was class ${javaClassName(value)}`)
    }
    w.double(value.toNumber())
    return
  }
  switch (schema.type) {
    case Type.STRUCT:
      writeStruct(w, schema, value, compact)
      return
    case Type.ARRAY: {
      if (!Array.isArray(value)) throw castError(schema, value)
      const elementSchema = schema.valueSchema!
      w.startArray()
      for (let i = 0; i < value.length; i++) {
        if (i > 0) w.comma()
        writeValue(w, elementSchema, value[i], compact)
      }
      w.endArray()
      return
    }
    case Type.MAP:
      if (!(value instanceof Map)) throw castError(schema, value)
      if (compact && schema.keySchema!.type === Type.STRING) writeCompactMap(w, schema, value, compact)
      else writeEntryArray(w, schema, value, compact)
      return
    default:
      // primitives and Date/Time/Timestamp: as JsonConverter writes them
      writeConnectValue(w, schema, value, JSON_CONVERTER_DEFAULTS)
  }
}

function writeStruct(w: JsonWriter, schema: Schema, value: unknown, compact: boolean): void {
  if (!(value instanceof Struct)) throw castError(schema, value)
  const fields = schema.fields
  w.startObject()
  for (let i = 0; i < fields.length; i++) {
    const field = fields[i]!
    if (i > 0) w.comma()
    w.name(field.name)
    // Struct.get: the value, or the field's default where it is null (Connect's Struct.get(Field))
    writeValue(w, field.schema, value.get(field) ?? null, compact)
  }
  w.endObject()
}

function writeCompactMap(w: JsonWriter, schema: Schema, map: Map<unknown, unknown>, compact: boolean): void {
  const keySchema = schema.keySchema!
  const valueSchema = schema.valueSchema!
  w.startObject()
  let first = true
  for (const [key, value] of map) {
    if (!first) w.comma()
    first = false
    w.name(keyText(keySchema, key))
    writeValue(w, valueSchema, value, compact)
  }
  w.endObject()
}

/** A string map key as JsonConverter names the object member: a null key of an optional schema is `null`. */
function keyText(keySchema: Schema, key: unknown): string {
  if (key === null || key === undefined) {
    if (keySchema.defaultValue !== null) return keyText(keySchema, keySchema.defaultValue)
    if (keySchema.optional) return 'null'
    throw new DataException(NULL_REQUIRED)
  }
  if (typeof key !== 'string') throw castError(keySchema, key)
  return key
}

function writeEntryArray(w: JsonWriter, schema: Schema, map: Map<unknown, unknown>, compact: boolean): void {
  const keySchema = schema.keySchema!
  const valueSchema = schema.valueSchema!
  w.startArray()
  let first = true
  for (const [key, value] of map) {
    if (!first) w.comma()
    first = false
    w.startObject()
    w.name(MAP_KEY)
    writeValue(w, keySchema, key, compact)
    w.comma()
    w.name(MAP_VALUE)
    writeValue(w, valueSchema, value, compact)
    w.endObject()
  }
  w.endArray()
}

function castError(schema: Schema, value: unknown): DataException {
  return new DataException(`Invalid type for ${schema.type.toUpperCase()}: class ${javaClassName(value)}`)
}
