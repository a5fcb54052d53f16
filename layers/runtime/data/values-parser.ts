/**
 * Connect's `Values.parseString`: infers a schema and a value from text, as `SimpleHeaderConverter`
 * reads header values and `InsertHeader` reads its literal.
 *
 * - `true`/`false` are booleans; `null` is null (`parseString` returns null, as Connect does).
 * - Numbers take the smallest type that holds them: `1` and `1.0` are int8, `300` int16, then int32,
 *   int64; an integer beyond int64 is a Decimal of scale 0; other numbers are float32 when finite
 *   there, else float64, else a Decimal.
 * - ISO-8601 `yyyy-MM-dd`, `HH:mm:ss.SSSZ` and `yyyy-MM-ddTHH:mm:ss.SSSZ` (`Z` literal, UTC) are Date,
 *   Time and Timestamp, parsed as leniently as Java's `SimpleDateFormat`.
 * - `[…]` is an array and `{…}` a map, their elements parsed the same way (strings in them quoted);
 *   the element schema is the common one (numbers widen) or null where the elements disagree.
 * - Anything else, including malformed arrays and maps, is the string itself.
 *
 * Values come in our representation: typed by the returned schema (a plain `number` under int8);
 * elements of an array or map whose element schema is null are schemaless (`Int8`, `Int16`, …).
 * Quoted strings keep their backslash escapes, as in Connect.
 */
import { NULL_SCHEMA_AND_VALUE, type SchemaAndValue } from '../converters/converter.js'
import { DataException } from '../errors.js'
import { ISO_LENGTH, IsoPattern, parseIso } from './java-dates.js'
import { bigDecimalToDouble, bigDecimalToFloat, isJavaDigit, parseJavaBigDecimal } from './java-numbers.js'
import { toSchemaless } from './java-objects.js'
import { Decimal } from './logical.js'
import { ConnectSchema, type Schema, SchemaBuilder, Schemas, schemasEqual } from './schema.js'
import { type BigDecimal, Type, valuesEqual } from './values.js'
import { convertTo, DATE_SCHEMA, TIME_SCHEMA, TIMESTAMP_SCHEMA } from './values-conversion.js'
import { isBlank, javaTrim, ValuesTokenizer } from './values-tokenizer.js'

// The rest of Connect's Values API, so that `values-parser.js` offers all of it.
export {
  convertTo,
  convertToBoolean,
  convertToByte,
  convertToDate,
  convertToDecimal,
  convertToDouble,
  convertToFloat,
  convertToInteger,
  convertToList,
  convertToLong,
  convertToMap,
  convertToShort,
  convertToString,
  convertToStruct,
  convertToTime,
  convertToTimestamp,
  inferSchema,
} from './values-conversion.js'

const TRUE: SchemaAndValue = Object.freeze({ schema: Schemas.BOOLEAN, value: true })
const FALSE: SchemaAndValue = Object.freeze({ schema: Schemas.BOOLEAN, value: false })
const LONG_MIN = -(2n ** 63n)
const LONG_MAX = 2n ** 63n - 1n
const ARRAY_OF_NULL: Schema = new ConnectSchema({ type: Type.ARRAY })
const MAP_OF_NULL: Schema = new ConnectSchema({ type: Type.MAP })
const decimalSchemas = new Map<number, Schema>()

function decimalSchema(scale: number): Schema {
  let schema = decimalSchemas.get(scale)
  if (schema === undefined) {
    schema = Decimal.schema(scale)
    if (decimalSchemas.size < 64) decimalSchemas.set(scale, schema)
  }
  return schema
}

/**
 * Connect's `Values.parseString`: the schema and value the text stands for; null for the text `null`,
 * and a null schema and value for a null input. The empty string is a string.
 */
export function parseString(text: string | null): SchemaAndValue | null {
  if (text === null) return NULL_SCHEMA_AND_VALUE
  if (text.length === 0) return { schema: Schemas.STRING, value: text }
  return new ValueParser(new ValuesTokenizer(text)).parse(false)
}

class ValueParser {
  constructor(private readonly parser: ValuesTokenizer) {}

  /** A literal token, alone at the top level (so `true}` is a string) or anywhere when embedded. */
  private canParseSingleTokenLiteral(embedded: boolean, literal: string): boolean {
    const start = this.parser.mark()
    if (this.parser.canConsume(literal) && (embedded || !this.parser.hasNext())) return true
    this.parser.rewindTo(start)
    return false
  }

