/**
 * The Secrets Manager secrets and SSM parameters a deployment references, found as the function's
 * config providers will resolve them at cold start: each `${name:path:key}` in the connector config and
 * the inherited worker config, with `name` looked up in the worker's `config.providers`. `cdk synth`
 * grants the function read access to exactly these, and nothing else.
 */
import { type ConfigProps, type ConfigReference, parseConfigReferences } from '../../layers/runtime/config/index.js'
import { awsName, REGION_CONFIG } from '../../layers/runtime/config/providers/aws-names.js'
import { configProviderKinds } from '../../layers/runtime/config/providers/registry.js'
import { parameterName } from '../../layers/runtime/config/providers/ssm.js'
import { ConfigException } from '../../layers/runtime/errors.js'

/** A referenced secret: a name or an ARN, and the region its provider reads it in (null: the function's). */
export interface SecretReference {
  readonly secretId: string
  readonly region: string | null
}

/** A referenced SSM parameter: a name or an ARN, and the region its provider reads it in. */
export interface ParameterReference {
  readonly parameterName: string
  readonly region: string | null
}

export interface ProviderReferences {
  readonly secrets: readonly SecretReference[]
  readonly parameters: readonly ParameterReference[]
  /** Warnings for references that cannot resolve on Lambda as written (`${file:…}` paths). */
  readonly warnings: readonly string[]
}

const FILE_KINDS = new Set(['file', 'directory'])

function fileWarning(key: string, reference: ConfigReference): string {
  return (
    `${key} references ${reference.text}: the ${reference.provider} provider reads ${reference.path} inside the function, ` +
    'where it exists only if a layer you add puts it there (layers unpack under /opt). ' +
    `On AWS, keep the secret in Secrets Manager and reference it as \${secretsmanager:<secret name>:<field>}.`
  )
}

/** The secrets and parameters `config` and `worker` reference through the worker's providers. */
export function providerReferences(config: ConfigProps, worker: ConfigProps): ProviderReferences {
  const kinds = configProviderKinds(worker)
  const secrets = new Map<string, SecretReference>()
  const parameters = new Map<string, ParameterReference>()
  const warnings: string[] = []
  for (const [key, value] of [...Object.entries(worker), ...Object.entries(config)]) {
    if (value === null) continue
    for (const reference of parseConfigReferences(value)) {
      const provider = kinds.get(reference.provider)
      if (provider === undefined) {
        throw new ConfigException(
          `${key} references ${reference.text}, but the worker declares no config provider "${reference.provider}" (config.providers=${reference.provider} and config.providers.${reference.provider}.class=…)`,
          { key },
        )
      }
      const region = provider.params[REGION_CONFIG] ?? null
      if (provider.kind === 'secretsmanager') {
        const secretId = awsName(reference.path === '' ? reference.key : reference.path)
        secrets.set(`${region}|${secretId}`, { secretId, region })
      } else if (provider.kind === 'ssm') {
        const name = parameterName(reference.path, reference.key)
        parameters.set(`${region}|${name}`, { parameterName: name, region })
      } else if (FILE_KINDS.has(provider.kind)) {
        warnings.push(fileWarning(key, reference))
      }
    }
  }
  return { secrets: [...secrets.values()], parameters: [...parameters.values()], warnings }
}
