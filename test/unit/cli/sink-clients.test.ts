import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it, vi } from 'vitest'
import {
  type SinkClientSource,
  sinkAdminConfig,
  sinkClientConfigs,
  sinkConsumerConfig,
} from '../../../cli/standalone/sink-clients.js'
import { StandaloneWorker } from '../../../cli/standalone/worker.js'
import { ConfigException } from '../../../layers/runtime/errors.js'
import type { KafkaSasl } from '../../../layers/runtime/kafka/client.js'
import { State } from '../../../layers/runtime/status/state.js'
import { selfSignedCa } from '../../support/certificates.js'

const SCRAM = 'org.apache.kafka.common.security.scram.ScramLoginModule'
const PLAIN = 'org.apache.kafka.common.security.plain.PlainLoginModule'
const MSK_BROKERS = 'b-1.demo.abc123.c2.kafka.eu-west-1.amazonaws.com:9098'
const credentials = async () => ({
  accessKeyId: 'AKIDEXAMPLE',
  secretAccessKey: 'wJalrXUtnFEMI/K7MDENG',
  sessionToken: 't',
})

const scramWorker = {
  'bootstrap.servers': 'b-1.example:9096,b-2.example:9096',
  'security.protocol': 'SASL_SSL',
  'sasl.mechanism': 'SCRAM-SHA-512',
  'sasl.jaas.config': `${SCRAM} required username="connect" password="worker-s3cret";`,
}

const sink = (worker: Record<string, string>, config: Record<string, string> = {}): SinkClientSource => ({
  name: 'orders-sink',
  worker,
  config: { name: 'orders-sink', 'connector.class': 'io.confluent.connect.s3.S3SinkConnector', ...config },
})

function thrown(f: () => unknown): ConfigException {
  try {
    f()
  } catch (e) {
    if (e instanceof ConfigException) return e
    throw e
  }
  throw new Error('expected a ConfigException')
}

