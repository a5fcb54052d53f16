/**
 * Java's `java.text.SimpleDateFormat` as Kafka's TimestampConverter and TimestampRouter use it:
 * `new SimpleDateFormat(pattern)` in a JVM whose locale is en_US, with the time zone set to UTC.
 *
 * Patterns: the letters `G y Y M L w W D d F E u a H k K h m s S z Z X` with Java's meaning and
 * padding rules, any other ASCII letter rejected, text in single quotes literal, `''` a quote.
 * Formatting uses Java's calendar (Julian before 1582-10-15) and en_US names (`Jan`, `January`,
 * `Tue`, `Tuesday`, `AM`, `AD`, `UTC`, `Coordinated Universal Time`).
 *
 * Parsing is `DateFormat.parse(String)`: lenient by default (fields roll over: month 13 is January
 * of the next year), text after the pattern ignored, numbers read as Java's `DecimalFormat` reads
 * them (a sign, any Unicode digits, an exponent), two-digit years placed in the 100 years that start
 * 80 years before the format was made, calendar fields resolved as `GregorianCalendar` resolves
 * them. Time zones in the text: `Z`, `±hh[:]mm` and `GMT±hh:mm` offsets, and the names of UTC and
 * GMT. As in Java, parsing the name `Greenwich Mean Time` switches the format's own zone to GMT for
 * later formatting (same offset, other names); other zone names (`PST`, `CET`) are not recognised.
 *
 * @example
 * const f = new JavaDateFormat("yyyy-MM-dd'T'HH:mm:ss.SSSX")
 * f.format(1483425001864) // '2017-01-03T06:30:01.864Z'
 * f.parse('2017-01-03T06:30:01.864Z') // 1483425001864
 */
import { isJavaDigit, javaDigitValue } from '../runtime/data/java-numbers.js'
import { computeFields, computeTime, FIELD_COUNT, Field, FieldSet, ONE_DAY, setWeekDate } from './java-calendar.js'
import { IllegalArgumentException } from './util/java-exceptions.js'

/** `DateFormatSymbols.patternChars`: a letter's index is its pattern field. */
const PATTERN_CHARS = 'GyMdkHmsSEDFwWahKzZYuXL'
const P = {
  ERA: 0,
  YEAR: 1,
  MONTH: 2,
  DAY_OF_MONTH: 3,
  HOUR_OF_DAY1: 4,
  HOUR_OF_DAY0: 5,
  MINUTE: 6,
  SECOND: 7,
  MILLISECOND: 8,
  DAY_OF_WEEK: 9,
  DAY_OF_YEAR: 10,
  DAY_OF_WEEK_IN_MONTH: 11,
  WEEK_OF_YEAR: 12,
  WEEK_OF_MONTH: 13,
  AM_PM: 14,
  HOUR1: 15,
  HOUR0: 16,
  ZONE_NAME: 17,
  ZONE_VALUE: 18,
  WEEK_YEAR: 19,
  ISO_DAY_OF_WEEK: 20,
  ISO_ZONE: 21,
  MONTH_STANDALONE: 22,
} as const

/** The pattern fields whose values need the week arithmetic of `computeFields`. */
const WEEK_FIELDS: ReadonlySet<number> = new Set([
  P.DAY_OF_YEAR,
  P.DAY_OF_WEEK_IN_MONTH,
  P.WEEK_OF_YEAR,
  P.WEEK_OF_MONTH,
  P.WEEK_YEAR,
])
/** 1582-10-15T00:00Z, the first Gregorian day, and the last instant a JavaScript Date holds. */
const GREGORIAN_START = -12_219_292_800_000
const MAX_DATE = 8.64e15

/** Pseudo fields of Java's `CalendarBuilder`. */
const WEEK_YEAR = FIELD_COUNT
const ISO_DAY_OF_WEEK = 1000

