import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { workerConfigDef } from '../../../infra/worker/worker-config.js'

describe('infra/README.md', () => {
  it('documents every worker key as the definition renders it', () => {
    const readme = readFileSync(join(import.meta.dirname, '..', '..', '..', 'infra', 'README.md'), 'utf8')
    const start = readme.indexOf('\n', readme.indexOf('<!-- worker-keys:start')) + 1
    const end = readme.indexOf('<!-- worker-keys:end -->')
    expect(readme.slice(start, end)).toBe(workerConfigDef.toMarkdown())
  })
})
