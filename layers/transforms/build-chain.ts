/**
 * A connector config's transform chain, built as Connect's `ConnectorConfig` builds it
 * (`enrich` + `transformationStages`):
 *
 * - `transforms` and `predicates` are lists of aliases; a duplicate alias is a ConfigException.
 * - `transforms.<alias>.type` is required: a Kafka class name, a Connect alias (`RegexRouter`), or a
 *   module path (custom transforms, `custom-plugin.ts`). A missing key, an unknown class, a class of the
 *   wrong kind and an abstract class (`InsertField`) are ConfigExceptions naming the key, with Connect's
 *   messages.
 * - `transforms.<alias>.predicate` names an alias in `predicates`; `transforms.<alias>.negate`
 *   (boolean, default false) inverts it and is an error without a predicate. These two keys are taken
 *   out before the transform is configured, and hide transform keys of the same name (with a warning).
 * - Each transform and predicate is validated against its config definition under its prefix, so that
 *   errors name the full key (`transforms.mask.fields`), then configured with its own keys (the prefix
 *   stripped, `type` included, as Connect does). Errors its `configure` raises are reworded to name
 *   the full key, or the alias where they are about no single key.
 * - Each transform that uses a predicate gets its own predicate instance.
 *
 * @example
 * const chain = await buildTransformationChain<SinkRecord>(config, { baseDir: dirname(configFile) })
 * chain.apply(record) // the transformed record, or null where a transform dropped it
 */
import { type ConfigKey, field } from '../runtime/config/config-key.js'
import { type ConfigDef, type ConfigKeys, defineConfig } from '../runtime/config/definition.js'
import { javaTrim } from '../runtime/config/parse-type.js'
import { type ConfigProps, originalsWithPrefix } from '../runtime/config/parsed-config.js'
import { customValidator } from '../runtime/config/validators.js'
import { ConfigException } from '../runtime/errors.js'
import { warnOnce } from '../runtime/logging.js'
import type { ConnectRecord } from '../runtime/record/record.js'
import './builtins.js'
import { TransformationChain, type TransformStage } from './chain.js'
import { CustomPluginError, isModulePath, loadCustomPlugin } from './custom-plugin.js'
import { PluginKind, type PluginRegistry, plugins } from './registry.js'
import type { Predicate, Transformation } from './transformation.js'

export interface BuildChainOptions {
  /** The directory relative module paths resolve against: the connector config file's. Default: the working directory. */
  readonly baseDir?: string
  /** Where class names are looked up. Default: the registry of Kafka's plugins and those registered since. */
  readonly registry?: PluginRegistry
}

export const TRANSFORMS_CONFIG = 'transforms'
export const PREDICATES_CONFIG = 'predicates'
export const PREDICATE_CONFIG = 'predicate'
export const NEGATE_CONFIG = 'negate'

/** Connect's `aliasValidator`: no alias twice. */
function aliasValidator(kind: string) {
  return customValidator<readonly string[]>((name, value) => {
    if (value !== null && new Set(value).size < value.length) {
      throw ConfigException.invalid(name, value, 'Duplicate alias provided.')
    }
  }, `unique ${kind} aliases`)
}

/** The chain's own keys in a connector config. */
export const CHAIN_CONFIG = defineConfig({
  [TRANSFORMS_CONFIG]: field.list({
    doc: 'Aliases for the transformations to be applied to records.',
    default: [],
    validator: aliasValidator('transformation'),
    importance: 'LOW',
  }),
  [PREDICATES_CONFIG]: field.list({
    doc: 'Aliases for the predicates used by transformations.',
    default: [],
    validator: aliasValidator('predicate'),
    importance: 'LOW',
  }),
})

/** The keys Connect adds to every transform (`transforms.<alias>.predicate`, `.negate`). */
const IMPLICIT_TRANSFORM_KEYS: ConfigKeys = {
  [PREDICATE_CONFIG]: field.string({
    doc: 'The alias of a predicate used to determine whether to apply this transformation.',
    default: null,
  }),
  [NEGATE_CONFIG]: field.boolean({ doc: 'Whether the configured predicate should be negated.', default: false }),
}

