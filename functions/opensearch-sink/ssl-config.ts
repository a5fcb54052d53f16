/**
 * The `elastic.https.ssl.*` keys: Kafka's client SSL keys (`SslConfigs.addClientSslSupport`) embedded
 * under the connector's prefix, as Confluent's config embeds them. `tls.ts` turns them into Node TLS
 * options; the ones Node has no equivalent for are accepted and not applied.
 */
import { field } from '../../layers/runtime/config/config-key.js'

export const SSL_PREFIX = 'elastic.https.'
const SECURITY = 'Security'

export const SSL_CONFIG_KEYS = {
  'elastic.https.ssl.protocol': field.string({
    doc: 'The SSL protocol used to generate the SSLContext. Accepted; the TLS versions offered are those of `ssl.enabled.protocols`.',
    default: 'TLSv1.3',
    importance: 'LOW',
    group: SECURITY,
    orderInGroup: 2,
  }),
  'elastic.https.ssl.enabled.protocols': field.list({
    doc: 'The list of protocols enabled for SSL connections: the lowest one listed is the lowest TLS version accepted.',
    default: ['TLSv1.2', 'TLSv1.3'],
    importance: 'LOW',
    group: SECURITY,
    orderInGroup: 3,
  }),
  'elastic.https.ssl.truststore.type': field.string({
    doc: 'The file format of the trust store file: PEM, JKS or PKCS12 (recognised from the file itself).',
    default: 'JKS',
    importance: 'LOW',
    group: SECURITY,
    orderInGroup: 4,
  }),
  'elastic.https.ssl.truststore.location': field.string({
    doc: 'The location of the trust store file (PEM certificates, JKS or PKCS12). Its certificates are the CAs trusted, instead of the system ones, as with a Java truststore.',
    default: null,
    importance: 'HIGH',
    group: SECURITY,
    orderInGroup: 5,
  }),
  'elastic.https.ssl.truststore.password': field.password({
    doc: 'The password for the trust store file: checks a JKS file and decrypts an encrypted PKCS12 file.',
    default: null,
    importance: 'HIGH',
    group: SECURITY,
    orderInGroup: 6,
  }),
  'elastic.https.ssl.truststore.certificates': field.password({
    doc: "Trusted certificates in the format specified by 'ssl.truststore.type' (PEM only), given in the config instead of a file.",
    default: null,
    importance: 'HIGH',
    group: SECURITY,
    orderInGroup: 7,
  }),
  'elastic.https.ssl.keystore.type': field.string({
    doc: 'The file format of the key store file: PEM or PKCS12 (JKS key stores cannot be read by Node; convert them with keytool -importkeystore -deststoretype PKCS12).',
    default: 'JKS',
    importance: 'LOW',
    group: SECURITY,
    orderInGroup: 8,
  }),
  'elastic.https.ssl.keystore.location': field.string({
    doc: 'The location of the key store file, for client certificate authentication: PKCS12, or PEM holding the private key and the certificate chain.',
    default: null,
    importance: 'HIGH',
    group: SECURITY,
    orderInGroup: 9,
  }),
  'elastic.https.ssl.keystore.password': field.password({
    doc: 'The store password for the key store file (PKCS12).',
    default: null,
    importance: 'HIGH',
    group: SECURITY,
    orderInGroup: 10,
  }),
  'elastic.https.ssl.key.password': field.password({
    doc: 'The password of the private key in the key store file, or the PEM key given in `ssl.keystore.key`.',
    default: null,
    importance: 'HIGH',
    group: SECURITY,
    orderInGroup: 11,
  }),
  'elastic.https.ssl.keystore.key': field.password({
    doc: "Private key in the format specified by 'ssl.keystore.type' (PEM, PKCS#8, possibly encrypted with `ssl.key.password`), given in the config.",
    default: null,
    importance: 'HIGH',
    group: SECURITY,
    orderInGroup: 12,
  }),
  'elastic.https.ssl.keystore.certificate.chain': field.password({
    doc: "Certificate chain in the format specified by 'ssl.keystore.type' (PEM), given in the config.",
    default: null,
    importance: 'HIGH',
    group: SECURITY,
    orderInGroup: 13,
  }),
  'elastic.https.ssl.endpoint.identification.algorithm': field.string({
    doc: 'The endpoint identification algorithm to validate server hostname using server certificate. An empty value disables hostname verification.',
    default: 'https',
    importance: 'LOW',
    group: SECURITY,
    orderInGroup: 14,
  }),
  'elastic.https.ssl.cipher.suites': field.list({
    doc: 'A list of cipher suites. Accepted and not applied (Java cipher names are not OpenSSL names); Node offers its secure defaults.',
    default: null,
    importance: 'LOW',
    group: SECURITY,
    orderInGroup: 15,
  }),
  'elastic.https.ssl.provider': field.string({
    doc: 'The name of the security provider used for SSL connections. Accepted and not applied.',
    default: null,
    importance: 'LOW',
    group: SECURITY,
    orderInGroup: 16,
  }),
  'elastic.https.ssl.keymanager.algorithm': field.string({
    doc: 'The algorithm used by key manager factory for SSL connections. Accepted and not applied.',
    default: 'SunX509',
    importance: 'LOW',
    group: SECURITY,
    orderInGroup: 17,
  }),
  'elastic.https.ssl.trustmanager.algorithm': field.string({
    doc: 'The algorithm used by trust manager factory for SSL connections. Accepted and not applied.',
    default: 'PKIX',
    importance: 'LOW',
    group: SECURITY,
    orderInGroup: 18,
  }),
  'elastic.https.ssl.secure.random.implementation': field.string({
    doc: 'The SecureRandom PRNG implementation to use for SSL cryptography operations. Accepted and not applied.',
    default: null,
    importance: 'LOW',
    group: SECURITY,
    orderInGroup: 19,
  }),
  'elastic.https.ssl.engine.factory.class': field.class({
    doc: 'The class of type org.apache.kafka.common.security.auth.SslEngineFactory to provide SSLEngine objects. Accepted and not applied.',
    default: null,
    importance: 'LOW',
    group: SECURITY,
    orderInGroup: 20,
  }),
} as const
