/**
 * Connect's `org.apache.kafka.connect.storage.StringConverter`, a Converter and a HeaderConverter.
 * Writing ignores the schema and encodes the value's Java `toString()` (see `javaToString`: a Struct
 * prints as `Struct{a=1,b=x}`, a list as `[a, b]`, a Date as `Thu Jan 01 00:00:00 UTC 1970`); null
 * stays null. Reading always gives an optional string schema and the decoded string, or null.
 *
 * `converter.encoding` (default UTF-8) names a Java charset; as in Kafka, `key.serializer.encoding` /
 * `value.serializer.encoding` (and the `deserializer` pair) override it for one direction. The
 * charsets every Java runtime has are supported: UTF-8, US-ASCII, ISO-8859-1, UTF-16, UTF-16BE and
 * UTF-16LE, under their Java names and aliases; characters a charset cannot encode become `?`, and
 * bytes it cannot decode become U+FFFD, as Java's `String.getBytes` and `new String(bytes, charset)` do.
 */
import { defineConfig, field } from '../config/index.js'
import { javaToString } from '../data/java-objects.js'
import type { Schema } from '../data/schema.js'
import { Schemas } from '../data/schema.js'
import { ConfigException } from '../errors.js'
import type { Converter, ConverterConfig, HeaderConverter, KafkaHeaders, SchemaAndValue } from './converter.js'
import { ConverterType, converterTypeField, withConverterType } from './converter-config.js'

export const ENCODING_CONFIG = 'converter.encoding'

/** Connect's `StringConverterConfig`. */
export const STRING_CONVERTER_CONFIG = defineConfig({
  'converter.type': converterTypeField,
  [ENCODING_CONFIG]: field.string({
    doc: 'The name of the Java character set to use for encoding strings as byte arrays.',
    default: 'UTF-8',
    importance: 'HIGH',
    displayName: 'Encoding',
  }),
})

/** A Java charset: text to bytes and back. */
export interface Charset {
  /** The canonical Java name. */
  readonly name: string
  encode(text: string): Uint8Array
  decode(bytes: Uint8Array): string
}

const QUESTION_MARK = 0x3f
const REPLACEMENT = '\ufffd'
const SURROGATE = /[\ud800-\udfff]/
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g

function asBuffer(bytes: Uint8Array): Buffer {
  return Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)
}

/** UTF-8, as Java encodes it (an unpaired surrogate is written as `?`). */
export const UTF_8: Charset = {
  name: 'UTF-8',
  encode: (text) => Buffer.from(SURROGATE.test(text) ? text.replace(LONE_SURROGATE, '?') : text, 'utf8'),
  decode: (bytes) => asBuffer(bytes).toString('utf8'),
}

/** A single-byte charset holding the code points below `limit`. */
function singleByte(name: string, limit: number): Charset {
  return {
    name,
    encode(text) {
      const out = new Uint8Array(text.length)
      let n = 0
      for (let i = 0; i < text.length; i++) {
        const c = text.charCodeAt(i)
        // a surrogate pair is one unmappable character: one '?'
        if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length) {
          const d = text.charCodeAt(i + 1)
          if (d >= 0xdc00 && d <= 0xdfff) i++
        }
        out[n++] = c < limit ? c : QUESTION_MARK
      }
      return out.subarray(0, n)
    },
    decode(bytes) {
      if (limit === 0x100) return asBuffer(bytes).toString('latin1')
      let out = ''
      for (const b of bytes) out += b < limit ? String.fromCharCode(b) : REPLACEMENT
      return out
    },
  }
}

/** UTF-16 in one byte order; `bom` writes a byte-order mark and reads one (Java's `UTF-16`). */
function utf16(name: string, littleEndian: boolean, bom: boolean): Charset {
  return {
    name,
    encode(text) {
      const wellFormed = SURROGATE.test(text) ? text.replace(LONE_SURROGATE, REPLACEMENT) : text
      const offset = bom ? 2 : 0
      const out = Buffer.alloc(offset + wellFormed.length * 2)
      if (bom) out.writeUInt16BE(0xfeff, 0)
      for (let i = 0; i < wellFormed.length; i++) {
        if (littleEndian) out.writeUInt16LE(wellFormed.charCodeAt(i), offset + 2 * i)
        else out.writeUInt16BE(wellFormed.charCodeAt(i), offset + 2 * i)
      }
      return out
    },
    decode(bytes) {
      let le = littleEndian
      let start = 0
      if (bom && bytes.length >= 2) {
        if (bytes[0] === 0xfe && bytes[1] === 0xff) start = 2
        else if (bytes[0] === 0xff && bytes[1] === 0xfe) {
          start = 2
          le = true
        }
      }
      let out = ''
      let i = start
      for (; i + 1 < bytes.length; i += 2) {
        out += String.fromCharCode(le ? bytes[i]! | (bytes[i + 1]! << 8) : (bytes[i]! << 8) | bytes[i + 1]!)
      }
      if (i < bytes.length) out += REPLACEMENT
      return SURROGATE.test(out) ? out.replace(LONE_SURROGATE, REPLACEMENT) : out
    },
  }
}

