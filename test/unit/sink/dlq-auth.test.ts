/**
 * The sink handler's dead letter queue clients take the worker's Kafka security settings (SCRAM, MSK IAM,
 * TLS) as Connect's worker gives them to its DLQ producer and admin client, and no secret reaches a log
 * line. The Kafka client is replaced by one that records what it is given: the local broker has no SASL.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { defineConfig } from '../../../layers/runtime/config/definition.js'
import { ConfigException } from '../../../layers/runtime/errors.js'
import type { KafkaClientConfig, ProducerRecord, TopicSpec } from '../../../layers/runtime/kafka/client.js'
import { TimestampType } from '../../../layers/runtime/record/record.js'
import { type SinkConnectorPlugin, sinkHandler } from '../../../layers/runtime/sink/handler.js'
import { encodeEvent } from '../../../layers/runtime/sink/msk-event.js'

const kafka = vi.hoisted(() => ({
  producers: [] as KafkaClientConfig[],
  topics: [] as Array<{ config: KafkaClientConfig; spec: TopicSpec }>,
  sent: [] as ProducerRecord[],
}))

vi.mock('../../../layers/runtime/kafka/client.js', () => ({
  KafkaProducer: class {
    constructor(config: KafkaClientConfig) {
      kafka.producers.push(config)
    }
    async send(records: readonly ProducerRecord[]): Promise<void> {
      kafka.sent.push(...records)
    }
    async close(): Promise<void> {}
  },
  ensureTopic: async (config: KafkaClientConfig, spec: TopicSpec) => {
    kafka.topics.push({ config, spec })
    return true
  },
}))

const SCRAM = 'org.apache.kafka.common.security.scram.ScramLoginModule'
const PASSWORD = 'pw-7f3a9c-not-for-logs'
const ADMIN_PASSWORD = 'admin-pw-41d2e8-not-for-logs'
const SECRET_KEY = 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY'
const MSK =
  'b-1.lake.abc123.c2.kafka.eu-west-1.amazonaws.com:9098,b-2.lake.abc123.c2.kafka.eu-west-1.amazonaws.com:9098'

const discard: SinkConnectorPlugin = {
  classNames: ['connectless.test.DiscardSink'],
  configDef: defineConfig({}),
  createTask: () => ({ start: async () => {}, put: async () => {}, flush: async () => {}, stop: async () => {} }),
}

const connector = {
  name: 'orders-sink',
  'connector.class': 'connectless.test.DiscardSink',
  topics: 'orders',
  'key.converter': 'org.apache.kafka.connect.storage.StringConverter',
  'value.converter': 'org.apache.kafka.connect.json.JsonConverter',
  'value.converter.schemas.enable': 'false',
  'errors.tolerance': 'all',
  'errors.log.enable': 'true',
  'errors.log.include.messages': 'true',
  'errors.deadletterqueue.topic.name': 'orders-dlq',
  'errors.deadletterqueue.topic.replication.factor': '3',
  'errors.deadletterqueue.context.headers.enable': 'true',
}

/** One good record and one that is not JSON: the second goes to the DLQ. */
const event = encodeEvent(
  [
    { offset: 0, value: '{"id":1}' },
    { offset: 1, value: '{"id": ' },
  ].map((r) => ({
    topic: 'orders',
    partition: 0,
    offset: r.offset,
    timestamp: 1_700_000_000_000,
    timestampType: TimestampType.CREATE_TIME,
    key: Buffer.from(`k${r.offset}`),
    value: Buffer.from(r.value),
    headers: [],
  })),
  'event-broker:9092',
)
const context = { awsRequestId: 'test', getRemainingTimeInMillis: () => 60_000 }

const credentials = async () => ({ accessKeyId: 'AKIDEXAMPLE', secretAccessKey: SECRET_KEY, sessionToken: 'tok/en+=' })

let logged = ''
beforeEach(() => {
  kafka.producers.length = 0
  kafka.topics.length = 0
  kafka.sent.length = 0
  logged = ''
  for (const stream of [process.stdout, process.stderr]) {
    // what would be written (the structured logs among it) is kept, not printed
    vi.spyOn(stream, 'write').mockImplementation(((chunk: string | Uint8Array) => {
      logged += typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8')
      return true
    }) as typeof stream.write)
  }
})

afterEach(() => {
  vi.restoreAllMocks()
})

async function runBatch(worker: Record<string, string>, config: Record<string, string> = connector) {
  const handler = sinkHandler(discard, {
    deployment: async () => ({ name: 'orders-sink', config, worker, baseDir: process.cwd() }),
    offsets: () => null,
    reportStatus: false,
    kafkaAuth: { credentials },
  })
  try {
    await handler(event, context)
  } finally {
    await handler.close()
  }
}

