/**
 * `connectless transform`: runs a connector config's converters and transform chain over records, one
 * JSON value a line, exactly as `shared/spec/record-json.md` specifies (a contract).
 *
 * - Config: a JSON file in the Connect REST form (`{"name": …, "config": {…}}`, or the flat map) or a
 *   `.properties` file; `--worker FILE` supplies the worker's converters and config providers.
 *   Provider references are resolved. An invalid config or a usage error is reported on standard
 *   error and exits 2 before any record is read.
 * - Input `record` (the record JSON form), `kafka` (raw bytes as a sink task receives them, run through
 *   the converters) or `msk-event` (a Lambda MSK event a line). Output `record` or `kafka` (bytes the
 *   converters write). One output line per record: the record, `null` where it was dropped, or
 *   `{"error": {"class", "stage", "message"}}`; the next record is still processed.
 * - Dates are handled as a Connect worker in UTC with locale en_US handles them, whatever this
 *   machine's zone. Logs go to standard error.
 */
import { createReadStream, readFileSync } from 'node:fs'
import { dirname, resolve } from 'node:path'
import { createInterface } from 'node:readline'
import { parseArgs } from 'node:util'
import { type ConfigProps, originalsWithPrefix } from '../../layers/runtime/config/parsed-config.js'
import { parseProperties } from '../../layers/runtime/config/properties.js'
import { createConfigProviders } from '../../layers/runtime/config/providers/registry.js'
import { resolveConfig } from '../../layers/runtime/config/providers/resolve.js'
import { parseWorkerProperties } from '../../layers/runtime/config/worker-properties.js'
import type {
  Converter,
  HeaderConverter,
  KafkaHeaders,
  MaybePromise,
  SchemaAndValue,
} from '../../layers/runtime/converters/converter.js'
import {
  createConverter,
  createHeaderConverter,
  HEADER_CONVERTER_CLASS_CONFIG,
  HEADER_CONVERTER_CLASS_DEFAULT,
  KEY_CONVERTER_CLASS_CONFIG,
  VALUE_CONVERTER_CLASS_CONFIG,
} from '../../layers/runtime/converters/registry.js'
import { ConfigException, ConnectException, DataException } from '../../layers/runtime/errors.js'
import { logger, logToStderr } from '../../layers/runtime/logging.js'
import { Headers } from '../../layers/runtime/record/headers.js'
import { type ConnectRecord, SinkRecord, TimestampType } from '../../layers/runtime/record/record.js'
import { recordFromJson, recordToJson } from '../../layers/runtime/record/record-json.js'
import { decodeEvent, isMskEvent, type RawKafkaRecord } from '../../layers/runtime/sink/msk-event.js'
import type { TransformationChain } from '../../layers/transforms/chain.js'
import { type Command, UsageError } from '../command.js'

const INPUT_FORMATS = ['record', 'kafka', 'msk-event'] as const
const OUTPUT_FORMATS = ['record', 'kafka'] as const
const ENCODINGS = ['utf8', 'base64'] as const
type InputFormat = (typeof INPUT_FORMATS)[number]
type OutputFormat = (typeof OUTPUT_FORMATS)[number]
type Encoding = (typeof ENCODINGS)[number]

/** Where a record failed, as the output's `error.stage` names it. */
export const ErrorStage = {
  INPUT: 'input',
  KEY_CONVERTER: 'key-converter',
  VALUE_CONVERTER: 'value-converter',
  HEADER_CONVERTER: 'header-converter',
  TRANSFORM: 'transform',
  OUTPUT: 'output',
} as const
export type ErrorStage = (typeof ErrorStage)[keyof typeof ErrorStage]

const USAGE =
  'connectless transform --config FILE [--worker FILE] [--input-format record|kafka|msk-event] ' +
  '[--output-format record|kafka] [--encoding utf8|base64] [--input FILE]'

const OPTIONS = {
  config: { type: 'string' },
  worker: { type: 'string' },
  'input-format': { type: 'string' },
  'output-format': { type: 'string' },
  encoding: { type: 'string' },
  input: { type: 'string' },
} as const

