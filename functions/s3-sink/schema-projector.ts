/**
 * Confluent storage's `SchemaProjector`: turns a value written with one schema into the same value
 * under a compatible schema (the schema of the file being written). Numbers widen along
 * int8 → int16 → int32 → int64 → float32 → float64; struct fields missing from the source take the
 * target's default (or stay null when optional); extra source fields are dropped. Names and
 * parameters must match, except documentation parameters; an enum may gain symbols.
 */
import type { Schema } from '../../layers/runtime/data/schema.js'
import { Struct } from '../../layers/runtime/data/struct.js'
import { BigDecimal, Type } from '../../layers/runtime/data/values.js'
import { DataException } from '../../layers/runtime/errors.js'

/** Connect's `SchemaProjectorException`. */
export class SchemaProjectorException extends DataException {
  static override readonly javaClassName: string = 'org.apache.kafka.connect.errors.SchemaProjectorException'
}

const PROMOTION_ORDER: readonly Type[] = [Type.INT8, Type.INT16, Type.INT32, Type.INT64, Type.FLOAT32, Type.FLOAT64]

/** Can a value of `source` type be widened to `target` type (or is it the same numeric type)? */
export function isPromotable(source: Type, target: Type): boolean {
  const s = PROMOTION_ORDER.indexOf(source)
  const t = PROMOTION_ORDER.indexOf(target)
  return s >= 0 && t >= 0 && s <= t
}

const AVRO_TYPE_ENUM = 'io.confluent.connect.avro.Enum'
const GENERALIZED_TYPE_ENUM = 'org.apache.kafka.connect.data.Enum'
const PROTOBUF_TYPE_ENUM = 'io.confluent.connect.protobuf.Enum'
const FIELD_DOC_PREFIX = 'io.confluent.connect.avro.field.doc.'
const METADATA_PARAMETERS = new Set(['connect.record.doc', 'connect.record.aliases', 'connect.record.namespace'])

/** The parameters that matter for compatibility: documentation parameters removed. */
export function filterMetadataParameters(
  parameters: Readonly<Record<string, string>> | null,
): ReadonlyMap<string, string> {
  const filtered = new Map<string, string>()
  if (parameters === null) return filtered
  for (const [key, value] of Object.entries(parameters)) {
    if (!METADATA_PARAMETERS.has(key) && !key.startsWith(FIELD_DOC_PREFIX)) filtered.set(key, value)
  }
  return filtered
}

export function isEnumSchema(schema: Schema): boolean {
  const p = schema.parameters
  return p !== null && (AVRO_TYPE_ENUM in p || GENERALIZED_TYPE_ENUM in p || PROTOBUF_TYPE_ENUM in p)
}

function mapEquals(a: ReadonlyMap<string, string>, b: ReadonlyMap<string, string>): boolean {
  if (a.size !== b.size) return false
  for (const [k, v] of a) if (b.get(k) !== v) return false
  return true
}

function containsAll(container: ReadonlyMap<string, string>, items: ReadonlyMap<string, string>): boolean {
  for (const [k, v] of items) if (container.get(k) !== v) return false
  return true
}

/** Are the parameters of `source` incompatible with `target`'s (enums: a subset is fine)? */
export function parametersIncompatible(source: Schema, target: Schema): boolean {
  const s = filterMetadataParameters(source.parameters)
  const t = filterMetadataParameters(target.parameters)
  if (isEnumSchema(source) && isEnumSchema(target)) return !containsAll(t, s)
  return !mapEquals(s, t)
}

function formatParams(p: Readonly<Record<string, string>> | null): string {
  return p === null
    ? 'null'
    : `{${Object.entries(p)
        .map(([k, v]) => `${k}=${v}`)
        .join(', ')}}`
}

function checkMaybeCompatible(source: Schema, target: Schema): void {
  if (source.type !== target.type && !isPromotable(source.type, target.type)) {
    throw new SchemaProjectorException(
      `Schema type mismatch. source type: ${source.type.toUpperCase()} and target type: ${target.type.toUpperCase()}`,
    )
  }
  if (source.name !== target.name) {
    throw new SchemaProjectorException(
      `Schema name mismatch. source name: ${String(source.name)} and target name: ${String(target.name)}`,
    )
  }
  if (source.parameters !== null && target.parameters !== null && parametersIncompatible(source, target)) {
    throw new SchemaProjectorException(
      isEnumSchema(source) && isEnumSchema(target)
        ? `Schema parameters mismatch. Source parameter: ${formatParams(source.parameters)} is not a subset of target parameters: ${formatParams(target.parameters)}`
        : `Schema parameters not equal. source parameters: ${formatParams(source.parameters)} and target parameters: ${formatParams(target.parameters)}`,
    )
  }
}

/** Projects `value` (of schema `source`) onto `target`; throws SchemaProjectorException when it cannot. */
export function project(source: Schema, value: unknown, target: Schema): unknown {
  checkMaybeCompatible(source, target)
  if (source.optional && !target.optional) {
    if (target.defaultValue === null) {
      throw new SchemaProjectorException(
        'Writer schema is optional, however, target schema does not provide a default value.',
      )
    }
    return value === null || value === undefined ? target.defaultValue : projectRequired(source, value, target)
  }
  return value === null || value === undefined ? null : projectRequired(source, value, target)
}

function projectRequired(source: Schema, value: unknown, target: Schema): unknown {
  switch (target.type) {
    case Type.STRUCT:
      return projectStruct(source, value as Struct, target)
    case Type.ARRAY:
      return (value as unknown[]).map((item) =>
        project(source.valueSchema as Schema, item, target.valueSchema as Schema),
      )
    case Type.MAP: {
      const out = new Map<unknown, unknown>()
      for (const [k, v] of value as Map<unknown, unknown>) {
        out.set(
          project(source.keySchema as Schema, k, target.keySchema as Schema),
          project(source.valueSchema as Schema, v, target.valueSchema as Schema),
        )
      }
      return out
    }
    default:
      return projectPrimitive(source, value, target)
  }
}

function projectStruct(source: Schema, struct: Struct, target: Schema): Struct {
  const out = new Struct(target)
  for (const targetField of target.fields) {
    const sourceField = source.field(targetField.name)
    if (sourceField !== undefined) {
      try {
        out.put(targetField.name, project(sourceField.schema, struct.get(targetField.name), targetField.schema))
      } catch (e) {
        if (!(e instanceof SchemaProjectorException)) throw e
        throw new SchemaProjectorException(`Error projecting ${sourceField.name}`, { cause: e })
      }
    } else if (targetField.schema.optional) {
      // a missing optional field stays null
    } else if (targetField.schema.defaultValue !== null) {
      out.put(targetField.name, targetField.schema.defaultValue)
    } else {
      throw new SchemaProjectorException(
        `Required field \`${targetField.name}\` is missing from source schema: ${String(source)}`,
      )
    }
  }
  return out
}

/** Java's `Number.byteValue()` … `doubleValue()` on the value representations of values.ts. */
function projectPrimitive(source: Schema, value: unknown, target: Schema): unknown {
  if (source.type === target.type || !isPromotable(source.type, target.type)) return value
  const n = typeof value === 'bigint' ? value : value instanceof BigDecimal ? value.toNumber() : (value as number)
  switch (target.type) {
    case Type.INT16:
    case Type.INT32:
      return Number(n)
    case Type.INT64:
      return BigInt(n)
    case Type.FLOAT32:
      return Math.fround(Number(n))
    case Type.FLOAT64:
      return Number(n)
    default:
      throw new SchemaProjectorException('Not promotable type.')
  }
}
