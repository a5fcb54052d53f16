/**
 * Crash injection: ten connectors, 5,000 records each (50,000 in all), whose Lambda invocations die at
 * every step of a batch — before the upload manifest, after it, after some uploads, before the offset
 * commit, between two partitions' commits, after the commit — warm (the same runtime is invoked again)
 * or cold (a new one), plus one that keeps running out of time and commits what it finished. The
 * event source emulator delivers each failed batch again. DuckDB then counts exactly the records
 * produced, with no (partition, offset) twice: InsertField adds both to every row.
 */
import { beforeAll, describe, expect, it } from 'vitest'
import { FormatClass, type S3SinkConfig } from '../../../functions/s3-sink/config.js'
import { s3SinkPlugin } from '../../../functions/s3-sink/index.js'
import { S3SinkTask, type SinkStorage } from '../../../functions/s3-sink/s3-sink-task.js'
import { S3Storage, storageSettings } from '../../../functions/s3-sink/s3-storage.js'
import { createTopics, KafkaProducer } from '../../../layers/runtime/kafka/client.js'
import type { SinkOffsets } from '../../../layers/runtime/sink/sink-runtime.js'
import { topicName } from '../../support/names.js'
import { requireServices } from '../../support/services.js'
import {
  createBucket,
  createOffsetsTable,
  Duck,
  dataKeys,
  getBytes,
  kafka,
  readAvro,
  runConnector,
  s3Config,
  sqlList,
} from './fixture.js'

requireServices('kafka', 'moto')

const RECORDS = 5_000
const PARTITIONS = 3

type Step =
  | 'before-manifest'
  | 'before-uploads'
  | 'after-uploads'
  | 'before-commit'
  | 'between-commits'
  | 'after-commit'

interface Crash {
  readonly invocation: number
  readonly step: Step
  /** after-uploads: die once this many files are uploaded. */
  readonly files?: number
  /** The next invocation is a cold start. */
  readonly cold?: boolean
}

class InjectedCrash extends Error {}

/**
 * Kills invocations at the planned steps, in order: each crash fires the first time its step comes up
 * at or after its invocation. From there on, nothing of that invocation reaches S3 or DynamoDB.
 */
class Injector {
  invocation = 0
  crashes = 0
  private next = 0
  private firing: Crash | null = null
  private dead = false
  private uploads = 0
  private commits = 0

  constructor(private readonly plan: readonly Crash[]) {}

  begin(): void {
    this.invocation++
    this.dead = false
    this.firing = null
    this.uploads = 0
    this.commits = 0
  }

  private pending(step: Step): Crash | undefined {
    const p = this.plan[this.next]
    return p !== undefined && p.step === step && this.invocation >= p.invocation ? p : undefined
  }

  private fire(p: Crash): never {
    this.firing = p
    this.next++
    this.dead = true
    this.crashes++
    throw new InjectedCrash(`injected crash ${p.step} in invocation ${this.invocation}`)
  }

  private check(step: Step): void {
    if (this.dead) throw new InjectedCrash('the invocation is dead')
    const p = this.pending(step)
    if (p === undefined || (step === 'between-commits' && this.commits < 1)) return
    this.fire(p)
  }

  /** The invocation returned successfully: a crash planned after the commit fires now. */
  afterCommit(): void {
    const p = this.pending('after-commit')
    if (p !== undefined) this.fire(p)
  }

  /** Whether the invocation that just crashed is followed by a cold start. */
  get cold(): boolean {
    return this.firing?.cold === true
  }

  storage(inner: SinkStorage): SinkStorage {
    return {
      bucketExists: () => inner.bucketExists(),
      close: () => inner.close(),
      getText: async (key) => {
        this.check('before-manifest')
        return inner.getText(key)
      },
      putText: async (key, text) => {
        this.check('before-manifest')
        return inner.putText(key, text)
      },
      putFile: async (key, bytes, options) => {
        this.check('before-uploads')
        const outcome = await inner.putFile(key, bytes, options)
        this.uploads++
        const p = this.pending('after-uploads')
        if (p !== undefined && this.uploads >= (p.files ?? 1)) this.fire(p)
        return outcome
      },
      deleteObjects: (keys) => {
        this.check('before-uploads')
        return inner.deleteObjects(keys)
      },
    }
  }

  offsets(inner: SinkOffsets): SinkOffsets {
    return {
      committed: (partitions) => inner.committed(partitions),
      commit: async (topic, partition, next) => {
        this.check('before-commit')
        this.check('between-commits')
        const done = await inner.commit(topic, partition, next)
        this.commits++
        return done
      },
    }
  }
}

