/**
 * Confluent's `ParquetFormat`, written with hyparquet-writer: the file's schema is the Parquet form
 * of the first record's value schema (parquet-schema.ts), pages of 64 KiB as Confluent's, the
 * `parquet.codec` compression, and row groups of at most `rowGroupRows` records, so only one row
 * group of converted values is held at a time. The value must be a Struct with a schema.
 * Extension: the codec's (`.snappy`, `.gz`, `.zstd`, none) then `.parquet`.
 */
import { ByteWriter, ParquetWriter } from 'hyparquet-writer'
import { AvroData } from '../../../layers/runtime/converters/avro/avro-data.js'
import type { AvroDataOptions } from '../../../layers/runtime/converters/avro/avro-data-config.js'
import { type Field, type Schema, schemasEqual } from '../../../layers/runtime/data/schema.js'
import { Struct } from '../../../layers/runtime/data/struct.js'
import { DataException } from '../../../layers/runtime/errors.js'
import type { SinkRecord } from '../../../layers/runtime/record/record.js'
import type { ParquetCodec } from '../config.js'
import { type Compressors, parquetCodecExtension, parquetCodecName } from './codecs.js'
import { toParquetSchema } from './parquet-schema.js'
import { type Convert, compileConverter } from './parquet-values.js'
import type { Format, RecordWriter } from './record-writer.js'

/** Confluent's `PAGE_SIZE`. */
export const PAGE_SIZE = 64 * 1024
export const DEFAULT_ROW_GROUP_ROWS = 10_000
export const CREATED_BY = 'connectless (hyparquet-writer 0.17.0)'

export interface ParquetFormatOptions {
  readonly codec: ParquetCodec
  /** From `loadParquetCompressors(codec)`. */
  readonly compressors: Compressors
  readonly rowGroupRows?: number
  readonly allowOptionalMapKeys?: boolean
  /** AvroData options, for the Avro schema stored in the footer. */
  readonly avroData?: Partial<AvroDataOptions>
}

interface CompiledSchema {
  readonly elements: ReturnType<typeof toParquetSchema>
  readonly columns: readonly { readonly name: string; readonly convert: Convert; readonly field: Field }[]
  /** The Avro schema parquet-avro stores in the footer (`parquet.avro.schema`), as AvroData makes it. */
  readonly avroSchemaText: string
}

export class ParquetFormat implements Format {
  readonly extension: string
  private readonly compiled = new Map<Schema, CompiledSchema>()
  private readonly avroData: AvroData

  constructor(private readonly options: ParquetFormatOptions) {
    this.extension = `${parquetCodecExtension(options.codec)}.parquet`
    this.avroData = new AvroData(options.avroData ?? {})
  }

  private compile(schema: Schema): CompiledSchema {
    let c = this.compiled.get(schema)
    if (c === undefined) {
      const allow = this.options.allowOptionalMapKeys ?? false
      c = {
        elements: toParquetSchema(schema, allow),
        columns: schema.fields.map((f) => ({ name: f.name, convert: compileConverter(f.schema, allow), field: f })),
        avroSchemaText: this.avroData.writeSchema(schema).text,
      }
      if (this.compiled.size > 100) this.compiled.clear()
      this.compiled.set(schema, c)
    }
    return c
  }

  open(schema: Schema | null): RecordWriter {
    if (schema === null) throw new DataException('ParquetFormat needs records with a value schema')
    const { elements, columns, avroSchemaText } = this.compile(schema)
    const rowGroupRows = this.options.rowGroupRows ?? DEFAULT_ROW_GROUP_ROWS
    const writer = new ByteWriter()
    const pq = new ParquetWriter({
      writer,
      schema: elements,
      codec: parquetCodecName(this.options.codec),
      compressors: this.options.compressors,
      createdBy: CREATED_BY,
      kvMetadata: [
        { key: 'parquet.avro.schema', value: avroSchemaText },
        { key: 'writer.model.name', value: 'avro' },
      ],
    })
    let buffered: unknown[][] = columns.map(() => [])
    const row: unknown[] = new Array(columns.length)
    let rows = 0
    let count = 0
    const flush = () => {
      if (rows === 0) return
      const columnData = columns.map((c, i) => ({ name: c.name, data: buffered[i] as unknown[] }))
      // synchronous: the ByteWriter has no asynchronous flush
      void pq.write({ columnData, rowGroupSize: rows, pageSize: PAGE_SIZE })
      buffered = columns.map(() => [])
      rows = 0
    }
    return {
      write: (record: SinkRecord) => {
        const value = record.value
        if (!(value instanceof Struct)) throw new DataException('ParquetFormat needs Struct values')
        if (value.schema !== schema && !schemasEqual(value.schema, schema)) {
          throw new DataException('Mismatching struct schema')
        }
        // convert every column before appending any, so that a value that does not fit leaves the
        // row group as it was (the record goes to the DLQ and the file stays valid)
        for (let i = 0; i < columns.length; i++) {
          const c = columns[i] as (typeof columns)[number]
          row[i] = c.convert(value.get(c.field))
        }
        for (let i = 0; i < columns.length; i++) (buffered[i] as unknown[]).push(row[i])
        rows++
        count++
        if (rows >= rowGroupRows) flush()
      },
      get recordCount() {
        return count
      },
      finish: () => {
        flush()
        void pq.finish()
        return writer.getBytes()
      },
    }
  }
}
