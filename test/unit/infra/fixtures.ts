/** The infra tests' fixtures: the seed's connectors (test/fixtures/infra), the MSK worker, and one synth per app. */
import { mkdtempSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { App } from 'aws-cdk-lib'
import { Match, Template } from 'aws-cdk-lib/assertions'
import type * as cxapi from 'aws-cdk-lib/cx-api'
import { addConnectlessStacks } from '../../../infra/connectless-app.js'
import { type ConnectorDefinition, parseConnectorFile } from '../../../infra/connector/connector-file.js'
import { parseWorkerSettings, type WorkerSettings } from '../../../infra/worker/worker-settings.js'

export const FIXTURES = join(import.meta.dirname, '..', '..', 'fixtures', 'infra')

export const MSK_CLUSTER_ARN =
  'arn:aws:kafka:us-east-1:111122223333:cluster/lake/0a1b2c3d-4e5f-6789-abcd-ef0123456789-2'
export const MSK_TOPIC_PREFIX =
  'arn:aws:kafka:us-east-1:111122223333:topic/lake/0a1b2c3d-4e5f-6789-abcd-ef0123456789-2/'
export const MSK_GROUP_PREFIX =
  'arn:aws:kafka:us-east-1:111122223333:group/lake/0a1b2c3d-4e5f-6789-abcd-ef0123456789-2/'

export const SEED_CONNECTORS = [
  's3-sink',
  'elasticsearch-sink',
  'orders-sink-with-dlq',
  'postgres-source',
  'orders-with-timestamp',
] as const
export type SeedConnector = (typeof SEED_CONNECTORS)[number]

export function mskWorkerText(): string {
  return readFileSync(join(FIXTURES, 'msk-worker.properties'), 'utf8')
}

export function mskWorker(): WorkerSettings {
  return parseWorkerSettings(mskWorkerText())
}

export function seedConnector(name: SeedConnector): ConnectorDefinition {
  return parseConnectorFile(readFileSync(join(FIXTURES, 'connectors', `${name}.json`), 'utf8'))
}

/** A connector with some keys changed (null removes one). */
export function withConfig(
  connector: ConnectorDefinition,
  changes: Record<string, string | null>,
): ConnectorDefinition {
  const config: Record<string, string> = { ...connector.config }
  for (const [key, value] of Object.entries(changes)) {
    if (value === null) delete config[key]
    else config[key] = value
  }
  return { name: connector.name, config }
}

export interface Synthesized {
  readonly outdir: string
  readonly platform: Template
  readonly connector: Template
  readonly platformArtifact: cxapi.CloudFormationStackArtifact
  readonly connectorArtifact: cxapi.CloudFormationStackArtifact
}

/** The app infra/app.ts makes, synthesized once (bundling included; CloudFormation's own validation off for speed). */
export function synthesize(connector: ConnectorDefinition, worker: WorkerSettings = mskWorker()): Synthesized {
  const outdir = mkdtempSync(join(tmpdir(), 'connectless-infra-'))
  const app = new App({ outdir, builtinCloudFormationValidation: false })
  const stacks = addConnectlessStacks(app, { worker, connector })
  const assembly = app.synth()
  const platformArtifact = assembly.getStackByName(stacks.platform.stackName)
  const connectorArtifact = assembly.getStackByName(stacks.connector.stackName)
  return {
    outdir,
    platform: Template.fromJSON(platformArtifact.template),
    connector: Template.fromJSON(connectorArtifact.template),
    platformArtifact,
    connectorArtifact,
  }
}

/** The cdk-nag findings a synth left unsuppressed (errors of the AWS Solutions pack). */
export function nagErrors(artifact: cxapi.CloudFormationStackArtifact): string[] {
  return artifact.messages
    .filter((m) => m.level === 'error' && String(m.entry.data).startsWith('AwsSolutions-'))
    .map((m) => `${m.id}: ${String(m.entry.data)}`)
}

/** The warnings a synth showed, as text. */
export function warnings(artifact: cxapi.CloudFormationStackArtifact): string[] {
  return artifact.messages.filter((m) => m.level === 'warning').map((m) => String(m.entry.data))
}

interface Statement {
  readonly Action: string | string[]
  readonly Resource: unknown
  readonly Condition?: unknown
}

/** Every statement of every IAM policy of a template. */
export function policyStatements(template: Template): Statement[] {
  return Object.values(template.findResources('AWS::IAM::Policy')).flatMap(
    (policy) =>
      (policy as { Properties: { PolicyDocument: { Statement: Statement[] } } }).Properties.PolicyDocument.Statement,
  )
}

/** A statement's actions, as a list. */
export function actionsOf(statement: Statement): string[] {
  return Array.isArray(statement.Action) ? statement.Action : [statement.Action]
}

/** A statement's resources, each flattened to a string (`Fn::Join` joined, references as `<Ref>`). */
export function resourcesOf(statement: Statement): string[] {
  const resources = Array.isArray(statement.Resource) ? statement.Resource : [statement.Resource]
  return resources.map(flatten)
}

function flatten(value: unknown): string {
  if (typeof value === 'string') return value
  if (typeof value !== 'object' || value === null) return String(value)
  const record = value as Record<string, unknown>
  if ('Ref' in record) return `<${String(record['Ref'])}>`
  if ('Fn::GetAtt' in record) return `<${(record['Fn::GetAtt'] as string[]).join('.')}>`
  if ('Fn::ImportValue' in record) return `<import>`
  if ('Fn::Join' in record) {
    const [separator, parts] = record['Fn::Join'] as [string, unknown[]]
    return parts.map(flatten).join(separator)
  }
  return JSON.stringify(value)
}

/** The statements of a template that grant any of `actions`. */
export function statementsFor(template: Template, ...actions: string[]): Statement[] {
  return policyStatements(template).filter((s) => actionsOf(s).some((a) => actions.includes(a)))
}

/** The deployment package of the template's connector function, as staged in the cloud assembly. */
export function deploymentPackageDir(synth: Synthesized): string {
  const functions = synth.connector.findResources('AWS::Lambda::Function', {
    Properties: { Environment: { Variables: { POWERTOOLS_SERVICE_NAME: Match.anyValue() } } },
  })
  const code = Object.values(functions)
    .map((f) => (f as { Properties: { Code: { S3Key?: string } } }).Properties.Code.S3Key)
    .find((key) => key !== undefined)
  if (code === undefined) throw new Error('no bundled function in the connector stack')
  return join(synth.outdir, `asset.${code.replace(/\.zip$/, '')}`)
}
