/**
 * The seed's configurations (`shared/spec/connectors/`), key for key and in the seed's order, so that
 * the demo runs without the shared folder next to the clone. The demo's end-to-end test checks them
 * against the shared files where those exist.
 */

export interface SeedConnector {
  readonly name: string
  readonly config: Readonly<Record<string, string>>
}

export const SEED_POSTGRES_SOURCE: SeedConnector = {
  name: 'postgres-source',
  config: {
    'connector.class': 'io.confluent.connect.jdbc.JdbcSourceConnector',
    'tasks.max': '3',
    'connection.url': 'jdbc:postgresql://postgres:5432/mydb',
    'connection.user': 'connect_user',
    // biome-ignore lint/suspicious/noTemplateCurlyInString: a Connect config provider reference, not a template
    'connection.password': '${file:/opt/kafka/secrets/db.properties:password}',
    'topic.prefix': 'db-',
    'table.whitelist': 'orders,users,payments',
    mode: 'incrementing',
    'incrementing.column.name': 'id',
    'timestamp.column.name': 'updated_at',
    'poll.interval.ms': '1000',
  },
}

export const SEED_ORDERS_WITH_TIMESTAMP: SeedConnector = {
  name: 'orders-with-timestamp',
  config: {
    'connector.class': 'io.confluent.connect.jdbc.JdbcSourceConnector',
    transforms: 'addTimestamp,maskEmail,renameField',
    'transforms.addTimestamp.type': 'org.apache.kafka.connect.transforms.InsertField$Value',
    'transforms.addTimestamp.timestamp.field': 'event_time',
    'transforms.maskEmail.type': 'org.apache.kafka.connect.transforms.MaskField$Value',
    'transforms.maskEmail.fields': 'email',
    'transforms.maskEmail.replacement': '****@****.com',
    'transforms.renameField.type': 'org.apache.kafka.connect.transforms.ReplaceField$Value',
    'transforms.renameField.renames': 'id:order_id,user_id:customer_id',
  },
}

export const SEED_S3_SINK: SeedConnector = {
  name: 's3-sink',
  config: {
    'connector.class': 'io.confluent.connect.s3.S3SinkConnector',
    'tasks.max': '3',
    topics: 'orders',
    's3.bucket.name': 'kafka-data-lake',
    's3.region': 'us-east-1',
    'storage.class': 'io.confluent.connect.s3.storage.S3Storage',
    'format.class': 'io.confluent.connect.s3.format.parquet.ParquetFormat',
    'partitioner.class': 'io.confluent.connect.storage.partitioner.TimeBasedPartitioner',
    'path.format': "'year'=YYYY/'month'=MM/'day'=dd",
    locale: 'en-US',
    timezone: 'UTC',
    'flush.size': '1000',
    'rotate.interval.ms': '60000',
  },
}

export const SEED_ELASTICSEARCH_SINK: SeedConnector = {
  name: 'elasticsearch-sink',
  config: {
    'connector.class': 'io.confluent.connect.elasticsearch.ElasticsearchSinkConnector',
    'tasks.max': '5',
    topics: 'orders,payments',
    'connection.url': 'http://elasticsearch:9200',
    'type.name': '_doc',
    'key.ignore': 'false',
    'schema.ignore': 'false',
    'behavior.on.null.values': 'delete',
    'behavior.on.malformed.documents': 'warn',
    'write.method': 'upsert',
  },
}

export const SEED_ORDERS_SINK_WITH_DLQ: SeedConnector = {
  name: 'orders-sink-with-dlq',
  config: {
    'connector.class': 'io.confluent.connect.elasticsearch.ElasticsearchSinkConnector',
    topics: 'orders',
    'errors.tolerance': 'all',
    'errors.deadletterqueue.topic.name': 'orders-dlq',
    'errors.deadletterqueue.topic.replication.factor': '3',
    'errors.deadletterqueue.headers.add': 'true',
    'errors.log.enable': 'true',
    'errors.log.include.messages': 'true',
    'errors.context.headers.enable': 'true',
  },
}

/** The seed's standalone.properties, verbatim (three lines without `=`, as the seed has them). */
export const SEED_STANDALONE_PROPERTIES = `# standalone.properties
bootstrap.servers=localhost:9092
group.id=standalone-connect
key.converter=org.apache.kafka.connect.json.JsonConverter
value.converter=org.apache.kafka.connect.json.JsonConverter
offset.storage.filename.offsets.json
config.storage.filename.connector-configs.json
status.storage.filename.connector-status.json
`

/** The seed's file names, for the comparison with shared/spec/connectors. */
export const SEED_FILES: ReadonlyArray<readonly [file: string, seed: SeedConnector]> = [
  ['postgres-source.json', SEED_POSTGRES_SOURCE],
  ['orders-with-timestamp.json', SEED_ORDERS_WITH_TIMESTAMP],
  ['s3-sink.json', SEED_S3_SINK],
  ['elasticsearch-sink.json', SEED_ELASTICSEARCH_SINK],
  ['orders-sink-with-dlq.json', SEED_ORDERS_SINK_WITH_DLQ],
]
