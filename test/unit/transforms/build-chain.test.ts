// The chain builder against Connect's ConnectorConfig rules (enrich + transformationStages), with the
// messages Connect gives.
import { dirname } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterEach, describe, expect, it, vi } from 'vitest'
import type { ConfigProps } from '../../../layers/runtime/config/parsed-config.js'
import { Schemas } from '../../../layers/runtime/data/schema.js'
import { Struct } from '../../../layers/runtime/data/struct.js'
import { ConfigException } from '../../../layers/runtime/errors.js'
import { logger } from '../../../layers/runtime/logging.js'
import type { SinkRecord } from '../../../layers/runtime/record/record.js'
import { buildTransformationChain } from '../../../layers/transforms/build-chain.js'
import { TransformationChain } from '../../../layers/transforms/chain.js'
import { Filter } from '../../../layers/transforms/filter.js'
import { PluginRegistry } from '../../../layers/transforms/registry.js'
import type { Transformation, TransformConfig } from '../../../layers/transforms/transformation.js'
import SuffixTopic from './fixtures/custom-plugins.js'
import { map, sinkRecord } from './records.js'

const HERE = dirname(fileURLToPath(import.meta.url))
const T = 'org.apache.kafka.connect.transforms.'
const P = 'org.apache.kafka.connect.transforms.predicates.'

async function build(config: ConfigProps) {
  return buildTransformationChain<SinkRecord>(config, { baseDir: HERE })
}

async function buildError(config: ConfigProps): Promise<ConfigException> {
  const error = await build(config).then(
    () => null,
    (e: unknown) => e,
  )
  expect(error).toBeInstanceOf(ConfigException)
  return error as ConfigException
}

const record = (topic: string, value: unknown = null, key: unknown = null) =>
  sinkRecord(topic, 0, null, key, null, value, 0)

