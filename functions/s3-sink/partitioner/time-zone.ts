/**
 * A time zone as Joda-Time's `DateTimeZone` sees it, for the time-based partitioners: `forId` accepts
 * what `DateTimeZone.forID` accepts (`UTC`, tz database ids, fixed offsets `[+-]hh:mm`), offsets come
 * from the tz database that Node's ICU ships, and `convertLocalToUTC` resolves DST gaps and overlaps
 * as Joda does (non-strict).
 */

const MINUTE = 60_000
const HOUR = 3_600_000
/** Offsets are cached per quarter hour: every tz transition since 1900 falls on one. */
const CACHE_SLOT = 15 * MINUTE
const CACHE_LIMIT = 50_000

export interface DateTimeZone {
  /** The id as Joda prints it (`UTC`, `America/Los_Angeles`, `+05:30`). */
  readonly id: string
  /** True when the offset never changes (UTC and fixed offsets). */
  readonly fixed: boolean
  /** The offset from UTC, in milliseconds, at an instant. */
  offset(instantUtc: number): number
  /** Joda's `convertUTCToLocal`: the local wall-clock millis of an instant. */
  convertUTCToLocal(instantUtc: number): number
  /** Joda's `convertLocalToUTC(local, false)`: a gap resolves as Joda does, an overlap to the earlier offset. */
  convertLocalToUTC(instantLocal: number): number
  /** The zone's display name at an instant (Joda's `getShortName`/`getName`), in a locale. */
  name(instantUtc: number, locale: string, long: boolean): string
}

class FixedZone implements DateTimeZone {
  readonly fixed = true
  constructor(
    readonly id: string,
    private readonly millis: number,
  ) {}
  offset(): number {
    return this.millis
  }
  convertUTCToLocal(instantUtc: number): number {
    return instantUtc + this.millis
  }
  convertLocalToUTC(instantLocal: number): number {
    return instantLocal - this.millis
  }
  name(): string {
    return this.id
  }
}

const LONG_OFFSET = /GMT(?:([+-])(\d{1,2})(?::(\d{2}))?(?::(\d{2}))?)?/

class IntlZone implements DateTimeZone {
  readonly fixed = false
  private readonly offsetFormat: Intl.DateTimeFormat
  private readonly cache = new Map<number, number>()

  constructor(readonly id: string) {
    this.offsetFormat = new Intl.DateTimeFormat('en-US', { timeZone: id, timeZoneName: 'longOffset' })
  }

  offset(instantUtc: number): number {
    const slot = Math.floor(instantUtc / CACHE_SLOT)
    const cached = this.cache.get(slot)
    if (cached !== undefined) return cached
    const value = this.lookup(instantUtc)
    // cache only when the whole slot has one offset (always true after 1900)
    if (this.lookup(slot * CACHE_SLOT) === value && this.lookup((slot + 1) * CACHE_SLOT - 1) === value) {
      if (this.cache.size >= CACHE_LIMIT) this.cache.clear()
      this.cache.set(slot, value)
    }
    return value
  }

  private lookup(instantUtc: number): number {
    const parts = this.offsetFormat.formatToParts(new Date(instantUtc))
    const text = parts.find((p) => p.type === 'timeZoneName')?.value ?? 'GMT'
    const m = LONG_OFFSET.exec(text)
    if (!m || m[1] === undefined) return 0
    const millis = Number(m[2]) * HOUR + Number(m[3] ?? 0) * MINUTE + Number(m[4] ?? 0) * 1000
    return m[1] === '-' ? -millis : millis
  }

  convertUTCToLocal(instantUtc: number): number {
    return instantUtc + this.offset(instantUtc)
  }

  convertLocalToUTC(instantLocal: number): number {
    const offsetLocal = this.offset(instantLocal)
    let offset = this.offset(instantLocal - offsetLocal)
    // Joda: near a transition, in the Western hemisphere, check for the DST gap and keep offsetLocal there
    if (offsetLocal !== offset && offsetLocal < 0) {
      if (this.transitionBetween(instantLocal - offsetLocal, instantLocal - offset)) offset = offsetLocal
    }
    return instantLocal - offset
  }

