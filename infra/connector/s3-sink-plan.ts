/**
 * What the S3 sink's config means for its deployment: batches of `flush.size` records, a batching
 * window of `rotate.interval.ms` (time-based partitioners only, as Connect applies it) or else
 * `rotate.schedule.interval.ms`, and write access to the objects under `topics.dir` in `s3.bucket.name`.
 */

import { parseS3SinkConfig } from '../../functions/s3-sink/config.js'
import { isTimeBased } from '../../functions/s3-sink/partitioner/partitioner.js'
import type { ConfigProps } from '../../layers/runtime/config/parsed-config.js'
import { batchingWindowFor, batchSizeFor } from './event-source-batching.js'

export interface S3Destination {
  readonly service: 's3'
  readonly bucketName: string
  /** The key prefix every object of the connector starts with (`topics/`); empty: the whole bucket. */
  readonly keyPrefix: string
  /** The customer managed key objects are encrypted with (SSE-KMS), when given as an ARN. */
  readonly kmsKeyArn: string | null
}

export interface S3SinkPlan {
  readonly batchSize: number
  readonly maxBatchingWindowSeconds: number | undefined
  readonly destination: S3Destination
  readonly warnings: readonly string[]
}

export function planS3Sink(props: ConfigProps): S3SinkPlan {
  const config = parseS3SinkConfig(props)
  const warnings = [...config.warnings]
  const batchSize = batchSizeFor('flush.size', config.flushSize, warnings)
  const rotateKey =
    config.rotateIntervalMs > 0 && isTimeBased(config.partitionerClass)
      ? 'rotate.interval.ms'
      : config.rotateScheduleIntervalMs > 0
        ? 'rotate.schedule.interval.ms'
        : null
  const rotateMs = rotateKey === 'rotate.interval.ms' ? config.rotateIntervalMs : config.rotateScheduleIntervalMs
  const maxBatchingWindowSeconds = rotateKey === null ? undefined : batchingWindowFor(rotateKey, rotateMs, warnings)

  const sse = config.parsed.get('s3.ssea.name')
  const kmsKeyId = config.parsed.get('s3.sse.kms.key.id').trim()
  const isKms = sse.startsWith('aws:kms') && kmsKeyId !== ''
  if (isKms && !kmsKeyId.startsWith('arn:')) {
    warnings.push(
      `s3.sse.kms.key.id=${kmsKeyId} is not a key ARN, so the function is granted no use of it: give the key's ARN, or grant kms:GenerateDataKey on it yourself.`,
    )
  }
  const topicsDir = config.topicsDir.trim()
  return {
    batchSize,
    maxBatchingWindowSeconds,
    destination: {
      service: 's3',
      bucketName: config.bucketName,
      keyPrefix: topicsDir === '' ? '' : `${config.topicsDir}${config.directoryDelim}`,
      kmsKeyArn: isKms && kmsKeyId.startsWith('arn:') ? kmsKeyId : null,
    },
    warnings,
  }
}
