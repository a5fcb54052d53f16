/**
 * Loads the trusted certificates of `schema.registry.ssl.truststore.location` as PEM strings for
 * Node's TLS `ca` option. Java truststores come in three formats and all are read here:
 *
 * - PEM: one or more `-----BEGIN CERTIFICATE-----` blocks.
 * - JKS (and JCEKS): trusted-certificate entries are stored in the clear; the file's SHA-1 integrity
 *   digest is checked against the password when one is given, as `KeyStore.load` does.
 * - PKCS12: certificate bags, in the clear or encrypted with PBES2 (PBKDF2 + AES-CBC, what keytool
 *   writes since JDK 12) or with `pbeWithSHAAnd3-KeyTripleDES-CBC`. The RC2-40 encryption of very old
 *   keytool releases is not available in Node's OpenSSL; such a file gets a ConfigException that
 *   says how to re-export it.
 */
import { createDecipheriv, createHash, pbkdf2Sync, X509Certificate } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { ConfigException } from '../errors.js'

const LOCATION = 'schema.registry.ssl.truststore.location'

/** The certificates of the truststore at `path`, as PEM strings. */
export function loadTruststore(path: string, password: string | null, type: string): string[] {
  let bytes: Buffer
  try {
    bytes = readFileSync(path)
  } catch (e) {
    throw ConfigException.invalid(LOCATION, path, `Cannot read the truststore: ${(e as Error).message}`)
  }
  try {
    const certs = readTruststore(bytes, password, type)
    if (certs.length === 0) throw new Error('the truststore holds no trusted certificate')
    return certs
  } catch (e) {
    if (e instanceof ConfigException) throw e
    throw ConfigException.invalid(LOCATION, path, `Cannot load the truststore: ${(e as Error).message}`)
  }
}

/** Reads a truststore from its bytes; the format is recognised from the bytes, `type` is the fallback. */
export function readTruststore(bytes: Buffer, password: string | null, type: string): string[] {
  const magic = bytes.length >= 4 ? bytes.readUInt32BE(0) : 0
  if (magic === 0xfeedfeed || magic === 0xcececece) return readJks(bytes, password)
  if (bytes.subarray(0, 64).toString('latin1').includes('-----BEGIN')) return readPem(bytes.toString('utf8'))
  if (bytes[0] === 0x30) return readPkcs12(bytes, password)
  throw new Error(`unrecognised ${type.toUpperCase()} truststore format`)
}

function readPem(text: string): string[] {
  const blocks = text.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g) ?? []
  for (const block of blocks) new X509Certificate(block) // throws on a damaged certificate
  return blocks.map((b) => `${b}\n`)
}

function derToPem(der: Buffer): string {
  new X509Certificate(der)
  const body = der.toString('base64').replace(/(.{64})/g, '$1\n')
  return `-----BEGIN CERTIFICATE-----\n${body}${body.endsWith('\n') ? '' : '\n'}-----END CERTIFICATE-----\n`
}

// --- JKS ---------------------------------------------------------------------------------------------

function readJks(bytes: Buffer, password: string | null): string[] {
  let pos = 4
  const u16 = () => {
    const v = bytes.readUInt16BE(pos)
    pos += 2
    return v
  }
  const u32 = () => {
    const v = bytes.readUInt32BE(pos)
    pos += 4
    return v
  }
  const utf = () => {
    const n = u16()
    pos += n
  }
  const version = u32()
  if (version !== 1 && version !== 2) throw new Error(`unsupported JKS version ${version}`)
  const count = u32()
  const certs: string[] = []
  const readCert = () => {
    if (version === 2) utf() // certificate type, "X.509"
    const n = u32()
    const der = bytes.subarray(pos, pos + n)
    pos += n
    return der
  }
  for (let i = 0; i < count; i++) {
    const tag = u32()
    utf() // alias
    pos += 8 // timestamp
    if (tag === 2) {
      certs.push(derToPem(Buffer.from(readCert())))
    } else if (tag === 1) {
      pos += u32() // encrypted private key
      const chain = u32()
      for (let c = 0; c < chain; c++) readCert()
    } else if (tag === 3) {
      throw new Error('JCEKS secret-key entries are not supported in a truststore')
    } else {
      throw new Error(`unknown JKS entry tag ${tag}`)
    }
  }
  if (password !== null && password !== '') {
    // Sun's integrity digest: SHA-1(password as UTF-16BE, "Mighty Aphrodite" as UTF-8, the data)
    const digest = createHash('sha1')
      .update(Buffer.from(password, 'utf16le').swap16())
      .update(Buffer.from('Mighty Aphrodite', 'utf8'))
      .update(bytes.subarray(0, pos))
      .digest()
    if (!digest.equals(bytes.subarray(pos, pos + 20))) {
      throw new Error('Keystore was tampered with, or password was incorrect')
    }
  }
  return certs
}

