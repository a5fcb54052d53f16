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
import { seedChain } from './seed-chain.js'

export const BENCH_SINK_CONFIG: Readonly<Record<string, string>> = {
  name: 'bench-sink',
  'connector.class': 'connectless.bench.DiscardSink',
  topics: 'orders',
  'key.converter': 'org.apache.kafka.connect.json.JsonConverter',
  'value.converter': 'org.apache.kafka.connect.json.JsonConverter',
  ...seedChain('updated_at'),
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