  parse(embedded: boolean): SchemaAndValue | null {
    const parser = this.parser
    if (!parser.hasNext()) return null
    if (embedded && parser.canConsume('"')) return this.parseQuotedString()
    if (this.canParseSingleTokenLiteral(embedded, 'null')) return null
    if (this.canParseSingleTokenLiteral(embedded, 'true')) return TRUE
    if (this.canParseSingleTokenLiteral(embedded, 'false')) return FALSE

    const start = parser.mark()
    try {
      if (parser.canConsume('[')) return this.parseArray()
      if (parser.canConsume('{')) return this.parseMap()
    } catch (e) {
      if (!(e instanceof DataException)) throw e
      // not an array or a map after all: read it as text
      parser.rewindTo(start)
    }

    const token = parser.next()
    if (isBlank(token)) return { schema: Schemas.STRING, value: token }
    return this.parseNextToken(embedded, javaTrim(token))
  }

  private parseNextToken(embedded: boolean, token: string): SchemaAndValue {
    const first = token.charCodeAt(0)
    const firstIsDigit = isJavaDigit(first)
    // temporal types are more restrictive, so they are tried first
    if (firstIsDigit) {
      const temporal = this.parseMultipleTokensAsTemporal(token)
      if (temporal !== null) return temporal
    }
    if (firstIsDigit || first === 0x2b || first === 0x2d) {
      const number = parseAsNumber(token)
      if (number !== null) return number
    }
    if (embedded) throw new DataException('Failed to parse embedded value')
    // at the top level, whatever else it is is the whole text as a string
    return { schema: Schemas.STRING, value: this.parser.original }
  }

  private parseQuotedString(): SchemaAndValue {
    const parser = this.parser
    let content = ''
    while (parser.hasNext()) {
      if (parser.canConsume('"')) break
      content += parser.next()
    }
    // a quoted string may be a date, a time or a timestamp; nothing else
    return parseAsTemporal(content) ?? { schema: Schemas.STRING, value: content }
  }

  private parseArray(): SchemaAndValue {
    const parser = this.parser
    const elements: (SchemaAndValue | null)[] = []
    const merger = new SchemaMerger()
    while (parser.hasNext()) {
      if (parser.canConsume(']')) {
        const common = merger.schema()
        if (common === null) {
          // every element is null, or they have no common schema
          return { schema: ARRAY_OF_NULL, value: elements.map(schemaless) }
        }
        const schema = SchemaBuilder.array(common).build()
        return { schema, value: elements.map((e) => align(common, e)) }
      }
      if (parser.canConsume(',')) throw new DataException(`Unable to parse an empty array element: ${parser.original}`)
      const element = this.parse(true)
      merger.merge(element)
      elements.push(element)

      const position = parser.mark()
      if (parser.canConsume(']')) parser.rewindTo(position)
      else if (!parser.canConsume(',')) throw new DataException("Array elements missing ',' delimiter")
    }
    if (parser.previous() === ',') throw new DataException(`Array is missing element after ',': ${parser.original}`)
    throw new DataException(`Array is missing terminating ']': ${parser.original}`)
  }

  private parseMap(): SchemaAndValue {
    const parser = this.parser
    const entries: [SchemaAndValue, SchemaAndValue | null][] = []
    const keyMerger = new SchemaMerger()
    const valueMerger = new SchemaMerger()
    while (parser.hasNext()) {
      if (parser.canConsume('}')) return mapOf(entries, keyMerger.schema(), valueMerger.schema())
      if (parser.canConsume(',')) {
        throw new DataException(`Unable to parse a map entry with no key or value: ${parser.original}`)
      }
      const key = this.parse(true)
      if (key === null || key.value === null) {
        throw new DataException(`Map entry may not have a null key: ${parser.original}`)
      }
      if (!parser.canConsume(':')) {
        throw new DataException(`Map entry is missing ':' at ${parser.position()} in ${parser.original}`)
      }
      const value = this.parse(true)
      entries.push([key, value])
      parser.canConsume(',')
      keyMerger.merge(key)
      valueMerger.merge(value)
    }
    if (parser.previous() === ',') throw new DataException(`Map is missing element after ',': ${parser.original}`)
    throw new DataException(`Map is missing terminating '}': ${parser.original}`)
  }

