// `connectless cost` on the seed's configs: as a user runs it (a subprocess), and in this process for the
// rest, where the command's own output is captured.
import { spawn } from 'node:child_process'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { UsageError } from '../../../cli/command.js'
import { costCommand } from '../../../cli/commands/cost.js'
import type { CostEstimate } from '../../../cli/cost/estimate.js'

const SEED = new URL('../../../../shared/spec/connectors/', import.meta.url).pathname
const dir = mkdtempSync(join(tmpdir(), 'connectless-cost-'))

interface Result {
  readonly code: number | null
  readonly stdout: string
  readonly stderr: string
}

function connectless(args: readonly string[]): Promise<Result> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'cli/main.ts', ...args])
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
  })
}

/** Runs the command in this process, with what it writes captured. */
async function cost(args: readonly string[]): Promise<Result> {
  let stdout = ''
  let stderr = ''
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    stdout += String(chunk)
    return true
  })
  vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
    stderr += String(chunk)
    return true
  })
  try {
    const code = await costCommand.run(args)
    return { code, stdout, stderr }
  } finally {
    vi.restoreAllMocks()
  }
}

afterEach(() => {
  vi.restoreAllMocks()
})

function connectorFile(name: string, config: Record<string, string>): string {
  const file = join(dir, `${name}.json`)
  writeFileSync(file, JSON.stringify({ name, config }))
  return file
}

const LOAD = ['--records-per-second', '1000', '--record-bytes', '1024', '--sample', '1000']

