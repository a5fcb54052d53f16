/**
 * Our JsonConverter against Kafka's own, record for record: generated Connect data (every type, nulls,
 * defaults, nesting, logical types, both decimal formats, schemas on and off) is written by ours and by
 * Kafka's (json.fromConnect), and our bytes are read back by both (json.roundtrip: toConnectData then
 * fromConnectData), comparing bytes, decoded records and errors. Needs Java and Maven (the harness is
 * built once into ~/.cache/connectless); no other service.
 *
 * Where Kafka decodes a JSON object into a Java HashMap, its output follows the hash order and ours the
 * input order (docs/divergences.md): those outputs are compared with object keys sorted.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { JsonConverter } from '../../../layers/runtime/converters/json/json-converter.js'
import { JsonDecimal, type JsonNode } from '../../../layers/runtime/converters/json/json-node.js'
import { JsonReader } from '../../../layers/runtime/converters/json/json-reader.js'
import type { Schema } from '../../../layers/runtime/data/schema.js'
import { ConnectException } from '../../../layers/runtime/errors.js'
import { generateSchema, generateSchemaless, generateValue, pick, seededRandom } from '../../support/generate.js'
import {
  canonicalTyped,
  describeSchema,
  describeValue,
  type HarnessResponse,
  type JavaHarness,
  type Json,
  startJavaHarness,
} from '../../support/java-harness.js'
import { requireServices } from '../../support/services.js'

// no service: only a JVM, started below
requireServices()

const RECORDS = 1200
const CONFIGS: readonly Record<string, string>[] = [
  {},
  { 'decimal.format': 'NUMERIC' },
  { 'replace.null.with.default': 'false' },
  { 'schemas.enable': 'false' },
  { 'schemas.enable': 'false', 'decimal.format': 'numeric' },
]

interface Outcome {
  readonly ok: boolean
  readonly bytes?: string | null
  readonly schema?: Json
  readonly value?: Json
  readonly error?: string
}

function errorText(error: unknown): string {
  if (error instanceof ConnectException) return `${error.javaClassName}: ${error.message}`
  return `${(error as Error).name}: ${(error as Error).message}`
}

function javaErrorText(response: HarnessResponse): string {
  return `${response.error?.class}: ${response.error?.message}`
}

const b64 = (bytes: Uint8Array | null): string | null => (bytes === null ? null : Buffer.from(bytes).toString('base64'))

/** JSON text with object keys sorted and [k, v] pair lists sorted, numbers kept as written. */
function canonicalJson(base64: string | null | undefined): string | null {
  if (base64 === null || base64 === undefined) return null
  const root = new JsonReader(Buffer.from(base64, 'base64')).readRoot()
  const write = (node: JsonNode): string => {
    if (node === null) return 'null'
    if (node instanceof JsonDecimal) return node.text
    if (typeof node === 'bigint' || typeof node === 'number' || typeof node === 'boolean') return String(node)
    if (typeof node === 'string') return JSON.stringify(node)
    if (Array.isArray(node)) {
      const items = node.map(write)
      const pairs = node.length > 0 && node.every((e) => Array.isArray(e) && e.length === 2)
      return `[${(pairs ? items.sort() : items).join(',')}]`
    }
    return `{${[...node.entries()]
      .map(([k, v]) => `${JSON.stringify(k)}:${write(v)}`)
      .sort()
      .join(',')}}`
  }
  return typeof root === 'symbol' ? '<missing>' : write(root)
}

function ours(config: Record<string, string>): JsonConverter {
  const converter = new JsonConverter()
  converter.configure(config, false)
  return converter
}

interface Case {
  readonly seed: number
  readonly config: Record<string, string>
  readonly schema: Schema | null
  readonly value: unknown
}

