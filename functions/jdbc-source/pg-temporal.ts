/**
 * PostgreSQL's text forms of dates, times and timestamps, read and written the way pgjdbc reads and
 * writes them through a `Calendar` in `db.timezone` (Confluent's `rs.getTimestamp(col, cal)` and
 * `stmt.setTimestamp(i, ts, cal)`).
 *
 * Timestamps are read as text, never through JavaScript's `Date`: PostgreSQL keeps microseconds, a
 * `Date` keeps milliseconds, and an offset rounded to milliseconds would re-read the same rows
 * forever. A {@link PgInstant} holds what Java's `java.sql.Timestamp` holds: epoch millis and the
 * nanoseconds of the second.
 */
import { DataException } from '../../layers/runtime/errors.js'
import { civilFromDays, daysFromCivil } from './calendar.js'
import type { TimeZoneRules } from './time-zone.js'

const DAY_MS = 86_400_000

/** An instant as Java's `java.sql.Timestamp` holds it. */
export interface PgInstant {
  /** Epoch milliseconds, floored (`Timestamp.getTime()`). */
  readonly millis: number
  /** Nanoseconds of the second, 0 to 999,999,999 (`Timestamp.getNanos()`). */
  readonly nanos: number
}

/** Java's `Timestamp.compareTo`: by instant, to the nanosecond. */
export function compareInstants(a: PgInstant, b: PgInstant): number {
  const secondsA = Math.floor(a.millis / 1000)
  const secondsB = Math.floor(b.millis / 1000)
  if (secondsA !== secondsB) return secondsA < secondsB ? -1 : 1
  return a.nanos === b.nanos ? 0 : a.nanos < b.nanos ? -1 : 1
}

/** Java's `new Timestamp(millis)`. */
export function instantOfMillis(millis: number): PgInstant {
  return { millis, nanos: (millis - Math.floor(millis / 1000) * 1000) * 1_000_000 }
}

/** Java's `new Timestamp(millis)` followed by `setNanos(nanos)`: the nanos replace the fraction. */
export function instantOf(millis: number, nanos: number): PgInstant {
  return { millis: Math.floor(millis / 1000) * 1000 + Math.floor(nanos / 1_000_000), nanos }
}

const TIMESTAMP =
  /^(\d{4,})-(\d\d)-(\d\d) (\d\d):(\d\d):(\d\d)(?:\.(\d{1,9})\d*)?(?:([+-])(\d\d)(?::(\d\d))?(?::(\d\d))?)?( BC)?$/
const DATE = /^(\d{4,})-(\d\d)-(\d\d)( BC)?$/
const TIME = /^(\d\d):(\d\d):(\d\d)(?:\.(\d{1,9})\d*)?(?:([+-])(\d\d)(?::(\d\d))?(?::(\d\d))?)?$/

function fractionNanos(digits: string | undefined): number {
  return digits === undefined ? 0 : Number(digits.padEnd(9, '0'))
}

function offsetMillis(sign: string | undefined, h: string | undefined, m: string | undefined, s: string | undefined) {
  if (sign === undefined) return null
  const ms = (Number(h) * 3600 + Number(m ?? '0') * 60 + Number(s ?? '0')) * 1000
  return sign === '-' ? -ms : ms
}

function unreadable(type: string, text: string): DataException {
  return new DataException(`Bad value for type ${type} : ${text}`)
}

function infinite(type: string, text: string): DataException {
  return new DataException(
    `Cannot represent ${type} value '${text}': Connect's logical types hold no infinity (pgjdbc maps it to a sentinel date)`,
  )
}

/**
 * Reads `timestamp` and `timestamptz` text (`2024-01-15 10:20:30.123456+05:30`, `0044-03-15 10:00:00 BC`).
 * Without an offset the wall clock is read in `zone`; `legacy` selects Java's hybrid Julian/Gregorian calendar.
 */
