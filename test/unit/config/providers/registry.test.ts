import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createConfigProviders, defaultConfigProviders } from '../../../../layers/runtime/config/providers/registry.js'
import { resolveConfig } from '../../../../layers/runtime/config/providers/resolve.js'
import { ConfigException } from '../../../../layers/runtime/errors.js'

describe('createConfigProviders', () => {
  let dir: string

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'connectless-registry-'))
    writeFileSync(join(dir, 'db.properties'), 'password=s3cret\n')
  })

  afterEach(() => {
    rmSync(dir, { recursive: true, force: true })
  })

  it('configures file, env and directory without a worker config', () => {
    expect([...defaultConfigProviders().keys()]).toEqual(['file', 'env', 'directory'])
    expect([...createConfigProviders().keys()]).toEqual(['file', 'env', 'directory'])
  })

  it('accepts Kafka’s class names and short names under any provider name', async () => {
    const providers = createConfigProviders({
      'config.providers': 'secrets, dir ,vault,aws,ssm',
      'config.providers.secrets.class': 'org.apache.kafka.common.config.provider.FileConfigProvider',
      'config.providers.dir.class': 'org.apache.kafka.common.config.provider.DirectoryConfigProvider',
      'config.providers.vault.class': 'env',
      'config.providers.aws.class': 'com.amazonaws.kafka.config.providers.SecretsManagerConfigProvider',
      'config.providers.ssm.class': 'ssm',
    })

    expect([...providers.keys()]).toEqual(['file', 'env', 'directory', 'secrets', 'dir', 'vault', 'aws', 'ssm'])
    const resolved = await resolveConfig({ p: `\${secrets:${join(dir, 'db.properties')}:password}` }, providers)
    expect(resolved.p).toBe('s3cret')
  })

  it('passes config.providers.<name>.param.* settings to the provider', async () => {
    const worker = (allowedPaths: string) => ({
      'config.providers': 'file',
      'config.providers.file.class': 'org.apache.kafka.common.config.provider.FileConfigProvider',
      'config.providers.file.param.allowed.paths': allowedPaths,
    })
    mkdirSync(join(dir, 'allowed'))
    const reference = { p: `\${file:${join(dir, 'db.properties')}:password}` }

    await expect(resolveConfig(reference, createConfigProviders(worker(join(dir, 'allowed'))))).rejects.toThrow(
      /is not allowed by allowed.paths/,
    )
    expect(await resolveConfig(reference, createConfigProviders(worker(dir)))).toEqual({ p: 's3cret' })
  })

  it('rejects an unknown provider class naming its key', () => {
    expect(() =>
      createConfigProviders({
        'config.providers': 'vault',
        'config.providers.vault.class': 'io.confluent.csid.config.provider.vault.VaultConfigProvider',
      }),
    ).toThrow(
      /^Invalid value io.confluent.csid.config.provider.vault.VaultConfigProvider for configuration config.providers.vault.class: Unknown config provider class/,
    )
  })

  it('rejects a listed provider without a class unless it is a default one', () => {
    expect(() => createConfigProviders({ 'config.providers': 'file,env,aws' })).toThrow(ConfigException)
    expect(() => createConfigProviders({ 'config.providers': 'file,env,aws' })).toThrow(
      'config.providers lists "aws" but config.providers.aws.class is not set',
    )
  })
})
