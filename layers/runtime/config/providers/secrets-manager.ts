/**
 * `${secretsmanager:<secret id>:<field>}`: a field of a secret whose string is a JSON object;
 * `${secretsmanager:<secret id>}`: the whole secret string. The secret id is a name, or a
 * URL-encoded ARN. One client per provider, created at the first lookup with the AWS SDK's standard
 * region, endpoint (`AWS_ENDPOINT_URL`) and credential resolution. Setting: `region`.
 */
import type { SecretsManagerClient } from '@aws-sdk/client-secrets-manager'
import { ConfigException } from '../../errors.js'
import { awsName, clientConfig, describeAwsError, REGION_CONFIG, withoutTtl } from './aws-names.js'
import type { ConfigProvider, ConfigProviderParams } from './config-provider.js'

interface Sdk {
  readonly client: SecretsManagerClient
  readonly GetSecretValueCommand: typeof import('@aws-sdk/client-secrets-manager').GetSecretValueCommand
}

// The SDK is loaded on first use, so functions that never reference a secret do not load it.
async function loadSdk(region: string | null | undefined): Promise<Sdk> {
  const sdk = await import('@aws-sdk/client-secrets-manager')
  return {
    client: new sdk.SecretsManagerClient(clientConfig(region)),
    GetSecretValueCommand: sdk.GetSecretValueCommand,
  }
}

function parseFields(secret: string, id: string): Record<string, unknown> {
  let parsed: unknown
  try {
    parsed = JSON.parse(secret)
  } catch {
    // The parser's message quotes the secret text, so it is not passed on.
    parsed = undefined
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new ConfigException(`The secret ${id} is not a JSON object, so it has no fields`)
  }
  return parsed as Record<string, unknown>
}

function fieldText(value: unknown): string | undefined {
  if (value === null || value === undefined) return undefined
  return typeof value === 'string' ? value : JSON.stringify(value)
}

/** The `secretsmanager` provider. */
export function secretsManagerConfigProvider(params: ConfigProviderParams = {}): ConfigProvider {
  let sdk: Promise<Sdk> | undefined

  async function readSecret(id: string): Promise<string> {
    sdk ??= loadSdk(params[REGION_CONFIG])
    const { client, GetSecretValueCommand } = await sdk
    try {
      const output = await client.send(new GetSecretValueCommand({ SecretId: id }))
      if (output.SecretString !== undefined) return output.SecretString
      if (output.SecretBinary !== undefined) return Buffer.from(output.SecretBinary).toString('utf8')
    } catch (error) {
      if (error instanceof Error && error.name === 'ResourceNotFoundException') {
        throw new ConfigException(`The secret ${id} was not found`, { cause: error })
      }
      throw new ConfigException(`Could not read the secret ${id} (${describeAwsError(error)})`, { cause: error })
    }
    throw new ConfigException(`The secret ${id} has no value`)
  }

  return {
    async get(path, keys) {
      if (path === '') {
        return new Map(await Promise.all([...keys].map(async (key) => [key, await readSecret(awsName(key))] as const)))
      }
      const id = awsName(path)
      const fields = parseFields(await readSecret(id), id)
      return new Map(
        [...keys].flatMap((key) => {
          const text = fieldText(fields[withoutTtl(key)])
          return text === undefined ? [] : [[key, text] as const]
        }),
      )
    },
    describeMissing: (path, key) => `the secret ${awsName(path)} has no field "${withoutTtl(key)}"`,
  }
}
