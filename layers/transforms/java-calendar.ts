/**
 * Java's `java.util.GregorianCalendar` as `SimpleDateFormat` drives it, for the en_US locale (weeks
 * start on Sunday, the first week of a year has at least one day) and a zone at offset zero: the
 * calendar fields of an instant (`computeFields`), and an instant from calendar fields set one after
 * another (`computeTime`, with Java's field resolution, lenient roll-over and non-lenient checks).
 *
 * The calendar is Julian before 1582-10-15 and Gregorian from it, as Java's default
 * `GregorianCalendar` is; "fixed dates" count days from 0001-01-01 (Gregorian) = 1, as Java's
 * `sun.util.calendar` classes do. Day of week: Sunday = 1 … Saturday = 7; months are 0-based.
 */

export const ONE_DAY = 86_400_000
/** The fixed date of 1970-01-01. */
const EPOCH_OFFSET = 719_163
/** The fixed date of 1582-10-15, the first Gregorian day. */
const CUTOVER_DATE = 577_736
const CUTOVER_YEAR = 1582
const EPOCH_YEAR = 1970
const SUNDAY = 1
const BCE = 0
const CE = 1

/** Calendar field numbers, as `java.util.Calendar`'s constants. */
export const Field = {
  ERA: 0,
  YEAR: 1,
  MONTH: 2,
  WEEK_OF_YEAR: 3,
  WEEK_OF_MONTH: 4,
  DAY_OF_MONTH: 5,
  DAY_OF_YEAR: 6,
  DAY_OF_WEEK: 7,
  DAY_OF_WEEK_IN_MONTH: 8,
  AM_PM: 9,
  HOUR: 10,
  HOUR_OF_DAY: 11,
  MINUTE: 12,
  SECOND: 13,
  MILLISECOND: 14,
  ZONE_OFFSET: 15,
  DST_OFFSET: 16,
} as const
export const FIELD_COUNT = 17

const MIN_VALUES = [BCE, 1, 0, 1, 0, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0, -13 * 3_600_000, 0] as const
const MAX_VALUES = [
  CE,
  292_278_994,
  11,
  53,
  6,
  31,
  366,
  7,
  6,
  1,
  11,
  23,
  59,
  59,
  999,
  14 * 3_600_000,
  7_200_000,
] as const

const MONTH_LENGTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31] as const
const LEAP_MONTH_LENGTH = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31] as const

export function floorDiv(a: number, b: number): number {
  return Math.floor(a / b)
}
export function floorMod(a: number, b: number): number {
  return a - Math.floor(a / b) * b
}

// --- the two calendar systems ----------------------------------------------------------------------

function isGregorianLeap(year: number): boolean {
  return floorMod(year, 4) === 0 && (floorMod(year, 100) !== 0 || floorMod(year, 400) === 0)
}
function isJulianLeap(year: number): boolean {
  return floorMod(year, 4) === 0
}

/** The fixed date of a Gregorian date (year normalized: 0 is 1 BC; month 1–12, in range). */
function gregorianFixedDate(year: number, month: number, day: number): number {
  const prev = year - 1
  let days =
    365 * prev + floorDiv(prev, 4) - floorDiv(prev, 100) + floorDiv(prev, 400) + floorDiv(367 * month - 362, 12) + day
  if (month > 2) days -= isGregorianLeap(year) ? 1 : 2
  return days
}

/** The fixed date of a Julian date (year normalized: 0 is 1 BC; month 1–12, in range). */
function julianFixedDate(year: number, month: number, day: number): number {
  let days = -2 + 365 * (year - 1) + floorDiv(year - 1, 4) + floorDiv(367 * month - 362, 12) + day
  if (month > 2) days -= isJulianLeap(year) ? 1 : 2
  return days
}

interface CivilDate {
  /** Normalized: 0 is 1 BC, -1 is 2 BC. */
  readonly year: number
  /** 1–12. */
  readonly month: number
  readonly day: number
}

