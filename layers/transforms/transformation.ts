/**
 * The transform and predicate contracts, as Kafka Connect's `Transformation` and `Predicate`:
 * `apply` takes a record and returns a new one, or null to drop it; it never changes its input.
 * Each transform and predicate declares its config as one `ConfigDef` (validation, defaults, docs) and
 * returns it from `config()`, as Kafka's do: the chain builder validates a connector's
 * `transforms.<alias>.*` keys against it, naming the full key in errors, before `configure` runs.
 * Applying a transform only where a predicate matches (`predicate`, `negate`) is the chain's job
 * (`chain.ts`), not each transform's.
 *
 * Custom transforms written by users implement the same interface (see docs/custom-transforms.md).
 */
import type { ConfigDef, ConfigKeys } from '../runtime/config/definition.js'
import type { ConnectRecord } from '../runtime/record/record.js'

export type TransformConfig = Readonly<Record<string, string | null>>

export interface Transformation<R extends ConnectRecord = ConnectRecord> {
  /** Validates and applies the transform's own keys (the `transforms.<alias>.` prefix stripped). */
  configure(config: TransformConfig): void
  apply(record: R): R | null
  /** The transform's config definition (Kafka's `config()`); optional for custom transforms. */
  config?(): ConfigDef<ConfigKeys>
  close?(): void
}

export interface Predicate<R extends ConnectRecord = ConnectRecord> {
  configure(config: TransformConfig): void
  test(record: R): boolean
  /** The predicate's config definition (Kafka's `config()`); optional for custom predicates. */
  config?(): ConfigDef<ConfigKeys>
  close?(): void
}

export type TransformationFactory = () => Transformation
export type PredicateFactory = () => Predicate
