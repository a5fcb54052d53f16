/**
 * `connectless dlq inspect|replay`: the dead-letter topic's records with their error context decoded
 * from Connect's `__connect.errors.*` headers, and replaying their original bytes (key, value, headers,
 * timestamp) to the original topic or another one.
 */
import { readFileSync } from 'node:fs'
import { parseArgs } from 'node:util'
import type { ConfigProps } from '../../layers/runtime/config/parsed-config.js'
import { parseWorkerProperties } from '../../layers/runtime/config/worker-properties.js'
import {
  type ConsumerRecord,
  ensureTopic,
  errorReason,
  type KafkaClientConfig,
  KafkaProducer,
  listTopics,
  readTopic,
  topicOffsets,
} from '../../layers/runtime/kafka/client.js'
import { DLQ_HEADER } from '../../layers/runtime/tolerance/reporters.js'
import { type Command, UsageError } from '../command.js'
import { type DlqClientOptions, dlqClientConfig } from './dlq-clients.js'

export interface DlqEntry {
  readonly dlqPartition: number
  readonly dlqOffset: string
  readonly topic: string | null
  readonly partition: number | null
  readonly offset: string | null
  readonly connector: string | null
  readonly task: string | null
  readonly stage: string | null
  readonly executingClass: string | null
  readonly exception: string | null
  readonly message: string | null
  readonly record: ConsumerRecord
}

const ERROR_HEADER_PREFIX = '__connect.errors.'

function headerText(r: ConsumerRecord, key: string): string | null {
  const h = r.headers.findLast((x) => x.key === key)
  return h?.value ? h.value.toString('utf8') : null
}

export function decodeDlqRecord(r: ConsumerRecord): DlqEntry {
  const partition = headerText(r, DLQ_HEADER.PARTITION)
  return {
    dlqPartition: r.partition,
    dlqOffset: String(r.offset),
    topic: headerText(r, DLQ_HEADER.TOPIC),
    partition: partition === null ? null : Number(partition),
    offset: headerText(r, DLQ_HEADER.OFFSET),
    connector: headerText(r, DLQ_HEADER.CONNECTOR_NAME),
    task: headerText(r, DLQ_HEADER.TASK_ID),
    stage: headerText(r, DLQ_HEADER.STAGE),
    executingClass: headerText(r, DLQ_HEADER.EXECUTING_CLASS),
    exception: headerText(r, DLQ_HEADER.EXCEPTION),
    message: headerText(r, DLQ_HEADER.EXCEPTION_MESSAGE),
    record: r,
  }
}

const WHERE_FIELDS = ['exception', 'class', 'topic', 'partition', 'stage', 'connector', 'message'] as const

/** `--where field=value` filters on the decoded fields (`exception`/`class` match a class name suffix). */
export function compileWhere(where: readonly string[]): (entry: DlqEntry) => boolean {
  const tests = where.map((w) => {
    const eq = w.indexOf('=')
    if (eq < 1) throw new UsageError(`--where expects field=value, got '${w}'`)
    const field = w.slice(0, eq)
    const want = w.slice(eq + 1)
    switch (field as (typeof WHERE_FIELDS)[number]) {
      case 'exception':
      case 'class':
        return (e: DlqEntry) => (e.exception ?? '').endsWith(want)
      case 'topic':
        return (e: DlqEntry) => e.topic === want
      case 'partition':
        return (e: DlqEntry) => String(e.partition) === want
      case 'stage':
        return (e: DlqEntry) => e.stage === want
      case 'connector':
        return (e: DlqEntry) => e.connector === want
      case 'message':
        return (e: DlqEntry) => (e.message ?? '').includes(want)
      default:
        throw new UsageError(`--where: unknown field '${field}' (${WHERE_FIELDS.join(', ')})`)
    }
  })
  return (entry) => tests.every((t) => t(entry))
}

/** The worker properties of `--worker` (none: `{}`, PLAINTEXT). */
function workerProps(file: string | undefined): ConfigProps {
  if (file === undefined) return {}
  let text: string
  try {
    text = readFileSync(file, 'utf8')
  } catch (e) {
    throw new UsageError(`--worker: cannot read ${file}: ${e instanceof Error ? e.message : String(e)}`)
  }
  return parseWorkerProperties(text).properties
}

