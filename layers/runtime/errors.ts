/**
 * Kafka Connect's exception classes, under the names a Connect user knows from logs and DLQ headers
 * (`__connect.errors.exception.class.name` carries the Java class name of each).
 */

/** The base of every error that connectless raises on purpose. */
export class ConnectException extends Error {
  /** The Java class Connect would have raised: written to DLQ headers and error logs. */
  static readonly javaClassName: string = 'org.apache.kafka.connect.errors.ConnectException'

  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options)
    this.name = new.target.name
  }

  get javaClassName(): string {
    return (this.constructor as typeof ConnectException).javaClassName
  }
}

/** Bad data: a value that does not fit its schema, a payload a converter cannot read. */
export class DataException extends ConnectException {
  static override readonly javaClassName: string = 'org.apache.kafka.connect.errors.DataException'
}

/** A failure worth retrying: the downstream system is unavailable, a throttle, a timeout. */
export class RetriableException extends ConnectException {
  static override readonly javaClassName: string = 'org.apache.kafka.connect.errors.RetriableException'
}

/** Something asked for does not exist (a connector, a schema id). */
export class NotFoundException extends ConnectException {
  static override readonly javaClassName: string = 'org.apache.kafka.connect.errors.NotFoundException'
}
