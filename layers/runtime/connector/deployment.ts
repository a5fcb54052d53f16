/**
 * The connector config as a function receives it: a JSON file in its deployment package (written and
 * validated at `cdk synth`, see design.md "Decisions") holding the connector's config in Connect's
 * REST form and the worker settings it inherits, with secrets only as provider references. They are
 * resolved here, at cold start, once.
 */
import { readFile } from 'node:fs/promises'
import { dirname, resolve } from 'node:path'
import type { ConfigProps } from '../config/parsed-config.js'
import { createConfigProviders } from '../config/providers/registry.js'
import { resolveConfig } from '../config/providers/resolve.js'
import { ConfigException } from '../errors.js'

export interface ConnectorDeployment {
  /** The connector's name (`name`). */
  readonly name: string
  /** The connector config, provider references resolved. */
  readonly config: ConfigProps
  /** The worker properties the connector inherits (converters, config providers, bootstrap servers). */
  readonly worker: ConfigProps
  /** Where relative paths in the config (custom transform modules) are resolved from. */
  readonly baseDir: string
}

interface DeploymentFile {
  name?: unknown
  config?: unknown
  worker?: unknown
}

function stringProps(value: unknown, what: string, file: string): ConfigProps {
  if (value === undefined) return {}
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new ConfigException(`${file}: ${what} must be an object of string values`)
  }
  const out: Record<string, string | null> = {}
  for (const [k, v] of Object.entries(value)) {
    if (v !== null && typeof v !== 'string') {
      throw new ConfigException(
        `${file}: ${what}.${k} must be a string (Connect config values are strings), not ${typeof v}`,
        {
          key: k,
        },
      )
    }
    out[k] = v
  }
  return out
}

/** Resolves `${provider:…}` references of the connector config with the worker's config providers. */
export async function resolveDeployment(
  name: string,
  config: ConfigProps,
  worker: ConfigProps,
  baseDir: string,
): Promise<ConnectorDeployment> {
  const providers = createConfigProviders(worker)
  const [resolvedConfig, resolvedWorker] = await Promise.all([
    resolveConfig(config, providers),
    resolveConfig(worker, providers),
  ])
  return { name, config: { name, ...resolvedConfig }, worker: resolvedWorker, baseDir }
}

/**
 * Reads the deployment file: `CONNECTLESS_CONNECTOR_FILE`, else `connector.json` beside the handler.
 * Connect's REST form `{"name": …, "config": {…}}` is what users already have; `worker` is added at synth.
 */
export async function loadDeployment(
  path = process.env['CONNECTLESS_CONNECTOR_FILE'] ?? resolve(process.cwd(), 'connector.json'),
): Promise<ConnectorDeployment> {
  let parsed: DeploymentFile
  try {
    parsed = JSON.parse(await readFile(path, 'utf8')) as DeploymentFile
  } catch (e) {
    throw new ConfigException(
      `Cannot read the connector config ${path}: ${e instanceof Error ? e.message : String(e)}`,
      { cause: e },
    )
  }
  const config = stringProps(parsed.config, 'config', path)
  const name = typeof parsed.name === 'string' ? parsed.name : config['name']
  if (typeof name !== 'string' || name === '')
    throw new ConfigException(`${path}: the connector has no name`, { key: 'name' })
  return resolveDeployment(name, config, stringProps(parsed.worker, 'worker', path), dirname(path))
}
