/**
 * Confluent's `io.confluent.connect.avro.AvroConverter`: Connect data ⇄ Avro in Confluent's wire
 * format (magic byte 0, 4-byte schema id, Avro binary), with schemas in a Schema Registry.
 *
 * Writing registers the value's schema under its subject (`auto.register.schemas`, the default), or
 * writes with the subject's latest schema (`use.latest.version`), or looks the schema's id up.
 * Reading fetches the writer's schema by id and decodes with it; with `use.latest.version` the
 * subject's latest schema is the reader schema and Avro's schema resolution applies (new fields take
 * their defaults). The Connect schema's version is the registry version of the writer's schema,
 * unless the schema carries `connect.version`, as in Confluent's converter.
 *
 * Everything about a schema id is computed once and cached, so a record whose schema is known is
 * converted synchronously, without a Promise.
 */
import { defineConfig } from '../../config/definition.js'
import type { Schema } from '../../data/schema.js'
import { ConfigException, DataException } from '../../errors.js'
import type { SchemaRegistryClient } from '../../schema-registry/client.js'
import { type RegisteredSchema, SchemaType } from '../../schema-registry/client.js'
import {
  createSchemaRegistryClient,
  requestHeaders,
  type SerdeSettings,
  serdeSettings,
} from '../../schema-registry/client-factory.js'
import { applyClientPrefix, schemaRegistrySerdeKeys } from '../../schema-registry/serde-config.js'
import { serdeFailure, step } from '../../schema-registry/serde-errors.js'
import type { SubjectNameStrategy } from '../../schema-registry/subject-name-strategy.js'
import { HEADER_SIZE, readSchemaId, schemaIdHeader } from '../../schema-registry/wire-format.js'
import type {
  Converter,
  ConverterConfig,
  KafkaHeaders,
  MaybePromise,
  RecordContext,
  SchemaAndValue,
} from '../converter.js'
import { NULL_SCHEMA_AND_VALUE } from '../converter.js'
import { type AvscResolver, type AvscType, avscType, EncodeBuffer, resolver } from './avro-codec.js'
import { AvroData, type AvroReadSchema, type AvroWriteSchema, isAnything } from './avro-data.js'
import { avroDataKeys } from './avro-data-config.js'
import { type AvroSchema, fullName, isNamed, parseAvroSchema } from './avro-schema.js'

export const avroConverterConfig = defineConfig({ ...schemaRegistrySerdeKeys, ...avroDataKeys })

const KEY_SCHEMA_ID_HEADER = '__key_schema_id'
const VALUE_SCHEMA_ID_HEADER = '__value_schema_id'

/** What reading data written with one schema id needs, computed once. */
interface Reader {
  readonly id: number
  readonly type: AvscType
  readonly resolver: AvscResolver | undefined
  readonly rawBytes: boolean
  readonly schema: AvroReadSchema
}

/** What writing with one (subject, schema) needs, computed once. */
interface Writer {
  readonly header: Uint8Array
  readonly write: AvroWriteSchema
}

export class AvroConverter implements Converter {
  static readonly javaClassName = 'io.confluent.connect.avro.AvroConverter'

  private client: SchemaRegistryClient | null
  private ownsClient = false
  private isKey = false
  private settings!: SerdeSettings
  private avroData = new AvroData()
  private latestTtlForever = true
  private readonly readers = new Map<number, Reader>()
  private readonly writers = new Map<AvroWriteSchema, Map<string, Writer>>()
  private readonly encoder = new EncodeBuffer()

  /** `client`: a registry client to use instead of one built from `schema.registry.url` (tests). */
  constructor(client?: SchemaRegistryClient) {
    this.client = client ?? null
  }

  configure(config: ConverterConfig, isKey: boolean): void {
    const props = applyClientPrefix(config)
    const parsed = avroConverterConfig.parse(props)
    const v = parsed.values
    this.isKey = isKey
    this.settings = serdeSettings(v)
    this.latestTtlForever = v['latest.cache.ttl.sec'] < 0
    this.avroData = new AvroData({
      connectMetaData: v['connect.meta.data'],
      enhancedSchemaSupport: v['enhanced.avro.schema.support'],
      ignoreDefaultForNullables: v['ignore.default.for.nullables'],
      allowOptionalMapKey: v['allow.optional.map.keys'],
      flattenSingletonUnions: v['flatten.singleton.unions'],
      schemasCacheSize: v['schemas.cache.config'],
    })
    if (this.client === null) {
      this.client = createSchemaRegistryClient(v, requestHeaders(props))
      this.ownsClient = true
    }
    this.readers.clear()
    this.writers.clear()
  }

