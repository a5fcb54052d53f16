/**
 * `${ssm:<parameter name>}` (also `${ssm::<name>}`, as AWS's MSK provider writes it): an SSM
 * parameter's value, a `SecureString` decrypted. With a path, `${ssm:/prod/db:password}`, the name
 * is `<path>/<key>`. One client per provider, created at the first lookup with the AWS SDK's
 * standard region, endpoint (`AWS_ENDPOINT_URL`) and credential resolution. Setting: `region`.
 */
import type { Parameter, SSMClient } from '@aws-sdk/client-ssm'
import { ConfigException } from '../../errors.js'
import { awsName, clientConfig, describeAwsError, REGION_CONFIG } from './aws-names.js'
import type { ConfigProvider, ConfigProviderParams } from './config-provider.js'

interface Sdk {
  readonly client: SSMClient
  readonly GetParametersCommand: typeof import('@aws-sdk/client-ssm').GetParametersCommand
}

// GetParameters takes at most ten names per call.
const NAMES_PER_CALL = 10

// The SDK is loaded on first use, so functions that never reference a parameter do not load it.
async function loadSdk(region: string | null | undefined): Promise<Sdk> {
  const sdk = await import('@aws-sdk/client-ssm')
  return { client: new sdk.SSMClient(clientConfig(region)), GetParametersCommand: sdk.GetParametersCommand }
}

/** The parameter name a reference stands for: `<path>/<key>`, or the key alone without a path. */
export function parameterName(path: string, key: string): string {
  const name = awsName(key)
  return path === '' ? name : `${awsName(path).replace(/\/+$/, '')}/${name.replace(/^\/+/, '')}`
}

function answersTo(parameter: Parameter, name: string): boolean {
  return parameter.Name === name || parameter.ARN === name || `${parameter.Name}${parameter.Selector ?? ''}` === name
}

/** The `ssm` provider. */
export function ssmConfigProvider(params: ConfigProviderParams = {}): ConfigProvider {
  let sdk: Promise<Sdk> | undefined

  async function readParameters(names: readonly string[]): Promise<Parameter[]> {
    sdk ??= loadSdk(params[REGION_CONFIG])
    const { client, GetParametersCommand } = await sdk
    try {
      const output = await client.send(new GetParametersCommand({ Names: [...names], WithDecryption: true }))
      return output.Parameters ?? []
    } catch (error) {
      throw new ConfigException(`Could not read the SSM parameters ${names.join(', ')} (${describeAwsError(error)})`, {
        cause: error,
      })
    }
  }

  return {
    async get(path, keys) {
      const wanted = [...keys].map((key) => [key, parameterName(path, key)] as const)
      const batches: (typeof wanted)[] = []
      for (let i = 0; i < wanted.length; i += NAMES_PER_CALL) batches.push(wanted.slice(i, i + NAMES_PER_CALL))
      const found = (await Promise.all(batches.map((batch) => readParameters(batch.map(([, name]) => name))))).flat()
      return new Map(
        wanted.flatMap(([key, name]) => {
          const value = found.find((parameter) => answersTo(parameter, name))?.Value
          return value === undefined ? [] : [[key, value] as const]
        }),
      )
    },
    describeMissing: (path, key) => `the SSM parameter ${parameterName(path, key)} does not exist`,
  }
}
