/**
 * The Parquet page compressors: SNAPPY through hysnappy (wasm), ZSTD through @bokuweb/zstd-wasm
 * (level 3, zstd's default, as parquet-java's), GZIP through node:zlib. The wasm modules load once,
 * asynchronously; `loadParquetCompressors` must be awaited before a writer opens.
 */
import { gzipSync } from 'node:zlib'
import { snappyCompressor } from 'hysnappy'
import type { ParquetCodec } from '../config.js'

export type Compressor = (input: Uint8Array) => Uint8Array
export type CompressionCodecName = 'UNCOMPRESSED' | 'SNAPPY' | 'GZIP' | 'ZSTD'
export type Compressors = Partial<Record<CompressionCodecName, Compressor>>

/** `parquet.codec` → Parquet's codec name. */
export function parquetCodecName(codec: ParquetCodec): CompressionCodecName {
  switch (codec) {
    case 'none':
      return 'UNCOMPRESSED'
    case 'snappy':
      return 'SNAPPY'
    case 'gzip':
      return 'GZIP'
    case 'zstd':
      return 'ZSTD'
  }
}

/** parquet-java's `CompressionCodecName.getExtension()`, which Confluent puts before `.parquet`. */
export function parquetCodecExtension(codec: ParquetCodec): string {
  switch (codec) {
    case 'none':
      return ''
    case 'snappy':
      return '.snappy'
    case 'gzip':
      return '.gz'
    case 'zstd':
      return '.zstd'
  }
}

let zstd: Promise<Compressor> | undefined

function loadZstd(): Promise<Compressor> {
  zstd ??= import('@bokuweb/zstd-wasm').then(async (m) => {
    await m.init()
    return (input: Uint8Array) => m.compress(input, 3)
  })
  return zstd
}

/** The compressor for a codec, loaded (wasm) if needed. */
export async function loadParquetCompressors(codec: ParquetCodec): Promise<Compressors> {
  switch (codec) {
    case 'none':
      return {}
    case 'snappy':
      return { SNAPPY: snappyCompressor() }
    case 'gzip':
      return { GZIP: (input) => gzipSync(input) }
    case 'zstd':
      return { ZSTD: await loadZstd() }
  }
}
