// Ported from Kafka's TimeTest (connect/api/src/test/java/org/apache/kafka/connect/data).
import { describe, expect, it } from 'vitest'
import { ConnectTime } from '../../../layers/runtime/data/logical.js'
import { SchemaBuilder } from '../../../layers/runtime/data/schema.js'
import { DataException } from '../../../layers/runtime/errors.js'

const EPOCH = new Date(0)
const EPOCH_PLUS_TEN_THOUSAND_MILLIS = new Date(10000)
const EPOCH_PLUS_DATE_COMPONENT = new Date(Date.UTC(1970, 0, 1 + 10000))

describe('Time', () => {
  it('builds an int32 schema named Time, version 1', () => {
    const plain = ConnectTime.schema()
    expect(plain.name).toBe(ConnectTime.LOGICAL_NAME)
    expect(plain.version).toBe(1)
  })

  it('writes a time as millis since midnight', () => {
    expect(ConnectTime.fromLogical(ConnectTime.schema(), EPOCH)).toBe(0)
    expect(ConnectTime.fromLogical(ConnectTime.schema(), EPOCH_PLUS_TEN_THOUSAND_MILLIS)).toBe(10000)
  })

  it('accepts 86400000, the end of the day, as Connect does', () => {
    expect(ConnectTime.fromLogical(ConnectTime.schema(), new Date(86_400_000))).toBe(86_400_000)
  })

  it('refuses a schema that is not Time', () => {
    expect(() => ConnectTime.fromLogical(SchemaBuilder.int32().name('invalid').build(), EPOCH)).toThrow(
      new DataException('Requested conversion of Time object but the schema does not match.'),
    )
  })

  it('refuses a time with a date part', () => {
    expect(() => ConnectTime.fromLogical(ConnectTime.schema(), EPOCH_PLUS_DATE_COMPONENT)).toThrow(
      new DataException('Kafka Connect Time type should not have any date fields set to non-zero values.'),
    )
    expect(() => ConnectTime.fromLogical(ConnectTime.schema(), new Date(-1))).toThrow(DataException)
  })

  it('reads millis since midnight as a time on 1970-01-01', () => {
    expect(ConnectTime.toLogical(ConnectTime.schema(), 0)).toEqual(EPOCH)
    expect(ConnectTime.toLogical(ConnectTime.schema(), 10000)).toEqual(EPOCH_PLUS_TEN_THOUSAND_MILLIS)
  })

  it('refuses to read with a schema that is not Time (with Connect’s message, which says Date)', () => {
    expect(() => ConnectTime.toLogical(SchemaBuilder.int32().name('invalid').build(), 0)).toThrow(
      new DataException('Requested conversion of Date object but the schema does not match.'),
    )
  })

  it('refuses to read millis outside the day', () => {
    expect(() => ConnectTime.toLogical(ConnectTime.schema(), -1)).toThrow(
      new DataException('Time values must use number of milliseconds greater than 0 and less than 86400000'),
    )
    expect(() => ConnectTime.toLogical(ConnectTime.schema(), 86_400_001)).toThrow(DataException)
  })

  it('refuses renaming the Time builder, which is how Kafka’s own test of a wrong schema throws', () => {
    expect(() => ConnectTime.builder().name('invalid')).toThrow(DataException)
  })
})