describe("the standalone runner's sink clients", () => {
  it('are PLAINTEXT to the worker’s brokers with Connect’s client ids when the worker sets no security', () => {
    const { consumer, admin } = sinkClientConfigs(sink({ 'bootstrap.servers': '127.0.0.1:9092' }))
    expect(consumer).toEqual({
      bootstrapServers: ['127.0.0.1:9092'],
      clientId: 'connector-consumer-orders-sink-0',
      requestTimeoutMs: 30_000,
    })
    expect(admin).toEqual({
      bootstrapServers: ['127.0.0.1:9092'],
      clientId: 'connector-worker-adminclient-orders-sink',
      requestTimeoutMs: 30_000,
    })
  })

  it('give the consumer and the admin client the worker’s own SCRAM and TLS settings', () => {
    const { consumer, admin } = sinkClientConfigs(sink(scramWorker))
    for (const config of [consumer, admin]) {
      expect(config.bootstrapServers).toEqual(['b-1.example:9096', 'b-2.example:9096'])
      expect(config.security).toEqual({
        tls: { verifyHostname: true },
        sasl: { mechanism: 'SCRAM-SHA-512', username: 'connect', password: 'worker-s3cret' },
      })
    }
  })

  it('let consumer.* win for the consumer and admin.* for the admin client, each only for its own; producer.* for neither', () => {
    const worker = {
      ...scramWorker,
      'consumer.sasl.jaas.config': `${SCRAM} required username="reader" password="r";`,
      'consumer.bootstrap.servers': 'c:9096',
      'admin.sasl.mechanism': 'PLAIN',
      'admin.sasl.jaas.config': `${PLAIN} required username="ops" password="a";`,
      'admin.client.id': 'ops-admin',
      'producer.security.protocol': 'PLAINTEXT',
      'producer.request.timeout.ms': '1000',
    }
    const { consumer, admin } = sinkClientConfigs(sink(worker))
    expect(consumer).toEqual({
      bootstrapServers: ['c:9096'],
      clientId: 'connector-consumer-orders-sink-0',
      requestTimeoutMs: 30_000,
      security: {
        tls: { verifyHostname: true },
        sasl: { mechanism: 'SCRAM-SHA-512', username: 'reader', password: 'r' },
      },
    })
    expect(admin).toEqual({
      bootstrapServers: ['b-1.example:9096', 'b-2.example:9096'],
      clientId: 'ops-admin',
      requestTimeoutMs: 30_000,
      security: { tls: { verifyHostname: true }, sasl: { mechanism: 'PLAIN', username: 'ops', password: 'a' } },
    })
  })

  it('let the connector’s consumer.override.* and admin.override.* win over the worker’s, each for its own client', () => {
    const worker = {
      ...scramWorker,
      'consumer.sasl.jaas.config': `${SCRAM} required username="reader" password="r";`,
      'admin.request.timeout.ms': '5000',
    }
    const connector = {
      'consumer.override.sasl.jaas.config': `${SCRAM} required username="orders-reader" password="o";`,
      'consumer.override.client.id': 'orders-consumer',
      'admin.override.request.timeout.ms': '7000',
      'producer.override.security.protocol': 'PLAINTEXT',
    }
    const { consumer, admin } = sinkClientConfigs(sink(worker, connector))
    expect(consumer.clientId).toBe('orders-consumer')
    expect(consumer.security?.sasl).toEqual({ mechanism: 'SCRAM-SHA-512', username: 'orders-reader', password: 'o' })
    expect(consumer.requestTimeoutMs).toBe(30_000)
    expect(admin.requestTimeoutMs).toBe(7000)
    expect(admin.clientId).toBe('connector-worker-adminclient-orders-sink')
    expect(admin.security?.sasl).toEqual({ mechanism: 'SCRAM-SHA-512', username: 'connect', password: 'worker-s3cret' })
  })

  it('reach MSK with IAM as OAUTHBEARER, signed for the brokers’ region', async () => {
    const worker = {
      'bootstrap.servers': MSK_BROKERS,
      'security.protocol': 'SASL_SSL',
      'sasl.mechanism': 'AWS_MSK_IAM',
      'sasl.jaas.config': 'software.amazon.msk.auth.iam.IAMLoginModule required;',
      'sasl.client.callback.handler.class': 'software.amazon.msk.auth.iam.IAMClientCallbackHandler',
    }
    const { consumer, admin } = sinkClientConfigs(sink(worker), { credentials })
    for (const config of [consumer, admin]) {
      const sasl = config.security?.sasl as Extract<KafkaSasl, { mechanism: 'OAUTHBEARER' }>
      expect(sasl.mechanism).toBe('OAUTHBEARER')
      const url = new URL(Buffer.from(await sasl.token(), 'base64url').toString('utf8'))
      expect(url.hostname).toBe('kafka.eu-west-1.amazonaws.com')
      expect(url.searchParams.get('Action')).toBe('kafka-cluster:Connect')
    }
  })

  it('trust the truststore the worker names for TLS', () => {
    const { dir } = selfSignedCa('connectless-sink-tls-')
    const worker = {
      'bootstrap.servers': 'b:9094',
      'consumer.security.protocol': 'SSL',
      'consumer.ssl.truststore.type': 'PEM',
      'consumer.ssl.truststore.location': join(dir, 'ca.pem'),
      'consumer.ssl.endpoint.identification.algorithm': '',
    }
    const consumer = sinkConsumerConfig(sink(worker))
    expect(consumer.security?.tls?.ca?.[0]).toContain('-----BEGIN CERTIFICATE-----')
    expect(consumer.security).toMatchObject({ sasl: null, tls: { verifyHostname: false } })
    // consumer.* is the consumer's only
    expect(sinkAdminConfig(sink(worker)).security).toBeUndefined()
  })

  it('name the key as it was written and where, with a secret value [hidden], for a bad setting', () => {
    const badOverride = sink(scramWorker, {
      'consumer.override.sasl.jaas.config': `${PLAIN} required username="orders" password="override-s3cret";`,
    })
    const error = thrown(() => sinkConsumerConfig(badOverride))
    expect(error.key).toBe('consumer.override.sasl.jaas.config')
    expect(error.message).toMatch(/^The sink task's consumer settings \(the worker's keys, its consumer\.\* keys/)
    expect(error.message).toContain('Invalid value [hidden] for configuration sasl.jaas.config')
    expect(error.message).toContain('(set as consumer.override.sasl.jaas.config in the connector config)')
    expect(`${error.message} ${String(error.stack)}`).not.toMatch(/override-s3cret|worker-s3cret/)

    const badWorker = {
      ...scramWorker,
      'admin.sasl.jaas.config': `${SCRAM} required username="ops" token="admin-s3cret";`,
    }
    const adminError = thrown(() => sinkAdminConfig(sink(badWorker)))
    expect(adminError.key).toBe('admin.sasl.jaas.config')
    expect(adminError.message).toMatch(/^The sink connector's admin client settings .*needs username and password/)
    expect(adminError.message).toContain('(set as admin.sasl.jaas.config in the worker properties)')
    expect(adminError.message).not.toContain('admin-s3cret')
    // the consumer does not read admin.*
    expect(sinkConsumerConfig(sink(badWorker)).security?.sasl).toMatchObject({ username: 'connect' })

    const timeout = thrown(() => sinkConsumerConfig(sink({ ...scramWorker, 'consumer.request.timeout.ms': 'soon' })))
    expect(timeout.key).toBe('consumer.request.timeout.ms')
    expect(timeout.message).toContain('Invalid value soon for configuration request.timeout.ms')

    const missing = thrown(() =>
      sinkConsumerConfig(
        sink({ 'bootstrap.servers': 'b:9092', 'sasl.mechanism': 'PLAIN', 'security.protocol': 'SASL_PLAINTEXT' }),
      ),
    )
    expect(missing.key).toBe('sasl.jaas.config')
    expect(missing.message).toContain('needs sasl.jaas.config')
  })
})

describe('a sink connector with a bad Kafka setting in the standalone runner', () => {
  afterEach(() => vi.unstubAllEnvs())

  function worker(extra: Record<string, string>) {
    // offsets in a file: nothing here reaches a service
    vi.stubEnv('AWS_ENDPOINT_URL', '')
    vi.stubEnv('CONNECTLESS_OFFSETS_TABLE', '')
    const dir = mkdtempSync(join(tmpdir(), 'connectless-sink-clients-'))
    const path = join(dir, 'worker.properties')
    writeFileSync(path, '')
    return new StandaloneWorker(
      { 'bootstrap.servers': '127.0.0.1:9092', 'offset.storage.file.filename': join(dir, 'offsets.json'), ...extra },
      path,
    )
  }
  const s3 = (config: Record<string, string> = {}) => ({
    name: 'orders-sink',
    path: '/tmp/orders-sink.json',
    config: {
      'connector.class': 'io.confluent.connect.s3.S3SinkConnector',
      topics: 'orders',
      's3.bucket.name': 'lake',
      's3.region': 'us-east-1',
      'storage.class': 'io.confluent.connect.s3.storage.S3Storage',
      'format.class': 'io.confluent.connect.s3.format.json.JsonFormat',
      'flush.size': '10',
      ...config,
    },
  })

  it('fails to start, FAILED with no tasks and a trace that names the key and hides the secret', async () => {
    const w = worker({
      'consumer.security.protocol': 'SASL_SSL',
      'consumer.sasl.mechanism': 'SCRAM-SHA-256',
      'consumer.sasl.jaas.config': `${PLAIN} required username="u" password="consumer-s3cret";`,
    })
    await w.add(s3())
    const entry = w.get('orders-sink')
    expect(entry.state).toBe(State.FAILED)
    expect(entry.tasks).toEqual([])
    const first = entry.trace?.split('\n')[0] ?? ''
    expect(first).toMatch(/^org\.apache\.kafka\.common\.config\.ConfigException: The sink task's consumer settings/)
    expect(first).toContain('Invalid value [hidden] for configuration sasl.jaas.config')
    expect(first).toContain('(set as consumer.sasl.jaas.config in the worker properties)')
    expect(entry.trace).not.toContain('consumer-s3cret')
    await w.shutdown()
  })

  it('fails to start on a bad admin.override.* of the connector, which the offsets endpoints would use', async () => {
    const w = worker({})
    await w.add(s3({ 'admin.override.security.protocol': 'SASL_PLAINTEXT', 'admin.override.sasl.mechanism': 'GSSAPI' }))
    const entry = w.get('orders-sink')
    expect(entry.state).toBe(State.FAILED)
    expect(entry.trace?.split('\n')[0]).toContain(
      "The sink connector's admin client settings (the worker's keys, its admin.* keys over them, the connector's admin.override.* keys over those): Invalid value GSSAPI for configuration sasl.mechanism",
    )
    expect(entry.trace?.split('\n')[0]).toContain('(set as admin.override.sasl.mechanism in the connector config)')
    await expect(w.offsets.resetSink('orders-sink')).rejects.toThrow(/admin\.override\.sasl\.mechanism/)
    await w.shutdown()
  })
})
