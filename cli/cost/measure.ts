/**
 * The measurement behind the Lambda figure of `connectless cost`: synthetic records of the size asked
 * for, run on this machine through what the connector's function does per record, timed.
 *
 * - Sinks: the MSK event JSON of a batch is parsed and decoded, each record goes through the key and
 *   value converters, the transform chain, and the connector's writer: the S3 sink's partitioner and
 *   format writer (files closed at `flush.size` and at the end of the batch, so Parquet's encoding and
 *   compression are included), or the OpenSearch sink's document conversion and bulk body.
 * - Sources: each record goes through the transform chain and the key and value converters.
 *
 * Not included: waiting on S3, OpenSearch, DynamoDB, Kafka or the database (the model adds a constant
 * per batch), reading rows, and the runtime's bookkeeping. A converter that needs a Schema Registry
 * (Avro, Protobuf) is replaced by JsonConverter with schemas, said in the notes.
 *
 * Each round processes whole batches; the result is the median of the rounds' CPU time per record,
 * after two rounds of warm-up (a busy function stays warm, its code compiled, between batches).
 */
import { BulkBody } from '../../functions/opensearch-sink/bulk-body.js'
import { parseOpenSearchSinkConfig } from '../../functions/opensearch-sink/config.js'
import { DataConverter } from '../../functions/opensearch-sink/data-converter.js'
import { parseS3SinkConfig, partitionerSettings } from '../../functions/s3-sink/config.js'
import { newFormat } from '../../functions/s3-sink/format/new-format.js'
import type { RecordWriter } from '../../functions/s3-sink/format/record-writer.js'
import { newPartitioner } from '../../functions/s3-sink/partitioner/new-partitioner.js'
import { type ConfigProps, originalsWithPrefix } from '../../layers/runtime/config/parsed-config.js'
import type { Converter, MaybePromise, SchemaAndValue } from '../../layers/runtime/converters/converter.js'
import { createConverter, findConverterPlugin } from '../../layers/runtime/converters/registry.js'
import { Schemas } from '../../layers/runtime/data/schema.js'
import { SinkRecord, SourceRecord, TimestampType } from '../../layers/runtime/record/record.js'
import { decodeEvent, encodeEvent, type MskEvent, type RawKafkaRecord } from '../../layers/runtime/sink/msk-event.js'
import { buildTransformationChain } from '../../layers/transforms/build-chain.js'
import { type SyntheticRecords, syntheticRecords } from './synthetic.js'
import type { SinkWorkload, SourceWorkload, Workload } from './workload.js'

const JSON_CONVERTER = 'org.apache.kafka.connect.json.JsonConverter'
/** Converters that need a Schema Registry to write a record: not run here. */
const REGISTRY_CONVERTERS = new Set([
  'io.confluent.connect.avro.AvroConverter',
  'io.confluent.connect.protobuf.ProtobufConverter',
])
const TOPIC_FALLBACK = 'orders'
/** Rounds run before the timed ones, for the JIT: a busy function is warm. */
const WARM_UP_ROUNDS = 2
/** The most synthetic value bytes a source round holds, so that large records do not exhaust memory. */
const MAX_SOURCE_ROUND_BYTES = 64 * 1024 * 1024
const MSK_ARN = 'arn:aws:kafka:us-east-1:123456789012:cluster/cost/00000000-0000-0000-0000-000000000000-1'

export interface MeasureOptions {
  /** The value size to measure with, in bytes. */
  readonly recordBytes: number
  /** Where custom transform modules are resolved from: the connector file's directory. */
  readonly baseDir: string
  /** The worker properties the connector inherits converters from. */
  readonly worker?: ConfigProps
  /** Timed rounds (after two warm-up rounds). @default 5 */
  readonly rounds?: number
  /** Records per round at least; rounds hold whole batches. @default 2000 */
  readonly minRecordsPerRound?: number
  /** Records per batch (sinks): what one invocation gets at the rate estimated. @default the workload's batch size */
  readonly batchRecords?: number
}