const CALENDAR_FIELD: readonly number[] = [
  Field.ERA,
  Field.YEAR,
  Field.MONTH,
  Field.DAY_OF_MONTH,
  Field.HOUR_OF_DAY,
  Field.HOUR_OF_DAY,
  Field.MINUTE,
  Field.SECOND,
  Field.MILLISECOND,
  Field.DAY_OF_WEEK,
  Field.DAY_OF_YEAR,
  Field.DAY_OF_WEEK_IN_MONTH,
  Field.WEEK_OF_YEAR,
  Field.WEEK_OF_MONTH,
  Field.AM_PM,
  Field.HOUR,
  Field.HOUR,
  Field.ZONE_OFFSET,
  Field.ZONE_OFFSET,
  WEEK_YEAR,
  ISO_DAY_OF_WEEK,
  Field.ZONE_OFFSET,
  Field.MONTH,
]

// en_US names (Java's CLDR data): formatting uses the first list, parsing accepts every name given.
const ERAS = ['BC', 'AD'] as const
const ERA_NAMES: readonly (readonly [string, number])[] = [
  ['Before Christ', 0],
  ['Anno Domini', 1],
  ['BC', 0],
  ['AD', 1],
]
const MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
] as const
const SHORT_MONTHS = MONTHS.map((m) => m.slice(0, 3))
const MONTH_NAMES = namesLongestFirst([...MONTHS, ...SHORT_MONTHS], (i) => i % 12)
const WEEKDAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'] as const
const SHORT_WEEKDAYS = WEEKDAYS.map((d) => d.slice(0, 3))
const LONG_WEEKDAY_NAMES = namesLongestFirst(WEEKDAYS, (i) => i + 1)
const SHORT_WEEKDAY_NAMES = namesLongestFirst(SHORT_WEEKDAYS, (i) => i + 1)
const AM_PM = ['AM', 'PM'] as const
const AM_PM_NAMES = namesLongestFirst(AM_PM, (i) => i)

function namesLongestFirst(names: readonly string[], valueAt: (index: number) => number): [string, number][] {
  return names.map((name, i): [string, number] => [name, valueAt(i)]).sort((a, b) => b[0].length - a[0].length)
}

/** The zones a format can be in: UTC, or GMT after it parsed `Greenwich Mean Time`. */
interface Zone {
  readonly id: 'UTC' | 'GMT'
  readonly shortName: string
  readonly longName: string
}
const UTC: Zone = { id: 'UTC', shortName: 'UTC', longName: 'Coordinated Universal Time' }
const GMT: Zone = { id: 'GMT', shortName: 'GMT', longName: 'Greenwich Mean Time' }

interface FieldToken {
  readonly kind: 'field'
  readonly index: number
  readonly count: number
  /** The next token is a numeric field: a number here may use only `count` characters. */
  readonly obeyCount: boolean
}
interface LiteralToken {
  readonly kind: 'literal'
  readonly text: string
}
type Token = FieldToken | LiteralToken

/** Java's `java.text.ParseException`: the text does not match the pattern. */
export class ParseException extends Error {
  override readonly name = 'java.text.ParseException'
  constructor(
    message: string,
    readonly errorOffset: number,
  ) {
    super(message)
  }
}

export interface JavaDateFormatOptions {
  /** `setLenient`: whether out-of-range fields roll over when parsing (default true, as Java's). */
  readonly lenient?: boolean
  /** The zone to format in and to assume when the text has none (default UTC). */
  readonly zone?: 'UTC' | 'GMT'
  /** The clock the two-digit-year window is taken from (default `Date.now()`). */
  readonly now?: number
}

export class JavaDateFormat {
  readonly lenient: boolean
  readonly #pattern: string
  readonly #tokens: readonly Token[]
  /** Whether a field of the pattern needs the week or day-of-year arithmetic (D, F, w, W, Y). */
  readonly #needsWeeks: boolean
  /** Reused for the common case: a Gregorian date without week fields. */
  readonly #scratch = new Date(0)
  readonly #values = new Array<number>(FIELD_COUNT).fill(0)
  #zone: Zone
  readonly #defaultCenturyStart: number
  readonly #defaultCenturyStartYear: number

