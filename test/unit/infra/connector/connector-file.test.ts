import { describe, expect, it } from 'vitest'
import { parseConnectorFile } from '../../../../infra/connector/connector-file.js'
import { connectorStackName } from '../../../../infra/connector/stack-name.js'

describe('parseConnectorFile', () => {
  it("reads Connect's REST form, adding the name to the config", () => {
    expect(
      parseConnectorFile('{"name": "s3", "config": {"connector.class": "S3Sink", "tasks.max": 3, "x": true}}'),
    ).toEqual({
      name: 's3',
      config: { 'connector.class': 'S3Sink', 'tasks.max': '3', x: 'true', name: 's3' },
    })
  })

  it('reads the bare config map with its name key', () => {
    expect(parseConnectorFile('{"name": "s3", "connector.class": "S3Sink"}')).toEqual({
      name: 's3',
      config: { name: 's3', 'connector.class': 'S3Sink' },
    })
  })

  it.each([
    ['invalid JSON', '{', /is not valid JSON/],
    ['a config without a name', '{"config": {"connector.class": "S3Sink"}}', /the connector has no name/],
    [
      'two different names',
      '{"name": "a", "config": {"name": "b"}}',
      /connector name configuration \(b\) doesn't match connector name \(a\)/,
    ],
    [
      'a value that is no string',
      '{"name": "a", "config": {"topics": ["a"]}}',
      /the value of topics must be a string, not object/,
    ],
    ['a list', '[]', /expected a JSON object/],
  ])('refuses %s', (_, text, message) => {
    expect(() => parseConnectorFile(text, 'c.json')).toThrow(message)
  })
})

describe('connectorStackName', () => {
  it('keeps a name that is a stack name, and replaces what a stack name cannot hold', () => {
    expect(connectorStackName('s3-sink')).toBe('s3-sink')
    expect(connectorStackName('orders.sink_v2')).toBe('orders-sink-v2')
    expect(connectorStackName('3rd-sink')).toBe('connector-3rd-sink')
  })
})
