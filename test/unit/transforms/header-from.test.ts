// Ported from Kafka's HeaderFromTest: the same cases, schemaless and with a schema, for the key and the value.
import { describe, expect, it } from 'vitest'
import { type Schema, SchemaBuilder, Schemas } from '../../../layers/runtime/data/schema.js'
import { Struct } from '../../../layers/runtime/data/struct.js'
import { valuesEqual } from '../../../layers/runtime/data/values.js'
import { ConfigException, DataException } from '../../../layers/runtime/errors.js'
import { Headers } from '../../../layers/runtime/record/headers.js'
import type { SourceRecord } from '../../../layers/runtime/record/record.js'
import { type HeaderFrom, HeaderFromKey, HeaderFromValue } from '../../../layers/transforms/header-from.js'
import { NullPointerException } from '../../../layers/transforms/util/java-exceptions.js'
import { map, sourceRecord } from './records.js'

class RecordBuilder {
  readonly fields: string[] = []
  readonly fieldSchemas: Schema[] = []
  readonly fieldValues: unknown[] = []
  readonly headers = new Headers()

  withField(name: string, schema: Schema, value: unknown): this {
    this.fields.push(name)
    this.fieldSchemas.push(schema)
    this.fieldValues.push(value)
    return this
  }

  addHeader(name: string, schema: Schema, value: unknown): this {
    this.headers.add(name, value, schema)
    return this
  }

  schemaless(keyTransform: boolean): SourceRecord {
    const m = new Map<string, unknown>()
    for (const [i, f] of this.fields.entries()) m.set(f, this.fieldValues[i])
    return this.record(keyTransform, null, m)
  }

  withSchema(keyTransform: boolean): SourceRecord {
    const builder = SchemaBuilder.struct()
    for (const [i, f] of this.fields.entries()) builder.field(f, this.fieldSchemas[i]!)
    const schema = builder.build()
    const struct = new Struct(schema)
    for (const [i, f] of this.fields.entries()) struct.put(f, this.fieldValues[i])
    return this.record(keyTransform, schema, struct)
  }

  private record(keyTransform: boolean, schema: Schema | null, value: unknown): SourceRecord {
    // a schemaless transformation is expected to give headers without a schema
    const headers =
      schema === null
        ? new Headers(this.headers.toArray().map((h) => ({ key: h.key, schema: null, value: h.value })))
        : this.headers
    return sourceRecord(
      'topic',
      0,
      keyTransform ? schema : null,
      keyTransform ? value : 'key',
      keyTransform ? null : schema,
      keyTransform ? 'value' : value,
      0,
      headers,
    )
  }
}

const optionalWithDefault = () => SchemaBuilder.string().defaultValue('default').optional().build()
const structSchema = SchemaBuilder.struct().field('foo', Schemas.STRING).build()
const struct = new Struct(structSchema).put('foo', 'foo-value')

interface Case {
  readonly description: string
  readonly original: RecordBuilder
  readonly fields: string[]
  readonly headers: string[]
  readonly operation: 'copy' | 'move'
  readonly replaceNullWithDefault: boolean
  readonly expected: RecordBuilder
}

