/**
 * Kafka's JsonConverterTest (connect/json), case for case, plus schema.content (KIP-1054). Where Kafka
 * compares parsed JSON trees we compare the exact bytes Kafka writes (checked against Kafka itself by
 * the differential test).
 */
import { beforeEach, describe, expect, it } from 'vitest'
import { JsonConverter } from '../../../../layers/runtime/converters/json/json-converter.js'
import { ConnectDate, ConnectTime, ConnectTimestamp, Decimal } from '../../../../layers/runtime/data/logical.js'
import { type Schema, SchemaBuilder, Schemas, schemasEqual } from '../../../../layers/runtime/data/schema.js'
import { Struct } from '../../../../layers/runtime/data/struct.js'
import { BigDecimal, Int32, valuesEqual } from '../../../../layers/runtime/data/values.js'
import { ConfigException, DataException } from '../../../../layers/runtime/errors.js'

const TOPIC = 'topic'
const ENVELOPE_ERROR =
  'JsonConverter with schemas.enable requires "schema" and "payload" fields and may not contain additional fields. If you are trying to deserialize plain JSON data, set schemas.enable=false in your converter configuration.'

let converter: JsonConverter

function configure(config: Record<string, string> = {}, isKey = false): void {
  converter = new JsonConverter()
  converter.configure(config, isKey)
}

function toConnect(json: string | null) {
  return converter.toConnectData(TOPIC, null, json === null ? null : Buffer.from(json, 'utf8'))
}

function toJson(schema: Schema | null, value: unknown): string | null {
  const bytes = converter.fromConnectData(TOPIC, null, schema, value)
  return bytes === null ? null : Buffer.from(bytes).toString('utf8')
}

function expectSchemaAndValue(
  actual: { schema: Schema | null; value: unknown },
  schema: Schema | null,
  value: unknown,
) {
  expect(schemasEqual(actual.schema, schema), `schema ${String(actual.schema)}`).toBe(true)
  expect(valuesEqual(actual.value, value), `value ${String(actual.value)}`).toBe(true)
}

const DECIMAL_SCHEMA_JSON =
  '"type": "bytes", "name": "org.apache.kafka.connect.data.Decimal", "version": 1, "parameters": { "scale": "2" }'

beforeEach(() => configure())

describe('JsonConverter reading schema metadata', () => {
  it('translates optional, default, name, version, doc and parameters into the Connect schema', () => {
    expectSchemaAndValue(toConnect('{ "schema": { "type": "boolean" }, "payload": true }'), Schemas.BOOLEAN, true)
    expectSchemaAndValue(
      toConnect('{ "schema": { "type": "boolean", "optional": true }, "payload": null }'),
      Schemas.OPTIONAL_BOOLEAN,
      null,
    )
    expectSchemaAndValue(
      toConnect('{ "schema": { "type": "boolean", "default": true }, "payload": null }'),
      SchemaBuilder.bool().defaultValue(true).build(),
      true,
    )
    expectSchemaAndValue(
      toConnect(
        '{ "schema": { "type": "boolean", "optional": false, "name": "bool", "version": 2, "doc": "the documentation", "parameters": { "foo": "bar" }}, "payload": true }',
      ),
      SchemaBuilder.bool().required().name('bool').version(2).doc('the documentation').parameter('foo', 'bar').build(),
      true,
    )
  })
})

