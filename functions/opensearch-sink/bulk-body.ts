/**
 * The NDJSON body of a `_bulk` request: per action an action line (`{"index":{"_index":…,"_id":…,
 * "version":…,"version_type":"external"}}`) and, except for deletes, a source line (the document; for
 * an update `{"doc":…,"doc_as_upsert":true}`). Actions are written into one growing buffer; each
 * action's byte range is kept so that a subset (items to retry) can be sent again without rewriting.
 */
import { JsonWriter } from '../../layers/runtime/converters/json/json-writer.js'
import { type DocWriteRequest, OpType } from './data-converter.js'

const NEWLINE = 0x0a
const DOC_OPEN = Buffer.from('{"doc":')
const DOC_AS_UPSERT_CLOSE = Buffer.from(',"doc_as_upsert":true}')

/** Writes one action (its action line and source line, each ending in a newline). */
export function writeAction(w: JsonWriter, request: DocWriteRequest): void {
  w.startObject()
  w.name(request.opType)
  w.startObject()
  w.name('_index')
  w.string(request.index)
  if (request.id !== null) {
    w.comma()
    w.name('_id')
    w.string(request.id)
  }
  if (request.version !== null) {
    w.comma()
    w.name('version')
    w.long(request.version)
    w.comma()
    w.name('version_type')
    w.string('external')
  }
  if (request.retryOnConflict !== null) {
    w.comma()
    w.name('retry_on_conflict')
    w.int(request.retryOnConflict)
  }
  w.endObject()
  w.endObject()
  w.byte(NEWLINE)
  if (request.opType === OpType.DELETE || request.source === null) return
  if (request.opType === OpType.UPDATE) {
    w.raw(DOC_OPEN)
    w.raw(request.source)
    w.raw(DOC_AS_UPSERT_CLOSE)
  } else {
    w.raw(request.source)
  }
  w.byte(NEWLINE)
}

/** A bulk request body being built. */
export class BulkBody {
  private readonly writer = new JsonWriter(64 * 1024)
  /** The end offset of each action. */
  private readonly ends: number[] = []

  /** Adds an action; returns the body's size in bytes after it. */
  add(request: DocWriteRequest): number {
    writeAction(this.writer, request)
    this.ends.push(this.writer.pos)
    return this.writer.pos
  }

  get actions(): number {
    return this.ends.length
  }

  get bytes(): number {
    return this.writer.pos
  }

  /** The body and each action's end offset; the builder is empty afterwards. */
  take(): { readonly body: Buffer; readonly ends: readonly number[] } {
    const body = this.writer.finish()
    const ends = this.ends.slice()
    this.writer.reset()
    this.ends.length = 0
    return { body, ends }
  }
}

/** The body holding only the actions at `indexes` (ascending) of a body whose action ends are `ends`. */
export function subsetBody(body: Buffer, ends: readonly number[], indexes: readonly number[]): Buffer {
  return Buffer.concat(indexes.map((i) => body.subarray(i === 0 ? 0 : ends[i - 1]!, ends[i]!)))
}
