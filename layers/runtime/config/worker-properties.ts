/**
 * Reading a Connect worker's `.properties` file (standalone or distributed), with warnings for lines
 * that Java would read as a bare key, naming the worker key that was probably meant.
 */
import { type ParsedProperties, parseProperties } from './properties.js'

/** Kafka Connect worker keys (WorkerConfig, StandaloneConfig, DistributedConfig), for suggestions. */
export const WORKER_CONFIG_KEYS: readonly string[] = [
  'bootstrap.servers',
  'client.dns.lookup',
  'group.id',
  'key.converter',
  'value.converter',
  'header.converter',
  'task.shutdown.graceful.timeout.ms',
  'offset.flush.interval.ms',
  'offset.flush.timeout.ms',
  'plugin.path',
  'plugin.discovery',
  'config.providers',
  'connector.client.config.override.policy',
  'topic.tracking.enable',
  'topic.tracking.allow.reset',
  'topic.creation.enable',
  'listeners',
  'admin.listeners',
  'rest.advertised.host.name',
  'rest.advertised.port',
  'rest.advertised.listener',
  'offset.storage.file.filename',
  'offset.storage.topic',
  'offset.storage.partitions',
  'offset.storage.replication.factor',
  'config.storage.topic',
  'config.storage.replication.factor',
  'status.storage.topic',
  'status.storage.partitions',
  'status.storage.replication.factor',
  'exactly.once.source.support',
  'scheduled.rebalance.max.delay.ms',
  'session.timeout.ms',
  'heartbeat.interval.ms',
  'rebalance.timeout.ms',
]

/** Names written in worker files (the seed has them) that no Connect worker reads, and why. */
export const NOT_WORKER_CONFIG_KEYS: Readonly<Record<string, string>> = {
  'config.storage.filename':
    'config.storage.filename is not a Kafka Connect key and the line is not needed: a standalone worker takes ' +
    'connector configs from its command line, and a distributed one stores them in config.storage.topic.',
  'status.storage.filename':
    'status.storage.filename is not a Kafka Connect key and the line is not needed: a standalone worker keeps ' +
    'connector and task status in memory, and a distributed one stores it in status.storage.topic.',
}

/** Reads a worker properties file, warning about lines that are probably a worker key run into its value. */
export function parseWorkerProperties(text: string): ParsedProperties {
  return parseProperties(text, { knownKeys: WORKER_CONFIG_KEYS, notKeys: NOT_WORKER_CONFIG_KEYS })
}
