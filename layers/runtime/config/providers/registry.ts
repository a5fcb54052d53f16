/**
 * Which providers a worker configures, read as Kafka's `AbstractConfig` reads them:
 * `config.providers=<name>,…`, `config.providers.<name>.class=<class>` and the provider's settings
 * as `config.providers.<name>.param.<setting>`. A class is given by Kafka's (or AWS's MSK provider)
 * class name or by a short name. `file`, `env` and `directory` are configured even without a worker.
 */
import { ConfigException } from '../../errors.js'
import { parseList } from '../parse-type.js'
import { type ConfigProps, originalsWithPrefix } from '../parsed-config.js'
import type { ConfigProvider, ConfigProviderParams, ConfigProviders } from './config-provider.js'
import { directoryConfigProvider } from './directory.js'
import { envVarConfigProvider } from './env.js'
import { fileConfigProvider } from './file.js'
import { secretsManagerConfigProvider } from './secrets-manager.js'
import { ssmConfigProvider } from './ssm.js'

export const CONFIG_PROVIDERS_CONFIG = 'config.providers'

interface ProviderPlugin {
  readonly shortName: string
  readonly className: string
  readonly create: (params: ConfigProviderParams) => ConfigProvider
}

const PLUGINS: readonly ProviderPlugin[] = [
  {
    shortName: 'file',
    className: 'org.apache.kafka.common.config.provider.FileConfigProvider',
    create: fileConfigProvider,
  },
  {
    shortName: 'directory',
    className: 'org.apache.kafka.common.config.provider.DirectoryConfigProvider',
    create: directoryConfigProvider,
  },
  {
    shortName: 'env',
    className: 'org.apache.kafka.common.config.provider.EnvVarConfigProvider',
    create: (params) => envVarConfigProvider(params),
  },
  {
    shortName: 'secretsmanager',
    className: 'com.amazonaws.kafka.config.providers.SecretsManagerConfigProvider',
    create: secretsManagerConfigProvider,
  },
  {
    shortName: 'ssm',
    className: 'com.amazonaws.kafka.config.providers.SsmParamStoreConfigProvider',
    create: ssmConfigProvider,
  },
]

/** The providers available without a worker config: `file`, `env` and `directory`, without settings. */
export function defaultConfigProviders(): Map<string, ConfigProvider> {
  return new Map([
    ['file', fileConfigProvider()],
    ['env', envVarConfigProvider()],
    ['directory', directoryConfigProvider()],
  ])
}

function findPlugin(classProperty: string, className: string): ProviderPlugin {
  const plugin = PLUGINS.find((p) => p.shortName === className || p.className === className)
  if (plugin !== undefined) return plugin
  const known = PLUGINS.map((p) => `${p.shortName} (${p.className})`).join(', ')
  throw ConfigException.invalid(classProperty, className, `Unknown config provider class; known: ${known}`)
}

/** Each provider a worker config declares, with its settings (Kafka's `AbstractConfig` reading). */
function declaredProviders(
  workerProps: ConfigProps,
): Array<{ name: string; plugin: ProviderPlugin; params: ConfigProviderParams }> {
  const defaults = defaultConfigProviders()
  const names = parseList(workerProps[CONFIG_PROVIDERS_CONFIG] ?? '').filter((name) => name !== '')
  return names.flatMap((name) => {
    const classProperty = `${CONFIG_PROVIDERS_CONFIG}.${name}.class`
    const className = workerProps[classProperty]?.trim()
    if (!className) {
      if (defaults.has(name)) return []
      throw new ConfigException(`${CONFIG_PROVIDERS_CONFIG} lists "${name}" but ${classProperty} is not set`, {
        key: classProperty,
      })
    }
    const params = originalsWithPrefix(workerProps, `${CONFIG_PROVIDERS_CONFIG}.${name}.param.`)
    return [{ name, plugin: findPlugin(classProperty, className), params }]
  })
}

/**
 * The providers a worker config declares, on top of the defaults (a declared name replaces a
 * default of the same name). Unlike Kafka, which skips a listed provider without a class, that
 * is an error unless the name is one of the defaults.
 */
export function createConfigProviders(workerProps: ConfigProps = {}): Map<string, ConfigProvider> {
  const providers = defaultConfigProviders()
  for (const { name, plugin, params } of declaredProviders(workerProps)) providers.set(name, plugin.create(params))
  return providers
}

/**
 * What each provider name of a worker config stands for, without creating a provider: the plugin's
 * short name (`secretsmanager`, `ssm`, `file`, `env`, `directory`) and its settings. `cdk synth` uses
 * it to find the secrets and parameters a config references.
 */
export function configProviderKinds(
  workerProps: ConfigProps = {},
): Map<string, { readonly kind: string; readonly params: ConfigProviderParams }> {
  const kinds = new Map<string, { readonly kind: string; readonly params: ConfigProviderParams }>(
    [...defaultConfigProviders().keys()].map((name) => [name, { kind: name, params: {} }]),
  )
  for (const { name, plugin, params } of declaredProviders(workerProps))
    kinds.set(name, { kind: plugin.shortName, params })
  return kinds
}

export type { ConfigProviders }
