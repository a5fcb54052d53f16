/**
 * What Confluent knows about each column of a result set (`ColumnDefinition`), as pgjdbc's
 * `ResultSetMetaData` reports it for PostgreSQL: the JDBC type of the column's type OID (pgjdbc's
 * `TypeInfoCache`), precision and scale from the type modifier, and nullability from `pg_attribute`
 * (a column computed by an expression is nullable).
 */
import type { FieldDef } from 'pg'

/** The `java.sql.Types` a PostgreSQL column can report through pgjdbc. */
export const JdbcType = {
  BIT: 'BIT',
  SMALLINT: 'SMALLINT',
  INTEGER: 'INTEGER',
  BIGINT: 'BIGINT',
  REAL: 'REAL',
  DOUBLE: 'DOUBLE',
  NUMERIC: 'NUMERIC',
  CHAR: 'CHAR',
  VARCHAR: 'VARCHAR',
  BINARY: 'BINARY',
  DATE: 'DATE',
  TIME: 'TIME',
  TIMESTAMP: 'TIMESTAMP',
  SQLXML: 'SQLXML',
  OTHER: 'OTHER',
  ARRAY: 'ARRAY',
  STRUCT: 'STRUCT',
  DISTINCT: 'DISTINCT',
  REF_CURSOR: 'REF_CURSOR',
} as const
export type JdbcType = (typeof JdbcType)[keyof typeof JdbcType]

export interface ColumnDefinition {
  /** The column label: the field name of the record. */
  readonly name: string
  readonly oid: number
  readonly jdbcType: JdbcType
  /** PostgreSQL's type name (`int4`, `jsonb`, an enum's name). */
  readonly typeName: string
  /** The Java class pgjdbc maps the type to, where it matters (`java.util.UUID`). */
  readonly className: string | null
  readonly precision: number
  readonly scale: number
  readonly optional: boolean
}

export const Oid = {
  BOOL: 16,
  BYTEA: 17,
  CHAR: 18,
  NAME: 19,
  INT8: 20,
  INT2: 21,
  INT4: 23,
  TEXT: 25,
  OID: 26,
  JSON: 114,
  XML: 142,
  FLOAT4: 700,
  FLOAT8: 701,
  MONEY: 790,
  BPCHAR: 1042,
  VARCHAR: 1043,
  DATE: 1082,
  TIME: 1083,
  TIMESTAMP: 1114,
  TIMESTAMPTZ: 1184,
  TIMETZ: 1266,
  BIT: 1560,
  VARBIT: 1562,
  NUMERIC: 1700,
  REFCURSOR: 1790,
  UUID: 2950,
  JSONB: 3802,
} as const

/** pgjdbc's built-in types: name, JDBC type, and the Java class where a dialect looks at it. */
const BUILTIN: ReadonlyMap<number, readonly [string, JdbcType, string | null]> = new Map([
  [Oid.INT2, ['int2', 'SMALLINT', null]],
  [Oid.INT4, ['int4', 'INTEGER', null]],
  [Oid.OID, ['oid', 'BIGINT', null]],
  [Oid.INT8, ['int8', 'BIGINT', null]],
  [Oid.MONEY, ['money', 'DOUBLE', null]],
  [Oid.NUMERIC, ['numeric', 'NUMERIC', null]],
  [Oid.FLOAT4, ['float4', 'REAL', null]],
  [Oid.FLOAT8, ['float8', 'DOUBLE', null]],
  [Oid.CHAR, ['char', 'CHAR', null]],
  [Oid.BPCHAR, ['bpchar', 'CHAR', null]],
  [Oid.VARCHAR, ['varchar', 'VARCHAR', null]],
  [Oid.VARBIT, ['varbit', 'OTHER', null]],
  [Oid.TEXT, ['text', 'VARCHAR', null]],
  [Oid.NAME, ['name', 'VARCHAR', null]],
  [Oid.BYTEA, ['bytea', 'BINARY', null]],
  [Oid.BOOL, ['bool', 'BIT', null]],
  [Oid.BIT, ['bit', 'BIT', null]],
  [Oid.DATE, ['date', 'DATE', null]],
  [Oid.TIME, ['time', 'TIME', null]],
  [Oid.TIMETZ, ['timetz', 'TIME', null]],
  [Oid.TIMESTAMP, ['timestamp', 'TIMESTAMP', null]],
  [Oid.TIMESTAMPTZ, ['timestamptz', 'TIMESTAMP', null]],
  [Oid.REFCURSOR, ['refcursor', 'REF_CURSOR', null]],
  [Oid.JSON, ['json', 'OTHER', null]],
  [Oid.JSONB, ['jsonb', 'OTHER', null]],
  [Oid.UUID, ['uuid', 'OTHER', 'java.util.UUID']],
  [Oid.XML, ['xml', 'SQLXML', null]],
])

