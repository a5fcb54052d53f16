import { describe, expect, it } from 'vitest'
import { buildMapping, elasticsearchType } from '../../../functions/opensearch-sink/mapping.js'
import { ConnectDate, ConnectTime, ConnectTimestamp, Decimal } from '../../../layers/runtime/data/logical.js'
import {
  ConnectSchema,
  LOGICAL_DECIMAL,
  type Schema,
  SchemaBuilder,
  Schemas,
} from '../../../layers/runtime/data/schema.js'
import { BigDecimal, Type } from '../../../layers/runtime/data/values.js'
import { DataException } from '../../../layers/runtime/errors.js'

type Mapping = { type?: string; null_value?: unknown; properties?: Record<string, Mapping>; fields?: unknown }

const mapping = (schema: Schema): Mapping => JSON.parse(buildMapping(schema).toString('utf8')) as Mapping

function schemaBuilder(name: string): SchemaBuilder {
  return SchemaBuilder.struct()
    .name(name)
    .field('boolean', Schemas.BOOLEAN)
    .field('bytes', Schemas.BYTES)
    .field('int8', Schemas.INT8)
    .field('int16', Schemas.INT16)
    .field('int32', Schemas.INT32)
    .field('int64', Schemas.INT64)
    .field('float32', Schemas.FLOAT32)
    .field('float64', Schemas.FLOAT64)
    .field('string', Schemas.STRING)
    .field('array', SchemaBuilder.array(Schemas.STRING).build())
    .field('map', SchemaBuilder.map(Schemas.STRING, Schemas.INT32).build())
    .field('decimal', Decimal.schema(2))
    .field('date', ConnectDate.schema())
    .field('time', ConnectTime.schema())
    .field('timestamp', ConnectTimestamp.schema())
}

const KEYWORD = { keyword: { type: 'keyword', ignore_above: 256 } }

describe('Mapping from a Connect schema', () => {
  it('refuses to infer a mapping without a schema', () => {
    expect(() => buildMapping(null)).toThrow(new DataException('Cannot infer mapping without schema.'))
  })

  it("maps every type as Confluent's Mapping does, nested structs as properties", () => {
    const flat = {
      boolean: { type: 'boolean' },
      bytes: { type: 'binary' },
      int8: { type: 'byte' },
      int16: { type: 'short' },
      int32: { type: 'integer' },
      int64: { type: 'long' },
      float32: { type: 'float' },
      float64: { type: 'double' },
      string: { type: 'text', fields: KEYWORD },
      array: { type: 'text', fields: KEYWORD },
      map: { properties: { key: { type: 'text', fields: KEYWORD }, value: { type: 'integer' } } },
      decimal: { type: 'double' },
      date: { type: 'date' },
      time: { type: 'date' },
      timestamp: { type: 'date' },
    }
    const schema = schemaBuilder('record').field('struct', schemaBuilder('inner').build()).build()
    expect(mapping(schema)).toEqual({ properties: { ...flat, struct: { properties: flat } } })
  })

  it('writes the mapping members in schema order, as the put-mapping body', () => {
    const schema = SchemaBuilder.struct().field('b', Schemas.INT32).field('a', Schemas.STRING).build()
    expect(buildMapping(schema).toString()).toBe(
      '{"properties":{"b":{"type":"integer"},"a":{"type":"text","fields":{"keyword":{"type":"keyword","ignore_above":256}}}}}',
    )
  })

  it('sets schema defaults as null_value', () => {
    const schema = SchemaBuilder.struct()
      .name('record')
      .field('boolean', SchemaBuilder.bool().defaultValue(true).build())
      .field('int8', SchemaBuilder.int8().defaultValue(1).build())
      .field('int16', SchemaBuilder.int16().defaultValue(1).build())
      .field('int32', SchemaBuilder.int32().defaultValue(1).build())
      .field('int64', SchemaBuilder.int64().defaultValue(1n).build())
      .field('float32', SchemaBuilder.float32().defaultValue(1).build())
      .field('float64', SchemaBuilder.float64().defaultValue(1).build())
      .build()
    const properties = mapping(schema).properties!
    for (const name of ['int8', 'int16', 'int32', 'int64', 'float32', 'float64']) {
      expect(properties[name]!.null_value).toBe(1)
    }
    expect(properties['boolean']!.null_value).toBe(true)
  })

  it('sets a Date default as epoch millis', () => {
    const expected = new Date(1_700_000_000_000)
    const schema = SchemaBuilder.struct()
      .field(
        'date',
        ConnectDate.builder()
          .defaultValue(new Date(Date.UTC(2023, 10, 14)))
          .build(),
      )
      .field('timestamp', ConnectTimestamp.builder().defaultValue(expected).build())
      .build()
    const properties = mapping(schema).properties!
    expect(properties['date']!.null_value).toBe(Date.UTC(2023, 10, 14))
    expect(properties['timestamp']!.null_value).toBe(expected.getTime())
  })

  it('sets no null_value for text and binary fields', () => {
    const schema = SchemaBuilder.struct()
      .field('string', SchemaBuilder.string().defaultValue('0').build())
      .field('bytes', SchemaBuilder.bytes().defaultValue(new Uint8Array(0)).build())
      .build()
    const properties = mapping(schema).properties!
    expect(properties['string']!.null_value).toBeUndefined()
    expect(properties['bytes']!.null_value).toBeUndefined()
  })

  it('maps a Decimal as double with its default as the number', () => {
    const schema = new ConnectSchema({
      type: Type.BYTES,
      optional: true,
      defaultValue: new BigDecimal(100n, 0),
      name: LOGICAL_DECIMAL,
      version: 1,
      parameters: { scale: '0' },
    })
    expect(mapping(schema)).toEqual({ type: 'double', null_value: 100 })
  })

  it('maps an array of structs as the struct', () => {
    const item = SchemaBuilder.struct().field('sku', Schemas.STRING).field('qty', Schemas.INT32).build()
    const schema = SchemaBuilder.struct().field('lines', SchemaBuilder.array(item).build()).build()
    expect(mapping(schema).properties!['lines']).toEqual({
      properties: { sku: { type: 'text', fields: KEYWORD }, qty: { type: 'integer' } },
    })
  })

  it('knows the OpenSearch type of each primitive Connect type', () => {
    expect(elasticsearchType(Type.INT8)).toBe('byte')
    expect(elasticsearchType(Type.STRING)).toBe('text')
    expect(elasticsearchType(Type.STRUCT)).toBeNull()
  })
})
