/**
 * The converters connectless knows, by Java class name and by Connect's plugin aliases, and the
 * factories that make configured instances from `key.converter`, `value.converter` and
 * `header.converter`.
 *
 * Aliases are Connect's: a plugin's simple class name (`StringConverter`) and that name without its
 * plugin-type suffix (`String` as a converter; a header converter drops `HeaderConverter`, so
 * `SimpleHeaderConverter` is also `Simple`). An alias two plugins would share is dropped, as Connect
 * drops it. Class names and aliases are matched exactly (case matters), after trimming.
 *
 * JsonConverter, AvroConverter and ProtobufConverter are registered lazily: their module is imported
 * the first time one is created, so a function that never uses Avro never evaluates it
 * ({@link LAZY_CONVERTER_MODULES}). Where a module is missing at run time (left out of a deployment),
 * creating that converter fails with a ConfigException that says so.
 */
import { ConfigException } from '../errors.js'
import { BooleanConverter } from './boolean-converter.js'
import { ByteArrayConverter } from './bytearray-converter.js'
import type { Converter, ConverterConfig, HeaderConverter, MaybePromise } from './converter.js'
import { CONVERTER_TYPE_CONFIG, ConverterType } from './converter-config.js'
import {
  DoubleConverter,
  FloatConverter,
  IntegerConverter,
  LongConverter,
  ShortConverter,
} from './number-converters.js'
import { SimpleHeaderConverter } from './simple-header-converter.js'
import { StringConverter } from './string-converter.js'

/** The two plugin roles a converter class can have (Connect's `PluginType` names). */
export const ConverterRole = { CONVERTER: 'converter', HEADER_CONVERTER: 'header_converter' } as const
export type ConverterRole = (typeof ConverterRole)[keyof typeof ConverterRole]

/** One converter class. */
export interface ConverterPlugin {
  /** The fully qualified Java class name users put in their config. */
  readonly className: string
  /** Whether it is a Converter (key/value), a HeaderConverter, or both. */
  readonly roles: readonly ConverterRole[]
  /** A new, unconfigured instance; a lazily loaded plugin gives a Promise of one. */
  readonly instantiate: () => MaybePromise<object>
}

/** The config key Connect reads a header converter from, and its default (`WorkerConfig`). */
export const HEADER_CONVERTER_CLASS_CONFIG = 'header.converter'
export const HEADER_CONVERTER_CLASS_DEFAULT = 'org.apache.kafka.connect.storage.SimpleHeaderConverter'
export const KEY_CONVERTER_CLASS_CONFIG = 'key.converter'
export const VALUE_CONVERTER_CLASS_CONFIG = 'value.converter'

/** A plugin's module could not be imported, or does not export the class. */
export class PluginLoadError extends Error {
  constructor(
    message: string,
    readonly module: string,
    options?: { cause?: unknown },
  ) {
    super(message, options)
    this.name = 'PluginLoadError'
  }
}

/**
 * A plugin whose class lives in a module imported on first use. `load` imports the module (write
 * `() => import('./my/module.js')` so a bundler can see it); `exportName` names the class in it,
 * which must have a constructor that takes no argument.
 */
export function lazyConverterPlugin(options: {
  readonly className: string
  readonly roles: readonly ConverterRole[]
  readonly module: string
  readonly exportName: string
  readonly load: () => Promise<Record<string, unknown>>
}): ConverterPlugin {
  let loaded: Promise<new () => object> | undefined
  const load = async (): Promise<new () => object> => {
    let namespace: Record<string, unknown>
    try {
      namespace = await options.load()
    } catch (cause) {
      throw new PluginLoadError(`the module ${options.module} could not be loaded`, options.module, { cause })
    }
    const ctor = namespace[options.exportName]
    if (typeof ctor !== 'function') {
      throw new PluginLoadError(`the module ${options.module} exports no class ${options.exportName}`, options.module)
    }
    return ctor as new () => object
  }
  return {
    className: options.className,
    roles: options.roles,
    instantiate: async () => {
      loaded ??= load()
      try {
        return new (await loaded)()
      } catch (error) {
        loaded = undefined // a later call tries again
        throw error
      }
    },
  }
}

