/** Kafka's `LRUCache`: at most `maxSize` entries, the least recently used one evicted first. */
export class LruCache<K, V> {
  private readonly map = new Map<K, V>()

  constructor(private readonly maxSize: number) {}

  get(key: K): V | undefined {
    const value = this.map.get(key)
    if (value !== undefined) {
      // move to the most recent end
      this.map.delete(key)
      this.map.set(key, value)
    }
    return value
  }

  set(key: K, value: V): void {
    this.map.delete(key)
    this.map.set(key, value)
    if (this.map.size > this.maxSize) {
      const eldest = this.map.keys().next()
      if (!eldest.done) this.map.delete(eldest.value)
    }
  }

  get size(): number {
    return this.map.size
  }
}
