/**
 * The offsets endpoints' request bodies and answers (KIP-875): reading `{"offsets": [{"partition": …,
 * "offset": …}]}`, checking sink partitions and offsets as Connect's `SinkUtils` does (`kafka_topic`,
 * `kafka_partition`, `kafka_offset`; numbers or numeric strings), source maps as `OffsetUtils` does
 * (primitive values only), and Connect's answer messages.
 */
import type { SinkOffsetChange, SourceOffsetChange } from './backend.js'
import type { ConnectorOffset, Message, OffsetMap } from './entities.js'
import { BadRequestException } from './rest-exception.js'

export const KAFKA_TOPIC_KEY = 'kafka_topic'
export const KAFKA_PARTITION_KEY = 'kafka_partition'
export const KAFKA_OFFSET_KEY = 'kafka_offset'

/** Connect's answer to `PATCH …/offsets` when the offsets are the framework's (connectless's). */
export const OFFSETS_ALTERED: Message = {
  message:
    'The Connect framework-managed offsets for this connector have been altered successfully. However, if this connector manages offsets externally, they will need to be manually altered in the system that the connector uses.',
}

/** Connect's answer to `DELETE …/offsets`. */
export const OFFSETS_RESET: Message = {
  message:
    'The Connect framework-managed offsets for this connector have been reset successfully. However, if this connector manages offsets externally, they will need to be manually reset in the system that the connector uses.',
}

/** Connect's 400 when offsets are changed while the connector is not STOPPED. */
export function notStopped(connector: string): BadRequestException {
  return new BadRequestException(
    `Connectors must be in the STOPPED state before their offsets can be modified. This can be done for the specified connector by issuing a 'PUT' request to the '/connectors/${connector}/stop' endpoint`,
  )
}

/** A JSON value as Java's `String.valueOf` prints what Jackson made of it. */
function javaText(value: unknown): string {
  if (value === null || value === undefined) return 'null'
  if (Array.isArray(value)) return `[${value.map(javaText).join(', ')}]`
  if (typeof value === 'object') {
    return `{${Object.entries(value)
      .map(([k, v]) => `${k}=${javaText(v)}`)
      .join(', ')}}`
  }
  return String(value)
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v)

function unrecognized(field: string, known: readonly string[]): BadRequestException {
  const list = known.map((k) => `"${k}"`).join(', ')
  const count = known.length === 1 ? 'one known property' : `${known.length} known properties`
  return new BadRequestException(`Unrecognized field "${field}" (${count}: ${list})`)
}

/** Reads the body of `PATCH …/offsets` into Connect's `ConnectorOffsets`; an empty list is a 400. */
export function readConnectorOffsets(body: unknown): ConnectorOffset[] {
  if (body !== null && !isObject(body)) {
    throw new BadRequestException(
      'The request body must be a JSON object: {"offsets": [{"partition": {…}, "offset": {…}}]}',
    )
  }
  const record = body ?? {}
  for (const key of Object.keys(record)) if (key !== 'offsets') throw unrecognized(key, ['offsets'])
  const offsets = record['offsets']
  if (offsets === undefined || offsets === null || (Array.isArray(offsets) && offsets.length === 0)) {
    throw new BadRequestException('Partitions / offsets need to be provided for an alter offsets request')
  }
  if (!Array.isArray(offsets)) {
    throw new BadRequestException('offsets must be a JSON array of {"partition": {…}, "offset": {…}} objects')
  }
  return offsets.map((entry: unknown) => {
    if (!isObject(entry)) {
      throw new BadRequestException(`Each element of offsets must be a JSON object, not ${javaText(entry)}`)
    }
    for (const key of Object.keys(entry)) {
      if (key !== 'partition' && key !== 'offset') throw unrecognized(key, ['offset', 'partition'])
    }
    const partition = entry['partition'] ?? null
    const offset = entry['offset'] ?? null
    if (partition !== null && !isObject(partition)) {
      throw new BadRequestException(`A partition must be a JSON object, not ${javaText(partition)}`)
    }
    if (offset !== null && !isObject(offset)) {
      throw new BadRequestException(`An offset must be a JSON object or null, not ${javaText(offset)}`)
    }
    // a missing partition stays null here: the connector type decides whether that is an error
    return { partition: partition as OffsetMap, offset: offset as OffsetMap | null }
  })
}

const JAVA_INTEGER = /^[+-]?[0-9]+$/

/** Java's `Long.parseLong(String.valueOf(value))`, limited to what a JavaScript number holds exactly. */
function parseJavaInteger(value: unknown, min: bigint, max: bigint): number | null {
  const text = javaText(value)
  if (!JAVA_INTEGER.test(text)) return null
  const n = BigInt(text)
  if (n < min || n > max) return null
  return Number(n)
}

