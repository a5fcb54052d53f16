/**
 * Offsets in DynamoDB: the sink offset store (per connector and topic-partition, the next offset to
 * process, as a Kafka consumer commits it) and the source offset store (per connector and source
 * partition, the source offset in Connect's JSON shape). One table, keyed `pk` (the connector) and
 * `sk` (the partition). Sink commits are conditional: an offset never moves backwards, so a
 * redelivered or late batch cannot undo a newer commit.
 *
 * This module is the only one that talks to DynamoDB for offsets.
 */
import {
  type AttributeValue,
  ConditionalCheckFailedException,
  CreateTableCommand,
  DeleteItemCommand,
  DynamoDBClient,
  GetItemCommand,
  PutItemCommand,
  QueryCommand,
  ResourceInUseException,
} from '@aws-sdk/client-dynamodb'
import { RetriableException } from '../errors.js'

export const DEFAULT_OFFSETS_TABLE = 'connectless-offsets'

export function offsetsTableName(): string {
  return process.env['CONNECTLESS_OFFSETS_TABLE'] ?? DEFAULT_OFFSETS_TABLE
}

let sharedClient: DynamoDBClient | undefined
function client(): DynamoDBClient {
  sharedClient ??= new DynamoDBClient({})
  return sharedClient
}

function retriable(e: unknown, what: string): never {
  throw new RetriableException(`DynamoDB ${what} failed: ${e instanceof Error ? e.message : String(e)}`, { cause: e })
}

const sinkPk = (connector: string) => `sink#${connector}`
const sourcePk = (connector: string) => `source#${connector}`
const tp = (topic: string, partition: number) => `${topic}#${partition}`

export class SinkOffsetStore {
  constructor(
    readonly connector: string,
    private readonly table: string = offsetsTableName(),
    private readonly dynamo: DynamoDBClient = client(),
  ) {}

  /** The next offset to process for each topic-partition asked for (absent: nothing committed yet). */
  async committed(partitions: ReadonlyArray<{ topic: string; partition: number }>): Promise<Map<string, number>> {
    const out = new Map<string, number>()
    await Promise.all(
      partitions.map(async ({ topic, partition }) => {
        try {
          const res = await this.dynamo.send(
            new GetItemCommand({
              TableName: this.table,
              Key: { pk: { S: sinkPk(this.connector) }, sk: { S: tp(topic, partition) } },
              ConsistentRead: true,
            }),
          )
          const n = res.Item?.['offset']?.N
          if (n !== undefined) out.set(tp(topic, partition), Number(n))
        } catch (e) {
          retriable(e, `read of the sink offset of ${topic}-${partition}`)
        }
      }),
    )
    return out
  }

  /** Commits `next` (the next offset to process) unless a larger one is already committed. */
  async commit(topic: string, partition: number, next: number): Promise<boolean> {
    try {
      await this.dynamo.send(
        new PutItemCommand({
          TableName: this.table,
          Item: {
            pk: { S: sinkPk(this.connector) },
            sk: { S: tp(topic, partition) },
            topic: { S: topic },
            partition: { N: String(partition) },
            offset: { N: String(next) },
            updatedAt: { S: new Date().toISOString() },
          },
          // never backwards: a redelivered or late batch cannot undo a newer commit
          ConditionExpression: 'attribute_not_exists(pk) OR #o <= :next',
          ExpressionAttributeNames: { '#o': 'offset' },
          ExpressionAttributeValues: { ':next': { N: String(next) } },
        }),
      )
      return true
    } catch (e) {
      if (e instanceof ConditionalCheckFailedException) return false
      return retriable(e, `commit of the sink offset of ${topic}-${partition}`)
    }
  }

  /** Every committed topic-partition of this connector (for the REST API's GET offsets). */
  async list(): Promise<Array<{ topic: string; partition: number; offset: number }>> {
    const items = await queryAll(this.dynamo, this.table, sinkPk(this.connector))
    return items.map((i) => ({
      topic: i['topic']?.S ?? '',
      partition: Number(i['partition']?.N),
      offset: Number(i['offset']?.N),
    }))
  }

