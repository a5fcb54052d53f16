import { afterEach, describe, expect, it } from 'vitest'
import { AvroConverter } from '../../../layers/runtime/converters/avro/avro-converter.js'
import { ByteArrayConverter } from '../../../layers/runtime/converters/bytearray-converter.js'
import { JsonConverter } from '../../../layers/runtime/converters/json/json-converter.js'
import { DoubleConverter } from '../../../layers/runtime/converters/number-converters.js'
import { ProtobufConverter } from '../../../layers/runtime/converters/protobuf/protobuf-converter.js'
import {
  ConverterRole,
  createConverter,
  createHeaderConverter,
  findConverterPlugin,
  lazyConverterPlugin,
  registerConverterPlugin,
} from '../../../layers/runtime/converters/registry.js'
import { SimpleHeaderConverter } from '../../../layers/runtime/converters/simple-header-converter.js'
import { StringConverter } from '../../../layers/runtime/converters/string-converter.js'
import { Schemas } from '../../../layers/runtime/data/schema.js'
import { ConfigException } from '../../../layers/runtime/errors.js'

const restore: (() => void)[] = []
afterEach(() => {
  for (const undo of restore.splice(0).reverse()) undo()
})

async function configError(promise: Promise<unknown>): Promise<ConfigException> {
  try {
    await promise
  } catch (e) {
    expect(e).toBeInstanceOf(ConfigException)
    return e as ConfigException
  }
  throw new Error('expected a ConfigException')
}

describe('finding converter classes', () => {
  it.each([
    ['org.apache.kafka.connect.storage.StringConverter', 'org.apache.kafka.connect.storage.StringConverter'],
    ['StringConverter', 'org.apache.kafka.connect.storage.StringConverter'],
    ['String', 'org.apache.kafka.connect.storage.StringConverter'],
    ['ByteArray', 'org.apache.kafka.connect.converters.ByteArrayConverter'],
    ['Double', 'org.apache.kafka.connect.converters.DoubleConverter'],
    ['Boolean', 'org.apache.kafka.connect.converters.BooleanConverter'],
    ['Simple', 'org.apache.kafka.connect.storage.SimpleHeaderConverter'],
    ['SimpleHeaderConverter', 'org.apache.kafka.connect.storage.SimpleHeaderConverter'],
    ['Json', 'org.apache.kafka.connect.json.JsonConverter'],
    ['AvroConverter', 'io.confluent.connect.avro.AvroConverter'],
    ['Protobuf', 'io.confluent.connect.protobuf.ProtobufConverter'],
    ['  String\t', 'org.apache.kafka.connect.storage.StringConverter'],
  ])('finds %s by Connect’s class name or plugin alias', (name, className) => {
    expect(findConverterPlugin(name)?.className).toBe(className)
  })

  it('matches aliases exactly, case included', () => {
    expect(findConverterPlugin('string')).toBeUndefined()
    expect(findConverterPlugin('SimpleHeader')).toBeUndefined()
  })

  it('drops an alias two classes would share, as Connect does, and keeps the class names', () => {
    restore.push(
      registerConverterPlugin({
        className: 'com.acme.StringConverter',
        roles: [ConverterRole.CONVERTER],
        instantiate: () => new StringConverter(),
      }),
    )
    expect(findConverterPlugin('StringConverter')).toBeUndefined()
    expect(findConverterPlugin('String')).toBeUndefined()
    expect(findConverterPlugin('com.acme.StringConverter')?.className).toBe('com.acme.StringConverter')
    expect(findConverterPlugin('org.apache.kafka.connect.storage.StringConverter')).toBeDefined()
    restore.pop()?.()
    expect(findConverterPlugin('String')?.className).toBe('org.apache.kafka.connect.storage.StringConverter')
  })
})

