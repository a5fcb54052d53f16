/**
 * Dates as Java writes and reads them, in UTC (the time zone Connect workers are expected to run in):
 * `java.util.Date.toString()`, and the three ISO-8601 `SimpleDateFormat` patterns Connect's `Values`
 * uses, with `SimpleDateFormat`'s lenient parsing.
 *
 * Java's calendar is Gregorian from 1582-10-15 and Julian before it, so dates before the cutover
 * differ from JavaScript's proleptic Gregorian `Date`; both directions here follow Java.
 */
import { isJavaDigit, javaDigitValue } from './java-numbers.js'

const MILLIS_PER_DAY = 86_400_000
/** The day number (days since 0001-01-01 Gregorian, that day being 1) of 1970-01-01. */
const EPOCH_DAY_NUMBER = 719_163
/** The day number of 1582-10-15, the first Gregorian day. */
const CUTOVER_DAY_NUMBER = 577_736
const CUTOVER_YEAR = 1582

const DAY_NAMES = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'] as const
const MONTH_NAMES = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'] as const

/** Integer division rounding down, exact for integers (no floating-point quotient). */
function floorDiv(a: number, b: number): number {
  const r = a % b
  return (a - r) / b - (r !== 0 && r < 0 !== b < 0 ? 1 : 0)
}
function floorMod(a: number, b: number): number {
  return a - floorDiv(a, b) * b
}

/** The day number of a Gregorian date (month 1–12; day may run past the month, leniently). */
function gregorianDayNumber(year: number, month: number, day: number): number {
  const y = year - 1
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0)
  return (
    365 * y +
    floorDiv(y, 4) -
    floorDiv(y, 100) +
    floorDiv(y, 400) +
    floorDiv(367 * month - 362, 12) +
    (month <= 2 ? 0 : leap ? -1 : -2) +
    day
  )
}

/** The day number of a Julian date (year astronomical: 0 is 1 BC). */
function julianDayNumber(year: number, month: number, day: number): number {
  const leap = floorMod(year, 4) === 0
  return (
    -2 +
    365 * (year - 1) +
    day +
    floorDiv(year - 1, 4) +
    floorDiv(367 * month - 362, 12) -
    (month > 2 ? (leap ? 1 : 2) : 0)
  )
}

interface CivilDate {
  readonly year: number
  readonly month: number
  readonly day: number
}

function julianDateOf(dayNumber: number): CivilDate {
  const year = floorDiv(4 * (dayNumber + 1) + 1464, 1461)
  let priorDays = dayNumber - julianDayNumber(year, 1, 1)
  if (dayNumber >= julianDayNumber(year, 3, 1)) priorDays += floorMod(year, 4) === 0 ? 1 : 2
  const month = floorDiv(12 * priorDays + 373, 367)
  return { year, month, day: dayNumber - julianDayNumber(year, month, 1) + 1 }
}

function gregorianDateOf(dayNumber: number): CivilDate {
  const d = new Date((dayNumber - EPOCH_DAY_NUMBER) * MILLIS_PER_DAY)
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() }
}

function pad(n: number, width: number): string {
  return String(n).padStart(width, '0')
}

/** Java's `java.util.Date.toString()` in UTC: `Thu Jan 01 00:00:00 UTC 1970`. */
export function javaDateToString(date: Date): string {
  const ms = date.getTime()
  if (Number.isNaN(ms)) return 'Invalid Date'
  const dayNumber = EPOCH_DAY_NUMBER + floorDiv(ms, MILLIS_PER_DAY)
  const civil = dayNumber >= CUTOVER_DAY_NUMBER ? gregorianDateOf(dayNumber) : julianDateOf(dayNumber)
  const year = civil.year <= 0 ? 1 - civil.year : civil.year // the year of its era: 1 BC prints as 1
  return `${DAY_NAMES[floorMod(dayNumber, 7)]} ${MONTH_NAMES[civil.month - 1]} ${pad(civil.day, 2)} ${timeOfDay(ms)} UTC ${year}`
}

