/**
 * Timestamp extractors (`timestamp.extractor`), as Confluent's `TimeBasedPartitioner` defines them:
 * `Wallclock` (processing time), `Record` (the Kafka record timestamp) and `RecordField` (a field of
 * the value named by `timestamp.field`, dotted paths allowed).
 */
import { LOGICAL_TIMESTAMP } from '../../../layers/runtime/data/schema.js'
import { Struct } from '../../../layers/runtime/data/struct.js'
import { BigDecimal, BigInteger, Float32, Int8, Int16, Int32, Type } from '../../../layers/runtime/data/values.js'
import { ConfigException, DataException } from '../../../layers/runtime/errors.js'
import type { ConnectRecord } from '../../../layers/runtime/record/record.js'
import { getNestedField, getNestedFieldValue } from './data-utils.js'
import { PartitionException } from './partition-exception.js'

export interface TimestampExtractor {
  /** The record's timestamp in epoch millis, or null when it has none; `nowMs` is the processing time. */
  extract(record: ConnectRecord, nowMs: number): number | null
}

/** The built-in extractors' short names, as `timestamp.extractor` takes them. */
export const TimestampExtractorName = {
  WALLCLOCK: 'Wallclock',
  RECORD: 'Record',
  RECORD_FIELD: 'RecordField',
} as const

const CLASS_PREFIX = 'io.confluent.connect.storage.partitioner.TimeBasedPartitioner$'

export const wallclockExtractor: TimestampExtractor = { extract: (_record, nowMs) => nowMs }

export const recordTimestampExtractor: TimestampExtractor = { extract: (record) => record.timestamp }

const NUMERIC_TIMESTAMP = /^-?[0-9]{1,19}$/
const LONG_MIN = -(2n ** 63n)
const LONG_MAX = 2n ** 63n - 1n

/**
 * Joda's `ISODateTimeFormat.dateTimeParser()` for the forms it accepts in practice: a calendar date
 * (`yyyy`, `yyyy-MM`, `yyyy-MM-dd`) or an ordinal date (`yyyy-DDD`), an optional `T` time (`HH`,
 * `HH:mm`, `HH:mm:ss`, fraction after `.` or `,`) and an optional offset (`Z`, `±hh`, `±hh:mm`,
 * `±hhmm`). Without an offset the time is read as UTC (Joda reads it in the JVM's default zone).
 */
const ISO =
  /^([+-]?\d{4,9})(?:-(\d{2})(?:-(\d{2}))?|-(\d{3}))?(?:T(\d{2})(?::?(\d{2})(?::?(\d{2})(?:[.,](\d+))?)?)?)?(Z|[+-]\d{2}(?::?\d{2})?)?$/
const TIME_ONLY = /^T(\d{2})(?::?(\d{2})(?::?(\d{2})(?:[.,](\d+))?)?)?(Z|[+-]\d{2}(?::?\d{2})?)?$/

function offsetMillis(text: string | undefined): number {
  if (text === undefined || text === 'Z') return 0
  const sign = text[0] === '-' ? -1 : 1
  const digits = text.slice(1).replace(':', '')
  return sign * (Number(digits.slice(0, 2)) * 3_600_000 + Number(digits.slice(2, 4) || '0') * 60_000)
}

function fractionMillis(fraction: string | undefined): number {
  return fraction === undefined ? 0 : Number(fraction.slice(0, 3).padEnd(3, '0'))
}

function invalidFormat(text: string): DataException {
  return new DataException(`Invalid format: "${text}"`)
}

