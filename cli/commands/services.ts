import { spawn } from 'node:child_process'
import { join } from 'node:path'
import { type Command, UsageError } from '../command.js'
import { projectRoot } from '../paths.js'

const script = join(projectRoot, 'infra/local/services.sh')

/** `connectless services up|down|status [service…]`: the local service stack (infra/local/services.sh). */
export const servicesCommand: Command = {
  name: 'services',
  summary: 'start, stop or show the local stack (Kafka, Postgres, moto, Schema Registry, OpenSearch)',
  usage: 'connectless services up|down|status|env [postgres|moto|kafka|registry|registry-auth|opensearch …]',
  run(args) {
    const action = args[0]
    if (action === undefined || !['up', 'down', 'status', 'env'].includes(action)) {
      throw new UsageError(`expected up, down, status or env, got ${action === undefined ? 'nothing' : `'${action}'`}`)
    }
    return new Promise((resolve) => {
      const child = spawn('bash', [script, ...args], { stdio: 'inherit' })
      child.on('exit', (code) => resolve(code ?? 1))
    })
  },
}
