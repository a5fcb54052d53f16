// Ported from Kafka's TimestampRouterTest, plus the behaviour of Kafka's code around it.
import { beforeEach, describe, expect, it } from 'vitest'
import { Schemas } from '../../../layers/runtime/data/schema.js'
import { DataException } from '../../../layers/runtime/errors.js'
import { Headers } from '../../../layers/runtime/record/headers.js'
import { TimestampRouter } from '../../../layers/transforms/timestamp-router.js'
import { IllegalArgumentException, NullPointerException } from '../../../layers/transforms/util/java-exceptions.js'
import { sinkRecord, sourceRecord } from './records.js'

// biome-ignore lint/suspicious/noTemplateCurlyInString: Kafka's placeholder syntax, not a template
const TOPIC = '${topic}'
// biome-ignore lint/suspicious/noTemplateCurlyInString: Kafka's placeholder syntax, not a template
const TIMESTAMP = '${timestamp}'

describe('TimestampRouter', () => {
  let xform: TimestampRouter
  beforeEach(() => {
    xform = new TimestampRouter()
    xform.configure({})
  })

  it('routes to topic-timestamp with a yyyyMMdd timestamp by default', () => {
    const record = sourceRecord('test', 0, null, null, null, null, 1_483_425_001_864)
    expect(xform.apply(record).topic).toBe('test-20170103')
  })

  it('formats the timestamp in UTC with the configured pattern', () => {
    xform.configure({ 'topic.format': `logs-${TIMESTAMP}`, 'timestamp.format': 'yyyy-MM-dd' })
    expect(xform.apply(sourceRecord('orders', 0, null, null, null, null, Date.UTC(2024, 1, 29, 23, 59))).topic).toBe(
      'logs-2024-02-29',
    )
  })

  it('replaces every occurrence of each placeholder, literally', () => {
    xform.configure({ 'topic.format': `${TOPIC}/${TOPIC}-${TIMESTAMP}-$1-${TIMESTAMP}`, 'timestamp.format': "yyyy'$'" })
    expect(xform.apply(sourceRecord('a$b', 0, null, null, null, null, 0)).topic).toBe('a$b/a$b-1970$-$1-1970$')
  })

  it('keeps everything but the topic, headers included', () => {
    const headers = new Headers().add('h', 'v', Schemas.STRING)
    const record = sinkRecord('test', 3, Schemas.STRING, 'k', Schemas.INT32, 5, 42, 0, headers)
    const routed = xform.apply(record)
    expect(routed.topic).toBe('test-19700101')
    expect(routed.kafkaPartition).toBe(3)
    expect(routed.key).toBe('k')
    expect(routed.value).toBe(5)
    expect(routed.kafkaOffset).toBe(42)
    expect(routed.timestamp).toBe(0)
    expect(routed.headers.toArray()).toEqual(record.headers.toArray())
    expect(routed.originalTopic).toBe('test')
  })

  it('fails a record without a timestamp, showing the record as Java prints it', () => {
    const record = sinkRecord('test', 0, Schemas.STRING, 'k', null, null, 7)
    expect(() => xform.apply(record)).toThrow(
      new DataException(
        "Timestamp missing on record: SinkRecord{kafkaOffset=7, timestampType=NoTimestampType, originalTopic=test, originalKafkaPartition=0, originalKafkaOffset=7} ConnectRecord{topic='test', kafkaPartition=0, key=k, keySchema=Schema{STRING}, value=null, valueSchema=null, timestamp=null, headers=ConnectHeaders(headers=)}",
      ),
    )
  })

  it('fails a record without a topic with a NullPointerException', () => {
    expect(() => xform.apply(sourceRecord(null, 0, null, null, null, null, 0))).toThrow(NullPointerException)
  })

  it('accepts an invalid timestamp.format at configure time, and fails each record with it', () => {
    expect(() => xform.configure({ 'timestamp.format': 'yyyyq' })).not.toThrow()
    const record = sourceRecord('t', 0, null, null, null, null, 0)
    expect(() => xform.apply(record)).toThrow(new IllegalArgumentException("Illegal pattern character 'q'"))
    expect(() => xform.apply(record)).toThrow(IllegalArgumentException)
  })
})
