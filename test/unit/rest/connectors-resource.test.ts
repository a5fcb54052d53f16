// Cases from Kafka's ConnectorsResourceTest and RestartRequestTest, with the answers a Connect 4.4
// worker gives (recorded in fixtures/connect-4.4.0-exchanges.json).
import { describe, expect, it } from 'vitest'
import { connectApi } from '../../../layers/runtime/rest/connect-api.js'
import { CONFIG_WRITES_REFUSED } from '../../../layers/runtime/rest/connectors-resource.js'
import { RestartRequest } from '../../../layers/runtime/rest/restart-request.js'
import { State, TargetState } from '../../../layers/runtime/status/state.js'
import { send } from './http.js'
import { MemoryBackend, SINK_CLASS } from './memory-backend.js'

const TRACE = 'org.apache.kafka.connect.errors.ConnectException: boom\n\tat put (sink.ts:1:1)\n'

function setup() {
  const backend = new MemoryBackend().add('s3-sink', { tasks: 2 }).add('postgres-source', { type: 'source' })
  return { backend, api: connectApi(backend) }
}

describe('GET /', () => {
  it('reports version, commit and kafka_cluster_id as ServerInfo does', async () => {
    const { api } = setup()
    const res = await send(api, 'GET', '/')
    expect(res.status).toBe(200)
    expect(res.json).toEqual({ version: '4.4.0', commit: 'connectless-0.1.0', kafka_cluster_id: 'cluster-1' })
    expect(Object.keys(res.json as object)).toEqual(['version', 'commit', 'kafka_cluster_id'])
  })

  it('reports a healthy worker on /health', async () => {
    const { api } = setup()
    expect((await send(api, 'GET', '/health')).json).toEqual({
      status: 'healthy',
      message: 'Worker has completed startup and is ready to handle requests.',
    })
  })
})

describe('GET /connectors', () => {
  it('lists the connector names', async () => {
    const { api } = setup()
    expect((await send(api, 'GET', '/connectors')).json).toEqual(['postgres-source', 's3-sink'])
  })

  it('expands status and info when asked, repeated expand parameters combined', async () => {
    const { api } = setup()
    const res = await send(api, 'GET', '/connectors?expand=status&expand=info')
    const body = res.json as Record<string, { status: { name: string; type: string }; info: { name: string } }>
    expect(Object.keys(body)).toEqual(['postgres-source', 's3-sink'])
    expect(Object.keys(body['s3-sink'] ?? {})).toEqual(['status', 'info'])
    expect(body['s3-sink']?.status.type).toBe('sink')
    expect(body['postgres-source']?.info.name).toBe('postgres-source')
  })

  it('expands only status', async () => {
    const { api } = setup()
    const body = (await send(api, 'GET', '/connectors?expand=status')).json as Record<string, object>
    expect(Object.keys(body['s3-sink'] ?? {})).toEqual(['status'])
  })

  it('ignores an unknown expansion but still answers a map', async () => {
    const { api } = setup()
    expect((await send(api, 'GET', '/connectors?expand=bogus')).json).toEqual({ 'postgres-source': {}, 's3-sink': {} })
  })

  it('leaves out a connector whose status is gone while expanding', async () => {
    const { api, backend } = setup()
    backend.get('postgres-source').connector = null
    const body = (await send(api, 'GET', '/connectors?expand=status')).json as Record<string, object>
    expect(Object.keys(body)).toEqual(['s3-sink'])
  })
})

