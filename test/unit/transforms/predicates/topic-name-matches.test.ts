// Ported from Kafka's TopicNameMatchesTest.
import { describe, expect, it } from 'vitest'
import { ConfigException } from '../../../../layers/runtime/errors.js'
import { TopicNameMatches } from '../../../../layers/transforms/predicates/topic-name-matches.js'
import { sourceRecord } from '../records.js'

function recordWithTopicName(topic: string | null) {
  return sourceRecord(topic, null, null, null, null, null)
}

describe('TopicNameMatches', () => {
  it('requires a pattern', () => {
    expect(() => TopicNameMatches.CONFIG_DEF.parse({})).toThrow(ConfigException)
    expect(() => TopicNameMatches.CONFIG_DEF.parse({})).toThrow('Missing required configuration "pattern"')
  })

  it('rejects an empty pattern', () => {
    expect(() => TopicNameMatches.CONFIG_DEF.parse({ pattern: '' })).toThrow('String must be non-empty')
  })

  it('rejects a pattern that is not a Java regex, naming the key', () => {
    expect(() => TopicNameMatches.CONFIG_DEF.parse({ pattern: '[' })).toThrow('Invalid regex')
    expect(() => new TopicNameMatches().configure({ pattern: '[' })).toThrow(
      'Invalid value [ for configuration pattern: Invalid regex: Unclosed character class near index 0\n[\n^',
    )
  })

  it('reports an invalid regex in validation', () => {
    const predicate = new TopicNameMatches()
    expect(predicate.config().validate({ pattern: 'my-prefix-.*' })[0]!.errors).toEqual([])
    const errors = predicate.config().validate({ pattern: '*' })[0]!.errors
    expect(errors.length).toBe(1)
    expect(errors[0]).toContain('Invalid regex')
  })

  it('is true where the pattern matches the whole topic', () => {
    const predicate = new TopicNameMatches()
    predicate.configure({ pattern: 'my-prefix-.*' })
    expect(predicate.test(recordWithTopicName('my-prefix-'))).toBe(true)
    expect(predicate.test(recordWithTopicName('my-prefix-foo'))).toBe(true)
    expect(predicate.test(recordWithTopicName('x-my-prefix-'))).toBe(false)
    expect(predicate.test(recordWithTopicName('x-my-prefix-foo'))).toBe(false)
    expect(predicate.test(recordWithTopicName('your-prefix-'))).toBe(false)
    expect(predicate.test(recordWithTopicName('your-prefix-foo'))).toBe(false)
    expect(predicate.test(recordWithTopicName(null))).toBe(false)
  })

  // Beyond Kafka's test class.
  it('reads Java regex syntax', () => {
    const predicate = new TopicNameMatches()
    predicate.configure({ pattern: '\\Qorders.\\E\\p{Alpha}++' })
    expect(predicate.test(recordWithTopicName('orders.eu'))).toBe(true)
    expect(predicate.test(recordWithTopicName('ordersXeu'))).toBe(false)
  })
})
