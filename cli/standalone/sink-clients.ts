/**
 * The Kafka clients of a sink connector in the standalone runner, configured from the worker
 * properties as Connect's worker configures them, so a runner reaches a cluster with SASL (SCRAM,
 * PLAIN, MSK IAM) or TLS:
 *
 * - the sink task's consumer (the event source emulator's, Connect's `connector-consumer-<name>-0`):
 *   the worker's own keys, its `consumer.*` keys over them, the connector's `consumer.override.*`
 *   keys over those (Connect's `Worker.baseConsumerConfigs`; connectless's clients also take the
 *   worker's own security keys first, see docs/divergences.md);
 * - the admin client of the connector's offsets (KIP-875's `GET`/`PATCH`/`DELETE …/offsets`,
 *   Connect's `connector-worker-adminclient-<name>`): the worker's own keys, `admin.*`, the
 *   connector's `admin.override.*` (`adminProps`, Connect's `Worker.adminConfigs`).
 *
 * The settings are read by `producer-auth.ts`, as for the sink DLQ, the JDBC source's producer and
 * `connectless dlq`. A bad one throws a ConfigException naming the key as it was written (with its
 * prefix) and where; secret values stay `[hidden]`.
 */
import type { ConfigProps } from '../../layers/runtime/config/parsed-config.js'
import { originalsWithPrefix } from '../../layers/runtime/config/parsed-config.js'
import type { ConnectorDeployment } from '../../layers/runtime/connector/deployment.js'
import { ConfigException } from '../../layers/runtime/errors.js'
import type { KafkaClientConfig } from '../../layers/runtime/kafka/client.js'
import { adminProps, clientConfig, type ProducerAuthOptions } from '../../layers/runtime/kafka/producer-auth.js'
import { consumerProps } from '../commands/dlq-clients.js'

/** What a sink's clients are configured from: the connector's name and its resolved configs. */
export type SinkClientSource = Pick<ConnectorDeployment, 'name' | 'worker' | 'config'>

/** The sink task consumer's settings: the worker's keys, `consumer.*`, the connector's `consumer.override.*`. */
export function sinkConsumerProps(worker: ConfigProps, connector: ConfigProps): Record<string, string | null> {
  return { ...consumerProps(worker), ...originalsWithPrefix(connector, 'consumer.override.') }
}

/** Where a setting can be written, the one that wins first. */
type Origin = readonly [props: 'worker' | 'config', prefix: string]

const CONSUMER_ORIGINS: readonly Origin[] = [
  ['config', 'consumer.override.'],
  ['worker', 'consumer.'],
  ['worker', ''],
]
const ADMIN_ORIGINS: readonly Origin[] = [
  ['config', 'admin.override.'],
  ['worker', 'admin.'],
  ['worker', ''],
]

/** A client id Kafka accepts from a connector name (as the source task's producer makes it). */
const idOf = (name: string) => name.replace(/\s+/g, '_')

/**
 * Builds a client's config; a ConfigException is thrown again saying which client, and the key as
 * the user wrote it (`consumer.sasl.jaas.config` in the worker properties, say).
 */
function build(
  source: SinkClientSource,
  what: string,
  origins: readonly Origin[],
  make: () => KafkaClientConfig,
): KafkaClientConfig {
  try {
    return make()
  } catch (e) {
    if (!(e instanceof ConfigException)) throw e
    const key = e.key
    const origin =
      key === undefined ? undefined : origins.find(([props, prefix]) => source[props][`${prefix}${key}`] !== undefined)
    const written = origin === undefined ? undefined : `${origin[1]}${key}`
    const where =
      origin === undefined
        ? ''
        : ` (set as ${written} in the ${origin[0] === 'worker' ? 'worker properties' : 'connector config'})`
    // e.message hides secrets already (ConfigException.invalid with secret: true)
    throw new ConfigException(`${what}: ${e.message}${where}`, {
      cause: e,
      ...(written === undefined ? (key === undefined ? {} : { key }) : { key: written }),
      ...(e.reason === undefined ? {} : { reason: e.reason }),
    })
  }
}

/** The sink task's consumer: the event source emulator reads the connector's topics with it. */
export function sinkConsumerConfig(source: SinkClientSource, options: ProducerAuthOptions = {}): KafkaClientConfig {
  return build(
    source,
    "The sink task's consumer settings (the worker's keys, its consumer.* keys over them, the connector's consumer.override.* keys over those)",
    CONSUMER_ORIGINS,
    () =>
      clientConfig(sinkConsumerProps(source.worker, source.config), `connector-consumer-${idOf(source.name)}-0`, {
        ...options,
        purpose: 'the sink task to consume from',
      }),
  )
}

/** The admin client that reads and moves the sink connector's consumer group offsets. */
export function sinkAdminConfig(source: SinkClientSource, options: ProducerAuthOptions = {}): KafkaClientConfig {
  return build(
    source,
    "The sink connector's admin client settings (the worker's keys, its admin.* keys over them, the connector's admin.override.* keys over those)",
    ADMIN_ORIGINS,
    () =>
      clientConfig(adminProps(source.worker, source.config), `connector-worker-adminclient-${idOf(source.name)}`, {
        ...options,
        purpose: "the sink connector's offsets",
      }),
  )
}

/** Both clients of a sink connector, checked when it starts: a bad setting fails the start, naming the key. */
export function sinkClientConfigs(
  source: SinkClientSource,
  options: ProducerAuthOptions = {},
): { readonly consumer: KafkaClientConfig; readonly admin: KafkaClientConfig } {
  return { consumer: sinkConsumerConfig(source, options), admin: sinkAdminConfig(source, options) }
}
