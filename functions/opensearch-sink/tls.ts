/**
 * Node TLS options from the `elastic.https.ssl.*` keys (Kafka's client SSL keys under the connector's
 * prefix), used where `elastic.security.protocol=SSL`:
 *
 * - truststore (`ssl.truststore.location`: PEM, JKS or PKCS12, recognised from the file; or PEM text in
 *   `ssl.truststore.certificates`): its certificates are the CAs trusted, instead of the system's, as a
 *   Java truststore replaces the default one;
 * - keystore for client certificates (`ssl.keystore.location`: PKCS12, or PEM holding the private key
 *   and the certificate chain; or `ssl.keystore.key` with `ssl.keystore.certificate.chain`). JKS key
 *   stores cannot be read by Node and are refused with a message saying how to convert them;
 * - `ssl.endpoint.identification.algorithm` empty: no hostname check;
 * - `ssl.enabled.protocols`: the lowest and highest TLS versions listed.
 *
 * Everything is loaded and checked at start, so that a wrong path or password fails with a
 * ConfigException naming the key rather than at the first request.
 */
import { readFileSync } from 'node:fs'
import { type ConnectionOptions, createSecureContext, type SecureVersion } from 'node:tls'
import { ConfigException } from '../../layers/runtime/errors.js'
import { readTruststore } from '../../layers/runtime/schema-registry/truststore.js'
import type { SslSettings } from './config.js'

const P = 'elastic.https.'
const TLS_VERSIONS: readonly SecureVersion[] = ['TLSv1', 'TLSv1.1', 'TLSv1.2', 'TLSv1.3']

function readFile(key: string, path: string): Buffer {
  try {
    return readFileSync(path)
  } catch (e) {
    throw ConfigException.invalid(key, path, `Cannot read the file: ${(e as Error).message}`)
  }
}

function pemBlocks(text: string, label: RegExp): string[] {
  const re = new RegExp(`-----BEGIN (${label.source})-----[\\s\\S]+?-----END \\1-----`, 'g')
  return [...text.matchAll(re)].map((m) => `${m[0]}\n`)
}

const CERTIFICATE = /CERTIFICATE/
const PRIVATE_KEY = /(?:ENCRYPTED |RSA |EC |DSA )?PRIVATE KEY/

function trustedCertificates(ssl: SslSettings): string[] | null {
  if (ssl.truststoreCertificates !== null) {
    const certs = pemBlocks(ssl.truststoreCertificates.value(), CERTIFICATE)
    if (certs.length === 0) {
      throw ConfigException.invalid(
        `${P}ssl.truststore.certificates`,
        ssl.truststoreCertificates,
        'No PEM certificate found',
      )
    }
    return certs
  }
  if (ssl.truststoreLocation === null) return null
  const key = `${P}ssl.truststore.location`
  const bytes = readFile(key, ssl.truststoreLocation)
  try {
    const certs = readTruststore(bytes, ssl.truststorePassword?.value() ?? null, ssl.truststoreType)
    if (certs.length === 0) throw new Error('the truststore holds no trusted certificate')
    return certs
  } catch (e) {
    if (e instanceof ConfigException) throw ConfigException.invalid(key, ssl.truststoreLocation, e.message)
    throw ConfigException.invalid(key, ssl.truststoreLocation, `Cannot load the truststore: ${(e as Error).message}`)
  }
}

type KeyMaterial = Pick<ConnectionOptions, 'pfx' | 'key' | 'cert' | 'passphrase'>

function clientKey(ssl: SslSettings): KeyMaterial | null {
  if (ssl.keystoreKey !== null) {
    if (ssl.keystoreCertificateChain === null) {
      throw new ConfigException(`${P}ssl.keystore.certificate.chain must be set with ${P}ssl.keystore.key`, {
        key: `${P}ssl.keystore.certificate.chain`,
      })
    }
    return {
      key: ssl.keystoreKey.value(),
      cert: ssl.keystoreCertificateChain.value(),
      passphrase: ssl.keyPassword?.value(),
    }
  }
  if (ssl.keystoreLocation === null) return null
  const key = `${P}ssl.keystore.location`
  const bytes = readFile(key, ssl.keystoreLocation)
  const magic = bytes.length >= 4 ? bytes.readUInt32BE(0) : 0
  if (magic === 0xfeedfeed || magic === 0xcececece) {
    throw ConfigException.invalid(
      key,
      ssl.keystoreLocation,
      'JKS key stores cannot be read here. Convert it to PKCS12: keytool -importkeystore -srckeystore keystore.jks -destkeystore keystore.p12 -deststoretype PKCS12',
    )
  }
  if (bytes.subarray(0, 256).toString('latin1').includes('-----BEGIN')) {
    const text = bytes.toString('utf8')
    const keys = pemBlocks(text, PRIVATE_KEY)
    const certs = pemBlocks(text, CERTIFICATE)
    if (keys.length !== 1 || certs.length === 0) {
      throw ConfigException.invalid(
        key,
        ssl.keystoreLocation,
        'A PEM key store must hold one private key and its certificate chain',
      )
    }
    return { key: keys[0], cert: certs.join(''), passphrase: ssl.keyPassword?.value() }
  }
  return { pfx: bytes, passphrase: ssl.keystorePassword?.value() ?? ssl.keyPassword?.value() }
}

function versionRange(protocols: readonly string[]): Pick<ConnectionOptions, 'minVersion' | 'maxVersion'> {
  const known = protocols.filter((p): p is SecureVersion => (TLS_VERSIONS as readonly string[]).includes(p))
  if (known.length === 0) return {}
  const sorted = known.sort((a, b) => TLS_VERSIONS.indexOf(a) - TLS_VERSIONS.indexOf(b))
  return { minVersion: sorted[0], maxVersion: sorted[sorted.length - 1] }
}

/** The TLS options for the client; throws ConfigException where a store cannot be loaded. */
export function tlsOptions(ssl: SslSettings): ConnectionOptions {
  const options: ConnectionOptions = { ...versionRange(ssl.enabledProtocols) }
  const ca = trustedCertificates(ssl)
  if (ca !== null) options.ca = ca
  const key = clientKey(ssl)
  if (key !== null) Object.assign(options, key)
  if (!ssl.verifyHostname) options.checkServerIdentity = () => undefined
  try {
    createSecureContext(options)
  } catch (e) {
    const where = key === null ? `${P}ssl.truststore.location` : `${P}ssl.keystore.location`
    throw new ConfigException(`Cannot set up TLS from the ${P}ssl.* keys: ${(e as Error).message}`, { key: where })
  }
  return options
}
