// Ported from Kafka's DropHeadersTest.
import { describe, expect, it } from 'vitest'
import { Schemas } from '../../../layers/runtime/data/schema.js'
import { ConfigException } from '../../../layers/runtime/errors.js'
import { Headers } from '../../../layers/runtime/record/headers.js'
import type { SourceRecord } from '../../../layers/runtime/record/record.js'
import { DropHeaders } from '../../../layers/transforms/drop-headers.js'
import { sourceRecord } from './records.js'

function record(headers: Headers): SourceRecord {
  return sourceRecord('topic', 0, null, 'key', null, 'value', 0, headers)
}

function assertNonHeaders(original: SourceRecord, xformed: SourceRecord): void {
  expect(xformed.sourcePartition).toEqual(original.sourcePartition)
  expect(xformed.sourceOffset).toEqual(original.sourceOffset)
  expect(xformed.topic).toBe(original.topic)
  expect(xformed.kafkaPartition).toBe(original.kafkaPartition)
  expect(xformed.keySchema).toBe(original.keySchema)
  expect(xformed.key).toBe(original.key)
  expect(xformed.valueSchema).toBe(original.valueSchema)
  expect(xformed.value).toBe(original.value)
  expect(xformed.timestamp).toBe(original.timestamp)
}

describe('DropHeaders', () => {
  it('drops an existing header', () => {
    const xform = new DropHeaders()
    xform.configure({ headers: 'to-drop' })
    const expected = new Headers().add('existing', 'existing-value', Schemas.STRING)
    const headers = expected.duplicate().add('to-drop', 'existing-value', Schemas.STRING)
    const original = record(headers)
    const xformed = xform.apply(original)
    assertNonHeaders(original, xformed)
    expect(xformed.headers.toArray()).toEqual(expected.toArray())
  })

  it('drops every header with the name', () => {
    const xform = new DropHeaders()
    xform.configure({ headers: 'to-drop' })
    const expected = new Headers().add('existing', 'existing-value', Schemas.STRING)
    const headers = expected
      .duplicate()
      .add('to-drop', 'existing-value', Schemas.STRING)
      .add('to-drop', 'existing-other-value', Schemas.STRING)
    const original = record(headers)
    const xformed = xform.apply(original)
    assertNonHeaders(original, xformed)
    expect(xformed.headers.toArray()).toEqual(expected.toArray())
  })

  it('leaves headers alone when the name is absent', () => {
    const xform = new DropHeaders()
    xform.configure({ headers: 'to-drop' })
    const expected = new Headers().add('existing', 'existing-value', Schemas.STRING)
    const original = record(expected.duplicate())
    const xformed = xform.apply(original)
    assertNonHeaders(original, xformed)
    expect(xformed.headers.toArray()).toEqual(expected.toArray())
  })

  it('rejects an empty list', () => {
    expect(() => new DropHeaders().configure({ headers: '' })).toThrow(ConfigException)
    expect(() => new DropHeaders().configure({})).toThrow('Missing required configuration "headers"')
  })

  // Beyond Kafka's test class.
  it('matches names exactly and keeps the order of the rest', () => {
    const xform = new DropHeaders()
    xform.configure({ headers: 'a,C' })
    const headers = new Headers()
      .add('c', 1n, Schemas.INT64)
      .add('a', 'x', null)
      .add('b', 'y', null)
      .add('A', 'z', null)
    expect(
      xform
        .apply(record(headers))
        .headers.toArray()
        .map((h) => h.key),
    ).toEqual(['c', 'b', 'A'])
    expect(headers.size).toBe(4)
  })
})