interface Options {
  readonly configFile: string
  readonly workerFile: string | undefined
  readonly inputFormat: InputFormat
  readonly outputFormat: OutputFormat
  readonly encoding: Encoding
  readonly inputFile: string | undefined
}

function oneOf<T extends string>(option: string, value: string | undefined, allowed: readonly T[], fallback: T): T {
  if (value === undefined) return fallback
  if (!(allowed as readonly string[]).includes(value)) {
    throw new UsageError(`--${option} must be one of ${allowed.join(', ')}, got '${value}'`)
  }
  return value as T
}

function parseOptions(args: readonly string[]): Options {
  let values: { [K in keyof typeof OPTIONS]?: string }
  try {
    ;({ values } = parseArgs({ args: [...args], options: OPTIONS, strict: true, allowPositionals: false }))
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error))
  }
  if (values.config === undefined) throw new UsageError('--config is required')
  return {
    configFile: values.config,
    workerFile: values.worker,
    inputFormat: oneOf('input-format', values['input-format'], INPUT_FORMATS, 'record'),
    outputFormat: oneOf('output-format', values['output-format'], OUTPUT_FORMATS, 'record'),
    encoding: oneOf('encoding', values.encoding, ENCODINGS, 'utf8'),
    inputFile: values.input,
  }
}

// --- configuration -----------------------------------------------------------------------------------

/** A config problem found before any record is read: reported with the key or option, exit code 2. */
class InvalidSetup extends Error {}

function readText(option: string, file: string): string {
  try {
    return readFileSync(file, 'utf8')
  } catch (error) {
    throw new InvalidSetup(`--${option} ${file}: ${error instanceof Error ? error.message : String(error)}`)
  }
}

/** A connector config: the Connect REST form, a flat JSON map, or a `.properties` file. */
export function parseConnectorConfig(text: string, file: string): Record<string, string | null> {
  if (!text.trimStart().startsWith('{')) {
    const { properties, warnings } = parseProperties(text)
    for (const w of warnings) logger.warn(`${file}:${w.line}: ${w.message}`)
    return properties
  }
  let json: unknown
  try {
    json = JSON.parse(text)
  } catch (error) {
    throw new InvalidSetup(
      `--config ${file}: not valid JSON: ${error instanceof Error ? error.message : String(error)}`,
    )
  }
  const body = json as { config?: unknown }
  const map =
    typeof body.config === 'object' && body.config !== null && !Array.isArray(body.config) ? body.config : json
  if (typeof map !== 'object' || map === null || Array.isArray(map)) {
    throw new InvalidSetup(`--config ${file}: expected a JSON object of config keys`)
  }
  const config: Record<string, string | null> = {}
  for (const [key, value] of Object.entries(map)) {
    // Connect's REST API reads config values as strings; numbers and booleans become their text
    if (value === null || typeof value === 'string') config[key] = value
    else if (typeof value === 'number' || typeof value === 'boolean') config[key] = String(value)
    else throw new InvalidSetup(`--config ${file}: the value of "${key}" must be a string or null`)
  }
  return config
}

interface Converters {
  readonly key: Converter
  readonly value: Converter
  readonly header: HeaderConverter
}

/**
 * A converter as Connect picks it: the connector's class and `<key>.*` settings where the connector
 * sets `<key>`, else the worker's, else the command's default.
 */
function converterSetting(
  connector: ConfigProps,
  worker: ConfigProps,
  key: string,
  fallback: { className: string; config: Record<string, string> },
): { className: string | null; config: Record<string, string | null> } {
  const from = Object.hasOwn(connector, key) ? connector : Object.hasOwn(worker, key) ? worker : null
  if (from === null) return fallback
  return { className: from[key] ?? null, config: originalsWithPrefix(from, `${key}.`) }
}

const JSON_CONVERTER = 'org.apache.kafka.connect.json.JsonConverter'

