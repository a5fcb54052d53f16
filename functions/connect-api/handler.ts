/**
 * The Connect REST API on AWS: the Lambda function behind API Gateway (a REST API or an HTTP API,
 * IAM-authorised, proxy integration), answering as a Kafka Connect worker on :8083 does. State comes
 * from DynamoDB (the status store the connector functions write, the offset stores); pause, resume,
 * stop and restart act on the connectors' event source mappings, schedules and functions.
 *
 * Environment: `CONNECTLESS_STATUS_TABLE` (default: the offsets table, `CONNECTLESS_OFFSETS_TABLE`),
 * `CONNECTLESS_KAFKA_CLUSTER_ID` (for `GET /`), and the AWS SDK's usual variables.
 */

import type { ConnectApiBackend } from '../../layers/runtime/rest/backend.js'
import { type ConnectApi, connectApi } from '../../layers/runtime/rest/connect-api.js'
import { StatusStore } from '../../layers/runtime/status/status-store.js'
import { type ApiGatewayEvent, type ApiGatewayResult, toApiGatewayResult, toRestRequest } from './api-gateway.js'
import { AwsConnectBackend } from './aws-backend.js'
import { AwsConnectorControl } from './aws-control.js'
import { allPlugins } from './plugins.js'

export type ConnectApiHandler = (event: ApiGatewayEvent) => Promise<ApiGatewayResult>

/** The handler over a backend (by default the AWS one, built at the first request). */
export function connectApiHandler(backend?: () => ConnectApiBackend): ConnectApiHandler {
  let api: ConnectApi | undefined
  return async (event) => {
    api ??= connectApi(
      backend?.() ??
        new AwsConnectBackend({
          store: new StatusStore(),
          control: new AwsConnectorControl(),
          plugins: (() => {
            let cached: ReturnType<typeof allPlugins> | undefined
            return () => {
              cached ??= allPlugins()
              return cached
            }
          })(),
        }),
    )
    return toApiGatewayResult(await api(toRestRequest(event)))
  }
}

export const handler = connectApiHandler()