describe('connector info, config, tasks', () => {
  it('answers info with name, config, tasks and type', async () => {
    const { api } = setup()
    const res = await send(api, 'GET', '/connectors/s3-sink')
    expect(res.json).toEqual({
      name: 's3-sink',
      config: { 'connector.class': SINK_CLASS, 'tasks.max': '2', name: 's3-sink' },
      tasks: [
        { connector: 's3-sink', task: 0 },
        { connector: 's3-sink', task: 1 },
      ],
      type: 'sink',
    })
  })

  it('answers the raw config map', async () => {
    const { api } = setup()
    expect((await send(api, 'GET', '/connectors/s3-sink/config')).json).toEqual({
      'connector.class': SINK_CLASS,
      'tasks.max': '2',
      name: 's3-sink',
    })
  })

  it('answers task configs with ids', async () => {
    const { api } = setup()
    const tasks = (await send(api, 'GET', '/connectors/s3-sink/tasks')).json as Array<{ id: object; config: object }>
    expect(tasks.map((t) => t.id)).toEqual([
      { connector: 's3-sink', task: 0 },
      { connector: 's3-sink', task: 1 },
    ])
    expect(Object.keys(tasks[0] ?? {})).toEqual(['id', 'config'])
  })

  it.each([
    ['/connectors/nope', 'Connector nope not found'],
    ['/connectors/nope/config', 'Connector nope not found'],
    ['/connectors/nope/tasks', 'Connector nope not found'],
    ['/connectors/nope/offsets', 'Connector nope not found'],
    ['/connectors/nope/status', 'No status found for connector nope'],
    ['/connectors/nope/tasks/0/status', 'No status found for task nope-0'],
    ['/connectors/s3-sink/tasks/7/status', 'No status found for task s3-sink-7'],
  ])('answers GET %s for an unknown connector or task with 404 "%s"', async (path, message) => {
    const { api } = setup()
    const res = await send(api, 'GET', path)
    expect(res.status).toBe(404)
    expect(res.json).toEqual({ error_code: 404, message })
  })

  it('treats a task id that is not an integer as a path that does not exist', async () => {
    const { api } = setup()
    expect((await send(api, 'GET', '/connectors/s3-sink/tasks/x/status')).json).toEqual({
      error_code: 404,
      message: 'HTTP 404 Not Found',
    })
    expect((await send(api, 'GET', '/connectors/s3-sink/tasks/99999999999/status')).status).toBe(404)
  })

  it('reads task ids as Java does, signs and leading zeros included', async () => {
    const { api } = setup()
    expect((await send(api, 'GET', '/connectors/s3-sink/tasks/+1/status')).json).toMatchObject({ id: 1 })
    expect((await send(api, 'GET', '/connectors/s3-sink/tasks/00/status')).json).toMatchObject({ id: 0 })
  })
})

describe('status', () => {
  it('answers name, connector {state, worker_id, version}, tasks [{id, state, worker_id, version}] and type', async () => {
    const { api } = setup()
    const res = await send(api, 'GET', '/connectors/s3-sink/status')
    expect(res.json).toEqual({
      name: 's3-sink',
      connector: { state: 'RUNNING', worker_id: 'worker-1', version: '1.2.3' },
      tasks: [
        { id: 0, state: 'RUNNING', worker_id: 'worker-1', version: '1.2.3' },
        { id: 1, state: 'RUNNING', worker_id: 'worker-1', version: '1.2.3' },
      ],
      type: 'sink',
    })
    expect(Object.keys((res.json as { tasks: object[] }).tasks[0] ?? {})).toEqual([
      'id',
      'state',
      'worker_id',
      'version',
    ])
  })

  it('adds the trace of a failed task, last', async () => {
    const { api, backend } = setup()
    backend.get('s3-sink').taskStates.set(1, { state: State.FAILED, trace: TRACE })
    const res = await send(api, 'GET', '/connectors/s3-sink/tasks/1/status')
    expect(res.json).toEqual({ id: 1, state: 'FAILED', worker_id: 'worker-1', version: '1.2.3', trace: TRACE })
    expect(Object.keys(res.json as object)).toEqual(['id', 'state', 'worker_id', 'version', 'trace'])
  })

  it('sorts tasks by id', async () => {
    const { api, backend } = setup()
    const c = backend.get('s3-sink')
    c.taskStates = new Map([...c.taskStates].reverse())
    const body = (await send(api, 'GET', '/connectors/s3-sink/status')).json as { tasks: Array<{ id: number }> }
    expect(body.tasks.map((t) => t.id)).toEqual([0, 1])
  })
})

