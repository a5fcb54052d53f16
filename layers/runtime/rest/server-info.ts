/** What `GET /` reports: the Kafka Connect release whose REST API this is, and connectless's version. */
import type { ServerInfo } from './entities.js'

/** The Kafka Connect release whose REST API connectless answers as (checked against a 4.4.0 worker). */
export const CONNECT_REST_API_VERSION = '4.4.0'

/** connectless's own version: the `version` of connectors' and tasks' status, and `commit` of `GET /`. */
export const CONNECTLESS_VERSION = '0.1.0'

/**
 * Connect's `ServerInfo`. `version` is the Connect release whose API this is, so that tools which check
 * it before using newer endpoints (`PUT …/stop`, `…/offsets`) use them; `commit` names connectless.
 */
export function serverInfo(kafkaClusterId: string | null): ServerInfo {
  return {
    version: CONNECT_REST_API_VERSION,
    commit: `connectless-${CONNECTLESS_VERSION}`,
    kafka_cluster_id: kafkaClusterId,
  }
}
