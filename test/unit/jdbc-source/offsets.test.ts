import { describe, expect, it } from 'vitest'
import {
  beginTimestamp,
  candidatePartitions,
  EMPTY_OFFSET,
  lastIncrementing,
  offsetFromMap,
  offsetToMap,
  QUERY_PARTITION,
  tablePartitionV0,
  tablePartitionV1,
} from '../../../functions/jdbc-source/offsets.js'
import { instantOf, instantOfMillis } from '../../../functions/jdbc-source/pg-temporal.js'
import { tableId } from '../../../functions/jdbc-source/table-id.js'
import { DataException } from '../../../layers/runtime/errors.js'

const orders = tableId(null, 'public', 'orders')

describe('source partitions (Confluent’s OffsetProtocols)', () => {
  it('keys v1 by the unquoted schema.table with protocol 1, in Java’s HashMap order', () => {
    expect(JSON.stringify(tablePartitionV1(orders))).toBe('{"protocol":"1","table":"public.orders"}')
    expect(JSON.stringify(tablePartitionV0(orders))).toBe('{"table":"orders"}')
    expect(JSON.stringify(QUERY_PARTITION)).toBe('{"query":"query"}')
  })

  it('looks up v1, then v1 with the database name Confluent 10.9.4 wrote, then v0', () => {
    expect(candidatePartitions(orders, 'mydb')).toEqual([
      { protocol: '1', table: 'public.orders' },
      { protocol: '1', table: 'mydb.public.orders' },
      { table: 'orders' },
    ])
    expect(candidatePartitions(orders, null)).toHaveLength(2)
  })
})

describe('offsets (Confluent’s TimestampIncrementingOffset)', () => {
  const ts = instantOfMillis(100)
  it('defaults to epoch 0 and -1 when unset (testDefaults)', () => {
    expect(lastIncrementing(EMPTY_OFFSET)).toBe(-1n)
    expect(beginTimestamp(EMPTY_OFFSET)).toEqual({ millis: 0, nanos: 0 })
  })

  it('writes only the fields that are set, as longs, in Java’s HashMap order (testToMap)', () => {
    expect(offsetToMap(EMPTY_OFFSET)).toEqual({})
    expect(offsetToMap({ timestamp: null, incrementing: 1000n })).toEqual({ incrementing: 1000n })
    expect(Object.keys(offsetToMap({ timestamp: ts, incrementing: 1000n }))).toEqual([
      'timestamp_nanos',
      'incrementing',
      'timestamp',
    ])
    expect(offsetToMap({ timestamp: instantOf(1_672_835_217_123, 123_456_000), incrementing: null })).toEqual({
      timestamp_nanos: 123_456_000n,
      timestamp: 1_672_835_217_123n,
    })
  })

  it('round-trips through its map, nanoseconds included (testFromMap)', () => {
    const nanos = instantOf(1_700_000_000_123, 123_123_456)
    for (const offset of [
      EMPTY_OFFSET,
      { timestamp: ts, incrementing: null },
      { timestamp: null, incrementing: 1000n },
      { timestamp: ts, incrementing: 1000n },
      { timestamp: nanos, incrementing: null },
    ]) {
      expect(offsetFromMap(offsetToMap(offset))).toEqual(offset)
    }
  })

  it('reads offsets stored by Kafka Connect as JSON numbers, and a timestamp without nanos from its millis', () => {
    expect(offsetFromMap({ incrementing: 5001 })).toEqual({ timestamp: null, incrementing: 5001n })
    expect(offsetFromMap({ timestamp: 1672835217123, timestamp_nanos: 123456000 })).toEqual({
      timestamp: { millis: 1672835217123, nanos: 123456000 },
      incrementing: null,
    })
    expect(offsetFromMap({ timestamp: 1672835217123 }).timestamp).toEqual({ millis: 1672835217123, nanos: 123000000 })
    expect(() => offsetFromMap({ incrementing: 'x' })).toThrow(DataException)
  })
})
