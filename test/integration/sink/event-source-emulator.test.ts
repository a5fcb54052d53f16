/**
 * The event source emulator's consumer group and stop, on the real Kafka: a group that still has the
 * member of a runner that was killed is waited for (with a warning) until the coordinator evicts it, not
 * failed; errors that waiting does not fix (an unknown topic, a failed authentication) fail it; a stop
 * does not wait for the batching window, and the records gathered for it are delivered after a restart,
 * each once.
 */
import { type ChildProcess, spawn } from 'node:child_process'
import { afterEach, describe, expect, it, vi } from 'vitest'
import {
  consumerGroupOffsets,
  createTopics,
  type GroupOffset,
  type KafkaClientConfig,
  KafkaProducer,
} from '../../../layers/runtime/kafka/client.js'
import { logger } from '../../../layers/runtime/logging.js'
import { EventSourceEmulator, type KafkaEventHandler } from '../../../layers/runtime/sink/event-source-emulator.js'
import { REPO_ROOT } from '../../support/global-setup.js'
import { groupName, topicName } from '../../support/names.js'
import { endpoints, requireServices } from '../../support/services.js'

requireServices('kafka')

const kafka: KafkaClientConfig = { bootstrapServers: [...endpoints.kafka.bootstrapServers] }
const children: ChildProcess[] = []

afterEach(() => {
  for (const c of children.splice(0)) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL')
  vi.restoreAllMocks()
})

