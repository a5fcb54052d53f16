/**
 * Result columns → a Connect value schema, and rows → Structs, as Confluent's `SchemaMapping` with
 * `GenericDatabaseDialect` and `PostgreSqlDatabaseDialect` build them:
 *
 * | PostgreSQL                          | Connect                                                    |
 * | ----------------------------------- | ---------------------------------------------------------- |
 * | bool, bit(1)                        | BOOLEAN                                                    |
 * | bit(2..8) / bit(n > 8)              | INT8 / BYTES (as Confluent: the text read as a number / as bytes) |
 * | int2 / int4 / int8, oid             | INT16 / INT32 / INT64                                      |
 * | float4 / float8, money              | FLOAT32 / FLOAT64                                          |
 * | numeric                             | Decimal (scale; `connect.decimal.precision`), or per `numeric.mapping` |
 * | text, varchar, char, name, enums, xml, json, jsonb, uuid | STRING                        |
 * | bytea                               | BYTES                                                      |
 * | date / time, timetz / timestamp, timestamptz | Date / Time / Timestamp (or per `timestamp.granularity`) |
 * | arrays, composites, interval, inet, varbit, ranges, … | left out (Confluent logs "not currently supported") |
 *
 * Nullable columns (and computed ones) get optional schemas; the struct is named after the bare
 * table name (nothing in query mode); the key stays null. Values keep full precision: int8 as
 * bigint, numeric as BigDecimal from its text, timestamps from their text with microseconds.
 */
import { ConnectDate, ConnectTime, ConnectTimestamp, Decimal } from '../../layers/runtime/data/logical.js'
import { type Schema, SchemaBuilder, Schemas } from '../../layers/runtime/data/schema.js'
import { Struct } from '../../layers/runtime/data/struct.js'
import { BigDecimal } from '../../layers/runtime/data/values.js'
import { DataException } from '../../layers/runtime/errors.js'
import type { ColumnDefinition } from './column-definition.js'
import type { NumericMapping, TimestampGranularity } from './config.js'
import { type PgInstant, parseDate, parseTime, parseTimestamp } from './pg-temporal.js'
import type { TimeZoneRules } from './time-zone.js'

/** The settings that change how columns map. */
export interface MappingOptions {
  readonly numericMapping: NumericMapping
  readonly timestampGranularity: TimestampGranularity
  readonly zone: TimeZoneRules
  readonly legacyCalendar: boolean
}

/** The highest precision that fits a signed 64-bit integer. */
const MAX_INTEGER_TYPE_PRECISION = 18
const NUMERIC_TYPE_SCALE_LOW = -84
const NUMERIC_TYPE_SCALE_HIGH = 127
const NUMERIC_TYPE_SCALE_UNSET = -127
const PRECISION_FIELD = 'connect.decimal.precision'

type Converter = (raw: string) => unknown

/** One mapped column: where its value is in the row and how the text becomes the Connect value. */
interface FieldSetter {
  readonly column: number
  readonly field: string
  readonly convert: Converter
  /** Whether the reader may return a value its schema refuses (put checks it), else it is set as is. */
  readonly check: boolean
}

/** A column left out of the schema, for the warning Confluent logs. */
export interface DroppedColumn {
  readonly name: string
  readonly jdbcType: string
  readonly typeName: string
}

function optionalOr(schema: Schema, optional: Schema, isOptional: boolean): Schema {
  return isOptional ? optional : schema
}

function logical(builder: SchemaBuilder, optional: boolean): Schema {
  return (optional ? builder.optional() : builder).build()
}

// --- integer and number readers, as pgjdbc's getByte/getShort/getInt/getLong/getDouble read text ----

const INTEGER = /^[+-]?\d+$/

function integralReader(type: string, min: bigint, max: bigint): (raw: string) => bigint {
  return (raw) => {
    const s = raw.trim()
    if (s === '') return 0n
    let value: bigint
    if (INTEGER.test(s)) {
      value = BigInt(s)
    } else {
      // a decimal is truncated toward zero, as BigDecimal.toBigInteger() does
      let decimal: BigDecimal
      try {
        decimal = BigDecimal.parse(s)
      } catch {
        throw new DataException(`Bad value for type ${type} : ${s}`)
      }
      value =
        decimal.scale <= 0
          ? decimal.unscaled * 10n ** BigInt(-decimal.scale)
          : decimal.unscaled / 10n ** BigInt(decimal.scale)
    }
    if (value < min || value > max) throw new DataException(`Bad value for type ${type} : ${s}`)
    return value
  }
}

