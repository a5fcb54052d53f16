/**
 * Kafka's `org.apache.kafka.connect.json.JsonConverter` (a Converter and a HeaderConverter): the same
 * configuration, the same envelope `{"schema":…,"payload":…}`, the same values, errors and output
 * bytes.
 *
 * Where it is faster: a record's envelope schema is recognised by its bytes before it is parsed. The
 * bytes up to the payload (`{"schema":{…},"payload":`) are compared with those of the last schemas
 * seen; on a match only the payload is read, straight into Connect values (`payload-reader.ts`). On
 * the way out each schema object's JSON is written once and its bytes reused. Anything unusual
 * (another key order, a duplicate key, a lenient conversion, an error) takes the exact path, a literal
 * port of Kafka's (`to-connect.ts`), so results and messages never depend on which path ran.
 */
import type { Schema } from '../../data/schema.js'
import { DataException } from '../../errors.js'
import {
  type Converter,
  type ConverterConfig,
  type HeaderConverter,
  type KafkaHeaders,
  NULL_SCHEMA_AND_VALUE,
  type SchemaAndValue,
} from '../converter.js'
import { type FromConnectOptions, writeConnectValue, writeSchemalessValue } from './from-connect.js'
import {
  ConverterType,
  DecimalFormat,
  JSON_CONVERTER_CONFIG,
  type JsonConverterSettings,
  parseJsonConverterConfig,
} from './json-converter-config.js'
import type { JsonNode, JsonRoot } from './json-node.js'
import { JsonReader } from './json-reader.js'
import { asConnectSchema, ENVELOPE_PAYLOAD, ENVELOPE_SCHEMA, writeJsonSchema } from './json-schema.js'
import { JsonWriteError, JsonWriter } from './json-writer.js'
import { LruCache } from './lru-cache.js'
import { readPayload } from './payload-reader.js'
import { readSchemaless, readSchemalessValue } from './schemaless-reader.js'
import { convertToConnect } from './to-connect.js'
import { valueWriter } from './value-writer.js'

const ENVELOPE_ERROR =
  'JsonConverter with schemas.enable requires "schema" and "payload" fields and may not contain additional fields.' +
  ' If you are trying to deserialize plain JSON data, set schemas.enable=false in your converter configuration.'
const READ_ERROR = 'Converting byte[] to Kafka Connect data failed due to serialization error: '
const WRITE_ERROR = 'Converting Kafka Connect data to byte[] failed due to serialization error: '

const SCHEMA_OPEN = Buffer.from('{"schema":')
const PAYLOAD_OPEN = Buffer.from(',"payload":')
const NULL_BYTES = Buffer.from('null')
const NULL_ENVELOPE_OPEN = Buffer.concat([SCHEMA_OPEN, NULL_BYTES, PAYLOAD_OPEN])

/** How many envelope prefixes are compared byte for byte before the schema is looked up by its text. */
const RECENT_PREFIXES = 8

interface PrefixEntry {
  readonly prefix: Buffer
  readonly schema: Schema | null
}

/**
 * One writer for every converter: converting is synchronous, so it is never shared mid-record. Each
 * record's bytes are a view of its 64 KB buffers (no copy per record; a buffer is freed with the last
 * record that uses it).
 */
const writer = new JsonWriter(64 * 1024)
const schemaWriter = new JsonWriter(4096)

function readRoot(bytes: Uint8Array): JsonRoot {
  try {
    return new JsonReader(bytes).readRoot()
  } catch (error) {
    throw new DataException(READ_ERROR, { cause: error })
  }
}

function isEnvelope(root: JsonRoot): root is Map<string, JsonNode> {
  return root instanceof Map && root.size === 2 && root.has(ENVELOPE_SCHEMA) && root.has(ENVELOPE_PAYLOAD)
}

export class JsonConverter implements Converter, HeaderConverter {
  private settings: JsonConverterSettings | null = null
  private options: FromConnectOptions = { numericDecimals: false, replaceNullWithDefault: true }
  /** The schema given by `schema.content`, used for every record instead of an envelope's. */
  private fixedSchema: Schema | null = null
  /** Envelope schemas by their JSON text (Kafka's toConnectSchemaCache). */
  private toConnectSchemas = new LruCache<string, Schema | null>(1000)
  /** The envelope prefixes seen last, most recent first. */
  private recent: PrefixEntry[] = []
  /** Each schema object's envelope up to the payload (Kafka's fromConnectSchemaCache, which is by equal schema). */
  private envelopeOpenByIdentity = new LruCache<Schema, Buffer>(1000)
  /** The distinct schema JSON texts written: what Kafka's cache would hold, for its size. */
  private distinctSchemaJson = new LruCache<string, true>(1000)
  private lastSchema: Schema | null = null
  private lastEnvelopeOpen: Buffer = NULL_ENVELOPE_OPEN

