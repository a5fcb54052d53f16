import { describe, expect, expectTypeOf, it } from 'vitest'
import { defineConfig, field } from '../../../layers/runtime/config/definition.js'
import { Password } from '../../../layers/runtime/config/password.js'
import {
  atLeast,
  between,
  caseInsensitiveValidString,
  composite,
  nonNull,
  validList,
  validString,
} from '../../../layers/runtime/config/validators.js'
import { ConfigException } from '../../../layers/runtime/errors.js'

function errorOf(action: () => unknown): ConfigException {
  try {
    action()
  } catch (error) {
    if (error instanceof ConfigException) return error
    throw error
  }
  throw new Error('expected a ConfigException')
}

describe('defineConfig', () => {
  it('parses every type from strings as Kafka does, applying defaults', () => {
    // Prepare
    const def = defineConfig({
      a: field.int({ doc: 'docs', importance: 'HIGH' }),
      b: field.long({ doc: 'docs', importance: 'HIGH' }),
      c: field.string({ doc: 'docs', default: 'hello', importance: 'HIGH' }),
      d: field.list({ doc: 'docs', importance: 'HIGH' }),
      e: field.double({ doc: 'docs', importance: 'HIGH' }),
      f: field.class({ doc: 'docs', importance: 'HIGH' }),
      g: field.boolean({ doc: 'docs', importance: 'HIGH' }),
      h: field.boolean({ doc: 'docs', importance: 'HIGH' }),
      i: field.boolean({ doc: 'docs', importance: 'HIGH' }),
      j: field.password({ doc: 'docs', importance: 'HIGH' }),
      k: field.short({ doc: 'docs', importance: 'HIGH' }),
    })

    // Act
    const config = def.parse({
      a: '1   ',
      b: '2',
      d: ' a , b, c',
      e: '42.5',
      f: 'org.apache.kafka.connect.json.JsonConverter',
      g: 'true',
      h: 'FalSE',
      i: 'TRUE',
      j: 'password',
      k: '-7',
    })

    // Assess
    expect(config.values).toMatchObject({ a: 1, b: 2, c: 'hello', d: ['a', 'b', 'c'], e: 42.5, g: true, h: false })
    expect(config.get('f')).toBe('org.apache.kafka.connect.json.JsonConverter')
    expect(config.get('i')).toBe(true)
    expect(config.get('k')).toBe(-7)
    expect(config.get('j').equals(new Password('password'))).toBe(true)
    expect(String(config.get('j'))).toBe('[hidden]')
    expect(JSON.stringify({ j: config.get('j') })).toBe('{"j":"[hidden]"}')
  })

  it('infers the parsed value types from the definition', () => {
    const def = defineConfig({
      'flush.size': field.int({ doc: 'Records per file.', validator: atLeast(1) }),
      replacement: field.string({ doc: 'Replacement.', default: null }),
      fields: field.list({ doc: 'Fields.', default: [] }),
      'connection.password': field.password({ doc: 'Password.' }),
      'behavior.on.null.values': field.string({ doc: 'Behaviour.', default: 'fail' }),
    })
    const config = def.parse({ 'flush.size': '1000', 'connection.password': 's3cret' })

    expectTypeOf(config.get('flush.size')).toEqualTypeOf<number>()
    expectTypeOf(config.get('replacement')).toEqualTypeOf<string | null>()
    expectTypeOf(config.get('fields')).toEqualTypeOf<readonly string[]>()
    expectTypeOf(config.get('connection.password')).toEqualTypeOf<Password>()
    expectTypeOf(config.values['behavior.on.null.values']).toEqualTypeOf<string>()
    expect(config.get('flush.size')).toBe(1000)
  })

  it('gives a key with a null default the value null', () => {
    const def = defineConfig({ a: field.int({ doc: 'docs', default: null }) })

    expect(def.parse({}).get('a')).toBeNull()
    expect(def.parse({ a: null }).get('a')).toBeNull()
  })

  it('rejects a null value for a key whose default is not null', () => {
    const def = defineConfig({ a: field.int({ doc: 'docs', default: 1 }) })

    expect(errorOf(() => def.parse({ a: null })).message).toBe(
      'Invalid value null for configuration a: Value must be non-null',
    )
  })

  it('names a missing required key', () => {
    const def = defineConfig({ a: field.int({ doc: 'docs' }) })

    const error = errorOf(() => def.parse({}))

    expect(error.message).toBe('Missing required configuration "a" which has no default value.')
    expect(error.key).toBe('a')
  })

  it('accepts an empty string default', () => {
    const def = defineConfig({ a: field.string({ doc: 'docs', default: '' }) })

    expect(def.parse({}).get('a')).toBe('')
  })

  it('rejects a default that fails its validator or its type when the definition is built', () => {
    expect(() => defineConfig({ name: field.int({ doc: 'docs', default: -1, validator: between(0, 10) }) })).toThrow(
      ConfigException,
    )
    expect(() =>
      defineConfig({ name: field.string({ doc: 'docs', default: 'bad', validator: validString('valid', 'values') }) }),
    ).toThrow(ConfigException)
    expect(() => defineConfig({ name: field.int({ doc: 'docs', default: 2 ** 31 }) })).toThrow(
      'Invalid value 2147483648 for configuration name: Not a number of type INT',
    )
    expect(() => defineConfig({ name: field.short({ doc: 'docs', default: 1.5 }) })).toThrow(ConfigException)
  })

  it.each([
    ['INT', field.int({ doc: 'docs' }), ['hello', '42.5', '9223372036854775807', '2147483648', '', '0x10', '1_000']],
    ['SHORT', field.short({ doc: 'docs' }), ['32768', '-32769', '1.0']],
    ['LONG', field.long({ doc: 'docs' }), ['hello', '42.5', '922337203685477580700', '']],
    ['DOUBLE', field.double({ doc: 'docs' }), ['hello', '', '   ', '0x10', '1e', 'nan', 'infinity']],
    ['BOOLEAN', field.boolean({ doc: 'docs' }), ['hello', 'truee', 'fals', 'yes', '1', '']],
  ])('rejects bad %s input naming the key', (_type, key, values) => {
    const def = defineConfig({ name: key })
    for (const value of values) {
      expect(errorOf(() => def.parse({ name: value })).message).toMatch(
        /^Invalid value .* for configuration name: (Not a number of type|Expected value to be)/,
      )
    }
  })

  it('shows the value as given in a type error', () => {
    const def = defineConfig({ 'flush.size': field.int({ doc: 'docs' }) })

    expect(errorOf(() => def.parse({ 'flush.size': 'lots' })).message).toBe(
      'Invalid value lots for configuration flush.size: Not a number of type INT',
    )
  })

  it.each([
    ['INT', field.int({ doc: 'docs' }), ['2147483647', '-2147483648', '+5', ' 7 '], [2147483647, -2147483648, 5, 7]],
    [
      'LONG',
      field.long({ doc: 'docs' }),
      ['9007199254740991', '-1', '9223372036854775807'],
      [9007199254740991, -1, 2 ** 63], // Long.MAX_VALUE, rounded as a JavaScript number
    ],
    [
      'DOUBLE',
      field.double({ doc: 'docs' }),
      ['1e3', '1.5d', '2F', '.5', '5.', '-Infinity', 'NaN', '0x1p3', '0x.8p1'],
      [1000, 1.5, 2, 0.5, 5, Number.NEGATIVE_INFINITY, Number.NaN, 8, 1],
    ],
    ['BOOLEAN', field.boolean({ doc: 'docs' }), [' true ', 'False', 'TRUE'], [true, false, true]],
  ])('accepts every %s form that Java parses', (_type, key, inputs, expected) => {
    const def = defineConfig({ name: key })

    expect(inputs.map((input) => def.parse({ name: input }).values.name)).toEqual(expected)
  })

  it('splits lists on commas, trims the items and keeps empty items', () => {
    const def = defineConfig({ name: field.list({ doc: 'docs' }) })
    const parse = (value: string) => def.parse({ name: value }).get('name')

    expect(parse('')).toEqual([])
    expect(parse('   ')).toEqual([])
    expect(parse('a,,b')).toEqual(['a', '', 'b'])
    expect(parse('a ,\tb ,')).toEqual(['a', 'b', ''])
    expect(parse('orders,users,payments')).toEqual(['orders', 'users', 'payments'])
  })

  it('trims strings and passwords as Kafka does', () => {
    const def = defineConfig({ s: field.string({ doc: 'docs' }), p: field.password({ doc: 'docs' }) })
    const config = def.parse({ s: '  value \t', p: ' secret ' })

    expect(config.get('s')).toBe('value')
    expect(config.get('p').value()).toBe('secret')
  })

  it.each([
    ['a range', field.int({ doc: 'docs', default: 5, validator: between(0, 10) }), ['1', '5', '9'], ['-1', '11']],
    [
      'a set of strings',
      field.string({ doc: 'docs', default: 'default', validator: validString('good', 'values', 'default') }),
      ['good', 'values', 'default'],
      ['bad', 'inputs', 'DEFAULT'],
    ],
    [
      'a set of strings in any case',
      field.string({
        doc: 'docs',
        default: 'default',
        validator: caseInsensitiveValidString('good', 'values', 'default'),
      }),
      ['gOOd', 'VALUES', 'default'],
      ['Bad', 'iNPUts'],
    ],
    [
      'a list of valid strings',
      field.list({ doc: 'docs', default: ['1'], validator: validList('1', '2', '3') }),
      ['1', '2', '3', '1,3'],
      ['4', '5', '1,6'],
    ],
    [
      'several validators',
      field.string({ doc: 'docs', default: 'a', validator: composite<string>(nonNull, validString('a', 'b')) }),
      ['a', 'b'],
      ['c', '-1'],
    ],
  ])('checks values against %s', (_name, key, good, bad) => {
    const def = defineConfig({ name: key })

    for (const value of good) expect(() => def.parse({ name: value })).not.toThrow()
    for (const value of bad) expect(() => def.parse({ name: value })).toThrow(ConfigException)
  })

  it('validates a required key without a default', () => {
    const def = defineConfig({
      enum_test: field.string({ doc: 'docs', validator: validString('ONE', 'TWO', 'THREE') }),
    })

    expect(def.parse({ enum_test: 'ONE' }).get('enum_test')).toBe('ONE')
  })

  it('keeps unknown keys as originals and hands out sub-configs by prefix', () => {
    const def = defineConfig({ 'value.converter': field.class({ doc: 'docs' }) })
    const props = {
      'value.converter': 'io.confluent.connect.avro.AvroConverter',
      'value.converter.schema.registry.url': 'http://localhost:8081',
      'value.converter.': 'ignored: nothing after the prefix',
      'type.name': '_doc',
    }

    const config = def.parse(props)

    expect(config.originals()).toEqual(props)
    expect(config.unknownKeys()).toEqual(['value.converter.schema.registry.url', 'value.converter.', 'type.name'])
    expect(config.originalsWithPrefix('value.converter.')).toEqual({ 'schema.registry.url': 'http://localhost:8081' })
    expect(config.originalsWithPrefix('value.converter.', false)).toEqual({
      'value.converter.schema.registry.url': 'http://localhost:8081',
    })
  })

  it('lists groups in the order they first appear', () => {
    const def1 = defineConfig({
      a: field.int({ doc: 'docs', group: 'group1', orderInGroup: 1 }),
      b: field.int({ doc: 'docs', group: 'group2', orderInGroup: 1 }),
      c: field.int({ doc: 'docs', group: 'group1', orderInGroup: 2 }),
    })
    const def2 = defineConfig({
      a: field.int({ doc: 'docs', group: 'group2', orderInGroup: 1 }),
      b: field.int({ doc: 'docs', group: 'group2', orderInGroup: 2 }),
      c: field.int({ doc: 'docs', group: 'group1', orderInGroup: 2 }),
    })

    expect(def1.groups()).toEqual(['group1', 'group2'])
    expect(def2.groups()).toEqual(['group2', 'group1'])
    expect(def1.names()).toEqual(['a', 'b', 'c'])
  })

  it('reports every problem at once when validating', () => {
    const def = defineConfig({
      a: field.int({ doc: 'docs' }),
      b: field.int({ doc: 'docs' }),
      c: field.int({ doc: 'docs', default: 10, validator: atLeast(0) }),
      d: field.password({ doc: 'docs' }),
    })

    const reports = def.validate({ a: 'non_integer', c: '-1', d: 'hunter2' })

    expect(reports).toEqual([
      { name: 'a', value: null, errors: ['Invalid value non_integer for configuration a: Not a number of type INT'] },
      { name: 'b', value: null, errors: ['Missing required configuration "b" which has no default value.'] },
      { name: 'c', value: null, errors: ['Invalid value -1 for configuration c: Value must be at least 0'] },
      { name: 'd', value: expect.any(Password), errors: [] },
    ])
    expect(JSON.stringify(reports)).not.toContain('hunter2')
  })

  it('never shows a secret value in an error', () => {
    const def = defineConfig({
      'connection.password': field.password({
        doc: 'docs',
        validator: {
          ensureValid(name, value) {
            if (value !== null && value.value().length < 8) throw ConfigException.invalid(name, value, 'Too short')
          },
          toString: () => 'at least 8 characters',
        },
      }),
      'connection.url': field.string({ doc: 'docs', secret: true, validator: validString('jdbc:postgresql://db') }),
    })

    const passwordError = errorOf(() =>
      def.parse({ 'connection.password': 'hunter2', 'connection.url': 'jdbc:postgresql://db' }),
    )
    const urlError = errorOf(() => def.parse({ 'connection.password': 'long enough', 'connection.url': 'jdbc:u:p@x' }))

    expect(passwordError.message).toBe('Invalid value [hidden] for configuration connection.password: Too short')
    expect(urlError.message).toBe(
      'Invalid value [hidden] for configuration connection.url: String must be one of: jdbc:postgresql://db',
    )
  })

  it('redacts defined secrets and keys named like secrets', () => {
    const def = defineConfig({
      'connection.user': field.string({ doc: 'docs' }),
      'connection.password': field.password({ doc: 'docs' }),
      'connection.url': field.string({ doc: 'docs', secret: true }),
    })

    const redacted = def.redact({
      'connection.user': 'connect_user',
      'connection.password': 's3cret',
      'connection.url': 'jdbc:postgresql://user:pw@db/mydb',
      'value.converter.basic.auth.user.info': 'user:pw',
      'value.converter.basic.auth.credentials.source': 'USER_INFO',
      'topic.prefix': 'db-',
      'ssl.key.password': null,
    })

    expect(redacted).toEqual({
      'connection.user': 'connect_user',
      'connection.password': '[hidden]',
      'connection.url': '[hidden]',
      'value.converter.basic.auth.user.info': '[hidden]',
      'value.converter.basic.auth.credentials.source': 'USER_INFO',
      'topic.prefix': 'db-',
      'ssl.key.password': null,
    })
  })
})

