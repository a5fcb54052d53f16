/**
 * Delivery guarantees of the source task: a crash between producing a delivery and committing its
 * offset repeats exactly that delivery after a restart (at-least-once, no gap), and a task that fails
 * on a record has committed what it produced before it.
 */
import { describe, expect, it } from 'vitest'
import { runSourceTask, type SourceOffsets } from '../../../functions/jdbc-source/index.js'
import { MAX_DELIVERY_BYTES } from '../../../functions/jdbc-source/produce-pipeline.js'
import { createTopics, KafkaProducer, type ProducerRecord } from '../../../layers/runtime/kafka/client.js'
import { type SourceMap, SourceOffsetStore } from '../../../layers/runtime/offsets/offset-store.js'
import { tableName, topicName } from '../../support/names.js'
import { requireServices } from '../../support/services.js'
import { useSchema } from './fixture.js'
import {
  deploymentOf,
  kafka,
  payloadOf,
  recordsSince,
  seedSourceConfig,
  useOffsetsTable,
} from './source-task-fixture.js'

requireServices('postgres', 'kafka', 'moto')
const { schema, admin } = useSchema('jdbc_source_crash')
useOffsetsTable('jdbc-source-crash')

/** The DynamoDB offset store, with a process that dies at the n-th commit: after the produce, before the write. */
class DyingOffsets implements SourceOffsets {
  readonly committed: SourceMap[] = []
  dyingWith: SourceMap | null = null

  constructor(
    private readonly store: SourceOffsetStore,
    private readonly dieAtCommit: number,
  ) {}

  get(partition: SourceMap): Promise<SourceMap | null> {
    return this.store.get(partition)
  }

  async put(partition: SourceMap, offset: SourceMap): Promise<void> {
    if (this.committed.length + 1 === this.dieAtCommit) {
      this.dyingWith = offset
      throw new Error('the process died between produce and offset commit')
    }
    await this.store.put(partition, offset)
    this.committed.push(offset)
  }
}

describe('a crash between produce and offset commit', () => {
  // about 10 MB of records: several deliveries of up to MAX_DELIVERY_BYTES, so the third commit comes
  const ROWS = 20_000

  it('gives at-least-once with no gap: the restart repeats exactly the one delivery produced but not committed', async () => {
    const t = tableName('crash')
    await admin.query(`CREATE TABLE ${schema}.${t} (id bigserial PRIMARY KEY, payload text NOT NULL)`)
    await admin.query(
      `INSERT INTO ${schema}.${t} (payload) SELECT repeat('x', 300) || g FROM generate_series(1, ${ROWS}) g`,
    )
    const prefix = `${topicName('crash')}-`
    const name = `crash-${schema}`
    const deployment = deploymentOf(
      name,
      seedSourceConfig(schema, {
        'topic.prefix': prefix,
        'table.whitelist': t,
        'tasks.max': '1',
        'batch.max.rows': '50',
      }),
    )
    const dying = new DyingOffsets(new SourceOffsetStore(name), 3)

    await expect(
      runSourceTask({ deployment, taskId: 0, until: Date.now() + 60_000, maxPollsPerTable: 1, offsets: dying }),
    ).rejects.toThrow('the process died between produce and offset commit')
    // what reached Kafka before the crash: rows 1 to `producedBeforeCrash`, once each
    const before = (await recordsSince(`${prefix}${t}`)).map((r) => Number(payloadOf(r)['id']))
    const producedBeforeCrash = before.length
    expect([...before].sort((a, b) => a - b)).toEqual(Array.from({ length: producedBeforeCrash }, (_, i) => i + 1))
    const restart = await runSourceTask({ deployment, taskId: 0, until: Date.now() + 60_000, maxPollsPerTable: 1 })

    const ids = (await recordsSince(`${prefix}${t}`)).map((r) => Number(payloadOf(r)['id']))
    const counts = new Map<number, number>()
    for (const id of ids) counts.set(id, (counts.get(id) ?? 0) + 1)
    const lastCommitted = Number(dying.committed.at(-1)?.['incrementing'])
    const producedNotCommitted = Number(dying.dyingWith?.['incrementing'])
    const duplicated = [...counts].filter(([, n]) => n > 1).map(([id]) => id)

    // no gap: every row arrived
    expect([...counts.keys()].sort((a, b) => a - b)).toEqual(Array.from({ length: ROWS }, (_, i) => i + 1))
    // duplicates: exactly the delivery whose commit was lost (nothing was produced after it), each row
    // twice, no more; one delivery (its produce requests, then its commit) fits in MAX_DELIVERY_BYTES
    expect(producedNotCommitted).toBeGreaterThan(lastCommitted)
    expect(producedBeforeCrash).toBe(producedNotCommitted)
    expect((producedBeforeCrash - lastCommitted) * 300).toBeLessThanOrEqual(MAX_DELIVERY_BYTES)
    expect(duplicated).toEqual(
      Array.from({ length: producedBeforeCrash - lastCommitted }, (_, i) => lastCommitted + 1 + i),
    )
    expect(Math.max(...counts.values())).toBe(2)
    // the restart resumed from the last committed offset
    expect(restart.produced).toBe(ROWS - lastCommitted)
  })
})