async function createConverters(connector: ConfigProps, worker: ConfigProps): Promise<Converters> {
  const json = { className: JSON_CONVERTER, config: { 'schemas.enable': 'true' } }
  const keySetting = converterSetting(connector, worker, KEY_CONVERTER_CLASS_CONFIG, json)
  const valueSetting = converterSetting(connector, worker, VALUE_CONVERTER_CLASS_CONFIG, json)
  const headerSetting = converterSetting(connector, worker, HEADER_CONVERTER_CLASS_CONFIG, {
    className: HEADER_CONVERTER_CLASS_DEFAULT,
    config: {},
  })
  return {
    key: await createConverter(keySetting.className, keySetting.config, true),
    value: await createConverter(valueSetting.className, valueSetting.config, false),
    header: await createHeaderConverter(headerSetting.className, headerSetting.config),
  }
}

interface Setup {
  readonly chain: TransformationChain
  readonly converters: Converters
}

async function prepare(options: Options): Promise<Setup> {
  const workerRaw = options.workerFile === undefined ? {} : readWorker(options.workerFile)
  const providers = createConfigProviders(workerRaw)
  const worker = await resolveConfig(workerRaw, providers)
  const connector = await resolveConfig(
    parseConnectorConfig(readText('config', options.configFile), options.configFile),
    providers,
  )
  // the chain builder loads the transform modules; importing it here keeps `--help` fast
  const { buildTransformationChain } = await import('../../layers/transforms/build-chain.js')
  const chain = await buildTransformationChain(connector, { baseDir: dirname(resolve(options.configFile)) })
  // made even where no record goes through them: a converter the config gets wrong is a config error
  return { chain, converters: await createConverters(connector, worker) }
}

function readWorker(file: string): Record<string, string> {
  const { properties, warnings } = parseWorkerProperties(readText('worker', file))
  for (const w of warnings)
    logger.warn(`${file}:${w.line}: ${w.message}${w.suggestion ? ` (did you mean ${w.suggestion}?)` : ''}`)
  return properties
}

// --- one record --------------------------------------------------------------------------------------

/** A record's failure, tagged with the stage it happened in. */
class StageError extends Error {
  constructor(
    readonly stage: ErrorStage,
    readonly error: unknown,
  ) {
    super(error instanceof Error ? error.message : String(error))
  }
}

async function inStage<T>(stage: ErrorStage, run: () => MaybePromise<T>): Promise<T> {
  try {
    const result = run()
    return result instanceof Promise ? await result : result
  } catch (error) {
    throw new StageError(stage, error)
  }
}

function inputError(message: string): StageError {
  return new StageError(ErrorStage.INPUT, new DataException(message))
}

/** The simple name of the Java class an error stands for (`DataException`). */
function errorClass(error: unknown): string {
  const name = error instanceof ConnectException ? error.javaClassName : error instanceof Error ? error.name : 'Error'
  return name.slice(name.lastIndexOf('.') + 1)
}

export function errorLine(stage: ErrorStage, error: unknown): string {
  const message = error instanceof Error ? error.message : String(error)
  return JSON.stringify({ error: { class: errorClass(error), stage, message } })
}

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/

function decodeBytes(value: unknown, encoding: Encoding, where: string): Buffer | null {
  if (value === null || value === undefined) return null
  if (typeof value !== 'string') throw inputError(`${where}: expected a string or null`)
  if (encoding === 'utf8') return Buffer.from(value, 'utf8')
  if (!BASE64.test(value)) throw inputError(`${where}: not valid base64`)
  return Buffer.from(value, 'base64')
}

function encodeBytes(bytes: Uint8Array | null, encoding: Encoding): string | null {
  if (bytes === null) return null
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  return buffer.toString(encoding === 'utf8' ? 'utf8' : 'base64')
}

function expectInteger(value: unknown, where: string, fallback: number | null): number | null {
  if (value === undefined || value === null) return fallback
  if (typeof value !== 'number' || !Number.isSafeInteger(value)) throw inputError(`${where}: expected an integer`)
  return value
}

