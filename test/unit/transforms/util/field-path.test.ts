// Ported from Kafka's FieldPathNotationTest, SingleFieldPathTest and FieldSyntaxVersionTest
// (connect/transforms/src/test/java/org/apache/kafka/connect/transforms/field).
import { describe, expect, it } from 'vitest'
import { defineConfig } from '../../../../layers/runtime/config/definition.js'
import { SchemaBuilder, Schemas } from '../../../../layers/runtime/data/schema.js'
import { Struct } from '../../../../layers/runtime/data/struct.js'
import { Int32 } from '../../../../layers/runtime/data/values.js'
import { ConfigException } from '../../../../layers/runtime/errors.js'
import {
  FIELD_SYNTAX_VERSION,
  FieldSyntaxVersion,
  fieldSyntaxVersionKey,
  fieldSyntaxVersionOf,
  SingleFieldPath,
} from '../../../../layers/transforms/util/field-path.js'
import { map } from '../records.js'

const v1 = (path: string) => new SingleFieldPath(path, FieldSyntaxVersion.V1).steps
const v2 = (path: string) => new SingleFieldPath(path, FieldSyntaxVersion.V2).steps
const pathV2 = (path: string) => new SingleFieldPath(path, FieldSyntaxVersion.V2)

describe('FieldPathNotation', () => {
  it('reads a V1 path with dots and backticks as one step', () => {
    expect(v1('foo.bar.baz')).toEqual(['foo.bar.baz'])
    expect(v1('foo`bar`')).toEqual(['foo`bar`'])
    expect(v1('foo.`bar.baz`')).toEqual(['foo.`bar.baz`'])
  })

  it('keeps empty field names', () => {
    expect(v2('..')).toEqual(['', '', ''])
    expect(v2('foo..')).toEqual(['foo', '', ''])
    expect(v2('.bar.')).toEqual(['', 'bar', ''])
    expect(v2('..baz')).toEqual(['', '', 'baz'])
  })

  it('reads an empty V2 path as no steps', () => {
    expect(v2('')).toEqual([])
  })

  it('reads a V2 path without dots as one step', () => {
    expect(v2('foobarbaz')).toEqual(['foobarbaz'])
  })

  it('splits a V2 path at dots', () => {
    expect(v2('foo.bar.baz')).toEqual(['foo', 'bar', 'baz'])
  })

  it('keeps backticks that do not wrap a step', () => {
    expect(v2('foo`bar`baz')).toEqual(['foo`bar`baz'])
  })

  it('reads backtick-wrapped steps with dots', () => {
    expect(v2('`foo.bar.baz`')).toEqual(['foo.bar.baz'])
    expect(v2('foo.`bar.baz`')).toEqual(['foo', 'bar.baz'])
    expect(v2('`foo.bar`.baz')).toEqual(['foo.bar', 'baz'])
    expect(v2('foo.`bar`.baz')).toEqual(['foo', 'bar', 'baz'])
  })

  it('keeps backticks inside wrapped steps', () => {
    expect(v2('foo.``bar.baz`')).toEqual(['foo', '`bar.baz'])
    expect(v2('foo.`bar.baz``')).toEqual(['foo', 'bar.baz`'])
    expect(v2('foo.`ba`r.baz`')).toEqual(['foo', 'ba`r.baz'])
    expect(v2('foo.ba`r.baz')).toEqual(['foo', 'ba`r', 'baz'])
    expect(v2('foo.``bar``.baz')).toEqual(['foo', '`bar`', 'baz'])
    expect(v2('``foo.bar.baz``')).toEqual(['`foo.bar.baz`'])
  })

  it('reads escaped backticks', () => {
    expect(v2('foo.`bar\\`.baz`')).toEqual(['foo', 'bar`.baz'])
    expect(v2('foo.`bar.`baz`')).toEqual(['foo', 'bar.`baz'])
    expect(v2('foo.`bar\\`.`baz`')).toEqual(['foo', 'bar`.`baz'])
    expect(v2('foo.`bar\\\\`.\\`baz`')).toEqual(['foo', 'bar\\`.\\`baz'])
  })

  it('rejects an unclosed backtick pair', () => {
    const cases = [
      ['`foo.bar.baz', 0],
      ['foo.`bar.baz', 4],
      ['foo.bar.`baz', 8],
      ['foo.bar.`baz\\`', 8],
    ] as const
    for (const [path, position] of cases) {
      expect(() => v2(path)).toThrow(ConfigException)
      expect(() => v2(path)).toThrow(
        `Incomplete backtick pair in path: [${path}], consider adding a backslash before backtick at position ${position} to escape it`,
      )
    }
  })
})

