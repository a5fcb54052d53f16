/**
 * Confluent's `AvroFormat`: an Avro object container file whose writer schema is the Connect value
 * schema of the file's first record, converted by AvroData (the runtime's port of Confluent's), with
 * `avro.codec` null, deflate or snappy. Blocks are cut at 64,000 bytes, Avro Java's default sync
 * interval. The sync marker is derived from the schema text, so the same records make the same bytes.
 */
import { createHash } from 'node:crypto'
import { crc32, deflateRawSync } from 'node:zlib'
import { snappyCompress } from 'hysnappy'
import { AvroData } from '../../../layers/runtime/converters/avro/avro-data.js'
import type { AvroDataOptions } from '../../../layers/runtime/converters/avro/avro-data-config.js'
import type { Schema } from '../../../layers/runtime/data/schema.js'
import { DataException } from '../../../layers/runtime/errors.js'
import type { SinkRecord } from '../../../layers/runtime/record/record.js'
import type { AvroCodec } from '../config.js'
import { ChunkedOutput, type Format, type RecordWriter } from './record-writer.js'

const MAGIC = Buffer.from([0x4f, 0x62, 0x6a, 0x01])
/** Avro Java's `DataFileConstants.DEFAULT_SYNC_INTERVAL`. */
export const SYNC_INTERVAL = 64_000

/** Avro's zig-zag varint encoding of a long. */
export function encodeLong(n: number | bigint): Buffer {
  let z = BigInt(n)
  z = z >= 0n ? z << 1n : (-z << 1n) - 1n
  const bytes: number[] = []
  do {
    let b = Number(z & 0x7fn)
    z >>= 7n
    if (z > 0n) b |= 0x80
    bytes.push(b)
  } while (z > 0n)
  return Buffer.from(bytes)
}

function encodeBytes(b: Uint8Array): Buffer {
  return Buffer.concat([encodeLong(b.length), b])
}

function compressBlock(codec: AvroCodec, data: Buffer): Uint8Array {
  switch (codec) {
    case 'null':
      return data
    case 'deflate':
      return deflateRawSync(data)
    case 'snappy': {
      // Avro's snappy codec: the compressed block, then the CRC32 of the uncompressed data (big-endian)
      const compressed = snappyCompress(data)
      const crc = Buffer.allocUnsafe(4)
      crc.writeUInt32BE(crc32(data) >>> 0, 0)
      return Buffer.concat([compressed, crc])
    }
  }
}

export interface AvroFormatOptions {
  readonly codec: AvroCodec
  readonly avroData?: Partial<AvroDataOptions>
}

/** The AvroData options the S3 sink passes (Confluent's `StorageSinkConnectorConfig.avroDataConfig`). */
export function storageAvroDataOptions(config: {
  schemaCacheSize: number
  enhancedAvroSchemaSupport: boolean
  connectMetaData: boolean
  allowOptionalMapKeys: boolean
}): Partial<AvroDataOptions> {
  return {
    schemasCacheSize: config.schemaCacheSize,
    enhancedSchemaSupport: config.enhancedAvroSchemaSupport,
    connectMetaData: config.connectMetaData,
    allowOptionalMapKey: config.allowOptionalMapKeys,
  }
}

export class AvroFormat implements Format {
  readonly extension = '.avro'
  readonly avroData: AvroData

  constructor(private readonly options: AvroFormatOptions) {
    this.avroData = new AvroData(options.avroData ?? {})
  }

  open(schema: Schema | null): RecordWriter {
    if (schema === null) throw new DataException('AvroFormat needs records with a value schema')
    const write = this.avroData.writeSchema(schema)
    const codec = this.options.codec
    const sync = createHash('md5').update(write.text).digest()
    const out = new ChunkedOutput()
    out.push(MAGIC)
    const meta = [
      ['avro.schema', Buffer.from(write.text, 'utf8')],
      ['avro.codec', Buffer.from(codec, 'utf8')],
    ] as const
    out.push(encodeLong(meta.length))
    for (const [key, value] of meta) {
      out.push(encodeBytes(Buffer.from(key, 'utf8')))
      out.push(encodeBytes(value))
    }
    out.push(encodeLong(0))
    out.push(sync)

    let block: Buffer[] = []
    let blockBytes = 0
    let blockCount = 0
    let count = 0
    const flush = () => {
      if (blockCount === 0) return
      const data = compressBlock(codec, Buffer.concat(block, blockBytes))
      out.push(encodeLong(blockCount))
      out.push(encodeLong(data.length))
      out.push(data)
      out.push(sync)
      block = []
      blockBytes = 0
      blockCount = 0
    }
    return {
      write: (record: SinkRecord) => {
        const encoded = write.type.toBuffer(write.convert(record.value))
        block.push(encoded)
        blockBytes += encoded.length
        blockCount++
        count++
        if (blockBytes >= SYNC_INTERVAL) flush()
      },
      get recordCount() {
        return count
      },
      finish: () => {
        flush()
        return out.join()
      },
    }
  }
}
