/**
 * The S3 sink task under test: Confluent's TopicPartitionWriterTest setup (flush.size 3, the
 * `record` schema, partition 12 of `test-topic`, America/Los_Angeles), an in-memory S3 with the
 * same write-once semantics as S3Storage, a recording errant record reporter, and a `deliver` that
 * does what the sink runtime does with a batch: put, then flush with each partition's next offset.
 */
import { createHash } from 'node:crypto'
import { FormatClass, S3_STORAGE_CLASS } from '../../../functions/s3-sink/config.js'
import { S3SinkTask, type SinkStorage } from '../../../functions/s3-sink/s3-sink-task.js'
import type { PutFileOptions, PutOutcome } from '../../../functions/s3-sink/s3-storage.js'
import { type Schema, SchemaBuilder, Schemas } from '../../../layers/runtime/data/schema.js'
import { Struct } from '../../../layers/runtime/data/struct.js'
import { type Header, Headers } from '../../../layers/runtime/record/headers.js'
import { SinkRecord, TimestampType } from '../../../layers/runtime/record/record.js'
import type { ErrantRecordReporter, TopicPartitionOffsets } from '../../../layers/runtime/sink/sink-task.js'

export const TOPIC = 'test-topic'
export const PARTITION = 12
export const TOPICS_DIR = 'topics'

/** Confluent's S3SinkConnectorTestBase properties, with JSON files so that tests can read them. */
export function props(extra: Record<string, string> = {}): Record<string, string> {
  return {
    name: 's3-sink-test',
    'connector.class': 'io.confluent.connect.s3.S3SinkConnector',
    topics: TOPIC,
    'storage.class': S3_STORAGE_CLASS,
    's3.bucket.name': 'test-bucket',
    'format.class': FormatClass.JSON,
    'flush.size': '3',
    'partition.field.name': 'int',
    'path.format': "'year'=YYYY_'month'=MM_'day'=dd_'hour'=HH",
    locale: 'en',
    timezone: 'America/Los_Angeles',
    ...extra,
  }
}

export const HOURLY = 'io.confluent.connect.storage.partitioner.HourlyPartitioner'
export const FIELD = 'io.confluent.connect.storage.partitioner.FieldPartitioner'
export const DAILY = 'io.confluent.connect.storage.partitioner.DailyPartitioner'

/** StorageSinkTestBase's `createSchema`, with `id` added so that files show which records they hold. */
export function recordSchema(version = 1): Schema {
  return SchemaBuilder.struct()
    .name('record')
    .version(version)
    .field('boolean', Schemas.BOOLEAN)
    .field('int', Schemas.INT32)
    .field('long', Schemas.INT64)
    .field('float', Schemas.FLOAT32)
    .field('double', Schemas.FLOAT64)
    .field('id', Schemas.INT64)
    .build()
}
export const SCHEMA = recordSchema()

/** `createRecord(schema, ibase, fbase)`; `id` is the offset the record will have. */
export function struct(ibase: number, id: number, schema: Schema = SCHEMA): Struct {
  return new Struct(schema)
    .put('boolean', true)
    .put('int', ibase)
    .put('long', BigInt(ibase))
    .put('float', Math.fround(12.2 + (ibase - 16)))
    .put('double', 12.2 + (ibase - 16))
    .put('id', BigInt(id))
}

export interface RecordOptions {
  readonly topic?: string
  readonly partition?: number
  readonly timestamp?: number | null
  readonly key?: unknown
  readonly keySchema?: Schema | null
  readonly headers?: Iterable<Header>
}

export function sinkRecord(
  offset: number,
  valueSchema: Schema | null,
  value: unknown,
  o: RecordOptions = {},
): SinkRecord {
  const timestamp = o.timestamp === undefined ? 0 : o.timestamp
  return new SinkRecord({
    topic: o.topic ?? TOPIC,
    kafkaPartition: o.partition ?? PARTITION,
    keySchema: o.keySchema === undefined ? Schemas.STRING : o.keySchema,
    key: o.key === undefined ? 'key' : o.key,
    valueSchema,
    value,
    kafkaOffset: offset,
    timestamp,
    timestampType: timestamp === null ? TimestampType.NO_TIMESTAMP_TYPE : TimestampType.CREATE_TIME,
    ...(o.headers === undefined ? {} : { headers: o.headers }),
  })
}

/** `createRecordBatches(schema, batchSize, batchesNum)` as sink records with offsets from `start`. */
export function batches(batchSize: number, batchesNum: number, start = 0, o: RecordOptions = {}): SinkRecord[] {
  const out: SinkRecord[] = []
  for (let b = 0; b < batchesNum; b++) {
    for (let i = 0; i < batchSize; i++) {
      const offset = start + out.length
      out.push(sinkRecord(offset, SCHEMA, struct(16 + i, offset), o))
    }
  }
  return out
}

/** Records with `ids` as offsets, all with `int` 16 (one folder under FieldPartitioner). */
export function offsets(ids: readonly number[], o: RecordOptions = {}): SinkRecord[] {
  return ids.map((id) => sinkRecord(id, SCHEMA, struct(16, id), o))
}

export function range(from: number, to: number): number[] {
  return Array.from({ length: to - from }, (_, i) => from + i)
}

export function sampleHeaders(): Headers {
  return new Headers()
    .add('first-header-key', 'first-header-value', Schemas.STRING)
    .add('second-header-key', 8n, Schemas.INT64)
    .add('third-header-key', 6.5, Schemas.FLOAT32)
}

