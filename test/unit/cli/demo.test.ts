// `npm run demo` runs the seed's configs "as written apart from host names": its copies of the seed are the seed's,
// and the configs it writes differ from them only by the changes it prints (cli/demo/pipeline.ts configChanges).
import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { connectorFiles, localEndpoints, seedSettings, workerProperties } from '../../../cli/demo/pipeline.js'
import {
  SEED_ELASTICSEARCH_SINK,
  SEED_FILES,
  SEED_ORDERS_SINK_WITH_DLQ,
  SEED_ORDERS_WITH_TIMESTAMP,
  SEED_POSTGRES_SOURCE,
  SEED_S3_SINK,
  SEED_STANDALONE_PROPERTIES,
} from '../../../cli/demo/seed.js'
import { parseWorkerProperties } from '../../../layers/runtime/config/worker-properties.js'

const SEED_DIR = new URL('../../../../shared/spec/connectors/', import.meta.url)
const seedText = (file: string) => readFileSync(new URL(file, SEED_DIR), 'utf8')

const settings = seedSettings('/tmp/connectless-demo', localEndpoints({}))
const files = new Map(connectorFiles(settings).map((c) => [c.name, c.config]))

/** The keys whose value differs from the seed's, and the keys the seed does not have. */
function changes(seed: Readonly<Record<string, string>>, written: Readonly<Record<string, string>>) {
  return {
    changed: Object.keys(seed).filter((k) => k in written && written[k] !== seed[k]),
    removed: Object.keys(seed).filter((k) => !(k in written)),
    added: Object.keys(written).filter((k) => !(k in seed)),
  }
}

describe("the demo's copy of the seed", () => {
  it.each(SEED_FILES.map(([file, seed]) => [file, seed] as const))('%s is the seed file, key for key', (file, seed) => {
    const def = JSON.parse(seedText(file)) as { name: string; config: Record<string, string> }
    expect(seed.name).toBe(def.name)
    expect(Object.entries(seed.config)).toEqual(Object.entries(def.config))
  })

  it('standalone.properties is the seed file, byte for byte', () => {
    expect(SEED_STANDALONE_PROPERTIES).toBe(seedText('standalone.properties'))
  })
})

describe('the configs the demo writes', () => {
  it('postgres-source changes the hosts and the password file, and adds the key transforms and the orders chain', () => {
    const source = files.get('postgres-source') as Record<string, string>
    expect(changes(SEED_POSTGRES_SOURCE.config, source)).toEqual({
      changed: ['connection.url', 'connection.password'],
      removed: [],
      added: expect.arrayContaining(['transforms', 'predicates', 'predicates.isOrders.pattern']),
    })
    expect(source['connection.url']).toBe('jdbc:postgresql://127.0.0.1:55432/mydb')
    // biome-ignore lint/suspicious/noTemplateCurlyInString: a Connect config provider reference
    expect(source['connection.password']).toBe('${file:/tmp/connectless-demo/secrets/db.properties:password}')
    // the seed's chain, key for key, after the two key transforms, on the orders topic only
    for (const [key, value] of Object.entries(SEED_ORDERS_WITH_TIMESTAMP.config)) {
      if (key === 'transforms') expect(source[key]).toBe(`createKey,extractKey,${value}`)
      else if (key.startsWith('transforms.')) expect(source[key]).toBe(value)
    }
    expect(source['transforms.renameField.predicate']).toBe('isOrders')
    expect(source['predicates.isOrders.pattern']).toBe('db-orders')
  })

  it('the sinks read the source topics, at the local endpoints, and change nothing else', () => {
    expect(changes(SEED_S3_SINK.config, files.get('s3-sink') as Record<string, string>)).toEqual({
      changed: ['topics'],
      removed: [],
      added: ['store.url'],
    })
    expect(files.get('s3-sink')?.['topics']).toBe('db-orders')
    expect(changes(SEED_ELASTICSEARCH_SINK.config, files.get('elasticsearch-sink') as Record<string, string>)).toEqual({
      changed: ['topics', 'connection.url'],
      removed: [],
      added: [],
    })
    expect(files.get('elasticsearch-sink')?.['topics']).toBe('db-orders,db-payments')
  })

  it('orders-sink-with-dlq keeps its topic and DLQ, and gets a connection.url and the context headers the seed meant', () => {
    expect(
      changes(SEED_ORDERS_SINK_WITH_DLQ.config, files.get('orders-sink-with-dlq') as Record<string, string>),
    ).toEqual({ changed: [], removed: [], added: ['connection.url', 'errors.deadletterqueue.context.headers.enable'] })
  })

  it('the worker file reads without warnings: the local broker, offsets in a file, the REST port', () => {
    const { properties, warnings } = parseWorkerProperties(workerProperties(settings))
    expect(warnings).toEqual([])
    expect(properties).toMatchObject({
      'bootstrap.servers': '127.0.0.1:9092',
      'group.id': 'standalone-connect',
      'offset.storage.file.filename': 'offsets.json',
      'rest.port': '8083',
    })
  })
})