const BOTH = [ConverterRole.CONVERTER, ConverterRole.HEADER_CONVERTER] as const
const CONVERTER_ONLY = [ConverterRole.CONVERTER] as const
const HEADER_ONLY = [ConverterRole.HEADER_CONVERTER] as const

/**
 * The lazily loaded converters: their modules (relative to this one) and classes. The imports are
 * written out so that a bundler sees them; with code splitting each becomes a chunk of its own.
 */
export const LAZY_CONVERTER_MODULES = {
  'org.apache.kafka.connect.json.JsonConverter': {
    module: './json/json-converter.js',
    exportName: 'JsonConverter',
    load: () => import('./json/json-converter.js'),
  },
  'io.confluent.connect.avro.AvroConverter': {
    module: './avro/avro-converter.js',
    exportName: 'AvroConverter',
    load: () => import('./avro/avro-converter.js'),
  },
  'io.confluent.connect.protobuf.ProtobufConverter': {
    module: './protobuf/protobuf-converter.js',
    exportName: 'ProtobufConverter',
    load: () => import('./protobuf/protobuf-converter.js'),
  },
} as const

const lazy = (className: keyof typeof LAZY_CONVERTER_MODULES, roles: readonly ConverterRole[]) => {
  const { module, exportName, load } = LAZY_CONVERTER_MODULES[className]
  return lazyConverterPlugin({
    className,
    roles,
    module,
    exportName,
    load: load as () => Promise<Record<string, unknown>>,
  })
}

const BUILT_IN: readonly ConverterPlugin[] = [
  {
    className: 'org.apache.kafka.connect.storage.StringConverter',
    roles: BOTH,
    instantiate: () => new StringConverter(),
  },
  {
    className: 'org.apache.kafka.connect.converters.ByteArrayConverter',
    roles: BOTH,
    instantiate: () => new ByteArrayConverter(),
  },
  {
    className: 'org.apache.kafka.connect.converters.ShortConverter',
    roles: BOTH,
    instantiate: () => new ShortConverter(),
  },
  {
    className: 'org.apache.kafka.connect.converters.IntegerConverter',
    roles: BOTH,
    instantiate: () => new IntegerConverter(),
  },
  {
    className: 'org.apache.kafka.connect.converters.LongConverter',
    roles: BOTH,
    instantiate: () => new LongConverter(),
  },
  {
    className: 'org.apache.kafka.connect.converters.FloatConverter',
    roles: BOTH,
    instantiate: () => new FloatConverter(),
  },
  {
    className: 'org.apache.kafka.connect.converters.DoubleConverter',
    roles: BOTH,
    instantiate: () => new DoubleConverter(),
  },
  {
    className: 'org.apache.kafka.connect.converters.BooleanConverter',
    roles: BOTH,
    instantiate: () => new BooleanConverter(),
  },
  { className: HEADER_CONVERTER_CLASS_DEFAULT, roles: HEADER_ONLY, instantiate: () => new SimpleHeaderConverter() },
  lazy('org.apache.kafka.connect.json.JsonConverter', BOTH),
  lazy('io.confluent.connect.avro.AvroConverter', CONVERTER_ONLY),
  lazy('io.confluent.connect.protobuf.ProtobufConverter', CONVERTER_ONLY),
]

const plugins = new Map<string, ConverterPlugin>(BUILT_IN.map((p) => [p.className, p]))
let aliases: ReadonlyMap<string, string> | null = null

/**
 * Registers a converter class (or replaces the one of that class name); returns a function that
 * restores what was there before.
 */
export function registerConverterPlugin(plugin: ConverterPlugin): () => void {
  const previous = plugins.get(plugin.className)
  plugins.set(plugin.className, plugin)
  aliases = null
  return () => {
    if (plugins.get(plugin.className) !== plugin) return
    if (previous === undefined) plugins.delete(plugin.className)
    else plugins.set(plugin.className, previous)
    aliases = null
  }
}

/** Every registered converter class, in registration order. */
export function converterPlugins(): readonly ConverterPlugin[] {
  return [...plugins.values()]
}

function simpleName(className: string): string {
  return className.slice(Math.max(className.lastIndexOf('.'), className.lastIndexOf('$')) + 1)
}

