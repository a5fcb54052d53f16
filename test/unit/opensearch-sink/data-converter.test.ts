import { describe, expect, it } from 'vitest'
import { parseOpenSearchSinkConfig } from '../../../functions/opensearch-sink/config.js'
import { convertKey, DataConverter, type DocWriteRequest } from '../../../functions/opensearch-sink/data-converter.js'
import { ConnectDate, ConnectTime, ConnectTimestamp, Decimal } from '../../../layers/runtime/data/logical.js'
import { type Schema, SchemaBuilder, Schemas } from '../../../layers/runtime/data/schema.js'
import { Struct } from '../../../layers/runtime/data/struct.js'
import { BigDecimal, Int8, Int32 } from '../../../layers/runtime/data/values.js'
import { ConnectException, DataException } from '../../../layers/runtime/errors.js'
import { SinkRecord } from '../../../layers/runtime/record/record.js'

const TOPIC = 'topic'
const INDEX = 'index'
const recordTimestamp = 1_700_000_000_123
const schema = SchemaBuilder.struct().name('struct').field('string', Schemas.STRING).build()

function converter(props: Record<string, string> = {}): DataConverter {
  return new DataConverter(parseOpenSearchSinkConfig({ 'connection.url': 'http://localhost:8080', ...props }))
}

function record(value: unknown, options: { key?: unknown; valueSchema?: Schema | null; offset?: number } = {}) {
  return new SinkRecord({
    topic: TOPIC,
    kafkaPartition: 0,
    keySchema: Schemas.STRING,
    key: 'key' in options ? options.key : 'key',
    valueSchema: options.valueSchema === undefined ? schema : options.valueSchema,
    value,
    timestamp: recordTimestamp,
    kafkaOffset: options.offset ?? 0,
  })
}

function source(request: DocWriteRequest | null): unknown {
  expect(request?.source).not.toBeNull()
  return JSON.parse(request!.source!.toString('utf8'))
}

function document(valueSchema: Schema | null, value: unknown, props: Record<string, string> = {}): unknown {
  return source(converter(props).convertRecord(record(value, { valueSchema }), INDEX))
}

const struct = (s: Schema, values: Record<string, unknown>) => {
  const out = new Struct(s)
  for (const [k, v] of Object.entries(values)) out.put(k, v)
  return out
}

describe('DataConverter requests', () => {
  it('indexes a record under its key with the Kafka offset as external version', () => {
    const request = converter().convertRecord(record(struct(schema, { string: 'myValue' }), { offset: 18442 }), INDEX)
    expect(request).toMatchObject({ opType: 'index', index: INDEX, id: 'key', version: 18442n, retryOnConflict: null })
    expect(source(request)).toEqual({ string: 'myValue' })
  })

  it('uses topic+partition+offset as id, without versioning, where the key is ignored', () => {
    const request = converter({ 'key.ignore': 'true' }).convertRecord(
      record(struct(schema, { string: 'v' }), { offset: 7 }),
      INDEX,
    )
    expect(request).toMatchObject({ opType: 'index', id: 'topic+0+7', version: null })
  })

  it('upserts as an update without version, retry_on_conflict = min(max.in.flight.requests, 5)', () => {
    const upsert = converter({ 'write.method': 'upsert' }).convertRecord(record(struct(schema, { string: 'v' })), INDEX)
    expect(upsert).toMatchObject({ opType: 'update', id: 'key', version: null, retryOnConflict: 5 })
    const fewer = converter({
      'write.method': 'upsert',
      'max.in.flight.requests': '2',
    }).convertRecord(record(struct(schema, { string: 'v' })), INDEX)
    expect(fewer?.retryOnConflict).toBe(2)
  })

  it('skips a null value under behavior.on.null.values=ignore', () => {
    expect(converter({ 'behavior.on.null.values': 'ignore' }).convertRecord(record(null), INDEX)).toBeNull()
  })

  it('deletes by key with the offset as external version under delete', () => {
    const request = converter({ 'behavior.on.null.values': 'delete' }).convertRecord(record(null, { offset: 9 }), INDEX)
    expect(request).toEqual({
      opType: 'delete',
      index: INDEX,
      id: 'key',
      version: 9n,
      retryOnConflict: null,
      source: null,
    })
  })

  it('deletes without a version in upsert mode, where updates carry none either', () => {
    const request = converter({ 'behavior.on.null.values': 'delete', 'write.method': 'upsert' }).convertRecord(
      record(null, { offset: 3 }),
      INDEX,
    )
    expect(request).toMatchObject({ opType: 'delete', id: 'key', version: null })
  })

  it('skips a tombstone with a null key under delete: there is nothing to delete', () => {
    expect(
      converter({ 'behavior.on.null.values': 'delete' }).convertRecord(record(null, { key: null }), INDEX),
    ).toBeNull()
  })

  it('fails a null value under fail, naming the record and the way out', () => {
    expect(() => converter().convertRecord(record(null, { offset: 3 }), INDEX)).toThrow(
      new DataException(
        "record from topic=topic partition=0 offset=3 has a null value (to ignore future records like this change the configuration property 'behavior.on.null.values' from 'FAIL' to 'IGNORE')",
      ),
    )
  })

  it('refuses an empty or null key as document id', () => {
    const c = converter({ 'behavior.on.null.values': 'ignore' })
    expect(() => c.convertRecord(record(struct(schema, { string: 'v' }), { key: '' }), INDEX)).toThrow(
      'Key is used as document id and can not be empty.',
    )
    expect(() => c.convertRecord(record(struct(schema, { string: 'v' }), { key: null }), INDEX)).toThrow(
      'Key is used as document id and can not be null.',
    )
  })

  it('takes the external version from a header when external.version.header is set', () => {
    const c = converter({ 'external.version.header': 'version', 'behavior.on.null.values': 'delete' })
    const indexed = record(struct(schema, { string: 'v' }))
    indexed.headers.add('version', 123n, Schemas.INT64)
    expect(c.convertRecord(indexed, INDEX)?.version).toBe(123n)
    const deleted = record(null)
    deleted.headers.add('version', 123n, Schemas.INT64)
    expect(c.convertRecord(deleted, INDEX)?.version).toBe(123n)
  })

  it('fails on a non-numeric version header without repeating its value', () => {
    const c = converter({ 'external.version.header': 'version' })
    const r = record(struct(schema, { string: 'v' }))
    r.headers.add('version', 'not-a-long-CANARY', Schemas.STRING)
    let error: unknown
    try {
      c.convertRecord(r, INDEX)
    } catch (e) {
      error = e
    }
    expect(error).toBeInstanceOf(ConnectException)
    expect(error).not.toBeInstanceOf(DataException)
    expect((error as Error).message).toContain("'version'")
    expect((error as Error).message).not.toContain('CANARY')
    expect((error as Error).cause).toBeUndefined()
  })

  it('sends no id with use.autogenerated.ids on insert, and keeps the id for upserts', () => {
    const auto = converter({ 'use.autogenerated.ids': 'true' }).convertRecord(
      record(struct(schema, { string: 't' })),
      INDEX,
    )
    expect(auto).toMatchObject({ opType: 'index', id: null, version: null })
    const upsert = converter({ 'use.autogenerated.ids': 'true', 'write.method': 'upsert' }).convertRecord(
      record(struct(schema, { string: 't' })),
      INDEX,
    )
    expect(upsert?.id).toBe('key')
  })
})

