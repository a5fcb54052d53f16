/**
 * The structured JSON logger every module uses (Powertools for AWS Lambda). In Lambda it writes to
 * the function's log stream; command-line tools whose standard output carries data (such as
 * `connectless transform`) send every log line to standard error with `logToStderr()`.
 */
import { Console } from 'node:console'
import { Logger } from '@aws-lambda-powertools/logger'

export const logger = new Logger({ serviceName: process.env['POWERTOOLS_SERVICE_NAME'] ?? 'connectless' })

/** Sends info and debug lines to stderr too (Powertools writes them to stdout). */
export function logToStderr(): void {
  // Powertools keeps its Console in a field it does not expose; this is the one place that touches it.
  ;(logger as unknown as { console: Console }).console = new Console({ stdout: process.stderr, stderr: process.stderr })
}

/** Warnings that should be printed once per process (config mistakes, deprecations). */
const warned = new Set<string>()
export function warnOnce(key: string, message: string, extra?: Record<string, unknown>): void {
  if (warned.has(key)) return
  warned.add(key)
  logger.warn(message, extra ?? {})
}
