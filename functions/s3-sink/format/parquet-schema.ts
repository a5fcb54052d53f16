/**
 * Connect schema → Parquet schema, as Confluent's ParquetFormat gets it: Connect → Avro (AvroData)
 * → Parquet (parquet-avro's `AvroSchemaConverter`), for a struct value schema.
 *
 * | Connect | Parquet |
 * | --- | --- |
 * | struct | group; the message is named as the Avro record (`io.confluent.connect.avro.ConnectDefault` for an unnamed struct) |
 * | optional | OPTIONAL (required: REQUIRED) |
 * | int8, int16, int32 | INT32 |
 * | int64 | INT64 |
 * | float32, float64 | FLOAT, DOUBLE |
 * | boolean | BOOLEAN |
 * | string | BYTE_ARRAY STRING; an Avro enum (`io.confluent.connect.avro.Enum` parameters): BYTE_ARRAY ENUM |
 * | bytes | BYTE_ARRAY |
 * | Decimal | DECIMAL(precision, scale), precision from `connect.decimal.precision`, else 64 (AvroData's default) |
 * | Date | INT32 DATE |
 * | Time | INT32 TIME(MILLIS, UTC) |
 * | Timestamp | INT64 TIMESTAMP(MILLIS, UTC) |
 * | array | 3-level LIST: `group (LIST) { repeated group list { element } }` |
 * | map, string keys | `group (MAP) { repeated group key_value { required key (STRING); value } }` |
 * | map, other keys | LIST of groups `{ key, value }` (Avro's MapEntry records) |
 *
 * Deliberate differences from parquet-avro's output (docs/divergences.md): decimals are
 * FIXED_LEN_BYTE_ARRAY of the smallest length for the precision (parquet-avro writes BYTE_ARRAY;
 * hyparquet-writer writes a zero decimal on BYTE_ARRAY as an empty array that pyarrow refuses), and
 * arrays always use the 3-level list (parquet-avro writes the 2-level `array` form unless an array
 * has optional items).
 */
import type { SchemaElement } from 'hyparquet-writer'
import { Decimal } from '../../../layers/runtime/data/logical.js'
import {
  LOGICAL_DATE,
  LOGICAL_DECIMAL,
  LOGICAL_TIME,
  LOGICAL_TIMESTAMP,
  type Schema,
} from '../../../layers/runtime/data/schema.js'
import { Type } from '../../../layers/runtime/data/values.js'
import { DataException } from '../../../layers/runtime/errors.js'

export const DEFAULT_SCHEMA_FULL_NAME = 'io.confluent.connect.avro.ConnectDefault'
export const DECIMAL_PRECISION_PROP = 'connect.decimal.precision'
export const DECIMAL_PRECISION_DEFAULT = 64
const AVRO_TYPE_ENUM = 'io.confluent.connect.avro.Enum'
const GENERALIZED_TYPE_ENUM = 'org.apache.kafka.connect.data.Enum'

/** How a Decimal is stored: its precision and scale, and the FIXED_LEN_BYTE_ARRAY length (0: plain bytes). */
export interface DecimalLayout {
  readonly precision: number
  readonly scale: number
  readonly byteLength: number
}

/** The smallest two's-complement byte length that holds every value of `precision` digits. */
export function decimalByteLength(precision: number): number {
  const max = 10n ** BigInt(precision) - 1n
  let n = 1
  while (1n << BigInt(8 * n - 1) <= max) n++
  return n
}

/** AvroData's decimal precision and scale; a scale outside 0..precision is written without a logical type. */
export function decimalLayout(schema: Schema): DecimalLayout {
  const scale = Decimal.scale(schema)
  const p = schema.parameters?.[DECIMAL_PRECISION_PROP]
  const precision = p === undefined ? DECIMAL_PRECISION_DEFAULT : Number.parseInt(p, 10)
  if (scale < 0 || scale > precision) return { precision, scale, byteLength: 0 }
  return { precision, scale, byteLength: decimalByteLength(precision) }
}

export function isEnum(schema: Schema): boolean {
  const p = schema.parameters
  return p !== null && (AVRO_TYPE_ENUM in p || GENERALIZED_TYPE_ENUM in p)
}

function repetition(schema: Schema): 'OPTIONAL' | 'REQUIRED' {
  return schema.optional ? 'OPTIONAL' : 'REQUIRED'
}

