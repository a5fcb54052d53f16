/**
 * The S3 sink connector's configuration: every key of Confluent's `S3SinkConnectorConfig` (with
 * `StorageSinkConnectorConfig`, `StorageCommonConfig` and `PartitionerConfig`), with Confluent's
 * defaults, validators and messages, and the cross-key checks of its `S3SinkConnectorValidator`.
 *
 * Where connectless differs (docs/divergences.md):
 * - `partition.duration.ms` may be left unset for `TimeBasedPartitioner`: it defaults to the finest
 *   unit `path.format` prints (`dd` → 1 day, `HH` → 1 hour) with a warning naming the value chosen.
 *   Confluent refuses the config ("Partition duration needs to be a positive.").
 * - Codecs without a JavaScript encoder here are refused at start: `parquet.codec` lzo, brotli, lz4
 *   and lz4_raw, and `avro.codec` bzip2.
 * - Class-valued keys take the class names Confluent ships; custom classes cannot be loaded.
 */
import { field } from '../../layers/runtime/config/config-key.js'
import { defineConfig } from '../../layers/runtime/config/definition.js'
import type { ConfigProps, ParsedConfig } from '../../layers/runtime/config/parsed-config.js'
import {
  atLeast,
  between,
  caseInsensitiveValidString,
  customValidator,
  validString,
} from '../../layers/runtime/config/validators.js'
import { ConfigException } from '../../layers/runtime/errors.js'
import { warnOnce } from '../../layers/runtime/logging.js'
import { splitPath } from './partitioner/data-utils.js'
import type { PartitionerSettings } from './partitioner/new-partitioner.js'
import { isTimeBased, PartitionerClass } from './partitioner/partitioner.js'
import { defaultPartitionDuration } from './partitioner/time-based-partitioner.js'
import { forId, UnknownTimeZoneError } from './partitioner/time-zone.js'
import { getCompatibility, type StorageSchemaCompatibility } from './schema-compatibility.js'

/** The format classes, under Confluent's class names. */
export const FormatClass = {
  AVRO: 'io.confluent.connect.s3.format.avro.AvroFormat',
  JSON: 'io.confluent.connect.s3.format.json.JsonFormat',
  PARQUET: 'io.confluent.connect.s3.format.parquet.ParquetFormat',
  BYTE_ARRAY: 'io.confluent.connect.s3.format.bytearray.ByteArrayFormat',
} as const
export type FormatClass = (typeof FormatClass)[keyof typeof FormatClass]

export const S3_STORAGE_CLASS = 'io.confluent.connect.s3.storage.S3Storage'

const FORMAT_CLASSES: readonly string[] = Object.values(FormatClass)
const PARTITIONER_CLASSES: readonly string[] = Object.values(PartitionerClass)

/** `parquet.codec` values parquet-java knows, and the ones written here. */
const PARQUET_CODECS = ['none', 'snappy', 'gzip', 'lzo', 'brotli', 'lz4', 'zstd', 'lz4_raw'] as const
export const SUPPORTED_PARQUET_CODECS = ['none', 'snappy', 'gzip', 'zstd'] as const
export type ParquetCodec = (typeof SUPPORTED_PARQUET_CODECS)[number]

const AVRO_CODECS = ['null', 'deflate', 'snappy', 'bzip2'] as const
export const SUPPORTED_AVRO_CODECS = ['null', 'deflate', 'snappy'] as const
export type AvroCodec = (typeof SUPPORTED_AVRO_CODECS)[number]

const SSE_ALGORITHMS = ['', 'AES256', 'aws:kms', 'aws:kms:dsse'] as const
/** S3 storage classes an object can be written with (`s3.object.storage.class`). */
const S3_STORAGE_CLASSES = [
  'STANDARD',
  'REDUCED_REDUNDANCY',
  'STANDARD_IA',
  'ONEZONE_IA',
  'INTELLIGENT_TIERING',
  'GLACIER',
  'DEEP_ARCHIVE',
  'GLACIER_IR',
  'OUTPOSTS',
  'EXPRESS_ONEZONE',
] as const
const CANNED_ACLS = [
  'private',
  'public-read',
  'public-read-write',
  'authenticated-read',
  'aws-exec-read',
  'bucket-owner-read',
  'bucket-owner-full-control',
] as const

function classIn(valid: readonly string[]) {
  return customValidator<string>(
    (name, value) => {
      if (value === null || !valid.includes(value)) {
        throw ConfigException.invalid(name, value, `Class ${String(value)} could not be found.`)
      }
    },
    `[${valid.join(', ')}]`,
  )
}

