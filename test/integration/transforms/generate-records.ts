/**
 * Seeded records for the transform differential test: sink and source records with keys and values of
 * every shape the transforms meet (an `orders`-like struct whose field types vary, schemaless maps of
 * every Java class, random schemas and schemaless values, nested structs, tombstones), headers, topics
 * and timestamps (sometimes null). Field names the scenarios configure (`id`, `email`, `amount`, `ts`,
 * `count`, `address`, …) are present more often than not, with types that sometimes do not fit.
 */
import { ConnectDate, ConnectTime, ConnectTimestamp, Decimal } from '../../../layers/runtime/data/logical.js'
import { type Schema, SchemaBuilder, Schemas } from '../../../layers/runtime/data/schema.js'
import { Struct } from '../../../layers/runtime/data/struct.js'
import { BigDecimal, Float32, Int8, Int16, Int32, Type } from '../../../layers/runtime/data/values.js'
import type { Header } from '../../../layers/runtime/record/headers.js'
import { type ConnectRecord, SinkRecord, SourceRecord } from '../../../layers/runtime/record/record.js'
import { JavaDateFormat } from '../../../layers/transforms/java-date-format.js'
import { generateSchema, generateSchemaless, generateValue, pick, type Rng, randomInt } from '../../support/generate.js'

/** The pattern string timestamps are written in, and the scenarios parse them with. */
export const TIMESTAMP_TEXT_FORMAT = 'yyyy-MM-dd HH:mm:ss'
const textFormat = new JavaDateFormat(TIMESTAMP_TEXT_FORMAT)

const TOPICS = ['orders', 'orders.v1', 'lake-orders', 'payments', 'x']
const HEADER_KEYS = ['h1', 'skip', 'trace', 'dup', 'source']

const chance = (rng: Rng, p: number) => rng() < p

function randomMillis(rng: Rng): number {
  const roll = rng()
  if (roll < 0.1) return pick(rng, [0, -1, 86_400_000, -86_400_000, 951_782_400_000, 1_704_067_199_999])
  if (roll < 0.8) return randomInt(rng, 0, 2_000_000_000_000)
  return randomInt(rng, -62_135_596_800_000, 253_402_300_799_999)
}

/** Epoch millis (or seconds) within ±8.64e12, so that even read as seconds they fit a JavaScript Date. */
function unixTime(rng: Rng): number {
  return chance(rng, 0.2) ? pick(rng, [0, -1, 1, 86_400_000]) : randomInt(rng, -8_640_000_000_000, 8_640_000_000_000)
}

/** A timestamp string: mostly in the scenarios' format, sometimes rolling over, sometimes not a date. */
function timestampText(rng: Rng): string {
  const roll = rng()
  if (roll < 0.7) return textFormat.format(randomInt(rng, -2_000_000_000_000, 4_000_000_000_000))
  if (roll < 0.85)
    return `20${randomInt(rng, 10, 30)}-${randomInt(rng, 0, 14)}-${randomInt(rng, 0, 40)} ${randomInt(rng, 0, 30)}:${randomInt(rng, 0, 70)}:${randomInt(rng, 0, 70)}`
  return pick(rng, ['', 'not a date', '2024-02-30', '12:00', '2024-01-01T00:00:00Z'])
}

// --- the orders-like struct ---------------------------------------------------------------------------

const ADDRESS = SchemaBuilder.struct()
  .name('orders.Address')
  .field('street', Schemas.STRING)
  .field('city', Schemas.OPTIONAL_STRING)
  .field('zip', Schemas.INT32)
  .build()
const OPTIONAL_ADDRESS = SchemaBuilder.struct()
  .name('orders.Address')
  .optional()
  .field('street', Schemas.STRING)
  .field('city', Schemas.OPTIONAL_STRING)
  .field('zip', SchemaBuilder.int32().optional().defaultValue(1000).build())
  .build()

function tsSchema(rng: Rng): Schema {
  return pick(rng, [
    ConnectTimestamp.schema(),
    ConnectTimestamp.builder().optional().build(),
    ConnectTimestamp.builder().optional().defaultValue(new Date(0)).build(),
    Schemas.INT64,
    Schemas.OPTIONAL_INT64,
    Schemas.STRING,
    Schemas.OPTIONAL_STRING,
    ConnectDate.schema(),
    ConnectTime.builder().optional().build(),
    Schemas.INT32,
  ])
}

