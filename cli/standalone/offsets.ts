/**
 * The standalone runner's offsets: in DynamoDB where an AWS endpoint is configured (the tables the
 * Lambda functions use), otherwise in the file named by `offset.storage.file.filename`.
 *
 * A sink connector's position is two things, both moved by the REST API's offsets endpoints
 * (KIP-875): the consumer group `connect-<name>` the event source emulator reads with (Connect's
 * sink offsets), and the sink offset store, which makes redelivery idempotent (a batch skips what the
 * store has committed). A reset removes both, so the next start reads every partition from the start.
 * A source connector's offsets are its source offsets (Connect's offset storage).
 */
import {
  alterConsumerGroupOffsets,
  consumerGroupOffsets,
  deleteConsumerGroupOffsets,
  type GroupOffset,
  type KafkaClientConfig,
} from '../../layers/runtime/kafka/client.js'
import { type FileSourceOffsets, OffsetFile } from '../../layers/runtime/offsets/file-offset-store.js'
import { ensureOffsetsTable, SinkOffsetStore, SourceOffsetStore } from '../../layers/runtime/offsets/offset-store.js'
import type { SinkOffsetChange, SourceOffsetChange } from '../../layers/runtime/rest/backend.js'
import type { SinkOffsets } from '../../layers/runtime/sink/sink-runtime.js'

/** Connect's consumer group of a sink connector. */
export const sinkGroupId = (connector: string) => `connect-${connector}`

interface SinkStore extends SinkOffsets {
  list(): Promise<Array<{ topic: string; partition: number; offset: number }>>
  reset(topic: string, partition: number): Promise<void>
}

export class StandaloneOffsets {
  readonly #file: OffsetFile | null
  #tableReady: Promise<void> | null = null

  /**
   * `file` null: DynamoDB (`CONNECTLESS_OFFSETS_TABLE`, default `connectless-offsets`). `admin`: the
   * admin client that reads and moves a sink connector's consumer group offsets (Connect's
   * `connector-worker-adminclient-<name>`, with the worker's `admin.*` and the connector's
   * `admin.override.*` keys).
   */
  constructor(
    file: string | null,
    private readonly admin: (connector: string) => KafkaClientConfig,
  ) {
    this.#file = file === null ? null : new OffsetFile(file)
  }

  /** Where offsets are kept, for the start-up log line. */
  get where(): string {
    return this.#file === null ? 'DynamoDB' : this.#file.path
  }

  /** Creates the DynamoDB table where needed (once). */
  async ready(): Promise<void> {
    if (this.#file !== null) return
    this.#tableReady ??= ensureOffsetsTable().catch((e: unknown) => {
      this.#tableReady = null
      throw e
    })
    await this.#tableReady
  }

  sink(connector: string): SinkStore {
    return this.#file !== null ? this.#file.sink(connector) : new SinkOffsetStore(connector)
  }

  source(connector: string): FileSourceOffsets {
    return this.#file !== null ? this.#file.source(connector) : new SourceOffsetStore(connector)
  }

  /**
   * A sink's committed position per partition: the consumer group's (Connect's answer) and the sink
   * offset store's, the further of the two (the store commits first, then the group).
   */
  async sinkPositions(connector: string): Promise<GroupOffset[]> {
    await this.ready()
    const [group, stored] = await Promise.all([
      consumerGroupOffsets(this.admin(connector), sinkGroupId(connector)),
      this.sink(connector).list(),
    ])
    const out = new Map<string, GroupOffset>()
    for (const o of [...group, ...stored]) {
      const key = `${o.topic}-${o.partition}`
      const seen = out.get(key)
      if (seen === undefined || seen.offset < o.offset) out.set(key, { ...o })
    }
    return [...out.values()].sort((a, b) =>
      a.topic < b.topic ? -1 : a.topic > b.topic ? 1 : a.partition - b.partition,
    )
  }

  /** `PATCH …/offsets` of a stopped sink: each partition moved in the group and the store, or reset in both. */
  async alterSink(connector: string, changes: readonly SinkOffsetChange[]): Promise<void> {
    await this.ready()
    const store = this.sink(connector)
    const moved = changes.filter((c): c is SinkOffsetChange & { offset: number } => c.offset !== null)
    const reset = changes.filter((c) => c.offset === null)
    const admin = this.admin(connector)
    await alterConsumerGroupOffsets(
      admin,
      sinkGroupId(connector),
      moved.map((c) => ({ topic: c.topic, partition: c.partition, offset: c.offset })),
    )
    await deleteConsumerGroupOffsets(admin, sinkGroupId(connector), reset)
    for (const c of changes) {
      // a commit never moves an offset backwards: forget the partition first
      await store.reset(c.topic, c.partition)
      if (c.offset !== null) await store.commit(c.topic, c.partition, c.offset)
    }
  }

  /** `DELETE …/offsets` of a stopped sink: the group's offsets and the store's, every partition. */
  async resetSink(connector: string): Promise<void> {
    await this.ready()
    const store = this.sink(connector)
    const admin = this.admin(connector)
    const group = await consumerGroupOffsets(admin, sinkGroupId(connector))
    await deleteConsumerGroupOffsets(admin, sinkGroupId(connector), group)
    for (const { topic, partition } of await store.list()) await store.reset(topic, partition)
  }

  async alterSource(connector: string, changes: readonly SourceOffsetChange[]): Promise<void> {
    await this.ready()
    const store = this.source(connector)
    for (const { partition, offset } of changes) {
      if (offset === null) await store.delete(partition)
      else await store.put(partition, offset)
    }
  }

  async resetSource(connector: string): Promise<void> {
    await this.ready()
    const store = this.source(connector)
    for (const { partition } of await store.list()) await store.delete(partition)
  }
}