function serverList(list: string): string[] {
  return list
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '')
}

const options = {
  topic: { type: 'string' },
  'bootstrap-server': { type: 'string' },
  worker: { type: 'string' },
  where: { type: 'string', multiple: true },
  class: { type: 'string' },
  'original-topic': { type: 'string' },
  to: { type: 'string' },
  partitions: { type: 'string' },
  'replication-factor': { type: 'string' },
  json: { type: 'boolean' },
} as const

const REPLAY_ONLY = ['to', 'partitions', 'replication-factor'] as const

async function select(args: readonly string[], action: 'inspect' | 'replay') {
  const { values } = parseArgs({ args: [...args], options, allowPositionals: false, strict: true })
  if (!values.topic) throw new UsageError('--topic is required (the DLQ topic)')
  if (action === 'inspect') {
    const given = REPLAY_ONLY.find((o) => values[o] !== undefined)
    if (given !== undefined) throw new UsageError(`--${given} is an option of replay, not inspect`)
  }
  const where = [...(values.where ?? [])]
  if (values.class) where.push(`exception=${values.class}`)
  if (values['original-topic']) where.push(`topic=${values['original-topic']}`)
  const selected = compileWhere(where)
  const worker = workerProps(values.worker)
  const clientOptions: DlqClientOptions = {
    ...(values['bootstrap-server'] === undefined ? {} : { bootstrapServers: serverList(values['bootstrap-server']) }),
    defaultBootstrapServers: serverList(process.env['CONNECTLESS_KAFKA_BOOTSTRAP'] ?? '127.0.0.1:9092'),
    ...(values.worker === undefined ? {} : { source: values.worker }),
  }
  const reader = dlqClientConfig('reader', worker, clientOptions)
  // replay's settings are checked before the DLQ topic is read
  const replayOptions =
    action === 'replay'
      ? {
          partitions: positiveInt(values.partitions, '--partitions'),
          replicationFactor: positiveInt(values['replication-factor'], '--replication-factor'),
          producer: dlqClientConfig('producer', worker, clientOptions),
          admin: dlqClientConfig('admin', worker, clientOptions),
        }
      : null
  let records: ConsumerRecord[]
  try {
    records = await readTopic(reader, values.topic)
  } catch (e) {
    throw new Error(
      `cannot read the DLQ topic '${values.topic}' from ${reader.bootstrapServers.join(',')}: ${errorReason(e)}`,
      { cause: e },
    )
  }
  const all = records.map(decodeDlqRecord)
  return { values, dlqTopic: values.topic, reader, replayOptions, all, selected: all.filter(selected) }
}

/**
 * The summary of `inspect`: one row per original topic, stage and exception with its count, most
 * frequent first; each column as wide as its widest cell (the count right-aligned).
 */
export function summaryTable(entries: readonly DlqEntry[]): string[] {
  const groups = new Map<string, { cells: [string, string, string]; count: number }>()
  for (const e of entries) {
    const cells: [string, string, string] = [e.topic ?? '?', e.stage ?? '?', e.exception ?? '(no error headers)']
    const k = JSON.stringify(cells)
    const group = groups.get(k) ?? { cells, count: 0 }
    group.count++
    groups.set(k, group)
  }
  const rows = [...groups.values()]
    .sort((a, b) => b.count - a.count || a.cells.join('\n').localeCompare(b.cells.join('\n')))
    .map((g) => [String(g.count), ...g.cells])
  return table(['count', 'original topic', 'stage', 'exception'], rows, new Set([0]))
}

/** Columns padded to their widest cell, two spaces apart; `right` columns right-aligned. */
function table(header: readonly string[], rows: readonly (readonly string[])[], right: ReadonlySet<number>): string[] {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)))
  const line = (cells: readonly string[]) =>
    cells
      .map((c, i) => (right.has(i) ? c.padStart(widths[i] ?? 0) : c.padEnd(widths[i] ?? 0)))
      .join('  ')
      .trimEnd()
  return [line(header), ...rows.map(line)]
}

