/**
 * What pause, resume, stop and restart do to the AWS resources that run a connector — the one module
 * that calls Lambda and EventBridge Scheduler:
 *
 * - a sink runs as its function's Kafka event source mappings: pause and stop disable them
 *   (`UpdateEventSourceMapping Enabled=false`; the ESM keeps its consumer group position), resume
 *   enables them;
 * - a source runs on one EventBridge Scheduler schedule per task: pause and stop disable the
 *   schedules, resume enables them;
 * - restart gives the function new execution environments (it sets `CONNECTLESS_RESTARTED_AT` in the
 *   function's environment), so the next invocation starts the connector and its task afresh:
 *   config re-read, secrets resolved again, clients rebuilt.
 *
 * `@aws-sdk/client-lambda` and `@aws-sdk/client-scheduler` are loaded when first needed (the Lambda
 * Node.js runtime ships the AWS SDK v3, and a bundle may add them).
 */
import { ConnectException } from '../../layers/runtime/errors.js'
import { logger } from '../../layers/runtime/logging.js'
import { TargetState } from '../../layers/runtime/status/state.js'
import type { StoredConnector } from '../../layers/runtime/status/status-store.js'

/** What the REST API's pause, resume, stop and restart do besides recording the new state. */
export interface ConnectorControl {
  setTargetState(connector: StoredConnector, target: TargetState): Promise<void>
  restart(connector: StoredConnector): Promise<void>
}

/** Does nothing: for connectors that no AWS resource runs (local runs, tests). */
export const noControl: ConnectorControl = {
  setTargetState: async () => {},
  restart: async () => {},
}

/** An AWS SDK v3 client: `send(command)`. */
interface SdkClient {
  send(command: object): Promise<unknown>
}
type Constructor<I = object> = new (input: I) => object

/** The parts of `@aws-sdk/client-lambda` used here. */
export interface LambdaSdk {
  readonly LambdaClient: new (config: object) => SdkClient
  readonly ListEventSourceMappingsCommand: Constructor<{ FunctionName: string; Marker?: string }>
  readonly UpdateEventSourceMappingCommand: Constructor<{ UUID: string; Enabled: boolean }>
  readonly GetFunctionConfigurationCommand: Constructor<{ FunctionName: string }>
  readonly UpdateFunctionConfigurationCommand: Constructor<{
    FunctionName: string
    Environment: { Variables: Record<string, string> }
  }>
}

/** The parts of `@aws-sdk/client-scheduler` used here. */
export interface SchedulerSdk {
  readonly SchedulerClient: new (config: object) => SdkClient
  readonly GetScheduleCommand: Constructor<{ Name: string; GroupName?: string }>
  readonly UpdateScheduleCommand: Constructor<Record<string, unknown>>
}

const LAMBDA_EXPORTS = [
  'LambdaClient',
  'ListEventSourceMappingsCommand',
  'UpdateEventSourceMappingCommand',
  'GetFunctionConfigurationCommand',
  'UpdateFunctionConfigurationCommand',
] as const
const SCHEDULER_EXPORTS = ['SchedulerClient', 'GetScheduleCommand', 'UpdateScheduleCommand'] as const

function hasExports<T>(module: unknown, names: readonly string[]): module is T {
  return (
    typeof module === 'object' &&
    module !== null &&
    names.every((n) => typeof (module as Record<string, unknown>)[n] === 'function')
  )
}

/** Loads a package by name; a variable, so that TypeScript and the bundler leave the import to run time. */
const importPackage = (name: string): Promise<unknown> => import(name)

