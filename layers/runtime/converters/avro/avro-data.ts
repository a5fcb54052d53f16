/**
 * Confluent's `AvroData`: converts Connect schemas and values to Avro and back, caching the
 * converted schemas (`schemas.cache.config` of each direction) with the compiled value conversions.
 * A schema that is null (schemaless data) maps to Confluent's `io.confluent.connect.avro.Anything`.
 */
import { type Schema, schemasEqual } from '../../data/schema.js'
import { type AvscType, avscType } from './avro-codec.js'
import { type AvroDataOptions, DEFAULT_AVRO_DATA_OPTIONS } from './avro-data-config.js'
import { AVRO_TYPE_ANYTHING } from './avro-names.js'
import { type AvroSchema, avroSchemaToString, fullName, isNamed, parseAvroSchema } from './avro-schema.js'
import { fromConnectSchema, toConnectSchema } from './avro-schema-mapping.js'
import { compileFromConnect, compileToConnect } from './avro-value-mapping.js'

const ANYTHING_TEXT =
  '{"type":"record","name":"Anything","namespace":"io.confluent.connect.avro","fields":[' +
  ['boolean', 'bytes', 'double', 'float', 'int', 'long', 'string']
    .map((t) => `{"name":"${t}","type":["null","${t}"],"default":null}`)
    .join(',') +
  ',{"name":"array","type":["null",{"type":"array","items":"Anything"}],"default":null}' +
  ',{"name":"map","type":["null",{"type":"array","items":{"type":"record","name":"MapEntry","fields":[' +
  '{"name":"key","type":"Anything"},{"name":"value","type":"Anything"}]}}],"default":null}]}'

/** Confluent's `AvroData.ANYTHING_SCHEMA`, the Avro schema of schemaless Connect data. */
export const ANYTHING_SCHEMA: AvroSchema = parseAvroSchema(ANYTHING_TEXT)

export function isAnything(schema: AvroSchema): boolean {
  return isNamed(schema) && fullName(schema) === AVRO_TYPE_ANYTHING
}

/** A Connect schema's Avro form, ready to write values of it. */
export interface AvroWriteSchema {
  readonly avro: AvroSchema
  /** The schema text to register, as Avro Java writes it. */
  readonly text: string
  readonly type: AvscType
  /** Connect value → avsc value. */
  readonly convert: (value: unknown) => unknown
}

/** An Avro schema's Connect form, ready to read values written with it. */
export interface AvroReadSchema {
  readonly connect: Schema | null
  /** avsc value → Connect value. */
  readonly convert: (value: unknown) => unknown
}

/** A small cache of converted schemas, by identity first and by Connect's schema equality second. */
class SchemaCache<V> {
  private readonly byIdentity = new Map<Schema, V>()
  private readonly byHash = new Map<number, { schema: Schema; value: V }[]>()
  private size = 0
  constructor(private readonly capacity: number) {}

  get(schema: Schema): V | undefined {
    const hit = this.byIdentity.get(schema)
    if (hit !== undefined) return hit
    const bucket = this.byHash.get(hashOf(schema))
    const found = bucket?.find((e) => schemasEqual(e.schema, schema))
    if (found !== undefined && this.byIdentity.size < this.capacity) this.byIdentity.set(schema, found.value)
    return found?.value
  }

  set(schema: Schema, value: V): void {
    if (this.size >= this.capacity) {
      this.byIdentity.clear()
      this.byHash.clear()
      this.size = 0
    }
    this.byIdentity.set(schema, value)
    const h = hashOf(schema)
    const bucket = this.byHash.get(h)
    if (bucket === undefined) this.byHash.set(h, [{ schema, value }])
    else bucket.push({ schema, value })
    this.size++
  }
}

function hashOf(schema: Schema): number {
  const h = (schema as { hashCode?: () => number }).hashCode
  return typeof h === 'function' ? h.call(schema) : 0
}

export class AvroData {
  readonly options: AvroDataOptions
  private readonly writeCache: SchemaCache<AvroWriteSchema>
  private anythingWrite: AvroWriteSchema | undefined

  constructor(options: Partial<AvroDataOptions> = {}) {
    this.options = { ...DEFAULT_AVRO_DATA_OPTIONS, ...options }
    this.writeCache = new SchemaCache(Math.max(1, this.options.schemasCacheSize))
  }

  /** The Avro schema of a Connect schema (Confluent's `fromConnectSchema`). */
  fromConnectSchema(schema: Schema | null): AvroSchema {
    return schema === null ? ANYTHING_SCHEMA : fromConnectSchema(schema, this.options)
  }

  /** The Connect schema of an Avro schema; `version` is the registry's, used without `connect.version`. */
  toConnectSchema(avro: AvroSchema, version: number | null = null): Schema | null {
    return isAnything(avro) ? null : toConnectSchema(avro, version, this.options)
  }

  /** The cached write form of a Connect schema. */
  writeSchema(schema: Schema | null): AvroWriteSchema {
    if (schema === null) {
      this.anythingWrite ??= this.compileWrite(null, ANYTHING_SCHEMA)
      return this.anythingWrite
    }
    let hit = this.writeCache.get(schema)
    if (hit === undefined) {
      hit = this.compileWrite(schema, fromConnectSchema(schema, this.options))
      this.writeCache.set(schema, hit)
    }
    return hit
  }

  /** The write form of a Connect schema against another Avro schema (the registry's latest). */
  writeSchemaAs(schema: Schema | null, avro: AvroSchema): AvroWriteSchema {
    return this.compileWrite(schema, avro)
  }

  /** The read form of an Avro schema, read with avsc type `type`. */
  readSchema(avro: AvroSchema, type: AvscType, version: number | null): AvroReadSchema {
    const connect = this.toConnectSchema(avro, version)
    return { connect, convert: compileToConnect(connect, type, this.options) }
  }

  private compileWrite(schema: Schema | null, avro: AvroSchema): AvroWriteSchema {
    const type = avscType(avro)
    return { avro, text: avroSchemaToString(avro), type, convert: compileFromConnect(schema, type, this.options) }
  }
}
