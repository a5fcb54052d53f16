// biome-ignore-all lint/suspicious/noTemplateCurlyInString: config provider references are written `${provider:path:key}`
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { parseProperties } from '../../../layers/runtime/config/properties.js'
import { parseWorkerProperties } from '../../../layers/runtime/config/worker-properties.js'
import { ConfigException } from '../../../layers/runtime/errors.js'

// The seed's worker files, copied verbatim from shared/spec/connectors (mistakes included).
const SEED = join(import.meta.dirname, 'seed')
const readSeed = (name: string) => readFileSync(join(SEED, name), 'utf8')

const props = (text: string) => parseProperties(text).properties

describe('parseProperties', () => {
  it('reads the examples of the java.util.Properties documentation', () => {
    const text = [
      'Truth = Beauty',
      '  Truth:Beauty',
      'Truth                    :Beauty',
      'fruits                           apple, banana, pear, \\',
      '                                 cantaloupe, watermelon, \\',
      '                                 kiwi, mango',
      'cheeses',
    ].join('\n')

    expect(props(text)).toEqual({
      Truth: 'Beauty',
      fruits: 'apple, banana, pear, cantaloupe, watermelon, kiwi, mango',
      cheeses: '',
    })
  })

  it('skips comment lines starting with # or !, also after leading whitespace, and blank lines', () => {
    const text = '# comment\n! also a comment\n   # indented comment\n\n \t \na=1\nb=2 # not a comment\n'

    expect(props(text)).toEqual({ a: '1', b: '2 # not a comment' })
  })

  it('separates key and value at the first unescaped =, : or whitespace', () => {
    expect(props('a=b=c')).toEqual({ a: 'b=c' })
    expect(props('a:b:c')).toEqual({ a: 'b:c' })
    expect(props('a b c')).toEqual({ a: 'b c' })
    expect(props('key:=value')).toEqual({ key: '=value' })
    expect(props('key =:value')).toEqual({ key: ':value' })
    expect(props('key\f=\fvalue')).toEqual({ key: 'value' })
    expect(props('=value')).toEqual({ '': 'value' })
    expect(props('bootstrap.servers=localhost:9092')).toEqual({ 'bootstrap.servers': 'localhost:9092' })
  })

  it('keeps trailing whitespace of a value and drops leading whitespace', () => {
    expect(props('key =   value  ')).toEqual({ key: 'value  ' })
  })

  it('resolves escapes in keys and values', () => {
    expect(props('a\\=b\\:c\\ d=e')).toEqual({ 'a=b:c d': 'e' })
    expect(props('tab=\\t|\\n|\\r|\\f|\\z|\\\\')).toEqual({ tab: '\t|\n|\r|\f|z|\\' })
    expect(props('caf\\u00e9=\\u20AC5')).toEqual({ café: '€5' })
    expect(props('path=C:\\\\secrets\\\\db.properties')).toEqual({ path: 'C:\\secrets\\db.properties' })
  })

  it('throws naming the line on a malformed \\uXXXX escape', () => {
    expect(() => props('a=1\nb=\\u12G4')).toThrow(new ConfigException('Malformed \\uxxxx encoding on line 2'))
    expect(() => props('b=\\u12')).toThrow(ConfigException)
  })

  it('continues a line ending in an odd number of backslashes, dropping the next line’s leading whitespace', () => {
    expect(props('a=one\\\n    two')).toEqual({ a: 'onetwo' })
    expect(props('a=one\\\\\nb=two')).toEqual({ a: 'one\\', b: 'two' })
    expect(props('a=one\\\\\\\n  two')).toEqual({ a: 'one\\two' })
    expect(props('key\\\n  name=value')).toEqual({ keyname: 'value' })
  })

  it('reads a continuation line starting with # as text, not a comment', () => {
    expect(props('a=one\\\n  # two')).toEqual({ a: 'one# two' })
  })

  it('does not continue a comment line ending in a backslash', () => {
    expect(props('# comment \\\na=1')).toEqual({ a: '1' })
  })

  it('ends a continued line at an empty line', () => {
    expect(props('a=one\\\n\nb=two')).toEqual({ a: 'one', b: 'two' })
    expect(props('a=one\\\n   \nb=two')).toEqual({ a: 'one', b: 'two' })
  })

  it('drops a backslash that ends the file', () => {
    expect(props('a=one\\')).toEqual({ a: 'one' })
  })

  it('accepts \\n, \\r\\n and \\r line endings', () => {
    expect(props('a=1\r\nb=2\rc=3\nd=4\\\r\n  5')).toEqual({ a: '1', b: '2', c: '3', d: '45' })
  })

  it('lets a later duplicate key win', () => {
    expect(props('a=1\na=2')).toEqual({ a: '2' })
  })

  it('holds a key named __proto__ as an ordinary key', () => {
    const parsed = props('__proto__=x')

    expect(Object.keys(parsed)).toEqual(['__proto__'])
    expect(Object.getPrototypeOf(parsed)).toBe(Object.prototype)
  })

  it('warns about a bare key and suggests the known key it probably runs into', () => {
    const text = '# worker\nbootstrap.servers=localhost:9092\nrest.advertised.hostname.example.com\n'

    const { properties, warnings } = parseProperties(text, {
      knownKeys: ['bootstrap.servers', 'rest.advertised.host.name'],
    })

    expect(properties['rest.advertised.hostname.example.com']).toBe('')
    expect(warnings).toEqual([
      {
        line: 3,
        key: 'rest.advertised.hostname.example.com',
        message:
          'Line 3 ("rest.advertised.hostname.example.com") has no "=" or ":", so it is read as key "rest.advertised.hostname.example.com" with an empty value; did you mean "rest.advertised.host.name=example.com"?',
        suggestion: 'rest.advertised.host.name=example.com',
      },
    ])
  })

  it('suggests the key with one dotted segment dropped, added or replaced', () => {
    const suggest = (line: string, knownKeys: string[]) => parseProperties(line, { knownKeys }).warnings[0]?.suggestion

    expect(suggest('offset.storage.filename.offsets.json', ['offset.storage.file.filename'])).toBe(
      'offset.storage.file.filename=offsets.json',
    )
    expect(suggest('errors.deadletterqueue.name.orders-dlq', ['errors.deadletterqueue.topic.name'])).toBe(
      'errors.deadletterqueue.topic.name=orders-dlq',
    )
    expect(suggest('offset.storage.name.offsets', ['offset.storage.topic'])).toBe('offset.storage.topic=offsets')
    expect(suggest('group.name.connect', ['group.id'])).toBeUndefined()
  })

  it('suggests the exact known key over a near one', () => {
    const { warnings } = parseProperties('offset.storage.file.filename.offsets.json', {
      knownKeys: ['offset.storage.topic', 'offset.storage.file.filename'],
    })

    expect(warnings[0]?.suggestion).toBe('offset.storage.file.filename=offsets.json')
  })

  it('suggests a key for a typo of up to two characters', () => {
    const { warnings } = parseProperties('offset.storage.file.filenam.offsets.json', {
      knownKeys: ['offset.storage.file.filename'],
    })

    expect(warnings[0]?.suggestion).toBe('offset.storage.file.filename=offsets.json')
  })

  it('warns without a suggestion when no known key is near', () => {
    const { warnings } = parseProperties('name.of.something', { knownKeys: ['bootstrap.servers', 'group.id'] })

    expect(warnings).toEqual([
      {
        line: 1,
        key: 'name.of.something',
        message:
          'Line 1 ("name.of.something") has no "=" or ":", so it is read as key "name.of.something" with an empty value.',
      },
    ])
  })

  it('does not warn about a known key written without a value, nor about whitespace separators', () => {
    const { warnings } = parseProperties('topic.creation.enable\noffset.storage.file.filename offsets.json', {
      knownKeys: ['topic.creation.enable', 'offset.storage.file.filename'],
    })

    expect(warnings).toEqual([])
  })
})

