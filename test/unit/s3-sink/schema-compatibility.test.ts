import { describe, expect, it } from 'vitest'
import {
  checkCompatibility,
  getCompatibility,
  projectRecord,
  type SchemaIncompatibilityType,
  type StorageSchemaCompatibility,
} from '../../../functions/s3-sink/schema-compatibility.js'
import { project, SchemaProjectorException } from '../../../functions/s3-sink/schema-projector.js'
import { type Schema, SchemaBuilder, Schemas } from '../../../layers/runtime/data/schema.js'
import { Struct } from '../../../layers/runtime/data/struct.js'
import { SinkRecord } from '../../../layers/runtime/record/record.js'

// Confluent StorageSchemaCompatibilityTest's schemas
const intSchema = (name: string, version: number) => SchemaBuilder.int32().name(name).version(version)
const A = intSchema('a', 2).build()
const A_COPY = intSchema('a', 2).build()
const A_RENAMED = intSchema('b', 2).build()
const A_OPTIONAL = intSchema('a', 2).optional().build()
const A_OLDER = intSchema('a', 1).build()
const A_NEWER = intSchema('a', 3).build()
const A_PARAMETERED = intSchema('a', 2).parameter('x', 'y').build()
const A_RETYPED = SchemaBuilder.string().name('a').version(1).build()
const A_WITH_DOC = intSchema('a', 2).doc('doc').build()

const structSchema = (name: string, version: number) =>
  SchemaBuilder.struct()
    .name(name)
    .version(version)
    .field('b', Schemas.BOOLEAN)
    .field('i', Schemas.INT32)
    .field('d', Schemas.FLOAT64)
    .field('s', Schemas.OPTIONAL_STRING)
    .field('x', SchemaBuilder.struct().field('inner1', Schemas.BOOLEAN).build())
const B = structSchema('b', 2).build()
const B_COPY = structSchema('b', 2).build()
const B_OLDER = structSchema('b', 1).build()
const B_NEWER = structSchema('b', 3).build()
const B_OPTIONAL = structSchema('b', 2).optional().build()
const B_EXTRA_REQUIRED = structSchema('b', 2).field('extra', Schemas.STRING).build()
const B_EXTRA_OPTIONAL = structSchema('b', 2).field('extra', Schemas.OPTIONAL_STRING).build()
const B_EXTRA_WITH_DEFAULT = structSchema('b', 2)
  .field('extra', SchemaBuilder.string().defaultValue('fallback').build())
  .build()

const avroEnum = (symbols: string[]) => {
  const b = SchemaBuilder.string().version(1).name('e1').parameter('io.confluent.connect.avro.Enum', 'e1')
  for (const s of symbols) b.parameter(`io.confluent.connect.avro.Enum.${s}`, s)
  return b.build()
}
const ENUM_RGB = avroEnum(['RED', 'GREEN', 'BLUE'])
const ENUM_RG = avroEnum(['RED', 'GREEN'])

function changed(c: StorageSchemaCompatibility, record: Schema, current: Schema, type: SchemaIncompatibilityType) {
  expect(checkCompatibility(c, record, current)).toEqual({ isInCompatible: true, type })
}
function unchanged(c: StorageSchemaCompatibility, record: Schema, current: Schema) {
  expect(checkCompatibility(c, record, current)).toEqual({ isInCompatible: false, type: 'NA' })
}

describe('schema.compatibility NONE', () => {
  it('keeps the file for equal schemas', () => {
    unchanged('NONE', A, A_COPY)
    unchanged('NONE', B, B_COPY)
  })

  it('starts a new file on any difference, docs and versions included', () => {
    for (const other of [A_NEWER, A_OLDER, A_RENAMED, A_RETYPED, A_PARAMETERED, A_WITH_DOC, A_OPTIONAL]) {
      changed('NONE', A, other, 'DIFFERENT_SCHEMA')
    }
    for (const other of [B_OLDER, B_OPTIONAL, B_EXTRA_REQUIRED, B_EXTRA_OPTIONAL])
      changed('NONE', B, other, 'DIFFERENT_SCHEMA')
  })

  it('needs no schema version', () => {
    const noVersion = SchemaBuilder.struct().field('a', Schemas.INT32).build()
    unchanged('NONE', noVersion, SchemaBuilder.struct().field('a', Schemas.INT32).build())
  })
})