function oneOf(valid: readonly string[]) {
  return customValidator<string>(
    (name, value) => {
      if (value === null || !valid.includes(value)) {
        throw ConfigException.invalid(name, value, `Value must be one of: [${valid.join(', ')}]`)
      }
    },
    `[${valid.join(', ')}]`,
  )
}

const partRange = customValidator<number>((name, value) => {
  if (value === null) throw ConfigException.invalid(name, null, 'Part size must be non-null')
  if (value < 5 * 1024 * 1024)
    throw ConfigException.invalid(name, value, 'Part size must be at least: 5242880 bytes (5MB)')
  if (value > 2147483647)
    throw ConfigException.invalid(name, value, 'Part size must be no more: 2147483647 bytes (~2GB)')
}, '[5242880,...,2147483647]')

const nullBehavior = customValidator<string>((name, value) => {
  const lower = value?.toLowerCase()
  if (lower !== 'ignore' && lower !== 'fail' && lower !== 'write') {
    throw ConfigException.invalid(name, value, 'String must be one of: ignore, fail, write')
  }
}, '[ignore, fail, write]')

const ignoreOrFail = customValidator<string>((name, value) => {
  const lower = value?.toLowerCase()
  if (lower !== 'ignore' && lower !== 'fail')
    throw ConfigException.invalid(name, value, 'String must be one of: ignore, fail')
}, '[ignore, fail]')

const timezoneValidator = customValidator<string>((name, value) => {
  const zone = (value ?? '').trim()
  if (zone === '') return
  try {
    forId(zone)
  } catch (e) {
    if (e instanceof UnknownTimeZoneError) throw ConfigException.invalid(name, value, e.message)
    throw e
  }
}, 'Any timezone accepted by: class org.joda.time.DateTimeZone')

const partitionFieldNames = customValidator<readonly string[]>((name, value) => {
  for (const fieldName of value ?? []) {
    if (fieldName.trim() === '') throw ConfigException.invalid(name, fieldName, 'Field name cannot be null or empty')
    if (splitPath(fieldName).some((segment) => segment.trim() === '')) {
      throw ConfigException.invalid(
        name,
        fieldName,
        'Field name cannot contain an empty or whitespace-only path segment',
      )
    }
  }
}, 'Validate partition field names is not null or empty')

const CONNECTOR = 'Connector'
const S3 = 'S3'
const KEYS_AND_HEADERS = 'Keys and Headers'
const STORAGE = 'Storage'
const PARTITIONER = 'Partitioner'
const SCHEMA = 'Schema'

