export {
  bigIntToBytes,
  bytesToBigInt,
  ConnectDate,
  ConnectTime,
  ConnectTimestamp,
  Decimal,
  logicalName,
} from './logical.js'
export {
  ConnectSchema,
  type Field,
  LOGICAL_DATE,
  LOGICAL_DECIMAL,
  LOGICAL_TIME,
  LOGICAL_TIMESTAMP,
  type Schema,
  SchemaBuilder,
  SchemaBuilderException,
  Schemas,
  schemasEqual,
  validateValue,
} from './schema.js'
export { Struct } from './struct.js'
export {
  BigDecimal,
  BigInteger,
  Float32,
  Int8,
  Int16,
  Int32,
  inferSchemaType,
  javaClassName,
  javaDoubleToString,
  javaFloatToString,
  Type,
  typeName,
  valuesEqual,
} from './values.js'
