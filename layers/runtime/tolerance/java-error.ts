/**
 * How a JavaScript error reads to a Kafka Connect user: the Java exception class it stands for and a
 * stack trace in `Throwable.printStackTrace` form (`Class: message`, `\tat …` lines, `Caused by:`).
 */
import { ConnectException } from '../errors.js'

export function exceptionClassName(e: unknown): string {
  if (e instanceof ConnectException) return e.javaClassName
  if (e instanceof Error) return e.name || 'Error'
  return 'java.lang.Throwable'
}

export function exceptionMessage(e: unknown): string | null {
  if (e instanceof Error) return e.message === '' ? null : e.message
  return e === null || e === undefined ? null : String(e)
}

function header(e: unknown): string {
  const message = exceptionMessage(e)
  return message === null ? exceptionClassName(e) : `${exceptionClassName(e)}: ${message}`
}

function frames(e: unknown): string[] {
  if (!(e instanceof Error) || typeof e.stack !== 'string') return []
  return e.stack
    .split('\n')
    .filter((l) => /^\s+at /.test(l))
    .map((l) => `\tat ${l.trim().slice(3)}`)
}

export function stackTrace(e: unknown): string {
  const lines: string[] = [header(e), ...frames(e)]
  const seen = new Set<unknown>([e])
  let cause = e instanceof Error ? e.cause : undefined
  while (cause !== undefined && cause !== null && !seen.has(cause)) {
    seen.add(cause)
    lines.push(`Caused by: ${header(cause)}`, ...frames(cause))
    cause = cause instanceof Error ? cause.cause : undefined
  }
  return `${lines.join('\n')}\n`
}
