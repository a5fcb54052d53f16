/**
 * What happens to the rows between PostgreSQL and Kafka in a source task: the seed's
 * orders-with-timestamp transform chain (with postgres-source's connection keys, as the seed's
 * README says), errors.tolerance and the error log, records a transform drops, and hostile table
 * and column names from the database to the topic.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { PostgreSqlDialect } from '../../../functions/jdbc-source/dialect.js'
import { ReadPositions, runSourceTask } from '../../../functions/jdbc-source/index.js'
import { AvroConverter } from '../../../layers/runtime/converters/avro/avro-converter.js'
import type { Struct } from '../../../layers/runtime/data/struct.js'
import { logger } from '../../../layers/runtime/logging.js'
import { schemaName, tableName, topicName } from '../../support/names.js'
import { endpoints, requireServices } from '../../support/services.js'
import { useSchema } from './fixture.js'
import {
  deploymentOf,
  payloadOf,
  recordsSince,
  seedSourceConfig,
  storedOffsets,
  useOffsetsTable,
} from './source-task-fixture.js'

requireServices('postgres', 'kafka', 'moto', 'registry')
const { schema, admin } = useSchema('jdbc_source_transforms')
useOffsetsTable('jdbc-source-transforms')
const warn = vi.spyOn(logger, 'warn').mockImplementation(() => {})
const error = vi.spyOn(logger, 'error').mockImplementation(() => {})

/** The seed's orders-with-timestamp config. */
const ORDERS_WITH_TIMESTAMP = {
  transforms: 'addTimestamp,maskEmail,renameField',
  'transforms.addTimestamp.type': 'org.apache.kafka.connect.transforms.InsertField$Value',
  'transforms.addTimestamp.timestamp.field': 'event_time',
  'transforms.maskEmail.type': 'org.apache.kafka.connect.transforms.MaskField$Value',
  'transforms.maskEmail.fields': 'email',
  'transforms.maskEmail.replacement': '****@****.com',
  'transforms.renameField.type': 'org.apache.kafka.connect.transforms.ReplaceField$Value',
  'transforms.renameField.renames': 'id:order_id,user_id:customer_id',
}

const invoke = (deployment: ReturnType<typeof deploymentOf>, positions?: ReadPositions) =>
  runSourceTask({
    deployment,
    taskId: 0,
    until: Date.now() + 60_000,
    maxPollsPerTable: 1,
    ...(positions === undefined ? {} : { positions }),
  })

async function ordersTable(label: string, rows: number): Promise<string> {
  const t = tableName(label)
  await admin.query(`CREATE TABLE ${schema}.${t} (
    id bigserial PRIMARY KEY, user_id int NOT NULL, email text NOT NULL, amount numeric(10,2) NOT NULL,
    updated_at timestamptz NOT NULL DEFAULT now())`)
  await admin.query(
    `INSERT INTO ${schema}.${t} (user_id, email, amount) SELECT 40 + g, 'buyer' || g || '@example.com', g * 10.25 FROM generate_series(1, $1) g`,
    [rows],
  )
  return t
}

describe('the seed’s orders-with-timestamp transforms on postgres-source', () => {
  it('masks the email, renames id and user_id, and inserts event_time, which is null as in Connect (the JDBC source sets no record timestamp)', async () => {
    const t = await ordersTable('orders', 3)
    const prefix = `${topicName('owt')}-`
    const deployment = deploymentOf(`orders-with-timestamp-${schema}`, {
      ...seedSourceConfig(schema, { 'topic.prefix': prefix, 'table.whitelist': t, 'tasks.max': '1' }),
      ...ORDERS_WITH_TIMESTAMP,
    })
    const result = await invoke(deployment)
    const records = await recordsSince(`${prefix}${t}`)
    const first = JSON.parse(String(records[0]?.value)) as {
      schema: { fields: { field: string; type: string; name?: string; optional: boolean }[] }
    }

    expect(result.produced).toBe(3)
    expect(records.map(payloadOf)).toEqual(
      [1, 2, 3].map((i) => ({
        order_id: i,
        customer_id: 40 + i,
        email: '****@****.com',
        amount: expect.any(String),
        updated_at: expect.any(Number),
        event_time: null,
      })),
    )
    expect(first.schema.fields.map((f) => f.field)).toEqual([
      'order_id',
      'customer_id',
      'email',
      'amount',
      'updated_at',
      'event_time',
    ])
    expect(first.schema.fields.at(-1)).toMatchObject({
      type: 'int64',
      name: 'org.apache.kafka.connect.data.Timestamp',
      optional: true,
    })
    // the offset is the row's id, read before the transforms renamed it
    expect((await storedOffsets(deployment.name)).get(`${schema}.${t}`)).toEqual({ incrementing: 3 })
    expect(warn.mock.calls.map(([m]) => String(m))).toContain(
      "transforms.addTimestamp.timestamp.field inserts the record's timestamp, but the JDBC source sets none: event_time is null in every record, as in Kafka Connect. Kafka stamps the produce time on the message itself; for the row's time, read a timestamp column.",
    )
  })
})

