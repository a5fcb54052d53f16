// Cases from Kafka's SinkUtilsTest and OffsetUtilsTest.
import { describe, expect, it } from 'vitest'
import {
  parseSinkConnectorOffsets,
  parseSourceConnectorOffsets,
  readConnectorOffsets,
  sinkConnectorOffset,
} from '../../../layers/runtime/rest/connector-offsets.js'
import type { ConnectorOffset } from '../../../layers/runtime/rest/entities.js'
import { BadRequestException } from '../../../layers/runtime/rest/rest-exception.js'

const offsets = (
  partition: Record<string, unknown> | null,
  offset: Record<string, unknown> | null,
): ConnectorOffset[] => [{ partition, offset } as ConnectorOffset]

function badRequest(f: () => unknown): string {
  try {
    f()
  } catch (e) {
    if (e instanceof BadRequestException) return e.message
    throw e
  }
  throw new Error('expected a BadRequestException')
}

describe('sink connector offsets (SinkUtils)', () => {
  it('shows a committed position as {kafka_topic, kafka_partition} → {kafka_offset}', () => {
    expect(sinkConnectorOffset('test-topic', 0, 100)).toEqual({
      partition: { kafka_topic: 'test-topic', kafka_partition: 0 },
      offset: { kafka_offset: 100 },
    })
  })

  it('parses an empty list to nothing', () => {
    expect(parseSinkConnectorOffsets([])).toEqual([])
  })

  it('requires both partition keys', () => {
    const message =
      "The partition for a sink connector offset must contain the keys 'kafka_topic' and 'kafka_partition'"
    expect(badRequest(() => parseSinkConnectorOffsets(offsets({ kafka_topic: 'topic' }, { kafka_offset: 100 })))).toBe(
      message,
    )
    expect(badRequest(() => parseSinkConnectorOffsets(offsets({ kafka_partition: '5' }, { kafka_offset: 100 })))).toBe(
      message,
    )
  })

  it('refuses a partition that is not an integer', () => {
    expect(
      badRequest(() =>
        parseSinkConnectorOffsets(
          offsets({ kafka_topic: 'topic', kafka_partition: 'not a number' }, { kafka_offset: 1 }),
        ),
      ),
    ).toBe(
      "Failed to parse the following Kafka partition value in the provided offsets: 'not a number'. Partition values for sink connectors need to be integers.",
    )
    expect(
      badRequest(() =>
        parseSinkConnectorOffsets(offsets({ kafka_topic: 't', kafka_partition: 0.5 }, { kafka_offset: 1 })),
      ),
    ).toContain("'0.5'")
  })

  it('requires kafka_offset in an offset that is not null', () => {
    expect(badRequest(() => parseSinkConnectorOffsets(offsets({ kafka_topic: 't', kafka_partition: 10 }, {})))).toBe(
      "The offset for a sink connector should either be null or contain the key 'kafka_offset'",
    )
    expect(
      badRequest(() =>
        parseSinkConnectorOffsets(offsets({ kafka_topic: 't', kafka_partition: 10 }, { kafka_offset: 'not a number' })),
      ),
    ).toBe(
      "Failed to parse the following Kafka offset value in the provided offsets: 'not a number'. Offset values for sink connectors need to be integers.",
    )
  })

  it('accepts partitions and offsets as numbers or numeric strings', () => {
    for (const [partition, offset] of [
      ['10', '100'],
      [10, '100'],
      ['10', 100],
      [10, 100],
    ] as const) {
      expect(
        parseSinkConnectorOffsets(
          offsets({ kafka_topic: 'topic', kafka_partition: partition }, { kafka_offset: offset }),
        ),
      ).toEqual([{ topic: 'topic', partition: 10, offset: 100 }])
    }
  })

  it('reads a null offset as a reset of the partition', () => {
    expect(parseSinkConnectorOffsets(offsets({ kafka_topic: 'topic', kafka_partition: 10 }, null))).toEqual([
      { topic: 'topic', partition: 10, offset: null },
    ])
  })

  it('refuses a null or missing partition, and null partition values', () => {
    expect(badRequest(() => parseSinkConnectorOffsets(offsets(null, { kafka_offset: 100 })))).toBe(
      'The partition for a sink connector offset cannot be null or missing',
    )
    expect(
      badRequest(() =>
        parseSinkConnectorOffsets(offsets({ kafka_topic: 't', kafka_partition: null }, { kafka_offset: 1 })),
      ),
    ).toBe('Kafka partitions must be valid numbers and may not be null')
    expect(
      badRequest(() =>
        parseSinkConnectorOffsets(offsets({ kafka_topic: null, kafka_partition: '10' }, { kafka_offset: 1 })),
      ),
    ).toBe('Kafka topic names must be valid strings and may not be null')
  })

  it('refuses negative partitions and offsets (Connect leaves them to the admin client, which fails)', () => {
    expect(
      badRequest(() =>
        parseSinkConnectorOffsets(offsets({ kafka_topic: 't', kafka_partition: -1 }, { kafka_offset: 1 })),
      ),
    ).toContain('non-negative')
    expect(
      badRequest(() =>
        parseSinkConnectorOffsets(offsets({ kafka_topic: 't', kafka_partition: 0 }, { kafka_offset: -1 })),
      ),
    ).toContain('non-negative')
  })

  it('ignores extra keys in partitions and offsets, as Connect does', () => {
    expect(
      parseSinkConnectorOffsets(offsets({ kafka_topic: 't', kafka_partition: 0, extra: 1 }, { kafka_offset: 1, x: 2 })),
    ).toEqual([{ topic: 't', partition: 0, offset: 1 }])
  })
})

describe('source connector offsets (OffsetUtils.validateFormat)', () => {
  it('accepts maps of strings, numbers, booleans and nulls', () => {
    const change = parseSourceConnectorOffsets(offsets({ table: 't1' }, { id: 1, ts: null, ok: true, s: 'x' }))
    expect(change).toEqual([{ partition: { table: 't1' }, offset: { id: 1, ts: null, ok: true, s: 'x' } }])
  })

  it('refuses nested maps and arrays, naming the field and the type', () => {
    expect(badRequest(() => parseSourceConnectorOffsets(offsets({ table: 't1' }, { id: { a: 1 } })))).toBe(
      'Offsets may only contain primitive types as values, but field id contains MAP',
    )
    expect(badRequest(() => parseSourceConnectorOffsets(offsets({ tables: ['a'] }, { id: 1 })))).toBe(
      'Offsets may only contain primitive types as values, but field tables contains ARRAY',
    )
  })

  it('reads a null offset as removing the partition', () => {
    expect(parseSourceConnectorOffsets(offsets({ table: 't1' }, null))).toEqual([
      { partition: { table: 't1' }, offset: null },
    ])
  })
})

describe('the PATCH body', () => {
  it('reads {offsets: [...]} and keeps a missing partition as null', () => {
    expect(readConnectorOffsets({ offsets: [{ offset: { id: 1 } }] })).toEqual([{ partition: null, offset: { id: 1 } }])
  })

  it('refuses unknown fields inside an element', () => {
    expect(badRequest(() => readConnectorOffsets({ offsets: [{ partition: {}, offset: {}, x: 1 }] }))).toBe(
      'Unrecognized field "x" (2 known properties: "offset", "partition")',
    )
  })

  it('refuses offsets that are not a list', () => {
    expect(badRequest(() => readConnectorOffsets({ offsets: { a: 1 } }))).toContain('offsets must be a JSON array')
  })
})
