/**
 * The Markdown reference table of a config definition, with the columns and the default-value
 * formatting of Kafka's `ConfigDef.toHtmlTable` (`60000 (1 minute)`, `1048576 (1 mebibyte)`).
 */
import { HIDDEN } from '../errors.js'

/** What the table needs to know about one key. */
export interface DocsRow {
  readonly name: string
  readonly type: string
  readonly hasDefault: boolean
  readonly defaultValue: unknown
  readonly validValues: string
  readonly importance: string
  readonly doc: string
  readonly isSecret: boolean
}

function niceUnits(value: number, divisors: readonly number[], units: readonly string[]): string {
  let scaled = value
  let i = 0
  while (scaled !== 0 && i < divisors.length && scaled % (divisors[i] ?? 1) === 0) {
    scaled /= divisors[i] ?? 1
    i++
  }
  return i === 0 ? '' : ` (${scaled} ${units[i - 1]}${Math.abs(scaled) === 1 ? '' : 's'})`
}

/** ` (2 minutes)` for 120000: the largest whole unit of a millisecond value, as Kafka's docs show it. */
export function niceTimeUnits(millis: number): string {
  return niceUnits(millis, [1000, 60, 60, 24], ['second', 'minute', 'hour', 'day'])
}

/** ` (1 mebibyte)` for 1048576: the largest whole binary unit of a byte count. */
export function niceMemoryUnits(bytes: number): string {
  return niceUnits(bytes, [1024, 1024, 1024, 1024], ['kibibyte', 'mebibyte', 'gibibyte', 'tebibyte'])
}

function formatDefault(row: DocsRow): string {
  if (!row.hasDefault) return '*required*'
  if (row.defaultValue === null) return '`null`'
  if (row.isSecret) return HIDDEN
  const text = Array.isArray(row.defaultValue) ? row.defaultValue.join(',') : String(row.defaultValue)
  if (text === '') return '`""`'
  let suffix = ''
  if (typeof row.defaultValue === 'number' && row.name.endsWith('.ms')) suffix = niceTimeUnits(row.defaultValue)
  if (typeof row.defaultValue === 'number' && row.name.endsWith('.bytes')) suffix = niceMemoryUnits(row.defaultValue)
  return `\`${text}\`${suffix}`
}

function cell(text: string): string {
  return text.replace(/\s*\n\s*/g, ' ').replace(/\|/g, '\\|')
}

function renderRow(row: DocsRow): string {
  const cells = [
    `\`${row.name}\``,
    row.type.toLowerCase(),
    formatDefault(row),
    row.validValues,
    row.importance.toLowerCase(),
    row.doc,
  ]
  return `| ${cells.map(cell).join(' | ')} |`
}

/** Renders the rows, in the order given, as a Markdown table. */
export function renderDocsTable(rows: readonly DocsRow[]): string {
  const header = [
    '| Name | Type | Default | Valid values | Importance | Description |',
    '| --- | --- | --- | --- | --- | --- |',
  ]
  return `${[...header, ...rows.map(renderRow)].join('\n')}\n`
}
