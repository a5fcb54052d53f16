// Kafka has no FilterTest; this pins the behaviour of its one line.
import { describe, expect, it } from 'vitest'
import { Filter } from '../../../layers/transforms/filter.js'
import { sinkRecord } from './records.js'

describe('Filter', () => {
  it('drops every record and takes no config', () => {
    const filter = new Filter()
    filter.configure({ anything: 'ignored' })
    expect(filter.apply(sinkRecord('t', 0, null, null, null, 'v', 0))).toBeNull()
    expect(filter.apply(sinkRecord('t', 0, null, null, null, null, 0))).toBeNull()
    expect(filter.config().names()).toEqual([])
  })
})
