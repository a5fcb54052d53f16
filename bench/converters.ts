/**
 * Converter throughput: records/s of our JsonConverter (toConnectData + fromConnectData per record) on
 * the 1 KB `orders` record of shared/research/performance-anchors.md, schemas on and off, cold (the
 * first 10,000 records in a fresh process) and warm (after a warm-up), beside Kafka's own JsonConverter
 * on the same bytes in the JVM (the Java harness's `json.bench` op).
 *
 *   npm run bench:converters            # the table
 *   npm run bench:converters -- --quick # fewer warm records
 *
 * (Internal: `--cold <file> <config-json>` is the child process that measures one cold run.)
 */
import { execFileSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { performance } from 'node:perf_hooks'
import { JsonConverter } from '../layers/runtime/converters/json/json-converter.js'
import { ConnectTimestamp, Decimal } from '../layers/runtime/data/logical.js'
import { type Schema, SchemaBuilder, Schemas } from '../layers/runtime/data/schema.js'
import { Struct } from '../layers/runtime/data/struct.js'
import { BigDecimal } from '../layers/runtime/data/values.js'
import { startJavaHarness } from '../test/support/java-harness.js'

const COLD_RECORDS = 10_000

// --- the orders workload ----------------------------------------------------------------------------

export const ADDRESS = SchemaBuilder.struct()
  .name('orders.Address')
  .field('street', Schemas.STRING)
  .field('city', Schemas.STRING)
  .field('zip', Schemas.INT32)
  .build()
export const ORDER: Schema = SchemaBuilder.struct()
  .name('orders.Value')
  .field('id', Schemas.INT64)
  .field('customer', Schemas.STRING)
  .field('amount', Decimal.schema(2))
  .field('status', Schemas.OPTIONAL_STRING)
  .field('updated_at', ConnectTimestamp.schema())
  .field('email', Schemas.STRING)
  .field('address', ADDRESS)
  .field('tags', SchemaBuilder.array(Schemas.STRING).build())
  .field('payload', Schemas.STRING)
  .build()

export const STATUSES = ['new', 'paid', 'shipped', 'delivered', 'returned']
export const CITIES = ['Lisbon', 'Oslo', 'Kraków', 'Montréal', 'Osaka', 'Austin']

/** A deterministic pseudo-random generator (mulberry32). */
export function rng(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

export function text(r: () => number, length: number): string {
  const alphabet = 'abcdefghijklmnopqrstuvwxyz0123456789 '
  let s = ''
  for (let i = 0; i < length; i++) s += alphabet[Math.floor(r() * alphabet.length)]
  return s
}

interface Workload {
  readonly withSchemas: Buffer[]
  readonly schemaless: Buffer[]
}

/** `count` orders as JsonConverter envelopes, and their schemaless twins padded to exactly 1,024 bytes. */
export function ordersWorkload(count: number): Workload {
  const r = rng(42)
  const withSchema = new JsonConverter()
  withSchema.configure({}, false)
  const without = new JsonConverter()
  without.configure({ 'schemas.enable': 'false' }, false)
  const withSchemas: Buffer[] = []
  const schemaless: Buffer[] = []
  for (let i = 0; i < count; i++) {
    const id = 1_000_000n + BigInt(i)
    const address = new Struct(ADDRESS)
      .put('street', `${Math.floor(r() * 999)} ${text(r, 12)} street`)
      .put('city', CITIES[i % CITIES.length]!)
      .put('zip', Math.floor(r() * 99999))
    const base = {
      id,
      customer: `customer-${Math.floor(r() * 100000)}`,
      amount: new BigDecimal(BigInt(Math.floor(r() * 10_000_000)), 2),
      status: r() < 0.1 ? null : STATUSES[i % STATUSES.length]!,
      updatedAt: new Date(1_700_000_000_000 + i * 1000),
      email: `user${i}@example.com`,
      tags: ['alpha', 'beta', 'gamma'].slice(0, 1 + (i % 3)),
    }
    const payloadFor = (length: number) => text(rng(i), length)
    const order = (payload: string) =>
      new Struct(ORDER)
        .put('id', base.id)
        .put('customer', base.customer)
        .put('amount', base.amount)
        .put('status', base.status)
        .put('updated_at', base.updatedAt)
        .put('email', base.email)
        .put('address', address)
        .put('tags', base.tags)
        .put('payload', payload)
    const plain = (payload: string) =>
      new Map<string, unknown>([
        ['id', base.id],
        ['customer', base.customer],
        ['amount', base.amount.toString()],
        ['status', base.status],
        ['updated_at', BigInt(base.updatedAt.getTime())],
        ['email', base.email],
        [
          'address',
          new Map<string, unknown>([
            ['street', address.get('street')],
            ['city', address.get('city')],
            ['zip', BigInt(address.get('zip') as number)],
          ]),
        ],
        ['tags', base.tags],
        ['payload', payload],
      ])
    // pad the schemaless twin to exactly 1,024 bytes; the enveloped record gets the same payload
    const probe = Buffer.from(without.fromConnectData('t', null, null, plain(''))!).length
    const payload = payloadFor(1024 - probe)
    schemaless.push(Buffer.from(without.fromConnectData('t', null, null, plain(payload))!))
    withSchemas.push(Buffer.from(withSchema.fromConnectData('t', null, ORDER, order(payload))!))
  }
  return { withSchemas, schemaless }
}

// --- measuring ----------------------------------------------------------------------------------------

function cycle(converter: JsonConverter, record: Buffer): number {
  const sv = converter.toConnectData('t', null, record)
  const out = converter.fromConnectData('t', null, sv.schema, sv.value)
  return out === null ? 0 : out.length
}

interface Timing {
  /** Wall time, ms. */
  readonly ms: number
  /** The process's CPU time (every thread), ms: steadier than wall time on a busy machine. */
  readonly cpuMs: number
}

function runOurs(config: Record<string, string>, records: Buffer[], count: number): Timing {
  const converter = new JsonConverter()
  converter.configure(config, false)
  let sink = 0
  const cpu = process.cpuUsage()
  const start = performance.now()
  for (let i = 0; i < count; i++) sink += cycle(converter, records[i % records.length]!)
  const ms = performance.now() - start
  const used = process.cpuUsage(cpu)
  if (sink === 0) throw new Error('nothing converted')
  return { ms, cpuMs: (used.user + used.system) / 1000 }
}

interface Row {
  readonly name: string
  readonly oursCold: number
  readonly oursColdWall: number
  readonly oursWarm: number
  readonly oursWarmCpuUs: number
  readonly javaCold: number
  readonly javaColdWall: number
  readonly javaWarm: number
  readonly javaWarmCpuUs: number
}

/** One cold run in a fresh node process: the first 10k records, timed inside it and from the spawn. */
function coldOurs(file: string, config: Record<string, string>): { inProcess: number; wall: number } {
  const start = performance.now()
  const out = execFileSync(
    process.execPath,
    [...process.execArgv, process.argv[1]!, '--cold', file, JSON.stringify(config)],
    {
      encoding: 'utf8',
    },
  )
  const wall = performance.now() - start
  return { inProcess: Number(out.trim()), wall }
}

function rate(count: number, ms: number): number {
  return (count / ms) * 1000
}

async function main(): Promise<void> {
  const args = process.argv.slice(2)
  if (args[0] === '--cold') {
    const records = (JSON.parse(readFileSync(args[1]!, 'utf8')) as string[]).map((s) => Buffer.from(s, 'base64'))
    const config = JSON.parse(args[2]!) as Record<string, string>
    process.stdout.write(String(runOurs(config, records, COLD_RECORDS).ms))
    return
  }
  const quick = args.includes('--quick')
  const warmCount = quick ? 100_000 : 500_000
  const workload = ordersWorkload(COLD_RECORDS)
  const dir = mkdtempSync(join(tmpdir(), 'bench-converters-'))
  const rows: Row[] = []
  try {
    const cases: { name: string; config: Record<string, string>; records: Buffer[] }[] = [
      { name: 'schemas.enable=true', config: {}, records: workload.withSchemas },
      { name: 'schemas.enable=false', config: { 'schemas.enable': 'false' }, records: workload.schemaless },
    ]
    for (const c of cases) {
      const file = join(dir, `${rows.length}.json`)
      const encoded = c.records.map((b) => b.toString('base64'))
      writeFileSync(file, JSON.stringify(encoded))
      const cold = coldOurs(file, c.config)
      runOurs(c.config, c.records, warmCount / 2) // warm-up
      const warm = runOurs(c.config, c.records, warmCount)

      // the JVM: a fresh one for the cold run, then warm in the same JVM
      const spawnStart = performance.now()
      const java = await startJavaHarness()
      try {
        const first = await java.request({
          op: 'json.bench',
          config: c.config,
          records: encoded,
          count: COLD_RECORDS,
          warmup: 0,
        })
        const javaColdWall = performance.now() - spawnStart
        const javaWarm = await java.request({
          op: 'json.bench',
          config: c.config,
          records: encoded,
          count: warmCount,
          warmup: warmCount / 2,
        })
        if (!first.ok || !javaWarm.ok) {
          throw new Error(`the JVM bench failed: ${JSON.stringify(first.error ?? javaWarm.error)}`)
        }
        rows.push({
          name: c.name,
          oursCold: rate(COLD_RECORDS, cold.inProcess),
          oursColdWall: cold.wall,
          oursWarm: rate(warmCount, warm.ms),
          oursWarmCpuUs: (warm.cpuMs * 1000) / warmCount,
          javaCold: rate(COLD_RECORDS, Number(first['nanos']) / 1e6),
          javaColdWall,
          javaWarm: rate(warmCount, Number(javaWarm['nanos']) / 1e6),
          javaWarmCpuUs: Number(javaWarm['cpuNanos']) / 1000 / warmCount,
        })
      } finally {
        await java.close()
      }
    }
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
  const k = (n: number) => `${(n / 1000).toFixed(1)}k`
  const ms = (n: number) => `${Math.round(n)} ms`
  console.log(`JsonConverter, 1 KB orders records, toConnectData + fromConnectData per record (records/s)`)
  console.log(
    `cold: the first ${COLD_RECORDS} records in a fresh process (wall: from spawn to done, start-up included)`,
  )
  console.log('')
  console.log(`warm: ${warmCount} records after ${warmCount / 2} of warm-up; CPU: the whole process's, per record`)
  console.log('')
  console.log(
    '| case | ours cold | JVM cold | ours cold wall | JVM cold wall | ours warm | JVM warm | warm ratio | ours CPU/rec | JVM CPU/rec | CPU ratio |',
  )
  console.log('| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |')
  const us = (n: number) => `${n.toFixed(2)} µs`
  for (const r of rows) {
    console.log(
      `| ${r.name} | ${k(r.oursCold)} | ${k(r.javaCold)} | ${ms(r.oursColdWall)} | ${ms(r.javaColdWall)} | ${k(r.oursWarm)} | ${k(r.javaWarm)} | ${(r.oursWarm / r.javaWarm).toFixed(2)}× | ${us(r.oursWarmCpuUs)} | ${us(r.javaWarmCpuUs)} | ${(r.javaWarmCpuUs / r.oursWarmCpuUs).toFixed(2)}× |`,
    )
  }
}

if (process.argv[1]?.endsWith('converters.ts')) await main()