export function parseTimestamp(text: string, zone: TimeZoneRules, legacy: boolean): PgInstant {
  return parseCommonTimestamp(text, zone, legacy) ?? parseAnyTimestamp(text, zone, legacy)
}

/** Two ASCII digits at `i` as a number, or -1. */
function twoDigits(text: string, i: number): number {
  const a = text.charCodeAt(i) - 48
  const b = text.charCodeAt(i + 1) - 48
  return a >= 0 && a <= 9 && b >= 0 && b <= 9 ? a * 10 + b : -1
}

/**
 * The form PostgreSQL writes for years 1000 to 9999 (`2024-01-15 10:20:30.123456+05:30`), read
 * without a regular expression; null for anything else (read by {@link parseAnyTimestamp}). The
 * same arithmetic as the general reader.
 */
function parseCommonTimestamp(text: string, zone: TimeZoneRules, legacy: boolean): PgInstant | null {
  const n = text.length
  if (n < 19 || text.charCodeAt(4) !== 0x2d || text.charCodeAt(7) !== 0x2d || text.charCodeAt(10) !== 0x20) return null
  if (text.charCodeAt(13) !== 0x3a || text.charCodeAt(16) !== 0x3a) return null
  const century = twoDigits(text, 0)
  const yy = twoDigits(text, 2)
  const month = twoDigits(text, 5)
  const day = twoDigits(text, 8)
  const hour = twoDigits(text, 11)
  const minute = twoDigits(text, 14)
  const second = twoDigits(text, 17)
  if (century < 0 || yy < 0 || month < 0 || day < 0 || hour < 0 || minute < 0 || second < 0) return null
  let i = 19
  let nanos = 0
  if (i < n && text.charCodeAt(i) === 0x2e) {
    i++
    let digits = 0
    for (; i < n; i++) {
      const d = text.charCodeAt(i) - 48
      if (d < 0 || d > 9) break
      // digits beyond the ninth are dropped, as the general reader does
      if (digits < 9) nanos = nanos * 10 + d
      digits++
    }
    if (digits === 0) return null
    for (let k = Math.min(digits, 9); k < 9; k++) nanos *= 10
  }
  let offset: number | null = null
  if (i < n) {
    const sign = text.charCodeAt(i)
    if (sign !== 0x2b && sign !== 0x2d) return null
    const oh = twoDigits(text, i + 1)
    if (oh < 0) return null
    i += 3
    let om = 0
    let os = 0
    if (i < n && text.charCodeAt(i) === 0x3a) {
      om = twoDigits(text, i + 1)
      if (om < 0) return null
      i += 3
      if (i < n && text.charCodeAt(i) === 0x3a) {
        os = twoDigits(text, i + 1)
        if (os < 0) return null
        i += 3
      }
    }
    if (i !== n) return null
    const ms = (oh * 3600 + om * 60 + os) * 1000
    offset = sign === 0x2d ? -ms : ms
  }
  const days = daysFromCivil(century * 100 + yy, month, day, legacy)
  const wall = days * DAY_MS + (hour * 3600 + minute * 60 + second) * 1000
  const epochSecondMillis =
    offset !== null ? wall - offset : zone.fixed ? wall - zone.offsetAt(0) : zone.instantOfWall(wall)
  return { millis: epochSecondMillis + Math.floor(nanos / 1_000_000), nanos }
}

/** Every form PostgreSQL writes (years of 5 digits and more, BC) and the errors, with a regular expression. */
export function parseAnyTimestamp(text: string, zone: TimeZoneRules, legacy: boolean): PgInstant {
  const m = TIMESTAMP.exec(text)
  if (!m) {
    if (text === 'infinity' || text === '-infinity') throw infinite('timestamp', text)
    throw unreadable('timestamp', text)
  }
  const year = m[12] === undefined ? Number(m[1]) : 1 - Number(m[1])
  const days = daysFromCivil(year, Number(m[2]), Number(m[3]), legacy)
  const wall = days * DAY_MS + (Number(m[4]) * 3600 + Number(m[5]) * 60 + Number(m[6])) * 1000
  const offset = offsetMillis(m[8], m[9], m[10], m[11])
  const epochSecondMillis =
    offset !== null ? wall - offset : zone.fixed ? wall - zone.offsetAt(0) : zone.instantOfWall(wall)
  const nanos = fractionNanos(m[7])
  return { millis: epochSecondMillis + Math.floor(nanos / 1_000_000), nanos }
}

