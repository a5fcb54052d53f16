/**
 * Resolves `${provider:[path:]key}` references in config values at run time, as Kafka's
 * `ConfigTransformer` does: references are collected first and each provider is asked once per path
 * for all the keys wanted there; a reference to a provider that is not configured stays as written;
 * replacement values are not resolved again (one level of indirection). TTLs are not supported.
 *
 * Unlike Kafka, which leaves it as written, a reference a configured provider has no value for is a
 * `ConfigException`: a connector would otherwise start with a literal `${file:…}` as its password.
 */
import { ConfigException } from '../../errors.js'
import type { ConfigProps } from '../parsed-config.js'
import type { ConfigProvider, ConfigProviders } from './config-provider.js'
import { type ConfigReference, parseConfigReferences, replaceConfigReferences } from './reference.js'
import { defaultConfigProviders } from './registry.js'

/** One lookup per provider and path. */
const lookupId = (provider: string, path: string) => JSON.stringify([provider, path])

/** Where each reference is used: reference text → config keys. */
type Usages = Map<string, string[]>

interface Lookup {
  readonly provider: string
  readonly path: string
  readonly keys: Set<string>
  readonly references: Set<string>
}

function collectLookups(props: ConfigProps, providers: ConfigProviders, usages: Usages): Lookup[] {
  const lookups = new Map<string, Lookup>()
  for (const [configKey, value] of Object.entries(props)) {
    if (value === null) continue
    for (const reference of parseConfigReferences(value)) {
      usages.set(reference.text, [...(usages.get(reference.text) ?? []), configKey])
      if (!providers.has(reference.provider)) continue
      const id = lookupId(reference.provider, reference.path)
      const lookup = lookups.get(id) ?? {
        provider: reference.provider,
        path: reference.path,
        keys: new Set<string>(),
        references: new Set<string>(),
      }
      lookup.keys.add(reference.key)
      lookup.references.add(reference.text)
      lookups.set(id, lookup)
    }
  }
  return [...lookups.values()]
}

function usedBy(text: string, usages: Usages): string {
  return `${text} in ${[...new Set(usages.get(text))].join(', ')}`
}

async function runLookup(
  lookup: Lookup,
  provider: ConfigProvider,
  usages: Usages,
): Promise<ReadonlyMap<string, string>> {
  try {
    return await provider.get(lookup.path, lookup.keys)
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error)
    const references = [...lookup.references].map((text) => usedBy(text, usages)).join('; ')
    throw new ConfigException(`Could not resolve ${references}: ${detail}`, { cause: error })
  }
}

function describeMissing(reference: ConfigReference, provider: ConfigProvider): string {
  if (provider.describeMissing) return provider.describeMissing(reference.path, reference.key)
  const at = reference.path === '' ? '' : ` at path "${reference.path}"`
  return `the ${reference.provider} provider has no value for key "${reference.key}"${at}`
}

/**
 * The config with every reference replaced by its value. Null values and text around references
 * are kept. Throws `ConfigException` naming the reference and the config key that uses it (never a
 * value) when a configured provider cannot read the path or has no value for the key.
 * @param providers by default `file`, `env` and `directory`; see `createConfigProviders`
 */
export async function resolveConfig(
  props: ConfigProps,
  providers: ConfigProviders = defaultConfigProviders(),
): Promise<Record<string, string | null>> {
  const usages: Usages = new Map()
  const lookups = collectLookups(props, providers, usages)
  const results = await Promise.all(
    lookups.map(async (lookup) => {
      const data = await runLookup(lookup, providers.get(lookup.provider) as ConfigProvider, usages)
      return [lookupId(lookup.provider, lookup.path), data] as const
    }),
  )
  const data = new Map(results)
  const replace = (configKey: string, value: string) =>
    replaceConfigReferences(value, (reference) => {
      const provider = providers.get(reference.provider)
      if (provider === undefined) return reference.text
      const found = data.get(lookupId(reference.provider, reference.path))?.get(reference.key)
      if (found !== undefined) return found
      throw new ConfigException(
        `Could not resolve ${usedBy(reference.text, usages)}: ${describeMissing(reference, provider)}`,
        { key: configKey },
      )
    })
  return Object.fromEntries(
    Object.entries(props).map(([configKey, value]) => [configKey, value === null ? null : replace(configKey, value)]),
  )
}
