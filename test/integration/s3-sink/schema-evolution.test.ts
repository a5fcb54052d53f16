/**
 * The seed's schema evolution: Order v1, then v2 (a `currency` field with default "USD"), registered
 * in the Schema Registry as the seed's producer registers them, produced in Confluent's wire format,
 * read by the AvroConverter and written to Parquet. The files split as `schema.compatibility` says,
 * and DuckDB reads them all together with `union_by_name`.
 */
import avro from 'avsc'
import { beforeAll, describe, expect, it } from 'vitest'
import { FormatClass } from '../../../functions/s3-sink/config.js'
import { createTopics, KafkaProducer } from '../../../layers/runtime/kafka/client.js'
import { topicName } from '../../support/names.js'
import { endpoints, requireServices } from '../../support/services.js'
import {
  createBucket,
  createOffsetsTable,
  Duck,
  dataKeys,
  kafka,
  pad,
  runConnector,
  s3Config,
  sqlList,
} from './fixture.js'

requireServices('kafka', 'moto', 'registry')

// the seed's schemas, verbatim
const ORDER_V1 = {
  type: 'record',
  name: 'Order',
  fields: [
    { name: 'id', type: 'string' },
    { name: 'amount', type: 'double' },
    { name: 'status', type: 'string' },
  ],
}
const ORDER_V2 = {
  type: 'record',
  name: 'Order',
  fields: [
    { name: 'id', type: 'string' },
    { name: 'amount', type: 'double' },
    { name: 'status', type: 'string' },
    { name: 'currency', type: 'string', default: 'USD' },
  ],
}

async function register(subject: string, schema: object): Promise<number> {
  const res = await fetch(`${endpoints.registry.url}/subjects/${encodeURIComponent(subject)}/versions`, {
    method: 'POST',
    headers: { 'content-type': 'application/vnd.schemaregistry.v1+json' },
    body: JSON.stringify({ schema: JSON.stringify(schema) }),
  })
  if (!res.ok) throw new Error(`registering ${subject}: HTTP ${res.status} ${await res.text()}`)
  return ((await res.json()) as { id: number }).id
}

/** Confluent's wire format: magic byte 0, the schema id (4 bytes, big-endian), the Avro binary. */
function wire(id: number, type: avro.Type, value: object): Buffer {
  const header = Buffer.alloc(5)
  header.writeInt32BE(id, 1)
  return Buffer.concat([header, type.toBuffer(value)])
}

interface Order {
  id: string
  amount: number
  status: string
  currency?: string
}

/** v1 orders 0-9, v2 orders 10-19 (in EUR), then v1 orders 20-24 from a producer not yet upgraded. */
async function produceOrders(topic: string): Promise<void> {
  const subject = `${topic}-value`
  const v1 = await register(subject, ORDER_V1)
  const v2 = await register(subject, ORDER_V2)
  const t1 = avro.Type.forSchema(ORDER_V1 as avro.Schema)
  const t2 = avro.Type.forSchema(ORDER_V2 as avro.Schema)
  const order = (i: number): Order => ({ id: `o-${pad(i, 2)}`, amount: i + 0.5, status: i % 2 === 0 ? 'NEW' : 'PAID' })
  const values = [
    ...Array.from({ length: 10 }, (_, i) => wire(v1, t1, order(i))),
    ...Array.from({ length: 10 }, (_, i) => wire(v2, t2, { ...order(10 + i), currency: 'EUR' })),
    ...Array.from({ length: 5 }, (_, i) => wire(v1, t1, order(20 + i))),
  ]
  const producer = new KafkaProducer(kafka)
  await producer.send(values.map((value) => ({ topic, partition: 0, key: null, value, headers: [] })))
  await producer.close()
}

let table: string
beforeAll(async () => {
  table = await createOffsetsTable()
})

async function run(compatibility: string): Promise<{ topic: string; keys: string[]; rows: Record<string, unknown>[] }> {
  const topic = topicName(`s3-orders-${compatibility}`)
  await createTopics(kafka, [{ name: topic, partitions: 1 }])
  await produceOrders(topic)
  const bucket = await createBucket('s3-evolution')
  await runConnector({
    name: `${topic}-sink`,
    topics: [topic],
    table,
    config: s3Config(bucket, {
      'format.class': FormatClass.PARQUET,
      'flush.size': '100',
      'schema.compatibility': compatibility,
      'value.converter': 'io.confluent.connect.avro.AvroConverter',
      'value.converter.schema.registry.url': endpoints.registry.url,
    }),
    until: [{ topic, partition: 0, next: 25 }],
  })
  const keys = await dataKeys(bucket)
  const duck = await Duck.open()
  try {
    const paths = await duck.download(bucket, keys)
    const rows = await duck.rows(
      `select id, amount, status, currency, parse_filename(filename) as file
       from read_parquet(${sqlList(paths)}, union_by_name = true, filename = true) order by id`,
    )
    return { topic, keys, rows }
  } finally {
    duck.close()
  }
}

const file = (topic: string, offset: number) => `topics/${topic}/partition=0/${topic}+0+${pad(offset)}.snappy.parquet`

describe('Order v1 then v2 (the seed\u2019s schema evolution) into Parquet', () => {
  it('BACKWARD: v2 starts a second file and the late v1 orders are projected onto it with currency USD', async () => {
    const { topic, keys, rows } = await run('BACKWARD')
    expect(keys).toEqual([file(topic, 0), file(topic, 10)])
    expect(rows).toHaveLength(25)
    const currency = (from: number, to: number) => rows.slice(from, to).map((r) => r['currency'])
    expect(currency(0, 10)).toEqual(Array(10).fill(null))
    expect(currency(10, 20)).toEqual(Array(10).fill('EUR'))
    expect(currency(20, 25)).toEqual(Array(5).fill('USD'))
    expect(rows[20]).toMatchObject({ id: 'o-20', amount: 20.5, status: 'NEW' })
    expect(new Set(rows.slice(10).map((r) => String(r['file']).replace(/^\d+-/, '')))).toEqual(
      new Set([`${topic}+0+${pad(10)}.snappy.parquet`]),
    )
  })

  it('NONE: each change of schema starts a file, and DuckDB reads v1 and v2 files together', async () => {
    const { topic, keys, rows } = await run('NONE')
    expect(keys).toEqual([file(topic, 0), file(topic, 10), file(topic, 20)])
    expect(rows.map((r) => r['currency'])).toEqual([
      ...Array(10).fill(null),
      ...Array(10).fill('EUR'),
      ...Array(5).fill(null),
    ])
    expect(rows.map((r) => r['id'])).toEqual(Array.from({ length: 25 }, (_, i) => `o-${pad(i, 2)}`))
  })
})
