// The measurement behind `connectless cost`: synthetic records of the size asked for, run through the
// seed connectors' own pipelines. Only that a time was measured is asserted, never how long it took.
import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { MeasurementError, measure } from '../../../cli/cost/measure.js'
import { ORDER_SCHEMA, SMALL_SCHEMA, syntheticRecords } from '../../../cli/cost/synthetic.js'
import { workloadOf } from '../../../cli/cost/workload.js'
import { JsonConverter } from '../../../layers/runtime/converters/json/json-converter.js'

function seed(name: string): Record<string, string> {
  const url = new URL(`../../../../shared/spec/connectors/${name}`, import.meta.url)
  return (JSON.parse(readFileSync(url, 'utf8')) as { config: Record<string, string> }).config
}

function jsonEncoder(schemasEnable: boolean) {
  const converter = new JsonConverter()
  converter.configure({ 'schemas.enable': String(schemasEnable) }, false)
  return async (schema: Parameters<JsonConverter['fromConnectData']>[2], value: unknown) =>
    converter.fromConnectData('orders', null, schema, value)
}

const QUICK = { rounds: 2, minRecordsPerRound: 100, baseDir: process.cwd() } as const

describe('synthetic records', () => {
  it('are padded to exactly the size asked for, with and without the JSON schema envelope', async () => {
    for (const [schemas, target] of [
      [true, 1024],
      [false, 1024],
      [false, 200],
    ] as const) {
      const records = await syntheticRecords(jsonEncoder(schemas), target, 20)
      expect(records.schema).toBe(ORDER_SCHEMA)
      expect(records.bytes.map((b) => b.length)).toEqual(Array(20).fill(target))
      expect(records.meanBytes).toBe(target)
    }
  })

  it('fall back to the small shape, then to its smallest size, when the orders shape is too big', async () => {
    const small = await syntheticRecords(jsonEncoder(false), 40, 5)
    expect(small.schema).toBe(SMALL_SCHEMA)
    expect(small.bytes.every((b) => b.length === 40)).toBe(true)
    const tooSmall = await syntheticRecords(jsonEncoder(true), 50, 5)
    expect(tooSmall.schema).toBe(SMALL_SCHEMA)
    expect(tooSmall.meanBytes).toBeGreaterThan(50)
  })

  it('carry the fields the seed transforms use', async () => {
    const records = await syntheticRecords(jsonEncoder(true), 1024, 1)
    const value = records.values[0]!
    expect(value.get('id')).toBe(1_000_000n)
    expect(typeof value.get('user_id')).toBe('bigint')
    expect(value.get('email')).toBe('user0@example.com')
  })
})

describe('measuring a connector', () => {
  it("times the seed S3 sink's whole pipeline, Parquet writer included, on events of the real size", async () => {
    const config = seed('s3-sink.json')
    const m = await measure(workloadOf('s3-sink', config), config, { ...QUICK, recordBytes: 1024, batchRecords: 50 })
    expect(m.pipeline).toEqual([
      'MSK event JSON parse and decode',
      'key JsonConverter, value JsonConverter',
      'no transforms',
      'TimeBasedPartitioner',
      'ParquetFormat (snappy), files of up to 1000 records',
    ])
    expect(m.recordBytes).toBe(1024)
    expect(m.batchRecords).toBe(50)
    expect(m.recordsPerRound).toBe(100)
    expect(m.roundSecondsPerRecord).toHaveLength(2)
    expect(m.secondsPerRecord).toBeGreaterThan(0)
    // base64 of a 1,024-byte value (1,368 bytes) and of the key envelope, plus the event's fields
    expect(m.eventBytesPerRecord).toBeGreaterThan(1368 + 80)
    expect(m.eventBytesPerRecord).toBeLessThan(1368 + 500)
    expect(m.notes).toEqual([])
  })

  it("times the seed Elasticsearch sink's document conversion and bulk bodies", async () => {
    const config = seed('elasticsearch-sink.json')
    const m = await measure(workloadOf('elasticsearch-sink', config), config, { ...QUICK, recordBytes: 512 })
    expect(m.pipeline.slice(-2)).toEqual(['DataConverter (write.method=upsert)', 'bulk bodies of up to 2000 actions'])
    expect(m.batchRecords).toBe(2000)
  })

  it("runs a source's records through the seed's orders-with-timestamp chain", async () => {
    const config = { ...seed('postgres-source.json'), ...seed('orders-with-timestamp.json') }
    const m = await measure(workloadOf('orders-with-timestamp', config), config, { ...QUICK, recordBytes: 1024 })
    expect(m.pipeline).toEqual([
      'transforms addTimestamp (InsertField$Value), maskEmail (MaskField$Value), renameField (ReplaceField$Value)',
      'key JsonConverter, value JsonConverter',
    ])
    expect(m.eventBytesPerRecord).toBeNull()
  })

  it('measures with JsonConverter in place of a converter that needs a Schema Registry, and says so', async () => {
    const config = {
      ...seed('s3-sink.json'),
      'value.converter': 'io.confluent.connect.avro.AvroConverter',
      'value.converter.schema.registry.url': 'http://registry.invalid:8081',
    }
    const m = await measure(workloadOf('s3-sink', config), config, { ...QUICK, recordBytes: 1024, batchRecords: 50 })
    expect(m.pipeline[1]).toBe('key JsonConverter, value JsonConverter (stand-in)')
    expect(m.notes).toEqual([
      'value.converter=io.confluent.connect.avro.AvroConverter needs a Schema Registry, which is not called here: measured with JsonConverter (schemas.enable=true) instead.',
    ])
  })

  it('fails with a MeasurementError where the records cannot go through the pipeline', async () => {
    // Parquet needs a value schema, which schemaless JSON does not have
    const config = {
      ...seed('s3-sink.json'),
      'value.converter.schemas.enable': 'false',
      'value.converter': 'JsonConverter',
    }
    const failure = measure(workloadOf('s3-sink', config), config, { ...QUICK, recordBytes: 1024, batchRecords: 10 })
    await expect(failure).rejects.toThrow(MeasurementError)
    await expect(failure).rejects.toThrow(
      /fail in the connector's pipeline: .*ParquetFormat needs records with a value schema/,
    )
  })
})