export const S3_SINK_CONFIG = defineConfig({
  // --- Connector (StorageSinkConnectorConfig) ---
  'format.class': field.class({
    doc: 'The format class to use when writing data to the store.',
    validator: classIn(FORMAT_CLASSES),
    importance: 'HIGH',
    group: CONNECTOR,
    orderInGroup: 1,
  }),
  'flush.size': field.int({
    doc: "Number of records written to store before invoking file commits. On Lambda a file never outlives one batch of the event source mapping: files close at `flush.size` records of a topic partition and at the end of every batch, so set the mapping's batch size to at least `flush.size` (the deployment derives it from this key) to get files of `flush.size` records.",
    importance: 'HIGH',
    group: CONNECTOR,
    orderInGroup: 2,
  }),
  'rotate.interval.ms': field.long({
    doc: "The time interval in milliseconds to invoke file commits, measured on the extracted timestamps (time-based partitioners only). -1 disables it. On Lambda files also close at the end of every batch, so the mapping's batching window (derived from this key) bounds how long a record waits.",
    default: -1,
    importance: 'HIGH',
    group: CONNECTOR,
    orderInGroup: 3,
  }),
  'rotate.schedule.interval.ms': field.long({
    doc: 'The time interval in milliseconds to periodically invoke file commits, aligned to midnight in `timezone`, regardless of data. -1 disables it. Accepted on Lambda, where it has no further effect: every file is committed at the end of the batch it started in, at most one batching window after its first record, which is what a schedule is for (and the output stays deterministic).',
    default: -1,
    group: CONNECTOR,
    orderInGroup: 4,
  }),
  'schema.cache.size': field.int({
    doc: 'The size of the schema cache used in the Avro converter.',
    default: 1000,
    importance: 'LOW',
    group: CONNECTOR,
    orderInGroup: 5,
  }),
  'enhanced.avro.schema.support': field.boolean({
    doc: 'Enable enhanced avro schema support in AvroConverter: Enum symbol preservation and Package Name awareness',
    default: true,
    importance: 'LOW',
    group: CONNECTOR,
    orderInGroup: 6,
  }),
  'connect.meta.data': field.boolean({
    doc: 'Allow connect converter to add its metadata to the output schema',
    default: true,
    importance: 'LOW',
    group: CONNECTOR,
    orderInGroup: 7,
  }),
  'retry.backoff.ms': field.long({
    doc: 'The retry backoff in milliseconds, for transient failures.',
    default: 5000,
    importance: 'LOW',
    group: CONNECTOR,
    orderInGroup: 8,
  }),
  'filename.offset.zero.pad.width': field.int({
    doc: "Width to zero pad offsets in store's filenames if offsets are too short in order to provide fixed width filenames that can be ordered by simple lexicographic sorting.",
    default: 10,
    validator: atLeast(0),
    importance: 'LOW',
    group: CONNECTOR,
    orderInGroup: 10,
  }),
  'avro.codec': field.string({
    doc: 'The Avro compression codec to be used for output files. Available values: null, deflate, snappy and bzip2 (bzip2 is not supported by connectless).',
    default: 'null',
    validator: validString(...AVRO_CODECS),
    importance: 'LOW',
    group: CONNECTOR,
    orderInGroup: 11,
  }),
  'allow.optional.map.keys': field.boolean({
    doc: 'Allow optional string map key when converting from Connect Schema to Avro Schema.',
    default: false,
    importance: 'LOW',
    group: CONNECTOR,
    orderInGroup: 12,
  }),
  'parquet.codec': field.string({
    doc: 'The Parquet compression codec to be used for output files: none, snappy, gzip or zstd (lzo, brotli, lz4 and lz4_raw are not supported by connectless).',
    default: 'snappy',
    validator: oneOf(PARQUET_CODECS),
    importance: 'LOW',
    group: CONNECTOR,
    orderInGroup: 13,
  }),
  // --- Schema ---
  'schema.compatibility': field.string({
    doc: 'The schema compatibility rule to use when the connector is observing schema changes. The supported configurations are NONE, BACKWARD, FORWARD and FULL.',
    default: 'NONE',
    importance: 'HIGH',
    group: SCHEMA,
    orderInGroup: 1,
  }),
  // --- S3 ---
  's3.bucket.name': field.string({ doc: 'The S3 Bucket.', importance: 'HIGH', group: S3, orderInGroup: 1 }),
  's3.object.tagging': field.boolean({
    doc: 'Tag S3 objects with start and end offsets, as well as record count.',
    default: false,
    importance: 'LOW',
    group: S3,
    orderInGroup: 2,
  }),
  's3.object.tagging.key.value.pairs': field.list({
    doc: 'Additional S3 tag key value pairs',
    default: [],
    importance: 'LOW',
    group: S3,
    orderInGroup: 3,
  }),
  's3.object.behavior.on.tagging.error': field.string({
    doc: "How to handle S3 object tagging error. Valid options are 'ignore' and 'fail'.",
    default: 'ignore',
    validator: ignoreOrFail,
    importance: 'LOW',
    group: S3,
    orderInGroup: 4,
  }),
  's3.region': field.string({
    doc: 'The AWS region to be used the connector.',
    default: 'us-west-2',
    group: S3,
    orderInGroup: 5,
  }),
  's3.part.size': field.int({
    doc: 'The Part Size in S3 Multi-part Uploads.',
    default: 25 * 1024 * 1024,
    validator: partRange,
    importance: 'HIGH',
    group: S3,
    orderInGroup: 6,
  }),
  's3.credentials.provider.class': field.class({
    doc: 'Credentials provider or provider chain to use for authentication to AWS. By default the connector uses `DefaultCredentialsProvider` (in Lambda: the function role).',
    default: 'software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider',
    importance: 'LOW',
    group: S3,
    orderInGroup: 7,
  }),
  'aws.access.key.id': field.string({
    doc: 'The AWS access key ID used to authenticate personal AWS credentials such as IAM credentials.',
    default: '',
    importance: 'HIGH',
    group: S3,
    orderInGroup: 8,
  }),
  'aws.secret.access.key': field.password({
    doc: 'The secret access key used to authenticate personal AWS credentials such as IAM credentials.',
    default: null,
    importance: 'HIGH',
    group: S3,
    orderInGroup: 9,
  }),
  's3.ssea.name': field.string({
    doc: 'The S3 Server Side Encryption Algorithm.',
    default: '',
    validator: validString(...SSE_ALGORITHMS),
    importance: 'LOW',
    group: S3,
    orderInGroup: 10,
  }),
  's3.sse.customer.key': field.password({
    doc: 'The S3 Server Side Encryption Customer-Provided Key (SSE-C).',
    default: null,
    importance: 'LOW',
    group: S3,
    orderInGroup: 11,
  }),
  's3.sse.kms.key.id': field.string({
    doc: 'The name of the AWS Key Management Service (AWS-KMS) key to be used for server side encryption of the S3 objects.',
    default: '',
    importance: 'LOW',
    group: S3,
    orderInGroup: 12,
  }),
  's3.acl.canned': field.string({
    doc: 'An S3 canned ACL header value to apply when writing objects.',
    default: null,
    validator: customValidator<string>(
      (name, value) => {
        if (value !== null && !(CANNED_ACLS as readonly string[]).includes(value.trim())) {
          throw ConfigException.invalid(name, value, `Value must be one of: [${CANNED_ACLS.join(', ')}]`)
        }
      },
      `[${CANNED_ACLS.join(', ')}]`,
    ),
    importance: 'LOW',
    group: S3,
    orderInGroup: 13,
  }),
  's3.wan.mode': field.boolean({ doc: 'Use S3 accelerated endpoint.', default: false, group: S3, orderInGroup: 14 }),
  's3.compression.type': field.string({
    doc: 'Compression type for files written to S3. Applied when using JsonFormat or ByteArrayFormat. Available values: none, gzip.',
    default: 'none',
    validator: oneOf(['none', 'gzip']),
    importance: 'LOW',
    group: S3,
    orderInGroup: 15,
  }),
  's3.compression.level': field.int({
    doc: 'Compression level for files written to S3. Applied when using JsonFormat or ByteArrayFormat.',
    default: -1,
    validator: between(-1, 9),
    importance: 'LOW',
    group: S3,
    orderInGroup: 16,
  }),
  'json.decimal.format': field.string({
    doc: "Controls which format json converter will serialize decimals in. This value is case insensitive and can be either 'BASE64' (default) or 'NUMERIC'",
    default: 'BASE64',
    validator: caseInsensitiveValidString('BASE64', 'NUMERIC'),
    group: S3,
    orderInGroup: 17,
  }),
  's3.part.retries': field.int({
    doc: 'Maximum number of retry attempts for failed requests. Zero means no retries.',
    default: 3,
    validator: atLeast(0),
    group: S3,
    orderInGroup: 18,
  }),
  's3.retry.backoff.ms': field.long({
    doc: 'How long to wait in milliseconds before attempting the first retry of a failed S3 request.',
    default: 200,
    validator: atLeast(0),
    importance: 'LOW',
    group: S3,
    orderInGroup: 19,
  }),
  'format.bytearray.extension': field.string({
    doc: 'Output file extension for ByteArrayFormat. Defaults to `.bin`.',
    default: '.bin',
    importance: 'LOW',
    group: S3,
    orderInGroup: 20,
  }),
  'format.bytearray.separator': field.string({
    doc: 'String inserted between records for ByteArrayFormat. Defaults to the line separator (`\\n`). Whitespace in it is kept.',
    default: null,
    importance: 'LOW',
    group: S3,
    orderInGroup: 21,
  }),
  's3.proxy.url': field.string({
    doc: 'S3 Proxy settings encoded in URL syntax.',
    default: '',
    importance: 'LOW',
    group: S3,
    orderInGroup: 22,
  }),
  's3.proxy.user': field.string({
    doc: 'S3 Proxy User.',
    default: null,
    importance: 'LOW',
    group: S3,
    orderInGroup: 23,
  }),
  's3.proxy.password': field.password({
    doc: 'S3 Proxy Password.',
    default: null,
    importance: 'LOW',
    group: S3,
    orderInGroup: 24,
  }),
  's3.http.send.expect.continue': field.boolean({
    doc: 'Enable or disable use of the HTTP/1.1 handshake using EXPECT: 100-CONTINUE during multi-part upload.',
    default: true,
    importance: 'LOW',
    group: S3,
    orderInGroup: 25,
  }),
  'behavior.on.null.values': field.string({
    doc: "How to handle records with a null value (i.e. Kafka tombstone records). Valid options are 'ignore', 'fail' and 'write'. With 'write', tombstones go to `tombstone.encoded.partition` and `store.kafka.keys` must be true.",
    default: 'fail',
    validator: nullBehavior,
    importance: 'LOW',
    group: S3,
    orderInGroup: 26,
  }),
  'report.null.values.to.dlq': field.boolean({
    doc: "Determine whether to log records with null values to dlq. `errors.tolerance` should be set to 'all' for successfully writing into dlq",
    default: true,
    importance: 'LOW',
    group: S3,
    orderInGroup: 27,
  }),
  'max.write.duration.ms': field.long({
    doc: 'The maximum duration that a task will spend in batching and writing to S3.',
    default: Number.MAX_SAFE_INTEGER,
    importance: 'LOW',
    group: S3,
    orderInGroup: 28,
  }),
  'rotate.file.on.partition.change': field.boolean({
    doc: 'Whether to rotate existing files when the record belongs to a new encoded partition (with rotate.interval.ms and a timestamp extractor).',
    default: true,
    importance: 'LOW',
    group: S3,
    orderInGroup: 29,
  }),
  'tombstone.encoded.partition': field.string({
    doc: 'Output s3 folder to write the tombstone records to.',
    default: 'tombstone',
    importance: 'LOW',
    group: S3,
    orderInGroup: 30,
  }),
  's3.schema.partition.affix.type': field.string({
    doc: 'Append the record schema name to prefix or suffix in the s3 path after the topic name. None will not append the schema name in the s3 path.',
    default: 'NONE',
    validator: validString('SUFFIX', 'PREFIX', 'NONE'),
    importance: 'LOW',
    group: S3,
    orderInGroup: 31,
  }),
  's3.send.digest': field.boolean({
    doc: 'Enable or disable sending MD5 digest with S3 multipart upload request.',
    default: false,
    importance: 'LOW',
    group: S3,
    orderInGroup: 32,
  }),
  'enable.conditional.writes': field.boolean({
    doc: "Whether to use conditional writes when completing uploads; Confluent's connector ignores it unless `rotate.schedule.interval.ms` is set and neither keys nor headers are stored. connectless always writes with `If-None-Match: *` and compares the existing object's digest (see `s3-storage.ts`); the key is accepted for compatibility.",
    default: true,
    importance: 'LOW',
    group: S3,
    orderInGroup: 33,
  }),
  'max.files.scan.limit': field.int({
    doc: 'Internal: how many offsets to scan for a free file name under conditional writes.',
    default: 100,
    importance: 'LOW',
    group: S3,
    orderInGroup: 34,
  }),
  's3.object.storage.class': field.string({
    doc: `connectless only (Confluent's connector has no such key): the S3 storage class of the objects written, one of ${S3_STORAGE_CLASSES.join(', ')}. Unset: the bucket's default (STANDARD).`,
    default: null,
    validator: customValidator<string>(
      (name, value) => {
        if (value !== null && !(S3_STORAGE_CLASSES as readonly string[]).includes(value)) {
          throw ConfigException.invalid(name, value, `Value must be one of: [${S3_STORAGE_CLASSES.join(', ')}]`)
        }
      },
      `[${S3_STORAGE_CLASSES.join(', ')}]`,
    ),
    importance: 'LOW',
    group: S3,
    orderInGroup: 35,
  }),
  // --- Keys and Headers ---
  'store.kafka.keys': field.boolean({
    doc: 'Enable or disable writing keys to storage. This config is mandatory when the writing of tombstone records is enabled.',
    default: false,
    importance: 'LOW',
    group: KEYS_AND_HEADERS,
    orderInGroup: 1,
  }),
  'store.kafka.headers': field.boolean({
    doc: 'Enable or disable writing headers to storage.',
    default: false,
    importance: 'LOW',
    group: KEYS_AND_HEADERS,
    orderInGroup: 2,
  }),
  'keys.format.class': field.class({
    doc: 'The format class to use when writing keys to the store.',
    default: FormatClass.AVRO,
    validator: classIn(FORMAT_CLASSES),
    importance: 'LOW',
    group: KEYS_AND_HEADERS,
    orderInGroup: 3,
  }),
  'headers.format.class': field.class({
    doc: 'The format class to use when writing headers to the store (ByteArrayFormat is not allowed).',
    default: FormatClass.AVRO,
    validator: classIn([FormatClass.AVRO, FormatClass.JSON, FormatClass.PARQUET]),
    importance: 'LOW',
    group: KEYS_AND_HEADERS,
    orderInGroup: 4,
  }),
  's3.path.style.access.enabled': field.boolean({
    doc: 'Specifies whether or not to enable path style access to the bucket used by the connector',
    default: true,
    importance: 'LOW',
    group: KEYS_AND_HEADERS,
    orderInGroup: 5,
  }),
  's3.elastic.buffer.enable': field.boolean({
    doc: 'Specifies whether or not to allocate elastic buffer for staging s3-part to save memory.',
    default: false,
    importance: 'LOW',
    group: KEYS_AND_HEADERS,
    orderInGroup: 6,
  }),
  's3.elastic.buffer.init.capacity': field.int({
    doc: 'Elastic buffer initial capacity.',
    default: 128 * 1024,
    validator: atLeast(4096),
    importance: 'LOW',
    group: KEYS_AND_HEADERS,
    orderInGroup: 7,
  }),
  'partitioner.max.open.files': field.int({
    doc: 'Internal: the cap on open files per Kafka partition; -1 is unlimited.',
    default: -1,
    importance: 'LOW',
    group: KEYS_AND_HEADERS,
    orderInGroup: 8,
  }),
  // --- Storage (StorageCommonConfig) ---
  'storage.class': field.class({
    doc: 'The underlying storage layer: `io.confluent.connect.s3.storage.S3Storage`.',
    validator: classIn([S3_STORAGE_CLASS]),
    importance: 'HIGH',
    group: STORAGE,
    orderInGroup: 1,
  }),
  'topics.dir': field.string({
    doc: 'Top level directory to store the data ingested from Kafka.',
    default: 'topics',
    importance: 'HIGH',
    group: STORAGE,
    orderInGroup: 2,
  }),
  'store.url': field.string({
    doc: "Store's connection URL, if applicable (the S3 endpoint override).",
    default: null,
    importance: 'HIGH',
    group: STORAGE,
    orderInGroup: 3,
  }),
  'directory.delim': field.string({
    doc: 'Directory delimiter pattern',
    default: '/',
    group: STORAGE,
    orderInGroup: 4,
  }),
  'file.delim': field.string({ doc: 'File delimiter pattern', default: '+', group: STORAGE, orderInGroup: 5 }),
  // --- Partitioner (PartitionerConfig) ---
  'partitioner.class': field.class({
    doc: 'The partitioner to use when writing data to the store: `DefaultPartitioner` (Kafka partitions), `FieldPartitioner` (`partition.field.name`), `TimeBasedPartitioner`, `DailyPartitioner` or `HourlyPartitioner`, under their `io.confluent.connect.storage.partitioner` class names.',
    default: PartitionerClass.DEFAULT,
    validator: classIn(PARTITIONER_CLASSES),
    importance: 'HIGH',
    group: PARTITIONER,
    orderInGroup: 1,
  }),
  'partition.field.name': field.list({
    doc: 'The name of the partitioning field when FieldPartitioner is used.',
    default: [],
    validator: partitionFieldNames,
    group: PARTITIONER,
    orderInGroup: 2,
  }),
  'partition.duration.ms': field.long({
    doc: 'The duration of a partition milliseconds used by `TimeBasedPartitioner`. Unset (-1) with `TimeBasedPartitioner`: the finest unit `path.format` prints, with a warning (Confluent refuses the config).',
    default: -1,
    group: PARTITIONER,
    orderInGroup: 3,
  }),
  'path.format': field.string({
    doc: "The Joda-Time pattern of the data directories for `TimeBasedPartitioner`, e.g. `'year'=YYYY/'month'=MM/'day'=dd/'hour'=HH`. `YYYY` is the calendar year (Joda's year of era).",
    default: '',
    group: PARTITIONER,
    orderInGroup: 4,
  }),
  locale: field.string({
    doc: 'The locale to use when partitioning with `TimeBasedPartitioner` (e.g. `en-US`); it matters for text fields such as month names.',
    default: '',
    group: PARTITIONER,
    orderInGroup: 5,
  }),
  timezone: field.string({
    doc: 'The timezone to use when partitioning with `TimeBasedPartitioner`: a tz database id such as `America/Los_Angeles`, `UTC`, or a fixed offset `[+-]hh:mm`.',
    default: '',
    validator: timezoneValidator,
    group: PARTITIONER,
    orderInGroup: 6,
  }),
  'timestamp.extractor': field.string({
    doc: 'The extractor that gets the timestamp for records when partitioning with `TimeBasedPartitioner`: `Wallclock`, `Record` or `RecordField`.',
    default: 'Wallclock',
    group: PARTITIONER,
    orderInGroup: 7,
  }),
  'timestamp.field': field.string({
    doc: 'The record field to be used as timestamp by the timestamp extractor (dotted paths reach nested fields).',
    default: 'timestamp',
    group: PARTITIONER,
    orderInGroup: 8,
  }),
})

