/**
 * A declarative config definition, modelled on Kafka's `ConfigDef`: it parses string config into
 * typed values with defaults applied, validates them, marks secrets and renders the docs table.
 *
 * Where it differs from Kafka: an explicit `null` is accepted only for keys whose default is `null`
 * (Kafka would hand `null` on, and the connector would usually fail later on it); `CLASS` values
 * stay class names (nothing is loaded); a `LONG` beyond ±2^53 loses precision as a JavaScript number.
 */
import { ConfigException } from '../errors.js'
import type { ConfigKey } from './config-key.js'
import { type DocsRow, renderDocsTable } from './docs-table.js'
import { normaliseDefault, parseConfigValue } from './parse-type.js'
import { type ConfigProps, type ConfigValues, ParsedConfig } from './parsed-config.js'
import { Password } from './password.js'
import { isSecretKeyName, redact } from './redact.js'

export { type ConfigKey, type ConfigKeyOptions, field, Importance } from './config-key.js'
export {
  type ConfigProps,
  type ConfigValueOf,
  type ConfigValues,
  originalsWithPrefix,
  ParsedConfig,
} from './parsed-config.js'

/** The keys of a definition, by name. */
export type ConfigKeys = Readonly<Record<string, ConfigKey>>

/** One key's outcome in {@link ConfigDef.validate}: the parsed value and every problem found. */
export interface ConfigValueReport {
  readonly name: string
  /** The parsed value; a secret's is a {@link Password}, which shows as `[hidden]`. */
  readonly value: unknown
  readonly errors: readonly string[]
}

const IMPORTANCE_ORDER = { HIGH: 0, MEDIUM: 1, LOW: 2 } as const

function isNullable(key: ConfigKey): boolean {
  return key.hasDefault && key.defaultValue === null
}

/** A config definition; build one with {@link defineConfig}. */
export class ConfigDef<K extends ConfigKeys> {
  readonly keys: K
  readonly #defaults = new Map<string, unknown>()

  constructor(keys: K) {
    this.keys = keys
    for (const [name, key] of Object.entries(keys)) {
      if (!key.hasDefault) continue
      const value = normaliseDefault(name, key.defaultValue, key.type)
      key.validator?.ensureValid(name, value)
      this.#defaults.set(name, Array.isArray(value) ? Object.freeze(value) : value)
    }
  }

  /** The defined key names, in definition order. */
  names(): string[] {
    return Object.keys(this.keys)
  }

  /** The groups, in the order they first appear. */
  groups(): string[] {
    return [...new Set(Object.values(this.keys).flatMap((key) => (key.group === undefined ? [] : [key.group])))]
  }

  /**
   * Parses and validates `props`: every defined key gets its typed value or its default; the first
   * problem throws a `ConfigException` naming the key. Keys not defined are kept as originals.
   */
  parse(props: ConfigProps): ParsedConfig<K> {
    const values = Object.fromEntries(
      Object.entries(this.keys).map(([name, key]) => [name, this.#parseKey(name, key, props)]),
    ) as ConfigValues<K>
    return new ParsedConfig(values, props, new Set(this.names()))
  }

  /** Like `parse`, but reports every key's problems instead of throwing at the first. */
  validate(props: ConfigProps): ConfigValueReport[] {
    return Object.entries(this.keys).map(([name, key]) => {
      try {
        const value = this.#parseKey(name, key, props)
        const shown = key.isSecret && typeof value === 'string' ? new Password(value) : value
        return { name, value: shown, errors: [] }
      } catch (error) {
        if (!(error instanceof ConfigException)) throw error
        return { name, value: null, errors: [error.message] }
      }
    })
  }

  /** The reference table in Markdown, keys ordered as Kafka's docs order them. */
  toMarkdown(): string {
    return renderDocsTable(this.#sortedNames().map((name) => this.#docsRow(name)))
  }

  /** A copy of `props` with secret values shown as `[hidden]`: defined secrets, and undefined keys named like one. */
  redact(props: ConfigProps): Record<string, string | null> {
    return redact(props, (name) => this.keys[name]?.isSecret ?? isSecretKeyName(name))
  }

  #parseKey(name: string, key: ConfigKey, props: ConfigProps): unknown {
    const raw = Object.hasOwn(props, name) ? props[name] : undefined
    if (raw === undefined) {
      if (!key.hasDefault) {
        throw new ConfigException(`Missing required configuration "${name}" which has no default value.`, { key: name })
      }
      return this.#defaults.get(name)
    }
    if (raw === null && !isNullable(key)) throw ConfigException.invalid(name, null, 'Value must be non-null')
    try {
      const value = raw === null ? null : parseConfigValue(name, raw, key.type)
      key.validator?.ensureValid(name, value)
      return value
    } catch (error) {
      // A secret that is not a PASSWORD would show in the message; say the same without it.
      if (key.isSecret && error instanceof ConfigException && error.reason !== undefined) {
        throw ConfigException.invalid(name, raw, error.reason, { secret: true })
      }
      throw error
    }
  }

  #docsRow(name: string): DocsRow {
    const key = this.keys[name] as ConfigKey
    return {
      name,
      type: key.type,
      hasDefault: key.hasDefault,
      defaultValue: this.#defaults.get(name),
      validValues: key.validator?.toString() ?? '',
      importance: key.importance,
      doc: key.doc,
      isSecret: key.isSecret,
    }
  }

  // Kafka's order: ungrouped keys first, then groups in order of appearance; within a group by
  // `orderInGroup`, then required keys first, then by importance, then by name.
  #sortedNames(): string[] {
    const groups = this.groups()
    const groupRank = (key: ConfigKey) => (key.group === undefined ? -1 : groups.indexOf(key.group))
    return this.names().sort((a, b) => {
      const ka = this.keys[a] as ConfigKey
      const kb = this.keys[b] as ConfigKey
      return (
        groupRank(ka) - groupRank(kb) ||
        ka.orderInGroup - kb.orderInGroup ||
        Number(ka.hasDefault) - Number(kb.hasDefault) ||
        IMPORTANCE_ORDER[ka.importance] - IMPORTANCE_ORDER[kb.importance] ||
        (a < b ? -1 : a > b ? 1 : 0)
      )
    })
  }
}

/**
 * Defines a config: one key per entry, built with `field`. The parsed values' types follow from it.
 * Defaults are checked against their key's type and validator here, so a bad default fails at load.
 */
export function defineConfig<K extends ConfigKeys>(keys: K): ConfigDef<K> {
  return new ConfigDef(keys)
}