  /** Does the offset change between a and b (Joda compares `nextTransition` of both)? */
  private transitionBetween(a: number, b: number): boolean {
    return this.offset(Math.min(a, b)) !== this.offset(Math.max(a, b))
  }

  name(instantUtc: number, locale: string, long: boolean): string {
    const format = new Intl.DateTimeFormat(locale, { timeZone: this.id, timeZoneName: long ? 'long' : 'short' })
    return format.formatToParts(new Date(instantUtc)).find((p) => p.type === 'timeZoneName')?.value ?? this.id
  }
}

/** Thrown for an id Joda does not recognise, with Joda's message. */
export class UnknownTimeZoneError extends Error {}

export const UTC: DateTimeZone = new FixedZone('UTC', 0)

const OFFSET_ID = /^([+-])(\d{2})(?::?(\d{2})(?::?(\d{2})(?:\.(\d{3}))?)?)?$/

function parseOffset(text: string): number | null {
  const m = OFFSET_ID.exec(text)
  if (!m) return null
  const hours = Number(m[2])
  const minutes = Number(m[3] ?? 0)
  const seconds = Number(m[4] ?? 0)
  if (hours > 23 || minutes > 59 || seconds > 59) return null
  const millis = hours * HOUR + minutes * MINUTE + seconds * 1000 + Number(m[5] ?? 0)
  return m[1] === '-' ? -millis : millis
}

/** Joda's `printOffset`: `+05:30`, `-08:00`, `+05:30:15`, `+05:30:15.500`. */
function printOffset(millis: number): string {
  const sign = millis < 0 ? '-' : '+'
  let rest = Math.abs(millis)
  const hours = Math.floor(rest / HOUR)
  rest -= hours * HOUR
  const minutes = Math.floor(rest / MINUTE)
  rest -= minutes * MINUTE
  const seconds = Math.floor(rest / 1000)
  const ms = rest - seconds * 1000
  let text = `${sign}${String(hours).padStart(2, '0')}:${String(minutes).padStart(2, '0')}`
  if (seconds !== 0 || ms !== 0) text += `:${String(seconds).padStart(2, '0')}`
  if (ms !== 0) text += `.${String(ms).padStart(3, '0')}`
  return text
}

const zones = new Map<string, DateTimeZone>()

/** Joda's `DateTimeZone.forID`; throws {@link UnknownTimeZoneError} with Joda's message for an unknown id. */
export function forId(id: string): DateTimeZone {
  const cached = zones.get(id)
  if (cached) return cached
  const zone = resolve(id)
  zones.set(id, zone)
  return zone
}

function resolve(id: string): DateTimeZone {
  if (id === 'UTC' || id === 'UT' || id === 'GMT' || id === 'Z' || id === 'Etc/UTC' || id === 'Etc/GMT') return UTC
  let offsetText: string | null = null
  if (/^(UTC|GMT)[+-]/.test(id)) offsetText = id.slice(3)
  else if (/^UT[+-]/.test(id)) offsetText = id.slice(2)
  else if (id.startsWith('+') || id.startsWith('-')) offsetText = id
  if (offsetText !== null) {
    const millis = parseOffset(offsetText)
    if (millis === null) throw unknown(id)
    return millis === 0 ? UTC : new FixedZone(printOffset(millis), millis)
  }
  // Joda's ids are case-sensitive (no id is all lower case); Intl would accept any spelling
  if (!/^[A-Za-z][A-Za-z0-9_+\-/]*$/.test(id) || id === id.toLowerCase()) throw unknown(id)
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: id })
  } catch {
    throw unknown(id)
  }
  return new IntlZone(id)
}

function unknown(id: string): UnknownTimeZoneError {
  return new UnknownTimeZoneError(`The datetime zone id '${id}' is not recognised`)
}
