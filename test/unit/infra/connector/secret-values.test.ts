// biome-ignore-all lint/suspicious/noTemplateCurlyInString: config provider references are written `${provider:path:key}`
import { describe, expect, it } from 'vitest'
import { assertNoPlaintextSecrets } from '../../../../infra/connector/secret-values.js'

describe('assertNoPlaintextSecrets', () => {
  it.each([
    ['a Secrets Manager reference', { 'connection.password': '${secretsmanager:db:password}' }],
    ['an SSM reference', { 'connection.password': '${ssm:/db/password}' }],
    [
      'references joined by a colon',
      { 'value.converter.basic.auth.user.info': '${file:/s/sr.properties:username}:${file:/s/sr.properties:password}' },
    ],
    ['an empty or null secret', { 'connection.password': '', 'ssl.key.password': null }],
    ['a plaintext value under a key that is not secret', { 'connection.user': 'connect_user' }],
    [
      'a JAAS config without a password (MSK IAM)',
      { 'sasl.jaas.config': 'software.amazon.msk.auth.iam.IAMLoginModule required;' },
    ],
  ])('accepts %s', (_, props) => {
    expect(() => assertNoPlaintextSecrets(props)).not.toThrow()
  })

  it.each([
    ['a plaintext password', { 'connection.password': 'hunter2' }],
    ['a reference with a literal beside it', { 'connection.password': 'pre-${secretsmanager:db:password}' }],
    ['user info with a literal password', { 'basic.auth.user.info': '${file:/s/sr.properties:username}:hunter2' }],
    [
      'a JAAS config with a literal password',
      { 'sasl.jaas.config': 'ScramLoginModule required username="u" password="hunter2";' },
    ],
  ])('refuses %s, naming the key and not the value', (_, props) => {
    const run = () => assertNoPlaintextSecrets(props, undefined, 'connector x')
    expect(run).toThrow(/^connector x: \S+ holds a secret in plain text/)
    expect(run).not.toThrow(/hunter2/)
  })

  it('asks the given predicate which keys are secrets', () => {
    expect(() => assertNoPlaintextSecrets({ 'query.masked': 'SELECT 1' }, (key) => key === 'query.masked')).toThrow(
      /query\.masked/,
    )
  })
})
