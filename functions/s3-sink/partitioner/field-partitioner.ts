import { Struct } from '../../../layers/runtime/data/struct.js'
import { Type } from '../../../layers/runtime/data/values.js'
import { DataException } from '../../../layers/runtime/errors.js'
import type { SinkRecord } from '../../../layers/runtime/record/record.js'
import { getNestedField, getNestedFieldValue } from './data-utils.js'
import { DefaultPartitioner } from './default-partitioner.js'
import { PartitionException } from './partition-exception.js'

/**
 * Confluent's `FieldPartitioner`: `name=value` for each of `partition.field.name`, joined with
 * `directory.delim`. Only Struct values (records with a schema); fields of type int8–int64, string
 * or boolean; a null value (anywhere on a dotted path) gives `name=null`.
 */
export class FieldPartitioner extends DefaultPartitioner {
  constructor(
    readonly fieldNames: readonly string[],
    directoryDelim: string,
  ) {
    super(directoryDelim)
  }

  override encodePartition(record: SinkRecord, _nowMs?: number): string {
    const value = record.value
    if (!(value instanceof Struct) || record.valueSchema === null) {
      throw new PartitionException('Error encoding partition.', { cause: new Error('Value is not Struct type.') })
    }
    let path = ''
    for (const fieldName of this.fieldNames) {
      if (path.length > 0) path += this.directoryDelim
      const field = getNestedField(record.valueSchema, fieldName)
      if (field === undefined) throw new DataException(`Field '${fieldName}' is not present in the schema.`)
      let key: unknown
      try {
        key = getNestedFieldValue(value, fieldName)
      } catch (e) {
        if (!(e instanceof DataException)) throw e
        key = null
      }
      if (key === null) {
        path += `${fieldName}=null`
        continue
      }
      path += encodeValue(fieldName, key, field.schema.type)
    }
    return path
  }
}

function encodeValue(fieldName: string, key: unknown, type: Type): string {
  switch (type) {
    case Type.INT8:
    case Type.INT16:
    case Type.INT32:
    case Type.INT64:
      return `${fieldName}=${String(key)}`
    case Type.STRING:
      return `${fieldName}=${key as string}`
    case Type.BOOLEAN:
      return `${fieldName}=${String(key)}`
    default:
      throw new PartitionException('Error encoding partition.', {
        cause: new Error(`Type ${type.toUpperCase()} is not supported as a partition key.`),
      })
  }
}
