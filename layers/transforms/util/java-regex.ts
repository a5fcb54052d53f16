/**
 * Java regular expressions (`java.util.regex.Pattern`) on JavaScript's engine, for RegexRouter and
 * TopicNameMatches: a Java pattern is translated once into a JavaScript `RegExp` (`u` mode) with
 * Java's meaning, and `Matcher.matches()` and `Matcher.replaceFirst()` are reproduced on top of it.
 *
 * Translated with Java's semantics: `.` and `^`/`$`/`\Z` with Java's line terminators, `\s`, `\h`,
 * `\v`, `\R`, the POSIX classes (`\p{Lower}`, ASCII only as in Java), Unicode categories and scripts
 * (`\p{L}`, `\p{IsLatin}`), `\Q…\E` quoting, octal/hex/control escapes, inline flags anywhere
 * (`(?i)`, `(?-i)`, `(?is:…)`: `i` is ASCII-only as in Java unless `u` is set, `s`, `m`, `x`, `d`),
 * possessive quantifiers and atomic groups, nested classes and class intersections (`[a-z&&[^e]]`),
 * and numbered and named groups and back references. Java's syntax errors become
 * {@link PatternSyntaxException}s with Java's descriptions for the common cases.
 *
 * Not supported, rejected as syntax errors that say so: `\G`, `\X`, `\N{…}`, `\b{g}`, Unicode blocks
 * (`\p{InGreek}`), the `U` flag (UNICODE_CHARACTER_CLASS), and case-insensitive back references.
 * Known differences, all outside what Kafka topic names (`[a-zA-Z0-9._-]`) can contain: `\b` uses
 * ASCII word characters, and a back reference to a group that has not matched matches the empty
 * string where Java fails.
 *
 * @example
 * const p = JavaPattern.compile('(.*)-(\\d{8})')
 * p.matches('index-20160117') // true
 * p.replaceFirst('index-20160117', JavaReplacement.compile('$1', p)) // 'index'
 */
import { IllegalArgumentException, IndexOutOfBoundsException } from './java-exceptions.js'

/** Java's `PatternSyntaxException`, with its `getMessage()` layout. */
export class PatternSyntaxException extends Error {
  constructor(
    readonly description: string,
    readonly pattern: string,
    readonly index: number,
  ) {
    let message = description
    if (index >= 0) message += ` near index ${index}`
    message += `\n${pattern}`
    if (index >= 0 && index < pattern.length) message += `\n${' '.repeat(index)}^`
    super(message)
    this.name = 'PatternSyntaxException'
  }
}

// Java's flag letters.
const CASE_INSENSITIVE = 1
const UNIX_LINES = 2
const MULTILINE = 4
const DOTALL = 8
const UNICODE_CASE = 16
const COMMENTS = 32
const FLAG_BITS: Readonly<Record<string, number>> = {
  i: CASE_INSENSITIVE,
  d: UNIX_LINES,
  m: MULTILINE,
  s: DOTALL,
  u: UNICODE_CASE,
  x: COMMENTS,
}

type Range = readonly [number, number]
const MAX_CODE_POINT = 0x10ffff

