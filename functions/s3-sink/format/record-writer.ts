/**
 * The writer contract of every format (Confluent's `RecordWriter` for one file): `open(schema)` with
 * the file's value schema (null for schemaless data), `write(record)` per record, `finish()` for the
 * file's bytes. Writers hold a bounded amount of unencoded data (a row group, an Avro block, a gzip
 * chunk); what is already encoded stays in the output buffer until `finish`.
 */
import type { Schema } from '../../../layers/runtime/data/schema.js'
import type { SinkRecord } from '../../../layers/runtime/record/record.js'

export interface RecordWriter {
  /** Appends one record's value. */
  write(record: SinkRecord): void
  /** Records written so far. */
  readonly recordCount: number
  /** Ends the file and returns its bytes; the writer cannot be used afterwards. */
  finish(): Uint8Array
}

export interface Format {
  /** The object key extension (`.snappy.parquet`, `.json.gz`, `.avro`, `.bin`). */
  readonly extension: string
  /** A writer for one file whose records have value schema `schema`. */
  open(schema: Schema | null): RecordWriter
}

/** Output bytes collected in chunks, joined once at the end. */
export class ChunkedOutput {
  private readonly chunks: Uint8Array[] = []
  private length = 0

  push(chunk: Uint8Array): void {
    if (chunk.length === 0) return
    this.chunks.push(chunk)
    this.length += chunk.length
  }

  get byteLength(): number {
    return this.length
  }

  join(): Uint8Array {
    const out = Buffer.allocUnsafe(this.length)
    let pos = 0
    for (const chunk of this.chunks) {
      out.set(chunk, pos)
      pos += chunk.length
    }
    return out
  }
}
