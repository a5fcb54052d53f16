import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { directoryConfigProvider } from '../../../../layers/runtime/config/providers/directory.js'

describe('directoryConfigProvider', () => {
  let parent: string
  let dir: string

  // The layout of Kafka's DirectoryConfigProviderTest: each file holds its own name in capitals.
  const writeNamedFile = (path: string, name: string) => writeFileSync(join(path, name), name.toUpperCase())

  beforeEach(() => {
    parent = mkdtempSync(join(tmpdir(), 'connectless-directory-provider-'))
    dir = join(parent, 'dir')
    mkdirSync(dir)
    writeNamedFile(dir, 'foo')
    writeNamedFile(dir, 'bar')
    mkdirSync(join(dir, 'subdir'))
    writeNamedFile(join(dir, 'subdir'), 'subdirFile')
    mkdirSync(join(parent, 'siblingdir'))
    writeNamedFile(join(parent, 'siblingdir'), 'siblingdirFile')
    writeNamedFile(parent, 'siblingFile')
  })

  afterEach(() => {
    rmSync(parent, { recursive: true, force: true })
  })

  it('gets the files named by the keys and leaves out the others', async () => {
    const data = await directoryConfigProvider().get(dir, new Set(['foo', 'bar', 'baz']))

    expect(Object.fromEntries(data)).toEqual({ foo: 'FOO', bar: 'BAR' })
  })

  it('reads only regular files directly in the directory', async () => {
    const data = await directoryConfigProvider().get(dir, new Set(['subdir', 'subdir/subdirFile']))

    expect(data.size).toBe(0)
  })

  it('never reads outside the directory', async () => {
    const keys = new Set(['../siblingFile', '../siblingdir', '../siblingdir/siblingdirFile'])

    expect((await directoryConfigProvider().get(dir, keys)).size).toBe(0)
  })

  it('returns nothing for an empty path', async () => {
    expect((await directoryConfigProvider().get('', new Set(['foo']))).size).toBe(0)
  })

  it('follows symbolic links, as a Kubernetes secret volume has them, and keeps the content untrimmed', async () => {
    mkdirSync(join(dir, '..data'))
    writeFileSync(join(dir, '..data', 'password'), 's3cret\n')
    symlinkSync(join('..data', 'password'), join(dir, 'password'))

    const data = await directoryConfigProvider().get(dir, new Set(['password', '..data']))

    expect(Object.fromEntries(data)).toEqual({ password: 's3cret\n' })
  })

  it('throws when the path is not a directory (Kafka only logs a warning)', async () => {
    await expect(directoryConfigProvider().get(join(parent, 'siblingFile'), new Set(['foo']))).rejects.toThrow(
      /Could not list directory .*siblingFile \(ENOTDIR\)/,
    )
  })

  it('reads only under allowed.paths when it is set', async () => {
    const provider = directoryConfigProvider({ 'allowed.paths': join(parent, 'siblingdir') })

    await expect(provider.get(dir, new Set(['foo']))).rejects.toThrow(/is not allowed by allowed.paths/)
    expect(Object.fromEntries(await provider.get(join(parent, 'siblingdir'), new Set(['siblingdirFile'])))).toEqual({
      siblingdirFile: 'SIBLINGDIRFILE',
    })
  })
})