const readByte = integralReader('byte', -128n, 127n)
const readShort = integralReader('short', -32768n, 32767n)
const readInt = integralReader('int', -2147483648n, 2147483647n)
const readLongText = integralReader('long', -(2n ** 63n), 2n ** 63n - 1n)

/**
 * The value of text that is an optional `-` and 1 to 15 ASCII digits (what PostgreSQL writes for most
 * integers), or NaN for anything else: exact, as 15 digits stay below 2^53.
 */
function shortInteger(raw: string): number {
  const n = raw.length
  if (n === 0 || n > 16) return Number.NaN
  const negative = raw.charCodeAt(0) === 0x2d
  let i = negative ? 1 : 0
  if (i === n || n - i > 15) return Number.NaN
  let value = 0
  for (; i < n; i++) {
    const d = raw.charCodeAt(i) - 48
    if (d < 0 || d > 9) return Number.NaN
    value = value * 10 + d
  }
  return negative ? -value : value
}

function readLong(raw: string): bigint {
  const short = shortInteger(raw)
  return Number.isNaN(short) ? readLongText(raw) : BigInt(short)
}

/** INT32 (and the INT16/INT8 readers through their bigint path): short text read directly. */
function readInt32(raw: string): number {
  const short = shortInteger(raw)
  if (Number.isNaN(short) || short < -2147483648 || short > 2147483647) return Number(readInt(raw))
  return short === 0 ? 0 : short // -0 as 0, as Number(0n)
}

function readDouble(raw: string): number {
  // money comes as `$1,234.56` or `-$1.00`
  const s = raw
    .trim()
    .replace(/^(-?)\$/, '$1')
    .replaceAll(',', '')
  if (!/^[+-]?(?:NaN|Infinity|\d+\.?\d*(?:[eE][+-]?\d+)?|\.\d+(?:[eE][+-]?\d+)?)$/.test(s)) {
    throw new DataException(`Bad value for type double : ${raw}`)
  }
  return Number(s)
}

/** Java's `BigDecimal.setScale(scale, RoundingMode.HALF_EVEN)`. */
function setScaleHalfEven(value: BigDecimal, scale: number): BigDecimal {
  if (value.scale <= scale) return value.setScale(scale)
  const divisor = 10n ** BigInt(value.scale - scale)
  const negative = value.unscaled < 0n
  const magnitude = negative ? -value.unscaled : value.unscaled
  let quotient = magnitude / divisor
  const twice = (magnitude % divisor) * 2n
  if (twice > divisor || (twice === divisor && quotient % 2n === 1n)) quotient += 1n
  return new BigDecimal(negative ? -quotient : quotient, scale)
}

/**
 * A plain decimal (`-?digits[.digits]`, at most 15 digits) whose fraction has exactly `scale` digits,
 * as PostgreSQL writes a `numeric(p, scale)`; null for anything else. Its unscaled value is exact.
 */
function plainDecimal(raw: string, scale: number): BigDecimal | null {
  const n = raw.length
  if (n > 17) return null
  const negative = raw.charCodeAt(0) === 0x2d
  let i = negative ? 1 : 0
  let unscaled = 0
  let digits = 0
  let point = -1
  for (; i < n; i++) {
    const c = raw.charCodeAt(i)
    if (c === 0x2e && point < 0 && digits > 0) {
      point = i
      continue
    }
    const d = c - 48
    if (d < 0 || d > 9) return null
    unscaled = unscaled * 10 + d
    digits++
  }
  const fraction = point < 0 ? 0 : n - point - 1
  if (digits === 0 || digits > 15 || fraction !== scale || (point >= 0 && fraction === 0)) return null
  return new BigDecimal(BigInt(negative ? -unscaled : unscaled), scale)
}

function decimalReader(scale: number): Converter {
  return (raw) => {
    const plain = plainDecimal(raw, scale)
    if (plain !== null) return plain
    let value: BigDecimal
    try {
      value = BigDecimal.parse(raw)
    } catch {
      throw new DataException(`Bad value for type BigDecimal : ${raw.trim()}`)
    }
    return setScaleHalfEven(value, scale)
  }
}

/** BooleanTypeUtil.castToBoolean: the spellings pgjdbc accepts for a boolean. */
function readBoolean(raw: string): boolean {
  switch (raw.trim().toLowerCase()) {
    case 't':
    case 'true':
    case '1':
    case 'y':
    case 'yes':
    case 'on':
      return true
    case 'f':
    case 'false':
    case '0':
    case 'n':
    case 'no':
    case 'off':
      return false
    default:
      throw new DataException(`Cannot cast to boolean: "${raw}"`)
  }
}

