/**
 * Connect's config and status storage in DynamoDB (its `config.storage.topic` and
 * `status.storage.topic`): which connectors exist, their raw config and target state, and the state
 * of each connector and task with the trace of the last failure, plus the topics each has used.
 *
 * One table — by default the offsets table (`CONNECTLESS_STATUS_TABLE` names another) — keyed `pk`/`sk`:
 *
 * | pk | sk | item |
 * | --- | --- | --- |
 * | `connectors` | `<name>` | the registration: raw config (provider placeholders unresolved), type, tasks, where it runs, target state |
 * | `status#<name>` | `connector` | the connector's state, worker, trace |
 * | `status#<name>` | `task#<id>` | a task's state, worker, trace |
 * | `status#<name>` | `topic#<topic>` | a topic the connector has used |
 *
 * Every state write is conditional, so concurrent writers cannot undo each other's decisions: a task
 * reporting a batch never overwrites PAUSED or STOPPED (a user's), and target-state transitions only
 * replace the state they read. This module is the only one that talks to DynamoDB for status.
 */
import {
  type AttributeValue,
  ConditionalCheckFailedException,
  DeleteItemCommand,
  DynamoDBClient,
  GetItemCommand,
  PutItemCommand,
  QueryCommand,
  UpdateItemCommand,
} from '@aws-sdk/client-dynamodb'
import { NotFoundException, RetriableException } from '../errors.js'
import { offsetsTableName } from '../offsets/offset-store.js'
import { isState, isTargetState, State, TargetState } from './state.js'

export function statusTableName(): string {
  return process.env['CONNECTLESS_STATUS_TABLE'] ?? offsetsTableName()
}

/** What a connector's deployment tells the status store about it. */
export interface ConnectorRegistration {
  readonly name: string
  /** The config as deployed: config provider placeholders unresolved, no literal secret. */
  readonly config: Readonly<Record<string, string>>
  readonly type: 'sink' | 'source'
  /** How many tasks it has (ids 0 … tasks − 1). */
  readonly tasks: number
  /** The Lambda function that runs it (its event source mappings, for a sink). */
  readonly functionName: string | null
  /** A source's EventBridge Scheduler schedules, one per task. */
  readonly schedules: readonly string[]
  readonly scheduleGroup: string | null
  /** The connector plugin's version. */
  readonly version: string | null
}

export interface StoredConnector extends ConnectorRegistration {
  readonly targetState: TargetState
  readonly updatedAt: string
}

export interface StoredStatus {
  readonly state: State
  readonly workerId: string
  readonly trace: string | null
  readonly version: string | null
  readonly updatedAt: string
}

export interface StoredTaskStatus extends StoredStatus {
  readonly id: number
}

export interface StoredConnectorStatus {
  readonly connector: StoredStatus | null
  readonly tasks: readonly StoredTaskStatus[]
  readonly topics: readonly string[]
}

/** A state to write. */
export interface StatusUpdate {
  readonly state: State
  readonly workerId: string
  readonly trace?: string | null
  readonly version?: string | null
}

/** Traces are cut to this many characters (a DynamoDB item holds at most 400 KB). */
export const MAX_TRACE_CHARS = 32_000

const REGISTRY_PK = 'connectors'
const statusPk = (connector: string) => `status#${connector}`
const CONNECTOR_SK = 'connector'
const taskSk = (task: number) => `task#${task}`
const topicSk = (topic: string) => `topic#${topic}`

let sharedClient: DynamoDBClient | undefined
function client(): DynamoDBClient {
  sharedClient ??= new DynamoDBClient({})
  return sharedClient
}

function retriable(e: unknown, what: string): never {
  throw new RetriableException(`DynamoDB ${what} failed: ${e instanceof Error ? e.message : String(e)}`, { cause: e })
}

function cutTrace(trace: string | null | undefined): string | null {
  if (!trace) return null
  return trace.length <= MAX_TRACE_CHARS
    ? trace
    : `${trace.slice(0, MAX_TRACE_CHARS)}\n\t... (trace cut at ${MAX_TRACE_CHARS} characters)`
}

type Item = Record<string, AttributeValue>

function stringList(value: AttributeValue | undefined): string[] {
  try {
    const parsed: unknown = JSON.parse(value?.S ?? '[]')
    return Array.isArray(parsed) ? parsed.filter((v): v is string => typeof v === 'string') : []
  } catch {
    return []
  }
}

