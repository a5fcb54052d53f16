import { execFile } from 'node:child_process'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { describe, expect, it } from 'vitest'
import {
  createTopics,
  KafkaProducer,
  listTopics,
  readTopic,
  topicOffsets,
} from '../../../layers/runtime/kafka/client.js'
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

type Failed = { code: number; stdout: string; stderr: string }

function failed(e: unknown): Failed {
  return e as Failed
}

/** A worker properties file with these lines. */
function workerFile(lines: readonly string[]): string {
  const dir = mkdtempSync(join(tmpdir(), 'connectless-dlq-worker-'))
  const file = join(dir, 'worker.properties')
  writeFileSync(file, `${lines.join('\n')}\n`)
  return file
}

function dlqRecord(original: string, offset: number, exception: string, stage: string, partition = 0) {
  return {
    key: Buffer.from(`k${offset}`),
    value: Buffer.from(`{bad ${offset}`),
    headers: [
      h('trace', `t${offset}`),
      h(DLQ_HEADER.TOPIC, original),
      h(DLQ_HEADER.PARTITION, String(partition)),
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
    const table = all.stdout.split('\n').slice(2, 5)
    const exceptionColumn = table[0]!.indexOf('exception')
    expect(table).toEqual([
      `count  original topic${' '.repeat(original.length - 'original topic'.length)}  stage            exception`,
      `    2  ${original}  VALUE_CONVERTER  org.apache.kafka.connect.errors.DataException`,
      `    1  ${original}  TRANSFORMATION   org.apache.kafka.connect.errors.ConnectException`,
    ])
    expect(table.map((l) => l.indexOf('org.apache'))).toEqual([-1, exceptionColumn, exceptionColumn])
    expect(all.stdout).toContain(`from ${original}-0@9  TRANSFORMATION`)

    const json = await connectless('dlq', 'inspect', '--topic', dlq, '--json', '--class', 'DataException', ...bootstrap)
    const lines = json.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { offset: string; stage: string; message: string })
    expect(lines.map((l) => l.offset)).toEqual(['3', '7'])
    expect(lines[0]).toMatchObject({ stage: 'VALUE_CONVERTER', message: 'failed at 3' })

    const toTarget = await connectless(
      'dlq',
      'replay',
      '--topic',
      dlq,
      '--to',
      target,
      '--where',
      'stage=VALUE_CONVERTER',
      ...bootstrap,
    )
    expect(toTarget.stderr).not.toContain('created')
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

  it('replays to a topic that does not exist by creating it with as many partitions as the DLQ topic, saying so', async () => {
    const dlq = topicName('dlq-to-new')
    const original = topicName('orders')
    const target = topicName('replayed-new')
    await createTopics(kafka, [{ name: dlq, partitions: 3 }])
    const producer = new KafkaProducer(kafka)
    await producer.send(
      Array.from({ length: 6 }, (_, i) => ({
        topic: dlq,
        partition: i % 3,
        ...dlqRecord(original, i, 'org.apache.kafka.connect.errors.DataException', 'VALUE_CONVERTER'),
      })),
    )
    await producer.close()
    const bootstrap = ['--bootstrap-server', kafka.bootstrapServers.join(',')]

    const result = await connectless('dlq', 'replay', '--topic', dlq, '--to', target, ...bootstrap)
    expect(result.stderr).toContain(
      `created topic ${target}, which did not exist, with 3 partition(s) (as many as the DLQ topic ${dlq}) and the broker's default replication factor`,
    )
    expect(result.stderr).toContain(`replayed 6 record(s) from ${dlq} to ${target}`)
    expect(await topicOffsets(kafka, target)).toHaveLength(3)
    const replayed = await readTopic(kafka, target)
    expect(replayed.map((r) => r.value?.toString()).sort()).toEqual(Array.from({ length: 6 }, (_, i) => `{bad ${i}`))
    // the original topic was never touched
    expect(await listTopics(kafka)).not.toContain(original)
  })

  it('recreates a missing (deleted) original topic with partitions up to the highest its dead-letter records name', async () => {
    const dlq = topicName('dlq-gone')
    const gone = topicName('orders-gone')
    const present = topicName('orders-present')
    await createTopics(kafka, [{ name: dlq }, { name: present, partitions: 2 }])
    const producer = new KafkaProducer(kafka)
    await producer.send([
      { topic: dlq, ...dlqRecord(gone, 3, 'org.apache.kafka.connect.errors.DataException', 'VALUE_CONVERTER', 4) },
      { topic: dlq, ...dlqRecord(gone, 5, 'org.apache.kafka.connect.errors.DataException', 'VALUE_CONVERTER', 1) },
      { topic: dlq, ...dlqRecord(present, 8, 'org.apache.kafka.connect.errors.DataException', 'VALUE_CONVERTER') },
    ])
    await producer.close()

    const result = await connectless(
      'dlq',
      'replay',
      '--topic',
      dlq,
      '--bootstrap-server',
      kafka.bootstrapServers.join(','),
    )
    expect(result.stderr).toContain(
      `created the original topic ${gone}, which did not exist, with 5 partition(s) (the highest partition its dead-letter records name plus one`,
    )
    expect(result.stderr).not.toContain(`topic ${present},`)
    expect(await topicOffsets(kafka, gone)).toHaveLength(5)
    expect(await topicOffsets(kafka, present)).toHaveLength(2)
    expect((await readTopic(kafka, gone)).map((r) => r.value?.toString()).sort()).toEqual(['{bad 3', '{bad 5'])
    expect((await readTopic(kafka, present)).map((r) => r.value?.toString())).toEqual(['{bad 8'])
  })

  it('creates a target with --partitions and --replication-factor, and fails naming the topic, replaying nothing, when the brokers cannot', async () => {
    const dlq = topicName('dlq-rf')
    const two = topicName('replayed-two')
    const impossible = topicName('replayed-rf3')
    await createTopics(kafka, [{ name: dlq }])
    const producer = new KafkaProducer(kafka)
    await producer.send([
      { topic: dlq, ...dlqRecord('orders', 1, 'org.apache.kafka.connect.errors.DataException', 'VALUE_CONVERTER') },
    ])
    await producer.close()
    const bootstrap = ['--bootstrap-server', kafka.bootstrapServers.join(',')]

    const ok = await connectless(
      'dlq',
      'replay',
      '--topic',
      dlq,
      '--to',
      two,
      '--partitions',
      '2',
      '--replication-factor',
      '1',
      ...bootstrap,
    )
    expect(ok.stderr).toContain(
      `created topic ${two}, which did not exist, with 2 partition(s) (--partitions) and replication factor 1`,
    )
    expect(await topicOffsets(kafka, two)).toHaveLength(2)
    expect((await readTopic(kafka, two)).map((r) => r.value?.toString())).toEqual(['{bad 1'])

    // the local stack has one broker
    const err = failed(
      await connectless(
        'dlq',
        'replay',
        '--topic',
        dlq,
        '--to',
        impossible,
        '--replication-factor',
        '3',
        ...bootstrap,
      ).catch((e: unknown) => e),
    )
    expect(err.code).toBe(1)
    expect(err.stderr).toContain(
      `cannot create the replay target topic '${impossible}' (1 partition(s), replication factor 3)`,
    )
    expect(err.stderr).not.toContain('replayed 1 record(s)')
    expect(await listTopics(kafka)).not.toContain(impossible)

    const usage = failed(
      await connectless('dlq', 'replay', '--topic', dlq, '--to', impossible, '--partitions', '0', ...bootstrap).catch(
        (e: unknown) => e,
      ),
    )
    expect(usage.code).toBe(2)
    expect(usage.stderr).toContain("--partitions expects a positive whole number, got '0'")
  })

  it('reads and replays with the worker file’s security settings (consumer.* for reading, producer.* for replaying), never printing a secret', async () => {
    const dlq = topicName('dlq-auth')
    const target = topicName('replayed-auth')
    await createTopics(kafka, [{ name: dlq }, { name: target }])
    const producer = new KafkaProducer(kafka)
    await producer.send([
      { topic: dlq, ...dlqRecord('orders', 1, 'org.apache.kafka.connect.errors.DataException', 'VALUE_CONVERTER') },
    ])
    await producer.close()
    const brokers = `bootstrap.servers=${kafka.bootstrapServers.join(',')}`
    const scram = (prefix: string, password: string) => [
      `${prefix}security.protocol=SASL_PLAINTEXT`,
      `${prefix}sasl.mechanism=SCRAM-SHA-512`,
      `${prefix}sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required username="dlq" password="${password}";`,
    ]

    // the local broker is PLAINTEXT: a client that really uses SASL cannot get in, and says why
    const consumerSasl = workerFile([brokers, ...scram('consumer.', 'reader-s3cret')])
    const readErr = failed(
      await connectless('dlq', 'inspect', '--topic', dlq, '--worker', consumerSasl).catch((e: unknown) => e),
    )
    expect(readErr.code).toBe(1)
    expect(readErr.stderr).toContain(`cannot read the DLQ topic '${dlq}'`)
    expect(readErr.stderr).toContain('SASL')
    expect(readErr.stderr).not.toContain('reader-s3cret')

    // producer.* settings are the replaying producer's only: reading works, producing does not
    const producerSasl = workerFile([brokers, ...scram('producer.', 'writer-s3cret')])
    const inspected = await connectless('dlq', 'inspect', '--topic', dlq, '--worker', producerSasl)
    expect(inspected.stdout).toContain(`${dlq}: 1 record(s), 1 selected`)
    const replayErr = failed(
      await connectless('dlq', 'replay', '--topic', dlq, '--to', target, '--worker', producerSasl).catch(
        (e: unknown) => e,
      ),
    )
    expect(replayErr.code).toBe(1)
    expect(replayErr.stderr).toContain(`replaying ${dlq}-0@0 to ${target}`)
    expect(replayErr.stderr).toContain('SASL')
    expect(replayErr.stderr).not.toContain('writer-s3cret')
    expect(await readTopic(kafka, target)).toEqual([])

    // a setting that cannot work is named with the file and the client, its value hidden
    const badJaas = workerFile([
      brokers,
      'security.protocol=SASL_SSL',
      'sasl.mechanism=SCRAM-SHA-256',
      'sasl.jaas.config=org.apache.kafka.common.security.plain.PlainLoginModule required username="dlq" password="plain-s3cret";',
    ])
    const configErr = failed(
      await connectless('dlq', 'inspect', '--topic', dlq, '--worker', badJaas).catch((e: unknown) => e),
    )
    expect(configErr.code).toBe(1)
    expect(configErr.stderr).toContain(`${badJaas}: the reading client's settings`)
    expect(configErr.stderr).toContain('Invalid value [hidden] for configuration sasl.jaas.config')
    expect(configErr.stderr).not.toContain('plain-s3cret')
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
