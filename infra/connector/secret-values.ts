/**
 * The rule that keeps secrets out of deployments: a secret config value (a PASSWORD key, or a key named
 * like a secret: `*.password`, `*.user.info`, `*.jaas.config`, …) must be given as config provider
 * references, resolved by the function at cold start. A value written in plain text would be stored in
 * the deployment package, the CloudFormation template and the status table, so `cdk synth` refuses it.
 */
import { isSecretKeyName } from '../../layers/runtime/config/index.js'
import { replaceConfigReferences } from '../../layers/runtime/config/providers/reference.js'
import { ConfigException } from '../../layers/runtime/errors.js'

// What may stand between references, as in `${file:sr.properties:username}:${file:sr.properties:password}`.
const SEPARATORS_ONLY = /^[\s:;,/|]*$/
// The options of a JAAS login module that carry a secret (`password="…"`); other options (a module
// name, `username`, IAM's `awsRoleArn`) are not secret.
const JAAS_SECRET_OPTION = /\b(?:password|secret\w*|token)\s*=\s*("(?:[^"\\]|\\.)*"|[^\s;]+)/gi

function isOnlyReferences(value: string): boolean {
  let found = false
  const rest = replaceConfigReferences(value, () => {
    found = true
    return ''
  })
  return found && SEPARATORS_ONLY.test(rest)
}

function jaasHoldsPlaintextSecret(value: string): boolean {
  for (const [, option = ''] of value.matchAll(JAAS_SECRET_OPTION)) {
    const unquoted = option.startsWith('"') ? option.slice(1, -1) : option
    if (unquoted !== '' && !isOnlyReferences(unquoted)) return true
  }
  return false
}

function holdsPlaintextSecret(key: string, value: string): boolean {
  if (value.trim() === '') return false
  if (key.endsWith('jaas.config')) return jaasHoldsPlaintextSecret(value)
  return !isOnlyReferences(value)
}

/**
 * Throws a `ConfigException` naming the first secret key whose value is not made of provider
 * references (the value itself never appears in the message).
 * @param isSecret which keys hold secrets; by default, those named like a secret
 */
export function assertNoPlaintextSecrets(
  props: Readonly<Record<string, string | null>>,
  isSecret: (key: string) => boolean = isSecretKeyName,
  source = 'the connector config',
): void {
  for (const [key, value] of Object.entries(props)) {
    if (value === null || !isSecret(key) || !holdsPlaintextSecret(key, value)) continue
    throw new ConfigException(
      `${source}: ${key} holds a secret in plain text, which would be stored in the deployment package and the CloudFormation template. ` +
        `Give it as a config provider reference resolved at cold start, such as \${secretsmanager:<secret name>:<field>} ` +
        '(with config.providers=secretsmanager and config.providers.secretsmanager.class=com.amazonaws.kafka.config.providers.SecretsManagerConfigProvider in the worker properties) ' +
        `or \${ssm:<parameter name>}.`,
      { key },
    )
  }
}
