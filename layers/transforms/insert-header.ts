/**
 * Kafka's `InsertHeader`: appends one header (never replacing one) whose value is `value.literal` read
 * with Connect's `Values.parseString` once at configure: `1` is an int8, `3.14` a float32, `true` a
 * boolean, `[1,2]` an array, ISO dates are Date/Time/Timestamp, anything else a string; the text
 * `null` gives a null header.
 */
import { field } from '../runtime/config/config-key.js'
import { defineConfig } from '../runtime/config/definition.js'
import { nonNull, type Validator } from '../runtime/config/validators.js'
import type { SchemaAndValue } from '../runtime/converters/converter.js'
import { parseString } from '../runtime/data/values-parser.js'
import type { ConnectRecord } from '../runtime/record/record.js'
import { registerTransformation } from './registry.js'
import type { Transformation, TransformConfig } from './transformation.js'

const NON_NULL = nonNull as Validator<string>

const CONFIG = defineConfig({
  header: field.string({ doc: 'The name of the header.', validator: NON_NULL, importance: 'HIGH' }),
  'value.literal': field.string({
    doc: 'The literal value that is to be set as the header value on all records.',
    validator: NON_NULL,
    importance: 'HIGH',
  }),
})

export class InsertHeader implements Transformation {
  static readonly OVERVIEW_DOC = 'Add a header to each record.'
  static readonly CONFIG_DEF = CONFIG

  #header = ''
  #literalValue: SchemaAndValue | null = null

  config() {
    return CONFIG
  }

  configure(props: TransformConfig): void {
    const config = CONFIG.parse(props)
    this.#header = config.get('header')
    this.#literalValue = parseString(config.get('value.literal'))
  }

  apply<R extends ConnectRecord>(record: R): R {
    const headers = record.headers.duplicate()
    const literal = this.#literalValue
    headers.add(this.#header, literal?.value ?? null, literal?.schema ?? null)
    return record.newRecord({ headers })
  }
}

registerTransformation('org.apache.kafka.connect.transforms.InsertHeader', () => new InsertHeader(), {
  overview: InsertHeader.OVERVIEW_DOC,
})
