// biome-ignore-all lint/suspicious/noTemplateCurlyInString: config provider references are written `${provider:path:key}`
import { describe, expect, it } from 'vitest'
import { parseConnectorFile } from '../../../../infra/connector/connector-file.js'
import { planConnector, type SinkPlan, type SourcePlan } from '../../../../infra/connector/connector-plan.js'
import { mskWorker, seedConnector, withConfig } from '../fixtures.js'

function sinkPlan(
  name: 's3-sink' | 'elasticsearch-sink' | 'orders-sink-with-dlq',
  changes: Record<string, string | null> = {},
): SinkPlan {
  const plan = planConnector(withConfig(seedConnector(name), changes), mskWorker())
  if (plan.type !== 'sink') throw new Error('expected a sink')
  return plan
}

function sourcePlan(changes: Record<string, string | null> = {}): SourcePlan {
  const plan = planConnector(withConfig(seedConnector('postgres-source'), changes), mskWorker())
  if (plan.type !== 'source') throw new Error('expected a source')
  return plan
}

describe('planConnector for sinks', () => {
  it('takes the S3 batch size from flush.size and the window from rotate.interval.ms in whole seconds', () => {
    const plan = sinkPlan('s3-sink', { 'flush.size': '500', 'rotate.interval.ms': '90500' })
    expect(plan.batchSize).toBe(500)
    expect(plan.maxBatchingWindowSeconds).toBe(90)
  })

  it('leaves the window to the event source mapping where the S3 sink rotates on size alone', () => {
    expect(sinkPlan('s3-sink', { 'rotate.interval.ms': null }).maxBatchingWindowSeconds).toBeUndefined()
  })

  it('ignores rotate.interval.ms where Connect does, for a partitioner that is not time-based', () => {
    const plan = sinkPlan('s3-sink', {
      'partitioner.class': 'io.confluent.connect.storage.partitioner.DefaultPartitioner',
      'path.format': null,
    })
    expect(plan.maxBatchingWindowSeconds).toBeUndefined()
    expect(plan.warnings.some((w) => w.includes("Property 'rotate.interval.ms' is set to '60000ms'"))).toBe(true)
  })

  it('uses rotate.schedule.interval.ms as the window where only it is set', () => {
    expect(
      sinkPlan('s3-sink', { 'rotate.interval.ms': null, 'rotate.schedule.interval.ms': '30000' })
        .maxBatchingWindowSeconds,
    ).toBe(30)
  })

  it('caps the batch at 10,000 records and the window at 300 s, saying so', () => {
    const plan = sinkPlan('s3-sink', { 'flush.size': '50000', 'rotate.interval.ms': '600000' })
    expect(plan.batchSize).toBe(10_000)
    expect(plan.maxBatchingWindowSeconds).toBe(300)
    expect(plan.warnings).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^flush\.size=50000 is more than an event source mapping batch holds/),
        expect.stringMatching(/^rotate\.interval\.ms=600000 is longer than an event source mapping waits/),
      ]),
    )
  })

  it('takes the OpenSearch batch size from batch.size and the window from linger.ms', () => {
    const plan = sinkPlan('elasticsearch-sink', { 'batch.size': '750', 'linger.ms': '4500' })
    expect(plan.batchSize).toBe(750)
    expect(plan.maxBatchingWindowSeconds).toBe(4)
    expect(
      sinkPlan('elasticsearch-sink', { 'linger.ms': '900000', 'flush.timeout.ms': '1000000' }).maxBatchingWindowSeconds,
    ).toBe(300)
  })

  it('names the consumer group as Connect names a sink group, and counts tasks.max as the tasks', () => {
    const plan = sinkPlan('elasticsearch-sink')
    expect(plan.consumerGroupId).toBe('connect-elasticsearch-sink')
    expect(plan.tasks).toBe(5)
    expect(plan.topics).toEqual(['orders', 'payments'])
  })

  it('writes S3 objects under topics.dir and the directory delimiter', () => {
    expect(sinkPlan('s3-sink', { 'topics.dir': 'lake', 'directory.delim': '|' }).destination).toEqual({
      service: 's3',
      bucketName: 'kafka-data-lake',
      keyPrefix: 'lake|',
      kmsKeyArn: null,
    })
    expect(sinkPlan('s3-sink', { 'topics.dir': '' }).destination).toMatchObject({ keyPrefix: '' })
  })

  it('grants the SSE-KMS key named by ARN, and warns about one named otherwise', () => {
    const key = 'arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab'
    expect(sinkPlan('s3-sink', { 's3.ssea.name': 'aws:kms', 's3.sse.kms.key.id': key }).destination).toMatchObject({
      kmsKeyArn: key,
    })
    const alias = sinkPlan('s3-sink', { 's3.ssea.name': 'aws:kms', 's3.sse.kms.key.id': 'alias/lake' })
    expect(alias.destination).toMatchObject({ kmsKeyArn: null })
    expect(alias.warnings.some((w) => w.startsWith('s3.sse.kms.key.id=alias/lake is not a key ARN'))).toBe(true)
  })

  it('finds the OpenSearch Service domain of a VPC endpoint, and the collection of a Serverless one', () => {
    const vpc = sinkPlan('elasticsearch-sink', {
      'connection.url': 'https://vpc-my-logs-2-abc123def456.eu-west-1.es.amazonaws.com',
    })
    expect(vpc.destination).toEqual({
      service: 'opensearch',
      domains: [{ domainName: 'my-logs-2', region: 'eu-west-1' }],
      collections: [],
    })
    const serverless = sinkPlan('elasticsearch-sink', {
      'connection.url': 'https://0a1b2c3d4e5f.us-east-1.aoss.amazonaws.com',
      'connectless.aws.sigv4.service': 'aoss',
    })
    expect(serverless.destination).toEqual({
      service: 'opensearch',
      domains: [],
      collections: [{ collectionId: '0a1b2c3d4e5f', region: 'us-east-1' }],
    })
  })

  it('refuses SigV4 signing towards an endpoint it cannot map to a domain', () => {
    expect(() => sinkPlan('elasticsearch-sink', { 'connection.url': 'https://search.example.com' })).toThrow(
      /SigV4 signing is on .* give the Amazon OpenSearch Service domain endpoint/,
    )
  })

  it('refuses topics.regex, a DLQ topic among the topics, and no topics at all', () => {
    expect(() => sinkPlan('s3-sink', { topics: null, 'topics.regex': 'orders.*' })).toThrow(
      /topics\.regex cannot be deployed/,
    )
    expect(() => sinkPlan('orders-sink-with-dlq', { topics: 'orders,orders-dlq' })).toThrow(
      /The DLQ topic 'orders-dlq' may not be included in the list of topics/,
    )
    expect(() => sinkPlan('s3-sink', { topics: null })).toThrow(/Must configure one of topics or topics\.regex/)
  })

  it('refuses a topic name Kafka would refuse, and a name too long for an event source consumer group', () => {
    expect(() => sinkPlan('s3-sink', { topics: 'orders v2' })).toThrow(
      /Invalid value orders v2 for configuration topics/,
    )
    const long = { ...seedConnector('s3-sink'), name: 'x'.repeat(200) }
    expect(() => planConnector({ name: long.name, config: { ...long.config, name: long.name } }, mskWorker())).toThrow(
      /consumer group is connect-<name>/,
    )
  })

  it("fails on a connector's own invalid value, with the connector's message", () => {
    expect(() => sinkPlan('s3-sink', { 'format.class': 'io.confluent.connect.s3.format.orc.OrcFormat' })).toThrow(
      /format\.class/,
    )
  })

  it('refuses a converter class that no plugin provides', () => {
    expect(() => sinkPlan('s3-sink', { 'value.converter': 'com.example.MyConverter' })).toThrow(
      /Invalid value com\.example\.MyConverter for configuration value\.converter: Class com\.example\.MyConverter could not be found/,
    )
  })
})

