/**
 * `/connectors/…`: Connect's `ConnectorsResource` with the herder's checks and messages (Connect 4.4,
 * distributed herder), over a {@link ConnectApiBackend}.
 */
import { NotFoundException } from '../errors.js'
import { logger } from '../logging.js'
import { TargetState } from '../status/state.js'
import type { ConnectApiBackend, ConnectorDescription, ConnectorStatus, InstanceStatus } from './backend.js'
import {
  notStopped,
  OFFSETS_ALTERED,
  OFFSETS_RESET,
  parseSinkConnectorOffsets,
  parseSourceConnectorOffsets,
  readConnectorOffsets,
} from './connector-offsets.js'
import type {
  ConnectorInfo,
  ConnectorMetrics,
  ConnectorState,
  ConnectorStateInfo,
  TaskInfo,
  TaskState,
} from './entities.js'
import { readConfigMap, readJson, toConfigMap } from './request-body.js'
import { BadRequestException, ConnectRestException, pathNotFound } from './rest-exception.js'
import { booleanParam, RestartRequest } from './restart-request.js'
import type { Reply, Route, RouteContext } from './router.js'

/** The answer to a config write where the backend keeps configs as code (connectless on AWS). */
export const CONFIG_WRITES_REFUSED =
  'Connector configs are deployed as code here: change the connector config file and deploy it again (cdk deploy) to create, change or delete a connector.'

const JAVA_INTEGER = /^[+-]?[0-9]+$/

/** `initial_state` of `POST /connectors` (Connect's `CreateConnectorRequest.InitialState`) as a target state. */
const INITIAL_STATES: Readonly<Record<string, TargetState>> = {
  RUNNING: TargetState.STARTED,
  PAUSED: TargetState.PAUSED,
  STOPPED: TargetState.STOPPED,
}

/** A `{task}` path parameter as JAX-RS reads an `Integer`; one that does not parse matches no resource (404). */
function taskParam(text: string): number {
  if (!JAVA_INTEGER.test(text)) throw pathNotFound()
  const n = Number(text)
  if (n < -(2 ** 31) || n > 2 ** 31 - 1) throw pathNotFound()
  return n
}

function connectorState(s: InstanceStatus): ConnectorState {
  return {
    state: s.state,
    worker_id: s.workerId,
    ...(s.version === undefined ? {} : { version: s.version }),
    ...(s.trace ? { trace: s.trace } : {}),
  }
}

function taskState(id: number, s: InstanceStatus): TaskState {
  return { id, ...connectorState(s) }
}

function stateInfo(connector: ConnectorDescription | null, name: string, status: ConnectorStatus): ConnectorStateInfo {
  return {
    name,
    connector: connectorState(status.connector),
    tasks: [...status.tasks].sort((a, b) => a.id - b.id).map((t) => taskState(t.id, t)),
    type: connector?.type ?? 'unknown',
  }
}

function connectorInfo(c: ConnectorDescription): ConnectorInfo {
  return {
    name: c.name,
    config: c.config,
    tasks: c.tasks.map((t) => ({ connector: c.name, task: t.id })),
    type: c.type,
  }
}

const ok = (entity: unknown): Reply => ({ status: 200, entity })
const accepted: Reply = { status: 202 }
const noContent: Reply = { status: 204 }

