import {
  ConditionalCheckFailedException,
  CreateTableCommand,
  DeleteTableCommand,
  DynamoDBClient,
  GetItemCommand,
  PutItemCommand,
} from '@aws-sdk/client-dynamodb'
import {
  CreateBucketCommand,
  GetObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3'
import {
  CreateQueueCommand,
  DeleteMessageCommand,
  DeleteQueueCommand,
  ReceiveMessageCommand,
  SendMessageCommand,
  SQSClient,
} from '@aws-sdk/client-sqs'
import { afterAll, describe, expect, it } from 'vitest'
import { bucketName, dynamoTableName, queueName } from '../../support/names.js'
import { endpoints, requireServices } from '../../support/services.js'

requireServices('moto')

const aws = {
  endpoint: endpoints.aws.endpoint,
  region: endpoints.aws.region,
  credentials: { ...endpoints.aws.credentials },
}
const s3 = new S3Client({ ...aws, forcePathStyle: true })
const dynamodb = new DynamoDBClient(aws)
const sqs = new SQSClient(aws)
const cleanups: Array<() => Promise<unknown>> = []

afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup()
  s3.destroy()
  dynamodb.destroy()
  sqs.destroy()
})

describe('moto (the local AWS emulator)', () => {
  it('S3 stores an object and returns the same bytes and metadata', async () => {
    const bucket = bucketName('smoke')
    // The bucket and object stay (moto keeps its state in memory; the names are unique). Deleting them makes
    // moto's GET /moto-api/data.json, the ready check of services.sh, answer 500 for a while: it serialises every
    // S3 key object still in memory, and one whose bucket is gone raises NoSuchBucket.
    await s3.send(new CreateBucketCommand({ Bucket: bucket }))
    const key = 'topics/orders/partition=0/orders+0+0000000000.json'
    const body = Buffer.concat([Buffer.from('{"id":1}\n'), Buffer.from([0x00, 0xff, 0x10, 0x80])])
    await s3.send(
      new PutObjectCommand({
        Bucket: bucket,
        Key: key,
        Body: body,
        ContentType: 'application/json',
        Metadata: { 'record-count': '1' },
      }),
    )

    const got = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }))
    expect(Buffer.from(await got.Body!.transformToByteArray())).toEqual(body)
    expect(got.ContentType).toBe('application/json')
    expect(got.Metadata).toEqual({ 'record-count': '1' })
    const listed = await s3.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: 'topics/orders/' }))
    expect(listed.Contents?.map((o) => [o.Key, o.Size])).toEqual([[key, body.length]])
  })

  it('DynamoDB puts and gets an item, and refuses a conditional put that does not hold', async () => {
    const table = dynamoTableName('offsets')
    await dynamodb.send(
      new CreateTableCommand({
        TableName: table,
        BillingMode: 'PAY_PER_REQUEST',
        AttributeDefinitions: [
          { AttributeName: 'pk', AttributeType: 'S' },
          { AttributeName: 'sk', AttributeType: 'S' },
        ],
        KeySchema: [
          { AttributeName: 'pk', KeyType: 'HASH' },
          { AttributeName: 'sk', KeyType: 'RANGE' },
        ],
      }),
    )
    cleanups.push(() => dynamodb.send(new DeleteTableCommand({ TableName: table })))
    const key = { pk: { S: 'connector#orders-sink' }, sk: { S: 'orders-0' } }
    await dynamodb.send(
      new PutItemCommand({
        TableName: table,
        Item: { ...key, offset: { N: '41' }, blob: { B: Uint8Array.from([0x00, 0xff]) } },
        ConditionExpression: 'attribute_not_exists(pk)',
      }),
    )
    // an offset commit that only moves forward: 41 -> 40 must fail
    await expect(
      dynamodb.send(
        new PutItemCommand({
          TableName: table,
          Item: { ...key, offset: { N: '40' } },
          ConditionExpression: '#o < :next',
          ExpressionAttributeNames: { '#o': 'offset' },
          ExpressionAttributeValues: { ':next': { N: '40' } },
        }),
      ),
    ).rejects.toBeInstanceOf(ConditionalCheckFailedException)

    const got = await dynamodb.send(new GetItemCommand({ TableName: table, Key: key, ConsistentRead: true }))
    expect(got.Item?.offset).toEqual({ N: '41' })
    expect(Buffer.from(got.Item?.blob?.B ?? [])).toEqual(Buffer.from([0x00, 0xff]))
  })

  it('SQS delivers a sent message with its attributes, and deletes it on request', async () => {
    const { QueueUrl } = await sqs.send(new CreateQueueCommand({ QueueName: queueName('alerts') }))
    const queueUrl = QueueUrl!
    cleanups.push(() => sqs.send(new DeleteQueueCommand({ QueueUrl: queueUrl })))
    const body = JSON.stringify({ connector: 'orders-sink', topic: 'orders', partition: 0, offset: 42 })
    await sqs.send(
      new SendMessageCommand({
        QueueUrl: queueUrl,
        MessageBody: body,
        MessageAttributes: { severity: { DataType: 'String', StringValue: 'error' } },
      }),
    )

    const received = await sqs.send(
      new ReceiveMessageCommand({
        QueueUrl: queueUrl,
        MaxNumberOfMessages: 10,
        WaitTimeSeconds: 5,
        MessageAttributeNames: ['All'],
      }),
    )
    expect(received.Messages).toHaveLength(1)
    const message = received.Messages![0]!
    expect(message.Body).toBe(body)
    expect(message.MessageAttributes?.severity?.StringValue).toBe('error')
    await sqs.send(new DeleteMessageCommand({ QueueUrl: queueUrl, ReceiptHandle: message.ReceiptHandle! }))
    const after = await sqs.send(new ReceiveMessageCommand({ QueueUrl: queueUrl, WaitTimeSeconds: 0 }))
    expect(after.Messages ?? []).toEqual([])
  })
})
