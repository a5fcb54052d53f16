/**
 * The sink runtime on full Lambda events: 10,000 × ~1 KB records of an MSK event through event
 * decoding → JsonConverter (schemas on, keys and values) → the seed's SMT chain → a sink task that
 * discards, with the error-tolerance operator around every stage (bench/sink-function.ts).
 *
 * Measured as Lambda runs it: the function is bundled as the CDK bundles a sink (one minified ESM
 * file, infra/constructs/bundle-options.ts), the event is written to a file once, and each run is a
 * fresh `node` process that imports the bundle (Lambda's init) and then, per invocation, reads and
 * parses the event JSON (the Lambda runtime's work, timed apart) and calls the handler. So the numbers
 * and the peak RSS are the function's process alone, not the bench's event generation.
 *
 * - cold: the first invocation of a fresh process, bundle load included (node's own start is shown apart);
 * - warm: the invocations after it in the same process;
 * - peak RSS: `process.resourceUsage().maxRSS` of that process, event JSON parse included.
 *
 *   npm run bench:sink
 *   npm run bench:sink -- --records 10000 --events 5 --runs 3
 */
import { execFileSync } from 'node:child_process'
import { existsSync, mkdirSync, writeFileSync } from 'node:fs'
import { cpus, loadavg } from 'node:os'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import { build } from 'esbuild'
import { functionBundleOptions } from '../infra/constructs/bundle-options.js'
import { connectlessRoot } from '../infra/paths.js'
import { JsonConverter } from '../layers/runtime/converters/json/json-converter.js'
import { SchemaBuilder, Schemas } from '../layers/runtime/data/schema.js'
import { Struct } from '../layers/runtime/data/struct.js'
import { TimestampType } from '../layers/runtime/record/record.js'
import { LAMBDA_PAYLOAD_LIMIT } from '../layers/runtime/sink/event-source-emulator.js'
import { encodeEvent } from '../layers/runtime/sink/msk-event.js'
import { ordersWorkload } from './converters.js'

const { values } = parseArgs({
  options: {
    records: { type: 'string', default: '10000' },
    events: { type: 'string', default: '5' },
    runs: { type: 'string', default: '3' },
    'lambda-memory': { type: 'string' },
  },
  strict: true,
})
const RECORDS = Number(values.records)
const EVENTS = Number(values.events)
const RUNS = Number(values.runs)
/**
 * The V8 flags Lambda's Node.js runtime starts a function with (its bootstrap script): a tenth of the
 * memory for the young generation (two semi-spaces), the rest for the old one, and gc exposed.
 */
const LAMBDA_MEMORY_MB = values['lambda-memory'] === undefined ? null : Number(values['lambda-memory'])
const NODE_FLAGS =
  LAMBDA_MEMORY_MB === null
    ? []
    : [
        '--expose-gc',
        `--max-semi-space-size=${Math.floor(LAMBDA_MEMORY_MB / 10 / 2)}`,
        `--max-old-space-size=${LAMBDA_MEMORY_MB - Math.floor(LAMBDA_MEMORY_MB / 10)}`,
      ]
const WALL_TARGET_MS = 1000
const RSS_TARGET_MB = 256
const WORK_DIR = join(connectlessRoot, '.infra', 'bench', 'sink')

// --- the child: one fresh process, plain node, the bundle as Lambda loads it ---------------------------

const CHILD_SOURCE = `
import { readFileSync } from 'node:fs'
import { performance } from 'node:perf_hooks'
import { pathToFileURL } from 'node:url'

const [bundle, eventFile, events] = process.argv.slice(2)
const mb = (bytes) => bytes / 1024 / 1024
const cpuMs = (since) => { const u = process.cpuUsage(since); return (u.user + u.system) / 1000 }
const nodeStartMs = performance.now()
const c0 = process.cpuUsage()
const fn = await import(pathToFileURL(bundle).href)
const loadMs = performance.now() - nodeStartMs
const loadCpuMs = cpuMs(c0)
const rssAfterLoadMb = mb(process.memoryUsage.rss())
const context = { awsRequestId: 'bench', getRemainingTimeInMillis: () => 900000 }
const invocations = []
for (let i = 0; i < Number(events); i++) {
  const t0 = performance.now()
  const p0 = process.cpuUsage()
  // what the Lambda runtime does before the handler: the event arrives as JSON text
  const event = JSON.parse(readFileSync(eventFile, 'utf8'))
  const t1 = performance.now()
  const parseCpuMs = cpuMs(p0)
  const h0 = process.cpuUsage()
  const peakAfterParseMb = process.resourceUsage().maxRSS / 1024
  await fn.handler(event, context)
  const t2 = performance.now()
  invocations.push({ parseMs: t1 - t0, handlerMs: t2 - t1, parseCpuMs, handlerCpuMs: cpuMs(h0), rssMb: mb(process.memoryUsage.rss()), peakAfterParseMb, peakMb: process.resourceUsage().maxRSS / 1024 })
}
await fn.handler.close()
const measurement = { nodeStartMs, loadMs, loadCpuMs, rssAfterLoadMb, invocations, recordsPut: fn.recordsPut(), maxRssMb: process.resourceUsage().maxRSS / 1024 }
process.stdout.write(JSON.stringify(measurement) + '\\n')
`

