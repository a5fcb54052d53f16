import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { OffsetFile } from '../../../layers/runtime/offsets/file-offset-store.js'

const dirs: string[] = []
function file(): string {
  const dir = mkdtempSync(join(tmpdir(), 'offset-file-'))
  dirs.push(dir)
  return join(dir, 'offsets.json')
}
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true })
})

const ORDERS = { protocol: '1', table: 'public.orders' }

describe('the offsets file (offset.storage.file.filename)', () => {
  it('keeps source offsets under Connect\u2019s key [connector, partition], readable by a new process', async () => {
    const path = file()
    await new OffsetFile(path).source('postgres-source').put(ORDERS, { incrementing: 42 })
    const text = readFileSync(path, 'utf8')
    expect(text).toContain(
      '"[\\"postgres-source\\",{\\"protocol\\":\\"1\\",\\"table\\":\\"public.orders\\"}]": {"incrementing":42}',
    )
    const again = new OffsetFile(path)
    expect(await again.source('postgres-source').get(ORDERS)).toEqual({ incrementing: 42 })
    expect(await again.source('other').get(ORDERS)).toBeNull()
    expect(await again.source('postgres-source').list()).toEqual([{ partition: ORDERS, offset: { incrementing: 42 } }])
  })

  it('keeps a Java long beyond 2^53 exact', async () => {
    const path = file()
    const big = 9_007_199_254_740_993n
    await new OffsetFile(path).source('s').put(ORDERS, { incrementing: big })
    expect(await new OffsetFile(path).source('s').get(ORDERS)).toEqual({ incrementing: big })
  })

  it('deletes one source partition and lists only the connector\u2019s own', async () => {
    const offsets = new OffsetFile(file())
    const users = { protocol: '1', table: 'public.users' }
    await offsets.source('a').put(ORDERS, { incrementing: 1 })
    await offsets.source('a').put(users, { incrementing: 2 })
    await offsets.source('a-b').put(ORDERS, { incrementing: 3 })
    await offsets.source('a').delete(ORDERS)
    expect(await offsets.source('a').list()).toEqual([{ partition: users, offset: { incrementing: 2 } }])
    expect(await offsets.source('a-b').list()).toEqual([{ partition: ORDERS, offset: { incrementing: 3 } }])
  })

  it('commits sink offsets forward only, and resets one partition', async () => {
    const path = file()
    const sink = new OffsetFile(path).sink('s3-sink')
    expect(await sink.commit('orders', 0, 10)).toBe(true)
    expect(await sink.commit('orders', 0, 5)).toBe(false)
    expect(await sink.commit('orders-2', 1, 7)).toBe(true)
    const reread = new OffsetFile(path).sink('s3-sink')
    expect(await reread.committed([{ topic: 'orders', partition: 0 }])).toEqual(new Map([['orders-0', 10]]))
    expect(await reread.list()).toEqual([
      { topic: 'orders', partition: 0, offset: 10 },
      { topic: 'orders-2', partition: 1, offset: 7 },
    ])
    await reread.reset('orders', 0)
    expect(await reread.commit('orders', 0, 5)).toBe(true)
    expect(await new OffsetFile(path).sink('s3-sink').list()).toContainEqual({
      topic: 'orders',
      partition: 0,
      offset: 5,
    })
  })

  it('reads the first layout (connector \u2192 partition JSON \u2192 offset JSON)', async () => {
    const path = file()
    writeFileSync(
      path,
      JSON.stringify({
        sink: { s: { 't-0': 3 } },
        source: { src: { [JSON.stringify(ORDERS)]: '{"incrementing":9}' } },
      }),
    )
    const offsets = new OffsetFile(path)
    expect(await offsets.source('src').get(ORDERS)).toEqual({ incrementing: 9 })
    expect(await offsets.sink('s').list()).toEqual([{ topic: 't', partition: 0, offset: 3 }])
  })

  it('names the file when it is not JSON', () => {
    const path = file()
    writeFileSync(path, 'offsets.json')
    expect(() => new OffsetFile(path)).toThrow(
      `The offsets file ${path} (offset.storage.file.filename) is not valid JSON`,
    )
  })
})