export function connectorsRoutes(backend: ConnectApiBackend): Route[] {
  const connector = async (name: string, notFound: string): Promise<ConnectorDescription> => {
    const c = await backend.connector(name)
    if (!c) throw new NotFoundException(notFound)
    return c
  }
  const info = async (name: string) => connectorInfo(await connector(name, `Connector ${name} not found`))
  const status = async (name: string): Promise<ConnectorStateInfo> => {
    const [c, s] = await Promise.all([backend.connector(name), backend.connectorStatus(name)])
    if (!s) throw new NotFoundException(`No status found for connector ${name}`)
    return stateInfo(c, name, s)
  }
  const metrics = async (name: string): Promise<ConnectorMetrics> => {
    const m = await backend.connectorMetrics?.(name)
    if (!m) throw new NotFoundException(`Connector ${name} not found`)
    return m
  }
  const stopped = async (name: string): Promise<ConnectorDescription> => {
    const c = await connector(name, `Connector ${name} not found`)
    if (c.targetState !== TargetState.STOPPED || c.tasks.length !== 0) throw notStopped(name)
    return c
  }
  const writes = () => {
    const put = backend.putConnectorConfig?.bind(backend)
    if (!put) throw new ConnectRestException(405, CONFIG_WRITES_REFUSED)
    return put
  }
  const p = (ctx: RouteContext, key: string) => ctx.params[key] as string

  return [
    {
      method: 'GET',
      path: '/connectors',
      handle: async (ctx) => {
        const names = [...(await backend.connectorNames())].sort()
        const expand = ctx.query['expand']
        if (expand === undefined) return ok(names)
        const out: Record<string, Record<string, unknown>> = {}
        for (const name of names) {
          try {
            const expansions: Record<string, unknown> = {}
            for (const expansion of expand) {
              if (expansion === 'status') expansions['status'] = await status(name)
              else if (expansion === 'info') expansions['info'] = await info(name)
              else if (expansion === 'metrics' && backend.connectorMetrics) expansions['metrics'] = await metrics(name)
              else logger.info('Ignoring unknown expansion type', { expansion })
            }
            out[name] = expansions
          } catch (e) {
            // removed while we looked it up: left out, as Connect does
            if (!(e instanceof NotFoundException)) throw e
          }
        }
        return ok(out)
      },
    },
    {
      method: 'POST',
      path: '/connectors',
      handle: async (ctx) => {
        const put = writes()
        const request = readJson(ctx.body)
        if (typeof request !== 'object' || request === null || Array.isArray(request)) {
          throw new BadRequestException('The request body must be {"name": …, "config": {…}}')
        }
        const fields = request as Record<string, unknown>
        const name = typeof fields['name'] === 'string' ? fields['name'].trim() : ''
        const config = withName(name, toConfigMap(fields['config'] ?? null))
        const initial = fields['initial_state'] ?? null
        const initialState =
          typeof initial === 'string' && Object.hasOwn(INITIAL_STATES, initial) ? INITIAL_STATES[initial] : undefined
        if (initial !== null && initialState === undefined) {
          throw new BadRequestException(`Invalid initial_state ${String(initial)}: expected RUNNING, PAUSED or STOPPED`)
        }
        if (await backend.connector(name)) throw new ConnectRestException(409, `Connector ${name} already exists`)
        await put({ name, config, ...(initialState ? { initialState } : {}) })
        return {
          status: 201,
          entity: await info(name),
          headers: { Location: `/connectors/${encodeURIComponent(name)}` },
        }
      },
    },
    { method: 'GET', path: '/connectors/{connector}', handle: async (ctx) => ok(await info(p(ctx, 'connector'))) },
    {
      method: 'DELETE',
      path: '/connectors/{connector}',
      handle: async (ctx) => {
        const name = p(ctx, 'connector')
        const remove = backend.deleteConnector?.bind(backend)
        if (!remove) throw new ConnectRestException(405, CONFIG_WRITES_REFUSED)
        await connector(name, `Connector ${name} not found`)
        await remove(name)
        return noContent
      },
    },
    {
      method: 'GET',
      path: '/connectors/{connector}/config',
      handle: async (ctx) => ok((await info(p(ctx, 'connector'))).config),
    },
    {
      method: 'PUT',
      path: '/connectors/{connector}/config',
      handle: async (ctx) => {
        const put = writes()
        const name = p(ctx, 'connector')
        const config = withName(name, readConfigMap(ctx.body))
        const { created } = await put({ name, config })
        const entity = await info(name)
        return created
          ? { status: 201, entity, headers: { Location: `/connectors/${encodeURIComponent(name)}` } }
          : ok(entity)
      },
    },
    {
      method: 'PATCH',
      path: '/connectors/{connector}/config',
      handle: async (ctx) => {
        const put = writes()
        const name = p(ctx, 'connector')
        const patch = readConfigMap(ctx.body)
        const current = await connector(name, `Connector ${name} not found`)
        const merged: Record<string, string> = { ...current.config }
        for (const [key, value] of Object.entries(patch)) {
          if (value === null) delete merged[key]
          else merged[key] = value
        }
        await put({ name, config: merged })
        return ok(await info(name))
      },
    },
    {
      method: 'GET',
      path: '/connectors/{connector}/status',
      handle: async (ctx) => ok(await status(p(ctx, 'connector'))),
    },
    {
      method: 'GET',
      path: '/connectors/{connector}/metrics',
      // connectless's: the record counts `connectless status` prints (where the backend keeps them)
      handle: async (ctx) => {
        if (!backend.connectorMetrics) throw pathNotFound()
        return ok(await metrics(p(ctx, 'connector')))
      },
    },
    {
      method: 'GET',
      path: '/connectors/{connector}/topics',
      // Connect answers for any name, known or not
      handle: async (ctx) => {
        const name = p(ctx, 'connector')
        return ok({ [name]: { topics: [...(await backend.activeTopics(name))] } })
      },
    },
    {
      method: 'PUT',
      path: '/connectors/{connector}/topics/reset',
      handle: async (ctx) => {
        await backend.resetActiveTopics(p(ctx, 'connector'))
        return accepted
      },
    },
    {
      method: 'POST',
      path: '/connectors/{connector}/restart',
      handle: async (ctx) => {
        const name = p(ctx, 'connector')
        const request = new RestartRequest(
          name,
          booleanParam(ctx.query['onlyFailed'], false),
          booleanParam(ctx.query['includeTasks'], false),
        )
        const c = await connector(name, `Unknown connector: ${name}`)
        if (request.forceRestartConnectorOnly()) {
          await backend.restart(c, { connector: true, tasks: [] })
          return noContent
        }
        const current = await backend.connectorStatus(name)
        if (!current) throw new NotFoundException(`Status for connector ${name} not found`)
        const plan = request.plan(current)
        await backend.restart(c, plan)
        return { status: 202, entity: stateInfo(c, name, request.restartingStatus(current, plan)) }
      },
    },
    {
      method: 'PUT',
      path: '/connectors/{connector}/stop',
      handle: async (ctx) => {
        const name = p(ctx, 'connector')
        await backend.setTargetState(await connector(name, `Unknown connector ${name}`), TargetState.STOPPED)
        return noContent
      },
    },
    {
      method: 'PUT',
      path: '/connectors/{connector}/pause',
      handle: async (ctx) => {
        const name = p(ctx, 'connector')
        await backend.setTargetState(await connector(name, `Unknown connector ${name}`), TargetState.PAUSED)
        return accepted
      },
    },
    {
      method: 'PUT',
      path: '/connectors/{connector}/resume',
      handle: async (ctx) => {
        const name = p(ctx, 'connector')
        await backend.setTargetState(await connector(name, `Unknown connector ${name}`), TargetState.STARTED)
        return accepted
      },
    },
    {
      method: 'GET',
      path: '/connectors/{connector}/tasks',
      handle: async (ctx) => {
        const name = p(ctx, 'connector')
        const c = await connector(name, `Connector ${name} not found`)
        const tasks: TaskInfo[] = c.tasks.map((t) => ({ id: { connector: name, task: t.id }, config: t.config }))
        return ok(tasks)
      },
    },
    {
      method: 'GET',
      path: '/connectors/{connector}/tasks/{task}/status',
      handle: async (ctx) => {
        const name = p(ctx, 'connector')
        const id = taskParam(p(ctx, 'task'))
        const s = (await backend.connectorStatus(name))?.tasks.find((t) => t.id === id)
        if (!s) throw new NotFoundException(`No status found for task ${name}-${id}`)
        return ok(taskState(id, s))
      },
    },
    {
      method: 'POST',
      path: '/connectors/{connector}/tasks/{task}/restart',
      handle: async (ctx) => {
        const name = p(ctx, 'connector')
        const id = taskParam(p(ctx, 'task'))
        const c = await connector(name, `Unknown connector: ${name}`)
        if (!c.tasks.some((t) => t.id === id)) throw new NotFoundException(`Unknown task: ${name}-${id}`)
        await backend.restart(c, { connector: false, tasks: [id] })
        return noContent
      },
    },
    {
      method: 'GET',
      path: '/connectors/{connector}/offsets',
      handle: async (ctx) => {
        const name = p(ctx, 'connector')
        const c = await connector(name, `Connector ${name} not found`)
        return ok({ offsets: [...(await backend.offsets(c))] })
      },
    },
    {
      method: 'PATCH',
      path: '/connectors/{connector}/offsets',
      handle: async (ctx) => {
        const name = p(ctx, 'connector')
        const offsets = readConnectorOffsets(readJson(ctx.body))
        const c = await stopped(name)
        let message: Awaited<ReturnType<ConnectApiBackend['alterOffsets']>>
        if (c.type === 'sink') {
          message = await backend.alterOffsets(c, { type: 'sink', offsets: parseSinkConnectorOffsets(offsets) })
        } else if (c.type === 'source') {
          message = await backend.alterOffsets(c, { type: 'source', offsets: parseSourceConnectorOffsets(offsets) })
        } else {
          throw new BadRequestException(`The type of connector ${name} is unknown: its offsets cannot be altered`)
        }
        return ok(message ?? OFFSETS_ALTERED)
      },
    },
    {
      method: 'DELETE',
      path: '/connectors/{connector}/offsets',
      handle: async (ctx) => ok((await backend.resetOffsets(await stopped(p(ctx, 'connector')))) ?? OFFSETS_RESET),
    },
  ]
}

/** Connect's `checkAndPutConnectorConfigName`: `name` in the config must match the URL's, and is added. */
function withName(name: string, config: Record<string, string | null>): Record<string, string> {
  const included = config['name']
  if (included !== undefined && included !== null && included !== name) {
    throw new BadRequestException(
      `Connector name configuration (${included}) doesn't match connector name in the URL (${name})`,
    )
  }
  const out: Record<string, string> = {}
  for (const [key, value] of Object.entries(config)) {
    if (value === null)
      throw new BadRequestException(`Null value can not be supplied as the configuration value of ${key}.`)
    out[key] = value
  }
  out['name'] = name
  return out
}