function stringMap(value: AttributeValue | undefined): Record<string, string> {
  try {
    const parsed: unknown = JSON.parse(value?.S ?? '{}')
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return {}
    return Object.fromEntries(Object.entries(parsed).filter((e): e is [string, string] => typeof e[1] === 'string'))
  } catch {
    return {}
  }
}

function toConnector(item: Item): StoredConnector {
  const type = item['type']?.S
  const target = item['targetState']?.S
  return {
    name: item['sk']?.S ?? '',
    config: stringMap(item['config']),
    type: type === 'source' ? 'source' : 'sink',
    tasks: Number(item['tasks']?.N ?? '1'),
    functionName: item['functionName']?.S ?? null,
    schedules: stringList(item['schedules']),
    scheduleGroup: item['scheduleGroup']?.S ?? null,
    version: item['version']?.S ?? null,
    targetState: isTargetState(target) ? target : TargetState.STARTED,
    updatedAt: item['updatedAt']?.S ?? '',
  }
}

function toStatus(item: Item): StoredStatus {
  const state = item['state']?.S
  return {
    state: isState(state) ? state : State.UNASSIGNED,
    workerId: item['workerId']?.S ?? '',
    trace: item['trace']?.S ?? null,
    version: item['version']?.S ?? null,
    updatedAt: item['updatedAt']?.S ?? '',
  }
}

/** The state a target state moves an instance to, or `null` to leave it (Connect's worker transitions). */
export function transition(current: State, target: TargetState): State | null {
  switch (target) {
    case TargetState.PAUSED:
      // a failed instance stays failed while paused
      return current === State.FAILED || current === State.PAUSED ? null : State.PAUSED
    case TargetState.STARTED:
      return current === State.PAUSED || current === State.STOPPED ? State.RUNNING : null
    case TargetState.STOPPED:
      return current === State.STOPPED ? null : State.STOPPED
  }
}

/** The state an instance starts in under a target state. */
export function initialState(target: TargetState): State {
  return target === TargetState.STARTED ? State.RUNNING : target === TargetState.PAUSED ? State.PAUSED : State.STOPPED
}

export class StatusStore {
  constructor(
    private readonly table: string = statusTableName(),
    private readonly dynamo: DynamoDBClient = client(),
  ) {}

  /**
   * Records a connector's deployment: its config and where it runs. Its target state is kept if it has
   * one (a redeploy does not resume a paused connector); its connector and task statuses are created
   * where missing, in the state the target state gives.
   */
  async register(registration: ConnectorRegistration): Promise<StoredConnector> {
    const now = new Date().toISOString()
    let stored: StoredConnector
    try {
      const res = await this.dynamo.send(
        new UpdateItemCommand({
          TableName: this.table,
          Key: { pk: { S: REGISTRY_PK }, sk: { S: registration.name } },
          UpdateExpression:
            'SET #config = :config, #type = :type, tasks = :tasks, functionName = :fn, schedules = :schedules, scheduleGroup = :group, #version = :version, updatedAt = :now, targetState = if_not_exists(targetState, :started)',
          ExpressionAttributeNames: { '#config': 'config', '#type': 'type', '#version': 'version' },
          ExpressionAttributeValues: {
            ':config': { S: JSON.stringify(registration.config) },
            ':type': { S: registration.type },
            ':tasks': { N: String(registration.tasks) },
            ':fn': registration.functionName === null ? { NULL: true } : { S: registration.functionName },
            ':schedules': { S: JSON.stringify(registration.schedules) },
            ':group': registration.scheduleGroup === null ? { NULL: true } : { S: registration.scheduleGroup },
            ':version': registration.version === null ? { NULL: true } : { S: registration.version },
            ':now': { S: now },
            ':started': { S: TargetState.STARTED },
          },
          ReturnValues: 'ALL_NEW',
        }),
      )
      stored = toConnector(res.Attributes ?? {})
    } catch (e) {
      return retriable(e, `registration of connector ${registration.name}`)
    }
    const state = initialState(stored.targetState)
    const status = { state, workerId: '', version: registration.version }
    await this.#createIfMissing(registration.name, CONNECTOR_SK, status)
    for (let task = 0; task < registration.tasks; task++) {
      await this.#createIfMissing(registration.name, taskSk(task), status)
    }
    return stored
  }