function readBytea(raw: string): Uint8Array {
  if (raw.startsWith('\\x')) return Buffer.from(raw.slice(2), 'hex')
  // bytea_output = escape: \\ is a backslash, \ooo an octal byte, anything else itself
  const bytes: number[] = []
  for (let i = 0; i < raw.length; i++) {
    const c = raw.charCodeAt(i)
    if (c === 0x5c && raw[i + 1] === '\\') {
      bytes.push(0x5c)
      i++
    } else if (c === 0x5c) {
      bytes.push(Number.parseInt(raw.slice(i + 1, i + 4), 8))
      i += 3
    } else {
      bytes.push(c)
    }
  }
  return Uint8Array.from(bytes)
}

// --- schemas -----------------------------------------------------------------------------------------

function integerSchema(optional: boolean, precision: number): { schema: Schema; convert: Converter } {
  if (precision > 9) return { schema: optionalOr(Schemas.INT64, Schemas.OPTIONAL_INT64, optional), convert: readLong }
  if (precision > 4) return { schema: optionalOr(Schemas.INT32, Schemas.OPTIONAL_INT32, optional), convert: readInt32 }
  if (precision > 2) {
    return { schema: optionalOr(Schemas.INT16, Schemas.OPTIONAL_INT16, optional), convert: (r) => Number(readShort(r)) }
  }
  return { schema: optionalOr(Schemas.INT8, Schemas.OPTIONAL_INT8, optional), convert: (r) => Number(readByte(r)) }
}

const FLOAT64 = { schema: Schemas.FLOAT64, convert: readDouble }
const OPTIONAL_FLOAT64 = { schema: Schemas.OPTIONAL_FLOAT64, convert: readDouble }

/** Confluent's NUMERIC rules for one `numeric.mapping`; null keeps the Decimal. */
function numericAsPrimitive(
  mapping: NumericMapping,
  precision: number,
  scale: number,
  optional: boolean,
): { schema: Schema; convert: Converter } | null {
  const integral = scale < 1 && scale >= NUMERIC_TYPE_SCALE_LOW
  switch (mapping) {
    case 'precision_only':
      return scale === 0 && precision <= MAX_INTEGER_TYPE_PRECISION ? integerSchema(optional, precision) : null
    case 'best_fit':
      if (precision > MAX_INTEGER_TYPE_PRECISION) return null
      if (integral) return integerSchema(optional, precision)
      return scale > 0 ? (optional ? OPTIONAL_FLOAT64 : FLOAT64) : null
    case 'best_fit_eager_double':
      if (integral) return precision <= MAX_INTEGER_TYPE_PRECISION ? integerSchema(optional, precision) : null
      return scale > 0 ? (optional ? OPTIONAL_FLOAT64 : FLOAT64) : null
    case 'none':
      return null
  }
}

/** PostgreSQL's decimal scale: an unconstrained `numeric` (precision and scale 0) gets 127, as Confluent's dialect. */
function decimalScale(column: ColumnDefinition): number {
  if (column.scale === NUMERIC_TYPE_SCALE_UNSET) return NUMERIC_TYPE_SCALE_HIGH
  if (column.precision === 0 && column.scale === 0) return NUMERIC_TYPE_SCALE_HIGH
  return column.scale
}

function micros(instant: PgInstant): bigint {
  // Java: SECONDS.toMicros(getTime() / 1000) + getNanos() / 1000, the division truncating toward zero
  return BigInt(Math.trunc(instant.millis / 1000)) * 1_000_000n + BigInt(Math.floor(instant.nanos / 1000))
}

function nanos(instant: PgInstant): bigint {
  return BigInt(Math.trunc(instant.millis / 1000)) * 1_000_000_000n + BigInt(instant.nanos)
}

function isoDateTime(instant: PgInstant, zone: TimeZoneRules, digits: 6 | 9): string {
  const local = new Date(Math.floor(instant.millis / 1000) * 1000 + zone.offsetAt(instant.millis))
  const year = local.getUTCFullYear()
  const pad = (n: number, w = 2) => String(n).padStart(w, '0')
  const fraction = String(instant.nanos).padStart(9, '0').slice(0, digits)
  return `${year < 0 ? '-' : ''}${pad(Math.abs(year), 4)}-${pad(local.getUTCMonth() + 1)}-${pad(local.getUTCDate())}T${pad(local.getUTCHours())}:${pad(local.getUTCMinutes())}:${pad(local.getUTCSeconds())}.${fraction}`
}

