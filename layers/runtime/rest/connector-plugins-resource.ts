/**
 * `/connector-plugins/…`: Connect's `ConnectorPluginsResource` — the plugins installed, a plugin's
 * config definition, and config validation — over a {@link ConnectApiBackend}'s plugin list.
 */
import { NotFoundException } from '../errors.js'
import type { ConnectApiBackend, PluginDescription } from './backend.js'
import { pluginConfigKeys, validateConnectorConfig } from './config-infos.js'
import type { PluginInfo, PluginType } from './entities.js'
import { readConfigMap } from './request-body.js'
import { BadRequestException } from './rest-exception.js'
import { booleanParam } from './restart-request.js'
import type { Route } from './router.js'

const ALIAS_SUFFIX = 'Connector'

/** The order Connect lists plugin types in. */
const TYPE_ORDER: readonly PluginType[] = [
  'sink',
  'source',
  'transformation',
  'predicate',
  'converter',
  'header_converter',
]

const isConnector = (p: PluginDescription) => p.type === 'sink' || p.type === 'source'

function simpleName(className: string): string {
  const afterPackage = className.slice(className.lastIndexOf('.') + 1)
  return afterPackage.slice(afterPackage.lastIndexOf('$') + 1)
}

/** Connect's `normalizedPluginName`: without a trailing `Connector` (unless that is all there is). */
function normalizedPluginName(name: string): string {
  return name.endsWith(ALIAS_SUFFIX) && name.length > ALIAS_SUFFIX.length ? name.slice(0, -ALIAS_SUFFIX.length) : name
}

/** The names a plugin answers to: its class name, its simple name, that without `Connector`, and its own aliases. */
export function pluginNames(plugin: PluginDescription): string[] {
  const simple = simpleName(plugin.className)
  const names = [plugin.className, simple, ...(plugin.aliases ?? [])]
  if (isConnector(plugin)) names.push(normalizedPluginName(simple))
  return [...new Set(names)]
}

/** The plugin named by class name or alias; an alias two plugins share names neither, as in Connect. */
export function findPlugin(
  plugins: readonly PluginDescription[],
  name: string,
  accept: (p: PluginDescription) => boolean = () => true,
): PluginDescription | undefined {
  const candidates = plugins.filter(accept)
  const exact = candidates.find((p) => p.className === name)
  if (exact) return exact
  const byAlias = candidates.filter((p) => pluginNames(p).includes(name))
  return byAlias.length === 1 ? byAlias[0] : undefined
}

function pluginInfo(p: PluginDescription): PluginInfo {
  return { class: p.className, type: p.type, ...(p.version ? { version: p.version } : {}) }
}

export function connectorPluginsRoutes(backend: ConnectApiBackend): Route[] {
  return [
    {
      method: 'GET',
      path: '/connector-plugins',
      handle: async (ctx) => {
        const connectorsOnly = booleanParam(ctx.query['connectorsOnly'], true)
        const listed = backend
          .plugins()
          .filter((p) => !connectorsOnly || isConnector(p))
          .sort(
            (a, b) =>
              TYPE_ORDER.indexOf(a.type) - TYPE_ORDER.indexOf(b.type) ||
              (a.className < b.className ? -1 : a.className > b.className ? 1 : 0),
          )
        return { status: 200, entity: listed.map(pluginInfo) }
      },
    },
    {
      method: 'GET',
      path: '/connector-plugins/{plugin}/config',
      handle: async (ctx) => {
        const name = ctx.params['plugin'] as string
        const plugin = findPlugin(backend.plugins(), name)
        if (!plugin) throw new NotFoundException(`Unknown plugin ${name}.`)
        return { status: 200, entity: pluginConfigKeys(plugin) }
      },
    },
    {
      method: 'PUT',
      path: '/connector-plugins/{plugin}/config/validate',
      handle: async (ctx) => {
        const pluginName = ctx.params['plugin'] as string
        const props = readConfigMap(ctx.body)
        const included = props['connector.class']
        if (
          included !== undefined &&
          included !== null &&
          !normalizedPluginName(included).endsWith(normalizedPluginName(pluginName))
        ) {
          throw new BadRequestException(`Included connector type ${included} does not match request type ${pluginName}`)
        }
        if (included === undefined || included === null) {
          throw new BadRequestException('Connector config contains no connector type')
        }
        const plugins = backend.plugins()
        const plugin = findPlugin(plugins, included, isConnector)
        if (!plugin) {
          const available = plugins
            .filter(isConnector)
            .map((p) => p.className)
            .join(', ')
          throw new BadRequestException(
            `Failed to find any class that implements Connector and which name matches ${included}, available connectors are: ${available}`,
          )
        }
        return { status: 200, entity: validateConnectorConfig(included, plugin, props) }
      },
    },
  ]
}
