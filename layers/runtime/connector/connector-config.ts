/**
 * The keys every connector has, as Connect's `ConnectorConfig` and `SinkConnectorConfig` define them:
 * name, class, tasks, converters, transforms and predicates, and the `errors.*` keys. Each connector's
 * own definition (S3, OpenSearch, JDBC) adds its keys to these.
 */
import { field } from '../config/config-key.js'
import { defineConfig } from '../config/definition.js'
import { atLeast, caseInsensitiveValidString, nonEmptyString } from '../config/validators.js'

const COMMON = 'Common'
const TRANSFORMS = 'Transforms'
const PREDICATES = 'Predicates'
const ERRORS = 'Error Handling'

export const connectorKeys = {
  name: field.string({
    doc: 'Globally unique name to use for this connector.',
    validator: nonEmptyString,
    importance: 'HIGH',
    group: COMMON,
  }),
  'connector.class': field.string({
    doc: 'Name or alias of the class for this connector.',
    importance: 'HIGH',
    group: COMMON,
  }),
  'tasks.max': field.int({
    doc: 'Maximum number of tasks to use for this connector. On Lambda: the reserved concurrency of a sink function (at most one invocation per partition runs at a time anyway); the number of scheduled tasks of a source.',
    default: 1,
    validator: atLeast(1),
    importance: 'HIGH',
    group: COMMON,
  }),
  'key.converter': field.class({
    doc: "Converter class for keys. Default: the worker's key.converter.",
    default: null,
    importance: 'LOW',
    group: COMMON,
  }),
  'value.converter': field.class({
    doc: "Converter class for values. Default: the worker's value.converter.",
    default: null,
    importance: 'LOW',
    group: COMMON,
  }),
  'header.converter': field.class({
    doc: "HeaderConverter class for headers. Default: the worker's header.converter (SimpleHeaderConverter).",
    default: null,
    importance: 'LOW',
    group: COMMON,
  }),
  transforms: field.list({
    doc: 'Aliases for the transformations to be applied to records, in order.',
    default: [],
    importance: 'LOW',
    group: TRANSFORMS,
  }),
  predicates: field.list({
    doc: 'Aliases for the predicates used by transformations.',
    default: [],
    importance: 'LOW',
    group: PREDICATES,
  }),
  'config.action.reload': field.string({
    doc: 'Accepted for compatibility; a config change is a redeploy here.',
    default: 'restart',
    validator: caseInsensitiveValidString('none', 'restart'),
    importance: 'LOW',
    group: COMMON,
  }),
  'errors.retry.timeout': field.long({
    doc: 'The maximum duration in milliseconds that a failed operation will be reattempted. The default is 0, which means no retries will be attempted. Use -1 for infinite retries.',
    default: 0,
    importance: 'MEDIUM',
    group: ERRORS,
  }),
  'errors.retry.delay.max.ms': field.long({
    doc: 'The maximum duration in milliseconds between consecutive retry attempts. Jitter will be added to the delay once this limit is reached to prevent thundering herd issues.',
    default: 60_000,
    importance: 'MEDIUM',
    group: ERRORS,
  }),
  'errors.tolerance': field.string({
    doc: "Behavior for tolerating errors during connector operation. 'none' is the default value and signals that any error will result in an immediate connector task failure; 'all' changes the behavior to skip over problematic records.",
    default: 'none',
    validator: caseInsensitiveValidString('none', 'all'),
    importance: 'MEDIUM',
    group: ERRORS,
  }),
  'errors.log.enable': field.boolean({
    doc: 'If true, write each error and the details of the failed operation and problematic record to the log (structured JSON). Default is false, so that only errors that are not tolerated are reported.',
    default: false,
    importance: 'MEDIUM',
    group: ERRORS,
  }),
  'errors.log.include.messages': field.boolean({
    doc: 'Whether to include in the log the Connect record that resulted in a failure (topic, partition, offset and timestamp; never key or value). Default is false.',
    default: false,
    importance: 'MEDIUM',
    group: ERRORS,
  }),
} as const

/** Sink connectors also have these (Connect's `SinkConnectorConfig`). */
export const sinkConnectorKeys = {
  ...connectorKeys,
  topics: field.list({
    doc: 'List of topics to consume, separated by commas.',
    default: [],
    importance: 'HIGH',
    group: COMMON,
  }),
  'topics.regex': field.string({
    doc: 'Regular expression giving topics to consume. Not supported on AWS: an event source mapping needs topic names (list them in topics).',
    default: '',
    importance: 'HIGH',
    group: COMMON,
  }),
  'errors.deadletterqueue.topic.name': field.string({
    doc: 'The name of the topic to be used as the dead letter queue (DLQ) for messages that result in an error when processed by this sink connector, or its transformations or converters. The topic name is blank by default, which means that no messages are to be recorded in the DLQ.',
    default: '',
    importance: 'MEDIUM',
    group: ERRORS,
  }),
  'errors.deadletterqueue.topic.replication.factor': field.short({
    doc: "Replication factor used to create the dead letter queue topic when it doesn't already exist.",
    default: 3,
    importance: 'MEDIUM',
    group: ERRORS,
  }),
  'errors.deadletterqueue.context.headers.enable': field.boolean({
    doc: 'If true, add headers containing error context to the messages written to the dead letter queue. To avoid clashing with headers from the original record, all error context header keys will start with __connect.errors.',
    default: false,
    importance: 'MEDIUM',
    group: ERRORS,
  }),
} as const

export const connectorConfigDef = defineConfig(connectorKeys)
export const sinkConnectorConfigDef = defineConfig(sinkConnectorKeys)