function generateCase(seed: number): Case {
  const rng = seededRandom(seed)
  const config = pick(rng, CONFIGS)
  if (config['schemas.enable'] === 'false' || rng() < 0.15) {
    return { seed, config, schema: null, value: generateSchemaless(rng) }
  }
  const schema = generateSchema(rng)
  const value = generateValue(rng, schema)
  const content = rng() < 0.15 ? schemaJson(schema, value, config) : null
  if (content !== null) {
    // schema.content: the schema in the config, and each message only the payload
    return { seed, config: { ...config, 'schema.content': content }, schema, value }
  }
  return { seed, config, schema, value }
}

/** The schema's JSON as the envelope carries it; null where the value cannot be written. */
function schemaJson(schema: Schema, value: unknown, config: Record<string, string>): string | null {
  let envelope: Buffer
  try {
    envelope = Buffer.from(ours(config).fromConnectData('t', null, schema, value) ?? [])
  } catch {
    return null
  }
  const prefix = '{"schema":'.length
  const reader = new JsonReader(envelope, prefix)
  reader.readValue(1)
  return envelope.toString('utf8', prefix, reader.pos)
}

/** The bytes a message has under schema.content: the payload alone. */
function payloadOnly(c: Case, written: Buffer): Buffer {
  const { 'schema.content': _, ...rest } = c.config
  const converter = ours({ ...rest, 'schemas.enable': 'false' })
  return Buffer.from(converter.fromConnectData('t', null, c.schema, c.value) ?? written)
}

