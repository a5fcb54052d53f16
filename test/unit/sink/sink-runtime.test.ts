/**
 * The sink runtime on one batch, without services: records decoded from the event as their turn comes,
 * converted and transformed synchronously or asynchronously, failures handled by errors.tolerance, the
 * task's own bad records reported with their original bytes.
 */
import { describe, expect, it } from 'vitest'
import type { Converter, KafkaHeaders, SchemaAndValue } from '../../../layers/runtime/converters/converter.js'
import { JsonConverter } from '../../../layers/runtime/converters/json/json-converter.js'
import { SimpleHeaderConverter } from '../../../layers/runtime/converters/simple-header-converter.js'
import { StringConverter } from '../../../layers/runtime/converters/string-converter.js'
import { DataException, RetriableException } from '../../../layers/runtime/errors.js'
import { type SinkRecord, TimestampType } from '../../../layers/runtime/record/record.js'
import { encodeEvent, eventRecords, type RawKafkaRecord } from '../../../layers/runtime/sink/msk-event.js'
import { type SinkOffsets, SinkRuntime, type SinkRuntimeParts } from '../../../layers/runtime/sink/sink-runtime.js'
import type { SinkTask, SinkTaskContext, TopicPartitionOffsets } from '../../../layers/runtime/sink/sink-task.js'
import type { DlqRecord } from '../../../layers/runtime/tolerance/reporters.js'
import { buildTransformationChain } from '../../../layers/transforms/build-chain.js'

const raw = (partition: number, offset: number, value: string | null, key = `k${offset}`): RawKafkaRecord => ({
  topic: 'orders',
  partition,
  offset,
  timestamp: 1_700_000_000_000 + offset,
  timestampType: TimestampType.CREATE_TIME,
  key: Buffer.from(key),
  value: value === null ? null : Buffer.from(value),
  headers: [{ key: 'trace', value: Buffer.from([0, 255]) }],
})

class RecordingTask implements SinkTask {
  readonly puts: SinkRecord[][] = []
  readonly flushes: Array<Array<{ topic: string; partition: number; next: number; first?: number }>> = []
  context: SinkTaskContext | null = null
  onPut: (records: readonly SinkRecord[], context: SinkTaskContext) => Promise<void> = async () => {}
  async start(context: SinkTaskContext): Promise<void> {
    this.context = context
  }
  async put(records: readonly SinkRecord[]): Promise<void> {
    this.puts.push([...records])
    await this.onPut(records, this.context as SinkTaskContext)
  }
  async flush(offsets: TopicPartitionOffsets): Promise<void> {
    this.flushes.push([...offsets.values()].map((o) => ({ ...o })))
  }
  async stop(): Promise<void> {}
}

function json(schemas = false): Converter {
  const c = new JsonConverter()
  c.configure({ 'schemas.enable': String(schemas) }, false)
  return c
}

/** A value converter that answers with a promise, as one that asks a schema registry does. */
class AsyncConverter implements Converter {
  calls = 0
  configure(): void {}
  async toConnectData(topic: string, headers: KafkaHeaders | null, value: Uint8Array | null): Promise<SchemaAndValue> {
    this.calls++
    await new Promise((resolve) => setImmediate(resolve))
    if (value !== null && Buffer.from(value).toString() === 'unknown-id') {
      throw new DataException(`Schema not found for a record of ${topic}`)
    }
    return json().toConnectData(topic, headers, value)
  }
  fromConnectData(): Uint8Array | null {
    return null
  }
}

async function runtime(
  config: Record<string, string>,
  options: { value?: Converter; task?: RecordingTask; offsets?: SinkOffsets; dlq?: boolean } = {},
): Promise<{ runtime: SinkRuntime; task: RecordingTask; dlq: DlqRecord[] }> {
  const stringConverter = new StringConverter()
  stringConverter.configure({}, true)
  const headerConverter = new SimpleHeaderConverter()
  headerConverter.configure({})
  const task = options.task ?? new RecordingTask()
  const dlq: DlqRecord[] = []
  const parts: SinkRuntimeParts = {
    connector: 'orders-sink',
    taskId: 0,
    config,
    keyConverter: { className: 'org.apache.kafka.connect.storage.StringConverter', converter: stringConverter },
    valueConverter: {
      className: 'org.apache.kafka.connect.json.JsonConverter',
      converter: options.value ?? json(),
    },
    headerConverter: {
      className: 'org.apache.kafka.connect.storage.SimpleHeaderConverter',
      converter: headerConverter,
    },
    chain: await buildTransformationChain<SinkRecord>(config, { baseDir: process.cwd() }),
    tolerance: {
      retryTimeoutMs: Number(config['errors.retry.timeout'] ?? 0),
      retryDelayMaxMs: 60_000,
      tolerance: config['errors.tolerance'] === 'all' ? 'all' : 'none',
    },
    errorsLog: { enable: false, includeMessages: false },
    dlq: options.dlq === false ? null : { topic: 'orders-dlq', contextHeaders: true },
    task,
    offsets: options.offsets ?? null,
    produceDlq: async (records) => {
      dlq.push(...records)
    },
    sendAlert: null,
  }
  return { runtime: new SinkRuntime(parts), task, dlq }
}

