/**
 * Parquet writers for the S3 sink, compared: connectless's ParquetFormat (hyparquet-writer 0.17.0,
 * snappy through hysnappy) against parquetjs-lite 0.8.7 (the design card's first choice).
 *
 *   npx tsx bench/parquet-writers.ts            # speed (10k and 100k rows of ~1 KB) and the correctness matrix
 *   npx tsx bench/parquet-writers.ts speed      # speed only
 *   npx tsx bench/parquet-writers.ts matrix     # correctness only
 *
 * Speed: each run is its own Node process (`run <writer> <rows>`): it generates seeded order rows,
 * writes them to a temp file and reports rows/s, MB/s of row data (JSON size), the file size and the
 * peak RSS (the kernel's VmHWM, which sees the synchronous row-group writes that a timer sampler
 * misses). Generation is timed separately and reported as the baseline.
 *
 * Correctness: each writer writes one small file per Connect type (int64 past 2^53, DECIMAL,
 * TIMESTAMP in UTC incl. before 1970, DATE, nested struct, list, map, optional) and each reader reads
 * it back: DuckDB (@duckdb/node-api), pyarrow (venv under ~/.cache/connectless) and parquet-java
 * (parquet-avro, test/harness/parquet-java). ✅ exact values and type, ⚠️ exact values but a weaker
 * type, ❌ an error or different values.
 */
import { execFileSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { loadParquetCompressors } from '../functions/s3-sink/format/codecs.js'
import { ParquetFormat } from '../functions/s3-sink/format/parquet-format.js'
import { ConnectDate, ConnectTimestamp, Decimal } from '../layers/runtime/data/logical.js'
import { type Schema, SchemaBuilder, Schemas } from '../layers/runtime/data/schema.js'
import { Struct } from '../layers/runtime/data/struct.js'
import { BigDecimal } from '../layers/runtime/data/values.js'
import { SinkRecord } from '../layers/runtime/record/record.js'
import { openDuckDb } from '../test/unit/s3-sink/format/duckdb.js'
import { buildJavaReader, javaRead } from '../test/unit/s3-sink/format/java-reader.js'
import { ensurePyarrow, pyarrowRead } from '../test/unit/s3-sink/format/pyarrow-reader.js'

const SELF = fileURLToPath(import.meta.url)
const require = createRequire(import.meta.url)

// --- parquetjs-lite, typed as far as this bench uses it ----------------------------------------------

interface ParquetjsWriter {
  appendRow(row: Record<string, unknown>): Promise<void>
  close(): Promise<void>
}
interface Parquetjs {
  ParquetSchema: new (fields: Record<string, unknown>) => unknown
  ParquetWriter: { openFile(schema: unknown, path: string, opts?: Record<string, unknown>): Promise<ParquetjsWriter> }
}
const parquetjs = require('parquetjs-lite') as Parquetjs

// --- seeded order rows of about 1 KB --------------------------------------------------------------------

function mulberry32(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

const WORDS = ['kraków', '東京', '✓', 'order', 'paid', 'shipped', 'lorem', 'ipsum', 'dolor', 'amet', 'Zürich', 'café']

interface OrderRow {
  id: bigint
  customer: string
  amountCents: bigint
  status: string | null
  updatedAt: number
  tags: string[]
  street: string
  zip: number
  payload: string
}

function* orderRows(count: number): Generator<OrderRow> {
  const rnd = mulberry32(42)
  for (let i = 0; i < count; i++) {
    const words: string[] = []
    let length = 0
    while (length < 700) {
      const w = WORDS[Math.floor(rnd() * WORDS.length)] as string
      words.push(w)
      length += w.length + 1
    }
    yield {
      id: BigInt(i) + 1_000_000_000_000n,
      customer: `customer-${Math.floor(rnd() * 100_000)}`,
      amountCents: BigInt(Math.floor((rnd() * 2 - 1) * 9_999_999_999)),
      status: rnd() < 0.1 ? null : (['NEW', 'PAID', 'SHIPPED'][Math.floor(rnd() * 3)] ?? 'NEW'),
      updatedAt: 1_700_000_000_000 + Math.floor(rnd() * 100_000_000_000),
      tags: Array.from({ length: Math.floor(rnd() * 4) }, (_, j) => `tag${j}-${Math.floor(rnd() * 50)}`),
      street: `${Math.floor(rnd() * 999)} Main Street`,
      zip: Math.floor(rnd() * 99_999),
      payload: words.join(' '),
    }
  }
}

const ADDRESS = SchemaBuilder.struct()
  .name('Address')
  .field('street', Schemas.STRING)
  .field('zip', Schemas.INT32)
  .build()
const ORDER = SchemaBuilder.struct()
  .name('Order')
  .field('id', Schemas.INT64)
  .field('customer', Schemas.STRING)
  .field('amount', Decimal.builder(2).parameter('connect.decimal.precision', '10').build())
  .field('status', Schemas.OPTIONAL_STRING)
  .field('updated_at', ConnectTimestamp.schema())
  .field('tags', SchemaBuilder.array(Schemas.STRING).build())
  .field('address', ADDRESS)
  .field('payload', Schemas.STRING)
  .build()

function orderRecord(r: OrderRow, offset: number): SinkRecord {
  const value = new Struct(ORDER)
    .put('id', r.id)
    .put('customer', r.customer)
    .put('amount', new BigDecimal(r.amountCents, 2))
    .put('status', r.status)
    .put('updated_at', new Date(r.updatedAt))
    .put('tags', r.tags)
    .put('address', new Struct(ADDRESS).put('street', r.street).put('zip', r.zip))
    .put('payload', r.payload)
  return new SinkRecord({
    topic: 'orders',
    kafkaPartition: 0,
    keySchema: null,
    key: null,
    valueSchema: ORDER,
    value,
    kafkaOffset: offset,
    timestamp: r.updatedAt,
  })
}

const SNAPPY = { compression: 'SNAPPY' }
const PARQUETJS_ORDER = {
  id: { type: 'INT64', ...SNAPPY },
  customer: { type: 'UTF8', ...SNAPPY },
  amount: { type: 'DOUBLE', ...SNAPPY }, // parquetjs-lite has no DECIMAL
  status: { type: 'UTF8', optional: true, ...SNAPPY },
  updated_at: { type: 'TIMESTAMP_MILLIS', ...SNAPPY },
  tags: { type: 'UTF8', repeated: true, ...SNAPPY },
  address: { fields: { street: { type: 'UTF8', ...SNAPPY }, zip: { type: 'INT32', ...SNAPPY } } },
  payload: { type: 'UTF8', ...SNAPPY },
}

function parquetjsRow(r: OrderRow): Record<string, unknown> {
  return {
    id: Number(r.id),
    customer: r.customer,
    amount: Number(r.amountCents) / 100,
    status: r.status ?? undefined,
    updated_at: new Date(r.updatedAt),
    tags: r.tags,
    address: { street: r.street, zip: r.zip },
    payload: r.payload,
  }
}

function rowBytes(r: OrderRow): number {
  return Buffer.byteLength(JSON.stringify({ ...r, id: String(r.id), amountCents: String(r.amountCents) }))
}

function peakRssMb(): number {
  const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync('/proc/self/status', 'utf8'))
  return m ? Number(m[1]) / 1024 : Number.NaN
}

type WriterName = 'hyparquet-writer' | 'parquetjs-lite' | 'generate-only'
const ROW_GROUP_ROWS = 10_000

/** One measured run, in this process. */
async function run(writer: WriterName, count: number): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'pq-bench-'))
  const path = join(dir, 'orders.parquet')
  let inputBytes = 0
  const start = performance.now()
  if (writer === 'hyparquet-writer') {
    const format = new ParquetFormat({
      codec: 'snappy',
      compressors: await loadParquetCompressors('snappy'),
      rowGroupRows: ROW_GROUP_ROWS,
    })
    const w = format.open(ORDER)
    let i = 0
    for (const r of orderRows(count)) {
      inputBytes += rowBytes(r)
      w.write(orderRecord(r, i++))
    }
    writeFileSync(path, w.finish())
  } else if (writer === 'parquetjs-lite') {
    const w = await parquetjs.ParquetWriter.openFile(new parquetjs.ParquetSchema(PARQUETJS_ORDER), path, {
      rowGroupSize: ROW_GROUP_ROWS,
    })
    for (const r of orderRows(count)) {
      inputBytes += rowBytes(r)
      await w.appendRow(parquetjsRow(r))
    }
    await w.close()
  } else {
    let i = 0
    for (const r of orderRows(count)) {
      inputBytes += rowBytes(r)
      orderRecord(r, i++)
    }
    writeFileSync(path, '')
  }
  const seconds = (performance.now() - start) / 1000
  const fileBytes = statSync(path).size
  rmSync(dir, { recursive: true, force: true })
  console.log(
    JSON.stringify({
      writer,
      rows: count,
      seconds,
      rowsPerSec: count / seconds,
      mbPerSec: inputBytes / 1e6 / seconds,
      inputMb: inputBytes / 1e6,
      fileMb: fileBytes / 1e6,
      peakRssMb: peakRssMb(),
    }),
  )
}

