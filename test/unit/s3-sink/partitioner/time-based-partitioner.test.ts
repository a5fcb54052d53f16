import { describe, expect, it } from 'vitest'
import { newPartitioner, type PartitionerSettings } from '../../../../functions/s3-sink/partitioner/new-partitioner.js'
import { PartitionException } from '../../../../functions/s3-sink/partitioner/partition-exception.js'
import {
  defaultPartitionDuration,
  getPartition,
  TimeBasedPartitioner,
} from '../../../../functions/s3-sink/partitioner/time-based-partitioner.js'
import { forId } from '../../../../functions/s3-sink/partitioner/time-zone.js'
import { newTimestampExtractor } from '../../../../functions/s3-sink/partitioner/timestamp-extractor.js'
import { SchemaBuilder, Schemas } from '../../../../layers/runtime/data/schema.js'
import { Struct } from '../../../../layers/runtime/data/struct.js'
import { ConfigException, DataException } from '../../../../layers/runtime/errors.js'
import {
  recordWithTimestampField,
  schemaWithTimestampField,
  sinkRecord,
  sinkRecordWithField,
  TIMESTAMP_SCHEMA,
  TOPIC,
  valuedRecord,
} from '../fixtures.js'

const LA = 'America/Los_Angeles'
const HOUR = 3_600_000
const DAY = 86_400_000
/** Confluent's DATE_TIME: 2015-04-02T01:00 in Los Angeles (PDT, UTC-7). */
const DATE_TIME = Date.UTC(2015, 3, 2, 8)
const PATH_FORMAT = "'year'=YYYY/'month'=M/'day'=d/'hour'=H"

function settings(overrides: Partial<PartitionerSettings> = {}): PartitionerSettings {
  return {
    partitionerClass: 'io.confluent.connect.storage.partitioner.TimeBasedPartitioner',
    directoryDelim: '/',
    partitionFieldNames: [],
    partitionDurationMs: HOUR,
    pathFormat: PATH_FORMAT,
    locale: 'en_US',
    timezone: LA,
    timestampExtractor: 'Record',
    timestampField: 'timestamp',
    ...overrides,
  }
}

function encode(overrides: Partial<PartitionerSettings>, record = sinkRecord(DATE_TIME), now = 0): string {
  return newPartitioner(settings(overrides)).encodePartition(record, now)
}

function configError(overrides: Partial<PartitionerSettings>): string {
  try {
    newPartitioner(settings(overrides))
  } catch (e) {
    expect(e).toBeInstanceOf(ConfigException)
    return (e as Error).message
  }
  throw new Error('expected a ConfigException')
}

describe('TimeBasedPartitioner configuration (Confluent TimeBasedPartitionerTest)', () => {
  it('rejects a negative partition duration with Confluent message', () => {
    expect(configError({ partitionDurationMs: -1 })).toBe(
      'Invalid value -1 for configuration partition.duration.ms: Partition duration needs to be a positive.',
    )
  })

  it('rejects a path format with unquoted letters Joda does not know', () => {
    expect(configError({ pathFormat: "year='YYYY'/month='MM'" })).toBe(
      "Invalid value year='YYYY'/month='MM' for configuration path.format: Illegal pattern component: r",
    )
  })

  it('rejects an empty path format and one that is only the delimiter', () => {
    expect(configError({ pathFormat: '' })).toBe(
      'Invalid value  for configuration path.format: Path format cannot be empty.',
    )
    expect(configError({ pathFormat: '/' })).toBe(
      'Invalid value / for configuration path.format: Path format cannot be empty.',
    )
  })

  it('drops a trailing directory delimiter from the path format', () => {
    const p = newPartitioner(settings({ pathFormat: "'year='YYYY/" })) as TimeBasedPartitioner
    expect(p.pathFormat).toBe("'year='YYYY")
  })

  it('rejects an empty locale and an empty timezone with Confluent messages', () => {
    expect(configError({ locale: '' })).toBe('Invalid value  for configuration locale: Locale cannot be empty.')
    expect(configError({ timezone: '' })).toBe('Invalid value  for configuration timezone: Timezone cannot be empty.')
  })

  it('rejects an unknown timezone with Joda message', () => {
    expect(configError({ timezone: 'Mars/Olympus' })).toBe(
      "Invalid value Mars/Olympus for configuration timezone: The datetime zone id 'Mars/Olympus' is not recognised",
    )
  })

  it('rejects an unknown timestamp extractor class by name', () => {
    const name = 'io.confluent.connect.storage.partitioner.TimeBasedPartitioner$FutureTimestampExtractor'
    expect(configError({ timestampExtractor: name })).toBe(`Invalid timestamp extractor: ${name}`)
  })

  it('accepts the built-in extractors under their full class names', () => {
    const name = 'io.confluent.connect.storage.partitioner.TimeBasedPartitioner$RecordTimestampExtractor'
    expect(encode({ timestampExtractor: name })).toBe('year=2015/month=4/day=2/hour=1')
  })
})

