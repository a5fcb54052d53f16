import { describe, expect, it } from 'vitest'
import { DataException } from '../../../layers/runtime/errors.js'
import { TimestampType } from '../../../layers/runtime/record/record.js'
import type { RawKafkaRecord } from '../../../layers/runtime/sink/msk-event.js'
import { stackTrace } from '../../../layers/runtime/tolerance/java-error.js'
import { ProcessingContext } from '../../../layers/runtime/tolerance/operator.js'
import { DeadLetterQueueReporter, DLQ_HEADER } from '../../../layers/runtime/tolerance/reporters.js'
import { Stage } from '../../../layers/runtime/tolerance/stage.js'

const original: RawKafkaRecord = {
  topic: 'orders',
  partition: 2,
  offset: 1234,
  timestamp: 1700000000000,
  timestampType: TimestampType.CREATE_TIME,
  key: Buffer.from('k1'),
  value: Buffer.from('{not json'),
  headers: [{ key: 'trace', value: Buffer.from([0, 255]) }],
}

function failedContext(error: unknown): ProcessingContext<RawKafkaRecord> {
  const ctx = new ProcessingContext(original)
  ctx.stage = Stage.VALUE_CONVERTER
  ctx.executingClass = 'org.apache.kafka.connect.json.JsonConverter'
  ctx.error = error
  return ctx
}

describe('DeadLetterQueueReporter', () => {
  it('sends the original key, value, headers and timestamp, and appends the ten context headers in order', () => {
    const dlq = new DeadLetterQueueReporter('dlq-orders', { connector: 'orders-sink', task: 0 }, true)
    dlq.report(
      failedContext(new DataException('Converting byte[] to Kafka Connect data failed due to serialization error: ')),
    )
    const [rec] = dlq.drain()
    expect(rec!.topic).toBe('dlq-orders')
    expect(rec!.key?.toString()).toBe('k1')
    expect(rec!.value?.toString()).toBe('{not json')
    expect(rec!.timestamp).toBe(1700000000000)
    const headers = rec!.headers.map((h) => [h.key, h.value === null ? null : h.value.toString('utf8')])
    expect(headers.slice(0, 1)).toEqual([['trace', Buffer.from([0, 255]).toString('utf8')]])
    expect(rec!.headers[0]!.value).toEqual(Buffer.from([0, 255]))
    expect(headers.slice(1, 10)).toEqual([
      [DLQ_HEADER.TOPIC, 'orders'],
      [DLQ_HEADER.PARTITION, '2'],
      [DLQ_HEADER.OFFSET, '1234'],
      [DLQ_HEADER.CONNECTOR_NAME, 'orders-sink'],
      [DLQ_HEADER.TASK_ID, '0'],
      [DLQ_HEADER.STAGE, 'VALUE_CONVERTER'],
      [DLQ_HEADER.EXECUTING_CLASS, 'org.apache.kafka.connect.json.JsonConverter'],
      [DLQ_HEADER.EXCEPTION, 'org.apache.kafka.connect.errors.DataException'],
      [DLQ_HEADER.EXCEPTION_MESSAGE, 'Converting byte[] to Kafka Connect data failed due to serialization error: '],
    ])
    expect(headers[10]![0]).toBe('__connect.errors.exception.stacktrace')
    expect(headers[10]![1]).toMatch(/^org\.apache\.kafka\.connect\.errors\.DataException: Converting byte\[\]/)
    expect(rec!.headers).toHaveLength(11)
  })

  it('writes no context headers unless errors.deadletterqueue.context.headers.enable is true (Connect default)', () => {
    const dlq = new DeadLetterQueueReporter('dlq', { connector: 'c', task: 0 }, false)
    dlq.report(failedContext(new DataException('x')))
    expect(dlq.drain()[0]!.headers.map((h) => h.key)).toEqual(['trace'])
  })

  it('writes a null message header for an exception without a message', () => {
    const dlq = new DeadLetterQueueReporter('dlq', { connector: 'c', task: 0 }, true)
    dlq.report(failedContext(new DataException('')))
    const h = dlq.drain()[0]!.headers.find((x) => x.key === DLQ_HEADER.EXCEPTION_MESSAGE)
    expect(h?.value).toBeNull()
  })

  it('hands over each record once', () => {
    const dlq = new DeadLetterQueueReporter('dlq', { connector: 'c', task: 0 }, true)
    dlq.report(failedContext(new Error('a')))
    expect(dlq.drain()).toHaveLength(1)
    expect(dlq.drain()).toHaveLength(0)
  })
})

describe('stack traces in Java form', () => {
  it('prints the class, the message, tab-indented frames and the causes', () => {
    const cause = new SyntaxError('Unexpected token n')
    const trace = stackTrace(new DataException('Converting failed', { cause }))
    const lines = trace.split('\n')
    expect(lines[0]).toBe('org.apache.kafka.connect.errors.DataException: Converting failed')
    expect(lines[1]).toMatch(/^\tat /)
    expect(trace).toContain('\nCaused by: SyntaxError: Unexpected token n\n')
  })
})