interface RunResult {
  writer: WriterName
  rows: number
  rowsPerSec: number
  mbPerSec: number
  fileMb: number
  peakRssMb: number
  inputMb: number
}

function measure(writer: WriterName, rows: number): RunResult {
  const out = execFileSync(process.execPath, [...process.execArgv, SELF, 'run', writer, String(rows)], {
    encoding: 'utf8',
  })
  return JSON.parse(out.trim().split('\n').at(-1) ?? '{}') as RunResult
}

function speed(): string {
  const lines = [
    '| Writer | Rows | Best rows/s | Median rows/s | MB/s (best) | Peak RSS MB (runs) | File MB |',
    '|---|---:|---:|---:|---:|---:|---:|',
  ]
  for (const rows of [10_000, 100_000]) {
    for (const writer of ['generate-only', 'hyparquet-writer', 'parquetjs-lite'] as const) {
      const runs = [measure(writer, rows), measure(writer, rows), measure(writer, rows)].sort(
        (a, b) => b.rowsPerSec - a.rowsPerSec,
      )
      const best = runs[0] as RunResult
      const median = runs[1] as RunResult
      const rss = runs.map((r) => r.peakRssMb.toFixed(0)).join('/')
      lines.push(
        `| ${writer} | ${rows} | ${best.rowsPerSec.toFixed(0)} | ${median.rowsPerSec.toFixed(0)} | ${best.mbPerSec.toFixed(1)} | ${rss} | ${writer === 'generate-only' ? '–' : best.fileMb.toFixed(2)} |`,
      )
    }
  }
  const input = measure('generate-only', 10_000)
  lines.push(
    '',
    `Row data: ${(input.inputMb / 10).toFixed(2)} MB per 10k rows as JSON (≈ ${((input.inputMb * 1e6) / 10_000).toFixed(0)} bytes a row); snappy; row groups of ${ROW_GROUP_ROWS} rows.`,
  )
  return lines.join('\n')
}

// --- correctness matrix -------------------------------------------------------------------------------

interface TypeCase {
  readonly name: string
  readonly connect: Schema
  readonly values: readonly unknown[]
  readonly parquetjs: Record<string, unknown> | null
  readonly parquetjsValues: readonly unknown[]
  /** The values every reader must give, canonical (int64 and decimals as strings, timestamps as epoch-ms strings, dates as days). */
  readonly expected: readonly unknown[]
  /** DuckDB SQL over column v giving the canonical value, and the type it must have. */
  readonly duckdb: { readonly sql: string; readonly type: RegExp }
  /** pyarrow's type, as a pattern. */
  readonly arrowType: RegExp
}