  /** Throws `IllegalArgumentException` with Java's message where the pattern is invalid. */
  constructor(pattern: string, options: JavaDateFormatOptions = {}) {
    this.#pattern = pattern
    this.#tokens = compile(pattern)
    this.#needsWeeks = this.#tokens.some((t) => t.kind === 'field' && WEEK_FIELDS.has(t.index))
    this.lenient = options.lenient ?? true
    this.#zone = options.zone === 'GMT' ? GMT : UTC
    // `initializeDefaultCentury`: the same day and time 80 years before now (a 29 February pinned to the 28th)
    const now = new Date(options.now ?? Date.now())
    const year = now.getUTCFullYear() - 80
    const month = now.getUTCMonth()
    const lastDay = new Date(Date.UTC(year, month + 1, 0)).getUTCDate()
    const start = new Date(now.getTime())
    start.setUTCFullYear(year, month, Math.min(now.getUTCDate(), lastDay))
    this.#defaultCenturyStart = start.getTime()
    this.#defaultCenturyStartYear = year
  }

  /** `toPattern()`: the pattern as given. */
  toPattern(): string {
    return this.#pattern
  }

  /** The id of the zone the format is in (`UTC`, or `GMT` after parsing `Greenwich Mean Time`). */
  get zone(): 'UTC' | 'GMT' {
    return this.#zone.id
  }

  /** Formats an instant (epoch milliseconds or a Date). */
  format(instant: number | Date): string {
    const millis = typeof instant === 'number' ? instant : instant.getTime()
    let values: readonly number[]
    let weekYear = 0
    if (!this.#needsWeeks && millis >= GREGORIAN_START && millis <= MAX_DATE) {
      values = this.#gregorianFields(millis)
    } else {
      const fields = computeFields(millis)
      values = fields.values
      weekYear = fields.weekYear
    }
    let out = ''
    for (const token of this.#tokens) {
      out += token.kind === 'literal' ? token.text : this.#formatField(token, values, weekYear)
    }
    return out
  }

