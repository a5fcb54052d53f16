/**
 * The sink runtime end to end on the real services: Kafka → the event source emulator → the Lambda
 * handler → a sink that records what it receives; bad records to the DLQ topic with Connect's headers,
 * one SQS alert per batch, offsets in DynamoDB on moto.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { CreateQueueCommand, DeleteMessageCommand, ReceiveMessageCommand, SQSClient } from '@aws-sdk/client-sqs'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { defineConfig } from '../../../layers/runtime/config/definition.js'
import { AvroConverter } from '../../../layers/runtime/converters/avro/avro-converter.js'
import { SchemaBuilder, Schemas } from '../../../layers/runtime/data/schema.js'
import { Struct } from '../../../layers/runtime/data/struct.js'
import { type ConsumerRecord, createTopics, KafkaProducer, readRecords } from '../../../layers/runtime/kafka/client.js'
import { ensureOffsetsTable, SinkOffsetStore } from '../../../layers/runtime/offsets/offset-store.js'
import type { SinkRecord } from '../../../layers/runtime/record/record.js'
import { EventSourceEmulator } from '../../../layers/runtime/sink/event-source-emulator.js'
import { type SinkConnectorPlugin, sinkHandler } from '../../../layers/runtime/sink/handler.js'
import { decodeEvent, encodeEvent } from '../../../layers/runtime/sink/msk-event.js'
import type { SinkTask } from '../../../layers/runtime/sink/sink-task.js'
import { DLQ_HEADER } from '../../../layers/runtime/tolerance/reporters.js'
import { dynamoTableName, queueName, topicName } from '../../support/names.js'
import { endpoints, requireServices } from '../../support/services.js'

requireServices('kafka', 'moto', 'registry')

const kafka = { bootstrapServers: [...endpoints.kafka.bootstrapServers] }
const table = dynamoTableName('sink-offsets')

/** A sink that remembers what it was given, per connector. */
function recordingSink(received: SinkRecord[]): SinkConnectorPlugin {
  const task: SinkTask = {
    start: async () => {},
    put: async (records) => {
      received.push(...records)
    },
    flush: async () => {},
    stop: async () => {},
  }
  return { classNames: ['connectless.test.RecordingSink'], configDef: defineConfig({}), createTask: () => task }
}

const orderSchema = SchemaBuilder.struct()
  .name('Order')
  .field('id', Schemas.INT64)
  .field('product', Schemas.STRING)
  .build()