interface Invocation {
  readonly parseMs: number
  readonly parseCpuMs: number
  readonly handlerMs: number
  readonly handlerCpuMs: number
  readonly rssMb: number
  /** the process's peak RSS once the event was parsed, before the handler ran */
  readonly peakAfterParseMb: number
  /** the process's peak RSS once the handler returned */
  readonly peakMb: number
}

interface Measurement {
  readonly nodeStartMs: number
  readonly loadMs: number
  readonly loadCpuMs: number
  readonly rssAfterLoadMb: number
  readonly invocations: readonly Invocation[]
  readonly recordsPut: number
  readonly maxRssMb: number
}

// --- the parent: the event file, the bundle, the runs ---------------------------------------------------

const KEY = SchemaBuilder.struct().name('orders.Key').field('id', Schemas.INT64).build()

/** The event a 10,000-record batch of `orders` makes: 3 partitions, keys and values as JsonConverter envelopes. */
function writeEvent(file: string): number {
  const { withSchemas } = ordersWorkload(RECORDS)
  const keys = new JsonConverter()
  keys.configure({}, true)
  const event = encodeEvent(
    withSchemas.map((value, i) => ({
      topic: 'orders',
      partition: i % 3,
      offset: Math.floor(i / 3),
      timestamp: 1_700_000_000_000 + i,
      timestampType: TimestampType.CREATE_TIME,
      key: Buffer.from(keys.fromConnectData('orders', null, KEY, new Struct(KEY).put('id', 1_000_000n + BigInt(i)))!),
      value,
      headers: [],
    })),
    'b-1.bench.abc123.c2.kafka.us-east-1.amazonaws.com:9098',
    'arn:aws:kafka:us-east-1:111122223333:cluster/bench/0a1b2c3d',
  )
  const json = JSON.stringify(event)
  writeFileSync(file, json)
  return Buffer.byteLength(json)
}

async function bundle(outfile: string): Promise<void> {
  await build(functionBundleOptions(join(connectlessRoot, 'bench', 'sink-function.ts'), outfile))
}

