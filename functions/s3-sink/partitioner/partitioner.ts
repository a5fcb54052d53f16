/**
 * The partitioner contract (Confluent's storage `Partitioner`): where in the bucket a record goes.
 * `encodePartition` gives the encoded partition (`partition=0`, `country=US`,
 * `year=2026/month=11/day=29`); `generatePartitionedPath` puts the topic in front of it.
 */
import type { SinkRecord } from '../../../layers/runtime/record/record.js'

export interface Partitioner {
  /** The encoded partition of a record; `nowMs` is the processing time (the wall-clock extractor uses it). */
  encodePartition(record: SinkRecord, nowMs: number): string
  /** The directory of an encoded partition: `<topic><directory.delim><encodedPartition>`. */
  generatePartitionedPath(topic: string, encodedPartition: string): string
}

/** The partitioner classes Confluent ships, under their class names. */
export const PartitionerClass = {
  DEFAULT: 'io.confluent.connect.storage.partitioner.DefaultPartitioner',
  FIELD: 'io.confluent.connect.storage.partitioner.FieldPartitioner',
  TIME_BASED: 'io.confluent.connect.storage.partitioner.TimeBasedPartitioner',
  DAILY: 'io.confluent.connect.storage.partitioner.DailyPartitioner',
  HOURLY: 'io.confluent.connect.storage.partitioner.HourlyPartitioner',
} as const
export type PartitionerClass = (typeof PartitionerClass)[keyof typeof PartitionerClass]

export function isTimeBased(partitionerClass: string): boolean {
  return (
    partitionerClass === PartitionerClass.TIME_BASED ||
    partitionerClass === PartitionerClass.DAILY ||
    partitionerClass === PartitionerClass.HOURLY
  )
}