function timeOfDay(ms: number): string {
  const t = floorMod(ms, MILLIS_PER_DAY)
  return `${pad(Math.floor(t / 3_600_000), 2)}:${pad(Math.floor(t / 60_000) % 60, 2)}:${pad(Math.floor(t / 1000) % 60, 2)}`
}

// --- the ISO-8601 patterns of Connect's Values ----------------------------------------------------

/** `yyyy-MM-dd`, `HH:mm:ss.SSS'Z'` and `yyyy-MM-dd'T'HH:mm:ss.SSS'Z'`. */
export const IsoPattern = { DATE: 'date', TIME: 'time', TIMESTAMP: 'timestamp' } as const
export type IsoPattern = (typeof IsoPattern)[keyof typeof IsoPattern]

/** The length of text each pattern formats to (and the only length `Values` tries it on). */
export const ISO_LENGTH: Readonly<Record<IsoPattern, number>> = { date: 10, time: 13, timestamp: 24 }

/** Formats epoch millis with one of the patterns, as `SimpleDateFormat` does in UTC. */
export function formatIso(ms: number, pattern: IsoPattern): string {
  const t = floorMod(ms, MILLIS_PER_DAY)
  const time = `${timeOfDay(ms)}.${pad(t % 1000, 3)}Z`
  if (pattern === IsoPattern.TIME) return time
  const dayNumber = EPOCH_DAY_NUMBER + floorDiv(ms, MILLIS_PER_DAY)
  const civil = dayNumber >= CUTOVER_DAY_NUMBER ? gregorianDateOf(dayNumber) : julianDateOf(dayNumber)
  const year = civil.year <= 0 ? 1 - civil.year : civil.year
  const date = `${pad(year, 4)}-${pad(civil.month, 2)}-${pad(civil.day, 2)}`
  return pattern === IsoPattern.DATE ? date : `${date}T${time}`
}

/** A pattern as `SimpleDateFormat` compiles it: numeric fields and literal characters. */
type Element = 'y' | 'M' | 'd' | 'H' | 'm' | 's' | 'S' | { readonly literal: number }
const lit = (c: string): Element => ({ literal: c.charCodeAt(0) })
const DATE_ELEMENTS: readonly Element[] = ['y', lit('-'), 'M', lit('-'), 'd']
const TIME_ELEMENTS: readonly Element[] = ['H', lit(':'), 'm', lit(':'), 's', lit('.'), 'S', lit('Z')]
const ELEMENTS: Readonly<Record<IsoPattern, readonly Element[]>> = {
  date: DATE_ELEMENTS,
  time: TIME_ELEMENTS,
  timestamp: [...DATE_ELEMENTS, lit('T'), ...TIME_ELEMENTS],
}

/**
 * `DecimalFormat`'s integer parse as `SimpleDateFormat` uses it, from `pos`: an optional `-`, Java
 * digits, an optional exponent (`E`, optional `-`, digits); then `Number.intValue()`. Returns the
 * value (its end in {@link parsedEnd}), or null where no digit is found.
 */
/** Where the last {@link parseInteger} ended (a field rather than a result object: this runs per header). */
let parsedEnd = 0

function parseInteger(text: string, pos: number): number | null {
  let i = pos
  const negative = text.charCodeAt(i) === 0x2d
  if (negative) i++
  const start = i
  let magnitude = 0
  for (; i < text.length; i++) {
    const code = text.charCodeAt(i)
    const d = code >= 0x30 && code <= 0x39 ? code - 0x30 : code >= 0x80 ? javaDigitValue(code) : -1
    if (d < 0) break
    magnitude = magnitude * 10 + d
  }
  if (i === start) return null
  if (i - start <= 15 && text.charCodeAt(i) !== 0x45) {
    parsedEnd = i
    return (negative ? -magnitude : magnitude) | 0
  }
  return parseLongInteger(text, negative, start, i)
}

