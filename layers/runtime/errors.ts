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

/** The text shown in place of a secret value. */
export const HIDDEN = '[hidden]'

/** A value as Java's string concatenation shows it: `null`, lists as `[a, b]`, a `Password` as `[hidden]`. */
function formatConfigValue(value: unknown): string {
  if (value === null || value === undefined) return 'null'
  if (Array.isArray(value)) return `[${value.map(formatConfigValue).join(', ')}]`
  return String(value)
}

/** An invalid configuration: a missing required key, a value of the wrong type, an unresolvable reference. */
export class ConfigException extends ConnectException {
  static override readonly javaClassName: string = 'org.apache.kafka.common.config.ConfigException'

  /** The config key at fault, when the error is about one key. */
  readonly key: string | undefined
  /** Why the value was rejected, without the value (set by {@link ConfigException.invalid}). */
  readonly reason: string | undefined

  constructor(message: string, options?: { cause?: unknown; key?: string; reason?: string }) {
    super(message, options)
    this.key = options?.key
    this.reason = options?.reason
  }

  /**
   * Kafka's `Invalid value <v> for configuration <key>: <reason>`; a secret's value shows as `[hidden]`.
   * @example throw ConfigException.invalid('flush.size', '-1', 'Value must be at least 1')
   */
  static invalid(key: string, value: unknown, reason?: string, options?: { secret?: boolean }): ConfigException {
    const shown = options?.secret ? HIDDEN : formatConfigValue(value)
    const message = `Invalid value ${shown} for configuration ${key}${reason === undefined ? '' : `: ${reason}`}`
    return new ConfigException(message, { key, reason })
  }
}
