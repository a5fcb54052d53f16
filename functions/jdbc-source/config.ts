/**
 * The configuration of `io.confluent.connect.jdbc.JdbcSourceConnector`: the keys, defaults and
 * validators of Confluent's `JdbcSourceConnectorConfig` (the ≤10.8.4 defaults users run, plus the
 * 10.8.5+ regex table lists and column mappings), and the cross-key rules of Confluent's connector
 * start and `JdbcSourceConnectorValidation`, with the same messages.
 *
 * {@link parseJdbcSourceConfig} turns the string config into a {@link JdbcSourceConfig};
 * {@link jdbcSourceConfigWarnings} lists what the runtime should log once (keys a mode ignores,
 * deprecated keys, URL parameters without effect).
 */
import { defineConfig, field } from '../../layers/runtime/config/definition.js'
import type { ConfigProps } from '../../layers/runtime/config/parsed-config.js'
import type { Password } from '../../layers/runtime/config/password.js'
import { atLeast, customValidator, type Validator, validString } from '../../layers/runtime/config/validators.js'
import { ConfigException } from '../../layers/runtime/errors.js'
import { type PgConnectionOptions, parseConnectionUrl, sanitizedUrl } from './connection-url.js'
import { type TimeZoneRules, timeZoneFor } from './time-zone.js'

export const CONNECTOR_CLASS = 'io.confluent.connect.jdbc.JdbcSourceConnector'

export const Mode = {
  BULK: 'bulk',
  INCREMENTING: 'incrementing',
  TIMESTAMP: 'timestamp',
  TIMESTAMP_INCREMENTING: 'timestamp+incrementing',
} as const
export type Mode = (typeof Mode)[keyof typeof Mode]

export const NumericMapping = {
  NONE: 'none',
  PRECISION_ONLY: 'precision_only',
  BEST_FIT: 'best_fit',
  BEST_FIT_EAGER_DOUBLE: 'best_fit_eager_double',
} as const
export type NumericMapping = (typeof NumericMapping)[keyof typeof NumericMapping]

export const TimestampGranularity = {
  CONNECT_LOGICAL: 'connect_logical',
  MICROS_LONG: 'micros_long',
  MICROS_STRING: 'micros_string',
  MICROS_ISO_DATETIME_STRING: 'micros_iso_datetime_string',
  NANOS_LONG: 'nanos_long',
  NANOS_STRING: 'nanos_string',
  NANOS_ISO_DATETIME_STRING: 'nanos_iso_datetime_string',
} as const
export type TimestampGranularity = (typeof TimestampGranularity)[keyof typeof TimestampGranularity]

export type QuoteMethod = 'always' | 'never'

export const TRANSACTION_ISOLATION_MODES = [
  'DEFAULT',
  'READ_UNCOMMITTED',
  'READ_COMMITTED',
  'REPEATABLE_READ',
  'SERIALIZABLE',
  'SQL_SERVER_SNAPSHOT',
] as const
export type TransactionIsolationMode = (typeof TRANSACTION_ISOLATION_MODES)[number]

/** Confluent's `EnumRecommender` used as a validator: the names all lower case or all upper case. */
function enumerator(...values: string[]): Validator<string> {
  const valid = new Set(values.flatMap((v) => [v.toLowerCase(), v.toUpperCase()]))
  return customValidator<string>(
    (name, value) => {
      if (value !== null && !valid.has(value)) throw ConfigException.invalid(name, value, 'Invalid enumerator')
    },
    `[${values.join(', ')}]`,
  )
}

const quoteMethod = customValidator<string>((name, value) => {
  if (value === null || !['always', 'never'].includes(value.toLowerCase())) {
    throw ConfigException.invalid(name, value, `No matching QuoteMethod found for '${value}'`)
  }
}, '[always, never]')

const timeZone = customValidator<string>((name, value) => {
  if (value !== null && timeZoneFor(value) === null) {
    throw ConfigException.invalid(
      name,
      value,
      'Invalid time zone. See the list of valid time zones at https://docs.oracle.com/javase/8/docs/api/java/time/ZoneId.html#shortIds',
    )
  }
}, 'Any valid JDK time zone')

