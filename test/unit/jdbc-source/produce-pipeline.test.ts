import { describe, expect, it } from 'vitest'
import {
  MAX_DELIVERY_BYTES,
  MAX_PRODUCE_BYTES,
  type PipelineEntry,
  ProducePipeline,
  produceRequests,
} from '../../../functions/jdbc-source/produce-pipeline.js'

type Entry = PipelineEntry<string>

const entries = (names: string, bytes = 10): Entry[] => names.split('').map((name) => ({ record: name, bytes }))

/** A delivery the test completes by hand, recording each chunk and how many were in flight at once. */
function manualDelivery() {
  const chunks: string[] = []
  const pending: Array<{ resolve: () => void; reject: (e: unknown) => void }> = []
  let inFlight = 0
  let maxInFlight = 0
  const deliver = (chunk: readonly Entry[]) =>
    new Promise<void>((resolve, reject) => {
      inFlight++
      maxInFlight = Math.max(maxInFlight, inFlight)
      chunks.push(chunk.map((e) => e.record ?? '-').join(''))
      pending.push({
        resolve: () => {
          inFlight--
          resolve()
        },
        reject: (e) => {
          inFlight--
          reject(e)
        },
      })
    })
  const completeNext = async () => {
    pending.shift()?.resolve()
    await new Promise((r) => setImmediate(r))
  }
  return { chunks, pending, deliver, completeNext, maxInFlight: () => maxInFlight }
}

describe('the produce pipeline', () => {
  it('sends what accumulated while a request was in flight as the next request, one request at a time', async () => {
    const d = manualDelivery()
    const pipeline = new ProducePipeline<Entry>(d.deliver, () => false, 1000, 0)
    pipeline.push(entries('ab'))
    pipeline.push(entries('cd'))
    pipeline.push(entries('e'))
    expect(d.chunks).toEqual(['ab'])
    await d.completeNext()
    expect(d.chunks).toEqual(['ab', 'cde'])
    const drained = pipeline.drain()
    await d.completeNext()
    await drained
    expect(d.maxInFlight()).toBe(1)
  })

  it('cuts requests at the byte limit, and sends a single larger entry alone', async () => {
    const d = manualDelivery()
    const pipeline = new ProducePipeline<Entry>(d.deliver, () => false, 25, 0)
    pipeline.push(entries('a'))
    pipeline.push([...entries('bcd'), { record: 'X', bytes: 100 }, ...entries('ef')])
    const drained = pipeline.drain()
    for (let i = 0; i < 5; i++) await d.completeNext()
    await drained
    expect(d.chunks).toEqual(['a', 'bc', 'd', 'X', 'ef'])
  })

  it('waits for a fuller request while rows are still read, and sends the rest when the query ends', async () => {
    const d = manualDelivery()
    const pipeline = new ProducePipeline<Entry>(d.deliver, () => false, 100, 30)
    pipeline.push(entries('ab'))
    expect(d.chunks).toEqual([])
    pipeline.push(entries('c'))
    expect(d.chunks).toEqual(['abc'])
    pipeline.push(entries('d'))
    await d.completeNext()
    expect(d.chunks).toEqual(['abc'])
    const drained = pipeline.drain()
    await d.completeNext()
    await drained
    expect(d.chunks).toEqual(['abc', 'd'])
  })

  it('carries dropped records (no record) in order, so the read position moves past them', async () => {
    const d = manualDelivery()
    const pipeline = new ProducePipeline<Entry>(d.deliver, () => false)
    pipeline.push([
      { record: 'a', bytes: 1 },
      { record: null, bytes: 0 },
      { record: 'c', bytes: 1 },
    ])
    const drained = pipeline.drain()
    await d.completeNext()
    await drained
    expect(d.chunks).toEqual(['a-c'])
  })

  it('makes the reader wait while a full request is already waiting (back-pressure)', async () => {
    const d = manualDelivery()
    const pipeline = new ProducePipeline<Entry>(d.deliver, () => false, 20, 0)
    pipeline.push(entries('ab'))
    pipeline.push(entries('cd'))
    let room = false
    const waiting = pipeline.waitForRoom().then(() => {
      room = true
    })
    await new Promise((r) => setImmediate(r))
    expect(room).toBe(false)
    await d.completeNext()
    await waiting
    expect(room).toBe(true)
    expect(d.chunks).toEqual(['ab', 'cd'])
  })

  it('leaves what is queued unsent once the task stops, and drops it on discard', async () => {
    const d = manualDelivery()
    let stop = false
    const pipeline = new ProducePipeline<Entry>(d.deliver, () => stop, 1000, 0)
    pipeline.push(entries('ab'))
    pipeline.push(entries('cd'))
    stop = true
    const drained = pipeline.drain()
    await d.completeNext()
    await drained
    expect(d.chunks).toEqual(['ab'])
    expect(pipeline.queued).toBe(2)
    pipeline.discard()
    expect(pipeline.queued).toBe(0)
  })

  it('surfaces a failed request at the next push, wait or drain, and sends nothing after it', async () => {
    const d = manualDelivery()
    const pipeline = new ProducePipeline<Entry>(d.deliver, () => false, 1000, 0)
    pipeline.push(entries('ab'))
    pipeline.push(entries('cd'))
    d.pending.shift()?.reject(new Error('broker down'))
    await new Promise((r) => setImmediate(r))
    expect(() => pipeline.push(entries('e'))).toThrow('broker down')
    await expect(pipeline.waitForRoom()).rejects.toThrow('broker down')
    await expect(pipeline.drain()).rejects.toThrow('broker down')
    expect(d.chunks).toEqual(['ab'])
  })
})

describe('produceRequests', () => {
  const names = (requests: Entry[][]) => requests.map((r) => r.map((e) => e.record ?? '-').join(''))

  it('cuts a delivery into produce requests of at most the byte limit, in order, a larger entry alone', () => {
    const delivery = [...entries('abc'), { record: 'X', bytes: 100 }, ...entries('de')]
    expect(names(produceRequests(delivery, 25))).toEqual(['ab', 'c', 'X', 'de'])
    expect(names(produceRequests(entries('abcd'), 40))).toEqual(['abcd'])
    expect(produceRequests([], 40)).toEqual([])
  })

  it('keeps dropped entries with their neighbours, so none is lost', () => {
    const dropped: Entry = { record: null, bytes: 0 }
    expect(names(produceRequests([...entries('ab'), dropped, ...entries('c')], 20))).toEqual(['ab-', 'c'])
  })

  it('gives a delivery of the default size as several requests under the broker’s 1 MiB', () => {
    const delivery = Array.from({ length: 3_000 }, (_, i): Entry => ({ record: String(i), bytes: 850 }))
    const requests = produceRequests(delivery)
    expect(requests.length).toBeGreaterThan(1)
    expect(requests.flat()).toEqual(delivery)
    for (const r of requests) expect(r.reduce((n, e) => n + e.bytes, 0)).toBeLessThanOrEqual(MAX_PRODUCE_BYTES)
    expect(MAX_DELIVERY_BYTES).toBeGreaterThan(MAX_PRODUCE_BYTES)
  })
})