/** S3 in memory, with S3Storage's write-once semantics (same bytes: unchanged; other bytes: replaced). */
export class MemoryStorage implements SinkStorage {
  readonly objects = new Map<string, Uint8Array>()
  readonly tags = new Map<string, Record<string, string>>()
  readonly log: string[] = []
  bucket = true
  /** Called before each request: throw to make it fail. */
  failBefore: ((op: string, key: string) => void) | null = null

  async bucketExists(): Promise<boolean> {
    return this.bucket
  }

  async putFile(key: string, bytes: Uint8Array, options: PutFileOptions = {}): Promise<PutOutcome> {
    this.failBefore?.('putFile', key)
    this.log.push(`put ${key}`)
    const existing = this.objects.get(key)
    this.objects.set(key, Uint8Array.from(bytes))
    if (options.tags !== undefined) this.tags.set(key, { ...options.tags })
    if (existing === undefined) return 'created'
    return digest(existing) === digest(bytes) ? 'unchanged' : 'replaced'
  }

  async getText(key: string): Promise<string | null> {
    this.failBefore?.('getText', key)
    const bytes = this.objects.get(key)
    return bytes === undefined ? null : Buffer.from(bytes).toString('utf8')
  }

  async putText(key: string, text: string): Promise<void> {
    this.failBefore?.('putText', key)
    this.log.push(`manifest ${key}`)
    this.objects.set(key, Buffer.from(text, 'utf8'))
  }

  async deleteObjects(keys: readonly string[]): Promise<void> {
    for (const key of keys) {
      this.failBefore?.('delete', key)
      this.log.push(`delete ${key}`)
      this.objects.delete(key)
    }
  }

  close(): void {}

  /** Data files (not manifests), sorted by key. */
  dataKeys(): string[] {
    return [...this.objects.keys()].filter((k) => !isManifest(k)).sort()
  }

  text(key: string): string {
    const bytes = this.objects.get(key)
    if (bytes === undefined) throw new Error(`no object ${key}`)
    return Buffer.from(bytes).toString('utf8')
  }

  /** The JSON lines of a file. */
  lines(key: string): Array<Record<string, unknown>> {
    return this.text(key)
      .split('\n')
      .filter((l) => l !== '')
      .map((l) => JSON.parse(l) as Record<string, unknown>)
  }

  /** The `id`s in a JSON data file. */
  ids(key: string): number[] {
    return this.lines(key).map((l) => Number(l['id']))
  }

  /** Every `id` in every data file with `extension`, sorted. */
  allIds(extension = '.json'): number[] {
    return this.dataKeys()
      .filter((k) => k.endsWith(extension))
      .flatMap((k) => this.ids(k))
      .sort((a, b) => a - b)
  }
}

export function isManifest(key: string): boolean {
  return key.startsWith('_connectless/') || key.includes('/_connectless/')
}

function digest(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex')
}

export interface Reported {
  readonly record: SinkRecord
  readonly error: unknown
}

export interface Harness {
  readonly task: S3SinkTask
  readonly storage: MemoryStorage
  readonly reported: Reported[]
}

/** A started task on in-memory storage; `reporter: false` starts it without an errant record reporter. */
export async function startTask(
  config: Record<string, string>,
  options: { reporter?: false | ErrantRecordReporter; storage?: MemoryStorage; now?: () => number } = {},
): Promise<Harness> {
  const storage = options.storage ?? new MemoryStorage()
  const reported: Reported[] = []
  const reporter: ErrantRecordReporter = {
    report: async (record, error) => {
      reported.push({ record, error })
    },
  }
  const task = new S3SinkTask({ storage: () => storage, ...(options.now ? { now: options.now } : {}) })
  await task.start({
    connector: config['name'] ?? 's3-sink-test',
    taskId: 0,
    config,
    errantRecordReporter: options.reporter === false ? null : (options.reporter ?? reporter),
    remainingTimeMs: () => 60_000,
  })
  return { task, storage, reported }
}

/** Each topic-partition's next offset after `records`, as the runtime passes it to flush. */
export function nextOffsets(
  records: readonly SinkRecord[],
  also: ReadonlyArray<{ topic: string; partition: number; next: number; first?: number }> = [],
): TopicPartitionOffsets {
  const out = new Map<string, { topic: string; partition: number; next: number; first?: number }>()
  for (const r of records) {
    const topic = r.topic ?? ''
    const partition = r.kafkaPartition ?? 0
    const key = `${topic}-${partition}`
    out.set(key, { topic, partition, first: out.get(key)?.first ?? r.kafkaOffset, next: r.kafkaOffset + 1 })
  }
  for (const a of also) out.set(`${a.topic}-${a.partition}`, a)
  return out
}

/** One batch as the runtime hands it over: put, then flush. */
export async function deliver(task: S3SinkTask, records: readonly SinkRecord[]): Promise<void> {
  await task.put(records)
  await task.flush(nextOffsets(records))
}

/** `topics/test-topic/<encodedPartition>/test-topic+12+<offset padded to width><extension>`. */
export function fileKey(encodedPartition: string, offset: number, extension = '.json', width = 10): string {
  return `${TOPICS_DIR}/${TOPIC}/${encodedPartition}/${TOPIC}+${PARTITION}+${String(offset).padStart(width, '0')}${extension}`
}