const INT_MAX = 2n ** 31n - 1n
const SAFE_MAX = BigInt(Number.MAX_SAFE_INTEGER)

/**
 * Checks and parses a sink connector's offsets as Connect's `SinkUtils.parseSinkConnectorOffsets`,
 * with Connect's messages. Unlike Connect (which leaves it to the Kafka admin client and answers 500),
 * a negative partition or offset is a 400 here.
 */
export function parseSinkConnectorOffsets(offsets: readonly ConnectorOffset[]): SinkOffsetChange[] {
  return offsets.map(({ partition, offset }) => {
    if (partition === null) {
      throw new BadRequestException('The partition for a sink connector offset cannot be null or missing')
    }
    if (!Object.hasOwn(partition, KAFKA_TOPIC_KEY) || !Object.hasOwn(partition, KAFKA_PARTITION_KEY)) {
      throw new BadRequestException(
        `The partition for a sink connector offset must contain the keys '${KAFKA_TOPIC_KEY}' and '${KAFKA_PARTITION_KEY}'`,
      )
    }
    const topicValue = partition[KAFKA_TOPIC_KEY]
    const partitionValue = partition[KAFKA_PARTITION_KEY]
    if (topicValue === null)
      throw new BadRequestException('Kafka topic names must be valid strings and may not be null')
    if (partitionValue === null) {
      throw new BadRequestException('Kafka partitions must be valid numbers and may not be null')
    }
    const kafkaPartition = parseJavaInteger(partitionValue, -(INT_MAX + 1n), INT_MAX)
    if (kafkaPartition === null) {
      throw new BadRequestException(
        `Failed to parse the following Kafka partition value in the provided offsets: '${javaText(partitionValue)}'. Partition values for sink connectors need to be integers.`,
      )
    }
    if (kafkaPartition < 0) {
      throw new BadRequestException(
        `Invalid Kafka partition value in the provided offsets: '${javaText(partitionValue)}'. Partition values for sink connectors need to be non-negative integers.`,
      )
    }
    const topic = javaText(topicValue)
    if (offset === null) return { topic, partition: kafkaPartition, offset: null }
    if (!Object.hasOwn(offset, KAFKA_OFFSET_KEY)) {
      throw new BadRequestException(
        `The offset for a sink connector should either be null or contain the key '${KAFKA_OFFSET_KEY}'`,
      )
    }
    const offsetValue = offset[KAFKA_OFFSET_KEY]
    const kafkaOffset = parseJavaInteger(offsetValue, -SAFE_MAX, SAFE_MAX)
    if (kafkaOffset === null) {
      throw new BadRequestException(
        `Failed to parse the following Kafka offset value in the provided offsets: '${javaText(offsetValue)}'. Offset values for sink connectors need to be integers.`,
      )
    }
    if (kafkaOffset < 0) {
      throw new BadRequestException(
        `Invalid Kafka offset value in the provided offsets: '${javaText(offsetValue)}'. Offset values for sink connectors need to be non-negative integers.`,
      )
    }
    return { topic, partition: kafkaPartition, offset: kafkaOffset }
  })
}

/** Connect's `Schema.Type` name of a JSON value that is not a primitive. */
function nonPrimitiveType(value: unknown): string | null {
  if (Array.isArray(value)) return 'ARRAY'
  if (isObject(value)) return 'MAP'
  return null
}

function validateFormat(map: OffsetMap): void {
  for (const [key, value] of Object.entries(map)) {
    const type = nonPrimitiveType(value)
    if (type !== null) {
      throw new BadRequestException(
        `Offsets may only contain primitive types as values, but field ${key} contains ${type}`,
      )
    }
  }
}

/**
 * Checks a source connector's partitions and offsets as Connect's `OffsetUtils.validateFormat`: maps
 * whose values are primitives (string, number, boolean, null). Connect answers 500 to a nested value
 * and accepts a missing partition; both are a 400 here.
 */
export function parseSourceConnectorOffsets(offsets: readonly ConnectorOffset[]): SourceOffsetChange[] {
  return offsets.map(({ partition, offset }) => {
    if (partition === null) {
      throw new BadRequestException('The partition for a source connector offset cannot be null or missing')
    }
    validateFormat(partition)
    if (offset !== null) validateFormat(offset)
    return { partition, offset }
  })
}

/** A sink's committed position as Connect shows it. */
export function sinkConnectorOffset(topic: string, partition: number, offset: number): ConnectorOffset {
  return {
    partition: { [KAFKA_TOPIC_KEY]: topic, [KAFKA_PARTITION_KEY]: partition },
    offset: { [KAFKA_OFFSET_KEY]: offset },
  }
}
