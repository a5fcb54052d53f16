import type { SinkRecord } from '../../../layers/runtime/record/record.js'
import type { Partitioner } from './partitioner.js'

/** Confluent's `DefaultPartitioner`: one directory per Kafka partition, `partition=<n>`. */
export class DefaultPartitioner implements Partitioner {
  constructor(readonly directoryDelim: string) {}

  encodePartition(record: SinkRecord, _nowMs?: number): string {
    return `partition=${String(record.kafkaPartition)}`
  }

  generatePartitionedPath(topic: string, encodedPartition: string): string {
    return topic + this.directoryDelim + encodedPartition
  }
}
