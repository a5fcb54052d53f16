/**
 * The Java differential harness (test/harness/java): Kafka Connect's own classes in a long-lived JVM,
 * spoken to in JSON lines. `startJavaHarness()` builds it once per content hash into
 * ~/.cache/connectless/harness-<hash> (outside the clone, so fresh clones reuse it), spawns it, and
 * returns a client whose `request` sends one op and resolves with its response.
 *
 * Connect values and schemas cross the wire in the typed form that Harness.java documents;
 * `describeSchema` and `describeValue` write ours in that form, so the two sides compare as JSON.
 */
import { type ChildProcessWithoutNullStreams, execFileSync, spawn } from 'node:child_process'
import { createHash } from 'node:crypto'
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs'
import { homedir } from 'node:os'
import { dirname, join, relative } from 'node:path'
import { createInterface } from 'node:readline'
import { fileURLToPath } from 'node:url'
import {
  BigDecimal,
  Float32,
  Int8,
  Int16,
  Int32,
  BigInteger as JavaBigInteger,
} from '../../layers/runtime/data/index.js'
import type { Schema } from '../../layers/runtime/data/schema.js'
import { Struct } from '../../layers/runtime/data/struct.js'
import { javaDoubleToString, javaFloatToString, Type } from '../../layers/runtime/data/values.js'

export const HARNESS_SOURCE_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', 'harness', 'java')

/** A JSON value as the harness speaks it. */
export type Json = null | boolean | number | string | Json[] | { [key: string]: Json }

export interface HarnessError {
  readonly class: string
  readonly message: string | null
  readonly cause: HarnessError | null
}

export interface HarnessResponse {
  readonly id: number
  readonly ok: boolean
  /** Where a failure happened: `toConnect`, `fromConnect`, `protocol` or `harness`. */
  readonly stage?: string
  readonly error?: HarnessError
  readonly [key: string]: Json | HarnessError | undefined
}

export interface JavaHarness {
  /** Sends one op (`{ op: 'json.roundtrip', … }`) and resolves with its response; requests may overlap. */
  request(body: { readonly op: string; readonly [key: string]: Json }): Promise<HarnessResponse>
  /** Ends the JVM (closes its stdin, then waits for it to exit). */
  close(): Promise<void>
  readonly kafkaVersion: string
  readonly javaVersion: string
}

/** The JVM to run the harness on: $CONNECTLESS_HARNESS_JAVA, else Temurin 25 where installed, else `java`. */
export function harnessJava(): string {
  const fromEnv = process.env['CONNECTLESS_HARNESS_JAVA']
  if (fromEnv) return fromEnv
  // a JDK 19+ prints doubles as the JDK 21 LTS does (shortest repr); JDK 17 differs in rare cases
  const temurin = '/usr/lib/jvm/temurin-25-jdk-amd64/bin/java'
  return existsSync(temurin) ? temurin : 'java'
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name)
    if (entry.isDirectory()) return entry.name === 'target' ? [] : sourceFiles(path)
    return [path]
  })
}

/** The cache directory for the harness as its sources are now (a hash of the pom and every source). */
export function harnessBuildDir(): string {
  const hash = createHash('sha256')
  for (const file of sourceFiles(HARNESS_SOURCE_DIR).sort()) {
    hash.update(relative(HARNESS_SOURCE_DIR, file))
    hash.update('\0')
    hash.update(readFileSync(file))
    hash.update('\0')
  }
  return join(homedir(), '.cache', 'connectless', `harness-${hash.digest('hex').slice(0, 16)}`)
}

/** Builds the harness unless this content hash is built already; returns its build directory. */
export function buildJavaHarness(): string {
  const dir = harnessBuildDir()
  if (existsSync(join(dir, 'ready'))) return dir
  mkdirSync(dirname(dir), { recursive: true })
  // build beside it and rename, so two test workers building at once never see half a build
  const tmp = `${dir}.tmp-${process.pid}-${Date.now()}`
  try {
    execFileSync(
      'mvn',
      ['-q', '-B', '-f', join(HARNESS_SOURCE_DIR, 'pom.xml'), `-Dharness.buildDir=${tmp}`, 'package'],
      {
        stdio: ['ignore', 'pipe', 'pipe'],
        maxBuffer: 64 * 1024 * 1024,
      },
    )
  } catch (error) {
    rmSync(tmp, { recursive: true, force: true })
    const { stdout, stderr } = error as { stdout?: Buffer; stderr?: Buffer }
    throw new Error(`building the Java harness failed:\n${String(stdout ?? '')}${String(stderr ?? '')}`, {
      cause: error,
    })
  }
  writeFileSync(join(tmp, 'ready'), new Date().toISOString())
  try {
    renameSync(tmp, dir)
  } catch (error) {
    if (!existsSync(join(dir, 'ready'))) throw error
    rmSync(tmp, { recursive: true, force: true })
  }
  return dir
}

/** Builds (if needed) and starts the harness; resolves once it has answered a ping. */
export async function startJavaHarness(
  options: { java?: string; jvmArgs?: readonly string[] } = {},
): Promise<JavaHarness> {
  const dir = buildJavaHarness()
  const classpath = `${join(dir, 'classes')}:${join(dir, 'lib', '*')}`
  const child = spawn(
    options.java ?? harnessJava(),
    [...(options.jvmArgs ?? []), '-cp', classpath, 'connectless.harness.Harness'],
    {
      stdio: ['pipe', 'pipe', 'pipe'],
    },
  )
  const client = new HarnessClient(child)
  const pong = await client.request({ op: 'ping' })
  if (!pong.ok) throw new Error(`the Java harness did not answer its ping: ${JSON.stringify(pong)}`)
  client.kafkaVersion = String(pong['kafkaVersion'])
  client.javaVersion = String(pong['javaVersion'])
  return client
}