function gregorianDateOf(fixedDate: number): CivilDate {
  // days since 0000-03-01 (Gregorian), then the 400-year era arithmetic of civil_from_days
  const z = fixedDate + 305
  const era = floorDiv(z, 146_097)
  const doe = z - era * 146_097
  const yoe = floorDiv(doe - floorDiv(doe, 1460) + floorDiv(doe, 36_524) - floorDiv(doe, 146_096), 365)
  const doy = doe - (365 * yoe + floorDiv(yoe, 4) - floorDiv(yoe, 100))
  const mp = floorDiv(5 * doy + 2, 153)
  const day = doy - floorDiv(153 * mp + 2, 5) + 1
  const month = mp < 10 ? mp + 3 : mp - 9
  return { year: yoe + era * 400 + (month <= 2 ? 1 : 0), month, day }
}

function julianDateOf(fixedDate: number): CivilDate {
  const year = floorDiv(4 * (fixedDate + 1) + 1464, 1461)
  const jan1 = julianFixedDate(year, 1, 1)
  const leap = isJulianLeap(year)
  let priorDays = fixedDate - jan1
  const mar1 = jan1 + 59 + (leap ? 1 : 0)
  if (fixedDate >= mar1) priorDays += leap ? 1 : 2
  const month = floorDiv(12 * priorDays + 373, 367)
  return { year, month, day: fixedDate - julianFixedDate(year, month, 1) + 1 }
}

/** Sunday = 1 … Saturday = 7. */
function dayOfWeekOf(fixedDate: number): number {
  return floorMod(fixedDate, 7) + SUNDAY
}

/** The fixed date of the given day of week on or before `fixedDate`. */
function dayOfWeekOnOrBefore(fixedDate: number, dayOfWeek: number): number {
  // `dayOfWeek - 1` is Java int arithmetic: it wraps for a lenient day of week of Integer.MIN_VALUE
  return fixedDate - floorMod(fixedDate - ((dayOfWeek - 1) | 0), 7)
}

/** January 1 of a year as `GregorianCalendar` counts days of the year: Julian up to 1582. */
function jan1Of(year: number): number {
  return year > CUTOVER_YEAR ? gregorianFixedDate(year, 1, 1) : julianFixedDate(year, 1, 1)
}

/** `GregorianCalendar.isLeapYear`. */
function isLeapYear(year: number): boolean {
  if (floorMod(year, 4) !== 0) return false
  if (year > CUTOVER_YEAR) return floorMod(year, 16) === 0 || floorMod(year, 100) !== 0
  return true // Julian (1582 itself is not a multiple of 4)
}

/** Weeks from the one containing `day1` (week 1) to `fixedDate`, Sunday-first, one day minimum. */
function weekNumber(day1: number, fixedDate: number): number {
  let first = dayOfWeekOnOrBefore(day1 + 6, SUNDAY)
  if (first - day1 >= 1) first -= 7
  return floorDiv(fixedDate - first, 7) + 1
}

// --- time → fields ---------------------------------------------------------------------------------

/** Every calendar field of one instant, as `Calendar.get` gives them. */
export interface CalendarFields {
  /** Indexed by {@link Field}. */
  readonly values: readonly number[]
  /** `GregorianCalendar.getWeekYear()`: normalized (0 is 1 BC). */
  readonly weekYear: number
}

/** The fields of `millis` (epoch milliseconds) as seen at `zoneOffset` milliseconds east of UTC. */
export function computeFields(millis: number, zoneOffset = 0, dstOffset = 0): CalendarFields {
  const local = millis + zoneOffset + dstOffset
  const fixedDate = floorDiv(local, ONE_DAY) + EPOCH_OFFSET
  const timeOfDay = local - (fixedDate - EPOCH_OFFSET) * ONE_DAY
  const gregorian = fixedDate >= CUTOVER_DATE
  const civil = gregorian ? gregorianDateOf(fixedDate) : julianDateOf(fixedDate)
  const year = civil.year
  const jan1 = jan1Of(year)
  // October 1582 counts its weeks from the Julian 1st: the month lost the 5th to the 14th
  const month1 =
    gregorian && year === CUTOVER_YEAR && civil.month === 10
      ? julianFixedDate(CUTOVER_YEAR, 10, 1)
      : fixedDate - civil.day + 1
  let weekOfYear = weekNumber(jan1, fixedDate)
  const nextJan1 = jan1Of(year + 1)
  const nextWeek1 = dayOfWeekOnOrBefore(nextJan1 + 6, SUNDAY)
  if (nextWeek1 - nextJan1 >= 1 && fixedDate >= nextWeek1 - 7) weekOfYear = 1
  const hourOfDay = Math.floor(timeOfDay / 3_600_000)
  const values = [
    year <= 0 ? BCE : CE,
    year <= 0 ? 1 - year : year,
    civil.month - 1,
    weekOfYear,
    weekNumber(month1, fixedDate),
    civil.day,
    fixedDate - jan1 + 1,
    dayOfWeekOf(fixedDate),
    floorDiv(fixedDate - month1, 7) + 1,
    hourOfDay >= 12 ? 1 : 0,
    hourOfDay % 12,
    hourOfDay,
    Math.floor(timeOfDay / 60_000) % 60,
    Math.floor(timeOfDay / 1000) % 60,
    timeOfDay % 1000,
    zoneOffset,
    dstOffset,
  ]
  return { values, weekYear: weekYearOf(values, year) }
}

