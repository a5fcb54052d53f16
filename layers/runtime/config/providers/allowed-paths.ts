/**
 * The `allowed.paths` setting of the file and directory providers (Kafka's `AllowedPaths`): a
 * comma-separated list of absolute, existing paths; when set, only paths under one of them are read.
 */
import { existsSync } from 'node:fs'
import { isAbsolute, normalize, relative } from 'node:path'
import { ConfigException } from '../../errors.js'

export const ALLOWED_PATHS_CONFIG = 'allowed.paths'

/** Whether a path may be read; throws `ConfigException` when `allowed.paths` itself is invalid. */
export type PathPolicy = (path: string) => boolean

function isUnder(path: string, root: string): boolean {
  const rel = relative(root, path)
  return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel))
}

/** The policy for an `allowed.paths` value; no value allows every path. */
export function allowedPaths(configValue: string | null | undefined): PathPolicy {
  if (!configValue) return () => true
  const roots = configValue.split(',').map((entry) => {
    const root = normalize(entry)
    if (!isAbsolute(root)) throw new ConfigException(`Path ${root} is not absolute`, { key: ALLOWED_PATHS_CONFIG })
    if (!existsSync(root)) throw new ConfigException(`Path ${root} does not exist`, { key: ALLOWED_PATHS_CONFIG })
    return root
  })
  return (path) => {
    const normalised = normalize(path)
    return isAbsolute(normalised) && roots.some((root) => isUnder(normalised, root))
  }
}

/** Throws `ConfigException` unless `policy` allows `path`. */
export function requireAllowed(policy: PathPolicy, path: string): void {
  if (!policy(path)) throw new ConfigException(`The path ${path} is not allowed by ${ALLOWED_PATHS_CONFIG}`)
}
