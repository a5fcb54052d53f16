/**
 * What the runtime hands a custom transform or predicate (see docs/custom-transforms.md): the data
 * model, errors, config definitions and the transform helpers, as the runtime's own classes.
 *
 * A custom module is loaded at run time, beside a bundled runtime: if it imported its own copy of
 * `Struct` or `SchemaBuilder`, `instanceof` checks in the runtime and in Kafka's transforms would not
 * recognise its structs. So it imports only types (`import type`, erased when compiled) and takes the
 * classes from this object, which the chain builder passes to the class's constructor or to the factory.
 *
 * @example
 * import type { TransformApi } from 'connectless/layers/transforms/api.js'
 * export default class MyTransform {
 *   constructor(private readonly api: TransformApi) {}
 *   apply(record) { const s = this.api.requireStruct(record.value, 'my transform'); … }
 * }
 */
import { field, Importance } from '../runtime/config/config-key.js'
import { defineConfig } from '../runtime/config/definition.js'
import * as validators from '../runtime/config/validators.js'
import { ConnectDate, ConnectTime, ConnectTimestamp, Decimal } from '../runtime/data/logical.js'
import { ConnectSchema, SchemaBuilder, Schemas, schemasEqual } from '../runtime/data/schema.js'
import { Struct } from '../runtime/data/struct.js'
import { BigDecimal, BigInteger, Float32, Int8, Int16, Int32, Type, valuesEqual } from '../runtime/data/values.js'
import { ConfigException, ConnectException, DataException, RetriableException } from '../runtime/errors.js'
import { logger, warnOnce } from '../runtime/logging.js'
import { Headers } from '../runtime/record/headers.js'
import { SinkRecord, SourceRecord } from '../runtime/record/record.js'
import { KEY, VALUE } from './util/record-part.js'
import { readField } from './util/replace-null-with-default.js'
import {
  requireMap,
  requireMapOrNull,
  requireSchema,
  requireSinkRecord,
  requireStruct,
  requireStructOrNull,
} from './util/requirements.js'
import { SchemaCache } from './util/schema-cache.js'
import { copySchemaBasics } from './util/schema-util.js'

export const transformApi = Object.freeze({
  // data model
  Struct,
  SchemaBuilder,
  ConnectSchema,
  Schemas,
  Type,
  schemasEqual,
  valuesEqual,
  Decimal,
  ConnectDate,
  ConnectTime,
  ConnectTimestamp,
  BigDecimal,
  BigInteger,
  Int8,
  Int16,
  Int32,
  Float32,
  // records
  SinkRecord,
  SourceRecord,
  Headers,
  // errors
  ConnectException,
  DataException,
  RetriableException,
  ConfigException,
  // config definitions
  defineConfig,
  field,
  Importance,
  validators,
  // transform helpers (Kafka's transforms.util)
  KEY,
  VALUE,
  readField,
  requireMap,
  requireMapOrNull,
  requireSchema,
  requireSinkRecord,
  requireStruct,
  requireStructOrNull,
  copySchemaBasics,
  SchemaCache,
  // logging
  logger,
  warnOnce,
})

export type TransformApi = typeof transformApi
