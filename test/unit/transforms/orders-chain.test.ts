// The seed's orders-with-timestamp chain (shared/spec/connectors/orders-with-timestamp.json): InsertField
// adds the record timestamp as event_time, MaskField masks email with a custom replacement, ReplaceField
// renames id and user_id. Applied to an orders row as the JDBC source produces it (topic db-orders).
import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { ConnectTimestamp, Decimal } from '../../../layers/runtime/data/logical.js'
import { SchemaBuilder, Schemas } from '../../../layers/runtime/data/schema.js'
import { Struct } from '../../../layers/runtime/data/struct.js'
import { BigDecimal } from '../../../layers/runtime/data/values.js'
import type { SourceRecord } from '../../../layers/runtime/record/record.js'
import { recordFromJson, recordToJson } from '../../../layers/runtime/record/record-json.js'
import { buildTransformationChain } from '../../../layers/transforms/build-chain.js'
import { map, sourceRecord } from './records.js'

function seed(name: string): Record<string, string> {
  const text = readFileSync(new URL(`../../../../shared/spec/connectors/${name}`, import.meta.url), 'utf8')
  return (JSON.parse(text) as { config: Record<string, string> }).config
}

const ORDERS = SchemaBuilder.struct()
  .name('orders')
  .field('id', Schemas.INT32)
  .field('user_id', Schemas.INT32)
  .field('email', Schemas.OPTIONAL_STRING)
  .field('amount', Decimal.builder(2).optional().build())
  .field('status', Schemas.STRING)
  .build()

function order(email: string | null): Struct {
  return new Struct(ORDERS)
    .put('id', 1001)
    .put('user_id', 42)
    .put('email', email)
    .put('amount', new BigDecimal(1999n, 2))
    .put('status', 'NEW')
}

const TIMESTAMP = Date.UTC(2024, 4, 1, 12, 30)

describe("the seed's orders-with-timestamp chain", () => {
  it('adds event_time, masks email and renames id and user_id on an orders row', async () => {
    const chain = await buildTransformationChain<SourceRecord>(seed('orders-with-timestamp.json'))
    expect(chain.stages.map((s) => s.alias)).toEqual(['addTimestamp', 'maskEmail', 'renameField'])

    const out = chain.apply(sourceRecord('db-orders', null, null, null, ORDERS, order('jane@example.com'), TIMESTAMP))!
    const schema = out.valueSchema!
    expect(schema.name).toBe('orders')
    expect(schema.fields.map((f) => f.name)).toEqual([
      'order_id',
      'customer_id',
      'email',
      'amount',
      'status',
      'event_time',
    ])
    expect(schema.field('event_time')!.schema).toEqual(ConnectTimestamp.builder().optional().build())
    const value = out.value as Struct
    expect(value.get('order_id')).toBe(1001)
    expect(value.get('customer_id')).toBe(42)
    expect(value.get('email')).toBe('****@****.com')
    expect(value.get('amount')).toEqual(new BigDecimal(1999n, 2))
    expect(value.get('status')).toBe('NEW')
    expect(value.get('event_time')).toEqual(new Date(TIMESTAMP))
    expect(out.topic).toBe('db-orders')
    expect(out.timestamp).toBe(TIMESTAMP)
  })

  it('writes the record JSON a Connect worker would show for it', async () => {
    const chain = await buildTransformationChain(seed('orders-with-timestamp.json'))
    const input = recordFromJson({
      recordType: 'source',
      topic: 'db-orders',
      partition: null,
      timestamp: TIMESTAMP,
      valueSchema: {
        type: 'struct',
        optional: false,
        name: 'orders',
        fields: [
          { field: 'id', type: 'int32', optional: false },
          { field: 'user_id', type: 'int32', optional: false },
          { field: 'email', type: 'string', optional: true },
        ],
      },
      value: { id: 7, user_id: 3, email: 'a@b.c' },
    })
    const out = recordToJson(chain.apply(input)!)
    expect(out['value']).toEqual({ order_id: 7, customer_id: 3, email: '****@****.com', event_time: TIMESTAMP })
    expect(out['valueSchema']).toEqual({
      type: 'struct',
      optional: false,
      name: 'orders',
      fields: [
        { field: 'order_id', type: 'int32', optional: false },
        { field: 'customer_id', type: 'int32', optional: false },
        { field: 'email', type: 'string', optional: true },
        {
          field: 'event_time',
          type: 'int64',
          optional: true,
          name: 'org.apache.kafka.connect.data.Timestamp',
          version: 1,
        },
      ],
    })
  })

  it('leaves a null email null, and passes a tombstone through the insert but not the mask', async () => {
    const chain = await buildTransformationChain<SourceRecord>(seed('orders-with-timestamp.json'))
    const out = chain.apply(sourceRecord('db-orders', null, null, null, ORDERS, order(null), TIMESTAMP))!
    expect((out.value as Struct).get('email')).toBeNull()
    // MaskField has no tombstone pass-through in Kafka: a deleted row fails the chain
    expect(() => chain.apply(sourceRecord('db-orders', null, null, null, ORDERS, null, TIMESTAMP))).toThrow(
      'Only Struct objects supported for [mask fields], found: null',
    )
  })

  it('works on schemaless rows too', async () => {
    const chain = await buildTransformationChain<SourceRecord>(seed('orders-with-timestamp.json'))
    const row = map({ id: 1, user_id: 2, email: 'x@y.z' })
    const out = chain.apply(sourceRecord('db-orders', null, null, null, null, row, TIMESTAMP))!
    expect(out.value).toEqual(
      map({ order_id: 1, customer_id: 2, email: '****@****.com', event_time: BigInt(TIMESTAMP) }),
    )
  })
})
