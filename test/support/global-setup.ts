// Global setup: before any test file runs, start the local services that the run's integration tests need, and
// leave them running afterwards (starting the stack costs tens of seconds; `services.sh down` stops it).
//
// Which services: vitest 3 calls this with the TestProject only, but it has already recorded the files of the
// run (`vitest.state.getPaths()`, filled by TestRun.start just before the global setups run). Each file is read
// and its `requireServices('kafka', …)` calls give the names. A file under test/integration/ whose call cannot be
// read (no call, or arguments that are not string literals) asks for every service. A run without integration
// files (e.g. `vitest run test/unit`) starts nothing. If the state API is missing (it is marked experimental),
// every service starts as soon as the project has any file under test/integration/.
//
// It also provides the run id that test/support/names.ts builds names from (CONNECTLESS_TEST_RUN_ID sets it).
//
// This module runs in vitest's main process, where importing 'vitest' itself fails ("Vitest failed to access its
// internal state"); so it holds the service machinery that needs no vitest (names, starting, the run id), and
// services.ts / names.ts, which run inside test files, import it from here.
import { spawn } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { existsSync, readdirSync, readFileSync, readlinkSync, statSync } from 'node:fs'
import { dirname, relative, resolve, sep } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { TestProject, TestSpecification } from 'vitest/node'

declare module 'vitest' {
  export interface ProvidedContext {
    /** set by test/support/global-setup.ts: one id per vitest run */
    connectlessRunId: string
  }
}

export const SERVICE_NAMES = ['postgres', 'moto', 'kafka', 'registry', 'registry-auth', 'opensearch'] as const
export type ServiceName = (typeof SERVICE_NAMES)[number]

export function isServiceName(name: string): name is ServiceName {
  return (SERVICE_NAMES as readonly string[]).includes(name)
}

export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..')
export const SERVICES_SCRIPT = resolve(REPO_ROOT, 'infra/local/services.sh')
const LOCK_FILE = resolve(REPO_ROOT, '.infra/services.lock')

// --- starting services -------------------------------------------------------------------------------------

interface ScriptResult {
  code: number | null
  output: string
}

function runScript(args: string[], inheritOutput: boolean, timeoutMs: number): Promise<ScriptResult> {
  return new Promise((resolveRun, reject) => {
    const child = spawn('bash', [SERVICES_SCRIPT, ...args], {
      cwd: REPO_ROOT,
      stdio: inheritOutput ? ['ignore', 'inherit', 'inherit'] : ['ignore', 'pipe', 'pipe'],
    })
    let output = ''
    child.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString('utf8')
    })
    child.stderr?.on('data', (chunk: Buffer) => {
      output += chunk.toString('utf8')
    })
    const timer = setTimeout(() => {
      child.kill('SIGTERM')
      reject(new Error(`services.sh ${args.join(' ')} did not finish in ${Math.round(timeoutMs / 1000)} s\n${output}`))
    }, timeoutMs)
    child.on('error', (error) => {
      clearTimeout(timer)
      reject(error)
    })
    child.on('close', (code) => {
      clearTimeout(timer)
      resolveRun({ code, output })
    })
  })
}

/**
 * The PID recorded as the lock's owner, when the lock is held although no `services.sh` process has it open.
 *
 * services.sh takes `flock` on file descriptor 9 and starts the services while it holds it; the services inherit
 * that descriptor, so the lock outlives the script for as long as any service it started runs, and every later
 * `up` waits forever. Linux only (/proc/locks); returns undefined where it cannot tell.
 */
function leakedLockHolder(): number | undefined {
  try {
    if (!existsSync(LOCK_FILE)) return undefined
    const inode = statSync(LOCK_FILE).ino
    for (const line of readFileSync('/proc/locks', 'utf8').split('\n')) {
      // "8: FLOCK  ADVISORY  WRITE 4268 fe:00:5333613 0 EOF"
      const m = /^\d+:\s+FLOCK\s+\S+\s+WRITE\s+(\d+)\s+[0-9a-f]+:[0-9a-f]+:(\d+)\s/.exec(line)
      if (!m || Number(m[2]) !== inode) continue
      const pid = Number(m[1])
      for (const proc of readdirSync('/proc')) {
        if (!/^\d+$/.test(proc)) continue
        let cmdline = ''
        try {
          cmdline = readFileSync(`/proc/${proc}/cmdline`, 'utf8')
        } catch {
          continue
        }
        if (!cmdline.includes('services.sh')) continue
        // a services.sh process that has the lock file open may be the rightful holder, or waiting for it
        try {
          for (const fd of readdirSync(`/proc/${proc}/fd`)) {
            if (readlinkSync(`/proc/${proc}/fd/${fd}`) === LOCK_FILE) return undefined
          }
        } catch {}
      }
      return pid
    }
  } catch {}
  return undefined
}

interface Status {
  ready: boolean
  /** services.sh status output: one line a service */
  report: string
}

/** Whether every named service is up and ready, by `services.sh status` (which takes no lock). */
export async function servicesStatus(names: readonly ServiceName[]): Promise<Status> {
  if (names.length === 0) return { ready: true, report: '' }
  const { code, output } = await runScript(['status', ...names], false, 30_000)
  return { ready: code === 0, report: output.trim() }
}

/** Poll `services.sh status` until every named service is ready or `ms` passed. */
async function readyWithin(names: readonly ServiceName[], ms: number): Promise<Status> {
  const deadline = Date.now() + ms
  for (;;) {
    const status = await servicesStatus(names)
    if (status.ready || Date.now() >= deadline) return status
    await new Promise((resolve) => setTimeout(resolve, 500))
  }
}

