/**
 * Confluent's `TopicPartitionWriter`: the files of one Kafka partition. A writer holds one open file
 * per encoded partition (output folder) and rotates (finishes) all of them at once, checking for each
 * record, in Confluent's order:
 *
 * 1. a switch between records with and without a value schema in the same folder (tombstones);
 * 2. `rotate.interval.ms` (time-based partitioners only): the record's extracted timestamp is at least
 *    the interval after the first record's of the open files, or the record goes to another folder
 *    than the previous one (`rotate.file.on.partition.change`, not for the tombstone folder);
 * 3. a schema change under `schema.compatibility` (never on the first record);
 * 4. `partitioner.max.open.files`: a record for a new folder when that many files are open;
 * then the record is written (projected onto the file's schema), and the files rotate when the
 * partition's record count reaches `flush.size`.
 *
 * A file's start offset, the number in its name, is the Kafka offset of the first record written into
 * it. A record that cannot be placed or written (PartitionException, DataException, a schema
 * projection error) is returned to the caller for the errant record reporter, and the files stay as
 * they were.
 *
 * No I/O here: finished files are kept as bytes until `takeFinished()`; `rotate.schedule.interval.ms`
 * is the task's concern (files never outlive a batch on Lambda).
 */
import type { Schema } from '../../layers/runtime/data/schema.js'
import { ConnectException, DataException } from '../../layers/runtime/errors.js'
import type { SinkRecord } from '../../layers/runtime/record/record.js'
import type { KeyValueHeaderFormat, RecordView } from './format/key-value-header-format.js'
import { type KeyNaming, objectKey, sideFileKey } from './keys.js'
import { PartitionException } from './partitioner/partition-exception.js'
import type { Partitioner } from './partitioner/partitioner.js'
import type { TimestampExtractor } from './partitioner/timestamp-extractor.js'
import { projectRecord, type StorageSchemaCompatibility, shouldChangeSchema } from './schema-compatibility.js'

/** A finished file (or side file), ready to upload. */
export interface FinishedFile {
  readonly key: string
  readonly bytes: Uint8Array
  readonly view: RecordView
  readonly encodedPartition: string
  /** The offset of the file's first record: the number in its name. */
  readonly startOffset: number
  readonly endOffset: number
  readonly recordCount: number
}

export interface TopicPartitionWriterSettings {
  readonly topic: string
  readonly partition: number
  readonly flushSize: number
  /** `rotate.interval.ms`; acts only with a timestamp extractor (time-based partitioners). */
  readonly rotateIntervalMs: number
  /** `rotate.file.on.partition.change`. */
  readonly rotateOnPartitionChange: boolean
  /** `partitioner.max.open.files`; -1 is unlimited. */
  readonly maxOpenFiles: number
  readonly compatibility: StorageSchemaCompatibility
  readonly partitioner: Partitioner
  /** The time-based partitioner's extractor (reading record timestamps for tombstones), else null. */
  readonly timestampExtractor: TimestampExtractor | null
  /** The tombstone folder when tombstones are written, else null. */
  readonly tombstonePartition: string | null
  readonly format: KeyValueHeaderFormat
  readonly naming: KeyNaming
}

interface OpenFile {
  readonly writer: ReturnType<KeyValueHeaderFormat['open']>
  readonly startOffset: number
  endOffset: number
  recordCount: number
}

/** Errors that make a record errant (reported, skipped) rather than failing the task. */
export function isErrantRecordError(e: unknown): boolean {
  return e instanceof DataException || e instanceof PartitionException
}

const SIDE_VIEW_EXTENSION = { keys: '.keys', headers: '.headers' } as const

export class TopicPartitionWriter {
  /** Open files by encoded partition, in the order they were opened (Confluent's `commitFiles`). */
  private readonly files = new Map<string, OpenFile>()
  private readonly currentSchemas = new Map<string, Schema | null>()
  private finished: FinishedFile[] = []
  private recordCount = 0
  private currentTimestamp: number | null = null
  private baseRecordTimestamp: number | null = null
  private currentEncodedPartition: string | null = null

  constructor(readonly settings: TopicPartitionWriterSettings) {}

  /** Records in open files. */
  get openRecordCount(): number {
    return this.recordCount
  }

