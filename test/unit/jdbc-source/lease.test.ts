import {
  type AttributeValue,
  ConditionalCheckFailedException,
  DeleteItemCommand,
  type DynamoDBClient,
  GetItemCommand,
  PutItemCommand,
  UpdateItemCommand,
} from '@aws-sdk/client-dynamodb'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { type HeldLease, TaskLeases } from '../../../functions/jdbc-source/lease.js'
import { logger } from '../../../layers/runtime/logging.js'

type Item = Record<string, AttributeValue>

/**
 * An in-memory table that evaluates the lease's three condition expressions as DynamoDB does
 * (the integration tests run the same leases against moto).
 */
class FakeTable {
  readonly items = new Map<string, Item>()
  failNextUpdates = 0

  key(k: Record<string, AttributeValue> | undefined): string {
    return `${k?.['pk']?.S}|${k?.['sk']?.S}`
  }

  client(): DynamoDBClient {
    const conditionFailed = () =>
      new ConditionalCheckFailedException({ message: 'The conditional request failed', $metadata: {} })
    const send = async (command: unknown) => {
      if (command instanceof PutItemCommand) {
        const { Item, ExpressionAttributeValues } = command.input
        const existing = this.items.get(this.key(Item))
        const now = Number(ExpressionAttributeValues?.[':now']?.N)
        if (existing !== undefined && !(Number(existing['expiresAt']?.N) < now)) throw conditionFailed()
        this.items.set(this.key(Item), { ...(Item as Item) })
        return {}
      }
      if (command instanceof UpdateItemCommand) {
        if (this.failNextUpdates > 0) {
          this.failNextUpdates--
          throw new Error('ProvisionedThroughputExceededException')
        }
        const { Key, ExpressionAttributeValues } = command.input
        const existing = this.items.get(this.key(Key))
        if (existing === undefined || existing['owner']?.S !== ExpressionAttributeValues?.[':owner']?.S)
          throw conditionFailed()
        existing['expiresAt'] = { N: ExpressionAttributeValues?.[':next']?.N as string }
        return {}
      }
      if (command instanceof DeleteItemCommand) {
        const { Key, ExpressionAttributeValues } = command.input
        const existing = this.items.get(this.key(Key))
        if (existing === undefined || existing['owner']?.S !== ExpressionAttributeValues?.[':owner']?.S)
          throw conditionFailed()
        this.items.delete(this.key(Key))
        return {}
      }
      if (command instanceof GetItemCommand) return { Item: this.items.get(this.key(command.input.Key)) }
      throw new Error('unexpected command')
    }
    return { send } as unknown as DynamoDBClient
  }
}

let clock = 0
let table: FakeTable
const leases = () =>
  new TaskLeases('postgres-source', 'offsets', table.client(), {
    durationMs: 30_000,
    renewEveryMs: 5_000,
    safetyMs: 5_000,
    now: () => clock,
  })

async function take(l: TaskLeases, task: number, holder: string): Promise<HeldLease> {
  const outcome = await l.acquire(task, holder)
  if (!outcome.acquired) throw new Error(`lease of task ${task} is held by ${outcome.holder}`)
  return outcome.lease
}

beforeEach(() => {
  vi.spyOn(logger, 'warn').mockImplementation(() => {})
  vi.spyOn(logger, 'error').mockImplementation(() => {})
  vi.useFakeTimers()
  clock = 1_000_000
  table = new FakeTable()
})
afterEach(() => {
  vi.useRealTimers()
  vi.restoreAllMocks()
})

/** Moves the lease clock and the timers together, letting renewals run. */
async function advance(ms: number): Promise<void> {
  for (let left = ms; left > 0; left -= 1_000) {
    clock += Math.min(1_000, left)
    await vi.advanceTimersByTimeAsync(Math.min(1_000, left))
  }
}

describe('task leases', () => {
  it('lets one invocation of a task run and tells a second who holds it and until when', async () => {
    const first = await take(leases(), 1, 'lambda request A')
    const second = await leases().acquire(1, 'lambda request B')
    expect(first.held()).toBe(true)
    expect(second).toEqual({ acquired: false, holder: 'lambda request A', expiresAt: 1_030_000 })
  })

  it('keeps the tasks of a connector apart: task 0 and task 1 run at the same time', async () => {
    await take(leases(), 0, 'A')
    const other = await leases().acquire(1, 'B')
    expect(other.acquired).toBe(true)
  })

  it('renews the lease while the invocation runs, so it outlives its first duration', async () => {
    const lease = await take(leases(), 1, 'A')
    await advance(90_000)
    expect(lease.held()).toBe(true)
    expect((await leases().acquire(1, 'B')).acquired).toBe(false)
  })

  it('frees the task at release, for the next invocation at once', async () => {
    const lease = await take(leases(), 1, 'A')
    await lease.release()
    expect(lease.held()).toBe(false)
    expect((await leases().acquire(1, 'B')).acquired).toBe(true)
  })

  it('lets the next invocation take over once a crashed holder’s lease expired', async () => {
    const crashed = await take(leases(), 1, 'A')
    vi.clearAllTimers() // the invocation died: nothing renews its lease any more
    await advance(29_000)
    expect((await leases().acquire(1, 'B')).acquired).toBe(false)
    await advance(2_000)
    expect((await leases().acquire(1, 'B')).acquired).toBe(true)
    expect(crashed.held()).toBe(false)
  })

  it('stops counting a lease as held before it expires while renewals fail, and keeps it after they recover', async () => {
    const lease = await take(leases(), 1, 'A')
    table.failNextUpdates = 4 // 20 s of failed renewals
    await advance(24_000)
    expect(lease.held()).toBe(true) // expires at +30 s, given up at +25 s
    await advance(1_000)
    expect(lease.held()).toBe(true) // the renewal at +25 s succeeded
    table.failNextUpdates = 100
    await advance(30_000)
    expect(lease.held()).toBe(false)
  })

  it('reports a lease taken over by another holder as lost, and does not delete the new holder’s lease', async () => {
    const lease = await take(leases(), 1, 'A')
    const item = table.items.get('lease#postgres-source|task#1') as Item
    item['owner'] = { S: 'someone-else' }
    await advance(5_000)
    expect(lease.held()).toBe(false)
    expect(logger.error).toHaveBeenCalledWith(
      'The lease of task postgres-source-1 was taken over by another invocation; stopping',
    )
    await lease.release()
    expect(table.items.get('lease#postgres-source|task#1')?.['owner']?.S).toBe('someone-else')
  })
})