describe('planConnector for the JDBC source', () => {
  it('splits the listed tables over min(tables, tasks.max) tasks, polling every minute below a minute', () => {
    const plan = sourcePlan()
    expect(plan.tasks).toBe(3)
    expect(sourcePlan({ 'tasks.max': '10' }).tasks).toBe(3)
    expect(sourcePlan({ 'tasks.max': '2' }).tasks).toBe(2)
    expect(plan.scheduleRateMinutes).toBe(1)
    expect(plan.pollIntervalMs).toBe(1000)
    expect(plan.topicPattern).toBe('db-*')
  })

  it('runs tasks.max tasks where tables are discovered, and one in query mode', () => {
    expect(sourcePlan({ 'table.whitelist': null, 'tasks.max': '4' }).tasks).toBe(4)
    const query = sourcePlan({ 'table.whitelist': null, query: 'SELECT * FROM orders', 'topic.prefix': 'orders-feed' })
    expect(query.tasks).toBe(1)
    expect(query.topicPattern).toBe('orders-feed')
  })

  it('fires every whole minute at or above poll.interval.ms of a minute or more', () => {
    expect(sourcePlan({ 'poll.interval.ms': '60000' }).scheduleRateMinutes).toBe(1)
    expect(sourcePlan({ 'poll.interval.ms': '300000' }).scheduleRateMinutes).toBe(5)
    expect(sourcePlan({ 'poll.interval.ms': '61000' }).scheduleRateMinutes).toBe(2)
  })

  it('treats a custom transform as one that may route records to any topic', () => {
    const plan = sourcePlan({ transforms: 'mine', 'transforms.mine.type': '/opt/nodejs/my-transform.mjs' })
    expect(plan.topicPattern).toBe('*')
    const kafkaSmt = sourcePlan({
      transforms: 'mask',
      'transforms.mask.type': 'MaskField$Value',
      'transforms.mask.fields': 'email',
    })
    expect(kafkaSmt.topicPattern).toBe('db-*')
  })

  it("keeps the config as given for the function's package, with its name", () => {
    const plan = sourcePlan()
    expect(plan.deployment.name).toBe('postgres-source')
    expect(plan.deployment.config['connection.password']).toBe('${secretsmanager:connectless/postgres:password}')
    expect(plan.deployment.worker['config.providers']).toBe('secretsmanager,ssm')
  })
})