  /**
   * Writes one record, rotating before or after it as Confluent does. Returns the error of a record
   * that cannot be written (for the errant record reporter), else null; throws what fails the task.
   * `nowMs` is the processing time (the Wallclock extractor's timestamp).
   */
  write(record: SinkRecord, nowMs: number): unknown {
    const s = this.settings
    for (;;) {
      if (s.timestampExtractor !== null) {
        try {
          this.currentTimestamp = s.timestampExtractor.extract(record, nowMs)
        } catch (e) {
          if (isErrantRecordError(e)) return e
          throw e
        }
        if (this.baseRecordTimestamp === null) this.baseRecordTimestamp = this.currentTimestamp
      }
      let encodedPartition: string
      try {
        encodedPartition = s.partitioner.encodePartition(record, nowMs)
      } catch (e) {
        if (isErrantRecordError(e)) return e
        throw e
      }

      const valueSchema = record.valueSchema
      const known = this.currentSchemas.has(encodedPartition)
      let currentValueSchema = this.currentSchemas.get(encodedPartition) ?? null
      // a switch between tombstones (no schema) and other records in the same folder
      const rotateForNullSchema = known && (currentValueSchema === null) !== (valueSchema === null)
      if (currentValueSchema === null || valueSchema === null) {
        this.currentSchemas.set(encodedPartition, valueSchema)
        currentValueSchema = valueSchema
      }
      if (rotateForNullSchema || this.rotateOnTime(encodedPartition, this.currentTimestamp)) {
        this.commitFiles()
        continue
      }
      let incompatible: boolean
      try {
        incompatible = shouldChangeSchema(s.compatibility, record, currentValueSchema).isInCompatible
      } catch (e) {
        if (isErrantRecordError(e)) return e
        throw e
      }
      if (incompatible && this.recordCount > 0) {
        this.currentSchemas.set(encodedPartition, valueSchema)
        this.commitFiles()
        continue
      }
      if (this.rotateOnMaxOpenFiles(encodedPartition)) {
        this.commitFiles()
        continue
      }
      let projected: SinkRecord
      try {
        projected = projectRecord(s.compatibility, record, currentValueSchema)
      } catch (e) {
        if (isErrantRecordError(e)) return e
        throw e
      }
      const error = this.writeRecord(projected, encodedPartition)
      if (error !== null) return error
      if (this.recordCount >= s.flushSize) this.commitFiles()
      return null
    }
  }

  /** Finishes the open files and hands over every finished file since the last call. */
  takeFinished(): FinishedFile[] {
    this.commitFiles()
    const out = this.finished
    this.finished = []
    return out
  }

  private rotateOnTime(encodedPartition: string, recordTimestamp: number | null): boolean {
    const s = this.settings
    if (this.recordCount <= 0 || s.rotateIntervalMs <= 0 || s.timestampExtractor === null) return false
    const base = this.baseRecordTimestamp
    if (base !== null && recordTimestamp !== null && recordTimestamp - base >= s.rotateIntervalMs) return true
    return this.rotateOnPartitionChange(encodedPartition)
  }

  /** `rotate.file.on.partition.change`, except into or out of the tombstone folder. */
  private rotateOnPartitionChange(encodedPartition: string): boolean {
    const tombstone = this.settings.tombstonePartition
    const current = this.currentEncodedPartition
    const tombstoneTransition =
      tombstone !== null && current !== null && (encodedPartition.includes(tombstone) || current.includes(tombstone))
    return !tombstoneTransition && this.settings.rotateOnPartitionChange && encodedPartition !== current
  }

  private rotateOnMaxOpenFiles(encodedPartition: string): boolean {
    const max = this.settings.maxOpenFiles
    // (recordCount > 0: with max 0, Confluent's writer would rotate forever)
    return max !== -1 && this.recordCount > 0 && !this.files.has(encodedPartition) && this.files.size >= max
  }

  private writeRecord(projected: SinkRecord, encodedPartition: string): unknown {
    let file = this.files.get(encodedPartition)
    const isNew = file === undefined
    try {
      const writer = file?.writer ?? this.settings.format.open(encodedPartition)
      writer.write(projected)
      if (file === undefined) {
        file = { writer, startOffset: projected.kafkaOffset, endOffset: projected.kafkaOffset, recordCount: 0 }
        this.files.set(encodedPartition, file)
      }
    } catch (e) {
      // a file whose first record failed is not opened (Confluent removes its writer and start offset)
      if (isErrantRecordError(e)) return e
      if (e instanceof ConnectException) throw e
      throw new ConnectException(
        `Writing the record at offset ${projected.kafkaOffset} of ${this.settings.topic}-${this.settings.partition} failed${isNew ? ' (opening its file)' : ''}: ${e instanceof Error ? e.message : String(e)}`,
        { cause: e },
      )
    }
    file.endOffset = projected.kafkaOffset
    file.recordCount++
    this.currentEncodedPartition = encodedPartition
    this.recordCount++
    return null
  }

  private commitFiles(): void {
    const s = this.settings
    for (const [encodedPartition, file] of this.files) {
      const valueKey = objectKey(
        s.naming,
        s.partitioner,
        s.topic,
        s.partition,
        encodedPartition,
        file.startOffset,
        s.format.extension,
      )
      for (const { view, bytes } of file.writer.finish()) {
        const key =
          view === 'value'
            ? valueKey
            : sideFileKey(
                valueKey,
                s.format.extension,
                SIDE_VIEW_EXTENSION[view],
                (view === 'keys' ? s.format.keysExtension : s.format.headersExtension) ?? '',
              )
        this.finished.push({
          key,
          bytes,
          view,
          encodedPartition,
          startOffset: file.startOffset,
          endOffset: file.endOffset,
          recordCount: file.recordCount,
        })
      }
    }
    this.files.clear()
    this.currentSchemas.clear()
    this.recordCount = 0
    this.baseRecordTimestamp = null
  }
}