describe('JsonConverter against Kafka 4.x JsonConverter', () => {
  let java: JavaHarness
  const converters = new Map<string, JsonConverter>()
  const converterFor = (config: Record<string, string>) => {
    const key = JSON.stringify(config)
    let c = converters.get(key)
    if (c === undefined) {
      c = ours(config)
      converters.set(key, c)
    }
    return c
  }

  beforeAll(async () => {
    java = await startJavaHarness()
  }, 600_000)
  afterAll(async () => {
    await java?.close()
  })

  it(`writes and reads ${RECORDS} generated records exactly as Kafka's JsonConverter does`, async () => {
    const mismatches: string[] = []
    let compared = 0
    let errorsCompared = 0
    const cases = Array.from({ length: RECORDS }, (_, i) => generateCase(1000 + i))
    for (let start = 0; start < cases.length; start += 100) {
      await Promise.all(
        cases.slice(start, start + 100).map(async (c) => {
          const converter = converterFor(c.config)
          // 1. writing: ours and Kafka's from the same Connect value
          let written: Outcome
          try {
            written = { ok: true, bytes: b64(converter.fromConnectData('t', null, c.schema, c.value)) }
          } catch (error) {
            written = { ok: false, error: errorText(error) }
          }
          const kafkaWrite = await java.request({
            op: 'json.fromConnect',
            config: c.config,
            isKey: false,
            topic: 't',
            schema: describeSchema(c.schema),
            value: describeValue(c.schema, c.value),
          })
          const kafkaWritten: Outcome = kafkaWrite.ok
            ? { ok: true, bytes: kafkaWrite['bytes'] as string | null }
            : { ok: false, error: javaErrorText(kafkaWrite) }
          if (JSON.stringify(written) !== JSON.stringify(kafkaWritten)) {
            mismatches.push(
              `seed ${c.seed} write:\n  ours  ${JSON.stringify(written)}\n  kafka ${JSON.stringify(kafkaWritten)}`,
            )
            return
          }
          if (!written.ok || written.bytes === null) {
            errorsCompared++
            return
          }
          // 2. reading our bytes back, and writing what was read
          const envelope = Buffer.from(written.bytes!, 'base64')
          const bytes = c.config['schema.content'] === undefined ? envelope : payloadOnly(c, envelope)
          let read: Outcome
          try {
            const sv = converter.toConnectData('t', null, bytes)
            const schema = canonicalTyped(describeSchema(sv.schema))
            const value = canonicalTyped(describeValue(sv.schema, sv.value))
            try {
              read = { ok: true, schema, value, bytes: b64(converter.fromConnectData('t', null, sv.schema, sv.value)) }
            } catch (error) {
              read = { ok: false, schema, value, error: errorText(error) }
            }
          } catch (error) {
            read = { ok: false, error: errorText(error) }
          }
          const trip = await java.request({
            op: 'json.roundtrip',
            config: c.config,
            isKey: false,
            topic: 't',
            bytes: bytes.toString('base64'),
          })
          const kafkaRead: Outcome = {
            ok: trip.ok,
            ...(trip['schema'] !== undefined ? { schema: canonicalTyped(trip['schema'] as Json) } : {}),
            ...(trip['value'] !== undefined ? { value: canonicalTyped(trip['value'] as Json) } : {}),
            ...(trip.ok ? { bytes: trip['bytes'] as string | null } : { error: javaErrorText(trip) }),
          }
          const sameBytes =
            read.bytes === kafkaRead.bytes || canonicalJson(read.bytes) === canonicalJson(kafkaRead.bytes)
          const same =
            read.ok === kafkaRead.ok &&
            read.error === kafkaRead.error &&
            JSON.stringify(read.schema) === JSON.stringify(kafkaRead.schema) &&
            JSON.stringify(read.value) === JSON.stringify(kafkaRead.value) &&
            sameBytes
          if (!same) {
            mismatches.push(
              `seed ${c.seed} read:\n  ours  ${JSON.stringify(read)}\n  kafka ${JSON.stringify(kafkaRead)}`,
            )
            return
          }
          compared++
        }),
      )
    }
    expect(mismatches.slice(0, 5).join('\n')).toBe('')
    expect(compared + errorsCompared).toBe(RECORDS)
    // the generated data must mostly be valid, or the comparison says little
    expect(compared).toBeGreaterThan(RECORDS * 0.7)
  }, 600_000)

  it('reads hand-written JSON (leniencies, odd layouts, malformed input) exactly as Kafka does', async () => {
    const mismatches: string[] = []
    for (const [config, text] of EDGE_INPUTS) {
      const converter = ours(config)
      const bytes = Buffer.from(text, 'latin1')
      let read: Outcome
      try {
        const sv = converter.toConnectData('t', null, bytes)
        const schema = canonicalTyped(describeSchema(sv.schema))
        const value = canonicalTyped(describeValue(sv.schema, sv.value))
        try {
          read = { ok: true, schema, value, bytes: b64(converter.fromConnectData('t', null, sv.schema, sv.value)) }
        } catch (error) {
          read = { ok: false, schema, value, error: errorText(error) }
        }
      } catch (error) {
        read = { ok: false, error: errorText(error) }
      }
      const trip = await java.request({
        op: 'json.roundtrip',
        config,
        isKey: false,
        topic: 't',
        bytes: bytes.toString('base64'),
      })
      const kafkaRead: Outcome = {
        ok: trip.ok,
        ...(trip['schema'] !== undefined ? { schema: canonicalTyped(trip['schema'] as Json) } : {}),
        ...(trip['value'] !== undefined ? { value: canonicalTyped(trip['value'] as Json) } : {}),
        ...(trip.ok ? { bytes: trip['bytes'] as string | null } : { error: javaErrorText(trip) }),
      }
      const same =
        read.ok === kafkaRead.ok &&
        read.error === kafkaRead.error &&
        JSON.stringify(read.schema) === JSON.stringify(kafkaRead.schema) &&
        JSON.stringify(read.value) === JSON.stringify(kafkaRead.value) &&
        (read.bytes === kafkaRead.bytes || canonicalJson(read.bytes) === canonicalJson(kafkaRead.bytes))
      if (!same)
        mismatches.push(
          `${JSON.stringify(config)} ${JSON.stringify(text)}:\n  ours  ${JSON.stringify(read)}\n  kafka ${JSON.stringify(kafkaRead)}`,
        )
    }
    expect(mismatches.join('\n')).toBe('')
  }, 120_000)
})