/** A type outside pgjdbc's built-in list, as `pg_type` describes it. */
export interface PgTypeInfo {
  readonly name: string
  /** `typtype`: `b` base, `c` composite, `d` domain, `e` enum, `p` pseudo, `r`/`m` range. */
  readonly kind: string
  /** `typinput = array_in`. */
  readonly isArray: boolean
}

/** Whether pgjdbc knows the type without asking the database. */
export function isBuiltinType(oid: number): boolean {
  return BUILTIN.has(oid)
}

/** pgjdbc's JDBC type of a type OID (`TypeInfoCache.getSQLType`): arrays, composites, domains, enums by `pg_type`. */
function jdbcTypeOf(oid: number, info: PgTypeInfo | undefined): readonly [string, JdbcType, string | null] {
  const builtin = BUILTIN.get(oid)
  if (builtin) return builtin
  if (info === undefined) return ['unknown', 'OTHER', null]
  if (info.isArray) return [info.name, 'ARRAY', null]
  switch (info.kind) {
    case 'c':
      return [info.name, 'STRUCT', null]
    case 'd':
      return [info.name, 'DISTINCT', null]
    case 'e':
      return [info.name, 'VARCHAR', null]
    default:
      return [info.name, 'OTHER', null]
  }
}

/** pgjdbc's `getPrecision` for the types whose precision a mapping reads. */
function precisionOf(oid: number, typmod: number): number {
  switch (oid) {
    case Oid.NUMERIC:
      return typmod === -1 ? 0 : ((typmod - 4) >> 16) & 0xffff
    case Oid.BOOL:
    case Oid.CHAR:
      return 1
    case Oid.BIT:
      return typmod
    case Oid.INT2:
      return 5
    case Oid.INT4:
    case Oid.OID:
      return 10
    case Oid.INT8:
      return 19
    case Oid.FLOAT4:
      return 8
    case Oid.FLOAT8:
      return 17
    default:
      return typmod === -1 ? 0 : typmod - 4
  }
}

/** pgjdbc's `getScale` (NUMERIC: the low 16 bits of the type modifier, unsigned). */
function scaleOf(oid: number, typmod: number): number {
  if (oid === Oid.NUMERIC) return typmod === -1 ? 0 : (typmod - 4) & 0xffff
  return 0
}

/**
 * The definition of a result column from what the server sent (`RowDescription`), the `pg_type`
 * rows of non-built-in types, and the NOT NULL flag of its table column (undefined when the column
 * is computed: nullable, as pgjdbc reports it).
 */
export function columnDefinition(
  field: Pick<FieldDef, 'name' | 'dataTypeID' | 'dataTypeModifier'>,
  typeInfo: PgTypeInfo | undefined,
  notNull: boolean | undefined,
): ColumnDefinition {
  const [typeName, jdbcType, className] = jdbcTypeOf(field.dataTypeID, typeInfo)
  return {
    name: field.name,
    oid: field.dataTypeID,
    jdbcType,
    typeName,
    className,
    precision: precisionOf(field.dataTypeID, field.dataTypeModifier),
    scale: scaleOf(field.dataTypeID, field.dataTypeModifier),
    optional: notNull !== true,
  }
}
