/**
 * Offsets in a local file, for the standalone runner where no AWS endpoint is configured: Connect's
 * `offset.storage.file.filename`. One JSON document holds every connector's offsets, rewritten
 * atomically (write to a temporary file, then rename) at each commit:
 *
 * ```json
 * {
 *   "sink": { "s3-sink": { "orders-0": 1200 } },
 *   "source": {
 *     "[\"postgres-source\",{\"protocol\":\"1\",\"table\":\"public.orders\"}]": {"incrementing":42}
 *   }
 * }
 * ```
 *
 * Source offsets are kept as Connect's offset storage keeps them: the key is the JSON array
 * `[connector name, source partition]`, the value the source offset (Confluent's JDBC source writes
 * `{"protocol":"1","table":…}` → `{"incrementing":…}`, `{"timestamp":…,"timestamp_nanos":…}`). A sink
 * connector's offsets (next offset to process per `<topic>-<partition>`) make redelivery idempotent;
 * Connect keeps none for sinks besides the consumer group's. Integers beyond 2^53 stay exact (bigint).
 */
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs'
import type { SinkOffsets } from '../sink/sink-runtime.js'
import { canonicalJson, parseOffsetJson, type SourceMap } from './offset-store.js'

/** A sink connector's offsets in the file. */
export interface FileSinkOffsets extends SinkOffsets {
  list(): Promise<Array<{ topic: string; partition: number; offset: number }>>
  /** Forgets one partition's offset (the next batch is not skipped). */
  reset(topic: string, partition: number): Promise<void>
}

/** A source connector's offsets in the file, with the interface of the DynamoDB `SourceOffsetStore`. */
export interface FileSourceOffsets {
  get(partition: SourceMap): Promise<SourceMap | null>
  put(partition: SourceMap, offset: SourceMap): Promise<void>
  list(): Promise<Array<{ partition: SourceMap; offset: SourceMap }>>
  delete(partition: SourceMap): Promise<void>
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v)

/** Connect's offset storage key of a source partition: `["<connector>",{…partition}]`. */
export function sourceOffsetKey(connector: string, partition: SourceMap): string {
  return `[${JSON.stringify(connector)},${canonicalJson(partition)}]`
}

export class OffsetFile {
  private readonly sinks = new Map<string, Map<string, number>>()
  /** Connect's key (`["<connector>",{…}]`) → the offset. */
  private readonly sources = new Map<string, SourceMap>()

  constructor(readonly path: string) {
    if (existsSync(path)) this.load(readFileSync(path, 'utf8'))
  }

  private load(text: string): void {
    let data: unknown
    try {
      data = parseOffsetJson(text)
    } catch (e) {
      throw new Error(
        `The offsets file ${this.path} (offset.storage.file.filename) is not valid JSON: ${e instanceof Error ? e.message : String(e)}`,
      )
    }
    if (!isObject(data)) throw new Error(`The offsets file ${this.path} does not hold a JSON object`)
    const sink = isObject(data['sink']) ? data['sink'] : {}
    for (const [connector, offsets] of Object.entries(sink)) {
      if (!isObject(offsets)) continue
      const map = new Map<string, number>()
      for (const [tp, n] of Object.entries(offsets)) if (typeof n === 'number') map.set(tp, n)
      this.sinks.set(connector, map)
    }
    const source = isObject(data['source']) ? data['source'] : {}
    for (const [key, value] of Object.entries(source)) {
      if (key.startsWith('[') && isObject(value)) {
        this.sources.set(key, value)
      } else if (isObject(value)) {
        // the first layout: connector → canonical partition JSON → canonical offset JSON
        for (const [partition, offset] of Object.entries(value)) {
          if (typeof offset !== 'string') continue
          this.sources.set(
            sourceOffsetKey(key, parseOffsetJson(partition) as SourceMap),
            parseOffsetJson(offset) as SourceMap,
          )
        }
      }
    }
  }

  private save(): void {
    const sink: Record<string, Record<string, number>> = {}
    for (const [connector, offsets] of this.sinks) if (offsets.size > 0) sink[connector] = Object.fromEntries(offsets)
    const sourceLines = [...this.sources].map(([key, offset]) => `    ${JSON.stringify(key)}: ${canonicalJson(offset)}`)
    const text = [
      '{',
      `  "sink": ${JSON.stringify(sink, null, 2).replaceAll('\n', '\n  ')},`,
      sourceLines.length === 0 ? '  "source": {}' : `  "source": {\n${sourceLines.join(',\n')}\n  }`,
      '}',
      '',
    ].join('\n')
    const tmp = `${this.path}.tmp`
    writeFileSync(tmp, text)
    renameSync(tmp, this.path)
  }

  /** The sink offsets of one connector. */
  sink(connector: string): FileSinkOffsets {
    const all = (): Map<string, number> => {
      let map = this.sinks.get(connector)
      if (map === undefined) {
        map = new Map()
        this.sinks.set(connector, map)
      }
      return map
    }
    return {
      committed: async (partitions) => {
        const out = new Map<string, number>()
        for (const { topic, partition } of partitions) {
          const n = all().get(`${topic}-${partition}`)
          if (n !== undefined) out.set(`${topic}-${partition}`, n)
        }
        return out
      },
      commit: async (topic, partition, next) => {
        const key = `${topic}-${partition}`
        const current = all().get(key)
        // never backwards: a redelivered or late batch cannot undo a newer commit
        if (current !== undefined && current > next) return false
        all().set(key, next)
        this.save()
        return true
      },
      list: async () =>
        [...all()].map(([tp, offset]) => {
          const dash = tp.lastIndexOf('-')
          return { topic: tp.slice(0, dash), partition: Number(tp.slice(dash + 1)), offset }
        }),
      reset: async (topic, partition) => {
        if (all().delete(`${topic}-${partition}`)) this.save()
      },
    }
  }

  /** The source offsets of one connector. */
  source(connector: string): FileSourceOffsets {
    const prefix = `[${JSON.stringify(connector)},`
    return {
      get: async (partition) => this.sources.get(sourceOffsetKey(connector, partition)) ?? null,
      put: async (partition, offset) => {
        this.sources.set(sourceOffsetKey(connector, partition), offset)
        this.save()
      },
      list: async () =>
        [...this.sources]
          .filter(([key]) => key.startsWith(prefix))
          .map(([key, offset]) => ({ partition: (parseOffsetJson(key) as [string, SourceMap])[1], offset })),
      delete: async (partition) => {
        if (this.sources.delete(sourceOffsetKey(connector, partition))) this.save()
      },
    }
  }
}