const TOPIC_PREFIX_INVALID = /[^a-zA-Z0-9._-]/
const topicPrefix = customValidator<string>((name, value) => {
  if (value === null) throw ConfigException.invalid(name, value, 'Topic prefix must not be null.')
  const trimmed = value.trim()
  if (trimmed.length > 249) {
    throw ConfigException.invalid(name, value, 'Topic prefix length must not exceed max topic name length, 249 chars')
  }
  if (TOPIC_PREFIX_INVALID.test(trimmed)) {
    throw ConfigException.invalid(
      name,
      value,
      "Topic prefix must not contain any character other than ASCII alphanumerics, '.', '_' and '-'.",
    )
  }
}, 'ASCII alphanumerics, ".", "_" and "-", at most 249 characters')

/** A Java regex as JavaScript compiles it, anchored as `Pattern.matches` anchors it. */
export function fullMatchRegex(source: string): RegExp {
  return new RegExp(`^(?:${source})$`, 'u')
}

function regexError(source: string): string | null {
  try {
    fullMatchRegex(source)
    return null
  } catch (error) {
    return error instanceof Error ? error.message : String(error)
  }
}

const regexList = customValidator<readonly string[]>((name, values) => {
  for (const regex of values ?? []) {
    const error = regexError(regex.trim())
    if (error !== null) {
      throw ConfigException.invalid(
        name,
        values,
        `Must be a valid comma-separated list of regular expression patterns: ${error}`,
      )
    }
  }
}, 'a valid comma-separated list of Java regular expressions')

function mappingValidator(multipleColumns: boolean): Validator<readonly string[]> {
  return customValidator<readonly string[]>(
    (name, values) => {
      for (const raw of values ?? []) {
        const mapping = raw.trim()
        const parts = mapping.split(':')
        if (parts.length !== 2) {
          const expected = multipleColumns ? "'regex:[col1|col2|...]'" : "'regex:columnName'"
          throw ConfigException.invalid(name, mapping, `Invalid format. Expected ${expected}`)
        }
        const regex = parts[0]!.trim()
        const error = regexError(regex)
        if (error !== null) throw ConfigException.invalid(name, regex, `Invalid regular expression: ${error}`)
        const columns = parts[1]!.trim()
        if (multipleColumns) {
          if (!columns.startsWith('[') || !columns.endsWith(']')) {
            throw ConfigException.invalid(name, columns, 'Columns list must be enclosed in square brackets')
          }
          if (
            columns
              .slice(1, -1)
              .split('|')
              .some((c) => c.trim() === '')
          ) {
            throw ConfigException.invalid(name, columns, 'Column names cannot be empty')
          }
        } else if (columns === '') {
          throw ConfigException.invalid(name, columns, 'Column name cannot be empty')
        }
      }
    },
    multipleColumns
      ? 'a list of mappings in the format regex:[col1|col2|...]'
      : "a list of mappings in the format 'regex:columnName'",
  )
}

const DATABASE = 'Database'
const MODE = 'Mode'
const CONNECTOR = 'Connector'

