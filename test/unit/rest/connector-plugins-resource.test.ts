// Cases from Kafka's ConnectorPluginsResourceTest and AbstractHerderTest's validation tests, with
// the answers of a Connect 4.4 worker (fixtures/connect-4.4.0-exchanges.json).
import { describe, expect, it } from 'vitest'
import { field } from '../../../layers/runtime/config/config-key.js'
import { defineConfig } from '../../../layers/runtime/config/definition.js'
import { Password } from '../../../layers/runtime/config/password.js'
import { configKeyInfo, convertToString, validateConnectorConfig } from '../../../layers/runtime/rest/config-infos.js'
import { connectApi } from '../../../layers/runtime/rest/connect-api.js'
import type { ConfigInfo, ConfigInfos } from '../../../layers/runtime/rest/entities.js'
import { send } from './http.js'
import { MemoryBackend, refPlugins, refSinkConfig, SINK_CLASS } from './memory-backend.js'

const api = () => connectApi(new MemoryBackend())
const sinkPlugin = refPlugins[0] as (typeof refPlugins)[number]

async function validate(plugin: string, config: Record<string, unknown>) {
  return send(api(), 'PUT', `/connector-plugins/${plugin}/config/validate`, config)
}

function byName(infos: ConfigInfos, name: string): ConfigInfo {
  const found = infos.configs.find((c) => (c.definition?.name ?? c.value?.name) === name)
  if (!found) throw new Error(`no config ${name} in the validation`)
  return found
}

const VALID = { 'connector.class': SINK_CLASS, name: 'v1', topics: 'orders', 'ref.url': 'http://x' }

describe('GET /connector-plugins', () => {
  it('lists connectors only by default, sinks first, as {class, type, version}', async () => {
    expect((await send(api(), 'GET', '/connector-plugins')).json).toEqual([
      { class: SINK_CLASS, type: 'sink', version: '1.2.3' },
      { class: 'io.example.RefSourceConnector', type: 'source', version: '1.2.3' },
    ])
  })

  it('lists every plugin with connectorsOnly=false, leaving out an unknown version', async () => {
    const all = (await send(api(), 'GET', '/connector-plugins?connectorsOnly=false')).json as object[]
    expect(all).toHaveLength(3)
    expect(all[2]).toEqual({ class: 'org.apache.kafka.connect.transforms.Cast$Value', type: 'transformation' })
  })
})

describe('GET /connector-plugins/{plugin}/config', () => {
  it('answers the plugin own keys first, then the keys every sink has', async () => {
    const keys = (await send(api(), 'GET', '/connector-plugins/RefSink/config')).json as Array<{ name: string }>
    expect(keys.slice(0, 5).map((k) => k.name)).toEqual([
      'ref.url',
      'ref.password',
      'ref.batch',
      'ref.ratio',
      'ref.token',
    ])
    expect(keys.map((k) => k.name)).toContain('topics')
    expect(keys.map((k) => k.name)).toContain('errors.deadletterqueue.topic.name')
  })

  it('answers an unknown plugin with 404 "Unknown plugin X."', async () => {
    expect((await send(api(), 'GET', '/connector-plugins/Nope/config')).json).toEqual({
      error_code: 404,
      message: 'Unknown plugin Nope.',
    })
  })
})

