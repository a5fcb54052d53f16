// biome-ignore-all lint/suspicious/noTemplateCurlyInString: config provider references are written `${provider:path:key}`
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { ConfigProvider } from '../../../../layers/runtime/config/providers/config-provider.js'
import { parseConfigReferences } from '../../../../layers/runtime/config/providers/reference.js'
import { resolveConfig } from '../../../../layers/runtime/config/providers/resolve.js'
import { ConfigException } from '../../../../layers/runtime/errors.js'

/** The provider of Kafka's ConfigTransformerTest, recording each lookup. */
function testProvider(calls: [string, string[]][] = []): ConfigProvider {
  return {
    async get(path, keys) {
      calls.push([path, [...keys].sort()])
      const data = new Map<string, string>()
      if (path !== 'testPath') return data
      if (keys.has('testKey')) data.set('testKey', 'testResult')
      if (keys.has('testKeyWithTTL')) data.set('testKeyWithTTL', 'testResultWithTTL')
      if (keys.has('testIndirection')) data.set('testIndirection', '${test:testPath:testResult}')
      if (keys.has('b:c')) data.set('b:c', 'colon key')
      return data
    },
  }
}

async function rejectionOf(promise: Promise<unknown>): Promise<ConfigException> {
  const error = await promise.then(
    () => undefined,
    (reason: unknown) => reason,
  )
  if (error instanceof ConfigException) return error
  throw new Error(`expected a ConfigException, got ${String(error)}`)
}

describe('resolveConfig', () => {
  const providers = new Map([['test', testProvider()]])

  it('replaces a variable', async () => {
    expect(await resolveConfig({ myKey: '${test:testPath:testKey}' }, providers)).toEqual({ myKey: 'testResult' })
  })

  it('replaces several variables inside one value, keeping the text around them', async () => {
    const resolved = await resolveConfig(
      { myKey: 'hello, ${test:testPath:testKey}; goodbye, ${test:testPath:testKeyWithTTL}!!!' },
      providers,
    )

    expect(resolved.myKey).toBe('hello, testResult; goodbye, testResultWithTTL!!!')
  })

  it('resolves a single level of indirection', async () => {
    const resolved = await resolveConfig({ myKey: '${test:testPath:testIndirection}' }, providers)

    expect(resolved.myKey).toBe('${test:testPath:testResult}')
  })

  it('leaves a reference to a provider that is not configured as written', async () => {
    const props = { a: '${vault:secret/db:password}', b: 'plain', c: null }

    expect(await resolveConfig(props, providers)).toEqual(props)
  })

  it('ends the path at the second colon and gives the rest to the key', async () => {
    expect(await resolveConfig({ myKey: '${test:testPath:b:c}' }, providers)).toEqual({ myKey: 'colon key' })
  })

  it('asks each provider once per path for all the keys used there', async () => {
    // Prepare
    const calls: [string, string[]][] = []
    const counting = new Map([['test', testProvider(calls)]])

    // Act
    await resolveConfig(
      {
        a: '${test:testPath:testKey}',
        b: '${test:testPath:testKeyWithTTL}/${test:testPath:testKey}',
        c: '${test:otherPath:x}-${test:otherPath:y}',
      },
      counting,
    ).catch(() => undefined)

    // Assess
    expect(calls.sort()).toEqual([
      ['otherPath', ['x', 'y']],
      ['testPath', ['testKey', 'testKeyWithTTL']],
    ])
  })

  it('throws naming the reference and the config key when the provider has no value (Kafka leaves it as written)', async () => {
    const error = await rejectionOf(resolveConfig({ myKey: '${test:testPath:missingKey}' }, providers))

    expect(error.message).toBe(
      'Could not resolve ${test:testPath:missingKey} in myKey: the test provider has no value for key "missingKey" at path "testPath"',
    )
    expect(error.key).toBe('myKey')
  })

  it('names the reference and every config key using it when the provider fails', async () => {
    const failing: ConfigProvider = {
      get: async () => {
        throw new ConfigException('Could not read properties from file /x (ENOENT)')
      },
    }

    const error = await rejectionOf(
      resolveConfig({ a: '${broken:/x:k}', b: 'u=${broken:/x:k}' }, new Map([['broken', failing]])),
    )

    expect(error.message).toBe(
      'Could not resolve ${broken:/x:k} in a, b: Could not read properties from file /x (ENOENT)',
    )
  })

  it('keeps null values and values without references', async () => {
    expect(await resolveConfig({ a: null, b: 'x', c: '${test:testPath:testKey}' }, providers)).toEqual({
      a: null,
      b: 'x',
      c: 'testResult',
    })
  })
})

