/**
 * `connectless standalone worker.properties connector.json [more.json …]`: connect-standalone.sh's
 * counterpart on a laptop, against a real Kafka, with the same handlers that run on Lambda.
 */
import { readFileSync } from 'node:fs'
import { parseConnectorFile } from '../../infra/connector/connector-file.js'
import { parseWorkerProperties } from '../../layers/runtime/config/worker-properties.js'
import { logger, logToStderr } from '../../layers/runtime/logging.js'
import { type Command, UsageError } from '../command.js'
import { StandaloneWorker } from '../standalone/worker.js'

function readConnector(path: string) {
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

export const standaloneCommand: Command = {
  name: 'standalone',
  summary: 'run connectors locally against a real Kafka, as connect-standalone.sh does',
  usage: 'connectless standalone worker.properties connector.json [connector.json …]',
  async run(args) {
    const [workerPath, ...connectorPaths] = args
    if (!workerPath || connectorPaths.length === 0)
      throw new UsageError('expected a worker properties file and at least one connector config')
    logToStderr()
    const { properties, warnings } = parseWorkerProperties(readFileSync(workerPath, 'utf8'))
    for (const w of warnings) process.stderr.write(`${workerPath}:${w.line}: ${w.message}\n`)
    const worker = new StandaloneWorker(properties, workerPath)
    for (const path of connectorPaths) await worker.add(readConnector(path))

    const tty = process.stderr.isTTY
    const timer = setInterval(() => {
      const lines = worker.progress()
      if (tty) process.stderr.write(`\x1b[${lines.length}A\x1b[0J`)
      process.stderr.write(`${lines.join('\n')}\n`)
    }, 2_000)
    if (tty) process.stderr.write(`${worker.progress().join('\n')}\n`)

    await new Promise<void>((resolve) => {
      const stop = (signal: string) => {
        logger.info(`Received ${signal}: stopping after the batches in hand`)
        process.off('SIGINT', onInt)
        process.off('SIGTERM', onTerm)
        resolve()
      }
      const onInt = () => stop('SIGINT')
      const onTerm = () => stop('SIGTERM')
      process.on('SIGINT', onInt)
      process.on('SIGTERM', onTerm)
    })
    clearInterval(timer)
    await worker.shutdown()
    process.stderr.write(`${worker.progress().join('\n')}\nstopped cleanly; offsets committed\n`)
    return 0
  },
}
