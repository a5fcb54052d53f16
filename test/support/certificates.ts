/**
 * A throwaway certificate authority made with the openssl command line: `ca.key` and `ca.pem` in a new
 * temporary directory, for tests of TLS settings (truststores, the certificates of test servers).
 */
import { execFileSync } from 'node:child_process'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

export interface CertificateAuthority {
  /** The temporary directory holding `ca.key` and `ca.pem`. */
  readonly dir: string
  /** The path of the CA certificate, PEM. */
  readonly caPem: string
}

export function selfSignedCa(dirPrefix: string): CertificateAuthority {
  const dir = mkdtempSync(join(tmpdir(), dirPrefix))
  execFileSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-keyout',
      'ca.key',
      '-out',
      'ca.pem',
      '-days',
      '2',
      '-subj',
      '/CN=test-ca',
    ],
    { cwd: dir, stdio: 'pipe' },
  )
  return { dir, caPem: join(dir, 'ca.pem') }
}
