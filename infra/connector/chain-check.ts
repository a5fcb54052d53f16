/**
 * Builds a connector's transform chain at synth, as its function will at cold start, so that an
 * unknown transform or a bad transform setting fails `cdk synth` with Connect's message. Custom
 * transforms given as module paths are loaded only by the function (from its layers), so a chain
 * with one is not built here; the warning says so.
 */
import { buildTransformationChain } from '../../layers/transforms/build-chain.js'
import { isModulePath } from '../../layers/transforms/custom-plugin.js'
import type { ConnectorDefinition } from './connector-file.js'

const PLUGIN_TYPE_KEY = /^(?:transforms|predicates)\.[^.]+\.type$/

/** Checks the chain; returns warnings (a chain it could not build here), throws a ConfigException on a bad one. */
export async function checkTransformChain(connector: ConnectorDefinition): Promise<string[]> {
  const modules = Object.entries(connector.config)
    .filter(([key, value]) => PLUGIN_TYPE_KEY.test(key) && isModulePath(value.trim()))
    .map(([key]) => key)
  if (modules.length > 0) {
    return [
      `${modules.join(', ')} name${modules.length === 1 ? 's a module' : ' modules'}: custom transforms are loaded by the function from its layers, so the transform chain is checked at cold start, not at synth.`,
    ]
  }
  await buildTransformationChain(connector.config)
  return []
}
