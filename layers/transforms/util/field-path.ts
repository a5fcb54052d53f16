/**
 * Kafka's `transforms.field` package (KIP-821): `field.syntax.version` and `SingleFieldPath`, a path of
 * one or more field names into a Struct or a schemaless map. Kafka 4.x uses it in ExtractField and
 * ValueToKey.
 *
 * - `V1` (the default): the configured text is one top-level field name, dots included.
 * - `V2`: dots separate steps (`a.b.c`); a step wrapped in backticks may contain dots
 *   (`` `a.b`.c ``); a backtick right after a backslash is literal; an unclosed backtick pair is a
 *   `ConfigException`.
 *
 * @example
 * const path = new SingleFieldPath('magic.foo', FieldSyntaxVersion.V2)
 * path.fieldFrom(schema)             // the Field, or null
 * path.valueFromStruct(struct, true) // the value (the default for a null field), or null
 * path.valueFromMap(map)             // the value, or null
 */
import { field } from '../../runtime/config/config-key.js'
import { caseInsensitiveValidString } from '../../runtime/config/validators.js'
import type { Field, Schema } from '../../runtime/data/schema.js'
import type { Struct } from '../../runtime/data/struct.js'
import { ConfigException } from '../../runtime/errors.js'
import { requireMapOrNull, requireStructOrNull, type SchemalessMap } from './requirements.js'

export const FieldSyntaxVersion = { V1: 'V1', V2: 'V2' } as const
export type FieldSyntaxVersion = (typeof FieldSyntaxVersion)[keyof typeof FieldSyntaxVersion]

export const FIELD_SYNTAX_VERSION = 'field.syntax.version'

/** The `field.syntax.version` key, with Kafka's doc, default and validator. */
export function fieldSyntaxVersionKey() {
  return field.string({
    doc: 'Defines the version of the syntax to access fields. If set to `V1`, then the field paths are limited to access the elements at the root level of the struct or map. If set to `V2`, the syntax will support accessing nested elements. To access nested elements, dotted notation is used. If dots are already included in the field name, then backtick pairs can be used to wrap field names containing dots. E.g. to access the subfield `baz` from a field named "foo.bar" in a struct/map the following format can be used to access its elements: "`foo.bar`.baz".',
    default: FieldSyntaxVersion.V1,
    validator: caseInsensitiveValidString(FieldSyntaxVersion.V1, FieldSyntaxVersion.V2),
    importance: 'HIGH',
  })
}

/** The version a (validated) config value stands for (Kafka's `FieldSyntaxVersion.fromConfig`). */
export function fieldSyntaxVersionOf(value: string): FieldSyntaxVersion {
  const upper = value.toUpperCase()
  if (upper === FieldSyntaxVersion.V1 || upper === FieldSyntaxVersion.V2) return upper
  throw ConfigException.invalid(FIELD_SYNTAX_VERSION, value, 'Unrecognized field syntax version')
}

const BACKTICK = '`'
const DOT = '.'
const BACKSLASH = '\\'

export class SingleFieldPath {
  /** The steps of the path, in order. */
  readonly steps: readonly string[]

  constructor(
    pathText: string,
    readonly version: FieldSyntaxVersion,
  ) {
    this.steps = version === FieldSyntaxVersion.V1 ? [pathText] : buildFieldPathV2(pathText)
  }

  /** The field at the path in the schema, or null where a step is missing (or the schema is null). */
  fieldFrom(schema: Schema | null): Field | null {
    if (schema === null) return null
    let current = schema
    const last = this.steps.length - 1
    for (let i = 0; i < last; i++) {
      const f = current.field(this.steps[i]!)
      if (f === undefined) return null
      current = f.schema
    }
    return current.field(this.lastStep()) ?? null
  }

  /**
   * The value at the path in a struct; null where a step is missing or a struct on the way is null.
   * `withDefault` reads a null last field as its default (`replace.null.with.default`).
   */
  valueFromStruct(struct: Struct | null, withDefault = true): unknown {
    if (struct === null) return null
    let current: Struct = struct
    const last = this.steps.length - 1
    for (let i = 0; i < last; i++) {
      const step = this.steps[i]!
      if (current.schema.field(step) === undefined) return null
      const next = requireStructOrNull(current.get(step), 'nested field access')
      if (next === null) return null
      current = next
    }
    const lastStep = this.lastStep()
    if (current.schema.field(lastStep) === undefined) return null
    return withDefault ? current.get(lastStep) : current.getWithoutDefault(lastStep)
  }

  /** The value at the path in a schemaless map; null where a step is missing. */
  valueFromMap(map: SchemalessMap | null): unknown {
    if (map === null) return null
    let current: SchemalessMap = map
    const last = this.steps.length - 1
    for (let i = 0; i < last; i++) {
      const next = requireMapOrNull(current.get(this.steps[i]!), 'nested field access')
      if (next === null) return null
      current = next
    }
    return current.get(this.lastStep()) ?? null
  }

  toString(): string {
    return `SingleFieldPath{version=${this.version}, path=${this.steps.join('.')}}`
  }

  private lastStep(): string {
    // an empty V2 path has no steps; Kafka fails the same way when it is used
    if (this.steps.length === 0) throw new RangeError('Index -1 out of bounds for length 0')
    return this.steps[this.steps.length - 1]!
  }
}

function failWhenIncompleteBacktickPair(path: string, backtickAt: number): never {
  throw new ConfigException(
    `Incomplete backtick pair in path: [${path}], consider adding a backslash before backtick at position ${backtickAt} to escape it`,
  )
}

/** Kafka's `SingleFieldPath.buildFieldPathV2`, step for step. */
function buildFieldPathV2(path: string): string[] {
  const steps: string[] = []
  let idx = 0
  while (idx < path.length && idx >= 0) {
    if (path[idx] !== BACKTICK) {
      const start = idx
      idx = path.indexOf(DOT, idx)
      if (idx >= 0) {
        steps.push(path.slice(start, idx))
        idx++
      } else {
        steps.push(path.slice(start))
      }
      continue
    }
    const backtickAt = idx
    idx++
    let fieldName = ''
    let start = idx
    for (;;) {
      idx = path.indexOf(BACKTICK, idx)
      if (idx === -1) failWhenIncompleteBacktickPair(path, backtickAt)
      const escaped = path[idx - 1] === BACKSLASH
      if (idx >= path.length - 1) {
        // the closing backtick ends the path
        if (escaped) failWhenIncompleteBacktickPair(path, backtickAt)
        fieldName += path.slice(start, idx)
        steps.push(fieldName)
        idx++
        break
      }
      if (path[idx + 1] !== DOT) {
        // not followed by a dot: part of the name; look for the next backtick
        idx++
        continue
      }
      if (escaped) {
        fieldName += `${path.slice(start, idx - 1)}${BACKTICK}`
        idx++
        start = idx
        continue
      }
      fieldName += path.slice(start, idx)
      steps.push(fieldName)
      idx += 2
      break
    }
  }
  if (path.length > 0 && path[path.length - 1] === DOT) steps.push('')
  return steps
}