/** What `inspect` prints: the counts, the summary table, then two lines per selected record. */
export function inspectText(dlqTopic: string, all: readonly DlqEntry[], selected: readonly DlqEntry[]): string {
  const out = [`${dlqTopic}: ${all.length} record(s), ${selected.length} selected`]
  if (selected.length > 0) out.push('', ...summaryTable(selected), '')
  for (const e of selected) {
    out.push(
      `${e.dlqPartition}@${e.dlqOffset}  from ${e.topic ?? '?'}-${e.partition ?? '?'}@${e.offset ?? '?'}  ${e.stage ?? ''} ${e.executingClass ?? ''}`.trimEnd(),
      `    ${e.exception ?? '(no __connect.errors.* headers: set errors.deadletterqueue.context.headers.enable=true)'}${e.message ? `: ${e.message}` : ''}`,
    )
  }
  return `${out.join('\n')}\n`
}

async function inspect(args: readonly string[]): Promise<number> {
  const { values, dlqTopic, all, selected } = await select(args, 'inspect')
  if (values.json) {
    for (const e of selected) {
      const { record, ...rest } = e
      process.stdout.write(
        `${JSON.stringify({ ...rest, key: record.key?.toString('base64') ?? null, value: record.value?.toString('base64') ?? null, timestamp: record.timestamp })}\n`,
      )
    }
    return 0
  }
  process.stdout.write(inspectText(dlqTopic, all, selected))
  return 0
}

function positiveInt(value: string | undefined, option: string): number | undefined {
  if (value === undefined) return undefined
  const n = Number(value)
  if (!/^\d+$/.test(value.trim()) || !Number.isSafeInteger(n) || n < 1) {
    throw new UsageError(`${option} expects a positive whole number, got '${value}'`)
  }
  return n
}

/** One selected record and the topic `replay` sends it to. */
export interface ReplaySend {
  readonly entry: DlqEntry
  readonly target: string
}

/**
 * The topic of each selected record (`--to original`: the one its `__connect.errors.topic` header
 * names). Throws a UsageError naming the first record that has no such header, before anything is sent.
 */
export function replayTargets(selected: readonly DlqEntry[], to: string): ReplaySend[] {
  return selected.map((entry) => {
    const target = to === 'original' ? entry.topic : to
    if (!target) {
      throw new UsageError(
        `record ${entry.dlqPartition}@${entry.dlqOffset} has no ${DLQ_HEADER.TOPIC} header: give --to TOPIC (nothing was replayed)`,
      )
    }
    return { entry, target }
  })
}

/**
 * How many partitions an original topic had, as far as the dead-letter records tell: the highest
 * `__connect.errors.partition` any of them names for it, plus one (1 where none names one).
 */
export function originalPartitionsSeen(all: readonly DlqEntry[], topic: string): number {
  let highest = -1
  for (const e of all) {
    if (e.topic === topic && e.partition !== null && Number.isInteger(e.partition) && e.partition > highest)
      highest = e.partition
  }
  return highest + 1 || 1
}

/**
 * Creates the replay targets that do not exist: with `--partitions` partitions, else as many as the
 * original topic had (`--to original`: as far as the dead-letter records tell) or as the DLQ topic has
 * (`--to TOPIC`); with `--replication-factor` replicas, else the broker's `default.replication.factor`.
 * Prints a line for each topic it creates.
 */
