/**
 * S3 sink throughput: MB/s, records/s and peak RSS of the S3 sink task (`put` + `flush`: partitioning,
 * rotation, schema checks, Connect values to Parquet columns or JSON lines, compression, file
 * hand-over) for 10k and 100k records of 1 KB, to Parquet with each codec and to JSON (plain and
 * gzip), beside the raw limit measured in the same run: the same rows written by the library alone
 * (hyparquet-writer given columns already in its input form; `JSON.stringify` of plain objects), no
 * connector logic.
 *
 * Records reach the task in batches of 10,000 (the most an event source mapping delivers), with
 * flush.size 10,000, so each batch is one file. Storage is in memory: S3 latency is not measured
 * here. Speed: for each cell one fresh process runs the connector and the raw writer in
 * alternating rounds after a 2,000-record warm-up of each, and the table shows the median round of
 * each (alternating in one process puts both under the same load on a shared machine). Peak RSS:
 * one fresh process per path and cell, so each number is that path's alone.
 *
 *   npm run bench:s3            # the table (15 rounds per 10k cell, 5 per 100k cell)
 *   npm run bench:s3 -- --quick # 1 round
 *
 * (Internal: `--speed <json>` and `--rss <json>` are the child processes.)
 */
import { execFileSync } from 'node:child_process'
import { performance } from 'node:perf_hooks'
import { gzipSync } from 'node:zlib'
import { ByteWriter, ParquetWriter } from 'hyparquet-writer'
import { FormatClass, type ParquetCodec, S3_STORAGE_CLASS } from '../functions/s3-sink/config.js'
import { loadParquetCompressors, parquetCodecName } from '../functions/s3-sink/format/codecs.js'
import { PAGE_SIZE } from '../functions/s3-sink/format/parquet-format.js'
import { toParquetSchema } from '../functions/s3-sink/format/parquet-schema.js'
import { compileConverter } from '../functions/s3-sink/format/parquet-values.js'
import { S3SinkTask, type SinkStorage } from '../functions/s3-sink/s3-sink-task.js'
import { JsonConverter } from '../layers/runtime/converters/json/json-converter.js'
import { ConnectTimestamp, Decimal } from '../layers/runtime/data/logical.js'
import { type Schema, SchemaBuilder, Schemas } from '../layers/runtime/data/schema.js'
import { Struct } from '../layers/runtime/data/struct.js'
import { BigDecimal } from '../layers/runtime/data/values.js'
import { SinkRecord } from '../layers/runtime/record/record.js'

const BATCH = 10_000
const WARMUP = 2_000
const RECORD_BYTES = 1024
const TOPIC = 'orders'

// --- the workload: 1 KB orders ----------------------------------------------------------------------

const ADDRESS = SchemaBuilder.struct()
  .name('orders.Address')
  .field('street', Schemas.STRING)
  .field('city', Schemas.STRING)
  .field('zip', Schemas.INT32)
  .build()
const ORDER: Schema = SchemaBuilder.struct()
  .name('orders.Value')
  .version(1)
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
const STATUSES = ['new', 'paid', 'shipped', 'delivered', 'returned']
const CITIES = ['Lisbon', 'Oslo', 'Kraków', 'Montréal', 'Osaka', 'Austin']

/** 64 KB of pseudo-random text; records take slices of it (flat strings, as a converter's output is). */
const TEXT = (() => {
  const alphabet = 'abcdefghijklmnopqrstuvwxyz0123456789 '
  const codes = new Uint8Array(64 * 1024)
  let a = 42
  for (let i = 0; i < codes.length; i++) {
    a = (Math.imul(a, 1103515245) + 12345) >>> 0
    codes[i] = alphabet.charCodeAt((a >>> 16) % alphabet.length)
  }
  return Buffer.from(codes).toString('latin1')
})()

function text(seed: number, length: number): string {
  const start = (seed * 7919) % (TEXT.length - length)
  return TEXT.slice(start, start + length)
}

