/**
 * Write access to where a sink writes, and nowhere else: S3 objects under the connector's
 * `topics.dir` prefix of its bucket (with the SSE-KMS key, where one is named); HTTP requests to the
 * OpenSearch Service domains or Serverless collections its `connection.url` names. Basic-auth
 * clusters need no IAM.
 */
import { ArnFormat, Stack } from 'aws-cdk-lib'
import * as iam from 'aws-cdk-lib/aws-iam'
import type { OpenSearchDestination } from '../connector/opensearch-sink-plan.js'
import type { S3Destination } from '../connector/s3-sink-plan.js'
import { resourceFinding, suppressNag } from './nag.js'

// The requests the sink sends: version and index checks (GET, HEAD), index and mapping creation (PUT), bulk (POST).
const OPENSEARCH_HTTP_ACTIONS = ['es:ESHttpGet', 'es:ESHttpHead', 'es:ESHttpPost', 'es:ESHttpPut']

// Files (single and multipart uploads, with If-None-Match), the digest check of an existing file
// (HeadObject is authorized as GetObject), and the upload manifests under the same prefix.
const S3_OBJECT_ACTIONS = ['s3:PutObject', 's3:GetObject', 's3:DeleteObject', 's3:AbortMultipartUpload']

function grantS3(role: iam.Role, destination: S3Destination): void {
  const partition = Stack.of(role).partition
  const objects = `arn:${partition}:s3:::${destination.bucketName}/${destination.keyPrefix}*`
  role.addToPolicy(new iam.PolicyStatement({ actions: S3_OBJECT_ACTIONS, resources: [objects] }))
  // Without ListBucket, S3 answers a HEAD of a missing key with 403 instead of 404, which the sink's
  // "is this file there already?" check must tell apart. S3 sets no prefix in that check's context, so
  // the permission cannot be narrowed to the prefix; it reveals key names of this bucket only.
  role.addToPolicy(
    new iam.PolicyStatement({
      actions: ['s3:ListBucket'],
      resources: [`arn:${partition}:s3:::${destination.bucketName}`],
    }),
  )
  if (destination.kmsKeyArn !== null) {
    role.addToPolicy(new iam.PolicyStatement({ actions: ['kms:GenerateDataKey'], resources: [destination.kmsKeyArn] }))
  }
  suppressNag(
    role,
    'IAM5',
    'The S3 sink names its objects by topic, partition and offset as Confluent does (and keeps its upload manifests beside them), so it may write any object under its topics.dir prefix, and only there.',
    [resourceFinding(role, objects)],
  )
}

function grantOpenSearch(role: iam.Role, destination: OpenSearchDestination): void {
  const stack = Stack.of(role)
  const domains = destination.domains.map((d) =>
    stack.formatArn({ service: 'es', region: d.region, resource: 'domain', resourceName: `${d.domainName}/*` }),
  )
  if (domains.length > 0) {
    role.addToPolicy(new iam.PolicyStatement({ actions: OPENSEARCH_HTTP_ACTIONS, resources: domains }))
    suppressNag(
      role,
      'IAM5',
      'OpenSearch Service authorizes HTTP requests by path under the domain; the sink creates and writes indices named after its topics, so it may send requests to any path of its domain, and only that domain.',
      domains.map((arn) => resourceFinding(role, arn)),
    )
  }
  const collections = destination.collections.map((c) =>
    stack.formatArn({
      service: 'aoss',
      region: c.region,
      resource: 'collection',
      resourceName: c.collectionId,
      arnFormat: ArnFormat.SLASH_RESOURCE_NAME,
    }),
  )
  if (collections.length > 0) {
    role.addToPolicy(new iam.PolicyStatement({ actions: ['aoss:APIAccessAll'], resources: collections }))
  }
}

export function grantSinkDestination(role: iam.Role, destination: S3Destination | OpenSearchDestination): void {
  if (destination.service === 's3') grantS3(role, destination)
  else grantOpenSearch(role, destination)
}
