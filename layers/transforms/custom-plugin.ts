/**
 * Custom transforms and predicates given by module path in `transforms.<alias>.type` (or
 * `predicates.<alias>.type`): `./transforms/add-metadata.js`, `/opt/smt/mask.mjs`, `file:///…`, or any
 * name ending in `.js`, `.mjs`, `.cjs`, `.ts`, `.mts`. A relative path resolves against the directory
 * of the connector config file (the chain builder's `baseDir`), else the working directory.
 *
 * The module's default export is used, or the named export after a `#` (`./smt.js#MaskCard`). It is a
 * class implementing `Transformation` (`Predicate`) or a factory function returning one; either is
 * called with the {@link transformApi} (the runtime's data model and helpers), and a new instance is
 * made for every use, as Connect does. See docs/custom-transforms.md.
 */
import { isAbsolute, resolve } from 'node:path'
import { pathToFileURL } from 'node:url'
import { transformApi } from './api.js'
import { PluginKind } from './registry.js'
import type { Predicate, Transformation } from './transformation.js'

const MODULE_EXTENSION = /\.(?:m|c)?[jt]s$/

/** Whether a `type` value names a module rather than a class. */
export function isModulePath(value: string): boolean {
  const path = value.split('#', 1)[0]!
  return (
    path.startsWith('./') ||
    path.startsWith('../') ||
    path.startsWith('/') ||
    path.startsWith('file:') ||
    /^[A-Za-z]:[\\/]/.test(path) ||
    MODULE_EXTENSION.test(path)
  )
}

/** Why a module could not be used, worded for a ConfigException. */
export class CustomPluginError extends Error {
  constructor(
    message: string,
    readonly reason: 'not-found' | 'wrong-kind',
    options?: { cause?: unknown },
  ) {
    super(message, options)
    this.name = 'CustomPluginError'
  }
}

interface Instances {
  transformation: Transformation
  predicate: Predicate
}

const INTERFACE_NAME: Readonly<Record<PluginKind, string>> = {
  transformation: 'Transformation',
  predicate: 'Predicate',
}

/** The module's URL: absolute paths and `file:` URLs as they are, relative paths against `baseDir`. */
export function moduleUrl(path: string, baseDir: string): string {
  if (path.startsWith('file:')) return path
  return pathToFileURL(isAbsolute(path) ? path : resolve(baseDir, path)).href
}

function hasMethods(value: unknown, methods: readonly string[]): boolean {
  if ((typeof value !== 'object' && typeof value !== 'function') || value === null) return false
  const record = value as Record<string, unknown>
  return methods.every((m) => typeof record[m] === 'function')
}

/**
 * Loads a custom plugin module and returns a factory of new instances. Throws {@link CustomPluginError}:
 * `not-found` where the module or export cannot be loaded, `wrong-kind` where the export is not a
 * class or factory of the requested kind (the factory throws it too, where what it makes is not one).
 */
export async function loadCustomPlugin<K extends PluginKind>(
  value: string,
  kind: K,
  baseDir: string,
): Promise<() => Instances[K]> {
  const hash = value.indexOf('#')
  const path = hash < 0 ? value : value.slice(0, hash)
  const exportName = hash < 0 ? 'default' : value.slice(hash + 1)
  const url = moduleUrl(path, baseDir)
  let module: Record<string, unknown>
  try {
    module = (await import(url)) as Record<string, unknown>
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error)
    throw new CustomPluginError(`Module ${url} could not be loaded: ${detail}`, 'not-found', { cause: error })
  }
  const exported = module[exportName]
  if (exported === undefined) {
    throw new CustomPluginError(`Module ${url} has no export named '${exportName}'`, 'not-found')
  }
  const methods = ['configure', kind === PluginKind.TRANSFORMATION ? 'apply' : 'test']
  const notAPlugin = () =>
    new CustomPluginError(
      `The export '${exportName}' of ${url} is not a class or factory of a ${INTERFACE_NAME[kind]} (it needs ${methods.join(' and ')} methods)`,
      'wrong-kind',
    )
  if (typeof exported !== 'function') throw notAPlugin()
  // a class (or an old-style constructor with methods on its prototype) is called with `new`
  const prototype: unknown = (exported as { prototype?: unknown }).prototype
  const isClass = /^class[\s{]/.test(Function.prototype.toString.call(exported)) || hasMethods(prototype, ['configure'])
  const create = (): Instances[K] => {
    const instance: unknown = isClass
      ? new (exported as new (api: typeof transformApi) => unknown)(transformApi)
      : (exported as (api: typeof transformApi) => unknown)(transformApi)
    if (!hasMethods(instance, methods)) throw notAPlugin()
    return instance as Instances[K]
  }
  return create
}