export type S3SinkParsedConfig = ParsedConfig<typeof S3_SINK_CONFIG.keys>

export const NullValueBehavior = { IGNORE: 'ignore', FAIL: 'fail', WRITE: 'write' } as const
export type NullValueBehavior = (typeof NullValueBehavior)[keyof typeof NullValueBehavior]

/** The S3 sink's settings, parsed, defaulted and checked across keys. */
export interface S3SinkConfig {
  readonly parsed: S3SinkParsedConfig
  readonly formatClass: FormatClass
  readonly flushSize: number
  readonly rotateIntervalMs: number
  readonly rotateScheduleIntervalMs: number
  readonly parquetCodec: ParquetCodec
  readonly avroCodec: AvroCodec
  readonly compressionType: 'none' | 'gzip'
  readonly compressionLevel: number
  readonly jsonDecimalFormat: 'BASE64' | 'NUMERIC'
  readonly byteArrayExtension: string
  /** `format.bytearray.separator` as given (whitespace kept), else the line separator. */
  readonly byteArraySeparator: string
  readonly schemaCompatibility: StorageSchemaCompatibility
  readonly nullValueBehavior: NullValueBehavior
  readonly bucketName: string
  readonly region: string
  readonly topicsDir: string
  readonly directoryDelim: string
  readonly fileDelim: string
  readonly zeroPadWidth: number
  readonly partitionerClass: string
  readonly partitionFieldNames: readonly string[]
  /** The duration in effect: the configured one, or the default chosen for an unset TimeBasedPartitioner. */
  readonly partitionDurationMs: number
  readonly pathFormat: string
  readonly locale: string
  readonly timezone: string
  readonly timestampExtractor: string
  readonly timestampField: string
  readonly storeKafkaKeys: boolean
  readonly storeKafkaHeaders: boolean
  readonly tombstoneEncodedPartition: string
  readonly schemaPartitionAffixType: string
  /** Warnings for the user (already logged once): keys accepted where Connect would refuse or ignore them. */
  readonly warnings: readonly string[]
}