export interface Measurement {
  /** The median of the rounds' CPU time per record, in seconds. */
  readonly secondsPerRecord: number
  /** Each timed round's CPU time per record, in seconds. */
  readonly roundSecondsPerRecord: readonly number[]
  readonly recordsPerRound: number
  /** Records per batch (per file for Parquet) in the rounds. */
  readonly batchRecords: number
  /** The mean size of the synthetic values, as the value converter wrote them. */
  readonly recordBytes: number
  /** Bytes of the MSK event JSON per record (sinks). */
  readonly eventBytesPerRecord: number | null
  /** What was timed, in order. */
  readonly pipeline: readonly string[]
  readonly notes: readonly string[]
}

/** The synthetic records failed in the connector's pipeline: the figure cannot be measured. */
export class MeasurementError extends Error {
  override name = 'MeasurementError'
}

interface ChosenConverter {
  readonly className: string
  readonly config: ConfigProps
}

/** The converter class a Connect worker would use for `key` (connector's, then worker's, then JsonConverter). */
function chooseConverter(connector: ConfigProps, worker: ConfigProps, key: string): ChosenConverter {
  for (const props of [connector, worker]) {
    const className = props[key]?.trim()
    if (className) return { className, config: originalsWithPrefix(props, `${key}.`) }
  }
  return { className: JSON_CONVERTER, config: {} }
}

async function converterFor(
  connector: ConfigProps,
  worker: ConfigProps,
  key: 'key.converter' | 'value.converter',
  notes: string[],
): Promise<{ readonly converter: Converter; readonly name: string }> {
  const chosen = chooseConverter(connector, worker, key)
  const className = findConverterPlugin(chosen.className)?.className ?? chosen.className
  if (REGISTRY_CONVERTERS.has(className)) {
    notes.push(
      `${key}=${className} needs a Schema Registry, which is not called here: measured with JsonConverter (schemas.enable=true) instead.`,
    )
    const converter = await createConverter(JSON_CONVERTER, {}, key === 'key.converter')
    return { converter, name: 'JsonConverter (stand-in)' }
  }
  const converter = await createConverter(chosen.className, chosen.config, key === 'key.converter', key)
  const simple = className.slice(className.lastIndexOf('.') + 1)
  const schemas = chosen.config['schemas.enable']
  return {
    converter,
    name: schemas === undefined || schemas === null ? simple : `${simple} (schemas.enable=${schemas})`,
  }
}

/** Whether to await: as in the runtime, a synchronous converter costs no microtask hop. */
const isPromise = <T>(value: MaybePromise<T>): value is Promise<T> => value instanceof Promise

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b)
  const mid = Math.floor(sorted.length / 2)
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2
}

/**
 * Runs `batch` over every batch of a round, `WARM_UP_ROUNDS + rounds` times, and returns the CPU time
 * per record of each timed round: the process's user and system time, which, unlike wall time, does
 * not grow when other processes share the machine's cores.
 */
async function timeRounds(
  batches: number,
  rounds: number,
  recordsPerRound: number,
  batch: (index: number) => Promise<void>,
): Promise<number[]> {
  const times: number[] = []
  for (let round = 0; round < WARM_UP_ROUNDS + rounds; round++) {
    const start = process.cpuUsage()
    for (let b = 0; b < batches; b++) await batch(b)
    const used = process.cpuUsage(start)
    if (round >= WARM_UP_ROUNDS) times.push((used.user + used.system) / 1e6 / recordsPerRound)
  }
  return times
}

/** Closes files at `flush.size` and at the end of the batch, as the S3 sink's writers do. */
async function s3Writer(config: ConfigProps): Promise<{
  readonly write: (record: SinkRecord) => void
  readonly endBatch: () => void
  readonly stages: string[]
}> {
  const s3 = parseS3SinkConfig(config)
  const format = await newFormat(s3)
  const partitioner = newPartitioner(partitionerSettings(s3))
  const open = new Map<string, RecordWriter>()
  const now = Date.UTC(2026, 10, 24, 12)
  return {
    write(record) {
      const encoded = partitioner.encodePartition(record, now)
      let writer = open.get(encoded)
      if (writer === undefined) {
        writer = format.open(record.valueSchema)
        open.set(encoded, writer)
      }
      writer.write(record)
      if (writer.recordCount >= s3.flushSize) {
        writer.finish()
        open.delete(encoded)
      }
    },
    endBatch() {
      for (const writer of open.values()) writer.finish()
      open.clear()
    },
    stages: [
      `${s3.partitionerClass.slice(s3.partitionerClass.lastIndexOf('.') + 1)}`,
      `${s3.formatClass.slice(s3.formatClass.lastIndexOf('.') + 1)} (${s3.formatClass === 'io.confluent.connect.s3.format.parquet.ParquetFormat' ? s3.parquetCodec : s3.compressionType}), files of up to ${s3.flushSize} records`,
    ],
  }
}

