/**
 * JSON tree → Connect value: Kafka's `JsonConverter.convertToConnect`, case for case (including its
 * leniencies: a string where an int32 is expected reads as 0, an object where an array is expected
 * gives its values). This is the exact path; the converter's fast payload path falls back to it for
 * anything unusual and for every error, so messages and precedence are Kafka's.
 */
import { ConnectDate, ConnectTime, ConnectTimestamp, Decimal } from '../../data/logical.js'
import { LOGICAL_DATE, LOGICAL_DECIMAL, LOGICAL_TIME, LOGICAL_TIMESTAMP, type Schema } from '../../data/schema.js'
import { Struct } from '../../data/struct.js'
import { BigDecimal, Type, typeName } from '../../data/values.js'
import { DataException } from '../../errors.js'
import {
  binaryValue,
  booleanValue,
  doubleValue,
  floatValue,
  intValue,
  isInt,
  isIntegralNumber,
  isObject,
  JsonDecimal,
  type JsonNode,
  type JsonRoot,
  longValue,
  MISSING,
  nodeType,
  textValue,
} from './json-node.js'

/** `JsonNode.decimalValue()` of a number node. */
function decimalValue(node: number | bigint | JsonDecimal): BigDecimal {
  if (node instanceof JsonDecimal) return BigDecimal.parse(node.text)
  return new BigDecimal(BigInt(node), 0)
}

function logicalToConnect(name: string, schema: Schema, node: JsonRoot): unknown {
  switch (name) {
    case LOGICAL_DECIMAL:
      if (typeof node === 'number' || typeof node === 'bigint' || node instanceof JsonDecimal) return decimalValue(node)
      if (typeof node === 'string') {
        try {
          return Decimal.toLogical(schema, binaryValue(node)!)
        } catch (error) {
          throw new DataException('Invalid bytes for Decimal field', { cause: error })
        }
      }
      throw new DataException(
        `Invalid type for Decimal, underlying representation should be numeric or bytes but was ${nodeType(node)}`,
      )
    case LOGICAL_DATE:
      if (!isInt(node)) {
        throw new DataException(
          `Invalid type for Date, underlying representation should be integer but was ${nodeType(node)}`,
        )
      }
      return ConnectDate.toLogical(schema, node)
    case LOGICAL_TIME:
      if (!isInt(node)) {
        throw new DataException(
          `Invalid type for Time, underlying representation should be integer but was ${nodeType(node)}`,
        )
      }
      return ConnectTime.toLogical(schema, node)
    default: // LOGICAL_TIMESTAMP
      if (!isIntegralNumber(node)) {
        throw new DataException(
          `Invalid type for Timestamp, underlying representation should be integral but was ${nodeType(node)}`,
        )
      }
      return ConnectTimestamp.toLogical(schema, longValue(node))
  }
}

/** Whether JsonConverter has a logical converter for this schema name (looked up by name alone, as Kafka). */
export function isLogicalName(name: string | null): name is string {
  return name === LOGICAL_DECIMAL || name === LOGICAL_DATE || name === LOGICAL_TIME || name === LOGICAL_TIMESTAMP
}

/** The type Connect infers for a schemaless JSON node (null and missing nodes are handled before). */
function inferType(node: JsonNode): Type | null {
  if (typeof node === 'boolean') return Type.BOOLEAN
  if (typeof node === 'string') return Type.STRING
  if (typeof node === 'number' || typeof node === 'bigint') return Type.INT64
  if (node instanceof JsonDecimal) return Type.FLOAT64
  if (Array.isArray(node)) return Type.ARRAY
  if (node instanceof Map) return Type.MAP
  return null
}

/** Jackson's iteration of a node: an array's elements, an object's values, nothing otherwise. */
function elements(node: JsonRoot): Iterable<JsonNode> {
  if (Array.isArray(node)) return node
  if (node instanceof Map) return node.values()
  return []
}