describe('TimeBasedPartitioner buckets and paths', () => {
  it('rounds down to the partition duration in the partition timezone', () => {
    // Confluent's BiHourlyPartitioner: 01:00 in Los Angeles falls in the 00:00–02:00 bucket
    const p = newPartitioner(settings({ partitionDurationMs: 2 * HOUR }))
    const encoded = p.encodePartition(sinkRecord(DATE_TIME), 0)
    expect(p.generatePartitionedPath('topic', encoded)).toBe('topic/year=2015/month=4/day=2/hour=0')
  })

  it('uses the Kafka record timestamp with the Record extractor', () => {
    expect(encode({})).toBe('year=2015/month=4/day=2/hour=1')
  })

  it('fails a record without a timestamp under the Record extractor', () => {
    const record = valuedRecord(Schemas.STRING, 'foo', null)
    expect(() => encode({}, record)).toThrow(PartitionException)
    expect(() => encode({}, record)).toThrow(/^Unable to determine timestamp using timestamp.extractor Record/)
  })

  it('uses the processing time given to it with the Wallclock extractor', () => {
    // 15778800000 = 1970-07-02T15:00Z = 08:00 in Los Angeles (PDT)
    expect(encode({ timestampExtractor: 'Wallclock' }, sinkRecord(DATE_TIME), 15778800000)).toBe(
      'year=1970/month=7/day=2/hour=8',
    )
  })

  it('formats DailyPartitioner paths with two-digit month and day', () => {
    const p = newPartitioner(
      settings({ partitionerClass: 'io.confluent.connect.storage.partitioner.DailyPartitioner', pathFormat: '' }),
    )
    // 2014-02-01T03:00 in Los Angeles (PST, UTC-8)
    expect(p.encodePartition(sinkRecord(Date.UTC(2014, 1, 1, 11)), 0)).toBe('year=2014/month=02/day=01')
  })

  it('formats HourlyPartitioner paths with two-digit hours', () => {
    const p = newPartitioner(
      settings({ partitionerClass: 'io.confluent.connect.storage.partitioner.HourlyPartitioner' }),
    )
    expect(p.encodePartition(sinkRecord(Date.UTC(2014, 1, 1, 11)), 0)).toBe('year=2014/month=02/day=01/hour=03')
  })

  it('follows daylight saving time in the HourlyPartitioner (Confluent Santiago case)', () => {
    const p = newPartitioner(
      settings({
        partitionerClass: 'io.confluent.connect.storage.partitioner.HourlyPartitioner',
        timezone: 'America/Santiago',
        locale: 'es_CL',
      }),
    )
    expect(p.encodePartition(sinkRecord(1715224653000), 0)).toBe('year=2024/month=05/day=08/hour=23')
    expect(p.encodePartition(sinkRecord(1706411853000), 0)).toBe('year=2024/month=01/day=28/hour=00')
  })

  it('puts Hourly directory separators from directory.delim', () => {
    const p = newPartitioner(
      settings({
        partitionerClass: 'io.confluent.connect.storage.partitioner.HourlyPartitioner',
        directoryDelim: '_',
        timezone: 'UTC',
      }),
    )
    const encoded = p.encodePartition(sinkRecord(Date.UTC(2025, 0, 22, 2, 30)), 0)
    expect(p.generatePartitionedPath(TOPIC, encoded)).toBe('test-topic_year=2025_month=01_day=22_hour=02')
  })

  it('writes the seed config daily layout in UTC for the last millisecond of a day', () => {
    const p = newPartitioner(
      settings({
        pathFormat: "'year'=YYYY/'month'=MM/'day'=dd",
        partitionDurationMs: DAY,
        timezone: 'UTC',
        locale: 'en-US',
      }),
    )
    expect(p.encodePartition(sinkRecord(Date.UTC(2026, 10, 29, 23, 59, 59, 999)), 0)).toBe('year=2026/month=11/day=29')
    expect(p.encodePartition(sinkRecord(Date.UTC(2026, 10, 30)), 0)).toBe('year=2026/month=11/day=30')
  })

  it('rounds a pre-1970 local time towards zero, as Java long division does', () => {
    // 1969-12-30T12:00Z in UTC: Java's (ts / day) * day rounds up to 1969-12-31T00:00
    expect(getPartition(DAY, Date.UTC(1969, 11, 30, 12), forId('UTC'))).toBe(Date.UTC(1969, 11, 31))
    expect(getPartition(DAY, Date.UTC(1970, 0, 2, 12), forId('UTC'))).toBe(Date.UTC(1970, 0, 2))
  })

  it('starts a day bucket after a DST gap at midnight, as Joda resolves the missing midnight', () => {
    // America/Sao_Paulo skipped 2018-11-04 00:00–01:00 local time
    const p = newPartitioner(
      settings({ pathFormat: "'day'=dd/'hour'=HH", partitionDurationMs: DAY, timezone: 'America/Sao_Paulo' }),
    ) as TimeBasedPartitioner
    expect(getPartition(DAY, Date.UTC(2018, 10, 4, 12), p.zone)).toBe(Date.UTC(2018, 10, 4, 3))
    expect(p.encodeTimestamp(Date.UTC(2018, 10, 4, 12))).toBe('day=04/hour=01')
  })

  it('starts a day bucket at local midnight in a zone with an offset', () => {
    // 2024-03-10 is the US spring-forward day; 2024-03-10T12:00Z is 08:00 EDT that day
    const bucket = getPartition(DAY, Date.UTC(2024, 2, 10, 12), forId('America/New_York'))
    expect(bucket).toBe(Date.UTC(2024, 2, 10, 5)) // midnight EST
  })
})