const DIGIT: readonly Range[] = [[0x30, 0x39]]
const WORD: readonly Range[] = [
  [0x30, 0x39],
  [0x41, 0x5a],
  [0x5f, 0x5f],
  [0x61, 0x7a],
]
const SPACE: readonly Range[] = [
  [0x09, 0x0d],
  [0x20, 0x20],
]
const HORIZONTAL_SPACE: readonly Range[] = [
  [0x09, 0x09],
  [0x20, 0x20],
  [0xa0, 0xa0],
  [0x1680, 0x1680],
  [0x180e, 0x180e],
  [0x2000, 0x200a],
  [0x202f, 0x202f],
  [0x205f, 0x205f],
  [0x3000, 0x3000],
]
const VERTICAL_SPACE: readonly Range[] = [
  [0x0a, 0x0d],
  [0x85, 0x85],
  [0x2028, 0x2029],
]
/** `\d \s \w \h \v` (their upper-case forms are the complements). */
const PREDEFINED: Readonly<Record<string, readonly Range[]>> = {
  d: DIGIT,
  s: SPACE,
  w: WORD,
  h: HORIZONTAL_SPACE,
  v: VERTICAL_SPACE,
}
const POSIX: Readonly<Record<string, readonly Range[]>> = {
  Lower: [[0x61, 0x7a]],
  Upper: [[0x41, 0x5a]],
  ASCII: [[0x00, 0x7f]],
  Alpha: [
    [0x41, 0x5a],
    [0x61, 0x7a],
  ],
  Digit: DIGIT,
  Alnum: [
    [0x30, 0x39],
    [0x41, 0x5a],
    [0x61, 0x7a],
  ],
  Punct: [
    [0x21, 0x2f],
    [0x3a, 0x40],
    [0x5b, 0x60],
    [0x7b, 0x7e],
  ],
  Graph: [[0x21, 0x7e]],
  Print: [[0x20, 0x7e]],
  Blank: [
    [0x09, 0x09],
    [0x20, 0x20],
  ],
  Cntrl: [
    [0x00, 0x1f],
    [0x7f, 0x7f],
  ],
  XDigit: [
    [0x30, 0x39],
    [0x41, 0x46],
    [0x61, 0x66],
  ],
  Space: SPACE,
  javaISOControl: [
    [0x00, 0x1f],
    [0x7f, 0x9f],
  ],
  javaWhitespace: [
    [0x09, 0x0d],
    [0x1c, 0x20],
    [0x1680, 0x1680],
    [0x2000, 0x2006],
    [0x2008, 0x200a],
    [0x2028, 0x2029],
    [0x205f, 0x205f],
    [0x3000, 0x3000],
  ],
}
/** Cased letters: what Java's case-insensitive `\\p{Lower}`-like Unicode properties match. */
const CASED = '\\p{Lowercase}\\p{Uppercase}\\p{Lt}'
const CATEGORIES = new Set(
  'L Lu Ll Lt Lm Lo LC M Mn Mc Me N Nd Nl No P Pc Pd Ps Pe Pi Pf Po S Sm Sc Sk So Z Zs Zl Zp C Cc Cf Co Cs Cn'.split(
    ' ',
  ),
)
/** Java's `CharPredicates.forUnicodeProperty` names (upper case) as class bodies; `null` where case matters. */
const UNICODE_PROPERTIES: Readonly<Record<string, string | null>> = {
  ALPHABETIC: '\\p{Alphabetic}',
  ASSIGNED: '\\P{Cn}',
  CONTROL: '\\p{Cc}',
  EMOJI: '\\p{Emoji}',
  EMOJI_PRESENTATION: '\\p{Emoji_Presentation}',
  EMOJI_MODIFIER: '\\p{Emoji_Modifier}',
  EMOJI_MODIFIER_BASE: '\\p{Emoji_Modifier_Base}',
  EMOJI_COMPONENT: '\\p{Emoji_Component}',
  EXTENDED_PICTOGRAPHIC: '\\p{Extended_Pictographic}',
  HEXDIGIT: '\\p{Hex_Digit}\\p{Nd}',
  HEX_DIGIT: '\\p{Hex_Digit}\\p{Nd}',
  IDEOGRAPHIC: '\\p{Ideographic}',
  JOINCONTROL: '\\p{Join_Control}',
  JOIN_CONTROL: '\\p{Join_Control}',
  LETTER: '\\p{L}',
  LOWERCASE: null,
  NONCHARACTERCODEPOINT: '\\p{Noncharacter_Code_Point}',
  NONCHARACTER_CODE_POINT: '\\p{Noncharacter_Code_Point}',
  TITLECASE: null,
  PUNCTUATION: '\\p{P}',
  UPPERCASE: null,
  WHITESPACE: '\\p{White_Space}',
  WHITE_SPACE: '\\p{White_Space}',
  WORD: '\\p{Alphabetic}\\p{Mn}\\p{Me}\\p{Mc}\\p{Nd}\\p{Pc}\\p{Join_Control}',
  // Java's Unicode versions of the POSIX names
  ALPHA: '\\p{Alphabetic}',
  LOWER: null,
  UPPER: null,
  SPACE: '\\p{White_Space}',
  PUNCT: '\\p{P}',
  XDIGIT: '\\p{Hex_Digit}\\p{Nd}',
  ALNUM: '\\p{Alphabetic}\\p{Nd}',
  CNTRL: '\\p{Cc}',
  DIGIT: '\\p{Nd}',
}
const CASE_SENSITIVE_UNICODE: Readonly<Record<string, string>> = {
  LOWERCASE: '\\p{Lowercase}',
  LOWER: '\\p{Lowercase}',
  TITLECASE: '\\p{Lt}',
  UPPERCASE: '\\p{Uppercase}',
  UPPER: '\\p{Uppercase}',
}
/** Java's `Character.isXxx` properties (`\\p{javaLowerCase}`) as class bodies; `null` where case matters. */
const JAVA_CHARACTER_PROPERTIES: Readonly<Record<string, string | null>> = {
  javaLowerCase: null,
  javaUpperCase: null,
  javaTitleCase: null,
  javaAlphabetic: '\\p{Alphabetic}',
  javaIdeographic: '\\p{Ideographic}',
  javaDigit: '\\p{Nd}',
  javaDefined: '\\P{Cn}',
  javaLetter: '\\p{L}',
  javaLetterOrDigit: '\\p{L}\\p{Nd}',
  javaSpaceChar: '\\p{Z}',
  javaMirrored: '\\p{Bidi_Mirrored}',
}
const CASE_SENSITIVE_JAVA: Readonly<Record<string, string>> = {
  javaLowerCase: '\\p{Lowercase}',
  javaUpperCase: '\\p{Uppercase}',
  javaTitleCase: '\\p{Lt}',
}

// Java's line terminators, as JavaScript class contents.
const LINE_TERMINATORS = '\\n\\r\\u0085\\u2028\\u2029'
const BEGIN = '(?<![\\s\\S])'
const END = '(?![\\s\\S])'

function complement(ranges: readonly Range[]): Range[] {
  const sorted = [...ranges].sort((a, b) => a[0] - b[0])
  const out: Range[] = []
  let next = 0
  for (const [lo, hi] of sorted) {
    if (lo > next) out.push([next, lo - 1])
    next = Math.max(next, hi + 1)
  }
  if (next <= MAX_CODE_POINT) out.push([next, MAX_CODE_POINT])
  return out
}

function hex(cp: number): string {
  return `\\u{${cp.toString(16)}}`
}