describe('PUT /connector-plugins/{plugin}/config/validate', () => {
  it('answers ConfigInfos: name, error_count, groups, configs of definition and value', async () => {
    const res = await validate('RefSinkConnector', VALID)
    expect(res.status).toBe(200)
    const infos = res.json as ConfigInfos
    expect(Object.keys(infos)).toEqual(['name', 'error_count', 'groups', 'configs'])
    expect(infos.name).toBe(SINK_CLASS)
    expect(infos.error_count).toBe(0)
    expect(infos.groups).toEqual(['Common', 'Transforms', 'Predicates', 'Error Handling', 'Connection'])
    const url = byName(infos, 'ref.url')
    expect(url).toEqual({
      definition: {
        name: 'ref.url',
        type: 'STRING',
        required: true,
        default_value: null,
        importance: 'HIGH',
        documentation: 'Where to write.',
        group: 'Connection',
        order_in_group: 1,
        width: 'NONE',
        display_name: 'URL',
        dependents: [],
      },
      value: { name: 'ref.url', value: 'http://x', recommended_values: [], errors: [], visible: true },
    })
    expect(Object.keys(url.definition ?? {})).toEqual([
      'name',
      'type',
      'required',
      'default_value',
      'importance',
      'documentation',
      'group',
      'order_in_group',
      'width',
      'display_name',
      'dependents',
    ])
    expect(Object.keys(url.value ?? {})).toEqual(['name', 'value', 'recommended_values', 'errors', 'visible'])
  })

  it('hides secret values: a PASSWORD key and a key marked secret', async () => {
    const infos = (await validate('RefSinkConnector', { ...VALID, 'ref.password': 's3cret', 'ref.token': 'tok' }))
      .json as ConfigInfos
    expect(byName(infos, 'ref.password').value?.value).toBe('[hidden]')
    expect(byName(infos, 'ref.token').value?.value).toBe('[hidden]')
    expect(JSON.stringify(infos)).not.toContain('s3cret')
    expect(JSON.stringify(infos)).not.toContain('"tok"')
  })

  it('shows defaults and values as strings: numbers, Java doubles, booleans and lists', async () => {
    const infos = (await validate('RefSinkConnector', { ...VALID, topics: 'a, b' })).json as ConfigInfos
    expect(byName(infos, 'ref.batch').definition?.default_value).toBe('10')
    expect(byName(infos, 'ref.batch').value?.value).toBe('10')
    expect(byName(infos, 'ref.ratio').value?.value).toBe('1.0')
    expect(byName(infos, 'errors.log.enable').value?.value).toBe('false')
    expect(byName(infos, 'topics').value?.value).toBe('a,b')
    expect(byName(infos, 'ref.batch').definition).toMatchObject({
      group: null,
      order_in_group: -1,
      display_name: 'ref.batch',
    })
  })

  it('counts every error message, keeps the parsed value of a key whose validator failed', async () => {
    const infos = (
      await validate('RefSinkConnector', { ...VALID, 'ref.url': undefined, 'ref.batch': '0', 'tasks.max': 'x' })
    ).json as ConfigInfos
    expect(infos.error_count).toBe(3)
    expect(byName(infos, 'ref.url').value).toMatchObject({
      value: null,
      errors: ['Missing required configuration "ref.url" which has no default value.'],
    })
    expect(byName(infos, 'ref.batch').value).toMatchObject({
      value: '0',
      errors: ['Invalid value 0 for configuration ref.batch: Value must be at least 1'],
    })
    expect(byName(infos, 'tasks.max').value).toMatchObject({
      value: null,
      errors: ['Invalid value x for configuration tasks.max: Not a number of type INT'],
    })
  })

  it('reports a null value on its key', async () => {
    const infos = (await validate('RefSinkConnector', { ...VALID, 'some.key': null })).json as ConfigInfos
    expect(byName(infos, 'some.key')).toEqual({
      definition: null,
      value: {
        name: 'some.key',
        value: null,
        recommended_values: [],
        errors: ['Null value can not be supplied as the configuration value.'],
        visible: true,
      },
    })
    expect(infos.configs[0]?.definition).toBeNull()
  })

  it('applies SinkConnectorConfig checks: one of topics or topics.regex, the DLQ topic not consumed', async () => {
    const neither = (await validate('RefSinkConnector', { ...VALID, topics: '' })).json as ConfigInfos
    expect(byName(neither, 'topics').value?.errors).toEqual(['Must configure one of topics or topics.regex'])
    expect(byName(neither, 'topics.regex').value?.errors).toEqual(['Must configure one of topics or topics.regex'])
    const both = (await validate('RefSinkConnector', { ...VALID, 'topics.regex': 'o.*' })).json as ConfigInfos
    expect(byName(both, 'topics').value?.errors).toEqual([
      'topics and topics.regex are mutually exclusive options, but both are set.',
    ])
    const dlq = (
      await validate('RefSinkConnector', { ...VALID, topics: 'orders,dlq', 'errors.deadletterqueue.topic.name': 'dlq' })
    ).json as ConfigInfos
    expect(byName(dlq, 'topics').value?.errors).toEqual([
      "The DLQ topic 'dlq' may not be included in the list of topics ('topics=[orders, dlq]') consumed by the connector",
    ])
  })

  it('accepts the plugin by class name, simple name and alias, and names the result after connector.class', async () => {
    for (const plugin of [SINK_CLASS, 'RefSinkConnector', 'RefSink']) {
      expect((await validate(plugin, VALID)).status).toBe(200)
    }
    expect(((await validate('RefSink', { ...VALID, 'connector.class': 'RefSink' })).json as ConfigInfos).name).toBe(
      'RefSink',
    )
  })

  it('refuses a connector.class that does not match the plugin in the URL', async () => {
    expect((await validate('RefSourceConnector', { 'connector.class': SINK_CLASS })).json).toEqual({
      error_code: 400,
      message: `Included connector type ${SINK_CLASS} does not match request type RefSourceConnector`,
    })
    expect((await validate(`com.custom.package.RefSinkConnector`, VALID)).status).toBe(400)
  })

  it('refuses a config without connector.class, and a connector class not installed', async () => {
    expect((await validate('RefSinkConnector', { name: 'x' })).json).toEqual({
      error_code: 400,
      message: 'Connector config contains no connector type',
    })
    const missing = await validate('Nope', { 'connector.class': 'io.example.Nope' })
    expect(missing.status).toBe(400)
    expect((missing.json as { message: string }).message).toMatch(
      /^Failed to find any class that implements Connector and which name matches io.example.Nope, available connectors are: /,
    )
  })

  it('refuses a body that is not a config map', async () => {
    expect((await validate('RefSinkConnector', ['x'] as unknown as Record<string, unknown>)).status).toBe(400)
    const nested = await validate('RefSinkConnector', { ...VALID, 'ref.url': { a: 1 } })
    expect(nested.json).toEqual({
      error_code: 400,
      message: 'The value of config key "ref.url" must be a string, not a JSON object',
    })
  })

  it('coerces numbers and booleans to their text, as Jackson does for Map<String, String>', async () => {
    const infos = (await validate('RefSinkConnector', { ...VALID, 'ref.batch': 5, 'errors.log.enable': true }))
      .json as ConfigInfos
    expect(byName(infos, 'ref.batch').value?.value).toBe('5')
    expect(byName(infos, 'errors.log.enable').value?.value).toBe('true')
  })

  it('adds a connector own checks across keys to the keys they name', () => {
    const plugin = { ...sinkPlugin, validate: () => [{ name: 'ref.url', errors: ['unreachable'] }] }
    const infos = validateConnectorConfig(SINK_CLASS, plugin, VALID)
    expect(infos.error_count).toBe(1)
    expect(byName(infos, 'ref.url').value?.errors).toEqual(['unreachable'])
  })
})

describe('ConfigDef.convertToString', () => {
  it('prints values as Java does for each type', () => {
    expect(convertToString(null, 'STRING')).toBeNull()
    expect(convertToString(['a', 'b'], 'LIST')).toBe('a,b')
    expect(convertToString(1e-7, 'DOUBLE')).toBe('1.0E-7')
    expect(convertToString(2, 'INT')).toBe('2')
    expect(convertToString(new Password('x'), 'PASSWORD')).toBe('[hidden]')
    expect(convertToString('x', 'PASSWORD')).toBe('[hidden]')
  })

  it('shows a password default as [hidden] in the definition, and no default as null', () => {
    const def = defineConfig({ secret: field.password({ doc: 'A secret.', default: 'changeme' }) })
    expect(configKeyInfo('secret', def.keys.secret)).toMatchObject({ required: false, default_value: '[hidden]' })
    expect(configKeyInfo('ref.password', refSinkConfig.keys['ref.password']).default_value).toBeNull()
  })
})
