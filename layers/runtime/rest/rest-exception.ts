/**
 * Errors with an HTTP status, as Connect's `ConnectRestException` and `BadRequestException`; how
 * every error becomes Connect's `{"error_code": …, "message": …}` answer (`ConnectExceptionMapper`).
 */
import { ConnectException, NotFoundException } from '../errors.js'

/** An error the REST API answers with `statusCode`. */
export class ConnectRestException extends ConnectException {
  static override readonly javaClassName: string = 'org.apache.kafka.connect.runtime.rest.errors.ConnectRestException'

  constructor(
    readonly statusCode: number,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options)
  }
}

/** A request Connect answers with 400. */
export class BadRequestException extends ConnectRestException {
  static override readonly javaClassName: string = 'org.apache.kafka.connect.runtime.rest.errors.BadRequestException'

  constructor(message: string, options?: { cause?: unknown }) {
    super(400, message, options)
  }
}

/** The statuses Connect's exception mapper gives: its own status, 404 for not found, 500 otherwise. */
export function statusOf(error: unknown): number {
  if (error instanceof ConnectRestException) return error.statusCode
  if (error instanceof NotFoundException) return 404
  return 500
}

/** Jersey's answer to a path no resource has: 404 `HTTP 404 Not Found`. */
export const pathNotFound = () => new ConnectRestException(404, 'HTTP 404 Not Found')
/** Jersey's answer to a method the path does not take: 405 `HTTP 405 Method Not Allowed`. */
export const methodNotAllowed = () => new ConnectRestException(405, 'HTTP 405 Method Not Allowed')
