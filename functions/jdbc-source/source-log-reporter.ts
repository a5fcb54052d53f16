/**
 * Connect's `LogReporter.Source` (errors.log.enable on a source connector): one ERROR line per failed
 * record, `Error encountered in task <connector>-<task>. Executing stage '<STAGE>' with class
 * '<class>'`, followed with errors.log.include.messages by `, where source record is = ` and the
 * record as Java's `SourceRecord.toString()` prints it (value included, as Connect does).
 */
import { logger } from '../../layers/runtime/logging.js'
import type { SourceRecord } from '../../layers/runtime/record/record.js'
import { exceptionClassName, exceptionMessage, stackTrace } from '../../layers/runtime/tolerance/java-error.js'
import type { ErrorReporter, ProcessingContext } from '../../layers/runtime/tolerance/operator.js'
import type { TaskIdentity } from '../../layers/runtime/tolerance/reporters.js'

/** A map as Java's `AbstractMap.toString` prints it: `{protocol=1, table=public.orders}`. */
function javaMap(map: Readonly<Record<string, unknown>> | null): string {
  if (map === null) return 'null'
  return `{${Object.entries(map)
    .map(([k, v]) => `${k}=${String(v)}`)
    .join(', ')}}`
}

/** `SourceRecord{sourcePartition=…, sourceOffset=…} ConnectRecord{topic='…', …}` */
export function sourceRecordString(r: SourceRecord): string {
  const headers = r.headers
    .toArray()
    .map((h) => `ConnectHeader(key=${h.key}, value=${String(h.value)}, schema=${String(h.schema)})`)
    .join(', ')
  return (
    `SourceRecord{sourcePartition=${javaMap(r.sourcePartition)}, sourceOffset=${javaMap(r.sourceOffset)}} ` +
    `ConnectRecord{topic='${r.topic}', kafkaPartition=${r.kafkaPartition}, key=${String(r.key)}, keySchema=${String(r.keySchema)}, ` +
    `value=${String(r.value)}, valueSchema=${String(r.valueSchema)}, timestamp=${r.timestamp}, headers=ConnectHeaders(headers=${headers})}`
  )
}

export class SourceLogReporter implements ErrorReporter<SourceRecord> {
  constructor(
    private readonly id: TaskIdentity,
    private readonly includeMessages: boolean,
  ) {}

  report(ctx: ProcessingContext<SourceRecord>): void {
    const details = this.includeMessages ? `, where source record is = ${sourceRecordString(ctx.original)}` : ''
    logger.error(
      `Error encountered in task ${this.id.connector}-${this.id.task}. Executing stage '${ctx.stage}' with class '${ctx.executingClass}'${details}`,
      {
        connector: this.id.connector,
        task: this.id.task,
        stage: ctx.stage,
        executingClass: ctx.executingClass,
        sourcePartition: ctx.original.sourcePartition,
        exception: exceptionClassName(ctx.error),
        error: exceptionMessage(ctx.error),
        stackTrace: stackTrace(ctx.error),
      },
    )
  }
}
