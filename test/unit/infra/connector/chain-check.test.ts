import { describe, expect, it } from 'vitest'
import { checkTransformChain } from '../../../../infra/connector/chain-check.js'
import { seedConnector, withConfig } from '../fixtures.js'

describe('checkTransformChain', () => {
  it("builds the seed's InsertField, MaskField and ReplaceField chain", async () => {
    await expect(checkTransformChain(seedConnector('orders-with-timestamp'))).resolves.toEqual([])
  })

  it("fails on a transform setting, with Connect's message naming the full key", async () => {
    const connector = withConfig(seedConnector('orders-with-timestamp'), { 'transforms.maskEmail.fields': null })
    await expect(checkTransformChain(connector)).rejects.toThrow(/transforms\.maskEmail\.fields/)
  })

  it('leaves a chain with a custom transform module to the cold start, saying so', async () => {
    const connector = withConfig(seedConnector('orders-with-timestamp'), {
      'transforms.maskEmail.type': '/opt/nodejs/mask.mjs',
    })
    await expect(checkTransformChain(connector)).resolves.toEqual([
      'transforms.maskEmail.type names a module: custom transforms are loaded by the function from its layers, so the transform chain is checked at cold start, not at synth.',
    ])
  })
})
