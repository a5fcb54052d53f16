/**
 * AvroConverter throughput: records/s of `fromConnectData` (encode) and `toConnectData` (decode) on
 * the 1 KB `orders` record of shared/research/performance-anchors.md, warm, with the registry
 * answered from memory so that only the converter is measured (every schema id is cached after the
 * first record anyway).
 *
 *   npx tsx bench/avro.ts            # 100,000 records
 *   npx tsx bench/avro.ts --quick    # 20,000 records
 */
import { performance } from 'node:perf_hooks'
import { AvroConverter } from '../layers/runtime/converters/avro/avro-converter.js'
import { Struct } from '../layers/runtime/data/struct.js'
import { BigDecimal } from '../layers/runtime/data/values.js'
import { type RegisteredSchema, SchemaRegistryClient } from '../layers/runtime/schema-registry/client.js'
import { ADDRESS, CITIES, ORDER, rng, STATUSES, text } from './converters.js'

// the 1 KB orders record of the JsonConverter bench, so both benches measure the same data
/** `count` orders; the payload pads each to about 1 KB of data. */
function orders(count: number): Struct[] {
  const r = rng(42)
  const out: Struct[] = []
  for (let i = 0; i < count; i++) {
    const address = new Struct(ADDRESS)
      .put('street', `${Math.floor(r() * 999)} ${text(r, 12)} street`)
      .put('city', CITIES[i % CITIES.length]!)
      .put('zip', Math.floor(r() * 99999))
    out.push(
      new Struct(ORDER)
        .put('id', 1_000_000n + BigInt(i))
        .put('customer', `customer-${text(r, 10)}`)
        .put('amount', new BigDecimal(BigInt(Math.floor(r() * 1_000_000)), 2))
        .put('status', r() < 0.1 ? null : STATUSES[i % STATUSES.length]!)
        .put('updated_at', new Date(1_700_000_000_000 + i * 1000))
        .put('email', `user${i}@example.com`)
        .put('address', address)
        .put('tags', ['a', text(r, 6), text(r, 4)])
        .put('payload', text(r, 800)),
    )
  }
  return out
}

/** A registry that answers from memory. */
class MemoryRegistry extends SchemaRegistryClient {
  private readonly schemas: RegisteredSchema[] = []
  constructor() {
    super({ urls: ['http://unused.invalid'] })
  }
  override async register(_subject: string, schema: RegisteredSchema): Promise<number> {
    const found = this.schemas.findIndex((s) => s.schema === schema.schema)
    if (found >= 0) return found + 1
    this.schemas.push(schema)
    return this.schemas.length
  }
  override async getSchemaById(id: number): Promise<RegisteredSchema> {
    return this.schemas[id - 1]!
  }
  override async getVersion(): Promise<number> {
    return 1
  }
}

async function main(): Promise<void> {
  const count = process.argv.includes('--quick') ? 20_000 : 100_000
  // 10,000 distinct records, cycled: a Lambda batch's worth, so the heap stays the size a batch has
  const distinct = 10_000
  const values = orders(distinct)
  const converter = new AvroConverter(new MemoryRegistry())
  converter.configure({ 'schema.registry.url': 'http://unused.invalid' }, false)

  // warm-up, which also registers and caches the schema
  const encoded: Uint8Array[] = []
  for (const v of values) encoded.push((await converter.fromConnectData('orders', null, ORDER, v))!)
  for (const bytes of encoded) await converter.toConnectData('orders', null, bytes)

  let t = performance.now()
  for (let i = 0; i < count; i++) {
    const r = converter.fromConnectData('orders', null, ORDER, values[i % distinct])
    if (r instanceof Promise) await r
  }
  const encodeMs = performance.now() - t
  const bytes = encoded.reduce((n, b) => n + b.length, 0) / distinct

  t = performance.now()
  for (let i = 0; i < count; i++) {
    const r = converter.toConnectData('orders', null, encoded[i % distinct]!)
    if (r instanceof Promise) await r
  }
  const decodeMs = performance.now() - t

  const rate = (ms: number) => Math.round(count / (ms / 1000)).toLocaleString('en-US')
  console.log(
    `AvroConverter, ${count.toLocaleString('en-US')} orders records of ${Math.round(bytes)} bytes (Avro), warm`,
  )
  console.log(`| operation | records/s | µs/record |`)
  console.log(`| --- | --- | --- |`)
  console.log(`| fromConnectData (encode) | ${rate(encodeMs)} | ${((encodeMs * 1000) / count).toFixed(2)} |`)
  console.log(`| toConnectData (decode) | ${rate(decodeMs)} | ${((decodeMs * 1000) / count).toFixed(2)} |`)
  converter.close()
}

await main()
