// ProtobufConverter against the real Apicurio registries of the local stack.
import { afterAll, describe, expect, it } from 'vitest'
import { ProtobufConverter } from '../../../layers/runtime/converters/protobuf/protobuf-converter.js'
import { ConnectTimestamp, SchemaBuilder, Schemas, Struct, Type } from '../../../layers/runtime/data/index.js'
import { DataException } from '../../../layers/runtime/errors.js'
import { SchemaRegistryClient } from '../../../layers/runtime/schema-registry/client.js'
import { AuthenticationException, NetworkException } from '../../../layers/runtime/schema-registry/errors.js'
import { topicName } from '../../support/names.js'
import { endpoints, requireServices } from '../../support/services.js'

requireServices('registry', 'registry-auth')

const open = endpoints.registry.url
const auth = endpoints.registryAuth
const ctx = { partition: 1, offset: 99 }
const opened: ProtobufConverter[] = []

function converter(config: Record<string, string>): ProtobufConverter {
  const c = new ProtobufConverter()
  c.configure({ 'max.retries': '0', ...config }, false)
  opened.push(c)
  return c
}

afterAll(() => {
  for (const c of opened) c.close()
})

const address = SchemaBuilder.struct().name('Address').field('city', Schemas.OPTIONAL_STRING).optional().build()
const orderSchema = SchemaBuilder.struct()
  .name('shop.Order')
  .field('id', Schemas.OPTIONAL_INT64)
  .field('status', Schemas.OPTIONAL_STRING)
  .field('updated_at', ConnectTimestamp.builder().optional().build())
  .field('tags', SchemaBuilder.array(Schemas.OPTIONAL_STRING).optional().build())
  .field('counts', SchemaBuilder.map(Schemas.OPTIONAL_STRING, Schemas.OPTIONAL_INT32).optional().build())
  .field('address', address)
  .build()

const order = () =>
  new Struct(orderSchema)
    .put('id', 7n)
    .put('status', 'NEW')
    .put('updated_at', new Date(1_700_000_000_123))
    .put('tags', ['a', 'b'])
    .put('counts', new Map([['x', 2]]))
    .put('address', new Struct(address).put('city', 'Oslo'))

