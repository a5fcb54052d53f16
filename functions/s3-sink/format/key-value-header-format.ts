/**
 * Confluent's `KeyValueHeaderRecordWriterProvider` and `RecordViews`: one data file of the S3 sink is
 * the value file, plus a `.keys` file with `store.kafka.keys` and a `.headers` file with
 * `store.kafka.headers`, written record by record in step (the n-th key belongs to the n-th value).
 * Files in the tombstone folder (`behavior.on.null.values=write`) have no value file.
 *
 * Views, as Confluent's: the key view is the record key with its key schema, and the headers view an
 * array of `{key, value}` string structs (each header value through `Values.convertToString`).
 * Parquet needs a struct, so its views are "enveloped": `RecordKey {key}` and
 * `RecordHeaders {headers}`; JSON envelopes the headers view only. Each sub-writer opens with the view
 * schema of the file's first record.
 */
import { type Schema, SchemaBuilder, Schemas } from '../../../layers/runtime/data/schema.js'
import { Struct } from '../../../layers/runtime/data/struct.js'
import { convertToString } from '../../../layers/runtime/data/values-conversion.js'
import { ConnectException, DataException } from '../../../layers/runtime/errors.js'
import { SinkRecord } from '../../../layers/runtime/record/record.js'
import { FormatClass, type S3SinkConfig } from '../config.js'
import { newFormat } from './new-format.js'
import type { Format, RecordWriter } from './record-writer.js'

export const RecordView = { VALUE: 'value', KEYS: 'keys', HEADERS: 'headers' } as const
export type RecordView = (typeof RecordView)[keyof typeof RecordView]

/** The bytes of one view of a finished file. */
export interface ViewBytes {
  readonly view: RecordView
  readonly bytes: Uint8Array
}

/** The writer of one data file and its side files. */
export interface DataFileWriter {
  /** Appends one record to every view; throws DataException for a record that cannot be written. */
  write(record: SinkRecord): void
  /** Ends the file: the bytes of each view that has records (the value first). */
  finish(): ViewBytes[]
}

const KEY_STRUCT_NAME = 'RecordKey'
const HEADER_STRUCT_NAME = 'RecordHeaders'
export const SINGLE_HEADER_SCHEMA: Schema = SchemaBuilder.struct()
  .field('key', Schemas.STRING)
  .field('value', Schemas.STRING)
  .build()
const HEADERS_SCHEMA: Schema = SchemaBuilder.array(SINGLE_HEADER_SCHEMA).build()
const ENVELOPED_HEADERS_SCHEMA: Schema = SchemaBuilder.struct()
  .name(HEADER_STRUCT_NAME)
  .field('headers', HEADERS_SCHEMA)
  .build()

/** Confluent's `sinkRecordToLoggableString`. */
export function loggable(record: SinkRecord): string {
  return `SinkRecord{kafkaOffset=${record.kafkaOffset}, topic='${record.topic}', kafkaPartition=${record.kafkaPartition}} `
}

/** A record carrying a view as its value, for a format's writer (which writes `value` with `valueSchema`). */
function viewRecord(record: SinkRecord, valueSchema: Schema | null, value: unknown): SinkRecord {
  return new SinkRecord({
    topic: record.topic,
    kafkaPartition: record.kafkaPartition,
    keySchema: null,
    key: null,
    valueSchema,
    value,
    timestamp: record.timestamp,
    kafkaOffset: record.kafkaOffset,
  })
}

class KeyView {
  private readonly envelopes = new Map<Schema | null, Schema>()
  constructor(private readonly enveloped: boolean) {}

  schema(record: SinkRecord): Schema | null {
    if (!this.enveloped) return record.keySchema
    let schema = this.envelopes.get(record.keySchema)
    if (schema === undefined) {
      if (record.keySchema === null) throw new DataException('The key view needs a key schema to envelope the key')
      schema = SchemaBuilder.struct().name(KEY_STRUCT_NAME).field('key', record.keySchema).build()
      if (this.envelopes.size > 100) this.envelopes.clear()
      this.envelopes.set(record.keySchema, schema)
    }
    return schema
  }

  record(record: SinkRecord): SinkRecord {
    const schema = this.schema(record)
    return viewRecord(record, schema, this.enveloped ? new Struct(schema as Schema).put('key', record.key) : record.key)
  }
}

class HeaderView {
  constructor(private readonly enveloped: boolean) {}

  schema(): Schema {
    return this.enveloped ? ENVELOPED_HEADERS_SCHEMA : HEADERS_SCHEMA
  }

