/**
 * Decryption with the customer-managed KMS keys of the secrets a connector reads. Secrets Manager
 * decrypts a secret's data key with its KMS key on behalf of the caller, so a role that reads a secret
 * encrypted with a customer-managed key also needs `kms:Decrypt` on that key (the AWS managed key
 * `aws/secretsmanager` needs nothing). The grant is as narrow as the call: only through Secrets Manager
 * in the key's region (`kms:ViaService`; a secret and its key are always in one region) and only for
 * the secrets the role may read (`kms:EncryptionContext:SecretARN`, the context Secrets Manager sends).
 */
import * as iam from 'aws-cdk-lib/aws-iam'
import type * as kms from 'aws-cdk-lib/aws-kms'
import { KMS_KEY_ARN } from '../worker/worker-config.js'

/** A KMS key and its region. */
export interface SecretKey {
  readonly keyArn: string
  readonly region: string
}

/** The keys of `connectless.secrets.kms.key.arns` (validated key ARNs) and of a construct's props. */
export function secretKeysOf(keyArns: readonly string[], keys: readonly kms.IKey[] = []): SecretKey[] {
  const fromArns = keyArns.map((keyArn): SecretKey => {
    const region = KMS_KEY_ARN.exec(keyArn)?.[1]
    if (region === undefined) throw new Error(`${keyArn} is not a KMS key ARN`)
    return { keyArn, region }
  })
  return [...fromArns, ...keys.map((key): SecretKey => ({ keyArn: key.keyArn, region: key.env.region }))]
}

/**
 * Lets `role` decrypt the secrets `secretArns` (ARNs, or patterns with `?`/`*`) with `keys`, through
 * Secrets Manager only: one statement per region of the keys. Nothing where there is no key or no secret.
 */
export function grantSecretDecryption(role: iam.Role, keys: readonly SecretKey[], secretArns: readonly string[]): void {
  if (keys.length === 0 || secretArns.length === 0) return
  const byRegion = new Map<string, string[]>()
  for (const key of keys) {
    const arns = byRegion.get(key.region) ?? []
    if (!arns.includes(key.keyArn)) arns.push(key.keyArn)
    byRegion.set(key.region, arns)
  }
  const secrets = [...new Set(secretArns)]
  for (const [region, keyArns] of byRegion) {
    role.addToPolicy(
      new iam.PolicyStatement({
        actions: ['kms:Decrypt'],
        resources: keyArns,
        conditions: {
          StringEquals: { 'kms:ViaService': `secretsmanager.${region}.amazonaws.com` },
          // a pattern (a secret named without its ARN suffix) needs StringLike; exact ARNs match it as well
          StringLike: { 'kms:EncryptionContext:SecretARN': secrets },
        },
      }),
    )
  }
}
