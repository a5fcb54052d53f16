/**
 * What can go wrong talking to a Schema Registry, and how Confluent's converters surface it to
 * Connect. A REST error keeps the registry's status and error code (Confluent's
 * `RestClientException`); a connection failure and a timeout are told apart, because Confluent's
 * converters turn a timeout into Connect's `RetriableException` and a refused connection into
 * Kafka's `NetworkException`.
 *
 * The Kafka client exceptions that Confluent's converters let through (`NetworkException`,
 * `AuthenticationException`, …) are not Connect exceptions in Java, but Connect's error handler
 * treats them exactly like a `DataException` in a converter stage (tolerable, never retried), so
 * they extend `DataException` here and report their Java class name for DLQ headers.
 */
import { DataException } from '../errors.js'

export const RegistryFailure = {
  /** The registry answered with an error status. */
  REST: 'rest',
  /** No connection: refused, reset, DNS, TLS. */
  NETWORK: 'network',
  /** A connect or read timeout. */
  TIMEOUT: 'timeout',
} as const
export type RegistryFailure = (typeof RegistryFailure)[keyof typeof RegistryFailure]

/** One failed registry request; `status` and `errorCode` are set for REST failures. */
export class SchemaRegistryError extends Error {
  constructor(
    message: string,
    readonly kind: RegistryFailure,
    readonly status: number | null = null,
    readonly errorCode: number | null = null,
    options?: { cause?: unknown },
  ) {
    super(message, options)
    this.name = 'SchemaRegistryError'
  }

  /** Confluent's `RestService.isRestClientExceptionRetriable`, and every network failure. */
  get retriable(): boolean {
    if (this.kind !== RegistryFailure.REST) return true
    const s = this.status
    return s === 408 || s === 429 || s === 500 || s === 502 || s === 503 || s === 504
  }
}

/** Kafka's `org.apache.kafka.common.errors.NetworkException`: the registry could not be reached. */
export class NetworkException extends DataException {
  static override readonly javaClassName: string = 'org.apache.kafka.common.errors.NetworkException'
}

/** Kafka's `AuthenticationException`: the registry answered 401. */
export class AuthenticationException extends DataException {
  static override readonly javaClassName: string = 'org.apache.kafka.common.errors.AuthenticationException'
}

/** Kafka's `AuthorizationException`: the registry answered 403. */
export class AuthorizationException extends DataException {
  static override readonly javaClassName: string = 'org.apache.kafka.common.errors.AuthorizationException'
}

/** Kafka's `ThrottlingQuotaExceededException`: the registry answered 429. */
export class ThrottlingQuotaExceededException extends DataException {
  static override readonly javaClassName: string = 'org.apache.kafka.common.errors.ThrottlingQuotaExceededException'
}

/** Kafka's `DisconnectException`: the registry (or a proxy before it) answered 502. */
export class DisconnectException extends DataException {
  static override readonly javaClassName: string = 'org.apache.kafka.common.errors.DisconnectException'
}
