/**
 * Helpers of the source task integration tests: DynamoDB on moto for offsets and leases (one table per
 * test file), deployments of the seed's JDBC source config pointed at the local database, and reading
 * what a task produced from Kafka (JsonConverter values decoded to their payload).
 */
import { afterAll, beforeAll, vi } from 'vitest'
import type { ConnectorDeployment } from '../../../layers/runtime/connector/deployment.js'
import { type ConsumerRecord, readRecords, topicOffsets } from '../../../layers/runtime/kafka/client.js'
import { ensureOffsetsTable, SourceOffsetStore } from '../../../layers/runtime/offsets/offset-store.js'
import { dynamoTableName } from '../../support/names.js'
import { endpoints } from '../../support/services.js'
import { JDBC_URL } from './fixture.js'

export const kafka = { bootstrapServers: [...endpoints.kafka.bootstrapServers] }

/** Points the AWS SDK at moto and creates this file's offsets table; call at the top level. */
export function useOffsetsTable(label: string): { readonly table: string } {
  const table = dynamoTableName(label)
  beforeAll(async () => {
    vi.stubEnv('AWS_ENDPOINT_URL', endpoints.aws.endpoint)
    vi.stubEnv('AWS_REGION', endpoints.aws.region)
    vi.stubEnv('AWS_ACCESS_KEY_ID', endpoints.aws.credentials.accessKeyId)
    vi.stubEnv('AWS_SECRET_ACCESS_KEY', endpoints.aws.credentials.secretAccessKey)
    vi.stubEnv('CONNECTLESS_OFFSETS_TABLE', table)
    await ensureOffsetsTable(table)
  })
  afterAll(() => {
    vi.unstubAllEnvs()
  })
  return { table }
}

/** The seed's postgres-source config, hosts replaced by the local database, narrowed to one schema. */
export function seedSourceConfig(schema: string, overrides: Record<string, string> = {}): Record<string, string> {
  return {
    'connector.class': 'io.confluent.connect.jdbc.JdbcSourceConnector',
    'tasks.max': '3',
    'connection.url': JDBC_URL,
    'connection.user': endpoints.postgres.user,
    'topic.prefix': 'db-',
    'table.whitelist': 'orders,users,payments',
    mode: 'incrementing',
    'incrementing.column.name': 'id',
    'timestamp.column.name': 'updated_at',
    'poll.interval.ms': '1000',
    'schema.pattern': schema,
    ...overrides,
  }
}

export function deploymentOf(
  name: string,
  config: Record<string, string>,
  worker: Record<string, string> = {},
): ConnectorDeployment {
  return {
    name,
    config: { name, ...config },
    worker: { 'bootstrap.servers': kafka.bootstrapServers.join(','), ...worker },
    baseDir: process.cwd(),
  }
}

/** Where each partition of a topic ends now (nothing: the topic does not exist yet). */
export async function endOffsets(topic: string): Promise<Map<number, bigint>> {
  try {
    return new Map((await topicOffsets(kafka, topic)).map((p) => [p.partition, p.end]))
  } catch {
    return new Map()
  }
}

/** The records a topic received after `from` (end offsets taken earlier), in partition and offset order. */
export async function recordsSince(topic: string, from: Map<number, bigint> = new Map()): Promise<ConsumerRecord[]> {
  const now = await topicOffsets(kafka, topic)
  const total = now.reduce((n, p) => n + Number(p.end - p.earliest), 0)
  const all = await readRecords(kafka, topic, { count: total, timeoutMs: 30_000 })
  return all.filter((r) => r.offset >= (from.get(r.partition) ?? 0n))
}

/** A JsonConverter value (schemas.enable=true) as its payload. */
export function payloadOf(record: ConsumerRecord): Record<string, unknown> {
  const json = JSON.parse((record.value as Buffer).toString('utf8')) as {
    schema: unknown
    payload: Record<string, unknown>
  }
  return json.payload
}

/** The offsets a connector has stored, by the partition's `table` (or `query`). */
export async function storedOffsets(connector: string): Promise<Map<string, Record<string, unknown>>> {
  const list = await new SourceOffsetStore(connector).list()
  return new Map(list.map((e) => [String(e.partition['table'] ?? e.partition['query']), { ...e.offset }]))
}

/** Waits until `check` holds (a condition, not a time: the timeout only bounds a broken run). */
export async function eventually(
  check: () => boolean | Promise<boolean>,
  what: string,
  timeoutMs = 30_000,
): Promise<void> {
  const end = Date.now() + timeoutMs
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`)
    await new Promise((r) => setTimeout(r, 100))
  }
}
