// Ports Kafka's BooleanConverterTest (connect/runtime/src/test/java/org/apache/kafka/connect/converters).
import { beforeEach, describe, expect, it } from 'vitest'
import { BooleanConverter } from '../../../layers/runtime/converters/boolean-converter.js'
import { SerializationException } from '../../../layers/runtime/converters/number-converters.js'
import { Schemas } from '../../../layers/runtime/data/schema.js'
import { DataException } from '../../../layers/runtime/errors.js'

const TOPIC = 'topic'

describe('BooleanConverter', () => {
  let converter: BooleanConverter
  beforeEach(() => {
    converter = new BooleanConverter()
    converter.configure({}, false)
  })

  it('writes true as 1 and false as 0, with or without a boolean schema', () => {
    expect([...(converter.fromConnectData(TOPIC, null, Schemas.BOOLEAN, true) ?? [])]).toEqual([1])
    expect([...(converter.fromConnectData(TOPIC, null, Schemas.BOOLEAN, false) ?? [])]).toEqual([0])
    expect([...(converter.fromConnectData(TOPIC, null, null, true) ?? [])]).toEqual([1])
    expect([...(converter.fromConnectData(TOPIC, null, null, false) ?? [])]).toEqual([0])
  })

  it('refuses a schema other than boolean', () => {
    expect(() => converter.fromConnectData(TOPIC, null, Schemas.INT32, false)).toThrow(
      new DataException('Invalid schema type for BooleanConverter: INT32'),
    )
  })

  it('refuses a value that is not a boolean', () => {
    expect(() => converter.fromConnectData(TOPIC, null, Schemas.BOOLEAN, 'true')).toThrow(
      new DataException('BooleanConverter is not compatible with objects of type class java.lang.String'),
    )
  })

  it('writes null as null', () => {
    expect(converter.fromConnectData(TOPIC, null, Schemas.BOOLEAN, null)).toBeNull()
  })

  it('reads 1 and 0 as optional booleans', () => {
    expect(converter.toConnectData(TOPIC, null, Uint8Array.of(1))).toEqual({
      schema: Schemas.OPTIONAL_BOOLEAN,
      value: true,
    })
    expect(converter.toConnectData(TOPIC, null, Uint8Array.of(0))).toEqual({
      schema: Schemas.OPTIONAL_BOOLEAN,
      value: false,
    })
  })

  it('reads null as a null optional boolean', () => {
    expect(converter.toConnectData(TOPIC, null, null)).toEqual({ schema: Schemas.OPTIONAL_BOOLEAN, value: null })
  })

  it('refuses bytes of another length or value, saying why in the cause', () => {
    const tooLong = () => converter.toConnectData(TOPIC, null, new Uint8Array(Buffer.from('42')))
    expect(tooLong).toThrow(new DataException('Failed to deserialize boolean: '))
    try {
      tooLong()
      expect.unreachable()
    } catch (e) {
      expect(((e as Error).cause as Error).message).toBe('Size of data received by BooleanDeserializer is not 1')
    }
    try {
      converter.toConnectData(TOPIC, null, Uint8Array.of(0xff))
      expect.unreachable()
    } catch (e) {
      expect(e).toBeInstanceOf(DataException)
      expect((e as Error).cause).toBeInstanceOf(SerializationException)
      expect(((e as Error).cause as Error).message).toBe('Unexpected byte received by BooleanDeserializer: -1')
    }
  })
})