// --- a small DER reader --------------------------------------------------------------------------------

interface Der {
  readonly tag: number
  readonly content: Buffer
}

function readDer(buf: Buffer, start = 0): { node: Der; end: number } {
  const tag = buf[start]
  let len = buf[start + 1]
  if (tag === undefined || len === undefined) throw new Error('truncated DER')
  let pos = start + 2
  if (len & 0x80) {
    const n = len & 0x7f
    if (n === 0 || n > 4) throw new Error('unsupported DER length')
    len = 0
    for (let i = 0; i < n; i++) len = len * 256 + (buf[pos + i] ?? 0)
    pos += n
  }
  if (pos + len > buf.length) throw new Error('truncated DER')
  return { node: { tag, content: buf.subarray(pos, pos + len) }, end: pos + len }
}

function children(node: Der): Der[] {
  const out: Der[] = []
  let pos = 0
  while (pos < node.content.length) {
    const { node: child, end } = readDer(node.content, pos)
    out.push(child)
    pos = end
  }
  return out
}

function child(node: Der, i: number): Der {
  const c = children(node)[i]
  if (c === undefined) throw new Error('malformed PKCS12 structure')
  return c
}

function oid(node: Der): string {
  const b = node.content
  const parts = [Math.floor((b[0] ?? 0) / 40), (b[0] ?? 0) % 40]
  let v = 0
  for (let i = 1; i < b.length; i++) {
    v = v * 128 + ((b[i] ?? 0) & 0x7f)
    if (((b[i] ?? 0) & 0x80) === 0) {
      parts.push(v)
      v = 0
    }
  }
  return parts.join('.')
}

function int(node: Der): number {
  let v = 0
  for (const byte of node.content) v = v * 256 + byte
  return v
}

/** The octets of an OCTET STRING, joining the pieces of a constructed (BER) one. */
function octets(node: Der): Buffer {
  if (node.tag === 0x04 || node.tag === 0x80) return node.content
  return Buffer.concat(children(node).map(octets))
}

// --- PKCS12 ---------------------------------------------------------------------------------------------

const OID_DATA = '1.2.840.113549.1.7.1'
const OID_ENCRYPTED_DATA = '1.2.840.113549.1.7.6'
const OID_CERT_BAG = '1.2.840.113549.1.12.10.1.3'
const OID_PBES2 = '1.2.840.113549.1.5.13'
const OID_PBKDF2 = '1.2.840.113549.1.5.12'
const OID_PBE_SHA_3DES = '1.2.840.113549.1.12.1.3'
const PRF_HASHES: Record<string, string> = {
  '1.2.840.113549.2.7': 'sha1',
  '1.2.840.113549.2.9': 'sha256',
  '1.2.840.113549.2.10': 'sha384',
  '1.2.840.113549.2.11': 'sha512',
}
const AES_CIPHERS: Record<string, string> = {
  '2.16.840.1.101.3.4.1.2': 'aes-128-cbc',
  '2.16.840.1.101.3.4.1.22': 'aes-192-cbc',
  '2.16.840.1.101.3.4.1.42': 'aes-256-cbc',
}

function readPkcs12(bytes: Buffer, password: string | null): string[] {
  const pfx = readDer(bytes).node
  const authSafe = child(pfx, 1)
  if (oid(child(authSafe, 0)) !== OID_DATA) throw new Error('PKCS12 integrity mode is not password based')
  const safes = readDer(octets(child(child(authSafe, 1), 0))).node
  const certs: string[] = []
  for (const info of children(safes)) {
    const type = oid(child(info, 0))
    let safeContents: Buffer
    if (type === OID_DATA) {
      safeContents = octets(child(child(info, 1), 0))
    } else if (type === OID_ENCRYPTED_DATA) {
      const encryptedContentInfo = child(child(child(info, 1), 0), 1)
      const parts = children(encryptedContentInfo)
      const algorithm = parts[1]
      const encrypted = parts[2]
      if (algorithm === undefined || encrypted === undefined) throw new Error('malformed PKCS12 encrypted data')
      safeContents = decrypt(algorithm, octets(encrypted), password ?? '')
    } else {
      continue
    }
    for (const bag of children(readDer(safeContents).node)) {
      if (oid(child(bag, 0)) !== OID_CERT_BAG) continue
      const certBag = child(child(bag, 1), 0)
      certs.push(derToPem(Buffer.from(octets(child(child(certBag, 1), 0)))))
    }
  }
  return certs
}