describe('Joda YYYY around New Year', () => {
  const format = (pathFormat: string, ts: number) =>
    (
      newPartitioner(settings({ pathFormat, partitionDurationMs: DAY, timezone: 'UTC' })) as TimeBasedPartitioner
    ).encodeTimestamp(ts)

  it('prints the calendar year for YYYY on 30 December although the week-based year is the next one', () => {
    // 2024-12-30 is a Monday in ISO week 1 of 2025
    expect(format("'year'=YYYY/'month'=MM/'day'=dd", Date.UTC(2024, 11, 30, 12))).toBe('year=2024/month=12/day=30')
    expect(format("'weekyear'=xxxx/'week'=ww", Date.UTC(2024, 11, 30, 12))).toBe('weekyear=2025/week=01')
  })

  it('prints the calendar year for YYYY on 1 January although the week-based year is the previous one', () => {
    // 2027-01-01 is a Friday in ISO week 53 of 2026
    expect(format("'year'=YYYY/'month'=MM/'day'=dd", Date.UTC(2027, 0, 1, 12))).toBe('year=2027/month=01/day=01')
    expect(format('xxxx', Date.UTC(2027, 0, 1, 12))).toBe('2026')
    expect(format('yyyy', Date.UTC(2027, 0, 1, 12))).toBe('2027')
  })
})

