/**
 * The states of connectors and tasks, as Kafka Connect names them: `State` is what an instance is
 * (Connect's `AbstractStatus.State`, shown by `GET /connectors/{name}/status`), `TargetState` is what
 * a user asked the connector to be (`PUT …/pause`, `…/resume`, `…/stop`).
 */

/** A connector's or task's state. `STOPPED` is reported for connectors only (a stopped connector has no tasks). */
export const State = {
  UNASSIGNED: 'UNASSIGNED',
  RUNNING: 'RUNNING',
  PAUSED: 'PAUSED',
  FAILED: 'FAILED',
  RESTARTING: 'RESTARTING',
  STOPPED: 'STOPPED',
} as const
export type State = (typeof State)[keyof typeof State]

export const STATES: readonly State[] = Object.values(State)

export function isState(value: unknown): value is State {
  return typeof value === 'string' && (STATES as readonly string[]).includes(value)
}

/** What the connector should be doing: Connect's `TargetState`. */
export const TargetState = { STARTED: 'STARTED', PAUSED: 'PAUSED', STOPPED: 'STOPPED' } as const
export type TargetState = (typeof TargetState)[keyof typeof TargetState]

export function isTargetState(value: unknown): value is TargetState {
  return value === 'STARTED' || value === 'PAUSED' || value === 'STOPPED'
}

/** The kind of connector: Connect's `ConnectorType` as the REST API prints it. */
export type ConnectorType = 'source' | 'sink' | 'unknown'
