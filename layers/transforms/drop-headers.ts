/**
 * Kafka's `DropHeaders`: removes every header whose key is in `headers` (exact, case-sensitive, all
 * occurrences), keeping the order of the others.
 */
import { field } from '../runtime/config/config-key.js'
import { defineConfig } from '../runtime/config/definition.js'
import { Headers } from '../runtime/record/headers.js'
import type { ConnectRecord } from '../runtime/record/record.js'
import { registerTransformation } from './registry.js'
import type { Transformation, TransformConfig } from './transformation.js'
import { anyNonDuplicateValues } from './util/validators.js'

const CONFIG = defineConfig({
  headers: field.list({
    doc: 'The name of the headers to be removed.',
    validator: anyNonDuplicateValues(false, false),
    importance: 'HIGH',
  }),
})

export class DropHeaders implements Transformation {
  static readonly OVERVIEW_DOC = 'Removes one or more headers from each record.'
  static readonly CONFIG_DEF = CONFIG

  #headers: ReadonlySet<string> = new Set()

  config() {
    return CONFIG
  }

  configure(props: TransformConfig): void {
    this.#headers = new Set(CONFIG.parse(props).get('headers'))
  }

  apply<R extends ConnectRecord>(record: R): R {
    const kept = record.headers.toArray().filter((h) => !this.#headers.has(h.key))
    return record.newRecord({ headers: new Headers(kept) })
  }
}

registerTransformation('org.apache.kafka.connect.transforms.DropHeaders', () => new DropHeaders(), {
  overview: DropHeaders.OVERVIEW_DOC,
})