describe('JsonConverter reading each schema type', () => {
  it('reads booleans', () => {
    expectSchemaAndValue(toConnect('{ "schema": { "type": "boolean" }, "payload": true }'), Schemas.BOOLEAN, true)
    expectSchemaAndValue(toConnect('{ "schema": { "type": "boolean" }, "payload": false }'), Schemas.BOOLEAN, false)
  })

  it('reads int8, int16 and int32 as numbers and int64 as a bigint', () => {
    expectSchemaAndValue(toConnect('{ "schema": { "type": "int8" }, "payload": 12 }'), Schemas.INT8, 12)
    expectSchemaAndValue(toConnect('{ "schema": { "type": "int16" }, "payload": 12 }'), Schemas.INT16, 12)
    expectSchemaAndValue(toConnect('{ "schema": { "type": "int32" }, "payload": 12 }'), Schemas.INT32, 12)
    expectSchemaAndValue(toConnect('{ "schema": { "type": "int64" }, "payload": 12 }'), Schemas.INT64, 12n)
    expectSchemaAndValue(
      toConnect('{ "schema": { "type": "int64" }, "payload": 4398046511104 }'),
      Schemas.INT64,
      4398046511104n,
    )
  })

  it('keeps an int64 beyond 2^53 exact', () => {
    expectSchemaAndValue(
      toConnect('{ "schema": { "type": "int64" }, "payload": 9223372036854775807 }'),
      Schemas.INT64,
      9223372036854775807n,
    )
  })

  it('reads numbers with leading zeros', () => {
    expectSchemaAndValue(toConnect('{ "schema": { "type": "int8" }, "payload": 0012 }'), Schemas.INT8, 12)
    expectSchemaAndValue(toConnect('{ "schema": { "type": "int16" }, "payload": 000123 }'), Schemas.INT16, 123)
    expectSchemaAndValue(toConnect('{ "schema": { "type": "int32" }, "payload": 000012345 }'), Schemas.INT32, 12345)
    expectSchemaAndValue(
      toConnect('{ "schema": { "type": "int64" }, "payload": 00000123456789 }'),
      Schemas.INT64,
      123456789n,
    )
  })

  it('reads a float rounded to float32 and a double as is', () => {
    expectSchemaAndValue(
      toConnect('{ "schema": { "type": "float" }, "payload": 12.34 }'),
      Schemas.FLOAT32,
      Math.fround(12.34),
    )
    expectSchemaAndValue(toConnect('{ "schema": { "type": "double" }, "payload": 12.34 }'), Schemas.FLOAT64, 12.34)
  })

  it('reads bytes from base64', () => {
    const sv = toConnect('{ "schema": { "type": "bytes" }, "payload": "dGVzdC1zdHJpbmc=" }')
    expect(Buffer.from(sv.value as Uint8Array).toString()).toBe('test-string')
  })

  it('reads strings', () => {
    expectSchemaAndValue(
      toConnect('{ "schema": { "type": "string" }, "payload": "foo-bar-baz" }'),
      Schemas.STRING,
      'foo-bar-baz',
    )
  })

  it('reads arrays', () => {
    expectSchemaAndValue(
      toConnect('{ "schema": { "type": "array", "items": { "type" : "int32" } }, "payload": [1, 2, 3] }'),
      SchemaBuilder.array(Schemas.INT32).build(),
      [1, 2, 3],
    )
  })

  it('reads a map with string keys from a JSON object', () => {
    expectSchemaAndValue(
      toConnect(
        '{ "schema": { "type": "map", "keys": { "type" : "string" }, "values": { "type" : "int32" } }, "payload": { "key1": 12, "key2": 15} }',
      ),
      SchemaBuilder.map(Schemas.STRING, Schemas.INT32).build(),
      new Map([
        ['key1', 12],
        ['key2', 15],
      ]),
    )
  })

  it('reads a map with other keys from an array of pairs', () => {
    expectSchemaAndValue(
      toConnect(
        '{ "schema": { "type": "map", "keys": { "type" : "int32" }, "values": { "type" : "int32" } }, "payload": [ [1, 12], [2, 15] ] }',
      ),
      SchemaBuilder.map(Schemas.INT32, Schemas.INT32).build(),
      new Map([
        [1, 12],
        [2, 15],
      ]),
    )
  })

  it('reads structs', () => {
    const schema = SchemaBuilder.struct().field('field1', Schemas.BOOLEAN).field('field2', Schemas.STRING).build()
    expectSchemaAndValue(
      toConnect(
        '{ "schema": { "type": "struct", "fields": [{ "field": "field1", "type": "boolean" }, { "field": "field2", "type": "string" }] }, "payload": { "field1": true, "field2": "string" } }',
      ),
      schema,
      new Struct(schema).put('field1', true).put('field2', 'string'),
    )
  })

  it('reads a struct whose optional field is absent', () => {
    const schema = SchemaBuilder.struct()
      .field('optional', Schemas.OPTIONAL_STRING)
      .field('required', Schemas.STRING)
      .build()
    expectSchemaAndValue(
      toConnect(
        '{ "schema": { "type": "struct", "fields": [{ "field":"optional", "type": "string", "optional": true }, {  "field": "required", "type": "string" }] }, "payload": { "required": "required" } }',
      ),
      schema,
      new Struct(schema).put('required', 'required'),
    )
  })

  it('reads a tombstone as a null schema and value', () => {
    expectSchemaAndValue(toConnect(null), null, null)
  })

  it('reads empty bytes as null when schemas are disabled', () => {
    configure({ 'schemas.enable': 'false' }, true)
    expectSchemaAndValue(toConnect(''), null, null)
  })

  it('reads a schemaless object into a map, an empty string and a null kept', () => {
    configure({ 'schemas.enable': 'false' }, true)
    expectSchemaAndValue(
      toConnect('{ "a": "", "b": null}'),
      null,
      new Map<string, unknown>([
        ['a', ''],
        ['b', null],
      ]),
    )
  })

  it('reads payloads with a null schema as Long, Double, String, lists and maps', () => {
    expectSchemaAndValue(toConnect('{ "schema": null, "payload": null }'), null, null)
    expectSchemaAndValue(toConnect('{ "schema": null, "payload": true }'), null, true)
    expectSchemaAndValue(toConnect('{ "schema": null, "payload": 12 }'), null, 12n)
    expectSchemaAndValue(toConnect('{ "schema": null, "payload": 12.24 }'), null, 12.24)
    expectSchemaAndValue(toConnect('{ "schema": null, "payload": "a string" }'), null, 'a string')
    expectSchemaAndValue(toConnect('{ "schema": null, "payload": [1, "2", 3] }'), null, [1n, '2', 3n])
    expectSchemaAndValue(
      toConnect('{ "schema": null, "payload": { "field1": 1, "field2": 2} }'),
      null,
      new Map([
        ['field1', 1n],
        ['field2', 2n],
      ]),
    )
  })
})

