// biome-ignore-all lint/suspicious/noTemplateCurlyInString: connector configs hold provider references `${provider:path:key}`
// The connect-api Lambda handler behind API Gateway, fed the recorded event shapes of REST APIs (v1)
// and HTTP APIs (v2) from test/fixtures/api-gateway, against DynamoDB on moto: the status store the
// connector functions write through their hooks, and the offset stores.
import { mkdtemp, readFile, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { DynamoDBClient } from '@aws-sdk/client-dynamodb'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import type { ApiGatewayEvent, ApiGatewayResult } from '../../../functions/connect-api/api-gateway.js'
import { AwsConnectBackend, SINK_OFFSETS_ALTERED } from '../../../functions/connect-api/aws-backend.js'
import { AwsConnectorControl, RESTART_VARIABLE } from '../../../functions/connect-api/aws-control.js'
import { connectApiHandler } from '../../../functions/connect-api/handler.js'
import { connectorPlugins } from '../../../functions/connect-api/plugins.js'
import { ConnectException, RetriableException } from '../../../layers/runtime/errors.js'
import { ConnectorMetrics } from '../../../layers/runtime/metrics.js'
import { ensureOffsetsTable, SinkOffsetStore, SourceOffsetStore } from '../../../layers/runtime/offsets/offset-store.js'
import { registerDeployedConnector } from '../../../layers/runtime/status/registration.js'
import { StatusReporter } from '../../../layers/runtime/status/status-reporter.js'
import { StatusStore } from '../../../layers/runtime/status/status-store.js'
import { dynamoTableName } from '../../support/names.js'
import { endpoints, requireServices } from '../../support/services.js'

requireServices('moto')

const table = dynamoTableName('connect-api')
const dynamo = new DynamoDBClient({
  endpoint: endpoints.aws.endpoint,
  region: endpoints.aws.region,
  credentials: endpoints.aws.credentials,
})
const store = new StatusStore(table, dynamo)
const sinkOffsets = (c: string) => new SinkOffsetStore(c, table, dynamo)
const sourceOffsets = (c: string) => new SourceOffsetStore(c, table, dynamo)

/** A fake of the two AWS SDK clients the control loads: it records the commands it is sent. */
const sent: Array<{ command: string; input: Record<string, unknown> }> = []
function fakeSdk(): (name: string) => Promise<unknown> {
  const command = (name: string) =>
    class {
      readonly name = name
      constructor(readonly input: Record<string, unknown>) {}
    }
  const client = class {
    async send(c: { name: string; input: Record<string, unknown> }): Promise<unknown> {
      sent.push({ command: c.name, input: c.input })
      if (c.name === 'ListEventSourceMappings')
        return { EventSourceMappings: [{ UUID: 'esm-uuid-1', State: 'Enabled' }] }
      if (c.name === 'GetFunctionConfiguration') return { Environment: { Variables: { KEEP: 'me' } } }
      if (c.name === 'GetSchedule') {
        return {
          Name: c.input['Name'],
          GroupName: 'connectless',
          ScheduleExpression: 'rate(1 minute)',
          FlexibleTimeWindow: { Mode: 'OFF' },
          Target: { Arn: 'arn:aws:lambda:us-east-1:123456789012:function:postgres-source', RoleArn: 'arn:role' },
          State: 'ENABLED',
        }
      }
      return {}
    }
  }
  const modules: Record<string, unknown> = {
    '@aws-sdk/client-lambda': {
      LambdaClient: client,
      ListEventSourceMappingsCommand: command('ListEventSourceMappings'),
      UpdateEventSourceMappingCommand: command('UpdateEventSourceMapping'),
      GetFunctionConfigurationCommand: command('GetFunctionConfiguration'),
      UpdateFunctionConfigurationCommand: command('UpdateFunctionConfiguration'),
    },
    '@aws-sdk/client-scheduler': {
      SchedulerClient: client,
      GetScheduleCommand: command('GetSchedule'),
      UpdateScheduleCommand: command('UpdateSchedule'),
    },
  }
  return async (name) => modules[name]
}

const handler = connectApiHandler(
  () =>
    new AwsConnectBackend({
      store,
      control: new AwsConnectorControl({ importer: fakeSdk(), now: () => new Date('2026-11-29T10:00:00Z') }),
      plugins: connectorPlugins,
      sinkOffsets,
      sourceOffsets,
      kafkaClusterId: 'MkU3OEVBNTcwNTJENDM2Qk',
    }),
)

// a reporter as a connector function has one; its clock only moves when a test moves it
let clock = 0
const reporter = new StatusReporter({
  store: () => store,
  metrics: () => new ConnectorMetrics(),
  workerId: 's3-sink-function',
  now: () => clock,
})

async function fixture(name: string): Promise<ApiGatewayEvent> {
  const url = new URL(`../../fixtures/api-gateway/${name}`, import.meta.url)
  return JSON.parse(await readFile(url, 'utf8')) as ApiGatewayEvent
}

async function call(name: string, change?: (event: Record<string, unknown>) => void) {
  const event = await fixture(name)
  change?.(event as unknown as Record<string, unknown>)
  const result: ApiGatewayResult = await handler(event)
  return { ...result, json: result.body === '' ? null : (JSON.parse(result.body) as unknown) }
}

interface Status {
  connector: { state: string; worker_id: string; trace?: string }
  tasks: Array<{ id: number; state: string; worker_id: string; version?: string; trace?: string }>
  type: string
}

const BATCH = {
  read: 3,
  skippedAsDelivered: 0,
  written: 3,
  filtered: 0,
  failed: 0,
  toDlq: 0,
  complete: true,
  durationMs: 5,
}
const SEED_S3_CONFIG = {
  'connector.class': 'io.confluent.connect.s3.S3SinkConnector',
  'tasks.max': '3',
  topics: 'orders',
  's3.bucket.name': 'kafka-data-lake',
  's3.region': 'us-east-1',
  'aws.secret.access.key': '${secretsmanager:connectless/s3:secret}',
  'storage.class': 'io.confluent.connect.s3.storage.S3Storage',
  'format.class': 'io.confluent.connect.s3.format.parquet.ParquetFormat',
  'flush.size': '1000',
}

beforeAll(async () => {
  vi.stubEnv('AWS_LAMBDA_FUNCTION_NAME', 's3-sink-function')
  vi.spyOn(process.stdout, 'write').mockImplementation(() => true) // EMF and log lines
  await ensureOffsetsTable(table, dynamo)
  const dir = await mkdtemp(join(tmpdir(), 'connect-api-'))
  const file = join(dir, 'connector.json')
  await writeFile(file, JSON.stringify({ name: 's3-sink', config: { ...SEED_S3_CONFIG, 'aws.access.key.id': 'AKIA' } }))
  await registerDeployedConnector({ type: 'sink', file, store })
  await store.register({
    name: 'postgres-source',
    config: {
      'connector.class': 'io.confluent.connect.jdbc.JdbcSourceConnector',
      'tasks.max': '2',
      'connection.password': '${file:/opt/kafka/secrets/db.properties:password}',
      name: 'postgres-source',
    },
    type: 'source',
    tasks: 2,
    functionName: 'postgres-source-function',
    schedules: ['postgres-source-0', 'postgres-source-1'],
    scheduleGroup: 'connectless',
    version: '0.1.0',
  })
})

afterAll(() => {
  vi.unstubAllEnvs()
  vi.restoreAllMocks()
})

describe('the connect-api handler behind API Gateway', () => {
  it('answers GET / through a REST API root resource', async () => {
    const res = await call('rest-api-get-root.json')
    expect(res.statusCode).toBe(200)
    expect(res.headers['Content-Type']).toBe('application/json')
    expect(res.json).toEqual({
      version: '4.4.0',
      commit: 'connectless-0.1.0',
      kafka_cluster_id: 'MkU3OEVBNTcwNTJENDM2Qk',
    })
  })

  it('lists the registered connectors expanded, from an HTTP API event and from a REST API event', async () => {
    for (const name of ['http-api-get-connectors-expand.json', 'rest-api-get-connectors.json']) {
      const res = await call(name)
      expect(res.statusCode, name).toBe(200)
      const body = res.json as Record<string, { status: Status; info: { tasks: unknown[]; type: string } }>
      expect(Object.keys(body).sort()).toEqual(['postgres-source', 's3-sink'])
      expect(body['s3-sink']?.info.type).toBe('sink')
      expect(body['postgres-source']?.info.tasks).toEqual([
        { connector: 'postgres-source', task: 0 },
        { connector: 'postgres-source', task: 1 },
      ])
      expect(body['postgres-source']?.status.tasks.map((t) => t.state)).toEqual(['RUNNING', 'RUNNING'])
    }
  })

  it('shows the config as deployed: placeholders as written, a literal secret hidden', async () => {
    const res = await call('rest-api-get-status.json', (e) => {
      e['pathParameters'] = { proxy: 'connectors/s3-sink/config' }
    })
    expect(res.json).toEqual({ ...SEED_S3_CONFIG, 'aws.access.key.id': 'AKIA', name: 's3-sink' })
    await registerDeployedConnector({
      type: 'sink',
      file: await deploymentFile({ 'connection.password': 'plain' }),
      store,
    })
    const hidden = await call('rest-api-get-status.json', (e) => {
      e['pathParameters'] = { proxy: 'connectors/s3-sink/config' }
    })
    expect(hidden.json).toEqual({ 'connection.password': '[hidden]', name: 's3-sink' })
    await registerDeployedConnector({ type: 'sink', file: await deploymentFile(SEED_S3_CONFIG), store })
  })

  it('reports a failed batch as a FAILED task with its trace, and RUNNING again after the next success', async () => {
    await reporter.recordBatchOutcome(
      's3-sink',
      0,
      new ConnectException('Exiting WorkerSinkTask due to unrecoverable exception.'),
    )
    const failed = await call('rest-api-get-status.json')
    expect(failed.statusCode).toBe(200)
    const status = failed.json as Status
    expect(status.type).toBe('sink')
    expect(status.tasks).toHaveLength(1)
    expect(status.tasks[0]).toMatchObject({ id: 0, state: 'FAILED', worker_id: 's3-sink-function', version: '0.1.0' })
    expect(status.tasks[0]?.trace).toMatch(
      /^org\.apache\.kafka\.connect\.errors\.ConnectException: Exiting WorkerSinkTask due to unrecoverable exception\.\n\tat /,
    )

    await reporter.recordBatchOutcome('s3-sink', 0, BATCH)
    const running = (await call('rest-api-get-status.json')).json as Status
    expect(running.tasks[0]?.state).toBe('RUNNING')
    expect(running.tasks[0]).not.toHaveProperty('trace')
  })

  it('leaves a task RUNNING when its batch failed with a retriable error', async () => {
    await reporter.recordBatchOutcome('s3-sink', 0, new RetriableException('OpenSearch is unavailable'))
    expect(((await call('rest-api-get-status.json')).json as Status).tasks[0]?.state).toBe('RUNNING')
  })

  it('reports a cold start that failed as a FAILED connector, and RUNNING after the next good one', async () => {
    await reporter.recordConnectorStartup(
      's3-sink',
      new ConnectException('Missing required configuration "s3.bucket.name"'),
    )
    const failed = (await call('rest-api-get-status.json')).json as Status
    expect(failed.connector.state).toBe('FAILED')
    expect(failed.connector.trace).toContain('Missing required configuration')
    await reporter.recordConnectorStartup('s3-sink')
    expect(((await call('rest-api-get-status.json')).json as Status).connector).toEqual({
      state: 'RUNNING',
      worker_id: 's3-sink-function',
      version: '0.1.0',
    })
  })

  it('reads task status through an HTTP API stage without a proxy parameter', async () => {
    const res = await call('http-api-named-stage-task-status.json')
    expect(res.statusCode).toBe(200)
    expect(res.json).toEqual({ id: 0, state: 'RUNNING', worker_id: 'postgres-source-function', version: '0.1.0' })
  })

  it('pauses a sink by disabling its event source mappings; a batch finishing meanwhile does not undo it', async () => {
    sent.length = 0
    const res = await call('rest-api-put-pause.json')
    expect(res.statusCode).toBe(202)
    expect(res.body).toBe('')
    expect(sent).toEqual([
      { command: 'ListEventSourceMappings', input: { FunctionName: 's3-sink-function' } },
      { command: 'UpdateEventSourceMapping', input: { UUID: 'esm-uuid-1', Enabled: false } },
    ])
    clock += 60_000 // the reporter confirms RUNNING again
    await reporter.recordBatchOutcome('s3-sink', 0, BATCH)
    await reporter.recordBatchOutcome('s3-sink', 0, new ConnectException('late failure'))
    const paused = (await call('rest-api-get-status.json')).json as Status
    expect(paused.connector.state).toBe('PAUSED')
    expect(paused.tasks.map((t) => t.state)).toEqual(['PAUSED'])

    sent.length = 0
    expect(
      (await call('rest-api-put-pause.json', (e) => (e['pathParameters'] = { proxy: 'connectors/s3-sink/resume' })))
        .statusCode,
    ).toBe(202)
    expect(sent.at(-1)).toEqual({ command: 'UpdateEventSourceMapping', input: { UUID: 'esm-uuid-1', Enabled: true } })
    const resumed = (await call('rest-api-get-status.json')).json as Status
    expect([resumed.connector.state, ...resumed.tasks.map((t) => t.state)]).toEqual(['RUNNING', 'RUNNING'])
  })

  it('pauses a source by disabling its schedules, sending back the whole schedule', async () => {
    sent.length = 0
    const res = await call(
      'rest-api-put-pause.json',
      (e) => (e['pathParameters'] = { proxy: 'connectors/postgres-source/pause' }),
    )
    expect(res.statusCode).toBe(202)
    expect(sent.filter((s) => s.command === 'UpdateSchedule').map((s) => s.input)).toEqual(
      ['postgres-source-0', 'postgres-source-1'].map((name) => ({
        Name: name,
        State: 'DISABLED',
        GroupName: 'connectless',
        ScheduleExpression: 'rate(1 minute)',
        FlexibleTimeWindow: { Mode: 'OFF' },
        Target: { Arn: 'arn:aws:lambda:us-east-1:123456789012:function:postgres-source', RoleArn: 'arn:role' },
      })),
    )
    await call('rest-api-put-pause.json', (e) => (e['pathParameters'] = { proxy: 'connectors/postgres-source/resume' }))
  })

  it('restarts failed tasks: 202 with them RESTARTING, new execution environments, RUNNING after the next batch', async () => {
    await reporter.recordBatchOutcome('s3-sink', 0, new ConnectException('boom'))
    sent.length = 0
    const res = await call('http-api-post-restart.json')
    expect(res.statusCode).toBe(202)
    const body = res.json as Status
    expect(body.connector.state).toBe('RUNNING')
    expect(body.tasks[0]?.state).toBe('RESTARTING')
    expect(body.tasks[0]?.trace).toContain('boom')
    expect(sent.at(-1)).toEqual({
      command: 'UpdateFunctionConfiguration',
      input: {
        FunctionName: 's3-sink-function',
        Environment: { Variables: { KEEP: 'me', [RESTART_VARIABLE]: '2026-11-29T10:00:00.000Z' } },
      },
    })
    expect(((await call('rest-api-get-status.json')).json as Status).tasks[0]?.state).toBe('RESTARTING')
    await reporter.recordBatchOutcome('s3-sink', 0, BATCH)
    expect(((await call('rest-api-get-status.json')).json as Status).tasks[0]?.state).toBe('RUNNING')
  })

  it('records the topics a sink used', async () => {
    await reporter.recordBatchOutcome('s3-sink', 0, BATCH, { topics: ['orders', 'payments'] })
    await reporter.recordBatchOutcome('s3-sink', 0, BATCH, { topics: ['orders'] })
    const res = await call(
      'rest-api-get-status.json',
      (e) => (e['pathParameters'] = { proxy: 'connectors/s3-sink/topics' }),
    )
    expect(res.json).toEqual({ 's3-sink': { topics: ['orders', 'payments'] } })
  })

  it('refuses to move offsets of a running connector, then stops it and moves them in DynamoDB, backwards too', async () => {
    const running = await call('rest-api-patch-offsets.json')
    expect(running.statusCode).toBe(400)
    expect((running.json as { message: string }).message).toMatch(/^Connectors must be in the STOPPED state/)

    await sinkOffsets('s3-sink').commit('orders', 0, 100)
    await sinkOffsets('s3-sink').commit('orders', 1, 7)
    sent.length = 0
    const stopped = await call('http-api-put-stop.json')
    expect(stopped.statusCode).toBe(204)
    expect(sent.at(-1)).toEqual({ command: 'UpdateEventSourceMapping', input: { UUID: 'esm-uuid-1', Enabled: false } })
    const status = (await call('rest-api-get-status.json')).json as Status
    expect(status.connector.state).toBe('STOPPED')
    expect(status.tasks).toEqual([])

    const altered = await call('rest-api-patch-offsets.json')
    expect(altered.statusCode).toBe(200)
    expect(altered.json).toEqual(SINK_OFFSETS_ALTERED)
    const offsets = await call(
      'rest-api-get-status.json',
      (e) => (e['pathParameters'] = { proxy: 'connectors/s3-sink/offsets' }),
    )
    expect(offsets.json).toEqual({
      offsets: [{ partition: { kafka_topic: 'orders', kafka_partition: 0 }, offset: { kafka_offset: 42 } }],
    })

    expect((await call('http-api-delete-offsets.json')).statusCode).toBe(200)
    expect(await sinkOffsets('s3-sink').list()).toEqual([])
    await call('rest-api-put-pause.json', (e) => (e['pathParameters'] = { proxy: 'connectors/s3-sink/resume' }))
    expect(((await call('rest-api-get-status.json')).json as Status).tasks.map((t) => t.state)).toEqual(['RUNNING'])
  })

  it('moves a stopped source connector offsets', async () => {
    await sourceOffsets('postgres-source').put({ protocol: '1', table: 'public.orders' }, { incrementing: 10 })
    await call('http-api-put-stop.json', (e) => {
      e['pathParameters'] = { proxy: 'connectors/postgres-source/stop' }
    })
    const res = await call('rest-api-patch-offsets.json', (e) => {
      e['pathParameters'] = { proxy: 'connectors/postgres-source/offsets' }
      e['body'] = JSON.stringify({
        offsets: [{ partition: { table: 'public.orders', protocol: '1' }, offset: { incrementing: 3 } }],
      })
    })
    expect(res.statusCode).toBe(200)
    expect(await sourceOffsets('postgres-source').get({ protocol: '1', table: 'public.orders' })).toEqual({
      incrementing: 3,
    })
  })

  it('validates an S3 sink config sent base64-encoded, hiding the secret', async () => {
    const res = await call('rest-api-put-validate-base64.json')
    expect(res.statusCode).toBe(200)
    const infos = res.json as {
      name: string
      error_count: number
      configs: Array<{ definition: { name: string } | null; value: { value: string | null; errors: string[] } | null }>
    }
    expect(infos.name).toBe('io.confluent.connect.s3.S3SinkConnector')
    expect(infos.error_count).toBe(0)
    const secret = infos.configs.find((c) => c.definition?.name === 'aws.secret.access.key')
    expect(secret?.value?.value).toBe('[hidden]')
    expect(res.body).not.toContain('wJalrXUtnFEMI')
  })

  it('answers Connect errors through both event kinds: unknown connector, bad JSON, wrong method', async () => {
    const unknown = await call(
      'rest-api-get-status.json',
      (e) => (e['pathParameters'] = { proxy: 'connectors/nope/status' }),
    )
    expect([unknown.statusCode, unknown.json]).toEqual([
      404,
      { error_code: 404, message: 'No status found for connector nope' },
    ])
    const info = await call('http-api-get-connectors-expand.json', (e) => {
      e['pathParameters'] = { proxy: 'connectors/nope' }
      e['rawQueryString'] = ''
    })
    expect([info.statusCode, info.json]).toEqual([404, { error_code: 404, message: 'Connector nope not found' }])
    const bad = await call('rest-api-patch-offsets.json', (e) => (e['body'] = '{"offsets": ['))
    expect(bad.statusCode).toBe(400)
    expect((bad.json as { error_code: number }).error_code).toBe(400)
    const wrong = await call('rest-api-get-status.json', (e) => (e['httpMethod'] = 'DELETE'))
    expect([wrong.statusCode, wrong.json]).toEqual([405, { error_code: 405, message: 'HTTP 405 Method Not Allowed' }])
    const refused = await call('rest-api-get-status.json', (e) => {
      e['httpMethod'] = 'PUT'
      e['pathParameters'] = { proxy: 'connectors/s3-sink/config' }
      e['body'] = '{}'
    })
    expect(refused.statusCode).toBe(405)
  })
})

describe('the default handler', () => {
  it('reads DynamoDB through the AWS SDK standard environment', async () => {
    vi.stubEnv('AWS_ENDPOINT_URL', endpoints.aws.endpoint)
    vi.stubEnv('AWS_REGION', endpoints.aws.region)
    vi.stubEnv('AWS_ACCESS_KEY_ID', endpoints.aws.credentials.accessKeyId)
    vi.stubEnv('AWS_SECRET_ACCESS_KEY', endpoints.aws.credentials.secretAccessKey)
    vi.stubEnv('CONNECTLESS_OFFSETS_TABLE', table)
    const { handler: defaultHandler } = await import('../../../functions/connect-api/handler.js')
    const res = await defaultHandler(await fixture('rest-api-get-status.json'))
    expect(res.statusCode).toBe(200)
    expect((JSON.parse(res.body) as Status).type).toBe('sink')
  })
})

async function deploymentFile(config: Record<string, string>): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'connect-api-'))
  const file = join(dir, 'connector.json')
  await writeFile(file, JSON.stringify({ name: 's3-sink', config }))
  return file
}

