// Expected texts were produced by java.util.Date and SimpleDateFormat on a JVM with -Duser.timezone=UTC.
import { describe, expect, it } from 'vitest'
import { formatIso, IsoPattern, javaDateToString, parseIso } from '../../../layers/runtime/data/java-dates.js'

describe('java.util.Date.toString in UTC', () => {
  it.each([
    [0, 'Thu Jan 01 00:00:00 UTC 1970'],
    [-1, 'Wed Dec 31 23:59:59 UTC 1969'],
    [1566570894346, 'Fri Aug 23 14:34:54 UTC 2019'],
    [253402300800000, 'Sat Jan 01 00:00:00 UTC 10000'],
    [8640000000000000, 'Sat Sep 13 00:00:00 UTC 275760'],
  ])('prints %d as %s', (ms, text) => {
    expect(javaDateToString(new Date(ms))).toBe(text)
  })

  it('prints days before 1582-10-15 in the Julian calendar, and years BC as the year of their era', () => {
    expect(javaDateToString(new Date(-12219292800000))).toBe('Fri Oct 15 00:00:00 UTC 1582')
    expect(javaDateToString(new Date(-12219292800001))).toBe('Thu Oct 04 23:59:59 UTC 1582')
    expect(javaDateToString(new Date(-30609792000000))).toBe('Mon Jan 01 00:00:00 UTC 1000')
    expect(javaDateToString(new Date(-62135769600000))).toBe('Sat Jan 01 00:00:00 UTC 1')
    expect(javaDateToString(new Date(-62167392000000))).toBe('Thu Jan 01 00:00:00 UTC 1')
    expect(javaDateToString(new Date(-8640000000000000))).toBe('Tue Nov 20 00:00:00 UTC 271817')
  })
})

describe('the ISO-8601 patterns of Connect’s Values', () => {
  it('formats a date, a time and a timestamp', () => {
    expect(formatIso(1566570894346, IsoPattern.DATE)).toBe('2019-08-23')
    expect(formatIso(1566570894346, IsoPattern.TIME)).toBe('14:34:54.346Z')
    expect(formatIso(1566570894346, IsoPattern.TIMESTAMP)).toBe('2019-08-23T14:34:54.346Z')
    expect(formatIso(-1000, IsoPattern.TIME)).toBe('23:59:59.000Z')
  })

  it('parses them back, in UTC', () => {
    expect(parseIso('2019-08-23', IsoPattern.DATE)).toBe(1566518400000)
    expect(parseIso('14:34:54.346Z', IsoPattern.TIME)).toBe(52494346)
    expect(parseIso('2019-08-23T14:34:54.346Z', IsoPattern.TIMESTAMP)).toBe(1566570894346)
  })

  it('parses leniently, as SimpleDateFormat does', () => {
    expect(parseIso('2019-13-45', IsoPattern.DATE)).toBe(Date.UTC(2020, 1, 14))
    expect(parseIso('2019-02-29T24:00:00.000Z', IsoPattern.TIMESTAMP)).toBe(Date.UTC(2019, 2, 2))
    expect(parseIso('  19-08-23', IsoPattern.DATE)).toBe(-61547558400000)
    expect(parseIso('2019-08-23T14:34:54. 46Z', IsoPattern.TIMESTAMP)).toBe(1566570894046)
    expect(parseIso('2E1-01-011', IsoPattern.DATE)).toBe(-61535376000000)
    expect(parseIso('٢٠١٩-٠٨-٢٣', IsoPattern.DATE)).toBe(1566518400000)
    expect(parseIso('-019-08-23', IsoPattern.DATE)).toBe(-62746704000000)
  })

  it('parses dates before the Gregorian cutover in the Julian calendar', () => {
    expect(parseIso('0000-01-01', IsoPattern.DATE)).toBe(-62167392000000)
    expect(parseIso('1582-10-05', IsoPattern.DATE)).toBe(-12219292800000)
    expect(parseIso('1582-10-15', IsoPattern.DATE)).toBe(-12219292800000)
  })

  it('fails where a literal or a number is missing', () => {
    expect(parseIso('2019-08-23T14:34:54.346X', IsoPattern.TIMESTAMP)).toBeNull()
    expect(parseIso('2019-08-+1', IsoPattern.DATE)).toBeNull()
    expect(parseIso('23:59:59.9999', IsoPattern.TIME)).toBeNull()
    expect(parseIso('2019/08/23', IsoPattern.DATE)).toBeNull()
  })
})