  close(): void {
    if (this.ownsClient) this.client?.close()
  }

  private get registry(): SchemaRegistryClient {
    if (this.client === null)
      throw new ConfigException('AvroConverter is not configured: schema.registry.url is missing')
    return this.client
  }

  private get strategy(): SubjectNameStrategy {
    return this.isKey ? this.settings.keyStrategy : this.settings.valueStrategy
  }

  private get kind(): string {
    return this.isKey ? 'key' : 'value'
  }

  private subjectFor(topic: string, avro: AvroSchema): string {
    return this.strategy.subjectName(topic, this.isKey, isNamed(avro) ? fullName(avro) : null)
  }

  // --- write ---------------------------------------------------------------------------------------------

  fromConnectData(
    topic: string,
    _headers: KafkaHeaders | null,
    schema: Schema | null,
    value: unknown,
  ): MaybePromise<Uint8Array | null> {
    try {
      const write = this.avroData.writeSchema(schema)
      const avroValue = write.convert(value)
      if (avroValue === null) return null
      const subject = this.subjectFor(topic, write.avro)
      const writer = this.writers.get(write)?.get(subject)
      if (writer !== undefined) return this.encode(writer, avroValue)
      return this.loadWriter(subject, write).then(
        (w) => this.encode(w, avroValue),
        (e: unknown) => {
          throw serdeFailure(e, 'write', 'Avro', topic)
        },
      )
    } catch (e) {
      throw serdeFailure(e, 'write', 'Avro', topic)
    }
  }

  private encode(writer: Writer, avroValue: unknown): Uint8Array {
    if (writer.write.avro.type === 'bytes') {
      // Confluent writes a bytes schema's value raw, without Avro's length prefix
      const raw = avroValue as Uint8Array
      const out = new Uint8Array(HEADER_SIZE + raw.length)
      out.set(writer.header, 0)
      out.set(raw, HEADER_SIZE)
      return out
    }
    try {
      return this.encoder.encode(writer.write.type, avroValue, writer.header)
    } catch (e) {
      throw new DataException(`Error serializing Avro message: ${(e as Error).message}`, { cause: e })
    }
  }

  private async loadWriter(subject: string, write: AvroWriteSchema): Promise<Writer> {
    const registered: RegisteredSchema = { schema: write.text, schemaType: SchemaType.AVRO, references: [] }
    const s = this.settings
    let id: number
    let effective = write
    if (s.autoRegister) {
      id = await step(`Error registering Avro schema: ${write.text}`, () =>
        this.registry.register(subject, registered, s.normalize),
      )
    } else if (s.useLatestVersion) {
      const latest = await step('Error retrieving latest version of Avro schema', () =>
        this.registry.getLatestSchemaMetadata(subject),
      )
      const latestAvro = parseAvroSchema(latest.schema)
      effective = latest.schema === write.text ? write : this.avroData.writeSchemaAs(null, latestAvro)
      if (s.latestCompatibilityStrict && effective !== write) {
        try {
          resolver(effective.type, write.type)
        } catch {
          throw new DataException(
            "Incompatible schema of type 'AVRO'. Set latest.compatibility.strict=false to disable this check.",
          )
        }
      }
      // the value is converted with the Connect schema's own Avro form and written with the latest
      // schema; fields the latest schema does not have are dropped, fields it adds take their defaults
      effective = { ...effective, convert: write.convert }
      id = latest.id
    } else {
      id = await step(`Error retrieving Avro schema: ${write.text}`, () =>
        this.registry.getId(subject, registered, s.normalize),
      )
    }
    const writer: Writer = { header: schemaIdHeader(id), write: effective }
    // latest versions expire; a registered or looked-up id does not
    if (!s.useLatestVersion || s.autoRegister || this.latestTtlForever) {
      let bySubject = this.writers.get(write)
      if (bySubject === undefined) {
        bySubject = new Map()
        this.writers.set(write, bySubject)
      }
      bySubject.set(subject, writer)
    }
    return writer
  }

  // --- read ----------------------------------------------------------------------------------------------

