/**
 * S3Storage against moto: write-once files (If-None-Match, then the digest), multipart uploads above
 * s3.part.size, the headers a connector config asks for, and Connect's error classes.
 */
import { GetObjectTaggingCommand, HeadObjectCommand } from '@aws-sdk/client-s3'
import { afterAll, describe, expect, it } from 'vitest'
import { parseS3SinkConfig } from '../../../functions/s3-sink/config.js'
import { DIGEST_METADATA, S3Storage, storageSettings } from '../../../functions/s3-sink/s3-storage.js'
import { ConnectException, RetriableException } from '../../../layers/runtime/errors.js'
import { requireServices } from '../../support/services.js'
import { createBucket, getBytes, s3, s3Config } from './fixture.js'

requireServices('moto')

const opened: S3Storage[] = []
function storage(bucket: string, extra: Record<string, string> = {}): S3Storage {
  const config = parseS3SinkConfig(
    s3Config(bucket, {
      'format.class': 'io.confluent.connect.s3.format.json.JsonFormat',
      'flush.size': '1',
      ...extra,
    }),
  )
  const s = new S3Storage(storageSettings(config))
  opened.push(s)
  return s
}
afterAll(() => {
  for (const s of opened) s.close()
})

const MiB = 1024 * 1024

describe('S3Storage on moto', () => {
  it('creates a file, leaves it alone when the same bytes come again, and replaces it when other bytes do', async () => {
    const bucket = await createBucket('storage-once')
    const store = storage(bucket)
    const key = 'topics/t/partition=0/t+0+0000000000.json'
    expect(await store.putFile(key, Buffer.from('{"a":1}\n'))).toBe('created')
    expect(await store.putFile(key, Buffer.from('{"a":1}\n'))).toBe('unchanged')
    expect(await store.putFile(key, Buffer.from('{"a":1}\n{"a":2}\n'))).toBe('replaced')
    expect((await getBytes(bucket, key)).toString()).toBe('{"a":1}\n{"a":2}\n')
    const head = await s3.send(new HeadObjectCommand({ Bucket: bucket, Key: key }))
    expect(head.Metadata?.[DIGEST_METADATA]).toMatch(/^[A-Za-z0-9+/]{43}=$/)
  })

  it('uploads a file larger than s3.part.size in parts, and skips the parts when the same file is there', async () => {
    const bucket = await createBucket('storage-multipart')
    const store = storage(bucket, { 's3.part.size': String(5 * MiB) })
    const key = 'topics/t/partition=0/t+0+0000000000.bin'
    const bytes = Buffer.alloc(11 * MiB + 17)
    for (let i = 0; i < bytes.length; i += 4096) bytes[i] = i % 251
    expect(await store.putFile(key, bytes)).toBe('created')
    const head = await s3.send(new HeadObjectCommand({ Bucket: bucket, Key: key }))
    expect(head.ContentLength).toBe(bytes.length)
    expect(head.ETag).toMatch(/-3"$/) // three parts: 5 MiB, 5 MiB, the rest
    expect((await getBytes(bucket, key)).equals(bytes)).toBe(true)
    expect(await store.putFile(key, bytes)).toBe('unchanged')
    const other = Buffer.concat([bytes, Buffer.from('more')])
    expect(await store.putFile(key, other)).toBe('replaced')
    expect((await getBytes(bucket, key)).equals(other)).toBe(true)
  })

  it('writes with the configured server-side encryption, storage class and tags', async () => {
    const bucket = await createBucket('storage-headers')
    const store = storage(bucket, { 's3.ssea.name': 'AES256', 's3.object.storage.class': 'STANDARD_IA' })
    const key = 'topics/t/partition=0/t+0+0000000005.json'
    await store.putFile(key, Buffer.from('x\n'), { tags: { startOffset: '5', endOffset: '9', recordCount: '5' } })
    const head = await s3.send(new HeadObjectCommand({ Bucket: bucket, Key: key }))
    expect(head.ServerSideEncryption).toBe('AES256')
    expect(head.StorageClass).toBe('STANDARD_IA')
    const tags = await s3.send(new GetObjectTaggingCommand({ Bucket: bucket, Key: key }))
    expect(Object.fromEntries((tags.TagSet ?? []).map((t) => [t.Key, t.Value]))).toEqual({
      startOffset: '5',
      endOffset: '9',
      recordCount: '5',
    })
  })

  it('reads, writes and deletes small objects; a missing one reads as null and deletes without error', async () => {
    const bucket = await createBucket('storage-text')
    const store = storage(bucket)
    expect(await store.getText('topics/_connectless/m.json')).toBeNull()
    await store.putText('topics/_connectless/m.json', '{"version":1}')
    expect(await store.getText('topics/_connectless/m.json')).toBe('{"version":1}')
    await store.deleteObjects(['topics/_connectless/m.json', 'topics/never-there.json'])
    expect(await store.getText('topics/_connectless/m.json')).toBeNull()
  })

  it('tells whether the bucket exists', async () => {
    const bucket = await createBucket('storage-exists')
    expect(await storage(bucket).bucketExists()).toBe(true)
    expect(await storage(`${bucket}-missing`).bucketExists()).toBe(false)
  })

  it('fails with a ConnectException naming bucket and key when the bucket is missing', async () => {
    const bucket = await createBucket('storage-missing')
    const store = storage(`${bucket}-missing`)
    const error = await store.putFile('topics/a.json', Buffer.from('x')).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(ConnectException)
    expect(error).not.toBeInstanceOf(RetriableException)
    expect((error as Error).message).toMatch(
      new RegExp(`^S3 PutObject of s3://${bucket}-missing/topics/a.json failed: NoSuchBucket`),
    )
  })

  it('fails with a RetriableException when S3 cannot be reached', async () => {
    const store = storage('any-bucket', { 'store.url': 'http://127.0.0.1:9', 's3.part.retries': '0' })
    const error = await store.putFile('topics/a.json', Buffer.from('x')).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(RetriableException)
    expect((error as Error).message).toMatch(/^S3 PutObject of s3:\/\/any-bucket\/topics\/a.json failed: /)
  })
})