describe('asynchronous converters and headers', () => {
  it('produces Confluent Avro values registered in the Schema Registry, with headers from InsertHeader through SimpleHeaderConverter', async () => {
    const t = await ordersTable('avro', 2)
    const prefix = `${topicName('avro')}-`
    const deployment = deploymentOf(`avro-${schema}`, {
      ...seedSourceConfig(schema, { 'topic.prefix': prefix, 'table.whitelist': t, 'tasks.max': '1' }),
      'value.converter': 'io.confluent.connect.avro.AvroConverter',
      'value.converter.schema.registry.url': endpoints.registry.url,
      transforms: 'source',
      'transforms.source.type': 'org.apache.kafka.connect.transforms.InsertHeader',
      'transforms.source.header': 'origin',
      'transforms.source.value.literal': 'postgres',
    })
    const result = await invoke(deployment)
    const records = await recordsSince(`${prefix}${t}`)
    const avro = new AvroConverter()
    avro.configure({ 'schema.registry.url': endpoints.registry.url }, false)
    const values = await Promise.all(records.map((r) => avro.toConnectData(`${prefix}${t}`, null, r.value)))

    expect(result).toMatchObject({ produced: 2, failed: 0 })
    expect(records.map((r) => r.value?.[0])).toEqual([0, 0]) // Confluent's magic byte
    expect(values.map((v) => (v.value as Struct).get('email'))).toEqual(['buyer1@example.com', 'buyer2@example.com'])
    expect(records.map((r) => r.headers.map((h) => [h.key, h.value?.toString('utf8')]))).toEqual([
      [['origin', 'postgres']],
      [['origin', 'postgres']],
    ])
  })
})

describe('errors.tolerance on a source task', () => {
  it('with all: skips the records a transform fails on, logs each with Connect’s line, delivers the rest and moves the offset past them', async () => {
    const t = tableName('tolerant')
    await admin.query(`CREATE TABLE ${schema}.${t} (id bigserial PRIMARY KEY, amount text NOT NULL)`)
    await admin.query(`INSERT INTO ${schema}.${t} (amount) VALUES ('1'), ('x'), ('3'), ('y'), ('5')`)
    const prefix = `${topicName('tolerant')}-`
    const name = `tolerant-${schema}`
    const deployment = deploymentOf(name, {
      ...seedSourceConfig(schema, { 'topic.prefix': prefix, 'table.whitelist': t, 'tasks.max': '1' }),
      transforms: 'toInt',
      'transforms.toInt.type': 'org.apache.kafka.connect.transforms.Cast$Value',
      'transforms.toInt.spec': 'amount:int32',
      'errors.tolerance': 'all',
      'errors.log.enable': 'true',
      'errors.log.include.messages': 'true',
    })
    const result = await invoke(deployment)

    expect(result).toMatchObject({ read: 5, produced: 3, failed: 2 })
    expect((await recordsSince(`${prefix}${t}`)).map((r) => payloadOf(r)['amount'])).toEqual([1, 3, 5])
    expect((await storedOffsets(name)).get(`${schema}.${t}`)).toEqual({ incrementing: 5 })
    const lines = error.mock.calls
      .map(([m]) => String(m))
      .filter((m) => m.startsWith(`Error encountered in task ${name}-0.`))
    expect(lines).toHaveLength(2)
    expect(lines[0]).toMatch(
      new RegExp(
        `^Error encountered in task ${name}-0\\. Executing stage 'TRANSFORMATION' with class 'org\\.apache\\.kafka\\.connect\\.transforms\\.Cast\\$Value', where source record is = SourceRecord\\{sourcePartition=\\{protocol=1, table=${schema}\\.${t}\\}, sourceOffset=\\{incrementing=2\\}\\} ConnectRecord\\{topic='${prefix}${t}', kafkaPartition=null, key=null`,
      ),
    )
  })

  it('keeps a dropped record from moving the stored offset by itself (Connect without exactly-once), but a running task does not read it again', async () => {
    const t = await ordersTable('dropped', 4)
    const prefix = `${topicName('dropped')}-`
    const name = `dropped-${schema}`
    const deployment = deploymentOf(name, {
      ...seedSourceConfig(schema, { 'topic.prefix': prefix, 'table.whitelist': t, 'tasks.max': '1' }),
      transforms: 'dropAll',
      'transforms.dropAll.type': 'org.apache.kafka.connect.transforms.Filter',
    })
    const positions = new ReadPositions()
    const first = await invoke(deployment, positions)
    const warm = await invoke(deployment, positions)
    const cold = await invoke(deployment)

    expect(first).toMatchObject({ read: 4, produced: 0, filtered: 4, commits: 0 })
    expect(await storedOffsets(name)).toEqual(new Map())
    expect(warm.read).toBe(0)
    expect(cold).toMatchObject({ read: 4, filtered: 4 })
  })
})