  toConnectData(
    topic: string,
    headers: KafkaHeaders | null,
    value: Uint8Array | null,
    context?: RecordContext,
  ): MaybePromise<SchemaAndValue> {
    if (value === null) return NULL_SCHEMA_AND_VALUE
    let id: number
    let start: number
    try {
      const fromHeader = headerSchemaId(headers, this.isKey ? KEY_SCHEMA_ID_HEADER : VALUE_SCHEMA_ID_HEADER)
      if (fromHeader !== null) {
        id = fromHeader
        start = 0
      } else {
        id = readSchemaId(value)
        start = HEADER_SIZE
      }
    } catch (e) {
      throw serdeFailure(e, 'read', 'Avro', topic, context)
    }
    const reader = this.readers.get(id)
    if (reader !== undefined) return this.decode(reader, value, start, topic, context)
    return this.loadReader(topic, id).then(
      (r) => this.decode(r, value, start, topic, context),
      (e: unknown) => {
        throw serdeFailure(e, 'read', 'Avro', topic, context)
      },
    )
  }

  private decode(
    reader: Reader,
    bytes: Uint8Array,
    start: number,
    topic: string,
    context?: RecordContext,
  ): SchemaAndValue {
    try {
      const buf = Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)
      let avroValue: unknown
      if (reader.rawBytes) {
        avroValue = buf.subarray(start)
      } else {
        const { value, offset } = reader.type.decode(buf, start, reader.resolver)
        if (offset < 0) throw new DataException('the payload is truncated')
        avroValue = value
      }
      return { schema: reader.schema.connect, value: reader.schema.convert(avroValue) }
    } catch (e) {
      const wrapped = new DataException(
        `Error deserializing Avro message for id ${reader.id}: ${(e as Error).message}`,
        {
          cause: e,
        },
      )
      throw serdeFailure(wrapped, 'read', 'Avro', topic, context)
    }
  }

  private async loadReader(topic: string, id: number): Promise<Reader> {
    const kind = this.kind
    const writer = await step(`Error retrieving Avro ${kind} schema for id ${id}`, async () => {
      const registered = await this.registry.getSchemaById(id)
      if (registered.schemaType !== SchemaType.AVRO) {
        throw new DataException(`schema ${id} is a ${registered.schemaType} schema, not AVRO`)
      }
      return registered
    })
    const writerAvro = await step(`Error parsing Avro ${kind} schema for id ${id}`, () =>
      parseAvroSchema(writer.schema),
    )
    const subject = await step(`Error computing the subject of Avro ${kind} schema ${id}`, () =>
      this.subjectFor(topic, writerAvro),
    )
    const version = isAnything(writerAvro)
      ? null
      : await step(`Error retrieving Avro ${kind} schema version for id ${id}`, () =>
          this.registry.getVersion(subject, writer, this.settings.normalize),
        )
    let readerAvro = writerAvro
    if (this.settings.useLatestVersion) {
      const latest = await step(`Error retrieving latest version of Avro ${kind} schema for subject ${subject}`, () =>
        this.registry.getLatestSchemaMetadata(subject),
      )
      readerAvro = await step(`Error parsing latest Avro ${kind} schema ${latest.id}`, () =>
        parseAvroSchema(latest.schema),
      )
    }
    const reader = await step(`Error preparing to read Avro ${kind} schema ${id}`, () => {
      const writerType = avscType(writerAvro)
      const readerType = readerAvro === writerAvro ? writerType : avscType(readerAvro)
      const res = readerType === writerType ? undefined : resolver(readerType, writerType)
      const read = this.avroData.readSchema(readerAvro, readerType, version)
      return {
        id,
        type: readerType,
        resolver: res,
        rawBytes: writerAvro.type === 'bytes' && readerAvro === writerAvro,
        schema: read,
      }
    })
    if (!this.settings.useLatestVersion || this.latestTtlForever) this.readers.set(id, reader)
    return reader
  }
}

/** The schema id a producer put in a header (Confluent's `DualSchemaIdDeserializer`); null when absent. */
function headerSchemaId(headers: KafkaHeaders | null, key: string): number | null {
  if (headers === null || headers.length === 0) return null
  for (let i = headers.length - 1; i >= 0; i--) {
    const h = headers[i]!
    if (h.key === key) return h.value === null ? null : readSchemaId(h.value)
  }
  return null
}
