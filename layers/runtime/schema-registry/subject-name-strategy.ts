/**
 * Confluent's subject name strategies: under which registry subject a key or value schema lives.
 * `TopicNameStrategy` gives `<topic>-key` / `<topic>-value`; `RecordNameStrategy` the record's full
 * name; `TopicRecordNameStrategy` `<topic>-<full name>`. Confluent's newer default,
 * `AssociatedNameStrategy`, asks the registry for an association and falls back to
 * `TopicNameStrategy`; registries without associations (Apicurio among them) always fall back, so
 * it is treated as `TopicNameStrategy` here.
 */
import { ConfigException } from '../errors.js'

export const SubjectNameStrategyClass = {
  TOPIC: 'io.confluent.kafka.serializers.subject.TopicNameStrategy',
  RECORD: 'io.confluent.kafka.serializers.subject.RecordNameStrategy',
  TOPIC_RECORD: 'io.confluent.kafka.serializers.subject.TopicRecordNameStrategy',
  ASSOCIATED: 'io.confluent.kafka.serializers.subject.AssociatedNameStrategy',
} as const

export interface SubjectNameStrategy {
  /** Whether the subject depends on the schema (then a reader must fetch the schema first). */
  readonly usesSchema: boolean
  /** The subject; `recordName` is the schema's full name (null when the schema is not named). */
  subjectName(topic: string, isKey: boolean, recordName: string | null): string
}

const topicNameStrategy: SubjectNameStrategy = {
  usesSchema: false,
  subjectName: (topic, isKey) => `${topic}${isKey ? '-key' : '-value'}`,
}

function requireRecordName(className: string, isKey: boolean, recordName: string | null): string {
  if (recordName !== null) return recordName
  const key = isKey ? 'key.subject.name.strategy' : 'value.subject.name.strategy'
  throw new SubjectNameException(
    `In configuration ${key} = ${className}, the message ${isKey ? 'key' : 'value'} must only be a record schema`,
  )
}

const recordNameStrategy: SubjectNameStrategy = {
  usesSchema: true,
  subjectName: (_topic, isKey, recordName) => requireRecordName(SubjectNameStrategyClass.RECORD, isKey, recordName),
}

const topicRecordNameStrategy: SubjectNameStrategy = {
  usesSchema: true,
  subjectName: (topic, isKey, recordName) =>
    `${topic}-${requireRecordName(SubjectNameStrategyClass.TOPIC_RECORD, isKey, recordName)}`,
}

/** The strategy for a configured class name (the short class name is accepted too). */
export function subjectNameStrategy(className: string): SubjectNameStrategy {
  const short = className.slice(className.lastIndexOf('.') + 1)
  switch (short.toLowerCase()) {
    case 'topicnamestrategy':
    case 'associatednamestrategy':
      return topicNameStrategy
    case 'recordnamestrategy':
      return recordNameStrategy
    case 'topicrecordnamestrategy':
      return topicRecordNameStrategy
    default:
      throw new ConfigException(`Unknown subject name strategy ${className}`)
  }
}

/** A value whose schema the strategy cannot name (Confluent's `SerializationException`). */
export class SubjectNameException extends Error {
  override readonly name = 'SubjectNameException'
}
