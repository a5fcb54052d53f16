/**
 * The Java reader of test/harness/parquet-java (parquet-avro and Avro's DataFileReader): built once
 * per content hash into ~/.cache/connectless/s3-sink-java-reader-<hash> (Maven copies the jars,
 * javac compiles the one class; nothing is written into the clone), then run once per file.
 */
import { execFileSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync } from 'node:fs'
import { homedir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

const SOURCE_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', 'harness', 'parquet-java')
const SOURCES = ['pom.xml', 'src/main/java/connectless/ReadFiles.java']

function buildDir(): string {
  const hash = createHash('sha256')
  for (const file of SOURCES) hash.update(readFileSync(join(SOURCE_DIR, file)))
  return join(homedir(), '.cache', 'connectless', `s3-sink-java-reader-${hash.digest('hex').slice(0, 16)}`)
}

/** Builds the reader unless built already; returns the class path. */
export function buildJavaReader(): string {
  const dir = buildDir()
  const classPath = `${join(dir, 'classes')}:${join(dir, 'lib', '*')}`
  if (existsSync(join(dir, 'classes', 'connectless', 'ReadFiles.class'))) return classPath
  const tmp = `${dir}.tmp-${process.pid}`
  rmSync(tmp, { recursive: true, force: true })
  mkdirSync(tmp, { recursive: true })
  execFileSync('mvn', ['-B', '-q', 'dependency:copy-dependencies', `-DoutputDirectory=${join(tmp, 'lib')}`], {
    cwd: SOURCE_DIR,
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  execFileSync(
    'javac',
    ['-d', join(tmp, 'classes'), '-cp', join(tmp, 'lib', '*'), join(SOURCE_DIR, SOURCES[1] as string)],
    {
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  )
  rmSync(dir, { recursive: true, force: true })
  renameSync(tmp, dir)
  return classPath
}

export interface JavaRead {
  /** The Parquet message type (one line) or the Avro writer schema. */
  readonly schema: string
  /** One canonical JSON value per record. */
  readonly records: unknown[]
}

/** Reads a file with the Java reader; throws with Java's error when it cannot. */
export function javaRead(classPath: string, kind: 'parquet' | 'avro', file: string): JavaRead {
  const out = execFileSync('java', ['-cp', classPath, 'connectless.ReadFiles', kind, file], { encoding: 'utf8' })
  const lines = out.trim().split('\n')
  const failed = lines.find((l) => l.startsWith('{"error"'))
  if (failed !== undefined) throw new Error((JSON.parse(failed) as { error: string }).error)
  const first = lines[0] ?? ''
  return { schema: first, records: lines.slice(1).map((l) => JSON.parse(l) as unknown) }
}