/** The keys of the JDBC source connector, with Confluent's types, defaults and validators. */
export const jdbcSourceConfigDef = defineConfig({
  'connection.url': field.string({
    doc: 'JDBC connection URL, `jdbc:postgresql://host:port/database?param=value&…` (PostgreSQL only). Parameters in the URL override `connection.user`, `connection.password` and `connection.<property>`.',
    default: '',
    importance: 'HIGH',
    group: DATABASE,
    orderInGroup: 1,
  }),
  'connection.user': field.string({
    doc: 'JDBC connection user.',
    default: null,
    importance: 'HIGH',
    group: DATABASE,
    orderInGroup: 2,
  }),
  'connection.password': field.password({
    doc: 'JDBC connection password.',
    default: null,
    importance: 'HIGH',
    group: DATABASE,
    orderInGroup: 3,
  }),
  'connection.attempts': field.int({
    doc: 'Maximum number of attempts to retrieve a valid JDBC connection. Must be a positive integer.',
    default: 3,
    validator: atLeast(1),
    importance: 'LOW',
    group: DATABASE,
    orderInGroup: 5,
  }),
  'connection.backoff.ms': field.long({
    doc: 'Backoff time in milliseconds between connection attempts.',
    default: 10_000,
    importance: 'LOW',
    group: DATABASE,
    orderInGroup: 6,
  }),
  'table.whitelist': field.list({
    doc: 'Tables to copy, matched exactly (case-sensitive) against the bare name, `schema.table` or `"schema"."table"`. Exclusive with `table.blacklist`.',
    default: [],
    importance: 'MEDIUM',
    group: DATABASE,
    orderInGroup: 7,
  }),
  'table.blacklist': field.list({
    doc: 'Tables not to copy, matched as `table.whitelist` matches. Exclusive with `table.whitelist`.',
    default: [],
    importance: 'MEDIUM',
    group: DATABASE,
    orderInGroup: 8,
  }),
  'table.include.list': field.list({
    doc: 'Regular expressions matched against the whole unquoted `schema.table` name of the tables to copy. Cannot be combined with the legacy `table.whitelist`, `table.blacklist`, `timestamp.column.name` or `incrementing.column.name`.',
    default: [],
    validator: regexList,
    importance: 'MEDIUM',
    group: DATABASE,
    orderInGroup: 9,
  }),
  'table.exclude.list': field.list({
    doc: 'Regular expressions for tables not to copy among those `table.include.list` selects; requires `table.include.list`.',
    default: [],
    validator: regexList,
    importance: 'MEDIUM',
    group: DATABASE,
    orderInGroup: 10,
  }),
  'catalog.pattern': field.string({
    doc: 'Catalog (database) to fetch table metadata from; any other than the connected database selects no table. Null (default): no filter.',
    default: null,
    importance: 'MEDIUM',
    group: DATABASE,
    orderInGroup: 11,
  }),
  'schema.pattern': field.string({
    doc: 'Schema pattern (SQL LIKE) to fetch table metadata from. Null (default): every schema.',
    default: null,
    importance: 'HIGH',
    group: DATABASE,
    orderInGroup: 12,
  }),
  'numeric.precision.mapping': field.boolean({
    doc: 'Deprecated: use `numeric.mapping`. When true and `numeric.mapping` is unset, the same as `numeric.mapping=precision_only`.',
    default: false,
    importance: 'LOW',
    group: DATABASE,
    orderInGroup: 13,
  }),
  'numeric.mapping': field.string({
    doc: 'How NUMERIC columns map: `none` (Decimal), `precision_only` (integers by precision when the scale is 0), `best_fit` (integers or FLOAT64 up to precision 18), `best_fit_eager_double` (FLOAT64 for any scale > 0). Unset: `numeric.precision.mapping` decides.',
    default: null,
    validator: enumerator('none', 'precision_only', 'best_fit', 'best_fit_eager_double'),
    importance: 'LOW',
    group: DATABASE,
    orderInGroup: 14,
  }),
  'dialect.name': field.string({
    doc: 'The database dialect; empty picks it from the URL. Only `PostgreSqlDatabaseDialect` is available.',
    default: '',
    importance: 'LOW',
    group: DATABASE,
    orderInGroup: 15,
  }),
  'date.calendar.system': field.string({
    doc: "`LEGACY` reads dates through Java's hybrid Julian/Gregorian calendar (Confluent's default), `PROLEPTIC_GREGORIAN` through the Gregorian calendar throughout.",
    default: 'LEGACY',
    validator: validString('LEGACY', 'PROLEPTIC_GREGORIAN'),
    importance: 'LOW',
    group: DATABASE,
    orderInGroup: 16,
  }),
  mode: field.string({
    doc: 'How each poll finds rows: `bulk` (the whole table), `incrementing` (new rows by a strictly increasing column), `timestamp` (new and updated rows by timestamp columns), `timestamp+incrementing` (both, each change once). Must be set.',
    default: '',
    validator: validString('', 'bulk', 'timestamp', 'incrementing', 'timestamp+incrementing'),
    importance: 'HIGH',
    group: MODE,
    orderInGroup: 1,
  }),
  'incrementing.column.name': field.string({
    doc: "The strictly increasing, NOT NULL column of `incrementing` modes; empty: the table's auto-increment column.",
    default: '',
    importance: 'MEDIUM',
    group: MODE,
    orderInGroup: 2,
  }),
  'timestamp.column.name': field.list({
    doc: 'Timestamp columns of `timestamp` modes, COALESCEd in order; at least one should be NOT NULL.',
    default: [],
    importance: 'MEDIUM',
    group: MODE,
    orderInGroup: 3,
  }),
  'timestamp.columns.mapping': field.list({
    doc: 'Per-table timestamp columns with `table.include.list`: `regex:[col1|col2]`, each table matching exactly one regex.',
    default: [],
    validator: mappingValidator(true),
    importance: 'MEDIUM',
    group: MODE,
    orderInGroup: 4,
  }),
  'incrementing.column.mapping': field.list({
    doc: 'Per-table incrementing column with `table.include.list`: `regex:column`, each table matching exactly one regex.',
    default: [],
    validator: mappingValidator(false),
    importance: 'MEDIUM',
    group: MODE,
    orderInGroup: 5,
  }),
  'timestamp.initial': field.long({
    doc: "Epoch milliseconds the first timestamp query starts from when no offset is stored; -1: the database's current time. Unset: all rows.",
    default: null,
    importance: 'LOW',
    group: MODE,
    orderInGroup: 6,
  }),
  'validate.non.null': field.boolean({
    doc: 'Fail at start when an incrementing column, or every timestamp column, is nullable (table mode only).',
    default: true,
    importance: 'LOW',
    group: MODE,
    orderInGroup: 7,
  }),
  query: field.string({
    doc: "A SELECT to run instead of copying whole tables; the mode's WHERE clause is appended, so it may not have one. Makes one task, writing to `topic.prefix`.",
    default: '',
    importance: 'MEDIUM',
    group: MODE,
    orderInGroup: 8,
  }),
  'query.masked': field.password({
    doc: 'Same as `query`, kept out of logs.',
    default: '',
    importance: 'MEDIUM',
    group: MODE,
    orderInGroup: 9,
  }),
  'quote.sql.identifiers': field.string({
    doc: 'When to quote table and column names: `always` (default) or `never`. Names PostgreSQL would not read bare are quoted even with `never`.',
    default: 'always',
    validator: quoteMethod,
    importance: 'MEDIUM',
    group: MODE,
    orderInGroup: 10,
  }),
  'query.suffix': field.string({
    doc: 'Raw SQL appended to every query, after a space.',
    default: '',
    importance: 'LOW',
    group: MODE,
    orderInGroup: 11,
  }),
  'transaction.isolation.mode': field.string({
    doc: 'Isolation level of the transaction each query runs in: `DEFAULT`, `READ_UNCOMMITTED`, `READ_COMMITTED`, `REPEATABLE_READ`, `SERIALIZABLE`.',
    default: 'DEFAULT',
    validator: validString(...TRANSACTION_ISOLATION_MODES),
    importance: 'LOW',
    group: MODE,
    orderInGroup: 12,
  }),
  'query.retry.attempts': field.int({
    doc: 'Times to retry a failed query before the task fails; -1: forever.',
    default: -1,
    importance: 'LOW',
    group: MODE,
    orderInGroup: 13,
  }),
  'table.types': field.list({
    doc: 'Table types to read, as the driver names them: `TABLE`, `VIEW`, `MATERIALIZED VIEW`, `PARTITIONED TABLE`, `FOREIGN TABLE`, …',
    default: ['TABLE'],
    importance: 'LOW',
    group: CONNECTOR,
    orderInGroup: 1,
  }),
  'poll.interval.ms': field.int({
    doc: 'Frequency in ms to poll for new data in each table.',
    default: 5000,
    importance: 'HIGH',
    group: CONNECTOR,
    orderInGroup: 2,
  }),
  'batch.max.rows': field.int({
    doc: "Maximum number of rows in a batch of records handed on while reading a query's results (not a SQL LIMIT).",
    default: 100,
    validator: atLeast(1),
    importance: 'LOW',
    group: CONNECTOR,
    orderInGroup: 3,
  }),
  'table.poll.interval.ms': field.long({
    doc: 'Frequency in ms to look for new or removed tables.',
    default: 60_000,
    importance: 'LOW',
    group: CONNECTOR,
    orderInGroup: 4,
  }),
  'topic.prefix': field.string({
    doc: 'Prefix of the topic names (`<prefix><table>`); in query mode, the whole topic name.',
    default: '',
    validator: topicPrefix,
    importance: 'HIGH',
    group: CONNECTOR,
    orderInGroup: 5,
  }),
  'timestamp.delay.interval.ms': field.long({
    doc: "How long after a row's timestamp to wait before reading it, so transactions with earlier timestamps can commit.",
    default: 0,
    importance: 'HIGH',
    group: CONNECTOR,
    orderInGroup: 6,
  }),
  'db.timezone': field.string({
    doc: 'Time zone of the JDBC calendar used to read timestamps and times without zone and to bind the timestamp criteria.',
    default: 'UTC',
    validator: timeZone,
    importance: 'MEDIUM',
    group: CONNECTOR,
    orderInGroup: 7,
  }),
  'timestamp.granularity': field.string({
    doc: 'How TIMESTAMP columns are represented: `connect_logical` (Connect Timestamp), `micros_long`, `micros_string`, `micros_iso_datetime_string`, `nanos_long`, `nanos_string`, `nanos_iso_datetime_string`.',
    default: 'connect_logical',
    validator: enumerator(...Object.values(TimestampGranularity)),
    importance: 'LOW',
    group: CONNECTOR,
    orderInGroup: 8,
  }),
  'tasks.max': field.int({
    doc: 'Maximum number of tasks; tables are split among min(tables, tasks.max) tasks.',
    default: 1,
    validator: atLeast(1),
    importance: 'HIGH',
  }),
})

