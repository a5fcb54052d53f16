/**
 * Seeded generators of Connect data for round-trip and differential tests: random schemas (every
 * primitive, the four logical types, optional, defaults, names, docs, parameters, nested struct, array
 * and map), values that match a schema, and schemaless values of every Java class the record JSON form
 * knows (`$type` int8, int16, int64, float32, float64, bytes, timestamp, decimal, bigint, map, struct).
 *
 * Everything is a function of the `Rng`, so a failing case is reproduced from its seed:
 *
 *     const rng = seededRandom(42)
 *     const schema = generateSchema(rng)
 *     const value = generateValue(rng, schema)
 */
import { ConnectDate, ConnectTime, ConnectTimestamp, Decimal } from '../../layers/runtime/data/logical.js'
import { type Schema, SchemaBuilder, Schemas } from '../../layers/runtime/data/schema.js'
import { Struct } from '../../layers/runtime/data/struct.js'
import {
  BigDecimal,
  BigInteger,
  Float32,
  Int8,
  Int16,
  Int32,
  Type,
  valuesEqual,
} from '../../layers/runtime/data/values.js'

/** A source of uniform numbers in [0, 1). */
export type Rng = () => number

export interface GenerateOptions {
  /** How deep arrays, maps and structs nest (default 3). */
  maxDepth?: number
  /** Whether floats may be NaN or ±Infinity (default false: JSON and most formats cannot carry them). */
  specialFloats?: boolean
  /**
   * Whether a struct schema may have a default (default false): Connect's SchemaBuilder refuses one unless
   * the struct was made with the builder itself (Avro's way), and Kafka's JsonConverter cannot write one.
   */
  structDefaults?: boolean
}

