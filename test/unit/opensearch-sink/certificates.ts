/**
 * A throwaway certificate authority, a server certificate for `localhost` and a client certificate,
 * made with the openssl command line in a temporary directory, in the store formats the sink reads.
 */
import { execFileSync } from 'node:child_process'
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { selfSignedCa } from '../../support/certificates.js'

export interface Certificates {
  readonly dir: string
  readonly caPem: string
  readonly serverKey: string
  readonly serverCert: string
  /** PEM: the CA certificate. */
  readonly truststorePem: string
  /** PKCS12 holding the CA certificate, password `changeit`. */
  readonly truststoreP12: string
  /** PKCS12 holding the client key and certificate, password `secret`. */
  readonly keystoreP12: string
  /** PEM holding the client key (encrypted with `keypass`) and certificate. */
  readonly keystorePem: string
  /** Bytes starting with the JKS magic number. */
  readonly keystoreJks: string
}

function openssl(dir: string, ...args: string[]): void {
  execFileSync('openssl', args, { cwd: dir, stdio: 'pipe' })
}

function signed(dir: string, name: string, subject: string, extensions: string): void {
  openssl(
    dir,
    'req',
    '-newkey',
    'rsa:2048',
    '-nodes',
    '-keyout',
    `${name}.key`,
    '-out',
    `${name}.csr`,
    '-subj',
    subject,
  )
  writeFileSync(join(dir, `${name}.ext`), extensions)
  openssl(
    dir,
    'x509',
    '-req',
    '-in',
    `${name}.csr`,
    '-CA',
    'ca.pem',
    '-CAkey',
    'ca.key',
    '-CAcreateserial',
    '-out',
    `${name}.pem`,
    '-days',
    '1',
    '-extfile',
    `${name}.ext`,
  )
}

export function makeCertificates(): Certificates {
  const { dir } = selfSignedCa('opensearch-sink-tls-')
  signed(dir, 'server', '/CN=localhost', 'subjectAltName=DNS:localhost\n')
  signed(dir, 'client', '/CN=connectless-client', 'extendedKeyUsage=clientAuth\n')
  openssl(dir, 'pkcs12', '-export', '-nokeys', '-in', 'ca.pem', '-out', 'trust.p12', '-passout', 'pass:changeit')
  openssl(
    dir,
    'pkcs12',
    '-export',
    '-in',
    'client.pem',
    '-inkey',
    'client.key',
    '-out',
    'client.p12',
    '-passout',
    'pass:secret',
  )
  openssl(dir, 'pkcs8', '-topk8', '-in', 'client.key', '-out', 'client-enc.key', '-passout', 'pass:keypass')
  const read = (name: string) => readFileSync(join(dir, name), 'utf8')
  writeFileSync(join(dir, 'client-keystore.pem'), read('client-enc.key') + read('client.pem'))
  writeFileSync(join(dir, 'keystore.jks'), Buffer.from([0xfe, 0xed, 0xfe, 0xed, 0, 0, 0, 2, 0, 0, 0, 0]))
  return {
    dir,
    caPem: read('ca.pem'),
    serverKey: read('server.key'),
    serverCert: read('server.pem'),
    truststorePem: join(dir, 'ca.pem'),
    truststoreP12: join(dir, 'trust.p12'),
    keystoreP12: join(dir, 'client.p12'),
    keystorePem: join(dir, 'client-keystore.pem'),
    keystoreJks: join(dir, 'keystore.jks'),
  }
}
