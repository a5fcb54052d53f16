/**
 * The S3 sink's Lambda entry point as deployed: `functions/s3-sink/handler.ts` reads its connector
 * from `CONNECTLESS_CONNECTOR_FILE`, its offsets table from `CONNECTLESS_OFFSETS_TABLE` and reaches
 * AWS through the SDK's standard environment; an MSK event goes in, objects come out.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { FormatClass, S3_STORAGE_CLASS } from '../../../functions/s3-sink/config.js'
import { SinkOffsetStore } from '../../../layers/runtime/offsets/offset-store.js'
import { TimestampType } from '../../../layers/runtime/record/record.js'
import { encodeEvent, type RawKafkaRecord } from '../../../layers/runtime/sink/msk-event.js'
import { endpoints, requireServices } from '../../support/services.js'
import { createBucket, createOffsetsTable, dataKeys, dynamo, getBytes, kafka } from './fixture.js'

requireServices('kafka', 'moto')

const dir = mkdtempSync(join(tmpdir(), 's3-sink-handler-'))
let bucket: string
let table: string

beforeAll(async () => {
  bucket = await createBucket('s3-handler')
  table = await createOffsetsTable()
  const file = join(dir, 'connector.json')
  writeFileSync(
    file,
    JSON.stringify({
      name: 'orders-to-s3',
      config: {
        'connector.class': 'S3SinkConnector',
        topics: 'orders',
        'storage.class': S3_STORAGE_CLASS,
        's3.bucket.name': bucket,
        'format.class': FormatClass.JSON,
        'flush.size': '2',
        'value.converter': 'org.apache.kafka.connect.json.JsonConverter',
        'value.converter.schemas.enable': 'false',
      },
      worker: { 'bootstrap.servers': kafka.bootstrapServers.join(',') },
    }),
  )
  // no store.url: the SDK's standard environment points S3 and DynamoDB at moto
  vi.stubEnv('CONNECTLESS_CONNECTOR_FILE', file)
  vi.stubEnv('CONNECTLESS_OFFSETS_TABLE', table)
  vi.stubEnv('AWS_ENDPOINT_URL', endpoints.aws.endpoint)
  vi.stubEnv('AWS_REGION', endpoints.aws.region)
  vi.stubEnv('AWS_ACCESS_KEY_ID', endpoints.aws.credentials.accessKeyId)
  vi.stubEnv('AWS_SECRET_ACCESS_KEY', endpoints.aws.credentials.secretAccessKey)
})

afterAll(() => {
  vi.unstubAllEnvs()
  rmSync(dir, { recursive: true, force: true })
})

const raw = (offset: number): RawKafkaRecord => ({
  topic: 'orders',
  partition: 3,
  offset,
  timestamp: 1_700_000_000_000,
  timestampType: TimestampType.CREATE_TIME,
  key: null,
  value: Buffer.from(JSON.stringify({ id: offset })),
  headers: [],
})

describe('functions/s3-sink/handler.ts', () => {
  it('writes an MSK event to S3 under the connector file\u2019s config and commits the offsets; a redelivery changes nothing', async () => {
    const { handler } = await import('../../../functions/s3-sink/handler.js')
    const context = { awsRequestId: 'test', getRemainingTimeInMillis: () => 60_000 }
    const event = encodeEvent([raw(40), raw(41), raw(42)], kafka.bootstrapServers.join(','))
    try {
      await handler(event, context)
      const keys = await dataKeys(bucket)
      expect(keys).toEqual([
        'topics/orders/partition=3/orders+3+0000000040.json',
        'topics/orders/partition=3/orders+3+0000000042.json',
      ])
      expect((await getBytes(bucket, keys[0] as string)).toString()).toBe('{"id":40}\n{"id":41}\n')
      const store = new SinkOffsetStore('orders-to-s3', table, dynamo)
      expect(await store.committed([{ topic: 'orders', partition: 3 }])).toEqual(new Map([['orders-3', 43]]))

      await handler(event, context)
      expect(await dataKeys(bucket)).toEqual(keys)
    } finally {
      await handler.close()
    }
  })
})
