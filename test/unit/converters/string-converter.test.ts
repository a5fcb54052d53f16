// Ports Kafka's StringConverterTest (connect/api/src/test/java/org/apache/kafka/connect/storage).
import { beforeEach, describe, expect, it } from 'vitest'
import { charsetFor, StringConverter } from '../../../layers/runtime/converters/string-converter.js'
import { SchemaBuilder, Schemas } from '../../../layers/runtime/data/schema.js'
import { Struct } from '../../../layers/runtime/data/struct.js'
import { BigDecimal, Int16 } from '../../../layers/runtime/data/values.js'
import { ConfigException } from '../../../layers/runtime/errors.js'

const TOPIC = 'topic'
const SAMPLE_STRING = 'a string'
const utf8 = (s: string) => [...Buffer.from(s, 'utf8')]
/** Java's String.getBytes(UTF_16): a big-endian byte-order mark, then big-endian code units. */
const javaUtf16 = (s: string) => [0xfe, 0xff, ...Buffer.from(s, 'utf16le').swap16()]
/** The bytes as a plain array, to compare a Buffer with a Uint8Array. */
const bytes = (b: Uint8Array | null | undefined) => (b === null || b === undefined ? b : [...b])

describe('StringConverter', () => {
  let converter: StringConverter
  beforeEach(() => {
    converter = new StringConverter()
  })

  it('writes a string in UTF-8', () => {
    expect(bytes(converter.fromConnectData(TOPIC, null, Schemas.STRING, SAMPLE_STRING))).toEqual(utf8(SAMPLE_STRING))
  })

  it('writes other values as their text', () => {
    expect(bytes(converter.fromConnectData(TOPIC, null, Schemas.BOOLEAN, true))).toEqual(utf8('true'))
  })

  it('writes null as null', () => {
    expect(converter.fromConnectData(TOPIC, null, Schemas.OPTIONAL_STRING, null)).toBeNull()
  })

  it('ignores the schema when writing', () => {
    expect(bytes(converter.fromConnectData(TOPIC, null, null, true))).toEqual(utf8('true'))
  })

  it('writes in the configured encoding', () => {
    converter.configure({ 'converter.encoding': 'UTF-16' }, true)
    expect(bytes(converter.fromConnectData(TOPIC, null, Schemas.STRING, SAMPLE_STRING))).toEqual(
      javaUtf16(SAMPLE_STRING),
    )
  })

  it('reads bytes as an optional string', () => {
    expect(converter.toConnectData(TOPIC, null, Uint8Array.from(utf8(SAMPLE_STRING)))).toEqual({
      schema: Schemas.OPTIONAL_STRING,
      value: SAMPLE_STRING,
    })
  })

  it('reads null as a null optional string', () => {
    expect(converter.toConnectData(TOPIC, null, null)).toEqual({ schema: Schemas.OPTIONAL_STRING, value: null })
  })

  it('reads in the configured encoding', () => {
    converter.configure({ 'converter.encoding': 'UTF-16' }, true)
    expect(converter.toConnectData(TOPIC, null, Uint8Array.from(javaUtf16(SAMPLE_STRING)))).toEqual({
      schema: Schemas.OPTIONAL_STRING,
      value: SAMPLE_STRING,
    })
  })

  it('converts header values the same way', () => {
    expect(bytes(converter.fromConnectHeader(TOPIC, 'hdr', Schemas.STRING, SAMPLE_STRING))).toEqual(utf8(SAMPLE_STRING))
    expect(bytes(converter.fromConnectHeader(TOPIC, 'hdr', Schemas.BOOLEAN, true))).toEqual(utf8('true'))
    expect(converter.fromConnectHeader(TOPIC, 'hdr', Schemas.OPTIONAL_STRING, null)).toBeNull()
    expect(converter.toConnectHeader(TOPIC, 'hdr', Uint8Array.from(utf8('x')))).toEqual({
      schema: Schemas.OPTIONAL_STRING,
      value: 'x',
    })
  })
})

