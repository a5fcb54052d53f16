import { describe, expect, it } from 'vitest'
import { civilFromDays, daysFromCivil } from '../../../functions/jdbc-source/calendar.js'

const DAY = 86_400_000

// reference values from java.util.GregorianCalendar in UTC (Java 17)
describe('daysFromCivil with the legacy (hybrid Julian/Gregorian) calendar', () => {
  it('counts Gregorian days from 1582-10-15 on, as Java’s GregorianCalendar does', () => {
    expect(daysFromCivil(1582, 10, 15, true) * DAY).toBe(-12219292800000)
    expect(daysFromCivil(1900, 3, 1, true) * DAY).toBe(-2203891200000)
    expect(daysFromCivil(1970, 1, 1, true)).toBe(0)
  })

  it('counts Julian days before the cutover, so Julian 1500-01-01 is nine days after the proleptic Gregorian one', () => {
    expect(daysFromCivil(1582, 10, 4, true) * DAY).toBe(-12219379200000)
    expect(daysFromCivil(1500, 1, 1, true) * DAY).toBe(-14830992000000)
    expect(daysFromCivil(1, 1, 1, true) * DAY).toBe(-62135769600000)
    expect(daysFromCivil(0, 12, 31, true) * DAY).toBe(-62135856000000)
    expect(daysFromCivil(-43, 3, 15, true) * DAY).toBe(-63517996800000)
    expect(daysFromCivil(1500, 1, 1, false)).toBe(daysFromCivil(1500, 1, 1, true) - 9)
  })

  it('reads the dates skipped by the cutover as Julian dates, as Java’s lenient calendar does', () => {
    expect(daysFromCivil(1582, 10, 10, true) * DAY).toBe(-12218860800000)
  })
})

describe('civilFromDays', () => {
  it('gives back the fields of every day in both calendars', () => {
    for (const days of [-1_000_000, -141428, -141427, -1, 0, 59, 60, 11_016, 2_932_896]) {
      for (const legacy of [true, false]) {
        const { year, month, day } = civilFromDays(days, legacy)
        expect(daysFromCivil(year, month, day, legacy)).toBe(days)
      }
    }
    expect(civilFromDays(-14830992000000 / DAY, true)).toEqual({ year: 1500, month: 1, day: 1 })
    expect(civilFromDays(-63517996800000 / DAY, true)).toEqual({ year: -43, month: 3, day: 15 })
    expect(civilFromDays(19_723, false)).toEqual({ year: 2024, month: 1, day: 1 })
  })
})