/** Connect's `PluginUtils.prunedName`: the simple name without the plugin type's suffix. */
function prunedName(className: string, role: ConverterRole): string {
  const simple = simpleName(className)
  const pos = simple.lastIndexOf(role === ConverterRole.CONVERTER ? 'Converter' : 'HeaderConverter')
  return pos > 0 ? simple.slice(0, pos) : simple
}

/** Connect's `PluginUtils.computeAliases`: each alias that names exactly one class. */
function computeAliases(): ReadonlyMap<string, string> {
  const claims = new Map<string, Set<string>>()
  const claim = (alias: string, className: string) => {
    const owners = claims.get(alias)
    if (owners === undefined) claims.set(alias, new Set([className]))
    else owners.add(className)
  }
  for (const plugin of plugins.values()) {
    for (const role of plugin.roles) {
      claim(simpleName(plugin.className), plugin.className)
      claim(prunedName(plugin.className, role), plugin.className)
    }
  }
  const out = new Map<string, string>()
  for (const [alias, owners] of claims) if (owners.size === 1) out.set(alias, [...owners][0]!)
  return out
}

/** The plugin a class name or alias names (surrounding whitespace ignored), if any. */
export function findConverterPlugin(classNameOrAlias: string): ConverterPlugin | undefined {
  const name = classNameOrAlias.trim()
  aliases ??= computeAliases()
  return plugins.get(aliases.get(name) ?? name)
}

function knownClasses(role: ConverterRole): string {
  return converterPlugins()
    .filter((p) => p.roles.includes(role))
    .map((p) => p.className)
    .join(', ')
}

async function instantiate(
  configKey: string,
  classNameOrAlias: string | null | undefined,
  role: ConverterRole,
): Promise<object> {
  const kind = role === ConverterRole.CONVERTER ? 'converters' : 'header converters'
  const requested = classNameOrAlias ?? null
  const plugin = requested === null ? undefined : findConverterPlugin(requested)
  if (plugin === undefined) {
    throw ConfigException.invalid(
      configKey,
      requested,
      `Class ${requested} could not be found. Available ${kind} are: ${knownClasses(role)}`,
    )
  }
  if (!plugin.roles.includes(role)) {
    const iface = role === ConverterRole.CONVERTER ? 'Converter' : 'HeaderConverter'
    throw ConfigException.invalid(
      configKey,
      requested,
      `Class class ${plugin.className} does not implement the ${iface} interface. Available ${kind} are: ${knownClasses(role)}`,
    )
  }
  try {
    return await plugin.instantiate()
  } catch (error) {
    if (!(error instanceof PluginLoadError)) throw error
    throw new ConfigException(
      `Invalid value ${requested} for configuration ${configKey}: Class ${plugin.className} is not available here: ${error.message}`,
      { cause: error, key: configKey, reason: `Class ${plugin.className} is not available here: ${error.message}` },
    )
  }
}

/**
 * A configured key or value converter, as Connect makes one from `key.converter` / `value.converter`:
 * `config` holds its own settings with the `key.converter.` prefix stripped. Unknown classes, and
 * classes that are not Converters, are ConfigExceptions naming `configKey`.
 */
export async function createConverter(
  classNameOrAlias: string | null | undefined,
  config: ConverterConfig,
  isKey: boolean,
  configKey: string = isKey ? KEY_CONVERTER_CLASS_CONFIG : VALUE_CONVERTER_CLASS_CONFIG,
): Promise<Converter> {
  const instance = (await instantiate(configKey, classNameOrAlias, ConverterRole.CONVERTER)) as Converter
  instance.configure(config, isKey)
  return instance
}

/**
 * A configured header converter, as Connect makes one from `header.converter` (default
 * SimpleHeaderConverter): `config` holds its own settings, prefix stripped; `converter.type` is set to
 * `header`.
 */
export async function createHeaderConverter(
  classNameOrAlias: string | null | undefined = HEADER_CONVERTER_CLASS_DEFAULT,
  config: ConverterConfig = {},
  configKey: string = HEADER_CONVERTER_CLASS_CONFIG,
): Promise<HeaderConverter> {
  const instance = (await instantiate(configKey, classNameOrAlias, ConverterRole.HEADER_CONVERTER)) as HeaderConverter
  instance.configure({ ...config, [CONVERTER_TYPE_CONFIG]: ConverterType.HEADER })
  return instance
}
