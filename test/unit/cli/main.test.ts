import { execFile } from 'node:child_process'
import { promisify } from 'node:util'
import { describe, expect, it } from 'vitest'

const run = promisify(execFile)
const cli = ['--import', 'tsx', 'cli/main.ts']

async function connectless(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [...cli, ...args])
    return { code: 0, stdout, stderr }
  } catch (e) {
    const err = e as { code: number; stdout: string; stderr: string }
    return { code: err.code, stdout: err.stdout, stderr: err.stderr }
  }
}

describe('connectless command line', () => {
  it('lists the commands that exist in --help', async () => {
    const { code, stdout } = await connectless('--help')
    expect(code).toBe(0)
    expect(stdout).toMatch(/^Commands:$/m)
    expect(stdout).toMatch(/^ {2}services {2}/m)
  })

  it('rejects an unknown command with exit code 2 and the help on stderr', async () => {
    const { code, stderr } = await connectless('frobnicate')
    expect(code).toBe(2)
    expect(stderr).toContain("unknown command 'frobnicate'")
    expect(stderr).toContain('Commands:')
  })

  it('reports a usage error for a bad services action', async () => {
    const { code, stderr } = await connectless('services', 'sideways')
    expect(code).toBe(2)
    expect(stderr).toContain("got 'sideways'")
    expect(stderr).toContain('Usage: connectless services')
  })

  it('prints the package version', async () => {
    const { code, stdout } = await connectless('--version')
    expect(code).toBe(0)
    expect(stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/)
  })
})
