/**
 * Kafka's `Filter`: drops every record (returns null), so that later transforms do not see it. Meant to
 * be used with a predicate (`transforms.<alias>.predicate`), so that only matching records are dropped.
 */
import { defineConfig } from '../runtime/config/definition.js'
import type { ConnectRecord } from '../runtime/record/record.js'
import { registerTransformation } from './registry.js'
import type { Transformation, TransformConfig } from './transformation.js'

const CONFIG = defineConfig({})

export class Filter implements Transformation {
  static readonly OVERVIEW_DOC =
    'Drops all records, filtering them from subsequent transformations in the chain. This is intended to be used conditionally to filter out records matching (or not matching) a particular Predicate.'
  static readonly CONFIG_DEF = CONFIG

  config() {
    return CONFIG
  }

  configure(_props: TransformConfig): void {}

  apply(_record: ConnectRecord): null {
    return null
  }
}

registerTransformation('org.apache.kafka.connect.transforms.Filter', () => new Filter(), {
  overview: Filter.OVERVIEW_DOC,
})