describe('a task that fails on a record', () => {
  it('has committed the rows it produced before the failing one, and fails naming the table, offset, stage and class', async () => {
    const t = tableName('fails')
    await admin.query(`CREATE TABLE ${schema}.${t} (id bigserial PRIMARY KEY, amount text NOT NULL)`)
    await admin.query(`INSERT INTO ${schema}.${t} (amount) SELECT g::text FROM generate_series(1, 120) g`)
    await admin.query(`UPDATE ${schema}.${t} SET amount = 'n/a' WHERE id = 101`)
    const prefix = `${topicName('fails')}-`
    const name = `fails-${schema}`
    const deployment = deploymentOf(
      name,
      seedSourceConfig(schema, {
        'topic.prefix': prefix,
        'table.whitelist': t,
        'tasks.max': '1',
        'batch.max.rows': '25',
        transforms: 'toInt',
        'transforms.toInt.type': 'org.apache.kafka.connect.transforms.Cast$Value',
        'transforms.toInt.spec': 'amount:int32',
      }),
    )
    const failure = runSourceTask({ deployment, taskId: 0, until: Date.now() + 60_000, maxPollsPerTable: 1 })
    await expect(failure).rejects.toThrow(
      new RegExp(
        `^Tolerance exceeded in error handler for the record of ${schema}\\.${t} at offset \\{"incrementing":101\\} \\(task ${name}-0, stage TRANSFORMATION, class org\\.apache\\.kafka\\.connect\\.transforms\\.Cast\\$Value\\)`,
      ),
    )
    const stored = await new SourceOffsetStore(name).get({ protocol: '1', table: `${schema}.${t}` })
    const produced = (await recordsSince(`${prefix}${t}`)).map((r) => payloadOf(r)['amount'])
    // the batches before the failing one (rows 1-100) were produced and committed
    expect(stored).toEqual({ incrementing: 100 })
    expect(produced).toEqual(Array.from({ length: 100 }, (_, i) => i + 1))
  })
})

describe('deliveries and their offset commits', () => {
  it('leave at most one delivery (MAX_DELIVERY_BYTES) produced and not committed, commits written one at a time, in order', async () => {
    const t = tableName('overlap')
    await admin.query(`CREATE TABLE ${schema}.${t} (id bigserial PRIMARY KEY, payload text NOT NULL)`)
    await admin.query(
      `INSERT INTO ${schema}.${t} (payload) SELECT repeat('x', 300) || g FROM generate_series(1, 20000) g`,
    )
    const produced = new Map<number, number>() // id → bytes
    let committedId = 0
    let maxUncommitted = 0
    let writing = 0
    let maxWriting = 0
    let sendsWhileWriting = 0
    const commits: number[] = []
    const uncommittedBytes = () => {
      let n = 0
      for (const [id, bytes] of produced) if (id > committedId) n += bytes
      return n
    }
    const offsets: SourceOffsets = {
      get: async () => null,
      put: async (_partition, offset) => {
        writing++
        maxWriting = Math.max(maxWriting, writing)
        // a slow offset store: nothing is produced meanwhile
        await new Promise((resolve) => setTimeout(resolve, 25))
        committedId = Number(offset['incrementing'])
        commits.push(committedId)
        writing--
      },
    }
    const producer = {
      send: async (records: readonly ProducerRecord[]) => {
        if (writing > 0) sendsWhileWriting++
        for (const r of records) {
          const id = Number(
            (JSON.parse((r.value as Buffer).toString('utf8')) as { payload: { id: number } }).payload.id,
          )
          expect(produced.has(id), `row ${id} produced twice`).toBe(false)
          produced.set(id, (r.value as Buffer).length)
        }
        maxUncommitted = Math.max(maxUncommitted, uncommittedBytes())
      },
    }
    const name = `overlap-${schema}`
    const deployment = deploymentOf(
      name,
      seedSourceConfig(schema, { 'topic.prefix': 'overlap-', 'table.whitelist': t, 'tasks.max': '1' }),
    )
    const result = await runSourceTask({
      deployment,
      taskId: 0,
      until: Date.now() + 60_000,
      maxPollsPerTable: 1,
      offsets,
      producer: () => producer,
      leases: null,
    })

    expect(result.produced).toBe(20_000)
    expect(produced.size).toBe(20_000)
    expect(commits.at(-1)).toBe(20_000) // the run ends with everything committed
    expect(commits).toEqual([...commits].sort((a, b) => a - b))
    expect(maxWriting).toBe(1)
    expect(maxUncommitted).toBeLessThanOrEqual(MAX_DELIVERY_BYTES)
    expect(sendsWhileWriting).toBe(0)
  })
})

describe('the idempotent producer', () => {
  it('keeps every record when sends overlap: they go one after the other, never two to a partition at once', async () => {
    const topic = topicName('overlap')
    await createTopics(kafka, [{ name: topic, partitions: 1 }])
    const producer = new KafkaProducer(kafka)
    const batch = (tag: string) =>
      Array.from({ length: 100 }, (_, i) => ({
        topic,
        partition: 0,
        key: null,
        value: Buffer.from(`${tag}-${i}`),
        headers: [],
      }))
    try {
      await Promise.all([producer.send(batch('a')), producer.send(batch('b')), producer.send(batch('c'))])
    } finally {
      await producer.close()
    }
    const values = (await recordsSince(topic)).map((r) => r.value?.toString('utf8'))
    expect(values).toHaveLength(300)
    expect(new Set(values).size).toBe(300)
    expect(values.slice(0, 3)).toEqual(['a-0', 'a-1', 'a-2'])
  })
})
