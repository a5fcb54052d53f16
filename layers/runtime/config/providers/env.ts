/**
 * `${env:<NAME>}`: an environment variable (Kafka's `EnvVarConfigProvider`). The path must be empty.
 * Setting: `allowlist.pattern`, a regular expression a variable's whole name must match to be
 * visible (default `.*`). Variables are read once, when the provider is created.
 */
import { ConfigException } from '../../errors.js'
import type { ConfigProvider, ConfigProviderParams } from './config-provider.js'

export const ALLOWLIST_PATTERN_CONFIG = 'allowlist.pattern'

function compileAllowlist(pattern: string): RegExp {
  try {
    return new RegExp(`^(?:${pattern})$`)
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error)
    throw ConfigException.invalid(ALLOWLIST_PATTERN_CONFIG, pattern, `Invalid regex: ${detail}`)
  }
}

/** The `env` provider over `env` (by default the process's environment). */
export function envVarConfigProvider(
  params: ConfigProviderParams = {},
  env: Readonly<Record<string, string | undefined>> = process.env,
): ConfigProvider {
  const allowlist = compileAllowlist(params[ALLOWLIST_PATTERN_CONFIG] ?? '.*')
  const visible = new Map(
    Object.entries(env).flatMap(([name, value]) =>
      value !== undefined && allowlist.test(name) ? [[name, value] as const] : [],
    ),
  )
  return {
    async get(path, keys) {
      if (path !== '') {
        throw new ConfigException(`Path is not supported for EnvVarConfigProvider, invalid value '${path}'`)
      }
      return new Map([...keys].flatMap((key) => (visible.has(key) ? [[key, visible.get(key) as string] as const] : [])))
    },
    describeMissing: (_path, key) =>
      `the environment variable ${key} is not set, or not matched by ${ALLOWLIST_PATTERN_CONFIG}`,
  }
}
