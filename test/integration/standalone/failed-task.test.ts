/**
 * A task that fails, as Connect shows it: the seed's s3-sink pointed at a bucket that does not exist
 * yet fails its task (FAILED, with the trace, in the REST API and in `connectless status`), commits
 * nothing, and once the bucket exists a restart of the failed tasks delivers every record once.
 * Offsets are in DynamoDB here (an AWS endpoint is configured), as the Lambda functions keep them.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTopics, KafkaProducer } from '../../../layers/runtime/kafka/client.js'
import { SinkOffsetStore } from '../../../layers/runtime/offsets/offset-store.js'
import { dynamoTableName, topicName } from '../../support/names.js'
import { endpoints, requireServices } from '../../support/services.js'
import {
  createBucket,
  http,
  names,
  Runner,
  RunnerDir,
  s3Rows,
  s3Sink,
  status,
  statusCommand,
  waitFor,
} from './fixture.js'

requireServices('kafka', 'moto')

const kafka = { bootstrapServers: [...endpoints.kafka.bootstrapServers] }
const n = names('failed-task')
const topic = topicName('failed-task-orders')
const table = dynamoTableName('standalone-offsets')
const dir = new RunnerDir()
let runner: Runner
let api: string

const SCHEMA = {
  type: 'struct',
  name: 'orders.Order',
  optional: false,
  fields: [{ field: 'id', type: 'int64', optional: false }],
}

beforeAll(async () => {
  await createTopics(kafka, [{ name: topic, partitions: 1 }])
  const producer = new KafkaProducer(kafka)
  await producer.send(
    Array.from({ length: 120 }, (_, id) => ({
      topic,
      key: null,
      value: Buffer.from(JSON.stringify({ schema: SCHEMA, payload: { id } })),
      headers: [],
    })),
  )
  await producer.close()
  const worker = dir.writeWorker(['listeners=http://127.0.0.1:0'])
  const connector = dir.write('s3-sink', s3Sink({ name: n.sink, bucket: n.bucket, topic }))
  runner = await Runner.start([worker, connector], {
    AWS_ENDPOINT_URL: endpoints.aws.endpoint,
    AWS_REGION: endpoints.aws.region,
    AWS_ACCESS_KEY_ID: endpoints.aws.credentials.accessKeyId,
    AWS_SECRET_ACCESS_KEY: endpoints.aws.credentials.secretAccessKey,
    CONNECTLESS_OFFSETS_TABLE: table,
  })
  api = runner.url
}, 120_000)

afterAll(async () => {
  await runner?.kill()
  dir.remove()
}, 60_000)

describe('a failed sink task in the standalone runner', () => {
  it('shows FAILED with its trace, under a RUNNING connector, and commits nothing', async () => {
    const failed = await waitFor('the task to fail', async () => {
      const s = await status(api, n.sink)
      return s.tasks[0]?.state === 'FAILED' ? s : undefined
    })
    expect(failed.connector.state).toBe('RUNNING')
    expect(Object.keys(failed.tasks[0] ?? {})).toEqual(['id', 'state', 'worker_id', 'version', 'trace'])
    const trace = failed.tasks[0]?.trace ?? ''
    expect(trace.split('\n')[0]).toBe(
      `org.apache.kafka.connect.errors.ConnectException: Non-existent S3 bucket: ${n.bucket}`,
    )
    expect(trace).toMatch(/\n\tat /)
    const task = await http(`${api}/connectors/${n.sink}/tasks/0/status`)
    expect(task.body).toEqual(failed.tasks[0])

    const printed = await statusCommand(n.sink, '--url', api)
    expect(printed.code).toBe(0)
    expect(printed.stdout).toMatch(/^\s+0\s+FAILED\s/m)
    expect(printed.stdout).toContain(`${n.sink} task 0: FAILED\norg.apache.kafka.connect.errors.ConnectException`)

    expect((await http(`${api}/connectors/${n.sink}/offsets`)).body).toEqual({ offsets: [] })
  })

  it('recovers with a restart of the failed tasks once the bucket exists, delivering every record once', async () => {
    await createBucket(n.bucket)
    const restart = await http(`${api}/connectors/${n.sink}/restart?includeTasks=true&onlyFailed=true`, 'POST')
    expect(restart.status).toBe(202)
    const restarting = restart.body as { connector: { state: string }; tasks: Array<{ state: string; trace?: string }> }
    // only the failed instances restart; the trace stays until the task reports again
    expect(restarting.connector.state).toBe('RUNNING')
    expect(restarting.tasks[0]?.state).toBe('RESTARTING')
    expect(restarting.tasks[0]?.trace).toContain('Non-existent S3 bucket')

    const rows = await waitFor('120 rows in S3', async () => {
      const r = await s3Rows(n.bucket)
      return r.length >= 120 ? r : undefined
    })
    expect(rows).toHaveLength(120)
    expect(new Set(rows.map((r) => r.kafka_offset)).size).toBe(120)
    const after = await status(api, n.sink)
    expect(after.tasks).toEqual([
      { id: 0, state: 'RUNNING', worker_id: after.connector.worker_id, version: expect.any(String) },
    ])

    // the offsets went to DynamoDB
    const dynamo = new DynamoDBClient({
      endpoint: endpoints.aws.endpoint,
      region: endpoints.aws.region,
      credentials: { ...endpoints.aws.credentials },
    })
    const committed = await waitFor('the offset in DynamoDB', async () => {
      const list = await new SinkOffsetStore(n.sink, table, dynamo).list()
      return list[0]?.offset === 120 ? list : undefined
    })
    expect(committed).toEqual([{ topic, partition: 0, offset: 120 }])
  })
})