const RUNS: ReadonlyArray<{ name: string; plan: Crash[]; format?: string; functionTimeoutMs?: number }> = [
  { name: 'after the first upload', plan: [{ invocation: 2, step: 'after-uploads', files: 1 }] },
  { name: 'after two uploads, then cold', plan: [{ invocation: 3, step: 'after-uploads', files: 2, cold: true }] },
  { name: 'before the upload manifest', plan: [{ invocation: 1, step: 'before-manifest' }] },
  {
    name: 'after the manifest, before any upload, then cold',
    plan: [{ invocation: 2, step: 'before-uploads', cold: true }],
    format: FormatClass.JSON,
  },
  { name: 'before the offset commit', plan: [{ invocation: 2, step: 'before-commit' }] },
  {
    name: 'between two partitions\u2019 commits, then cold',
    plan: [{ invocation: 3, step: 'between-commits', cold: true }],
    format: FormatClass.AVRO,
  },
  { name: 'after the offset commit', plan: [{ invocation: 2, step: 'after-commit' }] },
  {
    name: 'after the commit, three times, cold',
    plan: [1, 3, 5].map((invocation) => ({ invocation, step: 'after-commit' as const, cold: true })),
  },
  {
    name: 'at a different step in each of five invocations',
    plan: [
      { invocation: 1, step: 'after-uploads', files: 1, cold: true },
      { invocation: 2, step: 'before-commit' },
      { invocation: 3, step: 'between-commits', cold: true },
      { invocation: 4, step: 'after-commit' },
      { invocation: 5, step: 'before-manifest', cold: true },
    ],
    format: FormatClass.JSON,
  },
  // every invocation has ~40 ms before the runtime's 5 s stop margin: a 700-record batch runs out of
  // time (even on a quiet machine) and commits what it finished
  { name: 'out of time in every batch', plan: [], functionTimeoutMs: 5_040 },
]

const SCHEMA = {
  type: 'struct',
  name: 'crash.Event',
  optional: false,
  fields: [
    { field: 'id', type: 'int64', optional: false },
    { field: 'payload', type: 'string', optional: false },
  ],
}

let table: string
beforeAll(async () => {
  table = await createOffsetsTable()
})

describe.concurrent('an S3 sink whose invocations are killed', () => {
  for (const run of RUNS) {
    it(`writes each of ${RECORDS} records exactly once: crashes ${run.name}`, { timeout: 120_000 }, async () => {
      const topic = topicName(`s3-crash-${run.name}`)
      await createTopics(kafka, [{ name: topic, partitions: PARTITIONS }])
      const producer = new KafkaProducer(kafka)
      for (let start = 0; start < RECORDS; start += 1000) {
        await producer.send(
          Array.from({ length: 1000 }, (_, i) => {
            const id = start + i
            return {
              topic,
              partition: id % PARTITIONS,
              key: null,
              value: Buffer.from(JSON.stringify({ schema: SCHEMA, payload: { id, payload: `event ${id}` } })),
              headers: [],
            }
          }),
        )
      }
      await producer.close()

      const bucket = await createBucket('s3-crash')
      const injector = new Injector(run.plan)
      const plugin = {
        ...s3SinkPlugin,
        createTask: () =>
          new S3SinkTask({
            storage: (config: S3SinkConfig) => injector.storage(new S3Storage(storageSettings(config))),
          }),
      }
      const format = run.format ?? FormatClass.PARQUET
      const result = await runConnector({
        name: `${topic}-sink`,
        topics: [topic],
        table,
        plugin,
        batchSize: 1_000,
        timeoutMs: 110_000,
        ...(run.functionTimeoutMs === undefined ? {} : { functionTimeoutMs: run.functionTimeoutMs }),
        config: s3Config(bucket, {
          'format.class': format,
          'flush.size': '700',
          'value.converter': 'org.apache.kafka.connect.json.JsonConverter',
          transforms: 'meta',
          'transforms.meta.type': 'org.apache.kafka.connect.transforms.InsertField$Value',
          'transforms.meta.partition.field': 'kafka_partition',
          'transforms.meta.offset.field': 'kafka_offset',
        }),
        offsets: (store) => injector.offsets(store),
        wrap: (current, fresh) => async (event, context) => {
          injector.begin()
          try {
            await current()(event, context)
            injector.afterCommit()
          } catch (e) {
            if (injector.cold) await fresh()
            throw e
          }
        },
        until: Array.from({ length: PARTITIONS }, (_, partition) => ({
          topic,
          partition,
          next: Math.ceil((RECORDS - partition) / PARTITIONS),
        })),
      })
      if (run.plan.length > 0) expect(injector.crashes).toBe(run.plan.length)
      else {
        // batches stopped short of their end and committed what they finished
        const partial = result.invocations.filter((i) =>
          /^Stopped before the invocation's timeout/.test(String((i.error as Error | null)?.message)),
        )
        expect(partial.length).toBeGreaterThan(0)
      }

      const keys = await dataKeys(bucket)
      if (format === FormatClass.AVRO) {
        // DuckDB has no Avro reader offline: count with avsc
        const rows = (await Promise.all(keys.map(async (k) => readAvro(await getBytes(bucket, k))))).flat() as Array<{
          id: number
          kafka_partition: number
          kafka_offset: number
        }>
        expect(rows).toHaveLength(RECORDS)
        expect(new Set(rows.map((r) => `${r.kafka_partition}/${r.kafka_offset}`)).size).toBe(RECORDS)
        expect(new Set(rows.map((r) => Number(r.id))).size).toBe(RECORDS)
        return
      }
      const duck = await Duck.open()
      try {
        const paths = await duck.download(bucket, keys)
        const source =
          format === FormatClass.PARQUET
            ? `read_parquet(${sqlList(paths)})`
            : `read_json(${sqlList(paths)}, format = 'newline_delimited')`
        expect(
          await duck.rows(
            `select count(*)::int as n,
                    count(distinct (kafka_partition, kafka_offset))::int as positions,
                    count(distinct id)::int as ids, min(id)::int as lo, max(id)::int as hi
             from ${source}`,
          ),
        ).toEqual([{ n: RECORDS, positions: RECORDS, ids: RECORDS, lo: 0, hi: RECORDS - 1 }])
      } finally {
        duck.close()
      }
    })
  }
})
