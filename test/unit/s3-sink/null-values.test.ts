import { describe, expect, it } from 'vitest'
import { nullValueAction } from '../../../functions/s3-sink/null-values.js'
import { Schemas } from '../../../layers/runtime/data/schema.js'
import { ConnectException } from '../../../layers/runtime/errors.js'
import { SinkRecord } from '../../../layers/runtime/record/record.js'

const record = (value: unknown) =>
  new SinkRecord({
    topic: 't',
    kafkaPartition: 0,
    keySchema: Schemas.STRING,
    key: 'k',
    valueSchema: null,
    value,
    kafkaOffset: 7,
    timestamp: null,
  })

describe('behavior.on.null.values', () => {
  it('fails a tombstone by default, with Confluent message', () => {
    expect(() => nullValueAction('fail', record(null))).toThrow(ConnectException)
    expect(() => nullValueAction('fail', record(null))).toThrow(
      "Null valued records are not writeable with current behavior.on.null.values 'settings.",
    )
  })

  it('skips tombstones with ignore and passes them on with write', () => {
    expect(nullValueAction('ignore', record(null))).toBe('skip')
    expect(nullValueAction('write', record(null))).toBe('write')
  })

  it('writes records that have a value whatever the setting', () => {
    for (const behavior of ['fail', 'ignore', 'write'] as const)
      expect(nullValueAction(behavior, record('v'))).toBe('write')
  })
})
