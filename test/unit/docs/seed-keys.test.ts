// docs/from-kafka-connect.md goes through the seed's configurations (shared/spec/connectors) key by key:
// every key of every file must be in it, and the messages it quotes must be the ones the code gives today.
import { readdirSync, readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { parseConnectorFile } from '../../../infra/connector/connector-file.js'
import { planConnector } from '../../../infra/connector/connector-plan.js'
import { parseWorkerSettings } from '../../../infra/worker/worker-settings.js'
import { parseProperties } from '../../../layers/runtime/config/properties.js'
import { parseWorkerProperties } from '../../../layers/runtime/config/worker-properties.js'
import { SEED_MISTAKES, seedMistakeMessage } from '../../../layers/runtime/connector/seed-mistakes.js'
import { logger } from '../../../layers/runtime/logging.js'

const SEED_DIR = new URL('../../../../shared/spec/connectors/', import.meta.url)
const DEEP_DIVE = new URL('../../../../shared/spec/kafka-connect-deep-dive.txt', import.meta.url)
const DOC = readFileSync(new URL('../../../docs/from-kafka-connect.md', import.meta.url), 'utf8')

const seedText = (file: string) => readFileSync(new URL(file, SEED_DIR), 'utf8')

/** The keys of a seed file, as Connect reads them: a connector's config keys and name, a worker file's properties. */
function keysOf(file: string): string[] {
  const text = seedText(file)
  if (file.endsWith('.json')) return ['name', ...Object.keys(parseConnectorFile(text, file).config)]
  return Object.keys(parseProperties(text).properties)
}

/** The keys not written as code (`key`) in the document. */
const unmentioned = (keys: readonly string[]) => keys.filter((key) => !DOC.includes(`\`${key}\``))

/** The worker a user deploys the seed with: its distributed.properties and Schema Registry lines, plus where MSK is. */
const AWS_LINES =
  '\nconnectless.msk.cluster.arn=arn:aws:kafka:us-east-1:123456789012:cluster/orders/00000000-0000-0000-0000-000000000000-1\n' +
  'security.protocol=SASL_SSL\nsasl.mechanism=AWS_MSK_IAM\n'

function connector(file: string, extra: Record<string, string> = {}) {
  const definition = parseConnectorFile(seedText(file), file)
  return { name: definition.name, config: { ...definition.config, ...extra } }
}

function errorOf(action: () => unknown): string {
  try {
    action()
  } catch (e) {
    return e instanceof Error ? e.message : String(e)
  }
  throw new Error('expected an error')
}

describe('docs/from-kafka-connect.md', () => {
  it('mentions every key of every seed configuration file', () => {
    const files = readdirSync(SEED_DIR).filter((f) => f.endsWith('.json') || f.endsWith('.properties'))
    expect(files.length).toBeGreaterThanOrEqual(8)
    for (const file of files) {
      expect({ file, unmentioned: unmentioned(keysOf(file)) }).toEqual({ file, unmentioned: [] })
    }
  })

  it("mentions the deep dive's performance tuning keys and the DLQ header names its consumer reads", () => {
    const deepDive = readFileSync(DEEP_DIVE, 'utf8')
    const tuning = deepDive.slice(
      deepDive.indexOf('# Parallelism settings'),
      deepDive.indexOf('Monitoring Connect Clusters'),
    )
    const tuningKeys = Object.keys(parseProperties(tuning).properties)
    expect(tuningKeys).toContain('connector.task.max')
    const headerNames = [...deepDive.matchAll(/headers\.get\('([^']+)'\)/g)].map((m) => m[1]!)
    expect(headerNames).toEqual(['connect.original.topic', 'connect.error.class', 'connect.error.message'])
    expect(unmentioned([...tuningKeys, ...headerNames])).toEqual([])
  })

  it('quotes the messages the seed configurations get, as the code words them today', () => {
    logger.setLogLevel('SILENT')
    const messages: string[] = []
    const distributed = seedText('distributed.properties')
    // the worker files
    messages.push(...parseWorkerProperties(seedText('standalone.properties')).warnings.map((w) => w.message))
    messages.push(errorOf(() => parseWorkerSettings(distributed)))
    const worker = parseWorkerSettings(distributed + seedText('schema-registry.properties') + AWS_LINES)
    messages.push(...worker.warnings)
    // the connectors, deployed with that worker
    const postgres = connector('postgres-source.json')
    const deployable = [
      postgres,
      connector('orders-with-timestamp.json', postgres.config),
      connector('elasticsearch-sink.json'),
      connector('orders-sink-with-dlq.json', {
        'connection.url': 'https://search-orders-abc123.us-east-1.es.amazonaws.com',
      }),
      connector('s3-sink.json'),
    ]
    for (const definition of deployable) messages.push(...planConnector(definition, worker).warnings)
    messages.push(errorOf(() => planConnector(connector('orders-with-timestamp.json'), worker)))
    messages.push(errorOf(() => planConnector(connector('orders-sink-with-dlq.json'), worker)))
    // connector.task.max, in a connector config that has no tasks.max
    const taskMax = SEED_MISTAKES.find((m) => m.key === 'connector.task.max')!
    messages.push(seedMistakeMessage(taskMax, {}))

    expect(messages.length).toBeGreaterThanOrEqual(20)
    const unquoted = [...new Set(messages)].filter((message) => !DOC.includes(message))
    expect(unquoted).toEqual([])
  })
})
