/**
 * Connect's `ShortConverter`, `IntegerConverter`, `LongConverter`, `FloatConverter` and
 * `DoubleConverter` (`org.apache.kafka.connect.converters`), Converters and HeaderConverters built on
 * its `NumberConverter` and Kafka's number serializers: big-endian, fixed width (2, 4, 8, 4 and 8
 * bytes), IEEE 754 for the floating-point ones. Null stays null both ways.
 *
 * Writing takes a value of the converter's Java class, whatever the schema: a `bigint` for
 * LongConverter; for the others a plain `number` under the matching schema (int16, int32, float32,
 * float64 or, for DoubleConverter, none) or its schemaless wrapper (`Int16`, `Int32`, `Float32`).
 * Reading gives the converter's optional schema and a plain number (`bigint` for longs).
 */

import type { JavaNumberClass } from '../data/java-objects.js'
import { javaClassName, javaNumberClass } from '../data/java-objects.js'
import { type Schema, Schemas } from '../data/schema.js'
import { Float32, Int16, Int32 } from '../data/values.js'
import { DataException } from '../errors.js'
import type { Converter, ConverterConfig, HeaderConverter, KafkaHeaders, SchemaAndValue } from './converter.js'
import { CONVERTER_CONFIG, withConverterType } from './converter-config.js'

/** Kafka's `org.apache.kafka.common.errors.SerializationException`, the cause of a converter's DataException. */
export class SerializationException extends Error {
  static readonly javaClassName = 'org.apache.kafka.common.errors.SerializationException'
  constructor(message: string) {
    super(message)
    this.name = 'SerializationException'
  }
}

/** What Java's failed cast says, as the cause of the DataException. */
class ClassCastException extends Error {
  static readonly javaClassName = 'java.lang.ClassCastException'
  constructor(message: string) {
    super(message)
    this.name = 'ClassCastException'
  }
}

interface NumberFormat<T> {
  /** Connect's display name of the type (`short`, `double`). */
  readonly typeName: string
  readonly javaClass: JavaNumberClass
  readonly schema: Schema
  readonly width: number
  /** The deserializer's name in its size message (Kafka's Float and Double deserializers say just `Deserializer`). */
  readonly deserializerName: string
  /** The value, where it is of the Java class; undefined otherwise. */
  cast(schema: Schema | null, value: unknown): T | undefined
  write(view: DataView, value: T): void
  read(view: DataView): number | bigint
}

abstract class NumberConverter<T> implements Converter, HeaderConverter {
  /** The config definition (Kafka's `config()`): `converter.type`. */
  static readonly CONFIG = CONVERTER_CONFIG
  private readonly nullValue: SchemaAndValue

  protected constructor(private readonly format: NumberFormat<T>) {
    this.nullValue = Object.freeze({ schema: format.schema, value: null })
  }

  /**
   * Kafka's `configure(configs, isKey)`; with `isKey` left out, its `configure(configs)`, which needs
   * `converter.type` in the config (a header converter is given `header`).
   */
  configure(config: ConverterConfig, isKey?: boolean): void {
    CONVERTER_CONFIG.parse(withConverterType(config, isKey))
  }

  fromConnectData(
    _topic: string,
    _headers: KafkaHeaders | null,
    schema: Schema | null,
    value: unknown,
  ): Uint8Array | null {
    if (value === null || value === undefined) return null
    const { format } = this
    const n = format.cast(schema, value)
    if (n === undefined) {
      const cls = javaClassName(schema, value)
      throw new DataException(`Failed to serialize to ${format.typeName} (was class ${cls}): `, {
        cause: new ClassCastException(`class ${cls} cannot be cast to class java.lang.${format.javaClass}`),
      })
    }
    const bytes = new Uint8Array(format.width)
    format.write(new DataView(bytes.buffer), n)
    return bytes
  }

