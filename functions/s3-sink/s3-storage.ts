/**
 * The S3 sink's storage: the one module that talks to S3 (Confluent's `S3Storage` and
 * `S3OutputStream`). It writes whole files, each in one request up to `s3.part.size` and as a
 * multipart upload above it, with the connector's server-side encryption, canned ACL, storage class
 * and tags; and it reads, writes and deletes the sink's small upload manifests.
 *
 * Files are written "once": a PutObject (or the CompleteMultipartUpload) carries `If-None-Match: *`,
 * and every file carries the SHA-256 of its bytes as user metadata (`x-amz-meta-connectless-sha256`).
 * When the key exists already (HTTP 412), an earlier attempt of the same batch wrote it: keys are
 * derived from the file's first offset and a file's bytes are a function of its records, so the same
 * digest means the same records and the write is done (`unchanged`). A different digest means an
 * earlier, uncommitted attempt saw another range of records starting at the same offset (the event
 * source mapping cut the redelivered batch elsewhere); that object holds only records that are not
 * committed yet, so it is replaced (`replaced`), as Confluent's connector overwrites on replay.
 *
 * Endpoint: `store.url` when set (with `s3.path.style.access.enabled`, default true), else the AWS
 * SDK's standard resolution (`AWS_ENDPOINT_URL_S3`, `AWS_ENDPOINT_URL`, then AWS). Credentials:
 * `aws.access.key.id` with `aws.secret.access.key` when both are set, else the SDK's default chain
 * (the function's role on Lambda).
 *
 * Errors become Connect's: throttling, 5xx, timeouts and network failures a RetriableException (the
 * batch is delivered again), anything else (access denied, a missing bucket, a bad key) a
 * ConnectException naming the bucket and key.
 */
import { createHash } from 'node:crypto'
import {
  AbortMultipartUploadCommand,
  type CompletedPart,
  CompleteMultipartUploadCommand,
  CreateMultipartUploadCommand,
  DeleteObjectCommand,
  GetObjectCommand,
  HeadBucketCommand,
  HeadObjectCommand,
  type HeadObjectCommandOutput,
  type ObjectCannedACL,
  PutObjectCommand,
  S3Client,
  type S3ClientConfig,
  type ServerSideEncryption,
  type StorageClass,
  UploadPartCommand,
} from '@aws-sdk/client-s3'
import { ConnectException, RetriableException } from '../../layers/runtime/errors.js'
import { logger, warnOnce } from '../../layers/runtime/logging.js'
import type { S3SinkConfig } from './config.js'

/** The user metadata key (without `x-amz-meta-`) holding the base64 SHA-256 of a file's bytes. */
export const DIGEST_METADATA = 'connectless-sha256'

const DEFAULT_CREDENTIALS_PROVIDER = 'software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider'
/** Confluent's `S3Storage` prefixes a `store.url` without a scheme with this. */
const DEFAULT_URL_SCHEME = 'https://'

export interface S3StorageSettings {
  readonly bucket: string
  readonly region: string
  /** `store.url`: the endpoint; null for the SDK's standard resolution. */
  readonly endpoint: string | null
  readonly pathStyle: boolean
  /** `s3.wan.mode`: the transfer acceleration endpoint. */
  readonly accelerate: boolean
  /** `s3.part.size`: files larger than this are multipart uploads with parts of this size. */
  readonly partSize: number
  /** `s3.part.retries`: retries of one request (the SDK's, with its backoff). */
  readonly retries: number
  /** `s3.ssea.name`, `s3.sse.kms.key.id`, `s3.sse.customer.key`. */
  readonly sse: { readonly algorithm: string; readonly kmsKeyId: string; readonly customerKey: string | null }
  /** `s3.acl.canned`. */
  readonly cannedAcl: ObjectCannedACL | null
  /** `s3.object.storage.class` (connectless): null for the bucket's default. */
  readonly storageClass: StorageClass | null
  /** `s3.send.digest`: send Content-MD5 with every upload. */
  readonly sendDigest: boolean
  /** `aws.access.key.id` / `aws.secret.access.key`, when both are set. */
  readonly credentials: { readonly accessKeyId: string; readonly secretAccessKey: string } | null
}