describe('StringConverter writes what Java’s toString gives', () => {
  const converter = new StringConverter()
  const text = (schema: Parameters<StringConverter['fromConnectData']>[2], value: unknown) =>
    Buffer.from(converter.fromConnectData(TOPIC, null, schema, value) as Uint8Array).toString('utf8')

  it('prints numbers by the class their schema gives them', () => {
    expect(text(Schemas.INT32, 42)).toBe('42')
    expect(text(Schemas.FLOAT64, 42)).toBe('42.0')
    expect(text(null, 42)).toBe('42.0')
    expect(text(null, new Int16(42))).toBe('42')
    expect(text(Schemas.INT64, 42n)).toBe('42')
    expect(text(null, new BigDecimal(-5n, 1))).toBe('-0.5')
  })

  it('prints a date as java.util.Date does, in UTC', () => {
    expect(text(null, new Date(1566570894346))).toBe('Fri Aug 23 14:34:54 UTC 2019')
  })

  it('prints structs, lists and maps as Java does', () => {
    const schema = SchemaBuilder.struct().field('a', Schemas.INT32).field('b', Schemas.OPTIONAL_STRING).build()
    expect(text(schema, new Struct(schema).put('a', 1).put('b', 'x'))).toBe('Struct{a=1,b=x}')
    expect(text(null, ['a', 'b'])).toBe('[a, b]')
    expect(text(null, new Map([['k', 'v']]))).toBe('{k=v}')
  })
})

describe('StringConverter configuration', () => {
  it('lets key.serializer.encoding or value.deserializer.encoding override converter.encoding for one direction', () => {
    const key = new StringConverter()
    key.configure({ 'converter.encoding': 'UTF-16', 'key.serializer.encoding': 'ISO-8859-1' }, true)
    expect(bytes(key.fromConnectData(TOPIC, null, null, 'é'))).toEqual([0xe9])
    expect(key.toConnectData(TOPIC, null, Uint8Array.from(javaUtf16('é'))).value).toBe('é')

    const value = new StringConverter()
    value.configure({ 'value.deserializer.encoding': 'latin1' }, false)
    expect(value.toConnectData(TOPIC, null, Uint8Array.of(0xe9)).value).toBe('é')
    expect(bytes(value.fromConnectData(TOPIC, null, null, 'é'))).toEqual(utf8('é'))
  })

  it('refuses an encoding Java does not know, naming the key', () => {
    const configure = () => new StringConverter().configure({ 'converter.encoding': 'EBCDIC-XX' }, false)
    expect(configure).toThrow(ConfigException)
    expect(configure).toThrow(
      'Invalid value EBCDIC-XX for configuration converter.encoding: Unsupported encoding EBCDIC-XX',
    )
  })

  it('needs converter.type when configured as a header converter, as Kafka does', () => {
    expect(() => new StringConverter().configure({})).toThrow(ConfigException)
    expect(() => new StringConverter().configure({ 'converter.type': 'header' })).not.toThrow()
  })
})

describe('Java charsets', () => {
  it('knows the standard charsets by their names and aliases, in any case', () => {
    expect(charsetFor('utf8')?.name).toBe('UTF-8')
    expect(charsetFor('LATIN1')?.name).toBe('ISO-8859-1')
    expect(charsetFor('ascii')?.name).toBe('US-ASCII')
    expect(charsetFor('UnicodeBigUnmarked')?.name).toBe('UTF-16BE')
    expect(charsetFor('windows-1252')).toBeUndefined()
  })

  it('writes a character a charset cannot hold as ?, and reads a byte it cannot decode as U+FFFD', () => {
    expect(bytes(charsetFor('US-ASCII')?.encode('é😀'))).toEqual([0x3f, 0x3f])
    expect(charsetFor('US-ASCII')?.decode(Uint8Array.of(0x41, 0xe9))).toBe('A\ufffd')
    expect(bytes(charsetFor('ISO-8859-1')?.encode('ÿĀ'))).toEqual([0xff, 0x3f])
    expect(bytes(charsetFor('UTF-8')?.encode('a\ud800b'))).toEqual(utf8('a?b'))
    expect(charsetFor('UTF-8')?.decode(Uint8Array.of(0x61, 0xff))).toBe('a\ufffd')
  })

  it('reads UTF-16 by its byte-order mark, big-endian without one', () => {
    const utf16 = charsetFor('UTF-16')
    expect(utf16?.decode(Uint8Array.of(0xff, 0xfe, 0x61, 0x00))).toBe('a')
    expect(utf16?.decode(Uint8Array.of(0x00, 0x61))).toBe('a')
    expect(bytes(charsetFor('UTF-16LE')?.encode('a'))).toEqual([0x61, 0x00])
    expect(charsetFor('UTF-16BE')?.decode(Uint8Array.of(0x00, 0x61, 0x00))).toBe('a\ufffd')
  })
})
