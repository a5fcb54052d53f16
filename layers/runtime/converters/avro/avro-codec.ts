/**
 * Avro binary encoding and decoding through `avsc`, with `long` read and written as `bigint` (Connect's
 * int64) and unions left unwrapped where unambiguous. A reader schema that differs from the writer's
 * gets an avsc resolver, which applies Avro's schema resolution (defaults for new fields, dropped
 * fields skipped, promotions).
 */
import avro from 'avsc'
import { type AvroSchema, avroSchemaToJson } from './avro-schema.js'

const MIN_LONG = -(2n ** 63n)
const MAX_LONG = 2n ** 63n - 1n

const bigintLong = avro.types.LongType.__with({
  fromBuffer: (buf: Buffer) => buf.readBigInt64LE(0),
  toBuffer: (n: bigint) => {
    const buf = Buffer.allocUnsafe(8)
    buf.writeBigInt64LE(n, 0)
    return buf
  },
  fromJSON: (x: unknown) => (typeof x === 'bigint' ? x : BigInt(Math.trunc(Number(x)))),
  toJSON: (n: bigint) => Number(n),
  isValid: (x: unknown) => typeof x === 'bigint' && x >= MIN_LONG && x <= MAX_LONG,
  compare: (a: bigint, b: bigint) => (a < b ? -1 : a > b ? 1 : 0),
})

export type AvscType = avro.Type

/** The avsc type of an Avro schema. */
export function avscType(schema: AvroSchema): AvscType {
  return avro.Type.forSchema(avroSchemaToJson(schema) as avro.Schema, {
    wrapUnions: 'auto',
    registry: {},
    typeHook: (s: unknown) =>
      s === 'long' || (typeof s === 'object' && s !== null && (s as { type?: unknown }).type === 'long')
        ? bigintLong
        : undefined,
  })
}

/** The resolver that reads data written with `writer` into `reader`'s shape; throws when they cannot match. */
export type AvscResolver = ReturnType<AvscType['createResolver']>

export function resolver(reader: AvscType, writer: AvscType): AvscResolver {
  return reader.createResolver(writer)
}

/** The union's branch types, for a union avsc type. */
export function unionTypes(t: AvscType): readonly AvscType[] {
  return (t as unknown as { types: AvscType[] }).types
}

export function isWrappedUnion(t: AvscType): boolean {
  return t.typeName === 'union:wrapped'
}

export function recordFields(t: AvscType): readonly { readonly name: string; readonly type: AvscType }[] {
  return (t as unknown as avro.types.RecordType).fields
}

export function itemsType(t: AvscType): AvscType {
  return (t as unknown as avro.types.ArrayType).itemsType
}

export function valuesType(t: AvscType): AvscType {
  return (t as unknown as avro.types.MapType).valuesType as AvscType
}

/** A growing scratch buffer for encoding, so each record allocates only its result. */
export class EncodeBuffer {
  private buf = Buffer.allocUnsafe(64 * 1024)

  /** `prefix` then the Avro encoding of `value`, as a new buffer. */
  encode(type: AvscType, value: unknown, prefix: Uint8Array): Buffer {
    for (;;) {
      this.buf.set(prefix, 0)
      const end = type.encode(value, this.buf, prefix.length)
      if (end >= 0) return Buffer.from(this.buf.subarray(0, end))
      this.buf = Buffer.allocUnsafe(Math.max(this.buf.length * 2, this.buf.length - end))
    }
  }
}
