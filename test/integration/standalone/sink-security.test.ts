/**
 * The worker's Kafka security settings reach a sink's clients in the standalone runner, as Connect's
 * worker gives them: the task's consumer takes `consumer.*` (and the connector's `consumer.override.*`
 * over it), the admin client of the offsets endpoints `admin.*` (and `admin.override.*`). The local
 * broker is PLAINTEXT, so a client that really uses SASL cannot get in, and says why: that proves
 * the settings reached it. No password shows in a status, an answer or a log line.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTopics, KafkaProducer } from '../../../layers/runtime/kafka/client.js'
import { topicName } from '../../support/names.js'
import { endpoints, requireServices } from '../../support/services.js'
import { createBucket, http, metrics, names, Runner, RunnerDir, s3Sink, status, waitFor } from './fixture.js'

requireServices('kafka', 'moto')

const kafka = { bootstrapServers: [...endpoints.kafka.bootstrapServers] }
const n = names('sink-security')
const plainSink = `s3-sink-${topicName('sink-security-plain')}`
const topic = topicName('sink-security-orders')
const CONSUMER_PASSWORD = 'consumer-s3cret'
const ADMIN_PASSWORD = 'admin-override-s3cret'
const SCRAM = 'org.apache.kafka.common.security.scram.ScramLoginModule'
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
  await createBucket(n.bucket)
  const producer = new KafkaProducer(kafka)
  await producer.send(
    Array.from({ length: 3 }, (_, id) => ({
      topic,
      key: null,
      value: Buffer.from(JSON.stringify({ schema: SCHEMA, payload: { id } })),
      headers: [],
    })),
  )
  await producer.close()
  const worker = dir.writeWorker([
    'listeners=http://127.0.0.1:0',
    'consumer.security.protocol=SASL_PLAINTEXT',
    'consumer.sasl.mechanism=SCRAM-SHA-512',
    `consumer.sasl.jaas.config=${SCRAM} required username="connect" password="${CONSUMER_PASSWORD}";`,
  ])
  // the worker's consumer.* settings
  const sasl = dir.write('s3-sink', s3Sink({ name: n.sink, bucket: n.bucket, topic }))
  // consumer.override.* puts this one's consumer back on PLAINTEXT; admin.override.* gives its admin client SASL
  const plain = dir.write(
    's3-sink-plain',
    s3Sink({
      name: plainSink,
      bucket: n.bucket,
      topic,
      config: {
        'topics.dir': 'plain',
        'flush.size': '1',
        'consumer.override.security.protocol': 'PLAINTEXT',
        'admin.override.security.protocol': 'SASL_PLAINTEXT',
        'admin.override.sasl.mechanism': 'PLAIN',
        'admin.override.sasl.jaas.config': `org.apache.kafka.common.security.plain.PlainLoginModule required username="ops" password="${ADMIN_PASSWORD}";`,
      },
    }),
  )
  runner = await Runner.start([worker, sasl, plain])
  api = runner.url
}, 120_000)

afterAll(async () => {
  await runner?.kill()
  dir.remove()
}, 60_000)

describe('the Kafka security settings of a sink in the standalone runner', () => {
  it('give the sink task’s consumer the worker’s consumer.* SASL settings: the task FAILS with the SASL error, no password shown', async () => {
    const failed = await waitFor('the task to fail', async () => {
      const s = await status(api, n.sink)
      return s.tasks[0]?.state === 'FAILED' ? s : undefined
    })
    expect(failed.connector.state).toBe('RUNNING')
    const trace = failed.tasks[0]?.trace ?? ''
    expect(trace.split('\n')[0]).toContain(`consumer group connect-${n.sink} (topics ${topic}): joining failed`)
    expect(trace.split('\n')[0]).toContain('SASL')
    expect(trace).not.toContain(CONSUMER_PASSWORD)
    expect((await metrics(api, n.sink)).tasks[0]?.records_read).toBe(0)

    // consumer.* is the consumer's only: the admin client of the offsets endpoints is PLAINTEXT and answers
    const offsets = await http(`${api}/connectors/${n.sink}/offsets`)
    expect(offsets.status).toBe(200)
    expect(offsets.body).toEqual({ offsets: [] })
    expect(runner.stderr).toContain(`Task ${n.sink}-0 failed`)
    expect(runner.stderr).not.toContain(CONSUMER_PASSWORD)
  })

  it('let the connector’s consumer.override.* win for its consumer, and give its admin client admin.override.*', async () => {
    // the consumer reads and the sink writes every record: PLAINTEXT won
    const read = await waitFor('the 3 records to be read', async () => {
      const m = await metrics(api, plainSink)
      return (m.tasks[0]?.records_read ?? 0) >= 3 ? m : undefined
    })
    expect(read.tasks[0]).toMatchObject({ state: 'RUNNING', records_read: 3, records_written: 3 })

    // GET …/offsets goes through the admin client, which now speaks SASL to the PLAINTEXT broker that
    // the other connector's (PLAINTEXT) admin client reached
    const offsets = await http(`${api}/connectors/${plainSink}/offsets`)
    expect(offsets.status).toBe(500)
    expect(offsets.text).toContain(`reading the committed offsets of consumer group connect-${plainSink} failed`)
    expect(offsets.text).toContain('Cannot connect to any broker')
    expect(offsets.text).not.toContain(ADMIN_PASSWORD)
    expect(runner.stderr).not.toContain(ADMIN_PASSWORD)
  })
})