/** A per-table column mapping of `timestamp.columns.mapping` / `incrementing.column.mapping`. */
export interface ColumnMapping<T> {
  readonly regex: RegExp
  readonly columns: T
}

/** The parsed, cross-checked JDBC source configuration. */
export interface JdbcSourceConfig {
  readonly connection: PgConnectionOptions
  /** `connection.url` with passwords masked, for messages. */
  readonly connectionUrl: string
  readonly connectionAttempts: number
  readonly connectionBackoffMs: number
  readonly tableWhitelist: readonly string[]
  readonly tableBlacklist: readonly string[]
  readonly tableIncludeList: readonly RegExp[]
  readonly tableExcludeList: readonly RegExp[]
  readonly timestampColumnsMapping: readonly ColumnMapping<readonly string[]>[]
  readonly incrementingColumnMapping: readonly ColumnMapping<string>[]
  readonly catalogPattern: string | null
  readonly schemaPattern: string | null
  readonly tableTypes: readonly string[]
  /** `query` or `query.masked`; null in table mode. */
  readonly query: string | null
  readonly queryMasked: boolean
  readonly mode: Mode
  /** `incrementing.column.name`; empty: auto-detect. */
  readonly incrementingColumnName: string
  readonly timestampColumnNames: readonly string[]
  readonly timestampInitial: number | null
  readonly timestampDelayIntervalMs: number
  readonly validateNonNull: boolean
  readonly dbTimeZone: TimeZoneRules
  readonly numericMapping: NumericMapping
  /** `date.calendar.system=LEGACY`: Java's hybrid Julian/Gregorian calendar. */
  readonly legacyCalendar: boolean
  readonly timestampGranularity: TimestampGranularity
  readonly batchMaxRows: number
  readonly pollIntervalMs: number
  readonly tablePollIntervalMs: number
  /** Trimmed, as Confluent's `topicPrefix()`. */
  readonly topicPrefix: string
  readonly quoteSqlIdentifiers: QuoteMethod
  /** Trimmed, as Confluent's task trims it. */
  readonly querySuffix: string
  readonly transactionIsolationMode: TransactionIsolationMode
  readonly queryRetryAttempts: number
  readonly tasksMax: number
}

