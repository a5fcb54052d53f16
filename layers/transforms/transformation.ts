/**
 * The transform and predicate contracts, as Kafka Connect's `Transformation` and `Predicate`:
 * `apply` takes a record and returns a new one, or null to drop it; it never changes its input.
 * Each transform and predicate declares its config as one `ConfigDefinition` (validation, defaults,
 * docs). Applying a transform only where a predicate matches (`predicate`, `negate`) is the chain's
 * job (`chain.ts`), not each transform's.
 *
 * Custom transforms written by users implement the same interface (see docs/custom-transforms.md).
 */
import type { ConnectRecord } from '../runtime/record/record.js'

export type TransformConfig = Readonly<Record<string, string | null>>

export interface Transformation<R extends ConnectRecord = ConnectRecord> {
  /** Validates and applies the transform's own keys (the `transforms.<alias>.` prefix stripped). */
  configure(config: TransformConfig): void
  apply(record: R): R | null
  close?(): void
}

export interface Predicate<R extends ConnectRecord = ConnectRecord> {
  configure(config: TransformConfig): void
  test(record: R): boolean
  close?(): void
}

export type TransformationFactory = () => Transformation
export type PredicateFactory = () => Predicate