/**
 * `GregorianCalendar.getWeekYear()` (normalized). From 1584 on, the year of the week; before, Java's
 * general path, which looks for the next year's first week with `set(YEAR, year + 1)` in the date's
 * own era: for a date BC that is not the next year (1 BC looks at itself, 5 BC at AD 4).
 */
function weekYearOf(values: readonly number[], year: number): number {
  const weekOfYear = values[Field.WEEK_OF_YEAR]!
  if (year > CUTOVER_YEAR + 1) {
    if (values[Field.MONTH] === 0) return weekOfYear >= 52 ? year - 1 : year
    return weekOfYear === 1 ? year + 1 : year
  }
  const dayOfYear = values[Field.DAY_OF_YEAR]!
  const maxDayOfYear = year === CUTOVER_YEAR ? 355 : isJulianLeap(year) ? 366 : 365
  if (dayOfYear > 1 && dayOfYear < maxDayOfYear - 6) return year
  const firstSunday = dayOfWeekOnOrBefore(jan1Of(year) + 6, SUNDAY) - jan1Of(year) + 1
  if (dayOfYear < firstSunday) return year
  const next = values[Field.ERA] === CE ? year + 1 : -year
  const daysBeforeFirstSunday = floorMod(SUNDAY - dayOfWeekOf(jan1Of(next)), 7)
  const minDayOfYear = daysBeforeFirstSunday === 0 ? 7 : daysBeforeFirstSunday
  return maxDayOfYear - dayOfYear + 1 <= 7 - minDayOfYear ? year + 1 : year
}

// --- fields → time ---------------------------------------------------------------------------------

/**
 * Calendar fields set one after another, as `Calendar.set` records them: each set field has a stamp
 * that orders it, and Java's resolution prefers the most recently set combination.
 */
export class FieldSet {
  readonly values: number[] = new Array<number>(FIELD_COUNT).fill(0)
  /** 0: unset; otherwise the order in which the field was set (from 2, as Java's stamps). */
  readonly stamps: number[] = new Array<number>(FIELD_COUNT).fill(0)
  private nextStamp = 2

  set(field: number, value: number): this {
    this.values[field] = value
    this.stamps[field] = this.nextStamp++
    return this
  }

  isSet(field: number): boolean {
    return this.stamps[field]! > 0
  }

  get(field: number): number {
    return this.values[field]!
  }

  /** Fields with the given values and stamps (0: unset), as a `Calendar` set in stamp order holds them. */
  static of(values: readonly number[], stamps: readonly number[]): FieldSet {
    const out = new FieldSet()
    let max = 1
    for (let i = 0; i < FIELD_COUNT; i++) {
      out.values[i] = values[i]!
      out.stamps[i] = stamps[i]!
      max = Math.max(max, stamps[i]!)
    }
    out.nextStamp = max + 1
    return out
  }
}

const bit = (field: number): number => 1 << field

function aggregateStamp(a: number, b: number): number {
  return a === 0 || b === 0 ? 0 : Math.max(a, b)
}

