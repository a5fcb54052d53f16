/**
 * The SMT chain's throughput, ours beside Kafka's own classes in the JVM on the same bytes: what a sink
 * task does per record (JsonConverter.toConnectData for key and value → the transform chain →
 * JsonConverter.fromConnectData for both), on the 1 KB `orders` records of
 * shared/research/performance-anchors.md, with its seed chain (InsertField, ReplaceField, MaskField,
 * TimestampConverter, Cast, ValueToKey, ExtractField, RegexRouter, Filter under HasHeaderKey), the same
 * with TimestampRouter added, and the converters alone.
 *
 *   npm run bench:smt            # the table
 *   npm run bench:smt -- --quick # fewer warm records
 *
 * Cold: the first 10,000 records in a fresh process (ours: a bundled script on plain node; the JVM: a
 * fresh harness JVM), timed inside the process and from the spawn. Warm: 100,000 records after as many
 * of warm-up. The JVM side is the Java harness's `smt.bench` op (test/harness/java).
 *
 * (Internal: `--cold <records-file> <config-json>` is the child process that measures one cold run.)
 */
import { execFileSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { performance } from 'node:perf_hooks'
import { fileURLToPath } from 'node:url'
import { JsonConverter } from '../layers/runtime/converters/json/json-converter.js'
import { SchemaBuilder, Schemas } from '../layers/runtime/data/schema.js'
import { Struct } from '../layers/runtime/data/struct.js'
import { SinkRecord } from '../layers/runtime/record/record.js'
import { buildTransformationChain } from '../layers/transforms/build-chain.js'
import type { TransformationChain } from '../layers/transforms/chain.js'
import { startJavaHarness } from '../test/support/java-harness.js'
import { ordersWorkload } from './converters.js'
import { seedChain } from './seed-chain.js'

const COLD_RECORDS = 10_000
const DISTINCT_RECORDS = 10_000
const TOPIC = 'orders'
const T = 'org.apache.kafka.connect.transforms.'

const CONVERTERS: Record<string, string> = {
  'key.converter': 'org.apache.kafka.connect.json.JsonConverter',
  'value.converter': 'org.apache.kafka.connect.json.JsonConverter',
}

/** The seed chain of shared/research/performance-anchors.md. */
const SEED_CHAIN: Record<string, string> = { ...CONVERTERS, ...seedChain('updated_at') }

const WITH_ROUTER: Record<string, string> = {
  ...SEED_CHAIN,
  transforms: `${SEED_CHAIN['transforms']},daily`,
  'transforms.daily.type': `${T}TimestampRouter`,
  'transforms.daily.timestamp.format': 'yyyy-MM-dd',
}

const CASES: readonly { readonly name: string; readonly config: Record<string, string> }[] = [
  { name: 'converters only', config: CONVERTERS },
  { name: 'seed chain (9 SMTs)', config: SEED_CHAIN },
  { name: 'seed chain + TimestampRouter', config: WITH_ROUTER },
]

// --- the records --------------------------------------------------------------------------------------

const KEY = SchemaBuilder.struct().name('orders.Key').field('id', Schemas.INT64).build()

/** `base64(key) TAB base64(value)` lines: the orders workload with its keys. */
function recordsFile(dir: string): string {
  const { withSchemas } = ordersWorkload(DISTINCT_RECORDS)
  const keys = new JsonConverter()
  keys.configure({}, true)
  const lines = withSchemas.map((value, i) => {
    const key = keys.fromConnectData(TOPIC, null, KEY, new Struct(KEY).put('id', 1_000_000n + BigInt(i)))!
    return `${Buffer.from(key).toString('base64')}\t${value.toString('base64')}`
  })
  const file = join(dir, 'records.tsv')
  writeFileSync(file, `${lines.join('\n')}\n`)
  return file
}

interface BenchRecord {
  readonly key: Buffer
  readonly value: Buffer
}

function readRecords(file: string): BenchRecord[] {
  return readFileSync(file, 'ascii')
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => {
      const tab = l.indexOf('\t')
      return { key: Buffer.from(l.slice(0, tab), 'base64'), value: Buffer.from(l.slice(tab + 1), 'base64') }
    })
}

// --- ours ---------------------------------------------------------------------------------------------

interface Task {
  readonly keyConverter: JsonConverter
  readonly valueConverter: JsonConverter
  readonly chain: TransformationChain
}