/** An orders-like struct schema; its field types vary from record to record, as schemas evolve. */
function ordersSchema(rng: Rng): Schema {
  const builder = SchemaBuilder.struct()
  if (chance(rng, 0.7)) builder.name('orders.Value')
  if (chance(rng, 0.1)) builder.version(randomInt(rng, 1, 3))
  if (chance(rng, 0.1)) builder.optional()
  builder.field('id', pick(rng, [Schemas.INT64, Schemas.INT64, Schemas.OPTIONAL_INT64, Schemas.STRING, Schemas.INT32]))
  if (chance(rng, 0.9)) builder.field('customer', pick(rng, [Schemas.STRING, Schemas.OPTIONAL_STRING]))
  if (chance(rng, 0.8)) {
    builder.field(
      'email',
      pick(rng, [
        Schemas.STRING,
        Schemas.OPTIONAL_STRING,
        SchemaBuilder.string().optional().defaultValue('x@y').build(),
      ]),
    )
  }
  if (chance(rng, 0.9)) {
    builder.field(
      'amount',
      pick(rng, [
        Decimal.schema(2),
        Decimal.builder(2).optional().build(),
        Schemas.FLOAT64,
        Schemas.FLOAT32,
        Schemas.INT32,
        Schemas.STRING,
      ]),
    )
  }
  if (chance(rng, 0.9)) builder.field('ts', tsSchema(rng))
  if (chance(rng, 0.6)) {
    builder.field(
      'count',
      pick(rng, [
        SchemaBuilder.int32().optional().defaultValue(3).build(),
        Schemas.INT16,
        Schemas.INT8,
        Schemas.OPTIONAL_INT64,
      ]),
    )
  }
  if (chance(rng, 0.5)) builder.field('flag', pick(rng, [Schemas.BOOLEAN, Schemas.OPTIONAL_BOOLEAN, Schemas.BYTES]))
  if (chance(rng, 0.5)) builder.field('address', pick(rng, [ADDRESS, OPTIONAL_ADDRESS]))
  if (chance(rng, 0.4)) builder.field('tags', SchemaBuilder.array(Schemas.STRING).optional().build())
  if (chance(rng, 0.3)) builder.field('extra', generateSchema(rng, { maxDepth: 2 }))
  return builder.build()
}

function ordersStruct(rng: Rng): { schema: Schema; value: Struct | null } {
  const schema = ordersSchema(rng)
  const value = generateValue(rng, schema) as Struct | null
  if (value === null) return { schema, value }
  const ts = schema.field('ts')
  if (
    ts !== undefined &&
    ts.schema.type === Type.STRING &&
    ts.schema.name === null &&
    value.getWithoutDefault('ts') !== null
  ) {
    value.put('ts', timestampText(rng))
  }
  if (
    ts !== undefined &&
    ts.schema.type === Type.INT64 &&
    ts.schema.name === null &&
    value.getWithoutDefault('ts') !== null
  ) {
    // Unix times a JavaScript Date can hold in every precision (docs/divergences.md)
    value.put('ts', BigInt(unixTime(rng)))
  }
  return { schema, value }
}

// --- schemaless maps ---------------------------------------------------------------------------------

function schemalessScalar(rng: Rng): unknown {
  return pick(rng, [
    () => new Int32(randomInt(rng, -1000, 1000)),
    () => BigInt(randomInt(rng, -1_000_000, 1_000_000)),
    () => randomInt(rng, -1000, 1000) / 8,
    () => new Int8(randomInt(rng, -128, 127)),
    () => new Int16(randomInt(rng, -1000, 1000)),
    () => new Float32(randomInt(rng, -1000, 1000) / 4),
    () => String(randomInt(rng, -1000, 1000)),
    () => pick(rng, ['true', 'yes', '1.5', '', 'x@y.com']),
    () => chance(rng, 0.5),
    () => new BigDecimal(BigInt(randomInt(rng, -100000, 100000)), 2),
    () => new Date(randomMillis(rng)),
    () => null,
    () => generateSchemaless(rng, { maxDepth: 1 }),
  ])()
}

function ordersMap(rng: Rng): Map<unknown, unknown> {
  const map = new Map<unknown, unknown>()
  map.set('id', chance(rng, 0.6) ? BigInt(randomInt(rng, 1, 1_000_000)) : schemalessScalar(rng))
  if (chance(rng, 0.9)) map.set('customer', `customer-${randomInt(rng, 1, 999)}`)
  if (chance(rng, 0.7))
    map.set('email', chance(rng, 0.8) ? `user${randomInt(rng, 1, 99)}@example.com` : schemalessScalar(rng))
  if (chance(rng, 0.8)) map.set('amount', schemalessScalar(rng))
  if (chance(rng, 0.85)) {
    map.set(
      'ts',
      pick(rng, [
        () => new Date(randomMillis(rng)),
        () => BigInt(unixTime(rng)),
        () => timestampText(rng),
        () => new Int32(randomInt(rng, 0, 1000)),
        () => null,
      ])(),
    )
  }
  if (chance(rng, 0.5)) map.set('count', new Int32(randomInt(rng, -5, 50)))
  if (chance(rng, 0.4)) map.set('flag', chance(rng, 0.5))
  if (chance(rng, 0.4)) {
    map.set(
      'address',
      new Map<unknown, unknown>([
        ['street', 'Main St'],
        ['zip', new Int32(randomInt(rng, 1000, 9999))],
        [
          'geo',
          new Map<unknown, unknown>([
            ['lat', 1.5],
            ['lon', schemalessScalar(rng)],
          ]),
        ],
      ]),
    )
  }
  if (chance(rng, 0.3)) map.set('tags', ['a', schemalessScalar(rng)])
  if (chance(rng, 0.2)) map.set(`extra${randomInt(rng, 0, 3)}`, generateSchemaless(rng, { maxDepth: 2 }))
  return map
}

