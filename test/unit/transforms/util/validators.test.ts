// NonEmptyListValidatorTest ported (Connect's validator is the config module's nonEmptyList), and Kafka 4's
// ValidList.anyNonDuplicateValues.
import { describe, expect, it } from 'vitest'
import { nonEmptyList } from '../../../../layers/runtime/config/validators.js'
import { ConfigException } from '../../../../layers/runtime/errors.js'
import { anyNonDuplicateValues, validJavaRegex } from '../../../../layers/transforms/util/validators.js'

describe('NonEmptyListValidator', () => {
  it('rejects a null list', () => {
    expect(() => nonEmptyList.ensureValid('foo', null)).toThrow(ConfigException)
  })

  it('rejects an empty list', () => {
    expect(() => nonEmptyList.ensureValid('foo', [])).toThrow('Invalid value [] for configuration foo: Empty list')
  })

  it('accepts a list with an item', () => {
    nonEmptyList.ensureValid('foo', ['foo'])
  })
})

describe('anyNonDuplicateValues', () => {
  it('rejects duplicates, empty items, and an empty list unless allowed, with Kafka 4 messages', () => {
    const notEmpty = anyNonDuplicateValues(false, false)
    expect(() => notEmpty.ensureValid('fields', [])).toThrow(
      "Configuration 'fields' must not be empty. Valid values include: any non-empty value",
    )
    expect(() => notEmpty.ensureValid('fields', ['a', 'a'])).toThrow(
      "Configuration 'fields' values must not be duplicated.",
    )
    expect(() => notEmpty.ensureValid('fields', ['a', ''])).toThrow("Configuration 'fields' values must not be empty.")
    expect(() => notEmpty.ensureValid('fields', null)).toThrow("Configuration 'fields' values must not be null.")
    notEmpty.ensureValid('fields', ['a', 'b'])
    anyNonDuplicateValues(true, false).ensureValid('exclude', [])
    anyNonDuplicateValues(true, true).ensureValid('exclude', null)
  })
})

describe('validJavaRegex', () => {
  it('accepts Java syntax and names the key for an invalid pattern', () => {
    validJavaRegex.ensureValid('regex', '\\Qa.b\\E++')
    expect(() => validJavaRegex.ensureValid('regex', '(')).toThrow(
      'Invalid value ( for configuration regex: Invalid regex: Unclosed group near index 1',
    )
    expect(String(validJavaRegex)).toBe('valid regex')
  })
})