  /** The registered connector, or `null`. */
  async connector(name: string): Promise<StoredConnector | null> {
    try {
      const res = await this.dynamo.send(
        new GetItemCommand({
          TableName: this.table,
          Key: { pk: { S: REGISTRY_PK }, sk: { S: name } },
          ConsistentRead: true,
        }),
      )
      return res.Item ? toConnector(res.Item) : null
    } catch (e) {
      return retriable(e, `read of connector ${name}`)
    }
  }

  /** Every registered connector, by name. */
  async connectors(): Promise<StoredConnector[]> {
    return (await this.#query(REGISTRY_PK)).map(toConnector)
  }

  /** The statuses and topics of a connector; `connector` is `null` when it has no status yet. */
  async status(name: string): Promise<StoredConnectorStatus> {
    let connector: StoredStatus | null = null
    const tasks: StoredTaskStatus[] = []
    const topics: string[] = []
    for (const item of await this.#query(statusPk(name))) {
      const sk = item['sk']?.S ?? ''
      if (sk === CONNECTOR_SK) connector = toStatus(item)
      else if (sk.startsWith('task#')) tasks.push({ id: Number(sk.slice('task#'.length)), ...toStatus(item) })
      else if (sk.startsWith('topic#')) topics.push(sk.slice('topic#'.length))
    }
    tasks.sort((a, b) => a.id - b.id)
    return { connector, tasks, topics }
  }

  /** Writes a task's state unless it is one of `unless`; false when it was not written. */
  async putTaskStatus(
    connector: string,
    task: number,
    update: StatusUpdate,
    unless: readonly State[],
  ): Promise<boolean> {
    return this.#putStatus(connector, taskSk(task), update, { unless })
  }

  /** Writes the connector's state unless it is one of `unless`; false when it was not written. */
  async putConnectorStatus(connector: string, update: StatusUpdate, unless: readonly State[]): Promise<boolean> {
    return this.#putStatus(connector, CONNECTOR_SK, update, { unless })
  }

  /**
   * Sets the target state and moves the connector's and tasks' states as Connect's worker does:
   * pause → PAUSED (a FAILED instance stays FAILED), resume → RUNNING, stop → STOPPED. Each move is
   * conditional on the state read, so a task's concurrent report wins over a stale transition.
   */
  async setTargetState(name: string, target: TargetState): Promise<void> {
    try {
      await this.dynamo.send(
        new UpdateItemCommand({
          TableName: this.table,
          Key: { pk: { S: REGISTRY_PK }, sk: { S: name } },
          UpdateExpression: 'SET targetState = :target, updatedAt = :now',
          ConditionExpression: 'attribute_exists(pk)',
          ExpressionAttributeValues: { ':target': { S: target }, ':now': { S: new Date().toISOString() } },
        }),
      )
    } catch (e) {
      if (e instanceof ConditionalCheckFailedException) throw new NotFoundException(`Unknown connector ${name}`)
      retriable(e, `write of the target state of ${name}`)
    }
    const status = await this.status(name)
    const moves: Array<[string, StoredStatus]> = []
    if (status.connector) moves.push([CONNECTOR_SK, status.connector])
    for (const task of status.tasks) moves.push([taskSk(task.id), task])
    for (const [sk, current] of moves) {
      const next = transition(current.state, target)
      if (next === null) continue
      await this.#putStatus(
        name,
        sk,
        { state: next, workerId: current.workerId, trace: next === State.STOPPED ? null : current.trace },
        { only: current.state },
      )
    }
  }

  /** Marks the instances a restart restarts as RESTARTING (not those paused or stopped). */
  async markRestarting(
    name: string,
    plan: { readonly connector: boolean; readonly tasks: readonly number[] },
  ): Promise<void> {
    const status = await this.status(name)
    const keep: readonly State[] = [State.PAUSED, State.STOPPED]
    if (plan.connector && status.connector) {
      await this.putConnectorStatus(name, { ...status.connector, state: State.RESTARTING }, keep)
    }
    for (const task of status.tasks) {
      if (plan.tasks.includes(task.id))
        await this.putTaskStatus(name, task.id, { ...task, state: State.RESTARTING }, keep)
    }
  }