  /** The fields of an instant on or after 1582-10-15 (where JavaScript's calendar is Java's), week fields left out. */
  #gregorianFields(millis: number): readonly number[] {
    const d = this.#scratch
    d.setTime(millis)
    const v = this.#values
    const timeOfDay = millis - Math.floor(millis / ONE_DAY) * ONE_DAY
    const hourOfDay = Math.floor(timeOfDay / 3_600_000)
    v[Field.ERA] = 1
    v[Field.YEAR] = d.getUTCFullYear()
    v[Field.MONTH] = d.getUTCMonth()
    v[Field.DAY_OF_MONTH] = d.getUTCDate()
    v[Field.DAY_OF_WEEK] = d.getUTCDay() + 1
    v[Field.AM_PM] = hourOfDay >= 12 ? 1 : 0
    v[Field.HOUR] = hourOfDay % 12
    v[Field.HOUR_OF_DAY] = hourOfDay
    v[Field.MINUTE] = Math.floor(timeOfDay / 60_000) % 60
    v[Field.SECOND] = Math.floor(timeOfDay / 1000) % 60
    v[Field.MILLISECOND] = timeOfDay % 1000
    return v
  }

  /**
   * `DateFormat.parse(String)`: the instant the start of `text` names, in epoch milliseconds; text
   * after the pattern is ignored. Throws {@link ParseException} (`Unparseable date: "…"`).
   */
  parse(text: string): number {
    const result = this.parseAt(text, 0)
    if ('errorIndex' in result) throw new ParseException(`Unparseable date: "${text}"`, result.errorIndex)
    return result.millis
  }

  /** `parse(String, ParsePosition)` from `start`: the instant and where parsing stopped, or the error index. */
  parseAt(text: string, start: number): { millis: number; end: number } | { errorIndex: number } {
    const calb = new CalendarBuilder()
    const ambiguousYear = { value: false }
    let pos = start
    for (const token of this.#tokens) {
      if (token.kind === 'literal') {
        for (let i = 0; i < token.text.length; i++) {
          if (pos >= text.length || !this.#charEquals(text.charCodeAt(pos), token.text.charCodeAt(i))) {
            return { errorIndex: pos }
          }
          pos++
        }
        continue
      }
      const next = this.#subParse(text, pos, token, ambiguousYear, calb)
      if (next < 0) return { errorIndex: -next - 1 }
      pos = next
    }
    let millis = calb.establish(this.lenient)
    if (millis !== null && ambiguousYear.value && millis < this.#defaultCenturyStart) {
      millis = calb.addYear(100).establish(this.lenient)
    }
    if (millis === null) return { errorIndex: pos }
    return { millis, end: pos }
  }

  #charEquals(a: number, b: number): boolean {
    return a === b || (this.lenient && isSpaceSeparator(a) && isSpaceSeparator(b))
  }

  #formatField(token: FieldToken, v: readonly number[], weekYear: number): string {
    const { index, count } = token
    switch (index) {
      case P.ERA:
        return ERAS[v[Field.ERA]!]!
      case P.YEAR:
        return count === 2 ? pad(v[Field.YEAR]!, 2, true) : pad(v[Field.YEAR]!, count, false)
      case P.WEEK_YEAR:
        return count === 2 ? pad(weekYear, 2, true) : pad(weekYear, count, false)
      case P.MONTH:
      case P.MONTH_STANDALONE:
        if (count >= 4) return MONTHS[v[Field.MONTH]!]!
        if (count === 3) return SHORT_MONTHS[v[Field.MONTH]!]!
        return pad(v[Field.MONTH]! + 1, count, false)
      case P.HOUR_OF_DAY1:
        return pad(v[Field.HOUR_OF_DAY] === 0 ? 24 : v[Field.HOUR_OF_DAY]!, count, false)
      case P.HOUR1:
        return pad(v[Field.HOUR] === 0 ? 12 : v[Field.HOUR]!, count, false)
      case P.DAY_OF_WEEK:
        return (count >= 4 ? WEEKDAYS : SHORT_WEEKDAYS)[v[Field.DAY_OF_WEEK]! - 1]!
      case P.AM_PM:
        return AM_PM[v[Field.AM_PM]!]!
      case P.ZONE_NAME:
        return count >= 4 ? this.#zone.longName : this.#zone.shortName
      case P.ZONE_VALUE:
        return '+0000'
      case P.ISO_ZONE:
        return 'Z'
      case P.ISO_DAY_OF_WEEK: {
        const dow = v[Field.DAY_OF_WEEK]!
        return pad(dow === 1 ? 7 : dow - 1, count, false)
      }
      default:
        return pad(v[CALENDAR_FIELD[index]!]!, count, false)
    }
  }

  /** Java's `subParse`: the position after the field, or -(errorIndex + 1). */
  #subParse(text: string, start: number, token: FieldToken, ambiguousYear: { value: boolean }, calb: CalendarBuilder) {
    const { index, count, obeyCount } = token
    const field = CALENDAR_FIELD[index]!
    let pos = start
    for (;;) {
      if (pos >= text.length) return -start - 1
      const c = text.charCodeAt(pos)
      if (c !== 0x20 && c !== 0x09) break
      pos++
    }
    const actualStart = pos
    const fail = () => -pos - 1
    let value = 0

    if (
      index === P.HOUR_OF_DAY1 ||
      index === P.HOUR1 ||
      ((index === P.MONTH || index === P.MONTH_STANDALONE) && count <= 2) ||
      index === P.YEAR ||
      index === P.WEEK_YEAR
    ) {
      if (obeyCount && start + count > text.length) return fail()
      const number = parseJavaInteger(text, pos, obeyCount ? start + count : text.length)
      if (number === null) return fail()
      value = number.value
      pos = number.end
    }

    switch (index) {
      case P.ERA: {
        const end = matchName(text, start, ERA_NAMES, field, calb)
        return end > 0 ? end : fail()
      }
      case P.YEAR:
      case P.WEEK_YEAR: {
        if (
          count <= 2 &&
          pos - actualStart === 2 &&
          isJavaDigit(text.charCodeAt(actualStart)) &&
          isJavaDigit(text.charCodeAt(actualStart + 1))
        ) {
          const ambiguous = this.#defaultCenturyStartYear % 100
          ambiguousYear.value = value === ambiguous
          value += Math.trunc(this.#defaultCenturyStartYear / 100) * 100 + (value < ambiguous ? 100 : 0)
        }
        calb.set(field, value)
        return pos
      }
      case P.MONTH:
      case P.MONTH_STANDALONE: {
        if (count <= 2) {
          calb.set(Field.MONTH, (value - 1) | 0)
          return pos
        }
        const end = matchName(text, start, MONTH_NAMES, Field.MONTH, calb)
        return end > 0 ? end : fail()
      }
      case P.HOUR_OF_DAY1:
        if (!this.lenient && (value < 1 || value > 24)) return fail()
        calb.set(Field.HOUR_OF_DAY, value === 24 ? 0 : value)
        return pos
      case P.DAY_OF_WEEK: {
        let end = matchName(text, start, LONG_WEEKDAY_NAMES, Field.DAY_OF_WEEK, calb)
        if (end <= 0) end = matchName(text, start, SHORT_WEEKDAY_NAMES, Field.DAY_OF_WEEK, calb)
        return end > 0 ? end : fail()
      }
      case P.AM_PM: {
        const end = matchName(text, start, AM_PM_NAMES, Field.AM_PM, calb)
        return end > 0 ? end : fail()
      }
      case P.HOUR1:
        if (!this.lenient && (value < 1 || value > 12)) return fail()
        calb.set(Field.HOUR, value === 12 ? 0 : value)
        return pos
      case P.ZONE_NAME:
      case P.ZONE_VALUE:
        return this.#parseZone(text, start, pos, calb)
      case P.ISO_ZONE: {
        if (pos >= text.length) return fail()
        const c = text.charCodeAt(pos)
        if (c === 0x5a) {
          calb.set(Field.ZONE_OFFSET, 0).set(Field.DST_OFFSET, 0)
          return pos + 1
        }
        if (c !== 0x2b && c !== 0x2d) return -(pos + 1) - 1
        const end = parseNumericZone(text, pos + 1, c === 0x2b ? 1 : -1, count, count === 3, calb)
        return end > 0 ? end : end - 1
      }
      default: {
        if (obeyCount && start + count > text.length) return fail()
        const number = parseJavaInteger(text, pos, obeyCount ? start + count : text.length)
        if (number === null) return fail()
        calb.set(field, number.value)
        return number.end
      }
    }
  }

  /** `z` and `Z`: `±hhmm`, `GMT[±h[h]:mm]`, or a zone name. */
  #parseZone(text: string, start: number, pos: number, calb: CalendarBuilder): number {
    const c = text.charCodeAt(pos)
    if (c === 0x2b || c === 0x2d) {
      const end = parseNumericZone(text, pos + 1, c === 0x2b ? 1 : -1, 0, false, calb)
      return end > 0 ? end : end - 1
    }
    if ((c === 0x47 || c === 0x67) && text.length - start >= 3 && regionMatchesIgnoreCase(text, start, 'GMT')) {
      pos = start + 3
      const s = pos < text.length ? text.charCodeAt(pos) : 0
      if (s !== 0x2b && s !== 0x2d) {
        calb.set(Field.ZONE_OFFSET, 0).set(Field.DST_OFFSET, 0)
        return pos
      }
      const end = parseNumericZone(text, pos + 1, s === 0x2b ? 1 : -1, 0, true, calb)
      return end > 0 ? end : end - 1
    }
    // zone names: the format's own zone first, then the default zone (UTC), then the others
    const order = this.#zone === GMT ? [GMT, UTC] : [UTC, GMT]
    for (const zone of order) {
      for (const name of [zone.longName, zone.shortName]) {
        if (regionMatchesIgnoreCase(text, pos, name)) {
          this.#zone = zone
          return pos + name.length
        }
      }
    }
    return -pos - 1
  }
}

