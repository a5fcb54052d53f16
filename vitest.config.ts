import { defineConfig } from 'vitest/config'

// Unit tests (test/unit) need no service. Integration tests (test/integration) run against the local service
// stack (infra/local/services.sh); the global setup starts what the run's files declare with requireServices()
// and leaves it running. Reporters are left to the command line, e.g.
//   npx vitest run --reporter=default --reporter=json --outputFile.json=.infra/test-results.json
export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // child processes, not worker threads: the Kafka client, pg and the AWS SDK hold sockets and timers that
    // are easiest to isolate (and to kill) per process
    pool: 'forks',
    // integration tests talk to real services; a first service start can take minutes (downloads, JVM starts)
    testTimeout: 60_000,
    hookTimeout: 240_000,
    teardownTimeout: 30_000,
    globalSetup: ['test/support/global-setup.ts'],
  },
})