function isAsciiLetter(cp: number): boolean {
  return (cp >= 0x41 && cp <= 0x5a) || (cp >= 0x61 && cp <= 0x7a)
}
function isAsciiDigit(cp: number): boolean {
  return cp >= 0x30 && cp <= 0x39
}
function isHexDigit(c: string | undefined): boolean {
  return c !== undefined && /^[0-9a-fA-F]$/.test(c)
}

/** A code point written for a JavaScript class body (`u` mode). */
function classChar(cp: number): string {
  const c = String.fromCodePoint(cp)
  if ('\\]^-['.includes(c)) return `\\${c}`
  if (cp < 0x20 || (cp >= 0x7f && cp <= 0x9f) || cp === 0x2028 || cp === 0x2029) return hex(cp)
  return c
}

/** A code point written as a literal outside a class (`u` mode). */
function literalChar(cp: number): string {
  const c = String.fromCodePoint(cp)
  if ('^$\\.*+?()[]{}|/'.includes(c)) return `\\${c}`
  if (cp < 0x20 || (cp >= 0x7f && cp <= 0x9f) || cp === 0x2028 || cp === 0x2029) return hex(cp)
  return c
}

function rangesBody(ranges: readonly Range[]): string {
  return ranges.map(([lo, hi]) => (lo === hi ? classChar(lo) : `${classChar(lo)}-${classChar(hi)}`)).join('')
}

/** The other-case code points of `cp` under the flags (ASCII only unless UNICODE_CASE). */
function caseVariants(cp: number, flags: number): number[] {
  if ((flags & CASE_INSENSITIVE) === 0) return []
  if (isAsciiLetter(cp)) return [cp ^ 0x20]
  if ((flags & UNICODE_CASE) === 0 || cp < 0x80) return []
  const c = String.fromCodePoint(cp)
  const out = new Set<number>()
  for (const v of [c.toLowerCase(), c.toUpperCase()]) {
    const v0 = v.codePointAt(0)!
    if (v0 !== cp && String.fromCodePoint(v0) === v) out.add(v0)
  }
  return [...out]
}

/** A set of characters: ranges and JavaScript property escapes, written as one class body. */
class ClassBody {
  private readonly ranges: Range[] = []
  private readonly escapes: string[] = []

  constructor(private readonly flags: number) {}

  get isEmpty(): boolean {
    return this.ranges.length === 0 && this.escapes.length === 0
  }

  addChar(cp: number): void {
    this.ranges.push([cp, cp])
    for (const v of caseVariants(cp, this.flags)) this.ranges.push([v, v])
  }

  addRange(lo: number, hi: number): void {
    this.ranges.push([lo, hi])
    if ((this.flags & CASE_INSENSITIVE) === 0) return
    // ASCII letters of the range in the other case (Java's CASE_INSENSITIVE is ASCII-only)
    for (const [a, z, shift] of [
      [0x61, 0x7a, -0x20],
      [0x41, 0x5a, 0x20],
    ] as const) {
      const from = Math.max(lo, a)
      const to = Math.min(hi, z)
      if (from <= to) this.ranges.push([from + shift, to + shift])
    }
  }

  addRanges(ranges: readonly Range[]): void {
    this.ranges.push(...ranges)
  }

  addEscape(text: string): void {
    this.escapes.push(text)
  }

  body(): string {
    return rangesBody(this.ranges) + this.escapes.join('')
  }
}

/** A predefined class or property: ranges, or a JavaScript escape usable inside and outside classes. */
type CharSet = { readonly ranges: readonly Range[] } | { readonly body: string; readonly negated: boolean }

/** A set written as a whole class (outside a class). */
function setClass(set: CharSet): string {
  if ('ranges' in set) return `[${rangesBody(set.ranges)}]`
  return set.negated ? `[^${set.body}]` : `[${set.body}]`
}

interface Translation {
  readonly source: string
  readonly groupCount: number
  /** The JavaScript group name of each Java group number (index 0 unused). */
  readonly groupNames: readonly string[]
  readonly namedGroups: ReadonlyMap<string, number>
}

/** Translates one Java pattern; every method reads at `this.i`. */
class Translator {
  private i = 0
  private out = ''
  private flags = 0
  private readonly flagStack: number[] = []
  private groupCount = 0
  private readonly groupNames: string[] = ['']
  private readonly namedGroups = new Map<string, number>()
  private atomicCount = 0
  private readonly p: string

  constructor(private readonly original: string) {
    this.p = removeQEQuoting(original)
  }

  translate(): Translation {
    this.alternation()
    if (this.i < this.p.length) throw this.error("Unmatched closing ')'", this.i - 1)
    return {
      source: this.out,
      groupCount: this.groupCount,
      groupNames: this.groupNames,
      namedGroups: this.namedGroups,
    }
  }

  private error(description: string, index: number = this.i): PatternSyntaxException {
    return new PatternSyntaxException(description, this.original, index)
  }

  private unsupported(what: string, index: number = this.i): PatternSyntaxException {
    return this.error(`${what} is not supported by connectless`, index)
  }

  private has(flag: number): boolean {
    return (this.flags & flag) !== 0
  }

  /** Skips whitespace and `#` comments in COMMENTS mode. */
  private skipComments(): void {
    if (!this.has(COMMENTS)) return
    const p = this.p
    for (;;) {
      const c = p[this.i]
      if (c === ' ' || c === '\t' || c === '\n' || c === '\v' || c === '\f' || c === '\r') this.i++
      else if (c === '#') {
        while (this.i < p.length && !this.isLineTerminator(p[this.i]!)) this.i++
      } else return
    }
  }