describe('hostile names end to end', () => {
  const hostile = schemaName('hostile')
  const q = (name: string) => new PostgreSqlDialect('always').quoteIdentifier(name)
  const TABLES = ['MixedCase', 'select', 'a.b', 'Order Items']

  beforeAll(async () => {
    await admin.query(`CREATE SCHEMA ${hostile}`)
    for (const table of [...TABLES, "it's"]) {
      await admin.query(`CREATE TABLE ${q(hostile)}.${q(table)} (
        ${q('Id')} bigserial PRIMARY KEY, ${q('select')} text, ${q('a"b; DROP TABLE x')} int, ${q("o'clock")} text, ${q('naïve ünï')} text)`)
      await admin.query(
        `INSERT INTO ${q(hostile)}.${q(table)} (${q('select')}, ${q('a"b; DROP TABLE x')}, ${q("o'clock")}, ${q('naïve ünï')})
         VALUES ($1, 1, 'x', 'é'), ('plain', 2, 'y', 'ü')`,
        [`' OR 1=1 --`],
      )
    }
  })
  afterAll(async () => {
    await admin.query(`DROP SCHEMA IF EXISTS ${hostile} CASCADE`)
  })

  it('reads quoted table and column names, and routes a table name Kafka refuses to a legal topic', async () => {
    const prefix = `${topicName('hostile')}-`
    const name = `hostile-${hostile}`
    const deployment = deploymentOf(name, {
      ...seedSourceConfig(hostile, { 'topic.prefix': prefix, 'tasks.max': '1', 'incrementing.column.name': 'Id' }),
      'table.whitelist': TABLES.join(','),
      transforms: 'noSpaces',
      'transforms.noSpaces.type': 'org.apache.kafka.connect.transforms.RegexRouter',
      'transforms.noSpaces.regex': '(.*) (.*)',
      'transforms.noSpaces.replacement': '$1_$2',
    })
    const result = await invoke(deployment)

    expect(result).toMatchObject({ status: 'completed', produced: 8, failed: 0 })
    for (const table of TABLES) {
      const records = await recordsSince(`${prefix}${table.replace(' ', '_')}`)
      expect(records.map(payloadOf), table).toEqual([
        { Id: 1, select: `' OR 1=1 --`, 'a"b; DROP TABLE x': 1, "o'clock": 'x', 'naïve ünï': 'é' },
        { Id: 2, select: 'plain', 'a"b; DROP TABLE x': 2, "o'clock": 'y', 'naïve ünï': 'ü' },
      ])
    }
    const offsets = await storedOffsets(name)
    expect(offsets.get(`${hostile}.Order Items`)).toEqual({ incrementing: 2 })
    expect(offsets.get(`${hostile}.a.b`)).toEqual({ incrementing: 2 })
  })

  it('fails the task naming the topic and the table when a table name is no legal topic, or skips its records with errors.tolerance=all', async () => {
    const prefix = `${topicName('illegal')}-`
    const config = {
      ...seedSourceConfig(hostile, { 'topic.prefix': prefix, 'tasks.max': '1', 'incrementing.column.name': 'Id' }),
      'table.whitelist': "it's",
    }
    await expect(invoke(deploymentOf(`illegal-${hostile}`, config))).rejects.toThrow(
      `Topic name "${prefix}it's" is illegal, it contains a character other than ASCII alphanumerics, '.', '_' and '-'. Records of ${hostile}.it's cannot be produced to it`,
    )
    const tolerant = await invoke(deploymentOf(`illegal-all-${hostile}`, { ...config, 'errors.tolerance': 'all' }))
    expect(tolerant).toMatchObject({ status: 'completed', produced: 0, failed: 2 })
  })
})