const LEGACY_NEW_CONFLICT =
  'Cannot mix legacy and new configuration approaches. Legacy configurations (table.whitelist, table.blacklist, timestamp.column.name, incrementing.column.name) cannot be used together with new configurations (table.include.list, table.exclude.list, timestamp.columns.mapping, incrementing.column.mapping). Please choose one approach: either use all legacy configurations or all new configurations.'

function modeUsesTimestamps(mode: Mode): boolean {
  return mode === 'timestamp' || mode === 'timestamp+incrementing'
}

function modeUsesIncrementing(mode: Mode): boolean {
  return mode === 'incrementing' || mode === 'timestamp+incrementing'
}

function parseMappings(values: readonly string[]): { regex: RegExp; columns: string }[] {
  return values.map((raw) => {
    const [regex, columns] = raw.trim().split(':') as [string, string]
    return { regex: fullMatchRegex(regex.trim()), columns: columns.trim() }
  })
}

/** Properties under `connection.` that are not keys of the definition: handed to the driver (Confluent's pass-through). */
function driverProperties(props: ConfigProps): Record<string, string> {
  const out: Record<string, string> = {}
  for (const [key, value] of Object.entries(props)) {
    if (key.startsWith('connection.') && value !== null && !(key in jdbcSourceConfigDef.keys)) {
      out[key.slice('connection.'.length)] = value
    }
  }
  return out
}

