/**
 * Connect's `TransformationChain`: the transforms of `transforms=` in order, each applied only where
 * its predicate (if any) matches — inverted by `negate` — and stopping at the first that returns null
 * (the record is dropped). The runtimes run the stages one at a time through the error-tolerance
 * operator, so that a failing transform is reported with its own class name.
 */
import type { ConnectRecord } from '../runtime/record/record.js'
import type { Predicate, Transformation } from './transformation.js'

export interface TransformStage<R extends ConnectRecord = ConnectRecord> {
  /** The alias in `transforms=` (`transforms.<alias>.type`). */
  readonly alias: string
  /** The class name as configured (Kafka's, such as `org.apache.kafka.connect.transforms.Cast$Value`). */
  readonly className: string
  readonly transformation: Transformation<R>
  readonly predicate: Predicate<R> | null
  readonly negate: boolean
}

export class TransformationChain<R extends ConnectRecord = ConnectRecord> {
  constructor(readonly stages: readonly TransformStage<R>[]) {}

  /** One stage: the record unchanged where the predicate says to skip it, else the transform's result. */
  static applyStage<R extends ConnectRecord>(stage: TransformStage<R>, record: R): R | null {
    if (stage.predicate !== null && stage.predicate.test(record) === stage.negate) return record
    return stage.transformation.apply(record)
  }

  /** The whole chain; null where a transform dropped the record. Errors propagate. */
  apply(record: R): R | null {
    let current: R | null = record
    for (const stage of this.stages) {
      current = TransformationChain.applyStage(stage, current)
      if (current === null) return null
    }
    return current
  }

  close(): void {
    for (const s of this.stages) {
      s.transformation.close?.()
      s.predicate?.close?.()
    }
  }
}
