import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { cdkArguments, parseCdkArgs } from '../../../cli/commands/cdk.js'

describe('connectless synth | diff | deploy', () => {
  const cwd = mkdtempSync(join(tmpdir(), 'connectless-cdk-'))

  it('passes the connector and worker files as context, and the remaining options to the CDK CLI', () => {
    const invocation = parseCdkArgs(['s3.json', '--worker', 'msk.properties', '--profile', 'prod'], cwd)
    expect(cdkArguments('synth', invocation, 's3-sink')).toEqual([
      'synth',
      '--all',
      '--context',
      `worker=${join(cwd, 'msk.properties')}`,
      '--context',
      `connector=${join(cwd, 's3.json')}`,
      '--profile',
      'prod',
    ])
  })

  it("deploys the connector's stack by name, so that the CDK deploys the platform stack it depends on first", () => {
    const invocation = parseCdkArgs(['s3.json', '--worker=msk.properties'], cwd)
    expect(cdkArguments('deploy', invocation, 's3-sink').slice(0, 2)).toEqual(['deploy', 's3-sink'])
  })

  it('takes worker.properties from the current directory when --worker is not given', () => {
    writeFileSync(join(cwd, 'worker.properties'), 'bootstrap.servers=b:9092\n')
    expect(parseCdkArgs(['s3.json'], cwd).workerFile).toBe(join(cwd, 'worker.properties'))
  })

  it('needs a connector file, and a worker file where the directory has none', () => {
    const empty = mkdtempSync(join(tmpdir(), 'connectless-cdk-'))
    expect(() => parseCdkArgs([], empty)).toThrow(/the connector config file is missing/)
    expect(() => parseCdkArgs(['s3.json'], empty)).toThrow(/no --worker file given and no worker\.properties/)
    expect(() => parseCdkArgs(['s3.json', '--worker'], empty)).toThrow(/--worker needs a file/)
  })
})
