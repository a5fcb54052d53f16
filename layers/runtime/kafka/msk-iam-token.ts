/**
 * The SASL/OAUTHBEARER token of Amazon MSK's IAM access control, made as AWS's signers
 * (`aws-msk-iam-sasl-signer-js`, `aws-msk-iam-auth`) make it: an AWS Signature Version 4 presigned
 * `GET https://kafka.<region>.amazonaws.com/?Action=kafka-cluster%3AConnect`, service `kafka-cluster`,
 * valid 900 seconds, with a `User-Agent` query parameter added after signing, the whole URL encoded
 * as base64url without padding. The broker checks the signature with the caller's IAM identity, so
 * the token is as good as the credentials that signed it: the function's role on Lambda.
 *
 * SigV4 query signing is done here with node:crypto (HMAC-SHA256), so the producer needs no signer
 * package; {@link presignUrl} is tested against AWS's published presigned-URL example.
 */
import { createHash, createHmac } from 'node:crypto'

/** AWS credentials as the SDK's credential providers give them. */
export interface AwsCredentials {
  readonly accessKeyId: string
  readonly secretAccessKey: string
  readonly sessionToken?: string | undefined
}

export const MSK_SIGNING_SERVICE = 'kafka-cluster'
export const MSK_ACTION = 'kafka-cluster:Connect'
export const MSK_TOKEN_EXPIRY_SECONDS = 900
export const MSK_USER_AGENT = 'connectless-msk-iam'
/** The SHA-256 of an empty body: what AWS's signers sign for a presigned request without one. */
export const EMPTY_PAYLOAD_SHA256 = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855'

export interface PresignRequest {
  readonly host: string
  readonly path: string
  readonly query: Readonly<Record<string, string>>
}

export interface PresignOptions {
  readonly service: string
  readonly region: string
  readonly credentials: AwsCredentials
  readonly date: Date
  readonly expiresSeconds: number
  /** The payload hash signed (default: that of an empty body; S3 presigns `UNSIGNED-PAYLOAD`). */
  readonly payloadHash?: string
}

/** RFC 3986 percent-encoding, as SigV4 canonicalises query keys and values. */
function uriEncode(value: string): string {
  return encodeURIComponent(value).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)
}

function sha256Hex(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex')
}

function hmac(key: string | Buffer, text: string): Buffer {
  return createHmac('sha256', key).update(text, 'utf8').digest()
}

/** `20130524T000000Z` */
function amzDate(date: Date): string {
  return date
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '')
}

function queryString(query: Readonly<Record<string, string>>): string {
  return Object.entries(query)
    .map(([k, v]) => [uriEncode(k), uriEncode(v)] as const)
    .sort(([a, av], [b, bv]) => (a < b ? -1 : a > b ? 1 : av < bv ? -1 : av > bv ? 1 : 0))
    .map(([k, v]) => `${k}=${v}`)
    .join('&')
}

/**
 * A SigV4 presigned HTTPS URL (query-string authentication, `host` the only signed header): the
 * request's query plus `X-Amz-Algorithm`, `X-Amz-Credential`, `X-Amz-Date`, `X-Amz-Expires`,
 * `X-Amz-Security-Token` (with session credentials), `X-Amz-SignedHeaders` and `X-Amz-Signature`.
 */
export function presignUrl(request: PresignRequest, options: PresignOptions): string {
  const { credentials, region, service } = options
  const datetime = amzDate(options.date)
  const day = datetime.slice(0, 8)
  const scope = `${day}/${region}/${service}/aws4_request`
  const query: Record<string, string> = {
    ...request.query,
    'X-Amz-Algorithm': 'AWS4-HMAC-SHA256',
    'X-Amz-Credential': `${credentials.accessKeyId}/${scope}`,
    'X-Amz-Date': datetime,
    'X-Amz-Expires': String(options.expiresSeconds),
    'X-Amz-SignedHeaders': 'host',
  }
  if (credentials.sessionToken !== undefined && credentials.sessionToken !== '') {
    query['X-Amz-Security-Token'] = credentials.sessionToken
  }
  const canonicalQuery = queryString(query)
  const canonicalRequest = [
    'GET',
    request.path.split('/').map(uriEncode).join('/') || '/',
    canonicalQuery,
    `host:${request.host}\n`,
    'host',
    options.payloadHash ?? EMPTY_PAYLOAD_SHA256,
  ].join('\n')
  const stringToSign = ['AWS4-HMAC-SHA256', datetime, scope, sha256Hex(canonicalRequest)].join('\n')
  let key = hmac(`AWS4${credentials.secretAccessKey}`, day)
  key = hmac(key, region)
  key = hmac(key, service)
  key = hmac(key, 'aws4_request')
  const signature = createHmac('sha256', key).update(stringToSign, 'utf8').digest('hex')
  return `https://${request.host}${request.path}?${canonicalQuery}&X-Amz-Signature=${signature}`
}

/**
 * The MSK IAM token for a region: the presigned `kafka-cluster:Connect` URL, base64url without padding.
 * `now` is injectable for tests.
 */
export async function mskIamToken(options: {
  readonly region: string
  readonly credentials: () => Promise<AwsCredentials>
  readonly now?: () => Date
}): Promise<string> {
  const credentials = await options.credentials()
  if (!credentials.accessKeyId || !credentials.secretAccessKey) {
    throw new Error('MSK IAM: the AWS credentials are empty; the function needs a role (or AWS_* variables)')
  }
  const host = `kafka.${options.region}.amazonaws.com`
  const signed = presignUrl(
    { host, path: '/', query: { Action: MSK_ACTION } },
    {
      service: MSK_SIGNING_SERVICE,
      region: options.region,
      credentials,
      date: (options.now ?? (() => new Date()))(),
      expiresSeconds: MSK_TOKEN_EXPIRY_SECONDS,
    },
  )
  // added after signing, as AWS's signers add it
  const url = `${signed}&User-Agent=${uriEncode(MSK_USER_AGENT)}`
  return Buffer.from(url, 'utf8').toString('base64url')
}

/**
 * The region of an MSK broker from its host name (`b-1.c.x.c2.kafka.eu-west-1.amazonaws.com`,
 * `boot-x.c1.kafka-serverless.us-east-1.amazonaws.com`), or null for other hosts.
 */
export function mskRegionOf(hostAndPort: string): string | null {
  const host = hostAndPort.replace(/:\d+$/, '')
  const match = /\.kafka(?:-serverless)?\.([a-z]{2}(?:-[a-z]+)+-\d+)\.amazonaws\.com(?:\.cn)?$/.exec(host)
  return match?.[1] ?? null
}