describe('JsonConverter reading logical types', () => {
  const reference = new BigDecimal(156n, 2)

  it('reads a decimal from base64 two-complement bytes', () => {
    expectSchemaAndValue(
      toConnect(`{ "schema": { ${DECIMAL_SCHEMA_JSON} }, "payload": "AJw=" }`),
      Decimal.schema(2),
      reference,
    )
  })

  it('reads an optional decimal that is null', () => {
    const sv = toConnect(
      '{ "schema": { "type": "bytes", "name": "org.apache.kafka.connect.data.Decimal", "version": 1, "optional": true, "parameters": { "scale": "2" } }, "payload": null }',
    )
    expectSchemaAndValue(sv, Decimal.builder(2).optional().build(), null)
  })

  it('reads a null decimal as its default, required or optional', () => {
    expectSchemaAndValue(
      toConnect(
        '{ "schema": { "type": "bytes", "name": "org.apache.kafka.connect.data.Decimal", "version": 1, "default": "AJw=", "parameters": { "scale": "2" } }, "payload": null }',
      ),
      Decimal.builder(2).defaultValue(reference).build(),
      reference,
    )
    expectSchemaAndValue(
      toConnect(
        '{ "schema": { "type": "bytes", "name": "org.apache.kafka.connect.data.Decimal", "version": 1, "optional": true, "default": "AJw=", "parameters": { "scale": "2" } }, "payload": null }',
      ),
      Decimal.builder(2).optional().defaultValue(reference).build(),
      reference,
    )
  })

  it('reads a numeric decimal, keeping its trailing zeros and every digit', () => {
    expectSchemaAndValue(
      toConnect(`{ "schema": { ${DECIMAL_SCHEMA_JSON} }, "payload": 1.56 }`),
      Decimal.schema(2),
      reference,
    )
    const four = toConnect(
      '{ "schema": { "type": "bytes", "name": "org.apache.kafka.connect.data.Decimal", "version": 1, "parameters": { "scale": "4" } }, "payload": 1.5600 }',
    )
    expectSchemaAndValue(four, Decimal.schema(4), new BigDecimal(15600n, 4))
    const precise = toConnect(
      '{ "schema": { "type": "bytes", "name": "org.apache.kafka.connect.data.Decimal", "version": 1, "parameters": { "scale": "17" } }, "payload": 1.23456789123456789 }',
    )
    expectSchemaAndValue(precise, Decimal.schema(17), BigDecimal.parse('1.23456789123456789'))
  })

  it('reads dates, times and timestamps, plain, optional and with defaults', () => {
    const date = (extra: string, payload: string) =>
      toConnect(
        `{ "schema": { "type": "int32", "name": "org.apache.kafka.connect.data.Date", "version": 1${extra} }, "payload": ${payload} }`,
      )
    expectSchemaAndValue(date('', '10000'), ConnectDate.schema(), new Date(10000 * 86_400_000))
    expectSchemaAndValue(date(', "optional": true', 'null'), ConnectDate.builder().optional().build(), null)
    expectSchemaAndValue(
      date(', "default": 0', 'null'),
      ConnectDate.builder().defaultValue(new Date(0)).build(),
      new Date(0),
    )
    expectSchemaAndValue(
      date(', "optional": true, "default": 0', 'null'),
      ConnectDate.builder().optional().defaultValue(new Date(0)).build(),
      new Date(0),
    )

    const time = (extra: string, payload: string) =>
      toConnect(
        `{ "schema": { "type": "int32", "name": "org.apache.kafka.connect.data.Time", "version": 1${extra} }, "payload": ${payload} }`,
      )
    expectSchemaAndValue(time('', '14400000'), ConnectTime.schema(), new Date(14_400_000))
    expectSchemaAndValue(time(', "optional": true', 'null'), ConnectTime.builder().optional().build(), null)
    expectSchemaAndValue(
      time(', "default": 0', 'null'),
      ConnectTime.builder().defaultValue(new Date(0)).build(),
      new Date(0),
    )

    const timestamp = (extra: string, payload: string) =>
      toConnect(
        `{ "schema": { "type": "int64", "name": "org.apache.kafka.connect.data.Timestamp", "version": 1${extra} }, "payload": ${payload} }`,
      )
    expectSchemaAndValue(timestamp('', '4000000000'), ConnectTimestamp.schema(), new Date(4_000_000_000))
    expectSchemaAndValue(timestamp(', "optional": true', 'null'), ConnectTimestamp.builder().optional().build(), null)
    expectSchemaAndValue(
      timestamp(', "default": 42', 'null'),
      ConnectTimestamp.builder().defaultValue(new Date(42)).build(),
      new Date(42),
    )
    expectSchemaAndValue(
      timestamp(',  "optional": true, "default": 42', 'null'),
      ConnectTimestamp.builder().optional().defaultValue(new Date(42)).build(),
      new Date(42),
    )
  })
})