/** What a file write did. */
export const PutOutcome = {
  /** The key was free: the file is new. */
  CREATED: 'created',
  /** The key held the same bytes already (written by an earlier attempt of the same batch). */
  UNCHANGED: 'unchanged',
  /** The key held other bytes from an earlier, uncommitted attempt; they were replaced. */
  REPLACED: 'replaced',
} as const
export type PutOutcome = (typeof PutOutcome)[keyof typeof PutOutcome]

export interface PutFileOptions {
  /** Object tags (`s3.object.tagging`). */
  readonly tags?: Readonly<Record<string, string>>
}

/** The storage settings of a connector config. */
export function storageSettings(config: S3SinkConfig): S3StorageSettings {
  const v = config.parsed.values
  const originals = config.parsed.originals()
  const url = v['store.url']?.trim() ?? ''
  const accessKeyId = v['aws.access.key.id'].trim()
  const secret = v['aws.secret.access.key']
  const secretAccessKey = secret === null ? '' : secret.value()
  if (v['s3.credentials.provider.class'] !== DEFAULT_CREDENTIALS_PROVIDER && accessKeyId === '') {
    warnOnce(
      `s3-sink:credentials-provider:${v['s3.credentials.provider.class']}`,
      `s3.credentials.provider.class ${v['s3.credentials.provider.class']} cannot be loaded here; the AWS SDK's default credentials chain (the function's role) is used`,
      { key: 's3.credentials.provider.class' },
    )
  }
  if ((v['s3.proxy.url'] ?? '').trim() !== '') {
    warnOnce('s3-sink:proxy', 's3.proxy.url is not supported; S3 is reached directly (or through HTTPS_PROXY)', {
      key: 's3.proxy.url',
    })
  }
  const customerKey = v['s3.sse.customer.key']
  const configuredRegion = originals['s3.region']
  return {
    bucket: v['s3.bucket.name'],
    // Confluent's default region is us-west-2 whatever the worker's; a function defaults to its own
    region:
      configuredRegion !== undefined && configuredRegion !== null && configuredRegion.trim() !== ''
        ? v['s3.region']
        : (process.env['AWS_REGION'] ?? v['s3.region']),
    endpoint: url === '' ? null : /^[a-z][a-z0-9+.-]*:\/\//i.test(url) ? url : DEFAULT_URL_SCHEME + url,
    pathStyle: v['s3.path.style.access.enabled'],
    accelerate: v['s3.wan.mode'],
    partSize: v['s3.part.size'],
    retries: v['s3.part.retries'],
    sse: {
      algorithm: v['s3.ssea.name'],
      kmsKeyId: v['s3.sse.kms.key.id'],
      customerKey: customerKey === null || customerKey.value().trim() === '' ? null : customerKey.value(),
    },
    cannedAcl: (v['s3.acl.canned']?.trim() as ObjectCannedACL | undefined) ?? null,
    storageClass: (v['s3.object.storage.class'] as StorageClass | null) ?? null,
    sendDigest: v['s3.send.digest'],
    credentials: accessKeyId !== '' && secretAccessKey !== '' ? { accessKeyId, secretAccessKey } : null,
  }
}

/** The S3 client for the settings. */
export function newS3Client(settings: S3StorageSettings): S3Client {
  const config: S3ClientConfig = {
    region: settings.region,
    forcePathStyle: settings.pathStyle,
    useAccelerateEndpoint: settings.accelerate,
    // a bucket in another region than s3.region still works (Confluent's SDK follows redirects too)
    followRegionRedirects: true,
    maxAttempts: Math.max(1, settings.retries + 1),
    ...(settings.endpoint === null ? {} : { endpoint: settings.endpoint }),
    ...(settings.credentials === null ? {} : { credentials: { ...settings.credentials } }),
  }
  return new S3Client(config)
}

