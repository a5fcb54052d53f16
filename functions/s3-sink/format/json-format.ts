/**
 * Confluent's `JsonFormat`: one JSON value per line (`\n`, the Linux line separator). Struct values go
 * through the JsonConverter with `schemas.enable=false` and the connector's `json.decimal.format`;
 * other values are written as their schemaless JSON (Confluent hands them to Jackson). Extension
 * `.json`, `.json.gz` with `s3.compression.type=gzip`.
 */

import { JsonConverter } from '../../../layers/runtime/converters/json/json-converter.js'
import type { Schema } from '../../../layers/runtime/data/schema.js'
import { Struct } from '../../../layers/runtime/data/struct.js'
import type { SinkRecord } from '../../../layers/runtime/record/record.js'
import { newByteSink } from './compression.js'
import type { Format, RecordWriter } from './record-writer.js'

const LINE_SEPARATOR = Buffer.from('\n')

export interface JsonFormatOptions {
  readonly compressionType: 'none' | 'gzip'
  readonly compressionLevel: number
  readonly decimalFormat: 'BASE64' | 'NUMERIC'
  readonly schemaCacheSize: number
}

export class JsonFormat implements Format {
  readonly extension: string
  private readonly converter = new JsonConverter()
  private readonly schemaless = new JsonConverter()

  constructor(private readonly options: JsonFormatOptions) {
    this.extension = `.json${options.compressionType === 'gzip' ? '.gz' : ''}`
    const config = {
      'schemas.enable': 'false',
      'schemas.cache.size': String(options.schemaCacheSize),
      'decimal.format': options.decimalFormat,
    }
    this.converter.configure(config, false)
    this.schemaless.configure(config, false)
  }

  open(_schema: Schema | null): RecordWriter {
    const sink = newByteSink(this.options.compressionType, this.options.compressionLevel)
    let count = 0
    return {
      write: (record: SinkRecord) => {
        const topic = record.topic ?? ''
        const bytes =
          record.value instanceof Struct
            ? this.converter.fromConnectData(topic, null, record.valueSchema, record.value)
            : this.schemaless.fromConnectData(topic, null, null, record.value)
        sink.write((bytes as Uint8Array | null) ?? Buffer.from('null'))
        sink.write(LINE_SEPARATOR)
        count++
      },
      get recordCount() {
        return count
      },
      finish: () => sink.finish(),
    }
  }
}