describe('JsonConverter schema caches', () => {
  it('caches each distinct schema JSON once on the way in', () => {
    expect(converter.sizeOfToConnectSchemaCache()).toBe(0)
    toConnect('{ "schema": { "type": "boolean" }, "payload": true }')
    expect(converter.sizeOfToConnectSchemaCache()).toBe(1)
    toConnect('{ "schema": { "type": "boolean" }, "payload": true }')
    expect(converter.sizeOfToConnectSchemaCache()).toBe(1)
    toConnect('{ "schema": { "type": "boolean", "optional": true }, "payload": true }')
    expect(converter.sizeOfToConnectSchemaCache()).toBe(2)
    // an equivalent schema in another JSON spelling is another entry
    toConnect('{ "schema": { "type": "boolean", "optional": false }, "payload": true }')
    expect(converter.sizeOfToConnectSchemaCache()).toBe(3)
  })

  it('caches equal schemas once on the way out', () => {
    expect(converter.sizeOfFromConnectSchemaCache()).toBe(0)
    toJson(SchemaBuilder.bool().build(), true)
    expect(converter.sizeOfFromConnectSchemaCache()).toBe(1)
    toJson(SchemaBuilder.bool().build(), true)
    expect(converter.sizeOfFromConnectSchemaCache()).toBe(1)
    toJson(SchemaBuilder.bool().optional().build(), true)
    expect(converter.sizeOfFromConnectSchemaCache()).toBe(2)
  })

  it('accepts a schema cache size from worker properties', () => {
    configure({ 'schemas.cache.size': '1' })
    expect(toJson(Schemas.STRING, 'x')).toBe('{"schema":{"type":"string","optional":false},"payload":"x"}')
  })
})