  private isLineTerminator(c: string): boolean {
    if (this.has(UNIX_LINES)) return c === '\n'
    return c === '\n' || c === '\r' || c === '\u0085' || c === '\u2028' || c === '\u2029'
  }

  private readCodePoint(): number {
    const cp = this.p.codePointAt(this.i)!
    this.i += cp > 0xffff ? 2 : 1
    return cp
  }

  private alternation(): void {
    this.sequence()
    for (;;) {
      this.skipComments()
      if (this.p[this.i] !== '|') return
      this.i++
      this.out += '|'
      this.sequence()
    }
  }

  private sequence(): void {
    const p = this.p
    for (;;) {
      this.skipComments()
      if (this.i >= p.length) return
      const c = p[this.i]!
      if (c === '|' || c === ')') return
      const atomStart = this.out.length
      switch (c) {
        case '(':
          if (!this.group()) continue
          break
        case '[':
          this.out += this.characterClass()
          break
        case '\\':
          this.out += this.escapeOutsideClass()
          break
        case '^':
          this.i++
          this.out += this.caret()
          break
        case '$':
          this.i++
          this.out += this.dollar(this.has(MULTILINE))
          break
        case '.':
          this.i++
          this.out += this.has(DOTALL) ? '[\\s\\S]' : this.has(UNIX_LINES) ? '[^\\n]' : `[^${LINE_TERMINATORS}]`
          break
        case '*':
        case '+':
        case '?':
          throw this.error(`Dangling meta character '${c}'`)
        case '{':
          throw this.error('Illegal repetition', this.i + 1)
        default:
          this.out += this.literal(this.readCodePoint())
      }
      this.quantifier(atomStart)
    }
  }

  private literal(cp: number): string {
    const variants = caseVariants(cp, this.flags)
    if (variants.length === 0) return literalChar(cp)
    return `[${[cp, ...variants].map(classChar).join('')}]`
  }

  private caret(): string {
    if (!this.has(MULTILINE)) return BEGIN
    if (this.has(UNIX_LINES)) return `(?:${BEGIN}|(?<=\\n)(?=[\\s\\S]))`
    return `(?:${BEGIN}|(?<=[\\n\\u0085\\u2028\\u2029]|\\r(?!\\n))(?=[\\s\\S]))`
  }

  /** `$` (and `\Z` with multiline false): Java's `Dollar` and `UnixDollar`. */
  private dollar(multiline: boolean): string {
    if (this.has(UNIX_LINES)) return multiline ? `(?=\\n|${END})` : `(?=\\n?${END})`
    if (multiline) return `(?:(?<!\\r(?=\\n))(?=[${LINE_TERMINATORS}]|${END}))`
    return `(?:(?<!\\r(?=\\n))(?=(?:\\r\\n|[${LINE_TERMINATORS}])?${END}))`
  }

