import type { ConfigKey, ConfigKeys } from './definition.js'

/** Config as given: string values, `null` for a key set with no value (JSON `null`). */
export type ConfigProps = Readonly<Record<string, string | null>>

/** The parsed type of one key. */
export type ConfigValueOf<C> = C extends ConfigKey<infer T> ? T : never

/** The parsed values of a definition's keys, by key name. */
export type ConfigValues<K extends ConfigKeys> = { readonly [N in keyof K]: ConfigValueOf<K[N]> }

/**
 * The entries of `props` whose key starts with `prefix` and is longer than it (Kafka's
 * `originalsWithPrefix`), with the prefix stripped unless `strip` is false.
 * @example originalsWithPrefix(props, 'value.converter.') // { 'schemas.enable': 'false', … }
 */
export function originalsWithPrefix(props: ConfigProps, prefix: string, strip = true): Record<string, string | null> {
  return Object.fromEntries(
    Object.entries(props)
      .filter(([key]) => key.startsWith(prefix) && key.length > prefix.length)
      .map(([key, value]) => [strip ? key.slice(prefix.length) : key, value]),
  )
}

/** The result of parsing config against a definition (Kafka's `AbstractConfig`). */
export class ParsedConfig<K extends ConfigKeys> {
  /** Every defined key's parsed value, defaults applied. */
  readonly values: ConfigValues<K>
  readonly #originals: ConfigProps
  readonly #defined: ReadonlySet<string>

  constructor(values: ConfigValues<K>, originals: ConfigProps, defined: ReadonlySet<string>) {
    this.values = values
    this.#originals = { ...originals }
    this.#defined = defined
  }

  /** The parsed value of one defined key. */
  get<N extends keyof K & string>(name: N): ConfigValueOf<K[N]> {
    return this.values[name]
  }

  /** Every key as given, defined or not: Connect ignores keys it does not know, but passes them on. */
  originals(): Record<string, string | null> {
    return { ...this.#originals }
  }

  /** The originals under a prefix, e.g. a converter's settings under `value.converter.`. */
  originalsWithPrefix(prefix: string, strip = true): Record<string, string | null> {
    return originalsWithPrefix(this.#originals, prefix, strip)
  }

  /** The given keys the definition does not define, in the order given. */
  unknownKeys(): string[] {
    return Object.keys(this.#originals).filter((key) => !this.#defined.has(key))
  }
}
