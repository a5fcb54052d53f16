/**
 * Bundle sizes and cold-start times of the Lambda functions, as deployed: each `functions/<name>/handler.ts`
 * is bundled with the options the CDK construct uses (infra/constructs/bundle-options.ts: one minified
 * ESM file for Node.js 22, the AWS SDK bundled in, external source map), next to the `connector.json` its
 * deployment would carry (the seed configs of test/fixtures/infra with the MSK worker). Then, in a
 * fresh `node` process per run:
 *
 * - load: importing the bundle, which is what Lambda's init phase runs (the handlers defer everything else);
 * - first invocation: the handler's first call with a minimal event (an empty batch, a source tick whose
 *   window has passed, `GET /`): reading and validating the config, resolving its provider references,
 *   building converters, transforms and the task, and (the Lambda environment variables being set) the
 *   connector's registration and status in DynamoDB. AWS and OpenSearch calls go to a stub HTTP server in
 *   the same process, answering at once, so the time is the function's own.
 *
 *   npm run bench:cold-start              # the table, median of 5 runs each
 *   npm run bench:cold-start -- --runs 9
 *
 * Both are reported as wall time and as CPU time (user + system): on a shared machine wall time mostly
 * measures the other processes, so the init target is judged on CPU time.
 *
 * Targets: a sink's package under 1 MB zipped (without the AWS SDK: a second build leaves it out for that), load plus
 * first invocation under 300 ms. The zipped size is deflate at level 6 plus zip headers, as the CDK
 * packages an asset.
 */
import { execFileSync } from 'node:child_process'
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { cpus, loadavg } from 'node:os'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import { deflateRawSync } from 'node:zlib'
import { build } from 'esbuild'
import { AWS_SDK_MODULES, EXTERNAL_MODULES, functionBundleOptions } from '../infra/constructs/bundle-options.js'
import { DEPLOYMENT_FILE_NAME } from '../infra/constructs/deployment-package.js'
import { connectlessRoot } from '../infra/paths.js'

const ONE_MB = 1024 * 1024
const INIT_TARGET_MS = 300
// Where the bundles are written (inside the checkout, git-ignored).
const WORK_DIR = join(connectlessRoot, '.infra', 'bench', 'cold-start')
const FIXTURES = join(connectlessRoot, 'test', 'fixtures', 'infra')
// A source tick long past: the handler builds its runtime, sees the window has passed and returns.
const PAST = '2000-01-01T00:00:00Z'

interface FunctionCase {
  readonly fn: string
  readonly kind: 'sink' | 'source' | 'api'
  /** The fixture connector (test/fixtures/infra/connectors); none for the REST API. */
  readonly connector?: string
  /** Config changes for the run: endpoints pointed at the stub (`STUB` stands for its URL). */
  readonly overrides?: Readonly<Record<string, string | null>>
  readonly event: unknown
}

const STUB = '{stub}'
const EMPTY_BATCH = {
  eventSource: 'aws:kafka',
  eventSourceArn: 'arn:aws:kafka:us-east-1:111122223333:cluster/lake/x',
  bootstrapServers: 'localhost:9092',
  records: {},
}

const CASES: readonly FunctionCase[] = [
  { fn: 's3-sink', kind: 'sink', connector: 's3-sink', overrides: { 'store.url': STUB }, event: EMPTY_BATCH },
  {
    fn: 'opensearch-sink',
    kind: 'sink',
    connector: 'elasticsearch-sink',
    overrides: { 'connection.url': STUB, 'connectless.aws.sigv4.region': null, 'max.retries': '0' },
    event: EMPTY_BATCH,
  },
  { fn: 'jdbc-source', kind: 'source', connector: 'postgres-source', event: { task: 0, scheduledTime: PAST } },
  {
    fn: 'connect-api',
    kind: 'api',
    event: {
      version: '2.0',
      routeKey: 'ANY /',
      rawPath: '/',
      rawQueryString: '',
      headers: {},
      requestContext: { stage: '$default', http: { method: 'GET', path: '/' } },
      isBase64Encoded: false,
    },
  },
]

interface Measurement {
  readonly loadMs: number
  readonly firstInvokeMs: number
  /** CPU time (user + system) of the load and of the first invocation: less sensitive to a busy machine than wall time. */
  readonly loadCpuMs: number
  readonly firstInvokeCpuMs: number
  readonly error: string | null
}

// --- the child: one cold start, in plain node (no TypeScript loader hooks in the measured import) -------

