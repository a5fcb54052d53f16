/**
 * Confluent's `ByteArrayFormat`: each record's raw value bytes (as the ByteArrayConverter gives them),
 * followed by `format.bytearray.separator` (default the line separator). Extension
 * `format.bytearray.extension` (default `.bin`), plus `.gz` with `s3.compression.type=gzip`.
 */
import type { Schema } from '../../../layers/runtime/data/schema.js'
import { javaClassName } from '../../../layers/runtime/data/values.js'
import { DataException } from '../../../layers/runtime/errors.js'
import type { SinkRecord } from '../../../layers/runtime/record/record.js'
import { newByteSink } from './compression.js'
import type { Format, RecordWriter } from './record-writer.js'

export interface ByteArrayFormatOptions {
  readonly extension: string
  readonly separator: string
  readonly compressionType: 'none' | 'gzip'
  readonly compressionLevel: number
}

/** Kafka's `ByteArrayConverter.fromConnectData`: bytes only, with a bytes schema or none. */
function valueBytes(record: SinkRecord): Uint8Array {
  const schema = record.valueSchema
  if (schema !== null && schema.type !== 'bytes') {
    throw new DataException(`Invalid schema type for ByteArrayConverter: ${schema.type.toUpperCase()}`)
  }
  const value = record.value
  // (Java fails a null value with a NullPointerException when writing it)
  if (value === null) throw new DataException('ByteArrayFormat cannot write a null value')
  if (!(value instanceof Uint8Array)) {
    throw new DataException(`ByteArrayConverter is not compatible with objects of type class ${javaClassName(value)}`)
  }
  return value
}

export class ByteArrayFormat implements Format {
  readonly extension: string
  private readonly separator: Uint8Array

  constructor(private readonly options: ByteArrayFormatOptions) {
    this.extension = options.extension + (options.compressionType === 'gzip' ? '.gz' : '')
    this.separator = Buffer.from(options.separator, 'utf8')
  }

  open(_schema: Schema | null): RecordWriter {
    const sink = newByteSink(this.options.compressionType, this.options.compressionLevel)
    let count = 0
    return {
      write: (record: SinkRecord) => {
        sink.write(valueBytes(record))
        sink.write(this.separator)
        count++
      },
      get recordCount() {
        return count
      },
      finish: () => sink.finish(),
    }
  }
}