async function until(check: () => boolean | Promise<boolean>, what: string, timeoutMs = 30_000): Promise<void> {
  const end = Date.now() + timeoutMs
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`)
    await new Promise((r) => setTimeout(r, 100))
  }
}

async function produce(topic: string, count: number, partitions: number): Promise<void> {
  const producer = new KafkaProducer(kafka)
  try {
    await producer.send(
      Array.from({ length: count }, (_, i) => ({
        topic,
        partition: i % partitions,
        key: Buffer.from(String(i)),
        value: Buffer.from(JSON.stringify({ n: i })),
        headers: [],
      })),
    )
  } finally {
    await producer.close()
  }
}

/** A handler that remembers each record it was given as `partition@offset`. */
function recording(delivered: string[]): KafkaEventHandler {
  return async (event) => {
    for (const records of Object.values(event.records))
      for (const r of records) delivered.push(`${r.partition}@${r.offset}`)
  }
}

/** `partition@offset` of every record of partitions 0 … partitions − 1 holding `perPartition` each, sorted. */
function everyRecord(partitions: number, perPartition: number): string[] {
  const all: string[] = []
  for (let p = 0; p < partitions; p++) for (let o = 0; o < perPartition; o++) all.push(`${p}@${o}`)
  return all.sort()
}

/** Starts the emulator; what it stopped on is kept (null: it stopped cleanly). */
function run(emulator: EventSourceEmulator): { readonly done: Promise<unknown> } {
  return {
    done: emulator.start().then(
      () => null,
      (error: unknown) => error ?? new Error('rejected without a reason'),
    ),
  }
}

/** Starts a member of `group` in another process and waits until it has joined. */
async function memberInAnotherProcess(group: string, topic: string, sessionTimeoutMs: number): Promise<ChildProcess> {
  const child = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      'test/integration/sink/stale-member.ts',
      kafka.bootstrapServers.join(','),
      group,
      topic,
      String(sessionTimeoutMs),
    ],
    { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'pipe'] },
  )
  children.push(child)
  let output = ''
  await new Promise<void>((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString('utf8')
      if (/^joined \S+/m.test(output)) resolve()
    }
    child.stdout?.on('data', onData)
    child.stderr?.on('data', onData)
    child.once('exit', (code, signal) =>
      reject(new Error(`the member exited (${code ?? signal}) before joining:\n${output}`)),
    )
  })
  return child
}

describe('a consumer group that still has the member of a runner that was killed', () => {
  it('waits, with a warning, until the coordinator evicts that member, then delivers every record once', async () => {
    const topic = topicName('stale-member')
    const group = `connect-${groupName('stale-member-sink')}`
    await createTopics(kafka, [{ name: topic, partitions: 2 }])
    await produce(topic, 20, 2)

    // a member with Connect's default session.timeout.ms (45 s), longer than the client's 30 s request
    // timeout: the emulator's first join times out while the coordinator waits for that member
    const stale = memberInAnotherProcess(group, topic, 45_000)
    const member = await stale
    const exited = new Promise((resolve) => member.once('exit', resolve))
    member.kill('SIGKILL')
    await exited

    const warn = vi.spyOn(logger, 'warn')
    const delivered: string[] = []
    const emulator = new EventSourceEmulator({
      kafka,
      groupId: group,
      topics: [topic],
      batchSize: 100,
      batchingWindowMs: 200,
      handler: recording(delivered),
    })
    const running = run(emulator)
    try {
      await until(() => delivered.length >= 20, 'every record', 150_000)
      await until(
        async () => (await consumerGroupOffsets(kafka, group)).every((o) => o.offset === 10),
        'the offsets to be committed',
      )
    } finally {
      await emulator.stop().catch(() => {})
    }

    expect(await running.done).toBeNull()
    expect([...delivered].sort()).toEqual(everyRecord(2, 10))
    expect(await consumerGroupOffsets(kafka, group)).toEqual<GroupOffset[]>([
      { topic, partition: 0, offset: 10 },
      { topic, partition: 1, offset: 10 },
    ])
    const waiting = warn.mock.calls.map((c) => String(c[0])).filter((m) => m.includes(`consumer group ${group}`))
    expect(waiting.length).toBeGreaterThan(0)
    expect(waiting[0]).toMatch(new RegExp(`^Waiting for the consumer group ${group}: joining it did not complete`))
  }, 240_000)
})

describe('errors that waiting does not fix', () => {
  it('stops the emulator with an error naming a topic that does not exist', async () => {
    const topic = topicName('never-created')
    const emulator = new EventSourceEmulator({
      kafka,
      groupId: `connect-${groupName('missing-topic-sink')}`,
      topics: [topic],
      handler: async () => {},
    })
    const running = run(emulator)
    const error = await running.done
    await emulator.stop().catch(() => {})
    expect(error).toBeInstanceOf(Error)
    expect((error as Error).message).toContain(`Unknown topic ${topic}`)
  })

  it('stops the emulator with an authentication error when SASL is not what the listener speaks', async () => {
    const topic = topicName('sasl')
    await createTopics(kafka, [{ name: topic }])
    const emulator = new EventSourceEmulator({
      kafka: { ...kafka, security: { tls: null, sasl: { mechanism: 'PLAIN', username: 'user', password: 'secret' } } },
      groupId: `connect-${groupName('sasl-sink')}`,
      topics: [topic],
      handler: async () => {},
    })
    const running = run(emulator)
    const error = await running.done
    await emulator.stop().catch(() => {})
    expect(error).toBeInstanceOf(Error)
    expect((error as Error).message).toMatch(/SASL/)
    expect((error as Error).message).not.toContain('secret')
  })
})

describe('stopping during a batching window', () => {
  it('does not wait for the window; the records gathered for it are delivered once after a restart', async () => {
    const topic = topicName('stop-in-window')
    const group = `connect-${groupName('stop-in-window-sink')}`
    await createTopics(kafka, [{ name: topic, partitions: 1 }])
    // one send: the five records come in one fetch, so once the first batch (three) is committed the
    // emulator has the other two in hand, waiting for the window to fill
    await produce(topic, 5, 1)

    // a window far longer than the test's timeout: the test fails if the stop waits for it
    const window = 10 * 60_000
    const delivered: string[] = []
    const first = new EventSourceEmulator({
      kafka,
      groupId: group,
      topics: [topic],
      batchSize: 3,
      batchingWindowMs: window,
      handler: recording(delivered),
    })
    const firstRun = run(first)
    try {
      await until(async () => (await consumerGroupOffsets(kafka, group))[0]?.offset === 3, 'the first batch')
    } finally {
      await first.stop()
    }
    expect(await firstRun.done).toBeNull()
    expect(delivered).toEqual(['0@0', '0@1', '0@2'])
    // the two records gathered for the next batch were not delivered, nor committed
    expect(await consumerGroupOffsets(kafka, group)).toEqual<GroupOffset[]>([{ topic, partition: 0, offset: 3 }])

    const again = new EventSourceEmulator({
      kafka,
      groupId: group,
      topics: [topic],
      batchSize: 2,
      batchingWindowMs: window,
      handler: recording(delivered),
    })
    const againRun = run(again)
    try {
      await until(async () => (await consumerGroupOffsets(kafka, group))[0]?.offset === 5, 'the rest')
    } finally {
      await again.stop()
    }
    expect(await againRun.done).toBeNull()
    expect(delivered).toEqual(['0@0', '0@1', '0@2', '0@3', '0@4'])
  })
})
