// The value checks follow Kafka's ConnectHeadersTest (connect/api/src/test/java/org/apache/kafka/connect/header).
import { describe, expect, it } from 'vitest'
import { ConnectDate, ConnectTime, ConnectTimestamp, Decimal } from '../../../layers/runtime/data/logical.js'
import { type Schema, SchemaBuilder, Schemas } from '../../../layers/runtime/data/schema.js'
import { Struct } from '../../../layers/runtime/data/struct.js'
import { BigDecimal } from '../../../layers/runtime/data/values.js'
import { DataException } from '../../../layers/runtime/errors.js'
import { Headers } from '../../../layers/runtime/record/headers.js'

const STRUCT_SCHEMA = SchemaBuilder.struct().field('foo', Schemas.OPTIONAL_BOOLEAN).field('bar', Schemas.STRING).build()

const MATCHING: ReadonlyArray<readonly [Schema, unknown]> = [
  [Schemas.OPTIONAL_BOOLEAN, null],
  [Schemas.OPTIONAL_BYTES, null],
  [Schemas.OPTIONAL_INT64, null],
  [Schemas.OPTIONAL_STRING, null],
  [Schemas.BOOLEAN, true],
  [Schemas.BYTES, new Uint8Array(0)],
  [Schemas.INT8, 0],
  [Schemas.INT16, 0],
  [Schemas.INT32, 0],
  [Schemas.INT64, 0n],
  [Schemas.FLOAT32, 1],
  [Schemas.FLOAT64, 1],
  [Schemas.STRING, 'value'],
  [SchemaBuilder.array(Schemas.STRING).build(), []],
  [SchemaBuilder.array(Schemas.STRING).build(), ['value']],
  [SchemaBuilder.map(Schemas.STRING, Schemas.INT32).build(), new Map([['a', 0]])],
  [STRUCT_SCHEMA, new Struct(STRUCT_SCHEMA).put('foo', true).put('bar', 'v')],
  [Decimal.schema(3), new BigDecimal(100n, 0)],
  [ConnectTime.schema(), new Date(5)],
  [ConnectDate.schema(), new Date(0)],
  [ConnectTimestamp.schema(), new Date()],
]

const MISMATCHED: ReadonlyArray<readonly [Schema, unknown]> = [
  [Schemas.BOOLEAN, 0n],
  [Schemas.BYTES, 'oops'],
  [Schemas.INT8, 1.5],
  [Schemas.INT32, 0n],
  [Schemas.INT64, 1.5],
  [Schemas.FLOAT32, 1n],
  [Schemas.STRING, true],
  [SchemaBuilder.array(Schemas.STRING).build(), 'value'],
  [SchemaBuilder.map(Schemas.STRING, Schemas.INT32).build(), 'value'],
  [SchemaBuilder.struct().build(), []],
  [ConnectDate.schema(), 0n],
]

describe('Headers', () => {
  it.each(MATCHING)('accepts a header whose value fits its schema %s', (schema, value) => {
    expect(new Headers().add('k', value, schema).size).toBe(1)
  })

  it.each(MISMATCHED)('refuses a header whose value does not fit its schema %s', (schema, value) => {
    expect(() => new Headers().add('k', value, schema)).toThrow(DataException)
  })

  it('refuses a null value for a required schema with Connect’s message', () => {
    expect(() => new Headers().add('k', null, Schemas.STRING)).toThrow(
      new DataException('A null value requires an optional schema but was Schema{STRING}'),
    )
  })

  it('names the value and the schema when they do not fit', () => {
    expect(() => new Headers().add('k', 'wrong', Schemas.BOOLEAN)).toThrow(
      new DataException('The value wrong is not compatible with the schema Schema{BOOLEAN}'),
    )
  })

  it('checks only the kind of a list, not its elements, as Connect does', () => {
    expect(() => new Headers().add('k', [1], SchemaBuilder.array(Schemas.STRING).build())).not.toThrow()
  })

  it('reports the struct’s schema for a struct added without one, whichever way it is added', () => {
    const struct = new Struct(STRUCT_SCHEMA).put('bar', 'v')
    const headers = new Headers([{ key: 'a', schema: null, value: struct }])
    headers.add('b', struct)
    headers.addHeader({ key: 'c', schema: null, value: struct })
    expect(headers.toArray().map((h) => h.schema)).toEqual([STRUCT_SCHEMA, STRUCT_SCHEMA, STRUCT_SCHEMA])
  })

  it('keeps order and duplicates, and retains the latest of each key in order', () => {
    const headers = new Headers().add('a', 'x').add('b', 'y').add('a', 'z')
    expect(headers.allWithName('a').map((h) => h.value)).toEqual(['x', 'z'])
    expect(headers.lastWithName('a')?.value).toBe('z')
    headers.retainLatest()
    expect(headers.toArray().map((h) => [h.key, h.value])).toEqual([
      ['b', 'y'],
      ['a', 'z'],
    ])
  })
})
