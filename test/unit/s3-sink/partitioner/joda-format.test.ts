import { describe, expect, it } from 'vitest'
import {
  IllegalPatternError,
  JodaDateTimeFormatter,
  patternTokens,
} from '../../../../functions/s3-sink/partitioner/joda-format.js'
import { forId } from '../../../../functions/s3-sink/partitioner/time-zone.js'

const print = (pattern: string, instant: number, zone = 'UTC', locale = 'en') =>
  new JodaDateTimeFormatter(pattern, forId(zone), locale).print(instant)

// 2015-04-02T08:05:09.045Z, a Thursday
const T = Date.UTC(2015, 3, 2, 8, 5, 9, 45)

describe('Joda DateTimeFormat patterns', () => {
  it('pads numbers to the letter count', () => {
    expect(print('yyyy-MM-dd HH:mm:ss.SSS', T)).toBe('2015-04-02 08:05:09.045')
    expect(print('y/M/d/H/m/s', T)).toBe('2015/4/2/8/5/9')
    expect(print('YYYYYY', T)).toBe('002015')
  })

  it('prints two-digit years for yy and YY', () => {
    expect(print('yy YY', T)).toBe('15 15')
  })

  it('prints fractions of a second truncated or zero-filled', () => {
    expect(print('S SS SSSS', T)).toBe('0 04 0450')
  })

  it('prints day of year, day of week, ISO week and week-year', () => {
    expect(print('D e w xxxx', T)).toBe('92 4 14 2015')
  })

  it('prints the clock hours of k, K and h', () => {
    const midnight = Date.UTC(2015, 3, 2, 0, 30)
    expect(print('k K h H', midnight)).toBe('24 0 12 0')
    expect(print('k K h H', Date.UTC(2015, 3, 2, 13))).toBe('13 1 1 13')
  })

  it('prints text fields in the locale', () => {
    expect(print('MMM MMMM EEE EEEE a G', T)).toBe('Apr April Thu Thursday AM AD')
    expect(print('MMMM', T, 'UTC', 'fr')).toBe('avril')
  })

  it('prints offsets and zone ids', () => {
    expect(print('Z ZZ ZZZ', T, 'America/Los_Angeles')).toBe('-0700 -07:00 America/Los_Angeles')
    expect(print('HH ZZ', T, '+05:30')).toBe('13 +05:30')
    expect(print('Z', T)).toBe('+0000')
  })

  it("treats quoted text as literal and '' as a quote", () => {
    expect(print("'year'=yyyy/'it''s'", T)).toBe("year=2015/it's")
    expect(print("''yyyy''", T)).toBe("'2015'")
  })

  it('keeps punctuation and digits as literals', () => {
    expect(print('yyyy_MM-dd.HH:00 #1', T)).toBe('2015_04-02.08:00 #1')
  })

  it('refuses letters Joda does not know, naming the token', () => {
    expect(() => print('yyyy-qq', T)).toThrow(IllegalPatternError)
    expect(() => print('yyyy-qq', T)).toThrow('Illegal pattern component: qq')
  })

  it('splits tokens as Joda does', () => {
    expect(patternTokens("'year'=YYYY/'month'=MM")).toEqual(["'year=", 'YYYY', "'/month=", 'MM'])
  })

  it('prints years before the common era', () => {
    const bc = new Date(0).setUTCFullYear(-43, 2, 15)
    expect(print('yyyy YYYY G', bc)).toBe('-0043 0044 BC')
  })
})

describe('time zones as Joda resolves them', () => {
  it('accepts UTC, tz ids and fixed offsets, and rejects the rest with Joda message', () => {
    expect(forId('UTC').offset(0)).toBe(0)
    expect(forId('+05:30').offset(0)).toBe(19_800_000)
    expect(forId('-08:00').id).toBe('-08:00')
    expect(forId('UTC+01:00').offset(0)).toBe(3_600_000)
    expect(forId('Europe/Paris').offset(Date.UTC(2024, 6, 1))).toBe(7_200_000)
    expect(() => forId('utc')).toThrow("The datetime zone id 'utc' is not recognised")
    expect(() => forId('Mars/Base')).toThrow("The datetime zone id 'Mars/Base' is not recognised")
  })

  it('puts a local time in a spring-forward gap after the gap (Western hemisphere)', () => {
    // America/Sao_Paulo skipped 2018-11-04 00:00–01:00 local; Joda resolves midnight to 03:00Z (01:00 -02)
    const zone = forId('America/Sao_Paulo')
    expect(zone.convertLocalToUTC(Date.UTC(2018, 10, 4))).toBe(Date.UTC(2018, 10, 4, 3))
  })

  it('puts an ambiguous local time in a fall-back overlap at the earlier offset', () => {
    // America/New_York 2024-11-03 01:30 happens twice; Joda picks EDT (05:30Z)
    const zone = forId('America/New_York')
    expect(zone.convertLocalToUTC(Date.UTC(2024, 10, 3, 1, 30))).toBe(Date.UTC(2024, 10, 3, 5, 30))
  })

  it('resolves an Eastern-hemisphere gap with the later offset', () => {
    // Europe/Berlin skipped 2024-03-31 02:00–03:00; Joda's non-strict conversion gives 01:30Z (03:30 CEST)
    const zone = forId('Europe/Berlin')
    expect(zone.convertLocalToUTC(Date.UTC(2024, 2, 31, 2, 30))).toBe(Date.UTC(2024, 2, 31, 1, 30))
  })
})