// Answers every AWS call at once: a secret and SSM parameters with values, no DynamoDB item, an empty
// S3 success; and the OpenSearch root (the sink's version check).
const CHILD_SOURCE = `
import { createServer } from 'node:http'
import { readFileSync, writeFileSync, existsSync } from 'node:fs'
import { join } from 'node:path'
import { performance } from 'node:perf_hooks'
import { pathToFileURL } from 'node:url'

const [dir, eventFile] = process.argv.slice(2)
function respond(req, body, res) {
  const target = req.headers['x-amz-target']
  const json = (value) => { res.writeHead(200, { 'content-type': 'application/x-amz-json-1.1' }); res.end(JSON.stringify(value)) }
  if (typeof target === 'string' && target.endsWith('.GetSecretValue')) {
    json({ Name: 'bench', SecretString: JSON.stringify({ password: 'bench', username: 'bench' }) })
  } else if (typeof target === 'string' && target.endsWith('.GetParameters')) {
    const names = JSON.parse(body || '{}').Names ?? []
    json({ Parameters: names.map((Name) => ({ Name, Value: 'bench', Type: 'SecureString' })), InvalidParameters: [] })
  } else if (typeof target === 'string') {
    json({})
  } else if (req.method === 'GET' && (req.url === '/' || req.url === '')) {
    json({ version: { number: '2.19.0', distribution: 'opensearch' }, tagline: 'The OpenSearch Project: https://opensearch.org/' })
  } else {
    res.writeHead(200); res.end()
  }
}
const server = createServer((req, res) => { let body = ''; req.on('data', (c) => { body += c }); req.on('end', () => respond(req, body, res)) })
await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve))
const url = 'http://127.0.0.1:' + server.address().port
const deploymentFile = join(dir, '${DEPLOYMENT_FILE_NAME}')
if (existsSync(deploymentFile)) writeFileSync(deploymentFile, readFileSync(deploymentFile, 'utf8').replaceAll('${STUB}', url))
Object.assign(process.env, {
  AWS_ENDPOINT_URL: url, AWS_REGION: 'us-east-1', AWS_ACCESS_KEY_ID: 'bench', AWS_SECRET_ACCESS_KEY: 'bench',
  AWS_MAX_ATTEMPTS: '1', POWERTOOLS_LOG_LEVEL: 'ERROR', POWERTOOLS_METRICS_DISABLED: 'true',
  // as on Lambda, where the functions also register the connector and record its status at cold start
  AWS_LAMBDA_FUNCTION_NAME: 'connectless-bench', CONNECTLESS_OFFSETS_TABLE: 'connectless-offsets',
  CONNECTLESS_STATUS_TABLE: 'connectless-status', CONNECTLESS_SCHEDULES: 'postgres-source-task-0',
  CONNECTLESS_SCHEDULE_GROUP: 'connectless',
})
process.chdir(dir)
const event = JSON.parse(readFileSync(eventFile, 'utf8'))
const context = { getRemainingTimeInMillis: () => 60000, awsRequestId: 'bench' }
const cpuMs = (usage) => (usage.user + usage.system) / 1000
const c0 = process.cpuUsage()
const t0 = performance.now()
const module = await import(pathToFileURL(join(dir, 'index.mjs')).href)
const t1 = performance.now()
const loadCpu = process.cpuUsage(c0)
const c1 = process.cpuUsage()
let error = null
try { await module.handler(event, context) } catch (e) { error = e instanceof Error ? e.message : String(e) }
const t2 = performance.now()
const firstCpu = process.cpuUsage(c1)
server.close()
const measurement = { loadMs: t1 - t0, firstInvokeMs: t2 - t1, loadCpuMs: cpuMs(loadCpu), firstInvokeCpuMs: cpuMs(firstCpu), error }
process.stdout.write(JSON.stringify(measurement) + '\\n')
process.exit(0)
`

// --- the parent: bundles, sizes, runs ---------------------------------------------------------------

/** The zip the CDK would upload: each file deflated (level 6) plus local and central directory headers. */
function zippedSize(dir: string, files: readonly string[]): number {
  return files.reduce((sum, file) => {
    const data = readFileSync(join(dir, file))
    return sum + deflateRawSync(data, { level: 6 }).length + 30 + 46 + 2 * file.length
  }, 22)
}

function deploymentFile(c: FunctionCase): string | null {
  if (c.connector === undefined) return null
  const connector = JSON.parse(readFileSync(join(FIXTURES, 'connectors', `${c.connector}.json`), 'utf8')) as {
    name: string
    config: Record<string, string>
  }
  const config: Record<string, string> = { ...connector.config }
  for (const [key, value] of Object.entries(c.overrides ?? {})) {
    if (value === null) delete config[key]
    else config[key] = value
  }
  const worker = readFileSync(join(FIXTURES, 'msk-worker.properties'), 'utf8')
    .split('\n')
    .filter((line) => line.includes('=') && !line.startsWith('#') && !line.startsWith('connectless.'))
    .map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)])
  return JSON.stringify({ name: connector.name, config, worker: Object.fromEntries(worker) }, null, 2)
}

