// Ported from Confluent's AvroDataTest: the Connect ⇄ Avro schema mapping and value conversion.
import { describe, expect, it } from 'vitest'
import { avscType } from '../../../../layers/runtime/converters/avro/avro-codec.js'
import { AvroData } from '../../../../layers/runtime/converters/avro/avro-data.js'
import { avroSchemaToString, parseAvroSchema } from '../../../../layers/runtime/converters/avro/avro-schema.js'
import {
  BigDecimal,
  ConnectDate,
  ConnectTime,
  ConnectTimestamp,
  Decimal,
  Float32,
  Int32,
  SchemaBuilder,
  Schemas,
  Struct,
  Type,
} from '../../../../layers/runtime/data/index.js'
import type { Schema } from '../../../../layers/runtime/data/schema.js'
import { DataException } from '../../../../layers/runtime/errors.js'

const data = new AvroData()
const avroText = (schema: Schema | null) => avroSchemaToString(data.fromConnectSchema(schema))

/** Writes a Connect value to Avro binary and reads it back with the Avro schema's own Connect form. */
function roundTrip(
  schema: Schema | null,
  value: unknown,
  d: AvroData = data,
): { schema: Schema | null; value: unknown } {
  const write = d.writeSchema(schema)
  const bytes = write.type.toBuffer(write.convert(value))
  const read = d.readSchema(write.avro, write.type, null)
  return { schema: read.connect, value: read.convert(write.type.fromBuffer(bytes)) }
}