const US_ASCII = singleByte('US-ASCII', 0x80)
const ISO_8859_1 = singleByte('ISO-8859-1', 0x100)
const UTF_16 = utf16('UTF-16', false, true)
const UTF_16BE = utf16('UTF-16BE', false, false)
const UTF_16LE = utf16('UTF-16LE', true, false)

const CHARSETS: ReadonlyMap<string, Charset> = new Map(
  (
    [
      [UTF_8, ['utf-8', 'utf8', 'unicode-1-1-utf-8']],
      [
        US_ASCII,
        [
          'us-ascii',
          'ascii',
          'iso646-us',
          'iso-ir-6',
          'ansi_x3.4-1968',
          'ansi_x3.4-1986',
          'cp367',
          'ibm367',
          'csascii',
          'us',
          '646',
          'ascii7',
          'default',
          'iso_646.irv:1983',
          'iso_646.irv:1991',
        ],
      ],
      [
        ISO_8859_1,
        [
          'iso-8859-1',
          'iso8859_1',
          'iso_8859_1',
          'iso_8859-1',
          'iso8859-1',
          'iso-ir-100',
          'latin1',
          'l1',
          'ibm819',
          'ibm-819',
          'cp819',
          '819',
          '8859_1',
          'csisolatin1',
          'iso_8859-1:1987',
        ],
      ],
      [UTF_16, ['utf-16', 'utf_16', 'utf16', 'unicode', 'unicodebig']],
      [UTF_16BE, ['utf-16be', 'utf_16be', 'x-utf-16be', 'iso-10646-ucs-2', 'unicodebigunmarked']],
      [UTF_16LE, ['utf-16le', 'utf_16le', 'x-utf-16le', 'unicodelittleunmarked']],
    ] as const
  ).flatMap(([charset, names]) => names.map((n) => [n, charset] as const)),
)

/** The Java charset of that name or alias (case-insensitive), or undefined. */
export function charsetFor(name: string): Charset | undefined {
  return CHARSETS.get(name.toLowerCase())
}

function resolveCharset(config: ConverterConfig, key: string, fallbackKey: string, fallback: string): Charset {
  const given = config[key]
  const [name, from] = typeof given === 'string' ? [given, key] : [fallback, fallbackKey]
  const charset = charsetFor(name)
  if (charset === undefined) throw ConfigException.invalid(from, name, `Unsupported encoding ${name}`)
  return charset
}

const OPTIONAL_NULL: SchemaAndValue = Object.freeze({ schema: Schemas.OPTIONAL_STRING, value: null })

export class StringConverter implements Converter, HeaderConverter {
  /** The config definition (Kafka's `config()`). */
  static readonly CONFIG = STRING_CONVERTER_CONFIG

  private encoder: Charset = UTF_8
  private decoder: Charset = UTF_8

  /**
   * Kafka's `configure(configs, isKey)`; with `isKey` left out, its `configure(configs)`, which needs
   * `converter.type` in the config (a header converter is given `header`).
   */
  configure(config: ConverterConfig, isKey?: boolean): void {
    const props = withConverterType(config, isKey)
    const parsed = STRING_CONVERTER_CONFIG.parse(props)
    const encoding = parsed.get(ENCODING_CONFIG)
    const direction = parsed.get('converter.type') === ConverterType.KEY ? 'key' : 'value'
    this.encoder = resolveCharset(props, `${direction}.serializer.encoding`, ENCODING_CONFIG, encoding)
    this.decoder = resolveCharset(props, `${direction}.deserializer.encoding`, ENCODING_CONFIG, encoding)
  }

  fromConnectData(
    _topic: string,
    _headers: KafkaHeaders | null,
    schema: Schema | null,
    value: unknown,
  ): Uint8Array | null {
    if (value === null || value === undefined) return null
    return this.encoder.encode(javaToString(schema, value))
  }

  toConnectData(_topic: string, _headers: KafkaHeaders | null, value: Uint8Array | null): SchemaAndValue {
    if (value === null) return OPTIONAL_NULL
    return { schema: Schemas.OPTIONAL_STRING, value: this.decoder.decode(value) }
  }

  fromConnectHeader(topic: string, _headerKey: string, schema: Schema | null, value: unknown): Uint8Array | null {
    return this.fromConnectData(topic, null, schema, value)
  }

  toConnectHeader(topic: string, _headerKey: string, value: Uint8Array | null): SchemaAndValue {
    return this.toConnectData(topic, null, value)
  }

  close(): void {}
}
