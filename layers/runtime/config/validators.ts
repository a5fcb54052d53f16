/**
 * Validators for config values, after Kafka's `ConfigDef.Validator` implementations (and Connect's
 * `NonEmptyListValidator` and `RegexValidator`): same checks, same messages, same descriptions in the
 * docs table.
 */
import { ConfigException } from '../errors.js'

/**
 * Checks one parsed value. It receives `null` for a key whose value is null (a `null` default), as
 * Kafka's validators do, and throws `ConfigException` naming the key when the value is not allowed.
 */
export interface Validator<T> {
  ensureValid(name: string, value: T | null): void
  /** The valid values, as the docs table shows them (`[1,...,10]`, `[none, all]`). */
  toString(): string
}

/** A validator from a check function and the description the docs table shows. */
export function customValidator<T>(
  ensureValid: (name: string, value: T | null) => void,
  description: string,
): Validator<T> {
  return { ensureValid, toString: () => description }
}

function range(min: number, max: number | undefined): Validator<number> {
  return customValidator<number>(
    (name, value) => {
      if (value === null) throw ConfigException.invalid(name, null, 'Value must be non-null')
      if (value < min) throw ConfigException.invalid(name, value, `Value must be at least ${min}`)
      if (max !== undefined && value > max)
        throw ConfigException.invalid(name, value, `Value must be no more than ${max}`)
    },
    max === undefined ? `[${min},...]` : `[${min},...,${max}]`,
  )
}

/** A number no smaller than `min` (Kafka's `Range.atLeast`). */
export function atLeast(min: number): Validator<number> {
  return range(min, undefined)
}

/** A number from `min` to `max`, both included (Kafka's `Range.between`). */
export function between(min: number, max: number): Validator<number> {
  return range(min, max)
}

/** One of the given strings, matched exactly (Kafka's `ValidString.in`). */
export function validString(...validStrings: string[]): Validator<string> {
  return customValidator<string>(
    (name, value) => {
      if (value === null || !validStrings.includes(value)) {
        throw ConfigException.invalid(name, value, `String must be one of: ${validStrings.join(', ')}`)
      }
    },
    `[${validStrings.join(', ')}]`,
  )
}

/** One of the given strings, in any case (Kafka's `CaseInsensitiveValidString.in`). */
export function caseInsensitiveValidString(...validStrings: string[]): Validator<string> {
  const upper = new Set(validStrings.map((s) => s.toUpperCase()))
  return customValidator<string>(
    (name, value) => {
      if (value === null || !upper.has(value.toUpperCase())) {
        throw ConfigException.invalid(
          name,
          value,
          `String must be one of (case insensitive): ${validStrings.join(', ')}`,
        )
      }
    },
    `(case insensitive) [${validStrings.join(', ')}]`,
  )
}

/** A list whose every item is one of the given strings (Kafka's `ValidList.in`). */
export function validList(...validStrings: string[]): Validator<readonly string[]> {
  const item = validString(...validStrings)
  return customValidator<readonly string[]>((name, values) => {
    for (const value of values ?? []) item.ensureValid(name, value)
  }, item.toString())
}

/** Every validator in turn, the first failure wins (Kafka's `CompositeValidator.of`). */
export function composite<T>(...validators: Validator<T>[]): Validator<T> {
  return customValidator<T>((name, value) => {
    for (const validator of validators) validator.ensureValid(name, value)
  }, validators.map(String).join(', '))
}

/** Any value but `null` (Kafka's `NonNullValidator`). */
export const nonNull: Validator<unknown> = customValidator<unknown>((name, value) => {
  if (value === null) throw ConfigException.invalid(name, 'null', 'entry must be non null')
}, 'non-null string')

/** A string that is not empty; `null` passes (Kafka's `NonEmptyString`). */
export const nonEmptyString: Validator<string> = customValidator<string>((name, value) => {
  if (value === '') throw ConfigException.invalid(name, value, 'String must be non-empty')
}, 'non-empty string')

/** A list with at least one item (Connect's `NonEmptyListValidator`). */
export const nonEmptyList: Validator<readonly string[]> = customValidator<readonly string[]>((name, value) => {
  if (value === null || value.length === 0) throw ConfigException.invalid(name, value, 'Empty list')
}, 'non-empty list')

/**
 * A string that compiles as a regular expression (Connect's `RegexValidator`). It is compiled as a
 * JavaScript `RegExp`, the engine the transforms use, so Java-only syntax such as possessive
 * quantifiers is rejected.
 */
export const validRegex: Validator<string> = customValidator<string>((name, value) => {
  if (value === null) throw ConfigException.invalid(name, null, 'Invalid regex: null')
  try {
    new RegExp(value)
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error)
    throw ConfigException.invalid(name, value, `Invalid regex: ${detail}`)
  }
}, 'valid regex')
