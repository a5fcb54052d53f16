/**
 * One struct schema holding every Connect type the S3 sink formats must write (logical types,
 * optional fields, nested structs, lists, maps), and rows of it with edge values: int64 past 2^53, a
 * 1965 timestamp, decimal extremes and zero, empty strings and lists, non-ASCII text.
 */
import { ConnectDate, ConnectTime, ConnectTimestamp, Decimal } from '../../../../layers/runtime/data/logical.js'
import { type Schema, SchemaBuilder, Schemas } from '../../../../layers/runtime/data/schema.js'
import { Struct } from '../../../../layers/runtime/data/struct.js'
import { BigDecimal } from '../../../../layers/runtime/data/values.js'
import { SinkRecord } from '../../../../layers/runtime/record/record.js'

export const ADDRESS = SchemaBuilder.struct()
  .name('com.example.Address')
  .field('street', Schemas.STRING)
  .field('zip', Schemas.OPTIONAL_INT32)
  .build()

export const ORDER = SchemaBuilder.struct()
  .name('com.example.Order')
  .version(1)
  .field('id', Schemas.INT64)
  .field('i8', Schemas.INT8)
  .field('i16', Schemas.INT16)
  .field('i32', Schemas.INT32)
  .field('f32', Schemas.FLOAT32)
  .field('f64', Schemas.FLOAT64)
  .field('flag', Schemas.BOOLEAN)
  .field('name', Schemas.STRING)
  .field('blob', Schemas.BYTES)
  .field('amount', Decimal.builder(2).parameter('connect.decimal.precision', '10').build())
  .field('wide', Decimal.builder(4).parameter('connect.decimal.precision', '38').build())
  .field('big', Decimal.schema(4))
  .field('updated_at', ConnectTimestamp.schema())
  .field('day', ConnectDate.schema())
  .field('time_of_day', ConnectTime.schema())
  .field('status', Schemas.OPTIONAL_STRING)
  .field('address', ADDRESS)
  .field('billing', SchemaBuilder.struct().name('com.example.Billing').field('city', Schemas.STRING).optional().build())
  .field('tags', SchemaBuilder.array(Schemas.STRING).build())
  .field('scores', SchemaBuilder.array(Schemas.OPTIONAL_INT64).optional().build())
  .field('attrs', SchemaBuilder.map(Schemas.STRING, Schemas.INT32).build())
  .field('by_code', SchemaBuilder.map(Schemas.INT32, Schemas.STRING).build())
  .field('lines', SchemaBuilder.array(ADDRESS).build())
  .build()

export interface OrderRow {
  id: bigint
  amount: string
  big: string
  updatedAt: number
  day: number
  status: string | null
  tags: string[]
  name: string
}

const DAY = 86_400_000

export const ROWS: OrderRow[] = [
  {
    id: 9007199254740993n,
    amount: '99999999.99',
    big: '123456789012345678901234.5678',
    updatedAt: Date.UTC(2026, 10, 29, 12, 0, 0, 1),
    day: 20_786,
    status: 'NEW',
    tags: ['a', 'kraków'],
    name: '東京 ✓',
  },
  {
    id: -5n,
    amount: '-99999999.99',
    big: '-0.0001',
    updatedAt: Date.UTC(1965, 2, 7, 0, 0, 0, 1),
    day: -1_760,
    status: null,
    tags: [],
    name: '',
  },
  { id: 0n, amount: '0.00', big: '0.0000', updatedAt: 0, day: 0, status: '', tags: [''], name: '😀' },
  {
    id: 42n,
    amount: '0.29',
    big: '1.0000',
    updatedAt: Date.UTC(9999, 11, 31, 23, 59, 59, 999),
    day: 2_932_896,
    status: 'PAID',
    tags: ['x', 'y', 'z'],
    name: 'plain',
  },
]

export function orderStruct(row: OrderRow, i: number): Struct {
  const address = new Struct(ADDRESS).put('street', `Main ${i}`).put('zip', i % 2 === 0 ? 10_000 + i : null)
  const billingSchema = ORDER.field('billing')?.schema as Schema
  return new Struct(ORDER)
    .put('id', row.id)
    .put('i8', -128 + i)
    .put('i16', 32767 - i)
    .put('i32', -2147483648 + i)
    .put('f32', Math.fround(1.5 + i))
    .put('f64', 0.1 + i)
    .put('flag', i % 2 === 0)
    .put('name', row.name)
    .put('blob', Buffer.from([0, 255, i]))
    .put('amount', BigDecimal.parse(row.amount))
    .put('wide', BigDecimal.parse(row.big))
    .put('big', BigDecimal.parse(row.big))
    .put('updated_at', new Date(row.updatedAt))
    .put('day', new Date(row.day * DAY))
    .put('time_of_day', new Date(i * 3_600_000 + 123))
    .put('status', row.status)
    .put('address', address)
    .put('billing', i === 1 ? null : new Struct(billingSchema).put('city', `City ${i}`))
    .put('tags', row.tags)
    .put('scores', i === 2 ? null : [BigInt(i), null, 9007199254740993n])
    .put(
      'attrs',
      new Map([
        ['k', i],
        ['k2', -i],
      ]),
    )
    .put('by_code', new Map([[i, `code ${i}`]]))
    .put('lines', [new Struct(ADDRESS).put('street', `Line ${i}`).put('zip', null)])
}

export function orderRecords(topic = 'orders', partition = 0): SinkRecord[] {
  return ROWS.map(
    (row, i) =>
      new SinkRecord({
        topic,
        kafkaPartition: partition,
        keySchema: Schemas.STRING,
        key: `k${i}`,
        valueSchema: ORDER,
        value: orderStruct(row, i),
        kafkaOffset: i,
        timestamp: row.updatedAt,
      }),
  )
}
