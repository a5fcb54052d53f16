/**
 * One key of a config definition (Kafka's `ConfigDef.ConfigKey`) and the `field` builders that make
 * them, one per type, so that the parsed value's TypeScript type follows from the definition.
 */
import type { ConfigType } from './parse-type.js'
import type { Password } from './password.js'
import type { Validator } from './validators.js'

/** How much a key matters to a user: Kafka's `ConfigDef.Importance`. */
export const Importance = { HIGH: 'HIGH', MEDIUM: 'MEDIUM', LOW: 'LOW' } as const
export type Importance = (typeof Importance)[keyof typeof Importance]

/** What a key's definition says besides its type. */
export interface ConfigKeyOptions<T> {
  /** What the key does (Markdown, one paragraph): the description in the docs table. */
  readonly doc: string
  /** The value when the key is absent; leave it out to make the key required. `null` makes the value nullable. */
  readonly default?: T | null
  /** Checks the parsed value, and the default when the definition is built. */
  readonly validator?: Validator<T>
  /** @default 'MEDIUM' */
  readonly importance?: Importance
  /** The docs group the key is listed under; keys without a group come first. */
  readonly group?: string
  /** The key's place within its group. @default -1 */
  readonly orderInGroup?: number
  readonly displayName?: string
  /** Whether the value is a secret, hidden in logs, status and docs. A `PASSWORD` key always is. @default false */
  readonly secret?: boolean
}

/** A defined key; `T` is the type of its parsed value (with `null` when its default is `null`). */
export interface ConfigKey<T = unknown> {
  readonly type: ConfigType
  readonly doc: string
  readonly hasDefault: boolean
  /** The default as declared (normalised by the definition); `undefined` for a required key. */
  readonly defaultValue: T | undefined
  readonly validator: Validator<T> | undefined
  readonly importance: Importance
  readonly group: string | undefined
  readonly orderInGroup: number
  readonly displayName: string | undefined
  readonly isSecret: boolean
}

/** The parsed type of a key built from options `O`: nullable exactly when the default is `null`. */
type ValueType<T, O> = O extends { readonly default: null } ? T | null : T

type PasswordKeyOptions = Omit<ConfigKeyOptions<string>, 'validator' | 'secret'> & {
  readonly validator?: Validator<Password>
}

function makeKey<T>(type: ConfigType, options: ConfigKeyOptions<unknown>): ConfigKey<T> {
  return {
    type,
    doc: options.doc,
    hasDefault: options.default !== undefined,
    defaultValue: options.default as T | undefined,
    validator: options.validator,
    importance: options.importance ?? 'MEDIUM',
    group: options.group,
    orderInGroup: options.orderInGroup ?? -1,
    displayName: options.displayName,
    isSecret: type === 'PASSWORD' || options.secret === true,
  }
}

/**
 * Builders for config keys, one per Kafka type.
 * @example
 * const def = defineConfig({
 *   'flush.size': field.int({ doc: 'Records per file.', validator: atLeast(1), importance: 'HIGH' }),
 * })
 * def.parse(props).get('flush.size') // number
 */
export const field = {
  boolean: <const O extends ConfigKeyOptions<boolean>>(options: O) =>
    makeKey<ValueType<boolean, O>>('BOOLEAN', options),
  string: <const O extends ConfigKeyOptions<string>>(options: O) => makeKey<ValueType<string, O>>('STRING', options),
  int: <const O extends ConfigKeyOptions<number>>(options: O) => makeKey<ValueType<number, O>>('INT', options),
  short: <const O extends ConfigKeyOptions<number>>(options: O) => makeKey<ValueType<number, O>>('SHORT', options),
  long: <const O extends ConfigKeyOptions<number>>(options: O) => makeKey<ValueType<number, O>>('LONG', options),
  double: <const O extends ConfigKeyOptions<number>>(options: O) => makeKey<ValueType<number, O>>('DOUBLE', options),
  /** Comma-separated; items trimmed, an empty string is an empty list. */
  list: <const O extends ConfigKeyOptions<readonly string[]>>(options: O) =>
    makeKey<ValueType<readonly string[], O>>('LIST', options),
  /** A class name (or alias), kept as the trimmed string: nothing is loaded. */
  class: <const O extends ConfigKeyOptions<string>>(options: O) => makeKey<ValueType<string, O>>('CLASS', options),
  /** A secret string, parsed into a {@link Password}. */
  password: <const O extends PasswordKeyOptions>(options: O) =>
    makeKey<ValueType<Password, O>>('PASSWORD', options as ConfigKeyOptions<unknown>),
}
