/**
 * Shared helpers of the JDBC source integration tests: an admin connection, one uniquely named schema
 * per test file (dropped at the end), the connector config pointed at it, and a way to run a poll to
 * the end (or stop it early) collecting its batches.
 */
import pg from 'pg'
import { afterAll, beforeAll } from 'vitest'
import { type JdbcSourceConfig, parseJdbcSourceConfig } from '../../../functions/jdbc-source/config.js'
import type { SourceBatch, TableQuerier } from '../../../functions/jdbc-source/querier.js'
import type { Struct } from '../../../layers/runtime/data/struct.js'
import type { SourceOffset } from '../../../layers/runtime/record/record.js'
import { schemaName } from '../../support/names.js'
import { endpoints } from '../../support/services.js'

export const JDBC_URL = `jdbc:postgresql://${endpoints.postgres.host}:${endpoints.postgres.port}/${endpoints.postgres.database}`

/** A test file's schema and admin connection; call at the top level after `requireServices('postgres')`. */
export function useSchema(label: string): { readonly schema: string; readonly admin: pg.Client } {
  const schema = schemaName(label)
  const admin = new pg.Client({ connectionString: endpoints.postgres.url })
  beforeAll(async () => {
    await admin.connect()
    await admin.query(`CREATE SCHEMA ${schema}`)
  })
  afterAll(async () => {
    await admin.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`)
    await admin.end()
  })
  return { schema, admin }
}

/** The connector config for the local database, narrowed to one schema. */
export function sourceConfig(schema: string, props: Record<string, string>): JdbcSourceConfig {
  return parseJdbcSourceConfig({
    'connection.url': JDBC_URL,
    'connection.user': endpoints.postgres.user,
    'topic.prefix': 'db-',
    'schema.pattern': schema,
    ...props,
  })
}

/** Runs one poll to the end (or through `maxBatches` batches), returning the batches. */
export async function drain(
  querier: TableQuerier,
  client: pg.ClientBase,
  offset: SourceOffset | null,
  maxBatches = Number.POSITIVE_INFINITY,
): Promise<SourceBatch[]> {
  const batches: SourceBatch[] = []
  for await (const batch of querier.poll(client, offset)) {
    batches.push(batch)
    if (batches.length >= maxBatches) break
  }
  return batches
}

/** The records of some batches, flattened. */
export function recordsOf(batches: readonly SourceBatch[]) {
  return batches.flatMap((b) => b.records)
}

/** One field of every record's value. */
export function field(batches: readonly SourceBatch[], name: string): unknown[] {
  return recordsOf(batches).map((r) => (r.value as Struct).get(name))
}

/** The offset to commit after the batches (the last batch's), or the one polled from when there was none. */
export function lastOffset(batches: readonly SourceBatch[], from: SourceOffset | null): SourceOffset | null {
  return batches.length === 0 ? from : (batches[batches.length - 1]?.offset ?? null)
}