const INTERFACE_NAME: Readonly<Record<PluginKind, string>> = {
  transformation: 'Transformation',
  predicate: 'Predicate',
}

interface Instances {
  transformation: Transformation
  predicate: Predicate
}

/** A resolved `type`: the class name to report and a factory of new instances. */
interface ResolvedPlugin<K extends PluginKind> {
  readonly className: string
  readonly create: () => Instances[K]
}

/** Builds the transform chain of a connector config; throws a ConfigException naming the key at fault. */
export async function buildTransformationChain<R extends ConnectRecord = ConnectRecord>(
  config: ConfigProps,
  options: BuildChainOptions = {},
): Promise<TransformationChain<R>> {
  const registry = options.registry ?? plugins
  const baseDir = options.baseDir ?? process.cwd()
  const chainConfig = CHAIN_CONFIG.parse(config)
  const predicateAliases = chainConfig.get(PREDICATES_CONFIG)

  const transforms: { alias: string; plugin: ResolvedPlugin<'transformation'>; instance: Transformation }[] = []
  for (const alias of chainConfig.get(TRANSFORMS_CONFIG)) {
    const prefix = `${TRANSFORMS_CONFIG}.${alias}.`
    const plugin = await resolvePlugin(config, prefix, PluginKind.TRANSFORMATION, registry, baseDir, () => {
      const negate = `${prefix}${NEGATE_CONFIG}`
      const predicate = `${prefix}${PREDICATE_CONFIG}`
      if (Object.hasOwn(config, negate) && !Object.hasOwn(config, predicate)) {
        throw new ConfigException(
          `Config '${negate}' was provided but there is no config '${predicate}' defining a predicate to be negated.`,
          { key: negate },
        )
      }
    })
    const instance = instantiate(plugin, prefix)
    validate(config, prefix, instance.config?.(), IMPLICIT_TRANSFORM_KEYS)
    transforms.push({ alias, plugin, instance })
  }

  const predicates = new Map<string, ResolvedPlugin<'predicate'>>()
  for (const alias of predicateAliases) {
    const prefix = `${PREDICATES_CONFIG}.${alias}.`
    const plugin = await resolvePlugin(config, prefix, PluginKind.PREDICATE, registry, baseDir)
    validate(config, prefix, instantiate(plugin, prefix).config?.())
    predicates.set(alias, plugin)
  }

  const stages: TransformStage<R>[] = []
  for (const { alias, plugin, instance } of transforms) {
    const prefix = `${TRANSFORMS_CONFIG}.${alias}.`
    const own = originalsWithPrefix(config, prefix)
    const predicateAlias = own[PREDICATE_CONFIG]
    const negate = own[NEGATE_CONFIG]
    delete own[PREDICATE_CONFIG]
    delete own[NEGATE_CONFIG]
    configure(instance, own, prefix, plugin.className)
    let predicate: Predicate | null = null
    if (predicateAlias !== undefined && predicateAlias !== null) {
      const predicatePlugin = predicates.get(predicateAlias)
      const predicatePrefix = `${PREDICATES_CONFIG}.${predicateAlias}.`
      if (predicatePlugin === undefined) {
        throw ConfigException.invalid(
          `${prefix}${PREDICATE_CONFIG}`,
          predicateAlias,
          `Unknown configuration '${predicatePrefix}type': no predicate with this alias is listed in '${PREDICATES_CONFIG}'`,
        )
      }
      predicate = instantiate(predicatePlugin, predicatePrefix)
      configure(predicate, originalsWithPrefix(config, predicatePrefix), predicatePrefix, predicatePlugin.className)
    }
    stages.push({
      alias,
      className: plugin.className,
      transformation: instance as unknown as Transformation<R>,
      predicate: predicate as unknown as Predicate<R> | null,
      // Connect reads it with Boolean.parseBoolean, which does not trim (validation above does)
      negate: negate !== undefined && negate !== null && negate.toLowerCase() === 'true',
    })
  }
  return new TransformationChain<R>(stages)
}

