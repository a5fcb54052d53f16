/**
 * A Java `.properties` reader with the semantics of `java.util.Properties.load(Reader)`: `#` and `!`
 * comments, `=`/`:`/whitespace separators, backslash escapes (`\t \n \r \f \uXXXX`, any other
 * escaped character stands for itself), and lines continued by an odd number of trailing backslashes
 * with the continuation's leading whitespace dropped. Later duplicates win.
 *
 * It also warns about lines with no `=` or `:` that Java reads as a key with an empty value, such
 * as the seed's `offset.storage.filename.offsets.json` (see {@link PropertiesOptions}).
 */
import { ConfigException } from '../errors.js'
import { suggestKey } from './key-suggestion.js'

/** A line Java reads, but probably not as its author meant. */
export interface PropertiesWarning {
  /** The 1-based number of the line the entry starts on. */
  readonly line: number
  /** The key Java reads from the line. */
  readonly key: string
  readonly message: string
  /** The line as it was probably meant, e.g. `offset.storage.file.filename=offsets.json`. */
  readonly suggestion?: string
}

export interface PropertiesOptions {
  /** The keys this kind of file may hold; a separator-less line starting with (nearly) one gets a suggestion. */
  readonly knownKeys?: readonly string[]
  /** Names users write that are not keys of this file at all, each with the sentence that explains it. */
  readonly notKeys?: Readonly<Record<string, string>>
}

export interface ParsedProperties {
  readonly properties: Record<string, string>
  readonly warnings: PropertiesWarning[]
}

interface LogicalLine {
  readonly text: string
  readonly line: number
}

const isBlank = (c: string | undefined) => c === ' ' || c === '\t' || c === '\f'
const isNewline = (c: string | undefined) => c === '\n' || c === '\r'

/** Java's `LineReader`: joins continued lines, drops blank and comment lines. */
function* readLogicalLines(text: string): Generator<LogicalLine> {
  let i = 0
  let lineNo = 1
  const skipNewline = () => {
    if (text[i] === '\r' && text[i + 1] === '\n') i++
    i++
    lineNo++
  }
  while (i < text.length) {
    while (isBlank(text[i])) i++
    if (i >= text.length) return
    if (isNewline(text[i])) {
      skipNewline()
      continue
    }
    const start = lineNo
    if (text[i] === '#' || text[i] === '!') {
      while (i < text.length && !isNewline(text[i])) i++
      if (i < text.length) skipNewline()
      continue
    }
    let buffer = ''
    let precedingBackslash = false
    while (i < text.length && !isNewline(text[i])) {
      const c = text[i] as string
      buffer += c
      precedingBackslash = c === '\\' ? !precedingBackslash : false
      i++
      if (isNewline(text[i]) && precedingBackslash) {
        buffer = buffer.slice(0, -1)
        precedingBackslash = false
        skipNewline()
        while (isBlank(text[i])) i++
      }
    }
    if (i < text.length) skipNewline()
    // A backslash ending the last line of the file continues nothing and is dropped.
    yield { text: precedingBackslash ? buffer.slice(0, -1) : buffer, line: start }
  }
}

const ESCAPES: Readonly<Record<string, string>> = { t: '\t', r: '\r', n: '\n', f: '\f' }

/** Java's `loadConvert`: resolves backslash escapes. */
function resolveEscapes(text: string, line: number): string {
  let out = ''
  for (let i = 0; i < text.length; i++) {
    const c = text[i] as string
    if (c !== '\\') {
      out += c
      continue
    }
    const next = text[++i]
    if (next === undefined) break
    if (next === 'u') {
      const hex = text.slice(i + 1, i + 5)
      if (!/^[0-9a-fA-F]{4}$/.test(hex)) throw new ConfigException(`Malformed \\uxxxx encoding on line ${line}`)
      out += String.fromCharCode(Number.parseInt(hex, 16))
      i += 4
    } else {
      out += ESCAPES[next] ?? next
    }
  }
  return out
}

interface Entry {
  readonly key: string
  readonly value: string
  /** Whether an unescaped `=` or `:` separates key and value (whitespace alone also does, in Java). */
  readonly hasSeparator: boolean
}

/** Java's key/value split of one logical line. */
function splitEntry({ text, line }: LogicalLine): Entry {
  let keyEnd = 0
  let valueStart = text.length
  let hasSeparator = false
  let precedingBackslash = false
  for (; keyEnd < text.length; keyEnd++) {
    const c = text[keyEnd]
    if ((c === '=' || c === ':') && !precedingBackslash) {
      valueStart = keyEnd + 1
      hasSeparator = true
      break
    }
    if (isBlank(c) && !precedingBackslash) {
      valueStart = keyEnd + 1
      break
    }
    precedingBackslash = c === '\\' ? !precedingBackslash : false
  }
  for (; valueStart < text.length; valueStart++) {
    const c = text[valueStart]
    if (isBlank(c)) continue
    if (!hasSeparator && (c === '=' || c === ':')) {
      hasSeparator = true
      continue
    }
    break
  }
  return {
    key: resolveEscapes(text.slice(0, keyEnd), line),
    value: resolveEscapes(text.slice(valueStart), line),
    hasSeparator,
  }
}

function warnAboutMissingSeparator(key: string, line: number, options: PropertiesOptions): PropertiesWarning {
  const knownKeys = options.knownKeys ?? []
  const notKeys = options.notKeys ?? {}
  const readAs = `Line ${line} ("${key}") has no "=" or ":", so it is read as key "${key}" with an empty value`
  const match = suggestKey(key, [...knownKeys, ...Object.keys(notKeys)])
  const reason = match === undefined ? undefined : notKeys[match.key]
  if (match !== undefined && reason !== undefined) {
    return { line, key, message: `${readAs}. ${reason}` }
  }
  if (match !== undefined) {
    const suggestion = `${match.key}=${match.rest}`
    return { line, key, message: `${readAs}; did you mean "${suggestion}"?`, suggestion }
  }
  return { line, key, message: `${readAs}.` }
}

/**
 * Reads `.properties` text as `java.util.Properties.load` does; throws `ConfigException` on a
 * malformed `\uXXXX` escape. Warns about each line that is a bare key (no `=` or `:` and no value)
 * unless that key is one of `knownKeys`.
 */
export function parseProperties(text: string, options: PropertiesOptions = {}): ParsedProperties {
  const entries: [string, string][] = []
  const warnings: PropertiesWarning[] = []
  const known = new Set(options.knownKeys)
  for (const logical of readLogicalLines(text)) {
    const entry = splitEntry(logical)
    entries.push([entry.key, entry.value])
    if (!entry.hasSeparator && entry.value === '' && !known.has(entry.key)) {
      warnings.push(warnAboutMissingSeparator(entry.key, logical.line, options))
    }
  }
  return { properties: Object.fromEntries(entries), warnings }
}