describe('createConverter', () => {
  it('makes a configured converter, for keys or values', async () => {
    const converter = await createConverter('StringConverter', { 'converter.encoding': 'UTF-16BE' }, false)
    expect(converter).toBeInstanceOf(StringConverter)
    expect([...((await converter.fromConnectData('t', null, null, 'a')) as Uint8Array)]).toEqual([0, 0x61])
    expect(await createConverter('org.apache.kafka.connect.converters.DoubleConverter', {}, true)).toBeInstanceOf(
      DoubleConverter,
    )
  })

  it('refuses an unknown class, naming the key and the converters it knows', async () => {
    const error = await configError(createConverter('com.acme.NopeConverter', {}, false))
    expect(error.message).toMatch(
      /^Invalid value com\.acme\.NopeConverter for configuration value\.converter: Class com\.acme\.NopeConverter could not be found\. Available converters are: .*org\.apache\.kafka\.connect\.storage\.StringConverter/,
    )
    expect(error.message).not.toContain('SimpleHeaderConverter')
    expect(error.key).toBe('value.converter')
    expect((await configError(createConverter(null, {}, true))).key).toBe('key.converter')
    expect((await configError(createConverter('x', {}, true, 'errors.key.converter'))).key).toBe('errors.key.converter')
  })

  it('refuses a header converter as a key or value converter', async () => {
    const error = await configError(createConverter('SimpleHeaderConverter', {}, true))
    expect(error.message).toContain(
      'Class class org.apache.kafka.connect.storage.SimpleHeaderConverter does not implement the Converter interface',
    )
  })

  it('loads JsonConverter, AvroConverter and ProtobufConverter from their modules when first asked', async () => {
    expect(await createConverter('JsonConverter', { 'schemas.enable': 'false' }, false)).toBeInstanceOf(JsonConverter)
    expect(
      await createConverter(
        'io.confluent.connect.avro.AvroConverter',
        { 'schema.registry.url': 'http://localhost:1' },
        false,
      ),
    ).toBeInstanceOf(AvroConverter)
    expect(
      await createConverter('ProtobufConverter', { 'schema.registry.url': 'http://localhost:1' }, false),
    ).toBeInstanceOf(ProtobufConverter)
  })

  it('says so, naming the key, when a converter’s module is missing at run time', async () => {
    const missing = './not-here/missing-converter.js'
    restore.push(
      registerConverterPlugin(
        lazyConverterPlugin({
          className: 'com.acme.MissingConverter',
          roles: [ConverterRole.CONVERTER],
          module: missing,
          exportName: 'MissingConverter',
          load: () => import(missing),
        }),
      ),
    )
    const error = await configError(createConverter('Missing', {}, false))
    expect(error.message).toMatch(
      /^Invalid value Missing for configuration value\.converter: Class com\.acme\.MissingConverter is not available here: the module \.\/not-here\/missing-converter\.js could not be loaded/,
    )
    expect(error.key).toBe('value.converter')
    expect(error.cause).toBeInstanceOf(Error)
  })

  it('says so when the module does not export the class', async () => {
    restore.push(
      registerConverterPlugin(
        lazyConverterPlugin({
          className: 'com.acme.OtherConverter',
          roles: [ConverterRole.CONVERTER],
          module: './other.js',
          exportName: 'OtherConverter',
          load: async () => ({ SomethingElse: ByteArrayConverter }),
        }),
      ),
    )
    const error = await configError(createConverter('com.acme.OtherConverter', {}, false))
    expect(error.message).toContain('the module ./other.js exports no class OtherConverter')
  })
})

describe('createHeaderConverter', () => {
  it('makes SimpleHeaderConverter by default', async () => {
    expect(await createHeaderConverter()).toBeInstanceOf(SimpleHeaderConverter)
  })

  it('configures a converter used for headers with converter.type=header', async () => {
    const converter = await createHeaderConverter('String', { 'converter.encoding': 'ISO-8859-1' })
    expect(converter).toBeInstanceOf(StringConverter)
    expect([...((await converter.fromConnectHeader('t', 'h', Schemas.STRING, 'é')) as Uint8Array)]).toEqual([0xe9])
  })

  it('refuses a converter that is not a header converter, and unknown classes, naming header.converter', async () => {
    const avro = await configError(createHeaderConverter('AvroConverter'))
    expect(avro.message).toContain(
      'Class class io.confluent.connect.avro.AvroConverter does not implement the HeaderConverter interface',
    )
    expect(avro.key).toBe('header.converter')
    const unknown = await configError(createHeaderConverter('Nope'))
    expect(unknown.message).toMatch(
      /Class Nope could not be found\. Available header converters are: .*SimpleHeaderConverter/,
    )
  })
})
