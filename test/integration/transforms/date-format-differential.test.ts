/**
 * Our SimpleDateFormat port against the JDK's own (the Java harness's `dateFormat.run` op), in UTC with
 * locale en_US as TimestampConverter and TimestampRouter use it: random patterns of every letter,
 * quoting and literal, formatting instants from year 1 to 9999 (and BC), and parsing their texts, as
 * written and mutated (signs, exponents, Unicode digits, out-of-range fields, zones, names, spaces),
 * lenient and not. Needs Java and Maven; no other service.
 *
 * Instants beyond ±2^53 ms (which Java's `long` arithmetic reaches with absurd fields, and JavaScript
 * numbers cannot hold exactly) are not compared: there the port's arithmetic loses precision, and a
 * non-lenient check can fail where Java's passes (docs/divergences.md).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { JavaDateFormat } from '../../../layers/transforms/java-date-format.js'
import { pick, type Rng, randomInt, seededRandom } from '../../support/generate.js'
import { type JavaHarness, type Json, startJavaHarness } from '../../support/java-harness.js'
import { requireServices } from '../../support/services.js'

// no service: only a JVM, started below
requireServices()

const CASES = Number(process.env['CONNECTLESS_DIFF_RECORDS'] ?? 3000)
const LETTERS = [...'GyMdkHmsSEDFwWahKzZYuXL']
const COMMON = [
  "yyyy-MM-dd'T'HH:mm:ss.SSSX",
  'yyyyMMdd',
  'yyyy-MM-dd HH:mm:ss',
  'EEE, d MMM yyyy HH:mm:ss Z',
  "YYYY-'W'ww-u",
  'MMM d, yyyy h:mm a z',
  'yyyy-MM-dd HH:mm:ss.SSSXXX',
  'yy-M-d',
  'yyyyDDD',
  'G yyyy MMMM dd zzzz',
  'kk:mm KK:mm',
]

function randomPattern(rng: Rng): string {
  let pattern = ''
  const n = randomInt(rng, 1, 6)
  for (let i = 0; i < n; i++) {
    const roll = rng()
    if (roll < 0.7) {
      const letter = pick(rng, LETTERS)
      pattern += letter.repeat(letter === 'X' ? randomInt(rng, 1, 3) : randomInt(rng, 1, 5))
    } else if (roll < 0.85) {
      pattern += pick(rng, ['-', ':', ' ', '.', '/', ','])
    } else {
      pattern += pick(rng, ["'T'", "''", "'at'", "o''clock"])
    }
  }
  // now and then an invalid one: a letter that is not a pattern letter, an open quote, XXXX
  if (rng() < 0.03) pattern += pick(rng, ['q', "'open", 'XXXX', 'b'])
  return pattern
}

function randomMillis(rng: Rng): number {
  const roll = rng()
  if (roll < 0.6) return randomInt(rng, -1_000_000_000_000, 3_000_000_000_000)
  if (roll < 0.8) return randomInt(rng, -62_135_596_800_000, 253_402_300_799_999)
  // the Julian calendar and the 1582 cutover, BC included
  return randomInt(rng, -80_000_000_000_000, -12_000_000_000_000)
}

const INSERTS = [
  '0',
  '1',
  '9',
  '13',
  '99',
  '-',
  ' ',
  '  ',
  '.',
  'E2',
  'NaN',
  'x',
  '+01:00',
  '-0530',
  'Z',
  'GMT',
  'UTC',
  'gmt+5:30',
  'pm',
  'dec',
  'Monday',
  'AD',
  'BC',
  '\u00a0',
  '\u0661',
  '123456789',
  '3E3',
  'Greenwich Mean Time',
]

function mutate(rng: Rng, text: string): string {
  if (rng() < 0.4) return text
  const chars = [...text]
  const n = randomInt(rng, 1, 3)
  for (let k = 0; k < n; k++) {
    const i = randomInt(rng, 0, chars.length)
    const roll = rng()
    if (roll < 0.4) chars.splice(i, 1, pick(rng, INSERTS))
    else if (roll < 0.7) chars.splice(i, 0, pick(rng, INSERTS))
    else chars.splice(i, 1)
  }
  return chars.join('')
}

interface Case {
  readonly pattern: string
  readonly millis?: number
  readonly text?: string
  readonly lenient?: boolean
}

function ours(c: Case): Json {
  let format: JavaDateFormat
  try {
    format = new JavaDateFormat(c.pattern, { lenient: c.lenient ?? true })
  } catch (error) {
    return { iae: (error as Error).message }
  }
  if (c.millis !== undefined) return format.format(c.millis)
  const result = format.parseAt(c.text!, 0)
  return 'errorIndex' in result ? { errorIndex: result.errorIndex } : { millis: result.millis, end: result.end }
}

const SAFE = 2 ** 53

const beyondSafe = (r: Json) => {
  const millis = (r as { millis?: number } | null)?.millis
  return typeof millis === 'number' && Math.abs(millis) >= SAFE
}

/**
 * The JDK read a time zone name other than UTC's and GMT's (`PST`, `ADT`), which the port does not know
 * (docs/divergences.md): ours stops where the name starts, theirs goes past it (and may fail later).
 */
