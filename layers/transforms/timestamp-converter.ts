/**
 * Kafka's `TimestampConverter` (`$Key`, `$Value`): converts a timestamp field, or the whole key/value,
 * between Unix epoch numbers, formatted strings and Connect's Date, Time and Timestamp.
 *
 * - `target.type`: `string`, `unix`, `Date`, `Time` or `Timestamp` (case matters). `field`: the
 *   top-level field, or empty for the whole key/value. `format`: a `SimpleDateFormat` pattern, needed
 *   for `string`, used to parse string inputs and format string outputs, in UTC, parsed leniently
 *   (as Kafka's, which never turns leniency off). `unix.precision`: `seconds`, `milliseconds`
 *   (default), `microseconds` or `nanoseconds` (sub-millisecond detail is lost both ways).
 * - The source type comes from the schema (the logical name, else string, else int64 as Unix), or
 *   schemaless from the Java class: a `Date` is a Timestamp, a `Long` Unix time, a `String` a string.
 * - `Date` output keeps the UTC day, `Time` the UTC time of day (on 1970-01-01).
 * - Nulls: a null value or field converts to null; with a schema the schema is still converted.
 * - New schemas: the whole value gets the bare target schema (only optionality kept); in field mode
 *   the field does, in a copy of the struct schema (basics, optionality and converted default kept).
 * - Instants a JavaScript `Date` cannot hold (beyond ±8.64e15 ms) are a DataException; Kafka's
 *   `java.util.Date` can hold them.
 */
import { field } from '../runtime/config/config-key.js'
import { defineConfig } from '../runtime/config/definition.js'
import { validString } from '../runtime/config/validators.js'
import { javaClassName } from '../runtime/data/java-objects.js'
import { ConnectDate, ConnectTime, ConnectTimestamp } from '../runtime/data/logical.js'
import {
  LOGICAL_DATE,
  LOGICAL_TIME,
  LOGICAL_TIMESTAMP,
  type Schema,
  SchemaBuilder,
  Schemas,
} from '../runtime/data/schema.js'
import { Struct } from '../runtime/data/struct.js'
import { Type } from '../runtime/data/values.js'
import { ConfigException, ConnectException, DataException } from '../runtime/errors.js'
import type { ConnectRecord } from '../runtime/record/record.js'
import { JavaDateFormat, ParseException } from './java-date-format.js'
import { registerKeyValueTransformation } from './registry.js'
import type { Transformation, TransformConfig } from './transformation.js'
import { IllegalArgumentException, NullPointerException } from './util/java-exceptions.js'
import { KEY, type RecordPart, VALUE } from './util/record-part.js'
import { REPLACE_NULL_WITH_DEFAULT, readField, replaceNullWithDefaultKey } from './util/replace-null-with-default.js'
import { requireMap, requireStruct } from './util/requirements.js'
import { SchemaCache } from './util/schema-cache.js'
import { copySchemaBasics } from './util/schema-util.js'

const PURPOSE = 'converting timestamp formats'

/** The timestamp representations: Kafka's `target.type` values. */
export const TimestampType = {
  STRING: 'string',
  UNIX: 'unix',
  DATE: 'Date',
  TIME: 'Time',
  TIMESTAMP: 'Timestamp',
} as const
export type TimestampType = (typeof TimestampType)[keyof typeof TimestampType]

export const UnixPrecision = {
  SECONDS: 'seconds',
  MILLISECONDS: 'milliseconds',
  MICROSECONDS: 'microseconds',
  NANOSECONDS: 'nanoseconds',
} as const
export type UnixPrecision = (typeof UnixPrecision)[keyof typeof UnixPrecision]

