/**
 * Kafka's `TopicNameMatches` predicate: true for records whose topic the Java regex `pattern` matches
 * as a whole (`Matcher.matches()`); false for a null topic.
 */
import { field } from '../../runtime/config/config-key.js'
import { defineConfig } from '../../runtime/config/definition.js'
import { composite, nonEmptyString } from '../../runtime/config/validators.js'
import type { ConnectRecord } from '../../runtime/record/record.js'
import { registerPredicate } from '../registry.js'
import type { Predicate, TransformConfig } from '../transformation.js'
import { JavaPattern } from '../util/java-regex.js'
import { validJavaRegex } from '../util/validators.js'

const CONFIG = defineConfig({
  pattern: field.string({
    doc: "A Java regular expression for matching against the name of a record's topic.",
    validator: composite(nonEmptyString, validJavaRegex),
  }),
})

export class TopicNameMatches implements Predicate {
  static readonly OVERVIEW_DOC =
    'A predicate which is true for records with a topic name that matches the configured regular expression.'
  static readonly CONFIG_DEF = CONFIG

  #pattern: JavaPattern | null = null

  config() {
    return CONFIG
  }

  configure(props: TransformConfig): void {
    this.#pattern = JavaPattern.compile(CONFIG.parse(props).get('pattern'))
  }

  test(record: ConnectRecord): boolean {
    return record.topic !== null && this.#pattern!.matches(record.topic)
  }

  toString(): string {
    return `TopicNameMatches{pattern=${this.#pattern?.pattern ?? 'null'}}`
  }
}

registerPredicate('org.apache.kafka.connect.transforms.predicates.TopicNameMatches', () => new TopicNameMatches(), {
  overview: TopicNameMatches.OVERVIEW_DOC,
})
