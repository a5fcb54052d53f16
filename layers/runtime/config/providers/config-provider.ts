/**
 * A source of config values for `${provider:[path:]key}` references (Kafka's `ConfigProvider`).
 */
export interface ConfigProvider {
  /**
   * The values of `keys` at `path`; a key the provider has no value for is left out. Throws
   * `ConfigException` when `path` cannot be read. Messages never carry a value.
   */
  get(path: string, keys: ReadonlySet<string>): Promise<ReadonlyMap<string, string>>
  /** Why `key` at `path` has no value, in words a user acts on (default: a generic sentence). */
  describeMissing?(path: string, key: string): string
}

/** Configured providers by the name references use (`file` in `${file:…}`). */
export type ConfigProviders = ReadonlyMap<string, ConfigProvider>

/** Settings of one provider: the worker's `config.providers.<name>.param.*` keys, prefix stripped. */
export type ConfigProviderParams = Readonly<Record<string, string | null>>
