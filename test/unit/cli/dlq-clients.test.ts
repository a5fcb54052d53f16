import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { consumerProps, type DlqClientOptions, dlqClientConfig } from '../../../cli/commands/dlq-clients.js'
import { ConfigException } from '../../../layers/runtime/errors.js'
import type { KafkaSasl } from '../../../layers/runtime/kafka/client.js'
import { selfSignedCa } from '../../support/certificates.js'

const SCRAM = 'org.apache.kafka.common.security.scram.ScramLoginModule'
const PLAIN = 'org.apache.kafka.common.security.plain.PlainLoginModule'
const MSK_BROKERS = 'b-1.demo.abc123.c2.kafka.eu-west-1.amazonaws.com:9098'
const credentials = async () => ({
  accessKeyId: 'AKIDEXAMPLE',
  secretAccessKey: 'wJalrXUtnFEMI/K7MDENG',
  sessionToken: 't',
})
const defaults: DlqClientOptions = { defaultBootstrapServers: ['127.0.0.1:9092'], credentials }
const CLIENTS = ['reader', 'producer', 'admin'] as const

function thrown(f: () => unknown): ConfigException {
  try {
    f()
  } catch (e) {
    if (e instanceof ConfigException) return e
    throw e
  }
  throw new Error('expected a ConfigException')
}

const scramWorker = {
  'bootstrap.servers': 'b-1.example:9096,b-2.example:9096',
  'security.protocol': 'SASL_SSL',
  'sasl.mechanism': 'SCRAM-SHA-512',
  'sasl.jaas.config': `${SCRAM} required username="connect" password="worker-s3cret";`,
}