const COMPRESSION_FORMATS: readonly string[] = [FormatClass.JSON, FormatClass.BYTE_ARRAY]

/** Confluent's `FORMAT_CONFIG_ERROR_MESSAGE`. */
function compressionError(kind: string, formatClass: string): ConfigException {
  return new ConfigException(`Compression Type gzip not valid for ${kind} format class: ( ${formatClass} ).`, {
    key: 's3.compression.type',
  })
}

/** Parses and checks an S3 sink config; throws ConfigException naming the key at fault. */
export function parseS3SinkConfig(props: ConfigProps): S3SinkConfig {
  const parsed = S3_SINK_CONFIG.parse(props)
  const v = parsed.values
  const warnings: string[] = []

  const parquetCodec = v['parquet.codec']
  if (!(SUPPORTED_PARQUET_CODECS as readonly string[]).includes(parquetCodec)) {
    throw ConfigException.invalid(
      'parquet.codec',
      parquetCodec,
      `connectless writes Parquet with ${SUPPORTED_PARQUET_CODECS.join(', ')} only`,
    )
  }
  const avroCodec = v['avro.codec']
  if (!(SUPPORTED_AVRO_CODECS as readonly string[]).includes(avroCodec)) {
    throw ConfigException.invalid(
      'avro.codec',
      avroCodec,
      `connectless writes Avro with ${SUPPORTED_AVRO_CODECS.join(', ')} only`,
    )
  }

  const compressionType = v['s3.compression.type'] as 'none' | 'gzip'
  if (compressionType === 'gzip') {
    if (!COMPRESSION_FORMATS.includes(v['format.class'])) throw compressionError('data', v['format.class'])
    if (v['store.kafka.keys'] && !COMPRESSION_FORMATS.includes(v['keys.format.class'])) {
      throw compressionError('keys', v['keys.format.class'])
    }
    if (v['store.kafka.headers'] && !COMPRESSION_FORMATS.includes(v['headers.format.class'])) {
      throw compressionError('headers', v['headers.format.class'])
    }
  }

  const nullValueBehavior = v['behavior.on.null.values'].toLowerCase() as NullValueBehavior
  if (nullValueBehavior === 'write' && !v['store.kafka.keys']) {
    throw new ConfigException('Writing Kafka record keys to storage is mandatory when tombstone writing is enabled.', {
      key: 'store.kafka.keys',
    })
  }
  if (v['s3.wan.mode'] && v['s3.path.style.access.enabled']) {
    throw new ConfigException(
      'Both accelerate mode and path style access are being enabled. These options are mutually exclusive and cannot be enabled together. Please disable one of them',
      { key: 's3.wan.mode' },
    )
  }
  if (v['rotate.schedule.interval.ms'] > 0 && v.timezone.trim() === '') {
    throw new ConfigException('timezone configuration must be set when using rotate.schedule.interval.ms', {
      key: 'timezone',
    })
  }

  const partitionerClass = v['partitioner.class']
  if (partitionerClass === PartitionerClass.FIELD && v['partition.field.name'].length === 0) {
    throw new ConfigException('Partition field name cannot be null or empty when using FieldPartitioner.', {
      key: 'partition.field.name',
    })
  }

  let partitionDurationMs = v['partition.duration.ms']
  if (
    partitionerClass === PartitionerClass.TIME_BASED &&
    partitionDurationMs === -1 &&
    v['path.format'].trim() !== ''
  ) {
    partitionDurationMs = defaultPartitionDuration(v['path.format'])
    const message =
      `partition.duration.ms is not set; using ${partitionDurationMs} ms, the finest unit of path.format ` +
      `'${v['path.format']}'. Kafka Connect's TimeBasedPartitioner refuses this config ` +
      '("Partition duration needs to be a positive."); set partition.duration.ms to keep it portable.'
    warnings.push(message)
    warnOnce(`s3-sink:partition.duration.ms:${v['path.format']}`, message, {
      key: 'partition.duration.ms',
      value: partitionDurationMs,
    })
  }
  if (v['rotate.interval.ms'] > 0 && !isTimeBased(partitionerClass)) {
    const message = `Property 'rotate.interval.ms' is set to '${v['rotate.interval.ms']}ms' but partitioner is not an instance of 'io.confluent.connect.storage.partitioner.TimeBasedPartitioner'. This property is ignored.`
    warnings.push(message)
    warnOnce(`s3-sink:rotate.interval.ms:${partitionerClass}`, message)
  }

  const originals = parsed.originals()
  const separator = originals['format.bytearray.separator']

  return {
    parsed,
    formatClass: v['format.class'] as FormatClass,
    flushSize: v['flush.size'],
    rotateIntervalMs: v['rotate.interval.ms'],
    rotateScheduleIntervalMs: v['rotate.schedule.interval.ms'],
    parquetCodec: parquetCodec as ParquetCodec,
    avroCodec: avroCodec as AvroCodec,
    compressionType,
    compressionLevel: v['s3.compression.level'],
    jsonDecimalFormat: v['json.decimal.format'].toUpperCase() as 'BASE64' | 'NUMERIC',
    byteArrayExtension: v['format.bytearray.extension'],
    byteArraySeparator: separator === undefined || separator === null ? '\n' : separator,
    schemaCompatibility: getCompatibility(v['schema.compatibility']),
    nullValueBehavior,
    bucketName: v['s3.bucket.name'],
    region: v['s3.region'],
    topicsDir: v['topics.dir'],
    directoryDelim: v['directory.delim'],
    fileDelim: v['file.delim'],
    zeroPadWidth: v['filename.offset.zero.pad.width'],
    partitionerClass,
    partitionFieldNames: v['partition.field.name'],
    partitionDurationMs,
    pathFormat: v['path.format'],
    locale: v.locale,
    timezone: v.timezone,
    timestampExtractor: v['timestamp.extractor'],
    timestampField: v['timestamp.field'],
    storeKafkaKeys: v['store.kafka.keys'],
    storeKafkaHeaders: v['store.kafka.headers'],
    tombstoneEncodedPartition: v['tombstone.encoded.partition'],
    schemaPartitionAffixType: v['s3.schema.partition.affix.type'],
    warnings,
  }
}

/** The partitioner settings of a parsed config, for `newPartitioner`. */
export function partitionerSettings(config: S3SinkConfig): PartitionerSettings {
  return {
    partitionerClass: config.partitionerClass,
    directoryDelim: config.directoryDelim,
    partitionFieldNames: config.partitionFieldNames,
    partitionDurationMs: config.partitionDurationMs,
    pathFormat: config.pathFormat,
    locale: config.locale,
    timezone: config.timezone,
    timestampExtractor: config.timestampExtractor,
    timestampField: config.timestampField,
    schemaPartitionAffixType: config.schemaPartitionAffixType,
    tombstoneEncodedPartition: config.nullValueBehavior === 'write' ? config.tombstoneEncodedPartition : null,
  }
}
