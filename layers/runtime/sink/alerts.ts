/**
 * The DLQ alert: one SQS message per batch that sent records to the dead-letter topic (never one per
 * record), saying which connector, how many records per error class and stage, the first failing
 * offsets per topic-partition, and the DLQ topic to look in. This module is the only SQS client.
 */
import type { SQSClient } from '@aws-sdk/client-sqs'
import { RetriableException } from '../errors.js'
import type { DlqRecord } from '../tolerance/reporters.js'

export interface DlqAlert {
  readonly type: 'connectless.dlq'
  readonly connector: string
  readonly dlqTopic: string
  readonly records: number
  readonly byException: Readonly<Record<string, number>>
  readonly byStage: Readonly<Record<string, number>>
  /** `"<topic>-<partition>"` → the first failing offset in this batch. */
  readonly firstFailingOffsets: Readonly<Record<string, number>>
  readonly at: string
}

export function buildAlert(connector: string, dlqTopic: string, records: readonly DlqRecord[]): DlqAlert {
  const byException: Record<string, number> = {}
  const byStage: Record<string, number> = {}
  const firstFailingOffsets: Record<string, number> = {}
  for (const { failure } of records) {
    byException[failure.exceptionClass] = (byException[failure.exceptionClass] ?? 0) + 1
    byStage[failure.stage] = (byStage[failure.stage] ?? 0) + 1
    const tp = `${failure.topic}-${failure.partition}`
    const first = firstFailingOffsets[tp]
    if (first === undefined || failure.offset < first) firstFailingOffsets[tp] = failure.offset
  }
  return {
    type: 'connectless.dlq',
    connector,
    dlqTopic,
    records: records.length,
    byException,
    byStage,
    firstFailingOffsets,
    at: new Date().toISOString(),
  }
}

// loaded with the first alert: most batches send none, and the SQS client adds 20-50 ms to a cold start
const sqsModule = () => import('@aws-sdk/client-sqs')

let sharedClient: Promise<SQSClient> | undefined

function defaultClient(): Promise<SQSClient> {
  sharedClient ??= sqsModule().then(({ SQSClient }) => new SQSClient({}))
  return sharedClient
}

export async function sendAlert(queueUrl: string, alert: DlqAlert, sqs?: SQSClient): Promise<void> {
  try {
    const { SendMessageCommand } = await sqsModule()
    const client = sqs ?? (await defaultClient())
    await client.send(new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: JSON.stringify(alert) }))
  } catch (e) {
    throw new RetriableException(
      `Sending the DLQ alert to ${queueUrl} failed: ${e instanceof Error ? e.message : String(e)}`,
      {
        cause: e,
      },
    )
  }
}
