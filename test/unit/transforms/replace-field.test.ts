// Ported from Kafka's ReplaceFieldTest, including the two tests of the deprecated names that Kafka 4.0
// deleted (commit db56553fd3b), which connectless still honours with a warning.
import { afterEach, describe, expect, it } from 'vitest'
import { SchemaBuilder, SchemaBuilderException, Schemas } from '../../../layers/runtime/data/schema.js'
import { Struct } from '../../../layers/runtime/data/struct.js'
import { Int32 } from '../../../layers/runtime/data/values.js'
import { ConfigException } from '../../../layers/runtime/errors.js'
import { ReplaceFieldKey, ReplaceFieldValue } from '../../../layers/transforms/replace-field.js'
import { map, sinkRecord } from './records.js'

const SCHEMA = SchemaBuilder.struct()
  .field('dont', Schemas.STRING)
  .field('abc', Schemas.INT32)
  .field('foo', Schemas.BOOLEAN)
  .field('etc', Schemas.STRING)
  .build()

function schemalessValue(): Map<string, unknown> {
  return map({ dont: 'whatever', abc: new Int32(42), foo: true, etc: 'etc' })
}

describe('ReplaceField', () => {
  const xformKey = new ReplaceFieldKey()
  const xform = new ReplaceFieldValue()
  afterEach(() => {
    xform.close()
    xformKey.close()
  })

  it('passes a schemaless tombstone through', () => {
    xform.configure({ include: 'abc,foo', renames: 'abc:xyz,foo:bar' })
    const transformed = xform.apply(sinkRecord('test', 0, null, null, null, null, 0))
    expect(transformed.value).toBeNull()
    expect(transformed.valueSchema).toBeNull()
  })

  it('passes a tombstone with a schema through, schema unchanged', () => {
    xform.configure({ include: 'abc,foo', renames: 'abc:xyz,foo:bar' })
    const transformed = xform.apply(sinkRecord('test', 0, null, null, SCHEMA, null, 0))
    expect(transformed.value).toBeNull()
    expect(transformed.valueSchema).toBe(SCHEMA)
  })

  it('excludes and renames entries of a schemaless map', () => {
    xform.configure({ exclude: 'dont', renames: 'abc:xyz,foo:bar' })
    const updated = xform.apply(sinkRecord('test', 0, null, null, null, schemalessValue(), 0)).value as Map<
      string,
      unknown
    >
    expect(updated.size).toBe(3)
    expect(updated.get('xyz')).toEqual(new Int32(42))
    expect(updated.get('bar')).toBe(true)
    expect(updated.get('etc')).toBe('etc')
  })

  it('includes and renames fields of a struct', () => {
    xform.configure({ include: 'abc,foo', renames: 'abc:xyz,foo:bar' })
    const value = new Struct(SCHEMA).put('dont', 'whatever').put('abc', 42).put('foo', true).put('etc', 'etc')
    const updated = xform.apply(sinkRecord('test', 0, null, null, SCHEMA, value, 0)).value as Struct
    expect(updated.schema.fields.map((f) => f.name)).toEqual(['xyz', 'bar'])
    expect(updated.getInt32('xyz')).toBe(42)
    expect(updated.getBoolean('bar')).toBe(true)
  })

  it('still reads the deprecated whitelist as include', () => {
    xform.configure({ whitelist: 'abc,foo', renames: 'abc:xyz,foo:bar' })
    const transformed = xform.apply(sinkRecord('test', 0, null, null, null, null, 0))
    expect(transformed.value).toBeNull()
    expect(transformed.valueSchema).toBeNull()
    const updated = xform.apply(sinkRecord('test', 0, null, null, null, schemalessValue(), 0)).value as Map<
      string,
      unknown
    >
    expect([...updated.keys()].sort()).toEqual(['bar', 'xyz'])
  })

  it('still reads the deprecated blacklist as exclude', () => {
    xform.configure({ blacklist: 'dont', renames: 'abc:xyz,foo:bar' })
    const updated = xform.apply(sinkRecord('test', 0, null, null, null, schemalessValue(), 0)).value as Map<
      string,
      unknown
    >
    expect(updated.size).toBe(3)
    expect(updated.get('xyz')).toEqual(new Int32(42))
    expect(updated.get('bar')).toBe(true)
    expect(updated.get('etc')).toBe('etc')
  })

  it('uses exclude over blacklist when both are set', () => {
    xform.configure({ blacklist: 'etc', exclude: 'dont' })
    const updated = xform.apply(sinkRecord('test', 0, null, null, null, schemalessValue(), 0)).value as Map<
      string,
      unknown
    >
    expect([...updated.keys()].sort()).toEqual(['abc', 'etc', 'foo'])
  })

  for (const [replaceNullWithDefault, expected] of [
    [false, null],
    [true, 42],
  ] as const) {
    const schema = SchemaBuilder.struct()
      .field('abc', SchemaBuilder.int32().optional().defaultValue(42).build())
      .build()
    const props = {
      include: 'abc',
      renames: 'abc:optional_with_default',
      'replace.null.with.default': String(replaceNullWithDefault),
    }

    it(`reads a null value field as ${expected} with replace.null.with.default=${replaceNullWithDefault}`, () => {
      xform.configure(props)
      const updated = xform.apply(sinkRecord('test', 0, null, null, schema, new Struct(schema).put('abc', null), 0))
        .value as Struct
      expect(updated.schema.fields.length).toBe(1)
      expect(updated.getWithoutDefault('optional_with_default')).toBe(expected)
    })

    it(`reads a null key field as ${expected} with replace.null.with.default=${replaceNullWithDefault}`, () => {
      xformKey.configure(props)
      const updated = xformKey.apply(sinkRecord('test', 0, schema, new Struct(schema).put('abc', null), null, null, 0))
        .key as Struct
      expect(updated.schema.fields.length).toBe(1)
      expect(updated.getWithoutDefault('optional_with_default')).toBe(expected)
    })
  }

  // Beyond Kafka's test class.
  it('lets exclude win over include', () => {
    xform.configure({ include: 'abc,foo', exclude: 'foo' })
    const value = new Struct(SCHEMA).put('dont', 'x').put('abc', 1).put('foo', true).put('etc', 'e')
    const updated = xform.apply(sinkRecord('t', 0, null, null, SCHEMA, value, 0)).value as Struct
    expect(updated.schema.fields.map((f) => f.name)).toEqual(['abc'])
  })

  it('copies name, version, doc and parameters but not optionality, and caches the new schema', () => {
    xform.configure({ exclude: 'b' })
    const schema = SchemaBuilder.struct()
      .name('n')
      .version(3)
      .doc('d')
      .parameter('p', 'v')
      .optional()
      .field('a', Schemas.INT32)
      .field('b', Schemas.INT32)
      .build()
    const first = xform.apply(sinkRecord('t', 0, null, null, schema, new Struct(schema).put('a', 1).put('b', 2), 0))
    expect(first.valueSchema).toMatchObject({
      name: 'n',
      version: 3,
      doc: 'd',
      parameters: { p: 'v' },
      optional: false,
    })
    const equalSchema = SchemaBuilder.struct()
      .name('n')
      .version(3)
      .doc('d')
      .parameter('p', 'v')
      .optional()
      .field('a', Schemas.INT32)
      .field('b', Schemas.INT32)
      .build()
    const second = xform.apply(
      sinkRecord('t', 0, null, null, equalSchema, new Struct(equalSchema).put('a', 1).put('b', 2), 0),
    )
    expect(second.valueSchema).toBe(first.valueSchema)
  })

  it('rejects a rename that is not one old:new pair, naming the key', () => {
    expect(() => xform.configure({ renames: 'a:b:c' })).toThrow(ConfigException)
    expect(() => xform.configure({ renames: 'a:b:c' })).toThrow(
      'Invalid value [a:b:c] for configuration renames: Invalid rename mapping: a:b:c',
    )
    expect(() => xform.configure({ renames: 'a' })).toThrow('Invalid rename mapping: a')
    // Java's String.split drops trailing empty strings: "a:b:" is the pair a → b
    xform.configure({ renames: 'a:b:' })
  })

  it('rejects duplicate and empty items in exclude and include, as Kafka 4 does', () => {
    expect(() => xform.configure({ exclude: 'a,a' })).toThrow("Configuration 'exclude' values must not be duplicated.")
    expect(() => xform.configure({ include: 'a,,b' })).toThrow("Configuration 'include' values must not be empty.")
  })

  it('fails when two fields are renamed to the same name', () => {
    xform.configure({ renames: 'abc:x,foo:x' })
    const value = new Struct(SCHEMA).put('dont', 'x').put('abc', 1).put('foo', true).put('etc', 'e')
    expect(() => xform.apply(sinkRecord('t', 0, null, null, SCHEMA, value, 0))).toThrow(SchemaBuilderException)
  })
})
