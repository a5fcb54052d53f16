/**
 * Connect's `org.apache.kafka.connect.converters.BooleanConverter` (Kafka 3.8+), a Converter and a
 * HeaderConverter on Kafka's boolean serializer: one byte, 1 for true and 0 for false. Writing takes
 * no schema or a boolean schema and a boolean; reading gives an optional boolean schema.
 */
import { javaClassName } from '../data/java-objects.js'
import { type Schema, Schemas } from '../data/schema.js'
import { Type, typeName } from '../data/values.js'
import { DataException } from '../errors.js'
import type { Converter, ConverterConfig, HeaderConverter, KafkaHeaders, SchemaAndValue } from './converter.js'
import { CONVERTER_CONFIG, withConverterType } from './converter-config.js'
import { SerializationException } from './number-converters.js'

const TRUE = Uint8Array.of(1)
const FALSE = Uint8Array.of(0)
const NULL_VALUE: SchemaAndValue = Object.freeze({ schema: Schemas.OPTIONAL_BOOLEAN, value: null })
const TRUE_VALUE: SchemaAndValue = Object.freeze({ schema: Schemas.OPTIONAL_BOOLEAN, value: true })
const FALSE_VALUE: SchemaAndValue = Object.freeze({ schema: Schemas.OPTIONAL_BOOLEAN, value: false })

export class BooleanConverter implements Converter, HeaderConverter {
  /** The config definition (Kafka's `config()`): `converter.type`. */
  static readonly CONFIG = CONVERTER_CONFIG

  configure(config: ConverterConfig, isKey?: boolean): void {
    CONVERTER_CONFIG.parse(withConverterType(config, isKey))
  }

  fromConnectData(
    _topic: string,
    _headers: KafkaHeaders | null,
    schema: Schema | null,
    value: unknown,
  ): Uint8Array | null {
    if (schema !== null && schema.type !== Type.BOOLEAN) {
      throw new DataException(`Invalid schema type for BooleanConverter: ${typeName(schema.type)}`)
    }
    if (value === null || value === undefined) return null
    if (typeof value !== 'boolean') {
      throw new DataException(
        `BooleanConverter is not compatible with objects of type class ${javaClassName(schema, value)}`,
      )
    }
    // a copy each time: the caller owns the bytes it gets
    return (value ? TRUE : FALSE).slice()
  }

  toConnectData(_topic: string, _headers: KafkaHeaders | null, value: Uint8Array | null): SchemaAndValue {
    if (value === null) return NULL_VALUE
    if (value.length !== 1) {
      throw new DataException('Failed to deserialize boolean: ', {
        cause: new SerializationException('Size of data received by BooleanDeserializer is not 1'),
      })
    }
    if (value[0] === 1) return TRUE_VALUE
    if (value[0] === 0) return FALSE_VALUE
    throw new DataException('Failed to deserialize boolean: ', {
      cause: new SerializationException(`Unexpected byte received by BooleanDeserializer: ${(value[0]! << 24) >> 24}`),
    })
  }

  fromConnectHeader(topic: string, _headerKey: string, schema: Schema | null, value: unknown): Uint8Array | null {
    return this.fromConnectData(topic, null, schema, value)
  }

  toConnectHeader(topic: string, _headerKey: string, value: Uint8Array | null): SchemaAndValue {
    return this.toConnectData(topic, null, value)
  }

  close(): void {}
}
