/**
 * Confluent's wire format: a magic byte 0, the schema id as a 4-byte big-endian integer, then the
 * payload. (Magic byte 1, a 16-byte schema GUID, is Confluent's newer variant; it is recognised and
 * refused, as Apicurio cannot look schemas up by GUID.)
 */
export const MAGIC_BYTE = 0
export const MAGIC_BYTE_GUID = 1
export const HEADER_SIZE = 5

/** Thrown for bytes that do not start with a readable schema id. */
export class SchemaIdException extends Error {
  override readonly name = 'SchemaIdException'
}

/** The schema id of Confluent-framed bytes; throws SchemaIdException (Confluent's "Error deserializing schema ID"). */
export function readSchemaId(bytes: Uint8Array): number {
  if (bytes.length === 0) throw new SchemaIdException('Error deserializing schema ID: the payload is empty')
  const magic = bytes[0]
  if (magic === MAGIC_BYTE_GUID) {
    throw new SchemaIdException('Error deserializing schema ID: schema GUIDs (magic byte 1) are not supported')
  }
  if (magic !== MAGIC_BYTE) throw new SchemaIdException('Error deserializing schema ID: Unknown magic byte!')
  if (bytes.length < HEADER_SIZE) {
    throw new SchemaIdException(`Error deserializing schema ID: ${bytes.length} bytes is too short for a schema id`)
  }
  return (bytes[1]! << 24) | (bytes[2]! << 16) | (bytes[3]! << 8) | bytes[4]! | 0
}

/** The 5-byte header for a schema id. */
export function schemaIdHeader(id: number): Uint8Array {
  const header = new Uint8Array(HEADER_SIZE)
  header[0] = MAGIC_BYTE
  new DataView(header.buffer).setInt32(1, id, false)
  return header
}
