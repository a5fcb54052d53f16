import { execFile } from 'node:child_process'
import { promisify } from 'node:util'
import { describe, expect, it } from 'vitest'
import { createTopics, KafkaProducer, readTopic } from '../../../layers/runtime/kafka/client.js'
import { DLQ_HEADER } from '../../../layers/runtime/tolerance/reporters.js'
import { topicName } from '../../support/names.js'
import { endpoints, requireServices } from '../../support/services.js'

requireServices('kafka')

const run = promisify(execFile)
const kafka = { bootstrapServers: [...endpoints.kafka.bootstrapServers] }
const h = (key: string, value: string) => ({ key, value: Buffer.from(value) })

async function connectless(...args: string[]) {
  return run(process.execPath, ['--import', 'tsx', 'cli/main.ts', ...args], { maxBuffer: 16 * 1024 * 1024 })
}

function dlqRecord(original: string, offset: number, exception: string, stage: string) {
  return {
    key: Buffer.from(`k${offset}`),
    value: Buffer.from(`{bad ${offset}`),
    headers: [
      h('trace', `t${offset}`),
      h(DLQ_HEADER.TOPIC, original),
      h(DLQ_HEADER.PARTITION, '0'),
      h(DLQ_HEADER.OFFSET, String(offset)),
      h(DLQ_HEADER.CONNECTOR_NAME, 'orders-sink'),
      h(DLQ_HEADER.TASK_ID, '0'),
      h(DLQ_HEADER.STAGE, stage),
      h(DLQ_HEADER.EXECUTING_CLASS, 'org.apache.kafka.connect.json.JsonConverter'),
      h(DLQ_HEADER.EXCEPTION, exception),
      h(DLQ_HEADER.EXCEPTION_MESSAGE, `failed at ${offset}`),
      h(DLQ_HEADER.EXCEPTION_STACK_TRACE, `${exception}: failed\n\tat x`),
    ],
    timestamp: 1_700_000_000_000 + offset,
  }
}

describe('connectless dlq', () => {
  it('inspects a DLQ topic with the error context decoded, filters, and replays the original bytes without the error headers', async () => {
    const dlq = topicName('dlq')
    const original = topicName('orders')
    const target = topicName('replayed')
    await createTopics(kafka, [{ name: dlq }, { name: original }, { name: target }])
    const producer = new KafkaProducer(kafka)
    await producer.send([
      { topic: dlq, ...dlqRecord(original, 3, 'org.apache.kafka.connect.errors.DataException', 'VALUE_CONVERTER') },
      { topic: dlq, ...dlqRecord(original, 7, 'org.apache.kafka.connect.errors.DataException', 'VALUE_CONVERTER') },
      { topic: dlq, ...dlqRecord(original, 9, 'org.apache.kafka.connect.errors.ConnectException', 'TRANSFORMATION') },
    ])
    await producer.close()
    const bootstrap = ['--bootstrap-server', kafka.bootstrapServers.join(',')]

    const all = await connectless('dlq', 'inspect', '--topic', dlq, ...bootstrap)
    expect(all.stdout).toContain(`${dlq}: 3 record(s), 3 selected`)
    expect(all.stdout).toMatch(
      new RegExp(`\\s2  ${original}  VALUE_CONVERTER  org\\.apache\\.kafka\\.connect\\.errors\\.DataException`),
    )
    expect(all.stdout).toContain(`from ${original}-0@9  TRANSFORMATION`)

    const json = await connectless('dlq', 'inspect', '--topic', dlq, '--json', '--class', 'DataException', ...bootstrap)
    const lines = json.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { offset: string; stage: string; message: string })
    expect(lines.map((l) => l.offset)).toEqual(['3', '7'])
    expect(lines[0]).toMatchObject({ stage: 'VALUE_CONVERTER', message: 'failed at 3' })

    await connectless('dlq', 'replay', '--topic', dlq, '--to', target, '--where', 'stage=VALUE_CONVERTER', ...bootstrap)
    // exactly these two: replay produced each selected record once
    const replayed = await readTopic(kafka, target)
    expect(replayed.map((r) => r.value?.toString())).toEqual(['{bad 3', '{bad 7'])
    expect(replayed[0]!.key?.toString()).toBe('k3')
    expect(replayed[0]!.headers).toEqual([{ key: 'trace', value: Buffer.from('t3') }])
    expect(replayed[0]!.timestamp).toBe(1_700_000_000_003)

    await connectless('dlq', 'replay', '--topic', dlq, '--where', 'exception=ConnectException', ...bootstrap)
    const back = await readTopic(kafka, original)
    expect(back.map((r) => r.value?.toString())).toEqual(['{bad 9'])
  })

  it('reads every record of a many-partition DLQ topic produced just before, and says so for an empty one', async () => {
    const dlq = topicName('dlq-wide')
    const empty = topicName('dlq-empty')
    const original = topicName('orders')
    await createTopics(kafka, [{ name: dlq, partitions: 3 }, { name: empty }])
    const producer = new KafkaProducer(kafka)
    const sent = Array.from({ length: 60 }, (_, i) => ({
      topic: dlq,
      partition: i % 3,
      ...dlqRecord(original, i, 'org.apache.kafka.connect.errors.DataException', 'VALUE_CONVERTER'),
    }))
    await producer.send(sent)
    await producer.close()
    const bootstrap = ['--bootstrap-server', kafka.bootstrapServers.join(',')]

    const json = await connectless('dlq', 'inspect', '--topic', dlq, '--json', ...bootstrap)
    const lines = json.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { dlqPartition: number; offset: string })
    expect(lines).toHaveLength(60)
    expect(lines.map((l) => Number(l.offset)).sort((a, b) => a - b)).toEqual(sent.map((_, i) => i))
    expect(new Set(lines.map((l) => l.dlqPartition))).toEqual(new Set([0, 1, 2]))

    const none = await connectless('dlq', 'inspect', '--topic', empty, ...bootstrap)
    expect(none.stdout).toContain(`${empty}: 0 record(s), 0 selected`)
  })

  it('fails naming the topic when the DLQ topic does not exist', async () => {
    const missing = topicName('dlq-missing')
    const err = await connectless(
      'dlq',
      'inspect',
      '--topic',
      missing,
      '--bootstrap-server',
      kafka.bootstrapServers.join(','),
    ).catch((e: { code: number; stderr: string }) => e)
    expect(err).toMatchObject({ code: 1 })
    expect((err as { stderr: string }).stderr).toContain(`topic ${missing} does not exist`)
  })

  it('rejects an unknown --where field with a usage error', async () => {
    const err = await connectless(
      'dlq',
      'inspect',
      '--topic',
      'x',
      '--where',
      'colour=red',
      '--bootstrap-server',
      kafka.bootstrapServers.join(','),
    ).catch((e: { code: number; stderr: string }) => e)
    expect(err).toMatchObject({ code: 2 })
    expect((err as { stderr: string }).stderr).toContain("unknown field 'colour'")
  })
})