async function createMissingTargets(
  targets: readonly string[],
  context: {
    readonly to: string
    readonly dlqTopic: string
    readonly all: readonly DlqEntry[]
    readonly admin: KafkaClientConfig
    readonly reader: KafkaClientConfig
    readonly partitions: number | undefined
    readonly replicationFactor: number | undefined
  },
): Promise<void> {
  const { admin, to } = context
  let existing: Set<string>
  try {
    existing = new Set(await listTopics(admin))
  } catch (e) {
    throw new Error(
      `cannot list the topics of ${admin.bootstrapServers.join(',')} to find the replay target(s) ${targets.join(', ')}: ${errorReason(e)}`,
      { cause: e },
    )
  }
  const replicas =
    context.replicationFactor === undefined
      ? "the broker's default replication factor"
      : `replication factor ${context.replicationFactor}`
  let dlqPartitions: number | undefined
  for (const name of targets) {
    if (existing.has(name)) continue
    let partitions: number
    let why: string
    if (context.partitions !== undefined) {
      partitions = context.partitions
      why = '--partitions'
    } else if (to === 'original') {
      partitions = originalPartitionsSeen(context.all, name)
      why = `the highest partition its dead-letter records name plus one; give --partitions if it had more`
    } else {
      dlqPartitions ??= (await topicOffsets(context.reader, context.dlqTopic)).length
      partitions = dlqPartitions
      why = `as many as the DLQ topic ${context.dlqTopic}`
    }
    let created: boolean
    try {
      created = await ensureTopic(admin, { name, partitions, replicationFactor: context.replicationFactor ?? -1 })
    } catch (e) {
      throw new Error(
        `cannot create the replay target topic '${name}' (${partitions} partition(s), ${replicas}): ${errorReason(e)}; create it yourself, or give --partitions / --replication-factor (nothing was replayed to it)`,
        { cause: e },
      )
    }
    if (created) {
      const which = to === 'original' ? 'the original topic' : 'topic'
      process.stderr.write(
        `created ${which} ${name}, which did not exist, with ${partitions} partition(s) (${why}) and ${replicas}\n`,
      )
    }
  }
}

async function replay(args: readonly string[]): Promise<number> {
  const { values, dlqTopic, reader, replayOptions, all, selected } = await select(args, 'replay')
  if (replayOptions === null) throw new Error('unreachable: replay without its options')
  const { partitions, replicationFactor, producer: producerConfig, admin } = replayOptions
  const to = values.to ?? 'original'
  const sends = replayTargets(selected, to)
  if (sends.length > 0) {
    await createMissingTargets([...new Set(sends.map((s) => s.target))], {
      to,
      dlqTopic,
      all,
      admin,
      reader,
      partitions,
      replicationFactor,
    })
  }
  const producer = new KafkaProducer(producerConfig)
  let done = 0
  try {
    for (const { entry: e, target } of sends) {
      try {
        await producer.send([
          {
            topic: target,
            key: e.record.key,
            value: e.record.value,
            headers: e.record.headers.filter((h) => !h.key.startsWith(ERROR_HEADER_PREFIX)),
            timestamp: e.record.timestamp,
          },
        ])
      } catch (error) {
        throw new Error(
          `replaying ${dlqTopic}-${e.dlqPartition}@${e.dlqOffset} to ${target} via ${producerConfig.bootstrapServers.join(',')} failed (${done} of ${sends.length} record(s) replayed before it): ${errorReason(error)}`,
          { cause: error },
        )
      }
      done++
      if (done % 1000 === 0 || done === sends.length) process.stderr.write(`replayed ${done}/${sends.length}\r`)
    }
  } finally {
    await producer.close()
  }
  process.stderr.write(`\nreplayed ${done} record(s) from ${dlqTopic} to ${to}\n`)
  return 0
}

export const dlqCommand: Command = {
  name: 'dlq',
  summary: 'inspect a dead-letter topic (error context decoded) or replay its records',
  usage:
    'connectless dlq inspect --topic DLQ [--where field=value …] [--class Exception] [--original-topic T] [--json] [--worker FILE] [--bootstrap-server H:P]\n' +
    '       connectless dlq replay --topic DLQ [--to original|TOPIC] [--partitions N] [--replication-factor N] [--where field=value …] [--worker FILE] [--bootstrap-server H:P]\n' +
    '  --worker FILE: the worker properties (bootstrap.servers and the security.protocol, sasl.*, ssl.* keys; consumer.*/producer.*/admin.* over them)\n' +
    "  replay creates a missing target topic: --partitions (default: as the original topic had, or as the DLQ topic has for --to TOPIC), --replication-factor (default: the broker's)",
  async run(args) {
    const [action, ...rest] = args
    try {
      if (action === 'inspect') return await inspect(rest)
      if (action === 'replay') return await replay(rest)
    } catch (e) {
      if (e instanceof TypeError && 'code' in e && String(e.code).startsWith('ERR_PARSE_ARGS'))
        throw new UsageError(e.message)
      throw e
    }
    throw new UsageError(`expected inspect or replay, got ${action === undefined ? 'nothing' : `'${action}'`}`)
  },
}
