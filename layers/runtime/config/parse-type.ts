/**
 * Parsing of config strings into typed values, as Kafka's `ConfigDef.parseType` does for string input:
 * surrounding whitespace is trimmed, numbers follow Java's `Integer.parseInt`/`Long.parseLong`/
 * `Double.parseDouble`, booleans accept only `true`/`false` in any case, lists split on commas.
 */
import { ConfigException } from '../errors.js'
import { Password } from './password.js'

/** The type of a config value: Kafka's `ConfigDef.Type`. */
export const ConfigType = {
  BOOLEAN: 'BOOLEAN',
  STRING: 'STRING',
  INT: 'INT',
  SHORT: 'SHORT',
  LONG: 'LONG',
  DOUBLE: 'DOUBLE',
  LIST: 'LIST',
  CLASS: 'CLASS',
  PASSWORD: 'PASSWORD',
} as const
export type ConfigType = (typeof ConfigType)[keyof typeof ConfigType]

const INTEGER_RANGES = {
  SHORT: [-(2n ** 15n), 2n ** 15n - 1n],
  INT: [-(2n ** 31n), 2n ** 31n - 1n],
  LONG: [-(2n ** 63n), 2n ** 63n - 1n],
} as const

const JAVA_INTEGER = /^[+-]?[0-9]+$/
const JAVA_DECIMAL_DOUBLE = /^[+-]?(?:NaN|Infinity|(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?[fFdD]?)$/
const JAVA_HEX_DOUBLE = /^([+-]?)0[xX]([0-9a-fA-F]*)\.?([0-9a-fA-F]*)[pP]([+-]?[0-9]+)[fFdD]?$/
// Java's `\s` (not JavaScript's, which also matches Unicode spaces).
const COMMA_WITH_WHITESPACE = /[ \t\n\v\f\r]*,[ \t\n\v\f\r]*/

/** Java's `String.trim()`: strips every character up to U+0020, and nothing else. */
export function javaTrim(value: string): string {
  let start = 0
  let end = value.length
  while (start < end && value.charCodeAt(start) <= 0x20) start++
  while (end > start && value.charCodeAt(end - 1) <= 0x20) end--
  return value.slice(start, end)
}

function parseInteger(name: string, raw: string, trimmed: string, type: keyof typeof INTEGER_RANGES): number {
  const [min, max] = INTEGER_RANGES[type]
  if (!JAVA_INTEGER.test(trimmed)) throw ConfigException.invalid(name, raw, `Not a number of type ${type}`)
  const big = BigInt(trimmed)
  if (big < min || big > max) throw ConfigException.invalid(name, raw, `Not a number of type ${type}`)
  // A LONG beyond ±2^53 loses precision here; JavaScript numbers cannot hold it exactly.
  return Number(big)
}

function parseHexDouble(match: RegExpExecArray): number {
  const [, sign, whole = '', fraction = '', exponent = '0'] = match
  const mantissa = Number.parseInt(`${whole}${fraction}` || '0', 16)
  const value = mantissa * 2 ** (Number(exponent) - 4 * fraction.length)
  return sign === '-' ? -value : value
}

function parseDouble(name: string, raw: string, trimmed: string): number {
  if (JAVA_DECIMAL_DOUBLE.test(trimmed)) return Number(trimmed.replace(/[fFdD]$/, ''))
  const hex = JAVA_HEX_DOUBLE.exec(trimmed)
  if (hex && (hex[2] || hex[3])) return parseHexDouble(hex)
  throw ConfigException.invalid(name, raw, 'Not a number of type DOUBLE')
}

function parseBoolean(name: string, raw: string, trimmed: string): boolean {
  const lower = trimmed.toLowerCase()
  if (lower === 'true') return true
  if (lower === 'false') return false
  throw ConfigException.invalid(name, raw, 'Expected value to be either true or false')
}

/** Splits a LIST value: an empty string is an empty list; items are trimmed, empty items kept. */
export function parseList(trimmed: string): string[] {
  return trimmed === '' ? [] : trimmed.split(COMMA_WITH_WHITESPACE)
}

/**
 * Parses one config string as `type`; throws `ConfigException` naming `name` when it does not parse.
 * A `PASSWORD` becomes a {@link Password}; a `CLASS` stays its (trimmed) class name.
 */
export function parseConfigValue(name: string, raw: string, type: ConfigType): unknown {
  const trimmed = javaTrim(raw)
  switch (type) {
    case 'BOOLEAN':
      return parseBoolean(name, raw, trimmed)
    case 'PASSWORD':
      return new Password(trimmed)
    case 'STRING':
    case 'CLASS':
      return trimmed
    case 'SHORT':
    case 'INT':
    case 'LONG':
      return parseInteger(name, raw, trimmed, type)
    case 'DOUBLE':
      return parseDouble(name, raw, trimmed)
    case 'LIST':
      return parseList(trimmed)
  }
}

function isIntegerInRange(value: unknown, type: keyof typeof INTEGER_RANGES): boolean {
  if (typeof value !== 'number' || !Number.isInteger(value)) return false
  const [min, max] = INTEGER_RANGES[type]
  // Compare as numbers: Long.MAX_VALUE written as a JavaScript number rounds up to 2^63.
  return value >= Number(min) && value <= Number(max)
}

/**
 * Normalises a default declared in code: strings are trimmed (as Kafka parses string defaults), a
 * `PASSWORD` default becomes a {@link Password}, lists are copied; an integer default out of its
 * type's range throws.
 */
export function normaliseDefault(name: string, value: unknown, type: ConfigType): unknown {
  if (value === null) return null
  switch (type) {
    case 'STRING':
    case 'CLASS':
    case 'PASSWORD':
      return parseConfigValue(name, String(value), type)
    case 'SHORT':
    case 'INT':
    case 'LONG':
      if (!isIntegerInRange(value, type)) throw ConfigException.invalid(name, value, `Not a number of type ${type}`)
      return value
    case 'LIST':
      return Array.isArray(value) ? [...value] : value
    default:
      return value
  }
}