describe('connectless cost', () => {
  it("prints the seed S3 sink's Lambda figure from a measured time per record, beside MSK Connect and Firehose", async () => {
    const { code, stdout, stderr } = await connectless(['cost', `${SEED}s3-sink.json`, ...LOAD])
    expect(stderr).toBe('')
    expect(code).toBe(0)
    expect(stdout).toMatch(
      /^s3-sink \(io\.confluent\.connect\.s3\.S3SinkConnector\): 1,000 records\/s of 1,024 bytes\n/,
    )
    expect(stdout).toMatch(/Measured on this machine: [\d.]+ µs of CPU per record/)
    expect(stdout).toMatch(/ {2}connectless on Lambda +\$[\d,]+\.\d\d\n/)
    expect(stdout).toMatch(/Lambda requests +\$0\.53 +2,628,000 invocations of 1,000 records/)
    expect(stdout).toMatch(
      /Lambda compute +\$[\d.]+ +[\d,]+ GB-s: \d+ ms per invocation \(60 ms waiting \+ 1,000 × [\d.]+ µs\)/,
    )
    expect(stdout).toMatch(/ {2}MSK Connect +\$80\.30\n/)
    expect(stdout).toMatch(/ {2}Data Firehose \(MSK source\) +\$363\.41\n/)
    expect(stdout).toMatch(/ {2}Data Firehose \(Direct PUT\) +\$588\.97\n/)
    expect(stdout).toContain('Assumptions:\n')
    // the seed's own mistake, as deploying it says
    expect(stdout).toContain('partition.duration.ms is not set; using 86400000 ms')
    expect(stdout).toContain('Prices (us-east-1, read 2026-11-24; cli/cost/prices.ts):')
  })

  it('exits 2 with its usage on a usage error, and 1 with the message on a config error', async () => {
    const [usage, config] = await Promise.all([
      connectless(['cost', `${SEED}s3-sink.json`, '--records-per-second', '10']),
      connectless(['cost', `${SEED}orders-sink-with-dlq.json`, ...LOAD]),
    ])
    expect(usage.code).toBe(2)
    expect(usage.stderr).toContain(
      'connectless cost: --record-bytes is required\nUsage: connectless cost <connector.json>',
    )
    // the seed's DLQ sink has no connection.url: the error a deployment would give
    expect(config.code).toBe(1)
    expect(config.stderr).toBe(
      'connectless: Missing required configuration "connection.url" which has no default value.\n',
    )
  })

  it('gives the estimate as JSON, the Lambda figure from the measured time', async () => {
    const { code, stdout } = await cost([`${SEED}s3-sink.json`, ...LOAD, '--json'])
    expect(code).toBe(0)
    const estimate = JSON.parse(stdout) as CostEstimate
    expect(estimate.perRecord.kind).toBe('measured')
    const lambda = estimate.estimates[0]!
    expect(lambda.option).toBe('connectless on Lambda')
    expect(lambda.usd).toBeCloseTo(
      lambda.items.reduce((total, item) => total + item.usd, 0),
      9,
    )
    expect(estimate.estimates.map((e) => e.option)).toEqual([
      'connectless on Lambda',
      'MSK Connect',
      'Data Firehose (MSK source)',
      'Data Firehose (Direct PUT)',
    ])
  })

  it('takes the time per record as given instead of measuring it: the worked example of docs/cost.md', async () => {
    const { code, stdout } = await cost([`${SEED}s3-sink.json`, ...LOAD, '--us-per-record', '25'])
    expect(code).toBe(0)
    expect(stdout).toContain('Time per record: 25 µs of CPU, as given (--us-per-record); nothing measured.')
    expect(stdout).toMatch(/ {2}connectless on Lambda +\$16\.77\n/)
    expect(stdout).toContain('273,312 GB-s: 104 ms per invocation (60 ms waiting + 1,000 × 43.2 µs)')
  })

  it('estimates a source connector at the memory asked for, without a Firehose figure', async () => {
    const file = connectorFile('orders-source', {
      'connector.class': 'io.confluent.connect.jdbc.JdbcSourceConnector',
      'connection.url': 'jdbc:postgresql://db.example.com:5432/mydb',
      'table.whitelist': 'orders',
      mode: 'incrementing',
      'incrementing.column.name': 'id',
      transforms: 'maskEmail',
      'transforms.maskEmail.type': 'org.apache.kafka.connect.transforms.MaskField$Value',
      'transforms.maskEmail.fields': 'email',
    })
    const { code, stdout } = await cost([
      file,
      '--records-per-second',
      '10',
      '--record-bytes',
      '500',
      '--memory-mb',
      '256',
      '--sample',
      '200',
    ])
    expect(code).toBe(0)
    expect(stdout).toContain('43,800 scheduled invocations (1 task, every 1 min)')
    expect(stdout).toContain('at 256 MB arm64')
    expect(stdout).toMatch(/ {2}Data Firehose +n\/a\n/)
  })

  it('refuses a region without dated prices, and bad numbers', async () => {
    await expect(cost([`${SEED}s3-sink.json`, ...LOAD, '--region', 'eu-west-3'])).rejects.toThrow(
      new UsageError(
        "no prices for region eu-west-3 in cli/cost/prices.ts (it has us-east-1); add that region's prices, dated, to estimate there",
      ),
    )
    await expect(cost([`${SEED}s3-sink.json`, '--records-per-second', 'many', '--record-bytes', '10'])).rejects.toThrow(
      "--records-per-second must be a number above 0, not 'many'",
    )
    await expect(cost([`${SEED}s3-sink.json`, ...LOAD, '--memory-mb', '64'])).rejects.toThrow(
      "--memory-mb must be a whole number of MB from 128 to 10240, not '64'",
    )
  })

  it('says how to go on where the records cannot be measured', async () => {
    const file = connectorFile('s3-schemaless', {
      'connector.class': 'io.confluent.connect.s3.S3SinkConnector',
      topics: 'orders',
      's3.bucket.name': 'b',
      'storage.class': 'io.confluent.connect.s3.storage.S3Storage',
      'format.class': 'io.confluent.connect.s3.format.parquet.ParquetFormat',
      'flush.size': '100',
      'value.converter': 'org.apache.kafka.connect.json.JsonConverter',
      'value.converter.schemas.enable': 'false',
    })
    const { code, stdout, stderr } = await cost([file, ...LOAD])
    expect(code).toBe(1)
    expect(stdout).toBe('')
    expect(stderr).toContain('ParquetFormat needs records with a value schema')
    expect(stderr).toContain('Give the time per record with --us-per-record')
  })
})