async function load<T>(name: string, exports: readonly string[], importer: (name: string) => Promise<unknown>) {
  let module: unknown
  try {
    module = await importer(name)
  } catch (e) {
    throw new ConnectException(
      `${name} is not available: add it to the connect-api function's bundle (${e instanceof Error ? e.message : String(e)})`,
      { cause: e },
    )
  }
  if (!hasExports<T>(module, exports)) throw new ConnectException(`${name} does not export ${exports.join(', ')}`)
  return module
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null

/** The `CONNECTLESS_RESTARTED_AT` variable a restart sets; any change of configuration retires the environments. */
export const RESTART_VARIABLE = 'CONNECTLESS_RESTARTED_AT'

export interface AwsControlOptions {
  /** How packages are loaded (tests give fakes). */
  readonly importer?: (name: string) => Promise<unknown>
  /** Client configuration (default `{}`: region and endpoint from the environment). */
  readonly clientConfig?: object
  readonly now?: () => Date
}

export class AwsConnectorControl implements ConnectorControl {
  readonly #importer: (name: string) => Promise<unknown>
  readonly #clientConfig: object
  readonly #now: () => Date
  #lambda: Promise<{ sdk: LambdaSdk; client: SdkClient }> | undefined
  #scheduler: Promise<{ sdk: SchedulerSdk; client: SdkClient }> | undefined

  constructor(options: AwsControlOptions = {}) {
    this.#importer = options.importer ?? importPackage
    this.#clientConfig = options.clientConfig ?? {}
    this.#now = options.now ?? (() => new Date())
  }

  async setTargetState(connector: StoredConnector, target: TargetState): Promise<void> {
    const enabled = target === TargetState.STARTED
    if (connector.type === 'source' && connector.schedules.length > 0) {
      for (const name of connector.schedules) await this.#setScheduleState(name, connector.scheduleGroup, enabled)
    } else if (connector.type === 'sink' && connector.functionName !== null) {
      await this.#setEventSourceMappings(connector.functionName, enabled)
    } else {
      logger.warn('No AWS resource is known to run this connector: only its recorded state changes', {
        connector: connector.name,
        target,
      })
    }
  }

  async restart(connector: StoredConnector): Promise<void> {
    if (connector.functionName === null) {
      logger.warn('No function is known to run this connector: nothing to restart', { connector: connector.name })
      return
    }
    const { sdk, client } = await this.#lambdaClient()
    const current = await client.send(new sdk.GetFunctionConfigurationCommand({ FunctionName: connector.functionName }))
    const environment = isObject(current) && isObject(current['Environment']) ? current['Environment'] : {}
    const variables: Record<string, string> = {}
    if (isObject(environment['Variables'])) {
      for (const [k, v] of Object.entries(environment['Variables'])) if (typeof v === 'string') variables[k] = v
    }
    variables[RESTART_VARIABLE] = this.#now().toISOString()
    await client.send(
      new sdk.UpdateFunctionConfigurationCommand({
        FunctionName: connector.functionName,
        Environment: { Variables: variables },
      }),
    )
  }

  async #setEventSourceMappings(functionName: string, enabled: boolean): Promise<void> {
    const { sdk, client } = await this.#lambdaClient()
    const uuids: string[] = []
    let marker: string | undefined
    do {
      const res = await client.send(
        new sdk.ListEventSourceMappingsCommand({ FunctionName: functionName, ...(marker ? { Marker: marker } : {}) }),
      )
      const mappings = isObject(res) && Array.isArray(res['EventSourceMappings']) ? res['EventSourceMappings'] : []
      for (const m of mappings) if (isObject(m) && typeof m['UUID'] === 'string') uuids.push(m['UUID'])
      marker = isObject(res) && typeof res['NextMarker'] === 'string' ? res['NextMarker'] : undefined
    } while (marker)
    if (uuids.length === 0) {
      throw new ConnectException(
        `Function ${functionName} has no event source mapping to ${enabled ? 'enable' : 'disable'}`,
      )
    }
    for (const uuid of uuids)
      await client.send(new sdk.UpdateEventSourceMappingCommand({ UUID: uuid, Enabled: enabled }))
  }

  async #setScheduleState(name: string, group: string | null, enabled: boolean): Promise<void> {
    const { sdk, client } = await this.#schedulerClient()
    const schedule = await client.send(
      new sdk.GetScheduleCommand({ Name: name, ...(group ? { GroupName: group } : {}) }),
    )
    if (!isObject(schedule)) throw new ConnectException(`Schedule ${name} could not be read`)
    // UpdateSchedule replaces the whole schedule: send back what it is, with the new state
    const update: Record<string, unknown> = { Name: name, State: enabled ? 'ENABLED' : 'DISABLED' }
    for (const key of [
      'GroupName',
      'ScheduleExpression',
      'ScheduleExpressionTimezone',
      'StartDate',
      'EndDate',
      'Description',
      'FlexibleTimeWindow',
      'Target',
      'KmsKeyArn',
      'ActionAfterCompletion',
    ]) {
      if (schedule[key] !== undefined && schedule[key] !== null) update[key] = schedule[key]
    }
    await client.send(new sdk.UpdateScheduleCommand(update))
  }

  #lambdaClient() {
    this.#lambda ??= load<LambdaSdk>('@aws-sdk/client-lambda', LAMBDA_EXPORTS, this.#importer).then((sdk) => ({
      sdk,
      client: new sdk.LambdaClient(this.#clientConfig),
    }))
    this.#lambda.catch(() => {
      this.#lambda = undefined
    })
    return this.#lambda
  }

  #schedulerClient() {
    this.#scheduler ??= load<SchedulerSdk>('@aws-sdk/client-scheduler', SCHEDULER_EXPORTS, this.#importer).then(
      (sdk) => ({ sdk, client: new sdk.SchedulerClient(this.#clientConfig) }),
    )
    this.#scheduler.catch(() => {
      this.#scheduler = undefined
    })
    return this.#scheduler
  }
}