  /** The config definition (Kafka's `config()`). */
  static readonly CONFIG = JSON_CONVERTER_CONFIG

  /**
   * Kafka's `configure(configs, isKey)`, and with `isKey` left out its `configure(configs)`, which needs
   * `converter.type` (`key`, `value` or `header`) in the config, as a header converter gets it.
   */
  configure(config: ConverterConfig, isKey?: boolean): void {
    const props =
      isKey === undefined ? config : { ...config, 'converter.type': isKey ? ConverterType.KEY : ConverterType.VALUE }
    const settings = parseJsonConverterConfig(props)
    this.settings = settings
    this.options = {
      numericDecimals: settings.decimalFormat === DecimalFormat.NUMERIC,
      replaceNullWithDefault: settings.replaceNullWithDefault,
    }
    this.toConnectSchemas = new LruCache(settings.schemaCacheSize)
    this.envelopeOpenByIdentity = new LruCache(settings.schemaCacheSize)
    this.distinctSchemaJson = new LruCache(settings.schemaCacheSize)
    this.lastSchema = null
    this.recent = []
    this.fixedSchema = null
    if (settings.schemaContent !== null) {
      let root: JsonRoot
      try {
        root = new JsonReader(settings.schemaContent).readRoot()
      } catch (error) {
        throw new DataException('Failed to parse schema in converter config due to serialization error: ', {
          cause: error,
        })
      }
      this.fixedSchema = asConnectSchema(root, settings.replaceNullWithDefault)
    }
  }

  private get config(): JsonConverterSettings {
    if (this.settings === null) throw new DataException('JsonConverter is not configured')
    return this.settings
  }

  close(): void {}

  // --- bytes → Connect -----------------------------------------------------------------------------

  toConnectData(_topic: string, _headers: KafkaHeaders | null, value: Uint8Array | null): SchemaAndValue {
    if (value === null) return NULL_SCHEMA_AND_VALUE
    const config = this.config
    const replace = config.replaceNullWithDefault
    if (!config.schemasEnabled) {
      let schemaless: unknown
      try {
        schemaless = readSchemaless(value)
      } catch (error) {
        throw new DataException(READ_ERROR, { cause: error })
      }
      return schemaless === null ? NULL_SCHEMA_AND_VALUE : { schema: null, value: schemaless }
    }
    if (this.fixedSchema !== null) return this.fixedSchemaPayload(this.fixedSchema, value, replace)
    return this.fastEnvelope(value) ?? this.exactEnvelope(value)
  }

  toConnectHeader(topic: string, _headerKey: string, value: Uint8Array | null): SchemaAndValue {
    return this.toConnectData(topic, null, value)
  }

  /** With `schema.content`: the whole message is the payload. */
  private fixedSchemaPayload(schema: Schema, bytes: Uint8Array, replace: boolean): SchemaAndValue {
    const reader = new JsonReader(bytes)
    reader.skipBom()
    const first = reader.skipWhitespace()
    if (first >= 0) {
      try {
        const value = readPayload(reader, schema, 0, replace)
        if (first === 0x2d || (first >= 0x30 && first <= 0x39)) reader.checkRootNumberEnd()
        return { schema, value }
      } catch {
        // the exact path decides
      }
    }
    return { schema, value: convertToConnect(schema, readRoot(bytes), replace) }
  }

  /** Kafka's path, step by step: parse all, check the envelope, read the schema, convert the payload. */
  private exactEnvelope(bytes: Uint8Array): SchemaAndValue {
    const root = readRoot(bytes)
    if (!isEnvelope(root)) throw new DataException(ENVELOPE_ERROR)
    const schema = asConnectSchema(root.get(ENVELOPE_SCHEMA)!, this.config.replaceNullWithDefault)
    return { schema, value: convertToConnect(schema, root.get(ENVELOPE_PAYLOAD), this.config.replaceNullWithDefault) }
  }