describe('the status reporter hooks', () => {
  it('confirms RUNNING at most every confirmEveryMs per environment, and at once after its own failure', async () => {
    await store.register({
      name: 'opensearch-sink',
      config: { name: 'opensearch-sink' },
      type: 'sink',
      tasks: 1,
      functionName: null,
      schedules: [],
      scheduleGroup: null,
      version: null,
    })
    let now = 0
    const a = new StatusReporter({
      store: () => store,
      metrics: () => new ConnectorMetrics(),
      workerId: 'a',
      now: () => now,
    })
    const b = new StatusReporter({
      store: () => store,
      metrics: () => new ConnectorMetrics(),
      workerId: 'b',
      now: () => now,
    })
    const state = async () => (await store.status('opensearch-sink')).tasks[0]?.state
    await a.recordBatchOutcome('opensearch-sink', 0, BATCH)
    await b.recordBatchOutcome('opensearch-sink', 0, new ConnectException('b failed'))
    expect(await state()).toBe('FAILED')
    now = 10_000
    await a.recordBatchOutcome('opensearch-sink', 0, BATCH) // confirmed 10 s ago: not written again
    expect(await state()).toBe('FAILED')
    now = 30_000
    await a.recordBatchOutcome('opensearch-sink', 0, BATCH)
    expect(await state()).toBe('RUNNING')
    await b.recordBatchOutcome('opensearch-sink', 0, BATCH) // b's own failure is followed at once
    await a.recordBatchOutcome('opensearch-sink', 0, new ConnectException('a failed'))
    await a.recordBatchOutcome('opensearch-sink', 0, BATCH)
    expect(await state()).toBe('RUNNING')
  })

  it('never throws: a status store that fails is logged and the batch goes on', async () => {
    const broken = new StatusStore(dynamoTableName('missing'), dynamo)
    const r = new StatusReporter({ store: () => broken, metrics: () => new ConnectorMetrics() })
    await expect(r.recordBatchOutcome('x', 0, BATCH)).resolves.toBeUndefined()
    await expect(r.recordBatchOutcome('x', 0, new ConnectException('boom'))).resolves.toBeUndefined()
    await expect(r.recordConnectorStartup('x', new Error('boom'))).resolves.toBeUndefined()
  })
})

