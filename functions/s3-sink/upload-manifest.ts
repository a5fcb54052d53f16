/**
 * The upload manifest: a small JSON object per connector and Kafka partition listing the files the
 * last attempt wrote (key and start offset), written before they are uploaded. It closes the one gap
 * that deterministic names leave on Lambda: the event source mapping may cut a redelivered batch
 * elsewhere than the failed attempt did, and files that attempt uploaded beyond the new batch's end
 * would never be overwritten, holding records that a later batch writes again under other names.
 *
 * The rule, per Kafka partition and batch: a listed file that this batch does not write and whose
 * start offset is at or after the first offset this batch processed holds only records that are not
 * committed yet (committed offsets never move backwards, and a batch starts at the committed offset),
 * so it is deleted; those records are written by this batch or a later one. Files that start before
 * that offset are never touched: they may be committed.
 *
 * Location: `[<topics.dir><directory.delim>]_connectless/upload-manifests/<connector>/<topic>+<partition>.json`
 * (names URI-encoded), under the same prefix as the data, so the same S3 permissions cover it. Hive,
 * Spark, Athena and Glue skip paths starting with `_`.
 */
import { logger } from '../../layers/runtime/logging.js'

export interface ManifestEntry {
  readonly key: string
  readonly startOffset: number
}

const VERSION = 1
export const MANIFEST_FOLDER = '_connectless/upload-manifests'

export function manifestKey(
  topicsDir: string,
  directoryDelim: string,
  connector: string,
  topic: string,
  partition: number,
): string {
  const prefix = topicsDir.trim() === '' ? '' : `${topicsDir}${directoryDelim}`
  return `${prefix}${MANIFEST_FOLDER}/${encodeURIComponent(connector)}/${encodeURIComponent(topic)}+${partition}.json`
}

/** The manifest's entries; an absent or unreadable manifest has none (an unreadable one is logged). */
export function parseManifest(text: string | null, key: string): ManifestEntry[] {
  if (text === null) return []
  try {
    const parsed = JSON.parse(text) as { version?: unknown; files?: unknown }
    if (parsed.version === VERSION && Array.isArray(parsed.files)) {
      const out: ManifestEntry[] = []
      for (const f of parsed.files as unknown[]) {
        const e = f as { key?: unknown; startOffset?: unknown }
        if (typeof e.key === 'string' && typeof e.startOffset === 'number')
          out.push({ key: e.key, startOffset: e.startOffset })
      }
      return out
    }
  } catch {
    // logged below
  }
  logger.warn('Ignoring an upload manifest that cannot be read', { key })
  return []
}

export function renderManifest(topic: string, partition: number, entries: readonly ManifestEntry[]): string {
  return JSON.stringify({ version: VERSION, topic, partition, files: entries })
}

/** The listed files to delete: not written by this batch, starting at or after `firstOffset`. */
export function staleEntries(
  listed: readonly ManifestEntry[],
  written: ReadonlySet<string>,
  firstOffset: number,
): ManifestEntry[] {
  return listed.filter((e) => e.startOffset >= firstOffset && !written.has(e.key))
}

export function sameEntries(a: readonly ManifestEntry[], b: readonly ManifestEntry[]): boolean {
  if (a.length !== b.length) return false
  const keys = new Set(a.map((e) => `${e.startOffset}\u0000${e.key}`))
  return b.every((e) => keys.has(`${e.startOffset}\u0000${e.key}`))
}