const RETRIABLE_CODES = new Set([
  'SlowDown',
  'Throttling',
  'ThrottlingException',
  'TooManyRequestsException',
  'RequestTimeout',
  'RequestTimeoutException',
  'InternalError',
  'ServiceUnavailable',
  'RequestTimeTooSkewed',
  'OperationAborted',
  'ConditionalRequestConflict',
  'TimeoutError',
  'AbortError',
])
const NETWORK_CODES = new Set([
  'ECONNRESET',
  'ECONNREFUSED',
  'ECONNABORTED',
  'ETIMEDOUT',
  'EPIPE',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ERR_STREAM_PREMATURE_CLOSE',
])

interface SdkError {
  readonly name?: string
  readonly code?: string
  readonly message?: string
  readonly $metadata?: { readonly httpStatusCode?: number }
  readonly $retryable?: unknown
}

function statusOf(e: unknown): number | undefined {
  return typeof e === 'object' && e !== null ? (e as SdkError).$metadata?.httpStatusCode : undefined
}

/** Whether an S3 failure is worth delivering the batch again: throttling, 5xx, timeouts, the network. */
export function isRetriable(e: unknown): boolean {
  if (typeof e !== 'object' || e === null) return false
  const err = e as SdkError
  const status = statusOf(e)
  if (status !== undefined && (status >= 500 || status === 429)) return true
  if (err.$retryable !== undefined) return true
  if (err.name !== undefined && RETRIABLE_CODES.has(err.name)) return true
  if (err.code !== undefined && NETWORK_CODES.has(err.code)) return true
  const cause = (e as { cause?: unknown }).cause
  return cause !== undefined && cause !== e && isRetriable(cause)
}

const isPreconditionFailed = (e: unknown) =>
  statusOf(e) === 412 || (typeof e === 'object' && e !== null && (e as SdkError).name === 'PreconditionFailed')
const isNotFound = (e: unknown) => statusOf(e) === 404

export class S3Storage {
  readonly bucket: string

  constructor(
    readonly settings: S3StorageSettings,
    private readonly client: S3Client = newS3Client(settings),
  ) {
    this.bucket = settings.bucket
  }

  /** Whether the bucket exists (Confluent's start-up check). Access denied counts as existing. */
  async bucketExists(): Promise<boolean> {
    try {
      await this.client.send(new HeadBucketCommand({ Bucket: this.bucket }))
      return true
    } catch (e) {
      if (isNotFound(e)) return false
      // s3:ListBucket is not needed to write objects: a role without it may still write
      if (statusOf(e) === 403) return true
      throw this.error(e, 'HeadBucket', null)
    }
  }

  /**
   * Writes a whole file under `key` unless the same bytes are there already (see the top of this
   * file). Single request up to `s3.part.size`, multipart upload above.
   */
  async putFile(key: string, bytes: Uint8Array, options: PutFileOptions = {}): Promise<PutOutcome> {
    const digest = createHash('sha256').update(bytes).digest('base64')
    return bytes.length > this.settings.partSize
      ? this.putMultipart(key, bytes, digest, options)
      : this.putSingle(key, bytes, digest, options)
  }

  private async putSingle(
    key: string,
    bytes: Uint8Array,
    digest: string,
    options: PutFileOptions,
  ): Promise<PutOutcome> {
    const put = (ifNoneMatch: boolean) =>
      this.client.send(
        new PutObjectCommand({
          ...this.writeParams(key, digest, options),
          Body: bytes,
          ContentLength: bytes.length,
          ...(this.settings.sendDigest ? { ContentMD5: md5(bytes) } : {}),
          ...(ifNoneMatch ? { IfNoneMatch: '*' } : {}),
        }),
      )
    try {
      await put(true)
      return PutOutcome.CREATED
    } catch (e) {
      if (!isPreconditionFailed(e)) throw this.error(e, 'PutObject', key)
    }
    const existing = await this.head(key)
    if (existing !== null && existing.Metadata?.[DIGEST_METADATA] === digest) return PutOutcome.UNCHANGED
    this.logReplace(key, existing)
    try {
      await put(false)
    } catch (e) {
      throw this.error(e, 'PutObject', key)
    }
    return PutOutcome.REPLACED
  }

