/**
 * Kafka's `RegexRouter`: renames the topic when the Java regex `regex` matches the whole topic name
 * (`Matcher.matches()`), to `matcher.replaceFirst(replacement)`, in Java's replacement syntax
 * (`$1`, `${name}`, `\$`). Other topics are left alone; nothing else in the record changes.
 *
 * Note `replaceFirst` searches again from the start, so with `regex=a|ab` the topic `ab` becomes
 * `<replacement>b`, as in Kafka. A replacement that refers to a missing group fails on the first
 * matching record (Java's `IndexOutOfBoundsException`), as in Kafka; a warning is logged at configure.
 */
import { field } from '../runtime/config/config-key.js'
import { defineConfig } from '../runtime/config/definition.js'
import { warnOnce } from '../runtime/logging.js'
import type { ConnectRecord } from '../runtime/record/record.js'
import { registerTransformation } from './registry.js'
import type { Transformation, TransformConfig } from './transformation.js'
import { NullPointerException } from './util/java-exceptions.js'
import { JavaPattern, JavaReplacement } from './util/java-regex.js'
import { validJavaRegex } from './util/validators.js'

const CONFIG = defineConfig({
  regex: field.string({
    doc: 'Regular expression to use for matching.',
    validator: validJavaRegex,
    importance: 'HIGH',
  }),
  replacement: field.string({ doc: 'Replacement string.', importance: 'HIGH' }),
})

export class RegexRouter implements Transformation {
  static readonly OVERVIEW_DOC =
    'Update the record topic using the configured regular expression and replacement string.<p/>Under the hood, the regex is compiled to a <code>java.util.regex.Pattern</code>. If the pattern matches the input topic, <code>java.util.regex.Matcher#replaceFirst()</code> is used with the replacement string to obtain the new topic.'
  static readonly CONFIG_DEF = CONFIG

  #regex: JavaPattern | null = null
  #replacement: JavaReplacement | null = null

  config() {
    return CONFIG
  }

  configure(props: TransformConfig): void {
    const config = CONFIG.parse(props)
    this.#regex = JavaPattern.compile(config.get('regex'))
    const { replacement, error } = JavaReplacement.compileLazily(config.get('replacement'), this.#regex)
    if (error !== null) {
      const detail = error instanceof Error ? error.message : String(error)
      warnOnce(
        `RegexRouter.replacement:${config.get('regex')}:${config.get('replacement')}`,
        `RegexRouter replacement '${config.get('replacement')}' is invalid for regex '${config.get('regex')}' (${detail}): every record whose topic matches will fail`,
      )
    }
    this.#replacement = replacement
  }

  apply<R extends ConnectRecord>(record: R): R {
    const regex = this.#regex!
    const topic = record.topic
    if (topic === null) {
      // what Java's Pattern.matcher(null) throws
      throw new NullPointerException('Cannot invoke "java.lang.CharSequence.length()" because "this.text" is null')
    }
    if (!regex.matches(topic)) return record
    return record.newRecord({ topic: regex.replaceFirst(topic, this.#replacement!) })
  }
}

registerTransformation('org.apache.kafka.connect.transforms.RegexRouter', () => new RegexRouter(), {
  overview: RegexRouter.OVERVIEW_DOC,
})
