import { describe, expect, it } from 'vitest'
import { parseConnectionUrl, sanitizedUrl } from '../../../functions/jdbc-source/connection-url.js'
import { Password } from '../../../layers/runtime/config/password.js'
import { ConfigException } from '../../../layers/runtime/errors.js'

const noCredentials = { user: null, password: null }

function errorOf(action: () => unknown): ConfigException {
  try {
    action()
  } catch (error) {
    if (error instanceof ConfigException) return error
    throw error
  }
  throw new Error('expected a ConfigException')
}

describe('parseConnectionUrl', () => {
  it('reads host, port and database of the seed’s URL, with pgjdbc’s defaults', () => {
    const options = parseConnectionUrl('jdbc:postgresql://postgres:5432/mydb', noCredentials)
    expect(options.hosts).toEqual([{ host: 'postgres', port: 5432 }])
    expect(options.database).toBe('mydb')
    expect(options.sslMode).toBe('prefer')
    expect(options.connectTimeoutMs).toBe(10_000)
    expect(options.ignoredParameters).toEqual([])
    expect(parseConnectionUrl('jdbc:postgresql://db.internal/orders', noCredentials).hosts).toEqual([
      { host: 'db.internal', port: 5432 },
    ])
    expect(parseConnectionUrl('jdbc:postgresql:mydb', noCredentials)).toMatchObject({
      hosts: [{ host: 'localhost', port: 5432 }],
      database: 'mydb',
    })
  })

  it('reads several hosts and IPv6 addresses, tried in order', () => {
    const options = parseConnectionUrl('jdbc:postgresql://a:6432,[::1]:5433,b/db', noCredentials)
    expect(options.hosts).toEqual([
      { host: 'a', port: 6432 },
      { host: '::1', port: 5433 },
      { host: 'b', port: 5432 },
    ])
  })

  it('maps pgjdbc parameters to client options, URL parameters winning over connection.user and connection.password', () => {
    const options = parseConnectionUrl(
      'jdbc:postgresql://h/db?sslmode=verify-full&user=url_user&password=s%40cret&ApplicationName=orders-cdc&currentSchema=sales&connectTimeout=3&socketTimeout=30&tcpKeepAlive=true',
      { user: 'config_user', password: new Password('config-secret') },
    )
    expect(options.user).toBe('url_user')
    expect(options.password?.value()).toBe('s@cret')
    expect(String(options.password)).toBe('[hidden]')
    expect(options.sslMode).toBe('verify-full')
    expect(options.applicationName).toBe('orders-cdc')
    expect(options.options).toBe('-c search_path=sales')
    expect(options.connectTimeoutMs).toBe(3000)
    expect(options.socketTimeoutMs).toBe(30_000)
    expect(options.keepAlive).toBe(true)
  })

  it('takes the credentials of the connector when the URL has none, and connection.<property> keys as driver properties', () => {
    const options = parseConnectionUrl(
      'jdbc:postgresql://h/db',
      { user: 'connect_user', password: new Password('pw') },
      { sslmode: 'require', loginTimeout: '40' },
    )
    expect(options.user).toBe('connect_user')
    expect(options.password?.value()).toBe('pw')
    expect(options.sslMode).toBe('require')
    expect(options.connectTimeoutMs).toBe(40_000)
  })

  it('treats ssl=true as verify-full and the NonValidatingFactory as encryption without verification', () => {
    expect(parseConnectionUrl('jdbc:postgresql://h/db?ssl=true', noCredentials).sslMode).toBe('verify-full')
    expect(
      parseConnectionUrl(
        'jdbc:postgresql://h/db?ssl=true&sslfactory=org.postgresql.ssl.NonValidatingFactory',
        noCredentials,
      ).sslNonValidating,
    ).toBe(true)
  })

  it('lists parameters it does not apply, and accepts without a word those that change nothing here', () => {
    const options = parseConnectionUrl(
      'jdbc:postgresql://h/db?targetServerType=primary&defaultRowFetchSize=1000&prepareThreshold=0',
      noCredentials,
    )
    expect(options.ignoredParameters).toEqual(['targetServerType'])
  })

  it('rejects other databases’ JDBC URLs with a message naming connection.url', () => {
    const error = errorOf(() => parseConnectionUrl('jdbc:mysql://localhost/db_name', noCredentials))
    expect(error.key).toBe('connection.url')
    expect(error.message).toBe(
      "Invalid value jdbc:mysql://localhost/db_name for configuration connection.url: connectless reads PostgreSQL only (jdbc:postgresql://host:port/database), not 'mysql'",
    )
    expect(errorOf(() => parseConnectionUrl('postgres://u@h/db', noCredentials)).message).toContain(
      'expected a JDBC URL of the form jdbc:postgresql://host:port/database',
    )
    expect(errorOf(() => parseConnectionUrl('', noCredentials)).key).toBe('connection.url')
  })

  it('never shows a password of the URL in an error', () => {
    const error = errorOf(() =>
      parseConnectionUrl('jdbc:postgresql://h:99999/db?user=u&password=hunter2', noCredentials),
    )
    expect(error.message).not.toContain('hunter2')
    expect(error.message).toContain('password=****')
    expect(error.message).toContain('invalid port number')
    expect(errorOf(() => parseConnectionUrl('jdbc:sqlserver://h;password=hunter2', noCredentials)).message).toBe(
      "Invalid value jdbc:sqlserver://h;password=**** for configuration connection.url: connectless reads PostgreSQL only (jdbc:postgresql://host:port/database), not 'sqlserver'",
    )
  })
})

describe('sanitizedUrl', () => {
  it('masks every parameter whose name contains password, as Confluent’s sanitizedUrl', () => {
    expect(sanitizedUrl('jdbc:postgresql://h/db?user=a&password=b&sslpassword=c&x=1')).toBe(
      'jdbc:postgresql://h/db?user=a&password=****&sslpassword=****&x=1',
    )
    expect(sanitizedUrl('jdbc:postgresql://h/db?PASSWORD=b')).toBe('jdbc:postgresql://h/db?PASSWORD=****')
  })
})