describe('pause, resume, stop', () => {
  it('pauses and resumes with 202 and no body', async () => {
    const { api, backend } = setup()
    const paused = await send(api, 'PUT', '/connectors/s3-sink/pause')
    expect(paused.status).toBe(202)
    expect(paused.raw.body).toBeNull()
    expect(backend.get('s3-sink').target).toBe(TargetState.PAUSED)
    expect((await send(api, 'PUT', '/connectors/s3-sink/resume')).status).toBe(202)
    expect(backend.calls).toEqual(['target s3-sink PAUSED', 'target s3-sink STARTED'])
  })

  it('stops with 204, as Connect (a void resource method)', async () => {
    const { api, backend } = setup()
    const res = await send(api, 'PUT', '/connectors/s3-sink/stop')
    expect(res.status).toBe(204)
    expect(res.raw.body).toBeNull()
    expect(backend.get('s3-sink').target).toBe(TargetState.STOPPED)
    const info = (await send(api, 'GET', '/connectors/s3-sink')).json as { tasks: unknown[] }
    expect(info.tasks).toEqual([])
  })

  it.each(['pause', 'resume', 'stop'])(
    'answers %s of an unknown connector with 404 "Unknown connector nope"',
    async (op) => {
      const { api } = setup()
      expect((await send(api, 'PUT', `/connectors/nope/${op}`)).json).toEqual({
        error_code: 404,
        message: 'Unknown connector nope',
      })
    },
  )
})

describe('restart', () => {
  it('restarts only the connector with 204 when neither includeTasks nor onlyFailed is set', async () => {
    const { api, backend } = setup()
    const res = await send(api, 'POST', '/connectors/s3-sink/restart')
    expect(res.status).toBe(204)
    expect(backend.calls).toEqual(['restart s3-sink connector=true tasks='])
  })

  it('reads includeTasks and onlyFailed as Java Booleans: only "true" is true', async () => {
    const { api } = setup()
    expect((await send(api, 'POST', '/connectors/s3-sink/restart?includeTasks=yes&onlyFailed=1')).status).toBe(204)
    expect((await send(api, 'POST', '/connectors/s3-sink/restart?includeTasks=TRUE')).status).toBe(202)
  })

  it('answers 202 with the failed task RESTARTING, its trace kept, for includeTasks&onlyFailed', async () => {
    const { api, backend } = setup()
    backend.get('s3-sink').taskStates.set(1, { state: State.FAILED, trace: TRACE })
    const res = await send(api, 'POST', '/connectors/s3-sink/restart?includeTasks=true&onlyFailed=true')
    expect(res.status).toBe(202)
    expect(res.json).toEqual({
      name: 's3-sink',
      connector: { state: 'RUNNING', worker_id: 'worker-1', version: '1.2.3' },
      tasks: [
        { id: 0, state: 'RUNNING', worker_id: 'worker-1', version: '1.2.3' },
        { id: 1, state: 'RESTARTING', worker_id: 'worker-1', version: '1.2.3', trace: TRACE },
      ],
      type: 'sink',
    })
    expect(backend.calls).toEqual(['restart s3-sink connector=false tasks=1'])
  })

  it('restarts the connector and every task for includeTasks=true', async () => {
    const { api, backend } = setup()
    const res = await send(api, 'POST', '/connectors/s3-sink/restart?includeTasks=true')
    const body = res.json as { connector: { state: string }; tasks: Array<{ state: string }> }
    expect(body.connector.state).toBe('RESTARTING')
    expect(body.tasks.map((t) => t.state)).toEqual(['RESTARTING', 'RESTARTING'])
    expect(backend.calls).toEqual(['restart s3-sink connector=true tasks=0,1'])
  })

  it('restarts nothing running for onlyFailed=true alone', async () => {
    const { api, backend } = setup()
    const res = await send(api, 'POST', '/connectors/s3-sink/restart?onlyFailed=true')
    expect(res.status).toBe(202)
    expect((res.json as { connector: { state: string } }).connector.state).toBe('RUNNING')
    expect(backend.calls).toEqual(['restart s3-sink connector=false tasks='])
  })

  it('answers an unknown connector with 404 "Unknown connector: nope"', async () => {
    const { api } = setup()
    for (const query of ['', '?includeTasks=true']) {
      expect((await send(api, 'POST', `/connectors/nope/restart${query}`)).json).toEqual({
        error_code: 404,
        message: 'Unknown connector: nope',
      })
    }
  })

  it('restarts one task with 204, and answers an unknown task with 404', async () => {
    const { api, backend } = setup()
    expect((await send(api, 'POST', '/connectors/s3-sink/tasks/1/restart')).status).toBe(204)
    expect(backend.calls).toEqual(['restart s3-sink connector=false tasks=1'])
    expect((await send(api, 'POST', '/connectors/s3-sink/tasks/9/restart')).json).toEqual({
      error_code: 404,
      message: 'Unknown task: s3-sink-9',
    })
    expect((await send(api, 'POST', '/connectors/nope/tasks/0/restart')).json).toEqual({
      error_code: 404,
      message: 'Unknown connector: nope',
    })
  })
})

