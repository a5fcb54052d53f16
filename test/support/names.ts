// Unique, valid resource names for integration tests, so that tests never see each other's data: not the other
// tests of the same file, not the files running in parallel, not earlier runs (the services keep their state).
//
// A name is  ct-<run>-<file>-<n>[-<label>]  in the spelling each service accepts:
//   run    the run id: one per vitest run, provided by the global setup (random per process without it)
//   file   6 hex digits of a hash of the test file's path, so parallel files differ
//   n      a counter, per file
//   label  optional, sanitised and shortened to fit the service's limit
// The common prefix `ct-<run>` lets someone find (and delete) everything one run left behind.
import { createHash, randomBytes } from 'node:crypto'
import { relative } from 'node:path'
import { expect, inject } from 'vitest'
import { newRunId, REPO_ROOT } from './global-setup.js'

export { newRunId }

function providedRunId(): string | undefined {
  try {
    const id = inject('connectlessRunId')
    return typeof id === 'string' && /^[a-z0-9]{1,16}$/.test(id) ? id : undefined
  } catch {
    return undefined
  }
}

export const runId: string = providedRunId() ?? newRunId()

// without the global setup's run id, two files could draw the same random id only by chance; with it, the file
// hash keeps parallel files apart. A file that cannot be told (no test path) gets a random part instead.
const fallbackFilePart = randomBytes(3).toString('hex')

function filePart(): string {
  let testPath: string | undefined
  try {
    testPath = expect.getState().testPath
  } catch {
    testPath = undefined
  }
  if (!testPath) return fallbackFilePart
  return createHash('sha1').update(relative(REPO_ROOT, testPath)).digest('hex').slice(0, 6)
}

let counter = 0

interface Rules {
  separator: '-' | '_'
  maxLength: number
  /** characters allowed in a label; others become the separator */
  disallowed: RegExp
  lowercase: boolean
}

function make(rules: Rules, label: string | undefined): string {
  counter += 1
  const sep = rules.separator
  const base = ['ct', runId, filePart(), String(counter)].join(sep)
  if (label === undefined || label === '') return base
  let clean = rules.lowercase ? label.toLowerCase() : label
  clean = clean.replace(rules.disallowed, sep)
  clean = clean.replace(sep === '-' ? /-+/g : /_+/g, sep)
  const room = rules.maxLength - base.length - 1
  clean = clean.slice(0, Math.max(0, room))
  // names may not end with a separator (S3) and a trailing one reads badly everywhere
  clean = clean.replace(sep === '-' ? /^-+|-+$/g : /^_+|_+$/g, '')
  return clean === '' ? base : `${base}${sep}${clean}`
}

/** Kafka topic: [a-zA-Z0-9._-], at most 249 characters. */
export function topicName(label?: string): string {
  return make({ separator: '-', maxLength: 249, disallowed: /[^a-zA-Z0-9._-]/g, lowercase: false }, label)
}

/** Kafka consumer group id (any string; kept in the topic alphabet for readability). */
export function groupName(label?: string): string {
  return make({ separator: '-', maxLength: 200, disallowed: /[^a-zA-Z0-9._-]/g, lowercase: false }, label)
}

/** S3 bucket: 3-63 characters of [a-z0-9-], starting and ending with a letter or digit (no dots, no IP form). */
export function bucketName(label?: string): string {
  return make({ separator: '-', maxLength: 63, disallowed: /[^a-z0-9-]/g, lowercase: true }, label)
}

/**
 * PostgreSQL table: a lowercase identifier of at most 63 bytes, so it needs no quoting ([a-z_][a-z0-9_]*).
 * Use it as is in SQL; it never needs escaping.
 */
export function tableName(label?: string): string {
  return make({ separator: '_', maxLength: 63, disallowed: /[^a-z0-9_]/g, lowercase: true }, label)
}

/** PostgreSQL schema: same rules as tableName. */
export function schemaName(label?: string): string {
  return make({ separator: '_', maxLength: 63, disallowed: /[^a-z0-9_]/g, lowercase: true }, label)
}

/** OpenSearch index: lowercase, no \ / * ? " < > | space , # :, not starting with - _ +, at most 255 bytes. */
export function indexName(label?: string): string {
  return make({ separator: '-', maxLength: 255, disallowed: /[^a-z0-9._-]/g, lowercase: true }, label)
}

/** DynamoDB table: 3-255 characters of [a-zA-Z0-9_.-]. */
export function dynamoTableName(label?: string): string {
  return make({ separator: '-', maxLength: 255, disallowed: /[^a-zA-Z0-9_.-]/g, lowercase: false }, label)
}

/** SQS standard queue: 1-80 characters of [a-zA-Z0-9_-] (a FIFO queue adds `.fifo`: pass `fifo: true`). */
export function queueName(label?: string, options: { fifo?: boolean } = {}): string {
  const fifo = options.fifo === true
  const name = make(
    { separator: '-', maxLength: fifo ? 75 : 80, disallowed: /[^a-zA-Z0-9_-]/g, lowercase: false },
    label,
  )
  return fifo ? `${name}.fifo` : name
}

/** Schema Registry subject (any string; the registry is shared by every file). */
export function subjectName(label?: string): string {
  return make({ separator: '-', maxLength: 200, disallowed: /[^a-zA-Z0-9._-]/g, lowercase: false }, label)
}