/**
 * The plugin `<prefix>type` names, checked in Connect's order: the key is set, the class exists,
 * `beforeKindCheck` (the negate check), then that it is a concrete plugin of the kind.
 */
async function resolvePlugin<K extends PluginKind>(
  config: ConfigProps,
  prefix: string,
  kind: K,
  registry: PluginRegistry,
  baseDir: string,
  beforeKindCheck: () => void = () => {},
): Promise<ResolvedPlugin<K>> {
  const key = `${prefix}type`
  if (!Object.hasOwn(config, key)) {
    throw new ConfigException(`Missing required configuration "${key}" which has no default value.`, { key })
  }
  const raw = config[key] ?? null
  if (raw === null) throw ConfigException.invalid(key, null, `Not a ${INTERFACE_NAME[kind]}`)
  const name = javaTrim(raw)
  const notFound = (detail?: string) =>
    ConfigException.invalid(key, raw, `Class ${raw} could not be found.${detail === undefined ? '' : ` ${detail}`}`)
  const wrongKind = (className: string) =>
    ConfigException.invalid(
      key,
      raw,
      `Class class ${className} does not implement the ${INTERFACE_NAME[kind]} interface`,
    )

  if (isModulePath(name)) {
    let create: () => Instances[K]
    try {
      create = await loadCustomPlugin(name, kind, baseDir)
    } catch (error) {
      if (error instanceof CustomPluginError) throw ConfigException.invalid(key, raw, error.message)
      throw error
    }
    beforeKindCheck()
    return { className: name, create }
  }

  const lookup = registry.lookup(name, kind)
  if (lookup.kind === 'not-found') throw notFound()
  beforeKindCheck()
  switch (lookup.kind) {
    case 'wrong-kind':
      throw wrongKind(lookup.className)
    case 'abstract':
      throw ConfigException.invalid(
        key,
        raw,
        `This class is abstract and cannot be created. Did you mean ${lookup.concrete.join(', ')}?`,
      )
    case 'found':
      return { className: lookup.plugin.className, create: lookup.plugin.create }
  }
}

function instantiate<K extends PluginKind>(plugin: ResolvedPlugin<K>, prefix: string): Instances[K] {
  try {
    return plugin.create()
  } catch (error) {
    if (error instanceof CustomPluginError) {
      throw ConfigException.invalid(`${prefix}type`, plugin.className, error.message)
    }
    throw error
  }
}

/**
 * Validates the connector config's `<prefix>*` keys against the plugin's definition (Connect embeds it
 * under the prefix), so that errors name the full key. `implicit` keys hide the plugin's own.
 */
function validate(
  config: ConfigProps,
  prefix: string,
  definition: ConfigDef<ConfigKeys> | undefined,
  implicit: ConfigKeys = {},
): void {
  const keys: Record<string, ConfigKey> = {}
  for (const [name, key] of Object.entries(implicit)) keys[`${prefix}${name}`] = key
  for (const [name, key] of Object.entries(definition?.keys ?? {})) {
    if (Object.hasOwn(implicit, name)) {
      warnOnce(`masked:${prefix}${name}`, `Transformer config ${name} is masked by implicit config of that name`)
      continue
    }
    keys[`${prefix}${name}`] = key
  }
  defineConfig(keys).parse(config)
}

/** Configures a plugin with its own keys; a ConfigException it raises is reworded to name the full key. */
function configure(
  plugin: Transformation | Predicate,
  props: Record<string, string | null>,
  prefix: string,
  className: string,
): void {
  try {
    plugin.configure(props)
  } catch (error) {
    if (!(error instanceof ConfigException)) throw error
    if (error.key === undefined) {
      const alias = prefix.slice(0, -1)
      throw new ConfigException(`${alias} (${className}): ${error.message}`, { key: alias, cause: error })
    }
    if (error.key.startsWith(prefix)) throw error
    const key = `${prefix}${error.key}`
    const message = error.message.includes(`configuration ${error.key}`)
      ? error.message.replace(`configuration ${error.key}`, `configuration ${key}`)
      : `${key}: ${error.message}`
    throw new ConfigException(message, { key, reason: error.reason, cause: error })
  }
}