describe('JsonConverter writing schema metadata', () => {
  it('writes optional always, and name, version, doc, parameters and default where set', () => {
    expect(toJson(Schemas.BOOLEAN, true)).toBe('{"schema":{"type":"boolean","optional":false},"payload":true}')
    expect(toJson(Schemas.OPTIONAL_BOOLEAN, null)).toBe('{"schema":{"type":"boolean","optional":true},"payload":null}')
    expect(toJson(SchemaBuilder.bool().defaultValue(true).build(), true)).toBe(
      '{"schema":{"type":"boolean","optional":false,"default":true},"payload":true}',
    )
    expect(
      toJson(
        SchemaBuilder.bool()
          .required()
          .name('bool')
          .version(3)
          .doc('the documentation')
          .parameter('foo', 'bar')
          .build(),
        true,
      ),
    ).toBe(
      '{"schema":{"type":"boolean","optional":false,"name":"bool","version":3,"doc":"the documentation","parameters":{"foo":"bar"}},"payload":true}',
    )
  })
})

describe('JsonConverter writing each schema type', () => {
  it('writes booleans, integers, floats, bytes and strings', () => {
    expect(toJson(Schemas.INT8, 12)).toBe('{"schema":{"type":"int8","optional":false},"payload":12}')
    expect(toJson(Schemas.INT16, 12)).toBe('{"schema":{"type":"int16","optional":false},"payload":12}')
    expect(toJson(Schemas.INT32, 12)).toBe('{"schema":{"type":"int32","optional":false},"payload":12}')
    expect(toJson(Schemas.INT64, 4398046511104n)).toBe(
      '{"schema":{"type":"int64","optional":false},"payload":4398046511104}',
    )
    expect(toJson(Schemas.FLOAT32, Math.fround(12.34))).toBe(
      '{"schema":{"type":"float","optional":false},"payload":12.34}',
    )
    expect(toJson(Schemas.FLOAT64, 12.34)).toBe('{"schema":{"type":"double","optional":false},"payload":12.34}')
    expect(toJson(Schemas.BYTES, Buffer.from('test-string'))).toBe(
      '{"schema":{"type":"bytes","optional":false},"payload":"dGVzdC1zdHJpbmc="}',
    )
    expect(toJson(Schemas.STRING, 'test-string')).toBe(
      '{"schema":{"type":"string","optional":false},"payload":"test-string"}',
    )
  })

  it('writes doubles as Java does: 1.0, 1.0E10, 1.0E-5', () => {
    expect(toJson(Schemas.FLOAT64, 1)).toContain('"payload":1.0}')
    expect(toJson(Schemas.FLOAT64, 1e10)).toContain('"payload":1.0E10}')
    expect(toJson(Schemas.FLOAT64, 1e-5)).toContain('"payload":1.0E-5}')
    expect(toJson(Schemas.FLOAT64, Number.NaN)).toContain('"payload":"NaN"}')
  })

  it('writes arrays', () => {
    expect(toJson(SchemaBuilder.array(Schemas.INT32).build(), [1, 2, 3])).toBe(
      '{"schema":{"type":"array","items":{"type":"int32","optional":false},"optional":false},"payload":[1,2,3]}',
    )
  })

  it('writes a map with string keys as an object and other maps as pairs', () => {
    const stringKeys = new Map([
      ['key1', 12],
      ['key2', 15],
    ])
    expect(toJson(SchemaBuilder.map(Schemas.STRING, Schemas.INT32).build(), stringKeys)).toBe(
      '{"schema":{"type":"map","keys":{"type":"string","optional":false},"values":{"type":"int32","optional":false},"optional":false},"payload":{"key1":12,"key2":15}}',
    )
    const intKeys = new Map([
      [1, 12],
      [2, 15],
    ])
    expect(toJson(SchemaBuilder.map(Schemas.INT32, Schemas.INT32).build(), intKeys)).toBe(
      '{"schema":{"type":"map","keys":{"type":"int32","optional":false},"values":{"type":"int32","optional":false},"optional":false},"payload":[[1,12],[2,15]]}',
    )
  })

  it('writes structs, fields in schema order with their names last in the field schemas', () => {
    const schema = SchemaBuilder.struct()
      .field('field1', Schemas.BOOLEAN)
      .field('field2', Schemas.STRING)
      .field('field3', Schemas.STRING)
      .field('field4', Schemas.BOOLEAN)
      .build()
    const input = new Struct(schema)
      .put('field1', true)
      .put('field2', 'string2')
      .put('field3', 'string3')
      .put('field4', false)
    expect(toJson(schema, input)).toBe(
      '{"schema":{"type":"struct","fields":[{"type":"boolean","optional":false,"field":"field1"},{"type":"string","optional":false,"field":"field2"},{"type":"string","optional":false,"field":"field3"},{"type":"boolean","optional":false,"field":"field4"}],"optional":false},"payload":{"field1":true,"field2":"string2","field3":"string3","field4":false}}',
    )
  })

  it('writes a struct whose schema is equal to, not the same as, the one given', () => {
    const build = () =>
      SchemaBuilder.struct()
        .field('field1', Schemas.BOOLEAN)
        .field('field2', Schemas.STRING)
        .field('field3', Schemas.STRING)
        .field('field4', Schemas.BOOLEAN)
        .build()
    const schema = build()
    const inputSchema = build()
    const input = new Struct(inputSchema)
      .put('field1', true)
      .put('field2', 'string2')
      .put('field3', 'string3')
      .put('field4', false)
    expect(toJson(schema, input)).toContain('"payload":{"field1":true')
    expect(schemasEqual(schema, input.schema)).toBe(true)
  })
})

