/**
 * Puts the connector's deployment file into its function's package as `connector.json`, next to
 * the bundled handler, where the runtime reads it at cold start (Lambda's working directory is the
 * package root). The file is written once per content, under a name that is its digest: the name
 * is part of the bundling options, so two connectors of one class never share a cached bundle.
 */
import { createHash } from 'node:crypto'
import { mkdirSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { ICommandHooks } from 'aws-cdk-lib/aws-lambda-nodejs'
import type { DeploymentFile } from '../connector/connector-plan.js'

/** The name the runtime reads (`loadDeployment`). */
export const DEPLOYMENT_FILE_NAME = 'connector.json'

function quoted(path: string): string {
  return `'${path.replaceAll("'", "'\\''")}'`
}

/** Bundling hooks that copy `deployment` into the bundle as connector.json. */
export class DeploymentFileHooks implements ICommandHooks {
  /** Where the file waits to be copied; its name is the content's digest. */
  readonly sourceFile: string

  constructor(deployment: DeploymentFile) {
    const text = `${JSON.stringify(deployment, null, 2)}\n`
    const digest = createHash('sha256').update(text).digest('hex').slice(0, 32)
    const dir = join(tmpdir(), 'connectless-deployments')
    mkdirSync(dir, { recursive: true })
    this.sourceFile = join(dir, `${digest}.json`)
    writeFileSync(this.sourceFile, text)
  }

  beforeBundling(): string[] {
    return []
  }

  beforeInstall(): string[] {
    return []
  }

  afterBundling(_inputDir: string, outputDir: string): string[] {
    return [`cp ${quoted(this.sourceFile)} ${quoted(join(outputDir, DEPLOYMENT_FILE_NAME))}`]
  }
}