function openSearchWriter(config: ConfigProps): {
  readonly write: (record: SinkRecord) => void
  readonly endBatch: () => void
  readonly stages: string[]
} {
  const os = parseOpenSearchSinkConfig(config)
  const converter = new DataConverter(os)
  const body = new BulkBody()
  return {
    write(record) {
      const request = converter.convertRecord(record, record.topic ?? TOPIC_FALLBACK)
      if (request === null) return
      body.add(request)
      if (body.actions >= os.batchSize) body.take()
    },
    endBatch() {
      body.take()
    },
    stages: [`DataConverter (write.method=${os.writeMethod})`, `bulk bodies of up to ${os.batchSize} actions`],
  }
}

function describeChain(config: ConfigProps): string {
  const aliases = (config['transforms'] ?? '')
    .split(',')
    .map((a) => a.trim())
    .filter((a) => a !== '')
  if (aliases.length === 0) return 'no transforms'
  return `transforms ${aliases.map((a) => `${a} (${(config[`transforms.${a}.type`] ?? '?').replace(/^org\.apache\.kafka\.connect\.transforms\./, '')})`).join(', ')}`
}

async function prepare(config: ConfigProps, options: MeasureOptions, count: number, notes: string[]) {
  const worker = options.worker ?? {}
  const key = await converterFor(config, worker, 'key.converter', notes)
  const value = await converterFor(config, worker, 'value.converter', notes)
  const topic = TOPIC_FALLBACK
  let records: SyntheticRecords
  try {
    records = await syntheticRecords(
      async (schema, v) => value.converter.fromConnectData(topic, null, schema, v),
      options.recordBytes,
      count,
    )
  } catch (e) {
    throw new MeasurementError(
      `The value converter cannot write the synthetic orders records: ${e instanceof Error ? e.message : String(e)}`,
    )
  }
  if (Math.abs(records.meanBytes - options.recordBytes) > Math.max(8, options.recordBytes * 0.02)) {
    notes.push(
      `The smallest synthetic record ${value.name} writes is ${Math.round(records.meanBytes)} bytes: measured at that size.`,
    )
  }
  const keys: (Uint8Array | null)[] = []
  for (const v of records.values) {
    keys.push(await key.converter.fromConnectData(topic, null, Schemas.INT64, v.get('id')))
  }
  return { key, value, records, keys, topic }
}

