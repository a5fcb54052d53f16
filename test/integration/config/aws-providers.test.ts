// biome-ignore-all lint/suspicious/noTemplateCurlyInString: config provider references are written `${provider:path:key}`
import { CreateSecretCommand, DeleteSecretCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager'
import { DeleteParametersCommand, PutParameterCommand, SSMClient } from '@aws-sdk/client-ssm'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { createConfigProviders } from '../../../layers/runtime/config/providers/registry.js'
import { resolveConfig } from '../../../layers/runtime/config/providers/resolve.js'
import { ConfigException } from '../../../layers/runtime/errors.js'
import { topicName } from '../../support/names.js'
import { endpoints, requireServices } from '../../support/services.js'

requireServices('moto')

// names.ts has no secret or parameter helper; a topic name's alphabet is valid in both
const run = topicName('config-providers')
const clientConfig = {
  endpoint: endpoints.aws.endpoint,
  region: endpoints.aws.region,
  credentials: endpoints.aws.credentials,
}
const secretsManager = new SecretsManagerClient(clientConfig)
const ssm = new SSMClient(clientConfig)

const dbSecret = `${run}/db`
const tokenSecret = `${run}/token`
const dbSecretValue = { username: 'connect_user', password: 's3cret-from-sm', port: 5432 }
const parameter = (name: string) => `/${run}/${name}`
const manyParameters = Array.from({ length: 12 }, (_, i) => parameter(`many/p${i}`))
let dbSecretArn = ''

// The providers reach moto the way they reach AWS: through the SDK's standard environment variables.
function useMotoThroughEnvironment(): void {
  vi.stubEnv('AWS_ENDPOINT_URL', endpoints.aws.endpoint)
  vi.stubEnv('AWS_REGION', endpoints.aws.region)
  vi.stubEnv('AWS_ACCESS_KEY_ID', endpoints.aws.credentials.accessKeyId)
  vi.stubEnv('AWS_SECRET_ACCESS_KEY', endpoints.aws.credentials.secretAccessKey)
}

// A worker config as written for MSK Connect, with AWS's provider class names.
const worker = {
  'config.providers': 'secretsmanager,ssm',
  'config.providers.secretsmanager.class': 'com.amazonaws.kafka.config.providers.SecretsManagerConfigProvider',
  'config.providers.ssm.class': 'com.amazonaws.kafka.config.providers.SsmParamStoreConfigProvider',
}

async function rejectionOf(promise: Promise<unknown>): Promise<ConfigException> {
  const error = await promise.then(
    () => undefined,
    (reason: unknown) => reason,
  )
  if (error instanceof ConfigException) return error
  throw new Error(`expected a ConfigException, got ${String(error)}`)
}

beforeAll(async () => {
  useMotoThroughEnvironment()
  const created = await secretsManager.send(
    new CreateSecretCommand({ Name: dbSecret, SecretString: JSON.stringify(dbSecretValue) }),
  )
  dbSecretArn = created.ARN ?? ''
  await secretsManager.send(new CreateSecretCommand({ Name: tokenSecret, SecretString: 'plain-token-value' }))
  await ssm.send(
    new PutParameterCommand({ Name: parameter('db/password'), Value: 's3cret-from-ssm', Type: 'SecureString' }),
  )
  await ssm.send(new PutParameterCommand({ Name: parameter('db/user'), Value: 'ssm-user', Type: 'String' }))
  for (const [i, name] of manyParameters.entries()) {
    await ssm.send(new PutParameterCommand({ Name: name, Value: `value-${i}`, Type: 'String' }))
  }
})

afterAll(async () => {
  vi.unstubAllEnvs()
  for (const name of [dbSecret, tokenSecret]) {
    await secretsManager.send(new DeleteSecretCommand({ SecretId: name, ForceDeleteWithoutRecovery: true }))
  }
  const names = [parameter('db/password'), parameter('db/user'), ...manyParameters]
  for (let i = 0; i < names.length; i += 10) {
    await ssm.send(new DeleteParametersCommand({ Names: names.slice(i, i + 10) }))
  }
})

describe('the secretsmanager provider', () => {
  it('resolves a field of a JSON secret and a whole secret string', async () => {
    const resolved = await resolveConfig(
      {
        'connection.user': `\${secretsmanager:${dbSecret}:username}`,
        'connection.password': `\${secretsmanager:${dbSecret}:password}`,
        'connection.url': `jdbc:postgresql://db:\${secretsmanager:${dbSecret}:port}/mydb`,
        'bearer.auth.token': `\${secretsmanager:${tokenSecret}}`,
      },
      createConfigProviders(worker),
    )

    expect(resolved).toEqual({
      'connection.user': 'connect_user',
      'connection.password': 's3cret-from-sm',
      'connection.url': 'jdbc:postgresql://db:5432/mydb',
      'bearer.auth.token': 'plain-token-value',
    })
  })

  it('resolves a secret named by its URL-encoded ARN, ignoring a ttl suffix, as AWS’s MSK provider does', async () => {
    const encodedArn = encodeURIComponent(dbSecretArn)

    const resolved = await resolveConfig(
      { 'connection.password': `\${secretsmanager:${encodedArn}:password?ttl=300000}` },
      createConfigProviders({
        'config.providers': 'secretsmanager',
        'config.providers.secretsmanager.class': 'secretsmanager',
      }),
    )

    expect(resolved['connection.password']).toBe('s3cret-from-sm')
  })

  it('reports a missing secret naming the reference and the config key', async () => {
    const reference = `\${secretsmanager:${run}/missing:password}`

    const error = await rejectionOf(resolveConfig({ 'connection.password': reference }, createConfigProviders(worker)))

    expect(error.message).toBe(
      `Could not resolve ${reference} in connection.password: The secret ${run}/missing was not found`,
    )
  })

  it('reports a missing field without showing the secret', async () => {
    const reference = `\${secretsmanager:${dbSecret}:passwd}`

    const error = await rejectionOf(resolveConfig({ 'connection.password': reference }, createConfigProviders(worker)))

    expect(error.message).toBe(
      `Could not resolve ${reference} in connection.password: the secret ${dbSecret} has no field "passwd"`,
    )
    expect(error.message).not.toContain('s3cret')
  })

  it('reports a field asked of a secret that is not JSON without showing the secret', async () => {
    const error = await rejectionOf(
      resolveConfig({ token: `\${secretsmanager:${tokenSecret}:value}` }, createConfigProviders(worker)),
    )

    expect(error.message).toContain(`The secret ${tokenSecret} is not a JSON object, so it has no fields`)
    expect(error.message).not.toContain('plain-token-value')
    expect(String(error.cause ?? '')).not.toContain('plain-token-value')
  })
})

describe('the ssm provider', () => {
  it('resolves a decrypted SecureString and a String, named in both reference forms', async () => {
    const resolved = await resolveConfig(
      {
        'connection.password': `\${ssm::${parameter('db/password')}}`,
        'connection.user': `\${ssm:${parameter('db/user')}}`,
        'connection.user.again': `\${ssm:${parameter('db')}:user}`,
      },
      createConfigProviders(worker),
    )

    expect(resolved).toEqual({
      'connection.password': 's3cret-from-ssm',
      'connection.user': 'ssm-user',
      'connection.user.again': 'ssm-user',
    })
  })

  it('resolves more parameters than one GetParameters call takes', async () => {
    const props = Object.fromEntries(manyParameters.map((name, i) => [`key.${i}`, `\${ssm:${name}}`]))

    const resolved = await resolveConfig(props, createConfigProviders(worker))

    expect(Object.values(resolved)).toEqual(manyParameters.map((_, i) => `value-${i}`))
  })

  it('reports a missing parameter naming the reference and the config key', async () => {
    const reference = `\${ssm:${parameter('db/missing')}}`

    const error = await rejectionOf(
      resolveConfig(
        { 'connection.password': reference, other: `\${ssm:${parameter('db/password')}}` },
        createConfigProviders(worker),
      ),
    )

    expect(error.message).toBe(
      `Could not resolve ${reference} in connection.password: the SSM parameter ${parameter('db/missing')} does not exist`,
    )
    expect(error.message).not.toContain('s3cret')
  })
})