/** A pattern's tokens, as `SimpleDateFormat.compile` reads it (same errors). */
function compile(pattern: string): Token[] {
  const tokens: Token[] = []
  let literal = ''
  let inQuote = false
  let quoted = ''
  let lastTag = -1
  let count = 0
  const flushField = () => {
    if (count === 0) return
    if (lastTag === P.ISO_ZONE && count >= 4) {
      throw new IllegalArgumentException(`invalid ISO 8601 format: length=${count}`)
    }
    if (literal !== '') {
      tokens.push({ kind: 'literal', text: literal })
      literal = ''
    }
    tokens.push({ kind: 'field', index: lastTag, count, obeyCount: false })
    lastTag = -1
    count = 0
  }
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i]!
    if (c === "'") {
      if (i + 1 < pattern.length && pattern[i + 1] === "'") {
        i++
        flushField()
        if (inQuote) quoted += "'"
        else literal += "'"
        continue
      }
      if (!inQuote) {
        flushField()
        quoted = ''
        inQuote = true
      } else {
        literal += quoted
        inQuote = false
      }
      continue
    }
    if (inQuote) {
      quoted += c
      continue
    }
    if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'))) {
      flushField()
      literal += c
      continue
    }
    const tag = PATTERN_CHARS.indexOf(c)
    if (tag === -1) throw new IllegalArgumentException(`Illegal pattern character '${c}'`)
    if (lastTag === -1 || lastTag === tag) {
      lastTag = tag
      count++
      continue
    }
    flushField()
    lastTag = tag
    count = 1
  }
  if (inQuote) throw new IllegalArgumentException('Unterminated quote')
  flushField()
  if (literal !== '') tokens.push({ kind: 'literal', text: literal })
  // a field followed directly by a numeric field reads only `count` characters
  return tokens.map((token, i) => {
    const next = tokens[i + 1]
    if (token.kind !== 'field' || next === undefined || next.kind !== 'field') return token
    return { ...token, obeyCount: shouldObeyCount(next.index, next.count) }
  })
}

