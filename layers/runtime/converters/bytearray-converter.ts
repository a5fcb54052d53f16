/**
 * Connect's `org.apache.kafka.connect.converters.ByteArrayConverter`, a Converter and a
 * HeaderConverter: bytes pass through unchanged. Writing accepts no schema or a bytes schema, and a
 * byte array (`Uint8Array`, a `Buffer`) or one of the ByteBuffer's equivalents (`ArrayBuffer`,
 * `DataView`, another typed array: its bytes); reading gives an optional bytes schema.
 */
import { bytesOf, javaClassName } from '../data/java-objects.js'
import { type Schema, Schemas } from '../data/schema.js'
import { Type, typeName } from '../data/values.js'
import { DataException } from '../errors.js'
import type { Converter, ConverterConfig, HeaderConverter, KafkaHeaders, SchemaAndValue } from './converter.js'
import { CONVERTER_CONFIG } from './converter-config.js'

export class ByteArrayConverter implements Converter, HeaderConverter {
  /** The config definition (Kafka's `config()`): only `converter.type`, which this converter ignores. */
  static readonly CONFIG = CONVERTER_CONFIG

  configure(_config: ConverterConfig, _isKey?: boolean): void {}

  fromConnectData(
    _topic: string,
    _headers: KafkaHeaders | null,
    schema: Schema | null,
    value: unknown,
  ): Uint8Array | null {
    if (schema !== null && schema.type !== Type.BYTES) {
      throw new DataException(`Invalid schema type for ByteArrayConverter: ${typeName(schema.type)}`)
    }
    if (value === null || value === undefined) return null
    const bytes = bytesOf(value)
    if (bytes === null) {
      throw new DataException(
        `ByteArrayConverter is not compatible with objects of type class ${javaClassName(schema, value)}`,
      )
    }
    return bytes
  }

  toConnectData(_topic: string, _headers: KafkaHeaders | null, value: Uint8Array | null): SchemaAndValue {
    return { schema: Schemas.OPTIONAL_BYTES, value }
  }

  fromConnectHeader(topic: string, _headerKey: string, schema: Schema | null, value: unknown): Uint8Array | null {
    return this.fromConnectData(topic, null, schema, value)
  }

  toConnectHeader(topic: string, _headerKey: string, value: Uint8Array | null): SchemaAndValue {
    return this.toConnectData(topic, null, value)
  }

  close(): void {}
}