describe('RestartRequest (Kafka RestartRequestTest)', () => {
  const status = (state: State) => ({ state, workerId: 'w', trace: null })

  it('forcibly restarts the connector only when neither flag is set', () => {
    expect(new RestartRequest('foo', false, false).forceRestartConnectorOnly()).toBe(true)
    expect(new RestartRequest('foo', false, true).forceRestartConnectorOnly()).toBe(false)
    expect(new RestartRequest('foo', true, false).forceRestartConnectorOnly()).toBe(false)
    expect(new RestartRequest('foo', true, true).forceRestartConnectorOnly()).toBe(false)
  })

  it('restarts only a failed connector with onlyFailed', () => {
    const r = new RestartRequest('foo', true, false)
    expect(r.shouldRestartConnector(status(State.FAILED))).toBe(true)
    expect(r.shouldRestartConnector(status(State.RUNNING))).toBe(false)
    expect(r.shouldRestartConnector(status(State.PAUSED))).toBe(false)
  })

  it('restarts a connector in any state without onlyFailed', () => {
    const r = new RestartRequest('foo', false, false)
    for (const s of [State.FAILED, State.RUNNING, State.PAUSED]) expect(r.shouldRestartConnector(status(s))).toBe(true)
  })

  it('restarts only failed tasks with onlyFailed and includeTasks', () => {
    const r = new RestartRequest('foo', true, true)
    expect(r.shouldRestartTask(status(State.FAILED))).toBe(true)
    expect(r.shouldRestartTask(status(State.RUNNING))).toBe(false)
    expect(r.shouldRestartTask(status(State.PAUSED))).toBe(false)
  })

  it('restarts tasks in any state with includeTasks alone, and none without it', () => {
    for (const s of [State.FAILED, State.RUNNING, State.PAUSED]) {
      expect(new RestartRequest('foo', false, true).shouldRestartTask(status(s))).toBe(true)
      expect(new RestartRequest('foo', false, false).shouldRestartTask(status(s))).toBe(false)
      expect(new RestartRequest('foo', true, false).shouldRestartTask(status(s))).toBe(false)
    }
  })
})

describe('topics', () => {
  it('answers {name: {topics: [...]}}', async () => {
    const { api, backend } = setup()
    backend.get('s3-sink').topics = ['orders']
    expect((await send(api, 'GET', '/connectors/s3-sink/topics')).json).toEqual({ 's3-sink': { topics: ['orders'] } })
  })

  it('answers an unknown connector with its name and no topics, as Connect does', async () => {
    const { api } = setup()
    const res = await send(api, 'GET', '/connectors/nope/topics')
    expect(res.status).toBe(200)
    expect(res.json).toEqual({ nope: { topics: [] } })
  })

  it('resets with 202', async () => {
    const { api, backend } = setup()
    backend.get('s3-sink').topics = ['orders']
    expect((await send(api, 'PUT', '/connectors/s3-sink/topics/reset')).status).toBe(202)
    expect(backend.get('s3-sink').topics).toEqual([])
  })
})

