/**
 * The S3 sink end to end on the local services: topics on the real Kafka, the event source emulator
 * invoking the real Lambda handler (`sinkHandler(s3SinkPlugin)`), objects in moto's S3, offsets in
 * moto's DynamoDB; and the files read back with DuckDB (downloaded first: DuckDB's httpfs extension
 * cannot be installed offline) or, for Avro (DuckDB's avro extension is not bundled either), with avsc.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { DynamoDBClient } from '@aws-sdk/client-dynamodb'
import { CreateBucketCommand, GetObjectCommand, ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3'
import { DuckDBInstance } from '@duckdb/node-api'
import avro from 'avsc'
import { S3_STORAGE_CLASS } from '../../../functions/s3-sink/config.js'
import { s3SinkPlugin } from '../../../functions/s3-sink/index.js'
import type { ConnectorDeployment } from '../../../layers/runtime/connector/deployment.js'
import { ensureOffsetsTable, SinkOffsetStore } from '../../../layers/runtime/offsets/offset-store.js'
import {
  EventSourceEmulator,
  type InvocationInfo,
  type KafkaEventHandler,
} from '../../../layers/runtime/sink/event-source-emulator.js'
import { type SinkConnectorPlugin, type SinkHandler, sinkHandler } from '../../../layers/runtime/sink/handler.js'
import type { SinkOffsets } from '../../../layers/runtime/sink/sink-runtime.js'
import { bucketName, dynamoTableName } from '../../support/names.js'
import { endpoints } from '../../support/services.js'

export const kafka = { bootstrapServers: [...endpoints.kafka.bootstrapServers] }
const aws = {
  endpoint: endpoints.aws.endpoint,
  region: endpoints.aws.region,
  credentials: { ...endpoints.aws.credentials },
}
export const s3 = new S3Client({ ...aws, forcePathStyle: true })
export const dynamo = new DynamoDBClient(aws)

/** A fresh bucket (never deleted: see test/integration/services/moto.test.ts). */
export async function createBucket(label: string): Promise<string> {
  const bucket = bucketName(label)
  await s3.send(new CreateBucketCommand({ Bucket: bucket }))
  return bucket
}

/** A fresh offsets table on moto. */
export async function createOffsetsTable(): Promise<string> {
  const table = dynamoTableName('s3-sink-offsets')
  await ensureOffsetsTable(table, dynamo)
  return table
}

/** The S3 keys of a connector config pointing at moto: endpoint in `store.url`, static credentials. */
export function s3Config(bucket: string, extra: Record<string, string> = {}): Record<string, string> {
  return {
    'connector.class': 'io.confluent.connect.s3.S3SinkConnector',
    'storage.class': S3_STORAGE_CLASS,
    's3.bucket.name': bucket,
    's3.region': endpoints.aws.region,
    'store.url': endpoints.aws.endpoint,
    'aws.access.key.id': endpoints.aws.credentials.accessKeyId,
    'aws.secret.access.key': endpoints.aws.credentials.secretAccessKey,
    ...extra,
  }
}

export interface RunOptions {
  readonly name: string
  readonly topics: readonly string[]
  readonly config: Record<string, string>
  readonly table: string
  /** Each topic-partition's end offset: the run ends when all are committed. */
  readonly until: ReadonlyArray<{ topic: string; partition: number; next: number }>
  readonly batchSize?: number
  readonly batchingWindowMs?: number
  readonly functionTimeoutMs?: number
  readonly timeoutMs?: number
  /** Wraps the plugin (crash injection). */
  readonly plugin?: SinkConnectorPlugin
  /** Wraps the offset store (crash injection). */
  readonly offsets?: (store: SinkOffsets) => SinkOffsets
  /** Wraps the handler the emulator invokes; `fresh()` makes a new handler (a cold start). */
  readonly wrap?: (current: () => SinkHandler, fresh: () => Promise<void>) => KafkaEventHandler
}

export interface RunResult {
  readonly invocations: readonly InvocationInfo[]
}