  /**
   * A time or timestamp may span five tokens (an unescaped colon is a delimiter), so those are tried
   * together before the token alone.
   */
  private parseMultipleTokensAsTemporal(token: string): SchemaAndValue | null {
    const position = this.parser.mark()
    const remainder = this.parser.nextTokens(4)
    if (remainder !== null) {
      const temporal = parseAsTemporal(token + remainder)
      if (temporal !== null) return temporal
    }
    this.parser.rewindTo(position)
    return parseAsTemporal(token)
  }
}

function schemaless(element: SchemaAndValue | null): unknown {
  return element === null ? null : toSchemaless(element.schema, element.value)
}

/** Connect's alignment of an element with the common schema (`convertTo(schema, null, value)`). */
function align(common: Schema, element: SchemaAndValue | null): unknown {
  const value = convertTo(common, null, element === null ? null : element.value)
  return element === null || element.schema === common ? value : reshape(element.schema, common, value)
}

/**
 * A container parsed under its own schema, represented for the common schema it is aligned with
 * (Connect keeps the container as it is): where the common schema has no element schema, or one of
 * another type, the elements become schemaless, so they keep their Java class.
 */
function reshape(own: Schema | null, target: Schema, value: unknown): unknown {
  if (own === null || own === target) return value
  if (Array.isArray(value)) {
    const fix = elementReshaper(own.valueSchema, target.valueSchema)
    return fix === null ? value : value.map(fix)
  }
  if (value instanceof Map) {
    const fixKey = elementReshaper(own.keySchema, target.keySchema)
    const fixValue = elementReshaper(own.valueSchema, target.valueSchema)
    if (fixKey === null && fixValue === null) return value
    const out = new Map<unknown, unknown>()
    for (const [k, v] of value) out.set(fixKey === null ? k : fixKey(k), fixValue === null ? v : fixValue(v))
    return out
  }
  return value
}

function elementReshaper(own: Schema | null, target: Schema | null): ((value: unknown) => unknown) | null {
  if (own === null || own === target) return null
  // elements of another type than the schema says keep their own class, as in Java
  if (target === null || target.type !== own.type) return (v) => toSchemaless(own, v)
  if (target.type !== Type.ARRAY && target.type !== Type.MAP) return null
  return (v) => reshape(own, target, v)
}

/** Puts an entry as Java's `LinkedHashMap.put` does: an equal key keeps its place and takes the new value. */
function put(map: Map<unknown, unknown>, key: unknown, value: unknown): void {
  if (typeof key === 'object' && key !== null && !map.has(key)) {
    for (const existing of map.keys()) {
      if (valuesEqual(existing, key)) {
        map.set(existing, value)
        return
      }
    }
  }
  map.set(key, value)
}

function mapOf(
  entries: readonly [SchemaAndValue, SchemaAndValue | null][],
  keySchema: Schema | null,
  valueSchema: Schema | null,
): SchemaAndValue {
  const map = new Map<unknown, unknown>()
  if (keySchema !== null && valueSchema !== null) {
    for (const [k, v] of entries) put(map, align(keySchema, k), align(valueSchema, v))
    return { schema: SchemaBuilder.map(keySchema, valueSchema).build(), value: map }
  }
  if (keySchema !== null) {
    for (const [k, v] of entries) put(map, align(keySchema, k), schemaless(v))
    return { schema: new ConnectSchema({ type: Type.MAP, keySchema }), value: map }
  }
  for (const [k, v] of entries) put(map, schemaless(k), schemaless(v))
  return { schema: MAP_OF_NULL, value: map }
}

/** Connect's `Values.SchemaMerger`: the schema common to every non-null element seen, or null. */
class SchemaMerger {
  private common: Schema | null = null
  private compatible = true

  merge(latest: SchemaAndValue | null): void {
    if (latest === null || latest.schema === null || !this.compatible) return
    if (this.common === null) {
      this.common = latest.schema
    } else {
      this.common = mergeSchemas(this.common, latest.schema)
      this.compatible = this.common !== null
    }
  }

  schema(): Schema | null {
    return this.common
  }
}