function shouldObeyCount(index: number, count: number): boolean {
  switch (index) {
    case P.MONTH:
    case P.MONTH_STANDALONE:
      return count <= 2
    case P.YEAR:
    case P.DAY_OF_MONTH:
    case P.HOUR_OF_DAY1:
    case P.HOUR_OF_DAY0:
    case P.MINUTE:
    case P.SECOND:
    case P.MILLISECOND:
    case P.DAY_OF_YEAR:
    case P.DAY_OF_WEEK_IN_MONTH:
    case P.WEEK_OF_YEAR:
    case P.WEEK_OF_MONTH:
    case P.HOUR1:
    case P.HOUR0:
    case P.WEEK_YEAR:
    case P.ISO_DAY_OF_WEEK:
      return true
    default:
      return false
  }
}

/** `zeroPaddingNumber`: at least `min` digits; `lastTwo` keeps only the last two (`yy`). */
function pad(value: number, min: number, lastTwo: boolean): string {
  if (value < 0) return `-${pad(-value, min, lastTwo)}`
  let s = String(value)
  if (lastTwo && s.length > 2) s = s.slice(-2)
  return s.length >= min ? s : '0'.repeat(min - s.length) + s
}

/** `Character.getType(c) == SPACE_SEPARATOR`. */
function isSpaceSeparator(c: number): boolean {
  return (
    c === 0x20 ||
    c === 0xa0 ||
    c === 0x1680 ||
    (c >= 0x2000 && c <= 0x200a) ||
    c === 0x202f ||
    c === 0x205f ||
    c === 0x3000
  )
}

/** `String.regionMatches(true, offset, other, 0, other.length())`. */
function regionMatchesIgnoreCase(text: string, offset: number, other: string): boolean {
  if (offset < 0 || offset + other.length > text.length) return false
  for (let i = 0; i < other.length; i++) {
    const a = text[offset + i]!
    const b = other[i]!
    if (a === b) continue
    const ua = a.toUpperCase()
    const ub = b.toUpperCase()
    if (ua === ub || ua.toLowerCase() === ub.toLowerCase()) continue
    return false
  }
  return true
}

/** `matchString` over a names map (longest names first): the end of the match, or a value ≤ 0. */
function matchName(
  text: string,
  start: number,
  names: readonly (readonly [string, number])[],
  field: number,
  calb: CalendarBuilder,
): number {
  for (const [name, value] of names) {
    if (regionMatchesIgnoreCase(text, start, name)) {
      calb.set(field, value)
      return start + name.length
    }
  }
  return -start
}

/**
 * `subParseNumericZone`: `hh[:]mm` (or `hh` for `X`) after a sign at `start`. Returns the end, or
 * `1 - index` (≤ 0) where it stops.
 */
