/**
 * `connectless demo` (`npm run demo`): the seed's connectors end to end on the local stack, left
 * running to explore. `demo stop` stops them; `demo report` prints the counts again; `demo sql` runs
 * DuckDB over the lake. The steps are in cli/demo/pipeline.ts, which the end-to-end test reuses.
 */
import { spawn } from 'node:child_process'
import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { type Command, UsageError } from '../command.js'
import type * as Pipeline from '../demo/pipeline.js'
import { projectRoot } from '../paths.js'

const SERVICES = ['postgres', 'moto', 'kafka', 'opensearch'] as const
const DEMO_DIR = join(projectRoot, '.demo')
const SERVICES_FILE = 'services-started'
const STATE_FILE = 'state.json'

type P = typeof Pipeline

const out = (line = '') => process.stdout.write(`${line}\n`)
const n = (x: number) => x.toLocaleString('en-US')

function seconds(ms: number): string {
  const s = Math.round(ms / 1000)
  return s < 60 ? `${s} s` : `${Math.floor(s / 60)} min ${String(s % 60).padStart(2, '0')} s`
}

/** One line that rewrites itself on a terminal; elsewhere a line every 5 seconds. */
class Progress {
  private last = 0
  private shownOnTty = false
  constructor(private readonly label: string) {}
  update(text: string): void {
    if (process.stdout.isTTY) {
      process.stdout.write(`\r\x1b[2K  ${this.label}: ${text}`)
      this.shownOnTty = true
    } else if (Date.now() - this.last >= 5_000) {
      out(`  ${this.label}: ${text}`)
      this.last = Date.now()
    }
  }
  done(text: string): void {
    if (this.shownOnTty) process.stdout.write('\r\x1b[2K')
    out(`  ${this.label}: ${text}`)
  }
}

function table(rows: readonly (readonly string[])[], rightAligned: readonly number[] = []): string[] {
  const widths = rows[0]?.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length))) ?? []
  return rows.map(
    (r) =>
      `  ${r
        .map((c, i) => (rightAligned.includes(i) ? c.padStart(widths[i] ?? 0) : c.padEnd(widths[i] ?? 0)))
        .join('  ')
        .trimEnd()}`,
  )
}

function services(action: 'up' | 'down' | 'status', names: readonly string[], quiet = false): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn('bash', [join(projectRoot, 'infra/local/services.sh'), action, ...names], {
      cwd: projectRoot,
      stdio: ['ignore', quiet ? 'ignore' : 'inherit', quiet ? 'ignore' : 'inherit'],
    })
    child.on('error', reject)
    child.on('close', (code) => resolve(code ?? 1))
  })
}

/** Services that `services.sh status` reports down. */
async function downServices(): Promise<string[]> {
  const down: string[] = []
  for (const name of SERVICES) if ((await services('status', [name], true)) !== 0) down.push(name)
  return down
}

function readStarted(): string[] {
  const path = join(DEMO_DIR, SERVICES_FILE)
  return existsSync(path) ? readFileSync(path, 'utf8').split(/\s+/).filter(Boolean) : []
}

function runCli(args: readonly string[], pipeline: P): Promise<{ code: number; stdout: string; stderr: string }> {
  const [node, ...rest] = pipeline.connectlessCommand() as [string, ...string[]]
  return new Promise((resolve, reject) => {
    const child = spawn(node, [...rest, ...args], { cwd: projectRoot, stdio: ['ignore', 'pipe', 'pipe'] })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (c: Buffer) => {
      stdout += c.toString('utf8')
    })
    child.stderr.on('data', (c: Buffer) => {
      stderr += c.toString('utf8')
    })
    child.on('error', reject)
    child.on('close', (code) => resolve({ code: code ?? 1, stdout, stderr }))
  })
}

interface DemoState {
  readonly injected: Pipeline.Injected
  readonly startedAt: string
}

function readState(): DemoState | null {
  const path = join(DEMO_DIR, STATE_FILE)
  return existsSync(path) ? (JSON.parse(readFileSync(path, 'utf8')) as DemoState) : null
}

const LAKE_VIEW = (lakeDir: string, topic: string) =>
  `CREATE OR REPLACE VIEW lake AS SELECT * FROM read_parquet('${join(lakeDir, 'topics', topic).replaceAll("'", "''")}/**/*.parquet', hive_partitioning = true)`

