/**
 * Exactly once on Lambda: whatever point an invocation dies at, and however the event source mapping
 * cuts the batch it delivers again, each record ends up in exactly one object. The runtime's part is
 * simulated here: a batch starts at the committed offset and commits only after a successful flush.
 */
import { describe, expect, it } from 'vitest'
import type { PutOutcome } from '../../../functions/s3-sink/s3-storage.js'
import { RetriableException } from '../../../layers/runtime/errors.js'
import type { SinkRecord } from '../../../layers/runtime/record/record.js'
import {
  deliver,
  FIELD,
  fileKey,
  HOURLY,
  isManifest,
  MemoryStorage,
  nextOffsets,
  offsets,
  PARTITION,
  props,
  range,
  SCHEMA,
  sinkRecord,
  startTask,
  struct,
} from './task-fixtures.js'

const DIR = `partition=${PARTITION}`

/** Puts and flushes a batch, failing as an invocation killed there would (a fresh task each time: a cold start). */
async function attempt(
  storage: MemoryStorage,
  records: readonly SinkRecord[],
  config = props(),
  options: { dieAfterRequests?: number; now?: () => number } = {},
): Promise<boolean> {
  const { task } = await startTask(config, { storage, ...(options.now ? { now: options.now } : {}) })
  let requests = 0
  storage.failBefore =
    options.dieAfterRequests === undefined
      ? null
      : () => {
          if (++requests > (options.dieAfterRequests as number)) throw new RetriableException('killed')
        }
  try {
    await deliver(task, records)
    return true
  } catch {
    return false
  } finally {
    storage.failBefore = null
  }
}

function countIds(storage: MemoryStorage): Map<number, number> {
  const counts = new Map<number, number>()
  for (const id of storage.allIds()) counts.set(id, (counts.get(id) ?? 0) + 1)
  return counts
}

describe('a batch delivered again', () => {
  it('rewrites the same keys with the same bytes', async () => {
    const storage = new MemoryStorage()
    await attempt(storage, offsets(range(0, 10)))
    const first = new Map([...storage.objects].filter(([k]) => !isManifest(k)))
    storage.log.length = 0
    await attempt(storage, offsets(range(0, 10)))
    const second = new Map([...storage.objects].filter(([k]) => !isManifest(k)))
    expect([...second.keys()]).toEqual([...first.keys()])
    for (const [key, bytes] of first) expect(Buffer.from(second.get(key) as Uint8Array).equals(bytes)).toBe(true)
    // the manifest already lists the same files: it is not written again
    expect(storage.log.filter((l) => l.startsWith('manifest'))).toEqual([])
  })

  it('cut shorter deletes the files the failed attempt wrote beyond its end', async () => {
    const storage = new MemoryStorage()
    // the first attempt wrote 0-2, 3-5, 6-8, 9 and died before its offsets were committed
    await attempt(storage, offsets(range(0, 10)))
    // the mapping delivers 0-4 again, then 5-9
    await attempt(storage, offsets(range(0, 5)))
    expect(storage.dataKeys()).toEqual([fileKey(DIR, 0), fileKey(DIR, 3)])
    expect(storage.ids(fileKey(DIR, 3))).toEqual([3, 4])
    await attempt(storage, offsets(range(5, 10)))
    expect(storage.dataKeys()).toEqual([0, 3, 5, 8].map((o) => fileKey(DIR, o)))
    expect(storage.allIds()).toEqual(range(0, 10))
  })

  it('made longer replaces the shorter file the failed attempt wrote at the same offset', async () => {
    const storage = new MemoryStorage()
    await attempt(storage, offsets(range(0, 5)))
    await attempt(storage, offsets(range(0, 10)))
    expect(storage.dataKeys()).toEqual([0, 3, 6, 9].map((o) => fileKey(DIR, o)))
    expect(storage.allIds()).toEqual(range(0, 10))
  })

  it('after a failure between put and flush holds each record once', async () => {
    const { task, storage } = await startTask(props({ 'flush.size': '100' }))
    await task.put(offsets(range(0, 6)))
    // the runtime failed here (producing to the DLQ, say); the same batch comes again
    await deliver(task, offsets(range(0, 6)))
    expect(storage.allIds()).toEqual(range(0, 6))
  })

  it('processed in another hour under Wallclock removes the failed attempt\u2019s files in the first hour', async () => {
    const storage = new MemoryStorage()
    const config = props({ 'partitioner.class': HOURLY, 'flush.size': '100' })
    const at = (iso: string) => () => Date.parse(iso)
    await attempt(storage, offsets(range(0, 4)), config, { now: at('2024-05-01T10:59:59Z') })
    await attempt(storage, offsets(range(0, 4)), config, { now: at('2024-05-01T11:00:01Z') })
    expect(storage.dataKeys()).toEqual([fileKey('year=2024/month=05/day=01/hour=04', 0)])
    expect(storage.allIds()).toEqual(range(0, 4))
  })

  it('whose records are all filtered now still removes what the failed attempt wrote', async () => {
    const storage = new MemoryStorage()
    await attempt(storage, offsets(range(0, 6)))
    const { task } = await startTask(props(), { storage })
    await task.put([])
    await task.flush(nextOffsets([], [{ topic: 'test-topic', partition: PARTITION, first: 0, next: 6 }]))
    expect(storage.dataKeys()).toEqual([])
  })

  it('whose leading records are filtered now still removes the failed attempt’s file that started with them', async () => {
    const storage = new MemoryStorage()
    await attempt(storage, offsets(range(0, 6)))
    const { task } = await startTask(props(), { storage })
    // 0 and 1 are filtered this time: the batch still starts at 0
    await task.put(offsets(range(2, 6)))
    await task.flush(nextOffsets([], [{ topic: 'test-topic', partition: PARTITION, first: 0, next: 6 }]))
    expect(storage.dataKeys()).toEqual([fileKey(DIR, 2), fileKey(DIR, 5)])
    expect(storage.allIds()).toEqual(range(2, 6))
  })
})