function decrypt(algorithm: Der, data: Buffer, password: string): Buffer {
  const algOid = oid(child(algorithm, 0))
  const params = child(algorithm, 1)
  if (algOid === OID_PBES2) {
    const kdf = child(params, 0)
    const scheme = child(params, 1)
    if (oid(child(kdf, 0)) !== OID_PBKDF2) throw new Error('unsupported PBES2 key derivation')
    const kdfParams = children(child(kdf, 1))
    const salt = kdfParams[0]
    const iterations = kdfParams[1]
    if (salt === undefined || iterations === undefined) throw new Error('malformed PBKDF2 parameters')
    const prf = kdfParams.find((p) => p.tag === 0x30)
    const hash = prf === undefined ? 'sha1' : PRF_HASHES[oid(child(prf, 0))]
    const cipher = AES_CIPHERS[oid(child(scheme, 0))]
    if (hash === undefined || cipher === undefined) throw new Error('unsupported PBES2 cipher')
    const keyLength = Number(cipher.slice(4, 7)) / 8
    const key = pbkdf2Sync(Buffer.from(password, 'utf8'), salt.content, int(iterations), keyLength, hash)
    return decipher(cipher, key, child(scheme, 1).content, data)
  }
  if (algOid === OID_PBE_SHA_3DES) {
    const salt = child(params, 0).content
    const iterations = int(child(params, 1))
    const key = pkcs12Kdf(password, salt, iterations, 1, 24)
    const iv = pkcs12Kdf(password, salt, iterations, 2, 8)
    return decipher('des-ede3-cbc', key, iv, data)
  }
  throw new ConfigException(
    `The PKCS12 truststore at ${LOCATION} is encrypted with an algorithm Node cannot read (${algOid}). ` +
      'Re-export it with a current keytool: keytool -importkeystore -srckeystore old.p12 -srcstoretype PKCS12 ' +
      '-destkeystore truststore.p12 -deststoretype PKCS12, or convert it to PEM with openssl pkcs12 -nokeys.',
  )
}

function decipher(cipher: string, key: Buffer, iv: Buffer, data: Buffer): Buffer {
  try {
    const d = createDecipheriv(cipher, key, iv)
    return Buffer.concat([d.update(data), d.final()])
  } catch {
    throw new Error('cannot decrypt the certificates: the truststore password is wrong')
  }
}

/** RFC 7292 appendix B.2 key derivation with SHA-1 (what PKCS12's legacy PBE schemes use). */
function pkcs12Kdf(password: string, salt: Buffer, iterations: number, id: number, size: number): Buffer {
  const u = 20
  const v = 64
  const pw = Buffer.concat([Buffer.from(password, 'utf16le').swap16(), Buffer.alloc(2)])
  const fill = (src: Buffer) => {
    if (src.length === 0) return Buffer.alloc(0)
    const out = Buffer.alloc(v * Math.ceil(src.length / v))
    for (let i = 0; i < out.length; i++) out[i] = src[i % src.length] ?? 0
    return out
  }
  const d = Buffer.alloc(v, id)
  const i = Buffer.concat([fill(salt), fill(password === '' ? Buffer.alloc(0) : pw)])
  const out: Buffer[] = []
  let produced = 0
  while (produced < size) {
    let a = createHash('sha1').update(d).update(i).digest()
    for (let r = 1; r < iterations; r++) a = createHash('sha1').update(a).digest()
    out.push(a)
    produced += u
    const b = fill(a).subarray(0, v)
    for (let j = 0; j < i.length; j += v) {
      let carry = 1
      for (let k = v - 1; k >= 0; k--) {
        const sum = (i[j + k] ?? 0) + (b[k] ?? 0) + carry
        i[j + k] = sum & 0xff
        carry = sum >> 8
      }
    }
  }
  return Buffer.concat(out).subarray(0, size)
}
