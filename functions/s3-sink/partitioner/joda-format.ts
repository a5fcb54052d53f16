/**
 * Joda-Time's `DateTimeFormat.forPattern` for printing, as `path.format` uses it: the same pattern
 * letters, literals and errors. The trap it exists for: `YYYY` is Joda's year-of-era, the calendar
 * year, not the week-based year that Java's `DateTimeFormatter` and date-fns print for `YYYY`
 * (the week-based year is Joda's `xxxx`).
 *
 * Letters: G era, C century of era, Y year of era, x weekyear, w week of weekyear, e day of week
 * (1 = Monday), E day of week text, y year, D day of year, M month (MMM/MMMM text), d day of month,
 * a AM/PM, K hour of halfday (0–11), h clockhour of halfday (1–12), H hour of day (0–23), k clockhour
 * of day (1–24), m minute, s second, S fraction of second, z zone name, Z offset (`Z` -0800, `ZZ` -08:00,
 * `ZZZ` zone id). Text in single quotes is literal, `''` is a quote; any other letter is an error.
 */
import type { DateTimeZone } from './time-zone.js'

const DAY = 86_400_000

/** The fields of one local date-time (ISO chronology, proleptic Gregorian). */
interface LocalFields {
  readonly instantUtc: number
  readonly local: number
  readonly year: number
  readonly month: number
  readonly day: number
  readonly hour: number
  readonly minute: number
  readonly second: number
  readonly millis: number
  /** 1 = Monday … 7 = Sunday. */
  readonly dayOfWeek: number
  readonly dayOfYear: number
}

type Printer = (f: LocalFields, ctx: PrintContext) => string

interface PrintContext {
  readonly zone: DateTimeZone
  readonly locale: string
}

/** Thrown for a pattern Joda rejects, with Joda's message (`Illegal pattern component: r`). */
export class IllegalPatternError extends Error {}

function pad(value: number, minDigits: number): string {
  if (value < 0) return `-${String(-value).padStart(minDigits, '0')}`
  return String(value).padStart(minDigits, '0')
}

function localFields(instantUtc: number, zone: DateTimeZone): LocalFields {
  const local = zone.convertUTCToLocal(instantUtc)
  const d = new Date(local)
  const year = d.getUTCFullYear()
  const dayOfWeekSunday0 = d.getUTCDay()
  const startOfYear = Date.UTC(year, 0, 1)
  // Date.UTC maps years 0–99 to 1900–1999; fix them up
  const yearStart = year >= 0 && year < 100 ? new Date(startOfYear).setUTCFullYear(year) : startOfYear
  return {
    instantUtc,
    local,
    year,
    month: d.getUTCMonth() + 1,
    day: d.getUTCDate(),
    hour: d.getUTCHours(),
    minute: d.getUTCMinutes(),
    second: d.getUTCSeconds(),
    millis: d.getUTCMilliseconds(),
    dayOfWeek: dayOfWeekSunday0 === 0 ? 7 : dayOfWeekSunday0,
    dayOfYear: Math.floor((local - yearStart) / DAY) + 1,
  }
}

/** ISO week-based year and week (weeks start on Monday; week 1 holds the year's first Thursday). */
function isoWeek(f: LocalFields): { weekyear: number; week: number } {
  const thursday = Math.floor(f.local / DAY) * DAY + (4 - f.dayOfWeek) * DAY
  const t = new Date(thursday)
  const weekyear = t.getUTCFullYear()
  const jan1 = new Date(Date.UTC(2000, 0, 1)).setUTCFullYear(weekyear, 0, 1)
  return { weekyear, week: Math.floor((thursday - jan1) / DAY / 7) + 1 }
}

function yearOfEra(year: number): number {
  return year <= 0 ? 1 - year : year
}

function text(f: LocalFields, ctx: PrintContext, options: Intl.DateTimeFormatOptions, part: string): string {
  const format = new Intl.DateTimeFormat(ctx.locale, { ...options, timeZone: 'UTC' })
  // print the local fields through UTC, so Intl's calendar is not asked about the zone
  return format.formatToParts(new Date(f.local)).find((p) => p.type === part)?.value ?? ''
}

function offsetText(millis: number, colon: boolean): string {
  const sign = millis < 0 ? '-' : '+'
  const abs = Math.abs(millis)
  const hours = Math.floor(abs / 3_600_000)
  const minutes = Math.floor((abs % 3_600_000) / 60_000)
  return `${sign}${pad(hours, 2)}${colon ? ':' : ''}${pad(minutes, 2)}`
}

