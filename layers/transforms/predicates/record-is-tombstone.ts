/** Kafka's `RecordIsTombstone` predicate: true for records whose value is null (key and schemas ignored). */
import { defineConfig } from '../../runtime/config/definition.js'
import type { ConnectRecord } from '../../runtime/record/record.js'
import { registerPredicate } from '../registry.js'
import type { Predicate, TransformConfig } from '../transformation.js'

const CONFIG = defineConfig({})

export class RecordIsTombstone implements Predicate {
  static readonly OVERVIEW_DOC = 'A predicate which is true for records which are tombstones (i.e. have null value).'
  static readonly CONFIG_DEF = CONFIG

  config() {
    return CONFIG
  }

  configure(_props: TransformConfig): void {}

  test(record: ConnectRecord): boolean {
    return record.value === null
  }

  toString(): string {
    return 'RecordIsTombstone{}'
  }
}

registerPredicate('org.apache.kafka.connect.transforms.predicates.RecordIsTombstone', () => new RecordIsTombstone(), {
  overview: RecordIsTombstone.OVERVIEW_DOC,
})
