// AvroConverter against the real Apicurio registries of the local stack (one open, one with basic auth).
import { afterAll, describe, expect, it } from 'vitest'
import { AvroConverter } from '../../../layers/runtime/converters/avro/avro-converter.js'
import {
  BigDecimal,
  ConnectTimestamp,
  Decimal,
  SchemaBuilder,
  Schemas,
  Struct,
} from '../../../layers/runtime/data/index.js'
import type { Schema } from '../../../layers/runtime/data/schema.js'
import { DataException, RetriableException } from '../../../layers/runtime/errors.js'
import { SchemaRegistryClient } from '../../../layers/runtime/schema-registry/client.js'
import { AuthenticationException, NetworkException } from '../../../layers/runtime/schema-registry/errors.js'
import { topicName } from '../../support/names.js'
import { endpoints, requireServices } from '../../support/services.js'

requireServices('registry', 'registry-auth')

const open = endpoints.registry.url
const auth = endpoints.registryAuth
const ctx = { partition: 3, offset: 17 }
const opened: AvroConverter[] = []

function converter(config: Record<string, string>, isKey = false): AvroConverter {
  const c = new AvroConverter()
  c.configure({ 'max.retries': '0', ...config }, isKey)
  opened.push(c)
  return c
}

afterAll(() => {
  for (const c of opened) c.close()
})

const orderSchema: Schema = SchemaBuilder.struct()
  .name('orders.Value')
  .field('id', Schemas.INT64)
  .field('amount', Decimal.schema(2))
  .field('status', Schemas.OPTIONAL_STRING)
  .field('updated_at', ConnectTimestamp.schema())
  .build()

function order(id: bigint): Struct {
  return new Struct(orderSchema)
    .put('id', id)
    .put('amount', new BigDecimal(1999n, 2))
    .put('status', 'NEW')
    .put('updated_at', new Date(1_700_000_000_000))
}

async function registered(url: string, subject: string): Promise<{ id: number; version: number; schema: string }> {
  const headers: Record<string, string> =
    url === auth.url ? { Authorization: `Basic ${Buffer.from(auth.userInfo).toString('base64')}` } : {}
  const res = await fetch(`${url}/subjects/${subject}/versions/latest`, { headers })
  return (await res.json()) as { id: number; version: number; schema: string }
}

describe('AvroConverter with an open registry', () => {
  it('registers the value schema under <topic>-value and reads the record back', async () => {
    const topic = topicName('avro-roundtrip')
    const c = converter({ 'schema.registry.url': open })
    const bytes = (await c.fromConnectData(topic, null, orderSchema, order(1n)))!
    const latest = await registered(open, `${topic}-value`)
    expect(bytes[0]).toBe(0)
    expect(Buffer.from(bytes).readInt32BE(1)).toBe(latest.id)
    expect(JSON.parse(latest.schema).name).toBe('Value')

    const back = await c.toConnectData(topic, null, bytes, ctx)
    const value = back.value as Struct
    expect(value.get('id')).toBe(1n)
    expect((value.get('amount') as BigDecimal).toString()).toBe('19.99')
    expect((value.get('updated_at') as Date).getTime()).toBe(1_700_000_000_000)
    expect(back.schema?.name).toBe('orders.Value')
    expect(back.schema?.version).toBe(latest.version)
  })

  it('registers key schemas under <topic>-key', async () => {
    const topic = topicName('avro-key')
    const c = converter({ 'schema.registry.url': open }, true)
    await c.fromConnectData(topic, null, Schemas.STRING, 'k1')
    expect((await registered(open, `${topic}-key`)).schema).toBe('"string"')
  })

  it('uses the record name as the subject with RecordNameStrategy', async () => {
    const topic = topicName('avro-record-name')
    const name = `${topic.replace(/[^a-zA-Z0-9_]/g, '_')}.Rec`
    const schema = SchemaBuilder.struct().name(name).field('a', Schemas.INT32).build()
    const c = converter({
      'schema.registry.url': open,
      'value.subject.name.strategy': 'io.confluent.kafka.serializers.subject.RecordNameStrategy',
    })
    const bytes = (await c.fromConnectData(topic, null, schema, new Struct(schema).put('a', 1)))!
    expect((await registered(open, name)).id).toBe(Buffer.from(bytes).readInt32BE(1))
    expect(((await c.toConnectData(topic, null, bytes, ctx)).value as Struct).get('a')).toBe(1)
  })

  it('with auto.register.schemas=false fails for an unregistered schema and finds a registered one', async () => {
    const topic = topicName('avro-lookup')
    const lookup = converter({ 'schema.registry.url': open, 'auto.register.schemas': 'false' })
    await expect(lookup.fromConnectData(topic, null, orderSchema, order(2n))).rejects.toThrow(DataException)
    const writer = converter({ 'schema.registry.url': open })
    const first = (await writer.fromConnectData(topic, null, orderSchema, order(2n)))!
    const again = (await lookup.fromConnectData(topic, null, orderSchema, order(2n)))!
    expect(Buffer.from(again).readInt32BE(1)).toBe(Buffer.from(first).readInt32BE(1))
  })

  it('writes a null value as null bytes and reads null bytes as a null value', async () => {
    const c = converter({ 'schema.registry.url': open })
    const topic = topicName('avro-null')
    expect(await c.fromConnectData(topic, null, Schemas.OPTIONAL_STRING, null)).toBeNull()
    expect(await c.toConnectData(topic, null, null, ctx)).toEqual({ schema: null, value: null })
  })
})

