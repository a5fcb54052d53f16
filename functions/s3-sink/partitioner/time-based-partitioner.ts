import { ConfigException } from '../../../layers/runtime/errors.js'
import type { SinkRecord } from '../../../layers/runtime/record/record.js'
import { DefaultPartitioner } from './default-partitioner.js'
import { IllegalPatternError, JodaDateTimeFormatter, patternTokens } from './joda-format.js'
import { PartitionException } from './partition-exception.js'
import { type DateTimeZone, forId, UnknownTimeZoneError } from './time-zone.js'
import type { TimestampExtractor } from './timestamp-extractor.js'

export const PARTITION_DURATION_MS = 'partition.duration.ms'
export const PATH_FORMAT = 'path.format'
export const LOCALE = 'locale'
export const TIMEZONE = 'timezone'

const HOUR = 3_600_000
const DAY = 86_400_000
const BUCKET_CACHE_LIMIT = 1024

export interface TimeBasedSettings {
  readonly partitionDurationMs: number
  readonly pathFormat: string
  readonly locale: string
  readonly timezone: string
  readonly directoryDelim: string
  readonly timestampExtractor: TimestampExtractor
  /** Its name, for the error when a record has no timestamp. */
  readonly timestampExtractorName: string
}

/**
 * Confluent's `TimeBasedPartitioner.getPartition`: the start of the time bucket holding `timestamp`,
 * in UTC millis. The bucket is cut in local time: convert to `zone`, round to a multiple of the
 * duration, convert back. The rounding is Java's long division, towards zero, so before 1970 (local)
 * it rounds up, as Connect does.
 */
export function getPartition(durationMs: number, timestamp: number, zone: DateTimeZone): number {
  const adjusted = zone.convertUTCToLocal(timestamp)
  return zone.convertLocalToUTC(adjusted - (adjusted % durationMs))
}

/**
 * The `partition.duration.ms` to use when it is not set: the finest time unit the `path.format`
 * prints (`HH` → 1 hour, `dd` → 1 day, `mm` → 1 minute), and 1 day for a format no finer than a day
 * (a month or a year cannot be a fixed duration; day buckets always print the right month and year).
 */
export function defaultPartitionDuration(pathFormat: string): number {
  let finest = DAY
  for (const token of patternTokens(pathFormat)) {
    const unit = UNIT_MS[token[0] as string]
    if (unit !== undefined && unit < finest) finest = unit
  }
  return finest
}

const UNIT_MS: Readonly<Record<string, number>> = {
  S: 1,
  s: 1000,
  m: 60_000,
  H: HOUR,
  k: HOUR,
  K: HOUR,
  h: HOUR,
  a: 12 * HOUR,
}

/** Joda's `Locale(String)` takes `en_US` as well as `en-US`; Intl takes only the second. */
function intlLocale(locale: string): string {
  const tag = locale.trim().replace(/_/g, '-')
  try {
    return Intl.getCanonicalLocales(tag)[0] ?? 'en'
  } catch {
    return 'en'
  }
}

/**
 * Confluent's `TimeBasedPartitioner`: the record's timestamp, rounded down to `partition.duration.ms`
 * in `timezone`, printed with the Joda pattern `path.format` (e.g. `year=2026/month=11/day=29`).
 */
export class TimeBasedPartitioner extends DefaultPartitioner {
  readonly partitionDurationMs: number
  readonly pathFormat: string
  readonly zone: DateTimeZone
  private readonly formatter: JodaDateTimeFormatter
  private readonly extractor: TimestampExtractor
  private readonly extractorName: string
  private readonly buckets = new Map<number, string>()

  /** Validates as Confluent's `configure` does, with its messages, in its order. */
  constructor(settings: TimeBasedSettings) {
    super(settings.directoryDelim)
    const delim = settings.directoryDelim
    if (settings.partitionDurationMs <= 0) {
      throw ConfigException.invalid(
        PARTITION_DURATION_MS,
        settings.partitionDurationMs,
        'Partition duration needs to be a positive.',
      )
    }
    let pathFormat = settings.pathFormat
    if (pathFormat.trim() === '' || pathFormat === delim) {
      throw ConfigException.invalid(PATH_FORMAT, pathFormat, 'Path format cannot be empty.')
    }
    if (delim.trim() !== '' && pathFormat.endsWith(delim)) pathFormat = pathFormat.slice(0, -delim.length)
    if (settings.locale.trim() === '') throw ConfigException.invalid(LOCALE, settings.locale, 'Locale cannot be empty.')
    if (settings.timezone.trim() === '') {
      throw ConfigException.invalid(TIMEZONE, settings.timezone, 'Timezone cannot be empty.')
    }
    try {
      this.zone = forId(settings.timezone.trim())
    } catch (e) {
      if (e instanceof UnknownTimeZoneError) throw ConfigException.invalid(TIMEZONE, settings.timezone, e.message)
      throw e
    }
    try {
      this.formatter = new JodaDateTimeFormatter(pathFormat, this.zone, intlLocale(settings.locale))
    } catch (e) {
      if (e instanceof IllegalPatternError) throw ConfigException.invalid(PATH_FORMAT, pathFormat, e.message)
      throw e
    }
    this.partitionDurationMs = settings.partitionDurationMs
    this.pathFormat = pathFormat
    this.extractor = settings.timestampExtractor
    this.extractorName = settings.timestampExtractorName
  }

  override encodePartition(record: SinkRecord, nowMs: number = Date.now()): string {
    const timestamp = this.extractor.extract(record, nowMs)
    if (timestamp === null) {
      throw new PartitionException(
        `Unable to determine timestamp using timestamp.extractor ${this.extractorName} for record: ${describe(record)}`,
      )
    }
    return this.encodeTimestamp(timestamp)
  }

  /** The encoded partition of an instant (epoch millis). */
  encodeTimestamp(timestamp: number): string {
    const bucket = getPartition(this.partitionDurationMs, timestamp, this.zone)
    let encoded = this.buckets.get(bucket)
    if (encoded === undefined) {
      encoded = this.formatter.print(bucket)
      if (this.buckets.size >= BUCKET_CACHE_LIMIT) this.buckets.clear()
      this.buckets.set(bucket, encoded)
    }
    return encoded
  }
}

function describe(record: SinkRecord): string {
  return `SinkRecord{kafkaOffset=${record.kafkaOffset}, timestampType=${record.timestampType}} ConnectRecord{topic='${record.topic}', kafkaPartition=${record.kafkaPartition}}`
}
