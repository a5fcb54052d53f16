/** Config definitions, `.properties` files and config providers: the public surface of `config/`. */
export { type ConfigKey, type ConfigKeyOptions, field, Importance } from './config-key.js'
export { ConfigDef, type ConfigKeys, type ConfigValueReport, defineConfig } from './definition.js'
export { niceMemoryUnits, niceTimeUnits } from './docs-table.js'
export { ConfigType, parseConfigValue } from './parse-type.js'
export {
  type ConfigProps,
  type ConfigValueOf,
  type ConfigValues,
  originalsWithPrefix,
  ParsedConfig,
} from './parsed-config.js'
export { Password } from './password.js'
export {
  type ParsedProperties,
  type PropertiesOptions,
  type PropertiesWarning,
  parseProperties,
} from './properties.js'
export type { ConfigProvider, ConfigProviderParams, ConfigProviders } from './providers/config-provider.js'
export { directoryConfigProvider } from './providers/directory.js'
export { envVarConfigProvider } from './providers/env.js'
export { fileConfigProvider } from './providers/file.js'
export { type ConfigReference, parseConfigReferences } from './providers/reference.js'
export { createConfigProviders, defaultConfigProviders } from './providers/registry.js'
export { resolveConfig } from './providers/resolve.js'
export { secretsManagerConfigProvider } from './providers/secrets-manager.js'
export { ssmConfigProvider } from './providers/ssm.js'
export { isSecretKeyName, redact } from './redact.js'
export {
  atLeast,
  between,
  caseInsensitiveValidString,
  composite,
  customValidator,
  nonEmptyList,
  nonEmptyString,
  nonNull,
  type Validator,
  validList,
  validRegex,
  validString,
} from './validators.js'
export { NOT_WORKER_CONFIG_KEYS, parseWorkerProperties, WORKER_CONFIG_KEYS } from './worker-properties.js'
