/** The text `connectless cost` prints: the options side by side, how each figure was made, the assumptions. */
import type { CostEstimate } from './estimate.js'

const usd = (n: number) => `$${n.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`
const num = (n: number, digits = 0) => n.toLocaleString('en-US', { maximumFractionDigits: digits })
const micros = (seconds: number) => `${num(seconds * 1e6, 1)} µs`

function perRecordSection(c: CostEstimate): string[] {
  if (c.perRecord.kind === 'given') {
    return [
      `Time per record: ${micros(c.perRecord.secondsPerRecord)} of CPU, as given (--us-per-record); nothing measured.`,
    ]
  }
  const m = c.perRecord.measurement
  const rounds = m.roundSecondsPerRecord
  const lines = [
    `Measured on this machine: ${micros(m.secondsPerRecord)} of CPU per record, the median of ${rounds.length} rounds of ${num(m.recordsPerRound)} synthetic records of ${num(m.recordBytes)} bytes in batches of ${num(m.batchRecords)} (rounds ${micros(Math.min(...rounds))} to ${micros(Math.max(...rounds))}), after two rounds of warm-up:`,
    `  ${m.pipeline.join(' → ')}`,
  ]
  for (const note of m.notes) lines.push(`  ${note}`)
  return lines
}

function estimatesSection(c: CostEstimate): string[] {
  const lines = [`Monthly cost (USD, 730 hours), ${c.prices.region} prices of ${c.prices.asOf}:`, '']
  const width = Math.max(...c.estimates.flatMap((e) => [e.option.length, ...e.items.map((i) => i.name.length + 2)]))
  for (const e of c.estimates) {
    lines.push(`  ${e.option.padEnd(width)}  ${e.usd === null ? 'n/a' : usd(e.usd).padStart(10)}`)
    for (const item of e.items) {
      lines.push(`    ${item.name.padEnd(width - 2)}  ${usd(item.usd).padStart(10)}  ${item.detail}`)
    }
    for (const note of e.notes) lines.push(`    ${note}`)
    lines.push('')
  }
  return lines
}

function pricesSection(c: CostEstimate): string[] {
  return [
    `Prices (${c.prices.region}, read ${c.prices.asOf}; cli/cost/prices.ts):`,
    ...Object.entries(c.prices.prices).map(([key, p]) => `  ${key}: $${p.usd} per ${p.unit}`),
  ]
}

/** The whole report. */
export function formatCostReport(c: CostEstimate): string {
  const w = c.workload
  const header = `${w.name} (${w.connectorClass}): ${num(c.load.recordsPerSecond, 3)} records/s of ${num(c.load.recordBytes)} bytes`
  const sections = [
    [header],
    perRecordSection(c),
    estimatesSection(c),
    ['Assumptions:', ...c.assumptions.map((a) => `  - ${a}`)],
    ...(w.warnings.length > 0
      ? [['What deploying this config warns about:', ...w.warnings.map((m) => `  - ${m}`)]]
      : []),
    pricesSection(c),
  ]
  return `${sections.map((s) => s.join('\n').trimEnd()).join('\n\n')}\n`
}