describe('JsonConverter writing logical types', () => {
  it('writes a decimal as base64 by default', () => {
    expect(toJson(Decimal.schema(2), new BigDecimal(156n, 2))).toBe(
      '{"schema":{"type":"bytes","optional":false,"name":"org.apache.kafka.connect.data.Decimal","version":1,"parameters":{"scale":"2"}},"payload":"AJw="}',
    )
  })

  it('writes a decimal as a number with decimal.format=NUMERIC, trailing zeros kept', () => {
    configure({ 'decimal.format': 'NUMERIC' })
    expect(toJson(Decimal.schema(2), new BigDecimal(156n, 2))).toContain('"payload":1.56}')
    expect(toJson(Decimal.schema(4), new BigDecimal(15600n, 4))).toContain('"payload":1.5600}')
  })

  it('refuses a decimal without a schema', () => {
    expect(() => toJson(null, new BigDecimal(156n, 2))).toThrow(
      new DataException('Java class class java.math.BigDecimal does not have corresponding schema type.'),
    )
  })

  it('writes dates and times as int32 and timestamps as int64', () => {
    expect(toJson(ConnectDate.schema(), new Date(10000 * 86_400_000))).toBe(
      '{"schema":{"type":"int32","optional":false,"name":"org.apache.kafka.connect.data.Date","version":1},"payload":10000}',
    )
    expect(toJson(ConnectTime.schema(), new Date(14_400_000))).toBe(
      '{"schema":{"type":"int32","optional":false,"name":"org.apache.kafka.connect.data.Time","version":1},"payload":14400000}',
    )
    expect(toJson(ConnectTimestamp.schema(), new Date(4_000_000_000))).toBe(
      '{"schema":{"type":"int64","optional":false,"name":"org.apache.kafka.connect.data.Timestamp","version":1},"payload":4000000000}',
    )
  })
})

