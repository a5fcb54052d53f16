/**
 * The names and schema annotations Confluent's `AvroData` uses to carry Connect's schema details
 * through Avro (`connect.name`, `connect.parameters`, …) and the Connect-side parameters that carry
 * Avro's details back (`io.confluent.connect.avro.Enum`, …).
 */
export const NAMESPACE = 'io.confluent.connect.avro'
export const DEFAULT_SCHEMA_NAME = 'ConnectDefault'
export const DEFAULT_SCHEMA_FULL_NAME = `${NAMESPACE}.${DEFAULT_SCHEMA_NAME}`
export const MAP_ENTRY_TYPE_NAME = 'MapEntry'
export const KEY_FIELD = 'key'
export const VALUE_FIELD = 'value'

export const CONNECT_NAME_PROP = 'connect.name'
export const CONNECT_DOC_PROP = 'connect.doc'
export const CONNECT_VERSION_PROP = 'connect.version'
export const CONNECT_DEFAULT_VALUE_PROP = 'connect.default'
export const CONNECT_PARAMETERS_PROP = 'connect.parameters'
export const CONNECT_INTERNAL_TYPE_NAME = 'connect.internal.type'
export const CONNECT_TYPE_PROP = 'connect.type'
export const AVRO_RECORD_DOC_PROP = `${NAMESPACE}.record.doc`
export const AVRO_ENUM_DOC_PREFIX_PROP = `${NAMESPACE}.enum.doc.`
export const AVRO_FIELD_DOC_PREFIX_PROP = `${NAMESPACE}.field.doc.`
export const AVRO_FIELD_DEFAULT_FLAG_PROP = `${NAMESPACE}.field.default`
export const AVRO_ENUM_DEFAULT_PREFIX_PROP = `${NAMESPACE}.enum.default.`
export const AVRO_TYPE_UNION = `${NAMESPACE}.Union`
export const AVRO_TYPE_ENUM = `${NAMESPACE}.Enum`
export const AVRO_TYPE_ANYTHING = `${NAMESPACE}.Anything`

export const AVRO_PROP = 'avro'
export const AVRO_LOGICAL_TYPE_PROP = 'logicalType'
export const AVRO_LOGICAL_TIMESTAMP_MILLIS = 'timestamp-millis'
export const AVRO_LOGICAL_TIME_MILLIS = 'time-millis'
export const AVRO_LOGICAL_DATE = 'date'
export const AVRO_LOGICAL_DECIMAL = 'decimal'
export const AVRO_LOGICAL_DECIMAL_SCALE_PROP = 'scale'
export const AVRO_LOGICAL_DECIMAL_PRECISION_PROP = 'precision'
export const CONNECT_AVRO_FIXED_SIZE_PROP = 'connect.fixed.size'
export const CONNECT_AVRO_DECIMAL_PRECISION_PROP = 'connect.decimal.precision'
export const CONNECT_AVRO_DECIMAL_PRECISION_DEFAULT = 64

/** Splits a dotted full name into namespace (null when none) and simple name. */
export function splitName(fullName: string): { namespace: string | null; name: string } {
  const dot = fullName.lastIndexOf('.')
  return dot < 0
    ? { namespace: null, name: fullName }
    : { namespace: fullName.slice(0, dot), name: fullName.slice(dot + 1) }
}
