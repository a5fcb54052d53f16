/**
 * Kafka's `transforms.util.SchemaUtil`: what a transform carries over when it builds a new schema from
 * an old one.
 */
import { type Schema, SchemaBuilder } from '../../runtime/data/schema.js'
import { Type } from '../../runtime/data/values.js'

/**
 * Copies the schema's name, version, doc and parameters onto `builder` (by default a new builder of the
 * same type; an array's keeps its element schema). Optionality and the default are not copied, as in
 * Kafka: a struct rebuilt this way is required.
 *
 * @example
 * const builder = copySchemaBasics(value.schema, SchemaBuilder.struct())
 * for (const f of value.schema.fields) builder.field(f.name, f.schema)
 */
export function copySchemaBasics(source: Schema, builder?: SchemaBuilder): SchemaBuilder {
  const target =
    builder ??
    (source.type === Type.ARRAY && source.valueSchema !== null
      ? SchemaBuilder.array(source.valueSchema)
      : new SchemaBuilder(source.type))
  if (source.name !== null) target.name(source.name)
  if (source.version !== null) target.version(source.version)
  if (source.doc !== null) target.doc(source.doc)
  if (source.parameters !== null) target.parameters(source.parameters)
  return target
}