describe('JsonConverter writing without a schema', () => {
  it('writes a primitive with a null schema in the envelope', () => {
    expect(toJson(null, true)).toBe('{"schema":null,"payload":true}')
  })

  it('writes a mixed list and a string-keyed map', () => {
    expect(toJson(null, [new Int32(1), 'string', true])).toBe('{"schema":null,"payload":[1,"string",true]}')
    const map = new Map<string, unknown>([
      ['key1', new Int32(12)],
      ['key2', 'string'],
      ['key3', true],
    ])
    expect(toJson(null, map)).toBe('{"schema":null,"payload":{"key1":12,"key2":"string","key3":true}}')
  })

  it('writes a map with keys that are not all strings as pairs', () => {
    const map = new Map<unknown, unknown>([
      ['string', new Int32(12)],
      [new Int32(52), 'string'],
      [false, true],
    ])
    expect(toJson(null, map)).toBe('{"schema":null,"payload":[["string",12],[52,"string"],[false,true]]}')
  })

  it('writes a tombstone for a null value and schema, with schemas enabled or not', () => {
    configure({ 'schemas.enable': 'true' }, true)
    expect(converter.fromConnectData(TOPIC, null, null, null)).toBeNull()
    configure({ 'schemas.enable': 'false' }, true)
    expect(converter.fromConnectData(TOPIC, null, null, null)).toBeNull()
  })

  it('refuses a value that does not match its schema', () => {
    expect(() => toJson(Schemas.FLOAT64, true)).toThrow(
      new DataException('Invalid type for FLOAT64: class java.lang.Boolean'),
    )
  })

  it('reads and writes plain JSON when schemas are disabled', () => {
    configure({ 'schemas.enable': 'false' }, true)
    expectSchemaAndValue(toConnect('true'), null, true)
    expect(toJson(null, true)).toBe('true')
  })
})

describe('JsonConverter as a header converter', () => {
  it('delegates header conversion to the data conversion', () => {
    const bytes = converter.fromConnectHeader(TOPIC, 'headerName', Schemas.STRING, 'test-string')
    expect(Buffer.from(bytes!).toString()).toBe('{"schema":{"type":"string","optional":false},"payload":"test-string"}')
    const sv = converter.toConnectHeader(
      TOPIC,
      'headerName',
      Buffer.from('{ "schema": { "type": "string" }, "payload": "foo-bar-baz" }'),
    )
    expectSchemaAndValue(sv, Schemas.STRING, 'foo-bar-baz')
  })

  it('needs converter.type when configured without isKey, as a header converter is', () => {
    const c = new JsonConverter()
    expect(() => c.configure({})).toThrow(ConfigException)
    c.configure({ 'converter.type': 'header' })
    expect(Buffer.from(c.fromConnectHeader(TOPIC, 'h', Schemas.STRING, 'v')!).toString()).toContain('"payload":"v"')
  })
})

describe('JsonConverter replace.null.with.default', () => {
  const schema = SchemaBuilder.string().optional().defaultValue('default').build()
  const structSchema = SchemaBuilder.struct().field('field1', schema).build()
  const structJson = (payload: string) =>
    `{"schema":{"type":"struct","fields":[{"field":"field1","type":"string","optional":true,"default":"default"}],"optional":false},"payload":${payload}}`

  it('writes a null value as its default when true', () => {
    configure({ 'replace.null.with.default': 'true' })
    expect(toJson(schema, null)).toBe(
      '{"schema":{"type":"string","optional":true,"default":"default"},"payload":"default"}',
    )
  })

  it('writes a null value as null when false', () => {
    configure({ 'replace.null.with.default': 'false' })
    expect(toJson(schema, null)).toBe('{"schema":{"type":"string","optional":true,"default":"default"},"payload":null}')
  })

  it('reads a null value as its default when true, and as null when false', () => {
    const json = '{"schema":{"type":"string","optional":true,"default":"default"},"payload":null}'
    configure({ 'replace.null.with.default': 'true' })
    expect(toConnect(json).value).toBe('default')
    configure({ 'replace.null.with.default': 'false' })
    expect(toConnect(json).value).toBeNull()
  })

  it('writes a null field as its default when true, and as null when false', () => {
    configure({ 'replace.null.with.default': 'true' })
    expect(toJson(structSchema, new Struct(structSchema))).toBe(
      '{"schema":{"type":"struct","fields":[{"type":"string","optional":true,"default":"default","field":"field1"}],"optional":false},"payload":{"field1":"default"}}',
    )
    configure({ 'replace.null.with.default': 'false' })
    expect(toJson(structSchema, new Struct(structSchema))).toBe(
      '{"schema":{"type":"struct","fields":[{"type":"string","optional":true,"default":"default","field":"field1"}],"optional":false},"payload":{"field1":null}}',
    )
  })

  it('reads a null field as its default when true, and as null when false', () => {
    configure({ 'replace.null.with.default': 'true' })
    expectSchemaAndValue(
      toConnect(structJson('{"field1":null}')),
      structSchema,
      new Struct(structSchema).put('field1', 'default'),
    )
    configure({ 'replace.null.with.default': 'false' })
    expectSchemaAndValue(toConnect(structJson('{"field1":null}')), structSchema, new Struct(structSchema))
  })
})

