import { readFileSync } from 'node:fs'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { ConnectorMetrics, MetricName } from '../../layers/runtime/metrics.js'

interface EmfLine {
  _aws: {
    Timestamp: number
    CloudWatchMetrics: Array<{
      Namespace: string
      Dimensions: string[][]
      Metrics: Array<{ Name: string; Unit: string }>
    }>
  }
  [key: string]: unknown
}

let lines: string[]

beforeEach(() => {
  lines = []
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    const text = typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8')
    lines.push(...text.split('\n').filter((l) => l.trim() !== ''))
    return true
  })
})

afterEach(() => {
  vi.restoreAllMocks()
})

const emf = (): EmfLine[] => lines.map((l) => JSON.parse(l) as EmfLine).filter((l) => l._aws !== undefined)

const BATCH = {
  read: 10,
  skippedAsDelivered: 2,
  written: 5,
  filtered: 1,
  failed: 2,
  toDlq: 2,
  complete: true,
  durationMs: 40,
}

describe('metrics in the embedded metric format', () => {
  it('writes one EMF line per sink batch with the _aws block, the namespace and both dimension sets', () => {
    const metrics = new ConnectorMetrics({ namespace: 'connectless-test' })
    metrics.sinkBatch({ connector: 's3-sink', task: 0 }, BATCH)
    const [line, ...rest] = emf()
    expect(rest).toEqual([])
    expect(line?._aws.CloudWatchMetrics).toHaveLength(1)
    const directive = line?._aws.CloudWatchMetrics[0]
    expect(directive?.Namespace).toBe('connectless-test')
    expect(directive?.Dimensions).toEqual([['connector', 'task'], ['connector']])
    expect(typeof line?._aws.Timestamp).toBe('number')
    expect(line?.['connector']).toBe('s3-sink')
    expect(line?.['task']).toBe('0')
    expect(line?.['service']).toBeUndefined()
  })

  it('names sink batch metrics after Connect and gives the batch counts', () => {
    new ConnectorMetrics().sinkBatch({ connector: 's3-sink', task: 0 }, { ...BATCH, putTimeMs: 12 })
    const line = emf()[0] as EmfLine
    expect(line).toMatchObject({
      'sink-record-read-total': 10,
      'sink-record-send-total': 5,
      'sink-record-redelivered-total': 2,
      'record-filtered-total': 1,
      'total-record-failures': 2,
      'total-record-errors': 2,
      'total-records-skipped': 2,
      'deadletterqueue-produce-requests': 2,
      'batch-size-avg': 10,
      'put-batch-avg-time-ms': 12,
      'batch-processing-time-ms': 40,
      'offset-commit-completion-total': 1,
    })
    const units = Object.fromEntries(line._aws.CloudWatchMetrics[0]?.Metrics.map((m) => [m.Name, m.Unit]) ?? [])
    expect(units['sink-record-read-total']).toBe('Count')
    expect(units['put-batch-avg-time-ms']).toBe('Milliseconds')
    // every value the line carries is declared in the directive, and the other way round
    const declared = Object.keys(units).sort()
    const values = Object.keys(line)
      .filter((k) => !['_aws', 'connector', 'task'].includes(k))
      .sort()
    expect(values).toEqual(declared)
  })

  it('leaves put-batch-avg-time-ms out when the runtime does not measure it', () => {
    new ConnectorMetrics().sinkBatch({ connector: 's3-sink', task: 0 }, BATCH)
    expect(emf()[0]).not.toHaveProperty('put-batch-avg-time-ms')
  })

  it('names source run metrics after Connect', () => {
    new ConnectorMetrics().sourceBatch(
      { connector: 'postgres-source', task: 2 },
      { read: 7, produced: 6, filtered: 1, failed: 0, commits: 3, pollTimeMs: 9 },
    )
    expect(emf()[0]).toMatchObject({
      task: '2',
      'source-record-poll-total': 7,
      'source-record-write-total': 6,
      'poll-batch-avg-time-ms': 9,
      'batch-size-avg': 7,
      'offset-commit-completion-total': 3,
    })
  })

  it('writes one line per batch, each with its own connector and task', () => {
    const metrics = new ConnectorMetrics()
    metrics.sinkBatch({ connector: 'a', task: 0 }, BATCH)
    metrics.batchFailure({ connector: 'b', task: 1 })
    metrics.sinkBatch({ connector: 'a', task: 0 }, { ...BATCH, read: 3 })
    const all = emf()
    expect(all.map((l) => [l['connector'], l['task']])).toEqual([
      ['a', '0'],
      ['b', '1'],
      ['a', '0'],
    ])
    expect(all[1]).toMatchObject({ 'batch-failure-total': 1 })
    expect(all[1]).not.toHaveProperty('sink-record-read-total')
    expect(all[2]?.['sink-record-read-total']).toBe(3)
  })

  it('documents every metric name in docs/operations.md', () => {
    const docs = readFileSync(new URL('../../docs/operations.md', import.meta.url), 'utf8')
    for (const name of Object.values(MetricName)) expect(docs, name).toContain(`| \`${name}\` |`)
  })
})
