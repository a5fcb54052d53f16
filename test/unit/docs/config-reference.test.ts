// docs/config-reference.md is generated from the config definitions (npm run docs:config): this fails
// while a definition has changed and the file has not been regenerated.
import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { CONFIG_REFERENCE_PATH, configReference } from '../../../scripts/gen-config-reference.js'

/** Markdown as its meaning, not its layout: table cells trimmed (the formatter aligns them), emphasis one way. */
function normalise(markdown: string): string {
  return markdown
    .split('\n')
    .map((line) =>
      line.startsWith('|')
        ? line
            .split('|')
            .map((cell) =>
              cell
                .trim()
                .replace(/^-+$/, '---')
                .replace(/^_(.*)_$/, '*$1*'),
            )
            .join('|')
        : line,
    )
    .join('\n')
    .trimEnd()
}

describe('docs/config-reference.md', () => {
  it('is what the config definitions generate today (regenerate: npm run docs:config)', async () => {
    const file = readFileSync(CONFIG_REFERENCE_PATH, 'utf8')
    expect(normalise(file)).toBe(normalise(await configReference()))
  })

  it('has a section for the common keys, each connector, each converter, transform and predicate', async () => {
    const reference = await configReference()
    for (const heading of [
      '## Common connector keys',
      '## Sink connector keys',
      '## Worker keys on AWS',
      '### S3 sink',
      '### OpenSearch / Elasticsearch sink',
      '### JDBC source',
      '### JsonConverter',
      '### AvroConverter',
      '### ProtobufConverter',
      '### StringConverter',
      '### SimpleHeaderConverter',
      '### InsertField',
      '### MaskField',
      '### ReplaceField',
      '### TopicNameMatches',
    ]) {
      expect(reference).toContain(`\n${heading}\n`)
    }
    expect(reference).not.toContain('Its config is not declared.')
  })

  it("shows each key's type, default and validator as its definition declares them", async () => {
    const reference = await configReference()
    expect(reference).toContain('| `flush.size` | int | *required* |')
    expect(reference).toContain('| `schemas.enable` | boolean | `true` |')
    expect(reference).toContain('| `errors.tolerance` | string | `none` | (case insensitive) [none, all] | medium |')
    expect(reference).toContain('| `connection.password` | password | `null` |')
  })
})
