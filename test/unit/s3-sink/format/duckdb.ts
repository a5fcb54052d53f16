/** DuckDB (`@duckdb/node-api`) as a reader of the files the formats write, through a temp file. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { DuckDBInstance } from '@duckdb/node-api'

export interface DuckDb {
  /** Writes `bytes` to a temp file named `name` and returns its path. */
  file(name: string, bytes: Uint8Array): string
  rows(sql: string): Promise<Record<string, unknown>[]>
  close(): void
}

export async function openDuckDb(): Promise<DuckDb> {
  const dir = mkdtempSync(join(tmpdir(), 's3-sink-duckdb-'))
  const instance = await DuckDBInstance.create(':memory:')
  const connection = await instance.connect()
  return {
    file(name, bytes) {
      const path = join(dir, name)
      writeFileSync(path, bytes)
      return path
    },
    async rows(sql) {
      const reader = await connection.runAndReadAll(sql)
      return reader.getRowObjectsJson() as Record<string, unknown>[]
    },
    close() {
      connection.closeSync()
      instance.closeSync()
      rmSync(dir, { recursive: true, force: true })
    },
  }
}
