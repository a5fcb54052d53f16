import { describe, expect, it } from 'vitest'
import {
  compareInstants,
  formatTimestamp,
  instantOf,
  instantOfMillis,
  parseDate,
  parseTime,
  parseTimestamp,
} from '../../../functions/jdbc-source/pg-temporal.js'
import { timeZoneFor, UTC } from '../../../functions/jdbc-source/time-zone.js'
import { DataException } from '../../../layers/runtime/errors.js'

const newYork = timeZoneFor('America/New_York')!
const kolkata = timeZoneFor('Asia/Kolkata')!

describe('parseTimestamp (timestamp and timestamptz text, as pgjdbc reads it through a Calendar)', () => {
  it('keeps the microseconds that a JavaScript Date would lose', () => {
    const a = parseTimestamp('2026-01-01 00:00:00.123456+00', UTC, true)
    const b = parseTimestamp('2026-01-01 00:00:00.123457+00', UTC, true)
    expect(a).toEqual({ millis: Date.UTC(2026, 0, 1) + 123, nanos: 123_456_000 })
    expect(compareInstants(a, b)).toBe(-1)
    expect(compareInstants(b, a)).toBe(1)
    expect(compareInstants(a, { ...a })).toBe(0)
  })

  it('reads the offset of timestamptz text and ignores db.timezone for it', () => {
    const text = '2024-07-01 12:00:00+05:30'
    expect(parseTimestamp(text, newYork, true).millis).toBe(Date.UTC(2024, 6, 1, 6, 30))
    expect(parseTimestamp('1900-01-01 00:00:00+00:09:21', UTC, true).millis).toBe(-2208988800000 - 561_000)
    expect(parseTimestamp('2024-07-01 12:00:00-08', UTC, true).millis).toBe(Date.UTC(2024, 6, 1, 20))
  })

  it('reads timestamp text without offset as a wall clock in db.timezone', () => {
    expect(parseTimestamp('2024-07-01 12:00:00', UTC, true).millis).toBe(Date.UTC(2024, 6, 1, 12))
    expect(parseTimestamp('2024-07-01 12:00:00', newYork, true).millis).toBe(1719849600000)
    expect(parseTimestamp('2024-01-01 00:00:00', kolkata, true).millis).toBe(1704047400000)
  })

  it('floors millis and keeps the positive fraction before 1970, as java.sql.Timestamp does', () => {
    expect(parseTimestamp('1969-12-31 23:59:59.5+00', UTC, true)).toEqual({ millis: -500, nanos: 500_000_000 })
  })

  it('reads years before 1 (BC) and beyond 9999, in the legacy calendar by default', () => {
    expect(parseTimestamp('0044-03-15 00:00:00+00 BC', UTC, true).millis).toBe(-63517996800000)
    expect(parseTimestamp('1500-01-01 00:00:00+00', UTC, true).millis).toBe(-14830992000000)
    expect(parseTimestamp('1500-01-01 00:00:00+00', UTC, false).millis).toBe(Date.UTC(1500, 0, 1))
    expect(parseTimestamp('12345-01-01 00:00:00+00', UTC, true).millis).toBe(Date.UTC(12345, 0, 1))
  })

  it('refuses infinity and text it cannot read, with a DataException', () => {
    expect(() => parseTimestamp('infinity', UTC, true)).toThrow(DataException)
    expect(() => parseTimestamp('2024-13-45 garbage', UTC, true)).toThrow('Bad value for type timestamp')
  })
})

describe('parseDate and parseTime', () => {
  it('reads a date as midnight UTC of that day (Connect Date)', () => {
    expect(parseDate('2024-02-29', true)).toBe(Date.UTC(2024, 1, 29))
    expect(parseDate('1500-01-01', true)).toBe(-14830992000000)
    // 1 BC is a Julian leap year: its 1 January is 365 days before its 31 December
    expect(parseDate('0001-01-01 BC', true)).toBe(-62135856000000 - 365 * 86_400_000)
    expect(() => parseDate('-infinity', true)).toThrow(DataException)
  })

  it('reads a time of day on 1970-01-01 in db.timezone, or at its own offset for timetz', () => {
    expect(parseTime('12:34:56.789123', UTC)).toBe(45_296_789)
    expect(parseTime('12:34:56', kolkata)).toBe(25_496_000)
    expect(parseTime('12:00:00+05:30', UTC)).toBe(6.5 * 3_600_000)
    expect(parseTime('24:00:00', UTC)).toBe(86_400_000)
  })
})

describe('formatTimestamp (a timestamp bind parameter, as pgjdbc’s setTimestamp(i, ts, cal) writes it)', () => {
  it('writes the wall clock and offset of db.timezone, microseconds without trailing zeros', () => {
    expect(formatTimestamp({ millis: 0, nanos: 0 }, UTC, true)).toBe('1970-01-01 00:00:00+00')
    expect(formatTimestamp(instantOf(Date.UTC(2026, 0, 1) + 123, 123_450_000), UTC, true)).toBe(
      '2026-01-01 00:00:00.12345+00',
    )
    expect(formatTimestamp(instantOfMillis(1719849600000), newYork, true)).toBe('2024-07-01 12:00:00-04')
    expect(formatTimestamp(instantOfMillis(1704047400000), kolkata, true)).toBe('2024-01-01 00:00:00+05:30')
  })

  it('rounds nanoseconds to microseconds half up, carrying into the next second', () => {
    expect(formatTimestamp(instantOf(1000, 1_499), UTC, true)).toBe('1970-01-01 00:00:01.000001+00')
    expect(formatTimestamp(instantOf(1000, 1_500), UTC, true)).toBe('1970-01-01 00:00:01.000002+00')
    expect(formatTimestamp(instantOf(1999, 999_999_600), UTC, true)).toBe('1970-01-01 00:00:02+00')
  })

  it('writes years before 1 with BC, in the same calendar it reads', () => {
    const ides = parseTimestamp('0044-03-15 10:00:00+00 BC', UTC, true)
    expect(formatTimestamp(ides, UTC, true)).toBe('0044-03-15 10:00:00+00 BC')
    const early = parseTimestamp('1500-01-01 00:00:00.000001+00', UTC, true)
    expect(formatTimestamp(early, UTC, true)).toBe('1500-01-01 00:00:00.000001+00')
  })
})

describe('instants', () => {
  it('rebuild a Timestamp from millis, and from millis with the fraction replaced by nanos', () => {
    expect(instantOfMillis(-1)).toEqual({ millis: -1, nanos: 999_000_000 })
    expect(instantOf(1_672_835_217_123, 123_456_000)).toEqual({ millis: 1_672_835_217_123, nanos: 123_456_000 })
    expect(instantOf(1_672_835_217_999, 5)).toEqual({ millis: 1_672_835_217_000, nanos: 5 })
  })
})
