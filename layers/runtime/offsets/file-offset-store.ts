/**
 * Offsets in a local file, for the standalone runner where no AWS endpoint is configured: Connect's
 * `offset.storage.file.filename`. One JSON document holds every connector's sink offsets
 * (`<topic>-<partition>` → next offset) and source offsets (canonical source partition → offset),
 * rewritten atomically (write to a temporary file, then rename) at each commit.
 */
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs'
import type { SinkOffsets } from '../sink/sink-runtime.js'
import { canonicalJson, parseOffsetJson, type SourceMap } from './offset-store.js'

interface OffsetFileData {
  sink: Record<string, Record<string, number>>
  source: Record<string, Record<string, string>>
}

export class OffsetFile {
  private data: OffsetFileData

  constructor(readonly path: string) {
    this.data = existsSync(path) ? (JSON.parse(readFileSync(path, 'utf8')) as OffsetFileData) : { sink: {}, source: {} }
    this.data.sink ??= {}
    this.data.source ??= {}
  }

  private save(): void {
    const tmp = `${this.path}.tmp`
    writeFileSync(tmp, JSON.stringify(this.data, null, 2))
    renameSync(tmp, this.path)
  }

  /** The sink offsets of one connector. */
  sink(
    connector: string,
  ): SinkOffsets & { list(): Array<{ topic: string; partition: number; offset: number }>; reset(): void } {
    const all = (): Record<string, number> => {
      this.data.sink[connector] ??= {}
      return this.data.sink[connector]
    }
    return {
      committed: async (partitions) => {
        const out = new Map<string, number>()
        for (const { topic, partition } of partitions) {
          const n = all()[`${topic}-${partition}`]
          if (n !== undefined) out.set(`${topic}-${partition}`, n)
        }
        return out
      },
      commit: async (topic, partition, next) => {
        const key = `${topic}-${partition}`
        const current = all()[key]
        if (current !== undefined && current > next) return false
        all()[key] = next
        this.save()
        return true
      },
      list: () =>
        Object.entries(all()).map(([tp, offset]) => {
          const dash = tp.lastIndexOf('-')
          return { topic: tp.slice(0, dash), partition: Number(tp.slice(dash + 1)), offset }
        }),
      reset: () => {
        this.data.sink[connector] = {}
        this.save()
      },
    }
  }

  /** The source offsets of one connector, with the interface of the DynamoDB SourceOffsetStore. */
  source(connector: string) {
    const all = (): Record<string, string> => {
      this.data.source[connector] ??= {}
      return this.data.source[connector]
    }
    return {
      get: async (partition: SourceMap): Promise<SourceMap | null> => {
        const json = all()[canonicalJson(partition)]
        return json === undefined ? null : (parseOffsetJson(json) as SourceMap)
      },
      put: async (partition: SourceMap, offset: SourceMap): Promise<void> => {
        all()[canonicalJson(partition)] = canonicalJson(offset)
        this.save()
      },
      list: async (): Promise<Array<{ partition: SourceMap; offset: SourceMap }>> =>
        Object.entries(all()).map(([p, o]) => ({
          partition: parseOffsetJson(p) as SourceMap,
          offset: parseOffsetJson(o) as SourceMap,
        })),
      delete: async (partition: SourceMap): Promise<void> => {
        delete all()[canonicalJson(partition)]
        this.save()
      },
    }
  }
}
