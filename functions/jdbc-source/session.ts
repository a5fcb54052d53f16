/**
 * The database session the JDBC source reads through: the settings pgjdbc sets when it connects
 * (ISO dates, shortest exact floats, hex bytea, a UTC session zone), the database clock, and the
 * mapping of PostgreSQL errors to Connect's exceptions.
 *
 * `cursor_tuple_fraction = 1` makes the planner plan the querier's cursor for its whole result, as it
 * plans the portal pgjdbc reads with a fetch size, instead of for a fast first row.
 */
import type { ClientBase } from 'pg'
import { ConnectException, RetriableException } from '../../layers/runtime/errors.js'
import { CURRENT_TIMESTAMP_SQL } from './dialect.js'
import { type PgInstant, parseTimestamp } from './pg-temporal.js'
import { UTC } from './time-zone.js'

const SESSION_SQL =
  "SET DateStyle = 'ISO, MDY'; SET extra_float_digits = 3; SET bytea_output = 'hex'; SET TimeZone = 'UTC'; SET cursor_tuple_fraction = 1"

const prepared = new WeakSet<object>()

/** Applies the session settings once per connection (values are read as text and must be ISO). */
export async function ensureSession(client: ClientBase): Promise<void> {
  if (prepared.has(client)) return
  await client.query(SESSION_SQL)
  prepared.add(client)
}

/** A parser that keeps every value as the text the server sent. */
export const RAW_TEXT = { getTypeParser: () => (value: string) => value } as const

/**
 * The database's current time, as Confluent reads it (`SELECT CURRENT_TIMESTAMP` through a calendar),
 * truncated to milliseconds as `Timestamp.getTime()` truncates it. Inside a transaction it is the
 * transaction's start time.
 */
export async function currentTimeOnDb(client: ClientBase): Promise<number> {
  const res = await client.query<[string]>({ text: CURRENT_TIMESTAMP_SQL, rowMode: 'array', types: RAW_TEXT })
  const text = res.rows[0]?.[0]
  if (text === undefined) {
    throw new ConnectException(
      `Unable to get current time from DB using PostgreSql and query '${CURRENT_TIMESTAMP_SQL}'`,
    )
  }
  const instant: PgInstant = parseTimestamp(text, UTC, true)
  return instant.millis
}

/** A PostgreSQL error as node-postgres reports it. */
interface PgError {
  readonly code?: string
  readonly message: string
}

function isPgError(error: unknown): error is PgError {
  return error instanceof Error
}

// SQLSTATE classes and codes worth another try later: connection problems, shutdown, resource
// limits, serialization failures, deadlocks, lock timeouts, cancelled statements.
const RETRIABLE_STATE = /^(08|53|57P|40001|40P01|55P03|57014)/
const RETRIABLE_NETWORK = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'EHOSTUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
])

/** Whether a database error is worth retrying later (the connection or the server, not the SQL). */
export function isRetriable(error: unknown): boolean {
  if (!isPgError(error)) return false
  const code = error.code ?? ''
  return RETRIABLE_STATE.test(code) || RETRIABLE_NETWORK.has(code) || /Connection terminated/i.test(error.message)
}

/** The message of a database error with its SQLSTATE: `column "x" does not exist (SQLSTATE 42703)`. */
export function describeDbError(error: unknown): string {
  if (!isPgError(error)) return String(error)
  return error.code === undefined ? error.message : `${error.message} (SQLSTATE ${error.code})`
}

/** A database error as a Connect exception: Retriable when retrying may help. */
export function connectExceptionFor(context: string, error: unknown): ConnectException {
  const message = `${context}: ${describeDbError(error)}`
  return isRetriable(error)
    ? new RetriableException(message, { cause: error })
    : new ConnectException(message, { cause: error })
}
