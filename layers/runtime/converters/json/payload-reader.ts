/**
 * The fast way from payload bytes to a Connect value when the schema is known: reads the JSON and
 * converts it in one pass, with no intermediate tree. It handles what well-formed records hold and
 * gives up (throws {@link BAIL}) on anything else — a null where the schema forbids one, a string
 * where a number belongs, a map entry of the wrong shape — leaving the decision, and Kafka's message,
 * to the exact path (`to-connect.ts`). So what it returns is always what the exact path returns.
 */
import { ConnectDate, ConnectTime, ConnectTimestamp, Decimal } from '../../data/logical.js'
import { LOGICAL_DATE, LOGICAL_DECIMAL, LOGICAL_TIME, type Schema } from '../../data/schema.js'
import { Struct } from '../../data/struct.js'
import { BigDecimal, Type } from '../../data/values.js'
import { decodeJacksonBase64 } from './jackson-base64.js'
import { JsonDecimal } from './json-node.js'
import { type JsonReader, MAX_STRING_LENGTH } from './json-reader.js'
import { decimalToFloat32, decimalToNumber } from './numeric.js'
import { isLogicalName } from './to-connect.js'

/** Thrown to hand a payload to the exact path; made once, so giving up costs no stack trace. */
export const BAIL: Error = new Error('payload left to the exact path')

const INT_MIN = -2147483648
const INT_MAX = 2147483647
const UNSET: unique symbol = Symbol('unset')

interface FieldLookup {
  /** The fields by name (a Map, quicker than Schema.field's checks). */
  readonly byName: Map<string, number>
  /**
   * Each field's name as it appears in JSON, closing quote included (`id"`), or null where the name
   * has a character JSON may escape: a key whose bytes match is that field, with no string made.
   */
  readonly keyBytes: (Buffer | null)[]
}

const PLAIN_NAME = /^[\x20-\x21\x23-\x5b\x5d-\x7e]*$/
const lookups = new WeakMap<Schema, FieldLookup>()
function fieldLookup(schema: Schema): FieldLookup {
  let lookup = lookups.get(schema)
  if (lookup === undefined) {
    lookup = {
      byName: new Map(schema.fields.map((f) => [f.name, f.index])),
      keyBytes: schema.fields.map((f) => (PLAIN_NAME.test(f.name) ? Buffer.from(`${f.name}"`, 'latin1') : null)),
    }
    lookups.set(schema, lookup)
  }
  return lookup
}

/** Whether the bytes at p are `expected`. */
function bytesAt(buf: Buffer, p: number, expected: Buffer): boolean {
  const n = expected.length
  if (p + n > buf.length) return false
  for (let i = 0; i < n; i++) if (buf[p + i] !== expected[i]) return false
  return true
}

/** What the exact path gives for a JSON null or an absent field; gives up where it would throw. */
function nullValue(schema: Schema, replaceNullWithDefault: boolean): unknown {
  if (schema.defaultValue !== null && replaceNullWithDefault) return schema.defaultValue
  if (schema.optional) return null
  throw BAIL
}

function isNumberStart(c: number): boolean {
  return c === 0x2d || (c >= 0x30 && c <= 0x39)
}

/** An integral number at the reader (a fraction gives up: Java's narrowing of it is the exact path's). */
function readIntegral(r: JsonReader): number | bigint {
  if (!isNumberStart(r.buf[r.pos]!)) throw BAIL
  const n = r.readNumber()
  if (n instanceof JsonDecimal) throw BAIL
  return n
}

function readLogical(r: JsonReader, name: string, schema: Schema, c: number): unknown {
  switch (name) {
    case LOGICAL_DECIMAL: {
      if (c === 0x22) {
        r.pos++
        return Decimal.toLogical(schema, decodeJacksonBase64(r.readString(MAX_STRING_LENGTH)))
      }
      if (!isNumberStart(c)) throw BAIL
      const n = r.readNumber()
      return n instanceof JsonDecimal ? BigDecimal.parse(n.text) : new BigDecimal(BigInt(n), 0)
    }
    case LOGICAL_DATE:
    case LOGICAL_TIME: {
      const n = readIntegral(r)
      if (typeof n !== 'number' || n < INT_MIN || n > INT_MAX) throw BAIL
      return name === LOGICAL_DATE ? ConnectDate.toLogical(schema, n) : ConnectTime.toLogical(schema, n)
    }
    default:
      return ConnectTimestamp.toLogical(schema, BigInt.asIntN(64, BigInt(readIntegral(r))))
  }
}