describe('resolveConfig with the default providers', () => {
  let dir: string

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'connectless-config-'))
  })

  afterEach(() => {
    rmSync(dir, { recursive: true, force: true })
  })

  it('resolves the seed’s schema registry credentials from a properties file', async () => {
    // Prepare: the seed's /opt/kafka/secrets/sr.properties, in a temporary directory
    const file = join(dir, 'sr.properties')
    writeFileSync(file, '# schema registry\nusername = sr-user\npassword: p@ss\\u0021word\n')
    const props = {
      'value.converter': 'io.confluent.connect.avro.AvroConverter',
      'value.converter.basic.auth.credentials.source': 'USER_INFO',
      'value.converter.basic.auth.user.info': `\${file:${file}:username}:\${file:${file}:password}`,
    }

    // Act
    const resolved = await resolveConfig(props)

    // Assess
    expect(resolved).toEqual({ ...props, 'value.converter.basic.auth.user.info': 'sr-user:p@ss!word' })
  })

  it('reports a missing file with the reference and the config key, and no secret', async () => {
    const reference = '${file:/opt/kafka/secrets/db.properties:password}'

    const error = await rejectionOf(
      resolveConfig({ 'connection.user': 'connect_user', 'connection.password': reference }),
    )

    expect(error).toBeInstanceOf(ConfigException)
    expect(error.message).toBe(
      `Could not resolve ${reference} in connection.password: Could not read properties from file /opt/kafka/secrets/db.properties (ENOENT)`,
    )
  })

  it('reports a missing key with the reference and the config key, and none of the file’s values', async () => {
    const file = join(dir, 'sr.properties')
    writeFileSync(file, 'username=sr-user\npasswd=hunter2\n')

    const error = await rejectionOf(
      resolveConfig({ 'value.converter.basic.auth.user.info': `\${file:${file}:username}:\${file:${file}:password}` }),
    )

    expect(error.message).toBe(
      `Could not resolve \${file:${file}:password} in value.converter.basic.auth.user.info: the file ${file} has no property "password"`,
    )
    expect(error.message).not.toContain('hunter2')
    expect(error.message).not.toContain('sr-user')
  })

  it('resolves environment variables and directory files without a worker config', async () => {
    writeFileSync(join(dir, 'password'), 's3cret\n')
    process.env.CONNECTLESS_TEST_USER = 'connect_user'
    try {
      const resolved = await resolveConfig({
        'connection.user': '${env:CONNECTLESS_TEST_USER}',
        'connection.password': `\${directory:${dir}:password}`,
      })

      expect(resolved).toEqual({ 'connection.user': 'connect_user', 'connection.password': 's3cret\n' })
    } finally {
      delete process.env.CONNECTLESS_TEST_USER
    }
  })

  it('reports an unset environment variable', async () => {
    const error = await rejectionOf(resolveConfig({ token: '${env:CONNECTLESS_TEST_UNSET_VARIABLE}' }))

    expect(error.message).toBe(
      'Could not resolve ${env:CONNECTLESS_TEST_UNSET_VARIABLE} in token: the environment variable CONNECTLESS_TEST_UNSET_VARIABLE is not set, or not matched by allowlist.pattern',
    )
  })
})

describe('parseConfigReferences', () => {
  it('finds every reference with Kafka’s pattern', () => {
    expect(
      parseConfigReferences(
        'x${file:/opt/kafka/secrets/sr.properties:username}:${env:HOME}${secretsmanager:prod/db:password}${broken',
      ),
    ).toEqual([
      {
        provider: 'file',
        path: '/opt/kafka/secrets/sr.properties',
        key: 'username',
        text: '${file:/opt/kafka/secrets/sr.properties:username}',
      },
      { provider: 'env', path: '', key: 'HOME', text: '${env:HOME}' },
      { provider: 'secretsmanager', path: 'prod/db', key: 'password', text: '${secretsmanager:prod/db:password}' },
    ])
  })

  it('finds none in text without a provider and a key', () => {
    expect(parseConfigReferences('${topic}-${timestamp}')).toEqual([])
  })
})
