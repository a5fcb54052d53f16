/**
 * The per-transform schema cache of Kafka's transforms (`SynchronizedCache<>(new LRUCache<>(16))`):
 * the schema a transform derived from an input schema, kept for the 16 most recently used input
 * schemas. Like Kafka's, it is keyed by schema equality, so equal schemas built separately (one per
 * record, as some converters do) share one entry and give the same output schema object. Lookups try
 * identity first, the common case, and fall back to the hash and `schemasEqual`.
 *
 * @example
 * const cache = new SchemaCache<Schema>()
 * const updated = cache.computeIfAbsent(value.schema, (s) => makeUpdatedSchema(s))
 */
import { ConnectSchema, type Schema, schemasEqual } from '../../runtime/data/schema.js'

/** Kafka's cache size for transforms. */
export const SCHEMA_CACHE_SIZE = 16

interface Entry<V> {
  readonly schema: Schema
  readonly hash: number
  readonly value: V
}

function hashOf(schema: Schema): number {
  return schema instanceof ConnectSchema ? schema.hashCode() : 0
}

export class SchemaCache<V> {
  /** Most recently used first. */
  #entries: Entry<V>[] = []

  constructor(readonly capacity: number = SCHEMA_CACHE_SIZE) {}

  get size(): number {
    return this.#entries.length
  }

  get(schema: Schema): V | undefined {
    const entries = this.#entries
    for (let i = 0; i < entries.length; i++) {
      if (entries[i]!.schema === schema) return this.#touch(i)
    }
    const hash = hashOf(schema)
    for (let i = 0; i < entries.length; i++) {
      const entry = entries[i]!
      if (entry.hash === hash && schemasEqual(entry.schema, schema)) return this.#touch(i)
    }
    return undefined
  }

  put(schema: Schema, value: V): void {
    const entries = this.#entries
    const hash = hashOf(schema)
    const existing = entries.findIndex((e) => e.hash === hash && schemasEqual(e.schema, schema))
    if (existing >= 0) entries.splice(existing, 1)
    entries.unshift({ schema, hash, value })
    if (entries.length > this.capacity) entries.length = this.capacity
  }

  /** The cached value for the schema, or `compute`'s result, cached. */
  computeIfAbsent(schema: Schema, compute: (schema: Schema) => V): V {
    const cached = this.get(schema)
    if (cached !== undefined) return cached
    const value = compute(schema)
    this.put(schema, value)
    return value
  }

  clear(): void {
    this.#entries = []
  }

  #touch(index: number): V {
    const entries = this.#entries
    const entry = entries[index]!
    if (index > 0) {
      entries.splice(index, 1)
      entries.unshift(entry)
    }
    return entry.value
  }
}