describe('parseWorkerProperties', () => {
  it('reads the seed standalone.properties as Java does and explains its three lines without "="', () => {
    const { properties, warnings } = parseWorkerProperties(readSeed('standalone.properties'))

    expect(properties).toEqual({
      'bootstrap.servers': 'localhost:9092',
      'group.id': 'standalone-connect',
      'key.converter': 'org.apache.kafka.connect.json.JsonConverter',
      'value.converter': 'org.apache.kafka.connect.json.JsonConverter',
      'offset.storage.filename.offsets.json': '',
      'config.storage.filename.connector-configs.json': '',
      'status.storage.filename.connector-status.json': '',
    })
    expect(warnings.map(({ line, key, suggestion }) => ({ line, key, suggestion }))).toEqual([
      { line: 6, key: 'offset.storage.filename.offsets.json', suggestion: 'offset.storage.file.filename=offsets.json' },
      { line: 7, key: 'config.storage.filename.connector-configs.json', suggestion: undefined },
      { line: 8, key: 'status.storage.filename.connector-status.json', suggestion: undefined },
    ])
    expect(warnings[0]?.message).toContain('read as key "offset.storage.filename.offsets.json" with an empty value')
    expect(warnings[0]?.message).toContain('did you mean "offset.storage.file.filename=offsets.json"?')
    for (const warning of warnings.slice(1)) {
      expect(warning.message).toMatch(
        /(config|status)\.storage\.filename is not a Kafka Connect key and the line is not needed: /,
      )
    }
  })

  it('reads the seed distributed.properties without warnings', () => {
    const { properties, warnings } = parseWorkerProperties(readSeed('distributed.properties'))

    expect(warnings).toEqual([])
    expect(properties['bootstrap.servers']).toBe('kafka1:9092,kafka2:9092,kafka3:9092')
    expect(properties['offset.flush.interval.ms']).toBe('10000')
  })

  it('reads the seed schema-registry.properties with its provider references intact', () => {
    const { properties, warnings } = parseWorkerProperties(readSeed('schema-registry.properties'))

    expect(warnings).toEqual([])
    expect(properties['value.converter.basic.auth.user.info']).toBe(
      '${file:/opt/kafka/secrets/sr.properties:username}:${file:/opt/kafka/secrets/sr.properties:password}',
    )
    expect(properties['schema.registry.ssl.truststore.password']).toBe(
      '${file:/opt/kafka/secrets/ssl.properties:truststore.password}',
    )
  })

  it.each(readdirSync(SEED).filter((name) => name.endsWith('.properties')))('parses the seed file %s', (name) => {
    const { properties } = parseWorkerProperties(readSeed(name))

    expect(Object.keys(properties).length).toBeGreaterThan(0)
  })
})
