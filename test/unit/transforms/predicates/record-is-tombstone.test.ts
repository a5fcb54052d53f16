// Kafka has no RecordIsTombstoneTest; this pins the behaviour of its one line.
import { describe, expect, it } from 'vitest'
import { Schemas } from '../../../../layers/runtime/data/schema.js'
import { RecordIsTombstone } from '../../../../layers/transforms/predicates/record-is-tombstone.js'
import { sinkRecord } from '../records.js'

describe('RecordIsTombstone', () => {
  it('is true exactly where the value is null, whatever the key and schemas', () => {
    const predicate = new RecordIsTombstone()
    predicate.configure({})
    expect(predicate.test(sinkRecord('t', 0, null, 'k', null, null, 0))).toBe(true)
    expect(predicate.test(sinkRecord('t', 0, null, null, Schemas.OPTIONAL_STRING, null, 0))).toBe(true)
    expect(predicate.test(sinkRecord('t', 0, null, null, null, '', 0))).toBe(false)
    expect(predicate.test(sinkRecord('t', 0, null, null, null, 0, 0))).toBe(false)
  })
})