function printerFor(token: string): Printer {
  const c = token[0] as string
  const n = token.length
  switch (c) {
    case 'G':
      return (f, ctx) => text(f, ctx, { era: 'short' }, 'era')
    case 'C':
      return (f) => pad(Math.floor(yearOfEra(f.year) / 100), n)
    case 'x':
    case 'y':
    case 'Y': {
      if (n === 2) {
        const of = c === 'x' ? (f: LocalFields) => isoWeek(f).weekyear : (f: LocalFields) => f.year
        return (f) => pad(Math.abs(of(f)) % 100, 2)
      }
      // (Joda caps the digits when a number follows, which matters for parsing only)
      if (c === 'x') return (f) => pad(isoWeek(f).weekyear, n)
      if (c === 'y') return (f) => pad(f.year, n)
      return (f) => pad(yearOfEra(f.year), n)
    }
    case 'M':
      if (n >= 4) return (f, ctx) => text(f, ctx, { month: 'long' }, 'month')
      if (n === 3) return (f, ctx) => text(f, ctx, { month: 'short' }, 'month')
      return (f) => pad(f.month, n)
    case 'd':
      return (f) => pad(f.day, n)
    case 'a':
      return (f, ctx) => text(f, ctx, { hour: 'numeric', hourCycle: 'h12' }, 'dayPeriod')
    case 'h':
      return (f) => pad(f.hour % 12 === 0 ? 12 : f.hour % 12, n)
    case 'H':
      return (f) => pad(f.hour, n)
    case 'k':
      return (f) => pad(f.hour === 0 ? 24 : f.hour, n)
    case 'K':
      return (f) => pad(f.hour % 12, n)
    case 'm':
      return (f) => pad(f.minute, n)
    case 's':
      return (f) => pad(f.second, n)
    case 'S':
      // the fraction of the second in n digits: truncated below 3, zero-filled above
      return (f) => {
        const digits = pad(f.millis, 3)
        return n <= 3 ? digits.slice(0, n) : digits.padEnd(n, '0')
      }
    case 'e':
      return (f) => pad(f.dayOfWeek, n)
    case 'E':
      return (f, ctx) => text(f, ctx, { weekday: n >= 4 ? 'long' : 'short' }, 'weekday')
    case 'D':
      return (f) => pad(f.dayOfYear, n)
    case 'w':
      return (f) => pad(isoWeek(f).week, n)
    case 'z':
      return (f, ctx) => ctx.zone.name(f.instantUtc, ctx.locale, n >= 4)
    case 'Z':
      if (n === 1) return (f, ctx) => offsetText(ctx.zone.offset(f.instantUtc), false)
      if (n === 2) return (f, ctx) => offsetText(ctx.zone.offset(f.instantUtc), true)
      return (_f, ctx) => ctx.zone.id
    case "'": {
      const literal = token.slice(1)
      return () => literal
    }
    default:
      throw new IllegalPatternError(`Illegal pattern component: ${token}`)
  }
}

function isLetter(c: string): boolean {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z')
}

/** Joda's `parseToken`: a run of one letter, or literal text (prefixed with `'`). */
function parseToken(pattern: string, start: number): { token: string; end: number } {
  let i = start
  const c = pattern[i] as string
  if (isLetter(c)) {
    while (i + 1 < pattern.length && pattern[i + 1] === c) i++
    return { token: c.repeat(i - start + 1), end: i }
  }
  let buf = "'"
  let inLiteral = false
  for (; i < pattern.length; i++) {
    const ch = pattern[i] as string
    if (ch === "'") {
      if (i + 1 < pattern.length && pattern[i + 1] === "'") {
        i++
        buf += ch
      } else {
        inLiteral = !inLiteral
      }
    } else if (!inLiteral && isLetter(ch)) {
      i--
      break
    } else {
      buf += ch
    }
  }
  return { token: buf, end: i }
}

/** The pattern's tokens, as Joda splits them. */
export function patternTokens(pattern: string): string[] {
  const tokens: string[] = []
  for (let i = 0; i < pattern.length; i++) {
    const { token, end } = parseToken(pattern, i)
    i = end
    if (token.length === 0) break
    tokens.push(token)
  }
  return tokens
}

/** A compiled `path.format`: prints an instant in a zone and locale, as Joda's `DateTimeFormatter.print`. */
export class JodaDateTimeFormatter {
  private readonly printers: Printer[]
  private readonly ctx: PrintContext

  /** Throws {@link IllegalPatternError} where Joda's `forPattern` throws. */
  constructor(
    readonly pattern: string,
    readonly zone: DateTimeZone,
    locale: string,
  ) {
    this.printers = patternTokens(pattern).map(printerFor)
    this.ctx = { zone, locale }
  }

  print(instantUtc: number): string {
    const fields = localFields(instantUtc, this.zone)
    let out = ''
    for (const printer of this.printers) out += printer(fields, this.ctx)
    return out
  }
}