describe('ProtobufConverter', () => {
  it('registers a proto3 schema, writes message index [0] as one byte and reads the record back', async () => {
    const topic = topicName('proto-roundtrip')
    const c = converter({ 'schema.registry.url': open })
    const bytes = (await c.fromConnectData(topic, null, orderSchema, order()))!
    expect(bytes[0]).toBe(0)
    expect(bytes[5]).toBe(0)
    const latest = (await (await fetch(`${open}/subjects/${topic}-value/versions/latest`)).json()) as {
      schemaType: string
      schema: string
    }
    expect(latest.schemaType).toBe('PROTOBUF')
    expect(latest.schema).toContain('message Order {')
    expect(latest.schema).toContain('google.protobuf.Timestamp updated_at = 3;')

    const back = await c.toConnectData(topic, null, bytes, ctx)
    const v = back.value as Struct
    expect(v.get('id')).toBe(7n)
    expect(v.get('status')).toBe('NEW')
    expect((v.get('updated_at') as Date).getTime()).toBe(1_700_000_000_123)
    expect(v.get('tags')).toEqual(['a', 'b'])
    expect(v.get('counts')).toEqual(new Map([['x', 2]]))
    expect((v.get('address') as Struct).get('city')).toBe('Oslo')
    expect(back.schema?.name).toBe('Order')
    expect(back.schema?.field('id')?.schema.parameters).toEqual({ 'io.confluent.connect.protobuf.Tag': '1' })
  })

  it('reads a second top-level message by its message indexes, with enums, wrappers and int64 variants', async () => {
    const topic = topicName('proto-indexes')
    const proto = [
      'syntax = "proto3";',
      'package t;',
      'import "google/protobuf/wrappers.proto";',
      'message First { string a = 1; }',
      'message Second {',
      '  enum Kind { UNKNOWN = 0; BIG = 1; }',
      '  Kind kind = 1;',
      '  google.protobuf.StringValue note = 2;',
      '  uint32 small = 3;',
      '  repeated int32 ns = 4;',
      '}',
      '',
    ].join('\n')
    const client = new SchemaRegistryClient({ urls: [open] })
    try {
      const id = await client.register(`${topic}-value`, { schema: proto, schemaType: 'PROTOBUF', references: [] })
      // Second { kind: BIG, note: "hi", small: 5, ns: [1, 2] }, message indexes [1]
      const body = Buffer.from([0x08, 0x01, 0x12, 0x04, 0x0a, 0x02, 0x68, 0x69, 0x18, 0x05, 0x22, 0x02, 0x01, 0x02])
      const header = Buffer.alloc(5)
      header.writeInt32BE(id, 1)
      const bytes = Buffer.concat([header, Buffer.from([0x02, 0x02]), body])
      const read = await converter({ 'schema.registry.url': open }).toConnectData(topic, null, bytes, ctx)
      const v = read.value as Struct
      expect(read.schema?.name).toBe('Second')
      expect(v.get('kind')).toBe('BIG')
      expect(read.schema?.field('kind')?.schema.parameters?.['io.confluent.connect.protobuf.Enum.BIG']).toBe('1')
      expect(v.get('note')).toBe('hi')
      expect(read.schema?.field('note')?.schema.type).toBe(Type.STRING)
      expect(v.get('small')).toBe(5n)
      expect(read.schema?.field('small')?.schema.parameters?.['io.confluent.connect.protobuf.Type']).toBe('uint32')
      expect(v.get('ns')).toEqual([1, 2])
    } finally {
      client.close()
    }
  })

  it('authenticates against the registry with basic auth and fails with the wrong password', async () => {
    const topic = topicName('proto-auth')
    const good = converter({
      'schema.registry.url': auth.url,
      'basic.auth.credentials.source': 'USER_INFO',
      'basic.auth.user.info': auth.userInfo,
    })
    const bytes = (await good.fromConnectData(topic, null, orderSchema, order()))!
    expect(((await good.toConnectData(topic, null, bytes, ctx)).value as Struct).get('id')).toBe(7n)
    const bad = converter({
      'schema.registry.url': auth.url,
      'basic.auth.credentials.source': 'USER_INFO',
      'basic.auth.user.info': `${auth.username}:nope`,
    })
    const error = await Promise.resolve(bad.toConnectData(topic, null, bytes, ctx)).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(AuthenticationException)
    expect((error as Error).message).toContain(`topic ${topic} partition 1 offset 99`)
  })

  it('gives a DataException naming topic, partition and offset for every bad input', async () => {
    const topic = topicName('proto-bad')
    const c = converter({ 'schema.registry.url': open })
    const bytes = (await c.fromConnectData(topic, null, orderSchema, order()))!
    const cases: Uint8Array[] = [
      Uint8Array.of(3, 0, 0, 0, 1, 0), // unknown magic byte
      Uint8Array.of(0, 0x7f, 0xff, 0xff, 0xf0, 0, 8), // unknown schema id
      bytes.subarray(0, bytes.length - 4), // truncated message
      bytes.subarray(0, 3), // truncated header
    ]
    for (const input of cases) {
      const error = await Promise.resolve()
        .then(() => c.toConnectData(topic, null, input, ctx))
        .catch((e: unknown) => e)
      expect(error).toBeInstanceOf(DataException)
      expect((error as Error).message).toContain(`topic ${topic} partition 1 offset 99`)
    }
  })

  it('fails fast with a NetworkException when the registry is down', async () => {
    const topic = topicName('proto-down')
    const down = converter({ 'schema.registry.url': 'http://127.0.0.1:1' })
    const error = await Promise.resolve(down.toConnectData(topic, null, Uint8Array.of(0, 0, 0, 0, 1, 0), ctx)).catch(
      (e: unknown) => e,
    )
    expect(error).toBeInstanceOf(NetworkException)
    expect((error as Error).message).toContain(`topic ${topic} partition 1 offset 99`)
  })
})
