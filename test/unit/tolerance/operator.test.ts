import { describe, expect, it } from 'vitest'
import { ConnectException, DataException, RetriableException } from '../../../layers/runtime/errors.js'
import {
  type ErrorReporter,
  ProcessingContext,
  RetryWithToleranceOperator,
  ToleranceType,
} from '../../../layers/runtime/tolerance/operator.js'
import { Stage } from '../../../layers/runtime/tolerance/stage.js'

class Recorder implements ErrorReporter<string> {
  readonly seen: Array<{ original: string; stage: string | null; cls: string; error: unknown }> = []
  report(ctx: ProcessingContext<string>): void {
    this.seen.push({ original: ctx.original, stage: ctx.stage, cls: ctx.executingClass, error: ctx.error })
  }
}

const none = { retryTimeoutMs: 0, retryDelayMaxMs: 60_000, tolerance: ToleranceType.NONE }
const all = { ...none, tolerance: ToleranceType.ALL }

describe('RetryWithToleranceOperator', () => {
  it('returns the operation result when it succeeds, and reports nothing', async () => {
    const rec = new Recorder()
    const op = new RetryWithToleranceOperator(none, [rec])
    await expect(op.execute(new ProcessingContext('r'), Stage.VALUE_CONVERTER, 'C', () => 42)).resolves.toBe(42)
    expect(rec.seen).toEqual([])
  })

  it('fails the task on the first error with errors.tolerance=none, after reporting it', async () => {
    const rec = new Recorder()
    const op = new RetryWithToleranceOperator(none, [rec])
    const boom = new DataException('bad json')
    const run = op.execute(
      new ProcessingContext('r1'),
      Stage.VALUE_CONVERTER,
      'org.apache.kafka.connect.json.JsonConverter',
      () => {
        throw boom
      },
    )
    await expect(run).rejects.toThrow('Tolerance exceeded in error handler')
    await expect(run).rejects.toMatchObject({ cause: boom })
    expect(rec.seen).toEqual([
      { original: 'r1', stage: 'VALUE_CONVERTER', cls: 'org.apache.kafka.connect.json.JsonConverter', error: boom },
    ])
  })

  it('skips the record with errors.tolerance=all, reports it, and does not run later stages', async () => {
    const rec = new Recorder()
    const op = new RetryWithToleranceOperator(all, [rec])
    const ctx = new ProcessingContext('r2')
    await expect(
      op.execute(ctx, Stage.TRANSFORMATION, 'T', () => {
        throw new Error('transform failed')
      }),
    ).resolves.toBeNull()
    expect(ctx.failed()).toBe(true)
    let ran = false
    await expect(
      op.execute(ctx, Stage.TASK_PUT, 'S', () => {
        ran = true
        return 1
      }),
    ).resolves.toBeNull()
    expect(ran).toBe(false)
    expect(rec.seen).toHaveLength(1)
    expect(op.failures).toBe(1)
  })

  it('never tolerates a non-retriable error outside the conversion and transformation stages', async () => {
    const op = new RetryWithToleranceOperator(all, [])
    await expect(
      op.execute(new ProcessingContext('r'), Stage.TASK_PUT, 'S', () => {
        throw new Error('put failed')
      }),
    ).rejects.toThrow('Unhandled exception in error handler')
  })

  it('does not retry a retriable error with the default errors.retry.timeout of 0 and skips the record even with tolerance none', async () => {
    const rec = new Recorder()
    const op = new RetryWithToleranceOperator(none, [rec])
    let calls = 0
    const ctx = new ProcessingContext('r')
    const result = await op.execute(ctx, Stage.KEY_CONVERTER, 'C', () => {
      calls++
      throw new RetriableException('registry unavailable')
    })
    expect(result).toBeNull()
    expect(calls).toBe(1)
    expect(ctx.failed()).toBe(true)
    expect(rec.seen).toHaveLength(1)
  })

  it('retries a retriable error until it succeeds within errors.retry.timeout', async () => {
    const op = new RetryWithToleranceOperator({ ...none, retryTimeoutMs: 5_000, retryDelayMaxMs: 1 }, [])
    let calls = 0
    const result = await op.execute(new ProcessingContext('r'), Stage.VALUE_CONVERTER, 'C', () => {
      calls++
      if (calls < 3) throw new RetriableException('not yet')
      return 'ok'
    })
    expect(result).toBe('ok')
    expect(calls).toBe(3)
  })

  it('gives up retrying at the stop instant set for the invocation', async () => {
    const op = new RetryWithToleranceOperator({ ...none, retryTimeoutMs: -1, retryDelayMaxMs: 5 }, [])
    op.stopRetriesAt(Date.now() + 50)
    const ctx = new ProcessingContext('r')
    const result = await op.execute(ctx, Stage.VALUE_CONVERTER, 'C', () => {
      throw new RetriableException('down')
    })
    expect(result).toBeNull()
    expect(ctx.error).toBeInstanceOf(RetriableException)
  })

  it('reports errant records found by the task and fails with tolerance none', async () => {
    const rec = new Recorder()
    const strict = new RetryWithToleranceOperator(none, [rec])
    await expect(
      strict.executeFailed(
        new ProcessingContext('r'),
        Stage.TASK_PUT,
        'org.apache.kafka.connect.sink.SinkTask',
        new Error('mapping'),
      ),
    ).rejects.toBeInstanceOf(ConnectException)
    expect(rec.seen[0]?.stage).toBe('TASK_PUT')
    const lenient = new RetryWithToleranceOperator(all, [rec])
    await expect(
      lenient.executeFailed(new ProcessingContext('r'), Stage.TASK_PUT, 'S', new Error('mapping')),
    ).resolves.toBeUndefined()
    expect(rec.seen).toHaveLength(2)
  })
})