describe('RecordField timestamp extractor (Confluent TimeBasedPartitionerTest)', () => {
  const field = (timestampField: string) => ({ timestampExtractor: 'RecordField', timestampField })
  const expected = 'year=2015/month=4/day=2/hour=1'

  it('reads int64, ISO-8601 strings with and without millis, and Timestamp fields', () => {
    expect(encode(field('timestamp'), sinkRecord(DATE_TIME))).toBe(expected)
    expect(encode(field('timestamp'), sinkRecordWithField(Schemas.STRING, '2015-04-02T01:00:00-07:00'))).toBe(expected)
    expect(encode(field('timestamp'), sinkRecordWithField(Schemas.STRING, '2015-04-02T01:00:00.000-07:00'))).toBe(
      expected,
    )
    expect(encode(field('timestamp'), sinkRecordWithField(TIMESTAMP_SCHEMA, new Date(DATE_TIME)))).toBe(expected)
  })

  it('reads an int32 field as epoch millis', () => {
    // 1970-01-01T00:00 in Los Angeles = 28800000 ms
    expect(encode(field('timestamp'), sinkRecordWithField(Schemas.INT32, 28800000))).toBe(
      'year=1970/month=1/day=1/hour=0',
    )
  })

  it('reads a string of digits as epoch millis', () => {
    const extractor = newTimestampExtractor('RecordField', 'timestamp')
    for (const millis of [0, -1, DATE_TIME]) {
      expect(extractor.extract(sinkRecordWithField(Schemas.STRING, String(millis)), 0)).toBe(millis)
    }
  })

  it('follows a dotted path into nested structs', () => {
    const child = schemaWithTimestampField()
    const parent = SchemaBuilder.struct().field('nested', child).build()
    const value = new Struct(parent).put('nested', recordWithTimestampField(child, BigInt(DATE_TIME)))
    expect(encode(field('nested.timestamp'), valuedRecord(parent, value, DATE_TIME))).toBe(expected)
  })

  it('reads schemaless maps holding numbers, strings and dates, and maps of structs', () => {
    expect(encode(field('timestamp'), valuedRecord(null, new Map([['timestamp', BigInt(DATE_TIME)]]), 0))).toBe(
      expected,
    )
    expect(encode(field('timestamp'), valuedRecord(null, new Map([['timestamp', new Date(DATE_TIME)]]), 0))).toBe(
      expected,
    )
    const schema = SchemaBuilder.struct().name('record').field('timestamp', Schemas.STRING).build()
    const struct = new Struct(schema).put('timestamp', '2015-04-02T08:00:00.000Z')
    expect(encode(field('header.timestamp'), valuedRecord(null, new Map([['header', struct]]), 0))).toBe(expected)
  })

  it('rejects float and double fields with Confluent message', () => {
    for (const name of ['float', 'double']) {
      expect(() => encode(field(name))).toThrow(PartitionException)
      expect(() => encode(field(name))).toThrow(`Error extracting timestamp from record field: ${name}`)
    }
  })

  it('rejects array fields in structs and maps', () => {
    const schema = SchemaBuilder.struct().field('array', SchemaBuilder.array(Schemas.INT64).build()).build()
    const struct = new Struct(schema).put('array', [BigInt(DATE_TIME)])
    expect(() => encode(field('array'), valuedRecord(schema, struct, DATE_TIME))).toThrow(
      'Error extracting timestamp from record field: array',
    )
    const map = new Map([['array', [BigInt(DATE_TIME)]]])
    expect(() => encode(field('array'), valuedRecord(null, map, DATE_TIME))).toThrow(
      'Error extracting timestamp from record field: array',
    )
  })

  it('rejects a string that is not a timestamp', () => {
    expect(() => encode(field('string'))).toThrow(DataException)
    expect(() => encode(field('string'))).toThrow(/^Invalid format: "def"/)
  })

  it('rejects values that are neither structs nor maps', () => {
    expect(() => encode(field('bar'), valuedRecord(Schemas.STRING, 'foo', 0))).toThrow('Error encoding partition.')
  })

  it('rejects a missing field as one that does not exist', () => {
    expect(() => encode(field('missing'))).toThrow("The field 'missing' does not exist.")
  })
})

describe('default partition.duration.ms', () => {
  it('is the finest unit the path format prints', () => {
    expect(defaultPartitionDuration("'year'=YYYY/'month'=MM/'day'=dd")).toBe(DAY)
    expect(defaultPartitionDuration("'year'=YYYY/'month'=MM/'day'=dd/'hour'=HH")).toBe(HOUR)
    expect(defaultPartitionDuration("'date'=yyyy-MM-dd/'minute'=HHmm")).toBe(60_000)
  })

  it('is one day for formats coarser than a day', () => {
    expect(defaultPartitionDuration("'year'=YYYY/'month'=MM")).toBe(DAY)
    expect(defaultPartitionDuration("'year'=YYYY")).toBe(DAY)
  })

  it('is not misled by letters inside quoted literals', () => {
    expect(defaultPartitionDuration("'hours'=dd")).toBe(DAY)
  })
})

describe('TimeBasedPartitioner with explicit extractor objects', () => {
  it('encodes an instant directly through encodeTimestamp', () => {
    const p = new TimeBasedPartitioner({
      partitionDurationMs: HOUR,
      pathFormat: PATH_FORMAT,
      locale: 'en',
      timezone: LA,
      directoryDelim: '/',
      timestampExtractor: newTimestampExtractor('Record', 'timestamp'),
      timestampExtractorName: 'Record',
    })
    expect(p.encodeTimestamp(DATE_TIME)).toBe('year=2015/month=4/day=2/hour=1')
  })
})
