/**
 * The Kafka clients of `connectless dlq`, configured from a Connect worker's properties as the
 * worker configures its own clients, so the command reaches a cluster with SASL (SCRAM, PLAIN, MSK
 * IAM) or TLS with the file the worker runs with:
 *
 * - the reader (the DLQ topic): the worker's own keys, `consumer.*` over them (Connect's sink task
 *   consumer takes `consumer.*`; connectless's clients also take the worker's own security keys first,
 *   see docs/divergences.md);
 * - the producer (replay): the worker's own keys, `producer.*` over them (`producerProps`);
 * - the admin client (creating a missing replay target): the worker's own keys, `admin.*` over them
 *   (`adminProps`, Connect's `Worker.adminConfigs`).
 *
 * The settings are read by `producer-auth.ts`, which the sink DLQ and the JDBC source's producer use:
 * secrets stay `[hidden]` in every error.
 */
import type { ConfigProps } from '../../layers/runtime/config/parsed-config.js'
import { originalsWithPrefix } from '../../layers/runtime/config/parsed-config.js'
import { ConfigException } from '../../layers/runtime/errors.js'
import type { KafkaClientConfig } from '../../layers/runtime/kafka/client.js'
import {
  adminProps,
  clientConfig,
  type ProducerAuthOptions,
  producerProps,
} from '../../layers/runtime/kafka/producer-auth.js'

/** The client id the clients start from where the worker sets no `client.id`. */
export const DLQ_CLIENT_ID = 'connectless-dlq'

/** The sink consumer's settings: the worker's own keys, its `consumer.*` keys over them. */
export function consumerProps(worker: ConfigProps): Record<string, string | null> {
  return { ...worker, ...originalsWithPrefix(worker, 'consumer.') }
}

export interface DlqClientOptions extends ProducerAuthOptions {
  /** `--bootstrap-server`: wins over every `bootstrap.servers` of the worker */
  readonly bootstrapServers?: readonly string[]
  /** where neither the flag nor the worker names brokers (CONNECTLESS_KAFKA_BOOTSTRAP, 127.0.0.1:9092) */
  readonly defaultBootstrapServers: readonly string[]
  /** named in errors: the worker properties file */
  readonly source?: string
}

export type DlqClient = 'reader' | 'producer' | 'admin'

const SETTINGS: Readonly<
  Record<DlqClient, { props: (w: ConfigProps) => Record<string, string | null>; what: string }>
> = {
  reader: { props: consumerProps, what: "the reading client's settings (the worker's keys, consumer.* over them)" },
  producer: {
    props: (w) => producerProps(w, {}),
    what: "the replaying producer's settings (the worker's keys, producer.* over them)",
  },
  admin: {
    props: (w) => adminProps(w, {}),
    what: "the admin client's settings (the worker's keys, admin.* over them)",
  },
}

/**
 * One client's config from the worker properties (`{}` without `--worker`: PLAINTEXT). Throws a
 * ConfigException naming the key, the client and the file; no secret value appears in it.
 */
export function dlqClientConfig(client: DlqClient, worker: ConfigProps, options: DlqClientOptions): KafkaClientConfig {
  const { props, what } = SETTINGS[client]
  const merged = props(worker)
  if (options.bootstrapServers !== undefined) merged['bootstrap.servers'] = options.bootstrapServers.join(',')
  try {
    return clientConfig(merged, DLQ_CLIENT_ID, {
      ...options,
      bootstrapServers: options.defaultBootstrapServers,
      purpose: 'connectless dlq',
    })
  } catch (e) {
    if (!(e instanceof ConfigException)) throw e
    const where = options.source === undefined ? what : `${options.source}: ${what}`
    // e.message hides secrets already (ConfigException.invalid with secret: true)
    throw new ConfigException(`${where}: ${e.message}`, { cause: e, ...keyOf(e) })
  }
}

function keyOf(e: ConfigException): { key?: string; reason?: string } {
  return { ...(e.key === undefined ? {} : { key: e.key }), ...(e.reason === undefined ? {} : { reason: e.reason }) }
}