function settings(config: Record<string, string>, prefix: string): Record<string, string> {
  return Object.fromEntries(
    Object.entries(config)
      .filter(([k]) => k.startsWith(prefix))
      .map(([k, v]) => [k.slice(prefix.length), v]),
  )
}

/** A fresh task: new converters and transforms, their caches empty. */
async function newTask(config: Record<string, string>): Promise<Task> {
  const keyConverter = new JsonConverter()
  keyConverter.configure(settings(config, 'key.converter.'), true)
  const valueConverter = new JsonConverter()
  valueConverter.configure(settings(config, 'value.converter.'), false)
  return { keyConverter, valueConverter, chain: await buildTransformationChain(config) }
}

/** One record through the task, as the harness's `smt.bench` does it; the bytes written. */
function cycle(task: Task, r: BenchRecord, offset: number): number {
  const key = task.keyConverter.toConnectData(TOPIC, null, r.key)
  const value = task.valueConverter.toConnectData(TOPIC, null, r.value)
  const record = new SinkRecord({
    topic: TOPIC,
    kafkaPartition: 0,
    keySchema: key.schema,
    key: key.value,
    valueSchema: value.schema,
    value: value.value,
    timestamp: 1_700_000_000_000 + offset,
    kafkaOffset: offset,
  })
  const out = task.chain.apply(record)
  if (out === null) return 0
  const topic = out.topic ?? ''
  const k = task.keyConverter.fromConnectData(topic, null, out.keySchema, out.key)
  const v = task.valueConverter.fromConnectData(topic, null, out.valueSchema, out.value)
  return (k?.length ?? 0) + (v?.length ?? 0)
}

interface Timing {
  readonly ms: number
  readonly cpuMs: number
}

function run(task: Task, records: readonly BenchRecord[], count: number, first = 0): Timing {
  let sink = 0
  const cpu = process.cpuUsage()
  const start = performance.now()
  for (let i = 0; i < count; i++) sink += cycle(task, records[(first + i) % records.length]!, first + i)
  const ms = performance.now() - start
  const used = process.cpuUsage(cpu)
  if (sink === 0) throw new Error('nothing converted')
  return { ms, cpuMs: (used.user + used.system) / 1000 }
}

/** The child: a fresh process, the first 10k records; prints ms from process start to done, and in-loop ms. */
async function coldChild(file: string, config: Record<string, string>): Promise<void> {
  const records = readRecords(file)
  const task = await newTask(config)
  const loop = run(task, records, COLD_RECORDS)
  process.stdout.write(JSON.stringify({ sinceStart: performance.now(), loop: loop.ms }))
}

/** Our script bundled for plain node (no TypeScript compiler at start-up), as a Lambda would run it. */
async function bundle(dir: string): Promise<string> {
  const { build } = await import('esbuild')
  const outfile = join(dir, 'smt-bench.mjs')
  await build({
    entryPoints: [fileURLToPath(import.meta.url)],
    outfile,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'esm',
    banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" },
    logLevel: 'error',
  })
  return outfile
}

function coldOurs(
  script: string,
  file: string,
  config: Record<string, string>,
): { total: number; loop: number; wall: number } {
  const start = performance.now()
  const out = execFileSync(process.execPath, [script, '--cold', file, JSON.stringify(config)], { encoding: 'utf8' })
  const wall = performance.now() - start
  const { sinceStart, loop } = JSON.parse(out) as { sinceStart: number; loop: number }
  return { total: sinceStart, loop, wall }
}

// --- the table ----------------------------------------------------------------------------------------

interface Row {
  readonly name: string
  readonly oursColdLoop: number
  readonly oursColdTotal: number
  readonly oursColdWall: number
  readonly javaColdLoop: number
  readonly javaColdTotal: number
  readonly javaColdWall: number
  readonly oursWarm: number
  readonly oursCpuUs: number
  readonly javaWarm: number
  readonly javaCpuUs: number
}

const rate = (count: number, ms: number) => (count / ms) * 1000

