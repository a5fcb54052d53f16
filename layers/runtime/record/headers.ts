/**
 * Connect's `ConnectHeaders`: an ordered list of (key, schema, value), duplicates allowed.
 * A header added with a schema has its value checked against it, as Connect does.
 */
import { type Schema, validateValue } from '../data/schema.js'

export interface Header {
  readonly key: string
  readonly schema: Schema | null
  readonly value: unknown
}

export class Headers implements Iterable<Header> {
  private list: Header[]

  constructor(headers: Iterable<Header> = []) {
    this.list = [...headers]
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
    if (schema !== null) validateValue(schema, value, key)
    this.list.push({ key, schema, value: value ?? null })
    return this
  }

  addHeader(header: Header): this {
    return this.add(header.key, header.value, header.schema)
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
