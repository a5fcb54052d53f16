import { describe, expect, it } from 'vitest'
import { BulkBody, subsetBody, writeAction } from '../../../functions/opensearch-sink/bulk-body.js'
import { BulkExecutor, type BulkItem, INDEXING_FAILED } from '../../../functions/opensearch-sink/bulk-executor.js'
import {
  type BulkItemResponse,
  classifyItem,
  failureMessage,
} from '../../../functions/opensearch-sink/bulk-item-result.js'
import { BulkProcessor, type BulkProcessorSettings } from '../../../functions/opensearch-sink/bulk-processor.js'
import type { DocWriteRequest } from '../../../functions/opensearch-sink/data-converter.js'
import { JsonWriter } from '../../../layers/runtime/converters/json/json-writer.js'
import { ConnectException, RetriableException } from '../../../layers/runtime/errors.js'
import { SinkRecord } from '../../../layers/runtime/record/record.js'
import { exceptionClassName, stackTrace } from '../../../layers/runtime/tolerance/java-error.js'

const index = (id: string, doc = '{"a":1}', version: bigint | null = 5n): DocWriteRequest => ({
  opType: 'index',
  index: 'orders',
  id,
  version,
  retryOnConflict: null,
  source: Buffer.from(doc),
})
const update = (id: string, doc = '{"a":1}'): DocWriteRequest => ({
  opType: 'update',
  index: 'orders',
  id,
  version: null,
  retryOnConflict: 5,
  source: Buffer.from(doc),
})

const ndjson = (request: DocWriteRequest) => {
  const w = new JsonWriter()
  writeAction(w, request)
  return w.finish().toString()
}

const record = (offset: number) =>
  new SinkRecord({
    topic: 'orders',
    kafkaPartition: 0,
    keySchema: null,
    key: `k${offset}`,
    valueSchema: null,
    value: {},
    timestamp: null,
    kafkaOffset: offset,
  })

const item = (request: DocWriteRequest, offset = 0): BulkItem => ({ request, record: record(offset) })

const MAPPING_ERROR = {
  type: 'mapper_parsing_exception',
  reason: "failed to parse field [n] of type [long] in document with id 'b'",
  caused_by: { type: 'illegal_argument_exception', reason: 'For input string: "abc"' },
}
const REJECTED = { type: 'es_rejected_execution_exception', reason: 'rejected execution of coordinating operation' }
const CONFLICT = {
  type: 'version_conflict_engine_exception',
  reason: '[a]: version conflict, current version [5] is higher or equal to the one provided [5]',
  index: 'orders',
  shard: '0',
  index_uuid: 'tXIY18NrRMaPjROs2r0MfQ',
}

describe('Bulk request bodies', () => {
  it('writes index actions with the external version, and the document on the next line', () => {
    expect(ndjson(index('k1', '{"a":1}', 18442n))).toBe(
      '{"index":{"_index":"orders","_id":"k1","version":18442,"version_type":"external"}}\n{"a":1}\n',
    )
  })

  it('writes updates as doc_as_upsert with retry_on_conflict, and deletes without a document', () => {
    expect(ndjson(update('k1'))).toBe(
      '{"update":{"_index":"orders","_id":"k1","retry_on_conflict":5}}\n{"doc":{"a":1},"doc_as_upsert":true}\n',
    )
    expect(ndjson({ ...index('k"1'), opType: 'delete', source: null })).toBe(
      '{"delete":{"_index":"orders","_id":"k\\"1","version":5,"version_type":"external"}}\n',
    )
    expect(ndjson({ ...index('x', '{}', null), id: null })).toBe('{"index":{"_index":"orders"}}\n{}\n')
  })

  it('keeps each action’s bytes so that a subset can be sent again as it was', () => {
    const body = new BulkBody()
    for (const id of ['a', 'b', 'c']) body.add(index(id))
    expect(body.actions).toBe(3)
    const { body: bytes, ends } = body.take()
    expect(body.actions).toBe(0)
    expect(subsetBody(bytes, ends, [0, 2]).toString()).toBe(ndjson(index('a')) + ndjson(index('c')))
    expect(subsetBody(bytes, ends, [1]).toString()).toBe(ndjson(index('b')))
  })
})

