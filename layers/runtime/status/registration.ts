/**
 * How a deployed connector enters the status store: its function registers it at cold start (or the
 * deploy does), from the deployment file as written — config provider placeholders unresolved, so no
 * resolved secret is ever stored; a literal value under a secret-looking key is stored as `[hidden]`.
 */
import { readFile } from 'node:fs/promises'
import { resolve } from 'node:path'
import { isSecretKeyName } from '../config/redact.js'
import { ConfigException, HIDDEN } from '../errors.js'
import { CONNECTLESS_VERSION } from '../rest/server-info.js'
import { type ConnectorRegistration, StatusStore, type StoredConnector } from './status-store.js'

/** The config as it may be shown: provider placeholders as written, literal secrets hidden. */
export function storableConfig(config: Readonly<Record<string, unknown>>): Record<string, string> {
  const out: Record<string, string> = {}
  for (const [key, value] of Object.entries(config)) {
    if (typeof value !== 'string') continue
    out[key] = isSecretKeyName(key) && !value.includes('${') ? HIDDEN : value
  }
  return out
}

export interface DeployedConnectorOptions {
  readonly type: 'sink' | 'source'
  /** Task count (default: 1 for a sink, which runs as one task on Lambda; `tasks.max` for a source). */
  readonly tasks?: number
  /** The deployment file (default: `CONNECTLESS_CONNECTOR_FILE`, else `connector.json` in the working directory). */
  readonly file?: string
  readonly store?: StatusStore
}

/**
 * Registers the connector of the deployment file. The function name comes from Lambda's
 * environment; a source's schedules from `CONNECTLESS_SCHEDULES` (comma-separated) and
 * `CONNECTLESS_SCHEDULE_GROUP`.
 */
export async function registerDeployedConnector(options: DeployedConnectorOptions): Promise<StoredConnector> {
  const path = options.file ?? process.env['CONNECTLESS_CONNECTOR_FILE'] ?? resolve(process.cwd(), 'connector.json')
  let parsed: { name?: unknown; config?: unknown }
  try {
    parsed = JSON.parse(await readFile(path, 'utf8')) as { name?: unknown; config?: unknown }
  } catch (e) {
    throw new ConfigException(
      `Cannot read the connector config ${path}: ${e instanceof Error ? e.message : String(e)}`,
      {
        cause: e,
      },
    )
  }
  const raw =
    typeof parsed.config === 'object' && parsed.config !== null ? (parsed.config as Record<string, unknown>) : {}
  const name = typeof parsed.name === 'string' ? parsed.name : raw['name']
  if (typeof name !== 'string' || name === '')
    throw new ConfigException(`${path}: the connector has no name`, { key: 'name' })
  const tasksMax = Number.parseInt(String(raw['tasks.max'] ?? '1'), 10)
  const registration: ConnectorRegistration = {
    name,
    config: { ...storableConfig(raw), name },
    type: options.type,
    tasks: options.tasks ?? (options.type === 'sink' ? 1 : Number.isInteger(tasksMax) && tasksMax > 0 ? tasksMax : 1),
    functionName: process.env['AWS_LAMBDA_FUNCTION_NAME'] ?? null,
    schedules: (process.env['CONNECTLESS_SCHEDULES'] ?? '')
      .split(',')
      .map((s) => s.trim())
      .filter((s) => s !== ''),
    scheduleGroup: process.env['CONNECTLESS_SCHEDULE_GROUP'] ?? null,
    version: CONNECTLESS_VERSION,
  }
  return (options.store ?? new StatusStore()).register(registration)
}
