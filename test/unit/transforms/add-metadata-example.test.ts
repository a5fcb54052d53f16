// The example custom transform (examples/transforms/add-metadata.ts), loaded by module path through the
// chain builder as a user's connector config would load it.
import { fileURLToPath } from 'node:url'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import AddMetadataTransform from '../../../examples/transforms/add-metadata.js'
import { SchemaBuilder, Schemas } from '../../../layers/runtime/data/schema.js'
import { Struct } from '../../../layers/runtime/data/struct.js'
import { Int32 } from '../../../layers/runtime/data/values.js'
import type { SinkRecord } from '../../../layers/runtime/record/record.js'
import { transformApi } from '../../../layers/transforms/api.js'
import { buildTransformationChain } from '../../../layers/transforms/build-chain.js'
import { map, sinkRecord } from './records.js'

const EXAMPLES = fileURLToPath(new URL('../../../examples', import.meta.url))
const NOW = Date.UTC(2024, 5, 1, 8, 0, 0)

const ORDERS = SchemaBuilder.struct()
  .name('orders')
  .version(2)
  .field('id', Schemas.INT32)
  .field('note', SchemaBuilder.string().optional().defaultValue('none').build())
  .build()

function chainWith(settings: Record<string, string>) {
  return buildTransformationChain<SinkRecord>(
    { transforms: 'addMetadata', 'transforms.addMetadata.type': './transforms/add-metadata.ts', ...settings },
    { baseDir: EXAMPLES },
  )
}

describe('the AddMetadata example transform', () => {
  beforeEach(() => {
    vi.useFakeTimers()
    vi.setSystemTime(NOW)
  })
  afterEach(() => vi.useRealTimers())

  it('extends a struct schema with source_system and processed_at', async () => {
    const chain = await chainWith({ 'transforms.addMetadata.source.system': 'orders-db' })
    const out = chain.apply(sinkRecord('orders', 0, null, null, ORDERS, new Struct(ORDERS).put('id', 7), 0))!
    const schema = out.valueSchema!
    expect(schema.name).toBe('orders')
    expect(schema.version).toBe(2)
    expect(schema.fields.map((f) => [f.name, f.schema])).toEqual([
      ['id', Schemas.INT32],
      ['note', ORDERS.field('note')!.schema],
      ['source_system', Schemas.STRING],
      ['processed_at', Schemas.INT64],
    ])
    const value = out.value as Struct
    expect(value).toBeInstanceOf(Struct)
    expect(value.get('id')).toBe(7)
    expect(value.get('note')).toBe('none')
    expect(value.get('source_system')).toBe('orders-db')
    expect(value.get('processed_at')).toBe(BigInt(NOW))
  })

  it('defaults source.system to unknown and reuses the extended schema', async () => {
    const chain = await chainWith({})
    const first = chain.apply(sinkRecord('orders', 0, null, null, ORDERS, new Struct(ORDERS).put('id', 1), 0))!
    const second = chain.apply(sinkRecord('orders', 0, null, null, ORDERS, new Struct(ORDERS).put('id', 2), 1))!
    expect((first.value as Struct).get('source_system')).toBe('unknown')
    expect(second.valueSchema).toBe(first.valueSchema)
  })

  it('adds the entries to a schemaless map', async () => {
    const chain = await chainWith({ 'transforms.addMetadata.source.system': 'crm' })
    const out = chain.apply(sinkRecord('users', 0, null, null, null, map({ id: new Int32(3) }), 0))!
    expect(out.valueSchema).toBeNull()
    expect(out.value).toEqual(map({ id: new Int32(3), source_system: 'crm', processed_at: BigInt(NOW) }))
  })

  it('passes a null value through', async () => {
    const chain = await chainWith({})
    const tombstone = sinkRecord('orders', 0, null, 'k', ORDERS, null, 0)
    expect(chain.apply(tombstone)).toBe(tombstone)
  })

  it('declares its setting in a config definition', () => {
    const transform = new AddMetadataTransform(transformApi)
    expect(transform.config().names()).toEqual(['source.system'])
    expect(transform.config().toMarkdown()).toContain('source.system')
  })
})