function order(i: number, payloadLength: number): Struct {
  return new Struct(ORDER)
    .put('id', 1_000_000n + BigInt(i))
    .put('customer', `customer-${(i * 7919) % 100_000}`)
    .put('amount', new BigDecimal(BigInt((i * 104_729) % 10_000_000), 2))
    .put('status', i % 10 === 0 ? null : (STATUSES[i % STATUSES.length] as string))
    .put('updated_at', new Date(1_700_000_000_000 + i * 1000))
    .put('email', `user${i}@example.com`)
    .put(
      'address',
      new Struct(ADDRESS)
        .put('street', `${i % 999} ${text(i, 12)} street`)
        .put('city', CITIES[i % CITIES.length] as string)
        .put('zip', (i * 31) % 99_999),
    )
    .put('tags', ['alpha', 'beta', 'gamma'].slice(0, 1 + (i % 3)))
    .put('payload', text(i * 13, payloadLength))
}

/** The payload length that makes an order's JSON line (schemas off) about 1 KB. */
function payloadLength(): number {
  const json = new JsonConverter()
  json.configure({ 'schemas.enable': 'false' }, false)
  const probe = Buffer.from(json.fromConnectData(TOPIC, null, ORDER, order(1, 0)) as Uint8Array).length
  return RECORD_BYTES - 1 - probe
}

function records(start: number, count: number, payload: number): SinkRecord[] {
  const out = new Array<SinkRecord>(count)
  for (let i = 0; i < count; i++) {
    out[i] = new SinkRecord({
      topic: TOPIC,
      kafkaPartition: 0,
      keySchema: null,
      key: null,
      valueSchema: ORDER,
      value: order(start + i, payload),
      kafkaOffset: start + i,
      timestamp: 1_700_000_000_000 + start + i,
    })
  }
  return out
}

// --- one measurement (child process) --------------------------------------------------------------

interface Cell {
  readonly path: 'connector' | 'raw'
  readonly format: 'parquet' | 'json'
  /** A parquet.codec, or none / gzip for JSON. */
  readonly codec: string
  readonly records: number
}

/** A writer of one batch: returns the bytes it produced; only its time is measured. */
type BatchWriter = {
  prepare(batch: SinkRecord[]): unknown
  write(prepared: unknown, batch: SinkRecord[]): Promise<number>
}

async function connectorWriter(cell: Cell): Promise<BatchWriter> {
  let bytes = 0
  const storage: SinkStorage = {
    bucketExists: async () => true,
    putFile: async (_key, data) => {
      bytes += data.length
      return 'created'
    },
    getText: async () => null,
    putText: async () => {},
    deleteObjects: async () => {},
    close: () => {},
  }
  const task = new S3SinkTask({ storage: () => storage })
  await task.start({
    connector: 'bench',
    taskId: 0,
    config: {
      'connector.class': 'io.confluent.connect.s3.S3SinkConnector',
      'storage.class': S3_STORAGE_CLASS,
      's3.bucket.name': 'bench',
      'flush.size': String(BATCH),
      ...(cell.format === 'parquet'
        ? { 'format.class': FormatClass.PARQUET, 'parquet.codec': cell.codec }
        : { 'format.class': FormatClass.JSON, 's3.compression.type': cell.codec }),
    },
    errantRecordReporter: null,
    remainingTimeMs: () => 900_000,
  })
  return {
    prepare: () => null,
    write: async (_prepared, batch) => {
      const before = bytes
      await task.put(batch)
      const last = batch[batch.length - 1] as SinkRecord
      await task.flush(
        new Map([
          [`${TOPIC}-0`, { topic: TOPIC, partition: 0, first: batch[0]?.kafkaOffset ?? 0, next: last.kafkaOffset + 1 }],
        ]),
      )
      return bytes - before
    },
  }
}