  /** Records that the connector used `topic` (Connect's topic tracking); false when it was known. */
  async addTopic(connector: string, topic: string): Promise<boolean> {
    try {
      await this.dynamo.send(
        new PutItemCommand({
          TableName: this.table,
          Item: {
            pk: { S: statusPk(connector) },
            sk: { S: topicSk(topic) },
            topic: { S: topic },
            discoverTimestamp: { N: String(Date.now()) },
          },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      )
      return true
    } catch (e) {
      if (e instanceof ConditionalCheckFailedException) return false
      return retriable(e, `write of an active topic of ${connector}`)
    }
  }

  /** Forgets the connector's active topics (`PUT /connectors/{name}/topics/reset`). */
  async resetTopics(connector: string): Promise<void> {
    for (const topic of (await this.status(connector)).topics) {
      try {
        await this.dynamo.send(
          new DeleteItemCommand({
            TableName: this.table,
            Key: { pk: { S: statusPk(connector) }, sk: { S: topicSk(topic) } },
          }),
        )
      } catch (e) {
        retriable(e, `delete of an active topic of ${connector}`)
      }
    }
  }

  async #createIfMissing(connector: string, sk: string, update: StatusUpdate): Promise<void> {
    try {
      await this.dynamo.send(
        new PutItemCommand({
          TableName: this.table,
          Item: {
            pk: { S: statusPk(connector) },
            sk: { S: sk },
            state: { S: update.state },
            workerId: { S: update.workerId },
            ...(update.version ? { version: { S: update.version } } : {}),
            updatedAt: { S: new Date().toISOString() },
          },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      )
    } catch (e) {
      if (!(e instanceof ConditionalCheckFailedException)) retriable(e, `write of the status of ${connector}`)
    }
  }

  async #putStatus(
    connector: string,
    sk: string,
    update: StatusUpdate,
    condition: { readonly unless?: readonly State[]; readonly only?: State },
  ): Promise<boolean> {
    const values: Record<string, AttributeValue> = {
      ':state': { S: update.state },
      ':worker': { S: update.workerId },
      ':now': { S: new Date().toISOString() },
    }
    const sets = ['#state = :state', 'workerId = :worker', 'updatedAt = :now']
    const removes: string[] = []
    const trace = cutTrace(update.trace)
    if (trace === null) removes.push('#trace')
    else {
      sets.push('#trace = :trace')
      values[':trace'] = { S: trace }
    }
    if (update.version) {
      sets.push('#version = :version')
      values[':version'] = { S: update.version }
    }
    let conditionExpression: string | undefined
    if (condition.only !== undefined) {
      conditionExpression = '#state = :only'
      values[':only'] = { S: condition.only }
    } else if (condition.unless && condition.unless.length > 0) {
      const names = condition.unless.map((s, i) => {
        values[`:unless${i}`] = { S: s }
        return `:unless${i}`
      })
      conditionExpression = `attribute_not_exists(#state) OR NOT (#state IN (${names.join(', ')}))`
    }
    try {
      await this.dynamo.send(
        new UpdateItemCommand({
          TableName: this.table,
          Key: { pk: { S: statusPk(connector) }, sk: { S: sk } },
          UpdateExpression: `SET ${sets.join(', ')}${removes.length > 0 ? ` REMOVE ${removes.join(', ')}` : ''}`,
          ...(conditionExpression ? { ConditionExpression: conditionExpression } : {}),
          ExpressionAttributeNames: {
            '#state': 'state',
            '#trace': 'trace',
            ...(update.version ? { '#version': 'version' } : {}),
          },
          ExpressionAttributeValues: values,
        }),
      )
      return true
    } catch (e) {
      if (e instanceof ConditionalCheckFailedException) return false
      return retriable(e, `write of the status of ${connector} (${sk})`)
    }
  }

  async #query(pk: string): Promise<Item[]> {
    const items: Item[] = []
    let start: Item | undefined
    try {
      do {
        const res = await this.dynamo.send(
          new QueryCommand({
            TableName: this.table,
            KeyConditionExpression: 'pk = :pk',
            ExpressionAttributeValues: { ':pk': { S: pk } },
            ConsistentRead: true,
            ...(start ? { ExclusiveStartKey: start } : {}),
          }),
        )
        items.push(...(res.Items ?? []))
        start = res.LastEvaluatedKey
      } while (start)
    } catch (e) {
      retriable(e, `query of ${pk}`)
    }
    return items
  }
}
