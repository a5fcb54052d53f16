import { describe, expect, it } from 'vitest'
import { connectExceptionFor, describeDbError, isRetriable } from '../../../functions/jdbc-source/session.js'
import { ConnectException, RetriableException } from '../../../layers/runtime/errors.js'

function pgError(message: string, code?: string): Error {
  return Object.assign(new Error(message), code === undefined ? {} : { code })
}

describe('database errors as Connect exceptions', () => {
  it('retries connection problems, shutdowns, serialization failures and deadlocks, not bad SQL', () => {
    expect(isRetriable(pgError('connect ECONNREFUSED 127.0.0.1:1', 'ECONNREFUSED'))).toBe(true)
    expect(isRetriable(pgError('terminating connection due to administrator command', '57P01'))).toBe(true)
    expect(isRetriable(pgError('could not serialize access', '40001'))).toBe(true)
    expect(isRetriable(pgError('deadlock detected', '40P01'))).toBe(true)
    expect(isRetriable(pgError('sorry, too many clients already', '53300'))).toBe(true)
    expect(isRetriable(pgError('Connection terminated unexpectedly'))).toBe(true)
    expect(isRetriable(pgError('column "x" does not exist', '42703'))).toBe(false)
    expect(isRetriable(pgError('password authentication failed for user "u"', '28P01'))).toBe(false)
  })

  it('adds the SQLSTATE to the message and keeps the cause', () => {
    const cause = pgError('relation "t" does not exist', '42P01')
    expect(describeDbError(cause)).toBe('relation "t" does not exist (SQLSTATE 42P01)')
    const error = connectExceptionFor('Failed to query table "t"', cause)
    expect(error).toBeInstanceOf(ConnectException)
    expect(error).not.toBeInstanceOf(RetriableException)
    expect(error.message).toBe('Failed to query table "t": relation "t" does not exist (SQLSTATE 42P01)')
    expect(error.cause).toBe(cause)
    expect(connectExceptionFor('x', pgError('reset', 'ECONNRESET'))).toBeInstanceOf(RetriableException)
  })
})