/** `Calendar.selectFields`: which set fields decide the date and the time of day. */
function selectFields(f: FieldSet): number {
  const s = f.stamps
  let mask = bit(Field.YEAR)
  if (s[Field.ERA] !== 0) mask |= bit(Field.ERA)
  const dowStamp = s[Field.DAY_OF_WEEK]!
  const monthStamp = s[Field.MONTH]!
  let domStamp = s[Field.DAY_OF_MONTH]!
  let womStamp = aggregateStamp(s[Field.WEEK_OF_MONTH]!, dowStamp)
  let dowimStamp = aggregateStamp(s[Field.DAY_OF_WEEK_IN_MONTH]!, dowStamp)
  const doyStamp = s[Field.DAY_OF_YEAR]!
  let woyStamp = aggregateStamp(s[Field.WEEK_OF_YEAR]!, dowStamp)
  let best = Math.max(domStamp, womStamp, dowimStamp, doyStamp, woyStamp)
  if (best === 0) {
    womStamp = s[Field.WEEK_OF_MONTH]!
    dowimStamp = Math.max(s[Field.DAY_OF_WEEK_IN_MONTH]!, dowStamp)
    woyStamp = s[Field.WEEK_OF_YEAR]!
    best = Math.max(womStamp, dowimStamp, woyStamp)
    if (best === 0) {
      best = monthStamp
      domStamp = monthStamp
    }
  }
  if (
    best === domStamp ||
    (best === womStamp && s[Field.WEEK_OF_MONTH]! >= s[Field.WEEK_OF_YEAR]!) ||
    (best === dowimStamp && s[Field.DAY_OF_WEEK_IN_MONTH]! >= s[Field.WEEK_OF_YEAR]!)
  ) {
    mask |= bit(Field.MONTH)
    if (best === domStamp) {
      mask |= bit(Field.DAY_OF_MONTH)
    } else {
      if (dowStamp !== 0) mask |= bit(Field.DAY_OF_WEEK)
      if (womStamp === dowimStamp) {
        mask |=
          s[Field.WEEK_OF_MONTH]! >= s[Field.DAY_OF_WEEK_IN_MONTH]!
            ? bit(Field.WEEK_OF_MONTH)
            : bit(Field.DAY_OF_WEEK_IN_MONTH)
      } else if (best === womStamp) {
        mask |= bit(Field.WEEK_OF_MONTH)
      } else if (s[Field.DAY_OF_WEEK_IN_MONTH] !== 0) {
        mask |= bit(Field.DAY_OF_WEEK_IN_MONTH)
      }
    }
  } else if (best === doyStamp) {
    mask |= bit(Field.DAY_OF_YEAR)
  } else {
    if (dowStamp !== 0) mask |= bit(Field.DAY_OF_WEEK)
    mask |= bit(Field.WEEK_OF_YEAR)
  }
  const hourOfDayStamp = s[Field.HOUR_OF_DAY]!
  const hourStamp = aggregateStamp(s[Field.HOUR]!, s[Field.AM_PM]!)
  let hourBest = Math.max(hourStamp, hourOfDayStamp)
  if (hourBest === 0) hourBest = Math.max(s[Field.HOUR]!, s[Field.AM_PM]!)
  if (hourBest !== 0) {
    if (hourBest === hourOfDayStamp) {
      mask |= bit(Field.HOUR_OF_DAY)
    } else {
      mask |= bit(Field.HOUR)
      if (s[Field.AM_PM] !== 0) mask |= bit(Field.AM_PM)
    }
  }
  if (s[Field.MINUTE] !== 0) mask |= bit(Field.MINUTE)
  if (s[Field.SECOND] !== 0) mask |= bit(Field.SECOND)
  if (s[Field.MILLISECOND] !== 0) mask |= bit(Field.MILLISECOND)
  if (s[Field.ZONE_OFFSET] !== 0) mask |= bit(Field.ZONE_OFFSET)
  if (s[Field.DST_OFFSET] !== 0) mask |= bit(Field.DST_OFFSET)
  return mask
}