  async reset(topic: string, partition: number): Promise<void> {
    await this.dynamo.send(
      new DeleteItemCommand({
        TableName: this.table,
        Key: { pk: { S: sinkPk(this.connector) }, sk: { S: tp(topic, partition) } },
      }),
    )
  }
}

/** A source partition or offset: Connect's JSON maps (`{"protocol":"1","table":"public.orders"}`). */
export type SourceMap = Readonly<Record<string, unknown>>

/** JSON with sorted keys, so that equal maps give equal keys. */
export function canonicalJson(map: SourceMap): string {
  return JSON.stringify(map, (_k, v: unknown) =>
    v !== null && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(
          Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)),
        )
      : typeof v === 'bigint'
        ? Number(v)
        : v,
  )
}

export class SourceOffsetStore {
  constructor(
    readonly connector: string,
    private readonly table: string = offsetsTableName(),
    private readonly dynamo: DynamoDBClient = client(),
  ) {}

  async get(partition: SourceMap): Promise<SourceMap | null> {
    try {
      const res = await this.dynamo.send(
        new GetItemCommand({
          TableName: this.table,
          Key: { pk: { S: sourcePk(this.connector) }, sk: { S: canonicalJson(partition) } },
          ConsistentRead: true,
        }),
      )
      const json = res.Item?.['offset']?.S
      return json === undefined ? null : (JSON.parse(json) as SourceMap)
    } catch (e) {
      return retriable(e, `read of the source offset of ${canonicalJson(partition)}`)
    }
  }

  async put(partition: SourceMap, offset: SourceMap): Promise<void> {
    try {
      await this.dynamo.send(
        new PutItemCommand({
          TableName: this.table,
          Item: {
            pk: { S: sourcePk(this.connector) },
            sk: { S: canonicalJson(partition) },
            partition: { S: canonicalJson(partition) },
            offset: { S: canonicalJson(offset) },
            updatedAt: { S: new Date().toISOString() },
          },
        }),
      )
    } catch (e) {
      retriable(e, `write of the source offset of ${canonicalJson(partition)}`)
    }
  }

  async list(): Promise<Array<{ partition: SourceMap; offset: SourceMap }>> {
    const items = await queryAll(this.dynamo, this.table, sourcePk(this.connector))
    return items.map((i) => ({
      partition: JSON.parse(i['partition']?.S ?? '{}') as SourceMap,
      offset: JSON.parse(i['offset']?.S ?? '{}') as SourceMap,
    }))
  }

  async delete(partition: SourceMap): Promise<void> {
    await this.dynamo.send(
      new DeleteItemCommand({
        TableName: this.table,
        Key: { pk: { S: sourcePk(this.connector) }, sk: { S: canonicalJson(partition) } },
      }),
    )
  }
}

type Item = Record<string, { S?: string; N?: string }>
async function queryAll(dynamo: DynamoDBClient, table: string, pk: string): Promise<Item[]> {
  const items: Item[] = []
  let start: Record<string, AttributeValue> | undefined
  do {
    const res = await dynamo.send(
      new QueryCommand({
        TableName: table,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': { S: pk } },
        ConsistentRead: true,
        ...(start ? { ExclusiveStartKey: start } : {}),
      }),
    )
    items.push(...((res.Items ?? []) as Item[]))
    start = res.LastEvaluatedKey
  } while (start)
  return items
}

/** Creates the offsets table where it does not exist (local runs; on AWS the platform stack owns it). */
export async function ensureOffsetsTable(
  table: string = offsetsTableName(),
  dynamo: DynamoDBClient = client(),
): Promise<void> {
  try {
    await dynamo.send(
      new CreateTableCommand({
        TableName: table,
        BillingMode: 'PAY_PER_REQUEST',
        AttributeDefinitions: [
          { AttributeName: 'pk', AttributeType: 'S' },
          { AttributeName: 'sk', AttributeType: 'S' },
        ],
        KeySchema: [
          { AttributeName: 'pk', KeyType: 'HASH' },
          { AttributeName: 'sk', KeyType: 'RANGE' },
        ],
      }),
    )
  } catch (e) {
    if (!(e instanceof ResourceInUseException)) throw e
  }
}