async function rawParquetWriter(codec: ParquetCodec): Promise<BatchWriter> {
  const elements = toParquetSchema(ORDER)
  const columns = ORDER.fields.map((f) => ({ name: f.name, field: f, convert: compileConverter(f.schema) }))
  const compressors = await loadParquetCompressors(codec)
  return {
    // the columns in hyparquet-writer's input form, made by the connector's own converters (not timed)
    prepare: (batch) =>
      columns.map((c) => ({ name: c.name, data: batch.map((r) => c.convert((r.value as Struct).get(c.field))) })),
    write: async (prepared, batch) => {
      const writer = new ByteWriter()
      const pq = new ParquetWriter({ writer, schema: elements, codec: parquetCodecName(codec), compressors })
      await pq.write({
        columnData: prepared as { name: string; data: unknown[] }[],
        rowGroupSize: batch.length,
        pageSize: PAGE_SIZE,
      })
      await pq.finish()
      return writer.getBytes().length
    },
  }
}

function rawJsonWriter(gzip: boolean): BatchWriter {
  const json = new JsonConverter()
  json.configure({ 'schemas.enable': 'false' }, false)
  return {
    // plain objects holding what JsonFormat writes (not timed)
    prepare: (batch) =>
      batch.map((r) =>
        JSON.parse(Buffer.from(json.fromConnectData(TOPIC, null, ORDER, r.value) as Uint8Array).toString('utf8')),
      ),
    write: async (prepared) => {
      const objects = prepared as unknown[]
      let out = ''
      for (const o of objects) out += `${JSON.stringify(o)}\n`
      const bytes = Buffer.from(out, 'utf8')
      return (gzip ? gzipSync(bytes) : bytes).length
    },
  }
}

async function writerFor(cell: Cell): Promise<BatchWriter> {
  if (cell.path === 'connector') return connectorWriter(cell)
  return cell.format === 'parquet' ? rawParquetWriter(cell.codec as ParquetCodec) : rawJsonWriter(cell.codec === 'gzip')
}

/** Runs `count` records through a writer in batches; only the writer's own work is timed. */
async function run(writer: BatchWriter, count: number, payload: number): Promise<{ ms: number; outputBytes: number }> {
  let ms = 0
  let outputBytes = 0
  for (let start = 0; start < count; start += BATCH) {
    const batch = records(start, Math.min(BATCH, count - start), payload)
    const prepared = writer.prepare(batch)
    const t0 = performance.now()
    outputBytes += await writer.write(prepared, batch)
    ms += performance.now() - t0
  }
  return { ms, outputBytes }
}

/**
 * Speed: connector and raw in one process, in alternating rounds (each round runs one path, then the
 * other, the order flipping every round), so both see the same load; the median round of each.
 */
async function measureSpeed(cell: Omit<Cell, 'path'>, rounds: number): Promise<Speed> {
  const payload = payloadLength()
  const connector = await writerFor({ ...cell, path: 'connector' })
  const raw = await writerFor({ ...cell, path: 'raw' })
  // warm-up, at offsets the measured batches do not use
  const warm = records(10_000_000, WARMUP, payload)
  await connector.write(connector.prepare(warm), warm)
  await raw.write(raw.prepare(warm), warm)
  const connectorMs: number[] = []
  const rawMs: number[] = []
  let outputBytes = 0
  for (let i = 0; i < rounds; i++) {
    const order = i % 2 === 0 ? (['connector', 'raw'] as const) : (['raw', 'connector'] as const)
    for (const path of order) {
      const r = await run(path === 'connector' ? connector : raw, cell.records, payload)
      if (path === 'connector') {
        connectorMs.push(r.ms)
        outputBytes = r.outputBytes
      } else rawMs.push(r.ms)
    }
  }
  return { connectorMs: median(connectorMs), rawMs: median(rawMs), outputBytes }
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b)
  const mid = Math.floor(sorted.length / 2)
  return sorted.length % 2 === 1 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2
}