/** The rare forms: more than 15 digits, or an exponent. */
function parseLongInteger(text: string, negative: boolean, start: number, end: number): number {
  let digits = ''
  for (let k = start; k < end; k++) digits += javaDigitValue(text.charCodeAt(k))
  let i = end
  let exponent = 0
  if (text.charCodeAt(i) === 0x45) {
    let j = i + 1
    const negativeExponent = text.charCodeAt(j) === 0x2d
    if (negativeExponent) j++
    let expDigits = ''
    while (j < text.length && isJavaDigit(text.charCodeAt(j))) expDigits += javaDigitValue(text.charCodeAt(j++))
    if (expDigits !== '') {
      exponent = negativeExponent ? -Number(expDigits) : Number(expDigits)
      i = j
    }
  }
  parsedEnd = i
  const magnitude = Number(`${digits}e${exponent}`)
  const value = negative ? -magnitude : magnitude
  // Java parses a long-range integer to a Long (intValue keeps the low 32 bits), anything else to a
  // Double (intValue truncates and saturates).
  if (Number.isInteger(value) && Math.abs(value) <= Number.MAX_SAFE_INTEGER) return value | 0
  if (Number.isInteger(value) && Math.abs(value) < 2 ** 63) {
    return Number(BigInt.asIntN(32, BigInt(`${negative ? '-' : ''}${digits}${'0'.repeat(Math.max(exponent, 0))}`)))
  }
  return Math.max(-2_147_483_648, Math.min(2_147_483_647, Math.trunc(value)))
}

/**
 * Parses `text` with a pattern as Java's lenient `SimpleDateFormat.parse(text, pos)` does, in UTC:
 * spaces and tabs before a number are skipped, numbers may have any length or a sign, fields out of
 * range roll over (month 13 is January next year), and text after the pattern is ignored. Returns
 * epoch millis, or null where the pattern does not match.
 */
export function parseIso(text: string, pattern: IsoPattern): number | null {
  let year = 1970
  let month = 0 // zero-based, as Calendar.MONTH
  let day = 1
  let hour = 0
  let minute = 0
  let second = 0
  let milli = 0
  let pos = 0
  for (const element of ELEMENTS[pattern]) {
    if (typeof element === 'object') {
      if (pos >= text.length || text.charCodeAt(pos) !== element.literal) return null
      pos++
      continue
    }
    while (pos < text.length && (text.charCodeAt(pos) === 0x20 || text.charCodeAt(pos) === 0x09)) pos++
    if (pos >= text.length) return null
    const value = parseInteger(text, pos)
    if (value === null) return null
    pos = parsedEnd
    switch (element) {
      case 'y':
        year = value
        break
      case 'M':
        month = value - 1
        break
      case 'd':
        day = value
        break
      case 'H':
        hour = value
        break
      case 'm':
        minute = value
        break
      case 's':
        second = value
        break
      case 'S':
        milli = value
        break
    }
  }
  return lenientEpochMillis(year, month, day, ((hour * 60 + minute) * 60 + second) * 1000 + milli)
}

/** `GregorianCalendar.computeTime` for lenient fields in UTC (month zero-based, any range). */
function lenientEpochMillis(year: number, month: number, day: number, millisOfDay: number): number {
  const extraDays = floorDiv(millisOfDay, MILLIS_PER_DAY)
  const timeOfDay = millisOfDay - extraDays * MILLIS_PER_DAY
  const y = year + floorDiv(month, 12)
  const m = floorMod(month, 12) + 1
  // Java picks the calendar by the year as given (before the month rolls over): Julian before 1582;
  // otherwise Gregorian, unless that lands before the cutover
  let dayNumber = year < CUTOVER_YEAR ? -1 : extraDays + gregorianDayNumber(y, m, 1) + day - 1
  if (dayNumber < CUTOVER_DAY_NUMBER) dayNumber = extraDays + julianDayNumber(y, m, 1) + day - 1
  return (dayNumber - EPOCH_DAY_NUMBER) * MILLIS_PER_DAY + timeOfDay
}