describe('offsets', () => {
  it('answers {offsets: [{partition: {kafka_topic, kafka_partition}, offset: {kafka_offset}}]} for a sink', async () => {
    const { api, backend } = setup()
    backend.sinkOffsets.set('s3-sink', new Map([['orders-0', { topic: 'orders', partition: 0, offset: 3 }]]))
    expect((await send(api, 'GET', '/connectors/s3-sink/offsets')).json).toEqual({
      offsets: [{ partition: { kafka_topic: 'orders', kafka_partition: 0 }, offset: { kafka_offset: 3 } }],
    })
  })

  it('refuses to alter or reset the offsets of a connector that is not STOPPED', async () => {
    const { api, backend } = setup()
    const message =
      "Connectors must be in the STOPPED state before their offsets can be modified. This can be done for the specified connector by issuing a 'PUT' request to the '/connectors/s3-sink/stop' endpoint"
    const body = {
      offsets: [{ partition: { kafka_topic: 'orders', kafka_partition: 0 }, offset: { kafka_offset: 1 } }],
    }
    expect((await send(api, 'PATCH', '/connectors/s3-sink/offsets', body)).json).toEqual({ error_code: 400, message })
    expect((await send(api, 'DELETE', '/connectors/s3-sink/offsets')).json).toEqual({ error_code: 400, message })
    backend.get('s3-sink').target = TargetState.PAUSED
    expect((await send(api, 'DELETE', '/connectors/s3-sink/offsets')).status).toBe(400)
    expect(backend.calls).toEqual([])
  })

  it('requires offsets in a PATCH before anything else', async () => {
    const { api } = setup()
    const message = 'Partitions / offsets need to be provided for an alter offsets request'
    for (const body of [{ offsets: [] }, {}, '']) {
      expect((await send(api, 'PATCH', '/connectors/nope/offsets', body)).json).toEqual({ error_code: 400, message })
    }
  })

  it('alters a stopped sink with numbers or numeric strings and answers Connect message', async () => {
    const { api, backend } = setup()
    await send(api, 'PUT', '/connectors/s3-sink/stop')
    const res = await send(api, 'PATCH', '/connectors/s3-sink/offsets', {
      offsets: [
        { partition: { kafka_topic: 'orders', kafka_partition: '0' }, offset: { kafka_offset: '1' } },
        { partition: { kafka_topic: 'orders', kafka_partition: 1 }, offset: null },
      ],
    })
    expect(res.status).toBe(200)
    expect(res.json).toEqual({
      message:
        'The Connect framework-managed offsets for this connector have been altered successfully. However, if this connector manages offsets externally, they will need to be manually altered in the system that the connector uses.',
    })
    expect(backend.calls.at(-1)).toBe(
      'alter s3-sink {"type":"sink","offsets":[{"topic":"orders","partition":0,"offset":1},{"topic":"orders","partition":1,"offset":null}]}',
    )
  })

  it('answers a sink partition without its keys with SinkUtils message', async () => {
    const { api } = setup()
    await send(api, 'PUT', '/connectors/s3-sink/stop')
    const res = await send(api, 'PATCH', '/connectors/s3-sink/offsets', {
      offsets: [{ partition: { kafka_topic: 'orders' }, offset: { kafka_offset: 1 } }],
    })
    expect(res.json).toEqual({
      error_code: 400,
      message: "The partition for a sink connector offset must contain the keys 'kafka_topic' and 'kafka_partition'",
    })
  })

  it('checks source offsets for primitive values', async () => {
    const { api, backend } = setup()
    await send(api, 'PUT', '/connectors/postgres-source/stop')
    const bad = await send(api, 'PATCH', '/connectors/postgres-source/offsets', {
      offsets: [{ partition: { table: 't1' }, offset: { id: { a: 1 } } }],
    })
    expect(bad.json).toEqual({
      error_code: 400,
      message: 'Offsets may only contain primitive types as values, but field id contains MAP',
    })
    const good = await send(api, 'PATCH', '/connectors/postgres-source/offsets', {
      offsets: [{ partition: { table: 't1' }, offset: { id: 1 } }],
    })
    expect(good.status).toBe(200)
    expect(backend.calls.at(-1)).toBe(
      'alter postgres-source {"type":"source","offsets":[{"partition":{"table":"t1"},"offset":{"id":1}}]}',
    )
  })

  it('resets a stopped connector with Connect reset message', async () => {
    const { api } = setup()
    await send(api, 'PUT', '/connectors/s3-sink/stop')
    expect((await send(api, 'DELETE', '/connectors/s3-sink/offsets')).json).toEqual({
      message:
        'The Connect framework-managed offsets for this connector have been reset successfully. However, if this connector manages offsets externally, they will need to be manually reset in the system that the connector uses.',
    })
  })

  it('answers unknown fields and malformed JSON with 400', async () => {
    const { api } = setup()
    expect((await send(api, 'PATCH', '/connectors/s3-sink/offsets', { offsets: [{}], extra: 1 })).json).toEqual({
      error_code: 400,
      message: 'Unrecognized field "extra" (one known property: "offsets")',
    })
    const malformed = await send(api, 'PATCH', '/connectors/s3-sink/offsets', '{"offsets":')
    expect(malformed.status).toBe(400)
    expect((malformed.json as { message: string }).message).toMatch(/^The request body is not valid JSON: /)
  })
})