  /** A quantifier after the atom written from `atomStart`, if there is one (Java's `closure`). */
  private quantifier(atomStart: number): void {
    this.skipComments()
    const p = this.p
    const c = p[this.i]
    let quantifier: string
    if (c === '?' || c === '*' || c === '+') {
      this.i++
      quantifier = c
    } else if (c === '{') {
      if (!isAsciiDigit(p.charCodeAt(this.i + 1))) throw this.error('Illegal repetition', this.i + 1)
      this.i++
      const min = this.digits()
      let max: number | null = min
      let text = String(min)
      if (p[this.i] === ',') {
        this.i++
        text += ','
        max = null
        if (p[this.i] !== '}') {
          max = isAsciiDigit(p.charCodeAt(this.i)) ? this.digits() : 0
          text += String(max)
        }
      }
      if (p[this.i] !== '}') throw this.error('Unclosed counted closure')
      this.i++
      if (max !== null && max < min) throw this.error('Illegal repetition range', this.i - 1)
      quantifier = `{${text}}`
    } else {
      return
    }
    // JavaScript cannot quantify a lookaround directly (Java can): quantify a group around it
    if (/^\(\?<?[=!]/.test(this.out.slice(atomStart, atomStart + 4))) {
      this.out = `${this.out.slice(0, atomStart)}(?:${this.out.slice(atomStart)})`
    }
    const mode = p[this.i]
    if (mode === '?') {
      this.i++
      this.out += `${quantifier}?`
    } else if (mode === '+') {
      this.i++
      const atom = this.out.slice(atomStart)
      this.out = this.out.slice(0, atomStart) + this.atomic(atom + quantifier)
    } else {
      this.out += quantifier
    }
  }

  private digits(): number {
    const start = this.i
    while (isAsciiDigit(this.p.charCodeAt(this.i))) this.i++
    return Number(this.p.slice(start, this.i))
  }

  /** An atomic group: a lookahead that captures, then a back reference to what it captured. */
  private atomic(source: string): string {
    const name = `_a${++this.atomicCount}`
    return `(?:(?=(?<${name}>${source}))\\k<${name}>)`
  }

  /** A group; false for a flags-only group such as `(?i)`, which is no atom. */
  private group(): boolean {
    const p = this.p
    this.i++
    let prefix: string
    let atomicGroup = false
    const saved = this.flags
    if (p[this.i] === '?') {
      this.i++
      const c = p[this.i]
      if (c === ':' || c === '=' || c === '!') {
        this.i++
        prefix = `(?${c}`
      } else if (c === '<' && (p[this.i + 1] === '=' || p[this.i + 1] === '!')) {
        prefix = `(?<${p[this.i + 1]}`
        this.i += 2
      } else if (c === '<') {
        this.i++
        const name = this.groupName()
        if (this.namedGroups.has(name)) throw this.error(`Named capturing group <${name}> is already defined`)
        const number = ++this.groupCount
        this.namedGroups.set(name, number)
        this.groupNames[number] = name
        prefix = `(?<${name}>`
      } else if (c === '>') {
        this.i++
        atomicGroup = true
        prefix = '(?:'
      } else {
        const flags = this.inlineFlags()
        if (p[this.i] === ')') {
          this.i++
          this.flags = flags
          return false
        }
        this.i++ // ':'
        this.flags = flags
        prefix = '(?:'
      }
    } else {
      const number = ++this.groupCount
      const name = `_g${number}`
      this.groupNames[number] = name
      prefix = `(?<${name}>`
    }
    this.flagStack.push(saved)
    const start = this.out.length
    this.out += prefix
    this.alternation()
    if (p[this.i] !== ')') throw this.error('Unclosed group', p.length)
    this.i++
    this.out += ')'
    this.flags = this.flagStack.pop()!
    if (atomicGroup) this.out = this.out.slice(0, start) + this.atomic(this.out.slice(start))
    return true
  }

  /** A group name: an ASCII letter, then ASCII letters and digits, then `>`. */
  private groupName(): string {
    const p = this.p
    if (!isAsciiLetter(p.charCodeAt(this.i))) {
      throw this.error('capturing group name does not start with a Latin letter')
    }
    const start = this.i
    while (isAsciiLetter(p.charCodeAt(this.i)) || isAsciiDigit(p.charCodeAt(this.i))) this.i++
    const name = p.slice(start, this.i)
    if (p[this.i] !== '>') throw this.error("named capturing group is missing trailing '>'")
    this.i++
    return name
  }

  /** `idmsuxU-idmsuxU` up to `)` or `:`; the flags that result. */
  private inlineFlags(): number {
    const p = this.p
    let flags = this.flags
    let on = true
    for (;;) {
      const c = p[this.i]
      if (c === ')' || c === ':') return flags
      if (c === '-' && on) {
        on = false
      } else if (c === 'U') {
        throw this.unsupported('The UNICODE_CHARACTER_CLASS flag (?U)')
      } else if (c !== undefined && FLAG_BITS[c] !== undefined) {
        flags = on ? flags | FLAG_BITS[c] : flags & ~FLAG_BITS[c]
      } else {
        throw this.error('Unknown inline modifier')
      }
      this.i++
    }
  }

  // --- escapes -------------------------------------------------------------------------------------

  private escapeOutsideClass(): string {
    const p = this.p
    const at = this.i
    this.i++ // '\'
    if (this.i >= p.length) throw this.error('Unexpected internal error')
    const c = p[this.i]!
    switch (c) {
      case 'A':
        this.i++
        return BEGIN
      case 'z':
        this.i++
        return END
      case 'Z':
        this.i++
        return this.dollar(false)
      case 'b':
        this.i++
        if (p[this.i] === '{') throw this.unsupported('\\b{g}', at)
        return '(?:\\b)'
      case 'B':
        this.i++
        return '(?:\\B)'
      case 'R':
        this.i++
        return '(?:\\r\\n|[\\n\\v\\f\\r\\u0085\\u2028\\u2029])'
      case 'G':
        throw this.unsupported('\\G', at)
      case 'X':
        throw this.unsupported('\\X', at)
      case 'N':
        throw this.unsupported('\\N{name}', at)
      case 'k':
        return this.namedBackReference()
    }
    if (c >= '1' && c <= '9') return this.backReference()
    const set = this.predefinedSet()
    if (set !== null) return setClass(set)
    return this.literal(this.escapedChar(at))
  }

  private backReference(): string {
    const p = this.p
    let ref = p.charCodeAt(this.i) - 0x30
    this.i++
    while (isAsciiDigit(p.charCodeAt(this.i))) {
      const next = ref * 10 + (p.charCodeAt(this.i) - 0x30)
      if (next > this.groupCount) break
      ref = next
      this.i++
    }
    if (this.has(CASE_INSENSITIVE)) throw this.unsupported('A case-insensitive back reference')
    // a group that is not (yet) defined never matched: Java's back reference then fails
    if (ref > this.groupCount) return '(?!)'
    return `\\k<${this.groupNames[ref]}>`
  }

  private namedBackReference(): string {
    this.i++ // 'k'
    if (this.p[this.i] !== '<') throw this.error("\\k is not followed by '<' for named capturing group")
    this.i++
    const name = this.groupName()
    if (!this.namedGroups.has(name)) throw this.error(`named capturing group <${name}> does not exist`)
    if (this.has(CASE_INSENSITIVE)) throw this.unsupported('A case-insensitive back reference')
    return `\\k<${name}>`
  }

  /** `\d \D \s \S \w \W \h \H \v \V \p{…} \P{…}` at `this.i` (after the backslash), or null. */
  private predefinedSet(): CharSet | null {
    const c = this.p[this.i]!
    const ranges = PREDEFINED[c.toLowerCase()]
    if (ranges !== undefined && 'dswhvDSWHV'.includes(c)) {
      this.i++
      return { ranges: c === c.toLowerCase() ? ranges : complement(ranges) }
    }
    if (c === 'p' || c === 'P') return this.property(c === 'P')
    return null
  }

  private property(negated: boolean): CharSet {
    const p = this.p
    const at = this.i - 1
    this.i++ // 'p'
    let name: string
    if (p[this.i] === '{') {
      const close = p.indexOf('}', this.i)
      if (close < 0) throw this.error('Unclosed character family')
      name = p.slice(this.i + 1, close)
      this.i = close + 1
      if (name === '') throw this.error('Empty character family')
    } else {
      if (this.i >= p.length) throw this.error('Illegal character family')
      name = String.fromCodePoint(this.readCodePoint())
    }
    const set = this.propertySet(name, at)
    if (!negated) return set
    return 'ranges' in set ? { ranges: complement(set.ranges) } : { body: set.body, negated: !set.negated }
  }

  /** Java's `Pattern.family`: the set a property name stands for. */
  private propertySet(name: string, at: number): CharSet {
    const eq = name.indexOf('=')
    if (eq >= 0) {
      const key = name.slice(0, eq).toLowerCase()
      const value = name.slice(eq + 1)
      let set: CharSet | null = null
      if (key === 'sc' || key === 'script') set = this.script(value)
      else if (key === 'gc' || key === 'general_category') set = this.category(value)
      else if (key === 'blk' || key === 'block') throw this.unsupported('A Unicode block', at)
      if (set === null) throw this.error(`Unknown Unicode property {name=<${key}>, value=<${value}>}`)
      return set
    }
    let set: CharSet | null
    if (name.startsWith('In')) throw this.unsupported('A Unicode block', at)
    if (name.startsWith('Is')) {
      const short = name.slice(2)
      set = this.unicodeProperty(short.toUpperCase()) ?? this.javaProperty(short) ?? this.script(short)
    } else {
      set = this.javaProperty(name)
    }
    if (set === null) throw this.error(`Unknown character property name {${name}}`)
    return set
  }

  private unicodeProperty(upper: string): CharSet | null {
    const body = UNICODE_PROPERTIES[upper]
    if (body === undefined) return null
    if (body !== null) return { body, negated: false }
    return { body: this.has(CASE_INSENSITIVE) ? CASED : CASE_SENSITIVE_UNICODE[upper]!, negated: false }
  }

  /** Java's `CharPredicates.forProperty`: categories, the POSIX classes (ASCII), `javaXxx`. */
  private javaProperty(name: string): CharSet | null {
    const category = this.category(name)
    if (category !== null) return category
    if (name === 'all') return { ranges: [[0, MAX_CODE_POINT]] }
    if ((name === 'Lower' || name === 'Upper') && this.has(CASE_INSENSITIVE)) return { ranges: POSIX['Alpha']! }
    const posix = POSIX[name]
    if (posix !== undefined) return { ranges: posix }
    const java = JAVA_CHARACTER_PROPERTIES[name]
    if (java === undefined) return null
    if (java !== null) return { body: java, negated: false }
    return { body: this.has(CASE_INSENSITIVE) ? CASED : CASE_SENSITIVE_JAVA[name]!, negated: false }
  }

  private category(name: string): CharSet | null {
    if (name === 'L1') return { ranges: [[0, 0xff]] }
    if (name === 'LD') return { body: '\\p{L}\\p{Nd}', negated: false }
    if (!CATEGORIES.has(name)) return null
    if ((name === 'Lu' || name === 'Ll' || name === 'Lt') && this.has(CASE_INSENSITIVE)) {
      return { body: '\\p{LC}', negated: false }
    }
    return { body: `\\p{${name}}`, negated: false }
  }

  private script(name: string): CharSet | null {
    const body = `\\p{Script=${name}}`
    try {
      new RegExp(body, 'u')
      return { body, negated: false }
    } catch {
      return null
    }
  }

  /** A character escape at `this.i` (after the backslash): its code point. */
  private escapedChar(at: number): number {
    const p = this.p
    const c = p[this.i]!
    this.i++
    switch (c) {
      case '0':
        return this.octal()
      case 't':
        return 0x09
      case 'n':
        return 0x0a
      case 'r':
        return 0x0d
      case 'f':
        return 0x0c
      case 'a':
        return 0x07
      case 'e':
        return 0x1b
      case 'c':
        if (this.i >= p.length) throw this.error('Illegal control escape sequence')
        return this.readCodePoint() ^ 64
      case 'x':
        return this.hexEscape()
      case 'u':
        return this.unicodeEscape()
    }
    const cp = c.codePointAt(0)!
    if (cp < 0x80 && (isAsciiLetter(cp) || isAsciiDigit(cp))) {
      throw this.error('Illegal/unsupported escape sequence', at + 1)
    }
    this.i -= c.length
    return this.readCodePoint()
  }

  private octal(): number {
    const p = this.p
    const d = (k: number) => {
      const v = p.charCodeAt(this.i + k) - 0x30
      return v >= 0 && v <= 7 ? v : -1
    }
    const n = d(0)
    if (n < 0) throw this.error('Illegal octal escape sequence')
    const m = d(1)
    if (m < 0) {
      this.i += 1
      return n
    }
    const o = d(2)
    if (o >= 0 && n <= 3) {
      this.i += 3
      return n * 64 + m * 8 + o
    }
    this.i += 2
    return n * 8 + m
  }

  private hexEscape(): number {
    const p = this.p
    if (isHexDigit(p[this.i]) && isHexDigit(p[this.i + 1])) {
      this.i += 2
      return Number.parseInt(p.slice(this.i - 2, this.i), 16)
    }
    if (p[this.i] === '{' && isHexDigit(p[this.i + 1])) {
      const close = p.indexOf('}', this.i)
      const digits = close < 0 ? '' : p.slice(this.i + 1, close)
      if (!/^[0-9a-fA-F]+$/.test(digits)) throw this.error('Unclosed hexadecimal escape sequence')
      const cp = Number.parseInt(digits, 16)
      if (cp > MAX_CODE_POINT) throw this.error('Hexadecimal codepoint is too big')
      this.i = close + 1
      return cp
    }
    throw this.error('Illegal hexadecimal escape sequence')
  }

  private unicodeEscape(): number {
    const p = this.p
    const four = (at: number) =>
      /^[0-9a-fA-F]{4}$/.test(p.slice(at, at + 4)) ? Number.parseInt(p.slice(at, at + 4), 16) : -1
    const n = four(this.i)
    if (n < 0) throw this.error('Illegal Unicode escape sequence')
    this.i += 4
    // a surrogate pair written as two escapes is one code point, as in Java
    if (n >= 0xd800 && n <= 0xdbff && p[this.i] === '\\' && p[this.i + 1] === 'u') {
      const low = four(this.i + 2)
      if (low >= 0xdc00 && low <= 0xdfff) {
        this.i += 6
        return (n - 0xd800) * 0x400 + (low - 0xdc00) + 0x10000
      }
    }
    return n
  }

  // --- character classes -------------------------------------------------------------------------

  /** A class `[…]` (Java's `clazz`), as a JavaScript expression that matches one character. */
  private characterClass(): string {
    const p = this.p
    this.i++ // '['
    let negated = false
    if (p[this.i] === '^') {
      negated = true
      this.i++
    }
    const operands: string[] = []
    let body = new ClassBody(this.flags)
    let nested: string[] = []
    let first = true
    let anyNested = false
    const closeOperand = () => {
      if (nested.length > 0) anyNested = true
      const parts = [...(body.isEmpty ? [] : [`[${body.body()}]`]), ...nested]
      if (parts.length > 0) operands.push(parts.length === 1 ? parts[0]! : `(?:${parts.join('|')})`)
      body = new ClassBody(this.flags)
      nested = []
    }
    for (;;) {
      this.skipComments()
      if (this.i >= p.length) throw this.error('Unclosed character class', p.length - 1)
      const c = p[this.i]!
      if (c === ']' && !first) {
        this.i++
        break
      }
      first = false
      if (c === '[') {
        nested.push(this.characterClass())
        continue
      }
      if (c === '&' && p[this.i + 1] === '&') {
        this.i += 2
        closeOperand()
        continue
      }
      const item = this.classItem()
      if (typeof item !== 'number') {
        if ('ranges' in item) body.addRanges(item.ranges)
        else if (!item.negated) body.addEscape(item.body)
        else if (/^\\p\{[^}]*\}$/.test(item.body)) body.addEscape(`\\P${item.body.slice(2)}`)
        else nested.push(`[^${item.body}]`)
        continue
      }
      if (p[this.i] === '-' && p[this.i + 1] !== ']' && p[this.i + 1] !== '[' && this.i + 1 < p.length) {
        this.i++
        const end = this.classItem()
        if (typeof end !== 'number' || end < item) throw this.error('Illegal character range', this.i - 1)
        body.addRange(item, end)
      } else {
        body.addChar(item)
      }
    }
    closeOperand()
    const simple = operands.length === 1 && !anyNested
    const positive =
      operands.length === 0
        ? '(?!)'
        : operands.length === 1
          ? operands[0]!
          : `(?:${operands
              .slice(0, -1)
              .map((o) => `(?=${o})`)
              .join('')}${operands[operands.length - 1]})`
    if (!negated) return positive
    if (simple) return `[^${positive.slice(1)}`
    return `(?:(?!${positive})[\\s\\S])`
  }