const T = 'org.apache.kafka.connect.transforms.'
const tolerant = { 'errors.tolerance': 'all' }

describe('the sink runtime', () => {
  it('converts and transforms each record of an event, decoded in turn, and hands them over in one put with each partition’s range', async () => {
    const { runtime: rt, task } = await runtime({
      ...tolerant,
      transforms: 'insert,route',
      'transforms.insert.type': `${T}InsertField$Value`,
      'transforms.insert.static.field': 'source',
      'transforms.insert.static.value': 'lake',
      'transforms.route.type': `${T}RegexRouter`,
      'transforms.route.regex': 'orders',
      'transforms.route.replacement': 'lake-orders',
    })
    const event = encodeEvent(
      [raw(1, 7, '{"id":7}'), raw(0, 3, '{"id":3}'), raw(0, 4, '{"id":4}'), raw(1, 8, '{"id":8}')],
      'broker:9092',
    )
    const result = await rt.processEvent(eventRecords(event))
    expect(result).toMatchObject({ read: 4, written: 4, failed: 0, filtered: 0, complete: true })
    expect(task.puts).toHaveLength(1)
    expect(task.puts[0]!.map((r) => [r.topic, r.kafkaPartition, r.kafkaOffset, r.key, r.value])).toEqual([
      [
        'lake-orders',
        0,
        3,
        'k3',
        new Map<string, unknown>([
          ['id', 3n],
          ['source', 'lake'],
        ]),
      ],
      [
        'lake-orders',
        0,
        4,
        'k4',
        new Map<string, unknown>([
          ['id', 4n],
          ['source', 'lake'],
        ]),
      ],
      [
        'lake-orders',
        1,
        7,
        'k7',
        new Map<string, unknown>([
          ['id', 7n],
          ['source', 'lake'],
        ]),
      ],
      [
        'lake-orders',
        1,
        8,
        'k8',
        new Map<string, unknown>([
          ['id', 8n],
          ['source', 'lake'],
        ]),
      ],
    ])
    expect(task.puts[0]![0]!.headers.lastWithName('trace')?.value).toBeDefined()
    expect(task.flushes).toEqual([
      [
        { topic: 'orders', partition: 0, first: 3, next: 5 },
        { topic: 'orders', partition: 1, first: 7, next: 9 },
      ],
    ])
  })

  it('waits for a converter that answers with a promise, and sends its failure to the DLQ like any other', async () => {
    const value = new AsyncConverter()
    const {
      runtime: rt,
      task,
      dlq,
    } = await runtime(
      {
        ...tolerant,
        transforms: 'mask',
        'transforms.mask.type': `${T}MaskField$Value`,
        'transforms.mask.fields': 'id',
      },
      { value },
    )
    const result = await rt.processBatch([raw(0, 0, '{"id":1}'), raw(0, 1, 'unknown-id'), raw(0, 2, '{"id":2}')])
    expect(value.calls).toBe(3)
    expect(result).toMatchObject({ written: 2, failed: 1, toDlq: 1 })
    expect(task.puts[0]!.map((r) => r.value)).toEqual([new Map([['id', 0n]]), new Map([['id', 0n]])])
    expect(dlq.map((d) => [d.value?.toString(), d.failure.offset, d.failure.stage])).toEqual([
      ['unknown-id', 1, 'VALUE_CONVERTER'],
    ])
  })

  it('sends a record a transform fails on to the DLQ with its original bytes and headers', async () => {
    const {
      runtime: rt,
      task,
      dlq,
    } = await runtime({
      ...tolerant,
      transforms: 'extract',
      'transforms.extract.type': `${T}ExtractField$Value`,
      'transforms.extract.field': 'id',
    })
    const result = await rt.processBatch([raw(0, 0, '{"id":1}'), raw(0, 1, '[1,2]'), raw(0, 2, '{"id":2}')])
    expect(result).toMatchObject({ written: 2, failed: 1 })
    expect(task.puts[0]!.map((r) => r.value)).toEqual([1n, 2n])
    expect(dlq).toHaveLength(1)
    expect(dlq[0]!.value?.toString()).toBe('[1,2]')
    expect(dlq[0]!.key?.toString()).toBe('k1')
    expect(dlq[0]!.headers[0]).toEqual({ key: 'trace', value: Buffer.from([0, 255]) })
    expect(dlq[0]!.failure).toMatchObject({ offset: 1, stage: 'TRANSFORMATION' })
  })

  it('retries a stage that throws a RetriableException within errors.retry.timeout, running it once per attempt', async () => {
    let attempts = 0
    const flaky: Converter = {
      configure: () => {},
      toConnectData: (topic, headers, value) => {
        attempts++
        if (attempts === 1) throw new RetriableException('the registry is briefly away')
        return json().toConnectData(topic, headers, value)
      },
      fromConnectData: () => null,
    }
    const { runtime: rt, task } = await runtime(
      { 'errors.retry.timeout': '10000', 'errors.tolerance': 'none' },
      { value: flaky, dlq: false },
    )
    const result = await rt.processBatch([raw(0, 0, '{"id":1}')])
    expect(attempts).toBe(2)
    expect(result).toMatchObject({ written: 1, failed: 0 })
    expect(task.puts[0]!.map((r) => r.value)).toEqual([new Map([['id', 1n]])])
  })

  it('runs a stage that fails with a non-retriable error once, however long errors.retry.timeout is', async () => {
    let calls = 0
    const strict: Converter = {
      configure: () => {},
      toConnectData: (topic, headers, value) => {
        calls++
        return json().toConnectData(topic, headers, value)
      },
      fromConnectData: () => null,
    }
    const { runtime: rt, dlq } = await runtime({ ...tolerant, 'errors.retry.timeout': '10000' }, { value: strict })
    const result = await rt.processBatch([raw(0, 0, '{"id":1}'), raw(0, 1, '{"id": '), raw(0, 2, '{"id":2}')])
    expect(calls).toBe(3)
    expect(result).toMatchObject({ written: 2, failed: 1 })
    expect(dlq.map((d) => d.failure.offset)).toEqual([1])
  })

  it('fails the batch on the first bad record with errors.tolerance=none, naming topic, partition and offset', async () => {
    const { runtime: rt, task } = await runtime({ 'errors.tolerance': 'none' }, { dlq: false })
    await expect(rt.processBatch([raw(0, 0, '{"id":1}'), raw(2, 41, '{"id": ')])).rejects.toThrow(
      /topic orders, partition 2, offset 41/,
    )
    expect(task.puts).toHaveLength(0)
  })

  it('gives the task’s errant record reporter the original bytes of a record decoded from the event', async () => {
    const task = new RecordingTask()
    task.onPut = async (records, context) => {
      await context.errantRecordReporter?.report(records[1]!, new DataException('the index rejected the document'))
    }
    const { runtime: rt, dlq } = await runtime(tolerant, { task })
    const event = encodeEvent([raw(0, 0, '{"id":1}'), raw(0, 1, '{"id":2}', 'order-2')], 'broker:9092')
    const result = await rt.processEvent(eventRecords(event))
    expect(result).toMatchObject({ written: 2, toDlq: 1 })
    expect(dlq.map((d) => [d.key?.toString(), d.value?.toString(), d.failure.stage, d.failure.offset])).toEqual([
      ['order-2', '{"id":2}', 'TASK_PUT', 1],
    ])
    expect(dlq[0]!.headers[0]).toEqual({ key: 'trace', value: Buffer.from([0, 255]) })
  })

  it('skips the records a partition already committed when a batch is delivered again', async () => {
    const committed = new Map([['orders-0', 2]])
    const offsets: SinkOffsets = {
      committed: async () => committed,
      commit: async (topic, partition, next) => {
        committed.set(`${topic}-${partition}`, next)
        return true
      },
    }
    const { runtime: rt, task } = await runtime(tolerant, { offsets })
    const batch = [raw(0, 0, '{"id":0}'), raw(0, 1, '{"id":1}'), raw(0, 2, '{"id":2}'), raw(1, 0, '{"id":3}')]
    const result = await rt.processBatch(batch)
    expect(result).toMatchObject({ read: 4, skippedAsDelivered: 2, written: 2 })
    expect(task.puts[0]!.map((r) => `${r.kafkaPartition}@${r.kafkaOffset}`)).toEqual(['0@2', '1@0'])
    expect(task.flushes[0]).toEqual([
      { topic: 'orders', partition: 0, first: 2, next: 3 },
      { topic: 'orders', partition: 1, first: 0, next: 1 },
    ])
    expect(committed).toEqual(
      new Map([
        ['orders-0', 3],
        ['orders-1', 1],
      ]),
    )
  })
})
