/**
 * Confluent's `io.confluent.connect.protobuf.ProtobufConverter`: Connect data ⇄ Protobuf in Confluent's
 * wire format (magic byte 0, 4-byte schema id, message indexes, the message), with `.proto` schemas
 * (`schemaType: PROTOBUF`) in a Schema Registry. Reading fetches the writer's schema by id and picks
 * the message by its indexes; writing derives a proto3 schema from the Connect schema and registers
 * it (or looks it up, or uses the subject's latest with `use.latest.version`).
 */
import type protobuf from 'protobufjs'
import { defineConfig, field } from '../../config/definition.js'
import type { Schema } from '../../data/schema.js'
import { ConfigException, DataException } from '../../errors.js'
import { type RegisteredSchema, type SchemaRegistryClient, SchemaType } from '../../schema-registry/client.js'
import {
  createSchemaRegistryClient,
  requestHeaders,
  type SerdeSettings,
  serdeSettings,
} from '../../schema-registry/client-factory.js'
import { applyClientPrefix, schemaRegistrySerdeKeys } from '../../schema-registry/serde-config.js'
import { serdeFailure, step } from '../../schema-registry/serde-errors.js'
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
import { DEFAULT_INDEXES, readMessageIndexes, writeMessageIndexes } from './message-indexes.js'
import {
  fromConnectValue,
  messageAt,
  type ParsedProto,
  parseProto,
  protoFromConnectSchema,
  toConnectSchema,
  toConnectValue,
} from './protobuf-data.js'

export const protobufConverterConfig = defineConfig({
  ...schemaRegistrySerdeKeys,
  'enhanced.protobuf.schema.support': field.boolean({
    doc: 'Use full names (with the package) for message and enum schemas.',
    default: false,
    group: 'Protobuf data',
  }),
})

interface Reader {
  readonly proto: ParsedProto
  readonly version: number
  readonly byIndexes: Map<string, { readonly type: protobuf.Type; readonly schema: Schema }>
}

interface Writer {
  readonly prefix: Uint8Array
  readonly type: protobuf.Type
}

export class ProtobufConverter implements Converter {
  static readonly javaClassName = 'io.confluent.connect.protobuf.ProtobufConverter'

  private client: SchemaRegistryClient | null
  private ownsClient = false
  private isKey = false
  private enhanced = false
  private settings!: SerdeSettings
  private readonly readers = new Map<number, Reader>()
  private readonly writers = new Map<Schema, Map<string, Writer>>()

  constructor(client?: SchemaRegistryClient) {
    this.client = client ?? null
  }

  configure(config: ConverterConfig, isKey: boolean): void {
    const props = applyClientPrefix(config)
    const v = protobufConverterConfig.parse(props).values
    this.isKey = isKey
    this.enhanced = v['enhanced.protobuf.schema.support']
    this.settings = serdeSettings(v)
    if (this.client === null) {
      this.client = createSchemaRegistryClient(v, requestHeaders(props))
      this.ownsClient = true
    }
  }

  close(): void {
    if (this.ownsClient) this.client?.close()
  }

  private get registry(): SchemaRegistryClient {
    if (this.client === null)
      throw new ConfigException('ProtobufConverter is not configured: schema.registry.url is missing')
    return this.client
  }

  private subject(topic: string, recordName: string | null): string {
    const strategy = this.isKey ? this.settings.keyStrategy : this.settings.valueStrategy
    return strategy.subjectName(topic, this.isKey, recordName)
  }

  // --- write ---------------------------------------------------------------------------------------------

  fromConnectData(
    topic: string,
    _headers: KafkaHeaders | null,
    schema: Schema | null,
    value: unknown,
  ): MaybePromise<Uint8Array | null> {
    if (value === null || value === undefined) return null
    try {
      if (schema === null)
        throw new DataException('ProtobufConverter needs a schema: schemaless data cannot be written')
      const cached = this.writers.get(schema)
      const proto = cached === undefined ? protoFromConnectSchema(schema) : null
      const subject = this.subject(topic, schema.name)
      const writer = cached?.get(subject)
      if (writer !== undefined) return this.encode(writer, schema, value)
      return this.loadWriter(subject, schema, proto ?? protoFromConnectSchema(schema)).then(
        (w) => this.encode(w, schema, value),
        (e: unknown) => {
          throw serdeFailure(e, 'write', 'Protobuf', topic)
        },
      )
    } catch (e) {
      throw serdeFailure(e, 'write', 'Protobuf', topic)
    }
  }

  private encode(writer: Writer, schema: Schema, value: unknown): Uint8Array {
    const object = fromConnectValue(schema, value)
    let body: Uint8Array
    try {
      body = writer.type.encode(writer.type.fromObject(object)).finish()
    } catch (e) {
      throw new DataException(`Error serializing Protobuf message: ${(e as Error).message}`, { cause: e })
    }
    const out = new Uint8Array(writer.prefix.length + body.length)
    out.set(writer.prefix, 0)
    out.set(body, writer.prefix.length)
    return out
  }

