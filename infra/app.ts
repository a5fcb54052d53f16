/**
 * The CDK app (cdk.json): `npx cdk synth -c worker=<worker.properties> -c connector=<connector.json>`
 * makes the connector's stack, named after the connector, and the platform stack it depends on.
 * `-c restApi=false` leaves out the Connect REST API; `-c restApi=true` requires it.
 */
import { readFileSync } from 'node:fs'
import { App } from 'aws-cdk-lib'
import { ConfigException } from '../layers/runtime/errors.js'
import { logger } from '../layers/runtime/logging.js'
import { addConnectlessStacks } from './connectless-app.js'
import { checkTransformChain } from './connector/chain-check.js'
import { parseConnectorFile } from './connector/connector-file.js'
import { parseWorkerSettings } from './worker/worker-settings.js'

const USAGE = 'usage: npx cdk synth -c worker=<worker.properties> -c connector=<connector.json> [-c restApi=true|false]'

function contextPath(app: App, key: string): string {
  const value: unknown = app.node.tryGetContext(key)
  if (typeof value !== 'string' || value === '') throw new ConfigException(`-c ${key}=<file> is missing; ${USAGE}`)
  return value
}

function readText(path: string, what: string): string {
  try {
    return readFileSync(path, 'utf8')
  } catch (error) {
    throw new ConfigException(
      `Cannot read the ${what} ${path}: ${error instanceof Error ? error.message : String(error)}`,
      { cause: error },
    )
  }
}

function restApiFlag(app: App): boolean | undefined {
  const value: unknown = app.node.tryGetContext('restApi')
  if (value === undefined) return undefined
  if (value === true || value === 'true') return true
  if (value === false || value === 'false') return false
  throw new ConfigException(`-c restApi=${String(value)}: expected true or false`)
}

async function main(): Promise<void> {
  // Config warnings become synth annotations; the runtime's own log lines would only repeat them.
  logger.setLogLevel('ERROR')
  const app = new App()
  const workerPath = contextPath(app, 'worker')
  const connectorPath = contextPath(app, 'connector')
  const worker = parseWorkerSettings(readText(workerPath, 'worker properties'), workerPath)
  const connector = parseConnectorFile(readText(connectorPath, 'connector config'), connectorPath)
  const warnings = await checkTransformChain(connector)
  const restApi = restApiFlag(app)
  addConnectlessStacks(app, { worker, connector, warnings, ...(restApi === undefined ? {} : { restApi }) })
  app.synth()
}

main().catch((error: unknown) => {
  if (error instanceof ConfigException) {
    process.stderr.write(`connectless: ${error.message}\n`)
  } else {
    process.stderr.write(`connectless: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`)
  }
  process.exitCode = 1
})
