import { describe, expect, it } from 'vitest'
import { timeZoneFor, UTC } from '../../../functions/jdbc-source/time-zone.js'

const HOUR = 3_600_000
const wall = (iso: string) => Date.parse(`${iso}Z`)

describe('timeZoneFor (the zones Confluent’s TimeZoneValidator accepts)', () => {
  it('accepts region ids, UTC and GMT, offsets and Java’s short ids', () => {
    expect(timeZoneFor('UTC')?.offsetAt(0)).toBe(0)
    expect(timeZoneFor('GMT')?.offsetAt(0)).toBe(0)
    expect(timeZoneFor('+05:30')?.offsetAt(0)).toBe(5.5 * HOUR)
    expect(timeZoneFor('UTC-08:00')?.offsetAt(0)).toBe(-8 * HOUR)
    expect(timeZoneFor('GMT+1')?.offsetAt(0)).toBe(HOUR)
    expect(timeZoneFor('EST')?.offsetAt(wall('2024-07-01T12:00:00'))).toBe(-5 * HOUR)
    expect(timeZoneFor('PST')?.offsetAt(wall('2024-07-01T12:00:00'))).toBe(-7 * HOUR)
    expect(timeZoneFor('Asia/Kolkata')?.offsetAt(0)).toBe(5.5 * HOUR)
  })

  it('rejects what Java rejects', () => {
    expect(timeZoneFor('Mars/Olympus_Mons')).toBeNull()
    expect(timeZoneFor('+19:00')).toBeNull()
    expect(timeZoneFor('not a zone')).toBeNull()
    expect(timeZoneFor('')).toBeNull()
  })

  it('follows daylight saving time', () => {
    const ny = timeZoneFor('America/New_York')!
    expect(ny.offsetAt(wall('2024-01-15T12:00:00'))).toBe(-5 * HOUR)
    expect(ny.offsetAt(wall('2024-07-15T12:00:00'))).toBe(-4 * HOUR)
    expect(ny.instantOfWall(wall('2024-07-01T12:00:00'))).toBe(1719849600000)
  })

  it('resolves a wall clock in a gap or an overlap to standard time, as java.util.GregorianCalendar does', () => {
    const ny = timeZoneFor('America/New_York')!
    // Java 17: 2024-03-10 02:30 → 07:30Z, 2024-11-03 01:30 → 06:30Z
    expect(new Date(ny.instantOfWall(wall('2024-03-10T02:30:00'))).toISOString()).toBe('2024-03-10T07:30:00.000Z')
    expect(new Date(ny.instantOfWall(wall('2024-11-03T01:30:00'))).toISOString()).toBe('2024-11-03T06:30:00.000Z')
  })

  it('exports UTC as the default zone', () => {
    expect(UTC.fixed).toBe(true)
    expect(UTC.instantOfWall(123)).toBe(123)
  })
})