describe('AvroConverter schema evolution', () => {
  const v1 =
    '{"type":"record","name":"Order","fields":[{"name":"id","type":"string"},{"name":"amount","type":"double"},{"name":"status","type":"string"}]}'
  const v2 =
    '{"type":"record","name":"Order","fields":[{"name":"id","type":"string"},{"name":"amount","type":"double"},{"name":"status","type":"string"},{"name":"currency","type":"string","default":"USD"}]}'

  it('reads data written with the seed Order v1 into the v2 reader with currency defaulting to USD', async () => {
    const topic = topicName('avro-evolution')
    const subject = `${topic}-value`
    const client = new SchemaRegistryClient({ urls: [open] })
    try {
      await client.updateCompatibility(subject, 'BACKWARD')
      const v1Id = await client.register(subject, { schema: v1, schemaType: 'AVRO', references: [] })

      // a producer writes with v1, through the converter's own write path
      const v1Connect = SchemaBuilder.struct()
        .name('Order')
        .field('id', Schemas.STRING)
        .field('amount', Schemas.FLOAT64)
        .field('status', Schemas.STRING)
        .build()
      const producer = converter({
        'schema.registry.url': open,
        'auto.register.schemas': 'false',
        'connect.meta.data': 'false',
      })
      const bytes = (await producer.fromConnectData(
        topic,
        null,
        v1Connect,
        new Struct(v1Connect).put('id', 'o-1').put('amount', 12.5).put('status', 'NEW'),
      ))!
      expect(Buffer.from(bytes).readInt32BE(1)).toBe(v1Id)

      // v2 adds currency with a default: backward compatible, so the registry accepts it
      await client.register(subject, { schema: v2, schemaType: 'AVRO', references: [] })

      const latestReader = converter({ 'schema.registry.url': open, 'use.latest.version': 'true' })
      const read = await latestReader.toConnectData(topic, null, bytes, ctx)
      const value = read.value as Struct
      expect(value.get('currency')).toBe('USD')
      expect(value.get('id')).toBe('o-1')
      expect(value.get('amount')).toBe(12.5)
      expect(read.schema?.fields.map((f) => f.name)).toEqual(['id', 'amount', 'status', 'currency'])
      // the Connect version is the writer's registry version, as in Confluent's converter
      expect(read.schema?.version).toBe(1)

      // without use.latest.version the writer's schema is the reader's
      const plain = await converter({ 'schema.registry.url': open }).toConnectData(topic, null, bytes, ctx)
      expect(plain.schema?.fields.map((f) => f.name)).toEqual(['id', 'amount', 'status'])
    } finally {
      client.close()
    }
  })

  it('refuses an incompatible v3 under BACKWARD compatibility', async () => {
    const topic = topicName('avro-incompatible')
    const subject = `${topic}-value`
    const client = new SchemaRegistryClient({ urls: [open], maxRetries: 0 })
    try {
      await client.updateCompatibility(subject, 'BACKWARD')
      await client.register(subject, { schema: v1, schemaType: 'AVRO', references: [] })
      const v3 = v2.replace(',"default":"USD"', '')
      await expect(client.register(subject, { schema: v3, schemaType: 'AVRO', references: [] })).rejects.toThrow(/409/)
    } finally {
      client.close()
    }
  })
})