function run(bundleFile: string, eventFile: string): Measurement {
  const out = execFileSync(
    process.execPath,
    [...NODE_FLAGS, join(WORK_DIR, 'measure.mjs'), bundleFile, eventFile, String(EVENTS)],
    {
      cwd: connectlessRoot,
      encoding: 'utf8',
      maxBuffer: 64 * 1024 * 1024,
      env: { ...process.env, POWERTOOLS_LOG_LEVEL: 'WARN', AWS_REGION: 'us-east-1' },
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  )
  return JSON.parse(out.trim().split('\n').at(-1) ?? '{}') as Measurement
}

const median = (xs: readonly number[]): number => {
  const sorted = [...xs].sort((a, b) => a - b)
  const mid = Math.floor(sorted.length / 2)
  return sorted.length % 2 === 1 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2
}
const ms = (v: number) => `${Math.round(v).toLocaleString('en-US')} ms`
const mb = (v: number) => `${Math.round(v)} MB`
const rate = (handlerMs: number) => `${Math.round((RECORDS / handlerMs) * 1000).toLocaleString('en-US')}/s`
/** `median (min–max)` */
const spread = (xs: readonly number[], f: (v: number) => string) =>
  xs.length === 1 ? f(xs[0] as number) : `${f(median(xs))} (${f(Math.min(...xs))}–${f(Math.max(...xs))})`

async function main(): Promise<void> {
  mkdirSync(WORK_DIR, { recursive: true })
  writeFileSync(join(WORK_DIR, 'measure.mjs'), CHILD_SOURCE)
  const eventFile = join(WORK_DIR, `event-${RECORDS}.json`)
  const bytes = writeEvent(eventFile)
  const bundleFile = join(WORK_DIR, 'index.mjs')
  await bundle(bundleFile)
  if (!existsSync(bundleFile)) throw new Error(`bundling ${bundleFile} failed`)

  const load0 = loadavg()[0] as number
  const runs: Measurement[] = []
  for (let i = 0; i < RUNS; i++) runs.push(run(bundleFile, eventFile))
  const lost = runs.filter((r) => r.recordsPut !== RECORDS * EVENTS)
  if (lost.length > 0) throw new Error(`records were lost: ${lost.map((r) => r.recordsPut).join(', ')} put`)

  const first = runs.map((r) => r.invocations[0] as Invocation)
  const warm = runs.flatMap((r) => r.invocations.slice(1))
  const cold = runs.map(
    (r) => r.loadMs + (r.invocations[0] as Invocation).parseMs + (r.invocations[0] as Invocation).handlerMs,
  )
  const coldCpu = runs.map(
    (r) => r.loadCpuMs + (r.invocations[0] as Invocation).parseCpuMs + (r.invocations[0] as Invocation).handlerCpuMs,
  )
  const all = runs.flatMap((r) => r.invocations)
  const flags =
    LAMBDA_MEMORY_MB === null
      ? "Node's default heap settings"
      : `Lambda's V8 flags for ${LAMBDA_MEMORY_MB} MB (${NODE_FLAGS.join(' ')})`
  console.log(
    `sink runtime: ${RECORDS.toLocaleString('en-US')} records of ~1 KB per event (${(bytes / 1024 / 1024).toFixed(1)} MB of event JSON); ${RUNS} fresh processes × ${EVENTS} invocations; ${flags}; Node ${process.version}, ${cpus().length} cores, load average ${load0.toFixed(1)} → ${(loadavg()[0] as number).toFixed(1)}`,
  )
  if (bytes > LAMBDA_PAYLOAD_LIMIT) {
    const perRecord = bytes / RECORDS
    console.log(
      `(${(bytes / 1024 / 1024).toFixed(1)} MB is over the 6 MB an invocation payload may hold: an event source mapping would deliver these records in events of at most ~${Math.floor(LAMBDA_PAYLOAD_LIMIT / perRecord).toLocaleString('en-US')}; \`--records\` sets the size)`,
    )
  }
  console.log('')
  console.log('| median (min–max) | wall | CPU (user+sys) | records/s (wall) |')
  console.log('| --- | --- | --- | --- |')
  console.log(
    `| cold: bundle load (Lambda's init) | ${spread(
      runs.map((r) => r.loadMs),
      ms,
    )} | ${spread(
      runs.map((r) => r.loadCpuMs),
      ms,
    )} | |`,
  )
  console.log(
    `| cold: first invocation's handler | ${spread(
      first.map((i) => i.handlerMs),
      ms,
    )} | ${spread(
      first.map((i) => i.handlerCpuMs),
      ms,
    )} | ${rate(median(first.map((i) => i.handlerMs)))} |`,
  )
  console.log(
    `| cold: load + event parse + handler | ${spread(cold, ms)} | ${spread(coldCpu, ms)} | ${rate(median(cold))} |`,
  )
  if (warm.length > 0) {
    console.log(
      `| warm: invocations 2–${EVENTS}, handler | ${spread(
        warm.map((i) => i.handlerMs),
        ms,
      )} | ${spread(
        warm.map((i) => i.handlerCpuMs),
        ms,
      )} | ${rate(median(warm.map((i) => i.handlerMs)))} |`,
    )
  }
  console.log(
    `| the runtime's event JSON parse, per invocation | ${spread(
      all.map((i) => i.parseMs),
      ms,
    )} | ${spread(
      all.map((i) => i.parseCpuMs),
      ms,
    )} | |`,
  )
  console.log('')
  console.log('| peak RSS of the function process | median (min–max) |')
  console.log('| --- | --- |')
  console.log(
    `| after the bundle loaded | ${spread(
      runs.map((r) => r.rssAfterLoadMb),
      mb,
    )} |`,
  )
  console.log(
    `| first invocation: once the runtime parsed the event | ${spread(
      first.map((i) => i.peakAfterParseMb),
      mb,
    )} |`,
  )
  console.log(
    `| first invocation: once the handler returned | ${spread(
      first.map((i) => i.peakMb),
      mb,
    )} |`,
  )
  if (warm.length > 0) {
    const handlerRaised = warm.map((i) => i.peakMb - i.peakAfterParseMb)
    console.log(
      `| all ${EVENTS} invocations | ${spread(
        runs.map((r) => r.maxRssMb),
        mb,
      )} |`,
    )
    console.log(`| of which the handler added over the peak the parse had set (warm) | ${spread(handlerRaised, mb)} |`)
  }
  const slowest = Math.max(...first.map((i) => i.handlerMs), ...warm.map((i) => i.handlerMs))
  // the target is one event's: a fresh function process given the event (Lambda's first invocation)
  const onePeak = Math.max(...first.map((i) => i.peakMb))
  const allPeak = Math.max(...runs.map((r) => r.maxRssMb))
  console.log('')
  console.log(
    `targets: a ${RECORDS.toLocaleString('en-US')}-record event's handler under ${WALL_TARGET_MS} ms: ${slowest < WALL_TARGET_MS ? 'met' : 'missed'} (slowest ${ms(slowest)}; cold with load and parse ${ms(Math.max(...cold))}); the function's peak RSS for the event under ${RSS_TARGET_MB} MB: ${onePeak < RSS_TARGET_MB ? 'met' : 'missed'} (${mb(onePeak)}; ${mb(allPeak)} over ${EVENTS} such events in one process, where V8 has not yet freed one event when the runtime parses the next)`,
  )
}

await main()
