/**
 * The value format a connector config asks for (`format.class` and its keys), ready to open writers.
 * Asynchronous only because the Parquet codecs load wasm.
 */
import type { S3SinkConfig } from '../config.js'
import { AvroFormat, storageAvroDataOptions } from './avro-format.js'
import { ByteArrayFormat } from './byte-array-format.js'
import { loadParquetCompressors } from './codecs.js'
import { JsonFormat } from './json-format.js'
import { ParquetFormat } from './parquet-format.js'
import type { Format } from './record-writer.js'

export async function newFormat(config: S3SinkConfig, options: { rowGroupRows?: number } = {}): Promise<Format> {
  const v = config.parsed.values
  switch (config.formatClass) {
    case 'io.confluent.connect.s3.format.parquet.ParquetFormat':
      return new ParquetFormat({
        codec: config.parquetCodec,
        compressors: await loadParquetCompressors(config.parquetCodec),
        allowOptionalMapKeys: v['allow.optional.map.keys'],
        ...(options.rowGroupRows === undefined ? {} : { rowGroupRows: options.rowGroupRows }),
      })
    case 'io.confluent.connect.s3.format.json.JsonFormat':
      return new JsonFormat({
        compressionType: config.compressionType,
        compressionLevel: config.compressionLevel,
        decimalFormat: config.jsonDecimalFormat,
        schemaCacheSize: v['schema.cache.size'],
      })
    case 'io.confluent.connect.s3.format.avro.AvroFormat':
      return new AvroFormat({
        codec: config.avroCodec,
        avroData: storageAvroDataOptions({
          schemaCacheSize: v['schema.cache.size'],
          enhancedAvroSchemaSupport: v['enhanced.avro.schema.support'],
          connectMetaData: v['connect.meta.data'],
          allowOptionalMapKeys: v['allow.optional.map.keys'],
        }),
      })
    case 'io.confluent.connect.s3.format.bytearray.ByteArrayFormat':
      return new ByteArrayFormat({
        extension: config.byteArrayExtension,
        separator: config.byteArraySeparator,
        compressionType: config.compressionType,
        compressionLevel: config.compressionLevel,
      })
  }
}
