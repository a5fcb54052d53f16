/**
 * Kafka's `TimestampRouter`: renames the topic from the original topic and the record's timestamp,
 * so a sink can write to time-bucketed tables or indices.
 *
 * - `topic.format` (default `${topic}-${timestamp}`): every `${topic}` and `${timestamp}` is replaced,
 *   literally, topic first. `timestamp.format` (default `yyyyMMdd`): a `SimpleDateFormat` pattern,
 *   applied to the record timestamp in UTC.
 * - A record without a timestamp is a DataException (`Timestamp missing on record: …`); a record
 *   without a topic a NullPointerException, as in Kafka.
 * - As in Kafka, an invalid `timestamp.format` is not a config error: the pattern is compiled when
 *   the first record comes, and every record then fails with its IllegalArgumentException.
 */
import { field } from '../runtime/config/config-key.js'
import { defineConfig } from '../runtime/config/definition.js'
import { javaToString } from '../runtime/data/java-objects.js'
import type { Schema } from '../runtime/data/schema.js'
import { DataException } from '../runtime/errors.js'
import { type ConnectRecord, SinkRecord, SourceRecord } from '../runtime/record/record.js'
import { JavaDateFormat } from './java-date-format.js'
import { registerTransformation } from './registry.js'
import type { Transformation, TransformConfig } from './transformation.js'
import { NullPointerException } from './util/java-exceptions.js'

// biome-ignore lint/suspicious/noTemplateCurlyInString: Kafka's placeholder syntax, not a template
const TOPIC_PLACEHOLDER = '${topic}'
// biome-ignore lint/suspicious/noTemplateCurlyInString: Kafka's placeholder syntax, not a template
const TIMESTAMP_PLACEHOLDER = '${timestamp}'
const DEFAULT_TOPIC_FORMAT = `${TOPIC_PLACEHOLDER}-${TIMESTAMP_PLACEHOLDER}`

const CONFIG = defineConfig({
  'topic.format': field.string({
    doc: `Format string which can contain <code>${TOPIC_PLACEHOLDER}</code> and <code>${TIMESTAMP_PLACEHOLDER}</code> as placeholders for the topic and timestamp, respectively.`,
    default: DEFAULT_TOPIC_FORMAT,
    importance: 'HIGH',
  }),
  'timestamp.format': field.string({
    doc: 'Format string for the timestamp that is compatible with <code>java.text.SimpleDateFormat</code>.',
    default: 'yyyyMMdd',
    importance: 'HIGH',
  }),
})

export class TimestampRouter implements Transformation {
  static readonly OVERVIEW_DOC =
    "Update the record's topic field as a function of the original topic value and the record timestamp.<p/>" +
    'This is mainly useful for sink connectors, since the topic field is often used to determine the equivalent ' +
    'entity name in the destination system(e.g. database table or search index name).'
  static readonly CONFIG_DEF = CONFIG

  #topicFormat = DEFAULT_TOPIC_FORMAT
  #timestampPattern = 'yyyyMMdd'
  #timestampFormat: JavaDateFormat | null = null

  config() {
    return CONFIG
  }

  configure(props: TransformConfig): void {
    const config = CONFIG.parse(props)
    this.#topicFormat = config.get('topic.format')
    this.#timestampPattern = config.get('timestamp.format')
    this.#timestampFormat = null
  }

  apply<R extends ConnectRecord>(record: R): R {
    const timestamp = record.timestamp
    if (timestamp === null) throw new DataException(`Timestamp missing on record: ${recordToString(record)}`)
    // compiled on first use, as Kafka's ThreadLocal does: a bad pattern fails every record
    this.#timestampFormat ??= new JavaDateFormat(this.#timestampPattern)
    const formatted = this.#timestampFormat.format(timestamp)
    const topic = record.topic
    if (topic === null) throw new NullPointerException('Cannot invoke "String.indexOf(int)" because "s" is null')
    const updatedTopic = this.#topicFormat
      .replaceAll(TOPIC_PLACEHOLDER, () => topic)
      .replaceAll(TIMESTAMP_PLACEHOLDER, () => formatted)
    return record.newRecord({ topic: updatedTopic })
  }

  close(): void {
    this.#timestampFormat = null
  }
}

function schemaToString(schema: Schema | null): string {
  return schema === null ? 'null' : String(schema)
}

/** Java's `toString()` of a record, as Kafka's messages include it. */
export function recordToString(record: ConnectRecord): string {
  const headers = record.headers.toArray()
  const headerText =
    headers.length === 0
      ? ''
      : `[${headers.map((h) => `ConnectHeader(key=${h.key}, value=${javaToString(h.schema, h.value)}, schema=${schemaToString(h.schema)})`).join(', ')}]`
  const connectRecord =
    `ConnectRecord{topic='${record.topic}', kafkaPartition=${record.kafkaPartition}, ` +
    `key=${javaToString(record.keySchema, record.key)}, keySchema=${schemaToString(record.keySchema)}, ` +
    `value=${javaToString(record.valueSchema, record.value)}, valueSchema=${schemaToString(record.valueSchema)}, ` +
    `timestamp=${record.timestamp}, headers=ConnectHeaders(headers=${headerText})}`
  if (record instanceof SinkRecord) {
    return (
      `SinkRecord{kafkaOffset=${record.kafkaOffset}, timestampType=${record.timestampType}, ` +
      `originalTopic=${record.originalTopic}, originalKafkaPartition=${record.originalKafkaPartition}, ` +
      `originalKafkaOffset=${record.originalKafkaOffset}} ${connectRecord}`
    )
  }
  if (record instanceof SourceRecord) {
    const partition =
      record.sourcePartition === null ? 'null' : javaToString(null, new Map(Object.entries(record.sourcePartition)))
    const offset =
      record.sourceOffset === null ? 'null' : javaToString(null, new Map(Object.entries(record.sourceOffset)))
    return `SourceRecord{sourcePartition=${partition}, sourceOffset=${offset}} ${connectRecord}`
  }
  return connectRecord
}

registerTransformation('org.apache.kafka.connect.transforms.TimestampRouter', () => new TimestampRouter(), {
  overview: TimestampRouter.OVERVIEW_DOC,
})
