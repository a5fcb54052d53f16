/**
 * Builds the partitioner a connector config asks for (`partitioner.class` and its keys), wrapped as
 * Confluent's S3 sink task wraps it: schema-name affix (`s3.schema.partition.affix.type`), then the
 * tombstone folder when `behavior.on.null.values=write`.
 */
import { ConfigException } from '../../../layers/runtime/errors.js'
import type { SinkRecord } from '../../../layers/runtime/record/record.js'
import { DefaultPartitioner } from './default-partitioner.js'
import { FieldPartitioner } from './field-partitioner.js'
import { type Partitioner, PartitionerClass } from './partitioner.js'
import { TimeBasedPartitioner } from './time-based-partitioner.js'
import { newTimestampExtractor } from './timestamp-extractor.js'

const DAY = 86_400_000
const HOUR = 3_600_000

export interface PartitionerSettings {
  readonly partitionerClass: string
  readonly directoryDelim: string
  readonly partitionFieldNames: readonly string[]
  readonly partitionDurationMs: number
  readonly pathFormat: string
  readonly locale: string
  readonly timezone: string
  readonly timestampExtractor: string
  readonly timestampField: string
  /** `s3.schema.partition.affix.type`: NONE, PREFIX or SUFFIX. */
  readonly schemaPartitionAffixType?: string
  /** The tombstone folder when tombstones are written (`behavior.on.null.values=write`), else null. */
  readonly tombstoneEncodedPartition?: string | null
}

/** Wraps a partitioner to add `schema_name=<value schema name>` before or after the encoded partition. */
export class SchemaPartitioner implements Partitioner {
  constructor(
    readonly delegate: Partitioner,
    readonly affix: 'PREFIX' | 'SUFFIX',
    readonly directoryDelim: string,
  ) {}
  encodePartition(record: SinkRecord, nowMs: number): string {
    const encoded = this.delegate.encodePartition(record, nowMs)
    const name = `schema_name=${String(record.valueSchema?.name ?? null)}`
    return this.affix === 'PREFIX' ? name + this.directoryDelim + encoded : encoded + this.directoryDelim + name
  }
  generatePartitionedPath(topic: string, encodedPartition: string): string {
    return this.delegate.generatePartitionedPath(topic, encodedPartition)
  }
}

/** Wraps a partitioner to send null-valued records to the tombstone folder. */
export class TombstoneSupportedPartitioner implements Partitioner {
  constructor(
    readonly delegate: Partitioner,
    readonly tombstonePartition: string,
  ) {}
  encodePartition(record: SinkRecord, nowMs: number): string {
    return record.value === null ? this.tombstonePartition : this.delegate.encodePartition(record, nowMs)
  }
  generatePartitionedPath(topic: string, encodedPartition: string): string {
    return this.delegate.generatePartitionedPath(topic, encodedPartition)
  }
}

function basePartitioner(s: PartitionerSettings): Partitioner {
  const delim = s.directoryDelim
  const timeBased = (partitionDurationMs: number, pathFormat: string) => {
    // the tombstone folder takes null values, so their timestamps come from the record (as Confluent's)
    const extractor = newTimestampExtractor(s.timestampExtractor, s.timestampField)
    const withTombstones =
      s.tombstoneEncodedPartition == null
        ? extractor
        : {
            extract: (record: SinkRecord, nowMs: number) =>
              record.value === null ? record.timestamp : extractor.extract(record, nowMs),
          }
    return new TimeBasedPartitioner({
      partitionDurationMs,
      pathFormat,
      locale: s.locale,
      timezone: s.timezone,
      directoryDelim: delim,
      timestampExtractor: withTombstones,
      timestampExtractorName: s.timestampExtractor,
    })
  }
  switch (s.partitionerClass) {
    case PartitionerClass.DEFAULT:
      return new DefaultPartitioner(delim)
    case PartitionerClass.FIELD:
      return new FieldPartitioner(s.partitionFieldNames, delim)
    case PartitionerClass.TIME_BASED:
      return timeBased(s.partitionDurationMs, s.pathFormat)
    case PartitionerClass.DAILY:
      return timeBased(DAY, `'year'=YYYY${delim}'month'=MM${delim}'day'=dd`)
    case PartitionerClass.HOURLY:
      return timeBased(HOUR, `'year'=YYYY${delim}'month'=MM${delim}'day'=dd${delim}'hour'=HH`)
    default:
      throw ConfigException.invalid(
        'partitioner.class',
        s.partitionerClass,
        `Class ${s.partitionerClass} could not be found.`,
      )
  }
}

/** The configured partitioner; throws ConfigException with Confluent's messages for a bad config. */
export function newPartitioner(settings: PartitionerSettings): Partitioner {
  let partitioner = basePartitioner(settings)
  const affix = settings.schemaPartitionAffixType ?? 'NONE'
  if (affix === 'PREFIX' || affix === 'SUFFIX') {
    partitioner = new SchemaPartitioner(partitioner, affix, settings.directoryDelim)
  }
  if (settings.tombstoneEncodedPartition != null) {
    partitioner = new TombstoneSupportedPartitioner(partitioner, settings.tombstoneEncodedPartition)
  }
  return partitioner
}
