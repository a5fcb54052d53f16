/**
 * One running invocation per connector task: a lease in DynamoDB (the offsets table, item
 * `pk=lease#<connector>`, `sk=task#<id>`), taken with a conditional write that succeeds only where
 * no lease exists or the last one expired, renewed while the invocation runs, and released at its
 * end. A second invocation of the same task finds the lease held and exits at once; a crashed one
 * holds it until it expires (`durationMs`), after which the next scheduled invocation takes over.
 *
 * Expiry is judged by the writers' clocks (epoch milliseconds). A holder whose renewals fail stops
 * considering the lease held `safetyMs` before it would expire, so that two holders never act at once
 * while clocks agree within that margin.
 */
import { randomUUID } from 'node:crypto'
import {
  ConditionalCheckFailedException,
  DeleteItemCommand,
  type DynamoDBClient,
  GetItemCommand,
  PutItemCommand,
  UpdateItemCommand,
} from '@aws-sdk/client-dynamodb'
import { RetriableException } from '../../layers/runtime/errors.js'
import { logger } from '../../layers/runtime/logging.js'

export interface LeaseOptions {
  /** How long a lease lasts without renewal (default 30 s). */
  readonly durationMs?: number
  /** How often a held lease is renewed (default every 10 s). */
  readonly renewEveryMs?: number
  /** How long before its expiry a lease whose renewals fail is given up (default 5 s). */
  readonly safetyMs?: number
  /** The clock (default Date.now). */
  readonly now?: () => number
}

/** A lease this invocation holds. */
export interface HeldLease {
  readonly taskId: number
  readonly owner: string
  /** True while the lease is ours and has not come close to expiring. */
  held(): boolean
  /** Stops renewing and deletes the lease so that the next invocation need not wait for it to expire. */
  release(): Promise<void>
}

export type LeaseOutcome =
  | { readonly acquired: true; readonly lease: HeldLease }
  | { readonly acquired: false; readonly holder: string; readonly expiresAt: number }

const leasePk = (connector: string) => `lease#${connector}`
const leaseSk = (taskId: number) => `task#${taskId}`

/** The leases of one connector's tasks. */
export class TaskLeases {
  readonly #durationMs: number
  readonly #renewEveryMs: number
  readonly #safetyMs: number
  readonly #now: () => number

  constructor(
    readonly connector: string,
    private readonly table: string,
    private readonly dynamo: DynamoDBClient,
    options: LeaseOptions = {},
  ) {
    this.#durationMs = options.durationMs ?? 30_000
    this.#renewEveryMs = options.renewEveryMs ?? 10_000
    this.#safetyMs = options.safetyMs ?? 5_000
    this.#now = options.now ?? Date.now
  }

  #key(taskId: number) {
    return { pk: { S: leasePk(this.connector) }, sk: { S: leaseSk(taskId) } }
  }

  /**
   * Takes the task's lease unless another invocation holds it. `holder` describes this invocation in
   * the other's log line (a Lambda request id, a host and pid).
   */
  async acquire(taskId: number, holder: string): Promise<LeaseOutcome> {
    const outcome = await this.#tryAcquire(taskId, holder)
    // released between our write and our read: the task is free now, try once more
    return !outcome.acquired && outcome.expiresAt === 0 ? this.#tryAcquire(taskId, holder) : outcome
  }

  async #tryAcquire(taskId: number, holder: string): Promise<LeaseOutcome> {
    const owner = randomUUID()
    const now = this.#now()
    const expiresAt = now + this.#durationMs
    try {
      await this.dynamo.send(
        new PutItemCommand({
          TableName: this.table,
          Item: {
            ...this.#key(taskId),
            owner: { S: owner },
            holder: { S: holder },
            expiresAt: { N: String(expiresAt) },
            acquiredAt: { S: new Date(now).toISOString() },
          },
          ConditionExpression: 'attribute_not_exists(pk) OR expiresAt < :now',
          ExpressionAttributeValues: { ':now': { N: String(now) } },
        }),
      )
    } catch (e) {
      if (e instanceof ConditionalCheckFailedException) return this.#current(taskId)
      throw new RetriableException(
        `DynamoDB: could not take the lease of task ${this.connector}-${taskId}: ${e instanceof Error ? e.message : String(e)}`,
        { cause: e },
      )
    }
    return { acquired: true, lease: this.#held(taskId, owner, expiresAt) }
  }

  async #current(taskId: number): Promise<LeaseOutcome> {
    const res = await this.dynamo.send(
      new GetItemCommand({ TableName: this.table, Key: this.#key(taskId), ConsistentRead: true }),
    )
    return {
      acquired: false,
      holder: res.Item?.['holder']?.S ?? 'another invocation',
      expiresAt: Number(res.Item?.['expiresAt']?.N ?? 0),
    }
  }

  #held(taskId: number, owner: string, firstExpiry: number): HeldLease {
    let expiresAt = firstExpiry
    let lost = false
    let released = false
    let renewing: Promise<void> | null = null
    const renew = async () => {
      const next = this.#now() + this.#durationMs
      try {
        await this.dynamo.send(
          new UpdateItemCommand({
            TableName: this.table,
            Key: this.#key(taskId),
            UpdateExpression: 'SET expiresAt = :next',
            ConditionExpression: '#owner = :owner',
            ExpressionAttributeNames: { '#owner': 'owner' },
            ExpressionAttributeValues: { ':next': { N: String(next) }, ':owner': { S: owner } },
          }),
        )
        expiresAt = next
      } catch (e) {
        if (e instanceof ConditionalCheckFailedException) {
          lost = true
          logger.error(`The lease of task ${this.connector}-${taskId} was taken over by another invocation; stopping`)
        } else {
          logger.warn(`Renewing the lease of task ${this.connector}-${taskId} failed; retrying`, { error: e })
        }
      }
    }
    const timer = setInterval(() => {
      if (renewing === null && !lost && !released) {
        renewing = renew().finally(() => {
          renewing = null
        })
      }
    }, this.#renewEveryMs)
    timer.unref()
    return {
      taskId,
      owner,
      held: () => !lost && !released && this.#now() < expiresAt - this.#safetyMs,
      release: async () => {
        if (released) return
        released = true
        clearInterval(timer)
        await (renewing as Promise<void> | null)
        if (lost) return
        try {
          await this.dynamo.send(
            new DeleteItemCommand({
              TableName: this.table,
              Key: this.#key(taskId),
              ConditionExpression: '#owner = :owner',
              ExpressionAttributeNames: { '#owner': 'owner' },
              ExpressionAttributeValues: { ':owner': { S: owner } },
            }),
          )
        } catch (e) {
          // taken over meanwhile, or DynamoDB unavailable: the lease expires by itself
          if (!(e instanceof ConditionalCheckFailedException)) {
            logger.warn(`Releasing the lease of task ${this.connector}-${taskId} failed; it expires by itself`, {
              error: e,
            })
          }
        }
      },
    }
  }
}
