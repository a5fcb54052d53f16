/**
 * `connectless synth | diff | deploy <connector.json> [--worker <file>] [cdk options…]`: the CDK CLI on
 * the connectless app (infra/app.ts) with the connector and worker files as context. `synth` and `diff`
 * cover both stacks; `deploy` names the connector's stack, and the CDK deploys the platform stack it
 * depends on first. Options after the files go to the CDK CLI unchanged (`--profile`, `--require-approval`).
 */
import { spawn } from 'node:child_process'
import { existsSync, readFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { parseConnectorFile } from '../../infra/connector/connector-file.js'
import { connectorStackName } from '../../infra/connector/stack-name.js'
import { type Command, UsageError } from '../command.js'
import { projectRoot } from '../paths.js'

export const CdkAction = { SYNTH: 'synth', DIFF: 'diff', DEPLOY: 'deploy' } as const
export type CdkAction = (typeof CdkAction)[keyof typeof CdkAction]

/** The worker file used when `--worker` is not given, in the current directory. */
export const DEFAULT_WORKER_FILE = 'worker.properties'

interface CdkInvocation {
  readonly connectorFile: string
  readonly workerFile: string
  /** Options for the CDK CLI. */
  readonly passThrough: readonly string[]
}

/** Reads `<connector.json> [--worker <file>] [cdk options…]`; throws a UsageError where it cannot. */
export function parseCdkArgs(args: readonly string[], cwd: string = process.cwd()): CdkInvocation {
  const passThrough: string[] = []
  let connectorFile: string | undefined
  let workerFile: string | undefined
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] as string
    if (arg === '--worker') {
      const value = args[++i]
      if (value === undefined) throw new UsageError('--worker needs a file')
      workerFile = value
    } else if (arg.startsWith('--worker=')) {
      workerFile = arg.slice('--worker='.length)
    } else if (connectorFile === undefined && !arg.startsWith('-')) {
      connectorFile = arg
    } else {
      passThrough.push(arg)
    }
  }
  if (connectorFile === undefined) throw new UsageError('the connector config file is missing')
  const worker = workerFile ?? DEFAULT_WORKER_FILE
  if (workerFile === undefined && !existsSync(resolve(cwd, worker))) {
    throw new UsageError(`no --worker file given and no ${DEFAULT_WORKER_FILE} in ${cwd}`)
  }
  return { connectorFile: resolve(cwd, connectorFile), workerFile: resolve(cwd, worker), passThrough }
}

/** The CDK CLI's arguments for `action` on `invocation`. */
export function cdkArguments(action: CdkAction, invocation: CdkInvocation, connectorStack: string): string[] {
  const stacks = action === CdkAction.DEPLOY ? [connectorStack] : ['--all']
  return [
    action,
    ...stacks,
    '--context',
    `worker=${invocation.workerFile}`,
    '--context',
    `connector=${invocation.connectorFile}`,
    ...invocation.passThrough,
  ]
}

function cdkCommand(action: CdkAction, summary: string): Command {
  return {
    name: action,
    summary,
    usage: `connectless ${action} <connector.json> [--worker <worker.properties>] [cdk options…]`,
    run(args) {
      const invocation = parseCdkArgs(args)
      const connector = parseConnectorFile(readFileSync(invocation.connectorFile, 'utf8'), invocation.connectorFile)
      const cdk = join(projectRoot, 'node_modules', '.bin', 'cdk')
      return new Promise((done) => {
        const child = spawn(cdk, cdkArguments(action, invocation, connectorStackName(connector.name)), {
          cwd: projectRoot,
          stdio: 'inherit',
        })
        child.on('error', (e) => {
          process.stderr.write(`connectless ${action}: cannot run the CDK CLI (${cdk}): ${e.message}\n`)
          done(1)
        })
        child.on('exit', (code) => done(code ?? 1))
      })
    },
  }
}

/** `connectless synth`, `diff` and `deploy`. */
export const cdkCommands: readonly Command[] = [
  cdkCommand(CdkAction.SYNTH, "synthesize a connector's stack and the platform stack (CloudFormation templates)"),
  cdkCommand(CdkAction.DIFF, "compare a connector's stacks with what is deployed"),
  cdkCommand(CdkAction.DEPLOY, 'deploy a connector (and the platform stack it needs) to AWS'),
]