  /** One character (its code point) or predefined set inside a class. */
  private classItem(): number | CharSet {
    const p = this.p
    if (p[this.i] !== '\\') return this.readCodePoint()
    const at = this.i
    this.i++
    if (this.i >= p.length) throw this.error('Unclosed character class', p.length - 1)
    const set = this.predefinedSet()
    if (set !== null) return set
    const c = p[this.i]!
    if ('123456789AbBRXZzkGN'.includes(c)) throw this.error('Illegal/unsupported escape sequence', at + 1)
    return this.escapedChar(at)
  }
}

/** Java's `RemoveQEQuoting`: `\Q…\E` becomes the same characters, escaped. */
function removeQEQuoting(pattern: string): string {
  if (!pattern.includes('\\Q')) return pattern
  let out = ''
  let i = 0
  while (i < pattern.length) {
    const c = pattern[i]!
    if (c !== '\\') {
      out += c
      i++
      continue
    }
    if (pattern[i + 1] !== 'Q') {
      out += pattern.slice(i, i + 2)
      i += 2
      continue
    }
    i += 2
    const end = pattern.indexOf('\\E', i)
    const quoted = end < 0 ? pattern.slice(i) : pattern.slice(i, end)
    for (const q of quoted) out += /^[a-zA-Z0-9]$/.test(q) || q.codePointAt(0)! >= 0x80 ? q : `\\${q}`
    i = end < 0 ? pattern.length : end + 2
  }
  return out
}

