/**
 * `connectless dlq inspect|replay`: the dead-letter topic's records with their error context decoded
 * from Connect's `__connect.errors.*` headers, and replaying their original bytes (key, value, headers,
 * timestamp) to the original topic or another one.
 */
import { readFileSync } from 'node:fs'
import { parseArgs } from 'node:util'
import { parseWorkerProperties } from '../../layers/runtime/config/worker-properties.js'
import { type ConsumerRecord, KafkaProducer, readTopic } from '../../layers/runtime/kafka/client.js'
import { DLQ_HEADER } from '../../layers/runtime/tolerance/reporters.js'
import { type Command, UsageError } from '../command.js'

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

function bootstrap(values: { 'bootstrap-server'?: string; worker?: string }): string[] {
  const fromWorker = values.worker
    ? parseWorkerProperties(readFileSync(values.worker, 'utf8')).properties['bootstrap.servers']
    : undefined
  const list =
    values['bootstrap-server'] ?? fromWorker ?? process.env['CONNECTLESS_KAFKA_BOOTSTRAP'] ?? '127.0.0.1:9092'
  return list.split(',').map((s) => s.trim())
}

const options = {
  topic: { type: 'string' },
  'bootstrap-server': { type: 'string' },
  worker: { type: 'string' },
  where: { type: 'string', multiple: true },
  class: { type: 'string' },
  'original-topic': { type: 'string' },
  to: { type: 'string' },
  json: { type: 'boolean' },
} as const

async function select(args: readonly string[]) {
  const { values, positionals } = parseArgs({ args: [...args], options, allowPositionals: true, strict: true })
  if (!values.topic) throw new UsageError('--topic is required (the DLQ topic)')
  const where = [...(values.where ?? [])]
  if (values.class) where.push(`exception=${values.class}`)
  if (values['original-topic']) where.push(`topic=${values['original-topic']}`)
  const selected = compileWhere(where)
  const kafka = { bootstrapServers: bootstrap(values) }
  let records: ConsumerRecord[]
  try {
    records = await readTopic(kafka, values.topic)
  } catch (e) {
    throw new Error(
      `cannot read the DLQ topic '${values.topic}' from ${kafka.bootstrapServers.join(',')}: ${e instanceof Error ? e.message : String(e)}`,
      { cause: e },
    )
  }
  const all = records.map(decodeDlqRecord)
  return { values, positionals, kafka, all, selected: all.filter(selected) }
}

function summary(entries: readonly DlqEntry[]): string[] {
  const counts = new Map<string, number>()
  for (const e of entries) {
    const k = `${e.topic ?? '?'}  ${e.stage ?? '?'}  ${e.exception ?? '(no error headers)'}`
    counts.set(k, (counts.get(k) ?? 0) + 1)
  }
  return [...counts].sort((a, b) => b[1] - a[1]).map(([k, n]) => `${String(n).padStart(7)}  ${k}`)
}

async function inspect(args: readonly string[]): Promise<number> {
  const { values, all, selected } = await select(args)
  if (values.json) {
    for (const e of selected) {
      const { record, ...rest } = e
      process.stdout.write(
        `${JSON.stringify({ ...rest, key: record.key?.toString('base64') ?? null, value: record.value?.toString('base64') ?? null, timestamp: record.timestamp })}\n`,
      )
    }
    return 0
  }
  const out = [
    `${values.topic}: ${all.length} record(s), ${selected.length} selected`,
    '',
    '  count  original topic  stage  exception',
    ...summary(selected),
    '',
  ]
  for (const e of selected) {
    out.push(
      `${e.dlqPartition}@${e.dlqOffset}  from ${e.topic ?? '?'}-${e.partition ?? '?'}@${e.offset ?? '?'}  ${e.stage ?? ''} ${e.executingClass ?? ''}`,
      `    ${e.exception ?? '(no __connect.errors.* headers: set errors.deadletterqueue.context.headers.enable=true)'}${e.message ? `: ${e.message}` : ''}`,
    )
  }
  process.stdout.write(`${out.join('\n')}\n`)
  return 0
}

async function replay(args: readonly string[]): Promise<number> {
  const { values, kafka, selected } = await select(args)
  const to = values.to ?? 'original'
  const producer = new KafkaProducer(kafka)
  let done = 0
  try {
    for (const e of selected) {
      const target = to === 'original' ? e.topic : to
      if (!target) {
        throw new UsageError(
          `record ${e.dlqPartition}@${e.dlqOffset} has no ${DLQ_HEADER.TOPIC} header: give --to TOPIC`,
        )
      }
      await producer.send([
        {
          topic: target,
          key: e.record.key,
          value: e.record.value,
          headers: e.record.headers.filter((h) => !h.key.startsWith(ERROR_HEADER_PREFIX)),
          timestamp: e.record.timestamp,
        },
      ])
      done++
      if (done % 1000 === 0 || done === selected.length) process.stderr.write(`replayed ${done}/${selected.length}\r`)
    }
  } finally {
    await producer.close()
  }
  process.stderr.write(`\nreplayed ${done} record(s) from ${values.topic} to ${to}\n`)
  return 0
}

export const dlqCommand: Command = {
  name: 'dlq',
  summary: 'inspect a dead-letter topic (error context decoded) or replay its records',
  usage:
    'connectless dlq inspect --topic DLQ [--where field=value …] [--class Exception] [--original-topic T] [--json] [--bootstrap-server H:P | --worker FILE]\n' +
    '       connectless dlq replay --topic DLQ [--to original|TOPIC] [--where field=value …] [--bootstrap-server H:P | --worker FILE]',
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