async function until(check: () => boolean | Promise<boolean>, what: string, timeoutMs = 30_000): Promise<void> {
  const end = Date.now() + timeoutMs
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`)
    await new Promise((r) => setTimeout(r, 100))
  }
}

const header = (r: ConsumerRecord, key: string) => r.headers.find((h) => h.key === key)?.value?.toString('utf8')

beforeAll(async () => {
  vi.stubEnv('AWS_ENDPOINT_URL', endpoints.aws.endpoint)
  vi.stubEnv('AWS_REGION', endpoints.aws.region)
  vi.stubEnv('AWS_ACCESS_KEY_ID', endpoints.aws.credentials.accessKeyId)
  vi.stubEnv('AWS_SECRET_ACCESS_KEY', endpoints.aws.credentials.secretAccessKey)
  vi.stubEnv('CONNECTLESS_OFFSETS_TABLE', table)
  await ensureOffsetsTable(table)
})

afterAll(() => {
  vi.unstubAllEnvs()
})

describe('the sink runtime with errors.tolerance=all and a DLQ', () => {
  it('delivers the good records, sends each bad one to the DLQ with its original bytes and ten headers, and alerts once per batch', async () => {
    const topic = topicName('orders')
    const dlq = topicName('orders-dlq')
    await createTopics(kafka, [
      { name: topic, partitions: 2 },
      { name: dlq, partitions: 1 },
    ])
    const sqs = new SQSClient({
      endpoint: endpoints.aws.endpoint,
      region: endpoints.aws.region,
      credentials: endpoints.aws.credentials,
    })
    const { QueueUrl: queueUrl } = await sqs.send(new CreateQueueCommand({ QueueName: queueName('dlq-alerts') }))

    // good values are Avro in Confluent's wire format, registered in the real registry
    const avro = new AvroConverter()
    avro.configure({ 'schema.registry.url': endpoints.registry.url }, false)
    const producer = new KafkaProducer(kafka)
    const good: Array<{ key: Buffer; value: Buffer; partition: number }> = []
    for (let i = 0; i < 20; i++) {
      const value = Buffer.from(
        (await avro.fromConnectData(
          topic,
          null,
          orderSchema,
          new Struct(orderSchema).put('id', BigInt(i)).put('product', `p${i}`),
        ))!,
      )
      good.push({ key: Buffer.from(JSON.stringify({ id: i })), value, partition: i % 2 })
    }
    const goodValue = good[0]!.value
    const unknownId = Buffer.from(goodValue)
    unknownId.writeInt32BE(987_654, 1)
    const bad = [
      { why: 'malformed JSON key', key: Buffer.from('{"id": '), value: goodValue, stage: 'KEY_CONVERTER' },
      {
        why: 'wrong magic byte',
        key: Buffer.from('{"id":100}'),
        value: Buffer.from([7, 0, 0, 0, 1, 2]),
        stage: 'VALUE_CONVERTER',
      },
      { why: 'unknown schema id', key: Buffer.from('{"id":101}'), value: unknownId, stage: 'VALUE_CONVERTER' },
      { why: 'transform throws', key: Buffer.from('"not-a-map"'), value: goodValue, stage: 'TRANSFORMATION' },
    ]
    await producer.send([
      ...good.slice(0, 10).map((g) => ({
        topic,
        partition: g.partition,
        key: g.key,
        value: g.value,
        headers: [{ key: 'trace', value: Buffer.from([0, 255]) }],
      })),
      ...bad.map((b) => ({
        topic,
        partition: 0,
        key: b.key,
        value: b.value,
        headers: [{ key: 'trace', value: Buffer.from([0, 255]) }],
      })),
      ...good.slice(10).map((g) => ({ topic, partition: g.partition, key: g.key, value: g.value, headers: [] })),
    ])
    await producer.close()

    const received: SinkRecord[] = []
    const handler = sinkHandler(recordingSink(received), {
      deployment: async () => ({
        name: `${topic}-sink`,
        baseDir: process.cwd(),
        worker: { 'bootstrap.servers': kafka.bootstrapServers.join(','), 'connectless.alert.queue.url': queueUrl! },
        config: {
          name: `${topic}-sink`,
          'connector.class': 'connectless.test.RecordingSink',
          topics: topic,
          'key.converter': 'org.apache.kafka.connect.json.JsonConverter',
          'key.converter.schemas.enable': 'false',
          'value.converter': 'io.confluent.connect.avro.AvroConverter',
          'value.converter.schema.registry.url': endpoints.registry.url,
          transforms: 'extractId',
          'transforms.extractId.type': 'org.apache.kafka.connect.transforms.ExtractField$Key',
          'transforms.extractId.field': 'id',
          'errors.tolerance': 'all',
          'errors.deadletterqueue.topic.name': dlq,
          'errors.deadletterqueue.context.headers.enable': 'true',
          'errors.log.enable': 'true',
        },
      }),
    })
    let batches = 0
    const emulator = new EventSourceEmulator({
      kafka,
      groupId: `connect-${topic}-sink`,
      topics: [topic],
      batchSize: 1000,
      batchingWindowMs: 1000,
      handler,
      onInvocation: (i) => {
        if (i.error === null) batches++
      },
    })
    emulator.start()
    try {
      await until(() => received.length >= good.length, 'the good records')
      const dlqRecords = await readRecords(kafka, dlq, { count: bad.length, timeoutMs: 20_000 })

      // nothing lost: every record is either in the sink or in the DLQ
      expect(received).toHaveLength(good.length)
      expect(dlqRecords).toHaveLength(bad.length)
      expect(received.map((r) => r.key).sort((a, b) => Number(a) - Number(b))).toEqual(good.map((_, i) => BigInt(i)))
      expect((received[0]!.value as Struct).schema.name).toBe('Order')

      for (const b of bad) {
        const r = dlqRecords.find((d) => d.key?.equals(b.key))
        expect(r, b.why).toBeDefined()
        expect(r!.value?.equals(b.value), `${b.why}: original value bytes`).toBe(true)
        expect(r!.headers[0]).toEqual({ key: 'trace', value: Buffer.from([0, 255]) })
        expect(r!.headers.slice(1).map((h) => h.key)).toEqual(Object.values(DLQ_HEADER))
        expect(header(r!, DLQ_HEADER.TOPIC)).toBe(topic)
        expect(header(r!, DLQ_HEADER.PARTITION)).toBe('0')
        expect(Number(header(r!, DLQ_HEADER.OFFSET))).toBeGreaterThanOrEqual(0)
        expect(header(r!, DLQ_HEADER.CONNECTOR_NAME)).toBe(`${topic}-sink`)
        expect(header(r!, DLQ_HEADER.TASK_ID)).toBe('0')
        expect(header(r!, DLQ_HEADER.STAGE), b.why).toBe(b.stage)
        expect(header(r!, DLQ_HEADER.EXCEPTION), b.why).toMatch(/Exception$/)
        expect(header(r!, DLQ_HEADER.EXCEPTION_STACK_TRACE)).toContain('\tat ')
      }
      expect(header(dlqRecords.find((d) => d.key?.toString() === '"not-a-map"')!, DLQ_HEADER.EXECUTING_CLASS)).toBe(
        'org.apache.kafka.connect.transforms.ExtractField$Key',
      )
      expect(header(dlqRecords.find((d) => d.key?.toString() === '{"id":100}')!, DLQ_HEADER.EXECUTING_CLASS)).toBe(
        'io.confluent.connect.avro.AvroConverter',
      )

      // one alert per batch that had DLQ records, never one per record (sent once the batch is done)
      await until(() => batches >= 1, 'the first batch to complete')
      const alerts: Array<{ records: number; dlqTopic: string; connector: string }> = []
      for (let i = 0; i < 20 && alerts.reduce((n, a) => n + a.records, 0) < bad.length; i++) {
        const res = await sqs.send(
          new ReceiveMessageCommand({ QueueUrl: queueUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: 1 }),
        )
        for (const m of res.Messages ?? []) {
          alerts.push(JSON.parse(m.Body!) as { records: number; dlqTopic: string; connector: string })
          await sqs.send(new DeleteMessageCommand({ QueueUrl: queueUrl, ReceiptHandle: m.ReceiptHandle }))
        }
      }
      expect(alerts.length).toBeGreaterThanOrEqual(1)
      expect(alerts.length).toBeLessThanOrEqual(batches)
      expect(alerts.reduce((n, a) => n + a.records, 0)).toBe(bad.length)
      expect(alerts[0]).toMatchObject({ dlqTopic: dlq, connector: `${topic}-sink` })
    } finally {
      await emulator.stop()
      await handler.close()
      sqs.destroy()
    }
  })
})

describe('the sink runtime with errors.tolerance=none', () => {
  it('stops at the first bad record naming topic, partition and offset, then resumes from the last committed offset once the config is fixed', async () => {
    const topic = topicName('strict')
    await createTopics(kafka, [{ name: topic, partitions: 1 }])
    const producer = new KafkaProducer(kafka)
    const values = Array.from({ length: 10 }, (_, i) => ({ id: i }))
    await producer.send(values.map((v) => ({ topic, key: null, value: Buffer.from(JSON.stringify(v)), headers: [] })))
    await producer.send([{ topic, key: null, value: Buffer.from('{broken'), headers: [] }])
    await producer.send(
      values.map((v) => ({ topic, key: null, value: Buffer.from(JSON.stringify({ id: v.id + 10 })), headers: [] })),
    )
    await producer.close()

    const name = `${topic}-sink`
    const deployment = (valueConverter: string) => async () => ({
      name,
      baseDir: process.cwd(),
      worker: { 'bootstrap.servers': kafka.bootstrapServers.join(',') },
      config: {
        name,
        'connector.class': 'connectless.test.RecordingSink',
        topics: topic,
        'value.converter': valueConverter,
        'value.converter.schemas.enable': 'false',
      },
    })
    const received: SinkRecord[] = []
    const errors: unknown[] = []
    const strict = sinkHandler(recordingSink(received), {
      deployment: deployment('org.apache.kafka.connect.json.JsonConverter'),
    })
    const emulator = new EventSourceEmulator({
      kafka,
      groupId: `connect-${name}`,
      topics: [topic],
      batchSize: 5,
      batchingWindowMs: 200,
      retryDelayMs: 100,
      handler: strict,
      onInvocation: (i) => {
        if (i.error !== null) errors.push(i.error)
      },
    })
    emulator.start()
    await until(() => errors.length >= 2, 'the task to fail twice on the bad record')
    await emulator.stop()
    await strict.close()
    const message = (errors[0] as Error).message
    expect(message).toContain('Tolerance exceeded in error handler')
    expect(message).toContain(`topic ${topic}, partition 0, offset 10`)
    expect(received.map((r) => (r.value as Map<string, bigint>).get('id'))).toEqual(values.map((v) => BigInt(v.id)))

    // the fixed config reads the bad record as a string: it is delivered, and so is everything after it
    const fixedReceived: SinkRecord[] = []
    const fixed = sinkHandler(recordingSink(fixedReceived), {
      deployment: deployment('org.apache.kafka.connect.storage.StringConverter'),
    })
    const again = new EventSourceEmulator({
      kafka,
      groupId: `connect-${name}`,
      topics: [topic],
      batchSize: 5,
      batchingWindowMs: 200,
      handler: fixed,
    })
    again.start()
    try {
      await until(() => fixedReceived.length >= 11, 'the rest of the records')
    } finally {
      await again.stop()
      await fixed.close()
    }
    expect(fixedReceived.map((r) => r.kafkaOffset)).toEqual(Array.from({ length: 11 }, (_, i) => i + 10))
    expect(fixedReceived[0]!.value).toBe('{broken')
  })
})

describe('redelivery', () => {
  it('hands each record to the sink once when the same event is delivered twice', async () => {
    const topic = topicName('redelivered')
    const name = `${topic}-sink`
    const raw = Array.from({ length: 6 }, (_, i) => ({
      topic,
      partition: i % 2,
      offset: Math.floor(i / 2),
      timestamp: 1_700_000_000_000 + i,
      timestampType: 'CreateTime' as const,
      key: null,
      value: Buffer.from(JSON.stringify({ n: i })),
      headers: [],
    }))
    const event = encodeEvent(raw, kafka.bootstrapServers.join(','))
    const received: SinkRecord[] = []
    const handler = sinkHandler(recordingSink(received), {
      deployment: async () => ({
        name,
        baseDir: process.cwd(),
        worker: {},
        config: {
          name,
          'connector.class': 'connectless.test.RecordingSink',
          topics: topic,
          'value.converter.schemas.enable': 'false',
          'value.converter': 'org.apache.kafka.connect.json.JsonConverter',
        },
      }),
    })
    const context = { awsRequestId: 'r1', getRemainingTimeInMillis: () => 60_000 }
    await handler(event, context)
    await handler(event, context)
    await handler(encodeEvent(decodeEvent(event).slice(2), kafka.bootstrapServers.join(',')), context)
    await handler.close()
    expect(received).toHaveLength(6)
    const committed = await new SinkOffsetStore(name, table).list()
    expect(committed.sort((a, b) => a.partition - b.partition)).toEqual([
      { topic, partition: 0, offset: 3 },
      { topic, partition: 1, offset: 3 },
    ])
  })
})

describe('what a batch reports on Lambda', () => {
  it('writes one EMF metrics line per batch, with the _aws block and the sink metric names', async () => {
    const topic = topicName('reported')
    const name = `${topic}-sink`
    const raw = Array.from({ length: 4 }, (_, i) => ({
      topic,
      partition: 0,
      offset: i,
      timestamp: 1_700_000_000_000 + i,
      timestampType: 'CreateTime' as const,
      key: null,
      value: Buffer.from(JSON.stringify({ n: i })),
      headers: [],
    }))
    const lines: string[] = []
    const write = process.stdout.write.bind(process.stdout)
    const spy = vi
      .spyOn(process.stdout, 'write')
      .mockImplementation((chunk: string | Uint8Array, ...rest: unknown[]) => {
        lines.push(...(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8')).split('\n'))
        return write(chunk, ...(rest as []))
      })
    const config = {
      name,
      'connector.class': 'connectless.test.RecordingSink',
      topics: topic,
      'value.converter.schemas.enable': 'false',
      'value.converter': 'org.apache.kafka.connect.json.JsonConverter',
    }
    // the deployment file the function carries, which registers the connector at cold start
    const dir = await mkdtemp(join(tmpdir(), 'connectless-sink-report-'))
    await writeFile(join(dir, 'connector.json'), JSON.stringify({ name, config, worker: {} }))
    vi.stubEnv('CONNECTLESS_CONNECTOR_FILE', join(dir, 'connector.json'))
    const handler = sinkHandler(recordingSink([]), {
      reportStatus: true,
      deployment: async () => ({ name, baseDir: dir, worker: {}, config }),
    })
    const context = { awsRequestId: 'r1', getRemainingTimeInMillis: () => 60_000 }
    try {
      await handler(encodeEvent(raw.slice(0, 3), kafka.bootstrapServers.join(',')), context)
      await handler(encodeEvent(raw.slice(3), kafka.bootstrapServers.join(',')), context)
      await handler.close()
    } finally {
      spy.mockRestore()
      await rm(dir, { recursive: true, force: true })
    }
    const emf = lines
      .filter((l) => l.startsWith('{') && l.includes('"_aws"'))
      .map(
        (l) =>
          JSON.parse(l) as Record<string, unknown> & { _aws: { CloudWatchMetrics: { Metrics: { Name: string }[] }[] } },
      )
      .filter((l) => l['connector'] === name)
    expect(emf).toHaveLength(2)
    const names = emf[0]?._aws.CloudWatchMetrics.flatMap((d) => d.Metrics.map((m) => m.Name))
    expect(names).toContain('sink-record-read-total')
    expect(emf.map((l) => l['sink-record-read-total'])).toEqual([3, 1])
  })
})
