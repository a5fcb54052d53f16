/**
 * One table (or the user's query) and one mode: Confluent's `BulkTableQuerier`,
 * `TimestampIncrementingTableQuerier` and `TimestampTableQuerier`. {@link TableQuerier.poll} runs
 * the mode's query once from a stored offset and hands the rows on as SourceRecords, in batches of
 * at most `batch.max.rows`, each batch with the offset to commit once it is delivered.
 *
 * As in Confluent (≤10.8.4), the query has no LIMIT: it runs in its own transaction (isolation per
 * `transaction.isolation.mode`) and its result is read through a server-side cursor, so memory holds
 * one batch at a time. Stopping early (leaving the `for await`) closes the cursor and commits the
 * read transaction; the next poll starts again from the last committed offset.
 *
 * Offsets per record, as Confluent sets them:
 * - incrementing: the row's id;
 * - timestamp+incrementing: the row's timestamp and id;
 * - timestamp: the row's timestamp only once the next row has a strictly later timestamp (or the
 *   result ends); until then the previous committable offset, so that a restart inside a run of
 *   equal timestamps re-reads the run instead of skipping its rest;
 * - bulk: none.
 */
import type { ClientBase, FieldDef } from 'pg'
import { Decimal } from '../../layers/runtime/data/logical.js'
import type { Schema } from '../../layers/runtime/data/schema.js'
import type { Struct } from '../../layers/runtime/data/struct.js'
import { BigDecimal } from '../../layers/runtime/data/values.js'
import { ConfigException, ConnectException, DataException } from '../../layers/runtime/errors.js'
import { warnOnce } from '../../layers/runtime/logging.js'
import { type SourceOffset, type SourcePartition, SourceRecord } from '../../layers/runtime/record/record.js'
import type { JdbcSourceConfig } from './config.js'
import { beginTransactionSql, PostgreSqlDialect, type SelectStatement } from './dialect.js'
import {
  configuredColumns,
  describeTableColumns,
  type OffsetColumns,
  resolveOffsetColumns,
  usesTimestamps,
} from './offset-columns.js'
import {
  beginTimestamp,
  candidatePartitions,
  lastIncrementing,
  offsetFromMap,
  offsetToMap,
  QUERY_PARTITION,
  TIMESTAMP_FIELD,
  type TimestampIncrementingOffset,
  tablePartitionV0,
  tablePartitionV1,
} from './offsets.js'
import { compareInstants, formatTimestamp, instantOfMillis, type PgInstant } from './pg-temporal.js'
import { describeResult } from './result-metadata.js'
import { SchemaMapping } from './schema-mapping.js'
import { connectExceptionFor, currentTimeOnDb, ensureSession, RAW_TEXT } from './session.js'
import type { TableId } from './table-id.js'

/** Records read from one query, and the offset to commit once they are delivered. */
export interface SourceBatch {
  readonly records: readonly SourceRecord[]
  /** The last record's source offset (null in bulk mode). */
  readonly offset: SourceOffset | null
}

type QuerierConfig = Pick<
  JdbcSourceConfig,
  | 'mode'
  | 'query'
  | 'queryMasked'
  | 'topicPrefix'
  | 'querySuffix'
  | 'quoteSqlIdentifiers'
  | 'batchMaxRows'
  | 'timestampDelayIntervalMs'
  | 'transactionIsolationMode'
  | 'numericMapping'
  | 'timestampGranularity'
  | 'dbTimeZone'
  | 'legacyCalendar'
  | 'timestampInitial'
  | 'connection'
>

const CURSOR = 'connectless_jdbc_source'

const INTEGRAL_TYPES = new Set(['int8', 'int16', 'int32', 'int64'])
const LONG_MAX = new BigDecimal(2n ** 63n - 1n, 0)

/** A row converted and its offset values, waiting for the next row in timestamp mode. */
interface PendingRow {
  readonly struct: Struct
  readonly timestamp: PgInstant | null
}

export class TableQuerier {
  /** The table read, or null for the user's query. */
  readonly table: TableId | null
  readonly topic: string
  /** The partition this querier's records carry. */
  readonly partition: SourcePartition
  readonly statement: SelectStatement
  readonly columns: OffsetColumns
  readonly #config: QuerierConfig
  readonly #mappings = new Map<string, SchemaMapping>()

