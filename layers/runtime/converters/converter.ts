/**
 * Connect's converter contracts: `Converter` turns a record's key or value between bytes and Connect
 * data; `HeaderConverter` does the same for one header value. A converter that needs I/O (Schema
 * Registry lookups) returns a Promise; the others answer synchronously, and callers await only
 * when they get a Promise, which keeps the common path free of microtask hops.
 */
import type { Schema } from '../data/schema.js'

export type MaybePromise<T> = T | Promise<T>

export interface SchemaAndValue {
  readonly schema: Schema | null
  readonly value: unknown
}

export const NULL_SCHEMA_AND_VALUE: SchemaAndValue = Object.freeze({ schema: null, value: null })

/**
 * The record's Kafka headers as bytes (Java's `org.apache.kafka.common.header.Headers`), which is what
 * Connect hands a converter — not the converted Connect headers.
 */
export type KafkaHeaders = ReadonlyArray<{ readonly key: string; readonly value: Uint8Array | null }>

/** Config values as Connect passes them to `configure`: the converter's own keys, prefix stripped. */
export type ConverterConfig = Readonly<Record<string, string | null>>

/**
 * Where the bytes being converted came from, when the caller knows (a sink record's Kafka partition and
 * offset). Converters name it in their error messages; Connect's own converters receive only the topic.
 */
export interface RecordContext {
  readonly partition: number
  readonly offset: number | bigint
}

export interface Converter {
  /** `isKey`: whether this instance converts keys (it picks the key or value subject, for example). */
  configure(config: ConverterConfig, isKey: boolean): void
  fromConnectData(
    topic: string,
    headers: KafkaHeaders | null,
    schema: Schema | null,
    value: unknown,
  ): MaybePromise<Uint8Array | null>
  /** `context` (optional, a connectless addition) lets error messages name the partition and offset. */
  toConnectData(
    topic: string,
    headers: KafkaHeaders | null,
    value: Uint8Array | null,
    context?: RecordContext,
  ): MaybePromise<SchemaAndValue>
  close?(): void | Promise<void>
}

export interface HeaderConverter {
  configure(config: ConverterConfig): void
  fromConnectHeader(
    topic: string,
    headerKey: string,
    schema: Schema | null,
    value: unknown,
  ): MaybePromise<Uint8Array | null>
  toConnectHeader(topic: string, headerKey: string, value: Uint8Array | null): MaybePromise<SchemaAndValue>
  close?(): void | Promise<void>
}

export type ConverterFactory = () => Converter
export type HeaderConverterFactory = () => HeaderConverter