const CONFIG = defineConfig({
  field: field.string({
    doc: 'The field containing the timestamp, or empty if the entire value is a timestamp',
    default: '',
    importance: 'HIGH',
  }),
  'target.type': field.string({
    doc: 'The desired timestamp representation: string, unix, Date, Time, or Timestamp',
    validator: validString('string', 'unix', 'Date', 'Time', 'Timestamp'),
    importance: 'HIGH',
  }),
  format: field.string({
    doc:
      'A SimpleDateFormat-compatible format for the timestamp. Used to generate the output when type=string or used ' +
      'to parse the input if the input is a string.',
    default: '',
  }),
  'unix.precision': field.string({
    doc:
      'The desired Unix precision for the timestamp: seconds, milliseconds, microseconds, or nanoseconds. Used to ' +
      'generate the output when type=unix or used to parse the input if the input is a Long.Note: This SMT will ' +
      'cause precision loss during conversions from, and to, values with sub-millisecond components.',
    default: 'milliseconds',
    validator: validString('nanoseconds', 'microseconds', 'milliseconds', 'seconds'),
    importance: 'LOW',
  }),
  [REPLACE_NULL_WITH_DEFAULT]: replaceNullWithDefaultKey(),
})

const MILLIS_PER_DAY = 86_400_000
const MAX_DATE_MILLIS = 8.64e15
const LONG_MAX = 2n ** 63n - 1n
const LONG_MIN = -(2n ** 63n)

const OPTIONAL_DATE_SCHEMA = ConnectDate.builder().optional().build()
const OPTIONAL_TIME_SCHEMA = ConnectTime.builder().optional().build()
const OPTIONAL_TIMESTAMP_SCHEMA = ConnectTimestamp.builder().optional().build()
const DATE_SCHEMA = ConnectDate.schema()
const TIME_SCHEMA = ConnectTime.schema()
const TIMESTAMP_SCHEMA = ConnectTimestamp.schema()

/** `TimeUnit.convert` from a coarser unit: multiplication saturating at the long range. */
function saturatingMultiply(value: bigint, factor: bigint): bigint {
  const max = LONG_MAX / factor
  if (value > max) return LONG_MAX
  if (value < -max) return LONG_MIN
  return value * factor
}

/** `Timestamp.toLogical`: a Date of the epoch millis, where JavaScript can hold one. */
function dateOf(millis: bigint | number): Date {
  const ms = Number(millis)
  if (!(Math.abs(ms) <= MAX_DATE_MILLIS)) {
    throw new DataException(`Timestamp ${millis} ms is outside the range of dates connectless supports (±8.64E15 ms)`)
  }
  return new Date(ms)
}

interface Settings {
  readonly type: TimestampType
  readonly format: JavaDateFormat | null
  readonly precision: UnixPrecision
}

/** One representation: from it to an instant (`toRaw`), its schema, and from an instant to it (`toType`). */
interface Translator {
  toRaw(settings: Settings, orig: unknown, schema: Schema | null): Date
  typeSchema(optional: boolean): Schema
  toType(settings: Settings, instant: Date): unknown
}

function expectDate(label: string, orig: unknown, schema: Schema | null): Date {
  if (!(orig instanceof Date)) {
    throw new DataException(`Expected ${label} to be a java.util.Date, but found class ${javaClassName(schema, orig)}`)
  }
  return orig
}

