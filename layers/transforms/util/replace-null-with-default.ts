/**
 * The `replace.null.with.default` setting (Kafka 3.9, on Cast, ExtractField, HeaderFrom, InsertField,
 * MaskField, ReplaceField, SetSchemaMetadata, TimestampConverter and ValueToKey): whether a null struct
 * field reads as its schema's default (`Struct.get`) or stays null (`Struct.getWithoutDefault`).
 *
 * @example
 * const CONFIG = defineConfig({ field: …, [REPLACE_NULL_WITH_DEFAULT]: replaceNullWithDefaultKey() })
 * readField(struct, field, config.get(REPLACE_NULL_WITH_DEFAULT))
 */
import { field as configField } from '../../runtime/config/config-key.js'
import type { Field } from '../../runtime/data/schema.js'
import type { Struct } from '../../runtime/data/struct.js'

export const REPLACE_NULL_WITH_DEFAULT = 'replace.null.with.default'

/** The key's definition, with Kafka's doc and default (`true`). */
export function replaceNullWithDefaultKey() {
  return configField.boolean({
    doc: 'Whether to replace fields that have a default value and that are null to the default value. When set to true, the default value is used, otherwise null is used.',
    default: true,
  })
}

/** The field's value, its default where it is null and `withDefault` is true. */
export function readField(struct: Struct, field: Field | string, withDefault: boolean): unknown {
  return withDefault ? struct.get(field) : struct.getWithoutDefault(field)
}
