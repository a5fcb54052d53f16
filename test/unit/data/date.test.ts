// Ported from Kafka's DateTest (connect/api/src/test/java/org/apache/kafka/connect/data).
import { describe, expect, it } from 'vitest'
import { ConnectDate } from '../../../layers/runtime/data/logical.js'
import { SchemaBuilder } from '../../../layers/runtime/data/schema.js'
import { DataException } from '../../../layers/runtime/errors.js'

const EPOCH = new Date(Date.UTC(1970, 0, 1))
const EPOCH_PLUS_TEN_THOUSAND_DAYS = new Date(Date.UTC(1970, 0, 1 + 10000))
const EPOCH_PLUS_TIME_COMPONENT = new Date(Date.UTC(1970, 0, 1, 0, 0, 1))

describe('Date', () => {
  it('builds an int32 schema named Date, version 1', () => {
    const plain = ConnectDate.schema()
    expect(plain.name).toBe(ConnectDate.LOGICAL_NAME)
    expect(plain.version).toBe(1)
  })

  it('writes a date as days since the epoch', () => {
    expect(ConnectDate.fromLogical(ConnectDate.schema(), EPOCH)).toBe(0)
    expect(ConnectDate.fromLogical(ConnectDate.schema(), EPOCH_PLUS_TEN_THOUSAND_DAYS)).toBe(10000)
    expect(ConnectDate.fromLogical(ConnectDate.schema(), new Date(Date.UTC(1969, 11, 31)))).toBe(-1)
  })

  it('refuses a schema that is not Date', () => {
    expect(() => ConnectDate.fromLogical(SchemaBuilder.int32().name('invalid').build(), EPOCH)).toThrow(DataException)
  })

  it('refuses a date with a time of day', () => {
    expect(() => ConnectDate.fromLogical(ConnectDate.schema(), EPOCH_PLUS_TIME_COMPONENT)).toThrow(
      new DataException('Kafka Connect Date type should not have any time fields set to non-zero values.'),
    )
  })

  it('reads days since the epoch as midnight UTC of that day', () => {
    expect(ConnectDate.toLogical(ConnectDate.schema(), 0)).toEqual(EPOCH)
    expect(ConnectDate.toLogical(ConnectDate.schema(), 10000)).toEqual(EPOCH_PLUS_TEN_THOUSAND_DAYS)
  })

  it('refuses to read with a schema that is not Date', () => {
    expect(() => ConnectDate.toLogical(SchemaBuilder.int32().name('invalid').build(), 0)).toThrow(
      new DataException('Requested conversion of Date object but the schema does not match.'),
    )
  })

  it('refuses renaming the Date builder, which is how Kafka’s own test of a wrong schema throws', () => {
    expect(() => ConnectDate.builder().name('invalid')).toThrow(DataException)
  })
})