describe('DataConverter data streams', () => {
  const ds = { 'data.stream.type': 'logs', 'data.stream.dataset': 'dataset' }

  it('does not add @timestamp to documents of regular indexes', () => {
    expect(document(schema, struct(schema, { string: 'myValue' }))).toEqual({ string: 'myValue' })
  })

  it('creates with the record timestamp as @timestamp and no external version', () => {
    const request = converter(ds).convertRecord(record(struct(schema, { string: 'myValue' })), INDEX)
    expect(request).toMatchObject({ opType: 'create', id: 'key', version: null })
    expect(source(request)).toEqual({ string: 'myValue', '@timestamp': recordTimestamp })
  })

  it('replaces an existing @timestamp in place where no timestamp field is configured', () => {
    const s = SchemaBuilder.struct().field('@timestamp', Schemas.STRING).field('b', Schemas.INT32).build()
    const request = converter(ds).convertRecord(
      record(struct(s, { '@timestamp': '2021-05-14T11:11:22.000Z', b: 1 }), { valueSchema: s }),
      INDEX,
    )
    expect(request!.source!.toString()).toBe(`{"@timestamp":${recordTimestamp},"b":1}`)
  })

  it('copies the first configured timestamp field present, as text', () => {
    const s = SchemaBuilder.struct().field('two', Schemas.STRING).field('field', Schemas.STRING).build()
    const value = struct(s, { two: '2021-05-14T11:11:22.000Z', field: 'other' })
    expect(document(s, value, { ...ds, 'data.stream.timestamp.field': 'one, two, field' })).toEqual({
      two: '2021-05-14T11:11:22.000Z',
      field: 'other',
      '@timestamp': '2021-05-14T11:11:22.000Z',
    })
    const n = SchemaBuilder.struct().field('ts', Schemas.INT64).build()
    expect(document(n, struct(n, { ts: 1234n }), { ...ds, 'data.stream.timestamp.field': 'ts' })).toEqual({
      ts: 1234,
      '@timestamp': '1234',
    })
  })

  it('leaves the document alone where no configured timestamp field is present', () => {
    expect(
      document(schema, struct(schema, { string: 'v' }), { ...ds, 'data.stream.timestamp.field': 'missing' }),
    ).toEqual({ string: 'v' })
  })

  it('refuses a document that is not a JSON object', () => {
    const arraySchema = SchemaBuilder.array(Schemas.STRING).build()
    expect(() => converter(ds).convertRecord(record(['a', 'b'], { valueSchema: arraySchema }), INDEX)).toThrow(
      new DataException('Top level payload contains data of Json type ARRAY. Required Json object.'),
    )
  })
})

