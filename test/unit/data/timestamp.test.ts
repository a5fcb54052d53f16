// Ported from Kafka's TimestampTest (connect/api/src/test/java/org/apache/kafka/connect/data).
import { describe, expect, it } from 'vitest'
import { ConnectDate, ConnectTimestamp } from '../../../layers/runtime/data/logical.js'
import { SchemaBuilder } from '../../../layers/runtime/data/schema.js'
import { DataException } from '../../../layers/runtime/errors.js'

const NUM_MILLIS = 2_000_000_000
const TOTAL_MILLIS = NUM_MILLIS * 2
const EPOCH = new Date(0)
const EPOCH_PLUS_MILLIS = new Date(TOTAL_MILLIS)

describe('Timestamp', () => {
  it('builds an int64 schema named Timestamp, version 1', () => {
    const plain = ConnectTimestamp.schema()
    expect(plain.name).toBe(ConnectTimestamp.LOGICAL_NAME)
    expect(plain.version).toBe(1)
  })

  it('writes an instant as epoch millis, an int64', () => {
    expect(ConnectTimestamp.fromLogical(ConnectTimestamp.schema(), EPOCH)).toBe(0n)
    expect(ConnectTimestamp.fromLogical(ConnectTimestamp.schema(), EPOCH_PLUS_MILLIS)).toBe(BigInt(TOTAL_MILLIS))
  })

  it('refuses a schema that is not Timestamp', () => {
    expect(() => ConnectTimestamp.fromLogical(SchemaBuilder.int64().name('invalid').build(), EPOCH)).toThrow(
      new DataException('Requested conversion of Timestamp object but the schema does not match.'),
    )
  })

  it('reads epoch millis, as a bigint or a number', () => {
    expect(ConnectTimestamp.toLogical(ConnectTimestamp.schema(), 0n)).toEqual(EPOCH)
    expect(ConnectTimestamp.toLogical(ConnectTimestamp.schema(), BigInt(TOTAL_MILLIS))).toEqual(EPOCH_PLUS_MILLIS)
    expect(ConnectTimestamp.toLogical(ConnectTimestamp.schema(), TOTAL_MILLIS)).toEqual(EPOCH_PLUS_MILLIS)
  })

  it('refuses to read with a schema that is not Timestamp', () => {
    expect(() => ConnectTimestamp.toLogical(SchemaBuilder.int64().name('invalid').build(), 0n)).toThrow(DataException)
    // Kafka's own test checks Date here
    expect(() => ConnectDate.toLogical(ConnectDate.builder().name('invalid').build(), 0)).toThrow(DataException)
  })

  it('refuses renaming the Timestamp builder, which is how Kafka’s own test of a wrong schema throws', () => {
    expect(() => ConnectTimestamp.builder().name('invalid')).toThrow(DataException)
  })
})
