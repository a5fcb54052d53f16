// Ported from Kafka's InsertHeaderTest.
import { describe, expect, it } from 'vitest'
import { Schemas } from '../../../layers/runtime/data/schema.js'
import { ConfigException } from '../../../layers/runtime/errors.js'
import { Headers } from '../../../layers/runtime/record/headers.js'
import type { SourceRecord } from '../../../layers/runtime/record/record.js'
import { InsertHeader } from '../../../layers/transforms/insert-header.js'
import { sourceRecord } from './records.js'

function record(headers: Headers): SourceRecord {
  return sourceRecord('topic', 0, null, 'key', null, 'value', 0, headers)
}

function assertNonHeaders(original: SourceRecord, xformed: SourceRecord): void {
  expect(xformed.sourcePartition).toEqual(original.sourcePartition)
  expect(xformed.sourceOffset).toEqual(original.sourceOffset)
  expect(xformed.topic).toBe(original.topic)
  expect(xformed.kafkaPartition).toBe(original.kafkaPartition)
  expect(xformed.key).toBe(original.key)
  expect(xformed.value).toBe(original.value)
  expect(xformed.timestamp).toBe(original.timestamp)
}

describe('InsertHeader', () => {
  it('appends a header next to another', () => {
    const xform = new InsertHeader()
    xform.configure({ header: 'inserted', 'value.literal': 'inserted-value' })
    const headers = new Headers().add('existing', 'existing-value', Schemas.STRING)
    const expected = headers.duplicate().add('inserted', 'inserted-value', Schemas.STRING)
    const original = record(headers)
    const xformed = xform.apply(original)
    assertNonHeaders(original, xformed)
    expect(xformed.headers.toArray()).toEqual(expected.toArray())
    expect(original.headers.size).toBe(1)
  })

  it('appends a header with the name of an existing one', () => {
    const xform = new InsertHeader()
    xform.configure({ header: 'existing', 'value.literal': 'inserted-value' })
    const headers = new Headers().add('existing', 'preexisting-value', Schemas.STRING)
    const expected = headers.duplicate().add('existing', 'inserted-value', Schemas.STRING)
    const xformed = xform.apply(record(headers))
    expect(xformed.headers.toArray()).toEqual(expected.toArray())
  })

  it('inserts 1 as an int8 header', () => {
    const xform = new InsertHeader()
    xform.configure({ header: 'inserted', 'value.literal': '1' })
    const headers = new Headers().add('existing', 'existing-value', Schemas.STRING)
    const expected = headers.duplicate().add('inserted', 1, Schemas.INT8)
    expect(xform.apply(record(headers)).headers.toArray()).toEqual(expected.toArray())
  })

  it('rejects a null header name', () => {
    expect(() => new InsertHeader().configure({ header: null, 'value.literal': '1' })).toThrow(ConfigException)
  })

  it('rejects a null value literal', () => {
    expect(() => new InsertHeader().configure({ header: 'inserted', 'value.literal': null })).toThrow(ConfigException)
  })

  // Beyond Kafka's test class: what Values.parseString makes of the literal.
  it('infers the header schema from the literal', () => {
    const inserted = (literal: string) => {
      const xform = new InsertHeader()
      xform.configure({ header: 'h', 'value.literal': literal })
      return xform.apply(record(new Headers())).headers.lastWithName('h')
    }
    expect(inserted('3.14')).toMatchObject({ schema: Schemas.FLOAT32 })
    expect(inserted('true')).toEqual({ key: 'h', schema: Schemas.BOOLEAN, value: true })
    expect(inserted('300')).toEqual({ key: 'h', schema: Schemas.INT16, value: 300 })
    expect(inserted('null')).toEqual({ key: 'h', schema: null, value: null })
    expect(inserted('"quoted"')).toEqual({ key: 'h', schema: Schemas.STRING, value: '"quoted"' })
  })
})