  private async putMultipart(
    key: string,
    bytes: Uint8Array,
    digest: string,
    options: PutFileOptions,
  ): Promise<PutOutcome> {
    // large files: check first, so that a redelivered batch does not upload its parts again
    const existing = await this.head(key)
    if (existing !== null && existing.Metadata?.[DIGEST_METADATA] === digest) return PutOutcome.UNCHANGED
    let uploadId: string | undefined
    try {
      const created = await this.client.send(new CreateMultipartUploadCommand(this.writeParams(key, digest, options)))
      uploadId = created.UploadId
      const parts: CompletedPart[] = []
      const size = this.settings.partSize
      for (let start = 0, n = 1; start < bytes.length; start += size, n++) {
        const body = bytes.subarray(start, Math.min(start + size, bytes.length))
        const part = await this.client.send(
          new UploadPartCommand({
            Bucket: this.bucket,
            Key: key,
            UploadId: uploadId,
            PartNumber: n,
            Body: body,
            ContentLength: body.length,
            ...this.customerKeyParams(),
            ...(this.settings.sendDigest ? { ContentMD5: md5(body) } : {}),
          }),
        )
        parts.push({ ETag: part.ETag, PartNumber: n })
      }
      if (existing !== null) this.logReplace(key, existing)
      await this.client.send(
        new CompleteMultipartUploadCommand({
          Bucket: this.bucket,
          Key: key,
          UploadId: uploadId,
          MultipartUpload: { Parts: parts },
          ...this.customerKeyParams(),
          ...(existing === null ? { IfNoneMatch: '*' } : {}),
        }),
      )
      return existing === null ? PutOutcome.CREATED : PutOutcome.REPLACED
    } catch (e) {
      if (uploadId !== undefined) await this.abort(key, uploadId)
      if (isPreconditionFailed(e)) {
        // someone wrote the key between the check and the completion: deliver the batch again
        throw new RetriableException(
          `The object s3://${this.bucket}/${key} appeared while it was being uploaded; the batch will be written again`,
          { cause: e },
        )
      }
      throw this.error(e, 'multipart upload', key)
    }
  }

  /** A small text object (an upload manifest), or null where there is none. */
  async getText(key: string): Promise<string | null> {
    try {
      const res = await this.client.send(
        new GetObjectCommand({ Bucket: this.bucket, Key: key, ...this.customerKeyParams() }),
      )
      return res.Body === undefined ? '' : await res.Body.transformToString('utf8')
    } catch (e) {
      if (isNotFound(e)) return null
      throw this.error(e, 'GetObject', key)
    }
  }

  /** Writes a small text object unconditionally (an upload manifest). */
  async putText(key: string, text: string): Promise<void> {
    const body = Buffer.from(text, 'utf8')
    try {
      await this.client.send(
        new PutObjectCommand({
          Bucket: this.bucket,
          Key: key,
          Body: body,
          ContentLength: body.length,
          ContentType: 'application/json',
          ...this.encryptionParams(),
          ...(this.settings.cannedAcl === null ? {} : { ACL: this.settings.cannedAcl }),
          ...(this.settings.sendDigest ? { ContentMD5: md5(body) } : {}),
        }),
      )
    } catch (e) {
      throw this.error(e, 'PutObject', key)
    }
  }

