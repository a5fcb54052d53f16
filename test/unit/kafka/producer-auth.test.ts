import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { ConfigException } from '../../../layers/runtime/errors.js'
import { KafkaProducer, type KafkaSasl } from '../../../layers/runtime/kafka/client.js'
import {
  MSK_TOKEN_EXPIRY_SECONDS,
  mskIamToken,
  mskRegionOf,
  presignUrl,
} from '../../../layers/runtime/kafka/msk-iam-token.js'
import { parseJaasConfig, producerClientConfig } from '../../../layers/runtime/kafka/producer-auth.js'
import { selfSignedCa } from '../../support/certificates.js'

const task = { connector: 'postgres-source', taskId: 1 }
const SCRAM = 'org.apache.kafka.common.security.scram.ScramLoginModule'
const PLAIN = 'org.apache.kafka.common.security.plain.PlainLoginModule'
const MSK_BROKERS =
  'b-1.demo.abc123.c2.kafka.eu-west-1.amazonaws.com:9098,b-2.demo.abc123.c2.kafka.eu-west-1.amazonaws.com:9098'
const credentials = async () => ({
  accessKeyId: 'AKIDEXAMPLE',
  secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY',
  sessionToken: 'tok/en+=',
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

describe('sasl.jaas.config (Kafka’s JaasConfig)', () => {
  it('reads the login module, its flag and quoted and bare options', () => {
    expect(parseJaasConfig(`${SCRAM} required username="alice" password="a b;c=d" mode=fast;`)).toEqual([
      {
        loginModule: SCRAM,
        controlFlag: 'required',
        options: { username: 'alice', password: 'a b;c=d', mode: 'fast' },
      },
    ])
  })

  it('reads escaped quotes, single quotes and comments as a StreamTokenizer does', () => {
    const [entry] = parseJaasConfig(
      `/* the broker's user */ ${PLAIN} Required // flags are case-insensitive\n username='bob' password="say \\"hi\\"";`,
    )
    expect(entry?.controlFlag).toBe('required')
    expect(entry?.options).toEqual({ username: 'bob', password: 'say "hi"' })
  })

  it('accepts an entry without options (MSK IAM)', () => {
    expect(parseJaasConfig('software.amazon.msk.auth.iam.IAMLoginModule required;')[0]?.options).toEqual({})
  })

  it.each([
    [`${SCRAM} required username="u" password="p"`, 'JAAS config entry not terminated by semi-colon'],
    [`${SCRAM} mandatory username="u";`, "Invalid login module control flag 'mandatory' in JAAS config"],
    [`${SCRAM} required username=;`, "Value not specified for key 'username' in JAAS config"],
    [`${SCRAM}`, 'Login module control flag not specified in JAAS config'],
    ['', 'Login module not specified in JAAS config'],
  ])('rejects %j with Kafka’s message and without showing the value', (text, message) => {
    const error = thrown(() => parseJaasConfig(text))
    expect(error.key).toBe('sasl.jaas.config')
    expect(error.message).toContain(message)
    expect(error.message).toContain('[hidden]')
    if (text.includes('password')) expect(error.message).not.toContain('"p"')
  })
})

describe('the producer’s client settings (worker, producer.*, producer.override.*)', () => {
  it('uses the worker’s bootstrap servers and Connect’s client id when nothing else is set', () => {
    const config = producerClientConfig({ 'bootstrap.servers': 'k1:9092, k2:9092' }, {}, task)
    expect(config).toEqual({
      bootstrapServers: ['k1:9092', 'k2:9092'],
      clientId: 'connector-producer-postgres-source-1',
      requestTimeoutMs: 30_000,
    })
  })

  it('lets producer.* override the worker and producer.override.* override both, as Connect does', () => {
    const config = producerClientConfig(
      {
        'bootstrap.servers': 'worker:9092',
        'request.timeout.ms': '1000',
        'producer.request.timeout.ms': '2000',
        'producer.client.id': 'w',
      },
      { 'producer.override.client.id': 'mine' },
      task,
    )
    expect(config.requestTimeoutMs).toBe(2000)
    expect(config.clientId).toBe('mine')
    expect(config.bootstrapServers).toEqual(['worker:9092'])
  })

  it('fails naming bootstrap.servers when the worker has none', () => {
    expect(thrown(() => producerClientConfig({}, {}, task)).key).toBe('bootstrap.servers')
  })

  it('reads SCRAM-SHA-512 credentials from the ScramLoginModule of sasl.jaas.config', () => {
    const config = producerClientConfig(
      {
        'bootstrap.servers': 'b:9096',
        'security.protocol': 'SASL_SSL',
        'sasl.mechanism': 'SCRAM-SHA-512',
        'sasl.jaas.config': `${SCRAM} required username="connect" password="s3cret";`,
      },
      {},
      task,
    )
    expect(config.security?.sasl).toEqual({ mechanism: 'SCRAM-SHA-512', username: 'connect', password: 's3cret' })
    expect(config.security?.tls).toEqual({ verifyHostname: true })
  })

  it('reads PLAIN over SASL_PLAINTEXT without TLS', () => {
    const config = producerClientConfig(
      {
        'bootstrap.servers': 'b:9092',
        'security.protocol': 'sasl_plaintext',
        'sasl.mechanism': 'PLAIN',
        'sasl.jaas.config': `${PLAIN} required username="u" password="p";`,
      },
      {},
      task,
    )
    expect(config.security).toEqual({ tls: null, sasl: { mechanism: 'PLAIN', username: 'u', password: 'p' } })
  })

  it('refuses a login module that does not match the mechanism, naming sasl.jaas.config', () => {
    const error = thrown(() =>
      producerClientConfig(
        {
          'bootstrap.servers': 'b:9092',
          'security.protocol': 'SASL_SSL',
          'sasl.mechanism': 'SCRAM-SHA-256',
          'sasl.jaas.config': `${PLAIN} required username="u" password="p";`,
        },
        {},
        task,
      ),
    )
    expect(error.key).toBe('sasl.jaas.config')
    expect(error.message).toContain(SCRAM)
  })

  it('needs sasl.jaas.config for SCRAM and refuses GSSAPI (the default mechanism)', () => {
    const scram = { 'bootstrap.servers': 'b:9092', 'security.protocol': 'SASL_SSL', 'sasl.mechanism': 'SCRAM-SHA-512' }
    expect(thrown(() => producerClientConfig(scram, {}, task)).key).toBe('sasl.jaas.config')
    const gssapi = { 'bootstrap.servers': 'b:9092', 'security.protocol': 'SASL_SSL' }
    expect(thrown(() => producerClientConfig(gssapi, {}, task)).key).toBe('sasl.mechanism')
  })

  it('takes AWS_MSK_IAM as OAUTHBEARER with a token signed for the brokers’ region', async () => {
    const config = producerClientConfig(
      {
        'bootstrap.servers': MSK_BROKERS,
        'security.protocol': 'SASL_SSL',
        'sasl.mechanism': 'AWS_MSK_IAM',
        'sasl.jaas.config': 'software.amazon.msk.auth.iam.IAMLoginModule required;',
        'sasl.client.callback.handler.class': 'software.amazon.msk.auth.iam.IAMClientCallbackHandler',
      },
      {},
      task,
      { credentials },
    )
    const sasl = config.security?.sasl as Extract<KafkaSasl, { mechanism: 'OAUTHBEARER' }>
    expect(sasl.mechanism).toBe('OAUTHBEARER')
    const url = new URL(Buffer.from(await sasl.token(), 'base64url').toString('utf8'))
    expect(url.hostname).toBe('kafka.eu-west-1.amazonaws.com')
    expect(url.searchParams.get('X-Amz-Credential')).toMatch(
      /^AKIDEXAMPLE\/\d{8}\/eu-west-1\/kafka-cluster\/aws4_request$/,
    )
  })

  it('takes OAUTHBEARER with the MSK IAM login callback handler as MSK IAM, region from AWS_REGION for other host names', async () => {
    const config = producerClientConfig(
      {
        'bootstrap.servers': 'vpce-1.example.internal:9098',
        'security.protocol': 'SASL_SSL',
        'sasl.mechanism': 'OAUTHBEARER',
        'sasl.jaas.config': 'org.apache.kafka.common.security.oauthbearer.OAuthBearerLoginModule required;',
        'sasl.login.callback.handler.class': 'software.amazon.msk.auth.iam.IAMOAuthBearerLoginCallbackHandler',
      },
      {},
      task,
      { credentials, region: 'ap-south-2' },
    )
    const sasl = config.security?.sasl as Extract<KafkaSasl, { mechanism: 'OAUTHBEARER' }>
    const url = new URL(Buffer.from(await sasl.token(), 'base64url').toString('utf8'))
    expect(url.hostname).toBe('kafka.ap-south-2.amazonaws.com')
  })

  it('refuses OAUTHBEARER without the MSK handler and IAMLoginModule options it cannot honour', () => {
    const base = { 'bootstrap.servers': MSK_BROKERS, 'security.protocol': 'SASL_SSL' }
    expect(thrown(() => producerClientConfig({ ...base, 'sasl.mechanism': 'OAUTHBEARER' }, {}, task)).key).toBe(
      'sasl.login.callback.handler.class',
    )
    const role = thrown(() =>
      producerClientConfig(
        {
          ...base,
          'sasl.mechanism': 'AWS_MSK_IAM',
          'sasl.jaas.config':
            'software.amazon.msk.auth.iam.IAMLoginModule required awsRoleArn="arn:aws:iam::1:role/x";',
        },
        {},
        task,
        { credentials },
      ),
    )
    expect(role.message).toContain('awsRoleArn')
    expect(role.message).not.toContain('arn:aws:iam')
  })

  it('reads the truststore for TLS (PEM file), and an empty ssl.endpoint.identification.algorithm turns the host check off', () => {
    const { dir } = selfSignedCa('connectless-tls-')
    const config = producerClientConfig(
      {
        'bootstrap.servers': 'b:9094',
        'security.protocol': 'SSL',
        'ssl.truststore.location': join(dir, 'ca.pem'),
        'ssl.truststore.type': 'PEM',
        'ssl.endpoint.identification.algorithm': '',
      },
      {},
      task,
    )
    expect(config.security?.sasl).toBeNull()
    expect(config.security?.tls?.ca).toHaveLength(1)
    expect(config.security?.tls?.ca?.[0]).toContain('-----BEGIN CERTIFICATE-----')
    expect(config.security?.tls?.verifyHostname).toBe(false)
    expect(config.security?.tls?.ca?.[0]?.trim()).toBe(readFileSync(join(dir, 'ca.pem'), 'utf8').trim())
  })

  it('fails naming ssl.truststore.location when the file is missing', () => {
    const error = thrown(() =>
      producerClientConfig(
        { 'bootstrap.servers': 'b:9094', 'security.protocol': 'SSL', 'ssl.truststore.location': '/nonexistent/ts.jks' },
        {},
        task,
      ),
    )
    expect(error.key).toBe('ssl.truststore.location')
  })

  it('takes a PEM client certificate and key for mutual TLS', () => {
    const config = producerClientConfig(
      {
        'bootstrap.servers': 'b:9094',
        'security.protocol': 'SSL',
        'ssl.keystore.type': 'PEM',
        'ssl.keystore.certificate.chain': '-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----',
        'ssl.keystore.key': '-----BEGIN PRIVATE KEY-----\nBBBB\n-----END PRIVATE KEY-----',
      },
      {},
      task,
    )
    expect(config.security?.tls?.cert).toContain('BEGIN CERTIFICATE')
    expect(config.security?.tls?.key).toContain('BEGIN PRIVATE KEY')
  })

  it('builds a producer platformatic accepts with SCRAM over TLS and with MSK IAM (options are validated at construction)', async () => {
    const workers: Record<string, string>[] = [
      {
        'bootstrap.servers': 'b:9096',
        'security.protocol': 'SASL_SSL',
        'sasl.mechanism': 'SCRAM-SHA-512',
        'sasl.jaas.config': `${SCRAM} required username="u" password="p";`,
      },
      { 'bootstrap.servers': MSK_BROKERS, 'security.protocol': 'SASL_SSL', 'sasl.mechanism': 'AWS_MSK_IAM' },
    ]
    for (const worker of workers) {
      const producer = new KafkaProducer(producerClientConfig(worker, {}, task, { credentials }))
      await producer.close()
    }
  })
})

describe('MSK IAM token (AWS SigV4 presigned URL)', () => {
  it('signs AWS’s published presigned-URL example exactly (S3 GET, 2013-05-24)', () => {
    const url = presignUrl(
      { host: 'examplebucket.s3.amazonaws.com', path: '/test.txt', query: {} },
      {
        service: 's3',
        region: 'us-east-1',
        credentials: {
          accessKeyId: 'AKIAIOSFODNN7EXAMPLE',
          secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
        },
        date: new Date('2013-05-24T00:00:00Z'),
        expiresSeconds: 86400,
        payloadHash: 'UNSIGNED-PAYLOAD',
      },
    )
    expect(url).toBe(
      'https://examplebucket.s3.amazonaws.com/test.txt?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKIAIOSFODNN7EXAMPLE%2F20130524%2Fus-east-1%2Fs3%2Faws4_request&X-Amz-Date=20130524T000000Z&X-Amz-Expires=86400&X-Amz-SignedHeaders=host&X-Amz-Signature=aeeed9bbccd4d02ee5c0109b86d86835f995330da4c265957d157751f604d404',
    )
  })

  it('makes the token AWS’s MSK signer makes: kafka-cluster:Connect presigned for 900 s, User-Agent added, base64url without padding', async () => {
    const token = await mskIamToken({ region: 'eu-west-1', credentials, now: () => new Date('2026-11-29T03:04:05Z') })
    expect(token).not.toMatch(/[=+/]/)
    const url = new URL(Buffer.from(token, 'base64url').toString('utf8'))
    expect(url.origin).toBe('https://kafka.eu-west-1.amazonaws.com')
    expect(url.pathname).toBe('/')
    expect(Object.fromEntries(url.searchParams)).toEqual({
      Action: 'kafka-cluster:Connect',
      'X-Amz-Algorithm': 'AWS4-HMAC-SHA256',
      'X-Amz-Credential': 'AKIDEXAMPLE/20261129/eu-west-1/kafka-cluster/aws4_request',
      'X-Amz-Date': '20261129T030405Z',
      'X-Amz-Expires': String(MSK_TOKEN_EXPIRY_SECONDS),
      'X-Amz-Security-Token': 'tok/en+=',
      'X-Amz-SignedHeaders': 'host',
      // the signature the AWS SDK's SignatureV4.presign (@smithy/signature-v4 5.7.5) gives for this request
      'X-Amz-Signature': '5e9fd723c8ed302b7f1f1ce52a837d88c4ce1f8f84af70ff19832d8fee847727',
      'User-Agent': 'connectless-msk-iam',
    })
  })

  it('refuses empty credentials', async () => {
    await expect(
      mskIamToken({ region: 'eu-west-1', credentials: async () => ({ accessKeyId: '', secretAccessKey: '' }) }),
    ).rejects.toThrow(/credentials are empty/)
  })

  it.each([
    ['b-1.demo.abc123.c2.kafka.eu-west-1.amazonaws.com:9098', 'eu-west-1'],
    ['boot-abc.c1.kafka-serverless.us-east-2.amazonaws.com:9098', 'us-east-2'],
    ['b-1.x.c3.kafka.cn-north-1.amazonaws.com.cn:9098', 'cn-north-1'],
    ['broker.example.com:9092', null],
  ])('reads the region of %s', (host, region) => {
    expect(mskRegionOf(host)).toBe(region)
  })
})