const CASES: Case[] = [
  {
    description: 'basic copy',
    original: new RecordBuilder()
      .withField('field1', Schemas.STRING, 'field1-value')
      .withField('field2', Schemas.STRING, 'field2-value')
      .addHeader('header1', Schemas.STRING, 'existing-value'),
    fields: ['field1'],
    headers: ['inserted1'],
    operation: 'copy',
    replaceNullWithDefault: true,
    expected: new RecordBuilder()
      .withField('field1', Schemas.STRING, 'field1-value')
      .withField('field2', Schemas.STRING, 'field2-value')
      .addHeader('header1', Schemas.STRING, 'existing-value')
      .addHeader('inserted1', Schemas.STRING, 'field1-value'),
  },
  {
    description: 'basic move',
    original: new RecordBuilder()
      .withField('field1', Schemas.STRING, 'field1-value')
      .withField('field2', Schemas.STRING, 'field2-value')
      .addHeader('header1', Schemas.STRING, 'existing-value'),
    fields: ['field1'],
    headers: ['inserted1'],
    operation: 'move',
    replaceNullWithDefault: true,
    expected: new RecordBuilder()
      .withField('field2', Schemas.STRING, 'field2-value')
      .addHeader('header1', Schemas.STRING, 'existing-value')
      .addHeader('inserted1', Schemas.STRING, 'field1-value'),
  },
  {
    description: 'copy with preexisting header',
    original: new RecordBuilder()
      .withField('field1', Schemas.STRING, 'field1-value')
      .withField('field2', Schemas.STRING, 'field2-value')
      .addHeader('inserted1', Schemas.STRING, 'existing-value'),
    fields: ['field1'],
    headers: ['inserted1'],
    operation: 'copy',
    replaceNullWithDefault: true,
    expected: new RecordBuilder()
      .withField('field1', Schemas.STRING, 'field1-value')
      .withField('field2', Schemas.STRING, 'field2-value')
      .addHeader('inserted1', Schemas.STRING, 'existing-value')
      .addHeader('inserted1', Schemas.STRING, 'field1-value'),
  },
  {
    description: 'move with preexisting header',
    original: new RecordBuilder()
      .withField('field1', Schemas.STRING, 'field1-value')
      .withField('field2', Schemas.STRING, 'field2-value')
      .addHeader('inserted1', Schemas.STRING, 'existing-value'),
    fields: ['field1'],
    headers: ['inserted1'],
    operation: 'move',
    replaceNullWithDefault: true,
    expected: new RecordBuilder()
      .withField('field2', Schemas.STRING, 'field2-value')
      .addHeader('inserted1', Schemas.STRING, 'existing-value')
      .addHeader('inserted1', Schemas.STRING, 'field1-value'),
  },
  {
    description: 'copy with struct value',
    original: new RecordBuilder()
      .withField('field1', structSchema, struct)
      .withField('field2', Schemas.STRING, 'field2-value')
      .addHeader('header1', Schemas.STRING, 'existing-value'),
    fields: ['field1'],
    headers: ['inserted1'],
    operation: 'copy',
    replaceNullWithDefault: true,
    expected: new RecordBuilder()
      .withField('field1', structSchema, struct)
      .withField('field2', Schemas.STRING, 'field2-value')
      .addHeader('header1', Schemas.STRING, 'existing-value')
      .addHeader('inserted1', structSchema, struct),
  },
  {
    description: 'move with struct value',
    original: new RecordBuilder()
      .withField('field1', structSchema, struct)
      .withField('field2', Schemas.STRING, 'field2-value')
      .addHeader('header1', Schemas.STRING, 'existing-value'),
    fields: ['field1'],
    headers: ['inserted1'],
    operation: 'move',
    replaceNullWithDefault: true,
    expected: new RecordBuilder()
      .withField('field2', Schemas.STRING, 'field2-value')
      .addHeader('header1', Schemas.STRING, 'existing-value')
      .addHeader('inserted1', structSchema, struct),
  },
  {
    description: 'two headers from same field',
    original: new RecordBuilder()
      .withField('field1', Schemas.STRING, 'field1-value')
      .withField('field2', Schemas.STRING, 'field2-value')
      .addHeader('header1', Schemas.STRING, 'existing-value'),
    fields: ['field1', 'field1'],
    headers: ['inserted1', 'inserted2'],
    operation: 'move',
    replaceNullWithDefault: true,
    expected: new RecordBuilder()
      .withField('field2', Schemas.STRING, 'field2-value')
      .addHeader('header1', Schemas.STRING, 'existing-value')
      .addHeader('inserted1', Schemas.STRING, 'field1-value')
      .addHeader('inserted2', Schemas.STRING, 'field1-value'),
  },
  {
    description: 'two fields to same header',
    original: new RecordBuilder()
      .withField('field1', Schemas.STRING, 'field1-value')
      .withField('field2', Schemas.STRING, 'field2-value')
      .addHeader('header1', Schemas.STRING, 'existing-value'),
    fields: ['field1', 'field2'],
    headers: ['inserted1', 'inserted1'],
    operation: 'move',
    replaceNullWithDefault: true,
    expected: new RecordBuilder()
      .addHeader('header1', Schemas.STRING, 'existing-value')
      .addHeader('inserted1', Schemas.STRING, 'field1-value')
      .addHeader('inserted1', Schemas.STRING, 'field2-value'),
  },
  {
    description: 'Copy null field without default',
    original: new RecordBuilder()
      .withField('field1', optionalWithDefault(), 'field1-value')
      .withField('field2', optionalWithDefault(), null)
      .addHeader('header1', Schemas.STRING, 'existing-value'),
    fields: ['field1', 'field2'],
    headers: ['inserted1', 'inserted2'],
    operation: 'copy',
    replaceNullWithDefault: false,
    expected: new RecordBuilder()
      .withField('field1', optionalWithDefault(), 'field1-value')
      .withField('field2', optionalWithDefault(), null)
      .addHeader('header1', Schemas.STRING, 'existing-value')
      .addHeader('inserted1', optionalWithDefault(), 'field1-value')
      .addHeader('inserted2', optionalWithDefault(), null),
  },
  {
    description: 'Move null field without default',
    original: new RecordBuilder()
      .withField('field1', optionalWithDefault(), 'field1-value')
      .withField('field2', optionalWithDefault(), null)
      .addHeader('header1', Schemas.STRING, 'existing-value'),
    fields: ['field1', 'field2'],
    headers: ['inserted1', 'inserted2'],
    operation: 'move',
    replaceNullWithDefault: false,
    expected: new RecordBuilder()
      .addHeader('header1', Schemas.STRING, 'existing-value')
      .addHeader('inserted1', optionalWithDefault(), 'field1-value')
      .addHeader('inserted2', optionalWithDefault(), null),
  },
]