const DAY = 86_400_000
const TS = [Date.UTC(1965, 2, 7, 0, 0, 0, 1), 0, Date.UTC(2026, 10, 29, 12, 0, 0, 1)]
const CASES: TypeCase[] = [
  {
    name: 'int64 > 2^53',
    connect: Schemas.INT64,
    values: [9007199254740993n, -5n, 0n],
    parquetjs: { type: 'INT64' },
    parquetjsValues: [9007199254740993n, -5, 0],
    expected: ['9007199254740993', '-5', '0'],
    duckdb: { sql: 'v::VARCHAR', type: /^BIGINT$/ },
    arrowType: /^int64$/,
  },
  {
    name: 'DECIMAL(10,2)',
    connect: Decimal.builder(2).parameter('connect.decimal.precision', '10').build(),
    values: [BigDecimal.parse('99999999.99'), BigDecimal.parse('-0.01'), BigDecimal.parse('0.29')],
    parquetjs: { type: 'DOUBLE' },
    parquetjsValues: [99999999.99, -0.01, 0.29],
    expected: ['99999999.99', '-0.01', '0.29'],
    duckdb: { sql: 'v::VARCHAR', type: /^DECIMAL\(10,2\)$/ },
    arrowType: /^decimal128\(10, 2\)$/,
  },
  {
    name: 'TIMESTAMP (UTC, 1965)',
    connect: ConnectTimestamp.schema(),
    values: TS.map((t) => new Date(t)),
    parquetjs: { type: 'TIMESTAMP_MILLIS' },
    parquetjsValues: TS.map((t) => new Date(t)),
    expected: TS.map(String),
    duckdb: { sql: 'epoch_ms(v)::VARCHAR', type: /^TIMESTAMP WITH TIME ZONE$/ },
    arrowType: /^timestamp\[ms, tz=UTC\]$/,
  },
  {
    name: 'DATE',
    connect: ConnectDate.schema(),
    values: [-1760, 0, 20786].map((d) => new Date(d * DAY)),
    parquetjs: { type: 'DATE' },
    parquetjsValues: [-1760, 0, 20786].map((d) => new Date(d * DAY)),
    expected: [-1760, 0, 20786],
    duckdb: { sql: "(v - DATE '1970-01-01')::INTEGER", type: /^DATE$/ },
    arrowType: /^date32\[day\]$/,
  },
  {
    name: 'nested struct',
    connect: ADDRESS,
    values: [
      new Struct(ADDRESS).put('street', 'a').put('zip', 1),
      new Struct(ADDRESS).put('street', '').put('zip', -1),
      new Struct(ADDRESS).put('street', '東京').put('zip', 0),
    ],
    parquetjs: { fields: { street: { type: 'UTF8' }, zip: { type: 'INT32' } } },
    parquetjsValues: [
      { street: 'a', zip: 1 },
      { street: '', zip: -1 },
      { street: '東京', zip: 0 },
    ],
    expected: [
      { street: 'a', zip: 1 },
      { street: '', zip: -1 },
      { street: '東京', zip: 0 },
    ],
    duckdb: { sql: 'to_json(v)::VARCHAR', type: /^STRUCT\(street VARCHAR, zip INTEGER\)$/ },
    arrowType: /^struct<street: string( not null)?, zip: int32( not null)?>$/,
  },
  {
    name: 'list<string>',
    connect: SchemaBuilder.array(Schemas.STRING).build(),
    values: [['a', 'b'], [], ['']],
    parquetjs: { type: 'UTF8', repeated: true },
    parquetjsValues: [['a', 'b'], [], ['']],
    expected: [['a', 'b'], [], ['']],
    duckdb: { sql: 'v', type: /^VARCHAR\[\]$/ },
    arrowType: /^list<.*string.*>$/,
  },
  {
    name: 'map<string,int32>',
    connect: SchemaBuilder.map(Schemas.STRING, Schemas.INT32).build(),
    values: [
      new Map([['k', 1]]),
      new Map(),
      new Map([
        ['a', 2],
        ['b', 3],
      ]),
    ],
    parquetjs: null, // no MAP type
    parquetjsValues: [],
    expected: [{ k: 1 }, {}, { a: 2, b: 3 }],
    duckdb: {
      sql: "COALESCE(to_json(map_from_entries(list_sort(map_entries(v))))::VARCHAR, '{}')",
      type: /^MAP\(VARCHAR, INTEGER\)$/,
    },
    arrowType: /^map<string, int32/,
  },
  {
    name: 'optional string',
    connect: Schemas.OPTIONAL_STRING,
    values: ['x', null, ''],
    parquetjs: { type: 'UTF8', optional: true },
    parquetjsValues: ['x', undefined, ''],
    expected: ['x', null, ''],
    duckdb: { sql: 'v', type: /^VARCHAR$/ },
    arrowType: /^string$/,
  },
]

type Outcome = { ok: 'yes' | 'weak' | 'no'; note: string }

function normalise(v: unknown): unknown {
  if (typeof v === 'string' && v.startsWith('{')) return JSON.parse(v)
  return v
}

function judge(values: unknown[], expected: readonly unknown[], typeOk: boolean, typeText: string): Outcome {
  const same = JSON.stringify(values.map(normalise)) === JSON.stringify(expected)
  if (!same) return { ok: 'no', note: `got ${JSON.stringify(values).slice(0, 80)}` }
  return typeOk ? { ok: 'yes', note: '' } : { ok: 'weak', note: `type ${typeText}` }
}

async function writeCase(writer: 'hyparquet-writer' | 'parquetjs-lite', c: TypeCase, path: string): Promise<void> {
  if (writer === 'hyparquet-writer') {
    const schema = SchemaBuilder.struct().name('Case').field('v', c.connect).build()
    const w = new ParquetFormat({ codec: 'snappy', compressors: await loadParquetCompressors('snappy') }).open(schema)
    c.values.forEach((v, i) => {
      w.write(
        new SinkRecord({
          topic: 't',
          kafkaPartition: 0,
          keySchema: null,
          key: null,
          valueSchema: schema,
          value: new Struct(schema).put('v', v),
          kafkaOffset: i,
          timestamp: null,
        }),
      )
    })
    writeFileSync(path, w.finish())
    return
  }
  if (c.parquetjs === null) throw new Error('no such type in parquetjs-lite')
  const w = await parquetjs.ParquetWriter.openFile(new parquetjs.ParquetSchema({ v: c.parquetjs }), path)
  for (const v of c.parquetjsValues) await w.appendRow({ v })
  await w.close()
}

