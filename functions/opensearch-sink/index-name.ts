/**
 * Where a record goes: the index named after its topic (Confluent's `convertTopicToIndexName`), the
 * data stream `<type>-<dataset>-<namespace>` (`convertTopicToDataStreamName`), or the external resource
 * the topic is mapped to; and OpenSearch's index name rules, checked before the first write so that a
 * topic that cannot become an index (a name a RegexRouter produced, say) fails with a clear message
 * instead of an index creation error after retries.
 */
import { ConnectException } from '../../layers/runtime/errors.js'
import { logger, warnOnce } from '../../layers/runtime/logging.js'
import { type DataStreamSettings, TOPIC_PLACEHOLDER } from './config.js'

/**
 * Confluent's conversion: lower-cased, cut to 255 characters, one leading `-` or `_` dropped, `.` and
 * `..` renamed `dot` and `dotdot`. Nothing else is cleaned up.
 */
export function topicToIndexName(topic: string): string {
  let index = topic.toLowerCase()
  if (index.length > 255) index = index.slice(0, 255)
  if (index.startsWith('-') || index.startsWith('_')) index = index.slice(1)
  if (index === '.' || index === '..') {
    index = index.replaceAll('.', 'dot')
    warnOnce(
      `opensearch-sink:index-name:${topic}`,
      `Elasticsearch cannot have indices named ${topic}. Index will be named ${index}.`,
    )
  }
  if (index !== topic) logger.debug(`Topic '${topic}' was translated to index '${index}'.`)
  return index
}

/** Confluent's data stream name: `<type>-<dataset>-<namespace>`, the topic placeholder in the namespace replaced. */
export function topicToDataStreamName(topic: string, settings: DataStreamSettings): string {
  let namespace = settings.namespace.replaceAll(TOPIC_PLACEHOLDER, topic.toLowerCase())
  if (namespace.length > 100) namespace = namespace.slice(0, 100)
  return `${settings.type.toLowerCase()}-${settings.dataset}-${namespace}`
}

const INVALID_CHARACTERS = [' ', '"', '*', '\\', '<', '|', ',', '>', '/', '?'] as const

/**
 * Why OpenSearch would refuse `name` as an index (or data stream) name, in OpenSearch's words
 * (`must not contain '#'`), or null where it is valid.
 */
export function indexNameProblem(name: string): string | null {
  if (name === '') return 'must not be empty'
  if (INVALID_CHARACTERS.some((c) => name.includes(c))) {
    return `must not contain the following characters [${INVALID_CHARACTERS.join(', ')}]`
  }
  if (name.includes('#')) return "must not contain '#'"
  if (name.includes(':')) return "must not contain ':'"
  if (name.startsWith('_') || name.startsWith('-') || name.startsWith('+')) {
    return "must not start with '_', '-', or '+'"
  }
  if (name.toLowerCase() !== name) return 'must be lowercase'
  if (name === '.' || name === '..') return "must not be '.' or '..'"
  const bytes = Buffer.byteLength(name, 'utf8')
  if (bytes > 255) return `index name is too long, (${bytes} > 255)`
  return null
}

/** Throws a ConnectException naming the topic where `name`, derived from it, is not a valid index name. */
export function checkIndexName(name: string, topic: string): string {
  const problem = indexNameProblem(name)
  if (problem !== null) {
    throw new ConnectException(
      `Cannot write records of topic '${topic}': the index name derived from it is invalid. Invalid index name [${name}], ${problem}. Rename the topic with a transform (RegexRouter) or map it with topic.to.external.resource.mapping.`,
    )
  }
  return name
}