describe('SingleFieldPath', () => {
  const barSchema = SchemaBuilder.struct().field('bar', Schemas.INT32).build()
  const schema = SchemaBuilder.struct().field('foo', barSchema).build()

  it('finds a field in a schema', () => {
    expect(pathV2('foo.bar').fieldFrom(schema)).toBe(barSchema.field('bar'))
    expect(pathV2('foo').fieldFrom(schema)).toBe(schema.field('foo'))
  })

  it('gives null for a field a schema lacks', () => {
    expect(pathV2('un.known').fieldFrom(schema)).toBeNull()
    expect(pathV2('foo.unknown').fieldFrom(schema)).toBeNull()
    expect(pathV2('unknown').fieldFrom(schema)).toBeNull()
    expect(pathV2('test').fieldFrom(null)).toBeNull()
  })

  const nested = () => map({ foo: map({ bar: new Int32(42), baz: null }) })

  it('finds a value in a map', () => {
    expect(pathV2('foo.bar').valueFromMap(nested())).toEqual(new Int32(42))
    expect(pathV2('foo.baz').valueFromMap(nested())).toBeNull()
  })

  it('gives null for a value a map lacks', () => {
    expect(pathV2('un.known').valueFromMap(nested())).toBeNull()
    expect(pathV2('foo.unknown').valueFromMap(nested())).toBeNull()
    expect(pathV2('unknown').valueFromMap(nested())).toBeNull()
    expect(pathV2('foo.baz.inner').valueFromMap(nested())).toBeNull()
  })

  const bazSchema = SchemaBuilder.struct().field('inner', Schemas.STRING).optional().build()
  const barBazSchema = SchemaBuilder.struct().field('bar', Schemas.INT32).field('baz', bazSchema).build()
  const structSchema = SchemaBuilder.struct().field('foo', barBazSchema).build()
  const struct = new Struct(structSchema).put('foo', new Struct(barBazSchema).put('bar', 42).put('baz', null))

  it('finds a value in a struct', () => {
    expect(pathV2('foo.bar').valueFromStruct(struct)).toBe(42)
    expect(pathV2('foo.baz').valueFromStruct(struct)).toBeNull()
  })

  it('gives null for a value a struct lacks', () => {
    expect(pathV2('un.known').valueFromStruct(struct)).toBeNull()
    expect(pathV2('foo.unknown').valueFromStruct(struct)).toBeNull()
    expect(pathV2('unknown').valueFromStruct(struct)).toBeNull()
    expect(pathV2('foo.baz.inner').valueFromStruct(struct)).toBeNull()
  })
})

describe('FieldSyntaxVersion', () => {
  it('defines field.syntax.version with default V1', () => {
    const def = defineConfig({ [FIELD_SYNTAX_VERSION]: fieldSyntaxVersionKey() })
    expect(def.names()).toEqual(['field.syntax.version'])
    expect(def.parse({}).get(FIELD_SYNTAX_VERSION)).toBe('V1')
  })

  for (const [input, version] of [
    ['v1', 'V1'],
    ['v2', 'V2'],
    ['V1', 'V1'],
    ['V2', 'V2'],
  ] as const) {
    it(`reads ${input} as ${version}`, () => {
      const def = defineConfig({ [FIELD_SYNTAX_VERSION]: fieldSyntaxVersionKey() })
      expect(fieldSyntaxVersionOf(def.parse({ [FIELD_SYNTAX_VERSION]: input }).get(FIELD_SYNTAX_VERSION))).toBe(version)
    })
  }

  for (const input of ['v3', 'V 1', 'v', 'V 2', '2', '1']) {
    it(`rejects '${input}'`, () => {
      const def = defineConfig({ [FIELD_SYNTAX_VERSION]: fieldSyntaxVersionKey() })
      expect(() => def.parse({ [FIELD_SYNTAX_VERSION]: input })).toThrow(
        `Invalid value ${input} for configuration field.syntax.version: String must be one of (case insensitive): V1, V2`,
      )
    })
  }
})
