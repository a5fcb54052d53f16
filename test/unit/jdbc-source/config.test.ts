import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import {
  jdbcSourceConfigDef,
  jdbcSourceConfigWarnings,
  parseJdbcSourceConfig,
} from '../../../functions/jdbc-source/config.js'
import type { ConfigProps } from '../../../layers/runtime/config/parsed-config.js'
import { ConfigException } from '../../../layers/runtime/errors.js'

function seed(name: string): Record<string, string> {
  const text = readFileSync(new URL(`../../../../shared/spec/connectors/${name}`, import.meta.url), 'utf8')
  return (JSON.parse(text) as { config: Record<string, string> }).config
}

const base: ConfigProps = {
  'connection.url': 'jdbc:postgresql://127.0.0.1:55432/postgres',
  'topic.prefix': 'db-',
  mode: 'bulk',
}

function errorOf(props: ConfigProps): ConfigException {
  try {
    parseJdbcSourceConfig(props)
  } catch (error) {
    if (error instanceof ConfigException) return error
    throw error
  }
  throw new Error('expected a ConfigException')
}

describe('parseJdbcSourceConfig', () => {
  it('accepts the seed’s postgres-source config, warning that incrementing mode ignores timestamp.column.name', () => {
    // Prepare
    const props = seed('postgres-source.json')

    // Act
    const config = parseJdbcSourceConfig(props)
    const warnings = jdbcSourceConfigWarnings(config, props)

    // Assert
    expect(config.mode).toBe('incrementing')
    expect(config.tasksMax).toBe(3)
    expect(config.tableWhitelist).toEqual(['orders', 'users', 'payments'])
    expect(config.incrementingColumnName).toBe('id')
    expect(config.timestampColumnNames).toEqual(['updated_at'])
    expect(config.pollIntervalMs).toBe(1000)
    expect(config.topicPrefix).toBe('db-')
    expect(config.connection.hosts).toEqual([{ host: 'postgres', port: 5432 }])
    expect(config.connection.user).toBe('connect_user')
    expect(warnings).toEqual([
      'timestamp.column.name (updated_at) is ignored in mode=incrementing, as Confluent ignores it: only new rows are read, updates are never seen; did you mean mode=timestamp+incrementing?',
    ])
  })

  it('accepts the seed’s orders-with-timestamp transforms next to postgres-source’s connection keys, ignoring keys it does not define', () => {
    const props = { ...seed('postgres-source.json'), ...seed('orders-with-timestamp.json') }
    const config = parseJdbcSourceConfig(props)
    expect(config.mode).toBe('incrementing')
    expect(jdbcSourceConfigDef.parse(props).unknownKeys()).toContain('transforms.maskEmail.fields')
  })

  it('applies Confluent’s defaults (the ≤10.8.4 batch.max.rows of 100)', () => {
    const config = parseJdbcSourceConfig(base)
    expect(config).toMatchObject({
      connectionAttempts: 3,
      connectionBackoffMs: 10_000,
      batchMaxRows: 100,
      pollIntervalMs: 5000,
      tablePollIntervalMs: 60_000,
      validateNonNull: true,
      quoteSqlIdentifiers: 'always',
      tableTypes: ['TABLE'],
      numericMapping: 'none',
      timestampGranularity: 'connect_logical',
      legacyCalendar: true,
      timestampInitial: null,
      timestampDelayIntervalMs: 0,
      transactionIsolationMode: 'DEFAULT',
      queryRetryAttempts: -1,
      tasksMax: 1,
      query: null,
      schemaPattern: null,
      catalogPattern: null,
    })
    expect(config.dbTimeZone.id).toBe('UTC')
  })

  it('requires mode, naming the key with Confluent’s message', () => {
    const error = errorOf({ ...base, mode: undefined } as unknown as ConfigProps)
    expect(error.key).toBe('mode')
    expect(error.message).toBe('Invalid value  for configuration mode: Query mode must be specified')
  })

  it('accepts the modes in lower case only', () => {
    const error = errorOf({ ...base, mode: 'Incrementing' })
    expect(error.message).toBe(
      'Invalid value Incrementing for configuration mode: String must be one of: , bulk, timestamp, incrementing, timestamp+incrementing',
    )
  })

  it('keeps table.whitelist and table.blacklist exclusive, and query apart from table filters', () => {
    expect(errorOf({ ...base, 'table.whitelist': 'a', 'table.blacklist': 'b' }).message).toBe(
      'table.whitelist and table.blacklist are exclusive.',
    )
    expect(errorOf({ ...base, query: 'SELECT 1', 'table.whitelist': 'a' }).message).toBe(
      'query may not be combined with whole-table copying settings.',
    )
  })

  it('refuses legacy and regex table keys together, as Confluent’s validation does', () => {
    const error = errorOf({ ...base, 'table.whitelist': 'a', 'table.include.list': 'public\\..*' })
    expect(error.message).toContain('Cannot mix legacy and new configuration approaches.')
    expect(error.key).toBe('table.whitelist')
    expect(errorOf({ ...base, 'table.exclude.list': '.*tmp' }).message).toBe(
      'table.exclude.list cannot be used without table.include.list. Exclude list only applies to tables that match the include list.',
    )
  })

  it('requires the column mappings the mode needs with table.include.list, and no others', () => {
    const props = { ...base, 'table.include.list': 'public\\..*', mode: 'timestamp+incrementing' }
    expect(errorOf(props).message).toContain("Provide 'timestamp.columns.mapping'.")
    expect(errorOf({ ...props, 'timestamp.columns.mapping': 'public\\..*:[updated_at]' }).message).toContain(
      "Provide 'incrementing.column.mapping'.",
    )
    const config = parseJdbcSourceConfig({
      ...props,
      'timestamp.columns.mapping': 'public\\.orders:[modified|created], public\\..*:[updated_at]',
      'incrementing.column.mapping': 'public\\..*:id',
    })
    expect(config.timestampColumnsMapping.map((m) => m.columns)).toEqual([['modified', 'created'], ['updated_at']])
    expect(config.incrementingColumnMapping[0]?.columns).toBe('id')
    expect(errorOf({ ...base, 'table.include.list': 'x', 'incrementing.column.mapping': 'x:id' }).message).toContain(
      "Remove 'incrementing.column.mapping'.",
    )
  })

  it('validates the mapping format and the regexes', () => {
    expect(
      errorOf({ ...base, 'table.include.list': 'x', mode: 'timestamp', 'timestamp.columns.mapping': 'x:ts' }).message,
    ).toBe(
      'Invalid value ts for configuration timestamp.columns.mapping: Columns list must be enclosed in square brackets',
    )
    expect(errorOf({ ...base, 'table.include.list': 'public\\.(' }).message).toContain(
      'Must be a valid comma-separated list of regular expression patterns',
    )
  })

  it('matches include-list regexes against the whole name, as Java’s Pattern.matches', () => {
    const config = parseJdbcSourceConfig({ ...base, 'table.include.list': 'public\\.ord.*' })
    const [regex] = config.tableIncludeList
    expect(regex?.test('public.orders')).toBe(true)
    expect(regex?.test('xpublic.orders')).toBe(false)
  })

  it('requires incrementing.column.name with a custom query in an incrementing mode', () => {
    const error = errorOf({ ...base, mode: 'incrementing', query: 'SELECT * FROM t' })
    expect(error.key).toBe('incrementing.column.name')
    expect(error.message).toContain('The incrementing column cannot be auto-discovered in query mode')
  })

  it('requires timestamp.column.name in timestamp modes, where Confluent would quietly read every row', () => {
    expect(errorOf({ ...base, mode: 'timestamp' }).key).toBe('timestamp.column.name')
  })

  it('requires topic.prefix in query mode, where it is the whole topic name, and checks its characters', () => {
    expect(errorOf({ ...base, 'topic.prefix': '', mode: 'bulk', query: 'SELECT 1' }).key).toBe('topic.prefix')
    expect(parseJdbcSourceConfig({ ...base, 'topic.prefix': '' }).topicPrefix).toBe('')
    expect(errorOf({ ...base, 'topic.prefix': 'db/' }).message).toBe(
      "Invalid value db/ for configuration topic.prefix: Topic prefix must not contain any character other than ASCII alphanumerics, '.', '_' and '-'.",
    )
    expect(parseJdbcSourceConfig({ ...base, 'topic.prefix': '  db-  ' }).topicPrefix).toBe('db-')
  })

  it('reads numeric.mapping in all lower or all upper case, falling back to the deprecated numeric.precision.mapping', () => {
    expect(parseJdbcSourceConfig({ ...base, 'numeric.mapping': 'BEST_FIT' }).numericMapping).toBe('best_fit')
    expect(errorOf({ ...base, 'numeric.mapping': 'Best_Fit' }).message).toBe(
      'Invalid value Best_Fit for configuration numeric.mapping: Invalid enumerator',
    )
    const props = { ...base, 'numeric.precision.mapping': 'true' }
    const config = parseJdbcSourceConfig(props)
    expect(config.numericMapping).toBe('precision_only')
    expect(jdbcSourceConfigWarnings(config, props)).toContain(
      'numeric.precision.mapping is deprecated; use numeric.mapping instead.',
    )
    expect(parseJdbcSourceConfig({ ...props, 'numeric.mapping': 'none' }).numericMapping).toBe('none')
  })

  it('accepts the JDK time zones of db.timezone and rejects others with Confluent’s message', () => {
    expect(parseJdbcSourceConfig({ ...base, 'db.timezone': 'America/New_York' }).dbTimeZone.id).toBe('America/New_York')
    expect(errorOf({ ...base, 'db.timezone': 'Nowhere/Special' }).message).toContain('Invalid time zone.')
  })

  it('accepts quote.sql.identifiers in any case and only PostgreSQL’s dialect and isolation levels', () => {
    expect(parseJdbcSourceConfig({ ...base, 'quote.sql.identifiers': 'NEVER' }).quoteSqlIdentifiers).toBe('never')
    expect(errorOf({ ...base, 'quote.sql.identifiers': 'sometimes' }).message).toContain(
      "No matching QuoteMethod found for 'sometimes'",
    )
    expect(errorOf({ ...base, 'transaction.isolation.mode': 'SQL_SERVER_SNAPSHOT' }).message).toContain(
      'can only be configured with a Sql Server Dialect',
    )
    expect(errorOf({ ...base, 'dialect.name': 'MySqlDatabaseDialect' }).key).toBe('dialect.name')
  })

  it('takes query.masked as the query, and refuses it next to query', () => {
    const config = parseJdbcSourceConfig({ ...base, 'query.masked': 'SELECT * FROM secret_table' })
    expect(config.query).toBe('SELECT * FROM secret_table')
    expect(config.queryMasked).toBe(true)
    expect(errorOf({ ...base, query: 'SELECT 1', 'query.masked': 'SELECT 2' }).key).toBe('query')
  })

  it('hands connection.<property> keys it does not define to the driver, and never shows the password', () => {
    const config = parseJdbcSourceConfig({
      ...base,
      'connection.password': 'hunter2',
      'connection.sslmode': 'require',
      'connection.ApplicationName': 'cdc',
    })
    expect(config.connection.sslMode).toBe('require')
    expect(config.connection.applicationName).toBe('cdc')
    expect(JSON.stringify(config)).not.toContain('hunter2')
    expect(config.connection.password?.value()).toBe('hunter2')
  })

  it('warns about URL parameters it ignores, a LIMIT in timestamp mode, and the absence of table filters', () => {
    const props = {
      ...base,
      mode: 'timestamp',
      'timestamp.column.name': 'ts',
      'incrementing.column.name': 'id',
      'query.suffix': 'LIMIT 10',
      'connection.url': 'jdbc:postgresql://h/db?targetServerType=primary',
    }
    const warnings = jdbcSourceConfigWarnings(parseJdbcSourceConfig(props), props)
    expect(warnings).toHaveLength(4)
    expect(warnings[0]).toContain('incrementing.column.name (id) is ignored in mode=timestamp')
    expect(warnings[1]).toContain('query.suffix has a LIMIT in mode=timestamp')
    expect(warnings[2]).toContain('No table filter')
    expect(warnings[3]).toBe(
      "connection.url parameter 'targetServerType' is not supported by connectless and is ignored.",
    )
  })

  it('renders the docs table with the password marked secret', () => {
    const markdown = jdbcSourceConfigDef.toMarkdown()
    expect(markdown).toContain('connection.password')
    expect(markdown).toContain('batch.max.rows')
  })
})
