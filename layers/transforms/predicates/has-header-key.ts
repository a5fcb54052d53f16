/** Kafka's `HasHeaderKey` predicate: true for records with at least one header named `name`. */
import { field } from '../../runtime/config/config-key.js'
import { defineConfig } from '../../runtime/config/definition.js'
import { nonEmptyString } from '../../runtime/config/validators.js'
import type { ConnectRecord } from '../../runtime/record/record.js'
import { registerPredicate } from '../registry.js'
import type { Predicate, TransformConfig } from '../transformation.js'

const CONFIG = defineConfig({
  name: field.string({ doc: 'The header name.', validator: nonEmptyString }),
})

export class HasHeaderKey implements Predicate {
  static readonly OVERVIEW_DOC =
    'A predicate which is true for records with at least one header with the configured name.'
  static readonly CONFIG_DEF = CONFIG

  #name = ''

  config() {
    return CONFIG
  }

  configure(props: TransformConfig): void {
    this.#name = CONFIG.parse(props).get('name')
  }

  test(record: ConnectRecord): boolean {
    return record.headers.lastWithName(this.#name) !== undefined
  }

  toString(): string {
    return `HasHeaderKey{name='${this.#name}'}`
  }
}

registerPredicate('org.apache.kafka.connect.transforms.predicates.HasHeaderKey', () => new HasHeaderKey(), {
  overview: HasHeaderKey.OVERVIEW_DOC,
})