  private constructor(config: QuerierConfig, table: TableId | null, columns: OffsetColumns) {
    this.#config = config
    this.table = table
    this.columns = columns
    const dialect = new PostgreSqlDialect(config.quoteSqlIdentifiers)
    const source = table !== null ? { table } : { query: config.query ?? '' }
    this.statement = dialect.buildSelect({
      mode: config.mode,
      source,
      incrementingColumn: columns.incrementingColumn,
      timestampColumns: columns.timestampColumns,
      suffix: config.querySuffix,
    })
    if (this.statement.wrapped) {
      warnOnce(
        `jdbc-source:wrapped:${config.query}`,
        `The ${config.queryMasked ? 'query.masked' : 'query'} ends in a clause (WHERE, GROUP BY, ORDER BY, LIMIT, UNION, …) that mode=${config.mode}'s criteria cannot follow: it runs as a subquery. Confluent's connector would fail on every poll with this query.`,
      )
    }
    // topic = prefix + bare table name (query mode: the prefix alone)
    this.topic = table !== null ? config.topicPrefix + table.table : config.topicPrefix
    if (table === null) this.partition = QUERY_PARTITION
    else this.partition = config.mode === 'bulk' ? tablePartitionV0(table) : tablePartitionV1(table)
  }

  /**
   * A querier for one table, its offset columns resolved and checked against the table (existence,
   * `validate.non.null`, the auto-increment column when none is configured).
   */
  static async forTable(client: ClientBase, config: JdbcSourceConfig, table: TableId): Promise<TableQuerier> {
    await ensureSession(client)
    const columns = resolveOffsetColumns(config, table, await describeTableColumns(client, table))
    return new TableQuerier(config, table, columns)
  }

  /** A querier for the configured `query` (no table to check: query mode skips `validate.non.null`). */
  static forQuery(config: JdbcSourceConfig): TableQuerier {
    if (config.query === null) throw new ConfigException('No query is configured', { key: 'query' })
    return new TableQuerier(config, null, configuredColumns(config, null))
  }

  /** The partitions a stored offset may be under, newest protocol first (v1, v1 with the database, v0). */
  candidatePartitions(database: string | null): SourcePartition[] {
    return this.table === null ? [QUERY_PARTITION] : candidatePartitions(this.table, database)
  }

  /**
   * The offset to poll from when a task starts (Confluent's `computeInitialOffset`): in the
   * incremental modes, the stored offset of the first candidate partition that has one; else
   * `timestamp.initial` as `{"timestamp":<millis>}`, -1 meaning the database's current time; else
   * null. Bulk mode keeps no offset.
   * @param stored reads the offset store: the offset stored under a partition, or null
   */
  async startOffset(
    client: ClientBase,
    stored: (partition: SourcePartition) => Promise<SourceOffset | null> | SourceOffset | null,
  ): Promise<SourceOffset | null> {
    if (this.#config.mode === 'bulk') return null
    const { database, user } = this.#config.connection
    for (const partition of this.candidatePartitions(database !== '' ? database : user)) {
      const offset = await stored(partition)
      if (offset !== null && offset !== undefined) return offset
    }
    const initial = this.#config.timestampInitial
    if (initial === null) return null
    await ensureSession(client)
    const millis = initial === -1 ? await currentTimeOnDb(client) : initial
    return { [TIMESTAMP_FIELD]: BigInt(millis) }
  }

  #describe(): string {
    if (this.table !== null) return `table ${new PostgreSqlDialect('always').qualifiedName(this.table)}`
    return this.#config.queryMasked ? 'the configured query.masked' : `query '${this.#config.query}'`
  }

  async #mappingFor(client: ClientBase, fields: readonly FieldDef[]): Promise<SchemaMapping> {
    const key = fields
      .map((f) => `${f.name}\u0000${f.dataTypeID}\u0000${f.dataTypeModifier}\u0000${f.tableID}\u0000${f.columnID}`)
      .join('\u0001')
    let mapping = this.#mappings.get(key)
    if (mapping === undefined) {
      const columns = await describeResult(client, fields)
      mapping = SchemaMapping.create(this.table?.table ?? null, columns, {
        numericMapping: this.#config.numericMapping,
        timestampGranularity: this.#config.timestampGranularity,
        zone: this.#config.dbTimeZone,
        legacyCalendar: this.#config.legacyCalendar,
      })
      for (const dropped of mapping.dropped) {
        warnOnce(
          `jdbc-source:${this.#describe()}:${dropped.name}`,
          `JDBC type ${dropped.jdbcType} (${dropped.typeName}) not currently supported: column ${dropped.name} of ${this.#describe()} is left out of the records`,
        )
      }
      if (this.#mappings.size >= 8) this.#mappings.clear()
      this.#mappings.set(key, mapping)
    }
    return mapping
  }