function transform(
  keyTransform: boolean,
  c: Pick<Case, 'fields' | 'headers' | 'operation' | 'replaceNullWithDefault'>,
): HeaderFrom {
  const xform = keyTransform ? new HeaderFromKey() : new HeaderFromValue()
  xform.configure({
    headers: c.headers.join(','),
    fields: c.fields.join(','),
    operation: c.operation,
    'replace.null.with.default': String(c.replaceNullWithDefault),
  })
  return xform
}

/** Kafka's assertSameRecord, with Connect's equality for keys, values and headers. */
function assertSameRecord(expected: SourceRecord, xformed: SourceRecord): void {
  expect(xformed.sourcePartition).toEqual(expected.sourcePartition)
  expect(xformed.sourceOffset).toEqual(expected.sourceOffset)
  expect(xformed.topic).toBe(expected.topic)
  expect(xformed.kafkaPartition).toBe(expected.kafkaPartition)
  expect(xformed.keySchema).toEqual(expected.keySchema)
  expect(valuesEqual(xformed.key, expected.key), `key ${String(xformed.key)}`).toBe(true)
  expect(xformed.valueSchema).toEqual(expected.valueSchema)
  expect(valuesEqual(xformed.value, expected.value), `value ${String(xformed.value)}`).toBe(true)
  expect(xformed.timestamp).toBe(expected.timestamp)
  const actualHeaders = xformed.headers.toArray()
  const expectedHeaders = expected.headers.toArray()
  expect(actualHeaders.map((h) => h.key)).toEqual(expectedHeaders.map((h) => h.key))
  actualHeaders.forEach((h, i) => {
    expect(h.schema).toEqual(expectedHeaders[i]!.schema)
    expect(valuesEqual(h.value, expectedHeaders[i]!.value)).toBe(true)
  })
}

describe('HeaderFrom', () => {
  for (const keyTransform of [true, false]) {
    const part = keyTransform ? 'key' : 'value'
    for (const c of CASES) {
      it(`${c.description}, schemaless ${part}`, () => {
        const xformed = transform(keyTransform, c).apply(c.original.schemaless(keyTransform))
        assertSameRecord(c.expected.schemaless(keyTransform), xformed)
      })

      it(`${c.description}, ${part} with a schema`, () => {
        const xformed = transform(keyTransform, c).apply(c.original.withSchema(keyTransform))
        assertSameRecord(c.expected.withSchema(keyTransform), xformed)
      })
    }

    it(`rejects more fields than headers (${part})`, () => {
      expect(() =>
        transform(keyTransform, {
          fields: ['foo', 'bar'],
          headers: ['foo'],
          operation: 'copy',
          replaceNullWithDefault: true,
        }),
      ).toThrow(new ConfigException("'fields' config must have the same number of elements as 'headers' config."))
    })

    it(`rejects more headers than fields (${part})`, () => {
      expect(() =>
        transform(keyTransform, {
          fields: ['foo'],
          headers: ['foo', 'bar'],
          operation: 'copy',
          replaceNullWithDefault: true,
        }),
      ).toThrow(ConfigException)
    })

    it(`rejects empty headers and fields (${part})`, () => {
      expect(() =>
        transform(keyTransform, { fields: [], headers: [], operation: 'copy', replaceNullWithDefault: true }),
      ).toThrow(ConfigException)
    })
  }

  // Beyond Kafka's test class.
  it('rejects a tombstone', () => {
    const xform = transform(false, { fields: ['a'], headers: ['h'], operation: 'copy', replaceNullWithDefault: true })
    expect(() => xform.apply(sourceRecord('t', 0, null, null, null, null))).toThrow(DataException)
    expect(() => xform.apply(sourceRecord('t', 0, null, null, null, null))).toThrow(
      'Only Map objects supported in absence of schema for [header copy], found: null',
    )
  })

  it('throws NullPointerException for a field the schema lacks, as Kafka does', () => {
    const xform = transform(false, {
      fields: ['missing'],
      headers: ['h'],
      operation: 'copy',
      replaceNullWithDefault: true,
    })
    const schema = SchemaBuilder.struct().field('a', Schemas.STRING).build()
    expect(() => xform.apply(sourceRecord('t', 0, null, null, schema, new Struct(schema).put('a', 'x')))).toThrow(
      NullPointerException,
    )
  })

  it('gives a null header for a field a schemaless map lacks, and accepts move or copy only', () => {
    const xform = transform(false, {
      fields: ['missing'],
      headers: ['h'],
      operation: 'move',
      replaceNullWithDefault: true,
    })
    const xformed = xform.apply(sourceRecord('t', 0, null, null, null, map({ a: 'x' })))
    expect(xformed.headers.lastWithName('h')).toEqual({ key: 'h', schema: null, value: null })
    expect(() => new HeaderFromValue().configure({ fields: 'a', headers: 'h', operation: 'cut' })).toThrow(
      'Invalid value cut for configuration operation: String must be one of: move, copy',
    )
  })
})