describe('the AWS control', () => {
  const connector = {
    name: 's3-sink',
    config: {},
    type: 'sink' as const,
    tasks: 1,
    functionName: 'fn',
    schedules: [],
    scheduleGroup: null,
    version: null,
    targetState: 'STARTED' as const,
    updatedAt: '',
  }

  it('says which package is missing when the SDK client cannot be loaded', async () => {
    const control = new AwsConnectorControl({
      importer: async (name) => {
        throw new Error(`Cannot find package '${name}'`)
      },
    })
    await expect(control.setTargetState(connector, 'PAUSED')).rejects.toThrow(
      /^@aws-sdk\/client-lambda is not available: add it to the connect-api function's bundle/,
    )
  })

  it('fails a pause of a function without an event source mapping, naming the function', async () => {
    const control = new AwsConnectorControl({
      importer: async () => ({
        LambdaClient: class {
          async send() {
            return { EventSourceMappings: [] }
          }
        },
        ListEventSourceMappingsCommand: class {},
        UpdateEventSourceMappingCommand: class {},
        GetFunctionConfigurationCommand: class {},
        UpdateFunctionConfigurationCommand: class {},
      }),
    })
    await expect(control.setTargetState(connector, 'PAUSED')).rejects.toThrow(
      'Function fn has no event source mapping to disable',
    )
  })
})
