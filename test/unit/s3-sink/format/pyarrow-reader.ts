/**
 * pyarrow as a reader of the S3 sink's Parquet files: a venv under ~/.cache/connectless/pyarrow-venv
 * (created with `pip install pyarrow` the first time, about half a minute), and a small script that
 * prints the Arrow schema and each row in canonical JSON (decimals and int64 as strings, timestamps
 * as epoch millis, dates as epoch days, times as millis of day, bytes as hex).
 */
import { execFileSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { homedir } from 'node:os'
import { join } from 'node:path'

const VENV = join(homedir(), '.cache', 'connectless', 'pyarrow-venv')
const PYTHON = join(VENV, 'bin', 'python')

const SCRIPT = `
import sys, json, decimal, datetime
import pyarrow as pa, pyarrow.parquet as pq
t = pq.read_table(sys.argv[1])
print(json.dumps({f.name: str(f.type) for f in t.schema}))
EPOCH = datetime.datetime(1970, 1, 1, tzinfo=datetime.timezone.utc)
def canon(v, ty):
    if v is None: return None
    if pa.types.is_decimal(ty): return format(v, 'f')
    if pa.types.is_int64(ty): return str(v)
    if pa.types.is_timestamp(ty): return str((v - EPOCH) // datetime.timedelta(milliseconds=1))
    if pa.types.is_date(ty): return (v - datetime.date(1970, 1, 1)).days
    if pa.types.is_time(ty): return (v.hour * 3600 + v.minute * 60 + v.second) * 1000 + v.microsecond // 1000
    if pa.types.is_binary(ty) or pa.types.is_fixed_size_binary(ty): return 'hex:' + v.hex()
    if pa.types.is_struct(ty): return {f.name: canon(v[f.name], f.type) for f in ty}
    if pa.types.is_map(ty): return {k: canon(x, ty.item_type) for k, x in sorted(v)}
    if pa.types.is_list(ty): return [canon(x, ty.value_type) for x in v]
    return v
for row in t.to_pylist():
    print(json.dumps({f.name: canon(row[f.name], f.type) for f in t.schema}, ensure_ascii=False))
`

/** The venv's python, installing pyarrow into it the first time. */
export function ensurePyarrow(): string {
  if (!existsSync(PYTHON)) execFileSync('python3', ['-m', 'venv', VENV], { stdio: 'ignore' })
  try {
    execFileSync(PYTHON, ['-c', 'import pyarrow'], { stdio: 'ignore' })
  } catch {
    execFileSync(join(VENV, 'bin', 'pip'), ['install', '-q', 'pyarrow'], { stdio: 'ignore' })
  }
  return PYTHON
}

export function pyarrowRead(
  python: string,
  file: string,
): { types: Record<string, string>; rows: Record<string, unknown>[] } {
  const lines = execFileSync(python, ['-c', SCRIPT, file], { encoding: 'utf8' }).trim().split('\n')
  return {
    types: JSON.parse(lines[0] ?? '{}') as Record<string, string>,
    rows: lines.slice(1).map((l) => JSON.parse(l) as Record<string, unknown>),
  }
}
