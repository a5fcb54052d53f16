/**
 * Config validators Kafka's transforms use that the shared config module does not have: Kafka 4's
 * `ConfigDef.ValidList.anyNonDuplicateValues` (KIP-1161, on the list keys of DropHeaders, MaskField,
 * ReplaceField and ValueToKey) and Connect's `RegexValidator` for Java regular expressions.
 */
import { customValidator, type Validator } from '../../runtime/config/validators.js'
import { ConfigException } from '../../runtime/errors.js'
import { JavaPattern, PatternSyntaxException } from './java-regex.js'

/**
 * A list without duplicate or empty items, and not empty unless `isEmptyAllowed` (Kafka's
 * `ValidList.anyNonDuplicateValues(isEmptyAllowed, isNullAllowed)`), with Kafka's messages.
 */
export function anyNonDuplicateValues(isEmptyAllowed: boolean, isNullAllowed: boolean): Validator<readonly string[]> {
  return customValidator<readonly string[]>((name, values) => {
    if (values === null) {
      if (isNullAllowed) return
      throw new ConfigException(`Configuration '${name}' values must not be null.`, { key: name })
    }
    if (!isEmptyAllowed && values.length === 0) {
      throw new ConfigException(
        `Configuration '${name}' must not be empty. Valid values include: any non-empty value`,
        { key: name },
      )
    }
    if (new Set(values).size !== values.length) {
      throw new ConfigException(`Configuration '${name}' values must not be duplicated.`, { key: name })
    }
    if (values.includes(''))
      throw new ConfigException(`Configuration '${name}' values must not be empty.`, { key: name })
  }, '')
}

/** A string that compiles as a Java regular expression (Connect's `RegexValidator`). */
export const validJavaRegex: Validator<string> = customValidator<string>((name, value) => {
  try {
    JavaPattern.compile(value ?? '')
  } catch (error) {
    if (!(error instanceof PatternSyntaxException)) throw error
    throw ConfigException.invalid(name, value, `Invalid regex: ${error.message}`)
  }
}, 'valid regex')
