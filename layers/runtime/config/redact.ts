import { HIDDEN } from '../errors.js'

// Names that hold secrets in Kafka, Confluent and AWS configs: `ssl.key.password`,
// `basic.auth.user.info`, `sasl.jaas.config`, `aws.secret.access.key`, `bearer.auth.token`, …
const SECRET_NAME =
  /(?:^|[._-])(?:password|passwd|secret|token|user\.info|jaas\.config|api\.key|private\.key)(?:$|[._-])/i

/**
 * Whether a config key's name says it holds a secret. Used for keys no definition covers, such as a
 * converter's `value.converter.basic.auth.user.info`.
 */
export function isSecretKeyName(name: string): boolean {
  return SECRET_NAME.test(name)
}

/**
 * A copy of `props` for logs and status, with every secret value replaced by `[hidden]`.
 * @param isSecret decides which keys are secret; by default, those whose name looks like a secret's
 */
export function redact(
  props: Readonly<Record<string, string | null>>,
  isSecret: (name: string) => boolean = isSecretKeyName,
): Record<string, string | null> {
  return Object.fromEntries(
    Object.entries(props).map(([name, value]) => [name, value !== null && isSecret(name) ? HIDDEN : value]),
  )
}