describe('ConfigDef.toMarkdown', () => {
  it('renders the docs table in Kafka order: required keys first, then by importance and name', () => {
    const def = defineConfig({
      opt1: field.string({ doc: 'docs1', default: 'a', validator: validString('a', 'b', 'c'), importance: 'HIGH' }),
      opt2: field.int({ doc: 'docs2', importance: 'MEDIUM' }),
      opt4: field.boolean({ doc: 'docs4', default: false, importance: 'LOW' }),
      opt3: field.list({ doc: 'docs3', default: ['a', 'b'], importance: 'LOW' }),
    })

    expect(def.toMarkdown()).toBe(
      [
        '| Name | Type | Default | Valid values | Importance | Description |',
        '| --- | --- | --- | --- | --- | --- |',
        '| `opt2` | int | *required* |  | medium | docs2 |',
        '| `opt1` | string | `a` | [a, b, c] | high | docs1 |',
        '| `opt3` | list | `a,b` |  | low | docs3 |',
        '| `opt4` | boolean | `false` |  | low | docs4 |',
        '',
      ].join('\n'),
    )
  })

  it('hides secret defaults, names time and size units, and escapes pipes', () => {
    const def = defineConfig({
      'rotate.interval.ms': field.long({ doc: 'Rotate | flush.', default: 60000 }),
      's3.part.size': field.int({ doc: 'docs', default: 26214400 }),
      'buffer.bytes': field.int({ doc: 'docs', default: 1048576 }),
      'ssl.key.password': field.password({ doc: 'docs', default: 'changeit' }),
      replacement: field.string({ doc: 'docs', default: null }),
      prefix: field.string({ doc: 'docs', default: '' }),
    })

    const table = def.toMarkdown()

    expect(table).toContain('| `rotate.interval.ms` | long | `60000` (1 minute) |  | medium | Rotate \\| flush. |')
    expect(table).toContain('| `buffer.bytes` | int | `1048576` (1 mebibyte) |')
    expect(table).toContain('| `s3.part.size` | int | `26214400` |')
    expect(table).toContain('| `ssl.key.password` | password | [hidden] |')
    expect(table).not.toContain('changeit')
    expect(table).toContain('| `replacement` | string | `null` |')
    expect(table).toContain('| `prefix` | string | `""` |')
  })

  it('orders groups as they appear and keys within a group by their order', () => {
    const def = defineConfig({
      'opt1.of.group1': field.string({ doc: 'd', default: 'a', group: 'Group One', orderInGroup: 0 }),
      'opt2.of.group1': field.int({ doc: 'd', group: 'Group One', orderInGroup: 1 }),
      'opt2.of.group2': field.boolean({ doc: 'd', default: false, group: 'Group Two', orderInGroup: 1 }),
      'opt1.of.group2': field.boolean({ doc: 'd', default: false, group: 'Group Two', orderInGroup: 0 }),
      'poor.opt': field.string({ doc: 'd', default: 'foo' }),
    })

    const names = [...def.toMarkdown().matchAll(/^\| `([^`]+)`/gm)].map((m) => m[1])

    expect(names).toEqual(['poor.opt', 'opt1.of.group1', 'opt2.of.group1', 'opt1.of.group2', 'opt2.of.group2'])
  })
})