async function measure(
  c: (typeof CASES)[number],
  script: string,
  file: string,
  records: BenchRecord[],
  warmCount: number,
): Promise<Row> {
  const cold = coldOurs(script, file, c.config)
  const task = await newTask(c.config)
  run(task, records, warmCount) // warm-up
  const warm = run(task, records, warmCount, warmCount)

  // the JVM: a fresh one for the cold run, then warm in the same JVM
  const spawnStart = performance.now()
  const java = await startJavaHarness()
  try {
    const first = await java.request({ op: 'smt.bench', config: c.config, file, count: COLD_RECORDS, warmup: 0 })
    const javaColdWall = performance.now() - spawnStart
    const javaWarm = await java.request({
      op: 'smt.bench',
      config: c.config,
      file,
      count: warmCount,
      warmup: warmCount,
    })
    if (!first.ok || !javaWarm.ok)
      throw new Error(`the JVM bench failed: ${JSON.stringify(first.error ?? javaWarm.error)}`)
    const loop = Number(first['nanos']) / 1e6
    return {
      name: c.name,
      oursColdLoop: rate(COLD_RECORDS, cold.loop),
      oursColdTotal: cold.total,
      oursColdWall: cold.wall,
      javaColdLoop: rate(COLD_RECORDS, loop),
      javaColdTotal: Number(first['uptimeAtStartMillis']) + Number(first['setupNanos']) / 1e6 + loop,
      javaColdWall,
      oursWarm: rate(warmCount, warm.ms),
      oursCpuUs: (warm.cpuMs * 1000) / warmCount,
      javaWarm: rate(warmCount, Number(javaWarm['nanos']) / 1e6),
      javaCpuUs: Number(javaWarm['cpuNanos']) / 1000 / warmCount,
    }
  } finally {
    await java.close()
  }
}

function printTable(rows: readonly Row[], warmCount: number): void {
  const k = (n: number) => `${(n / 1000).toFixed(1)}k`
  const ms = (n: number) => `${Math.round(n)} ms`
  const us = (n: number) => `${n.toFixed(2)} µs`
  const x = (n: number) => `${n.toFixed(2)}×`
  console.log(
    'Sink task per record: JsonConverter in (key, value) → SMT chain → JsonConverter out, 1 KB orders records',
  )
  console.log('')
  console.log(`Cold: the first ${COLD_RECORDS} records in a fresh process. "loop": records/s inside the loop;`)
  console.log('"to done": from process start to the last record (JVM: uptime when the op began + setup + loop;')
  console.log(
    'ours: bundled script on plain node, performance.now() at the end); "wall": from the spawn, measured outside.',
  )
  console.log('')
  console.log(
    '| chain | ours cold loop | JVM cold loop | ours to done | JVM to done | ours wall | JVM wall | cold ratio (to done) |',
  )
  console.log('| --- | --- | --- | --- | --- | --- | --- | --- |')
  for (const r of rows) {
    console.log(
      `| ${r.name} | ${k(r.oursColdLoop)} | ${k(r.javaColdLoop)} | ${ms(r.oursColdTotal)} | ${ms(r.javaColdTotal)} | ${ms(r.oursColdWall)} | ${ms(r.javaColdWall)} | ${x(r.javaColdTotal / r.oursColdTotal)} |`,
    )
  }
  console.log('')
  console.log(`Warm: ${warmCount} records after ${warmCount} of warm-up; CPU: the whole process's, per record.`)
  console.log('')
  console.log('| chain | ours warm | JVM warm | warm ratio | ours CPU/rec | JVM CPU/rec | CPU ratio |')
  console.log('| --- | --- | --- | --- | --- | --- | --- |')
  for (const r of rows) {
    console.log(
      `| ${r.name} | ${k(r.oursWarm)} | ${k(r.javaWarm)} | ${x(r.oursWarm / r.javaWarm)} | ${us(r.oursCpuUs)} | ${us(r.javaCpuUs)} | ${x(r.javaCpuUs / r.oursCpuUs)} |`,
    )
  }
}

async function main(): Promise<void> {
  const args = process.argv.slice(2)
  if (args[0] === '--cold') {
    await coldChild(args[1]!, JSON.parse(args[2]!) as Record<string, string>)
    return
  }
  const warmCount = args.includes('--quick') ? 30_000 : 100_000
  const dir = mkdtempSync(join(tmpdir(), 'bench-smt-'))
  try {
    const file = recordsFile(dir)
    const records = readRecords(file)
    const script = await bundle(dir)
    const rows: Row[] = []
    for (const c of CASES) rows.push(await measure(c, script, file, records, warmCount))
    printTable(rows, warmCount)
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

const self = process.argv[1] ?? ''
if (self.endsWith('smt.ts') || self.endsWith('smt-bench.mjs')) await main()