const NUMERIC_RANK: Partial<Record<Type, number>> = {
  [Type.INT8]: 1,
  [Type.INT16]: 2,
  [Type.INT32]: 3,
  [Type.INT64]: 4,
  [Type.FLOAT32]: 5,
  [Type.FLOAT64]: 6,
}

/**
 * Connect's `Values.mergeSchemas`: numbers widen to the wider type (any integer with a float is the
 * float); the same type merges to the later schema (names and parameters are not compared); any other
 * mix has no common schema.
 */
function mergeSchemas(previous: Schema, next: Schema): Schema | null {
  if (previous.type !== next.type) {
    const a = NUMERIC_RANK[previous.type]
    const b = NUMERIC_RANK[next.type]
    if (a === undefined || b === undefined) return null
    return b > a ? next : previous
  }
  if (previous.optional === next.optional) return previous.optional ? previous : next
  return schemasEqual(previous, next) ? previous : null
}

// --- numbers and dates ---------------------------------------------------------------------------

const SHORT_INTEGER = /^[+-]?\d{1,15}$/

/** Connect's `parseAsNumber`: null where the token is not a Java `BigDecimal`. */
function parseAsNumber(token: string): SchemaAndValue | null {
  // the common case, an integer a double holds exactly, without a BigDecimal
  if (SHORT_INTEGER.test(token)) return integerOf(Number(token) + 0) // + 0: Java has no -0
  const decimal = parseJavaBigDecimal(token)
  if (decimal === null) return null
  const exact = parseAsExactInteger(decimal)
  if (exact !== null) return exact
  if (decimal.scale !== 0) {
    const f = bigDecimalToFloat(decimal)
    if (Number.isFinite(f)) return { schema: Schemas.FLOAT32, value: f }
    const d = bigDecimalToDouble(decimal)
    if (Number.isFinite(d)) return { schema: Schemas.FLOAT64, value: d }
  }
  return { schema: decimalSchema(decimal.scale), value: decimal }
}

/** An integral value within the long range, in the smallest integer type that holds it; else null. */
function parseAsExactInteger(decimal: BigDecimal): SchemaAndValue | null {
  const { unscaled, scale } = decimal
  let integral = 0n
  if (unscaled !== 0n) {
    const digits = (unscaled < 0n ? -unscaled : unscaled).toString().length
    if (scale <= 0) {
      // more than 19 digits is past the long range (and 10^-scale may be too big to compute)
      if (digits - scale > 19) return null
      integral = unscaled * 10n ** BigInt(-scale)
    } else {
      // a fraction unless the unscaled value ends in `scale` zeros
      if (scale >= digits) return null
      const divisor = 10n ** BigInt(scale)
      if (unscaled % divisor !== 0n) return null
      integral = unscaled / divisor
    }
  }
  if (integral < LONG_MIN || integral > LONG_MAX) return null
  return integerOf(Number(integral), integral)
}

/** An integer in the smallest type that holds it (`exact`: the value, where past 2^53). */
function integerOf(n: number, exact?: bigint): SchemaAndValue {
  if (n >= -128 && n <= 127) return { schema: Schemas.INT8, value: n }
  if (n >= -32768 && n <= 32767) return { schema: Schemas.INT16, value: n }
  if (n >= -2147483648 && n <= 2147483647) return { schema: Schemas.INT32, value: n }
  return { schema: Schemas.INT64, value: exact ?? BigInt(n) }
}

/** A Date, Time or Timestamp when the text has the length and form of one (escaped colons allowed). */
function parseAsTemporal(text: string): SchemaAndValue | null {
  const token = text.includes('\\:') ? text.replaceAll('\\:', ':') : text
  switch (token.length) {
    case ISO_LENGTH.time:
      return temporal(token, TIME_SCHEMA, IsoPattern.TIME)
    case ISO_LENGTH.timestamp:
      return temporal(token, TIMESTAMP_SCHEMA, IsoPattern.TIMESTAMP)
    case ISO_LENGTH.date:
      return temporal(token, DATE_SCHEMA, IsoPattern.DATE)
    default:
      return null
  }
}

function temporal(token: string, schema: Schema, pattern: IsoPattern): SchemaAndValue | null {
  const ms = parseIso(token, pattern)
  return ms === null ? null : { schema, value: new Date(ms) }
}
