/**
 * The function `npm run bench:sink` measures (bench/sink.ts bundles it as a Lambda function is
 * bundled): the sink handler around a task that discards, with JsonConverter (schemas on) for keys
 * and values and the seed's SMT chain of shared/research/performance-anchors.md: InsertField$Value →
 * ReplaceField$Value → MaskField$Value → TimestampConverter$Value → Cast$Value → ValueToKey →
 * ExtractField$Key → RegexRouter → Filter under HasHeaderKey (nothing matches), errors.tolerance=all
 * so that the tolerance operator runs around every stage.
 */
import { defineConfig } from '../layers/runtime/config/definition.js'
import { type SinkConnectorPlugin, sinkHandler } from '../layers/runtime/sink/handler.js'

const T = 'org.apache.kafka.connect.transforms.'

export const BENCH_SINK_CONFIG: Readonly<Record<string, string>> = {
  name: 'bench-sink',
  'connector.class': 'connectless.bench.DiscardSink',
  topics: 'orders',
  'key.converter': 'org.apache.kafka.connect.json.JsonConverter',
  'value.converter': 'org.apache.kafka.connect.json.JsonConverter',
  transforms: 'insert,replace,mask,tsconv,cast,v2k,extract,route,filter',
  'transforms.insert.type': `${T}InsertField$Value`,
  'transforms.insert.timestamp.field': 'ingested_at',
  'transforms.insert.static.field': 'source',
  'transforms.insert.static.value': 'postgres',
  'transforms.replace.type': `${T}ReplaceField$Value`,
  'transforms.replace.exclude': 'email',
  'transforms.mask.type': `${T}MaskField$Value`,
  'transforms.mask.fields': 'customer',
  'transforms.tsconv.type': `${T}TimestampConverter$Value`,
  'transforms.tsconv.field': 'updated_at',
  'transforms.tsconv.target.type': 'string',
  'transforms.tsconv.format': "yyyy-MM-dd'T'HH:mm:ss.SSSX",
  'transforms.cast.type': `${T}Cast$Value`,
  'transforms.cast.spec': 'id:string',
  'transforms.v2k.type': `${T}ValueToKey`,
  'transforms.v2k.fields': 'id',
  'transforms.extract.type': `${T}ExtractField$Key`,
  'transforms.extract.field': 'id',
  'transforms.route.type': `${T}RegexRouter`,
  'transforms.route.regex': 'orders',
  'transforms.route.replacement': 'lake-orders',
  'transforms.filter.type': `${T}Filter`,
  'transforms.filter.predicate': 'skip',
  predicates: 'skip',
  'predicates.skip.type': `${T}predicates.HasHeaderKey`,
  'predicates.skip.name': 'skip',
  'errors.tolerance': 'all',
}

let put = 0
/** How many records reached the discarding task (the bench checks that none was lost). */
export const recordsPut = (): number => put

const discard: SinkConnectorPlugin = {
  classNames: ['connectless.bench.DiscardSink'],
  configDef: defineConfig({}),
  createTask: () => ({
    start: async () => {},
    put: async (records) => {
      put += records.length
    },
    flush: async () => {},
    stop: async () => {},
  }),
}

export const handler = sinkHandler(discard, {
  deployment: async () => ({ name: 'bench-sink', config: BENCH_SINK_CONFIG, worker: {}, baseDir: process.cwd() }),
  offsets: () => null,
  reportStatus: false,
})
