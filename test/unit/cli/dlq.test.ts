import { describe, expect, it } from 'vitest'
import { UsageError } from '../../../cli/command.js'
import {
  type DlqEntry,
  decodeDlqRecord,
  inspectText,
  originalPartitionsSeen,
  replayTargets,
  summaryTable,
} from '../../../cli/commands/dlq.js'
import { type ConsumerRecord, errorReason } from '../../../layers/runtime/kafka/client.js'
import { DLQ_HEADER } from '../../../layers/runtime/tolerance/reporters.js'

let nextOffset = 0n

function entry(
  context: { topic: string; partition?: number; stage: string; exception: string } | null,
  dlqPartition = 0,
): DlqEntry {
  const h = (key: string, value: string) => ({ key, value: Buffer.from(value) })
  const record: ConsumerRecord = {
    topic: 'orders-dlq',
    partition: dlqPartition,
    offset: nextOffset++,
    timestamp: 1_700_000_000_000,
    key: Buffer.from('k'),
    value: Buffer.from('{bad'),
    headers:
      context === null
        ? [h('trace', 't')]
        : [
            h(DLQ_HEADER.TOPIC, context.topic),
            h(DLQ_HEADER.PARTITION, String(context.partition ?? 0)),
            h(DLQ_HEADER.OFFSET, '42'),
            h(DLQ_HEADER.STAGE, context.stage),
            h(DLQ_HEADER.EXECUTING_CLASS, 'org.apache.kafka.connect.json.JsonConverter'),
            h(DLQ_HEADER.EXCEPTION, context.exception),
            h(DLQ_HEADER.EXCEPTION_MESSAGE, 'failed'),
          ],
  }
  return decodeDlqRecord(record)
}

const DATA = 'org.apache.kafka.connect.errors.DataException'
const CONNECT = 'org.apache.kafka.connect.errors.ConnectException'

/** The character positions where each column of a table line starts (cells have no inner double space). */
function columnStarts(line: string): number[] {
  const starts: number[] = []
  const re = /\S+(?: \S+)*/g
  for (let m = re.exec(line); m !== null; m = re.exec(line)) starts.push(m.index)
  return starts
}

describe('dlq inspect summary table', () => {
  const entries = [
    ...Array.from({ length: 12 }, () => entry({ topic: 'orders', stage: 'VALUE_CONVERTER', exception: DATA })),
    entry({ topic: 'customer-events-eu-west-1', stage: 'TRANSFORMATION', exception: CONNECT }),
    entry({ topic: 'orders', stage: 'KEY_CONVERTER', exception: DATA }),
    entry(null),
  ]

  it('lines every column up under its header, counts right-aligned, most frequent first', () => {
    const lines = summaryTable(entries)
    expect(lines).toEqual([
      'count  original topic             stage            exception',
      `   12  orders                     VALUE_CONVERTER  ${DATA}`,
      `    1  ?                          ?                (no error headers)`,
      `    1  customer-events-eu-west-1  TRANSFORMATION   ${CONNECT}`,
      `    1  orders                     KEY_CONVERTER    ${DATA}`,
    ])
    // the columns after the count start where their header starts, on every line
    const header = columnStarts(lines[0] as string)
    for (const line of lines.slice(1)) expect(columnStarts(line).slice(1)).toEqual(header.slice(1))
    // the counts end where the header's `count` ends
    for (const line of lines) expect(line.slice(0, 5).trimStart()).toMatch(/^(count|\d+)$/)
  })

  it('widens the count column for counts wider than its header and leaves no trailing spaces', () => {
    const many = Array.from({ length: 100_000 }, () => entries[0] as DlqEntry)
    const lines = summaryTable([...many, entries[12] as DlqEntry])
    expect(lines).toEqual([
      ' count  original topic             stage            exception',
      `100000  orders                     VALUE_CONVERTER  ${DATA}`,
      `     1  customer-events-eu-west-1  TRANSFORMATION   ${CONNECT}`,
    ])
    for (const line of lines) expect(line).toBe(line.trimEnd())
  })

  it('prints the counts, the table, then two lines per record; no table when nothing is selected', () => {
    const text = inspectText('orders-dlq', entries, entries.slice(12))
    const lines = text.split('\n')
    expect(lines[0]).toBe('orders-dlq: 15 record(s), 3 selected')
    expect(lines[1]).toBe('')
    expect(lines[2]).toMatch(/^count {2}original topic {13}stage {11}exception$/)
    expect(lines.slice(6, 8)).toEqual([
      '',
      expect.stringMatching(/^0@\d+ {2}from customer-events-eu-west-1-0@42 {2}TRANSFORMATION org\.apache/),
    ])
    expect(text).toContain(
      '    (no __connect.errors.* headers: set errors.deadletterqueue.context.headers.enable=true)',
    )
    expect(inspectText('orders-dlq', entries, [])).toBe('orders-dlq: 15 record(s), 0 selected\n')
  })
})

describe('dlq replay targets', () => {
  it('sends each record to the topic its header names, or to --to TOPIC', () => {
    const a = entry({ topic: 'orders', stage: 'VALUE_CONVERTER', exception: DATA })
    const b = entry({ topic: 'payments', stage: 'VALUE_CONVERTER', exception: DATA })
    expect(replayTargets([a, b], 'original').map((s) => s.target)).toEqual(['orders', 'payments'])
    expect(replayTargets([a, b], 'orders-repaired').map((s) => s.target)).toEqual([
      'orders-repaired',
      'orders-repaired',
    ])
  })

  it('refuses --to original, before anything is sent, when a record has no topic header, naming it', () => {
    const good = entry({ topic: 'orders', stage: 'VALUE_CONVERTER', exception: DATA })
    const bare = entry(null, 2)
    expect(() => replayTargets([good, bare], 'original')).toThrow(UsageError)
    expect(() => replayTargets([good, bare], 'original')).toThrow(
      `record 2@${bare.dlqOffset} has no __connect.errors.topic header`,
    )
  })

  it('counts a deleted original topic’s partitions as the highest partition its records name plus one', () => {
    const all = [
      entry({ topic: 'orders', partition: 0, stage: 'VALUE_CONVERTER', exception: DATA }),
      entry({ topic: 'orders', partition: 5, stage: 'VALUE_CONVERTER', exception: DATA }),
      entry({ topic: 'payments', partition: 9, stage: 'VALUE_CONVERTER', exception: DATA }),
      entry(null),
    ]
    expect(originalPartitionsSeen(all, 'orders')).toBe(6)
    expect(originalPartitionsSeen(all, 'payments')).toBe(10)
    expect(originalPartitionsSeen(all, 'unknown')).toBe(1)
  })
})

describe('dlq error reasons', () => {
  it('follows the errors platformatic nests down to the broker’s answer, each message once', () => {
    const leaf = new Error('Request is not valid given the current SASL state.')
    const network = new Error('Connection to b:9096 failed.', { cause: leaf })
    const attempt = Object.assign(new Error('Cannot connect to any broker.'), { errors: [network] })
    const top = Object.assign(new Error('metadata failed 2 times.'), { errors: [attempt, attempt] })
    expect(errorReason(top)).toBe(
      'metadata failed 2 times: Cannot connect to any broker: Connection to b:9096 failed: Request is not valid given the current SASL state',
    )
    expect(errorReason('plain')).toBe('plain')
  })
})
