/**
 * How Confluent's AvroConverter and ProtobufConverter report failures, with the record's location
 * added: every message names the topic, and on the read side the partition and offset too.
 *
 * - a registry timeout, or 408/500/503/504: Connect's `RetriableException`;
 * - no connection to the registry: Kafka's `NetworkException`;
 * - 401/403/429/502: Kafka's `AuthenticationException`/`AuthorizationException`/
 *   `ThrottlingQuotaExceededException`/`DisconnectException`;
 * - anything else (unknown magic byte, unknown schema id, a truncated payload, a value that does not
 *   fit its schema): `DataException`.
 */
import type { RecordContext } from '../converters/converter.js'
import { ConfigException, type ConnectException, DataException, RetriableException } from '../errors.js'
import {
  AuthenticationException,
  AuthorizationException,
  DisconnectException,
  NetworkException,
  RegistryFailure,
  SchemaRegistryError,
  ThrottlingQuotaExceededException,
} from './errors.js'

/** A failed step of (de)serialization, with Confluent's description of the step ("Error retrieving …"). */
export class SerdeStepError extends Error {
  override readonly name = 'SerdeStepError'
  constructor(
    readonly step: string,
    override readonly cause: unknown,
  ) {
    super(`${step}: ${messageOf(cause)}`, { cause })
  }
}

function messageOf(e: unknown): string {
  return e instanceof Error ? e.message : String(e)
}

/** Runs a step; a failure is rethrown as a SerdeStepError named `step`. */
export async function step<T>(description: string, run: () => Promise<T> | T): Promise<T> {
  try {
    return await run()
  } catch (e) {
    throw e instanceof SerdeStepError || e instanceof ConfigException ? e : new SerdeStepError(description, e)
  }
}

/** `topic orders partition 0 offset 42`, or `topic orders` without a record context. */
export function location(topic: string, context: RecordContext | undefined): string {
  return context === undefined
    ? `topic ${topic}`
    : `topic ${topic} partition ${context.partition} offset ${context.offset}`
}

function rootRegistryError(e: unknown): SchemaRegistryError | null {
  let cur: unknown = e
  for (let i = 0; i < 5 && cur instanceof Error; i++) {
    if (cur instanceof SchemaRegistryError) return cur
    cur = cur.cause
  }
  return null
}

/**
 * The Connect exception for a failure while reading (`read`) or writing data of `format`
 * ("Avro", "Protobuf") for a record of `topic`.
 */
export function serdeFailure(
  e: unknown,
  direction: 'read' | 'write',
  format: string,
  topic: string,
  context?: RecordContext,
): ConnectException {
  if (e instanceof ConfigException) return e
  const where = location(topic, context)
  const detail = messageOf(e)
  const registry = rootRegistryError(e)
  const base =
    direction === 'read'
      ? `Failed to deserialize data for ${where} to ${format}`
      : `Failed to serialize ${format} data from ${where}`
  if (registry !== null) {
    if (registry.kind === RegistryFailure.TIMEOUT) return new RetriableException(`${base}: ${detail}`, { cause: e })
    if (registry.kind === RegistryFailure.NETWORK) {
      const doing = direction === 'read' ? 'deserializing data' : `serializing ${format} data`
      return new NetworkException(`Network connection error while ${doing} for ${where}: ${detail}`, { cause: e })
    }
    switch (registry.status) {
      case 401:
        return new AuthenticationException(`${base}: ${detail}`, { cause: e })
      case 403:
        return new AuthorizationException(`${base}: ${detail}`, { cause: e })
      case 429:
        return new ThrottlingQuotaExceededException(`${base}: ${detail}`, { cause: e })
      case 502:
        return new DisconnectException(`${base}: ${detail}`, { cause: e })
      case 408:
      case 500:
      case 503:
      case 504:
        return new RetriableException(`${base}: ${detail}`, { cause: e })
    }
  }
  return new DataException(`${base}: ${detail}`, { cause: e })
}