describe('connectless dlq: the Kafka clients from --worker', () => {
  it('is PLAINTEXT to CONNECTLESS_KAFKA_BOOTSTRAP (or 127.0.0.1:9092) without a worker file', () => {
    for (const client of CLIENTS) {
      expect(dlqClientConfig(client, {}, defaults)).toEqual({
        bootstrapServers: ['127.0.0.1:9092'],
        clientId: 'connectless-dlq',
        requestTimeoutMs: 30_000,
      })
    }
  })

  it('gives the reader, the producer and the admin client the worker’s own SASL/TLS settings', () => {
    for (const client of CLIENTS) {
      const config = dlqClientConfig(client, scramWorker, defaults)
      expect(config.bootstrapServers).toEqual(['b-1.example:9096', 'b-2.example:9096'])
      expect(config.security).toEqual({
        tls: { verifyHostname: true },
        sasl: { mechanism: 'SCRAM-SHA-512', username: 'connect', password: 'worker-s3cret' },
      })
    }
  })

  it('lets consumer.* win for the reader, producer.* for the producer and admin.* for the admin client, each only for its own', () => {
    const worker = {
      ...scramWorker,
      'consumer.sasl.jaas.config': `${SCRAM} required username="reader" password="r";`,
      'producer.sasl.mechanism': 'PLAIN',
      'producer.security.protocol': 'SASL_PLAINTEXT',
      'producer.sasl.jaas.config': `${PLAIN} required username="writer" password="w";`,
      'admin.client.id': 'ops-admin',
      'admin.request.timeout.ms': '5000',
    }
    const reader = dlqClientConfig('reader', worker, defaults)
    expect(reader.security).toEqual({
      tls: { verifyHostname: true },
      sasl: { mechanism: 'SCRAM-SHA-512', username: 'reader', password: 'r' },
    })
    const producer = dlqClientConfig('producer', worker, defaults)
    expect(producer.security).toEqual({ tls: null, sasl: { mechanism: 'PLAIN', username: 'writer', password: 'w' } })
    const admin = dlqClientConfig('admin', worker, defaults)
    expect(admin).toMatchObject({ clientId: 'ops-admin', requestTimeoutMs: 5000 })
    expect(admin.security?.sasl).toMatchObject({ username: 'connect' })
    expect(reader.clientId).toBe('connectless-dlq')
    expect(consumerProps({ 'security.protocol': 'SSL', 'consumer.security.protocol': 'SASL_SSL' })).toMatchObject({
      'security.protocol': 'SASL_SSL',
    })
  })

  it('takes --bootstrap-server over every bootstrap.servers of the worker, keeping its security settings', () => {
    const worker = { ...scramWorker, 'consumer.bootstrap.servers': 'other:9096' }
    for (const client of CLIENTS) {
      const config = dlqClientConfig(client, worker, { ...defaults, bootstrapServers: ['tunnel:19096'] })
      expect(config.bootstrapServers).toEqual(['tunnel:19096'])
      expect(config.security?.sasl).toMatchObject({ mechanism: 'SCRAM-SHA-512' })
    }
    expect(dlqClientConfig('reader', worker, defaults).bootstrapServers).toEqual(['other:9096'])
  })

  it('reaches MSK with IAM as OAUTHBEARER, signed for the brokers’ region', async () => {
    const worker = {
      'bootstrap.servers': MSK_BROKERS,
      'security.protocol': 'SASL_SSL',
      'sasl.mechanism': 'AWS_MSK_IAM',
      'sasl.jaas.config': 'software.amazon.msk.auth.iam.IAMLoginModule required;',
      'sasl.client.callback.handler.class': 'software.amazon.msk.auth.iam.IAMClientCallbackHandler',
    }
    for (const client of CLIENTS) {
      const sasl = dlqClientConfig(client, worker, defaults).security?.sasl as Extract<
        KafkaSasl,
        { mechanism: 'OAUTHBEARER' }
      >
      expect(sasl.mechanism).toBe('OAUTHBEARER')
      const url = new URL(Buffer.from(await sasl.token(), 'base64url').toString('utf8'))
      expect(url.hostname).toBe('kafka.eu-west-1.amazonaws.com')
    }
  })

  it('trusts the worker’s truststore for TLS', () => {
    const { dir } = selfSignedCa('connectless-dlq-tls-')
    const worker = {
      'bootstrap.servers': 'b:9094',
      'security.protocol': 'SSL',
      'ssl.truststore.type': 'PEM',
      'ssl.truststore.location': join(dir, 'ca.pem'),
    }
    for (const client of CLIENTS) {
      const tls = dlqClientConfig(client, worker, defaults).security?.tls
      expect(tls?.ca?.[0]).toContain('-----BEGIN CERTIFICATE-----')
      expect(dlqClientConfig(client, worker, defaults).security?.sasl).toBeNull()
    }
  })

  it('names the file, the client and the key of a bad setting, and never shows a secret', () => {
    const badJaas = {
      ...scramWorker,
      'consumer.sasl.jaas.config': `${PLAIN} required username="reader" password="consumer-s3cret";`,
    }
    const error = thrown(() => dlqClientConfig('reader', badJaas, { ...defaults, source: 'prod.properties' }))
    expect(error.key).toBe('sasl.jaas.config')
    expect(error.message).toMatch(/^prod\.properties: the reading client's settings \(the worker's keys, consumer\.\*/)
    expect(error.message).toContain('[hidden]')
    expect(`${error.message} ${String(error.stack)}`).not.toMatch(/consumer-s3cret|worker-s3cret/)

    const noPassword = {
      ...scramWorker,
      'producer.sasl.jaas.config': `${SCRAM} required username="writer" token="producer-s3cret";`,
    }
    const producerError = thrown(() => dlqClientConfig('producer', noPassword, defaults))
    expect(producerError.message).toMatch(/^the replaying producer's settings .*needs username and password/)
    expect(producerError.message).not.toContain('producer-s3cret')

    const keystore = { ...scramWorker, 'ssl.keystore.key': '-----BEGIN PRIVATE KEY-----\nSECRETKEY\n-----END' }
    const keyError = thrown(() => dlqClientConfig('admin', keystore, defaults))
    expect(keyError.key).toBe('ssl.keystore.certificate.chain')
    expect(keyError.message).not.toContain('SECRETKEY')
  })
})
