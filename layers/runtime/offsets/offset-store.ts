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
          // keyed as the runtime and the ESM event key partitions: "<topic>-<partition>"
          if (n !== undefined) out.set(`${topic}-${partition}`, Number(n))
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

/**
 * JSON with sorted keys, so that equal maps give equal keys. A bigint (a Java long) is written as a
 * JSON integer with all its digits, as Connect's JsonConverter writes longs in its offset JSON; read
 * it back with {@link parseOffsetJson}, which keeps integers beyond 2^53 exact.
 */
export function canonicalJson(map: SourceMap): string {
  const out: string[] = []
  writeJson(map, out)
  return out.join('')
}

function writeJson(value: unknown, out: string[]): void {
  if (value !== null && typeof value === 'object' && typeof (value as { toJSON?: unknown }).toJSON === 'function') {
    value = (value as { toJSON(): unknown }).toJSON()
  }
  switch (typeof value) {
    case 'bigint':
      out.push(value.toString())
      return
    case 'number':
      out.push(Number.isFinite(value) ? String(value) : 'null')
      return
    case 'string':
      out.push(JSON.stringify(value))
      return
    case 'boolean':
      out.push(value ? 'true' : 'false')
      return
    case 'object':
      break
    default:
      // undefined, functions and symbols: null, as JSON.stringify writes them inside an array
      out.push('null')
      return
  }
  if (value === null) {
    out.push('null')
  } else if (Array.isArray(value)) {
    out.push('[')
    value.forEach((item, i) => {
      if (i > 0) out.push(',')
      writeJson(item, out)
    })
    out.push(']')
  } else {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined && typeof v !== 'function' && typeof v !== 'symbol')
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    out.push('{')
    entries.forEach(([k, v], i) => {
      if (i > 0) out.push(',')
      out.push(JSON.stringify(k), ':')
      writeJson(v, out)
    })
    out.push('}')
  }
}

const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y
const INTEGER = /^-?\d+$/

/**
 * Reads offset JSON as `JSON.parse` does, except that an integer beyond ±(2^53 - 1) becomes a bigint
 * with its exact value (a Java long that a JavaScript number would round); other numbers stay numbers.
 * Throws a SyntaxError on malformed JSON.
 */
export function parseOffsetJson(text: string): unknown {
  let at = 0
  const fail = (what: string): never => {
    throw new SyntaxError(`Offset JSON: ${what} at position ${at} in ${JSON.stringify(text.slice(0, 200))}`)
  }
  const skipSpace = () => {
    while (at < text.length && (text[at] === ' ' || text[at] === '\t' || text[at] === '\n' || text[at] === '\r')) at++
  }
  const literal = (word: string, value: unknown): unknown => {
    if (!text.startsWith(word, at)) fail('unexpected token')
    at += word.length
    return value
  }
  const string = (): string => {
    const start = at
    at++
    while (at < text.length && text[at] !== '"') at += text[at] === '\\' ? 2 : 1
    if (at >= text.length) fail('unterminated string')
    at++
    return JSON.parse(text.slice(start, at)) as string
  }
  const value = (): unknown => {
    skipSpace()
    const c = text[at]
    if (c === '{') {
      at++
      const object: Record<string, unknown> = {}
      skipSpace()
      if (text[at] === '}') {
        at++
        return object
      }
      for (;;) {
        skipSpace()
        if (text[at] !== '"') fail('expected a key')
        const key = string()
        skipSpace()
        if (text[at] !== ':') fail("expected ':'")
        at++
        Object.defineProperty(object, key, { value: value(), enumerable: true, writable: true, configurable: true })
        skipSpace()
        if (text[at] === ',') at++
        else if (text[at] === '}') {
          at++
          return object
        } else fail("expected ',' or '}'")
      }
    }
    if (c === '[') {
      at++
      const array: unknown[] = []
      skipSpace()
      if (text[at] === ']') {
        at++
        return array
      }
      for (;;) {
        array.push(value())
        skipSpace()
        if (text[at] === ',') at++
        else if (text[at] === ']') {
          at++
          return array
        } else fail("expected ',' or ']'")
      }
    }
    if (c === '"') return string()
    if (c === 't') return literal('true', true)
    if (c === 'f') return literal('false', false)
    if (c === 'n') return literal('null', null)
    NUMBER.lastIndex = at
    const match = NUMBER.exec(text)
    if (match === null) return fail('unexpected token')
    at += match[0].length
    const n = Number(match[0])
    return INTEGER.test(match[0]) && !Number.isSafeInteger(n) ? BigInt(match[0]) : n
  }
  const result = value()
  skipSpace()
  if (at < text.length) fail('unexpected text after the JSON value')
  return result
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
      return json === undefined ? null : (parseOffsetJson(json) as SourceMap)
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
      partition: parseOffsetJson(i['partition']?.S ?? '{}') as SourceMap,
      offset: parseOffsetJson(i['offset']?.S ?? '{}') as SourceMap,
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
