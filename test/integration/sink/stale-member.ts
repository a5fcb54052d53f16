/**
 * A consumer group member for the test that starts this process and then kills it (SIGKILL): it joins, so
 * it holds the group's partitions, and never leaves, like the emulator of a runner that was killed. It
 * uses the Kafka client library directly, with the session timeout it is given.
 *
 *   node --import tsx test/integration/sink/stale-member.ts <bootstrap servers> <group id> <topic> <session.timeout.ms>
 *
 * Prints `joined <member id>` once it is a member, then reads (committing nothing) until it is killed.
 */
import { Consumer } from '@platformatic/kafka'

const [servers, groupId, topic, session] = process.argv.slice(2)
if (!servers || !groupId || !topic || !session) throw new Error('expected: servers group topic session.timeout.ms')
const sessionTimeout = Number(session)

const consumer = new Consumer({
  clientId: 'stale-member',
  bootstrapBrokers: servers.split(','),
  groupId,
  sessionTimeout,
  rebalanceTimeout: sessionTimeout,
  heartbeatInterval: 1_000,
})
const stream = await consumer.consume({
  topics: [topic],
  mode: 'committed',
  fallbackMode: 'earliest',
  autocommit: false,
})
stream.on('data', () => {})
process.stdout.write(`joined ${consumer.memberId}\n`)
setInterval(() => {}, 60_000)
