/**
 * The `@timestamp` every document of a data stream needs (Confluent's `maybeAddTimestamp`): the
 * document must be a JSON object; `@timestamp` is set to the Kafka record's timestamp (epoch millis)
 * where `data.stream.timestamp.field` is empty, else to the text of the first listed field the document
 * has (no field present: the document is sent as it is). An existing `@timestamp` keeps its place and
 * takes the new value.
 */
import {
  JsonDecimal,
  type JsonNode,
  type JsonObject,
  nodeType,
} from '../../layers/runtime/converters/json/json-node.js'
import { JsonReader } from '../../layers/runtime/converters/json/json-reader.js'
import { JsonWriter } from '../../layers/runtime/converters/json/json-writer.js'
import { javaDoubleToString } from '../../layers/runtime/data/values.js'
import { DataException } from '../../layers/runtime/errors.js'
import { logger } from '../../layers/runtime/logging.js'

export const TIMESTAMP_FIELD = '@timestamp'

const writer = new JsonWriter()

/** The document with `@timestamp` set; `document` itself where none of the listed fields is present. */
export function addTimestamp(
  document: Buffer,
  recordTimestamp: number | null,
  timestampFields: readonly string[],
): Buffer {
  const root = new JsonReader(document).readRoot()
  if (!(root instanceof Map)) {
    throw new DataException(`Top level payload contains data of Json type ${nodeType(root)}. Required Json object.`)
  }
  if (timestampFields.length === 0) {
    root.set(TIMESTAMP_FIELD, recordTimestamp)
    return write(root)
  }
  for (const field of timestampFields) {
    const value = root.get(field)
    if (value !== undefined) {
      root.set(TIMESTAMP_FIELD, asText(value))
      return write(root)
    }
    logger.debug(`Timestamp field ${field} is not present in payload. This record may fail or be skipped`)
  }
  return document
}

/** Jackson's `JsonNode.asText()` (of a tree read without big decimals: a fraction is a double). */
function asText(node: JsonNode): string {
  if (node === null) return 'null'
  if (node instanceof JsonDecimal) return javaDoubleToString(Number(node.text))
  if (typeof node === 'object') return '' // arrays and objects
  return String(node)
}

function write(root: JsonObject): Buffer {
  writer.reset()
  writeNode(writer, root)
  return writer.finish()
}

function writeNode(w: JsonWriter, node: JsonNode): void {
  if (node === null) w.null()
  else if (typeof node === 'boolean') w.boolean(node)
  else if (typeof node === 'string') w.string(node)
  else if (typeof node === 'number') w.ascii(String(node))
  else if (typeof node === 'bigint') w.long(node)
  else if (node instanceof JsonDecimal) w.ascii(node.text)
  else if (Array.isArray(node)) {
    w.startArray()
    for (let i = 0; i < node.length; i++) {
      if (i > 0) w.comma()
      writeNode(w, node[i]!)
    }
    w.endArray()
  } else {
    w.startObject()
    let first = true
    for (const [name, value] of node) {
      if (!first) w.comma()
      first = false
      w.name(name)
      writeNode(w, value)
    }
    w.endObject()
  }
}
