import { describe, expect, it } from 'vitest'
import { restListener, restUrl, workerIdOf } from '../../../cli/standalone/rest-listener.js'

describe('the standalone runner\u2019s REST listener', () => {
  it('is 127.0.0.1:8083 when the worker properties name none', () => {
    const l = restListener({ 'bootstrap.servers': 'localhost:9092' })
    expect(l).toMatchObject({ host: '127.0.0.1', port: 8083 })
    expect(restUrl(l.host, l.port)).toBe('http://127.0.0.1:8083')
    expect(workerIdOf(l, 8083)).toBe('127.0.0.1:8083')
  })

  it('takes rest.host.name and rest.port (Connect before 4.0)', () => {
    expect(restListener({ 'rest.host.name': 'localhost', 'rest.port': '18083' })).toMatchObject({
      host: 'localhost',
      port: 18083,
    })
  })

  it('takes the first HTTP listener of listeners, which wins over rest.port', () => {
    const l = restListener({ listeners: 'https://0.0.0.0:8443, http://127.0.0.2:9083', 'rest.port': '1' })
    expect(l).toMatchObject({ host: '127.0.0.2', port: 9083 })
  })

  it('listens on every interface for a listener without a host, and is reached at 127.0.0.1', () => {
    const l = restListener({ listeners: 'http://:8083' })
    expect(l.host).toBe('0.0.0.0')
    expect(restUrl(l.host, 8083)).toBe('http://127.0.0.1:8083')
  })

  it('names the worker by the advertised host and port', () => {
    const l = restListener({ listeners: 'http://127.0.0.1:0', 'rest.advertised.host.name': 'laptop' })
    expect(workerIdOf(l, 40123)).toBe('laptop:40123')
  })

  it('refuses a listener it cannot serve or read, naming the key', () => {
    expect(() => restListener({ listeners: 'https://localhost:8443' })).toThrow(/configuration listeners: .*HTTP only/)
    expect(() => restListener({ listeners: 'localhost:8083' })).toThrow(
      'Invalid value localhost:8083 for configuration listeners',
    )
    expect(() => restListener({ 'rest.port': 'eighty' })).toThrow('Invalid value eighty for configuration rest.port')
  })
})
