#!/usr/bin/env node
/**
 * `connectless`: the command line. Each sub-command lives in cli/commands/ and is listed here.
 */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { type Command, UsageError } from './command.js'
import { cdkCommands } from './commands/cdk.js'
import { costCommand } from './commands/cost.js'
import { demoCommand } from './commands/demo.js'
import { dlqCommand } from './commands/dlq.js'
import { servicesCommand } from './commands/services.js'
import { standaloneCommand } from './commands/standalone.js'
import { statusCommand } from './commands/status.js'
import { transformCommand } from './commands/transform.js'
import { projectRoot } from './paths.js'

const commands: readonly Command[] = [
  costCommand,
  demoCommand,
  dlqCommand,
  servicesCommand,
  standaloneCommand,
  statusCommand,
  transformCommand,
  ...cdkCommands,
]

function version(): string {
  const pkg = JSON.parse(readFileSync(join(projectRoot, 'package.json'), 'utf8')) as { version: string }
  return pkg.version
}

function help(): string {
  const width = Math.max(...commands.map((c) => c.name.length))
  return [
    'connectless: Kafka Connect without the Connect cluster',
    '',
    'Usage: connectless <command> [options]',
    '',
    'Commands:',
    ...commands.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    '',
    'Options:',
    "  -h, --help     show this help, or a command's usage with `connectless <command> --help`",
    '  -v, --version  print the version',
  ].join('\n')
}

export async function main(argv: readonly string[]): Promise<number> {
  const [name, ...rest] = argv
  if (name === undefined || name === '-h' || name === '--help' || name === 'help') {
    process.stdout.write(`${help()}\n`)
    return name === undefined ? 2 : 0
  }
  if (name === '-v' || name === '--version') {
    process.stdout.write(`${version()}\n`)
    return 0
  }
  const command = commands.find((c) => c.name === name)
  if (!command) {
    process.stderr.write(`connectless: unknown command '${name}'\n\n${help()}\n`)
    return 2
  }
  if (rest.includes('--help') || rest.includes('-h')) {
    process.stdout.write(`Usage: ${command.usage}\n`)
    return 0
  }
  try {
    return await command.run(rest)
  } catch (e) {
    if (e instanceof UsageError) {
      process.stderr.write(`connectless ${command.name}: ${e.message}\nUsage: ${command.usage}\n`)
      return 2
    }
    throw e
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code
  },
  (e: unknown) => {
    // the message is for users; the stack only when asked for
    const detail =
      e instanceof Error ? (process.env['CONNECTLESS_DEBUG'] ? (e.stack ?? e.message) : e.message) : String(e)
    process.stderr.write(`connectless: ${detail}\n`)
    process.exitCode = 1
  },
)