describe('schema.compatibility BACKWARD, FORWARD and FULL', () => {
  it('BACKWARD and FULL start a new file for a newer record version and project older ones', () => {
    for (const c of ['BACKWARD', 'FULL'] as const) {
      changed(c, A, A_OLDER, 'DIFFERENT_VERSION')
      changed(c, B, B_OLDER, 'DIFFERENT_VERSION')
      unchanged(c, A, A_NEWER)
      unchanged(c, B, B_NEWER)
    }
  })

  it('FORWARD starts a new file for an older record version and projects newer ones', () => {
    changed('FORWARD', A, A_NEWER, 'DIFFERENT_VERSION')
    changed('FORWARD', B, B_NEWER, 'DIFFERENT_VERSION')
    unchanged('FORWARD', A, A_OLDER)
    unchanged('FORWARD', B, B_OLDER)
  })

  it('starts a new file for a different name, type or parameters', () => {
    for (const c of ['BACKWARD', 'FORWARD', 'FULL'] as const) {
      changed(c, A, A_RENAMED, 'DIFFERENT_NAME')
      changed(c, A, A_RETYPED, 'DIFFERENT_TYPE')
      changed(c, A, A_PARAMETERED, 'DIFFERENT_PARAMS')
    }
  })

  it('ignores docs and optionality that projection can absorb', () => {
    for (const c of ['BACKWARD', 'FORWARD', 'FULL'] as const) {
      unchanged(c, A, A_WITH_DOC)
      unchanged(c, A, A_OPTIONAL)
      unchanged(c, B, B_OPTIONAL)
      unchanged(c, B, B_EXTRA_OPTIONAL)
      unchanged(c, B_EXTRA_OPTIONAL, B)
      unchanged(c, B_EXTRA_REQUIRED, B)
      unchanged(c, B, B_EXTRA_WITH_DEFAULT)
    }
  })

  it('starts a new file when the file needs a field the record lacks, or a required value the record may not have', () => {
    for (const c of ['BACKWARD', 'FORWARD', 'FULL'] as const) {
      changed(c, B, B_EXTRA_REQUIRED, 'MISSING_REQUIRED_FIELD')
      changed(c, A_OPTIONAL, A, 'INCOMPATIBLE_OPTIONALITY')
      changed(c, B_OPTIONAL, B, 'INCOMPATIBLE_OPTIONALITY')
    }
  })

  it('lets an enum lose symbols but not gain them, also nested in a struct', () => {
    changed('BACKWARD', ENUM_RGB, ENUM_RG, 'DIFFERENT_PARAMS')
    unchanged('BACKWARD', ENUM_RG, ENUM_RGB)
    const inStruct = (e: Schema) => SchemaBuilder.struct().name('sr').version(1).field('color', e).build()
    changed('FULL', inStruct(ENUM_RGB), inStruct(ENUM_RG), 'DIFFERENT_PARAMS')
  })

  it('checks array elements and map values recursively', () => {
    const struct = (t: Schema) => SchemaBuilder.struct().name('s1').version(1).field('count', t).build()
    changed('BACKWARD', struct(Schemas.STRING), struct(Schemas.INT32), 'DIFFERENT_TYPE')
    const arr = (t: Schema) => SchemaBuilder.array(t).name('arr').version(1).build()
    changed('BACKWARD', arr(Schemas.STRING), arr(Schemas.INT32), 'DIFFERENT_TYPE')
    unchanged('BACKWARD', arr(Schemas.INT32), arr(Schemas.INT64))
  })

  it('ignores field documentation parameters', () => {
    const withDoc = SchemaBuilder.struct()
      .name('s1')
      .version(1)
      .field('name', SchemaBuilder.string().parameter('io.confluent.connect.avro.field.doc.name', 'The name').build())
      .build()
    const without = SchemaBuilder.struct().name('s1').version(1).field('name', Schemas.STRING).build()
    unchanged('BACKWARD', withDoc, without)
    unchanged('FORWARD', without, withDoc)
  })

  it('requires schema versions', () => {
    const noVersion = SchemaBuilder.struct().field('a', Schemas.INT32).build()
    expect(() => checkCompatibility('BACKWARD', noVersion, B)).toThrow(
      'Schema version required for BACKWARD compatibility',
    )
  })

  it('throws when records switch between having a schema and not having one', () => {
    for (const c of ['NONE', 'BACKWARD'] as const) {
      expect(() => checkCompatibility(c, null, B)).toThrow(SchemaProjectorException)
      expect(() => checkCompatibility(c, B, null)).toThrow(
        'Switch between schema-based and schema-less data is not supported',
      )
    }
    unchanged('NONE', null as unknown as Schema, null as unknown as Schema)
  })

  it('matches the mode name exactly in upper case and falls back to NONE', () => {
    expect(getCompatibility('BACKWARD')).toBe('BACKWARD')
    expect(getCompatibility('backward')).toBe('NONE')
    expect(getCompatibility('toString')).toBe('NONE')
  })
})

describe('projection onto the file schema', () => {
  const v1 = SchemaBuilder.struct()
    .name('record')
    .version(1)
    .field('boolean', Schemas.BOOLEAN)
    .field('int', Schemas.INT32)
    .build()
  const v2 = SchemaBuilder.struct()
    .name('record')
    .version(2)
    .field('boolean', Schemas.BOOLEAN)
    .field('int', Schemas.INT64)
    .field('string', SchemaBuilder.string().defaultValue('abc').build())
    .build()
  const record = new SinkRecord({
    topic: 't',
    kafkaPartition: 0,
    keySchema: null,
    key: 'k',
    valueSchema: v1,
    value: new Struct(v1).put('boolean', true).put('int', 12),
    kafkaOffset: 3,
    timestamp: null,
  })

  it('fills defaults and widens numbers when an older record goes into a newer file (BACKWARD)', () => {
    const projected = projectRecord('BACKWARD', record, v2)
    expect(projected.valueSchema).toBe(v2)
    const value = projected.value as Struct
    expect(value.get('int')).toBe(12n)
    expect(value.get('string')).toBe('abc')
    expect(projected.key).toBe('k')
    expect(projected.kafkaOffset).toBe(3)
  })

  it('leaves records alone under NONE and when the schemas are equal', () => {
    expect(projectRecord('NONE', record, v2)).toBe(record)
    expect(projectRecord('BACKWARD', record, v1)).toBe(record)
  })

  it('drops fields the file schema does not have', () => {
    const value = new Struct(v2).put('boolean', false).put('int', 1n).put('string', 'x')
    const projected = project(
      v2,
      value,
      SchemaBuilder.struct().name('record').version(2).field('boolean', Schemas.BOOLEAN).build(),
    )
    expect((projected as Struct).schema.fields.map((f) => f.name)).toEqual(['boolean'])
  })

  it('fails projection of a required field that has no default', () => {
    const target = SchemaBuilder.struct().name('record').version(3).field('other', Schemas.STRING).build()
    expect(() => project(v1, record.value, target)).toThrow('Required field `other` is missing from source schema')
  })
})