async function lakeQuery(p: P, s: Pipeline.DemoSettings, lake: Pipeline.Lake, sql: string): Promise<string[]> {
  const keys = await p.parquetKeys(s)
  if (keys.length === 0) return ['  (no Parquet files yet)']
  await lake.sync(s, keys)
  await lake.rows(LAKE_VIEW(lake.dir, p.topicOf(s, 'orders')))
  const rows = await lake.rows(sql)
  const columns = Object.keys(rows[0] ?? {})
  if (columns.length === 0) return ['  (no rows)']
  const cell = (v: unknown) =>
    v === null || v === undefined ? 'NULL' : typeof v === 'object' ? JSON.stringify(v) : String(v)
  return table([columns, ...rows.map((r) => columns.map((c) => cell(r[c])))])
}

const QUERY_BY_STATUS =
  'SELECT status, count(*) AS orders, sum(amount) AS amount, min(order_id) AS first_order, max(order_id) AS last_order FROM lake GROUP BY status ORDER BY orders DESC'
const QUERY_SAMPLE =
  'SELECT year, month, day, order_id, customer_id, email, amount, status, event_time FROM lake ORDER BY order_id LIMIT 3'

async function report(
  p: P,
  s: Pipeline.DemoSettings,
  lake: Pipeline.Lake,
  snap: Pipeline.Snapshot,
  injected: Pipeline.Injected,
): Promise<void> {
  const paths = p.demoPaths(s.dir)
  const cli = p.shown(paths.cli)
  const worker = p.shown(paths.worker)

  out(`Connectors: GET ${p.restUrl(s)}/connectors?expand=status`)
  try {
    const status = await p.connectorStatus(s)
    for (const [name, c] of Object.entries(status)) out(`  ${name}: ${JSON.stringify(c.status)}`)
  } catch (e) {
    out(`  the REST API does not answer: ${e instanceof Error ? e.message : String(e)}`)
  }
  out()

  out('PostgreSQL → Kafka → S3 and OpenSearch')
  const orders = p.topicOf(s, 'orders')
  const payments = p.topicOf(s, 'payments')
  out(
    table(
      [
        ['table', 'rows', 'topic', 'records', 'S3 Parquet rows', 'OpenSearch documents'],
        ...p.TABLES.map((t) => [
          t,
          n(snap.rows[t]),
          p.topicOf(s, t),
          n(snap.records[t]),
          t === 'orders' ? n(snap.s3.parquetRows) : '-',
          t === 'orders'
            ? `${n(snap.documents.orders)} (index ${p.indexOf(orders)})`
            : t === 'payments'
              ? `${n(snap.documents.payments)} (index ${p.indexOf(payments)})`
              : '-',
        ]),
      ],
      [1, 3, 4],
    ).join('\n'),
  )
  out()

  out(`S3: s3://${s.bucket} on moto (${s.endpoints.aws.endpoint}), ${snap.s3.keys.length} Parquet file(s)`)
  for (const key of snap.s3.keys) out(`  ${key}`)
  out()

  out(`DuckDB over the lake (the files, downloaded to ${p.shown(paths.lake)}/, as the view lake):`)
  out(`  ${QUERY_BY_STATUS}`)
  for (const line of await lakeQuery(p, s, lake, QUERY_BY_STATUS)) out(line)
  out(`  ${QUERY_SAMPLE}`)
  for (const line of await lakeQuery(p, s, lake, QUERY_SAMPLE)) out(line)
  out()

  out(
    `Dead letter queue: ${s.quarantineTopic} holds ${n(snap.quarantine.records)} records (${injected.good} good copies of ${orders} records, ${injected.poison.length} poison);`,
  )
  out(
    `  ${s.names.dlq} indexed ${n(snap.quarantine.documents)} into ${p.indexOf(s.quarantineTopic)} and sent ${n(snap.dlq)} to ${s.dlqTopic}. Poison records: ${injected.poison.map((x) => x.what).join('; ')}.`,
  )
  out(`$ ${cli} dlq inspect --topic ${s.dlqTopic} --worker ${worker}`)
  const inspect = await runCli(['dlq', 'inspect', '--topic', s.dlqTopic, '--worker', paths.worker], p)
  for (const line of (inspect.code === 0 ? inspect.stdout : inspect.stderr).trimEnd().split('\n')) out(`  ${line}`)
  out()
}