/** Reads `date` text as midnight UTC of that day (pgjdbc's `getDate(col, utcCalendar)`), in epoch millis. */
export function parseDate(text: string, legacy: boolean): number {
  const m = DATE.exec(text)
  if (!m) {
    if (text === 'infinity' || text === '-infinity') throw infinite('date', text)
    throw unreadable('date', text)
  }
  const year = m[4] === undefined ? Number(m[1]) : 1 - Number(m[1])
  return daysFromCivil(year, Number(m[2]), Number(m[3]), legacy) * DAY_MS
}

/**
 * Reads `time` and `timetz` text as pgjdbc's `getTime(col, cal)`: the time of day on 1970-01-01 in
 * `zone` (or at the value's own offset), in epoch millis; fractions below a millisecond are dropped.
 */
export function parseTime(text: string, zone: TimeZoneRules): number {
  const m = TIME.exec(text)
  if (!m) throw unreadable('time', text)
  const wall = (Number(m[1]) * 3600 + Number(m[2]) * 60 + Number(m[3])) * 1000
  const offset = offsetMillis(m[5], m[6], m[7], m[8])
  const instant = offset !== null ? wall - offset : zone.instantOfWall(wall)
  return instant + Math.floor(fractionNanos(m[4]) / 1_000_000)
}

function pad(n: number, width: number): string {
  return String(n).padStart(width, '0')
}

function formatOffset(offsetMs: number): string {
  const total = Math.abs(offsetMs) / 1000
  const hours = Math.floor(total / 3600)
  const minutes = Math.floor((total - hours * 3600) / 60)
  const seconds = total - hours * 3600 - minutes * 60
  let text = `${offsetMs >= 0 ? '+' : '-'}${pad(hours, 2)}`
  if (minutes !== 0 || seconds !== 0) text += `:${pad(minutes, 2)}`
  if (seconds !== 0) text += `:${pad(seconds, 2)}`
  return text
}

/**
 * Writes an instant as pgjdbc's `setTimestamp(i, ts, cal)` sends it: the wall clock in `zone` with
 * its offset, microseconds rounded half up, `BC` for years before 1.
 * @example formatTimestamp({ millis: 0, nanos: 0 }, UTC, true) // '1970-01-01 00:00:00+00'
 */
export function formatTimestamp(instant: PgInstant, zone: TimeZoneRules, legacy: boolean): string {
  let millis = instant.millis
  let nanos = instant.nanos
  if (nanos >= 999_999_500) {
    nanos = 0
    millis += 1
  } else if (nanos % 1000 > 499) {
    nanos += 1000 - (nanos % 1000)
  }
  const offset = zone.offsetAt(millis)
  const local = millis + offset
  const days = Math.floor(local / DAY_MS)
  const secondOfDay = Math.floor((local - days * DAY_MS) / 1000)
  const date = civilFromDays(days, legacy)
  const bc = date.year <= 0
  let text = `${pad(bc ? 1 - date.year : date.year, 4)}-${pad(date.month, 2)}-${pad(date.day, 2)} `
  text += `${pad(Math.floor(secondOfDay / 3600), 2)}:${pad(Math.floor(secondOfDay / 60) % 60, 2)}:${pad(secondOfDay % 60, 2)}`
  if (nanos >= 1000) text += `.${pad(Math.floor(nanos / 1000), 6).replace(/0+$/, '')}`
  return `${text}${formatOffset(offset)}${bc ? ' BC' : ''}`
}