const TRANSLATORS: Readonly<Record<TimestampType, Translator>> = {
  string: {
    toRaw(settings, orig, schema) {
      if (typeof orig !== 'string') {
        throw new DataException(
          `Expected string timestamp to be a String, but found class ${javaClassName(schema, orig)}`,
        )
      }
      const format = settings.format
      if (format === null) {
        throw new NullPointerException(
          'Cannot invoke "java.text.SimpleDateFormat.parse(String)" because "config.format" is null',
        )
      }
      try {
        return dateOf(format.parse(orig))
      } catch (error) {
        if (!(error instanceof ParseException)) throw error
        throw new DataException(
          `Could not parse timestamp: value (${orig}) does not match pattern (${format.toPattern()})`,
          { cause: error },
        )
      }
    },
    typeSchema: (optional) => (optional ? Schemas.OPTIONAL_STRING : Schemas.STRING),
    toType: (settings, instant) => (settings.format as JavaDateFormat).format(instant),
  },
  unix: {
    toRaw(settings, orig, schema) {
      if (typeof orig !== 'bigint') {
        throw new DataException(`Expected Unix timestamp to be a Long, but found class ${javaClassName(schema, orig)}`)
      }
      switch (settings.precision) {
        case UnixPrecision.SECONDS:
          return dateOf(saturatingMultiply(orig, 1000n))
        case UnixPrecision.MICROSECONDS:
          return dateOf(orig / 1000n)
        case UnixPrecision.NANOSECONDS:
          return dateOf(orig / 1_000_000n)
        default:
          return dateOf(orig)
      }
    },
    typeSchema: (optional) => (optional ? Schemas.OPTIONAL_INT64 : Schemas.INT64),
    toType(settings, instant) {
      const millis = BigInt(instant.getTime())
      switch (settings.precision) {
        case UnixPrecision.SECONDS:
          return millis / 1000n
        case UnixPrecision.MICROSECONDS:
          return saturatingMultiply(millis, 1000n)
        case UnixPrecision.NANOSECONDS:
          return saturatingMultiply(millis, 1_000_000n)
        default:
          return millis
      }
    },
  },
  Date: {
    toRaw: (_settings, orig, schema) => expectDate('Date', orig, schema),
    typeSchema: (optional) => (optional ? OPTIONAL_DATE_SCHEMA : DATE_SCHEMA),
    toType: (_settings, instant) => new Date(Math.floor(instant.getTime() / MILLIS_PER_DAY) * MILLIS_PER_DAY),
  },
  Time: {
    toRaw: (_settings, orig, schema) => expectDate('Time', orig, schema),
    typeSchema: (optional) => (optional ? OPTIONAL_TIME_SCHEMA : TIME_SCHEMA),
    toType: (_settings, instant) => {
      const ms = instant.getTime()
      return new Date(ms - Math.floor(ms / MILLIS_PER_DAY) * MILLIS_PER_DAY)
    },
  },
  Timestamp: {
    toRaw: (_settings, orig, schema) => expectDate('Timestamp', orig, schema),
    typeSchema: (optional) => (optional ? OPTIONAL_TIMESTAMP_SCHEMA : TIMESTAMP_SCHEMA),
    toType: (_settings, instant) => instant,
  },
}

/** The representation a schema declares (`timestampTypeFromSchema`). */
function timestampTypeFromSchema(schema: Schema): TimestampType {
  switch (schema.name) {
    case LOGICAL_TIMESTAMP:
      return TimestampType.TIMESTAMP
    case LOGICAL_DATE:
      return TimestampType.DATE
    case LOGICAL_TIME:
      return TimestampType.TIME
  }
  if (schema.type === Type.STRING) return TimestampType.STRING
  if (schema.type === Type.INT64) return TimestampType.UNIX
  throw new ConnectException(`Schema ${String(schema)} does not correspond to a known timestamp type format`)
}

/** The representation a schemaless value's Java class implies (`inferTimestampType`). */
function inferTimestampType(value: unknown): TimestampType {
  if (value instanceof Date) return TimestampType.TIMESTAMP
  if (typeof value === 'bigint') return TimestampType.UNIX
  if (typeof value === 'string') return TimestampType.STRING
  throw new DataException(
    `TimestampConverter does not support class ${javaClassName(null, value)} objects as timestamps`,
  )
}

/** Kafka's `Utils.isBlank`: empty once Java's `trim()` has run. */
function isBlank(value: string): boolean {
  for (let i = 0; i < value.length; i++) if (value.charCodeAt(i) > 0x20) return false
  return true
}

export abstract class TimestampConverter implements Transformation {
  static readonly OVERVIEW_DOC =
    'Convert timestamps between different formats such as Unix epoch, strings, and Connect Date/Timestamp types.' +
    'Applies to individual fields or to the entire value.' +
    '<p/>Use the concrete transformation type designed for the record key (<code>org.apache.kafka.connect.transforms.TimestampConverter$Key</code>) ' +
    'or value (<code>org.apache.kafka.connect.transforms.TimestampConverter$Value</code>).'
  static readonly CONFIG_DEF = CONFIG

  #field = ''
  #settings: Settings = { type: TimestampType.TIMESTAMP, format: null, precision: UnixPrecision.MILLISECONDS }
  #replaceNullWithDefault = true
  readonly #schemaUpdateCache = new SchemaCache<Schema>()

  constructor(private readonly part: RecordPart) {}

  config() {
    return CONFIG
  }

