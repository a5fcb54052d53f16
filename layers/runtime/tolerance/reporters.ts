/**
 * The two error reporters of a Connect task: the error log (errors.log.enable,
 * errors.log.include.messages) and the dead-letter queue (errors.deadletterqueue.*), which produces
 * the ORIGINAL record — key, value, headers and timestamp as consumed — and, with
 * errors.deadletterqueue.context.headers.enable, Connect's ten `__connect.errors.*` headers.
 * DLQ records are collected per batch and produced together before offsets are committed.
 */
import { logger } from '../logging.js'
import type { RawKafkaRecord } from '../sink/msk-event.js'
import { exceptionClassName, exceptionMessage, stackTrace } from './java-error.js'
import type { ErrorReporter, ProcessingContext } from './operator.js'

export const DLQ_HEADER = {
  TOPIC: '__connect.errors.topic',
  PARTITION: '__connect.errors.partition',
  OFFSET: '__connect.errors.offset',
  CONNECTOR_NAME: '__connect.errors.connector.name',
  TASK_ID: '__connect.errors.task.id',
  STAGE: '__connect.errors.stage',
  EXECUTING_CLASS: '__connect.errors.class.name',
  EXCEPTION: '__connect.errors.exception.class.name',
  EXCEPTION_MESSAGE: '__connect.errors.exception.message',
  EXCEPTION_STACK_TRACE: '__connect.errors.exception.stacktrace',
} as const

export interface TaskIdentity {
  readonly connector: string
  readonly task: number
}

/** Connect's LogReporter, as one structured JSON log line per failed record. */
export class LogReporter implements ErrorReporter<RawKafkaRecord> {
  constructor(
    private readonly id: TaskIdentity,
    private readonly includeMessages: boolean,
  ) {}

  report(ctx: ProcessingContext<RawKafkaRecord>): void {
    const r = ctx.original
    let details = ''
    if (this.includeMessages) {
      const ts = r.timestamp === null ? '' : `, timestamp=${r.timestamp}, timestampType=${r.timestampType}`
      details = `, where consumed record is {topic='${r.topic}', partition=${r.partition}, offset=${r.offset}${ts}}`
    }
    logger.error(
      `Error encountered in task ${this.id.connector}-${this.id.task}. Executing stage '${ctx.stage}' with class '${ctx.executingClass}'${details}.`,
      {
        connector: this.id.connector,
        task: this.id.task,
        stage: ctx.stage,
        executingClass: ctx.executingClass,
        topic: r.topic,
        partition: r.partition,
        offset: r.offset,
        exception: exceptionClassName(ctx.error),
        error: exceptionMessage(ctx.error),
        stackTrace: stackTrace(ctx.error),
      },
    )
  }
}

export interface DlqRecord {
  readonly topic: string
  readonly key: Buffer | null
  readonly value: Buffer | null
  readonly headers: ReadonlyArray<{ readonly key: string; readonly value: Buffer | null }>
  readonly timestamp: number | null
  /** For alerts and metrics: what failed, where. */
  readonly failure: {
    readonly topic: string
    readonly partition: number
    readonly offset: number
    readonly stage: string
    readonly exceptionClass: string
  }
}

const utf8 = (s: string | number): Buffer => Buffer.from(String(s), 'utf8')

/** Connect's DeadLetterQueueReporter; `drain()` hands over what this batch sent to the DLQ. */
export class DeadLetterQueueReporter implements ErrorReporter<RawKafkaRecord> {
  private pending: DlqRecord[] = []

  constructor(
    readonly topic: string,
    private readonly id: TaskIdentity,
    private readonly contextHeaders: boolean,
  ) {}

  report(ctx: ProcessingContext<RawKafkaRecord>): void {
    const r = ctx.original
    const headers = [...r.headers]
    if (this.contextHeaders) {
      const message = exceptionMessage(ctx.error)
      headers.push(
        { key: DLQ_HEADER.TOPIC, value: utf8(r.topic) },
        { key: DLQ_HEADER.PARTITION, value: utf8(r.partition) },
        { key: DLQ_HEADER.OFFSET, value: utf8(r.offset) },
        { key: DLQ_HEADER.CONNECTOR_NAME, value: utf8(this.id.connector) },
        { key: DLQ_HEADER.TASK_ID, value: utf8(this.id.task) },
        { key: DLQ_HEADER.STAGE, value: utf8(ctx.stage ?? '') },
        { key: DLQ_HEADER.EXECUTING_CLASS, value: utf8(ctx.executingClass) },
        { key: DLQ_HEADER.EXCEPTION, value: utf8(exceptionClassName(ctx.error)) },
        { key: DLQ_HEADER.EXCEPTION_MESSAGE, value: message === null ? null : utf8(message) },
        { key: DLQ_HEADER.EXCEPTION_STACK_TRACE, value: utf8(stackTrace(ctx.error)) },
      )
    }
    this.pending.push({
      topic: this.topic,
      key: r.key,
      value: r.value,
      headers,
      timestamp: r.timestamp,
      failure: {
        topic: r.topic,
        partition: r.partition,
        offset: r.offset,
        stage: ctx.stage ?? '',
        exceptionClass: exceptionClassName(ctx.error),
      },
    })
  }

  drain(): DlqRecord[] {
    const out = this.pending
    this.pending = []
    return out
  }
}
