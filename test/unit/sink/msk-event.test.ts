import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { DataException } from '../../../layers/runtime/errors.js'
import { TimestampType } from '../../../layers/runtime/record/record.js'
import { decodeEvent, encodeEvent, isMskEvent, type MskEvent } from '../../../layers/runtime/sink/msk-event.js'

const fixture = (): MskEvent => JSON.parse(readFileSync('test/fixtures/msk/orders-event.json', 'utf8')) as MskEvent

describe('MSK event decoding', () => {
  it('recognises MSK and self-managed Kafka events and nothing else', () => {
    expect(isMskEvent(fixture())).toBe(true)
    expect(isMskEvent({ ...fixture(), eventSource: 'SelfManagedKafka' })).toBe(true)
    expect(isMskEvent({ Records: [] })).toBe(false)
    expect(isMskEvent(null)).toBe(false)
  })

  it('orders records by topic, partition and offset whatever the order of the keys', () => {
    const records = decodeEvent(fixture())
    expect(records.map((r) => `${r.topic}-${r.partition}@${r.offset}`)).toEqual([
      'orders.v1-1@7',
      'orders.v1-3@4821',
      'orders.v1-3@4822',
    ])
  })

  it('decodes base64 keys and values, a null value as a tombstone and an empty key as no key', () => {
    const [p1, first, tombstone] = decodeEvent(fixture())
    expect(first!.key?.toString()).toBe('order-42')
    expect(first!.value?.toString()).toBe('{"id":42,"total":9.99}')
    expect(tombstone!.value).toBeNull()
    expect(p1!.key).toBeNull()
  })

  it('decodes header values from signed byte arrays and keeps duplicates in order', () => {
    const [p1, first] = decodeEvent(fixture())
    expect(first!.headers.map((h) => h.key)).toEqual(['traceparent', 'enc'])
    expect(first!.headers[0]!.value?.toString()).toBe('00-a')
    expect([...first!.headers[1]!.value!]).toEqual([0xc3, 0xab])
    expect(first!.headers[1]!.value?.toString('utf8')).toBe('ë')
    expect(p1!.headers.map((h) => [h.key, [...h.value!]])).toEqual([
      ['dup', [1]],
      ['dup', [2]],
    ])
  })

  it('maps the timestamp type', () => {
    const [, first, second] = decodeEvent(fixture())
    expect(first!.timestampType).toBe(TimestampType.CREATE_TIME)
    expect(second!.timestampType).toBe(TimestampType.LOG_APPEND_TIME)
    expect(first!.timestamp).toBe(1763971200123)
  })

  it('rejects a header byte out of range with the record named', () => {
    const event = fixture()
    const bad = {
      ...event,
      records: { 'orders.v1-1': [{ ...event.records['orders.v1-1']![0]!, headers: [{ h: [300] }] }] },
    }
    expect(() => decodeEvent(bad)).toThrow(DataException)
    expect(() => decodeEvent(bad)).toThrow(/orders\.v1-1@7 header 'h'/)
  })

  it('rejects a partition whose records are out of offset order', () => {
    const event = fixture()
    const batch = event.records['orders.v1-3']!
    const bad = { ...event, records: { 'orders.v1-3': [batch[1]!, batch[0]!] } }
    expect(() => decodeEvent(bad)).toThrow(/not in offset order/)
  })

  it('round-trips through the emulator encoding', () => {
    const records = decodeEvent(fixture())
    const again = decodeEvent(encodeEvent(records, '127.0.0.1:9092'))
    expect(again).toEqual(records)
  })
})