/**
 * Parses and checks the connector config: every key's type and validator, then the rules between
 * keys. Throws a `ConfigException` naming the key at fault; secrets never appear in messages.
 */
export function parseJdbcSourceConfig(props: ConfigProps): JdbcSourceConfig {
  const c = jdbcSourceConfigDef.parse(props)
  const url = c.get('connection.url')
  const mode = c.get('mode')
  if (mode === '') throw ConfigException.invalid('mode', '', 'Query mode must be specified')
  const queryMaskedValue = (c.get('query.masked') as Password | null)?.value() ?? ''
  const plainQuery = c.get('query')
  if (plainQuery !== '' && queryMaskedValue !== '') {
    throw new ConfigException(
      "Both 'query' and 'query.masked' configs cannot be set at the same time. Please use only one of them.",
      { key: 'query' },
    )
  }
  const query = queryMaskedValue !== '' ? queryMaskedValue : plainQuery !== '' ? plainQuery : null
  const whitelist = c.get('table.whitelist')
  const blacklist = c.get('table.blacklist')
  const includeList = c.get('table.include.list')
  const excludeList = c.get('table.exclude.list')
  const tsMapping = c.get('timestamp.columns.mapping')
  const incMapping = c.get('incrementing.column.mapping')
  const incrementingColumnName = c.get('incrementing.column.name')
  const timestampColumnNames = c.get('timestamp.column.name').filter((name) => name !== '')

  if (query !== null && whitelist.length + blacklist.length + includeList.length + excludeList.length > 0) {
    throw new ConfigException('query may not be combined with whole-table copying settings.', { key: 'query' })
  }
  if (whitelist.length > 0 && blacklist.length > 0) {
    throw new ConfigException('table.whitelist and table.blacklist are exclusive.', { key: 'table.whitelist' })
  }
  const usesLegacy =
    whitelist.length > 0 ||
    blacklist.length > 0 ||
    incrementingColumnName.trim() !== '' ||
    timestampColumnNames.length > 0
  const usesNew = includeList.length > 0 || excludeList.length > 0 || tsMapping.length > 0 || incMapping.length > 0
  if (query === null && usesLegacy && usesNew) {
    const key = [
      ['table.whitelist', whitelist.length > 0],
      ['table.blacklist', blacklist.length > 0],
      ['table.include.list', includeList.length > 0],
    ].find(([, set]) => set)?.[0] as string | undefined
    throw new ConfigException(LEGACY_NEW_CONFLICT, { key: key ?? 'table.include.list' })
  }
  if (query === null && usesNew) {
    if (excludeList.length > 0 && includeList.length === 0) {
      throw new ConfigException(
        'table.exclude.list cannot be used without table.include.list. Exclude list only applies to tables that match the include list.',
        { key: 'table.exclude.list' },
      )
    }
    const tsWanted = modeUsesTimestamps(mode as Mode)
    const incWanted = modeUsesIncrementing(mode as Mode)
    if (tsWanted && tsMapping.length === 0) {
      throw new ConfigException(
        "Timestamp column configuration must be provided when using mode 'timestamp' or 'timestamp+incrementing'. Provide 'timestamp.columns.mapping'.",
        { key: 'mode' },
      )
    }
    if (!tsWanted && tsMapping.length > 0) {
      throw new ConfigException(
        "Timestamp column configurations should not be provided if mode is not 'timestamp' or 'timestamp+incrementing'. Remove 'timestamp.columns.mapping'.",
        { key: 'mode' },
      )
    }
    if (incWanted && incMapping.length === 0) {
      throw new ConfigException(
        "Incrementing column configuration must be provided when using mode 'incrementing' or 'timestamp+incrementing'. Provide 'incrementing.column.mapping'.",
        { key: 'mode' },
      )
    }
    if (!incWanted && incMapping.length > 0) {
      throw new ConfigException(
        "Incrementing column configurations should not be provided if mode is not 'incrementing' or 'timestamp+incrementing'. Remove 'incrementing.column.mapping'.",
        { key: 'mode' },
      )
    }
  }
  if (query !== null && modeUsesIncrementing(mode as Mode) && incrementingColumnName.trim() === '') {
    throw new ConfigException(
      "'incrementing.column.name' must be provided when using mode 'incrementing' or 'timestamp+incrementing' with a custom query. The incrementing column cannot be auto-discovered in query mode because there is no table to inspect. Note that 'incrementing.column.mapping' is not applied in query mode (it maps columns by table-name regex, and a custom query has no underlying table to match), so 'incrementing.column.name' must be set explicitly.",
      { key: 'incrementing.column.name' },
    )
  }
  if (query !== null && modeUsesTimestamps(mode as Mode) && timestampColumnNames.length === 0) {
    throw new ConfigException(
      "'timestamp.column.name' must be provided when using mode 'timestamp' or 'timestamp+incrementing' with a custom query.",
      { key: 'timestamp.column.name' },
    )
  }
  if (query === null && !usesNew && modeUsesTimestamps(mode as Mode) && timestampColumnNames.length === 0) {
    throw new ConfigException(
      `'timestamp.column.name' must be provided when using mode '${mode}': it names the column(s) new and updated rows are found by.`,
      { key: 'timestamp.column.name' },
    )
  }
  const isolation = c.get('transaction.isolation.mode') as TransactionIsolationMode
  if (isolation === 'SQL_SERVER_SNAPSHOT') {
    throw ConfigException.invalid(
      'transaction.isolation.mode',
      isolation,
      'Isolation mode of `SQL_SERVER_SNAPSHOT` can only be configured with a Sql Server Dialect',
    )
  }
  const dialect = c.get('dialect.name').trim()
  if (dialect !== '' && dialect !== 'PostgreSqlDatabaseDialect') {
    throw ConfigException.invalid('dialect.name', dialect, 'connectless has only the PostgreSqlDatabaseDialect')
  }
  const topic = c.get('topic.prefix').trim()
  if (query !== null && topic === '') {
    throw ConfigException.invalid(
      'topic.prefix',
      '',
      'In query mode the topic prefix is the whole topic name; it must be set',
    )
  }

  const numeric = c.get('numeric.mapping')
  const numericMapping = (
    numeric !== null ? numeric.toLowerCase() : c.get('numeric.precision.mapping') ? 'precision_only' : 'none'
  ) as NumericMapping
  const password = c.get('connection.password') as Password | null

  return {
    connection: parseConnectionUrl(url, { user: c.get('connection.user'), password }, driverProperties(props)),
    connectionUrl: sanitizedUrl(url),
    connectionAttempts: c.get('connection.attempts'),
    connectionBackoffMs: c.get('connection.backoff.ms'),
    tableWhitelist: whitelist,
    tableBlacklist: blacklist,
    tableIncludeList: includeList.map((r) => fullMatchRegex(r.trim())),
    tableExcludeList: excludeList.map((r) => fullMatchRegex(r.trim())),
    timestampColumnsMapping: parseMappings(tsMapping).map(({ regex, columns }) => ({
      regex,
      columns: columns
        .slice(1, -1)
        .split('|')
        .map((col) => col.trim()),
    })),
    incrementingColumnMapping: parseMappings(incMapping),
    catalogPattern: c.get('catalog.pattern'),
    schemaPattern: c.get('schema.pattern'),
    tableTypes: c.get('table.types'),
    query,
    queryMasked: queryMaskedValue !== '',
    mode: mode as Mode,
    incrementingColumnName: incrementingColumnName.trim(),
    timestampColumnNames,
    timestampInitial: c.get('timestamp.initial'),
    timestampDelayIntervalMs: c.get('timestamp.delay.interval.ms'),
    validateNonNull: c.get('validate.non.null'),
    dbTimeZone: timeZoneFor(c.get('db.timezone')) as TimeZoneRules,
    numericMapping,
    legacyCalendar: c.get('date.calendar.system') === 'LEGACY',
    timestampGranularity: c.get('timestamp.granularity').toLowerCase() as TimestampGranularity,
    batchMaxRows: c.get('batch.max.rows'),
    pollIntervalMs: c.get('poll.interval.ms'),
    tablePollIntervalMs: c.get('table.poll.interval.ms'),
    topicPrefix: topic,
    quoteSqlIdentifiers: c.get('quote.sql.identifiers').toLowerCase() as QuoteMethod,
    querySuffix: c.get('query.suffix').trim(),
    transactionIsolationMode: isolation,
    queryRetryAttempts: c.get('query.retry.attempts'),
    tasksMax: c.get('tasks.max'),
  }
}

