/**
 * Connect's `ConnectHeaders`: an ordered list of (key, schema, value), duplicates allowed.
 * A header added with a schema has its value checked against it, as Connect does (the value's kind
 * only, not what is inside a list or map). A header whose schema is null and whose value is a struct
 * reports the struct's schema, as Connect's `ConnectHeader.schema()` does.
 */

import { LOGICAL_DATE, LOGICAL_DECIMAL, LOGICAL_TIME, LOGICAL_TIMESTAMP, type Schema } from '../data/schema.js'
import { Struct } from '../data/struct.js'
import { BigDecimal, Type } from '../data/values.js'
import { DataException } from '../errors.js'

export interface Header {
  readonly key: string
  readonly schema: Schema | null
  readonly value: unknown
}

export class Headers implements Iterable<Header> {
  private list: Header[]

  constructor(headers: Iterable<Header> = []) {
    this.list = []
    for (const h of headers) this.list.push(withReportedSchema(h))
  }

  get size(): number {
    return this.list.length
  }

  isEmpty(): boolean {
    return this.list.length === 0
  }

  [Symbol.iterator](): Iterator<Header> {
    return this.list[Symbol.iterator]()
  }

  toArray(): readonly Header[] {
    return this.list
  }

  add(key: string, value: unknown, schema: Schema | null = null): this {
    checkSchemaMatches(schema, value)
    this.list.push(withReportedSchema({ key, schema, value: value ?? null }))
    return this
  }

  /** Adds a header as it is, without checking its value (Connect's `add(Header)`). */
  addHeader(header: Header): this {
    this.list.push(withReportedSchema(header))
    return this
  }

  /** The last header with this key, as Connect's `lastWithName`. */
  lastWithName(key: string): Header | undefined {
    for (let i = this.list.length - 1; i >= 0; i--) if (this.list[i]!.key === key) return this.list[i]
    return undefined
  }

  allWithName(key: string): Header[] {
    return this.list.filter((h) => h.key === key)
  }

  remove(key: string): this {
    this.list = this.list.filter((h) => h.key !== key)
    return this
  }

  /** Keeps only the last header of each key (Connect's `retainLatest`), in their original order. */
  retainLatest(): this {
    const last = new Map<string, number>()
    for (const [i, h] of this.list.entries()) last.set(h.key, i)
    this.list = this.list.filter((h, i) => last.get(h.key) === i)
    return this
  }

  clear(): this {
    this.list = []
    return this
  }

  duplicate(): Headers {
    return new Headers(this.list)
  }
}

function withReportedSchema(h: Header): Header {
  if (h.schema === null && h.value instanceof Struct) return { key: h.key, schema: h.value.schema, value: h.value }
  return h
}

function isIntIn(v: unknown, min: number, max: number): boolean {
  return typeof v === 'number' && Number.isInteger(v) && v >= min && v <= max
}

/** Connect's `ConnectHeaders.checkSchemaMatches`: the value's kind fits the schema's type. */
function checkSchemaMatches(schema: Schema | null, value: unknown): void {
  if (schema === null) return
  if (value === null || value === undefined) {
    if (!schema.optional) throw new DataException(`A null value requires an optional schema but was ${String(schema)}`)
    return
  }
  let ok: boolean
  switch (schema.type) {
    case Type.BYTES:
      ok = value instanceof Uint8Array || (value instanceof BigDecimal && schema.name === LOGICAL_DECIMAL)
      break
    case Type.STRING:
      ok = typeof value === 'string'
      break
    case Type.BOOLEAN:
      ok = typeof value === 'boolean'
      break
    case Type.INT8:
      ok = isIntIn(value, -128, 127)
      break
    case Type.INT16:
      ok = isIntIn(value, -32768, 32767)
      break
    case Type.INT32:
      ok =
        isIntIn(value, -2147483648, 2147483647) ||
        (value instanceof Date && (schema.name === LOGICAL_DATE || schema.name === LOGICAL_TIME))
      break
    case Type.INT64:
      ok = typeof value === 'bigint' || (value instanceof Date && schema.name === LOGICAL_TIMESTAMP)
      break
    case Type.FLOAT32:
    case Type.FLOAT64:
      ok = typeof value === 'number'
      break
    case Type.ARRAY:
      ok = Array.isArray(value)
      break
    case Type.MAP:
      ok = value instanceof Map
      break
    case Type.STRUCT:
      ok = value instanceof Struct
      break
  }
  if (!ok) throw new DataException(`The value ${String(value)} is not compatible with the schema ${String(schema)}`)
}
