import { gunzipSync } from 'node:zlib'
import { describe, expect, it } from 'vitest'
import { ByteArrayFormat } from '../../../../functions/s3-sink/format/byte-array-format.js'
import { Schemas } from '../../../../layers/runtime/data/schema.js'
import { SinkRecord } from '../../../../layers/runtime/record/record.js'

const record = (value: unknown, valueSchema = Schemas.OPTIONAL_BYTES) =>
  new SinkRecord({
    topic: 't',
    kafkaPartition: 0,
    keySchema: null,
    key: null,
    valueSchema,
    value,
    kafkaOffset: 0,
    timestamp: null,
  })

describe('ByteArrayFormat', () => {
  it('joins raw values with the line separator and names files .bin', () => {
    const format = new ByteArrayFormat({
      extension: '.bin',
      separator: '\n',
      compressionType: 'none',
      compressionLevel: -1,
    })
    const writer = format.open(Schemas.OPTIONAL_BYTES)
    writer.write(record(Buffer.from([1, 2, 3])))
    writer.write(record(Buffer.from('abc')))
    expect(Buffer.from(writer.finish())).toEqual(Buffer.from([1, 2, 3, 10, 97, 98, 99, 10]))
    expect(format.extension).toBe('.bin')
  })

  it('uses format.bytearray.separator as given and adds .gz when compressed', () => {
    const format = new ByteArrayFormat({
      extension: '.raw',
      separator: ' | ',
      compressionType: 'gzip',
      compressionLevel: 9,
    })
    const writer = format.open(null)
    writer.write(record(Buffer.from('a'), null as never))
    writer.write(record(Buffer.from('b'), null as never))
    expect(gunzipSync(writer.finish()).toString()).toBe('a | b | ')
    expect(format.extension).toBe('.raw.gz')
  })

  it('refuses values that are not bytes, as the ByteArrayConverter does', () => {
    const writer = new ByteArrayFormat({
      extension: '.bin',
      separator: '\n',
      compressionType: 'none',
      compressionLevel: -1,
    }).open(null)
    expect(() => writer.write(record('text', Schemas.STRING))).toThrow(
      'Invalid schema type for ByteArrayConverter: STRING',
    )
    expect(() => writer.write(record('text', null as never))).toThrow(
      'ByteArrayConverter is not compatible with objects of type class java.lang.String',
    )
  })
})
