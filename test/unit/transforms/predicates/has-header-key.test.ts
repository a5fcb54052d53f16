// Ported from Kafka's HasHeaderKeyTest.
import { describe, expect, it } from 'vitest'
import { ConfigException } from '../../../../layers/runtime/errors.js'
import { HasHeaderKey } from '../../../../layers/transforms/predicates/has-header-key.js'
import { sourceRecord } from '../records.js'

function recordWithHeaders(...headers: string[]) {
  return sourceRecord(
    null,
    null,
    null,
    null,
    null,
    null,
    null,
    headers.map((key) => ({ key, schema: null, value: null })),
  )
}

describe('HasHeaderKey', () => {
  it('requires a name', () => {
    expect(() => HasHeaderKey.CONFIG_DEF.parse({})).toThrow(ConfigException)
    expect(() => HasHeaderKey.CONFIG_DEF.parse({})).toThrow('Missing required configuration "name"')
  })

  it('rejects an empty name', () => {
    expect(() => HasHeaderKey.CONFIG_DEF.parse({ name: '' })).toThrow('String must be non-empty')
  })

  it('reports an empty name in validation', () => {
    const predicate = new HasHeaderKey()
    expect(predicate.config().validate({ name: 'foo' })[0]!.errors).toEqual([])
    expect(predicate.config().validate({ name: '' })[0]!.errors).toEqual([
      'Invalid value  for configuration name: String must be non-empty',
    ])
  })

  it('is true where at least one header has the name', () => {
    const predicate = new HasHeaderKey()
    predicate.configure({ name: 'foo' })
    expect(predicate.test(recordWithHeaders('foo'))).toBe(true)
    expect(predicate.test(recordWithHeaders('foo', 'bar'))).toBe(true)
    expect(predicate.test(recordWithHeaders('bar', 'foo', 'bar', 'foo'))).toBe(true)
    expect(predicate.test(recordWithHeaders('bar'))).toBe(false)
    expect(predicate.test(recordWithHeaders('bar', 'bar'))).toBe(false)
    expect(predicate.test(recordWithHeaders())).toBe(false)
    expect(predicate.test(sourceRecord(null, null, null, null, null, null))).toBe(false)
    expect(String(predicate)).toBe("HasHeaderKey{name='foo'}")
  })
})
