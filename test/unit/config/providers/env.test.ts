import { describe, expect, it } from 'vitest'
import { envVarConfigProvider } from '../../../../layers/runtime/config/providers/env.js'
import { ConfigException } from '../../../../layers/runtime/errors.js'

// The variables of Kafka's EnvVarConfigProviderTest.
const ENV = { test_var1: 'value1', secret_var2: 'value2', new_var3: 'value3' }

describe('envVarConfigProvider', () => {
  it('gets the variables asked for with an empty path', async () => {
    const data = await envVarConfigProvider({}, ENV).get('', new Set(['test_var1', 'secret_var2', 'missing']))

    expect(Object.fromEntries(data)).toEqual({ test_var1: 'value1', secret_var2: 'value2' })
  })

  it('rejects a path', async () => {
    await expect(envVarConfigProvider({}, ENV).get('test-path', new Set(['test_var1']))).rejects.toThrow(
      new ConfigException("Path is not supported for EnvVarConfigProvider, invalid value 'test-path'"),
    )
  })

  it('shows only variables whose whole name matches allowlist.pattern', async () => {
    const provider = envVarConfigProvider({ 'allowlist.pattern': 'secret_.*' }, ENV)

    expect(Object.fromEntries(await provider.get('', new Set(Object.keys(ENV))))).toEqual({ secret_var2: 'value2' })
    const partial = envVarConfigProvider({ 'allowlist.pattern': 'var' }, ENV)
    expect((await partial.get('', new Set(Object.keys(ENV)))).size).toBe(0)
  })

  it('rejects an allowlist.pattern that does not compile', () => {
    expect(() => envVarConfigProvider({ 'allowlist.pattern': '(' }, ENV)).toThrow(
      /^Invalid value \( for configuration allowlist.pattern: Invalid regex/,
    )
  })

  it('reads the process environment by default', async () => {
    process.env.CONNECTLESS_ENV_PROVIDER_TEST = 'from process'
    try {
      const data = await envVarConfigProvider().get('', new Set(['CONNECTLESS_ENV_PROVIDER_TEST']))

      expect(data.get('CONNECTLESS_ENV_PROVIDER_TEST')).toBe('from process')
    } finally {
      delete process.env.CONNECTLESS_ENV_PROVIDER_TEST
    }
  })
})