  toConnectData(_topic: string, _headers: KafkaHeaders | null, value: Uint8Array | null): SchemaAndValue {
    if (value === null) return this.nullValue
    const { format } = this
    if (value.length !== format.width) {
      throw new DataException(`Failed to deserialize ${format.typeName}: `, {
        cause: new SerializationException(`Size of data received by ${format.deserializerName} is not ${format.width}`),
      })
    }
    return { schema: format.schema, value: format.read(new DataView(value.buffer, value.byteOffset, value.byteLength)) }
  }

  fromConnectHeader(topic: string, _headerKey: string, schema: Schema | null, value: unknown): Uint8Array | null {
    return this.fromConnectData(topic, null, schema, value)
  }

  toConnectHeader(topic: string, _headerKey: string, value: Uint8Array | null): SchemaAndValue {
    return this.toConnectData(topic, null, value)
  }

  close(): void {}
}

/** A plain number of the Java class (read by the schema), or its wrapper. */
function castNumber(javaClass: JavaNumberClass, wrapper: typeof Int16 | typeof Int32 | typeof Float32 | null) {
  return (schema: Schema | null, value: unknown): number | undefined => {
    if (wrapper !== null && value instanceof wrapper) return value.value
    return typeof value === 'number' && javaNumberClass(schema, value) === javaClass ? value : undefined
  }
}

const SHORT: NumberFormat<number> = {
  typeName: 'short',
  javaClass: 'Short',
  schema: Schemas.OPTIONAL_INT16,
  width: 2,
  deserializerName: 'ShortDeserializer',
  cast: castNumber('Short', Int16),
  write: (view, value) => view.setInt16(0, value),
  read: (view) => view.getInt16(0),
}

const INTEGER: NumberFormat<number> = {
  typeName: 'integer',
  javaClass: 'Integer',
  schema: Schemas.OPTIONAL_INT32,
  width: 4,
  deserializerName: 'IntegerDeserializer',
  cast: castNumber('Integer', Int32),
  write: (view, value) => view.setInt32(0, value),
  read: (view) => view.getInt32(0),
}

const LONG: NumberFormat<bigint> = {
  typeName: 'long',
  javaClass: 'Long',
  schema: Schemas.OPTIONAL_INT64,
  width: 8,
  deserializerName: 'LongDeserializer',
  cast: (_schema, value) => (typeof value === 'bigint' ? value : undefined),
  write: (view, value) => view.setBigInt64(0, value),
  read: (view) => view.getBigInt64(0),
}

const FLOAT: NumberFormat<number> = {
  typeName: 'float',
  javaClass: 'Float',
  schema: Schemas.OPTIONAL_FLOAT32,
  width: 4,
  deserializerName: 'Deserializer',
  cast: castNumber('Float', Float32),
  write: (view, value) => view.setFloat32(0, value),
  read: (view) => view.getFloat32(0),
}

const DOUBLE: NumberFormat<number> = {
  typeName: 'double',
  javaClass: 'Double',
  schema: Schemas.OPTIONAL_FLOAT64,
  width: 8,
  deserializerName: 'Deserializer',
  cast: castNumber('Double', null),
  write: (view, value) => view.setFloat64(0, value),
  read: (view) => view.getFloat64(0),
}

/** `org.apache.kafka.connect.converters.ShortConverter`: 2 bytes, optional int16. */
export class ShortConverter extends NumberConverter<number> {
  constructor() {
    super(SHORT)
  }
}

/** `org.apache.kafka.connect.converters.IntegerConverter`: 4 bytes, optional int32. */
export class IntegerConverter extends NumberConverter<number> {
  constructor() {
    super(INTEGER)
  }
}

/** `org.apache.kafka.connect.converters.LongConverter`: 8 bytes, optional int64 (`bigint`). */
export class LongConverter extends NumberConverter<bigint> {
  constructor() {
    super(LONG)
  }
}

/** `org.apache.kafka.connect.converters.FloatConverter`: 4 bytes IEEE 754, optional float32. */
export class FloatConverter extends NumberConverter<number> {
  constructor() {
    super(FLOAT)
  }
}

/** `org.apache.kafka.connect.converters.DoubleConverter`: 8 bytes IEEE 754, optional float64. */
export class DoubleConverter extends NumberConverter<number> {
  constructor() {
    super(DOUBLE)
  }
}