describe('JsonConverter envelope errors', () => {
  it.each([
    ['a value that is not an object', '"text"'],
    ['an object without payload', '{"schema":null}'],
    ['an additional field', '{"schema":null,"payload":1,"extra":2}'],
    ['empty input', ''],
  ])('refuses %s when schemas are enabled, with Kafka message', (_, json) => {
    expect(() => toConnect(json)).toThrow(new DataException(ENVELOPE_ERROR))
  })

  it('wraps a JSON syntax error in a DataException', () => {
    expect(() => toConnect('{"schema":')).toThrow(
      new DataException('Converting byte[] to Kafka Connect data failed due to serialization error: '),
    )
  })

  it('accepts an envelope with its fields in the other order', () => {
    expectSchemaAndValue(toConnect('{"payload":5,"schema":{"type":"int32"}}'), Schemas.INT32, 5)
  })

  it('takes the last of two schema fields, as Jackson does', () => {
    expectSchemaAndValue(
      toConnect('{"schema":{"type":"string"},"payload":"7","schema":{"type":"int32"}}'),
      Schemas.INT32,
      0,
    )
  })

  it('reads the same envelope the same way on its second and later sight', () => {
    const json =
      '{"schema":{"type":"struct","fields":[{"type":"int64","optional":false,"field":"id"}],"optional":false},"payload":{"id":1}}'
    const first = toConnect(json)
    const second = toConnect(json.replace('"id":1}', '"id":2}'))
    expect(second.schema).toBe(first.schema)
    expect((second.value as Struct).get('id')).toBe(2n)
    expect(() => toConnect(json.replace('"id":1}', '"id":null}'))).toThrow(
      new DataException('Invalid null value for required INT64 field'),
    )
  })
})

describe('JsonConverter schema.content', () => {
  it('reads every message as the payload of the configured schema', () => {
    configure({ 'schema.content': '{"type":"struct","fields":[{"field":"id","type":"int64"}]}' })
    const sv = toConnect('{"id":42}')
    expect(sv.schema?.fields.map((f) => f.name)).toEqual(['id'])
    expect((sv.value as Struct).get('id')).toBe(42n)
  })

  it('ignores an empty schema.content', () => {
    configure({ 'schema.content': '' })
    expectSchemaAndValue(toConnect('{"schema":{"type":"int32"},"payload":1}'), Schemas.INT32, 1)
  })

  it('refuses a schema.content that is not JSON', () => {
    expect(() => configure({ 'schema.content': '{"type":' })).toThrow(
      new DataException('Failed to parse schema in converter config due to serialization error: '),
    )
  })
})

describe('JsonConverterConfig', () => {
  it('reads decimal.format in any case', () => {
    configure({ 'decimal.format': 'NuMeRiC' }, true)
    expect(toJson(Decimal.schema(2), new BigDecimal(156n, 2))).toContain('"payload":1.56}')
  })

  it('refuses a decimal.format it does not know', () => {
    expect(() => configure({ 'decimal.format': 'HEX' })).toThrow(ConfigException)
    expect(() => configure({ 'decimal.format': 'HEX' })).toThrow(
      'Invalid value HEX for configuration decimal.format: String must be one of (case insensitive): BASE64, NUMERIC',
    )
  })
})
