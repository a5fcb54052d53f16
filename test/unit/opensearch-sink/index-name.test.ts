import { describe, expect, it } from 'vitest'
import { TOPIC_PLACEHOLDER } from '../../../functions/opensearch-sink/config.js'
import {
  checkIndexName,
  indexNameProblem,
  topicToDataStreamName,
  topicToIndexName,
} from '../../../functions/opensearch-sink/index-name.js'
import { ConnectException } from '../../../layers/runtime/errors.js'

describe('Index names from topics', () => {
  it('lower-cases the topic', () => {
    expect(topicToIndexName('Orders.V1')).toBe('orders.v1')
  })

  it('drops one leading - or _, and renames . and .. as Confluent does', () => {
    expect(topicToIndexName('_orders')).toBe('orders')
    expect(topicToIndexName('--orders')).toBe('-orders')
    expect(topicToIndexName('.')).toBe('dot')
    expect(topicToIndexName('..')).toBe('dotdot')
  })

  it('cuts the name to 255 characters', () => {
    expect(topicToIndexName('a'.repeat(300))).toBe('a'.repeat(255))
  })

  it('names data streams <type>-<dataset>-<namespace> with the lower-cased topic in the namespace', () => {
    const settings = { type: 'LOGS', dataset: 'app', namespace: TOPIC_PLACEHOLDER, timestampFields: [] }
    expect(topicToDataStreamName('Orders', settings)).toBe('logs-app-orders')
    expect(topicToDataStreamName('Orders', { ...settings, namespace: 'prod' })).toBe('logs-app-prod')
    expect(topicToDataStreamName('t'.repeat(150), settings)).toBe(`logs-app-${'t'.repeat(100)}`)
  })
})

describe('OpenSearch index name rules', () => {
  it("accepts names OpenSearch accepts, Kafka's topic alphabet included", () => {
    for (const name of ['orders', 'orders.v1', 'orders_v1-2', '.hidden', 'ü-idx'])
      expect(indexNameProblem(name)).toBeNull()
  })

  it("names the rule a name breaks, in OpenSearch's words", () => {
    expect(indexNameProblem('a:b')).toBe("must not contain ':'")
    expect(indexNameProblem('a#b')).toBe("must not contain '#'")
    expect(indexNameProblem('a b')).toBe('must not contain the following characters [ , ", *, \\, <, |, ,, >, /, ?]')
    expect(indexNameProblem('+ab')).toBe("must not start with '_', '-', or '+'")
    expect(indexNameProblem('Ab')).toBe('must be lowercase')
    expect(indexNameProblem('..')).toBe("must not be '.' or '..'")
    expect(indexNameProblem('é'.repeat(200))).toBe('index name is too long, (400 > 255)')
  })

  it('fails with the topic named where the index name derived from it is invalid', () => {
    let error: unknown
    try {
      checkIndexName('orders:eu', 'orders:EU')
    } catch (e) {
      error = e
    }
    expect(error).toBeInstanceOf(ConnectException)
    expect((error as Error).message).toBe(
      "Cannot write records of topic 'orders:EU': the index name derived from it is invalid. Invalid index name [orders:eu], must not contain ':'. Rename the topic with a transform (RegexRouter) or map it with topic.to.external.resource.mapping.",
    )
    expect(checkIndexName('orders', 'Orders')).toBe('orders')
  })
})