function lookAround(p: P, s: Pipeline.DemoSettings): void {
  const paths = p.demoPaths(s.dir)
  const cli = p.shown(paths.cli)
  const worker = p.shown(paths.worker)
  const orders = p.topicOf(s, 'orders')
  const { host, port } = s.endpoints.postgres
  out('Everything keeps running. Look around:')
  const groups: Array<readonly [string, readonly string[]]> = [
    [
      'the Connect REST API, as a Connect worker answers it, and connectless status over it',
      [
        `curl -s '${p.restUrl(s)}/connectors?expand=status'`,
        `curl -s ${p.restUrl(s)}/connectors/${s.names.s3}/offsets`,
        `curl -s -X PUT ${p.restUrl(s)}/connectors/${s.names.search}/pause    # then /resume`,
        `${cli} status --worker ${worker}`,
      ],
    ],
    [
      'a new row, in Kafka within a second, then every count again',
      [
        `psql -h ${host} -p ${port} -U postgres ${s.database} -c "INSERT INTO orders (user_id, email, amount, status) VALUES (1, 'new@example.com', 42.00, 'paid')"`,
        'npm run demo -- report',
      ],
    ],
    [
      'the documents in OpenSearch, and DuckDB over the Parquet files (the view lake)',
      [
        `curl -s '${s.endpoints.opensearch}/${p.indexOf(orders)}/_search?size=2&pretty'`,
        'npm run demo -- sql "SELECT status, count(*) FROM lake GROUP BY 1"',
      ],
    ],
    [
      'the dead-letter records as JSON, and their original bytes replayed to another topic',
      [
        `${cli} dlq inspect --topic ${s.dlqTopic} --worker ${worker} --json`,
        `${cli} dlq replay --topic ${s.dlqTopic} --to ${p.replayTopicOf(s)} --worker ${worker}`,
      ],
    ],
    ["the runner's log", [`tail -f ${p.shown(paths.log)}`]],
  ]
  for (const [what, commands] of groups) {
    out(`  # ${what}`)
    for (const command of commands) out(`  ${command}`)
  }
  out(`Configs: ${p.shown(paths.worker)}, ${p.shown(paths.connectors)}/*.json (the seed's, changed as listed above).`)
  out(
    'Stop: npm run demo -- stop   (the runner, and the services the demo started; --services stops all four; the data stays until the next npm run demo)',
  )
}

async function up(p: P): Promise<number> {
  const t0 = Date.now()
  const s = p.seedSettings(DEMO_DIR)
  const paths = p.demoPaths(s.dir)
  out("connectless demo: the seed's connectors on the local stack")
  out()

  out(`1/7 Local services (${SERVICES.join(', ')}): infra/local/services.sh up`)
  const down = await downServices()
  if ((await services('up', SERVICES)) !== 0) throw new Error('the local services did not start (see above)')
  const started = [...new Set([...readStarted(), ...down])]
  const tServices = Date.now()
  out(
    `  ready in ${seconds(tServices - t0)}${down.length > 0 ? ` (started ${down.join(', ')})` : ' (already running)'}`,
  )

  out('2/7 Resetting what an earlier run left (runner, database, topics, indices, objects)')
  const stopping = new Progress('stopping the earlier runner (it finishes its batches in hand)')
  const wasRunning = p.runnerPid(s)
  await p.resetDemo(s, [SERVICES_FILE], (secs) => stopping.update(`${secs} s`))
  if (wasRunning !== null) stopping.done(`PID ${wasRunning} stopped`)
  writeFileSync(join(s.dir, SERVICES_FILE), `${started.join('\n')}\n`)

  out(
    `3/7 PostgreSQL: database ${s.database}, user ${s.role}, tables users, orders, payments with ${n(s.rows.initial.users)}, ${n(s.rows.initial.orders)} and ${n(s.rows.initial.payments)} rows`,
  )
  const password = p.newPassword()
  await p.createDatabase(s, password)
  await p.insertRows(s, s.rows.initial)

  out(`4/7 Configs in ${p.shown(s.dir)}/: the seed's, with these changes:`)
  const configs = p.writeConfigs(s, password)
  p.writeCliWrapper(s)
  for (const change of p.configChanges(s)) out(`  - ${change}`)
  await p.prepareKafkaAndS3(s)
  out(`  topics ${p.demoTopics(s).join(', ')} created; bucket ${s.bucket} on moto`)

  out(
    `5/7 Starting connectless standalone ${p.shown(configs.worker)} ${configs.connectors.map(p.shown).join(' ')} in the background`,
  )
  if (await p.portInUse(s.restPort)) {
    throw new Error(
      `port ${s.restPort} on 127.0.0.1 is in use (a Kafka Connect worker?), and the REST API needs it: stop that, or run CONNECTLESS_DEMO_REST_PORT=<port> npm run demo`,
    )
  }
  const pid = p.startRunner(s, configs)
  out(`  PID ${pid} (in ${p.shown(paths.pid)}), log ${p.shown(paths.log)}`)
  const waiting = new Progress('waiting for the REST API')
  await p.waitForRunner(s, pid, { onWait: (what) => waiting.update(what) })
  waiting.done(`${Object.keys(s.names).length} connectors RUNNING at ${p.restUrl(s)}`)

  out(
    `6/7 While it runs: ${n(s.rows.more.users)} users, ${n(s.rows.more.orders)} orders and ${n(s.rows.more.payments)} payments more; good and poison records into ${s.quarantineTopic}`,
  )
  await p.insertRows(s, s.rows.more)
  const injected = await p.injectQuarantine(s)
  writeFileSync(
    join(s.dir, STATE_FILE),
    `${JSON.stringify({ injected, startedAt: new Date(t0).toISOString() }, null, 2)}\n`,
  )

  out(
    '7/7 Waiting until every count agrees (the S3 sink closes a file at flush.size=1000 records, or rotate.interval.ms=60000 after its first record)',
  )
  const lake = await p.Lake.open(paths.lake)
  try {
    const counting = new Progress('counts')
    const { snap, converged, failed } = await p.waitForCounts(s, lake, injected, {
      onPoll: (_, left) => {
        if (left.length > 0) counting.update(left.join(', '))
      },
    })
    counting.done(
      converged
        ? `all agree after ${seconds(Date.now() - t0)}`
        : `still differ: ${p.pending(snap, injected).join(', ')} (see ${p.shown(paths.log)})`,
    )
    for (const f of failed) out(`  FAILED ${f}`)
    out()
    await report(p, s, lake, snap, injected)
    lookAround(p, s)
    out()
    out(
      `Report ready ${seconds(Date.now() - t0)} after npm run demo started (services ${seconds(tServices - t0)}, pipeline ${seconds(Date.now() - tServices)}).`,
    )
    return converged ? 0 : 1
  } finally {
    lake.close()
  }
}