  record(record: SinkRecord): SinkRecord {
    const list: Struct[] = []
    for (const h of record.headers) {
      list.push(new Struct(SINGLE_HEADER_SCHEMA).put('key', h.key).put('value', convertToString(h.schema, h.value)))
    }
    return viewRecord(
      record,
      this.schema(),
      this.enveloped ? new Struct(ENVELOPED_HEADERS_SCHEMA).put('headers', list) : list,
    )
  }
}

export interface KeyValueHeaderFormatOptions {
  readonly value: Format
  readonly keys: { readonly format: Format; readonly enveloped: boolean } | null
  readonly headers: { readonly format: Format; readonly enveloped: boolean } | null
  /** The tombstone folder when `behavior.on.null.values=write`, else null. */
  readonly tombstonePartition: string | null
}

export class KeyValueHeaderFormat {
  /** The value format's extension: object keys are named with it. */
  readonly extension: string
  readonly keysExtension: string | null
  readonly headersExtension: string | null
  private readonly keyView: KeyView | null
  private readonly headerView: HeaderView | null

  constructor(private readonly options: KeyValueHeaderFormatOptions) {
    this.extension = options.value.extension
    this.keysExtension = options.keys?.format.extension ?? null
    this.headersExtension = options.headers?.format.extension ?? null
    this.keyView = options.keys ? new KeyView(options.keys.enveloped) : null
    this.headerView = options.headers ? new HeaderView(options.headers.enveloped) : null
  }

  /** The formats a connector config asks for (`format.class`, `keys.format.class`, `headers.format.class`). */
  static async create(config: S3SinkConfig, options: { rowGroupRows?: number } = {}): Promise<KeyValueHeaderFormat> {
    const v = config.parsed.values
    const side = async (enabled: boolean, formatClass: string, enveloped: (c: string) => boolean) =>
      enabled
        ? {
            format: await newFormat({ ...config, formatClass: formatClass as FormatClass }, options),
            enveloped: enveloped(formatClass),
          }
        : null
    return new KeyValueHeaderFormat({
      value: await newFormat(config, options),
      keys: await side(v['store.kafka.keys'], v['keys.format.class'], (c) => c === FormatClass.PARQUET),
      headers: await side(
        v['store.kafka.headers'],
        v['headers.format.class'],
        (c) => c === FormatClass.PARQUET || c === FormatClass.JSON,
      ),
      tombstonePartition: config.nullValueBehavior === 'write' ? config.tombstoneEncodedPartition : null,
    })
  }

  /** A writer for a new data file in `encodedPartition`. */
  open(encodedPartition: string): DataFileWriter {
    const { options, keyView, headerView } = this
    const tombstones = options.tombstonePartition !== null && encodedPartition === options.tombstonePartition
    if (tombstones && keyView === null) {
      throw new ConnectException('Key Writer must be configured when writing tombstone records is enabled.')
    }
    let valueWriter: RecordWriter | null = null
    let keyWriter: RecordWriter | null = null
    let headerWriter: RecordWriter | null = null
    return {
      write(record) {
        // checked before anything is written, so that the value, key and header files stay aligned
        if (keyView !== null && record.key === null) {
          throw new DataException(`Key cannot be null for SinkRecord: ${loggable(record)}`)
        }
        if (headerView !== null && record.headers.isEmpty()) {
          throw new DataException(`Headers cannot be null for SinkRecord: ${loggable(record)}`)
        }
        if (tombstones) {
          if (record.value !== null) {
            throw new ConnectException(
              `Value writer not configured for SinkRecord: ${loggable(record)}. tombstonePartition: ${options.tombstonePartition}`,
            )
          }
        } else {
          valueWriter ??= options.value.open(record.valueSchema)
          valueWriter.write(record)
        }
        if (keyView !== null && options.keys !== null) {
          const view = keyView.record(record)
          keyWriter ??= options.keys.format.open(view.valueSchema)
          keyWriter.write(view)
        }
        if (headerView !== null && options.headers !== null) {
          const view = headerView.record(record)
          headerWriter ??= options.headers.format.open(view.valueSchema)
          headerWriter.write(view)
        }
      },
      finish() {
        const out: ViewBytes[] = []
        if (valueWriter !== null) out.push({ view: RecordView.VALUE, bytes: valueWriter.finish() })
        if (keyWriter !== null) out.push({ view: RecordView.KEYS, bytes: keyWriter.finish() })
        if (headerWriter !== null) out.push({ view: RecordView.HEADERS, bytes: headerWriter.finish() })
        return out
      },
    }
  }
}