  /** Deletes objects; a key that does not exist is no error. */
  async deleteObjects(keys: readonly string[]): Promise<void> {
    for (const key of keys) {
      try {
        await this.client.send(new DeleteObjectCommand({ Bucket: this.bucket, Key: key }))
      } catch (e) {
        if (!isNotFound(e)) throw this.error(e, 'DeleteObject', key)
      }
    }
  }

  close(): void {
    this.client.destroy()
  }

  private async head(key: string): Promise<HeadObjectCommandOutput | null> {
    try {
      return await this.client.send(
        new HeadObjectCommand({ Bucket: this.bucket, Key: key, ...this.customerKeyParams() }),
      )
    } catch (e) {
      if (isNotFound(e)) return null
      throw this.error(e, 'HeadObject', key)
    }
  }

  private async abort(key: string, uploadId: string): Promise<void> {
    try {
      await this.client.send(new AbortMultipartUploadCommand({ Bucket: this.bucket, Key: key, UploadId: uploadId }))
    } catch (e) {
      // as Confluent's: a failed abort leaves parts for the bucket's lifecycle rule to purge
      logger.warn('Unable to abort multipart upload, you may need to purge uploaded parts', {
        bucket: this.bucket,
        key,
        error: e instanceof Error ? e.message : String(e),
      })
    }
  }

  private logReplace(key: string, existing: HeadObjectCommandOutput | null): void {
    if (existing === null) return
    logger.info('Replacing an object an earlier, uncommitted attempt wrote with other records', {
      bucket: this.bucket,
      key,
    })
  }

  /** Everything PutObject and CreateMultipartUpload share. */
  private writeParams(key: string, digest: string, options: PutFileOptions) {
    const tags = options.tags === undefined ? '' : new URLSearchParams(Object.entries(options.tags)).toString()
    return {
      Bucket: this.bucket,
      Key: key,
      Metadata: { [DIGEST_METADATA]: digest },
      ...this.encryptionParams(),
      ...(this.settings.cannedAcl === null ? {} : { ACL: this.settings.cannedAcl }),
      ...(this.settings.storageClass === null ? {} : { StorageClass: this.settings.storageClass }),
      ...(tags === '' ? {} : { Tagging: tags }),
    }
  }

  /** Confluent's choice: SSE-C when a customer key is set with AES256, else SSE-S3 or SSE-KMS. */
  private encryptionParams() {
    const { algorithm, kmsKeyId, customerKey } = this.settings.sse
    if (algorithm === 'AES256' && customerKey === null) return { ServerSideEncryption: 'AES256' as const }
    if (algorithm === 'aws:kms' || algorithm === 'aws:kms:dsse') {
      return {
        ServerSideEncryption: algorithm as ServerSideEncryption,
        ...(kmsKeyId.trim() === '' ? {} : { SSEKMSKeyId: kmsKeyId }),
      }
    }
    return this.customerKeyParams()
  }

  /** SSE-C: every request that reads or writes the object's data carries the key. */
  private customerKeyParams() {
    const { algorithm, customerKey } = this.settings.sse
    if (algorithm !== 'AES256' || customerKey === null) return {}
    return { SSECustomerAlgorithm: 'AES256', SSECustomerKey: customerKey }
  }

  private error(e: unknown, action: string, key: string | null): ConnectException {
    if (e instanceof ConnectException) return e
    const err = (typeof e === 'object' && e !== null ? e : {}) as SdkError
    const where = key === null ? `s3://${this.bucket}` : `s3://${this.bucket}/${key}`
    const status = statusOf(e)
    const why = `${err.name ?? 'Error'}${status === undefined ? '' : ` (HTTP ${status})`}: ${err.message ?? String(e)}`
    const message = `S3 ${action} of ${where} failed: ${why}`
    return isRetriable(e) ? new RetriableException(message, { cause: e }) : new ConnectException(message, { cause: e })
  }
}

function md5(bytes: Uint8Array): string {
  return createHash('md5').update(bytes).digest('base64')
}
