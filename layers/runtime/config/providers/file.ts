/**
 * `${file:<path>:<key>}`: a key of a Java properties file (Kafka's `FileConfigProvider`), read as
 * UTF-8. Setting: `allowed.paths`. Unlike Kafka, a path outside `allowed.paths` is an error rather
 * than a logged warning.
 */
import { readFile } from 'node:fs/promises'
import { ConfigException } from '../../errors.js'
import { parseProperties } from '../properties.js'
import { ALLOWED_PATHS_CONFIG, allowedPaths, requireAllowed } from './allowed-paths.js'
import type { ConfigProvider, ConfigProviderParams } from './config-provider.js'

async function readProperties(path: string): Promise<Record<string, string>> {
  let text: string
  try {
    text = await readFile(path, 'utf8')
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? String(error)
    throw new ConfigException(`Could not read properties from file ${path} (${code})`, { cause: error })
  }
  return parseProperties(text).properties
}

/** The `file` provider. */
export function fileConfigProvider(params: ConfigProviderParams = {}): ConfigProvider {
  const policy = allowedPaths(params[ALLOWED_PATHS_CONFIG])
  return {
    async get(path, keys) {
      if (path === '') return new Map()
      requireAllowed(policy, path)
      const properties = await readProperties(path)
      return new Map(
        [...keys].flatMap((key) => (Object.hasOwn(properties, key) ? [[key, properties[key] as string]] : [])),
      )
    },
    describeMissing: (path, key) => `the file ${path} has no property "${key}"`,
  }
}
