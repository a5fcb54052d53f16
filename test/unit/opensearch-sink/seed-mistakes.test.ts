// Tests of the shared layers/runtime/connector/seed-mistakes.ts (kept with the connector that first uses it).
import { describe, expect, it, vi } from 'vitest'
import { SEED_MISTAKES, seedMistakeMessage, warnSeedMistakes } from '../../../layers/runtime/connector/seed-mistakes.js'
import { logger } from '../../../layers/runtime/logging.js'

describe('Seed config mistakes', () => {
  it("names the real DLQ header key for the seed's two mistaken keys, and says it is not set", () => {
    const props = { 'errors.deadletterqueue.headers.add': 'true', 'errors.context.headers.enable': 'true' }
    const found = warnSeedMistakes(props)
    expect(found.map((f) => f.mistake.key)).toEqual([
      'errors.deadletterqueue.headers.add',
      'errors.context.headers.enable',
    ])
    expect(found[0]!.message).toBe(
      "Config key 'errors.deadletterqueue.headers.add' is not a Kafka Connect key and is ignored, as Connect ignores it. Did you mean 'errors.deadletterqueue.context.headers.enable'? It is not set. Its default is false, so dead-letter records carry no __connect.errors.* headers saying why they failed.",
    )
  })

  it('says the real key applies where it is set as well', () => {
    const mistake = SEED_MISTAKES.find((m) => m.key === 'errors.context.headers.enable')!
    expect(
      seedMistakeMessage(mistake, {
        'errors.context.headers.enable': 'true',
        'errors.deadletterqueue.context.headers.enable': 'true',
      }),
    ).toContain("Did you mean 'errors.deadletterqueue.context.headers.enable'? It is set ('true') and applies.")
  })

  it("takes a connector's own entries, obsolete keys without a replacement included", () => {
    const found = warnSeedMistakes({ 'type.name': '_doc' }, [
      { key: 'type.name', meant: null, consequence: 'It is gone.' },
    ])
    expect(found.map((f) => f.message)).toEqual([
      "Config key 'type.name' is not a Kafka Connect key and is ignored, as Connect ignores it. It is gone.",
    ])
  })

  it('finds nothing in a config without mistakes', () => {
    expect(warnSeedMistakes({ 'errors.deadletterqueue.context.headers.enable': 'true', 'tasks.max': '2' })).toEqual([])
  })

  it('logs each mistake once per process', () => {
    const warn = vi.spyOn(logger, 'warn')
    try {
      warnSeedMistakes({ 'connector.task.max': '3' })
      warnSeedMistakes({ 'connector.task.max': '3' })
      expect(warn.mock.calls.filter(([message]) => String(message).includes("'connector.task.max'"))).toHaveLength(1)
    } finally {
      warn.mockRestore()
    }
  })
})
