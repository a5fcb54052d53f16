import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { fileConfigProvider } from '../../../../layers/runtime/config/providers/file.js'
import { ConfigException } from '../../../../layers/runtime/errors.js'

describe('fileConfigProvider', () => {
  let dir: string
  let file: string

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'connectless-file-provider-'))
    file = join(dir, 'secrets.properties')
    writeFileSync(file, 'testKey=testResult\ntestKey2=testResult2\n')
  })

  afterEach(() => {
    rmSync(dir, { recursive: true, force: true })
  })

  it('gets the keys asked for at a path', async () => {
    const data = await fileConfigProvider().get(file, new Set(['testKey', 'testKey2']))

    expect(Object.fromEntries(data)).toEqual({ testKey: 'testResult', testKey2: 'testResult2' })
  })

  it('gets one key at a path and leaves out keys the file lacks', async () => {
    const data = await fileConfigProvider().get(file, new Set(['testKey', 'missing']))

    expect(Object.fromEntries(data)).toEqual({ testKey: 'testResult' })
  })

  it('returns nothing for an empty path', async () => {
    expect((await fileConfigProvider().get('', new Set(['testKey']))).size).toBe(0)
  })

  it('reads the file as UTF-8 with Java properties escapes', async () => {
    writeFileSync(file, 'greeting=caf\u00e9 \\u20ac\nmulti=a\\\n   b\n')

    const data = await fileConfigProvider().get(file, new Set(['greeting', 'multi']))

    expect(Object.fromEntries(data)).toEqual({ greeting: 'café €', multi: 'ab' })
  })

  it('throws a ConfigException naming the path when the file cannot be read', async () => {
    await expect(fileConfigProvider().get(join(dir, 'nope.properties'), new Set(['k']))).rejects.toThrow(
      new ConfigException(`Could not read properties from file ${join(dir, 'nope.properties')} (ENOENT)`),
    )
  })

  it('reads only under allowed.paths when it is set', async () => {
    const allowed = join(dir, 'allowed')
    mkdirSync(allowed)
    writeFileSync(join(allowed, 'ok.properties'), 'k=v\n')
    const provider = fileConfigProvider({ 'allowed.paths': allowed })

    expect(Object.fromEntries(await provider.get(join(allowed, 'ok.properties'), new Set(['k'])))).toEqual({ k: 'v' })
    await expect(provider.get(file, new Set(['testKey']))).rejects.toThrow(/is not allowed by allowed.paths/)
    await expect(provider.get(join(allowed, '..', 'secrets.properties'), new Set(['testKey']))).rejects.toThrow(
      ConfigException,
    )
  })

  it('rejects allowed.paths that are relative or do not exist', () => {
    expect(() => fileConfigProvider({ 'allowed.paths': 'relative/dir' })).toThrow('Path relative/dir is not absolute')
    expect(() => fileConfigProvider({ 'allowed.paths': join(dir, 'missing') })).toThrow(
      `Path ${join(dir, 'missing')} does not exist`,
    )
  })
})