/** A compiled Java pattern (`java.util.regex.Pattern`). */
export class JavaPattern {
  readonly groupCount: number
  /** Java group numbers by name. */
  readonly namedGroups: ReadonlyMap<string, number>
  readonly #find: RegExp
  readonly #whole: RegExp
  readonly #groupNames: readonly string[]

  private constructor(
    readonly pattern: string,
    translation: Translation,
  ) {
    this.groupCount = translation.groupCount
    this.namedGroups = translation.namedGroups
    this.#groupNames = translation.groupNames
    try {
      this.#find = new RegExp(translation.source, 'u')
      this.#whole = new RegExp(`^(?:${translation.source})$`, 'u')
    } catch (error) {
      const detail = error instanceof Error ? error.message : String(error)
      throw new PatternSyntaxException(`Not supported by connectless (${detail})`, pattern, -1)
    }
  }

  /** Java's `Pattern.compile`; throws {@link PatternSyntaxException}. */
  static compile(pattern: string): JavaPattern {
    return new JavaPattern(pattern, new Translator(pattern).translate())
  }

  /** `pattern.matcher(input).matches()`: the whole input matches. */
  matches(input: string): boolean {
    return this.#whole.test(input)
  }

  /**
   * `matcher.replaceFirst(replacement)`: the first match of a search from the start (which can be
   * shorter than the whole input) replaced; the input itself where nothing matches.
   */
  replaceFirst(input: string, replacement: JavaReplacement): string {
    const match = this.#find.exec(input)
    if (match === null) return input
    const groups = match.groups ?? {}
    const expanded = replacement.expand((n) => (n === 0 ? match[0] : groups[this.#groupNames[n]!]))
    return input.slice(0, match.index) + expanded + input.slice(match.index + match[0].length)
  }
}

type ReplacementPart = string | { readonly group: number }

/**
 * A `Matcher.replaceFirst` replacement string, parsed as Java parses it: `$n` (as many digits as name
 * an existing group), `${name}`, and `\x` for a literal `x`. Java parses it on every replacement and so
 * fails only when a topic matches; {@link JavaReplacement.compile} throws the same exceptions up front
 * and {@link JavaReplacement.compileLazily} defers them to the first replacement, as Java does.
 */
export class JavaReplacement {
  private constructor(
    private readonly parts: readonly ReplacementPart[],
    private readonly error: unknown = null,
  ) {}

  /** Throws Java's `IllegalArgumentException` or `IndexOutOfBoundsException` for a bad replacement. */
  static compile(replacement: string, pattern: JavaPattern): JavaReplacement {
    const parts: ReplacementPart[] = []
    let literal = ''
    let i = 0
    const flush = () => {
      if (literal !== '') parts.push(literal)
      literal = ''
    }
    while (i < replacement.length) {
      const c = replacement[i]!
      if (c === '\\') {
        i++
        if (i === replacement.length) throw new IllegalArgumentException('character to be escaped is missing')
        literal += replacement[i]
        i++
      } else if (c === '$') {
        i++
        if (i === replacement.length) {
          throw new IllegalArgumentException('Illegal group reference: group index is missing')
        }
        let group: number
        if (replacement[i] === '{') {
          i++
          const start = i
          while (i < replacement.length && /[a-zA-Z0-9]/.test(replacement[i]!)) i++
          const name = replacement.slice(start, i)
          if (name === '') throw new IllegalArgumentException('named capturing group has 0 length name')
          if (replacement[i] !== '}')
            throw new IllegalArgumentException("named capturing group is missing trailing '}'")
          if (/^[0-9]/.test(name)) {
            throw new IllegalArgumentException(`capturing group name {${name}} starts with digit character`)
          }
          const number = pattern.namedGroups.get(name)
          if (number === undefined) throw new IllegalArgumentException(`No group with name {${name}}`)
          group = number
          i++
        } else {
          const first = replacement.charCodeAt(i) - 0x30
          if (first < 0 || first > 9) throw new IllegalArgumentException('Illegal group reference')
          group = first
          i++
          while (i < replacement.length) {
            const digit = replacement.charCodeAt(i) - 0x30
            if (digit < 0 || digit > 9 || group * 10 + digit > pattern.groupCount) break
            group = group * 10 + digit
            i++
          }
        }
        if (group > pattern.groupCount) throw new IndexOutOfBoundsException(`No group ${group}`)
        flush()
        parts.push({ group })
      } else {
        literal += c
        i++
      }
    }
    flush()
    return new JavaReplacement(parts)
  }

  /** As {@link compile}, but an invalid replacement throws only when it is used, as in Java. */
  static compileLazily(replacement: string, pattern: JavaPattern): { replacement: JavaReplacement; error: unknown } {
    try {
      return { replacement: JavaReplacement.compile(replacement, pattern), error: null }
    } catch (error) {
      return { replacement: new JavaReplacement([], error), error }
    }
  }

  /** The replacement text for a match; `group(n)` is undefined for a group that did not match. */
  expand(group: (n: number) => string | undefined): string {
    if (this.error !== null) throw this.error
    let out = ''
    for (const part of this.parts) out += typeof part === 'string' ? part : (group(part.group) ?? '')
    return out
  }
}