describe('AvroConverter with a registry that requires basic auth', () => {
  it('authenticates with basic.auth.credentials.source=USER_INFO', async () => {
    const topic = topicName('avro-userinfo')
    const c = converter({
      'schema.registry.url': auth.url,
      'basic.auth.credentials.source': 'USER_INFO',
      'basic.auth.user.info': auth.userInfo,
    })
    const bytes = (await c.fromConnectData(topic, null, orderSchema, order(3n)))!
    expect(((await c.toConnectData(topic, null, bytes, ctx)).value as Struct).get('id')).toBe(3n)
  })

  it('authenticates with credentials in the URL (basic.auth.credentials.source=URL)', async () => {
    const topic = topicName('avro-urlauth')
    const url = auth.url.replace('http://', `http://${auth.username}:${auth.password}@`)
    const c = converter({ 'schema.registry.url': url })
    const bytes = (await c.fromConnectData(topic, null, Schemas.STRING, 'hello'))!
    expect((await c.toConnectData(topic, null, bytes, ctx)).value).toBe('hello')
  })

  it('fails with an AuthenticationException naming topic, partition and offset when the password is wrong', async () => {
    const topic = topicName('avro-badauth')
    const good = converter({
      'schema.registry.url': auth.url,
      'basic.auth.credentials.source': 'USER_INFO',
      'basic.auth.user.info': auth.userInfo,
    })
    const bytes = (await good.fromConnectData(topic, null, Schemas.STRING, 'x'))!
    const bad = converter({
      'schema.registry.url': auth.url,
      'basic.auth.credentials.source': 'USER_INFO',
      'basic.auth.user.info': `${auth.username}:wrong`,
    })
    const error = await Promise.resolve(bad.toConnectData(topic, null, bytes, ctx)).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(AuthenticationException)
    expect(error).toBeInstanceOf(DataException)
    expect((error as Error).message).toContain(`topic ${topic} partition 3 offset 17`)
    expect((error as Error).message).not.toContain('wrong')
  })

  it('fails without credentials', async () => {
    const c = converter({ 'schema.registry.url': auth.url })
    await expect(c.fromConnectData(topicName('avro-noauth'), null, Schemas.STRING, 'x')).rejects.toThrow(
      AuthenticationException,
    )
  })

  it('refuses USER_INFO without basic.auth.user.info at configure time', () => {
    const c = new AvroConverter()
    expect(() =>
      c.configure({ 'schema.registry.url': auth.url, 'basic.auth.credentials.source': 'USER_INFO' }, false),
    ).toThrow(/UserInfo must be provided/)
  })
})

describe('AvroConverter on bad input', () => {
  const c = () => converter({ 'schema.registry.url': open })
  const expectDataError = async (run: () => unknown, topic: string, pattern: RegExp) => {
    const error = await Promise.resolve()
      .then(run)
      .catch((e: unknown) => e)
    expect(error).toBeInstanceOf(DataException)
    expect((error as Error).message).toContain(`topic ${topic} partition 3 offset 17`)
    expect((error as Error).message).toMatch(pattern)
  }

  it('rejects an unknown magic byte', async () => {
    const topic = topicName('avro-magic')
    await expectDataError(
      () => c().toConnectData(topic, null, Uint8Array.of(7, 0, 0, 0, 1, 2), ctx),
      topic,
      /Unknown magic byte/,
    )
  })

  it('rejects a payload too short for a schema id', async () => {
    const topic = topicName('avro-short')
    await expectDataError(() => c().toConnectData(topic, null, Uint8Array.of(0, 0, 1), ctx), topic, /too short/)
  })

  it('rejects an unknown schema id', async () => {
    const topic = topicName('avro-unknown-id')
    await expectDataError(
      () => c().toConnectData(topic, null, Uint8Array.of(0, 0x7f, 0xff, 0xff, 0xf0, 2), ctx),
      topic,
      /Error retrieving Avro value schema for id 2147483632.*40403/,
    )
  })

  it('rejects a truncated payload', async () => {
    const topic = topicName('avro-truncated')
    const w = c()
    const bytes = (await w.fromConnectData(topic, null, orderSchema, order(4n)))!
    await expectDataError(
      () => w.toConnectData(topic, null, bytes.subarray(0, bytes.length - 3), ctx),
      topic,
      /truncated/,
    )
  })

  it('fails fast with a NetworkException naming the record when the registry is down', async () => {
    const topic = topicName('avro-down')
    const down = converter({ 'schema.registry.url': 'http://127.0.0.1:1', 'max.retries': '0' })
    const error = await Promise.resolve(down.toConnectData(topic, null, Uint8Array.of(0, 0, 0, 0, 1, 2), ctx)).catch(
      (e: unknown) => e,
    )
    expect(error).toBeInstanceOf(NetworkException)
    expect(error).toBeInstanceOf(DataException)
    expect((error as Error).message).toContain(`topic ${topic} partition 3 offset 17`)
    expect((error as Error).message).toContain('ECONNREFUSED')
  })

  it('reports a registry that does not answer as a RetriableException after the read timeout', async () => {
    const { createServer } = await import('node:net')
    const silent = createServer(() => {})
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve))
    const port = (silent.address() as { port: number }).port
    try {
      const topic = topicName('avro-silent')
      const slow = converter({ 'schema.registry.url': `http://127.0.0.1:${port}`, 'http.read.timeout.ms': '200' })
      const error = await Promise.resolve(slow.toConnectData(topic, null, Uint8Array.of(0, 0, 0, 0, 1, 2), ctx)).catch(
        (e: unknown) => e,
      )
      expect(error).toBeInstanceOf(RetriableException)
      expect((error as Error).message).toContain(`topic ${topic} partition 3 offset 17`)
    } finally {
      silent.close()
    }
  })

  it('fails over to the next registry URL when the first cannot be reached', async () => {
    const topic = topicName('avro-failover')
    const c2 = converter({ 'schema.registry.url': `http://127.0.0.1:1,${open}` })
    const bytes = (await c2.fromConnectData(topic, null, Schemas.STRING, 'via second'))!
    expect((await c2.toConnectData(topic, null, bytes, ctx)).value).toBe('via second')
  })
})
