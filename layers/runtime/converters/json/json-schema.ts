/**
 * Connect schemas in JsonConverter's envelope form (Kafka's `JsonSchema`, `asConnectSchema` and
 * `asJsonSchema`): `{"type":"struct","fields":[{…,"field":"id"}],"optional":false,"name":…,
 * "version":…,"doc":…,"parameters":{…},"default":…}`, keys in exactly that order.
 */
import { type Schema, SchemaBuilder, SchemaBuilderException } from '../../data/schema.js'
import { Type } from '../../data/values.js'
import { DataException } from '../../errors.js'
import { intValue, isIntegralNumber, type JsonNode, type JsonRoot } from './json-node.js'
import type { JsonWriter } from './json-writer.js'
import { convertToConnect } from './to-connect.js'

export const ENVELOPE_SCHEMA = 'schema'
export const ENVELOPE_PAYLOAD = 'payload'

const TYPE_NAMES: Readonly<Record<Type, string>> = {
  boolean: 'boolean',
  int8: 'int8',
  int16: 'int16',
  int32: 'int32',
  int64: 'int64',
  float32: 'float',
  float64: 'double',
  bytes: 'bytes',
  string: 'string',
  array: 'array',
  map: 'map',
  struct: 'struct',
}

function builderFor(typeName: string): SchemaBuilder | null {
  switch (typeName) {
    case 'boolean':
      return SchemaBuilder.bool()
    case 'int8':
      return SchemaBuilder.int8()
    case 'int16':
      return SchemaBuilder.int16()
    case 'int32':
      return SchemaBuilder.int32()
    case 'int64':
      return SchemaBuilder.int64()
    case 'float':
      return SchemaBuilder.float32()
    case 'double':
      return SchemaBuilder.float64()
    case 'bytes':
      return SchemaBuilder.bytes()
    case 'string':
      return SchemaBuilder.string()
    default:
      return null
  }
}

/** Jackson's `node.get(name)`: a field of an object node, undefined for anything else. */
function get(node: JsonRoot, name: string): JsonNode | undefined {
  return node instanceof Map ? node.get(name) : undefined
}

/** Kafka's `asConnectSchema(jsonSchema)`: null for a JSON null. */
export function asConnectSchema(json: JsonRoot, replaceNullWithDefault: boolean): Schema | null {
  if (json === null) return null
  const typeNode = get(json, 'type')
  if (typeof typeNode !== 'string') throw new DataException("Schema must contain 'type' field")

  let builder = builderFor(typeNode)
  if (builder === null) {
    switch (typeNode) {
      case 'array': {
        const items = get(json, 'items')
        if (items === undefined || items === null)
          throw new DataException('Array schema did not specify the element type')
        builder = SchemaBuilder.array(asConnectSchema(items, replaceNullWithDefault)!)
        break
      }
      case 'map': {
        const keys = get(json, 'keys')
        if (keys === undefined) throw new DataException('Map schema did not specify the key type')
        const values = get(json, 'values')
        if (values === undefined) throw new DataException('Map schema did not specify the value type')
        builder = SchemaBuilder.map(
          asConnectSchema(keys, replaceNullWithDefault)!,
          asConnectSchema(values, replaceNullWithDefault)!,
        )
        break
      }
      case 'struct': {
        builder = SchemaBuilder.struct()
        const fields = get(json, 'fields')
        if (!Array.isArray(fields)) throw new DataException('Struct schema\'s "fields" argument is not an array.')
        for (const field of fields) {
          const fieldName = get(field, 'field')
          if (typeof fieldName !== 'string')
            throw new DataException("Struct schema's field name not specified properly")
          builder.field(fieldName, asConnectSchema(field, replaceNullWithDefault)!)
        }
        break
      }
      default:
        throw new DataException(`Unknown schema type: ${typeNode}`)
    }
  }

  if (get(json, 'optional') === true) builder.optional()
  else builder.required()
  const name = get(json, 'name')
  if (typeof name === 'string') builder.name(name)
  const version = get(json, 'version')
  if (isIntegralNumber(version)) builder.version(intValue(version))
  const doc = get(json, 'doc')
  if (typeof doc === 'string') builder.doc(doc)
  const params = get(json, 'parameters')
  if (params instanceof Map) {
    for (const [key, value] of params) {
      if (typeof value !== 'string') throw new DataException('Schema parameters must have string values.')
      builder.parameter(key, value)
    }
  }
  const defaultNode = get(json, 'default')
  if (defaultNode !== undefined) {
    const value = convertToConnect(builder.build(), defaultNode, replaceNullWithDefault)
    if (builder.type === Type.STRUCT && value !== null) {
      // Kafka compares the default struct's schema with the builder itself, which never equals it
      throw new SchemaBuilderException('Invalid default value', {
        cause: new DataException('Struct schemas do not match.'),
      })
    }
    builder.defaultValue(value)
  }
  return builder.build()
}

/** Writes Kafka's `asJsonSchema(schema)`, plus `"field":name` at the end for a struct field. */
export function writeJsonSchema(
  w: JsonWriter,
  schema: Schema,
  fieldName: string | null,
  writeValue: (w: JsonWriter, schema: Schema, value: unknown) => void,
): void {
  w.startObject()
  w.name('type')
  w.string(TYPE_NAMES[schema.type])
  switch (schema.type) {
    case Type.ARRAY:
      w.comma()
      w.name('items')
      writeJsonSchema(w, schema.valueSchema!, null, writeValue)
      break
    case Type.MAP:
      w.comma()
      w.name('keys')
      writeJsonSchema(w, schema.keySchema!, null, writeValue)
      w.comma()
      w.name('values')
      writeJsonSchema(w, schema.valueSchema!, null, writeValue)
      break
    case Type.STRUCT:
      w.comma()
      w.name('fields')
      w.startArray()
      for (let i = 0; i < schema.fields.length; i++) {
        if (i > 0) w.comma()
        const f = schema.fields[i]!
        writeJsonSchema(w, f.schema, f.name, writeValue)
      }
      w.endArray()
      break
  }
  w.comma()
  w.name('optional')
  w.boolean(schema.optional)
  if (schema.name !== null) {
    w.comma()
    w.name('name')
    w.string(schema.name)
  }
  if (schema.version !== null) {
    w.comma()
    w.name('version')
    w.int(schema.version)
  }
  if (schema.doc !== null) {
    w.comma()
    w.name('doc')
    w.string(schema.doc)
  }
  if (schema.parameters !== null) {
    w.comma()
    w.name('parameters')
    w.startObject()
    let first = true
    for (const [key, value] of Object.entries(schema.parameters)) {
      if (!first) w.comma()
      first = false
      w.name(key)
      w.string(value)
    }
    w.endObject()
  }
  if (schema.defaultValue !== null) {
    w.comma()
    w.name('default')
    writeValue(w, schema, schema.defaultValue)
  }
  if (fieldName !== null) {
    w.comma()
    w.name('field')
    w.string(fieldName)
  }
  w.endObject()
}