  private async loadWriter(
    subject: string,
    schema: Schema,
    proto: { text: string; messageName: string },
  ): Promise<Writer> {
    const registered: RegisteredSchema = { schema: proto.text, schemaType: SchemaType.PROTOBUF, references: [] }
    const s = this.settings
    let id: number
    let text = proto.text
    let indexes = DEFAULT_INDEXES
    if (s.autoRegister) {
      id = await step(`Error registering Protobuf schema: ${proto.text}`, () =>
        this.registry.register(subject, registered, s.normalize),
      )
    } else if (s.useLatestVersion) {
      const latest = await step('Error retrieving latest version of Protobuf schema', () =>
        this.registry.getLatestSchemaMetadata(subject),
      )
      id = latest.id
      text = latest.schema
      const parsed = parseProto(text)
      const index = parsed.messages.findIndex((m) => m.name === proto.messageName)
      indexes = [Math.max(index, 0)]
    } else {
      id = await step(`Error retrieving Protobuf schema: ${proto.text}`, () =>
        this.registry.getId(subject, registered, s.normalize),
      )
    }
    const parsed = parseProto(text)
    const type = messageAt(parsed, indexes)
    const header = schemaIdHeader(id)
    const idx = writeMessageIndexes(indexes)
    const prefix = new Uint8Array(header.length + idx.length)
    prefix.set(header, 0)
    prefix.set(idx, header.length)
    const writer: Writer = { prefix, type }
    let bySubject = this.writers.get(schema)
    if (bySubject === undefined) {
      bySubject = new Map()
      this.writers.set(schema, bySubject)
    }
    bySubject.set(subject, writer)
    return writer
  }

  // --- read ----------------------------------------------------------------------------------------------

  toConnectData(
    topic: string,
    _headers: KafkaHeaders | null,
    value: Uint8Array | null,
    context?: RecordContext,
  ): MaybePromise<SchemaAndValue> {
    if (value === null) return NULL_SCHEMA_AND_VALUE
    let id: number
    let indexes: readonly number[]
    let start: number
    try {
      id = readSchemaId(value)
      const read = readMessageIndexes(value, HEADER_SIZE)
      indexes = read.indexes
      start = read.end
    } catch (e) {
      throw serdeFailure(e, 'read', 'Protobuf', topic, context)
    }
    const reader = this.readers.get(id)
    if (reader !== undefined) return this.decode(reader, id, indexes, value, start, topic, context)
    return this.loadReader(topic, id).then(
      (r) => this.decode(r, id, indexes, value, start, topic, context),
      (e: unknown) => {
        throw serdeFailure(e, 'read', 'Protobuf', topic, context)
      },
    )
  }

  private decode(
    reader: Reader,
    id: number,
    indexes: readonly number[],
    bytes: Uint8Array,
    start: number,
    topic: string,
    context?: RecordContext,
  ): SchemaAndValue {
    try {
      const key = indexes.join('.')
      let entry = reader.byIndexes.get(key)
      if (entry === undefined) {
        const type = messageAt(reader.proto, indexes)
        entry = { type, schema: toConnectSchema(type, reader.version, this.enhanced) }
        reader.byIndexes.set(key, entry)
      }
      const message = entry.type.decode(bytes.subarray(start))
      return { schema: entry.schema, value: toConnectValue(entry.schema, entry.type, message) }
    } catch (e) {
      const wrapped = new DataException(`Error deserializing Protobuf message for id ${id}: ${(e as Error).message}`, {
        cause: e,
      })
      throw serdeFailure(wrapped, 'read', 'Protobuf', topic, context)
    }
  }

  private async loadReader(topic: string, id: number): Promise<Reader> {
    const kind = this.isKey ? 'key' : 'value'
    const registered = await step(`Error retrieving Protobuf ${kind} schema for id ${id}`, async () => {
      const r = await this.registry.getSchemaById(id)
      if (r.schemaType !== SchemaType.PROTOBUF)
        throw new DataException(`schema ${id} is a ${r.schemaType} schema, not PROTOBUF`)
      return r
    })
    const proto = await step(`Error parsing Protobuf ${kind} schema for id ${id}`, () => parseProto(registered.schema))
    const first = proto.messages[0]
    const subject = this.subject(topic, first ? first.fullName.replace(/^\./, '') : null)
    const version = await step(`Error retrieving Protobuf ${kind} schema version for id ${id}`, () =>
      this.registry.getVersion(subject, registered, this.settings.normalize),
    )
    const reader: Reader = { proto, version, byIndexes: new Map() }
    this.readers.set(id, reader)
    return reader
  }
}