function unknownZoneName(c: Case, ours: Json, jdk: Json): boolean {
  const stop = (ours as { errorIndex?: number } | null)?.errorIndex
  const theirs = jdk as { end?: number; errorIndex?: number } | null
  const end = theirs?.end ?? theirs?.errorIndex
  if (c.text === undefined || stop === undefined || end === undefined || !/[zZ]/.test(c.pattern)) return false
  return end > stop && /^[A-Za-z]{2,}/.test(c.text.slice(stop))
}

/** Equal results; an instant beyond ±2^53 ms on either side is not compared (JavaScript cannot hold it). */
function same(c: Case, a: Json, b: Json): boolean {
  if (beyondSafe(a) || beyondSafe(b) || unknownZoneName(c, a, b)) return true
  return JSON.stringify(a) === JSON.stringify(b)
}

describe("SimpleDateFormat (en_US, UTC) against the JDK's", () => {
  let java: JavaHarness
  beforeAll(async () => {
    java = await startJavaHarness()
  }, 600_000)
  afterAll(async () => {
    await java?.close()
  })

  it(`formats and parses ${CASES} random patterns and texts exactly as the JDK does`, async () => {
    const rng = seededRandom(Number(process.env['CONNECTLESS_DIFF_SEED'] ?? 20_240_229))
    const cases: Case[] = []
    for (let i = 0; i < CASES; i++) {
      const pattern = i % 2 === 0 ? pick(rng, COMMON) : randomPattern(rng)
      const millis = randomMillis(rng)
      cases.push({ pattern, millis })
      let text: string
      try {
        text = new JavaDateFormat(pattern).format(millis)
      } catch {
        continue
      }
      // tabs and newlines are not part of what a field reads; keep texts on one line
      cases.push({ pattern, text: mutate(rng, text).replace(/[\t\n\r]/g, ' '), lenient: rng() < 0.7 })
    }
    const response = await java.request({ op: 'dateFormat.run', cases: cases as unknown as Json[] })
    expect(response.ok, JSON.stringify(response.error)).toBe(true)
    const results = response['results'] as Json[]
    const mismatches: string[] = []
    cases.forEach((c, i) => {
      const mine = ours(c)
      if (!same(c, mine, results[i]!)) {
        mismatches.push(`${JSON.stringify(c)}\n  ours ${JSON.stringify(mine)}\n  jdk  ${JSON.stringify(results[i])}`)
      }
    })
    expect(mismatches.slice(0, 5).join('\n'), `${mismatches.length} of ${cases.length} differ`).toBe('')
  })
})
