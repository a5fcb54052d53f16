/**
 * A {@link KafkaProducer} made at its first send. The Kafka client (`@platformatic/kafka`, with the ajv
 * validators it compiles and its WebAssembly) is about half of a function's cold start; a function
 * that may never produce (a source tick that finds no new rows, a sink whose records all fit) loads it
 * only when it does.
 */
import type { KafkaClientConfig, KafkaProducer, ProducerRecord } from './client.js'

export class LazyKafkaProducer {
  #producer: Promise<KafkaProducer> | undefined

  constructor(
    private readonly config: KafkaClientConfig,
    private readonly options: ConstructorParameters<typeof KafkaProducer>[1] = {},
  ) {}

  async send(records: readonly ProducerRecord[]): Promise<void> {
    const producer = await this.#load()
    await producer.send(records)
  }

  async close(): Promise<void> {
    const producer = this.#producer
    this.#producer = undefined
    if (producer !== undefined) await (await producer).close()
  }

  #load(): Promise<KafkaProducer> {
    this.#producer ??= import('./client.js').then(({ KafkaProducer }) => new KafkaProducer(this.config, this.options))
    return this.#producer
  }
}