/** Java's and pyarrow's canonical forms, mapped to the matrix's. */
function javaCanonical(c: TypeCase, v: unknown): unknown {
  if (c.name === 'DECIMAL(10,2)' && typeof v === 'number') return String(v)
  if (c.name === 'int64 > 2^53' || c.name.startsWith('TIMESTAMP')) return v === null ? null : String(v)
  if (c.name === 'list<string>' && Array.isArray(v))
    return v.map((x) => (x !== null && typeof x === 'object' ? Object.values(x)[0] : x))
  return v
}

async function matrix(): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'pq-matrix-'))
  const db = await openDuckDb()
  const python = ensurePyarrow()
  const classPath = buildJavaReader()
  const lines = ['| Type | Writer | DuckDB | pyarrow | parquet-java (parquet-avro) |', '|---|---|---|---|---|']
  const cell = (o: Outcome) => `${o.ok === 'yes' ? '✅' : o.ok === 'weak' ? '⚠️' : '❌'}${o.note ? ` ${o.note}` : ''}`
  for (const c of CASES) {
    for (const writer of ['hyparquet-writer', 'parquetjs-lite'] as const) {
      const path = join(dir, `${writer}-${c.name.replace(/\W+/g, '_')}.parquet`)
      try {
        await writeCase(writer, c, path)
      } catch (e) {
        const reason = `write fails: ${String(e instanceof Error ? e.message : e).slice(0, 60)}`
        lines.push(`| ${c.name} | ${writer} | ❌ ${reason} | ❌ | ❌ |`)
        continue
      }
      let duck: Outcome
      try {
        const types = await db.rows(`DESCRIBE SELECT v FROM read_parquet('${path}')`)
        const type = String(types[0]?.['column_type'])
        const rows = await db.rows(`SELECT ${c.duckdb.sql} AS v FROM read_parquet('${path}')`)
        duck = judge(
          rows.map((r) => r['v']),
          c.expected,
          c.duckdb.type.test(type),
          type,
        )
      } catch (e) {
        duck = { ok: 'no', note: String(e instanceof Error ? e.message : e).slice(0, 80) }
      }
      let arrow: Outcome
      try {
        const read = pyarrowRead(python, path)
        const type = read.types['v'] ?? ''
        const values = read.rows.map((r) => {
          const v = r['v']
          if (c.name === 'DECIMAL(10,2)' && typeof v === 'number') return String(v)
          if (c.name === 'int64 > 2^53' && typeof v === 'number') return String(v)
          return v
        })
        arrow = judge(values, c.expected, c.arrowType.test(type), type)
      } catch (e) {
        arrow = {
          ok: 'no',
          note: String(e instanceof Error ? e.message : e)
            .split('\n')
            .slice(-2)
            .join(' ')
            .slice(0, 80),
        }
      }
      let java: Outcome
      try {
        const read = javaRead(classPath, 'parquet', path)
        const raw = read.records.map((r) => (r as Record<string, unknown>)['v'])
        const values = raw.map((v) => javaCanonical(c, v))
        // a decimal read as a Java double is a weaker type
        const typeOk = c.name !== 'DECIMAL(10,2)' || raw.every((v) => typeof v === 'string')
        java = judge(values, c.expected, typeOk, 'double')
      } catch (e) {
        java = { ok: 'no', note: String(e instanceof Error ? e.message : e).slice(0, 80) }
      }
      lines.push(`| ${c.name} | ${writer} | ${cell(duck)} | ${cell(arrow)} | ${cell(java)} |`)
    }
  }
  db.close()
  rmSync(dir, { recursive: true, force: true })
  return lines.join('\n')
}

async function main(): Promise<void> {
  const [mode, writer, rows] = process.argv.slice(2)
  if (mode === 'run') return run(writer as WriterName, Number(rows))
  if (mode === undefined || mode === 'speed') console.log(speed())
  if (mode === undefined || mode === 'matrix') console.log(`\n${await matrix()}`)
}

await main()