class HarnessClient implements JavaHarness {
  kafkaVersion = ''
  javaVersion = ''
  private nextId = 1
  private readonly pending = new Map<number, { resolve: (r: HarnessResponse) => void; reject: (e: Error) => void }>()
  private stderr = ''
  private exited: Promise<void>
  private failure: Error | null = null

  constructor(private readonly child: ChildProcessWithoutNullStreams) {
    child.stderr.setEncoding('utf8')
    child.stderr.on('data', (chunk: string) => {
      this.stderr = (this.stderr + chunk).slice(-8192)
    })
    createInterface({ input: child.stdout }).on('line', (line) => this.onLine(line))
    this.exited = new Promise((resolve) => {
      child.on('exit', (code, signal) => {
        this.failAll(new Error(`the Java harness exited (${code ?? signal}); stderr: ${this.stderr}`))
        resolve()
      })
      child.on('error', (error) => {
        this.failAll(error)
        resolve()
      })
    })
  }

  private onLine(line: string): void {
    let response: HarnessResponse
    try {
      response = JSON.parse(line) as HarnessResponse
    } catch {
      this.stderr += `\n(unparsable stdout line: ${line})`
      return
    }
    const waiter = this.pending.get(response.id)
    if (!waiter) return
    this.pending.delete(response.id)
    waiter.resolve(response)
  }

  private failAll(error: Error): void {
    this.failure = error
    for (const waiter of this.pending.values()) waiter.reject(error)
    this.pending.clear()
  }

  request(body: { readonly op: string; readonly [key: string]: Json }): Promise<HarnessResponse> {
    if (this.failure) return Promise.reject(this.failure)
    const id = this.nextId++
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject })
      this.child.stdin.write(`${JSON.stringify({ ...body, id })}\n`)
    })
  }

  async close(): Promise<void> {
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.stdin.end()
    const timer = setTimeout(() => this.child.kill('SIGKILL'), 10_000)
    await this.exited
    clearTimeout(timer)
  }
}

// --- our values in the harness's typed form ----------------------------------------------------

/** A Connect schema in the harness's form (Harness.Schemas.describe). */
export function describeSchema(schema: Schema | null): Json {
  if (schema === null) return null
  return {
    type: schema.type.toUpperCase(),
    optional: schema.optional,
    name: schema.name,
    version: schema.version,
    doc: schema.doc,
    parameters: schema.parameters === null ? null : Object.entries(schema.parameters).map(([k, v]) => [k, v]),
    default: describeValue(schema, schema.defaultValue),
    fields: schema.type === Type.STRUCT ? schema.fields.map((f) => [f.name, describeSchema(f.schema)]) : null,
    keySchema: schema.type === Type.MAP ? describeSchema(schema.keySchema) : null,
    valueSchema: schema.type === Type.MAP || schema.type === Type.ARRAY ? describeSchema(schema.valueSchema) : null,
  }
}

const base64 = (bytes: Uint8Array): string =>
  Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64')

/**
 * A Connect value in the harness's typed form (Harness.Typed.describe): the schema says the Java class of
 * a plain number; without one, values.ts's representation does.
 */
export function describeValue(schema: Schema | null, value: unknown): Json {
  if (value === null || value === undefined) return null
  if (typeof value === 'boolean' || typeof value === 'string') return value
  if (value instanceof BigDecimal) return { decimal: value.toString() }
  if (value instanceof Date) return { date: String(value.getTime()) }
  if (value instanceof Uint8Array) return { bytes: base64(value) }
  if (value instanceof Int8) return { int8: value.value }
  if (value instanceof Int16) return { int16: value.value }
  if (value instanceof Int32) return { int32: value.value }
  if (value instanceof Float32) return { float32: javaFloatToString(value.value) }
  if (value instanceof JavaBigInteger) return { biginteger: value.value.toString() }
  if (typeof value === 'bigint') return { int64: value.toString() }
  if (typeof value === 'number') {
    switch (schema?.type) {
      case Type.INT8:
        return { int8: value }
      case Type.INT16:
        return { int16: value }
      case Type.INT32:
        return { int32: value }
      case Type.FLOAT32:
        return { float32: javaFloatToString(Math.fround(value)) }
      default:
        return { float64: javaDoubleToString(value) }
    }
  }
  if (Array.isArray(value)) return { array: value.map((v) => describeValue(schema?.valueSchema ?? null, v)) }
  if (value instanceof Map) {
    const entries: Json[] = []
    for (const [k, v] of value) {
      entries.push([describeValue(schema?.keySchema ?? null, k), describeValue(schema?.valueSchema ?? null, v)])
    }
    return { map: entries }
  }
  if (value instanceof Struct) {
    return {
      struct: value.schema.fields.map((f) => [f.name, describeValue(f.schema, value.getWithoutDefault(f))]),
      schema: describeSchema(value.schema),
    }
  }
  return { unknown: Object.prototype.toString.call(value), text: String(value) }
}

/**
 * A typed value with every map's entries in a fixed order (Java's HashMap order is not ours), for
 * comparing two sides' descriptions.
 */
export function canonicalTyped(value: Json): Json {
  if (Array.isArray(value)) return value.map(canonicalTyped)
  if (value === null || typeof value !== 'object') return value
  const out: { [key: string]: Json } = {}
  for (const [k, v] of Object.entries(value)) {
    if (k === 'map' && Array.isArray(v)) {
      const entries = v.map(canonicalTyped)
      entries.sort((a, b) => {
        const ka = JSON.stringify(a)
        const kb = JSON.stringify(b)
        return ka < kb ? -1 : ka > kb ? 1 : 0
      })
      out[k] = entries
    } else {
      out[k] = canonicalTyped(v)
    }
  }
  return out
}
