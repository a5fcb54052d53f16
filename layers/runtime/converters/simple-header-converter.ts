/**
 * Connect's `org.apache.kafka.connect.storage.SimpleHeaderConverter`, the worker's default header
 * converter. Writing stores `Values.convertToString` of the value in UTF-8 (the schema is not
 * stored); reading parses the UTF-8 text with `Values.parseString`, which infers the schema (`42` is
 * an int8, `true` a boolean, `[1,2]` an array, `2019-08-23` a Date, anything else a string).
 * Null stays null; text that cannot be read at all is kept as bytes.
 */
import { defineConfig } from '../config/index.js'
import type { Schema } from '../data/schema.js'
import { Schemas } from '../data/schema.js'
import { convertToString } from '../data/values-conversion.js'
import { parseString } from '../data/values-parser.js'
import { logger } from '../logging.js'
import { type ConverterConfig, type HeaderConverter, NULL_SCHEMA_AND_VALUE, type SchemaAndValue } from './converter.js'
import { UTF_8 } from './string-converter.js'

export class SimpleHeaderConverter implements HeaderConverter {
  /** The config definition (Kafka's `config()`): empty, as Kafka's. */
  static readonly CONFIG = defineConfig({})

  configure(_config: ConverterConfig): void {}

  fromConnectHeader(_topic: string, _headerKey: string, schema: Schema | null, value: unknown): Uint8Array | null {
    if (value === null || value === undefined) return null
    return UTF_8.encode(convertToString(schema, value) as string)
  }

  toConnectHeader(topic: string, headerKey: string, value: Uint8Array | null): SchemaAndValue {
    if (value === null) return NULL_SCHEMA_AND_VALUE
    try {
      // Connect's parseString gives null for the text `null`, which Connect passes on as no value
      return parseString(UTF_8.decode(value)) ?? NULL_SCHEMA_AND_VALUE
    } catch (error) {
      logger.warn(`Failed to deserialize value for header '${headerKey}' on topic '${topic}', so using byte array`, {
        error,
      })
      return { schema: Schemas.BYTES, value }
    }
  }

  close(): void {}
}
