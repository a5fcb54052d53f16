/**
 * S3 object keys, named exactly as Confluent's S3 sink names them:
 * `[<topics.dir><directory.delim>]<topic><directory.delim><encoded partition><directory.delim><topic><file.delim><kafka partition><file.delim><start offset, zero-padded><extension>`,
 * e.g. `topics/orders/year=2024/month=03/day=05/orders+2+0000001000.snappy.parquet`.
 */
import type { Partitioner } from './partitioner/partitioner.js'

export interface KeyNaming {
  /** `topics.dir`; a blank value writes no prefix. */
  readonly topicsDir: string
  /** `directory.delim` (default `/`). */
  readonly directoryDelim: string
  /** `file.delim` (default `+`). */
  readonly fileDelim: string
  /** `filename.offset.zero.pad.width` (default 10). */
  readonly zeroPadWidth: number
}

/** Java's `String.format("%0<width>d", n)`: zero-padded to the width, the sign counted in it. */
export function zeroPad(n: number | bigint, width: number): string {
  const negative = n < 0
  const digits = (negative ? -BigInt(n) : BigInt(n)).toString()
  if (!negative) return digits.padStart(width, '0')
  return `-${digits.padStart(Math.max(width - 1, 0), '0')}`
}

/** `<topic><file.delim><partition><file.delim><padded start offset><extension>`. */
export function fileName(
  naming: KeyNaming,
  topic: string,
  kafkaPartition: number,
  startOffset: number | bigint,
  extension: string,
): string {
  return `${topic}${naming.fileDelim}${kafkaPartition}${naming.fileDelim}${zeroPad(startOffset, naming.zeroPadWidth)}${extension}`
}

/**
 * The key of the file that starts at `startOffset` in an encoded partition of a topic partition.
 * `topic` and `kafkaPartition` are the records' (Confluent's task picks the file writer by
 * `record.topic()` and `record.kafkaPartition()`).
 */
export function objectKey(
  naming: KeyNaming,
  partitioner: Partitioner,
  topic: string,
  kafkaPartition: number,
  encodedPartition: string,
  startOffset: number | bigint,
  extension: string,
): string {
  const dirPrefix = partitioner.generatePartitionedPath(topic, encodedPartition)
  const suffix = dirPrefix + naming.directoryDelim + fileName(naming, topic, kafkaPartition, startOffset, extension)
  return naming.topicsDir.trim() !== '' ? naming.topicsDir + naming.directoryDelim + suffix : suffix
}

/**
 * The key of a keys or headers side file: `.keys` or `.headers` goes before the format's extension
 * (`orders+0+0000000000.keys.avro`), as Confluent's `getAdjustedFilename`.
 */
export function sideFileKey(
  valueKey: string,
  valueExtension: string,
  view: '.keys' | '.headers',
  sideExtension: string,
): string {
  const base = valueKey.endsWith(valueExtension) ? valueKey.slice(0, valueKey.length - valueExtension.length) : valueKey
  return base + view + sideExtension
}
