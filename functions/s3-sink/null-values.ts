/**
 * `behavior.on.null.values` for one record, as Confluent's S3 sink task applies it before a record
 * reaches a writer: `ignore` skips a null-valued record (and reports it to the DLQ when
 * `report.null.values.to.dlq` is true and a DLQ is set), `write` sends it on to the tombstone folder
 * (keys file only), `fail` stops the task.
 */
import { ConnectException } from '../../layers/runtime/errors.js'
import type { SinkRecord } from '../../layers/runtime/record/record.js'
import type { NullValueBehavior } from './config.js'

export const NullValueAction = { WRITE: 'write', SKIP: 'skip' } as const
export type NullValueAction = (typeof NullValueAction)[keyof typeof NullValueAction]

/** What to do with a record; throws Confluent's ConnectException for a null value under `fail`. */
export function nullValueAction(behavior: NullValueBehavior, record: SinkRecord): NullValueAction {
  if (record.value !== null) return NullValueAction.WRITE
  switch (behavior) {
    case 'ignore':
      return NullValueAction.SKIP
    case 'write':
      return NullValueAction.WRITE
    case 'fail':
      throw new ConnectException(
        "Null valued records are not writeable with current behavior.on.null.values 'settings.",
      )
  }
}