/** A line in the `kafka` input form, as the raw record a sink task receives. */
function rawRecordFromJson(json: unknown, encoding: Encoding): RawKafkaRecord {
  if (typeof json !== 'object' || json === null || Array.isArray(json)) throw inputError('expected a JSON object')
  const obj = json as Record<string, unknown>
  if (typeof obj['topic'] !== 'string') throw inputError('topic: expected a string')
  const headersJson = obj['headers'] ?? []
  if (!Array.isArray(headersJson)) throw inputError('headers: expected an array')
  const headers = headersJson.map((h: unknown, i) => {
    const header = h as { key?: unknown; value?: unknown } | null
    if (typeof header !== 'object' || header === null || typeof header.key !== 'string') {
      throw inputError(`headers[${i}].key: expected a string`)
    }
    return { key: header.key, value: decodeBytes(header.value, encoding, `headers[${i}].value`) }
  })
  const timestamp = expectInteger(obj['timestamp'], 'timestamp', null)
  return {
    topic: obj['topic'],
    partition: expectInteger(obj['partition'], 'partition', 0) as number,
    offset: expectInteger(obj['offset'], 'offset', 0) as number,
    timestamp,
    timestampType: timestamp === null ? TimestampType.NO_TIMESTAMP_TYPE : TimestampType.CREATE_TIME,
    key: decodeBytes(obj['key'], encoding, 'key'),
    value: decodeBytes(obj['value'], encoding, 'value'),
    headers,
  }
}

/** Connect's `convertAndTransformRecord` up to the transforms: converters and headers, as a SinkRecord. */
async function sinkRecordOf(raw: RawKafkaRecord, converters: Converters): Promise<SinkRecord> {
  // Connect's checkAndConvertTimestamp: -1 is Kafka's "no timestamp", any other negative one is invalid
  let timestamp = raw.timestamp
  if (timestamp !== null && timestamp < 0) {
    if (timestamp !== -1) throw inputError(`Invalid record timestamp ${timestamp}`)
    timestamp = null
  }
  const kafkaHeaders: KafkaHeaders = raw.headers
  const context = { partition: raw.partition, offset: raw.offset }
  const key = await inStage<SchemaAndValue>(ErrorStage.KEY_CONVERTER, () =>
    converters.key.toConnectData(raw.topic, kafkaHeaders, raw.key, context),
  )
  const value = await inStage<SchemaAndValue>(ErrorStage.VALUE_CONVERTER, () =>
    converters.value.toConnectData(raw.topic, kafkaHeaders, raw.value, context),
  )
  const headers = await inStage(ErrorStage.HEADER_CONVERTER, async () => {
    const out = new Headers()
    for (const h of raw.headers) {
      const converted = converters.header.toConnectHeader(raw.topic, h.key, h.value)
      const sv = converted instanceof Promise ? await converted : converted
      out.add(h.key, sv.value, sv.schema)
    }
    return out
  })
  return new SinkRecord({
    topic: raw.topic,
    kafkaPartition: raw.partition,
    keySchema: key.schema,
    key: key.value,
    valueSchema: value.schema,
    value: value.value,
    timestamp,
    timestampType: timestamp === null ? TimestampType.NO_TIMESTAMP_TYPE : raw.timestampType,
    headers,
    kafkaOffset: raw.offset,
  })
}

/** The transformed record as bytes, as a source task's producer would send it (`convertTransformedRecord`). */
async function kafkaLine(record: ConnectRecord, converters: Converters, encoding: Encoding): Promise<string> {
  const topic = record.topic ?? ''
  const headers = await inStage(ErrorStage.HEADER_CONVERTER, async () => {
    const out: { key: string; value: Uint8Array | null }[] = []
    for (const h of record.headers) {
      const bytes = converters.header.fromConnectHeader(topic, h.key, h.schema, h.value)
      out.push({ key: h.key, value: bytes instanceof Promise ? await bytes : bytes })
    }
    return out
  })
  const key = await inStage(ErrorStage.KEY_CONVERTER, () =>
    converters.key.fromConnectData(topic, headers, record.keySchema, record.key),
  )
  const value = await inStage(ErrorStage.VALUE_CONVERTER, () =>
    converters.value.fromConnectData(topic, headers, record.valueSchema, record.value),
  )
  const out: Record<string, unknown> = { topic: record.topic, partition: record.kafkaPartition }
  if (record instanceof SinkRecord) out['offset'] = record.kafkaOffset
  out['timestamp'] = record.timestamp
  out['key'] = encodeBytes(key, encoding)
  out['value'] = encodeBytes(value, encoding)
  out['headers'] = headers.map((h) => ({ key: h.key, value: encodeBytes(h.value, encoding) }))
  return JSON.stringify(out)
}

