/**
 * What `cdk synth` deploys for one connector, decided from its config and the worker settings
 * before any construct is made: the config is validated with the same definitions the function
 * uses (so a bad config fails the synth, not the first invocation), secrets are checked to be
 * provider references, and every setting the infrastructure needs is derived in one place.
 */

import { type ConfigKeys, isSecretKeyName } from '../../layers/runtime/config/index.js'
import { connectorConfigDef, sinkConnectorConfigDef } from '../../layers/runtime/connector/connector-config.js'
import { warnSeedMistakes } from '../../layers/runtime/connector/seed-mistakes.js'
import { findConverterPlugin } from '../../layers/runtime/converters/registry.js'
import { ConfigException } from '../../layers/runtime/errors.js'
import type { WorkerSettings } from '../worker/worker-settings.js'
import type { ConnectorDefinition } from './connector-file.js'
import { type ConnectorKind, type ConnectorPlugin, findConnectorPlugin } from './connector-plugins.js'
import { type JdbcSourcePlan, planJdbcSource } from './jdbc-source-plan.js'
import { type OpenSearchDestination, planOpenSearchSink } from './opensearch-sink-plan.js'
import { type ProviderReferences, providerReferences } from './provider-references.js'
import { planS3Sink, type S3Destination } from './s3-sink-plan.js'
import { assertNoPlaintextSecrets } from './secret-values.js'

/** The file the function reads at cold start (`connector.json` in its deployment package). */
export interface DeploymentFile {
  readonly name: string
  readonly config: Readonly<Record<string, string>>
  readonly worker: Readonly<Record<string, string>>
}

interface PlanBase {
  readonly name: string
  readonly kind: ConnectorKind
  /** The function's entry, relative to the connectless root. */
  readonly entry: string
  /** `tasks.max` as deployed: a sink's reserved concurrency; a source's number of scheduled tasks. */
  readonly tasks: number
  readonly deployment: DeploymentFile
  readonly references: ProviderReferences
  readonly warnings: readonly string[]
}

export interface SinkPlan extends PlanBase {
  readonly type: 'sink'
  readonly topics: readonly string[]
  readonly consumerGroupId: string
  readonly batchSize: number
  /** Undefined: the event source mapping's default (500 ms). */
  readonly maxBatchingWindowSeconds: number | undefined
  readonly dlqTopic: string | null
  readonly destination: S3Destination | OpenSearchDestination
}

export interface SourcePlan extends PlanBase, Omit<JdbcSourcePlan, 'tasks' | 'warnings'> {
  readonly type: 'source'
}

export type ConnectorPlan = SinkPlan | SourcePlan

// Kafka's `Topic.validate`: legal characters and length.
const TOPIC_NAME = /^[a-zA-Z0-9._-]{1,249}$/
// An event source mapping's ConsumerGroupId.
const CONSUMER_GROUP_ID = /^[a-zA-Z0-9-/*:_+=.@]{1,200}$/

function isSecretKey(plugin: ConnectorPlugin): (key: string) => boolean {
  return (key) =>
    plugin.configDef.keys[key]?.isSecret ??
    (sinkConnectorConfigDef.keys as ConfigKeys)[key]?.isSecret ??
    isSecretKeyName(key)
}

function checkConverters(config: Readonly<Record<string, string>>, worker: WorkerSettings): void {
  for (const key of ['key.converter', 'value.converter', 'header.converter']) {
    const className = (config[key] ?? worker.inherited[key] ?? '').trim()
    if (className !== '' && findConverterPlugin(className) === undefined) {
      throw ConfigException.invalid(key, className, `Class ${className} could not be found`)
    }
  }
}

function sinkTopics(definition: ConnectorDefinition): { topics: string[]; dlqTopic: string | null; tasks: number } {
  const common = sinkConnectorConfigDef.parse(definition.config)
  if (common.get('topics.regex') !== '') {
    throw ConfigException.invalid(
      'topics.regex',
      common.get('topics.regex'),
      'An event source mapping reads one named topic, so topics.regex cannot be deployed; list the topics in topics instead',
    )
  }
  const topics = [
    ...new Set(
      common
        .get('topics')
        .map((t) => t.trim())
        .filter((t) => t !== ''),
    ),
  ]
  if (topics.length === 0) throw new ConfigException('Must configure one of topics or topics.regex', { key: 'topics' })
  const bad = topics.find((t) => !TOPIC_NAME.test(t) || t === '.' || t === '..')
  if (bad !== undefined)
    throw ConfigException.invalid(
      'topics',
      bad,
      'Topic names may contain only ASCII letters, digits, ".", "_" and "-", at most 249',
    )
  const dlq = common.get('errors.deadletterqueue.topic.name').trim()
  if (dlq !== '' && topics.includes(dlq)) {
    throw ConfigException.invalid(
      'errors.deadletterqueue.topic.name',
      dlq,
      `The DLQ topic '${dlq}' may not be included in the list of topics ('topics=${topics.join(',')}') consumed by the connector`,
    )
  }
  return { topics, dlqTopic: dlq === '' ? null : dlq, tasks: common.get('tasks.max') }
}

function planSink(definition: ConnectorDefinition, base: Omit<PlanBase, 'tasks'>): SinkPlan {
  const { topics, dlqTopic, tasks } = sinkTopics(definition)
  const consumerGroupId = `connect-${definition.name}`
  if (!CONSUMER_GROUP_ID.test(consumerGroupId)) {
    throw ConfigException.invalid(
      'name',
      definition.name,
      `The sink's consumer group is connect-<name>, as in Connect, and an event source mapping takes group ids of at most 200 characters from a-z, A-Z, 0-9 and -/*:_+=.@`,
    )
  }
  const specific = base.kind === 's3-sink' ? planS3Sink(definition.config) : planOpenSearchSink(definition.config)
  const seed = base.kind === 's3-sink' ? warnSeedMistakes(definition.config).map((m) => m.message) : []
  return {
    ...base,
    type: 'sink',
    tasks,
    topics,
    consumerGroupId,
    dlqTopic,
    batchSize: specific.batchSize,
    maxBatchingWindowSeconds: specific.maxBatchingWindowSeconds,
    destination: specific.destination,
    warnings: [...seed, ...specific.warnings, ...base.warnings],
  }
}

function planSource(definition: ConnectorDefinition, base: Omit<PlanBase, 'tasks'>): SourcePlan {
  connectorConfigDef.parse(definition.config)
  const { warnings, ...specific } = planJdbcSource(definition.config)
  const seed = warnSeedMistakes(definition.config).map((m) => m.message)
  return { ...base, ...specific, type: 'source', warnings: [...seed, ...warnings, ...base.warnings] }
}

/** Plans the deployment of `definition` with `worker`; throws a `ConfigException` naming the key at fault. */
export function planConnector(definition: ConnectorDefinition, worker: WorkerSettings): ConnectorPlan {
  const plugin = findConnectorPlugin(definition.config['connector.class'])
  assertNoPlaintextSecrets(definition.config, isSecretKey(plugin), `connector ${definition.name}`)
  checkConverters(definition.config, worker)
  const references = providerReferences(definition.config, worker.inherited)
  const base = {
    name: definition.name,
    kind: plugin.kind,
    entry: plugin.entry,
    deployment: { name: definition.name, config: definition.config, worker: worker.inherited },
    references,
    warnings: references.warnings,
  }
  return plugin.type === 'sink' ? planSink(definition, base) : planSource(definition, base)
}
