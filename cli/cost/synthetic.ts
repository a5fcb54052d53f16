/**
 * Synthetic records for `connectless cost` to time: `orders` rows shaped like the seed's (`id`,
 * `user_id`, `email`, `amount`, `status`, `updated_at`, so the seed's transforms find their fields),
 * padded with a `payload` string until the converter's bytes are the size asked for. Deterministic:
 * the same arguments give the same records.
 */
import { ConnectTimestamp, Decimal } from '../../layers/runtime/data/logical.js'
import { type Schema, SchemaBuilder, Schemas } from '../../layers/runtime/data/schema.js'
import { Struct } from '../../layers/runtime/data/struct.js'
import { BigDecimal } from '../../layers/runtime/data/values.js'

export const ORDER_SCHEMA: Schema = SchemaBuilder.struct()
  .name('orders.Value')
  .field('id', Schemas.INT64)
  .field('user_id', Schemas.INT64)
  .field('email', Schemas.STRING)
  .field('amount', Decimal.schema(2))
  .field('status', Schemas.OPTIONAL_STRING)
  .field('updated_at', ConnectTimestamp.schema())
  .field('payload', Schemas.STRING)
  .build()

/** The smallest shape, for record sizes the orders shape cannot get down to. */
export const SMALL_SCHEMA: Schema = SchemaBuilder.struct()
  .name('orders.Value')
  .field('id', Schemas.INT64)
  .field('payload', Schemas.STRING)
  .build()

const STATUSES = ['new', 'paid', 'shipped', 'delivered', 'returned']
const ALPHABET = 'abcdefghijklmnopqrstuvwxyz0123456789'

/** A seeded generator (mulberry32). */
function rng(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

function text(r: () => number, length: number): string {
  let s = ''
  for (let i = 0; i < length; i++) s += ALPHABET[Math.floor(r() * ALPHABET.length)]
  return s
}

/** The `i`th record of `schema` with `payload`. */
export function syntheticValue(schema: Schema, i: number, payload: string): Struct {
  const id = 1_000_000n + BigInt(i)
  const value = new Struct(schema).put('id', id).put('payload', payload)
  if (schema === SMALL_SCHEMA) return value
  const r = rng(i)
  return value
    .put('user_id', 10_000n + BigInt(Math.floor(r() * 90_000)))
    .put('email', `user${i}@example.com`)
    .put('amount', new BigDecimal(BigInt(Math.floor(r() * 10_000_000)), 2))
    .put('status', STATUSES[i % STATUSES.length]!)
    .put('updated_at', new Date(1_764_547_200_000 + i * 1000))
}

/** Encodes a value as the connector's converter would write it; null for a value it writes as null. */
export type Encode = (schema: Schema, value: Struct) => Promise<Uint8Array | null>

export interface SyntheticRecords {
  readonly schema: Schema
  readonly values: readonly Struct[]
  /** The encoded values, each as close to the size asked for as the shape allows. */
  readonly bytes: readonly Uint8Array[]
  /** The mean encoded size. */
  readonly meanBytes: number
}

/**
 * `count` records whose encoded size is `targetBytes` where a shape allows it: the orders shape, else
 * the small one, padded; where even the small one is larger, it is used unpadded (`meanBytes` says so).
 */
export async function syntheticRecords(encode: Encode, targetBytes: number, count: number): Promise<SyntheticRecords> {
  let schema = SMALL_SCHEMA
  for (const candidate of [ORDER_SCHEMA, SMALL_SCHEMA]) {
    const probe = await encode(candidate, syntheticValue(candidate, 0, ''))
    if (probe !== null && probe.length <= targetBytes) {
      schema = candidate
      break
    }
  }
  const values: Struct[] = []
  const bytes: Uint8Array[] = []
  let total = 0
  for (let i = 0; i < count; i++) {
    const bare = (await encode(schema, syntheticValue(schema, i, ''))) ?? new Uint8Array(0)
    const value = syntheticValue(schema, i, text(rng(i + 1), Math.max(0, targetBytes - bare.length)))
    const encoded = (await encode(schema, value)) ?? new Uint8Array(0)
    values.push(value)
    bytes.push(encoded)
    total += encoded.length
  }
  return { schema, values, bytes, meanBytes: count === 0 ? 0 : total / count }
}
