// `connectless transform` as a user runs it: the real command in a subprocess, JSON lines in and out
// (shared/spec/record-json.md).
import { spawn } from 'node:child_process'
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'

const dir = mkdtempSync(join(tmpdir(), 'connectless-transform-'))

/** The seed's shared/spec/connectors/orders-with-timestamp.json, verbatim. */
const SEED_CONFIG = join(dir, 'orders-with-timestamp.json')
writeFileSync(
  SEED_CONFIG,
  `{
"name": "orders-with-timestamp",
"config": {
"connector.class": "io.confluent.connect.jdbc.JdbcSourceConnector",
"transforms": "addTimestamp,maskEmail,renameField",
"transforms.addTimestamp.type": "org.apache.kafka.connect.transforms.InsertField$Value",
"transforms.addTimestamp.timestamp.field": "event_time",
"transforms.maskEmail.type": "org.apache.kafka.connect.transforms.MaskField$Value",
"transforms.maskEmail.fields": "email",
"transforms.maskEmail.replacement": "****@****.com",
"transforms.renameField.type": "org.apache.kafka.connect.transforms.ReplaceField$Value",
"transforms.renameField.renames": "id:order_id,user_id:customer_id"
}
}
`,
)

interface Result {
  readonly code: number | null
  readonly stdout: string
  readonly stderr: string
}

function transform(args: readonly string[], input: string, env: NodeJS.ProcessEnv = {}): Promise<Result> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'cli/main.ts', 'transform', ...args], {
      env: { ...process.env, ...env },
    })
    let stdout = ''
    let stderr = ''
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk
    })
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      stderr += chunk
    })
    child.on('error', reject)
    child.on('close', (code) => resolve({ code, stdout, stderr }))
    child.stdin.end(input)
  })
}

function configFile(name: string, text: string): string {
  const file = join(dir, name)
  writeFileSync(file, text)
  return file
}

const lines = (stdout: string): unknown[] =>
  stdout
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => JSON.parse(l) as unknown)

const ORDER_SCHEMA = {
  type: 'struct',
  optional: false,
  name: 'orders.Value',
  fields: [
    { field: 'id', type: 'int64', optional: false },
    { field: 'user_id', type: 'int64', optional: false },
    { field: 'email', type: 'string', optional: true },
    {
      field: 'amount',
      type: 'bytes',
      optional: false,
      name: 'org.apache.kafka.connect.data.Decimal',
      version: 1,
      parameters: { scale: '2' },
    },
  ],
}

function order(id: number, timestamp: number | null = 1_700_000_000_000) {
  return {
    topic: 'orders',
    partition: 0,
    offset: id,
    timestamp,
    keySchema: { type: 'int64', optional: false },
    key: id,
    valueSchema: ORDER_SCHEMA,
    value: { id, user_id: 42, email: 'jane@example.com', amount: '19.99' },
  }
}

const jsonLines = (...records: unknown[]) => `${records.map((r) => JSON.stringify(r)).join('\n')}\n`

