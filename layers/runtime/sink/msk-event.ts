/**
 * The Lambda event of an MSK or self-managed Kafka event source mapping, and its exact decoding:
 * base64 keys and values (a null value is a tombstone; an absent or empty key is no key), header
 * values as arrays of signed bytes, `CREATE_TIME`/`LOG_APPEND_TIME`, and records in topic,
 * partition, then offset order whatever order the event's `records` keys come in.
 */
import { DataException } from '../errors.js'
import { TimestampType } from '../record/record.js'

export interface MskEventRecord {
  readonly topic: string
  readonly partition: number
  readonly offset: number
  readonly timestamp?: number
  readonly timestampType?: string
  readonly key?: string | null
  readonly value?: string | null
  readonly headers?: ReadonlyArray<Readonly<Record<string, readonly number[] | null>>>
}

export interface MskEvent {
  readonly eventSource: 'aws:kafka' | 'SelfManagedKafka' | string
  readonly eventSourceArn?: string
  readonly bootstrapServers?: string
  /** `"<topic>-<partition>"` → that partition's records, in offset order. */
  readonly records: Readonly<Record<string, readonly MskEventRecord[]>>
}

/** A record as it was read from Kafka: raw bytes, before any converter. */
export interface RawKafkaRecord {
  readonly topic: string
  readonly partition: number
  readonly offset: number
  readonly timestamp: number | null
  readonly timestampType: TimestampType
  readonly key: Buffer | null
  readonly value: Buffer | null
  readonly headers: ReadonlyArray<{ readonly key: string; readonly value: Buffer | null }>
}

export function isMskEvent(event: unknown): event is MskEvent {
  if (typeof event !== 'object' || event === null) return false
  const e = event as { eventSource?: unknown; records?: unknown }
  return (
    (e.eventSource === 'aws:kafka' || e.eventSource === 'SelfManagedKafka') &&
    typeof e.records === 'object' &&
    e.records !== null
  )
}

function timestampTypeOf(t: string | undefined, timestamp: number | null): TimestampType {
  switch (t) {
    case 'CREATE_TIME':
      return TimestampType.CREATE_TIME
    case 'LOG_APPEND_TIME':
      return TimestampType.LOG_APPEND_TIME
    default:
      return timestamp === null ? TimestampType.NO_TIMESTAMP_TYPE : TimestampType.CREATE_TIME
  }
}

/** Header values arrive as Java `byte[]` serialized to JSON: numbers from -128 to 127. */
function headerBytes(bytes: readonly number[] | null, r: MskEventRecord, name: string): Buffer | null {
  if (bytes === null || bytes === undefined) return null
  const where = () => `${r.topic}-${r.partition}@${r.offset} header '${name}'`
  if (!Array.isArray(bytes)) throw new DataException(`Header value at ${where()} is not an array of bytes`)
  const out = Buffer.allocUnsafe(bytes.length)
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i]
    if (typeof b !== 'number' || !Number.isInteger(b) || b < -128 || b > 255) {
      throw new DataException(`Header value at ${where()} has a byte out of range: ${String(b)}`)
    }
    out[i] = b & 0xff
  }
  return out
}

export function decodeRecord(r: MskEventRecord): RawKafkaRecord {
  const timestamp = typeof r.timestamp === 'number' ? r.timestamp : null
  const headers: { key: string; value: Buffer | null }[] = []
  if (r.headers !== undefined) {
    for (const h of r.headers) {
      for (const name of Object.keys(h)) {
        headers.push({ key: name, value: headerBytes(h[name] ?? null, r, name) })
      }
    }
  }
  return {
    topic: r.topic,
    partition: r.partition,
    offset: r.offset,
    timestamp,
    timestampType: timestampTypeOf(r.timestampType, timestamp),
    key: r.key === undefined || r.key === null || r.key === '' ? null : Buffer.from(r.key, 'base64'),
    value: r.value === undefined || r.value === null ? null : Buffer.from(r.value, 'base64'),
    headers,
  }
}

/**
 * Every record of the event, in topic, partition, offset order, still encoded: the sink runtime decodes
 * each when it processes it, so that a batch's bytes are not all held decoded at once.
 */
export function eventRecords(event: MskEvent): MskEventRecord[] {
  const batches = Object.values(event.records).filter((b) => b.length > 0)
  batches.sort((a, b) => {
    const x = a[0]!
    const y = b[0]!
    return x.topic < y.topic ? -1 : x.topic > y.topic ? 1 : x.partition - y.partition
  })
  const out: MskEventRecord[] = []
  for (const batch of batches) {
    let last = -1
    for (const r of batch) {
      if (r.offset <= last)
        throw new DataException(`Event records for ${r.topic}-${r.partition} are not in offset order at ${r.offset}`)
      last = r.offset
      out.push(r)
    }
  }
  return out
}

/** Every record of the event, decoded, in topic, partition, offset order. */
export function decodeEvent(event: MskEvent): RawKafkaRecord[] {
  return eventRecords(event).map(decodeRecord)
}

/** The inverse, for the local event source emulator and test fixtures. */
export function encodeRecord(r: RawKafkaRecord): MskEventRecord {
  return {
    topic: r.topic,
    partition: r.partition,
    offset: r.offset,
    ...(r.timestamp === null ? {} : { timestamp: r.timestamp }),
    timestampType: r.timestampType === TimestampType.LOG_APPEND_TIME ? 'LOG_APPEND_TIME' : 'CREATE_TIME',
    key: r.key === null ? null : r.key.toString('base64'),
    value: r.value === null ? null : r.value.toString('base64'),
    headers: r.headers.map((h) => ({ [h.key]: h.value === null ? null : Array.from(h.value, (b) => (b << 24) >> 24) })),
  }
}

export function encodeEvent(
  records: readonly RawKafkaRecord[],
  bootstrapServers: string,
  eventSourceArn?: string,
): MskEvent {
  const grouped: Record<string, MskEventRecord[]> = {}
  for (const r of records) {
    const key = `${r.topic}-${r.partition}`
    grouped[key] ??= []
    grouped[key].push(encodeRecord(r))
  }
  return {
    eventSource: eventSourceArn ? 'aws:kafka' : 'SelfManagedKafka',
    ...(eventSourceArn ? { eventSourceArn } : {}),
    bootstrapServers,
    records: grouped,
  }
}
