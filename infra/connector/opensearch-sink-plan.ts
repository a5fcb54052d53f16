/**
 * What the OpenSearch sink's config means for its deployment: batches of `batch.size` records, a
 * batching window of `linger.ms` (the function's `eventSourceBatching`), and, where requests are
 * signed with SigV4, HTTP access to exactly the Amazon OpenSearch Service domains or OpenSearch
 * Serverless collections `connection.url` names.
 */

import { eventSourceBatching, parseOpenSearchSinkConfig } from '../../functions/opensearch-sink/config.js'
import type { ConfigProps } from '../../layers/runtime/config/parsed-config.js'
import { ConfigException } from '../../layers/runtime/errors.js'
import { batchingWindowFor, batchSizeFor, MAX_BATCHING_WINDOW_SECONDS } from './event-source-batching.js'

export interface OpenSearchDomainRef {
  readonly region: string
  readonly domainName: string
}

export interface OpenSearchCollectionRef {
  readonly region: string
  readonly collectionId: string
}

export interface OpenSearchDestination {
  readonly service: 'opensearch'
  /** Amazon OpenSearch Service domains (SigV4 service `es`). */
  readonly domains: readonly OpenSearchDomainRef[]
  /** OpenSearch Serverless collections (SigV4 service `aoss`). */
  readonly collections: readonly OpenSearchCollectionRef[]
}

export interface OpenSearchSinkPlan {
  readonly batchSize: number
  readonly maxBatchingWindowSeconds: number
  readonly destination: OpenSearchDestination
  readonly warnings: readonly string[]
}

// Domain endpoints: search-<domain>-<id>.<region>.es.amazonaws.com (public) or vpc-<domain>-<id>… (VPC).
const DOMAIN_ENDPOINT = /^(?:search|vpc)-([a-z][a-z0-9-]*)-[a-z0-9]+\.([a-z0-9-]+)\.es\.amazonaws\.com$/
// Collection endpoints: <collection id>.<region>.aoss.amazonaws.com.
const COLLECTION_ENDPOINT = /^([a-z0-9]+)\.([a-z0-9-]+)\.aoss\.amazonaws\.com$/

function hostOf(url: string): string {
  return new URL(url).hostname.toLowerCase()
}

function notAnEndpoint(url: string, kind: string): ConfigException {
  return ConfigException.invalid(
    'connection.url',
    url,
    `SigV4 signing is on (connectless.aws.sigv4.region), so the function is granted access to the ${kind} the URL names; give the ${kind} endpoint from the AWS console (a custom endpoint cannot be mapped to its ${kind})`,
  )
}

export function planOpenSearchSink(props: ConfigProps): OpenSearchSinkPlan {
  const config = parseOpenSearchSinkConfig(props)
  const warnings = [...config.warnings]
  const batchSize = batchSizeFor('batch.size', config.batchSize, warnings)
  const window = eventSourceBatching(config).maximumBatchingWindowInSeconds
  const maxBatchingWindowSeconds =
    window < MAX_BATCHING_WINDOW_SECONDS ? window : batchingWindowFor('linger.ms', config.lingerMs, warnings)
  const domains: OpenSearchDomainRef[] = []
  const collections: OpenSearchCollectionRef[] = []
  for (const url of config.sigv4 === null ? [] : config.connectionUrls) {
    const host = hostOf(url)
    if (config.sigv4?.service === 'aoss') {
      const match = COLLECTION_ENDPOINT.exec(host)
      if (match === null) throw notAnEndpoint(url, 'OpenSearch Serverless collection')
      collections.push({ collectionId: match[1] as string, region: match[2] as string })
    } else {
      const match = DOMAIN_ENDPOINT.exec(host)
      if (match === null) throw notAnEndpoint(url, 'Amazon OpenSearch Service domain')
      domains.push({ domainName: match[1] as string, region: match[2] as string })
    }
  }
  return { batchSize, maxBatchingWindowSeconds, destination: { service: 'opensearch', domains, collections }, warnings }
}
