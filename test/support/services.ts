// The local service stack, as the tests see it: which services exist, where they listen, and how a test
// file makes sure the ones it needs are up.
//
// An integration test file calls `requireServices(...)` at its top level:
//
//   requireServices('kafka', 'postgres')
//
// That does two things. The global setup (test/support/global-setup.ts) reads those literal names from the
// source of every file in the run and starts the services once, before any file runs; and in the file itself a
// `beforeAll` runs the same start, so a single file run alone with another config (or in watch mode after a
// service was stopped) also works. Both ask `infra/local/services.sh status` first and run `services.sh up` (which
// is idempotent and holds a lock) only when a service is down; see ensureServices in global-setup.ts. Services are
// never stopped by the tests: `bash infra/local/services.sh down` does that.
import { beforeAll } from 'vitest'
import { ensureServices, isServiceName, SERVICE_NAMES, type ServiceName } from './global-setup.js'

export { ensureServices, SERVICE_NAMES, type ServiceName }

// --- endpoints: the same defaults and CONNECTLESS_*_PORT overrides as infra/local/services.sh -------------

function port(variable: string, fallback: number): number {
  const raw = process.env[variable]
  if (raw === undefined || raw === '') return fallback
  const n = Number(raw)
  if (!Number.isInteger(n) || n < 1 || n > 65535) {
    throw new Error(`${variable}=${JSON.stringify(raw)} is not a TCP port (1-65535)`)
  }
  return n
}

const HOST = '127.0.0.1'
const KAFKA_PORT = port('CONNECTLESS_KAFKA_PORT', 9092)
const PG_PORT = port('CONNECTLESS_PG_PORT', 55432)
const MOTO_PORT = port('CONNECTLESS_MOTO_PORT', 5000)
const REGISTRY_PORT = port('CONNECTLESS_REGISTRY_PORT', 8081)
const REGISTRY_AUTH_PORT = port('CONNECTLESS_REGISTRY_AUTH_PORT', 8082)
const OPENSEARCH_PORT = port('CONNECTLESS_OPENSEARCH_PORT', 9201)
// the throwaway credentials services.sh gives the registry that runs with basic auth
const REGISTRY_USER = 'registry'
const REGISTRY_PASSWORD = 'registry-secret'

export interface Endpoints {
  readonly kafka: { readonly bootstrapServers: readonly string[] }
  readonly postgres: {
    readonly url: string
    readonly host: string
    readonly port: number
    readonly user: string
    readonly database: string
  }
  /** moto: every AWS client of the tests points here (S3 also needs `forcePathStyle: true`) */
  readonly aws: {
    readonly endpoint: string
    readonly region: string
    readonly credentials: { readonly accessKeyId: string; readonly secretAccessKey: string }
  }
  /** Apicurio's Confluent-compatible API, no authentication */
  readonly registry: { readonly url: string }
  /** the same API on a second instance that requires HTTP basic auth */
  readonly registryAuth: {
    readonly url: string
    readonly username: string
    readonly password: string
    /** `user:password`, the form of Confluent's `basic.auth.user.info` */
    readonly userInfo: string
  }
  readonly opensearch: { readonly url: string }
}

export const endpoints: Endpoints = {
  kafka: { bootstrapServers: [`${HOST}:${KAFKA_PORT}`] },
  postgres: {
    url: `postgres://postgres@${HOST}:${PG_PORT}/postgres`,
    host: HOST,
    port: PG_PORT,
    user: 'postgres',
    database: 'postgres',
  },
  aws: {
    endpoint: `http://${HOST}:${MOTO_PORT}`,
    region: 'us-east-1',
    credentials: { accessKeyId: 'testing', secretAccessKey: 'testing' },
  },
  registry: { url: `http://${HOST}:${REGISTRY_PORT}/apis/ccompat/v7` },
  registryAuth: {
    url: `http://${HOST}:${REGISTRY_AUTH_PORT}/apis/ccompat/v7`,
    username: REGISTRY_USER,
    password: REGISTRY_PASSWORD,
    userInfo: `${REGISTRY_USER}:${REGISTRY_PASSWORD}`,
  },
  opensearch: { url: `http://${HOST}:${OPENSEARCH_PORT}` },
}

/**
 * Declare the services this integration test file needs. Call it at the top level of the file, with string
 * literals (the global setup reads them from the source to start everything before the run begins).
 */
export function requireServices(...names: ServiceName[]): void {
  for (const name of names) {
    if (!isServiceName(name)) {
      throw new Error(`requireServices: unknown service '${String(name)}' (known: ${SERVICE_NAMES.join(', ')})`)
    }
  }
  // a first start can take minutes (downloads, JVM starts); hookTimeout in vitest.config.ts allows 240 s
  beforeAll(() => ensureServices(names, { timeoutMs: 235_000 }), 240_000)
}