describe('config writes', () => {
  it('refuses them with 405 and says why when the backend keeps configs as code', async () => {
    const { api } = setup()
    for (const [method, path, body] of [
      ['POST', '/connectors', { name: 'x', config: {} }],
      ['PUT', '/connectors/s3-sink/config', {}],
      ['PATCH', '/connectors/s3-sink/config', {}],
      ['DELETE', '/connectors/s3-sink', undefined],
    ] as const) {
      expect((await send(api, method, path, body)).json, `${method} ${path}`).toEqual({
        error_code: 405,
        message: CONFIG_WRITES_REFUSED,
      })
    }
  })

  it('creates a connector with 201, a Location and its info; the name trimmed', async () => {
    const backend = new MemoryBackend().writable()
    const api = connectApi(backend)
    const res = await send(api, 'POST', '/connectors', {
      name: '  new-sink ',
      config: { 'connector.class': SINK_CLASS, 'tasks.max': 1 },
      initial_state: 'PAUSED',
    })
    expect(res.status).toBe(201)
    expect(res.headers['Location']).toBe('/connectors/new-sink')
    expect(res.json).toMatchObject({ name: 'new-sink', config: { 'tasks.max': '1', name: 'new-sink' }, type: 'sink' })
    expect(backend.calls).toEqual(['put new-sink PAUSED'])
  })

  it('refuses an initial_state that is not RUNNING, PAUSED or STOPPED', async () => {
    const backend = new MemoryBackend().writable()
    for (const initial of ['constructor', 'STARTED', 1]) {
      const res = await send(connectApi(backend), 'POST', '/connectors', {
        name: 'a',
        config: {},
        initial_state: initial,
      })
      expect(res.status, String(initial)).toBe(400)
    }
    expect(backend.calls).toEqual([])
  })

  it('answers 409 for a connector that exists', async () => {
    const api = connectApi(new MemoryBackend().writable().add('s3-sink'))
    expect((await send(api, 'POST', '/connectors', { name: 's3-sink', config: {} })).json).toEqual({
      error_code: 409,
      message: 'Connector s3-sink already exists',
    })
  })

  it('refuses a config whose name differs from the URL', async () => {
    const api = connectApi(new MemoryBackend().writable().add('s3-sink'))
    expect((await send(api, 'PUT', '/connectors/s3-sink/config', { name: 'other' })).json).toEqual({
      error_code: 400,
      message: "Connector name configuration (other) doesn't match connector name in the URL (s3-sink)",
    })
  })

  it('answers PUT config with 201 when it creates and 200 when it updates', async () => {
    const api = connectApi(new MemoryBackend().writable())
    const config = { 'connector.class': SINK_CLASS }
    expect((await send(api, 'PUT', '/connectors/a/config', config)).status).toBe(201)
    expect((await send(api, 'PUT', '/connectors/a/config', config)).status).toBe(200)
  })

  it('patches a config: null removes a key', async () => {
    const backend = new MemoryBackend().writable().add('s3-sink')
    const api = connectApi(backend)
    const res = await send(api, 'PATCH', '/connectors/s3-sink/config', { 'tasks.max': null, 'x.y': 'z' })
    expect(res.status).toBe(200)
    expect((res.json as { config: object }).config).toEqual({
      'connector.class': SINK_CLASS,
      name: 's3-sink',
      'x.y': 'z',
    })
    expect((await send(api, 'PATCH', '/connectors/nope/config', {})).json).toEqual({
      error_code: 404,
      message: 'Connector nope not found',
    })
  })

  it('deletes with 204, and answers an unknown connector with 404', async () => {
    const backend = new MemoryBackend().writable().add('s3-sink')
    const api = connectApi(backend)
    expect((await send(api, 'DELETE', '/connectors/s3-sink')).status).toBe(204)
    expect((await send(api, 'DELETE', '/connectors/s3-sink')).json).toEqual({
      error_code: 404,
      message: 'Connector s3-sink not found',
    })
  })
})

describe('errors the backend throws', () => {
  it('answers an unexpected error with 500 and its message', async () => {
    const backend = new MemoryBackend().add('s3-sink')
    backend.connectorNames = async () => {
      throw new Error('DynamoDB is down')
    }
    expect((await send(connectApi(backend), 'GET', '/connectors')).json).toEqual({
      error_code: 500,
      message: 'DynamoDB is down',
    })
  })
})