/**
 * Kafka's `convertToConnect(schema, jsonValue, config)`. `node` is undefined where Jackson's `get`
 * would return null (an absent struct field), MISSING where Jackson has a MissingNode (empty input),
 * which is not null to a schema: it reads as 0, false, null text, as Jackson's accessors say.
 */
export function convertToConnect(
  schema: Schema | null,
  node: JsonRoot | undefined,
  replaceNullWithDefault: boolean,
): unknown {
  let type: Type | null
  if (schema !== null) {
    type = schema.type
    if (node === undefined || node === null) {
      if (schema.defaultValue !== null && replaceNullWithDefault) return schema.defaultValue
      if (schema.optional) return null
      throw new DataException(`Invalid null value for required ${typeName(type)} field`)
    }
  } else {
    if (node === undefined || node === null || node === MISSING) return null
    type = inferType(node)
  }
  if (type === null) throw new DataException('Unknown schema type: null')
  if (schema !== null && isLogicalName(schema.name)) return logicalToConnect(schema.name, schema, node)

  switch (type) {
    case Type.BOOLEAN:
      return booleanValue(node)
    case Type.INT8:
      return (intValue(node) << 24) >> 24
    case Type.INT16:
      return (intValue(node) << 16) >> 16
    case Type.INT32:
      return intValue(node)
    case Type.INT64:
      return longValue(node)
    case Type.FLOAT32:
      return floatValue(node)
    case Type.FLOAT64:
      return doubleValue(node)
    case Type.BYTES:
      try {
        return binaryValue(node)
      } catch (error) {
        throw new DataException('Invalid bytes field', { cause: error })
      }
    case Type.STRING:
      return textValue(node)
    case Type.ARRAY: {
      const elementSchema = schema === null ? null : schema.valueSchema
      const result: unknown[] = []
      for (const element of elements(node))
        result.push(convertToConnect(elementSchema, element, replaceNullWithDefault))
      return result
    }
    case Type.MAP:
      return mapToConnect(schema, node, replaceNullWithDefault)
    case Type.STRUCT: {
      if (!isObject(node))
        throw new DataException(`Structs should be encoded as JSON objects, but found ${nodeType(node)}`)
      const s = schema!
      const struct = new Struct(s)
      for (const field of s.fields) {
        const value = convertToConnect(field.schema, node.get(field.name), replaceNullWithDefault)
        // what this function returns has the field's class already: only a null (a required field) or
        // what a list or map holds (a null element) can fail Struct.put's check, so only those take it
        if (value === null || Array.isArray(value) || value instanceof Map) struct.put(field, value)
        else struct.putWithoutValidation(field, value)
      }
      return struct
    }
  }
}

function mapToConnect(schema: Schema | null, node: JsonRoot, replaceNullWithDefault: boolean): Map<unknown, unknown> {
  const keySchema = schema === null ? null : schema.keySchema
  const valueSchema = schema === null ? null : schema.valueSchema
  const result = new Map<unknown, unknown>()
  if (schema === null || keySchema!.type === Type.STRING) {
    if (!isObject(node)) {
      throw new DataException(`Maps with string fields should be encoded as JSON objects, but found ${nodeType(node)}`)
    }
    for (const [key, value] of node) result.set(key, convertToConnect(valueSchema, value, replaceNullWithDefault))
    return result
  }
  if (!Array.isArray(node)) {
    throw new DataException(
      `Maps with non-string fields should be encoded as JSON array of tuples, but found ${nodeType(node)}`,
    )
  }
  for (const entry of node) {
    if (!Array.isArray(entry))
      throw new DataException(`Found invalid map entry instead of array tuple: ${nodeType(entry)}`)
    if (entry.length !== 2)
      throw new DataException(`Found invalid map entry, expected length 2 but found :${entry.length}`)
    result.set(
      convertToConnect(keySchema, entry[0], replaceNullWithDefault),
      convertToConnect(valueSchema, entry[1], replaceNullWithDefault),
    )
  }
  return result
}