// --- keys, values, headers ---------------------------------------------------------------------------

interface Part {
  readonly schema: Schema | null
  readonly value: unknown
}

const KEY_SCHEMA = SchemaBuilder.struct().name('orders.Key').field('id', Schemas.INT64).build()

function key(rng: Rng): Part {
  const roll = rng()
  if (roll < 0.2) return { schema: null, value: null }
  if (roll < 0.4) {
    const schema = pick(rng, [
      Schemas.INT64,
      Schemas.STRING,
      Schemas.OPTIONAL_INT32,
      Schemas.FLOAT64,
      ConnectTimestamp.schema(),
    ])
    return withUnixTime(rng, {
      schema,
      value: schema === Schemas.STRING ? timestampText(rng) : generateValue(rng, schema),
    })
  }
  if (roll < 0.6)
    return { schema: KEY_SCHEMA, value: new Struct(KEY_SCHEMA).put('id', BigInt(randomInt(rng, 1, 1_000_000))) }
  if (roll < 0.8) {
    const value = chance(rng, 0.6) ? new Map<unknown, unknown>([['id', schemalessScalar(rng)]]) : schemalessScalar(rng)
    return withUnixTime(rng, { schema: null, value })
  }
  const schema = generateSchema(rng, { maxDepth: 2 })
  return withUnixTime(rng, { schema, value: generateValue(rng, schema) })
}

/** A whole int64 key or value that TimestampConverter may read as Unix time: one a JavaScript Date can hold. */
function withUnixTime(rng: Rng, part: Part): Part {
  return typeof part.value === 'bigint' ? { schema: part.schema, value: BigInt(unixTime(rng)) } : part
}

function nestedStruct(rng: Rng): Part {
  for (;;) {
    const schema = generateSchema(rng, { maxDepth: 3, structDefaults: chance(rng, 0.3) })
    if (schema.type === Type.STRUCT) return { schema, value: generateValue(rng, schema) }
  }
}

function value(rng: Rng): Part {
  const roll = rng()
  if (roll < 0.04) return { schema: null, value: null }
  if (roll < 0.08) {
    const schema = ordersSchema(rng)
    return { schema: SchemaBuilder.from(schema).optional().build(), value: null }
  }
  if (roll < 0.45) return ordersStruct(rng)
  if (roll < 0.65) return { schema: null, value: ordersMap(rng) }
  if (roll < 0.77) {
    const schema = generateSchema(rng, { maxDepth: 3 })
    return withUnixTime(rng, { schema, value: generateValue(rng, schema) })
  }
  if (roll < 0.87) return withUnixTime(rng, { schema: null, value: generateSchemaless(rng, { maxDepth: 3 }) })
  if (roll < 0.93) {
    const schema = tsSchema(rng)
    const v = schema.type === Type.STRING ? timestampText(rng) : generateValue(rng, schema)
    return withUnixTime(rng, { schema, value: v })
  }
  return nestedStruct(rng)
}

function headers(rng: Rng): Header[] {
  const out: Header[] = []
  const n = pick(rng, [0, 0, 1, 1, 2, 3])
  for (let i = 0; i < n; i++) {
    const k = pick(rng, HEADER_KEYS)
    const roll = rng()
    if (roll < 0.4) out.push({ key: k, schema: Schemas.STRING, value: `v${randomInt(rng, 0, 9)}` })
    else if (roll < 0.6) out.push({ key: k, schema: Schemas.INT32, value: randomInt(rng, -5, 5) })
    else if (roll < 0.75) out.push({ key: k, schema: null, value: null })
    else out.push({ key: k, schema: null, value: schemalessScalar(rng) })
  }
  return out
}

/** One record: sink mostly, source sometimes, every part random. */
export function generateRecord(rng: Rng): ConnectRecord {
  const k = key(rng)
  const v = value(rng)
  const timestamp = chance(rng, 0.1) ? null : randomMillis(rng)
  const fields = {
    topic: pick(rng, TOPICS),
    kafkaPartition: randomInt(rng, 0, 5),
    keySchema: k.schema,
    key: k.value,
    valueSchema: v.schema,
    value: v.value,
    timestamp,
    headers: headers(rng),
  }
  if (chance(rng, 0.12)) {
    return new SourceRecord({
      ...fields,
      topic: chance(rng, 0.1) ? null : fields.topic,
      kafkaPartition: chance(rng, 0.3) ? null : fields.kafkaPartition,
    })
  }
  return new SinkRecord({ ...fields, kafkaOffset: randomInt(rng, 0, 1_000_000) })
}