describe('a flush that fails', () => {
  it('returns only when none of its requests is still in flight, and fails with the storage error', async () => {
    class SlowStorage extends MemoryStorage {
      override async putFile(key: string, bytes: Uint8Array): Promise<PutOutcome> {
        if (key === fileKey(DIR, 3)) throw new RetriableException('S3 PutObject failed: SlowDown (HTTP 503)')
        await new Promise((resolve) => setTimeout(resolve, 50))
        return super.putFile(key, bytes)
      }
    }
    const storage = new SlowStorage()
    const { task } = await startTask(props(), { storage })
    await task.put(offsets(range(0, 6)))
    await expect(task.flush(nextOffsets(offsets(range(0, 6))))).rejects.toThrow('SlowDown')
    // the upload of the first file was in flight when the second failed: it is done now
    expect(storage.dataKeys()).toEqual([fileKey(DIR, 0)])
  })
})

describe('files already committed', () => {
  it('are never deleted or rewritten by later batches', async () => {
    const storage = new MemoryStorage()
    await attempt(storage, offsets(range(0, 6)))
    const before = storage.text(fileKey(DIR, 3))
    await attempt(storage, offsets(range(6, 8)))
    expect(storage.dataKeys()).toEqual([0, 3, 6].map((o) => fileKey(DIR, o)))
    expect(storage.text(fileKey(DIR, 3))).toBe(before)
  })
})

describe('the upload manifest', () => {
  it('lists a batch\u2019s files before any of them is uploaded', async () => {
    const storage = new MemoryStorage()
    await attempt(storage, offsets(range(0, 4)))
    expect(storage.log[0]).toMatch(
      /^manifest topics\/_connectless\/upload-manifests\/s3-sink-test\/test-topic\+12\.json$/,
    )
    expect(storage.log.slice(1)).toEqual([`put ${fileKey(DIR, 0)}`, `put ${fileKey(DIR, 3)}`])
  })
})

describe('invocations killed at every step, batches cut anywhere', () => {
  // a seeded generator: the same runs every time
  function rng(seed: number): () => number {
    let a = seed >>> 0
    return () => {
      a = (a + 0x6d2b79f5) >>> 0
      let t = a
      t = Math.imul(t ^ (t >>> 15), t | 1)
      t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
      return ((t ^ (t >>> 14)) >>> 0) / 4294967296
    }
  }

  it.each([1, 2, 3, 4, 5, 6, 7, 8])('leaves each record in exactly one object (seed %i)', async (seed) => {
    const random = rng(seed)
    const total = 200
    // several folders, so that files of one batch start at different offsets
    const records = range(0, total).map((o) => sinkRecord(o, SCHEMA, struct(16 + Math.floor(random() * 3), o)))
    const config = props({ 'partitioner.class': FIELD, 'flush.size': String(2 + Math.floor(random() * 6)) })
    const storage = new MemoryStorage()
    let committed = 0
    let invocations = 0
    while (committed < total) {
      invocations++
      expect(invocations).toBeLessThan(500)
      const end = Math.min(total, committed + 1 + Math.floor(random() * 40))
      const batch = records.slice(committed, end)
      const die = random() < 0.4 ? Math.floor(random() * 8) : undefined
      const ok = await attempt(storage, batch, config, die === undefined ? {} : { dieAfterRequests: die })
      // some invocations die after the flush, before the runtime commits the offsets
      const commitLost = random() < 0.15
      if (ok && !commitLost) committed = end
    }
    const counts = countIds(storage)
    expect(counts.size).toBe(total)
    expect([...counts.values()].every((c) => c === 1)).toBe(true)
  })
})