describe('buildTransformationChain', () => {
  afterEach(() => vi.restoreAllMocks())

  it('builds an empty chain from a config without transforms', async () => {
    const chain = await build({ 'connector.class': 'x' })
    expect(chain).toBeInstanceOf(TransformationChain)
    expect(chain.stages).toEqual([])
    const r = record('t', 'v')
    expect(chain.apply(r)).toBe(r)
  })

  it('builds the stages in order, with Kafka class names and aliases', async () => {
    const chain = await build({
      transforms: ' route , drop ',
      'transforms.route.type': 'RegexRouter',
      'transforms.route.regex': '(.*)',
      'transforms.route.replacement': 'x-$1',
      'transforms.drop.type': `${T}DropHeaders`,
      'transforms.drop.headers': 'h',
    })
    expect(chain.stages.map((s) => [s.alias, s.className, s.predicate, s.negate])).toEqual([
      ['route', `${T}RegexRouter`, null, false],
      ['drop', `${T}DropHeaders`, null, false],
    ])
    const out = chain.apply(sinkRecord('t', 0, null, null, null, 'v', 0, null, [{ key: 'h', schema: null, value: 1 }]))
    expect(out!.topic).toBe('x-t')
    expect(out!.headers.size).toBe(0)
  })

  it('rejects a duplicate alias in transforms and in predicates', async () => {
    expect((await buildError({ transforms: 'a,a' })).message).toBe(
      'Invalid value [a, a] for configuration transforms: Duplicate alias provided.',
    )
    expect((await buildError({ predicates: 'p,p' })).message).toBe(
      'Invalid value [p, p] for configuration predicates: Duplicate alias provided.',
    )
  })

  it('requires transforms.<alias>.type', async () => {
    const error = await buildError({ transforms: 'a' })
    expect(error.message).toBe('Missing required configuration "transforms.a.type" which has no default value.')
    expect(error.key).toBe('transforms.a.type')
  })

  it("rejects an unknown class with Connect's message, the nested-class spelling included", async () => {
    expect((await buildError({ transforms: 'a', 'transforms.a.type': 'com.example.Nope' })).message).toBe(
      'Invalid value com.example.Nope for configuration transforms.a.type: Class com.example.Nope could not be found.',
    )
    const nested = await buildError({ transforms: 'a', 'transforms.a.type': 'InsertField$Value' })
    expect(nested.message).toBe(
      'Invalid value InsertField$Value for configuration transforms.a.type: Class InsertField$Value could not be found.',
    )
    expect(nested.key).toBe('transforms.a.type')
  })

  it('rejects an abstract class, suggesting its variants', async () => {
    expect((await buildError({ transforms: 'a', 'transforms.a.type': `${T}InsertField` })).message).toBe(
      `Invalid value ${T}InsertField for configuration transforms.a.type: This class is abstract and cannot be created. Did you mean ${T}InsertField$Key, ${T}InsertField$Value?`,
    )
  })

  it('rejects a predicate as a transform and a transform as a predicate', async () => {
    expect((await buildError({ transforms: 'a', 'transforms.a.type': `${P}HasHeaderKey` })).message).toBe(
      `Invalid value ${P}HasHeaderKey for configuration transforms.a.type: Class class ${P}HasHeaderKey does not implement the Transformation interface`,
    )
    expect((await buildError({ predicates: 'p', 'predicates.p.type': 'Filter' })).message).toBe(
      `Invalid value Filter for configuration predicates.p.type: Class class ${T}Filter does not implement the Predicate interface`,
    )
  })

  it('rejects a null type', async () => {
    expect((await buildError({ transforms: 'a', 'transforms.a.type': null })).message).toBe(
      'Invalid value null for configuration transforms.a.type: Not a Transformation',
    )
  })

  it("names the full key of a transform's missing or invalid setting", async () => {
    const missing = await buildError({ transforms: 'mask', 'transforms.mask.type': `${T}MaskField$Value` })
    expect(missing.message).toBe('Missing required configuration "transforms.mask.fields" which has no default value.')
    expect(missing.key).toBe('transforms.mask.fields')
    const invalid = await buildError({
      transforms: 'ins',
      'transforms.ins.type': `${T}InsertField$Value`,
      'transforms.ins.topic.field': 't',
      'transforms.ins.replace.null.with.default': 'maybe',
    })
    expect(invalid.message).toBe(
      'Invalid value maybe for configuration transforms.ins.replace.null.with.default: Expected value to be either true or false',
    )
    const regex = await buildError({
      transforms: 'r',
      'transforms.r.type': 'RegexRouter',
      'transforms.r.regex': '(',
      'transforms.r.replacement': 'x',
    })
    expect(regex.key).toBe('transforms.r.regex')
  })

  it('names the transform for an error its configure raises', async () => {
    const none = await buildError({ transforms: 'ins', 'transforms.ins.type': `${T}InsertField$Value` })
    expect(none.message).toBe(`transforms.ins (${T}InsertField$Value): No field insertion configured`)
    expect(none.key).toBe('transforms.ins')
    const keyed = await buildError({
      transforms: 'ins',
      'transforms.ins.type': `${T}InsertField$Value`,
      'transforms.ins.static.field': 'f',
    })
    expect(keyed.message).toBe(
      'Invalid value null for configuration transforms.ins.static.value: No value specified for static field: f',
    )
    expect(keyed.key).toBe('transforms.ins.static.value')
  })

  it('applies a transform only where its predicate matches', async () => {
    const chain = await build({
      transforms: 'dropOrders',
      'transforms.dropOrders.type': 'Filter',
      'transforms.dropOrders.predicate': 'isOrders',
      predicates: 'isOrders',
      'predicates.isOrders.type': `${P}TopicNameMatches`,
      'predicates.isOrders.pattern': 'orders.*',
    })
    expect(chain.stages[0]!.predicate).not.toBeNull()
    expect(chain.apply(record('orders-eu', 'v'))).toBeNull()
    expect(chain.apply(record('users', 'v'))!.topic).toBe('users')
  })

  it('inverts the predicate with negate', async () => {
    const chain = await build({
      transforms: 'keepTombstones',
      'transforms.keepTombstones.type': 'Filter',
      'transforms.keepTombstones.predicate': 'tombstone',
      'transforms.keepTombstones.negate': 'true',
      predicates: 'tombstone',
      'predicates.tombstone.type': 'RecordIsTombstone',
    })
    expect(chain.stages[0]!.negate).toBe(true)
    expect(chain.apply(record('t', 'v'))).toBeNull()
    expect(chain.apply(record('t', null))).not.toBeNull()
  })

  it('rejects negate without a predicate', async () => {
    const error = await buildError({
      transforms: 'f',
      'transforms.f.type': 'Filter',
      'transforms.f.negate': 'false',
    })
    expect(error.message).toBe(
      "Config 'transforms.f.negate' was provided but there is no config 'transforms.f.predicate' defining a predicate to be negated.",
    )
    expect(error.key).toBe('transforms.f.negate')
  })

  it('rejects a negate that is not a boolean, naming the key', async () => {
    const error = await buildError({
      transforms: 'f',
      'transforms.f.type': 'Filter',
      'transforms.f.predicate': 'p',
      'transforms.f.negate': 'yes',
      predicates: 'p',
      'predicates.p.type': 'RecordIsTombstone',
    })
    expect(error.message).toBe(
      'Invalid value yes for configuration transforms.f.negate: Expected value to be either true or false',
    )
  })

  it('rejects a predicate alias that predicates does not list', async () => {
    const error = await buildError({
      transforms: 'f',
      'transforms.f.type': 'Filter',
      'transforms.f.predicate': 'ghost',
      'predicates.ghost.type': 'RecordIsTombstone',
    })
    expect(error.key).toBe('transforms.f.predicate')
    expect(error.message).toContain("Unknown configuration 'predicates.ghost.type'")
  })

  it('validates every listed predicate, naming its keys', async () => {
    expect((await buildError({ predicates: 'p' })).message).toBe(
      'Missing required configuration "predicates.p.type" which has no default value.',
    )
    const pattern = await buildError({
      predicates: 'p',
      'predicates.p.type': 'TopicNameMatches',
      'predicates.p.pattern': '(',
    })
    expect(pattern.key).toBe('predicates.p.pattern')
    expect(pattern.message).toMatch(
      /^Invalid value \( for configuration predicates\.p\.pattern: Invalid regex: Unclosed group/,
    )
  })

  it('stops at the first transform that drops the record', async () => {
    const seen: string[] = []
    const registry = new PluginRegistry()
    registry.registerTransformation('test.Recorder', () => ({
      configure() {},
      apply(r) {
        seen.push(r.topic ?? '')
        return r
      },
    }))
    registry.registerTransformation(`${T}Filter`, () => new Filter())
    const chain = await buildTransformationChain(
      {
        transforms: 'before,drop,after',
        'transforms.before.type': 'test.Recorder',
        'transforms.drop.type': 'Filter',
        'transforms.after.type': 'test.Recorder',
      },
      { registry },
    )
    expect(chain.apply(record('t'))).toBeNull()
    expect(seen).toEqual(['t'])
  })

  it('configures a transform with its own keys, type included, predicate and negate taken out', async () => {
    const received: TransformConfig[] = []
    const registry = new PluginRegistry()
    registry.registerTransformation('test.Recorder', () => ({
      configure(c) {
        received.push(c)
      },
      apply: (r) => r,
    }))
    registry.registerPredicate('test.Always', () => ({
      configure(c) {
        received.push(c)
      },
      test: () => true,
    }))
    await buildTransformationChain(
      {
        transforms: 'rec',
        'transforms.rec.type': 'test.Recorder',
        'transforms.rec.setting': 'x',
        'transforms.rec.predicate': 'p',
        'transforms.rec.negate': 'false',
        'transforms.other.setting': 'not mine',
        predicates: 'p',
        'predicates.p.type': 'test.Always',
        'predicates.p.level': '3',
      },
      { registry },
    )
    expect(received).toEqual([
      { type: 'test.Recorder', setting: 'x' },
      { type: 'test.Always', level: '3' },
    ])
  })

  it('gives each transform its own instance of a shared predicate', async () => {
    const chain = await build({
      transforms: 'a,b',
      'transforms.a.type': 'Filter',
      'transforms.a.predicate': 'p',
      'transforms.b.type': 'Filter',
      'transforms.b.predicate': 'p',
      predicates: 'p',
      'predicates.p.type': 'HasHeaderKey',
      'predicates.p.name': 'h',
    })
    expect(chain.stages[0]!.predicate).not.toBe(chain.stages[1]!.predicate)
  })

  it('warns where a transform defines a key that predicate or negate hides', async () => {
    const warn = vi.spyOn(logger, 'warn').mockImplementation(() => {})
    const registry = new PluginRegistry()
    const { defineConfig, field } = await import('../../../layers/transforms/api.js').then((m) => m.transformApi)
    const def = defineConfig({ negate: field.int({ doc: 'mine', default: 1 }) })
    registry.registerTransformation(
      'test.Shadowed',
      (): Transformation => ({
        config: () => def,
        configure() {},
        apply: (r) => r,
      }),
    )
    const chain = await buildTransformationChain(
      {
        transforms: 'shadowedNegateKey',
        'transforms.shadowedNegateKey.type': 'test.Shadowed',
      },
      { registry },
    )
    expect(chain.stages.length).toBe(1)
    expect(warn).toHaveBeenCalledWith('Transformer config negate is masked by implicit config of that name', {})
  })

  describe('custom transforms by module path', () => {
    it('loads the default export, resolved against the config directory, with its settings', async () => {
      SuffixTopic.instances = []
      const chain = await build({
        transforms: 'suffix',
        'transforms.suffix.type': './fixtures/custom-plugins.ts',
        'transforms.suffix.suffix': '-x',
      })
      expect(chain.stages[0]!.className).toBe('./fixtures/custom-plugins.ts')
      expect(chain.apply(record('t'))!.topic).toBe('t-x')
      expect(SuffixTopic.instances.length).toBe(1)
      expect(SuffixTopic.instances[0]!.api.Struct).toBe(Struct)
    })

    it('loads a named factory export as a predicate', async () => {
      const chain = await build({
        transforms: 'drop',
        'transforms.drop.type': 'Filter',
        'transforms.drop.predicate': 'isK',
        predicates: 'isK',
        'predicates.isK.type': `${HERE}/fixtures/custom-plugins.ts#keyEquals`,
        'predicates.isK.key': 'k',
      })
      expect(chain.apply(record('t', 'v', 'k'))).toBeNull()
      expect(chain.apply(record('t', 'v', 'other'))).not.toBeNull()
    })

    it('names the key for a module that cannot be loaded or an export that is not a plugin', async () => {
      const missing = await buildError({ transforms: 'a', 'transforms.a.type': './fixtures/missing.js' })
      expect(missing.key).toBe('transforms.a.type')
      expect(missing.message).toMatch(
        /^Invalid value \.\/fixtures\/missing\.js for configuration transforms\.a\.type: Module file:.*could not be loaded/,
      )
      const noExport = await buildError({ transforms: 'a', 'transforms.a.type': './fixtures/custom-plugins.ts#nope' })
      expect(noExport.message).toContain("has no export named 'nope'")
      const notAPlugin = await buildError({
        transforms: 'a',
        'transforms.a.type': './fixtures/custom-plugins.ts#notAPlugin',
      })
      expect(notAPlugin.message).toContain("The export 'notAPlugin'")
      expect(notAPlugin.message).toContain('is not a class or factory of a Transformation')
      const notAFunction = await buildError({
        transforms: 'a',
        'transforms.a.type': './fixtures/custom-plugins.ts#notAFunction',
      })
      expect(notAFunction.message).toContain('is not a class or factory of a Transformation')
      const wrongKind = await buildError({ predicates: 'p', 'predicates.p.type': './fixtures/custom-plugins.ts' })
      expect(wrongKind.message).toContain('is not a class or factory of a Predicate')
    })
  })

  it('runs the chain on structs end to end', async () => {
    const chain = await build({
      transforms: 'hoist,insert',
      'transforms.hoist.type': `${T}HoistField$Value`,
      'transforms.hoist.field': 'line',
      'transforms.insert.type': `${T}InsertField$Value`,
      'transforms.insert.topic.field': 'topic',
    })
    const out = chain.apply(sinkRecord('logs', 0, null, null, Schemas.STRING, 'hello', 0))!
    const value = out.value as Struct
    expect(value.get('line')).toBe('hello')
    expect(value.get('topic')).toBe('logs')
    expect(out.valueSchema!.fields.map((f) => f.name)).toEqual(['line', 'topic'])
    const schemaless = chain.apply(sinkRecord('logs', 0, null, null, null, 'hello', 0))!
    expect(schemaless.value).toEqual(map({ line: 'hello', topic: 'logs' }))
  })
})