  configure(props: TransformConfig): void {
    const config = CONFIG.parse(props)
    const type = config.get('target.type') as TimestampType
    const pattern = config.get('format')
    if (type === TimestampType.STRING && isBlank(pattern)) {
      throw new ConfigException(
        'TimestampConverter requires format option to be specified when using string timestamps',
        { key: 'format' },
      )
    }
    let format: JavaDateFormat | null = null
    if (!isBlank(pattern)) {
      try {
        format = new JavaDateFormat(pattern)
      } catch (error) {
        if (!(error instanceof IllegalArgumentException)) throw error
        throw new ConfigException(
          `TimestampConverter requires a SimpleDateFormat-compatible pattern for string timestamps: ${pattern}`,
          { cause: error, key: 'format' },
        )
      }
    }
    this.#field = config.get('field')
    this.#settings = { type, format, precision: config.get('unix.precision') as UnixPrecision }
    this.#replaceNullWithDefault = config.get(REPLACE_NULL_WITH_DEFAULT)
    this.#schemaUpdateCache.clear()
  }

  apply<R extends ConnectRecord>(record: R): R {
    const schema = this.part.schema(record)
    return schema === null ? this.#applySchemaless(record) : this.#applyWithSchema(record, schema)
  }

  close(): void {
    this.#schemaUpdateCache.clear()
  }

  #applyWithSchema<R extends ConnectRecord>(record: R, schema: Schema): R {
    const operating = this.part.value(record)
    const target = TRANSLATORS[this.#settings.type]
    if (this.#field === '') {
      const sourceType = timestampTypeFromSchema(schema)
      return this.part.with(record, target.typeSchema(schema.optional), this.#convert(operating, sourceType, schema))
    }
    const value = operating === null ? null : requireStruct(operating, PURPOSE, schema)
    const updatedSchema = this.#schemaUpdateCache.computeIfAbsent(schema, (s) => this.#buildSchema(s))
    return this.part.with(record, updatedSchema, this.#applyValueWithSchema(value, updatedSchema))
  }

  #buildSchema(schema: Schema): Schema {
    if (schema.type !== Type.STRUCT) throw new DataException('Cannot list fields on non-struct type')
    const target = TRANSLATORS[this.#settings.type]
    const builder = copySchemaBasics(schema, SchemaBuilder.struct())
    for (const f of schema.fields) {
      builder.field(f.name, f.name === this.#field ? target.typeSchema(f.schema.optional) : f.schema)
    }
    if (schema.optional) builder.optional()
    if (schema.defaultValue !== null) {
      builder.defaultValue(this.#applyValueWithSchema(schema.defaultValue as Struct, builder.build()))
    }
    return builder.build()
  }

  #applyValueWithSchema(value: Struct | null, updatedSchema: Schema): Struct | null {
    if (value === null) return null
    const updated = new Struct(updatedSchema)
    for (const f of value.schema.fields) {
      const fieldValue = readField(value, f, this.#replaceNullWithDefault)
      const converted =
        f.name === this.#field ? this.#convert(fieldValue, timestampTypeFromSchema(f.schema), f.schema) : fieldValue
      updated.put(f.name, converted)
    }
    return updated
  }

  #applySchemaless<R extends ConnectRecord>(record: R): R {
    const raw = this.part.value(record)
    if (raw === null || this.#field === '') return this.part.with(record, null, this.#convert(raw, null, null))
    const value = requireMap(raw, PURPOSE)
    const updated = new Map<unknown, unknown>(value)
    updated.set(this.#field, this.#convert(value.get(this.#field) ?? null, null, null))
    return this.part.with(record, null, updated)
  }

  /** `convertTimestamp`: null stays null; the source type inferred from the value where not given. */
  #convert(timestamp: unknown, sourceType: TimestampType | null, schema: Schema | null): unknown {
    if (timestamp === null || timestamp === undefined) return null
    const source = TRANSLATORS[sourceType ?? inferTimestampType(timestamp)]
    const instant = source.toRaw(this.#settings, timestamp, schema)
    return TRANSLATORS[this.#settings.type].toType(this.#settings, instant)
  }
}

export class TimestampConverterKey extends TimestampConverter {
  constructor() {
    super(KEY)
  }
}

export class TimestampConverterValue extends TimestampConverter {
  constructor() {
    super(VALUE)
  }
}

registerKeyValueTransformation(
  'org.apache.kafka.connect.transforms.TimestampConverter',
  TimestampConverterKey,
  TimestampConverterValue,
  { overview: TimestampConverter.OVERVIEW_DOC },
)
