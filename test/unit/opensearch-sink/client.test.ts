import { once } from 'node:events'
import { rmSync } from 'node:fs'
import { createServer as createHttpServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import { createServer as createHttpsServer } from 'node:https'
import type { AddressInfo } from 'node:net'
import type { TLSSocket } from 'node:tls'
import { gunzipSync } from 'node:zlib'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { OpenSearchClient } from '../../../functions/opensearch-sink/client.js'
import { parseOpenSearchSinkConfig } from '../../../functions/opensearch-sink/config.js'
import { tlsOptions } from '../../../functions/opensearch-sink/tls.js'
import { ConfigException, ConnectException, RetriableException } from '../../../layers/runtime/errors.js'
import { type Certificates, makeCertificates } from './certificates.js'

interface Seen {
  readonly method: string
  readonly url: string
  readonly headers: IncomingMessage['headers']
  readonly body: Buffer
  readonly clientCn: string | null
}

type Handler = (req: Seen, res: ServerResponse) => void

const json = (res: ServerResponse, status: number, body: unknown) => {
  res.writeHead(status, { 'content-type': 'application/json' })
  res.end(JSON.stringify(body))
}

const opensearch: Handler = (req, res) => {
  if (req.method === 'GET' && req.url === '/')
    json(res, 200, { version: { number: '3.8.0', distribution: 'opensearch' } })
  else if (req.method === 'HEAD') {
    res.writeHead(200)
    res.end()
  } else json(res, 200, { errors: false, items: [{ index: { status: 201 } }] })
}

const servers: Server[] = []

async function serve(
  handler: Handler,
  tls?: { key: string; cert: string; ca?: string },
): Promise<{ url: string; seen: Seen[] }> {
  const seen: Seen[] = []
  const listener = (req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = []
    req.on('data', (c: Buffer) => chunks.push(c))
    req.on('end', () => {
      const socket = req.socket as TLSSocket
      const peer = typeof socket.getPeerCertificate === 'function' ? socket.getPeerCertificate() : null
      const entry: Seen = {
        method: req.method ?? '',
        url: req.url ?? '',
        headers: req.headers,
        body: Buffer.concat(chunks),
        clientCn: peer?.subject?.CN === undefined ? null : String(peer.subject.CN),
      }
      seen.push(entry)
      handler(entry, res)
    })
  }
  const server =
    tls === undefined
      ? createHttpServer(listener)
      : createHttpsServer({ ...tls, requestCert: tls.ca !== undefined, rejectUnauthorized: false }, listener)
  server.listen(0, '127.0.0.1')
  await once(server, 'listening')
  servers.push(server)
  const { port } = server.address() as AddressInfo
  return { url: `${tls === undefined ? 'http' : 'https'}://127.0.0.1:${port}`, seen }
}

const clients: OpenSearchClient[] = []

function client(props: Record<string, string>): OpenSearchClient {
  const c = OpenSearchClient.fromConfig(parseOpenSearchSinkConfig({ 'retry.backoff.ms': '1', ...props }))
  clients.push(c)
  return c
}

afterEach(async () => {
  for (const c of clients.splice(0)) await c.close()
})

afterAll(async () => {
  for (const s of servers) {
    s.closeAllConnections?.()
    s.close()
  }
})

describe('OpenSearch client', () => {
  it('reads the server version, and says Unknown where it cannot', async () => {
    const { url } = await serve(opensearch)
    expect(await client({ 'connection.url': url }).version()).toBe('3.8.0')
    expect(await client({ 'connection.url': 'http://127.0.0.1:1', 'max.retries': '0' }).version()).toBe('Unknown')
  })

  it('sends basic auth where username and password are set', async () => {
    const { url, seen } = await serve(opensearch)
    await client({
      'connection.url': url,
      'connection.username': 'elastic',
      'connection.password': 's3cret',
    }).indexExists('orders')
    expect(seen[0]!.headers.authorization).toBe(`Basic ${Buffer.from('elastic:s3cret').toString('base64')}`)
  })

  it('signs requests with SigV4 for the configured region and service, credentials from the default chain', async () => {
    const saved = { ...process.env }
    process.env['AWS_ACCESS_KEY_ID'] = 'AKIDEXAMPLE'
    process.env['AWS_SECRET_ACCESS_KEY'] = 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY'
    delete process.env['AWS_SESSION_TOKEN']
    delete process.env['AWS_PROFILE']
    try {
      const { url, seen } = await serve(opensearch)
      const c = client({
        'connection.url': url,
        'connectless.aws.sigv4.region': 'eu-west-1',
        'connectless.aws.sigv4.service': 'aoss',
      })
      await c.bulk(Buffer.from('{"index":{"_index":"a"}}\n{}\n'))
      const headers = seen[0]!.headers
      expect(headers.authorization).toMatch(
        /^AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE\/\d{8}\/eu-west-1\/aoss\/aws4_request, SignedHeaders=.*host.*, Signature=[0-9a-f]{64}$/,
      )
      expect(headers['x-amz-content-sha256']).toMatch(/^[0-9a-f]{64}$/)
    } finally {
      process.env = saved
    }
  })

  it('asks for only the status and error of each bulk item', async () => {
    const { url, seen } = await serve(opensearch)
    const items = await client({ 'connection.url': url }).bulk(Buffer.from('{"index":{"_index":"a"}}\n{}\n'))
    expect(items).toEqual([{ status: 201 }])
    expect(decodeURIComponent(seen[0]!.url)).toBe('/_bulk?filter_path=errors,items.*.status,items.*.error')
    expect(seen[0]!.headers['content-type']).toBe('application/x-ndjson')
  })

  it('gzips request bodies with connection.compression', async () => {
    const { url, seen } = await serve(opensearch)
    const body = '{"index":{"_index":"a"}}\n{"x":1}\n'
    await client({ 'connection.url': url, 'connection.compression': 'true' }).bulk(Buffer.from(body))
    expect(seen[0]!.headers['content-encoding']).toBe('gzip')
    expect(gunzipSync(seen[0]!.body).toString()).toBe(body)
  })

  it('fails at once, without retries, on 401, naming the credentials keys', async () => {
    const { url, seen } = await serve((_req, res) =>
      json(res, 401, { error: { type: 'security_exception', reason: 'no' } }),
    )
    const call = client({ 'connection.url': url, 'max.retries': '3' }).indexExists('orders')
    await expect(call).rejects.toThrow(ConnectException)
    await expect(call).rejects.not.toThrow(RetriableException)
    await expect(call).rejects.toThrow(/HTTP 401 .*check connection\.username and connection\.password/)
    expect(seen).toHaveLength(1)
  })

  it('retries 503 answers max.retries times, then raises a RetriableException', async () => {
    const { url, seen } = await serve((_req, res) => json(res, 503, { error: { type: 'unavailable', reason: 'x' } }))
    const call = client({ 'connection.url': url, 'max.retries': '2' }).bulk(Buffer.from('{}\n'))
    await expect(call).rejects.toThrow(RetriableException)
    await expect(call).rejects.toThrow(
      "Failed to execute bulk request due to 'ResponseError: HTTP 503 unavailable' after 3 attempt(s)",
    )
    expect(seen.filter((s) => s.url.startsWith('/_bulk'))).toHaveLength(3)
  })

  it('retries a request that times out after read.timeout.ms', async () => {
    let calls = 0
    const { url } = await serve((req, res) => {
      calls++
      if (calls === 1) return // never answers
      opensearch(req, res)
    })
    expect(await client({ 'connection.url': url, 'read.timeout.ms': '200' }).indexExists('orders')).toBe(true)
    expect(calls).toBe(2)
  })

  it('moves to the next URL when one is down', async () => {
    const { url } = await serve(opensearch)
    const c = client({ 'connection.url': `http://127.0.0.1:1,${url}`, 'max.retries': '2' })
    expect(await c.indexExists('a')).toBe(true)
    expect(await c.indexExists('b')).toBe(true)
  })
})

describe('OpenSearch client over TLS', () => {
  let certs: Certificates
  beforeAll(() => {
    certs = makeCertificates()
  })
  afterAll(() => rmSync(certs.dir, { recursive: true, force: true }))

  const ssl = (url: string, extra: Record<string, string> = {}) => ({
    'connection.url': url,
    'max.retries': '0',
    'elastic.security.protocol': 'SSL',
    'elastic.https.ssl.truststore.location': certs.truststoreP12,
    'elastic.https.ssl.truststore.password': 'changeit',
    ...extra,
  })

  it('trusts the server through a PKCS12 truststore and presents a PKCS12 client certificate', async () => {
    const { url, seen } = await serve(opensearch, { key: certs.serverKey, cert: certs.serverCert, ca: certs.caPem })
    const localhost = url.replace('127.0.0.1', 'localhost')
    const c = client(
      ssl(localhost, {
        'elastic.https.ssl.keystore.type': 'PKCS12',
        'elastic.https.ssl.keystore.location': certs.keystoreP12,
        'elastic.https.ssl.keystore.password': 'secret',
      }),
    )
    expect(await c.indexExists('orders')).toBe(true)
    expect(seen[0]!.clientCn).toBe('connectless-client')
  })

  it('presents a client certificate from a PEM keystore with an encrypted key', async () => {
    const { url, seen } = await serve(opensearch, { key: certs.serverKey, cert: certs.serverCert, ca: certs.caPem })
    const c = client(
      ssl(url.replace('127.0.0.1', 'localhost'), {
        'elastic.https.ssl.truststore.location': certs.truststorePem,
        'elastic.https.ssl.keystore.type': 'PEM',
        'elastic.https.ssl.keystore.location': certs.keystorePem,
        'elastic.https.ssl.key.password': 'keypass',
      }),
    )
    expect(await c.indexExists('orders')).toBe(true)
    expect(seen[0]!.clientCn).toBe('connectless-client')
  })

  it('checks the server hostname unless ssl.endpoint.identification.algorithm is empty', async () => {
    const { url } = await serve(opensearch, { key: certs.serverKey, cert: certs.serverCert })
    await expect(client(ssl(url)).indexExists('orders')).rejects.toThrow(/IP: 127\.0\.0\.1 is not in the cert's list/)
    const lenient = client(ssl(url, { 'elastic.https.ssl.endpoint.identification.algorithm': '' }))
    expect(await lenient.indexExists('orders')).toBe(true)
  })

  it('does not trust a self-signed server without the truststore', async () => {
    const { url } = await serve(opensearch, { key: certs.serverKey, cert: certs.serverCert })
    const c = client({ 'connection.url': url.replace('127.0.0.1', 'localhost'), 'max.retries': '0' })
    await expect(c.indexExists('orders')).rejects.toThrow(/certificate/)
  })
})

describe('TLS options from the elastic.https.ssl keys', () => {
  let certs: Certificates
  beforeAll(() => {
    certs = makeCertificates()
  })
  afterAll(() => rmSync(certs.dir, { recursive: true, force: true }))

  const settings = (extra: Record<string, string>) =>
    parseOpenSearchSinkConfig({ 'connection.url': 'https://h:9200', 'elastic.security.protocol': 'SSL', ...extra }).ssl!

  function configError(extra: Record<string, string>): ConfigException {
    try {
      tlsOptions(settings(extra))
    } catch (e) {
      expect(e).toBeInstanceOf(ConfigException)
      return e as ConfigException
    }
    throw new Error('expected a ConfigException')
  }

  it('reads PEM and PKCS12 truststores, and PEM certificates given in the config', () => {
    expect(tlsOptions(settings({ 'elastic.https.ssl.truststore.location': certs.truststorePem })).ca).toHaveLength(1)
    const p12 = settings({
      'elastic.https.ssl.truststore.location': certs.truststoreP12,
      'elastic.https.ssl.truststore.password': 'changeit',
    })
    expect(tlsOptions(p12).ca).toHaveLength(1)
    expect(tlsOptions(settings({ 'elastic.https.ssl.truststore.certificates': certs.caPem })).ca).toHaveLength(1)
  })

  it('names the truststore key where the file is missing or its password wrong', () => {
    const missing = configError({ 'elastic.https.ssl.truststore.location': '/nonexistent/trust.p12' })
    expect(missing.key).toBe('elastic.https.ssl.truststore.location')
    expect(missing.message).toMatch(/Cannot read the file/)
    const wrong = configError({
      'elastic.https.ssl.truststore.location': certs.truststoreP12,
      'elastic.https.ssl.truststore.password': 'wrong',
    })
    expect(wrong.key).toBe('elastic.https.ssl.truststore.location')
  })

  it('refuses a wrong keystore password at start', () => {
    const e = configError({
      'elastic.https.ssl.keystore.location': certs.keystoreP12,
      'elastic.https.ssl.keystore.password': 'wrong',
    })
    expect(e.key).toBe('elastic.https.ssl.keystore.location')
    expect(e.message).toMatch(/^Cannot set up TLS from the elastic\.https\.ssl\.\* keys/)
  })

  it('refuses a JKS keystore, saying how to convert it', () => {
    const e = configError({ 'elastic.https.ssl.keystore.location': certs.keystoreJks })
    expect(e.message).toContain('keytool -importkeystore')
  })

  it('offers the TLS versions of ssl.enabled.protocols', () => {
    const options = tlsOptions(settings({ 'elastic.https.ssl.enabled.protocols': 'TLSv1.3' }))
    expect([options.minVersion, options.maxVersion]).toEqual(['TLSv1.3', 'TLSv1.3'])
    const both = tlsOptions(settings({ 'elastic.https.ssl.truststore.location': certs.truststorePem }))
    expect([both.minVersion, both.maxVersion]).toEqual(['TLSv1.2', 'TLSv1.3'])
  })
})