function leaf(name: string, schema: Schema, rep: 'OPTIONAL' | 'REQUIRED'): SchemaElement {
  switch (schema.name) {
    case LOGICAL_DECIMAL: {
      if (schema.type !== Type.BYTES) break
      const d = decimalLayout(schema)
      if (d.byteLength === 0) return { name, repetition_type: rep, type: 'BYTE_ARRAY' }
      return {
        name,
        repetition_type: rep,
        type: 'FIXED_LEN_BYTE_ARRAY',
        type_length: d.byteLength,
        converted_type: 'DECIMAL',
        precision: d.precision,
        scale: d.scale,
        logical_type: { type: 'DECIMAL', precision: d.precision, scale: d.scale },
      }
    }
    case LOGICAL_DATE:
      if (schema.type !== Type.INT32) break
      return { name, repetition_type: rep, type: 'INT32', converted_type: 'DATE', logical_type: { type: 'DATE' } }
    case LOGICAL_TIME:
      if (schema.type !== Type.INT32) break
      return {
        name,
        repetition_type: rep,
        type: 'INT32',
        converted_type: 'TIME_MILLIS',
        logical_type: { type: 'TIME', isAdjustedToUTC: true, unit: 'MILLIS' },
      }
    case LOGICAL_TIMESTAMP:
      if (schema.type !== Type.INT64) break
      return {
        name,
        repetition_type: rep,
        type: 'INT64',
        converted_type: 'TIMESTAMP_MILLIS',
        logical_type: { type: 'TIMESTAMP', isAdjustedToUTC: true, unit: 'MILLIS' },
      }
  }
  switch (schema.type) {
    case Type.INT8:
    case Type.INT16:
    case Type.INT32:
      return { name, repetition_type: rep, type: 'INT32' }
    case Type.INT64:
      return { name, repetition_type: rep, type: 'INT64' }
    case Type.FLOAT32:
      return { name, repetition_type: rep, type: 'FLOAT' }
    case Type.FLOAT64:
      return { name, repetition_type: rep, type: 'DOUBLE' }
    case Type.BOOLEAN:
      return { name, repetition_type: rep, type: 'BOOLEAN' }
    case Type.STRING:
      if (isEnum(schema)) {
        return {
          name,
          repetition_type: rep,
          type: 'BYTE_ARRAY',
          converted_type: 'ENUM',
          logical_type: { type: 'ENUM' },
        }
      }
      return {
        name,
        repetition_type: rep,
        type: 'BYTE_ARRAY',
        converted_type: 'UTF8',
        logical_type: { type: 'STRING' },
      }
    case Type.BYTES:
      return { name, repetition_type: rep, type: 'BYTE_ARRAY' }
    default:
      throw new DataException(`Unknown schema type: ${schema.type}`)
  }
}

/** Does a map become an Avro map (string keys), or an array of MapEntry records? */
export function isStringKeyMap(schema: Schema, allowOptionalMapKeys: boolean): boolean {
  const key = schema.keySchema as Schema
  return key.type === Type.STRING && (!key.optional || allowOptionalMapKeys)
}

/** Appends the elements of one field (depth-first, as Parquet's flat schema lists them). */
function appendField(
  out: SchemaElement[],
  name: string,
  schema: Schema,
  rep: 'OPTIONAL' | 'REQUIRED',
  allowOptionalMapKeys: boolean,
): void {
  switch (schema.type) {
    case Type.STRUCT:
      out.push({ name, repetition_type: rep, num_children: schema.fields.length })
      for (const f of schema.fields) appendField(out, f.name, f.schema, repetition(f.schema), allowOptionalMapKeys)
      return
    case Type.ARRAY: {
      const element = schema.valueSchema as Schema
      out.push({ name, repetition_type: rep, num_children: 1, converted_type: 'LIST', logical_type: { type: 'LIST' } })
      out.push({ name: 'list', repetition_type: 'REPEATED', num_children: 1 })
      appendField(out, 'element', element, repetition(element), allowOptionalMapKeys)
      return
    }
    case Type.MAP: {
      const key = schema.keySchema as Schema
      const value = schema.valueSchema as Schema
      if (isStringKeyMap(schema, allowOptionalMapKeys)) {
        out.push({ name, repetition_type: rep, num_children: 1, converted_type: 'MAP', logical_type: { type: 'MAP' } })
        out.push({ name: 'key_value', repetition_type: 'REPEATED', num_children: 2 })
        out.push({
          name: 'key',
          repetition_type: 'REQUIRED',
          type: 'BYTE_ARRAY',
          converted_type: 'UTF8',
          logical_type: { type: 'STRING' },
        })
        appendField(out, 'value', value, repetition(value), allowOptionalMapKeys)
        return
      }
      out.push({ name, repetition_type: rep, num_children: 1, converted_type: 'LIST', logical_type: { type: 'LIST' } })
      out.push({ name: 'list', repetition_type: 'REPEATED', num_children: 1 })
      out.push({ name: 'element', repetition_type: 'REQUIRED', num_children: 2 })
      appendField(out, 'key', key, repetition(key), allowOptionalMapKeys)
      appendField(out, 'value', value, repetition(value), allowOptionalMapKeys)
      return
    }
    default:
      out.push(leaf(name, schema, rep))
  }
}

/** The Parquet schema (flat, root first) of a struct value schema. */
export function toParquetSchema(schema: Schema, allowOptionalMapKeys = false): SchemaElement[] {
  if (schema.type !== Type.STRUCT) {
    throw new DataException(`ParquetFormat needs a struct value schema, not ${schema.type.toUpperCase()}`)
  }
  const out: SchemaElement[] = [{ name: schema.name ?? DEFAULT_SCHEMA_FULL_NAME, num_children: schema.fields.length }]
  for (const f of schema.fields) appendField(out, f.name, f.schema, repetition(f.schema), allowOptionalMapKeys)
  return out
}