/** Runs a connector through the event source emulator until `until` is committed in the offset store. */
export async function runConnector(options: RunOptions): Promise<RunResult> {
  const deployment: ConnectorDeployment = {
    name: options.name,
    baseDir: process.cwd(),
    worker: { 'bootstrap.servers': kafka.bootstrapServers.join(',') },
    config: { name: options.name, topics: options.topics.join(','), ...options.config },
  }
  const store = new SinkOffsetStore(options.name, options.table, dynamo)
  const offsets = options.offsets ? options.offsets(store) : store
  const make = () =>
    sinkHandler(options.plugin ?? s3SinkPlugin, {
      deployment: async () => deployment,
      offsets: () => offsets,
    })
  let handler = make()
  const fresh = async () => {
    const old = handler
    handler = make()
    await old.close().catch(() => {})
  }
  const invoke: KafkaEventHandler = options.wrap ? options.wrap(() => handler, fresh) : (e, c) => handler(e, c)
  const invocations: InvocationInfo[] = []
  const emulator = new EventSourceEmulator({
    kafka,
    groupId: `connect-${options.name}`,
    topics: options.topics,
    batchSize: options.batchSize ?? 10_000,
    batchingWindowMs: options.batchingWindowMs ?? 1_500,
    retryDelayMs: 20,
    ...(options.functionTimeoutMs === undefined ? {} : { functionTimeoutMs: options.functionTimeoutMs }),
    handler: invoke,
    onInvocation: (info) => invocations.push(info),
  })
  emulator.start()
  try {
    const deadline = Date.now() + (options.timeoutMs ?? 60_000)
    for (;;) {
      const committed = await store.committed(options.until)
      if (options.until.every((u) => (committed.get(`${u.topic}-${u.partition}`) ?? 0) >= u.next)) break
      if (Date.now() > deadline) {
        const errors = invocations.filter((i) => i.error !== null).map((i) => String(i.error))
        throw new Error(
          `${options.name}: not everything committed in time (${JSON.stringify([...committed])}); errors: ${errors.slice(-3).join(' | ')}`,
        )
      }
      await new Promise((r) => setTimeout(r, 100))
    }
  } finally {
    await emulator.stop()
    await handler.close()
  }
  return { invocations }
}

/** Every key under a prefix. */
export async function listKeys(bucket: string, prefix = ''): Promise<string[]> {
  const keys: string[] = []
  let token: string | undefined
  do {
    const res = await s3.send(
      new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix, ...(token ? { ContinuationToken: token } : {}) }),
    )
    for (const o of res.Contents ?? []) if (o.Key) keys.push(o.Key)
    token = res.NextContinuationToken
  } while (token)
  return keys.sort()
}

/** The data files (upload manifests left out). */
export async function dataKeys(bucket: string, prefix = ''): Promise<string[]> {
  return (await listKeys(bucket, prefix)).filter((k) => !k.includes('_connectless/'))
}

export async function getBytes(bucket: string, key: string): Promise<Buffer> {
  const res = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }))
  return Buffer.from(await (res.Body as { transformToByteArray(): Promise<Uint8Array> }).transformToByteArray())
}

/** DuckDB over objects downloaded to a temp directory. */
export class Duck {
  private readonly dir = mkdtempSync(join(tmpdir(), 's3-sink-it-'))
  private constructor(
    private readonly connection: Awaited<ReturnType<DuckDBInstance['connect']>>,
    private readonly instance: DuckDBInstance,
  ) {}

  static async open(): Promise<Duck> {
    const instance = await DuckDBInstance.create(':memory:')
    return new Duck(await instance.connect(), instance)
  }

  /** Downloads objects; returns their local paths (the key's file name kept, so extensions still tell the format). */
  async download(bucket: string, keys: readonly string[]): Promise<string[]> {
    return Promise.all(
      keys.map(async (key, i) => {
        const path = join(this.dir, `${i}-${key.split('/').pop() as string}`)
        writeFileSync(path, await getBytes(bucket, key))
        return path
      }),
    )
  }

  async rows(sql: string): Promise<Record<string, unknown>[]> {
    const reader = await this.connection.runAndReadAll(sql)
    return reader.getRowObjectsJson() as Record<string, unknown>[]
  }

  close(): void {
    this.connection.closeSync()
    this.instance.closeSync()
    rmSync(this.dir, { recursive: true, force: true })
  }
}

/** A SQL list of file paths. */
export function sqlList(paths: readonly string[]): string {
  return `[${paths.map((p) => `'${p.replaceAll("'", "''")}'`).join(', ')}]`
}

/** The records of an Avro object container file. */
export function readAvro(bytes: Buffer): Promise<unknown[]> {
  return new Promise((resolve, reject) => {
    const out: unknown[] = []
    const decoder = new avro.streams.BlockDecoder()
    decoder.on('data', (r: unknown) => out.push(r))
    decoder.on('end', () => resolve(out))
    decoder.on('error', reject)
    decoder.end(bytes)
  })
}

export function pad(offset: number, width = 10): string {
  return String(offset).padStart(width, '0')
}