async function measureSink(
  workload: SinkWorkload,
  config: ConfigProps,
  options: MeasureOptions,
  notes: string[],
): Promise<Measurement> {
  const batchRecords = Math.max(1, Math.round(options.batchRecords ?? workload.batchSize))
  const rounds = options.rounds ?? 5
  const batches = Math.max(1, Math.ceil((options.minRecordsPerRound ?? 2000) / batchRecords))
  const recordsPerRound = batches * batchRecords
  const { key, value, records, keys } = await prepare(config, options, batchRecords, notes)
  const chain = await buildTransformationChain<SinkRecord>(config, { baseDir: options.baseDir })
  const topic = workload.topics[0] ?? TOPIC_FALLBACK
  const raw: RawKafkaRecord[] = records.bytes.map((bytes, i) => ({
    topic,
    partition: 0,
    offset: 1_000_000 + i,
    timestamp: Date.UTC(2026, 10, 24, 12) + i,
    timestampType: TimestampType.CREATE_TIME,
    key: keys[i] === null || keys[i] === undefined ? null : Buffer.from(keys[i]),
    value: Buffer.from(bytes),
    headers: [],
  }))
  const eventText = JSON.stringify(encodeEvent(raw, 'b-1.cost.kafka.us-east-1.amazonaws.com:9098', MSK_ARN))
  const writer = workload.kind === 's3-sink' ? await s3Writer(config) : openSearchWriter(config)

  const batch = async () => {
    const event = JSON.parse(eventText) as MskEvent
    for (const r of decodeEvent(event)) {
      const context = { partition: r.partition, offset: r.offset }
      const kr = key.converter.toConnectData(r.topic, r.headers, r.key, context)
      const k: SchemaAndValue = isPromise(kr) ? await kr : kr
      const vr = value.converter.toConnectData(r.topic, r.headers, r.value, context)
      const v: SchemaAndValue = isPromise(vr) ? await vr : vr
      const record = chain.apply(
        new SinkRecord({
          topic: r.topic,
          kafkaPartition: r.partition,
          keySchema: k.schema,
          key: k.value,
          valueSchema: v.schema,
          value: v.value,
          timestamp: r.timestamp,
          timestampType: r.timestampType,
          kafkaOffset: r.offset,
        }),
      )
      if (record !== null) writer.write(record)
    }
    writer.endBatch()
  }
  try {
    await batch()
  } catch (e) {
    throw new MeasurementError(
      `The synthetic orders records fail in the connector's pipeline: ${e instanceof Error ? e.message : String(e)}`,
    )
  }
  const times = await timeRounds(batches, rounds, recordsPerRound, batch)
  return {
    secondsPerRecord: median(times),
    roundSecondsPerRecord: times,
    recordsPerRound,
    batchRecords,
    recordBytes: records.meanBytes,
    eventBytesPerRecord: Buffer.byteLength(eventText) / batchRecords,
    pipeline: [
      'MSK event JSON parse and decode',
      `key ${key.name}, value ${value.name}`,
      describeChain(config),
      ...writer.stages,
    ],
    notes,
  }
}

async function measureSource(
  _workload: SourceWorkload,
  config: ConfigProps,
  options: MeasureOptions,
  notes: string[],
): Promise<Measurement> {
  const batchRecords = Math.max(
    1,
    Math.min(options.minRecordsPerRound ?? 2000, Math.floor(MAX_SOURCE_ROUND_BYTES / options.recordBytes)),
  )
  const rounds = options.rounds ?? 5
  const { key, value, records, topic } = await prepare(config, options, batchRecords, notes)
  const chain = await buildTransformationChain<SourceRecord>(config, { baseDir: options.baseDir })
  const partition = { table: 'orders' }
  const batch = async () => {
    for (let i = 0; i < records.values.length; i++) {
      const record = chain.apply(
        new SourceRecord({
          topic,
          kafkaPartition: null,
          keySchema: null,
          key: null,
          valueSchema: records.schema,
          value: records.values[i],
          timestamp: null,
          sourcePartition: partition,
          sourceOffset: { incrementing: i },
        }),
      )
      if (record === null) continue
      const kb = key.converter.fromConnectData(record.topic ?? topic, null, record.keySchema, record.key)
      if (isPromise(kb)) await kb
      const vb = value.converter.fromConnectData(record.topic ?? topic, null, record.valueSchema, record.value)
      if (isPromise(vb)) await vb
    }
  }
  try {
    await batch()
  } catch (e) {
    throw new MeasurementError(
      `The synthetic orders records fail in the connector's pipeline: ${e instanceof Error ? e.message : String(e)}`,
    )
  }
  const times = await timeRounds(1, rounds, batchRecords, batch)
  return {
    secondsPerRecord: median(times),
    roundSecondsPerRecord: times,
    recordsPerRound: batchRecords,
    batchRecords,
    recordBytes: records.meanBytes,
    eventBytesPerRecord: null,
    pipeline: [describeChain(config), `key ${key.name}, value ${value.name}`],
    notes,
  }
}

/**
 * Measures the time per record of `workload`'s pipeline on this machine. Throws a MeasurementError
 * where the synthetic records fail in it, and the ConfigException of a bad converter or transform.
 */
export function measure(workload: Workload, config: ConfigProps, options: MeasureOptions): Promise<Measurement> {
  const notes: string[] = []
  return workload.type === 'sink'
    ? measureSink(workload, config, options, notes)
    : measureSource(workload, config, options, notes)
}