function parseNumericZone(
  text: string,
  start: number,
  sign: number,
  count: number,
  colon: boolean,
  calb: CalendarBuilder,
): number {
  let index = start
  const isDigit = (c: number) => c >= 0x30 && c <= 0x39
  // `text.charAt(index++)`: past the end, index still moves on before Java's exception
  const next = (): number => {
    const at = index++
    return at < text.length ? text.charCodeAt(at) : -1
  }
  let c = next()
  if (c < 0 || !isDigit(c)) return 1 - index
  let hours = c - 0x30
  c = next()
  if (c < 0) return 1 - index
  if (isDigit(c)) {
    hours = hours * 10 + (c - 0x30)
  } else {
    if (count > 0 || !colon) return 1 - index
    index--
  }
  if (hours > 23) return 1 - index
  let minutes = 0
  if (count !== 1) {
    c = next()
    if (c < 0) return 1 - index
    if (colon) {
      if (c !== 0x3a) return 1 - index
      c = next()
      if (c < 0) return 1 - index
    }
    if (!isDigit(c)) return 1 - index
    minutes = c - 0x30
    c = next()
    if (c < 0 || !isDigit(c)) return 1 - index
    minutes = minutes * 10 + (c - 0x30)
    if (minutes > 59) return 1 - index
  }
  minutes += hours * 60
  calb.set(Field.ZONE_OFFSET, minutes * 60_000 * sign).set(Field.DST_OFFSET, 0)
  return index
}

const LONG_MAX = 2n ** 63n - 1n
const INT_MIN = -2_147_483_648
const INT_MAX = 2_147_483_647

/** Java's `(int) d`: truncation, saturating, NaN as 0. */
function doubleToInt(d: number): number {
  if (Number.isNaN(d)) return 0
  if (d >= INT_MAX) return INT_MAX
  if (d <= INT_MIN) return INT_MIN
  return Math.trunc(d)
}

/**
 * The integer en_US `NumberFormat.getIntegerInstance()` (grouping off) reads at `index`, looking no
 * further than `limit`, then `Number.intValue()`; null where it reads nothing. `NaN` reads as 0 and
 * `∞` as the int bounds, as Java's do.
 */
export function parseJavaInteger(text: string, index: number, limit: number): { value: number; end: number } | null {
  const source = limit < text.length ? text.slice(0, limit) : text
  if (source.startsWith('NaN', index)) return { value: 0, end: index + 3 }
  let pos = index
  const negative = source.charCodeAt(pos) === 0x2d
  if (negative) pos++
  if (source.startsWith('\u221e', pos)) return { value: negative ? INT_MIN : INT_MAX, end: pos + 1 }
  const startPos = pos
  let digits = ''
  let digitCount = 0
  let sawDigit = false
  let sawDecimal = false
  let intPos = -1
  let decimalAt = 0
  let exponent = 0
  for (; pos < source.length; pos++) {
    const ch = source.charCodeAt(pos)
    let digit = ch - 0x30
    if (digit < 0 || digit > 9) digit = javaDigitValue(ch)
    if (digit === 0) {
      sawDigit = true
      if (digits === '') continue // leading zeros (after a point too: the integer part is all we keep)
      digitCount++
      if (!sawDecimal) digits += '0'
    } else if (digit > 0 && digit <= 9) {
      sawDigit = true
      digitCount++
      if (!sawDecimal) digits += String(digit)
    } else if (ch === 0x2e) {
      if (startPos === pos) return null
      if (sawDecimal) break
      intPos = pos
      decimalAt = digitCount
      sawDecimal = true
    } else if (ch === 0x45) {
      const parsed = parseExponent(source, pos + 1)
      if (parsed !== null) {
        exponent = parsed.value
        pos = parsed.end
      }
      break
    } else {
      break
    }
  }
  if (!sawDecimal) decimalAt = Math.max(INT_MIN, Math.min(INT_MAX, digitCount + exponent))
  if (!sawDigit && digitCount === 0) return null
  const end = intPos !== -1 ? intPos : pos
  if (end === index) return null
  return { value: integerValue(digits, decimalAt, negative), end }
}

