/**
 * `s3.compression.type=gzip` for JsonFormat and ByteArrayFormat: the file is gzip, at
 * `s3.compression.level` (-1 is zlib's default, as Java's `Deflater.DEFAULT_COMPRESSION`).
 *
 * To keep memory bounded without an asynchronous stream, raw bytes are compressed in chunks of
 * {@link GZIP_CHUNK_BYTES}, each one a gzip member; a file under that size is one member, as Java's
 * `GZIPOutputStream` writes it, and larger files are concatenated members, which every gzip reader
 * (Java's `GZIPInputStream`, gunzip, DuckDB, Athena) reads as one stream.
 */
import { constants, gzipSync } from 'node:zlib'
import { ChunkedOutput } from './record-writer.js'

export const GZIP_CHUNK_BYTES = 8 * 1024 * 1024

export interface ByteSink {
  write(bytes: Uint8Array): void
  finish(): Uint8Array
}

/** Uncompressed output. */
export class PlainSink implements ByteSink {
  private readonly out = new ChunkedOutput()
  write(bytes: Uint8Array): void {
    this.out.push(bytes)
  }
  finish(): Uint8Array {
    return this.out.join()
  }
}

/** Gzip output, compressed chunk by chunk. */
export class GzipSink implements ByteSink {
  private readonly out = new ChunkedOutput()
  private pending: Uint8Array[] = []
  private pendingBytes = 0

  constructor(
    private readonly level: number = constants.Z_DEFAULT_COMPRESSION,
    private readonly chunkBytes: number = GZIP_CHUNK_BYTES,
  ) {}

  write(bytes: Uint8Array): void {
    this.pending.push(bytes)
    this.pendingBytes += bytes.length
    if (this.pendingBytes >= this.chunkBytes) this.flush()
  }

  private flush(): void {
    if (this.pending.length === 0) return
    this.out.push(gzipSync(Buffer.concat(this.pending), { level: this.level }))
    this.pending = []
    this.pendingBytes = 0
  }

  finish(): Uint8Array {
    // an empty file is still one (empty) gzip member, as GZIPOutputStream writes it
    if (this.out.byteLength === 0 && this.pending.length === 0) return gzipSync(Buffer.alloc(0), { level: this.level })
    this.flush()
    return this.out.join()
  }
}

export function newByteSink(compressionType: 'none' | 'gzip', level: number): ByteSink {
  return compressionType === 'gzip' ? new GzipSink(level) : new PlainSink()
}