/**
 * What the runtime should log once about a valid config: keys the mode ignores (Confluent ignores
 * them silently), the deprecated `numeric.precision.mapping`, a LIMIT in `query.suffix` in timestamp
 * mode, and URL parameters connectless does not apply.
 */
export function jdbcSourceConfigWarnings(config: JdbcSourceConfig, props: ConfigProps): string[] {
  const warnings: string[] = []
  const { mode } = config
  if (mode === 'incrementing' && config.timestampColumnNames.length > 0) {
    warnings.push(
      `timestamp.column.name (${config.timestampColumnNames.join(',')}) is ignored in mode=incrementing, as Confluent ignores it: only new rows are read, updates are never seen; did you mean mode=timestamp+incrementing?`,
    )
  }
  if (mode === 'timestamp' && config.incrementingColumnName !== '') {
    warnings.push(
      `incrementing.column.name (${config.incrementingColumnName}) is ignored in mode=timestamp, as Confluent ignores it; did you mean mode=timestamp+incrementing?`,
    )
  }
  if (mode === 'bulk' && (config.incrementingColumnName !== '' || config.timestampColumnNames.length > 0)) {
    warnings.push(
      'incrementing.column.name and timestamp.column.name are ignored in mode=bulk: every poll reads every row.',
    )
  }
  if (props['numeric.precision.mapping'] !== undefined) {
    warnings.push('numeric.precision.mapping is deprecated; use numeric.mapping instead.')
  }
  if (mode === 'timestamp' && /\blimit\b/i.test(config.querySuffix)) {
    warnings.push(
      'query.suffix has a LIMIT in mode=timestamp: the last row of each query commits its timestamp, so rows sharing it beyond the LIMIT are skipped (Confluent has the same data loss).',
    )
  }
  if (
    config.query === null &&
    config.tableWhitelist.length + config.tableBlacklist.length + config.tableIncludeList.length === 0
  ) {
    warnings.push(
      `No table filter (table.whitelist, table.blacklist or table.include.list): every table in ${config.schemaPattern === null ? 'every schema' : `schemas like '${config.schemaPattern}'`} is copied.`,
    )
  }
  for (const parameter of config.connection.ignoredParameters) {
    warnings.push(`connection.url parameter '${parameter}' is not supported by connectless and is ignored.`)
  }
  return warnings
}
