import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { transformsReference, updateReference } from '../../../layers/transforms/reference-docs.js'

/** Markdown as its meaning, not its layout: table cells trimmed (a formatter may align them), emphasis one way. */
function normalise(markdown: string): string {
  return markdown
    .split('\n')
    .map((line) =>
      line.startsWith('|')
        ? line
            .split('|')
            .map((c) =>
              c
                .trim()
                .replace(/^-+$/, '---')
                .replace(/^_(.*)_$/, '*$1*'),
            )
            .join('|')
        : line,
    )
    .join('\n')
}

describe('the transforms reference in docs/transforms.md', () => {
  it('is up to date with the registered plugins and their config definitions (regenerate: npx tsx layers/transforms/reference-docs.ts)', () => {
    const document = readFileSync(new URL('../../../docs/transforms.md', import.meta.url), 'utf8')
    expect(normalise(updateReference(document))).toBe(normalise(document))
  })

  it('has a section with the config table of every transform and predicate', () => {
    const reference = transformsReference()
    for (const title of [
      'InsertField',
      'MaskField',
      'ReplaceField',
      'RegexRouter',
      'HasHeaderKey',
      'TopicNameMatches',
    ]) {
      expect(reference).toContain(`### ${title}\n`)
    }
    expect(reference).toContain('| `fields` | list | *required* |')
  })
})