function parseLine(line: string): unknown {
  try {
    return JSON.parse(line)
  } catch (error) {
    throw inputError(`not valid JSON: ${error instanceof Error ? error.message : String(error)}`)
  }
}

/** The records one input line stands for (an MSK event holds many). */
async function recordsOf(
  line: string,
  options: Options,
  converters: Converters,
): Promise<(() => Promise<ConnectRecord>)[]> {
  const json = parseLine(line)
  switch (options.inputFormat) {
    case 'record':
      return [() => inStage(ErrorStage.INPUT, () => recordFromJson(json) as ConnectRecord)]
    case 'kafka':
      return [async () => sinkRecordOf(rawRecordFromJson(json, options.encoding), converters)]
    case 'msk-event': {
      if (!isMskEvent(json)) throw inputError('expected a Lambda MSK or self-managed Kafka event')
      const raws = await inStage(ErrorStage.INPUT, () => decodeEvent(json))
      return raws.map((raw) => () => sinkRecordOf(raw, converters))
    }
  }
}

async function outputLine(record: ConnectRecord, options: Options, setup: Setup): Promise<string> {
  const transformed = await inStage(ErrorStage.TRANSFORM, () => setup.chain.apply(record))
  if (transformed === null) return 'null'
  if (options.outputFormat === 'kafka') return kafkaLine(transformed, setup.converters, options.encoding)
  return inStage(ErrorStage.OUTPUT, () => JSON.stringify(recordToJson(transformed)))
}

/** Every output line for one input line. */
async function processLine(line: string, options: Options, setup: Setup): Promise<string[]> {
  let records: (() => Promise<ConnectRecord>)[]
  try {
    records = await recordsOf(line, options, setup.converters)
  } catch (error) {
    return [error instanceof StageError ? errorLine(error.stage, error.error) : errorLine(ErrorStage.INPUT, error)]
  }
  const lines: string[] = []
  for (const read of records) {
    try {
      lines.push(await outputLine(await read(), options, setup))
    } catch (error) {
      lines.push(
        error instanceof StageError ? errorLine(error.stage, error.error) : errorLine(ErrorStage.TRANSFORM, error),
      )
    }
  }
  return lines
}

// --- the command -------------------------------------------------------------------------------------

function describeSetupError(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error)
  if (error instanceof ConfigException && error.key !== undefined && !message.includes(error.key)) {
    return `${message} (key: ${error.key})`
  }
  return message
}

async function run(args: readonly string[]): Promise<number> {
  logToStderr()
  // a Connect worker in UTC with locale en_US, whatever this machine's settings
  process.env['TZ'] = 'UTC'
  const options = parseOptions(args)
  let setup: Setup
  let input: NodeJS.ReadableStream
  try {
    setup = await prepare(options)
    input = options.inputFile === undefined ? process.stdin : await openInput(options.inputFile)
  } catch (error) {
    if (!(error instanceof InvalidSetup || error instanceof ConfigException)) throw error
    process.stderr.write(`connectless transform: ${describeSetupError(error)}\n`)
    return 2
  }
  const lines = createInterface({ input, crlfDelay: Number.POSITIVE_INFINITY })
  let pending = ''
  for await (const line of lines) {
    if (line.trim() === '') continue
    for (const out of await processLine(line, options, setup)) pending += `${out}\n`
    if (pending.length >= 65_536) {
      await write(pending)
      pending = ''
    }
  }
  if (pending !== '') await write(pending)
  setup.chain.close()
  return 0
}

function openInput(file: string): Promise<NodeJS.ReadableStream> {
  return new Promise((resolveStream, reject) => {
    const stream = createReadStream(file)
    stream.once('open', () => resolveStream(stream))
    stream.once('error', (error) => reject(new InvalidSetup(`--input ${file}: ${error.message}`)))
  })
}

function write(text: string): Promise<void> {
  return new Promise((resolveWrite, reject) => {
    process.stdout.write(text, (error) => (error ? reject(error) : resolveWrite()))
  })
}

export const transformCommand: Command = {
  name: 'transform',
  summary: "dry-run a connector config's converters and transforms over records (JSON lines in, JSON lines out)",
  usage: USAGE,
  run,
}