describe('Bulk item results', () => {
  it('treats items without an error as written, a delete of a missing document included', () => {
    expect(classifyItem({ status: 201 }, index('a')).kind).toBe('ok')
    expect(classifyItem({ status: 404 }, { ...index('a'), opType: 'delete', source: null }).kind).toBe('ok')
  })

  it('calls mapping errors malformed, matching nested causes too', () => {
    expect(classifyItem({ status: 400, error: MAPPING_ERROR }, index('b')).kind).toBe('malformed')
    const nested = {
      type: 'x_exception',
      reason: 'r',
      caused_by: { type: 'strict_dynamic_mapping_exception', reason: 'no' },
    }
    expect(classifyItem({ status: 400, error: nested }, index('b')).kind).toBe('malformed')
  })

  it('ignores a version conflict of an externally versioned write, and not of an update', () => {
    expect(classifyItem({ status: 409, error: CONFLICT }, index('a')).kind).toBe('ok')
    expect(classifyItem({ status: 409, error: CONFLICT }, update('a')).kind).toBe('conflict')
  })

  it('retries 429 and 5xx items and fails the others', () => {
    expect(classifyItem({ status: 429, error: REJECTED }, index('a')).kind).toBe('retriable')
    expect(
      classifyItem({ status: 503, error: { type: 'unavailable_shards_exception', reason: 'r' } }, index('a')).kind,
    ).toBe('retriable')
    expect(
      classifyItem({ status: 403, error: { type: 'cluster_block_exception', reason: 'index read-only' } }, index('a'))
        .kind,
    ).toBe('failed')
  })

  it('writes the failure as Elasticsearch’s exception text, with index, shard and nested causes', () => {
    expect(failureMessage(CONFLICT)).toBe(
      '[orders/tXIY18NrRMaPjROs2r0MfQ][[orders][0]] ElasticsearchException[Elasticsearch exception [type=version_conflict_engine_exception, reason=[a]: version conflict, current version [5] is higher or equal to the one provided [5]]]',
    )
    expect(failureMessage(MAPPING_ERROR)).toBe(
      'ElasticsearchException[Elasticsearch exception [type=mapper_parsing_exception, reason=failed to parse field [n] of type [long] in document with id \'b\']]; nested: ElasticsearchException[Elasticsearch exception [type=illegal_argument_exception, reason=For input string: "abc"]];',
    )
  })
})

/** A client that answers each bulk call with the next answer; records the bodies sent. */
function fakeClient(answers: Array<(body: string) => BulkItemResponse[]>) {
  const bodies: string[] = []
  return {
    bodies,
    bulk: async (body: Buffer) => {
      bodies.push(body.toString())
      const answer = answers.shift()
      if (answer === undefined) throw new Error('no more answers')
      return answer(body.toString())
    },
  }
}

function reporter() {
  const reports: Array<{ offset: number; error: unknown }> = []
  return {
    reports,
    report: async (r: SinkRecord, error: unknown) => void reports.push({ offset: r.kafkaOffset, error }),
  }
}

const settings = {
  behaviorOnMalformedDocuments: 'fail',
  maxRetries: 2,
  retryBackoffMs: 10,
  readTimeoutMs: 100,
  dataStream: false,
} as const

async function run(executor: BulkExecutor, items: BulkItem[]): Promise<unknown> {
  const body = new BulkBody()
  for (const i of items) body.add(i.request)
  const { body: bytes, ends } = body.take()
  try {
    await executor.execute(items, bytes, ends)
    return null
  } catch (e) {
    return e
  }
}

const noSleep = async () => {}

