import { describe, expect, it } from 'vitest'
import { niceMemoryUnits, niceTimeUnits } from '../../../layers/runtime/config/docs-table.js'
import {
  atLeast,
  between,
  caseInsensitiveValidString,
  composite,
  customValidator,
  nonEmptyList,
  nonEmptyString,
  nonNull,
  validList,
  validRegex,
  validString,
} from '../../../layers/runtime/config/validators.js'
import { ConfigException } from '../../../layers/runtime/errors.js'

function messageOf(action: () => void): string {
  try {
    action()
  } catch (error) {
    if (error instanceof ConfigException) return error.message
    throw error
  }
  throw new Error('expected a ConfigException')
}

describe('validators', () => {
  it('describe their valid values as Kafka does', () => {
    expect(String(atLeast(1))).toBe('[1,...]')
    expect(String(between(0, 10))).toBe('[0,...,10]')
    expect(String(validString('none', 'all'))).toBe('[none, all]')
    expect(String(caseInsensitiveValidString('V1', 'V2'))).toBe('(case insensitive) [V1, V2]')
    expect(String(validList('a', 'b'))).toBe('[a, b]')
    expect(String(composite<string>(nonNull, nonEmptyString))).toBe('non-null string, non-empty string')
    expect(String(nonEmptyList)).toBe('non-empty list')
    expect(String(validRegex)).toBe('valid regex')
  })

  it('reject with Kafka messages naming the key and the value', () => {
    expect(messageOf(() => atLeast(1).ensureValid('flush.size', 0))).toBe(
      'Invalid value 0 for configuration flush.size: Value must be at least 1',
    )
    expect(messageOf(() => between(0, 10).ensureValid('n', 11))).toBe(
      'Invalid value 11 for configuration n: Value must be no more than 10',
    )
    expect(messageOf(() => between(0, 10).ensureValid('n', null))).toBe(
      'Invalid value null for configuration n: Value must be non-null',
    )
    expect(messageOf(() => validString('none', 'all').ensureValid('errors.tolerance', 'some'))).toBe(
      'Invalid value some for configuration errors.tolerance: String must be one of: none, all',
    )
    expect(messageOf(() => caseInsensitiveValidString('V1', 'V2').ensureValid('v', 'v3'))).toBe(
      'Invalid value v3 for configuration v: String must be one of (case insensitive): V1, V2',
    )
    expect(messageOf(() => nonNull.ensureValid('x', null))).toBe(
      'Invalid value null for configuration x: entry must be non null',
    )
    expect(messageOf(() => nonEmptyString.ensureValid('x', ''))).toBe(
      'Invalid value  for configuration x: String must be non-empty',
    )
    expect(messageOf(() => nonEmptyList.ensureValid('fields', []))).toBe(
      'Invalid value [] for configuration fields: Empty list',
    )
    expect(messageOf(() => validList('a').ensureValid('l', ['a', 'b']))).toBe(
      'Invalid value b for configuration l: String must be one of: a',
    )
    expect(messageOf(() => validRegex.ensureValid('regex', '(unclosed'))).toMatch(
      /^Invalid value \(unclosed for configuration regex: Invalid regex: /,
    )
  })

  it('let null through where Kafka does', () => {
    expect(() => nonEmptyString.ensureValid('replacement', null)).not.toThrow()
    expect(() => validRegex.ensureValid('regex', '(?<topic>.*)-v[0-9]+')).not.toThrow()
    expect(() => validString('a').ensureValid('x', null)).toThrow(ConfigException)
    expect(() => nonEmptyList.ensureValid('fields', null)).toThrow(ConfigException)
  })

  it('run a custom check with its own description', () => {
    const even = customValidator<number>((name, value) => {
      if (value !== null && value % 2 !== 0) throw ConfigException.invalid(name, value, 'Must be even')
    }, 'an even number')

    expect(String(even)).toBe('an even number')
    expect(messageOf(() => even.ensureValid('n', 3))).toBe('Invalid value 3 for configuration n: Must be even')
  })
})

describe('nice units', () => {
  it('names the largest whole time unit of milliseconds', () => {
    expect(niceTimeUnits(0)).toBe('')
    expect(niceTimeUnits(999)).toBe('')
    expect(niceTimeUnits(1000)).toBe(' (1 second)')
    expect(niceTimeUnits(1001)).toBe('')
    expect(niceTimeUnits(2000)).toBe(' (2 seconds)')
    expect(niceTimeUnits(60_000)).toBe(' (1 minute)')
    expect(niceTimeUnits(7_200_000)).toBe(' (2 hours)')
    expect(niceTimeUnits(86_400_000)).toBe(' (1 day)')
    expect(niceTimeUnits(365 * 86_400_000)).toBe(' (365 days)')
  })

  it('names the largest whole binary unit of bytes', () => {
    expect(niceMemoryUnits(0)).toBe('')
    expect(niceMemoryUnits(1023)).toBe('')
    expect(niceMemoryUnits(1024)).toBe(' (1 kibibyte)')
    expect(niceMemoryUnits(1025)).toBe('')
    expect(niceMemoryUnits(2 * 1024 * 1024)).toBe(' (2 mebibytes)')
    expect(niceMemoryUnits(1024 ** 3)).toBe(' (1 gibibyte)')
    expect(niceMemoryUnits(1024 ** 4)).toBe(' (1 tebibyte)')
    expect(niceMemoryUnits(1024 ** 5)).toBe(' (1024 tebibytes)')
  })
})