/** The exponent after `E`: an optional `-` and digits; null where there are no digits. */
function parseExponent(text: string, start: number): { value: number; end: number } | null {
  let pos = start
  const negative = text.charCodeAt(pos) === 0x2d
  if (negative) pos++
  let digits = ''
  for (; pos < text.length; pos++) {
    const digit = javaDigitValue(text.charCodeAt(pos))
    if (digit < 0) break
    digits += String(digit)
  }
  if (digits === '') return null
  const magnitude = BigInt(digits)
  // Long.MAX_VALUE where it does not fit; either way far beyond any int once added
  const clamped = magnitude > LONG_MAX ? LONG_MAX : magnitude
  const value = Number(negative ? -clamped : clamped)
  return { value, end: pos }
}

/** `DigitList` → `Long` where it fits (then `intValue`: the low 32 bits), else `Double` (then `(int)`). */
function integerValue(digits: string, decimalAt: number, negative: boolean): number {
  const significant = digits.replace(/0+$/, '')
  if (significant === '') return 0
  if (decimalAt >= significant.length && decimalAt <= 19) {
    const magnitude = BigInt(significant) * 10n ** BigInt(decimalAt - significant.length)
    if (magnitude <= LONG_MAX || (negative && magnitude === LONG_MAX + 1n)) {
      return Number(BigInt.asIntN(32, negative ? -magnitude : magnitude))
    }
  }
  const d = Number(`0.${significant}e${decimalAt}`)
  return doubleToInt(negative ? -d : d)
}

/** Java's `CalendarBuilder`: fields as parsed, in order, then resolved by the calendar. */
class CalendarBuilder {
  readonly #values = new Array<number>(FIELD_COUNT + 1).fill(0)
  readonly #stamps = new Array<number>(FIELD_COUNT + 1).fill(0)
  #nextStamp = 2

  set(field: number, value: number): this {
    let index = field
    let v = value
    if (index === ISO_DAY_OF_WEEK) {
      index = Field.DAY_OF_WEEK
      v = toCalendarDayOfWeek(value)
    }
    this.#values[index] = v
    this.#stamps[index] = this.#nextStamp++
    return this
  }

  addYear(years: number): this {
    this.#values[Field.YEAR] = (this.#values[Field.YEAR]! + years) | 0
    this.#values[WEEK_YEAR] = (this.#values[WEEK_YEAR]! + years) | 0
    return this
  }

  #isSet(field: number): boolean {
    return this.#stamps[field]! > 0
  }

  /** `establish(calendar).getTime()`: epoch milliseconds, or null where Java throws IllegalArgumentException. */
  establish(lenient: boolean): number | null {
    const fields = FieldSet.of(this.#values, this.#stamps)
    const weekDate = this.#isSet(WEEK_YEAR) && this.#stamps[WEEK_YEAR]! > this.#stamps[Field.YEAR]!
    if (weekDate) {
      let weekOfYear = this.#isSet(Field.WEEK_OF_YEAR) ? this.#values[Field.WEEK_OF_YEAR]! : 1
      let dayOfWeek = this.#isSet(Field.DAY_OF_WEEK) ? this.#values[Field.DAY_OF_WEEK]! : 1
      if ((dayOfWeek < 1 || dayOfWeek > 7) && lenient) {
        // Java normalises as if the day were ISO-numbered, then converts it
        if (dayOfWeek >= 8) {
          dayOfWeek--
          weekOfYear = (weekOfYear + Math.trunc(dayOfWeek / 7)) | 0
          dayOfWeek = (dayOfWeek % 7) + 1
        } else {
          while (dayOfWeek <= 0) {
            dayOfWeek += 7
            weekOfYear--
          }
        }
        dayOfWeek = toCalendarDayOfWeek(dayOfWeek)
      }
      if (!setWeekDate(fields, this.#values[WEEK_YEAR]!, weekOfYear, dayOfWeek, lenient)) return null
    }
    return computeTime(fields, lenient)
  }
}

function toCalendarDayOfWeek(isoDayOfWeek: number): number {
  if (isoDayOfWeek < 1 || isoDayOfWeek > 7) return isoDayOfWeek
  return isoDayOfWeek === 7 ? 1 : isoDayOfWeek + 1
}