export interface EnsureServicesOptions {
  /** show services.sh's progress lines (install, start, ready) on this process's stdout/stderr */
  inheritOutput?: boolean
  timeoutMs?: number
}

/**
 * Make sure the named services are up: `services.sh status` first (no lock, a fraction of a second), then
 * `services.sh up` for a stack where something is down. Throws with the script's output if that fails.
 */
export async function ensureServices(
  names: readonly ServiceName[],
  options: EnsureServicesOptions = {},
): Promise<void> {
  const wanted = SERVICE_NAMES.filter((s) => names.includes(s))
  if (wanted.length === 0) return
  // A ready check can fail for a moment on a service that runs fine: moto's (GET /moto-api/data.json, which
  // serialises all of moto's state) answers 500 for a while after a bucket that held objects was deleted. So a
  // failed check is repeated for a few seconds before anything is started.
  let status = await readyWithin(wanted, 5_000)
  if (status.ready) return
  const holder = leakedLockHolder()
  if (holder !== undefined) {
    // `up` cannot run (it would wait for the lock forever); a service that is only slow may still get ready
    status = await readyWithin(wanted, 60_000)
    if (status.ready) return
    throw new Error(
      `services.sh up ${wanted.join(' ')} would wait forever: ${LOCK_FILE} is still locked by the running ` +
        `services (they inherited the descriptor an earlier 'services.sh up' locked; lock owner PID ${holder}, no ` +
        `longer running). Stop the stack with 'bash infra/local/services.sh down' and run the tests again.\n` +
        status.report,
    )
  }
  const { code, output } = await runScript(
    ['up', ...wanted],
    options.inheritOutput ?? false,
    options.timeoutMs ?? 600_000,
  )
  if (code !== 0) {
    throw new Error(`bash infra/local/services.sh up ${wanted.join(' ')} failed (exit ${code})\n${output}`)
  }
}

/** `<base36 seconds><4 random base36>`, lowercase, 10 characters for the next decades */
export function newRunId(): string {
  const seconds = Math.floor(Date.now() / 1000).toString(36)
  const random = BigInt(`0x${randomBytes(4).toString('hex')}`)
    .toString(36)
    .padStart(4, '0')
    .slice(-4)
  return `${seconds}${random}`
}

// --- which services a run needs ----------------------------------------------------------------------------

function isIntegrationFile(file: string): boolean {
  const rel = relative(REPO_ROOT, file).split(sep).join('/')
  return rel.startsWith('test/integration/')
}

/** The service names a file asks for, or 'all' where its requireServices calls cannot be read statically. */
export function servicesOfFile(file: string): ServiceName[] | 'all' {
  let source: string
  try {
    source = readFileSync(file, 'utf8')
  } catch {
    return isIntegrationFile(file) ? 'all' : []
  }
  // drop whole-line comments, so a commented-out call does not count
  const code = source
    .split('\n')
    .filter((line) => !/^\s*(\/\/|\*|\/\*)/.test(line))
    .join('\n')
  const calls = [...code.matchAll(/\brequireServices\s*\(([^)]*)\)/g)]
  if (calls.length === 0) return isIntegrationFile(file) ? 'all' : []
  const names = new Set<ServiceName>()
  for (const call of calls) {
    const args = call[1] ?? ''
    const literals = [...args.matchAll(/'([^']*)'|"([^"]*)"/g)]
    const rest = args.replace(/'[^']*'|"[^"]*"/g, '').replace(/[\s,]/g, '')
    if (rest !== '') return 'all'
    for (const literal of literals) {
      const name = literal[1] ?? literal[2] ?? ''
      // an unknown name fails in the file itself, with requireServices' message
      if (isServiceName(name)) names.add(name)
    }
  }
  return [...names]
}

export function servicesOfFiles(files: readonly string[]): ServiceName[] {
  const wanted = new Set<ServiceName>()
  for (const file of files) {
    const names = servicesOfFile(file)
    if (names === 'all') return [...SERVICE_NAMES]
    for (const name of names) wanted.add(name)
  }
  return SERVICE_NAMES.filter((s) => wanted.has(s))
}

async function servicesOfRun(project: TestProject): Promise<ServiceName[]> {
  const state: unknown = project.vitest.state
  if (state && typeof (state as { getPaths?: unknown }).getPaths === 'function') {
    return servicesOfFiles((state as { getPaths(): string[] }).getPaths())
  }
  // fallback: every test file of the project, which may start services a filtered run does not need
  const specs = await project.vitest.globTestSpecifications()
  return specs.some((s) => isIntegrationFile(s.moduleId)) ? [...SERVICE_NAMES] : []
}

function runIdFromEnvironment(): string | undefined {
  const id = process.env.CONNECTLESS_TEST_RUN_ID
  if (id === undefined || id === '') return undefined
  if (!/^[a-z0-9]{1,16}$/.test(id)) {
    throw new Error(`CONNECTLESS_TEST_RUN_ID=${JSON.stringify(id)}: use 1-16 characters of [a-z0-9]`)
  }
  return id
}

async function start(names: ServiceName[]): Promise<void> {
  if (names.length === 0) return
  console.log(`[global-setup] making sure these services are up: ${names.join(' ')}`)
  await ensureServices(names, { inheritOutput: true })
}

export default async function setup(project: TestProject): Promise<void> {
  project.provide('connectlessRunId', runIdFromEnvironment() ?? newRunId())
  await start(await servicesOfRun(project))
  // watch mode: the global setup runs once; a rerun may bring in files that need other services
  project.onTestsRerun(async (specs: TestSpecification[]) => {
    await start(servicesOfFiles(specs.map((s) => s.moduleId)))
  })
  // no teardown: the services stay up for the next run
}