/** A small, fast, seeded generator (mulberry32). */
export function seededRandom(seed: number): Rng {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

/** An integer in [min, max]. */
export function randomInt(rng: Rng, min: number, max: number): number {
  return min + Math.floor(rng() * (max - min + 1))
}

export function pick<T>(rng: Rng, items: readonly T[]): T {
  return items[Math.floor(rng() * items.length)]!
}

function chance(rng: Rng, p: number): boolean {
  return rng() < p
}

// --- schemas ---------------------------------------------------------------------------------------

const PRIMITIVES = [
  Type.INT8,
  Type.INT16,
  Type.INT32,
  Type.INT64,
  Type.FLOAT32,
  Type.FLOAT64,
  Type.BOOLEAN,
  Type.STRING,
  Type.BYTES,
] as const
const LOGICALS = ['decimal', 'date', 'time', 'timestamp'] as const
const FIELD_NAMES = [
  'id',
  'name',
  'amount',
  'created_at',
  'tags',
  'payload',
  'x',
  'with space',
  'ünïcödé',
  'a.b',
  '$type',
  '$value',
  '__proto__',
  'nested',
  'Upper',
  '0digit',
]
const SCHEMA_NAMES = ['com.example.Order', 'Customer', 'io.test.Line', 'Rec', 'a.b.C']

/** A random schema; a struct more often than not at the top. */
export function generateSchema(rng: Rng, options: GenerateOptions = {}): Schema {
  const maxDepth = options.maxDepth ?? 3
  return chance(rng, 0.6) ? structSchema(rng, 0, maxDepth, options) : anySchema(rng, 0, maxDepth, options)
}

function anySchema(rng: Rng, depth: number, maxDepth: number, options: GenerateOptions): Schema {
  const roll = rng()
  if (depth >= maxDepth || roll < 0.55) return primitiveSchema(rng, options)
  if (roll < 0.7) return logicalSchema(rng, options)
  if (roll < 0.8) return decorate(rng, SchemaBuilder.array(anySchema(rng, depth + 1, maxDepth, options)), options, 0.08)
  if (roll < 0.9) {
    return decorate(
      rng,
      SchemaBuilder.map(keySchema(rng, options), anySchema(rng, depth + 1, maxDepth, options)),
      options,
      0.08,
    )
  }
  return structSchema(rng, depth, maxDepth, options)
}

function primitiveSchema(rng: Rng, options: GenerateOptions): Schema {
  return decorate(rng, SchemaBuilder.type(pick(rng, PRIMITIVES)), options, 0.2)
}

function logicalSchema(rng: Rng, options: GenerateOptions): Schema {
  const kind = pick(rng, LOGICALS)
  const builder =
    kind === 'decimal'
      ? Decimal.builder(randomInt(rng, -2, 8))
      : kind === 'date'
        ? ConnectDate.builder()
        : kind === 'time'
          ? ConnectTime.builder()
          : ConnectTimestamp.builder()
  // Avro and Debezium add their own parameters next to Decimal's scale
  if (kind === 'decimal' && chance(rng, 0.2))
    builder.parameter('connect.decimal.precision', String(randomInt(rng, 1, 38)))
  if (chance(rng, 0.4)) builder.optional()
  if (chance(rng, 0.1)) builder.doc('a logical value')
  return withDefault(rng, builder, options, 0.2)
}

/** Map keys: strings mostly, other primitives and logical types too (never null, never NaN). */
function keySchema(rng: Rng, options: GenerateOptions): Schema {
  const roll = rng()
  if (roll < 0.5) return Schemas.STRING
  if (roll < 0.85) {
    return SchemaBuilder.type(
      pick(rng, [Type.INT8, Type.INT16, Type.INT32, Type.INT64, Type.BOOLEAN, Type.FLOAT64]),
    ).build()
  }
  return logicalSchema(rng, { ...options, specialFloats: false })
}

function structSchema(rng: Rng, depth: number, maxDepth: number, options: GenerateOptions): Schema {
  const builder = SchemaBuilder.struct()
  const count = randomInt(rng, depth === 0 ? 1 : 0, 6)
  const names = new Set<string>()
  while (names.size < count) names.add(pick(rng, FIELD_NAMES))
  for (const name of names) builder.field(name, anySchema(rng, depth + 1, maxDepth, options))
  if (chance(rng, 0.5)) builder.name(pick(rng, SCHEMA_NAMES))
  return decorate(rng, builder, options, 0.05)
}

/** Optional, version, doc, parameters and a default, each sometimes. */
function decorate(rng: Rng, builder: SchemaBuilder, options: GenerateOptions, defaultChance: number): Schema {
  if (chance(rng, 0.4)) builder.optional()
  if (builder.type !== Type.STRUCT && chance(rng, 0.1)) builder.name(pick(rng, SCHEMA_NAMES))
  if (chance(rng, 0.1)) builder.version(randomInt(rng, 1, 5))
  if (chance(rng, 0.1)) builder.doc(pick(rng, ['', 'the doc', 'ünï "quoted"']))
  if (chance(rng, 0.1)) builder.parameter(pick(rng, ['k', 'connect.name', 'x.y']), randomString(rng))
  if (builder.type === Type.STRUCT && !options.structDefaults) return builder.build()
  return withDefault(rng, builder, options, defaultChance)
}

function withDefault(rng: Rng, builder: SchemaBuilder, options: GenerateOptions, p: number): Schema {
  if (chance(rng, p)) {
    const value = valueFor(rng, builder.build(), 0, options, false)
    if (value !== null) builder.defaultValue(value)
  }
  return builder.build()
}

// --- values with a schema --------------------------------------------------------------------------

/** A value that matches the schema (`validateValue` accepts it); null sometimes where it is optional. */
export function generateValue(rng: Rng, schema: Schema, options: GenerateOptions = {}): unknown {
  return valueFor(rng, schema, 0, options, true)
}

function valueFor(rng: Rng, schema: Schema, depth: number, options: GenerateOptions, mayBeNull: boolean): unknown {
  if (mayBeNull && schema.optional && chance(rng, 0.15)) return null
  switch (schema.name) {
    case Decimal.LOGICAL_NAME:
      if (schema.type === Type.BYTES) return new BigDecimal(randomBigInt(rng, 30), Decimal.scale(schema))
      break
    case ConnectDate.LOGICAL_NAME:
      if (schema.type === Type.INT32) return new Date(randomInt(rng, -100_000, 100_000) * 86_400_000)
      break
    case ConnectTime.LOGICAL_NAME:
      if (schema.type === Type.INT32) return new Date(randomInt(rng, 0, 86_399_999))
      break
    case ConnectTimestamp.LOGICAL_NAME:
      if (schema.type === Type.INT64) return new Date(randomMillis(rng))
      break
  }
  switch (schema.type) {
    case Type.INT8:
      return edgyInt(rng, -128, 127)
    case Type.INT16:
      return edgyInt(rng, -32768, 32767)
    case Type.INT32:
      return edgyInt(rng, -2147483648, 2147483647)
    case Type.INT64:
      return randomInt64(rng)
    case Type.FLOAT32:
      return Math.fround(randomDouble(rng, options))
    case Type.FLOAT64:
      return randomDouble(rng, options)
    case Type.BOOLEAN:
      return chance(rng, 0.5)
    case Type.STRING:
      return randomString(rng)
    case Type.BYTES:
      return randomBytes(rng)
    case Type.ARRAY: {
      const n = randomInt(rng, 0, depth > 2 ? 2 : 4)
      const out: unknown[] = []
      for (let i = 0; i < n; i++) out.push(valueFor(rng, schema.valueSchema!, depth + 1, options, true))
      return out
    }
    case Type.MAP: {
      const map = new Map<unknown, unknown>()
      const n = randomInt(rng, 0, depth > 2 ? 2 : 4)
      const keyOptions = { ...options, specialFloats: false }
      for (let i = 0; i < n; i++) {
        const key = valueFor(rng, schema.keySchema!, depth + 1, keyOptions, false)
        if ([...map.keys()].some((k) => valuesEqual(k, key))) continue
        map.set(key, valueFor(rng, schema.valueSchema!, depth + 1, options, true))
      }
      return map
    }
    case Type.STRUCT: {
      const struct = new Struct(schema)
      for (const f of schema.fields) struct.put(f, valueFor(rng, f.schema, depth + 1, options, true))
      return struct
    }
  }
}

// --- schemaless values -----------------------------------------------------------------------------

const SCHEMALESS_KINDS = [
  'null',
  'boolean',
  'string',
  'int32',
  'fraction',
  'float64',
  'int8',
  'int16',
  'int64',
  'float32',
  'bytes',
  'timestamp',
  'decimal',
  'bigint',
  'array',
  'map',
  'map-keys',
  'struct',
] as const
const SCALAR_KINDS = SCHEMALESS_KINDS.slice(0, 14)

/**
 * A schemaless value as Connect holds one: Java classes kept (Int8, Int16, Int32, Float32, bigint for
 * Long, number for Double, Date, BigDecimal, BigInteger, bytes), lists, maps (string keys or not) and
 * structs, nested up to `maxDepth`.
 */
export function generateSchemaless(rng: Rng, options: GenerateOptions = {}): unknown {
  return schemalessOf(rng, 0, options.maxDepth ?? 3, options)
}

function schemalessOf(rng: Rng, depth: number, maxDepth: number, options: GenerateOptions): unknown {
  const kind = pick(rng, depth >= maxDepth ? SCALAR_KINDS : SCHEMALESS_KINDS)
  switch (kind) {
    case 'null':
      return null
    case 'boolean':
      return chance(rng, 0.5)
    case 'string':
      return randomString(rng)
    case 'int32':
      return new Int32(edgyInt(rng, -2147483648, 2147483647))
    case 'fraction':
      return randomInt(rng, -1_000_000, 1_000_000) / 64 + 1 / 128
    case 'float64':
      // a Double that is a whole number, or anything at all
      return chance(rng, 0.5) ? randomInt(rng, -1000, 1000) : randomDouble(rng, options)
    case 'int8':
      return new Int8(edgyInt(rng, -128, 127))
    case 'int16':
      return new Int16(edgyInt(rng, -32768, 32767))
    case 'int64':
      return randomInt64(rng)
    case 'float32':
      return new Float32(randomDouble(rng, options))
    case 'bytes':
      return randomBytes(rng)
    case 'timestamp':
      return new Date(randomMillis(rng))
    case 'decimal':
      return new BigDecimal(randomBigInt(rng, 25), randomInt(rng, -5, 12))
    case 'bigint':
      return new BigInteger(randomBigInt(rng, 40))
    case 'array': {
      const out: unknown[] = []
      const n = randomInt(rng, 0, 4)
      for (let i = 0; i < n; i++) out.push(schemalessOf(rng, depth + 1, maxDepth, options))
      return out
    }
    case 'map': {
      const map = new Map<unknown, unknown>()
      const n = randomInt(rng, 0, 4)
      for (let i = 0; i < n; i++) {
        const key = chance(rng, 0.15) ? pick(rng, ['$type', '__proto__', '$value', '']) : randomString(rng)
        map.set(key, schemalessOf(rng, depth + 1, maxDepth, options))
      }
      return map
    }
    case 'map-keys': {
      const map = new Map<unknown, unknown>()
      const n = randomInt(rng, 1, 4)
      for (let i = 0; i < n; i++) {
        const key = pick(rng, [
          () => new Int32(randomInt(rng, -5, 5)),
          () => randomInt64(rng),
          () => chance(rng, 0.5),
          () => new Int8(randomInt(rng, -5, 5)),
          () => randomString(rng),
        ])()
        if ([...map.keys()].some((k) => valuesEqual(k, key))) continue
        map.set(key, schemalessOf(rng, depth + 1, maxDepth, options))
      }
      // at least one key that is not a string, so that the map is not a plain object
      map.set(new Int32(randomInt(rng, 100, 200)), schemalessOf(rng, depth + 1, maxDepth, options))
      return map
    }
    case 'struct': {
      const schema = structSchema(rng, 1, maxDepth, options)
      return valueFor(rng, schema, depth + 1, options, false)
    }
  }
}

// --- scalars ---------------------------------------------------------------------------------------

/** An integer in [min, max], at its edges now and then. */
function edgyInt(rng: Rng, min: number, max: number): number {
  const roll = rng()
  if (roll < 0.1) return pick(rng, [min, max, 0, -1, 1])
  if (roll < 0.6) return randomInt(rng, -100, 100)
  return randomInt(rng, min, max)
}

const INT64_EDGES = [
  -(2n ** 63n),
  2n ** 63n - 1n,
  0n,
  -1n,
  2n ** 53n - 1n,
  2n ** 53n,
  -(2n ** 53n) + 1n,
  -(2n ** 53n),
  2n ** 31n,
  -(2n ** 31n) - 1n,
]

function randomInt64(rng: Rng): bigint {
  const roll = rng()
  if (roll < 0.15) return pick(rng, INT64_EDGES)
  if (roll < 0.55) return BigInt(randomInt(rng, -1_000_000, 1_000_000))
  // any int64: 64 random bits, two's complement
  const hi = BigInt(Math.floor(rng() * 2 ** 32))
  const lo = BigInt(Math.floor(rng() * 2 ** 32))
  return BigInt.asIntN(64, (hi << 32n) | lo)
}

/** A signed integer of up to `digits` decimal digits. */
function randomBigInt(rng: Rng, digits: number): bigint {
  const n = randomInt(rng, 1, digits)
  let text = String(randomInt(rng, 1, 9))
  for (let i = 1; i < n; i++) text += String(randomInt(rng, 0, 9))
  const v = chance(rng, 0.1) ? 0n : BigInt(text)
  return chance(rng, 0.4) ? -v : v
}

function randomDouble(rng: Rng, options: GenerateOptions): number {
  const roll = rng()
  if (options.specialFloats && roll < 0.05)
    return pick(rng, [Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY])
  if (roll < 0.15) return pick(rng, [0, -0, 1, -1, 0.1, 1e7, 1e-3, 1e21, 5e-324, Number.MAX_VALUE, 2 ** 53 + 2])
  if (roll < 0.5) return randomInt(rng, -100_000, 100_000) / 100
  if (roll < 0.8) return (rng() - 0.5) * 10 ** randomInt(rng, -10, 25)
  // any finite double from 64 random bits
  const view = new DataView(new ArrayBuffer(8))
  do {
    view.setUint32(0, Math.floor(rng() * 2 ** 32))
    view.setUint32(4, Math.floor(rng() * 2 ** 32))
  } while (!Number.isFinite(view.getFloat64(0)))
  return view.getFloat64(0)
}

/** Epoch millis from year 1 to year 9999. */
function randomMillis(rng: Rng): number {
  return chance(rng, 0.5)
    ? randomInt(rng, 0, 2_000_000_000_000)
    : randomInt(rng, -62_135_596_800_000, 253_402_300_799_999)
}

const STRING_PIECES = [
  'a',
  'b',
  'Z',
  '0',
  '9',
  ' ',
  '"',
  '\\',
  '\n',
  '\t',
  '\u0000',
  'é',
  'ß',
  '日本',
  '😀',
  '$type',
  '{',
  '}',
]

function randomString(rng: Rng): string {
  if (chance(rng, 0.1)) return ''
  let s = ''
  const n = randomInt(rng, 1, 8)
  for (let i = 0; i < n; i++) s += pick(rng, STRING_PIECES)
  return s
}

function randomBytes(rng: Rng): Uint8Array {
  const out = new Uint8Array(randomInt(rng, 0, 12))
  for (let i = 0; i < out.length; i++) out[i] = randomInt(rng, 0, 255)
  return out
}
