/**
 * Calendar arithmetic for dates as the JDBC source reads them. With `date.calendar.system=LEGACY`
 * (Confluent's default) dates go through Java's `GregorianCalendar`, which is Julian before
 * 1582-10-15 and Gregorian from then on; `PROLEPTIC_GREGORIAN` is Gregorian throughout (java.time,
 * and what PostgreSQL itself uses). Days are counted from 1970-01-01; years are astronomical
 * (1 BC is year 0).
 */

/** Epoch day of 1582-10-15, the first Gregorian day of Java's default `GregorianCalendar`. */
const GREGORIAN_CUTOVER_DAY = -141427

export interface CivilDate {
  /** Astronomical year: 1 BC is 0, 2 BC is -1. */
  readonly year: number
  readonly month: number
  readonly day: number
}

/** Epoch day of a proleptic Gregorian date. */
export function daysFromGregorian(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year
  const era = Math.floor(y / 400)
  const yearOfEra = y - era * 400
  const shiftedMonth = (month + 9) % 12
  const dayOfYear = Math.floor((153 * shiftedMonth + 2) / 5) + day - 1
  const dayOfEra = yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear
  return era * 146097 + dayOfEra - 719468
}

/** Epoch day of a Julian calendar date. */
export function daysFromJulian(year: number, month: number, day: number): number {
  const a = Math.floor((14 - month) / 12)
  const y = year + 4800 - a
  const m = month + 12 * a - 3
  const julianDayNumber = day + Math.floor((153 * m + 2) / 5) + 365 * y + Math.floor(y / 4) - 32083
  return julianDayNumber - 2440588
}

function gregorianFromDays(days: number): CivilDate {
  const z = days + 719468
  const era = Math.floor(z / 146097)
  const dayOfEra = z - era * 146097
  const yearOfEra = Math.floor(
    (dayOfEra - Math.floor(dayOfEra / 1460) + Math.floor(dayOfEra / 36524) - Math.floor(dayOfEra / 146096)) / 365,
  )
  const dayOfYear = dayOfEra - (365 * yearOfEra + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100))
  const shiftedMonth = Math.floor((5 * dayOfYear + 2) / 153)
  const day = dayOfYear - Math.floor((153 * shiftedMonth + 2) / 5) + 1
  const month = shiftedMonth < 10 ? shiftedMonth + 3 : shiftedMonth - 9
  const year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
  return { year, month, day }
}

function julianFromDays(days: number): CivilDate {
  const c = days + 2440588 + 32082
  const d = Math.floor((4 * c + 3) / 1461)
  const e = c - Math.floor((1461 * d) / 4)
  const m = Math.floor((5 * e + 2) / 153)
  const day = e - Math.floor((153 * m + 2) / 5) + 1
  const month = m + 3 - 12 * Math.floor(m / 10)
  const year = d - 4800 + Math.floor(m / 10)
  return { year, month, day }
}

function beforeCutover(year: number, month: number, day: number): boolean {
  return year < 1582 || (year === 1582 && (month < 10 || (month === 10 && day < 15)))
}

/** Epoch day of a date's fields: Julian before 1582-10-15 when `legacy`, as Java's `GregorianCalendar`. */
export function daysFromCivil(year: number, month: number, day: number, legacy: boolean): number {
  return legacy && beforeCutover(year, month, day)
    ? daysFromJulian(year, month, day)
    : daysFromGregorian(year, month, day)
}

/** The date fields of an epoch day, in the same calendar as {@link daysFromCivil}. */
export function civilFromDays(days: number, legacy: boolean): CivilDate {
  return legacy && days < GREGORIAN_CUTOVER_DAY ? julianFromDays(days) : gregorianFromDays(days)
}
