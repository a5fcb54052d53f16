/**
 * The index mapping built from a record's value schema, as Confluent's `Mapping.buildMapping`: used
 * when `schema.ignore` is off for the topic and the index has no mapping yet.
 *
 * | Connect type | mapping |
 * | --- | --- |
 * | boolean, int8, int16, int32, int64, float32, float64 | boolean, byte, short, integer, long, float, double |
 * | string | text, with a `keyword` sub-field (`ignore_above` 256) |
 * | bytes | binary |
 * | Decimal | double |
 * | Date, Time, Timestamp | date |
 * | struct | `properties`, one per field |
 * | array | the mapping of its element |
 * | map | `properties` with `key` and `value` (also where compact map entries write an object) |
 *
 * A schema default becomes `null_value`, except on text and binary fields (OpenSearch has none there).
 */
import { JsonWriter } from '../../layers/runtime/converters/json/json-writer.js'
import {
  LOGICAL_DATE,
  LOGICAL_DECIMAL,
  LOGICAL_TIME,
  LOGICAL_TIMESTAMP,
  type Schema,
} from '../../layers/runtime/data/schema.js'
import { BigDecimal, Type, typeName } from '../../layers/runtime/data/values.js'
import { DataException } from '../../layers/runtime/errors.js'

export const MappingType = {
  BOOLEAN: 'boolean',
  BYTE: 'byte',
  BINARY: 'binary',
  SHORT: 'short',
  INTEGER: 'integer',
  LONG: 'long',
  FLOAT: 'float',
  DOUBLE: 'double',
  TEXT: 'text',
  KEYWORD: 'keyword',
  DATE: 'date',
} as const
export type MappingType = (typeof MappingType)[keyof typeof MappingType]

/** Confluent's `getElasticsearchType`: the mapping type of a primitive Connect type, null for the others. */
export function elasticsearchType(type: Type): MappingType | null {
  switch (type) {
    case Type.BOOLEAN:
      return MappingType.BOOLEAN
    case Type.INT8:
      return MappingType.BYTE
    case Type.INT16:
      return MappingType.SHORT
    case Type.INT32:
      return MappingType.INTEGER
    case Type.INT64:
      return MappingType.LONG
    case Type.FLOAT32:
      return MappingType.FLOAT
    case Type.FLOAT64:
      return MappingType.DOUBLE
    case Type.STRING:
      return MappingType.TEXT
    case Type.BYTES:
      return MappingType.BINARY
    default:
      return null
  }
}

/** The mapping (the body of a put-mapping request) for a value schema, as JSON bytes. */
export function buildMapping(schema: Schema | null): Buffer {
  const w = new JsonWriter(1024)
  w.startObject()
  writeMapping(w, schema, true)
  w.endObject()
  return w.finish()
}

/** Writes the members of one mapping object; `first` says whether a member was written before. */
function writeMapping(w: JsonWriter, schema: Schema | null, first: boolean): void {
  if (schema === null) throw new DataException('Cannot infer mapping without schema.')
  switch (schema.name) {
    case LOGICAL_DATE:
    case LOGICAL_TIME:
    case LOGICAL_TIMESTAMP:
      writePrimitive(w, MappingType.DATE, schema.defaultValue, first)
      return
    case LOGICAL_DECIMAL: {
      const d = schema.defaultValue
      writePrimitive(w, MappingType.DOUBLE, d instanceof BigDecimal ? d.toNumber() : null, first)
      return
    }
  }
  switch (schema.type) {
    case Type.ARRAY:
      writeMapping(w, schema.valueSchema, first)
      return
    case Type.MAP:
      if (!first) w.comma()
      w.name('properties')
      w.startObject()
      w.name('key')
      w.startObject()
      writeMapping(w, schema.keySchema, true)
      w.endObject()
      w.comma()
      w.name('value')
      w.startObject()
      writeMapping(w, schema.valueSchema, true)
      w.endObject()
      w.endObject()
      return
    case Type.STRUCT:
      if (!first) w.comma()
      w.name('properties')
      w.startObject()
      for (let i = 0; i < schema.fields.length; i++) {
        const field = schema.fields[i]!
        if (i > 0) w.comma()
        w.name(field.name)
        w.startObject()
        writeMapping(w, field.schema, true)
        w.endObject()
      }
      w.endObject()
      return
    default: {
      const type = elasticsearchType(schema.type)
      if (type === null) throw new DataException(`Invalid primitive type ${typeName(schema.type)}.`)
      writePrimitive(w, type, schema.defaultValue, first)
    }
  }
}

function writePrimitive(w: JsonWriter, type: MappingType, defaultValue: unknown, first: boolean): void {
  if (!first) w.comma()
  w.name('type')
  w.string(type)
  if (type === MappingType.TEXT) {
    // a keyword sub-field for exact matches and aggregations, as Confluent adds
    w.comma()
    w.name('fields')
    w.startObject()
    w.name('keyword')
    w.startObject()
    w.name('type')
    w.string(MappingType.KEYWORD)
    w.comma()
    w.name('ignore_above')
    w.int(256)
    w.endObject()
    w.endObject()
  }
  if (defaultValue === null || defaultValue === undefined) return
  // OpenSearch has no null_value for text and binary fields
  if (type === MappingType.TEXT || type === MappingType.BINARY) return
  w.comma()
  w.name('null_value')
  writeNullValue(w, type, defaultValue)
}

function writeNullValue(w: JsonWriter, type: MappingType, value: unknown): void {
  switch (type) {
    case MappingType.BOOLEAN:
      if (typeof value !== 'boolean') throw invalidDefault(type, value)
      w.boolean(value)
      return
    case MappingType.LONG:
      if (typeof value !== 'bigint') throw invalidDefault(type, value)
      w.long(value)
      return
    case MappingType.DATE:
      if (!(value instanceof Date)) throw invalidDefault(type, value)
      w.int(value.getTime())
      return
    case MappingType.FLOAT:
      if (typeof value !== 'number') throw invalidDefault(type, value)
      w.float(Math.fround(value))
      return
    case MappingType.DOUBLE:
      if (typeof value !== 'number') throw invalidDefault(type, value)
      w.double(value)
      return
    default:
      // byte, short, integer
      if (typeof value !== 'number') throw invalidDefault(type, value)
      w.int(value)
  }
}

function invalidDefault(type: MappingType, value: unknown): DataException {
  return new DataException(`Invalid default value ${String(value)} for a field mapped as ${type}.`)
}
