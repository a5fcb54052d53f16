/**
 * `${directory:<dir>:<file name>}`: the whole content of a file in a directory, as UTF-8, not trimmed
 * (Kafka's `DirectoryConfigProvider`; the layout of a Kubernetes secret volume). Only regular files
 * directly in the directory count, symbolic links followed. Setting: `allowed.paths`. Unlike Kafka,
 * a path that is not a directory, or outside `allowed.paths`, is an error rather than a warning.
 */
import { readdir, readFile, stat } from 'node:fs/promises'
import { join } from 'node:path'
import { ConfigException } from '../../errors.js'
import { ALLOWED_PATHS_CONFIG, allowedPaths, requireAllowed } from './allowed-paths.js'
import type { ConfigProvider, ConfigProviderParams } from './config-provider.js'

async function listDirectory(path: string): Promise<string[]> {
  try {
    return await readdir(path)
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? String(error)
    throw new ConfigException(`Could not list directory ${path} (${code})`, { cause: error })
  }
}

async function isRegularFile(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isFile()
  } catch {
    // A dangling link or a file removed meanwhile holds no value.
    return false
  }
}

/** The `directory` provider. */
export function directoryConfigProvider(params: ConfigProviderParams = {}): ConfigProvider {
  const policy = allowedPaths(params[ALLOWED_PATHS_CONFIG])
  return {
    async get(path, keys) {
      if (path === '') return new Map()
      requireAllowed(policy, path)
      const names = (await listDirectory(path)).filter((name) => keys.has(name))
      const entries = await Promise.all(
        names.map(async (name): Promise<[string, string][]> => {
          const file = join(path, name)
          return (await isRegularFile(file)) ? [[name, await readFile(file, 'utf8')]] : []
        }),
      )
      return new Map(entries.flat())
    },
    describeMissing: (path, key) => `the directory ${path} has no regular file "${key}"`,
  }
}