async function reportAgain(p: P): Promise<number> {
  const s = p.seedSettings(DEMO_DIR)
  const state = readState()
  if (state === null || p.runnerPid(s) === null) {
    out('The demo is not running: npm run demo starts it.')
    return 1
  }
  const lake = await p.Lake.open(p.demoPaths(s.dir).lake)
  try {
    const snap = await p.snapshot(s, lake)
    const left = p.pending(snap, state.injected)
    out(left.length === 0 ? 'Every count agrees.' : `Still moving: ${left.join(', ')}`)
    out()
    await report(p, s, lake, snap, state.injected)
    return 0
  } finally {
    lake.close()
  }
}

async function sql(p: P, query: string): Promise<number> {
  const s = p.seedSettings(DEMO_DIR)
  const lake = await p.Lake.open(p.demoPaths(s.dir).lake)
  try {
    for (const line of await lakeQuery(p, s, lake, query)) out(line)
    return 0
  } finally {
    lake.close()
  }
}

async function stop(p: P, all: boolean): Promise<number> {
  const s = p.seedSettings(DEMO_DIR)
  const pid = p.runnerPid(s)
  const stopping = new Progress(`stopping connectless standalone (PID ${pid}): it finishes its batches in hand`)
  if (await p.stopRunner(s, { onWait: (secs) => stopping.update(`${secs} s`) }))
    stopping.done('stopped; offsets committed')
  else out('No demo runner is running.')
  const names = all ? [...SERVICES] : readStarted()
  if (names.length === 0) {
    out(
      'The services were running before the demo started, so they stay up (npm run demo -- stop --services stops them).',
    )
    return 0
  }
  out(`Stopping ${names.join(', ')}: infra/local/services.sh down`)
  const code = await services('down', names)
  if (code === 0 && existsSync(DEMO_DIR)) writeFileSync(join(DEMO_DIR, SERVICES_FILE), '')
  return code
}

export const demoCommand: Command = {
  name: 'demo',
  summary: "run the seed's connectors end to end on the local stack (npm run demo), and stop them",
  usage:
    'connectless demo [up]             start the local stack and the pipeline, print the report, leave it running\n' +
    '       connectless demo report          the counts and the report again\n' +
    '       connectless demo sql "QUERY"     DuckDB over the lake (the S3 sink\'s Parquet files, as the view lake)\n' +
    '       connectless demo stop [--services]  stop the runner (and the services the demo started, or all four)',
  async run(args) {
    const [action = 'up', ...rest] = args
    // the AWS SDK's notice that releases from 2027 need Node 22 is not for the demo's output (Node 20 is supported)
    process.env['AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED'] ??= 'true'
    // loaded here: DuckDB, pg and the AWS SDK are not for the other commands to load
    const p = await import('../demo/pipeline.js')
    switch (action) {
      case 'up':
        return up(p)
      case 'report':
        return reportAgain(p)
      case 'sql':
        if (rest.length === 0) throw new UsageError('sql expects a query, e.g. "SELECT count(*) FROM lake"')
        return sql(p, rest.join(' '))
      case 'stop':
        return stop(p, rest.includes('--services'))
      default:
        throw new UsageError(`unknown action '${action}'`)
    }
  },
}
