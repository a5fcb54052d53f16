/**
 * Connect's logical types: Decimal (bytes, `scale` parameter), Date (int32 days), Time (int32 millis of
 * day) and Timestamp (int64 epoch millis), with their builders and the conversions to and from the base
 * representation that converters use (Connect's `Decimal.fromLogical`, `Date.toLogical`, …).
 */
import { DataException } from '../errors.js'
import { LOGICAL_DATE, LOGICAL_DECIMAL, LOGICAL_TIME, LOGICAL_TIMESTAMP, type Schema, SchemaBuilder } from './schema.js'
import { BigDecimal, Type } from './values.js'

const MILLIS_PER_DAY = 86_400_000

export const Decimal = {
  LOGICAL_NAME: LOGICAL_DECIMAL,
  SCALE_FIELD: 'scale',
  builder(scale: number): SchemaBuilder {
    return SchemaBuilder.bytes().name(LOGICAL_DECIMAL).parameter('scale', String(scale)).version(1)
  },
  schema(scale: number): Schema {
    return Decimal.builder(scale).build()
  },
  scale(schema: Schema): number {
    const s = schema.parameters?.['scale']
    if (s === undefined) throw new DataException('Invalid Decimal schema: scale parameter not found.')
    // Java's Integer.parseInt: an optional sign and decimal digits, nothing else, within int32
    const n = /^[+-]?\d+$/.test(s) ? Number(s) : Number.NaN
    if (!Number.isInteger(n) || n < -2147483648 || n > 2147483647) {
      throw new DataException('Invalid scale parameter found in Decimal schema: ', {
        cause: new Error(`For input string: "${s}"`),
      })
    }
    return n
  },
  /** The unscaled value as big-endian two's-complement bytes (Java's `BigInteger.toByteArray`). */
  fromLogical(schema: Schema, value: BigDecimal): Uint8Array {
    const scale = Decimal.scale(schema)
    if (value.scale !== scale) {
      throw new DataException(
        `Decimal value has mismatching scale for given Decimal schema. Schema has scale ${scale}, value has scale ${value.scale}.`,
      )
    }
    return bigIntToBytes(value.unscaled)
  },
  toLogical(schema: Schema, bytes: Uint8Array): BigDecimal {
    return new BigDecimal(bytesToBigInt(bytes), Decimal.scale(schema))
  },
} as const

export const ConnectDate = {
  LOGICAL_NAME: LOGICAL_DATE,
  builder(): SchemaBuilder {
    return SchemaBuilder.int32().name(LOGICAL_DATE).version(1)
  },
  schema(): Schema {
    return ConnectDate.builder().build()
  },
  fromLogical(schema: Schema, value: Date): number {
    checkName(schema, LOGICAL_DATE, 'Date')
    const ms = value.getTime()
    if (ms % MILLIS_PER_DAY !== 0) {
      throw new DataException('Kafka Connect Date type should not have any time fields set to non-zero values.')
    }
    return ms / MILLIS_PER_DAY
  },
  toLogical(schema: Schema, days: number): Date {
    checkName(schema, LOGICAL_DATE, 'Date')
    return new Date(days * MILLIS_PER_DAY)
  },
} as const

export const ConnectTime = {
  LOGICAL_NAME: LOGICAL_TIME,
  builder(): SchemaBuilder {
    return SchemaBuilder.int32().name(LOGICAL_TIME).version(1)
  },
  schema(): Schema {
    return ConnectTime.builder().build()
  },
  fromLogical(schema: Schema, value: Date): number {
    checkName(schema, LOGICAL_TIME, 'Time')
    const ms = value.getTime()
    if (ms < 0 || ms > MILLIS_PER_DAY) {
      throw new DataException('Kafka Connect Time type should not have any date fields set to non-zero values.')
    }
    return ms
  },
  toLogical(schema: Schema, millis: number): Date {
    // Connect's message names Date here, not Time
    checkName(schema, LOGICAL_TIME, 'Date')
    if (millis < 0 || millis > MILLIS_PER_DAY) {
      throw new DataException('Time values must use number of milliseconds greater than 0 and less than 86400000')
    }
    return new Date(millis)
  },
} as const

export const ConnectTimestamp = {
  LOGICAL_NAME: LOGICAL_TIMESTAMP,
  builder(): SchemaBuilder {
    return SchemaBuilder.int64().name(LOGICAL_TIMESTAMP).version(1)
  },
  schema(): Schema {
    return ConnectTimestamp.builder().build()
  },
  fromLogical(schema: Schema, value: Date): bigint {
    checkName(schema, LOGICAL_TIMESTAMP, 'Timestamp')
    return BigInt(value.getTime())
  },
  toLogical(schema: Schema, millis: bigint | number): Date {
    checkName(schema, LOGICAL_TIMESTAMP, 'Timestamp')
    return new Date(Number(millis))
  },
} as const

function checkName(schema: Schema, name: string, label: string): void {
  if (schema.name !== name) {
    throw new DataException(`Requested conversion of ${label} object but the schema does not match.`)
  }
}

/** Is this schema one of Connect's four logical types (on its proper base type)? */
export function logicalName(schema: Schema): string | null {
  switch (schema.name) {
    case LOGICAL_DECIMAL:
      return schema.type === Type.BYTES ? LOGICAL_DECIMAL : null
    case LOGICAL_DATE:
    case LOGICAL_TIME:
      return schema.type === Type.INT32 ? schema.name : null
    case LOGICAL_TIMESTAMP:
      return schema.type === Type.INT64 ? LOGICAL_TIMESTAMP : null
    default:
      return null
  }
}

/** Java's `BigInteger.toByteArray()`: minimal big-endian two's complement, at least one byte. */
export function bigIntToBytes(v: bigint): Uint8Array {
  let hex = (v < 0n ? -v : v).toString(16)
  if (hex.length % 2) hex = `0${hex}`
  let bytes = Buffer.from(hex, 'hex')
  if (v >= 0n) {
    if (bytes.length === 0 || (bytes[0]! & 0x80) !== 0) bytes = Buffer.concat([Buffer.from([0]), bytes])
    return bytes
  }
  // two's complement of the magnitude, in enough bytes to keep the sign bit
  let len = bytes.length
  const mod = 1n << BigInt(len * 8)
  let tc = mod + v
  if (tc < mod / 2n) {
    len += 1
    tc = (1n << BigInt(len * 8)) + v
  }
  let out = tc.toString(16).padStart(len * 2, 'f')
  // trim redundant leading 0xff bytes while the next byte keeps the sign bit
  while (out.length > 2 && out.startsWith('ff') && Number.parseInt(out.slice(2, 4), 16) >= 0x80) out = out.slice(2)
  return Buffer.from(out, 'hex')
}

/** Java's `new BigInteger(byte[])`: big-endian two's complement. */
export function bytesToBigInt(bytes: Uint8Array): bigint {
  if (bytes.length === 0) throw new DataException('Decimal bytes are empty')
  const v = BigInt(`0x${Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('hex')}`)
  return (bytes[0]! & 0x80) !== 0 ? v - (1n << BigInt(bytes.length * 8)) : v
}