describe('the DLQ clients of a sink', () => {
  it('produce with the worker’s SCRAM over TLS settings, and the bad record still reaches the DLQ with its bytes', async () => {
    await runBatch({
      'bootstrap.servers': 'broker-1:9096',
      'security.protocol': 'SASL_SSL',
      'sasl.mechanism': 'SCRAM-SHA-512',
      'sasl.jaas.config': `${SCRAM} required username="connect" password="${PASSWORD}";`,
    })
    expect(kafka.producers).toHaveLength(1)
    const producer = kafka.producers[0]!
    expect(producer.bootstrapServers).toEqual(['broker-1:9096'])
    expect(producer.clientId).toBe('connector-dlq-producer-orders-sink-0')
    expect(producer.security?.sasl).toEqual({ mechanism: 'SCRAM-SHA-512', username: 'connect', password: PASSWORD })
    expect(producer.security?.tls).toMatchObject({ verifyHostname: true })
    // the topic is created (where missing) by an admin client with the same credentials
    expect(kafka.topics).toHaveLength(1)
    expect(kafka.topics[0]!.spec).toMatchObject({ name: 'orders-dlq', replicationFactor: 3 })
    expect(kafka.topics[0]!.config.security?.sasl).toEqual(producer.security?.sasl)
    expect(kafka.sent.map((r) => [r.topic, r.value?.toString()])).toEqual([['orders-dlq', '{"id": ']])
    // the failure was logged with the record, the credentials were not
    expect(logged).toContain('VALUE_CONVERTER')
    expect(logged).not.toContain(PASSWORD)
  })

  it('sign MSK IAM tokens for the brokers’ region with the function’s credentials', async () => {
    await runBatch({
      'bootstrap.servers': MSK,
      'security.protocol': 'SASL_SSL',
      'sasl.mechanism': 'AWS_MSK_IAM',
      'sasl.jaas.config': 'software.amazon.msk.auth.iam.IAMLoginModule required;',
      'sasl.client.callback.handler.class': 'software.amazon.msk.auth.iam.IAMClientCallbackHandler',
    })
    const producer = kafka.producers[0]!
    expect(producer.bootstrapServers).toEqual(MSK.split(','))
    const sasl = producer.security?.sasl
    if (sasl?.mechanism !== 'OAUTHBEARER') throw new Error(`expected OAUTHBEARER, got ${sasl?.mechanism}`)
    const url = new URL(Buffer.from(await sasl.token(), 'base64url').toString('utf8'))
    expect(url.host).toBe('kafka.eu-west-1.amazonaws.com')
    expect(url.searchParams.get('Action')).toBe('kafka-cluster:Connect')
    expect(url.searchParams.get('X-Amz-Credential')).toMatch(
      /^AKIDEXAMPLE\/\d{8}\/eu-west-1\/kafka-cluster\/aws4_request$/,
    )
    expect(kafka.topics[0]!.config.security?.sasl?.mechanism).toBe('OAUTHBEARER')
    expect(kafka.sent).toHaveLength(1)
    expect(logged).not.toContain(SECRET_KEY)
  })

  it('take producer.* and the connector’s producer.override.* for the producer, admin.* and admin.override.* for the admin client', async () => {
    await runBatch(
      {
        'bootstrap.servers': 'broker-1:9096',
        'security.protocol': 'SASL_PLAINTEXT',
        'sasl.mechanism': 'SCRAM-SHA-256',
        'sasl.jaas.config': `${SCRAM} required username="worker" password="${PASSWORD}";`,
        'producer.sasl.jaas.config': `${SCRAM} required username="producer" password="${PASSWORD}";`,
        'admin.sasl.jaas.config': `${SCRAM} required username="admin" password="${ADMIN_PASSWORD}";`,
      },
      {
        ...connector,
        'producer.override.sasl.jaas.config': `${SCRAM} required username="orders-dlq" password="${PASSWORD}";`,
        'producer.override.client.id': 'orders-dlq-writer',
      },
    )
    expect(kafka.producers[0]).toMatchObject({
      clientId: 'orders-dlq-writer',
      security: { tls: null, sasl: { mechanism: 'SCRAM-SHA-256', username: 'orders-dlq' } },
    })
    expect(kafka.topics[0]!.config).toMatchObject({
      clientId: 'connector-dlq-adminclient-orders-sink',
      security: { tls: null, sasl: { mechanism: 'SCRAM-SHA-256', username: 'admin', password: ADMIN_PASSWORD } },
    })
    expect(logged).not.toContain(PASSWORD)
    expect(logged).not.toContain(ADMIN_PASSWORD)
  })

  it('use the event’s brokers where the worker names none, without security', async () => {
    await runBatch({})
    expect(kafka.producers[0]).toMatchObject({ bootstrapServers: ['event-broker:9092'] })
    expect(kafka.producers[0]!.security).toBeUndefined()
  })

  it('fail the cold start on a wrong setting, naming the key and never the secret', async () => {
    const handler = sinkHandler(discard, {
      deployment: async () => ({
        name: 'orders-sink',
        config: connector,
        worker: {
          'bootstrap.servers': 'broker-1:9096',
          'security.protocol': 'SASL_SSL',
          'sasl.mechanism': 'SCRAM-SHA-512',
          'sasl.jaas.config': `org.apache.kafka.common.security.plain.PlainLoginModule required username="u" password="${PASSWORD}";`,
        },
        baseDir: process.cwd(),
      }),
      offsets: () => null,
      reportStatus: false,
    })
    const error = await handler(event, context).then(
      () => null,
      (e: unknown) => e,
    )
    expect(error).toBeInstanceOf(ConfigException)
    expect((error as Error).message).toContain('sasl.jaas.config')
    expect((error as Error).message).not.toContain(PASSWORD)
    expect(kafka.producers).toHaveLength(0)
    expect(logged).not.toContain(PASSWORD)
  })
})