describe('DataConverter documents', () => {
  it('writes a Decimal as a number, in structs, arrays and maps', () => {
    const s = SchemaBuilder.struct()
      .field('decimal', Decimal.schema(2))
      .field('list', SchemaBuilder.array(Decimal.schema(2)).build())
      .field('byId', SchemaBuilder.map(Schemas.INT32, Decimal.schema(2)).build())
      .build()
    const value = struct(s, {
      decimal: BigDecimal.parse('0.02'),
      list: [BigDecimal.parse('0.02'), BigDecimal.parse('0.42')],
      byId: new Map([
        [1, BigDecimal.parse('0.02')],
        [2, BigDecimal.parse('0.42')],
      ]),
    })
    expect(document(s, value)).toEqual({
      decimal: 0.02,
      list: [0.02, 0.42],
      byId: [
        { key: 1, value: 0.02 },
        { key: 2, value: 0.42 },
      ],
    })
  })

  it('writes a Decimal as base64, as JsonConverter does, where the schema is ignored', () => {
    const s = SchemaBuilder.struct().field('decimal', Decimal.schema(2)).build()
    expect(document(s, struct(s, { decimal: BigDecimal.parse('0.02') }), { 'schema.ignore': 'true' })).toEqual({
      decimal: 'Ag==',
    })
  })

  it('writes string-keyed maps as objects with compact.map.entries, else as key/value objects', () => {
    const s = SchemaBuilder.struct().field('m', SchemaBuilder.map(Schemas.STRING, Schemas.INT32).build()).build()
    const value = struct(s, {
      m: new Map([
        ['field1', 1],
        ['field2', 2],
      ]),
    })
    expect(document(s, value)).toEqual({ m: { field1: 1, field2: 2 } })
    expect(document(s, value, { 'compact.map.entries': 'false' })).toEqual({
      m: [
        { key: 'field1', value: 1 },
        { key: 'field2', value: 2 },
      ],
    })
  })

  it('writes Date as epoch days, Time as millis of the day and Timestamp as epoch millis, as JsonConverter does', () => {
    const s = SchemaBuilder.struct()
      .field('date', ConnectDate.schema())
      .field('time', ConnectTime.schema())
      .field('timestamp', ConnectTimestamp.schema())
      .build()
    const value = struct(s, {
      date: new Date(Date.UTC(2024, 0, 2)),
      time: new Date(3_723_004),
      timestamp: new Date(1_704_153_600_123),
    })
    expect(document(s, value)).toEqual({ date: 19724, time: 3_723_004, timestamp: 1_704_153_600_123 })
  })

  it('writes a nested struct, optional fields without defaults as null, and defaults for nulls', () => {
    const inner = SchemaBuilder.struct().field('innerField', Schemas.BOOLEAN).optional().build()
    const s = SchemaBuilder.struct()
      .field('inner', inner)
      .field('optionalBool', Schemas.OPTIONAL_BOOLEAN)
      .field('withDefault', SchemaBuilder.int32().defaultValue(42).build())
      .field('optionalMap', SchemaBuilder.map(Schemas.STRING, Schemas.BOOLEAN).optional().build())
      .field('optionalArray', SchemaBuilder.array(Schemas.BOOLEAN).optional().build())
      .build()
    const value = struct(s, { inner: struct(inner, { innerField: true }) })
    expect(document(s, value)).toEqual({
      inner: { innerField: true },
      optionalBool: null,
      withDefault: 42,
      optionalMap: null,
      optionalArray: null,
    })
  })

  it('fails on a null in a required array element without default', () => {
    const s = SchemaBuilder.array(Schemas.INT32).build()
    expect(() => document(s, [1, null])).toThrow(
      new DataException('null value for field that is required and has no default value'),
    )
  })

  it('writes schemaless values as JsonConverter with schemas.enable=false does', () => {
    const value = new Map<unknown, unknown>([
      ['a', new Int32(1)],
      ['b', [1.5, 'x', null]],
      ['c', new Map([[new Int8(1), true]])],
    ])
    expect(document(null, value)).toEqual({ a: 1, b: [1.5, 'x', null], c: [[1, true]] })
  })
})

describe('Document ids from keys', () => {
  it('takes integer and string keys, with or without a schema', () => {
    expect(convertKey(Schemas.STRING, 'k1')).toBe('k1')
    expect(convertKey(Schemas.INT64, 9007199254740993n)).toBe('9007199254740993')
    expect(convertKey(Schemas.INT32, 42)).toBe('42')
    expect(convertKey(null, new Int32(7))).toBe('7')
    expect(convertKey(null, 5n)).toBe('5')
  })

  it('refuses other key types as Confluent does', () => {
    expect(() => convertKey(Schemas.FLOAT64, 1.5)).toThrow('FLOAT64 is not supported as the document id.')
    expect(() => convertKey(null, 1.5)).toThrow('FLOAT64 is not supported as the document id.')
    expect(() => convertKey(null, new Map())).toThrow('MAP is not supported as the document id.')
    expect(() => convertKey(null, new Date(0))).toThrow(
      'Java class class java.util.Date does not have corresponding schema type.',
    )
  })
})
