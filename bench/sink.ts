/**
 * The sink runtime on one full Lambda event: 10,000 × 1 KB records of an MSK event through event
 * decoding → JsonConverter (schemas on) → the seed's SMT chain → a sink task that discards, with the
 * error-tolerance operator around every stage, as the handler runs them. Prints wall time, records/s
 * and the process's peak RSS; the first event is what a cold start sees.
 *
 *   npm run bench:sink
 *   npm run bench:sink -- --records 10000 --events 5
 */
import { parseArgs } from 'node:util'
import { defineConfig } from '../layers/runtime/config/definition.js'
import { TimestampType } from '../layers/runtime/record/record.js'
import { type SinkConnectorPlugin, sinkHandler } from '../layers/runtime/sink/handler.js'
import { encodeEvent, type MskEvent } from '../layers/runtime/sink/msk-event.js'
import { ordersWorkload } from './converters.js'

const { values } = parseArgs({
  options: { records: { type: 'string', default: '10000' }, events: { type: 'string', default: '5' } },
})
const RECORDS = Number(values.records)
const EVENTS = Number(values.events)
const T = 'org.apache.kafka.connect.transforms.'

const discard: SinkConnectorPlugin = {
  classNames: ['connectless.bench.DiscardSink'],
  configDef: defineConfig({}),
  createTask: () => ({ start: async () => {}, put: async () => {}, flush: async () => {}, stop: async () => {} }),
}

// the chain of issue 5's bench: InsertField, MaskField, ReplaceField, Cast, TimestampRouter
const config = {
  name: 'bench-sink',
  'connector.class': 'connectless.bench.DiscardSink',
  topics: 'orders',
  'key.converter': 'org.apache.kafka.connect.storage.StringConverter',
  'value.converter': 'org.apache.kafka.connect.json.JsonConverter',
  transforms: 'insert,mask,replace,cast,route',
  'transforms.insert.type': `${T}InsertField$Value`,
  'transforms.insert.timestamp.field': 'ingested_at',
  'transforms.mask.type': `${T}MaskField$Value`,
  'transforms.mask.fields': 'email',
  'transforms.replace.type': `${T}ReplaceField$Value`,
  'transforms.replace.renames': 'customer:customer_name',
  'transforms.cast.type': `${T}Cast$Value`,
  'transforms.cast.spec': 'id:string',
  'transforms.route.type': `${T}TimestampRouter`,
  'transforms.route.topic.format': '${topic}-${timestamp}',
  'transforms.route.timestamp.format': 'yyyy-MM-dd',
  'errors.tolerance': 'all',
}

function event(offset0: number): MskEvent {
  const { withSchemas } = ordersWorkload(RECORDS)
  return encodeEvent(
    withSchemas.map((value, i) => ({
      topic: 'orders',
      partition: i % 3,
      offset: offset0 + Math.floor(i / 3),
      timestamp: 1_700_000_000_000 + i,
      timestampType: TimestampType.CREATE_TIME,
      key: Buffer.from(String(1_000_000 + i)),
      value,
      headers: [],
    })),
    '127.0.0.1:9092',
  )
}

const t0 = performance.now()
const handler = sinkHandler(discard, {
  deployment: async () => ({ name: 'bench-sink', config, worker: {}, baseDir: process.cwd() }),
  offsets: () => null,
  reportStatus: false,
})
const context = { awsRequestId: 'bench', getRemainingTimeInMillis: () => 900_000 }
const rows: string[] = []
let bytes = 0
for (let i = 0; i < EVENTS; i++) {
  // one event at a time, as a Lambda holds one (built outside the timing)
  const e = event(i * RECORDS)
  bytes = Buffer.byteLength(JSON.stringify(e))
  const start = performance.now()
  await handler(e, context)
  const ms = performance.now() - start
  rows.push(
    `| ${i === 0 ? 'first (cold)' : `event ${i + 1}`} | ${RECORDS} | ${ms.toFixed(0)} ms | ${Math.round((RECORDS / ms) * 1000).toLocaleString('en-US')} |`,
  )
}
await handler.close()
const peakRss = process.resourceUsage().maxRSS / 1024
console.log(
  `sink runtime: ${RECORDS} records of ~1 KB per event (${(bytes / 1024 / 1024).toFixed(1)} MB event JSON), Node ${process.version}`,
)
console.log('| event | records | wall | records/s |')
console.log('| --- | --- | --- | --- |')
for (const r of rows) console.log(r)
console.log(`peak RSS: ${peakRss.toFixed(0)} MB; process start to end: ${(performance.now() - t0).toFixed(0)} ms`)