describe('connectless transform', () => {
  it("runs the seed's SMT example: addTimestamp, maskEmail and renameField", async () => {
    const { code, stdout } = await transform(['--config', SEED_CONFIG], jsonLines(order(1001)))
    expect(code).toBe(0)
    const [out] = lines(stdout) as [Record<string, unknown>]
    expect(out['value']).toEqual({
      order_id: 1001,
      customer_id: 42,
      email: '****@****.com',
      amount: '19.99',
      event_time: 1_700_000_000_000,
    })
    const schema = out['valueSchema'] as { name: string; fields: { field: string; name?: string; optional: boolean }[] }
    expect(schema.name).toBe('orders.Value')
    expect(schema.fields.map((f) => f.field)).toEqual(['order_id', 'customer_id', 'email', 'amount', 'event_time'])
    expect(schema.fields[4]).toMatchObject({ name: 'org.apache.kafka.connect.data.Timestamp', optional: true })
    expect(out).toMatchObject({ recordType: 'sink', topic: 'orders', partition: 0, offset: 1001, key: 1001 })
  })

  it('routes records to a topic per day with TimestampRouter, in UTC whatever the machine zone', async () => {
    const config = configFile(
      'router.properties',
      [
        'transforms=route',
        'transforms.route.type=org.apache.kafka.connect.transforms.TimestampRouter',
        // biome-ignore lint/suspicious/noTemplateCurlyInString: Kafka's placeholder syntax
        'transforms.route.topic.format=${topic}-${timestamp}',
        'transforms.route.timestamp.format=yyyy-MM-dd',
      ].join('\n'),
    )
    const input = jsonLines(order(1, Date.UTC(2024, 1, 29, 23, 30)), order(2, Date.UTC(2024, 2, 1, 0, 30)))
    const { code, stdout } = await transform(['--config', config], input, { TZ: 'America/Los_Angeles' })
    expect(code).toBe(0)
    expect((lines(stdout) as { topic: string }[]).map((r) => r.topic)).toEqual([
      'orders-2024-02-29',
      'orders-2024-03-01',
    ])
  })

  it.each([
    [
      'an unknown transform class',
      ['transforms=x', 'transforms.x.type=org.apache.kafka.connect.transforms.NoSuchTransform'],
      'transforms.x.type',
    ],
    [
      'a regex that does not compile',
      ['transforms=r', 'transforms.r.type=RegexRouter', 'transforms.r.regex=(unclosed', 'transforms.r.replacement=x'],
      'transforms.r.regex',
    ],
    [
      'a predicate alias that is not listed',
      ['transforms=f', 'transforms.f.type=Filter', 'transforms.f.predicate=missing'],
      'transforms.f.predicate',
    ],
    [
      'a Cast spec with an unknown type',
      ['transforms=c', 'transforms.c.type=org.apache.kafka.connect.transforms.Cast$Value', 'transforms.c.spec=a:int9'],
      'transforms.c.spec',
    ],
  ])('exits 2 on %s, naming the key, before reading any record', async (_, config, key) => {
    const file = configFile(`bad-${key}.properties`, config.join('\n'))
    const { code, stdout, stderr } = await transform(['--config', file], jsonLines(order(1)))
    expect(code).toBe(2)
    expect(stdout).toBe('')
    expect(stderr).toContain(key)
  })

  it('exits 2 on a usage error, with the usage', async () => {
    const missing = await transform([], '')
    expect(missing.code).toBe(2)
    expect(missing.stderr).toContain('--config is required')
    const badFormat = await transform(['--config', SEED_CONFIG, '--output-format', 'avro'], '')
    expect(badFormat.code).toBe(2)
    expect(badFormat.stderr).toContain('--output-format')
    expect(badFormat.stdout).toBe('')
  })

  it('writes an error line for a record that fails, and goes on with the next', async () => {
    const notAMap = { topic: 'orders', partition: 0, offset: 3, key: 3, value: 'hello' }
    const input = `${JSON.stringify(order(1))}\nnot json\n\n${JSON.stringify(notAMap)}\n${JSON.stringify(order(4))}\n`
    const { code, stdout } = await transform(['--config', SEED_CONFIG], input)
    expect(code).toBe(0)
    const out = lines(stdout) as Record<string, unknown>[]
    expect(out).toHaveLength(4)
    expect(out[0]).toMatchObject({ key: 1 })
    expect(out[1]).toEqual({
      error: { class: 'DataException', stage: 'input', message: expect.stringContaining('JSON') },
    })
    expect(out[2]).toEqual({
      error: {
        class: 'DataException',
        stage: 'transform',
        message: 'Only Map objects supported in absence of schema for [field insertion], found: java.lang.String',
      },
    })
    expect(out[3]).toMatchObject({ key: 4 })
  })

  it('writes null for a record a Filter drops', async () => {
    const config = configFile(
      'filter.json',
      JSON.stringify({
        name: 'drop-tombstones',
        config: {
          transforms: 'drop',
          'transforms.drop.type': 'org.apache.kafka.connect.transforms.Filter',
          'transforms.drop.predicate': 'tomb',
          predicates: 'tomb',
          'predicates.tomb.type': 'org.apache.kafka.connect.transforms.predicates.RecordIsTombstone',
        },
      }),
    )
    const tombstone = { ...order(2), value: null }
    const { stdout } = await transform(['--config', config], jsonLines(order(1), tombstone, order(3)))
    const out = lines(stdout)
    expect(out[1]).toBeNull()
    expect(out.map((r) => (r === null ? null : (r as { key: number }).key))).toEqual([1, null, 3])
  })

  it('reads raw Kafka records through the converters and writes the bytes the converters write', async () => {
    const config = configFile(
      'cast.properties',
      [
        'transforms=cast',
        'transforms.cast.type=org.apache.kafka.connect.transforms.Cast$Value',
        'transforms.cast.spec=amount:float64',
      ].join('\n'),
    )
    const value =
      '{"schema":{"type":"struct","fields":[{"type":"int32","optional":false,"field":"amount"}],"optional":false},"payload":{"amount":12}}'
    const raw = {
      topic: 'orders',
      partition: 1,
      offset: 5,
      timestamp: 1,
      key: null,
      value,
      headers: [{ key: 'h', value: 'v' }],
    }
    const { code, stdout } = await transform(
      ['--config', config, '--input-format', 'kafka', '--output-format', 'kafka'],
      jsonLines(raw),
    )
    expect(code).toBe(0)
    expect(lines(stdout)).toEqual([
      {
        topic: 'orders',
        partition: 1,
        offset: 5,
        timestamp: 1,
        key: null,
        value:
          '{"schema":{"type":"struct","fields":[{"type":"double","optional":false,"field":"amount"}],"optional":false},"payload":{"amount":12.0}}',
        headers: [{ key: 'h', value: 'v' }],
      },
    ])
  })

  it('reads base64 when asked, and reports bytes a converter rejects at the converter stage', async () => {
    const config = configFile('none.properties', '')
    const good = {
      topic: 't',
      value: Buffer.from('{"schema":{"type":"string","optional":false},"payload":"x"}').toString('base64'),
    }
    const bad = { topic: 't', value: Buffer.from('{not json').toString('base64') }
    const { stdout } = await transform(
      ['--config', config, '--input-format', 'kafka', '--encoding', 'base64'],
      jsonLines(good, bad),
    )
    const [first, second] = lines(stdout) as Record<string, unknown>[]
    expect(first).toMatchObject({ topic: 't', partition: 0, offset: 0, value: 'x', valueSchema: { type: 'string' } })
    expect(second).toMatchObject({ error: { class: 'DataException', stage: 'value-converter' } })
  })

  it('processes every record of an MSK event, in topic, partition and offset order', async () => {
    const config = configFile(
      'msk.properties',
      [
        'key.converter=org.apache.kafka.connect.storage.StringConverter',
        'value.converter=org.apache.kafka.connect.storage.StringConverter',
      ].join('\n'),
    )
    const event = JSON.parse(readFileSync('test/fixtures/msk/orders-event.json', 'utf8')) as unknown
    const { code, stdout } = await transform(['--config', config, '--input-format', 'msk-event'], jsonLines(event))
    expect(code).toBe(0)
    const out = lines(stdout) as { partition: number; offset: number }[]
    expect(out.length).toBeGreaterThan(1)
    const order = out.map((r) => [r.partition, r.offset])
    expect(order).toEqual([...order].sort((a, b) => a[0]! - b[0]! || a[1]! - b[1]!))
  })

  it("takes the worker's converters where the connector sets none, ignoring the connector's sub-keys then", async () => {
    const worker = configFile(
      'worker.properties',
      [
        'value.converter=org.apache.kafka.connect.storage.StringConverter',
        'key.converter=org.apache.kafka.connect.storage.StringConverter',
      ].join('\n'),
    )
    // without value.converter of its own, the connector's value.converter.* settings do not apply
    const config = configFile('subkeys.properties', 'value.converter.schemas.enable=false\n')
    const raw = { topic: 't', key: 'k', value: '{"not":"parsed"}' }
    const { code, stdout } = await transform(
      ['--config', config, '--worker', worker, '--input-format', 'kafka'],
      jsonLines(raw),
    )
    expect(code).toBe(0)
    expect(lines(stdout)[0]).toMatchObject({
      keySchema: { type: 'string', optional: true },
      key: 'k',
      valueSchema: { type: 'string', optional: true },
      value: '{"not":"parsed"}',
    })
  })

  it('resolves config provider references', async () => {
    const config = configFile(
      'provider.properties',
      [
        'transforms=route',
        'transforms.route.type=TimestampRouter',
        // biome-ignore lint/suspicious/noTemplateCurlyInString: a config provider reference
        'transforms.route.topic.format=${env:CONNECTLESS_TEST_PREFIX}-${topic}',
      ].join('\n'),
    )
    const { stdout } = await transform(['--config', config], jsonLines(order(1)), { CONNECTLESS_TEST_PREFIX: 'lake' })
    expect((lines(stdout)[0] as { topic: string }).topic).toBe('lake-orders')
  })

  it('casts a timestamp to an ISO string in UTC whatever the machine zone', async () => {
    const config = configFile(
      'cast-ts.properties',
      [
        'transforms=c',
        'transforms.c.type=org.apache.kafka.connect.transforms.Cast$Value',
        'transforms.c.spec=string',
      ].join('\n'),
    )
    const record = {
      topic: 't',
      valueSchema: { type: 'int64', optional: false, name: 'org.apache.kafka.connect.data.Timestamp', version: 1 },
      value: 1_700_000_000_123,
    }
    const { stdout } = await transform(['--config', config], jsonLines(record), { TZ: 'Asia/Tokyo' })
    expect((lines(stdout)[0] as { value: string }).value).toBe('2023-11-14T22:13:20.123Z')
  })
})
