import { describe, expect, it } from 'vitest'
import '../../../layers/transforms/builtins.js'
import { Filter } from '../../../layers/transforms/filter.js'
import { PluginRegistry, plugins, prunedName, simpleName } from '../../../layers/transforms/registry.js'

const T = 'org.apache.kafka.connect.transforms.'
const P = 'org.apache.kafka.connect.transforms.predicates.'

describe('the plugin registry', () => {
  it("registers Kafka's transforms and predicates under their class names", () => {
    const transforms = plugins.list('transformation').map((p) => p.className)
    for (const name of [
      'InsertField',
      'ReplaceField',
      'MaskField',
      'ExtractField',
      'HoistField',
      'SetSchemaMetadata',
      'HeaderFrom',
    ]) {
      expect(transforms).toContain(`${T}${name}$Key`)
      expect(transforms).toContain(`${T}${name}$Value`)
    }
    for (const name of ['ValueToKey', 'RegexRouter', 'DropHeaders', 'InsertHeader', 'Filter']) {
      expect(transforms).toContain(`${T}${name}`)
    }
    expect(
      plugins
        .list('predicate')
        .map((p) => p.className)
        .sort(),
    ).toEqual([`${P}HasHeaderKey`, `${P}RecordIsTombstone`, `${P}TopicNameMatches`].sort())
  })

  it('gives every plugin its overview for the docs', () => {
    for (const p of [...plugins.list('transformation'), ...plugins.list('predicate')]) {
      expect(p.overview, p.className).toBeTruthy()
    }
  })

  it('computes simple and pruned names as Connect does', () => {
    expect(simpleName(`${T}InsertField$Value`)).toBe('Value')
    expect(simpleName(`${T}RegexRouter`)).toBe('RegexRouter')
    expect(simpleName('Bare')).toBe('Bare')
    expect(prunedName('com.example.MaskTransformation', 'transformation')).toBe('Mask')
    expect(prunedName('com.example.IsBigPredicate', 'predicate')).toBe('IsBig')
    // Connect cuts at the last occurrence, wherever it is, but never to nothing
    expect(prunedName('com.example.MyTransformationImpl', 'transformation')).toBe('My')
    expect(prunedName('com.example.Transformation', 'transformation')).toBe('Transformation')
  })

  it("resolves Connect's aliases for plugins that are not nested classes", () => {
    for (const alias of ['RegexRouter', 'Filter', 'DropHeaders', 'InsertHeader', 'ValueToKey']) {
      const found = plugins.lookup(alias, 'transformation')
      expect(found.kind, alias).toBe('found')
      if (found.kind === 'found') expect(found.plugin.className).toBe(`${T}${alias}`)
    }
    for (const alias of ['HasHeaderKey', 'RecordIsTombstone', 'TopicNameMatches']) {
      expect(plugins.lookup(alias, 'predicate').kind, alias).toBe('found')
    }
  })

  it('has no alias for the Key/Value variants, whose simple names clash, as in Connect', () => {
    expect(plugins.lookup('Value', 'transformation').kind).toBe('not-found')
    expect(plugins.lookup('Key', 'transformation').kind).toBe('not-found')
    expect(plugins.lookup('InsertField$Value', 'transformation').kind).toBe('not-found')
  })

  it('reports the base class of Key/Value variants as abstract, listing them', () => {
    expect(plugins.lookup(`${T}InsertField`, 'transformation')).toEqual({
      kind: 'abstract',
      className: `${T}InsertField`,
      concrete: [`${T}InsertField$Key`, `${T}InsertField$Value`],
    })
    expect(plugins.lookup(`${T}InsertField`, 'predicate')).toEqual({ kind: 'wrong-kind', className: `${T}InsertField` })
  })

  it('reports a plugin of the other kind', () => {
    expect(plugins.lookup(`${P}HasHeaderKey`, 'transformation')).toEqual({
      kind: 'wrong-kind',
      className: `${P}HasHeaderKey`,
    })
    expect(plugins.lookup('RegexRouter', 'predicate').kind).toBe('wrong-kind')
  })

  it('drops an alias two registered plugins share, and resolves a new unique one', () => {
    const registry = new PluginRegistry()
    registry.registerTransformation('com.a.Mask', () => new Filter())
    expect(registry.lookup('Mask', 'transformation').kind).toBe('found')
    registry.registerTransformation('com.b.MaskTransformation', () => new Filter())
    // 'Mask' is now the simple name of one and the pruned name of the other
    expect(registry.lookup('Mask', 'transformation').kind).toBe('not-found')
    expect(registry.lookup('MaskTransformation', 'transformation').kind).toBe('found')
    expect(registry.lookup('com.a.Mask', 'transformation').kind).toBe('found')
  })

  it('makes a new instance for every use', () => {
    const found = plugins.lookup('Filter', 'transformation')
    if (found.kind !== 'found') throw new Error('Filter is not registered')
    expect(found.plugin.create()).not.toBe(found.plugin.create())
  })
})