/** `GregorianCalendar.getFixedDate`: the day the date fields name in `year` of one calendar system. */
function fixedDateOf(gregorian: boolean, year: number, f: FieldSet, mask: number): number {
  const has = (field: number) => (mask & bit(field)) !== 0
  let month = 0
  if (has(Field.MONTH)) {
    month = f.get(Field.MONTH)
    year = (year + floorDiv(month, 12)) | 0 // Java's int arithmetic, overflow included
    month = floorMod(month, 12)
  }
  let fixedDate = gregorian ? gregorianFixedDate(year, month + 1, 1) : julianFixedDate(year, month + 1, 1)
  if (has(Field.MONTH)) {
    if (has(Field.DAY_OF_MONTH)) {
      if (f.isSet(Field.DAY_OF_MONTH)) fixedDate += f.get(Field.DAY_OF_MONTH) - 1
    } else if (has(Field.WEEK_OF_MONTH)) {
      let firstDayOfWeek = dayOfWeekOnOrBefore(fixedDate + 6, SUNDAY)
      if (firstDayOfWeek - fixedDate >= 1) firstDayOfWeek -= 7
      if (has(Field.DAY_OF_WEEK)) firstDayOfWeek = dayOfWeekOnOrBefore(firstDayOfWeek + 6, f.get(Field.DAY_OF_WEEK))
      fixedDate = firstDayOfWeek + Math.imul(7, (f.get(Field.WEEK_OF_MONTH) - 1) | 0)
    } else {
      const dayOfWeek = has(Field.DAY_OF_WEEK) ? f.get(Field.DAY_OF_WEEK) : SUNDAY
      const dowim = has(Field.DAY_OF_WEEK_IN_MONTH) ? f.get(Field.DAY_OF_WEEK_IN_MONTH) : 1
      if (dowim >= 0) {
        fixedDate = dayOfWeekOnOrBefore(fixedDate + Math.imul(7, dowim) - 1, dayOfWeek)
      } else {
        const lengths = isLeapYear(year) ? LEAP_MONTH_LENGTH : MONTH_LENGTH
        const lastDate = (lengths[month]! + Math.imul(7, (dowim + 1) | 0)) | 0
        fixedDate = dayOfWeekOnOrBefore(fixedDate + lastDate - 1, dayOfWeek)
      }
    }
  } else if (has(Field.DAY_OF_YEAR)) {
    fixedDate += f.get(Field.DAY_OF_YEAR) - 1
  } else {
    let firstDayOfWeek = dayOfWeekOnOrBefore(fixedDate + 6, SUNDAY)
    if (firstDayOfWeek - fixedDate >= 1) firstDayOfWeek -= 7
    if (has(Field.DAY_OF_WEEK)) {
      const dayOfWeek = f.get(Field.DAY_OF_WEEK)
      if (dayOfWeek !== SUNDAY) firstDayOfWeek = dayOfWeekOnOrBefore(firstDayOfWeek + 6, dayOfWeek)
    }
    fixedDate = firstDayOfWeek + 7 * (f.get(Field.WEEK_OF_YEAR) - 1)
  }
  return fixedDate
}

/**
 * `GregorianCalendar.computeTime` in a zone at offset zero (unless ZONE_OFFSET/DST_OFFSET are set):
 * the instant the fields name, in epoch milliseconds, or null where Java throws
 * `IllegalArgumentException` (an invalid era; when not lenient, a field out of its range or one
 * that the result does not reproduce, or a date in the 1582 gap).
 */
