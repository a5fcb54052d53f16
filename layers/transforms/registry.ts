/**
 * The transforms and predicates a connector config can name in `transforms.<alias>.type` and
 * `predicates.<alias>.type`, under Kafka's class names (`org.apache.kafka.connect.transforms.InsertField$Value`)
 * and Connect's plugin aliases.
 *
 * Aliases follow Connect's `PluginUtils.computeAliases`: each plugin is known by its simple class name
 * (`RegexRouter`; for a nested class the name after the `$`, so `InsertField$Value` is `Value`) and by
 * that name without a trailing `Transformation`/`Predicate`; an alias shared by two plugins is dropped.
 * So `RegexRouter`, `Filter`, `HasHeaderKey` are aliases, while the Key/Value variants, whose simple
 * names are all `Key` and `Value`, have none: Connect rejects `InsertField$Value` and so does this.
 *
 * Registration is open: each transform module registers its classes when it is loaded (one call), and
 * `builtins.ts` loads Kafka's (one import line per module). A Kafka class with nested variants
 * (`InsertField`) is recognised as abstract, as Connect reports it.
 *
 * @example
 * registerTransformation('org.apache.kafka.connect.transforms.InsertField$Value', () => new InsertFieldValue(), {
 *   overview: InsertField.OVERVIEW_DOC,
 * })
 * plugins.lookup('RegexRouter', 'transformation') // { kind: 'found', plugin: … }
 */
import type { Predicate, Transformation } from './transformation.js'

export const PluginKind = { TRANSFORMATION: 'transformation', PREDICATE: 'predicate' } as const
export type PluginKind = (typeof PluginKind)[keyof typeof PluginKind]

interface PluginInstances {
  transformation: Transformation
  predicate: Predicate
}

export interface PluginDescriptor<K extends PluginKind = PluginKind> {
  /** Kafka's binary class name, `$` for nested classes. */
  readonly className: string
  readonly kind: K
  /** A new, unconfigured instance. */
  readonly create: () => PluginInstances[K]
  /** What the plugin does (Kafka's `OVERVIEW_DOC`), for the reference docs. */
  readonly overview: string | undefined
}

export interface RegisterOptions {
  readonly overview?: string
}

/** The outcome of looking a class name up, as Connect's plugin loading sees it. */
export type PluginLookup<K extends PluginKind> =
  | { readonly kind: 'found'; readonly plugin: PluginDescriptor<K> }
  /** The class is a plugin of the other kind (a predicate named as a transform). */
  | { readonly kind: 'wrong-kind'; readonly className: string }
  /** An abstract class whose nested variants are plugins (`InsertField`). */
  | { readonly kind: 'abstract'; readonly className: string; readonly concrete: readonly string[] }
  | { readonly kind: 'not-found' }

const SUFFIX: Readonly<Record<PluginKind, string>> = { transformation: 'Transformation', predicate: 'Predicate' }

/** Java's `Class.getSimpleName()` for a binary class name. */
export function simpleName(className: string): string {
  const afterPackage = className.slice(className.lastIndexOf('.') + 1)
  return afterPackage.slice(afterPackage.lastIndexOf('$') + 1)
}

/** Connect's `PluginUtils.prunedName`: the simple name cut at the last occurrence of the kind's suffix. */
export function prunedName(className: string, kind: PluginKind): string {
  const simple = simpleName(className)
  const pos = simple.lastIndexOf(SUFFIX[kind])
  return pos > 0 ? simple.slice(0, pos) : simple
}

export class PluginRegistry {
  readonly #plugins = new Map<string, PluginDescriptor>()
  #aliases: Map<string, string> | null = null

  registerTransformation(className: string, create: () => Transformation, options: RegisterOptions = {}): void {
    this.#register({ className, kind: PluginKind.TRANSFORMATION, create, overview: options.overview })
  }

  registerPredicate(className: string, create: () => Predicate, options: RegisterOptions = {}): void {
    this.#register({ className, kind: PluginKind.PREDICATE, create, overview: options.overview })
  }

  /** Every registered plugin of a kind, in registration order. */
  list<K extends PluginKind>(kind: K): PluginDescriptor<K>[] {
    return [...this.#plugins.values()].filter((p): p is PluginDescriptor<K> => p.kind === kind)
  }

  /** Connect's aliases: alias → class name, ambiguous aliases left out. */
  aliases(): ReadonlyMap<string, string> {
    if (this.#aliases === null) {
      const candidates = new Map<string, Set<string>>()
      for (const p of this.#plugins.values()) {
        for (const alias of [simpleName(p.className), prunedName(p.className, p.kind)]) {
          const classes = candidates.get(alias) ?? new Set<string>()
          classes.add(p.className)
          candidates.set(alias, classes)
        }
      }
      this.#aliases = new Map(
        [...candidates]
          .filter(([, classes]) => classes.size === 1)
          .map(([alias, classes]) => [alias, [...classes][0]!]),
      )
    }
    return this.#aliases
  }

  /** The class name a configured name stands for: itself, or the class an alias names. */
  resolveName(name: string): string {
    return this.#plugins.has(name) ? name : (this.aliases().get(name) ?? name)
  }

  /** Looks a configured class name (or alias) up as a plugin of `kind`. */
  lookup<K extends PluginKind>(name: string, kind: K): PluginLookup<K> {
    const className = this.resolveName(name)
    const plugin = this.#plugins.get(className)
    if (plugin !== undefined) {
      if (plugin.kind !== kind) return { kind: 'wrong-kind', className }
      return { kind: 'found', plugin: plugin as PluginDescriptor<K> }
    }
    const nested = [...this.#plugins.values()].filter((p) => p.className.startsWith(`${className}$`))
    if (nested.length === 0) return { kind: 'not-found' }
    const concrete = nested.filter((p) => p.kind === kind).map((p) => p.className)
    if (concrete.length === 0) return { kind: 'wrong-kind', className }
    return { kind: 'abstract', className, concrete }
  }

  #register(descriptor: PluginDescriptor): void {
    this.#plugins.set(descriptor.className, descriptor)
    this.#aliases = null
  }
}

/** The registry the chain builder uses: Kafka's plugins (see `builtins.ts`) and any registered since. */
export const plugins = new PluginRegistry()

/** Registers a transformation in {@link plugins}. */
export function registerTransformation(
  className: string,
  create: () => Transformation,
  options: RegisterOptions = {},
): void {
  plugins.registerTransformation(className, create, options)
}

/** Registers a predicate in {@link plugins}. */
export function registerPredicate(className: string, create: () => Predicate, options: RegisterOptions = {}): void {
  plugins.registerPredicate(className, create, options)
}

/**
 * Registers the `$Key` and `$Value` variants of a Kafka field transform in {@link plugins}.
 * @example registerKeyValueTransformation('org.apache.kafka.connect.transforms.Cast', CastKey, CastValue, { overview })
 */
export function registerKeyValueTransformation(
  className: string,
  Key: new () => Transformation,
  Value: new () => Transformation,
  options: RegisterOptions = {},
): void {
  plugins.registerTransformation(`${className}$Key`, () => new Key(), options)
  plugins.registerTransformation(`${className}$Value`, () => new Value(), options)
}
