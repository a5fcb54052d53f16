import { afterAll, describe, expect, it } from 'vitest'
import {
  type ConsumerRecord,
  createTopics,
  deleteTopics,
  type KafkaClientConfig,
  KafkaProducer,
  readRecords,
} from '../../../layers/runtime/kafka/client.js'
import { topicName } from '../../support/names.js'
import { endpoints, requireServices } from '../../support/services.js'

requireServices('kafka')

const config: KafkaClientConfig = { bootstrapServers: endpoints.kafka.bootstrapServers, clientId: 'smoke' }
const created: string[] = []

async function newTopic(label: string, partitions: number): Promise<string> {
  const name = topicName(label)
  await createTopics(config, [{ name, partitions, replicationFactor: 1 }])
  created.push(name)
  return name
}

async function produce(records: Parameters<KafkaProducer['send']>[0]): Promise<void> {
  const producer = new KafkaProducer(config)
  try {
    await producer.send(records)
  } finally {
    await producer.close()
  }
}

afterAll(async () => {
  await deleteTopics(config, created)
})

describe('Kafka through our client module', () => {
  it('round-trips binary and duplicate headers, a null header value, a tombstone, a null key and empty bytes', async () => {
    const topic = await newTopic('roundtrip', 1)
    const binary = Buffer.from([0x00, 0xff, 0x10, 0x80, 0x7f, 0xfe])
    const timestamp = 1_700_000_000_123
    await produce([
      {
        topic,
        key: Buffer.from('k1'),
        value: Buffer.from('v1'),
        headers: [
          { key: 'bin', value: binary },
          { key: 'dup', value: Buffer.from('first') },
          { key: 'dup', value: Buffer.from('second') },
          { key: 'nothing', value: null },
        ],
        timestamp,
      },
      { topic, key: Buffer.from('k1'), value: null, headers: [], timestamp: timestamp + 1 },
      { topic, key: null, value: Buffer.from('no key'), headers: [{ key: 'ünï', value: Buffer.alloc(0) }] },
      { topic, key: Buffer.alloc(0), value: Buffer.alloc(0), headers: [] },
    ])

    const records = await readRecords(config, topic, { count: 4, timeoutMs: 20_000 })

    expect(records.map((r) => [r.topic, r.partition, r.offset])).toEqual([
      [topic, 0, 0n],
      [topic, 0, 1n],
      [topic, 0, 2n],
      [topic, 0, 3n],
    ])
    const [first, tombstone, keyless, empty] = records as [
      ConsumerRecord,
      ConsumerRecord,
      ConsumerRecord,
      ConsumerRecord,
    ]
    expect(first.key).toEqual(Buffer.from('k1'))
    expect(first.value).toEqual(Buffer.from('v1'))
    expect(first.timestamp).toBe(timestamp)
    expect(first.headers).toEqual([
      { key: 'bin', value: binary },
      { key: 'dup', value: Buffer.from('first') },
      { key: 'dup', value: Buffer.from('second') },
      { key: 'nothing', value: null },
    ])
    expect([...(first.headers[0]?.value ?? [])]).toEqual([0x00, 0xff, 0x10, 0x80, 0x7f, 0xfe])

    expect(tombstone.key).toEqual(Buffer.from('k1'))
    expect(tombstone.value).toBeNull()
    expect(tombstone.headers).toEqual([])
    expect(tombstone.timestamp).toBe(timestamp + 1)

    expect(keyless.key).toBeNull()
    expect(keyless.value).toEqual(Buffer.from('no key'))
    expect(keyless.headers).toEqual([{ key: 'ünï', value: Buffer.alloc(0) }])

    // empty is not null: an empty value is not a tombstone
    expect(empty.key).toEqual(Buffer.alloc(0))
    expect(empty.value).toEqual(Buffer.alloc(0))
  })

  it('puts keyed records on the partition a Java producer would choose, in order within each partition', async () => {
    const partitions = 3
    const topic = await newTopic('partitioning', partitions)
    // murmur2 of these keys, from Apache Kafka's UtilsTest.testMurmur2; Java's partition is (h & 0x7fffffff) % n
    const javaMurmur2: Record<string, number> = {
      '21': -973932308,
      foobar: -790332482,
      'a-little-bit-long-string': -985981536,
      'a-little-bit-longer-string': -1486304829,
      lkjh234lh9fiuh90y23oiuhsafujhadof229phr9h19h89h8: -58897971,
      abc: 479470107,
    }
    const keys = Object.keys(javaMurmur2)
    const rounds = 3
    const sent = []
    for (let round = 0; round < rounds; round++) {
      for (const key of keys) {
        sent.push({ topic, key: Buffer.from(key), value: Buffer.from(`${key}#${round}`), headers: [] })
      }
    }
    await produce(sent)

    const records = await readRecords(config, topic, { count: sent.length, timeoutMs: 20_000 })

    expect(records).toHaveLength(sent.length)
    for (const record of records) {
      const key = record.key?.toString() ?? ''
      expect(record.partition, `partition of key ${key}`).toBe(((javaMurmur2[key] ?? 0) & 0x7fffffff) % partitions)
    }
    for (const key of keys) {
      const ofKey = records.filter((r) => r.key?.toString() === key)
      expect(ofKey.map((r) => r.value?.toString())).toEqual([0, 1, 2].map((round) => `${key}#${round}`))
      const offsets = ofKey.map((r) => r.offset)
      expect([...offsets].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))).toEqual(offsets)
    }
  })

  it('spreads records without a key over all partitions', async () => {
    const topic = await newTopic('keyless', 3)
    const sent = [0, 1, 2, 3, 4, 5].map((i) => ({ topic, key: null, value: Buffer.from(`v${i}`), headers: [] }))
    await produce(sent)

    const records = await readRecords(config, topic, { count: sent.length, timeoutMs: 20_000 })
    expect(records).toHaveLength(sent.length)
    expect(new Set(records.map((r) => r.partition))).toEqual(new Set([0, 1, 2]))
  })

  it('sends to an explicit partition and refuses one the topic does not have', async () => {
    const topic = await newTopic('explicit', 2)
    await produce([{ topic, partition: 1, key: Buffer.from('foobar'), value: Buffer.from('p1'), headers: [] }])
    await expect(produce([{ topic, partition: 2, key: null, value: Buffer.from('x'), headers: [] }])).rejects.toThrow(
      /has 2 partition\(s\); partition 2 does not exist/,
    )

    const records = await readRecords(config, topic, { count: 1, timeoutMs: 20_000 })
    expect(records.map((r) => [r.partition, r.offset, r.value?.toString()])).toEqual([[1, 0n, 'p1']])
  })
})