const SCHEMALESS = { 'schemas.enable': 'false' }
const DECIMAL2 = '{"type":"bytes","name":"org.apache.kafka.connect.data.Decimal","parameters":{"scale":"2"}}'
/** Inputs as Latin-1 text: each char one byte, so invalid UTF-8 can be written too. */
const EDGE_INPUTS: readonly [Record<string, string>, string][] = [
  // layouts of the envelope
  [{}, '{ "schema" : { "type" : "int32" } , "payload" : 5 }'],
  [{}, '\n\t{"schema":{"type":"int32"},\r\n"payload":5}\n'],
  [{}, '{"payload":5,"schema":{"type":"int32"}}'],
  [{}, '{"schema":{"type":"string"},"payload":"a","schema":{"type":"int32"}}'],
  [{}, '{"schema":{"type":"int32"},"payload":5} trailing garbage'],
  [{}, '{"schema":{"type":"int32"},"payload":5,"x":1}'],
  [{}, '{"schema":{"type":"int32"}}'],
  [{}, '[]'],
  [{}, ''],
  [{}, 'null'],
  [{}, '\xef\xbb\xbf{"schema":null,"payload":1}'],
  // schemas
  [{}, '{"schema":{"type":"int33"},"payload":1}'],
  [{}, '{"schema":{},"payload":1}'],
  [{}, '{"schema":5,"payload":1}'],
  [{}, '{"schema":{"type":"array"},"payload":[]}'],
  [{}, '{"schema":{"type":"map","keys":null,"values":{"type":"int32"}},"payload":{}}'],
  [{}, '{"schema":{"type":"map","keys":{"type":"string"}},"payload":{}}'],
  [{}, '{"schema":{"type":"struct","fields":{}},"payload":{}}'],
  [{}, '{"schema":{"type":"struct","fields":[{"type":"int32"}]},"payload":{}}'],
  [
    {},
    '{"schema":{"type":"struct","fields":[{"field":"a","type":"int32"},{"field":"a","type":"int32"}]},"payload":{}}',
  ],
  [{}, '{"schema":{"type":"int32","parameters":{"a":1}},"payload":1}'],
  [{}, '{"schema":{"type":"int32","version":2.5,"optional":"yes","name":5,"doc":null},"payload":1}'],
  [{}, '{"schema":{"type":"int32","version":4294967298},"payload":1}'],
  [{}, '{"schema":{"type":"int32","default":"x"},"payload":null}'],
  [{}, '{"schema":{"type":"int32","default":null,"optional":true},"payload":null}'],
  [{}, '{"schema":{"type":"int32","default":null},"payload":null}'],
  [{}, '{"schema":{"type":"struct","fields":[{"field":"a","type":"int32"}],"default":{"a":1}},"payload":null}'],
  [{}, '{"schema":{"type":"array","items":{"type":"int32"},"default":[1,2]},"payload":null}'],
  // Jackson's accessors on the wrong node type
  [{}, '{"schema":{"type":"int32"},"payload":"abc"}'],
  [{}, '{"schema":{"type":"int8"},"payload":300}'],
  [{}, '{"schema":{"type":"int16"},"payload":-40000.9}'],
  [{}, '{"schema":{"type":"int32"},"payload":1e3}'],
  [{}, '{"schema":{"type":"int64"},"payload":18446744073709551617}'],
  [{}, '{"schema":{"type":"int64"},"payload":-9.99e25}'],
  [{}, '{"schema":{"type":"boolean"},"payload":1}'],
  [{}, '{"schema":{"type":"string"},"payload":1}'],
  [{}, '{"schema":{"type":"string","optional":true},"payload":{}}'],
  [{}, '{"schema":{"type":"bytes"},"payload":7}'],
  [{}, '{"schema":{"type":"bytes"},"payload":"AQ"}'],
  [{}, '{"schema":{"type":"bytes"},"payload":" AQID BA== "}'],
  [{}, '{"schema":{"type":"bytes"},"payload":"A-_B"}'],
  [{}, '{"schema":{"type":"double"},"payload":"1.5"}'],
  [{}, '{"schema":{"type":"double"},"payload":-0.0}'],
  [{}, '{"schema":{"type":"double"},"payload":1e400}'],
  [{}, '{"schema":{"type":"double"},"payload":-1e-400}'],
  [{}, '{"schema":{"type":"double"},"payload":9007199254740993}'],
  [{}, '{"schema":{"type":"float"},"payload":1.00000005960464477539062500001}'],
  [{}, '{"schema":{"type":"float"},"payload":1.000000059604644775390625}'],
  [{}, '{"schema":{"type":"float"},"payload":3.4028236e38}'],
  [{}, '{"schema":{"type":"float"},"payload":1.4e-45}'],
  [{}, '{"schema":{"type":"array","items":{"type":"int32"}},"payload":{"x":1,"y":2}}'],
  [{}, '{"schema":{"type":"array","items":{"type":"int32"}},"payload":5}'],
  [{}, '{"schema":{"type":"array","items":{"type":"string"}},"payload":[1]}'],
  [
    {},
    '{"schema":{"type":"struct","fields":[{"field":"a","type":"array","items":{"type":"string"}}]},"payload":{"a":[1]}}',
  ],
  [{}, '{"schema":{"type":"struct","fields":[{"field":"a","type":"string"}]},"payload":{"a":1}}'],
  [
    {},
    '{"schema":{"type":"struct","fields":[{"field":"a","type":"int32"},{"field":"b","type":"int32"}]},"payload":{"b":null,"a":null}}',
  ],
  [{}, '{"schema":{"type":"struct","fields":[{"field":"a","type":"int32"}]},"payload":{"a":1,"a":2,"z":3}}'],
  [{}, '{"schema":{"type":"struct","fields":[]},"payload":[]}'],
  [{}, '{"schema":{"type":"map","keys":{"type":"int32"},"values":{"type":"int32"}},"payload":{"1":2}}'],
  [{}, '{"schema":{"type":"map","keys":{"type":"int32"},"values":{"type":"int32"}},"payload":[[1,2,3]]}'],
  [{}, '{"schema":{"type":"map","keys":{"type":"int32"},"values":{"type":"int32"}},"payload":[5]}'],
  [{}, '{"schema":{"type":"map","keys":{"type":"string"},"values":{"type":"int32"}},"payload":[[1,2]]}'],
  [
    {},
    '{"schema":{"type":"map","keys":{"type":"int32","optional":true},"values":{"type":"string"}},"payload":[[null,"a"],[2,"b"]]}',
  ],
  // logical types
  [{}, `{"schema":${DECIMAL2},"payload":1.5E+3}`],
  [{ 'decimal.format': 'NUMERIC' }, `{"schema":${DECIMAL2},"payload":1.5E+3}`],
  [{ 'decimal.format': 'NUMERIC' }, `{"schema":${DECIMAL2},"payload":12345678901234567890123}`],
  [{}, `{"schema":${DECIMAL2},"payload":""}`],
  [{}, `{"schema":${DECIMAL2},"payload":true}`],
  [
    {},
    '{"schema":{"type":"bytes","name":"org.apache.kafka.connect.data.Decimal","parameters":{"scale":"x"}},"payload":"AQ=="}',
  ],
  [{}, '{"schema":{"type":"int32","name":"org.apache.kafka.connect.data.Date"},"payload":1.0}'],
  [{}, '{"schema":{"type":"int32","name":"org.apache.kafka.connect.data.Date"},"payload":3000000000}'],
  [{}, '{"schema":{"type":"int32","name":"org.apache.kafka.connect.data.Time"},"payload":86400001}'],
  [{}, '{"schema":{"type":"int32","name":"org.apache.kafka.connect.data.Time"},"payload":86400000}'],
  [{}, '{"schema":{"type":"int64","name":"org.apache.kafka.connect.data.Timestamp"},"payload":"1"}'],
  [{}, '{"schema":{"type":"string","name":"org.apache.kafka.connect.data.Timestamp"},"payload":5}'],
  // replace.null.with.default
  [{ 'replace.null.with.default': 'false' }, '{"schema":{"type":"int32","default":7},"payload":null}'],
  [{ 'replace.null.with.default': 'false' }, '{"schema":{"type":"int32","default":7,"optional":true},"payload":null}'],
  // schema.content
  [{ 'schema.content': '{"type":"int64"}' }, '42'],
  [{ 'schema.content': '{"type":"int64"}' }, ''],
  [{ 'schema.content': '{"type":"int64"}' }, '{"schema":{"type":"int64"},"payload":1}'],
  [{ 'schema.content': '{"type":"struct","fields":[{"field":"a","type":"int32"}]}' }, ''],
  // schemaless numbers, strings and syntax
  [SCHEMALESS, '{"b":[1,2.50,-0.0,12345678901234567890,"x",null,true,{}],"a":1.0E-7}'],
  [SCHEMALESS, '[1e400, -1e-400, 5e-324, 1e23, 2e22, 100, 1.0, 0.001, 1e7, 123456789.125, 0.1, 1E-3, 9999999.0]'],
  [SCHEMALESS, '[-0, 00, -00.50, 0e0, 1E+2, 1e-2]'],
  [SCHEMALESS, ''],
  [SCHEMALESS, '   '],
  [SCHEMALESS, '1x'],
  [SCHEMALESS, '1 x'],
  [SCHEMALESS, '1]'],
  [SCHEMALESS, 'true]'],
  [SCHEMALESS, 'truex'],
  [SCHEMALESS, '{}x'],
  [SCHEMALESS, '"a"x'],
  [SCHEMALESS, '[1,]'],
  [SCHEMALESS, '{"a":1,}'],
  [SCHEMALESS, '[.5]'],
  [SCHEMALESS, '[1.]'],
  [SCHEMALESS, '[+1]'],
  [SCHEMALESS, '[NaN]'],
  [SCHEMALESS, '[1e]'],
  [SCHEMALESS, "{'a':1}"],
  [SCHEMALESS, '[1 /* c */]'],
  [SCHEMALESS, '{"a":1 "b":2}'],
  [SCHEMALESS, '"\\u00e9\\ud83d\\ude00\\ud800 \\/\\b\\f\\n\\r\\t\\"\\\\"'],
  [SCHEMALESS, '"\\x"'],
  [SCHEMALESS, '"\\u12G4"'],
  [SCHEMALESS, '"tab\there"'],
  [SCHEMALESS, '"\xc3\xa9 \xe6\x97\xa5 \xf0\x9f\x98\x80 \x7f"'],
  [SCHEMALESS, '"\xc3"'],
  [SCHEMALESS, '"\xff"'],
  [SCHEMALESS, '"\xed\xa0\x80"'],
  [SCHEMALESS, '"\xc0\x80"'],
  [SCHEMALESS, '"\xf4\x90\x80\x80"'],
  [SCHEMALESS, '"unterminated'],
  [SCHEMALESS, `${'['.repeat(999)}${']'.repeat(999)}`],
  [SCHEMALESS, `${'['.repeat(1001)}${']'.repeat(1001)}`],
  [SCHEMALESS, `[${'9'.repeat(1000)}]`],
  [SCHEMALESS, `[${'9'.repeat(1001)}]`],
  [SCHEMALESS, '[1e2147483648]'],
  [SCHEMALESS, '[1e2147483649]'],
  [SCHEMALESS, '[1.5e-2147483647]'],
  [SCHEMALESS, '{"dup":1,"x":2,"dup":3}'],
  [SCHEMALESS, '{"":{"a":[{"b":null}]}}'],
]