export function computeTime(f: FieldSet, lenient: boolean): number | null {
  if (!lenient) {
    for (let field = 0; field < FIELD_COUNT; field++) {
      if (!f.isSet(field)) continue
      const value = f.get(field)
      if (value < MIN_VALUES[field]! || value > MAX_VALUES[field]!) return null
    }
  }
  const mask = selectFields(f)
  let year = f.isSet(Field.YEAR) ? f.get(Field.YEAR) : EPOCH_YEAR
  const era = f.isSet(Field.ERA) ? f.get(Field.ERA) : CE
  if (era === BCE) year = (1 - year) | 0
  else if (era !== CE) return null
  const has = (field: number) => (mask & bit(field)) !== 0

  let timeOfDay = 0
  if (has(Field.HOUR_OF_DAY)) {
    timeOfDay += f.get(Field.HOUR_OF_DAY)
  } else {
    timeOfDay += f.get(Field.HOUR)
    if (has(Field.AM_PM)) timeOfDay += 12 * f.get(Field.AM_PM)
  }
  timeOfDay = ((timeOfDay * 60 + f.get(Field.MINUTE)) * 60 + f.get(Field.SECOND)) * 1000 + f.get(Field.MILLISECOND)
  const fixedDate = floorDiv(timeOfDay, ONE_DAY)
  timeOfDay -= fixedDate * ONE_DAY

  let gfd: number
  let jfd: number
  if (year > CUTOVER_YEAR) {
    gfd = fixedDate + fixedDateOf(true, year, f, mask)
    if (gfd >= CUTOVER_DATE) return finish(gfd)
    jfd = fixedDate + fixedDateOf(false, year, f, mask)
  } else if (year < CUTOVER_YEAR) {
    jfd = fixedDate + fixedDateOf(false, year, f, mask)
    if (jfd < CUTOVER_DATE) return finish(jfd)
    gfd = jfd
  } else {
    jfd = fixedDate + fixedDateOf(false, year, f, mask)
    gfd = fixedDate + fixedDateOf(true, year, f, mask)
  }
  if (has(Field.DAY_OF_YEAR) || has(Field.WEEK_OF_YEAR)) return finish(jfd)
  if (gfd >= CUTOVER_DATE) return finish(gfd) // an "overlap" (jfd before the cutover) resolves to Gregorian
  if (jfd >= CUTOVER_DATE && !lenient) return null // a day of the gap, 1582-10-05 to 1582-10-14
  return finish(jfd)

  function finish(date: number): number | null {
    const zoneOffset = f.isSet(Field.ZONE_OFFSET) ? f.get(Field.ZONE_OFFSET) : 0
    const dstOffset = f.isSet(Field.DST_OFFSET) ? f.get(Field.DST_OFFSET) : 0
    const millis = toEpochMillis(date, timeOfDay - zoneOffset - dstOffset)
    if (!lenient) {
      const computed = computeFields(millis, zoneOffset, dstOffset).values
      for (let field = 0; field < FIELD_COUNT; field++) {
        if (f.isSet(field) && computed[field] !== f.get(field)) return null
      }
    }
    return millis
  }
}

/** Java's `(fixedDate - EPOCH_OFFSET) * ONE_DAY + offset` in `long` arithmetic (wrapping past ±2^63). */
function toEpochMillis(fixedDate: number, offset: number): number {
  const days = fixedDate - EPOCH_OFFSET
  if (Math.abs(days) < 100_000_000) return days * ONE_DAY + offset
  return Number(BigInt.asIntN(64, BigInt(days) * BigInt(ONE_DAY) + BigInt(offset)))
}

/**
 * `GregorianCalendar.setWeekDate` on fields already set: the date of `dayOfWeek` in week
 * `weekOfYear` of `weekYear` replaces the date fields (the time of day is kept). Returns false where
 * Java throws `IllegalArgumentException`.
 */
export function setWeekDate(
  f: FieldSet,
  weekYear: number,
  weekOfYear: number,
  dayOfWeek: number,
  lenient: boolean,
): boolean {
  if (dayOfWeek < 1 || dayOfWeek > 7) return false
  const current = computeTime(f, true)
  if (current === null) return false
  const era = computeFields(current).values[Field.ERA]!
  const week1 = new FieldSet()
    .set(Field.ERA, era)
    .set(Field.YEAR, weekYear)
    .set(Field.WEEK_OF_YEAR, 1)
    .set(Field.DAY_OF_WEEK, SUNDAY)
  const start = computeTime(week1, true)
  if (start === null) return false
  let days = dayOfWeek - SUNDAY
  if (days < 0) days += 7
  days = (days + Math.imul(7, (weekOfYear - 1) | 0)) | 0
  const date = computeFields(start + days * ONE_DAY)
  const v = date.values
  if (
    !lenient &&
    (date.weekYear !== weekYear || v[Field.WEEK_OF_YEAR] !== weekOfYear || v[Field.DAY_OF_WEEK] !== dayOfWeek)
  ) {
    return false
  }
  f.set(Field.ERA, v[Field.ERA]!)
  f.set(Field.YEAR, v[Field.YEAR]!)
  f.set(Field.MONTH, v[Field.MONTH]!)
  f.set(Field.DAY_OF_MONTH, v[Field.DAY_OF_MONTH]!)
  f.values[Field.WEEK_OF_YEAR] = weekOfYear
  return true
}