/** Parses an ISO-8601 date-time into epoch millis, as Joda's `dateTimeParser().parseMillis`. */
export function parseIsoDateTime(text: string): number {
  const timeOnly = TIME_ONLY.exec(text)
  const m = timeOnly ? null : ISO.exec(text)
  if (!timeOnly && !m) throw invalidFormat(text)
  const g = timeOnly ? [undefined, '1970', '01', '01', undefined, ...timeOnly.slice(1)] : (m as RegExpExecArray)
  const year = Number(g[1])
  const month = g[2] === undefined ? 1 : Number(g[2])
  const day = g[3] === undefined ? 1 : Number(g[3])
  const hour = Number(g[5] ?? 0)
  const minute = Number(g[6] ?? 0)
  const second = Number(g[7] ?? 0)
  if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59 || second > 59) {
    throw invalidFormat(text)
  }
  const date = new Date(0)
  date.setUTCFullYear(year, month - 1, g[4] === undefined ? day : 1)
  if (g[4] !== undefined) {
    const ordinal = Number(g[4])
    if (ordinal < 1 || ordinal > 366) throw invalidFormat(text)
    date.setUTCDate(ordinal)
  } else if (date.getUTCDate() !== day) {
    throw invalidFormat(text)
  }
  date.setUTCHours(hour, minute, second, fractionMillis(g[8]))
  return date.getTime() - offsetMillis(g[9])
}

function timestampFromString(text: string): number {
  if (NUMERIC_TIMESTAMP.test(text)) {
    const value = BigInt(text)
    if (value >= LONG_MIN && value <= LONG_MAX) return Number(value)
  }
  return parseIsoDateTime(text)
}

/** Java's `Number.longValue()` for the values a schemaless map can hold. */
function numberValue(value: unknown): number | null {
  if (typeof value === 'number') return Math.trunc(value)
  if (typeof value === 'bigint') return Number(value)
  if (value instanceof Int8 || value instanceof Int16 || value instanceof Int32 || value instanceof Float32) {
    return Math.trunc(value.value)
  }
  if (value instanceof BigInteger) return Number(value.value)
  if (value instanceof BigDecimal) return Math.trunc(value.toNumber())
  return null
}

/** `RecordField`: the value of `timestamp.field` (dotted path) in a Struct or Map value. */
export class RecordFieldTimestampExtractor implements TimestampExtractor {
  constructor(readonly fieldName: string) {}

  extract(record: ConnectRecord): number | null {
    const value = record.value
    if (value instanceof Struct) {
      const timestampValue = getNestedFieldValue(value, this.fieldName)
      const field = record.valueSchema === null ? undefined : getNestedField(record.valueSchema, this.fieldName)
      if (field === undefined) throw new DataException(`The field '${this.fieldName}' does not exist.`)
      const schema = field.schema
      if (schema.name === LOGICAL_TIMESTAMP) return (timestampValue as Date).getTime()
      switch (schema.type) {
        case Type.INT32:
        case Type.INT64:
          return Number(timestampValue as number | bigint)
        case Type.STRING:
          return timestampFromString(timestampValue as string)
        default:
          throw new PartitionException(`Error extracting timestamp from record field: ${this.fieldName}`)
      }
    }
    if (value instanceof Map) {
      const timestampValue = getNestedFieldValue(value, this.fieldName)
      const n = numberValue(timestampValue)
      if (n !== null) return n
      if (typeof timestampValue === 'string') return timestampFromString(timestampValue)
      if (timestampValue instanceof Date) return timestampValue.getTime()
      throw new PartitionException(`Error extracting timestamp from record field: ${this.fieldName}`)
    }
    throw new PartitionException('Error encoding partition.')
  }
}

/**
 * The extractor for a `timestamp.extractor` value: a short name or the built-in class's full name.
 * Custom classes cannot be loaded here: a ConfigException says so, as Java's does for a missing class.
 */
export function newTimestampExtractor(name: string, timestampField: string): TimestampExtractor {
  const short = name.startsWith(CLASS_PREFIX)
    ? name.slice(CLASS_PREFIX.length).replace(/TimestampExtractor$/, '')
    : name
  switch (short) {
    case TimestampExtractorName.WALLCLOCK:
      return wallclockExtractor
    case TimestampExtractorName.RECORD:
      return recordTimestampExtractor
    case TimestampExtractorName.RECORD_FIELD:
      return new RecordFieldTimestampExtractor(timestampField)
    default:
      throw new ConfigException(`Invalid timestamp extractor: ${name}`)
  }
}