describe('AvroData Connect → Avro schemas', () => {
  it('maps primitives, with int8 and int16 annotated as connect.type', () => {
    expect(avroText(Schemas.BOOLEAN)).toBe('"boolean"')
    expect(avroText(Schemas.INT8)).toBe('{"type":"int","connect.type":"int8"}')
    expect(avroText(Schemas.INT16)).toBe('{"type":"int","connect.type":"int16"}')
    expect(avroText(Schemas.INT32)).toBe('"int"')
    expect(avroText(Schemas.INT64)).toBe('"long"')
    expect(avroText(Schemas.FLOAT32)).toBe('"float"')
    expect(avroText(Schemas.FLOAT64)).toBe('"double"')
    expect(avroText(Schemas.STRING)).toBe('"string"')
    expect(avroText(Schemas.BYTES)).toBe('"bytes"')
  })

  it('makes an optional schema a union with null first', () => {
    expect(avroText(Schemas.OPTIONAL_STRING)).toBe('["null","string"]')
  })

  it('puts null second when the optional schema has a default, and keeps the default', () => {
    const schema = SchemaBuilder.struct()
      .name('r')
      .field('s', SchemaBuilder.string().optional().defaultValue('x').build())
      .build()
    expect(avroText(schema)).toBe(
      '{"type":"record","name":"r","fields":[{"name":"s","type":[{"type":"string","connect.default":"x"},"null"],"default":"x"}],"connect.name":"r"}',
    )
  })

  it('writes Connect name, version, doc and parameters as connect.* properties', () => {
    const schema = SchemaBuilder.string().name('a.b').version(2).doc('d').parameter('k', 'v').build()
    expect(avroText(schema)).toBe(
      '{"type":"string","connect.doc":"d","connect.version":2,"connect.parameters":{"k":"v"},"connect.name":"a.b"}',
    )
  })

  it('leaves the connect.* properties out with connect.meta.data=false', () => {
    const d = new AvroData({ connectMetaData: false })
    const schema = SchemaBuilder.string().name('a.b').version(2).doc('d').build()
    expect(avroSchemaToString(d.fromConnectSchema(schema))).toBe('"string"')
  })

  it('maps Decimal to bytes with the decimal logical type, precision 64 by default', () => {
    expect(avroText(Decimal.schema(2))).toBe(
      '{"type":"bytes","scale":2,"precision":64,"connect.version":1,"connect.parameters":{"scale":"2"},"connect.name":"org.apache.kafka.connect.data.Decimal","logicalType":"decimal"}',
    )
  })

  it('takes the decimal precision from connect.decimal.precision', () => {
    const schema = Decimal.builder(2).parameter('connect.decimal.precision', '10').build()
    expect(avroText(schema)).toContain('"scale":2,"precision":10')
    expect(avroText(schema)).toContain('"logicalType":"decimal"')
  })

  it('maps Date, Time and Timestamp to the Avro logical types', () => {
    expect(avroText(ConnectDate.schema())).toBe(
      '{"type":"int","connect.version":1,"connect.name":"org.apache.kafka.connect.data.Date","logicalType":"date"}',
    )
    expect(avroText(ConnectTime.schema())).toBe(
      '{"type":"int","connect.version":1,"connect.name":"org.apache.kafka.connect.data.Time","logicalType":"time-millis"}',
    )
    expect(avroText(ConnectTimestamp.schema())).toBe(
      '{"type":"long","connect.version":1,"connect.name":"org.apache.kafka.connect.data.Timestamp","logicalType":"timestamp-millis"}',
    )
  })

  it('maps a map with string keys to an Avro map, and other keys to an array of MapEntry records', () => {
    expect(avroText(SchemaBuilder.map(Schemas.STRING, Schemas.INT32).build())).toBe('{"type":"map","values":"int"}')
    expect(avroText(SchemaBuilder.map(Schemas.INT32, Schemas.STRING).build())).toBe(
      '{"type":"array","items":{"type":"record","name":"MapEntry","namespace":"io.confluent.connect.avro","fields":[{"name":"key","type":"int"},{"name":"value","type":"string"}]}}',
    )
  })

  it('names an unnamed struct ConnectDefault in the io.confluent.connect.avro namespace', () => {
    const schema = SchemaBuilder.struct().field('a', Schemas.INT32).build()
    expect(avroText(schema)).toBe(
      '{"type":"record","name":"ConnectDefault","namespace":"io.confluent.connect.avro","fields":[{"name":"a","type":"int"}]}',
    )
  })

  it('gives optional fields a null default and keeps a nested record namespace-relative', () => {
    const inner = SchemaBuilder.struct().name('x.Inner').field('b', Schemas.BOOLEAN).optional().build()
    const schema = SchemaBuilder.struct().name('x.Outer').field('i', inner).field('n', Schemas.OPTIONAL_INT64).build()
    expect(avroText(schema)).toBe(
      '{"type":"record","name":"Outer","namespace":"x","fields":[{"name":"i","type":["null",{"type":"record","name":"Inner","fields":[{"name":"b","type":"boolean"}],"connect.name":"x.Inner"}],"default":null},{"name":"n","type":["null","long"],"default":null}],"connect.name":"x.Outer"}',
    )
  })

  it('writes a field default of a required field as the Avro field default', () => {
    const schema = SchemaBuilder.struct()
      .name('r')
      .field('c', SchemaBuilder.string().defaultValue('USD').build())
      .field('d', SchemaBuilder.float64().defaultValue(1).build())
      .build()
    expect(avroText(schema)).toBe(
      '{"type":"record","name":"r","fields":[{"name":"c","type":{"type":"string","connect.default":"USD"},"default":"USD"},{"name":"d","type":{"type":"double","connect.default":1.0},"default":1.0}],"connect.name":"r"}',
    )
  })

  it('maps a string with io.confluent.connect.avro.Enum parameters to an Avro enum with enhanced support', () => {
    const d = new AvroData({ enhancedSchemaSupport: true })
    const schema = SchemaBuilder.string()
      .name('x.Color')
      .parameter('io.confluent.connect.avro.Enum', 'x.Color')
      .parameter('io.confluent.connect.avro.Enum.RED', 'RED')
      .parameter('io.confluent.connect.avro.Enum.BLUE', 'BLUE')
      .build()
    const avro = d.fromConnectSchema(schema)
    expect(avro.type).toBe('enum')
    expect(avroSchemaToString(avro)).toMatch(
      /^\{"type":"enum","name":"Color","namespace":"x","symbols":\["RED","BLUE"\]/,
    )
  })
})

describe('AvroData Avro → Connect schemas', () => {
  const toConnect = (text: string, version: number | null = null) =>
    data.toConnectSchema(parseAvroSchema(text), version)

  it('reads Avro primitives as Connect primitives', () => {
    expect(toConnect('"int"')?.type).toBe(Type.INT32)
    expect(toConnect('"long"')?.type).toBe(Type.INT64)
    expect(toConnect('{"type":"int","connect.type":"int16"}')?.type).toBe(Type.INT16)
    expect(toConnect('"bytes"')?.type).toBe(Type.BYTES)
  })

  it('reads a union of null and a type as an optional schema', () => {
    const s = toConnect('["null","string"]')
    expect(s?.type).toBe(Type.STRING)
    expect(s?.optional).toBe(true)
  })

  it('reads a record as a struct named by its full name, with the registry version', () => {
    const s = toConnect(
      '{"type":"record","name":"Order","namespace":"shop","fields":[{"name":"id","type":"string"}]}',
      3,
    )
    expect(s?.name).toBe('shop.Order')
    expect(s?.version).toBe(3)
    expect(s?.fields.map((f) => f.name)).toEqual(['id'])
  })

  it('prefers connect.version to the registry version', () => {
    expect(toConnect('{"type":"string","connect.version":7}', 3)?.version).toBe(7)
  })

  it('reads an Avro field default as the Connect default, flagged as an Avro field default', () => {
    const s = toConnect(
      '{"type":"record","name":"Order","fields":[{"name":"currency","type":"string","default":"USD"}]}',
    )
    const currency = s?.field('currency')?.schema
    expect(currency?.defaultValue).toBe('USD')
    expect(currency?.parameters).toEqual({ 'io.confluent.connect.avro.field.default': 'true' })
  })

  it('reads a decimal with its scale, keeping a non-default precision as a parameter', () => {
    const s = toConnect('{"type":"bytes","logicalType":"decimal","precision":10,"scale":3}')
    expect(s?.name).toBe('org.apache.kafka.connect.data.Decimal')
    expect(s?.parameters).toEqual({ scale: '3', 'connect.decimal.precision': '10' })
  })

  it('reads timestamp-millis, date and time-millis as Connect logical types', () => {
    expect(toConnect('{"type":"long","logicalType":"timestamp-millis"}')?.name).toBe(
      'org.apache.kafka.connect.data.Timestamp',
    )
    expect(toConnect('{"type":"int","logicalType":"date"}')?.name).toBe('org.apache.kafka.connect.data.Date')
    expect(toConnect('{"type":"int","logicalType":"time-millis"}')?.name).toBe('org.apache.kafka.connect.data.Time')
  })

  it('reads an enum as a string with io.confluent.connect.avro.Enum parameters', () => {
    const s = toConnect('{"type":"enum","name":"Color","namespace":"x","symbols":["RED","BLUE"]}')
    expect(s?.type).toBe(Type.STRING)
    expect(s?.name).toBe('x.Color')
    expect(s?.parameters).toEqual({
      'io.confluent.connect.avro.Enum': 'x.Color',
      'io.confluent.connect.avro.Enum.RED': 'RED',
      'io.confluent.connect.avro.Enum.BLUE': 'BLUE',
    })
  })

  it('reads a general union as an io.confluent.connect.avro.Union struct of optional members', () => {
    const s = toConnect('["null","string","int"]')
    expect(s?.name).toBe('io.confluent.connect.avro.Union')
    expect(s?.optional).toBe(true)
    expect(s?.fields.map((f) => [f.name, f.schema.type, f.schema.optional])).toEqual([
      ['string', Type.STRING, true],
      ['int', Type.INT32, true],
    ])
  })

  it('refuses a standalone null schema', () => {
    expect(() => toConnect('"null"')).toThrow(DataException)
  })

  it('reads an array of MapEntry records as a map', () => {
    const s = toConnect(
      '{"type":"array","items":{"type":"record","name":"MapEntry","namespace":"io.confluent.connect.avro","fields":[{"name":"key","type":"int"},{"name":"value","type":"string"}]}}',
    )
    expect(s?.type).toBe(Type.MAP)
    expect(s?.keySchema?.type).toBe(Type.INT32)
  })
})

describe('AvroData values', () => {
  it('round-trips a struct of every Connect type, logical types included', () => {
    const inner = SchemaBuilder.struct().name('x.Inner').field('b', Schemas.BOOLEAN).build()
    const schema = SchemaBuilder.struct()
      .name('x.All')
      .field('i8', Schemas.INT8)
      .field('i16', Schemas.INT16)
      .field('i32', Schemas.INT32)
      .field('i64', Schemas.INT64)
      .field('f32', Schemas.FLOAT32)
      .field('f64', Schemas.FLOAT64)
      .field('s', Schemas.OPTIONAL_STRING)
      .field('bytes', Schemas.BYTES)
      .field('dec', Decimal.schema(2))
      .field('date', ConnectDate.schema())
      .field('time', ConnectTime.schema())
      .field('ts', ConnectTimestamp.schema())
      .field('list', SchemaBuilder.array(Schemas.STRING).build())
      .field('smap', SchemaBuilder.map(Schemas.STRING, Schemas.INT32).build())
      .field('imap', SchemaBuilder.map(Schemas.INT32, Schemas.STRING).build())
      .field('inner', inner)
      .build()
    const value = new Struct(schema)
      .put('i8', -8)
      .put('i16', 1600)
      .put('i32', 320000)
      .put('i64', 9007199254740993n)
      .put('f32', 1.5)
      .put('f64', 2.25)
      .put('s', null)
      .put('bytes', new Uint8Array([1, 2, 3]))
      .put('dec', new BigDecimal(-12345n, 2))
      .put('date', new Date(86_400_000 * 3))
      .put('time', new Date(1234))
      .put('ts', new Date(1_700_000_000_123))
      .put('list', ['a', 'b'])
      .put('smap', new Map([['k', 1]]))
      .put('imap', new Map([[7, 'seven']]))
      .put('inner', new Struct(inner).put('b', true))
    const back = roundTrip(schema, value)
    expect(back.value).toBeInstanceOf(Struct)
    const s = back.value as Struct
    expect(s.get('i8')).toBe(-8)
    expect(s.get('i64')).toBe(9007199254740993n)
    expect(s.get('s')).toBeNull()
    expect(s.get('bytes')).toEqual(new Uint8Array([1, 2, 3]))
    expect((s.get('dec') as BigDecimal).equals(new BigDecimal(-12345n, 2))).toBe(true)
    expect((s.get('date') as Date).getTime()).toBe(86_400_000 * 3)
    expect((s.get('time') as Date).getTime()).toBe(1234)
    expect((s.get('ts') as Date).getTime()).toBe(1_700_000_000_123)
    expect(s.get('list')).toEqual(['a', 'b'])
    expect(s.get('smap')).toEqual(new Map([['k', 1]]))
    expect(s.get('imap')).toEqual(new Map([[7, 'seven']]))
    expect((s.get('inner') as Struct).get('b')).toBe(true)
    expect(back.schema?.field('i64')?.schema.type).toBe(Type.INT64)
  })

  it('writes a null required field with a default as the default', () => {
    const schema = SchemaBuilder.struct()
      .name('r')
      .field('c', SchemaBuilder.string().defaultValue('USD').build())
      .build()
    const back = roundTrip(schema, new Struct(schema))
    expect((back.value as Struct).get('c')).toBe('USD')
  })

  it('rejects a null value for a required schema', () => {
    expect(() => data.writeSchema(Schemas.STRING).convert(null)).toThrow('Found null value for non-optional schema')
  })

  it('rejects a value of the wrong type naming the Java class', () => {
    expect(() => data.writeSchema(Schemas.INT32).convert('x')).toThrow('Invalid type for INT32: class java.lang.String')
  })

  it('rejects a decimal whose scale differs from the schema', () => {
    expect(() => data.writeSchema(Decimal.schema(2)).convert(new BigDecimal(1n, 3))).toThrow(/mismatching scale/)
  })

  it('rejects a struct whose schema differs from the given schema', () => {
    const a = SchemaBuilder.struct().name('a').field('x', Schemas.INT32).build()
    const b = SchemaBuilder.struct().name('b').field('x', Schemas.INT32).build()
    expect(() => data.writeSchema(a).convert(new Struct(b).put('x', 1))).toThrow('Mismatching struct schema')
  })

  it('round-trips schemaless values through the Anything record, keeping Java classes', () => {
    const value = new Map<unknown, unknown>([
      ['i', new Int32(5)],
      ['l', 6n],
      ['f', new Float32(1.5)],
      ['d', 2.5],
      ['list', ['x', true]],
    ])
    const back = roundTrip(null, value)
    expect(back.schema).toBeNull()
    const m = back.value as Map<unknown, unknown>
    expect(m.get('i')).toEqual(new Int32(5))
    expect(m.get('l')).toBe(6n)
    expect(m.get('f')).toEqual(new Float32(1.5))
    expect(m.get('d')).toBe(2.5)
    expect(m.get('list')).toEqual(['x', true])
  })

  it('round-trips a union struct through an Avro union', () => {
    const schema = data.toConnectSchema(parseAvroSchema('["null","string","int"]'))!
    const value = new Struct(schema).put('int', 12)
    const write = data.writeSchemaAs(schema, parseAvroSchema('["null","string","int"]'))
    const bytes = write.type.toBuffer(write.convert(value))
    const read = data.readSchema(write.avro, write.type, null)
    expect((read.convert(write.type.fromBuffer(bytes)) as Struct).get('int')).toBe(12)
  })

  it('reads data written with the Order v1 schema into a v2 reader whose currency defaults to USD', () => {
    const v1 = parseAvroSchema(
      '{"type":"record","name":"Order","fields":[{"name":"id","type":"string"},{"name":"amount","type":"double"},{"name":"status","type":"string"}]}',
    )
    const v2 = parseAvroSchema(
      '{"type":"record","name":"Order","fields":[{"name":"id","type":"string"},{"name":"amount","type":"double"},{"name":"status","type":"string"},{"name":"currency","type":"string","default":"USD"}]}',
    )
    const writer = avscType(v1)
    const reader = avscType(v2)
    const bytes = writer.toBuffer({ id: 'o-1', amount: 9.5, status: 'NEW' })
    const decoded = reader.decode(bytes, 0, reader.createResolver(writer)).value
    const read = data.readSchema(v2, reader, 1)
    const order = read.convert(decoded) as Struct
    expect(order.get('currency')).toBe('USD')
    expect(order.get('id')).toBe('o-1')
    expect(read.connect?.version).toBe(1)
  })
})
