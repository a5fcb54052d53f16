/**
 * `connectless standalone worker.properties connector.json [more.json …]`: connect-standalone.sh's
 * counterpart on a laptop, against a real Kafka, with the same handlers that run on Lambda, and
 * Connect's REST API on the worker's listener (`listeners` or `rest.port`, default 127.0.0.1:8083).
 */
import { readFileSync } from 'node:fs'
import type { Server } from 'node:http'
import { parseConnectorFile } from '../../infra/connector/connector-file.js'
import type { ConfigProps } from '../../layers/runtime/config/parsed-config.js'
import { parseWorkerProperties } from '../../layers/runtime/config/worker-properties.js'
import { logger, logToStderr } from '../../layers/runtime/logging.js'
import { connectApi } from '../../layers/runtime/rest/connect-api.js'
import { closeServer, serveConnectApi, serverPort } from '../../layers/runtime/rest/node-server.js'
import { type Command, UsageError } from '../command.js'
import { StandaloneBackend } from '../standalone/rest-backend.js'
import { type RestListener, restListener, restUrl, workerIdOf } from '../standalone/rest-listener.js'
import { type ConnectorFile, StandaloneWorker } from '../standalone/worker.js'

export function readConnector(path: string): ConnectorFile {
  const text = readFileSync(path, 'utf8')
  if (path.endsWith('.properties')) {
    const { properties } = parseWorkerProperties(text)
    const name = properties['name']
    if (!name) throw new UsageError(`${path}: the connector has no name`)
    return { name, config: properties, path }
  }
  const def = parseConnectorFile(text, path)
  return { name: def.name, config: def.config, path }
}

async function listen(api: ReturnType<typeof connectApi>, listener: RestListener, workerPath: string): Promise<Server> {
  try {
    return await serveConnectApi(api, { port: listener.port, host: listener.host })
  } catch (e) {
    const code = (e as { code?: string }).code
    const where = `${listener.host}:${listener.port}`
    if (code === 'EADDRINUSE') {
      throw new Error(
        `The REST API cannot listen on ${where}: the port is in use (another worker?). Set listeners=http://127.0.0.1:<port> (or rest.port) in ${workerPath}`,
      )
    }
    throw new Error(`The REST API cannot listen on ${where}: ${e instanceof Error ? e.message : String(e)}`)
  }
}

/** A running standalone runner: the worker and its REST server. */
export interface Standalone {
  readonly worker: StandaloneWorker
  readonly server: Server
  /** Where the REST API answers: `http://127.0.0.1:8083`. */
  readonly url: string
  /** Stops every connector after its batch in hand, then the REST server. */
  stop(): Promise<void>
}

/** Starts the REST API, then the connectors, as Connect's standalone worker does. */
export async function startStandalone(
  worker: ConfigProps,
  workerPath: string,
  connectors: readonly ConnectorFile[],
): Promise<Standalone> {
  const listener = restListener(worker)
  const standalone = new StandaloneWorker(worker, workerPath)
  const server = await listen(connectApi(new StandaloneBackend(standalone)), listener, workerPath)
  const port = serverPort(server)
  standalone.workerId = workerIdOf(listener, port)
  const url = restUrl(listener.host, port)
  // one plain line, for people and for scripts waiting for the API
  process.stderr.write(`REST API listening on ${url}\n`)
  logger.info(`REST API listening on ${url}`, { offsets: standalone.offsets.where })
  const stop = async () => {
    // no more requests (a resume now would start tasks again), then every connector after its batch in hand
    const closed = closeServer(server)
    server.closeAllConnections()
    try {
      await standalone.shutdown()
    } finally {
      await closed
    }
  }
  try {
    for (const connector of connectors) await standalone.add(connector)
  } catch (e) {
    await stop()
    throw e
  }
  return { worker: standalone, server, url, stop }
}

export const standaloneCommand: Command = {
  name: 'standalone',
  summary: 'run connectors locally against a real Kafka, with the REST API on :8083, as connect-standalone.sh does',
  usage: 'connectless standalone worker.properties connector.json [connector.json …]',
  async run(args) {
    const [workerPath, ...connectorPaths] = args
    if (!workerPath || connectorPaths.length === 0)
      throw new UsageError('expected a worker properties file and at least one connector config')
    logToStderr()
    const { properties, warnings } = parseWorkerProperties(readFileSync(workerPath, 'utf8'))
    for (const w of warnings) process.stderr.write(`${workerPath}:${w.line}: ${w.message}\n`)
    const connectors = connectorPaths.map(readConnector)
    const runner = await startStandalone(properties, workerPath, connectors)

    const tty = process.stderr.isTTY
    let shown = 0
    const show = () => {
      const lines = runner.worker.progress()
      if (tty && shown > 0) process.stderr.write(`\x1b[${shown}A\x1b[0J`)
      process.stderr.write(`${lines.join('\n')}\n`)
      shown = tty ? lines.length : 0
    }
    const timer = setInterval(show, 2_000)
    show()

    const signal = await new Promise<string>((resolve) => {
      const onInt = () => stop('SIGINT')
      const onTerm = () => stop('SIGTERM')
      const stop = (name: string) => {
        process.off('SIGINT', onInt)
        process.off('SIGTERM', onTerm)
        // a second Ctrl-C does not wait: the batches in hand are delivered again at the next start
        const force = () => {
          process.stderr.write('stopping at once: the batches in hand are not committed and will be delivered again\n')
          process.exit(130)
        }
        process.once('SIGINT', force)
        process.once('SIGTERM', force)
        resolve(name)
      }
      process.on('SIGINT', onInt)
      process.on('SIGTERM', onTerm)
    })
    clearInterval(timer)
    shown = 0
    process.stderr.write(`Received ${signal}: stopping after the batches in hand (Ctrl-C again to stop at once)\n`)
    await runner.stop()
    process.stderr.write(`${runner.worker.progress().join('\n')}\nstopped cleanly; offsets committed\n`)
    // everything is closed; an idle keep-alive socket of a client library must not hold the exit up
    setTimeout(() => process.exit(), 3_000).unref()
    return 0
  },
}