/** The schema and reader of a TIMESTAMP column for a `timestamp.granularity`. */
function timestampField(
  granularity: TimestampGranularity,
  optional: boolean,
  options: MappingOptions,
): { schema: Schema; toValue: (instant: PgInstant) => unknown } {
  const { zone } = options
  switch (granularity) {
    case 'connect_logical':
      return { schema: logical(ConnectTimestamp.builder(), optional), toValue: (i) => new Date(i.millis) }
    case 'micros_long':
      return { schema: optionalOr(Schemas.INT64, Schemas.OPTIONAL_INT64, optional), toValue: micros }
    case 'nanos_long':
      return { schema: optionalOr(Schemas.INT64, Schemas.OPTIONAL_INT64, optional), toValue: nanos }
    case 'micros_string':
      return {
        schema: optionalOr(Schemas.STRING, Schemas.OPTIONAL_STRING, optional),
        toValue: (i) => String(micros(i)),
      }
    case 'nanos_string':
      return { schema: optionalOr(Schemas.STRING, Schemas.OPTIONAL_STRING, optional), toValue: (i) => String(nanos(i)) }
    case 'micros_iso_datetime_string':
      return {
        schema: optionalOr(Schemas.STRING, Schemas.OPTIONAL_STRING, optional),
        toValue: (i) => isoDateTime(i, zone, 6),
      }
    case 'nanos_iso_datetime_string':
      return {
        schema: optionalOr(Schemas.STRING, Schemas.OPTIONAL_STRING, optional),
        toValue: (i) => isoDateTime(i, zone, 9),
      }
  }
}

/**
 * A schema mapping for one result shape: the struct schema, the setters that fill it from a row of
 * text values, and the columns left out. Timestamps read for a row stay available through
 * {@link SchemaMapping.instantAt} (with their microseconds) for the offset.
 */
export class SchemaMapping {
  readonly schema: Schema
  readonly dropped: readonly DroppedColumn[]
  readonly #setters: readonly FieldSetter[]
  readonly #fields: ReturnType<Schema['field']>[]
  /** The instant of each TIMESTAMP column in the row last converted, by result column. */
  readonly #instants: (PgInstant | null)[]
  readonly #columns: readonly ColumnDefinition[]

  private constructor(
    schema: Schema,
    setters: FieldSetter[],
    dropped: DroppedColumn[],
    columns: readonly ColumnDefinition[],
    instants: (PgInstant | null)[],
  ) {
    this.schema = schema
    this.#setters = setters
    this.dropped = dropped
    this.#columns = columns
    this.#instants = instants
    this.#fields = setters.map((s) => schema.field(s.field))
  }

  /** Builds the mapping of a result's columns; `schemaName` is the bare table name, null in query mode. */
  static create(
    schemaName: string | null,
    columns: readonly ColumnDefinition[],
    options: MappingOptions,
  ): SchemaMapping {
    const builder = SchemaBuilder.struct()
    if (schemaName !== null) builder.name(schemaName)
    const setters: FieldSetter[] = []
    const dropped: DroppedColumn[] = []
    const instants: (PgInstant | null)[] = new Array<PgInstant | null>(columns.length).fill(null)
    columns.forEach((column, index) => {
      const mapped = SchemaMapping.#mapColumn(column, index, options, instants)
      if (mapped === null) {
        dropped.push({ name: column.name, jdbcType: column.jdbcType, typeName: column.typeName })
        return
      }
      builder.field(column.name, mapped.schema)
      setters.push({ column: index, field: column.name, convert: mapped.convert, check: mapped.check === true })
    })
    return new SchemaMapping(builder.build(), setters, dropped, columns, instants)
  }