describe('planConnector for any connector', () => {
  it('refuses an unknown connector class, listing the deployable ones', () => {
    const connector = parseConnectorFile(
      JSON.stringify({ name: 'x', config: { 'connector.class': 'com.example.FileSink', topics: 't' } }),
    )
    expect(() => planConnector(connector, mskWorker())).toThrow(
      /Class com\.example\.FileSink could not be found; connectless deploys io\.confluent\.connect\.s3\.S3SinkConnector/,
    )
  })

  it("finds a connector by Connect's aliases", () => {
    for (const alias of ['S3SinkConnector', 'S3Sink']) {
      expect(planConnector(withConfig(seedConnector('s3-sink'), { 'connector.class': alias }), mskWorker()).kind).toBe(
        's3-sink',
      )
    }
  })

  it('refuses a plaintext secret in the connector config before anything else', () => {
    expect(() => sourcePlan({ 'connection.password': 'hunter2' })).toThrow(
      /^connector postgres-source: connection\.password holds a secret in plain text/,
    )
  })

  it('warns about a file reference, which resolves only where a layer puts the file', () => {
    const plan = sourcePlan({ 'connection.password': '${file:/opt/kafka/secrets/db.properties:password}' })
    expect(plan.warnings).toContain(
      'connection.password references ${file:/opt/kafka/secrets/db.properties:password}: the file provider reads /opt/kafka/secrets/db.properties inside the function, where it exists only if a layer you add puts it there (layers unpack under /opt). On AWS, keep the secret in Secrets Manager and reference it as ${secretsmanager:<secret name>:<field>}.',
    )
  })
})