  /**
   * The envelope `{"schema":S,"payload":P}` (white space allowed between tokens): S recognised by the
   * bytes before P, only P read. Null where the exact path must decide (other layouts, any error).
   */
  private fastEnvelope(bytes: Uint8Array): SchemaAndValue | null {
    const buf = Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)
    let entry: PrefixEntry | null = null
    const recent = this.recent
    for (let i = 0; i < recent.length; i++) {
      const candidate = recent[i]!
      const len = candidate.prefix.length
      if (buf.length > len && buf.compare(candidate.prefix, 0, len, 0, len) === 0) {
        entry = candidate
        if (i > 0) {
          recent.splice(i, 1)
          recent.unshift(candidate)
        }
        break
      }
    }
    try {
      if (entry === null) entry = this.learnPrefix(buf)
      if (entry === null) return null
      const reader = new JsonReader(buf, entry.prefix.length)
      reader.skipWhitespace()
      const value =
        entry.schema === null
          ? readSchemalessValue(reader, 1)
          : readPayload(reader, entry.schema, 1, this.config.replaceNullWithDefault)
      if (reader.skipWhitespace() !== 0x7d) return null
      return { schema: entry.schema, value }
    } catch {
      return null
    }
  }

  /** Reads `{ "schema" : S , "payload" :` at the start of buf; remembers its bytes and S's schema. */
  private learnPrefix(buf: Buffer): PrefixEntry | null {
    const reader = new JsonReader(buf)
    if (reader.skipWhitespace() !== 0x7b) return null
    reader.pos++
    if (reader.skipWhitespace() !== 0x22) return null
    reader.pos++
    if (reader.readString(Number.MAX_SAFE_INTEGER) !== ENVELOPE_SCHEMA) return null
    if (reader.skipWhitespace() !== 0x3a) return null
    reader.pos++
    reader.skipWhitespace()
    const schemaStart = reader.pos
    const schemaJson = reader.readValue(1)
    const schemaEnd = reader.pos
    if (reader.skipWhitespace() !== 0x2c) return null
    reader.pos++
    if (reader.skipWhitespace() !== 0x22) return null
    reader.pos++
    if (reader.readString(Number.MAX_SAFE_INTEGER) !== ENVELOPE_PAYLOAD) return null
    if (reader.skipWhitespace() !== 0x3a) return null
    reader.pos++
    const key = buf.toString('latin1', schemaStart, schemaEnd)
    let schema = this.toConnectSchemas.get(key)
    if (schema === undefined) {
      schema = asConnectSchema(schemaJson, this.config.replaceNullWithDefault)
      this.toConnectSchemas.set(key, schema)
    }
    const entry: PrefixEntry = { prefix: Buffer.from(buf.subarray(0, reader.pos)), schema }
    this.recent.unshift(entry)
    if (this.recent.length > RECENT_PREFIXES) this.recent.pop()
    return entry
  }

  // --- Connect → bytes -----------------------------------------------------------------------------

  fromConnectData(
    _topic: string,
    _headers: KafkaHeaders | null,
    schema: Schema | null,
    value: unknown,
  ): Uint8Array | null {
    if (schema === null && (value === null || value === undefined)) return null
    const config = this.config
    const w = writer
    w.reset()
    try {
      if (config.schemasEnabled) {
        // `{"schema":<the schema>,"payload":`, written once per schema object
        w.raw(schema === null ? NULL_ENVELOPE_OPEN : this.envelopeOpen(schema))
        this.writeValue(w, schema, value)
        w.byte(0x7d)
      } else {
        this.writeValue(w, schema, value)
      }
    } catch (error) {
      if (error instanceof JsonWriteError) throw new DataException(WRITE_ERROR, { cause: error })
      throw error
    }
    return w.take()
  }

  private writeValue(w: JsonWriter, schema: Schema | null, value: unknown): void {
    if (schema === null) writeSchemalessValue(w, value, this.options)
    else valueWriter(schema, this.options)(w, value)
  }

  fromConnectHeader(topic: string, _headerKey: string, schema: Schema | null, value: unknown): Uint8Array | null {
    return this.fromConnectData(topic, null, schema, value)
  }

  /** `{"schema":` the schema's JSON `,"payload":`, written once per schema object. */
  private envelopeOpen(schema: Schema): Buffer {
    if (schema === this.lastSchema) return this.lastEnvelopeOpen
    const bytes = this.lookUpEnvelopeOpen(schema)
    this.lastSchema = schema
    this.lastEnvelopeOpen = bytes
    return bytes
  }

  private lookUpEnvelopeOpen(schema: Schema): Buffer {
    const cached = this.envelopeOpenByIdentity.get(schema)
    if (cached !== undefined) return cached
    // written anew for each schema object: an equal schema (Connect's equals) may still differ in its
    // default's -0.0 or NaN, which Java's Double.equals tells apart
    const w = schemaWriter
    w.reset()
    writeJsonSchema(w, schema, null, (inner, s, v) => writeConnectValue(inner, s, v, this.options))
    const bytes = w.finish()
    const open = Buffer.concat([SCHEMA_OPEN, bytes, PAYLOAD_OPEN])
    this.envelopeOpenByIdentity.set(schema, open)
    this.distinctSchemaJson.set(bytes.toString('latin1'), true)
    return open
  }

  /** How many envelope schemas are cached (Kafka's `sizeOfToConnectSchemaCache`, for tests). */
  sizeOfToConnectSchemaCache(): number {
    return this.toConnectSchemas.size
  }

  /** How many distinct schemas have their JSON cached (Kafka's `sizeOfFromConnectSchemaCache`, for tests). */
  sizeOfFromConnectSchemaCache(): number {
    return this.distinctSchemaJson.size
  }
}
