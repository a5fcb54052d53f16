/**
 * `POST /connectors/{name}/restart?includeTasks=…&onlyFailed=…`: Connect's `RestartRequest`. With both
 * false (the default) only the connector instance restarts and the answer is 204; otherwise the answer
 * is 202 with the status in which every instance chosen shows `RESTARTING`.
 */
import { State } from '../status/state.js'
import type { ConnectorStatus, InstanceStatus, RestartPlan } from './backend.js'

export class RestartRequest {
  constructor(
    readonly connector: string,
    readonly onlyFailed: boolean,
    readonly includeTasks: boolean,
  ) {}

  /** The old behaviour: restart the connector instance only, answer 204 without a body. */
  forceRestartConnectorOnly(): boolean {
    return !this.onlyFailed && !this.includeTasks
  }

  shouldRestartConnector(status: InstanceStatus): boolean {
    return !this.onlyFailed || status.state === State.FAILED
  }

  shouldRestartTask(status: InstanceStatus): boolean {
    return this.includeTasks && (!this.onlyFailed || status.state === State.FAILED)
  }

  plan(status: ConnectorStatus): RestartPlan {
    return {
      connector: this.shouldRestartConnector(status.connector),
      tasks: status.tasks.filter((t) => this.shouldRestartTask(t)).map((t) => t.id),
    }
  }

  /** The status the 202 answer shows: the instances being restarted as `RESTARTING`, traces kept. */
  restartingStatus(status: ConnectorStatus, plan: RestartPlan): ConnectorStatus {
    return {
      connector: plan.connector ? { ...status.connector, state: State.RESTARTING } : status.connector,
      tasks: status.tasks.map((t) => (plan.tasks.includes(t.id) ? { ...t, state: State.RESTARTING } : t)),
    }
  }
}

/**
 * A boolean query parameter as JAX-RS reads it into a `Boolean` (`Boolean.valueOf`): `true` in any
 * case is true, anything else false; absent, the default.
 */
export function booleanParam(values: readonly string[] | undefined, defaultValue: boolean): boolean {
  const first = values?.[0]
  if (first === undefined) return defaultValue
  return first.toLowerCase() === 'true'
}