describe('Bulk execution', () => {
  it('reports a malformed document with the error as message and no stack, then fails under fail', async () => {
    const client = fakeClient([() => [{ status: 201 }, { status: 400, error: MAPPING_ERROR }, { status: 201 }]])
    const r = reporter()
    const error = await run(new BulkExecutor(client, settings, r, undefined, noSleep), [
      item(index('a'), 0),
      item(index('b'), 1),
      item(index('c'), 2),
    ])
    expect(error).toEqual(new ConnectException(INDEXING_FAILED))
    expect(r.reports.map((x) => x.offset)).toEqual([1])
    const reported = r.reports[0]!.error
    expect((reported as Error).message).toMatch(
      /^Indexing failed: ElasticsearchException\[Elasticsearch exception \[type=mapper_parsing_exception/,
    )
    expect(exceptionClassName(reported)).toBe(
      'io.confluent.connect.elasticsearch.ElasticsearchClient$ReportingException',
    )
    expect(stackTrace(reported)).not.toContain('\tat ')
  })

  it('reports a malformed document and goes on under warn and ignore', async () => {
    for (const behavior of ['warn', 'ignore'] as const) {
      const client = fakeClient([() => [{ status: 400, error: MAPPING_ERROR }, { status: 201 }]])
      const r = reporter()
      const executor = new BulkExecutor(
        client,
        { ...settings, behaviorOnMalformedDocuments: behavior },
        r,
        undefined,
        noSleep,
      )
      expect(await run(executor, [item(index('a'), 0), item(index('b'), 1)])).toBeNull()
      expect(r.reports.map((x) => x.offset)).toEqual([0])
      expect(executor.acknowledged).toBe(2)
    }
  })

  it('reports an update that lost a version conflict and goes on; a data stream conflict is not reported', async () => {
    const r = reporter()
    const client = fakeClient([() => [{ status: 409, error: CONFLICT }]])
    expect(await run(new BulkExecutor(client, settings, r, undefined, noSleep), [item(update('a'), 4)])).toBeNull()
    expect(r.reports.map((x) => x.offset)).toEqual([4])
    const ds = reporter()
    const again = fakeClient([() => [{ status: 409, error: CONFLICT }]])
    const executor = new BulkExecutor(again, { ...settings, dataStream: true }, ds, undefined, noSleep)
    expect(await run(executor, [item({ ...index('a', '{}', null), opType: 'create' }, 4)])).toBeNull()
    expect(ds.reports).toEqual([])
  })

  it('reports any other rejected item and fails once every item is settled', async () => {
    const r = reporter()
    const blocked = {
      type: 'cluster_block_exception',
      reason: 'index [orders] blocked by: [FORBIDDEN/8/index write (api)];',
    }
    const client = fakeClient([
      () => [
        { status: 403, error: blocked },
        { status: 400, error: MAPPING_ERROR },
      ],
    ])
    const executor = new BulkExecutor(
      client,
      { ...settings, behaviorOnMalformedDocuments: 'warn' },
      r,
      undefined,
      noSleep,
    )
    expect(await run(executor, [item(index('a'), 0), item(index('b'), 1)])).toEqual(
      new ConnectException(INDEXING_FAILED),
    )
    expect(r.reports.map((x) => x.offset)).toEqual([0, 1])
  })

  it('sends items rejected with 429 again, alone, until they are written', async () => {
    const client = fakeClient([
      () => [{ status: 201 }, { status: 429, error: REJECTED }, { status: 201 }],
      () => [{ status: 201 }],
    ])
    const sleeps: number[] = []
    const executor = new BulkExecutor(client, settings, null, undefined, async (ms) => void sleeps.push(ms))
    expect(await run(executor, [item(index('a')), item(index('b')), item(index('c'))])).toBeNull()
    expect(client.bodies[1]).toBe(ndjson(index('b')))
    expect(sleeps).toHaveLength(1)
    expect(executor.acknowledged).toBe(3)
  })

  it('sends later actions on the same document again after a rejected one, in order', async () => {
    const client = fakeClient([
      () => [{ status: 429, error: REJECTED }, { status: 200 }, { status: 200 }],
      () => [{ status: 200 }, { status: 200 }],
    ])
    const executor = new BulkExecutor(client, settings, null, undefined, noSleep)
    const first = update('a', '{"v":1}')
    const other = update('b', '{"v":2}')
    const second = update('a', '{"v":3}')
    expect(await run(executor, [item(first), item(other), item(second)])).toBeNull()
    expect(client.bodies[1]).toBe(ndjson(first) + ndjson(second))
  })

  it('gives up with a RetriableException once max.retries is used up', async () => {
    const rejected = () => [{ status: 429, error: REJECTED }]
    const client = fakeClient([rejected, rejected, rejected])
    const error = await run(new BulkExecutor(client, settings, null, undefined, noSleep), [item(index('a'))])
    expect(error).toBeInstanceOf(RetriableException)
    expect((error as Error).message).toMatch(
      /^Failed to execute bulk request due to '1 of 1 items rejected: .*es_rejected_execution_exception.*' after 3 attempt\(s\)$/,
    )
    expect(client.bodies).toHaveLength(3)
  })

  it('refuses an answer whose items do not match the request', async () => {
    const client = fakeClient([() => [{ status: 201 }]])
    const error = await run(new BulkExecutor(client, settings, null, undefined, noSleep), [
      item(index('a')),
      item(index('b')),
    ])
    expect(error).toBeInstanceOf(RetriableException)
  })
})

/** An executor whose requests finish when the test says so. */
function controlledExecutor() {
  const calls: Array<{ ids: string[]; finish: (error?: unknown) => void }> = []
  let running = 0
  let maxRunning = 0
  const execute = (items: readonly BulkItem[]) =>
    new Promise<void>((resolve, reject) => {
      running++
      maxRunning = Math.max(maxRunning, running)
      calls.push({
        ids: items.map((i) => i.request.id ?? ''),
        finish: (error?: unknown) => {
          running--
          if (error === undefined) resolve()
          else reject(error)
        },
      })
    })
  return { calls, execute, maxRunning: () => maxRunning }
}

const tick = () => new Promise((resolve) => setImmediate(resolve))

const processorSettings: BulkProcessorSettings = {
  batchSize: 2,
  bulkSizeBytes: -1,
  maxInFlightRequests: 2,
  maxBufferedRecords: 4,
  flushTimeoutMs: 60_000,
  orderById: false,
}

describe('Bulk processor', () => {
  it('sends a request every batch.size actions and the rest on flush', async () => {
    const sent: string[][] = []
    const processor = new BulkProcessor(
      processorSettings,
      async (items) => void sent.push(items.map((i) => i.request.id!)),
    )
    for (const id of ['a', 'b', 'c', 'd', 'e']) await processor.add(item(index(id)))
    await processor.flush()
    expect(sent).toEqual([['a', 'b'], ['c', 'd'], ['e']])
  })

  it('closes a request once it reaches bulk.size.bytes, the action crossing the limit included', async () => {
    const sent: number[] = []
    const action = ndjson(index('a')).length
    const processor = new BulkProcessor(
      { ...processorSettings, batchSize: 100, maxBufferedRecords: 200, bulkSizeBytes: action + 1 },
      async (items) => void sent.push(items.length),
    )
    for (const id of ['a', 'b', 'c']) await processor.add(item(index(id)))
    await processor.flush()
    expect(sent).toEqual([2, 1])
  })

  it('runs at most max.in.flight.requests requests at once', async () => {
    const control = controlledExecutor()
    const processor = new BulkProcessor({ ...processorSettings, maxBufferedRecords: 100 }, control.execute)
    const adding = (async () => {
      for (const id of ['a', 'b', 'c', 'd', 'e', 'f']) await processor.add(item(index(id)))
    })()
    await tick()
    expect(control.calls).toHaveLength(2)
    control.calls[0]!.finish()
    await adding
    expect(control.calls).toHaveLength(3)
    const flushing = processor.flush()
    control.calls[1]!.finish()
    control.calls[2]!.finish()
    await flushing
    expect(control.maxRunning()).toBe(2)
  })

  it('keeps two updates of one document from being in flight at once', async () => {
    const control = controlledExecutor()
    const processor = new BulkProcessor(
      { ...processorSettings, batchSize: 1, maxInFlightRequests: 3, maxBufferedRecords: 10, orderById: true },
      control.execute,
    )
    const adding = (async () => {
      for (const id of ['x', 'y', 'x']) await processor.add(item(update(id)))
    })()
    await tick()
    expect(control.calls.map((c) => c.ids)).toEqual([['x'], ['y']])
    control.calls[0]!.finish()
    await adding
    expect(control.calls.map((c) => c.ids)).toEqual([['x'], ['y'], ['x']])
    const flushing = processor.flush()
    control.calls[1]!.finish()
    control.calls[2]!.finish()
    await flushing
  })

  it('throws the first failure on flush, after every request has finished', async () => {
    const control = controlledExecutor()
    const processor = new BulkProcessor({ ...processorSettings, maxBufferedRecords: 100 }, control.execute)
    for (const id of ['a', 'b', 'c', 'd']) await processor.add(item(index(id)))
    const flushing = processor.flush()
    let settled = false
    flushing
      .catch(() => {})
      .finally(() => {
        settled = true
      })
    control.calls[0]!.finish(new RetriableException('first'))
    await tick()
    expect(settled).toBe(false)
    control.calls[1]!.finish(new ConnectException('second'))
    await expect(flushing).rejects.toThrow('first')
  })

  it('gives up waiting for buffer space after flush.timeout.ms', async () => {
    const control = controlledExecutor()
    const processor = new BulkProcessor(
      { ...processorSettings, batchSize: 1, maxInFlightRequests: 1, maxBufferedRecords: 1, flushTimeoutMs: 0 },
      control.execute,
    )
    await processor.add(item(index('a')))
    await expect(processor.add(item(index('b')))).rejects.toThrow(
      'Could not make space in the internal buffer fast enough. Consider increasing flush.timeout.ms or max.buffered.records.',
    )
    control.calls[0]!.finish()
    await processor.settle()
  })
})