  #parameters(offset: TimestampIncrementingOffset, end: PgInstant | null): string[] {
    const { dbTimeZone, legacyCalendar } = this.#config
    return this.statement.parameters.map((role) => {
      if (role === 'begin') return formatTimestamp(beginTimestamp(offset), dbTimeZone, legacyCalendar)
      if (role === 'end') return formatTimestamp(end as PgInstant, dbTimeZone, legacyCalendar)
      return String(lastIncrementing(offset))
    })
  }

  /**
   * Runs the mode's query once, starting from `stored` (the offset map read from the offset store,
   * or null), and yields the records in batches of at most `batch.max.rows`. Commit a batch's
   * `offset` once its records are delivered; breaking out of the loop ends the query cleanly.
   */
  async *poll(client: ClientBase, stored: SourceOffset | null): AsyncGenerator<SourceBatch, void, undefined> {
    await ensureSession(client)
    const config = this.#config
    const mode = config.mode
    let offset = offsetFromMap(stored)
    let committable: SourceOffset | null = mode === 'bulk' ? null : offsetToMap(offset)
    const context = `Failed to query ${this.#describe()}`
    const step = async <T>(action: () => Promise<T>): Promise<T> => {
      try {
        return await action()
      } catch (error) {
        if (error instanceof ConnectException) throw error
        throw connectExceptionFor(config.queryMasked ? context : `${context} with "${this.statement.jdbcSql}"`, error)
      }
    }

    await step(() => client.query(beginTransactionSql(config.transactionIsolationMode)))
    let failure: unknown = null
    try {
      let end: PgInstant | null = null
      if (usesTimestamps(mode)) {
        const now = await step(() => currentTimeOnDb(client))
        end = instantOfMillis(now - config.timestampDelayIntervalMs)
      }
      const values = this.#parameters(offset, end)
      await step(() => client.query({ text: `DECLARE ${CURSOR} NO SCROLL CURSOR FOR ${this.statement.sql}`, values }))

      const fetchSql = `FETCH FORWARD ${config.batchMaxRows} FROM ${CURSOR}`
      let mapping: SchemaMapping | null = null
      let extract: OffsetExtractor | null = null
      let batch: SourceRecord[] = []
      let pending: PendingRow | null = null
      for (;;) {
        const res = await step(() =>
          client.query<(string | null)[]>({ text: fetchSql, rowMode: 'array', types: RAW_TEXT }),
        )
        if (mapping === null) {
          const m = await step(() => this.#mappingFor(client, res.fields))
          mapping = m
          extract = new OffsetExtractor(m, this.columns, this.#describe())
        }
        const exhausted = res.rows.length < config.batchMaxRows
        for (const row of res.rows) {
          const struct = this.#toStruct(mapping, row)
          const ex = extract as OffsetExtractor
          if (mode === 'timestamp') {
            const current: PendingRow = { struct, timestamp: ex.timestamp() }
            if (pending !== null) {
              if (canCommit(pending.timestamp, current.timestamp)) {
                offset = { timestamp: pending.timestamp, incrementing: null }
                committable = offsetToMap(offset)
              }
              batch.push(this.#record(pending.struct, committable))
            }
            pending = current
          } else if (mode === 'bulk') {
            batch.push(this.#record(struct, null))
          } else {
            offset = {
              timestamp: mode === 'timestamp+incrementing' ? ex.timestamp() : null,
              incrementing: ex.incrementing(struct),
            }
            committable = offsetToMap(offset)
            batch.push(this.#record(struct, committable))
          }
          if (batch.length >= config.batchMaxRows) {
            yield { records: batch, offset: committable }
            batch = []
          }
        }
        if (exhausted) break
      }
      if (pending !== null) {
        // the result is exhausted: the last row's timestamp is committable
        offset = { timestamp: pending.timestamp, incrementing: null }
        committable = offsetToMap(offset)
        batch.push(this.#record(pending.struct, committable))
      }
      if (batch.length > 0) yield { records: batch, offset: committable }
    } catch (error) {
      failure = error
      throw error
    } finally {
      // also reached when the consumer stops early: the read transaction ends either way
      if (failure !== null) await client.query('ROLLBACK').catch(() => {})
      else await step(() => client.query('COMMIT'))
    }
  }

  #toStruct(mapping: SchemaMapping, row: readonly (string | null)[]): Struct {
    try {
      return mapping.toStruct(row)
    } catch (error) {
      if (error instanceof DataException) {
        throw new DataException(`Reading ${this.#describe()}: ${error.message}`, { cause: error })
      }
      throw error
    }
  }

  #record(value: Struct, offset: SourceOffset | null): SourceRecord {
    return new SourceRecord({
      topic: this.topic,
      kafkaPartition: null,
      keySchema: null,
      key: null,
      valueSchema: value.schema,
      value,
      timestamp: null,
      sourcePartition: this.partition,
      sourceOffset: offset,
    })
  }
}

/** Confluent's `canCommitTimestamp`: a row's timestamp commits when the next one is strictly later. */
function canCommit(current: PgInstant | null, next: PgInstant | null): boolean {
  return current === null || next === null || compareInstants(current, next) < 0
}

/** Reads the offset values of a row (Confluent's `TimestampIncrementingCriteria.extractValues`). */
class OffsetExtractor {
  readonly #mapping: SchemaMapping
  readonly #incrementingField: string | null
  readonly #incrementingSchema: Schema | null
  readonly #timestampColumns: readonly number[]

  constructor(mapping: SchemaMapping, columns: OffsetColumns, where: string) {
    const fields = mapping.schema.fields.map((f) => f.name).join(',')
    if (columns.incrementingColumn !== null) {
      const field = mapping.schema.field(columns.incrementingColumn)
      if (field === undefined) {
        throw new DataException(`Incrementing column ${columns.incrementingColumn} not found in ${fields} (${where})`)
      }
      this.#incrementingField = field.name
      this.#incrementingSchema = field.schema
    } else {
      this.#incrementingField = null
      this.#incrementingSchema = null
    }
    this.#timestampColumns = columns.timestampColumns.map((name) => {
      let index = mapping.columnIndex(name)
      if (index < 0) {
        // Confluent falls back to the one column that matches ignoring case
        const matches = mapping.columns.filter((c) => c.name.toLowerCase() === name.toLowerCase())
        if (matches.length !== 1) {
          throw new DataException(
            matches.length === 0
              ? `Timestamp column ${name} not found in ${fields} (${where})`
              : `Timestamp column ${name} not found in columns read from database: ${fields}. Could not fall back to case-insensitively selecting a column because there were multiple columns whose names case-insensitively matched the specified name: ${matches.map((c) => c.name).join(',')}. To force the connector to choose between these columns, specify a value for the timestamp column configuration property that matches the desired column case-sensitively.`,
          )
        }
        index = mapping.columnIndex(matches[0]!.name)
      }
      const column = mapping.columns[index]!
      if (column.jdbcType !== 'TIMESTAMP') {
        throw new ConnectException(
          `Timestamp column ${column.name} of ${where} is of type ${column.typeName}: timestamp columns must be timestamp or timestamptz`,
        )
      }
      return index
    })
    this.#mapping = mapping
  }

  /** The first non-null timestamp column of the row just converted (COALESCE order). */
  timestamp(): PgInstant | null {
    for (const index of this.#timestampColumns) {
      const instant = this.#mapping.instantAt(index)
      if (instant !== null) return instant
    }
    return null
  }

  incrementing(struct: Struct): bigint {
    const schema = this.#incrementingSchema as Schema
    const value = struct.get(this.#incrementingField as string)
    if (value === null || value === undefined) {
      throw new ConnectException(`Null value for incrementing column of type: ${schema.type.toUpperCase()}`)
    }
    if (schema.name === Decimal.LOGICAL_NAME && value instanceof BigDecimal) {
      if (value.compareTo(LONG_MAX) > 0) {
        throw new ConnectException('Decimal value for incrementing column exceeded Long.MAX_VALUE')
      }
      if (value.scale !== 0) throw new ConnectException('Scale of Decimal value for incrementing column must be 0')
      return value.unscaled
    }
    if (INTEGRAL_TYPES.has(schema.type) && schema.name === null) {
      return typeof value === 'bigint' ? value : BigInt(value as number)
    }
    throw new ConnectException(`Invalid type for incrementing column: ${schema.type.toUpperCase()}`)
  }
}