  static #mapColumn(
    column: ColumnDefinition,
    index: number,
    options: MappingOptions,
    instants: (PgInstant | null)[],
  ): { schema: Schema; convert: Converter; check?: boolean } | null {
    const optional = column.optional
    switch (column.jdbcType) {
      case 'BIT':
        // PostgreSQL dialect: bool and bit(1) are booleans; bit(2..8) an INT8, longer bit strings bytes
        if (column.precision <= 1) {
          return { schema: optionalOr(Schemas.BOOLEAN, Schemas.OPTIONAL_BOOLEAN, optional), convert: readBoolean }
        }
        if (column.precision <= 8) {
          return {
            schema: optionalOr(Schemas.INT8, Schemas.OPTIONAL_INT8, optional),
            convert: (r) => Number(readByte(r)),
          }
        }
        return {
          schema: optionalOr(Schemas.BYTES, Schemas.OPTIONAL_BYTES, optional),
          convert: (r) => Buffer.from(r, 'utf8'),
        }
      case 'SMALLINT':
        return {
          schema: optionalOr(Schemas.INT16, Schemas.OPTIONAL_INT16, optional),
          convert: (r) => Number(readShort(r)),
        }
      case 'INTEGER':
        return { schema: optionalOr(Schemas.INT32, Schemas.OPTIONAL_INT32, optional), convert: readInt32 }
      case 'BIGINT':
        return { schema: optionalOr(Schemas.INT64, Schemas.OPTIONAL_INT64, optional), convert: readLong }
      case 'REAL':
        return {
          schema: optionalOr(Schemas.FLOAT32, Schemas.OPTIONAL_FLOAT32, optional),
          convert: (r) => Math.fround(readDouble(r)),
        }
      case 'DOUBLE':
        return optional ? OPTIONAL_FLOAT64 : FLOAT64
      case 'NUMERIC': {
        const primitive = numericAsPrimitive(options.numericMapping, column.precision, column.scale, optional)
        if (primitive !== null) return primitive
        const scale = decimalScale(column)
        const builder = Decimal.builder(scale).parameter(PRECISION_FIELD, String(column.precision))
        return { schema: logical(builder, optional), convert: decimalReader(scale) }
      }
      case 'CHAR':
      case 'VARCHAR':
      case 'SQLXML':
        return { schema: optionalOr(Schemas.STRING, Schemas.OPTIONAL_STRING, optional), convert: (r) => r }
      case 'BINARY':
        return { schema: optionalOr(Schemas.BYTES, Schemas.OPTIONAL_BYTES, optional), convert: readBytea }
      case 'DATE': {
        const legacy = options.legacyCalendar
        return { schema: logical(ConnectDate.builder(), optional), convert: (r) => new Date(parseDate(r, legacy)) }
      }
      case 'TIME': {
        const zone = options.zone
        return { schema: logical(ConnectTime.builder(), optional), convert: (r) => new Date(parseTime(r, zone)) }
      }
      case 'TIMESTAMP': {
        const { schema, toValue } = timestampField(options.timestampGranularity, optional, options)
        const { zone, legacyCalendar } = options
        return {
          schema,
          // micros and nanos since 1970 leave the INT64 range for distant years: Struct.put refuses them
          check: options.timestampGranularity === 'micros_long' || options.timestampGranularity === 'nanos_long',
          convert: (r) => {
            const instant = parseTimestamp(r, zone, legacyCalendar)
            instants[index] = instant
            return toValue(instant)
          },
        }
      }
      case 'OTHER':
        // PostgreSQL dialect: json, jsonb and uuid as strings; every other OTHER type is left out
        if (/^jsonb?$/i.test(column.typeName) || column.className === 'java.util.UUID') {
          return { schema: optionalOr(Schemas.STRING, Schemas.OPTIONAL_STRING, optional), convert: (r) => r }
        }
        return null
      default:
        return null
    }
  }

  /** The column definitions of the result, every column, mapped or not. */
  get columns(): readonly ColumnDefinition[] {
    return this.#columns
  }

  /** The index of a result column by name (case-sensitive), or -1. */
  columnIndex(name: string): number {
    return this.#columns.findIndex((c) => c.name === name)
  }

  /**
   * A Struct from one row of text values (`null` for SQL NULL), in result column order. A value that
   * cannot be read fails with a DataException naming the column.
   */
  toStruct(row: readonly (string | null)[]): Struct {
    const struct = new Struct(this.schema)
    const setters = this.#setters
    for (let i = 0; i < setters.length; i++) {
      const setter = setters[i]!
      const raw = row[setter.column]
      if (raw === null || raw === undefined) {
        this.#instants[setter.column] = null
        struct.put(this.#fields[i]!, null)
        continue
      }
      let value: unknown
      try {
        value = setter.convert(raw)
      } catch (error) {
        const reason = error instanceof Error ? error.message : String(error)
        throw new DataException(`Cannot read column ${setter.field}: ${reason}`, { cause: error })
      }
      // the other readers return the Java class of their field's schema, always (schema-mapping-readers
      // test checks every mapping against Struct.validate): nothing for `put` to check per value
      if (setter.check) struct.put(this.#fields[i]!, value)
      else struct.putWithoutValidation(this.#fields[i]!, value)
    }
    return struct
  }

  /** The timestamp (with microseconds) of a TIMESTAMP column in the row last converted; null when NULL. */
  instantAt(column: number): PgInstant | null {
    return this.#instants[column] ?? null
  }
}