/** Reads the value at the reader (white space skipped) as `schema` says. */
export function readPayload(r: JsonReader, schema: Schema, depth: number, replaceNullWithDefault: boolean): unknown {
  const b = r.buf
  if (r.pos >= r.end) throw BAIL
  const c = b[r.pos]!
  if (c === 0x6e) {
    r.literal('null')
    return nullValue(schema, replaceNullWithDefault)
  }
  if (isLogicalName(schema.name)) return readLogical(r, schema.name, schema, c)
  switch (schema.type) {
    case Type.BOOLEAN:
      if (c === 0x74) {
        r.literal('true')
        return true
      }
      if (c === 0x66) {
        r.literal('false')
        return false
      }
      throw BAIL
    case Type.INT8: {
      const n = readIntegral(r)
      return typeof n === 'number' ? ((n | 0) << 24) >> 24 : Number(BigInt.asIntN(8, n))
    }
    case Type.INT16: {
      const n = readIntegral(r)
      return typeof n === 'number' ? ((n | 0) << 16) >> 16 : Number(BigInt.asIntN(16, n))
    }
    case Type.INT32: {
      const n = readIntegral(r)
      return typeof n === 'number' ? n | 0 : Number(BigInt.asIntN(32, n))
    }
    case Type.INT64: {
      const n = readIntegral(r)
      return typeof n === 'number' ? BigInt(n) : BigInt.asIntN(64, n)
    }
    case Type.FLOAT32: {
      if (!isNumberStart(c)) throw BAIL
      const n = r.readNumber()
      if (n instanceof JsonDecimal) return decimalToFloat32(n.text)
      return typeof n === 'number' ? Math.fround(n) : decimalToFloat32(n.toString())
    }
    case Type.FLOAT64: {
      if (!isNumberStart(c)) throw BAIL
      const n = r.readNumber()
      return n instanceof JsonDecimal ? decimalToNumber(n.text) : Number(n)
    }
    case Type.STRING:
      if (c !== 0x22) throw BAIL
      r.pos++
      return r.readString(MAX_STRING_LENGTH)
    case Type.BYTES:
      if (c !== 0x22) throw BAIL
      r.pos++
      return decodeJacksonBase64(r.readString(MAX_STRING_LENGTH))
    case Type.ARRAY:
      return readArray(r, schema.valueSchema!, depth + 1, replaceNullWithDefault)
    case Type.MAP:
      return readMap(r, schema, depth + 1, replaceNullWithDefault)
    case Type.STRUCT:
      return readStruct(r, schema, depth + 1, replaceNullWithDefault)
  }
}

function readArray(r: JsonReader, elementSchema: Schema, depth: number, replace: boolean): unknown[] {
  if (r.buf[r.pos] !== 0x5b) throw BAIL
  r.checkDepth(depth)
  r.pos++
  const list: unknown[] = []
  if (r.skipWhitespace() === 0x5d) {
    r.pos++
    return list
  }
  for (;;) {
    list.push(readPayload(r, elementSchema, depth, replace))
    const next = r.skipWhitespace()
    r.pos++
    if (next === 0x5d) return list
    if (next !== 0x2c) throw BAIL
    r.skipWhitespace()
  }
}

function readMap(r: JsonReader, schema: Schema, depth: number, replace: boolean): Map<unknown, unknown> {
  const keySchema = schema.keySchema!
  const valueSchema = schema.valueSchema!
  const map = new Map<unknown, unknown>()
  const open = r.buf[r.pos]
  r.checkDepth(depth)
  if (keySchema.type === Type.STRING) {
    if (open !== 0x7b) throw BAIL
    r.pos++
    let next = r.skipWhitespace()
    if (next === 0x7d) {
      r.pos++
      return map
    }
    for (;;) {
      if (next !== 0x22) throw BAIL
      r.pos++
      const key = r.readName()
      if (r.skipWhitespace() !== 0x3a) throw BAIL
      r.pos++
      r.skipWhitespace()
      map.set(key, readPayload(r, valueSchema, depth, replace))
      next = r.skipWhitespace()
      r.pos++
      if (next === 0x7d) return map
      if (next !== 0x2c) throw BAIL
      next = r.skipWhitespace()
    }
  }
  // other keys: an array of [key, value] pairs
  if (open !== 0x5b) throw BAIL
  r.pos++
  if (r.skipWhitespace() === 0x5d) {
    r.pos++
    return map
  }
  r.checkDepth(depth + 1)
  for (;;) {
    if (r.buf[r.pos] !== 0x5b) throw BAIL
    r.pos++
    r.skipWhitespace()
    const key = readPayload(r, keySchema, depth + 1, replace)
    if (r.skipWhitespace() !== 0x2c) throw BAIL
    r.pos++
    r.skipWhitespace()
    const value = readPayload(r, valueSchema, depth + 1, replace)
    if (r.skipWhitespace() !== 0x5d) throw BAIL
    r.pos++
    map.set(key, value)
    const next = r.skipWhitespace()
    r.pos++
    if (next === 0x5d) return map
    if (next !== 0x2c) throw BAIL
    r.skipWhitespace()
  }
}

function readStruct(r: JsonReader, schema: Schema, depth: number, replace: boolean): Struct {
  if (r.buf[r.pos] !== 0x7b) throw BAIL
  r.checkDepth(depth)
  r.pos++
  const fields = schema.fields
  const lookup = fieldLookup(schema)
  const values: unknown[] = new Array(fields.length).fill(UNSET)
  // keys usually come in schema order: the next field's name is tried first, byte for byte
  let expected = 0
  let next = r.skipWhitespace()
  if (next !== 0x7d) {
    for (;;) {
      if (next !== 0x22) throw BAIL
      r.pos++
      let i: number | undefined
      const keyBytes = expected < fields.length ? lookup.keyBytes[expected]! : null
      if (keyBytes !== null && bytesAt(r.buf, r.pos, keyBytes)) {
        i = expected
        r.pos += keyBytes.length
      } else {
        i = lookup.byName.get(r.readName())
      }
      if (i !== undefined) expected = i + 1
      if (r.skipWhitespace() !== 0x3a) throw BAIL
      r.pos++
      r.skipWhitespace()
      if (i === undefined) r.readValue(depth)
      else values[i] = readPayload(r, fields[i]!.schema, depth, replace)
      next = r.skipWhitespace()
      if (next === 0x7d) break
      if (next !== 0x2c) throw BAIL
      r.pos++
      next = r.skipWhitespace()
    }
  }
  r.pos++
  const struct = new Struct(schema)
  for (let i = 0; i < fields.length; i++) {
    const field = fields[i]!
    const value = values[i] === UNSET ? nullValue(field.schema, replace) : values[i]
    // every value here has its field's class and no null where one is not allowed (those gave up)
    if (value !== null) struct.putWithoutValidation(field, value)
  }
  return struct
}