async function bundle(c: FunctionCase, dir: string, external: readonly string[] = EXTERNAL_MODULES): Promise<void> {
  rmSync(dir, { recursive: true, force: true })
  mkdirSync(dir, { recursive: true })
  await build(
    functionBundleOptions(join(connectlessRoot, 'functions', c.fn, 'handler.ts'), join(dir, 'index.mjs'), external),
  )
  const file = deploymentFile(c)
  if (file !== null) writeFileSync(join(dir, DEPLOYMENT_FILE_NAME), file)
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b)
  const mid = Math.floor(sorted.length / 2)
  return sorted.length % 2 === 1 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2
}

function measure(c: FunctionCase, dir: string, runs: number): Measurement[] {
  const eventFile = join(dir, 'event.json')
  writeFileSync(eventFile, JSON.stringify(c.event))
  const deployment = join(dir, DEPLOYMENT_FILE_NAME)
  const pristine = existsSync(deployment) ? readFileSync(deployment, 'utf8') : null
  return Array.from({ length: runs }, () => {
    if (pristine !== null) writeFileSync(deployment, pristine)
    const out = execFileSync(process.execPath, [join(WORK_DIR, 'measure.mjs'), dir, eventFile], {
      cwd: connectlessRoot,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'inherit'],
    })
    const line = out.trim().split('\n').at(-1) ?? '{}'
    return JSON.parse(line) as Measurement
  })
}

const kb = (bytes: number) => `${(bytes / 1024).toFixed(0)} KB`
const ms = (value: number) => `${value.toFixed(0)} ms`

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { runs: { type: 'string', default: '5' } }, strict: true })
  const runs = Number(values.runs)
  mkdirSync(WORK_DIR, { recursive: true })
  writeFileSync(join(WORK_DIR, 'measure.mjs'), CHILD_SOURCE)
  const rows: string[][] = []
  const problems: string[] = []
  for (const c of CASES) {
    if (!existsSync(join(connectlessRoot, 'functions', c.fn, 'handler.ts'))) {
      rows.push([c.fn, 'no handler.ts yet', '', '', '', '', '', '', ''])
      continue
    }
    // the size target counts the package without the AWS SDK: a second build leaves it out
    const withoutSdk = join(WORK_DIR, `${c.fn}-without-sdk`)
    await bundle(c, withoutSdk, AWS_SDK_MODULES)
    const zippedWithoutSdk = zippedSize(withoutSdk, readdirSync(withoutSdk))
    const dir = join(WORK_DIR, c.fn)
    await bundle(c, dir)
    const files = readdirSync(dir).filter((f) => f !== 'event.json')
    const code = statSync(join(dir, 'index.mjs')).size
    const zipped = zippedSize(dir, files)
    const results = measure(c, dir, runs)
    const load = median(results.map((r) => r.loadMs))
    const first = median(results.map((r) => r.firstInvokeMs))
    const cpu = median(results.map((r) => r.loadCpuMs + r.firstInvokeCpuMs))
    const errors = [...new Set(results.flatMap((r) => (r.error === null ? [] : [r.error])))]
    if (errors.length > 0) problems.push(`${c.fn}: the first invocation threw: ${errors.join('; ')}`)
    const sizeOk = c.kind !== 'sink' || zippedWithoutSdk < ONE_MB
    // CPU time is judged: wall time on a shared machine mostly measures the other processes.
    const initOk = cpu < INIT_TARGET_MS
    rows.push([
      c.fn,
      kb(code),
      kb(zipped),
      kb(zippedWithoutSdk),
      ms(load),
      ms(first),
      ms(load + first),
      ms(cpu),
      `${sizeOk ? 'size ok' : 'size OVER'}, ${initOk ? 'init ok' : 'init OVER'}`,
    ])
  }
  const header = [
    'function',
    'bundle',
    'zipped (as deployed)',
    'zipped without the AWS SDK',
    'load',
    'first invocation',
    'init, wall',
    'init, CPU',
    `targets (sink < 1 MB zipped; init CPU < ${INIT_TARGET_MS} ms)`,
  ]
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)))
  const line = (cells: readonly string[]) => `| ${cells.map((cell, i) => cell.padEnd(widths[i] ?? 0)).join(' | ')} |`
  const out = [
    `Cold start, median of ${runs} fresh node ${process.version} processes each (${process.arch}, ${cpus().length} CPUs, load average ${loadavg()[0]?.toFixed(1)}); zipped = bundle + source map + connector.json`,
    '',
    line(header),
    line(widths.map((w) => '-'.repeat(w))),
    ...rows.map(line),
    ...(problems.length > 0 ? ['', ...problems] : []),
  ]
  process.stdout.write(`${out.join('\n')}\n`)
}

await main()
