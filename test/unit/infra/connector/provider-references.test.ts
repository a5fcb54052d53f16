// biome-ignore-all lint/suspicious/noTemplateCurlyInString: config provider references are written `${provider:path:key}`
import { describe, expect, it } from 'vitest'
import { providerReferences } from '../../../../infra/connector/provider-references.js'

const WORKER = {
  'config.providers': 'secretsmanager,params,file',
  'config.providers.secretsmanager.class': 'com.amazonaws.kafka.config.providers.SecretsManagerConfigProvider',
  'config.providers.secretsmanager.param.region': 'eu-west-1',
  'config.providers.params.class': 'ssm',
}

describe('providerReferences', () => {
  it('finds the secrets a config references, by name or URL-encoded ARN, in the provider region', () => {
    const references = providerReferences(
      {
        'connection.password': '${secretsmanager:prod/db:password}',
        'connection.user': '${secretsmanager:prod/db:username}',
        token:
          '${secretsmanager:arn%3Aaws%3Asecretsmanager%3Aeu-west-1%3A111122223333%3Asecret%3Aapi-AbCdEf?ttl=60000}',
      },
      WORKER,
    )
    expect(references.secrets).toEqual([
      { secretId: 'prod/db', region: 'eu-west-1' },
      { secretId: 'arn:aws:secretsmanager:eu-west-1:111122223333:secret:api-AbCdEf', region: 'eu-west-1' },
    ])
    expect(references.parameters).toEqual([])
  })

  it('finds SSM parameters by the name the provider reads: the path and key joined', () => {
    const references = providerReferences({ a: '${params:/prod/db:password}', b: '${params:/prod/flag}' }, WORKER)
    expect(references.parameters).toEqual([
      { parameterName: '/prod/db/password', region: null },
      { parameterName: '/prod/flag', region: null },
    ])
  })

  it("looks in the worker's own values too, which the function resolves as well", () => {
    const references = providerReferences(
      {},
      { ...WORKER, 'sasl.jaas.config': 'x password="${secretsmanager:kafka:password}";' },
    )
    expect(references.secrets).toEqual([{ secretId: 'kafka', region: 'eu-west-1' }])
  })

  it('refuses a reference to a provider the worker does not declare', () => {
    expect(() => providerReferences({ 'connection.password': '${vault:db:password}' }, WORKER)).toThrow(
      /connection\.password references \$\{vault:db:password\}, but the worker declares no config provider "vault"/,
    )
  })

  it('warns about file references and grants nothing for them', () => {
    const references = providerReferences(
      { 'connection.password': '${file:/opt/secrets/db.properties:password}' },
      WORKER,
    )
    expect(references.secrets).toEqual([])
    expect(references.warnings).toHaveLength(1)
    expect(references.warnings[0]).toMatch(/the file provider reads \/opt\/secrets\/db\.properties inside the function/)
  })
})
