import { describe, expect, it } from 'vitest'
import { SchemaBuilder, Schemas } from '../../../../layers/runtime/data/schema.js'
import { SchemaCache } from '../../../../layers/transforms/util/schema-cache.js'

const struct = (name: string) => SchemaBuilder.struct().name(name).field('a', Schemas.INT32).build()

describe('SchemaCache', () => {
  it('finds an entry by an equal schema, as Kafka keys its cache by equals', () => {
    const cache = new SchemaCache<string>()
    cache.put(struct('s'), 'derived')
    expect(cache.get(struct('s'))).toBe('derived')
    expect(cache.get(struct('other'))).toBeUndefined()
  })

  it('computes a value once per schema', () => {
    const cache = new SchemaCache<object>()
    let computed = 0
    const compute = () => {
      computed++
      return {}
    }
    const first = cache.computeIfAbsent(struct('s'), compute)
    expect(cache.computeIfAbsent(struct('s'), compute)).toBe(first)
    expect(computed).toBe(1)
  })

  it('keeps the 16 most recently used schemas', () => {
    const cache = new SchemaCache<number>()
    for (let i = 0; i < 16; i++) cache.put(struct(`s${i}`), i)
    expect(cache.get(struct('s0'))).toBe(0) // s0 is now the most recently used
    cache.put(struct('s16'), 16)
    expect(cache.size).toBe(16)
    expect(cache.get(struct('s1'))).toBeUndefined()
    expect(cache.get(struct('s0'))).toBe(0)
    expect(cache.get(struct('s16'))).toBe(16)
  })

  it('replaces the entry of an equal schema', () => {
    const cache = new SchemaCache<number>()
    cache.put(struct('s'), 1)
    cache.put(struct('s'), 2)
    expect(cache.size).toBe(1)
    expect(cache.get(struct('s'))).toBe(2)
  })
})
