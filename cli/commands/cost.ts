/**
 * `connectless cost <connector.json> --records-per-second N --record-bytes B`: the monthly cost of the
 * connector on Lambda beside MSK Connect and Amazon Data Firehose for the same load, from a time per
 * record measured here on synthetic records (cli/cost/measure.ts) and the dated price table
 * (cli/cost/prices.ts). The assumptions are printed with the figures; docs/cost.md works an example.
 */
import { readFileSync } from 'node:fs'
import { dirname, resolve } from 'node:path'
import { parseArgs } from 'node:util'
import { parseConnectorFile } from '../../infra/connector/connector-file.js'
import type { ConfigProps } from '../../layers/runtime/config/parsed-config.js'
import { parseProperties } from '../../layers/runtime/config/properties.js'
import { parseWorkerProperties } from '../../layers/runtime/config/worker-properties.js'
import { logger, logToStderr } from '../../layers/runtime/logging.js'
import { type Command, UsageError } from '../command.js'
import { DEFAULT_MEMORY_MB } from '../cost/assumptions.js'
import { estimateCost, expectedBatchRecords, type Load, type PerRecordTime } from '../cost/estimate.js'
import { MeasurementError, measure } from '../cost/measure.js'
import { PRICE_TABLE, pricesFor } from '../cost/prices.js'
import { formatCostReport } from '../cost/report.js'
import { workloadOf } from '../cost/workload.js'

const USAGE =
  'connectless cost <connector.json> --records-per-second N --record-bytes B [--memory-mb M] [--region us-east-1] ' +
  '[--worker FILE] [--error-rate Q] [--us-per-record T] [--sample N] [--json]'

const OPTIONS = {
  'records-per-second': { type: 'string' },
  'record-bytes': { type: 'string' },
  'memory-mb': { type: 'string' },
  region: { type: 'string' },
  worker: { type: 'string' },
  'error-rate': { type: 'string' },
  'us-per-record': { type: 'string' },
  sample: { type: 'string' },
  json: { type: 'boolean' },
} as const

function number(name: string, text: string | undefined, check: (n: number) => boolean, expected: string): number {
  if (text === undefined) throw new UsageError(`--${name} is required`)
  const n = Number(text)
  if (text.trim() === '' || !Number.isFinite(n) || !check(n))
    throw new UsageError(`--${name} must be ${expected}, not '${text}'`)
  return n
}

function optionalNumber(
  name: string,
  text: string | undefined,
  check: (n: number) => boolean,
  expected: string,
): number | undefined {
  return text === undefined ? undefined : number(name, text, check, expected)
}

function readConnector(path: string): { name: string; config: ConfigProps } {
  let text: string
  try {
    text = readFileSync(path, 'utf8')
  } catch (e) {
    throw new UsageError(`cannot read ${path}: ${e instanceof Error ? e.message : String(e)}`)
  }
  if (path.endsWith('.properties')) {
    const { properties } = parseProperties(text)
    const name = properties['name']
    if (!name) throw new UsageError(`${path}: the connector has no name`)
    return { name, config: properties }
  }
  return parseConnectorFile(text, path)
}

export const costCommand: Command = {
  name: 'cost',
  summary:
    "a connector's monthly cost on Lambda, beside MSK Connect and Data Firehose, from a measured time per record",
  usage: USAGE,
  async run(args) {
    let parsed: ReturnType<typeof parseArgs<{ options: typeof OPTIONS; allowPositionals: true }>>
    try {
      parsed = parseArgs({ args: [...args], options: OPTIONS, allowPositionals: true, strict: true })
    } catch (e) {
      throw new UsageError(e instanceof Error ? e.message : String(e))
    }
    const { values, positionals } = parsed
    if (positionals.length !== 1) throw new UsageError('expected one connector config file')
    const connectorPath = positionals[0] as string
    const recordsPerSecond = number(
      'records-per-second',
      values['records-per-second'],
      (n) => n > 0,
      'a number above 0',
    )
    const recordBytes = number(
      'record-bytes',
      values['record-bytes'],
      (n) => Number.isInteger(n) && n > 0,
      'a whole number of bytes above 0',
    )
    const memory = optionalNumber(
      'memory-mb',
      values['memory-mb'],
      (n) => Number.isInteger(n) && n >= 128 && n <= 10_240,
      'a whole number of MB from 128 to 10240',
    )
    const errorRecordRate = optionalNumber(
      'error-rate',
      values['error-rate'],
      (n) => n >= 0 && n <= 1,
      'a share of records from 0 to 1',
    )
    const usPerRecord = optionalNumber(
      'us-per-record',
      values['us-per-record'],
      (n) => n > 0,
      'a time in microseconds above 0',
    )
    const sample = optionalNumber(
      'sample',
      values.sample,
      (n) => Number.isInteger(n) && n >= 1,
      'a whole number of records',
    )
    const region = values.region ?? 'us-east-1'
    const prices = pricesFor(region)
    if (prices === null) {
      throw new UsageError(
        `no prices for region ${region} in cli/cost/prices.ts (it has ${Object.keys(PRICE_TABLE).join(', ')}); add that region's prices, dated, to estimate there`,
      )
    }

    // the config's warnings are printed in the report; the runtime's log lines would only repeat them
    logToStderr()
    logger.setLogLevel('ERROR')
    const connector = readConnector(connectorPath)
    const worker =
      values.worker === undefined ? {} : parseWorkerProperties(readFileSync(values.worker, 'utf8')).properties
    const workload = workloadOf(connector.name, connector.config)
    const load: Load = {
      recordsPerSecond,
      recordBytes,
      memoryMb: memory ?? DEFAULT_MEMORY_MB[workload.type],
      ...(errorRecordRate === undefined ? {} : { errorRecordRate }),
    }

    let perRecord: PerRecordTime
    if (usPerRecord !== undefined) {
      perRecord = { kind: 'given', secondsPerRecord: usPerRecord / 1e6 }
    } else {
      try {
        const measurement = await measure(workload, connector.config, {
          recordBytes,
          baseDir: dirname(resolve(connectorPath)),
          worker,
          ...(sample === undefined ? {} : { minRecordsPerRound: sample }),
          ...(workload.type === 'sink' ? { batchRecords: expectedBatchRecords(workload, load) } : {}),
        })
        perRecord = { kind: 'measured', measurement }
      } catch (e) {
        if (!(e instanceof MeasurementError)) throw e
        process.stderr.write(
          `connectless cost: ${e.message}\nGive the time per record with --us-per-record (e.g. from \`npm run bench:converters\`).\n`,
        )
        return 1
      }
    }

    const estimate = estimateCost(workload, load, prices, perRecord)
    process.stdout.write(values.json ? `${JSON.stringify(estimate, null, 2)}\n` : formatCostReport(estimate))
    return 0
  },
}
