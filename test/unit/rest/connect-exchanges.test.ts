// Replays the requests recorded against a real Kafka Connect 4.4.0 worker (ConnectStandalone with a
// small sink and source plugin; fixtures/connect-4.4.0-exchanges.json, traces shortened) against the
// REST core, in the same order and with the same state changes, and compares status codes, bodies
// where connectless answers exactly as Connect, and the JSON shape (keys and value types) elsewhere.
import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { connectApi } from '../../../layers/runtime/rest/connect-api.js'
import { State, TargetState } from '../../../layers/runtime/status/state.js'
import { type Answer, send } from './http.js'
import { MemoryBackend, refSinkConfig } from './memory-backend.js'

interface Exchange {
  readonly name: string
  readonly method: string
  readonly path: string
  readonly body: unknown
  readonly status: number
  readonly response: unknown
}

const recorded = JSON.parse(
  readFileSync(new URL('./fixtures/connect-4.4.0-exchanges.json', import.meta.url), 'utf8'),
) as { exchanges: Exchange[] }
const exchange = (name: string) => {
  const found = recorded.exchanges.find((e) => e.name === name)
  if (!found) throw new Error(`no recorded exchange ${name}`)
  return found
}

/** Keys (sorted: Connect's maps are HashMaps) and value types; config maps are compared as maps. */
function shape(value: unknown, key = ''): unknown {
  if (value === null) return 'null'
  if (Array.isArray(value)) return value.length === 0 ? [] : [shape(value[0])]
  if (typeof value === 'object') {
    if (key === 'config') return 'map'
    return Object.fromEntries(
      Object.keys(value)
        .sort()
        .map((k) => [k, shape((value as Record<string, unknown>)[k], k)]),
    )
  }
  return typeof value
}

/** Entity maps keyed by connector name: compared as sets of names. */
const names = (v: unknown) => Object.keys(v as object).sort()

function world() {
  const config = exchange('connector config').response as Record<string, string>
  const topic = config['topics'] as string
  const backend = new MemoryBackend().add('ref-sink', { config }).add('ref-source', {
    type: 'source',
    config: {
      'connector.class': 'ref.RefSourceConnector',
      'tasks.max': '1',
      topic: `${topic}-src`,
      name: 'ref-source',
    },
  })
  backend.plugins = () => [
    { className: 'ref.RefSinkConnector', type: 'sink', version: '1.2.3', configDef: refSinkConfig },
    { className: 'ref.RefSourceConnector', type: 'source', version: '1.2.3' },
  ]
  backend.get('ref-sink').topics = [topic]
  backend.get('ref-source').topics = [`${topic}-src`]
  backend.sinkOffsets.set('ref-sink', new Map([['t-0', { topic, partition: 0, offset: 3 }]]))
  backend.sourceOffsets.set('ref-source', new Map([['t1', { partition: { table: 't1' }, offset: { id: 3 } }]]))
  return { backend, api: connectApi(backend) }
}

/** Exchanges whose bodies connectless gives exactly as Connect did. */
const EXACT = new Set([
  'list connectors',
  'connector config',
  'active topics',
  'source offsets',
  'unknown connector info',
  'unknown connector status',
  'unknown task status',
  'unknown path',
  'wrong method',
  'non-numeric task id',
  'pause unknown',
  'offsets while running',
  'alter offsets without offsets',
  'connector plugins',
  'validate class mismatch',
  'restart unknown connector',
  'alter source offsets',
  'reset source offsets',
  'alter sink offsets',
  'alter sink offsets bad partition',
  'alter sink offsets bad offset',
  'reset sink offsets',
])

/** Connect's standalone herder answers this one differently from its distributed herder, which connectless follows. */
const SKIPPED = new Set(['restart unknown task'])

/** What happened on the Connect worker between requests, done to the test backend. */
function before(name: string, backend: MemoryBackend): void {
  if (name === 'status with failed task') {
    const trace = (exchange('status with failed task').response as { tasks: Array<{ trace: string }> }).tasks[0]?.trace
    backend.get('ref-sink').taskStates.set(0, { state: State.FAILED, trace: trace ?? null })
  }
  if (name === 'restart task') backend.get('ref-sink').taskStates.set(0, { state: State.RUNNING, trace: null })
}

function compare(e: Exchange, ours: Answer): void {
  expect(ours.status, `${e.name}: status`).toBe(e.status)
  if (e.response === null) {
    expect(ours.raw.body, `${e.name}: no body`).toBeNull()
    return
  }
  if (e.name === 'list connectors') {
    expect([...(ours.json as string[])].sort()).toEqual([...(e.response as string[])].sort())
  } else if (e.name === 'list connectors expanded') {
    expect(names(ours.json)).toEqual(names(e.response))
    for (const connector of names(e.response)) {
      const theirs = (e.response as Record<string, unknown>)[connector]
      expect(shape((ours.json as Record<string, unknown>)[connector]), `${e.name}: ${connector}`).toEqual(shape(theirs))
    }
  } else if (e.name === 'validate') {
    const theirs = e.response as { name: string; error_count: number; groups: string[]; configs: unknown[] }
    const mine = ours.json as typeof theirs
    expect(mine.error_count).toBe(theirs.error_count)
    expect(mine.groups).toEqual(theirs.groups)
    expect(shape(mine.configs[0])).toEqual(shape(theirs.configs[0]))
    // the keys both define are reported alike
    for (const key of ['ref.url', 'ref.password', 'ref.batch', 'topics', 'errors.tolerance']) {
      const find = (c: unknown[]) => c.find((x) => (x as { definition: { name: string } }).definition.name === key)
      const a = find(mine.configs) as { definition: Record<string, unknown>; value: Record<string, unknown> }
      const b = find(theirs.configs) as { definition: Record<string, unknown>; value: Record<string, unknown> }
      expect(a.value, key).toEqual(b.value)
      for (const field of ['name', 'type', 'required', 'default_value', 'importance', 'group', 'dependents']) {
        expect(a.definition[field], `${key}.${field}`).toEqual(b.definition[field])
      }
    }
  } else if (EXACT.has(e.name)) {
    expect(ours.json, e.name).toEqual(e.response)
  } else {
    expect(shape(ours.json), `${e.name}: shape`).toEqual(shape(e.response))
  }
}

describe('the REST core against the answers of a Kafka Connect 4.4.0 worker', () => {
  it('answers every recorded request with the same status and the same body or shape', async () => {
    const { backend, api } = world()
    let compared = 0
    for (const e of recorded.exchanges) {
      if (SKIPPED.has(e.name)) continue
      before(e.name, backend)
      const ours = await send(api, e.method, e.path, e.body ?? undefined)
      compare(e, ours)
      compared++
    }
    expect(compared).toBe(recorded.exchanges.length - SKIPPED.size)
    expect(backend.get('ref-sink').target).toBe(TargetState.STOPPED)
  })
})