/** Peak RSS of one path, alone in its process. */
async function measureRss(cell: Cell): Promise<number> {
  const payload = payloadLength()
  const writer = await writerFor(cell)
  const warm = records(10_000_000, WARMUP, payload)
  await writer.write(writer.prepare(warm), warm)
  await run(writer, cell.records, payload)
  return process.resourceUsage().maxRSS / 1024
}

// --- the table (parent process) -------------------------------------------------------------------

interface Speed {
  readonly connectorMs: number
  readonly rawMs: number
  readonly outputBytes: number
}

function child<T>(mode: string, arg: unknown): T {
  const out = execFileSync(
    process.execPath,
    [...process.execArgv, process.argv[1] as string, mode, JSON.stringify(arg)],
    { encoding: 'utf8', maxBuffer: 16 * 1024 * 1024, env: { ...process.env, POWERTOOLS_LOG_LEVEL: 'ERROR' } },
  )
  return JSON.parse(out.trim().split('\n').pop() as string) as T
}

async function main(): Promise<void> {
  const args = process.argv.slice(2)
  if (args[0] === '--speed') {
    const { cell, rounds } = JSON.parse(args[1] as string) as { cell: Omit<Cell, 'path'>; rounds: number }
    process.stdout.write(`${JSON.stringify(await measureSpeed(cell, rounds))}\n`)
    return
  }
  if (args[0] === '--rss') {
    process.stdout.write(`${JSON.stringify(await measureRss(JSON.parse(args[1] as string) as Cell))}\n`)
    return
  }
  const quick = args.includes('--quick')
  const targets: Array<{ format: 'parquet' | 'json'; codec: string }> = [
    { format: 'parquet', codec: 'none' },
    { format: 'parquet', codec: 'snappy' },
    { format: 'parquet', codec: 'gzip' },
    { format: 'parquet', codec: 'zstd' },
    { format: 'json', codec: 'none' },
    { format: 'json', codec: 'gzip' },
  ]
  const mb = (n: number, ms: number) => (n * RECORD_BYTES) / 1e6 / (ms / 1000)
  const perSecond = (n: number, ms: number) => Math.round(n / (ms / 1000)).toLocaleString('en-US')
  console.log(
    [
      `S3 sink; Node ${process.version}; 1 KB records in batches of ${BATCH}; median of ${quick ? 1 : '15 (10k) / 5 (100k)'} alternating rounds per path`,
      '',
      '| records | format | codec | connector MB/s | connector records/s | connector peak RSS | raw MB/s | raw records/s | raw peak RSS | connector / raw | output |',
      '|---:|---|---|---:|---:|---:|---:|---:|---:|---:|---:|',
    ].join('\n'),
  )
  for (const count of [10_000, 100_000]) {
    for (const t of targets) {
      const cell = { format: t.format, codec: t.codec, records: count }
      const rounds = quick ? 1 : count <= 10_000 ? 15 : 5
      const speed = child<Speed>('--speed', { cell, rounds })
      const connectorRss = child<number>('--rss', { ...cell, path: 'connector' })
      const rawRss = child<number>('--rss', { ...cell, path: 'raw' })
      const row = [
        count.toLocaleString('en-US'),
        t.format === 'parquet' ? 'Parquet' : 'JSON',
        t.codec,
        mb(count, speed.connectorMs).toFixed(1),
        perSecond(count, speed.connectorMs),
        `${Math.round(connectorRss)} MB`,
        mb(count, speed.rawMs).toFixed(1),
        perSecond(count, speed.rawMs),
        `${Math.round(rawRss)} MB`,
        `${Math.round((speed.rawMs / speed.connectorMs) * 100)} %`,
        `${(speed.outputBytes / 1e6).toFixed(1)} MB`,
      ]
      console.log(`| ${row.join(' | ')} |`)
    }
  }
}

await main()
