// Ported from Kafka's RegexRouterTest, plus Java regex and replacement semantics its tests leave out.
import { describe, expect, it } from 'vitest'
import { ConfigException } from '../../../layers/runtime/errors.js'
import { RegexRouter } from '../../../layers/transforms/regex-router.js'
import {
  IllegalArgumentException,
  IndexOutOfBoundsException,
  NullPointerException,
} from '../../../layers/transforms/util/java-exceptions.js'
import { sinkRecord } from './records.js'

function apply(regex: string, replacement: string, topic: string): string | null {
  const router = new RegexRouter()
  router.configure({ regex, replacement })
  return router.apply(sinkRecord(topic, 0, null, null, null, null, 0)).topic
}

describe('RegexRouter', () => {
  it('replaces a matching topic with a static name', () => {
    expect(apply('foo', 'bar', 'foo')).toBe('bar')
  })

  it('leaves a topic the regex does not match', () => {
    expect(apply('foo', 'bar', 'orig')).toBe('orig')
  })

  it('keeps the topic with $1 for the whole name', () => {
    expect(apply('(.*)', '$1', 'orig')).toBe('orig')
  })

  it('adds a prefix', () => {
    expect(apply('(.*)', 'prefix-$1', 'orig')).toBe('prefix-orig')
  })

  it('adds a suffix', () => {
    expect(apply('(.*)', '$1-suffix', 'orig')).toBe('orig-suffix')
  })

  it('slices off a date', () => {
    expect(apply('(.*)-(\\d\\d\\d\\d\\d\\d\\d\\d)', '$1', 'index-20160117')).toBe('index')
  })

  // Beyond Kafka's test class: Java's Matcher semantics.
  it('reroutes only topics the regex matches as a whole', () => {
    expect(apply('foo', 'bar', 'foobar')).toBe('foobar')
    expect(apply('foo.*', 'bar', 'foobar')).toBe('bar')
  })

  it('replaces the first match of a new search, as replaceFirst does', () => {
    // matches() takes "ab" via the second alternative; replaceFirst then finds "a"
    expect(apply('a|ab', 'X', 'ab')).toBe('Xb')
  })

  it('reads Java replacement syntax: named groups, multi-digit groups and escapes', () => {
    // biome-ignore lint/suspicious/noTemplateCurlyInString: a Java replacement string
    expect(apply('(?<env>[a-z]+)\\.(?<name>.*)', '${name}-${env}', 'prod.orders')).toBe('orders-prod')
    expect(apply('(.*)', '$11', 'orig')).toBe('orig1')
    expect(apply('(.*)', '\\$1-$1', 'orig')).toBe('$1-orig')
    expect(apply('(a)|b', '[$1]', 'b')).toBe('[]')
  })

  it('reads Java regex syntax JavaScript lacks', () => {
    expect(apply('\\Qmy.topic\\E', 'x', 'my.topic')).toBe('x')
    expect(apply('\\Qmy.topic\\E', 'x', 'myXtopic')).toBe('myXtopic')
    expect(apply('(?i)ORDERS-(\\d++)', 'orders.$1', 'orders-12')).toBe('orders.12')
    expect(apply('[a-z&&[^aeiou]]+', 'consonants', 'xyz')).toBe('consonants')
    expect(apply('\\p{Lower}+', 'lower', 'abc')).toBe('lower')
  })

  it('fails on records of a matching topic when the replacement names a missing group', () => {
    const router = new RegexRouter()
    router.configure({ regex: '(.*)', replacement: '$2' })
    expect(() => router.apply(sinkRecord('orig', 0, null, null, null, null, 0))).toThrow(
      new IndexOutOfBoundsException('No group 2'),
    )
    const named = new RegexRouter()
    // biome-ignore lint/suspicious/noTemplateCurlyInString: a Java replacement string
    named.configure({ regex: 'a(.*)', replacement: '${x}' })
    expect(named.apply(sinkRecord('b', 0, null, null, null, null, 0)).topic).toBe('b')
    expect(() => named.apply(sinkRecord('ab', 0, null, null, null, null, 0))).toThrow(
      new IllegalArgumentException('No group with name {x}'),
    )
  })

  it('rejects an invalid Java regex, naming the key', () => {
    const router = new RegexRouter()
    expect(() => router.configure({ regex: '(ab', replacement: 'x' })).toThrow(ConfigException)
    expect(() => router.configure({ regex: '(ab', replacement: 'x' })).toThrow(
      'Invalid value (ab for configuration regex: Invalid regex: Unclosed group near index 3\n(ab',
    )
    expect(() => router.configure({ regex: 'a', replacement: null })).toThrow('replacement')
  })

  it('throws NullPointerException for a record without a topic', () => {
    const router = new RegexRouter()
    router.configure({ regex: '.*', replacement: 'x' })
    expect(() => router.apply(sinkRecord(null, 0, null, null, null, null, 0))).toThrow(NullPointerException)
  })

  it('changes nothing but the topic', () => {
    const router = new RegexRouter()
    router.configure({ regex: '(.*)', replacement: 'x-$1' })
    const record = sinkRecord('t', 3, null, 'k', null, 'v', 9, 5, [{ key: 'h', schema: null, value: 'hv' }])
    const routed = router.apply(record)
    expect(routed).toMatchObject({
      topic: 'x-t',
      kafkaPartition: 3,
      key: 'k',
      value: 'v',
      kafkaOffset: 9,
      timestamp: 5,
    })
    expect(routed.originalTopic).toBe('t')
    expect(routed.headers.toArray()).toEqual([{ key: 'h', schema: null, value: 'hv' }])
  })
})
