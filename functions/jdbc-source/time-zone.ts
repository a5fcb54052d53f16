/**
 * The zone of `db.timezone`: the calendar through which the JDBC source reads DATE-less timestamps
 * and times, and binds its timestamp criteria (Java's `Calendar` in `db.timezone`).
 *
 * Accepted ids are those Confluent's `TimeZoneValidator` accepts: region ids (`Europe/Paris`,
 * `UTC`, `GMT`), offsets (`Z`, `+05:30`, `UTC-8`, `GMT+01:00`) and Java's short ids (`EST`, `PST`).
 * Region rules come from the runtime's ICU data (`Intl`), the same tz database Java ships.
 */

const HOUR_MS = 3_600_000
const DAY_MS = 86_400_000
const BUCKET_MS = 900_000

/** Java's `ZoneId.SHORT_IDS`. */
const SHORT_IDS: Readonly<Record<string, string>> = {
  ACT: 'Australia/Darwin',
  AET: 'Australia/Sydney',
  AGT: 'America/Argentina/Buenos_Aires',
  ART: 'Africa/Cairo',
  AST: 'America/Anchorage',
  BET: 'America/Sao_Paulo',
  BST: 'Asia/Dhaka',
  CAT: 'Africa/Harare',
  CNT: 'America/St_Johns',
  CST: 'America/Chicago',
  CTT: 'Asia/Shanghai',
  EAT: 'Africa/Addis_Ababa',
  ECT: 'Europe/Paris',
  IET: 'America/Indiana/Indianapolis',
  IST: 'Asia/Kolkata',
  JST: 'Asia/Tokyo',
  MIT: 'Pacific/Apia',
  NET: 'Asia/Yerevan',
  NST: 'Pacific/Auckland',
  PLT: 'Asia/Karachi',
  PNT: 'America/Phoenix',
  PRT: 'America/Puerto_Rico',
  PST: 'America/Los_Angeles',
  SST: 'Pacific/Guadalcanal',
  VST: 'Asia/Ho_Chi_Minh',
  EST: '-05:00',
  MST: '-07:00',
  HST: '-10:00',
}

const OFFSET_ID = /^(?:UTC|GMT|UT)?([+-])(\d{1,2})(?::?(\d{2}))?(?::?(\d{2}))?$/
const REGION_ID = /^[A-Za-z][A-Za-z0-9_+-]*(?:\/[A-Za-z0-9_+-]+)*$/

/** A time zone's rules, as much of them as the JDBC source needs. */
export interface TimeZoneRules {
  readonly id: string
  /** Whether the offset never changes (UTC, `+05:30`): then {@link offsetAt} ignores its argument. */
  readonly fixed: boolean
  /** The offset from UTC, in milliseconds, at an instant. */
  offsetAt(epochMillis: number): number
  /**
   * The instant of a wall-clock time, given as the epoch millis those fields would have in UTC. A time
   * in a gap or an overlap resolves to standard time, as `java.util.GregorianCalendar` resolves it.
   */
  instantOfWall(wallMillis: number): number
}

class FixedOffsetZone implements TimeZoneRules {
  readonly fixed = true
  constructor(
    readonly id: string,
    private readonly offsetMs: number,
  ) {}
  offsetAt(): number {
    return this.offsetMs
  }
  instantOfWall(wallMillis: number): number {
    return wallMillis - this.offsetMs
  }
}

class RegionZone implements TimeZoneRules {
  readonly fixed = false
  readonly #format: Intl.DateTimeFormat
  readonly #offsets = new Map<number, number>()

  constructor(readonly id: string) {
    this.#format = new Intl.DateTimeFormat('en-US', {
      timeZone: id,
      hourCycle: 'h23',
      era: 'short',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    })
  }

  offsetAt(epochMillis: number): number {
    const bucket = Math.floor(epochMillis / BUCKET_MS)
    const cached = this.#offsets.get(bucket)
    if (cached !== undefined) return cached
    const start = bucket * BUCKET_MS
    const offset = this.#compute(start)
    // cache a bucket only when no transition falls inside it
    if (offset !== this.#compute(start + BUCKET_MS - 1000)) return this.#compute(epochMillis)
    if (this.#offsets.size > 4096) this.#offsets.clear()
    this.#offsets.set(bucket, offset)
    return offset
  }

  instantOfWall(wallMillis: number): number {
    const before = this.offsetAt(wallMillis - DAY_MS)
    const after = this.offsetAt(wallMillis + DAY_MS)
    if (before === after) return wallMillis - before
    const beforeValid = this.offsetAt(wallMillis - before) === before
    const afterValid = this.offsetAt(wallMillis - after) === after
    if (beforeValid !== afterValid) return wallMillis - (beforeValid ? before : after)
    // both valid (an overlap) or neither (a gap): standard time, the smaller offset
    return wallMillis - Math.min(before, after)
  }

  #compute(epochMillis: number): number {
    const seconds = Math.floor(epochMillis / 1000) * 1000
    let year = 0
    let month = 1
    let day = 1
    let hour = 0
    let minute = 0
    let second = 0
    let bc = false
    for (const part of this.#format.formatToParts(seconds)) {
      switch (part.type) {
        case 'year':
          year = Number(part.value)
          break
        case 'month':
          month = Number(part.value)
          break
        case 'day':
          day = Number(part.value)
          break
        case 'hour':
          hour = Number(part.value)
          break
        case 'minute':
          minute = Number(part.value)
          break
        case 'second':
          second = Number(part.value)
          break
        case 'era':
          bc = part.value.startsWith('B')
          break
      }
    }
    const wall = wallEpochMillis(bc ? 1 - year : year, month, day, hour, minute, second)
    return wall - seconds
  }
}

/** Epoch millis of proleptic Gregorian date-time fields read as UTC (works for any year, unlike `Date.UTC`). */
function wallEpochMillis(year: number, month: number, day: number, h: number, m: number, s: number): number {
  const date = new Date(0)
  date.setUTCFullYear(year, month - 1, day)
  return date.getTime() + h * HOUR_MS + m * 60_000 + s * 1000
}

function offsetZone(id: string, match: RegExpExecArray): TimeZoneRules | null {
  const hours = Number(match[2])
  const minutes = Number(match[3] ?? '0')
  const seconds = Number(match[4] ?? '0')
  if (hours > 18 || minutes > 59 || seconds > 59) return null
  const total = (hours * 3600 + minutes * 60 + seconds) * 1000
  if (total > 18 * 3600 * 1000) return null
  return new FixedOffsetZone(id, match[1] === '-' ? -total : total)
}

const zones = new Map<string, TimeZoneRules | null>()

function resolve(id: string): TimeZoneRules | null {
  if (id === 'UTC' || id === 'GMT' || id === 'UT' || id === 'Z') return new FixedOffsetZone(id, 0)
  const offset = OFFSET_ID.exec(id)
  if (offset) return offsetZone(id, offset)
  if (!REGION_ID.test(id)) return null
  try {
    return new RegionZone(id)
  } catch {
    const short = SHORT_IDS[id]
    return short === undefined ? null : resolve(short)
  }
}

/** The rules of a `db.timezone` value, or null where Java would not accept the id. */
export function timeZoneFor(id: string): TimeZoneRules | null {
  let zone = zones.get(id)
  if (zone === undefined) {
    zone = resolve(id)
    zones.set(id, zone)
  }
  return zone
}

/** UTC, `db.timezone`'s default. */
export const UTC: TimeZoneRules = new FixedOffsetZone('UTC', 0)
